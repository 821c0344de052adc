"""Objects for the project-wide URL privacy walk (core/tests/test_every_url_is_private.py)."""

from coffeechat.outreach.models import RequestDraft, RequestTemplate


def _draft(case) -> int:
    return RequestDraft.objects.create(
        user=case.alice, conversation=case.conversation, subject="Hello", body="Hi Jordan"
    ).pk


def _template(case) -> int:
    return RequestTemplate.objects.create(user=case.alice, name="Mine", body="Hi {first_name}").pk


BUILDERS = {"draft_id": _draft, "template_id": _template}
