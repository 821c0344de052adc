"""Fixtures for the browser tests: Debian's Chromium driven by Playwright against a live server.

Every page a browser test visits is checked again when the test ends: at 375, 768 and 1280 px
it must be no wider than the window, and axe-core must find no serious or critical problem.
"""

import os
from pathlib import Path
from urllib.parse import urldefrag

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
# Installed from the npm registry by `npm ci` (package.json and its lockfile pin the version);
# a test-only tool, never served to users.
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (375, 768, 1280)
SEVERE = ("serious", "critical")
AXE_RUN = """async () => {
  const late = new Promise((_, fail) => setTimeout(() => fail(new Error("axe-core hung")), 30000));
  const results = await Promise.race([axe.run(document, {resultTypes: ["violations"]}), late]);
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
}"""
OVERFLOW = """() => {
  const width = document.documentElement.scrollWidth;
  if (width <= window.innerWidth) return null;
  // Name the widest elements that reach past the window, to say where to look.
  const wide = [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(-3)
    .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
      (typeof e.className === "string" && e.className.trim()
        ? "." + e.className.trim().split(/\\s+/).join(".") : ""));
  return {width: width, culprits: wide};
}"""


def _missing(reason: str) -> None:
    # In CI a missing browser is a failure, never a silent skip.
    if os.environ.get("CI") == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        _missing(f"{CHROMIUM} is missing: apt-get install chromium")
    if not AXE.exists():
        _missing(f"{AXE} is missing: run `npm ci` at the top of the repository")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between page actions are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    visited = _record_pages(page, live_server.url)
    problems: list[str] = []
    checked: set[str] = set()

    def check(urls: list[str]) -> None:
        # In a context of its own with the test's cookies: the test's clock (which may be
        # paused), routes and offline switch stay with the test's pages.
        checker = browser.new_context(storage_state=context.storage_state())
        try:
            for url in urls:
                problems.extend(_check(checker, url))
                checked.add(url)
        finally:
            checker.close()

    def check_now() -> None:
        """Check the current page now, for a page that will not look the same at the end."""
        check([urldefrag(page.url).url])

    page.check_now = check_now
    yield page
    try:
        check([url for url in visited if url not in checked])
    finally:
        context.close()
    assert not problems, "Pages that do not fit or fail axe-core:\n" + "\n".join(problems)


def _record_pages(page, origin: str) -> list[str]:
    """The distinct same-origin HTML pages the main frame was shown by a GET, in order."""
    visited: list[str] = []

    def seen(response) -> None:
        request = response.request
        url = urldefrag(response.url).url
        if (
            request.is_navigation_request()
            and request.frame == page.main_frame
            and request.method == "GET"
            and url.startswith(origin + "/")
            and not 300 <= response.status < 400
            and response.status != 405
            and (response.headers.get("content-type") or "").startswith("text/html")
            and url not in visited
        ):
            visited.append(url)

    page.on("response", seen)
    return visited


def _check(context, url: str) -> list[str]:
    """Open `url` in a new tab of `context` and check it at every width."""
    checker = context.new_page()
    checker.set_default_timeout(15_000)
    # Through the debugging protocol, so the page's Content-Security-Policy does not block it.
    checker.add_init_script(path=str(AXE))
    problems = []
    try:
        checker.goto(url)
        for width in WIDTHS:
            checker.set_viewport_size({"width": width, "height": 900})
            overflow = checker.evaluate(OVERFLOW)
            if overflow:
                problems.append(
                    f"{url} at {width} px is {overflow['width']} px wide"
                    f" (reaching past: {', '.join(overflow['culprits'])})"
                )
            for violation in checker.evaluate(AXE_RUN):
                problems.append(
                    f"{url} at {width} px: axe {violation['impact']} {violation['id']}:"
                    f" {violation['help']} at {'; '.join(violation['targets'])}"
                )
    finally:
        checker.close()
    return problems


def screenshot(page, name: str) -> None:
    """Save a full-page screenshot at desktop and phone width into test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    original = page.viewport_size
    for label, width in (("desktop", 1280), ("phone", 375)):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(original)
