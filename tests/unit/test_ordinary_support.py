"""How ordinary support is covered (what a policy's week shows), and reading a changed value."""

from app.engine import load_policies
from app.engine.coverage import ordinary_support
from app.engine.derive import value_at

BOOK = load_policies()


def test_ordinary_support_at_alesund_is_free_in_office_hours_and_billable_outside():
    decision, inside, outside = ordinary_support(BOOK["alesund-data-no"].coverage, "remote")
    assert (decision.effect, inside, outside) == ("billable_outside_office_hours", False, True)
    assert [rule.clause for rule in decision.free_because] == ["ad:agreement"]


def test_ordinary_support_at_vmi_is_billable_at_every_hour():
    decision, inside, outside = ordinary_support(BOOK["vmi-se"].coverage, "remote")
    assert (decision.effect, inside, outside) == ("billable", True, True)
    assert decision.free_because == ()


def test_a_changed_value_is_read_at_its_path_named_entries_by_name():
    data = {"travel": [{"code": "a", "fee": "1.00"}, {"code": "b", "fee": "2.00"}], "x": {"y": 3}}
    assert value_at(data, "travel.b.fee") == "2.00"
    assert value_at(data, "x.y") == 3
    assert value_at(data, "travel.c.fee") is None
    assert value_at(data, "x.y.z") is None
