"""Objects for the project-wide URL privacy walk (core/tests/test_every_url_is_private.py)."""

from coffeechat.insights.models import CareerPath


def _path(case) -> int:
    path = CareerPath.objects.create(user=case.alice, name="UX research", fit="Curious")
    path.conversations.add(case.conversation)
    return path.pk


BUILDERS = {"path_id": _path}
