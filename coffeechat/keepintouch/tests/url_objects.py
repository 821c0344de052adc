"""Objects for the project-wide URL privacy walk (core/tests/test_every_url_is_private.py)."""

from coffeechat.keepintouch.models import SharedItem


def _shared(case) -> int:
    return SharedItem.objects.create(user=case.alice, contact=case.contact, title="An article").pk


BUILDERS = {"shared_id": _shared}
