"""`safe_next`: the one way a view follows a `next` address."""

import pytest
from django.test import RequestFactory

from coffeechat.core.http import safe_next

FALLBACK = "/contacts/7/"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/steal",
        "//evil.example/steal",
        "javascript:alert(1)",
        "/\\evil.example",
        "http://testserver/",  # our host, but over plain HTTP on an HTTPS request
        "",
    ],
)
def test_it_falls_back_when_next_leaves_the_site(target: str) -> None:
    request = RequestFactory().post("/x/", {"next": target}, secure=True)
    assert safe_next(request, FALLBACK) == FALLBACK


def test_it_falls_back_when_there_is_no_next() -> None:
    assert safe_next(RequestFactory().post("/x/"), FALLBACK) == FALLBACK
    assert safe_next(RequestFactory().get("/x/"), FALLBACK) == FALLBACK


def test_it_follows_a_path_on_this_site_from_a_form_or_a_link() -> None:
    posted = RequestFactory().post("/x/", {"next": "/today/?tab=due"})
    assert safe_next(posted, FALLBACK) == "/today/?tab=due"
    linked = RequestFactory().get("/x/", {"next": "/contacts/"})
    assert safe_next(linked, FALLBACK) == "/contacts/"
    same_host = RequestFactory().get("/x/", {"next": "http://testserver/board/"})
    assert safe_next(same_host, FALLBACK) == "http://testserver/board/"
