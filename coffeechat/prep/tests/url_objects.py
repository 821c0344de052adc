"""Objects for the project-wide URL privacy walk (core/tests/test_every_url_is_private.py)."""

from coffeechat.prep.models import PlannedQuestion, UserQuestion


def _question(case) -> int:
    return PlannedQuestion.objects.create(
        user=case.alice,
        conversation=case.conversation,
        text="Which project taught you the most this year?",
        tiara="insights",
        topic="day_to_day",
    ).pk


def _own_question(case) -> int:
    return UserQuestion.objects.create(
        user=case.alice, text="How did {organisation} choose its first market?", topic="trends"
    ).pk


BUILDERS = {"question_id": _question, "user_question_id": _own_question}
