"""The page checks of conftest.py catch what they are for: a page wider than the window and an
accessibility problem axe-core calls serious, each named with its address and width, under the
same Content-Security-Policy as our pages."""

import pytest

from coffeechat.conftest import _check
from coffeechat.core.middleware import CONTENT_SECURITY_POLICY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BAD_PAGE = """<!doctype html><html lang="en"><head><title>Bad</title>
<link rel="stylesheet" href="/__bad.css"></head><body><main>
<h1>Bad</h1><div class="wide">wide</div><input type="text">
</main></body></html>"""


def test_it_reports_a_page_too_wide_and_a_missing_label(page):
    url = page.base_url + "/__bad/"
    page.context.route(
        url,
        lambda route: route.fulfill(
            content_type="text/html",
            body=BAD_PAGE,
            headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY},
        ),
    )
    page.context.route(
        page.base_url + "/__bad.css",
        lambda route: route.fulfill(content_type="text/css", body=".wide { width: 900px; }"),
    )
    problems = "\n".join(_check(page.context, url))  # 900 px and the body's 8 px margin
    assert f"{url} at 375 px is 908 px wide" in problems
    assert f"{url} at 768 px is 908 px wide" in problems
    assert f"{url} at 1280 px is" not in problems
    for width in (375, 768, 1280):
        assert f"{url} at {width} px: axe critical label: Form elements must have labels" in (
            problems
        )
