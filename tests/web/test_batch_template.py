"""The batch page offers a CSV template, and the template is a batch the service quotes whole."""

from tests.web.html import Page


def test_the_batch_page_links_to_a_csv_template_that_quotes_whole(pages):
    page = Page(pages.get("/batch").text)
    (link,) = page.all("a", id="template")
    assert link["href"] == "/batch/template.csv"
    template = pages.get("/batch/template.csv")
    assert template.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in template.headers["content-disposition"]
    answer = pages.post(
        "/v1/quotes/batch", content=template.content, headers={"Content-Type": "text/csv"}
    ).json()
    assert answer["summary"]["items"] == answer["summary"]["quoted"] == 2
