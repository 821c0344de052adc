"""Objects for the project-wide URL privacy walk (core/tests/test_every_url_is_private.py).

Host mode's public pages are open to anyone by design, so the walk's outsider gets 404 only for
what is not published: alice's page while it is *off*, and a request link never confirmed in
time. test_public.py checks that a page that is on, and a live link, work for anyone.
"""

from datetime import timedelta

from django.utils import timezone

from coffeechat.hosting.models import HostPage, HostRequest, Status


def _page(case) -> HostPage:
    page = HostPage.objects.filter(user=case.alice).first()
    return page or HostPage.objects.create(
        user=case.alice, slug="alice-hosts", display_name="Alice", enabled=False
    )


def _request(case, status=Status.NEW) -> HostRequest:
    return HostRequest.objects.create(
        user=case.alice,
        page=_page(case),
        status=status,
        name="Sam Asker",
        email="sam@example.org",
        about="A student.",
        learn="How research teams work.",
        questions=["What surprised you?", "What would you do again?"],
    )


def _dead_token(case) -> str:
    dead = _request(case, Status.UNCONFIRMED)
    HostRequest.objects.filter(pk=dead.pk).update(created=timezone.now() - timedelta(days=3))
    return dead.token


BUILDERS = {
    "host_slug": lambda case: _page(case).slug,
    "host_page_id": lambda case: _page(case).pk,
    "host_request_id": lambda case: _request(case).pk,
    "request_token": _dead_token,
}
