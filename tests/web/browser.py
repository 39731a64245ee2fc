"""Headless Chromium driven by Selenium, from the system's packages; nothing is downloaded.

Debian's `chromium` and `chromium-driver` packages provide the browser and its driver (`.ci/run`
installs them). Without them the browser tests skip, saying so.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = os.environ.get("BILLING_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("BILLING_TEST_CHROMEDRIVER", "/usr/bin/chromedriver")
# No network beyond the test server: no updates, sync, QUIC or first-run calls to stall on.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--lang=en-GB",
    "--hide-scrollbars",
    # Every host name but the test server's address fails to resolve: the network is blocked.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)
WIDTH, HEIGHT = 1280, 900


def missing() -> str | None:
    """Return why no browser test can run here, or None when Chromium and its driver exist."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (Path(path).is_file() and os.access(path, os.X_OK)):
            return (
                f"{path} not found: install Debian's chromium and chromium-driver packages "
                "(as .ci/run does) to run the browser tests"
            )
    return None


@contextmanager
def chromium(javascript: bool = True) -> Iterator[webdriver.Chrome]:
    """Start headless Chromium with a fresh profile; quit it and remove the profile after."""
    profile = tempfile.mkdtemp(prefix="billing-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={WIDTH},{HEIGHT}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    service = Service(executable_path=CHROMEDRIVER)
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    driver.implicitly_wait(5)  # an element of the next page is waited for, not missed
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def requested_urls(driver: webdriver.Chrome) -> list[str]:
    """Return the URLs the page sent requests to since the last call (from the performance log).

    A request the page's Content-Security-Policy stopped before it left is not counted.
    """
    asked: dict[str, str] = {}
    stopped = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message["params"]
        if message["method"] == "Network.requestWillBeSent":
            asked[params["requestId"]] = params["request"]["url"]
        elif message["method"] == "Network.loadingFailed" and params.get("blockedReason") == "csp":
            stopped.add(params["requestId"])
    return [url for request_id, url in asked.items() if request_id not in stopped]


def off_host(urls: list[str], base_url: str) -> list[str]:
    """Return the URLs that went over the network to a host other than the app's."""
    network = ("http:", "https:", "ws:", "wss:")
    return [url for url in urls if url.startswith(network) and not url.startswith(base_url)]
