"""The coach's checkers, with the same entry points as the pages' live checkers: the request
composer's context (outreach), the question plan's (prep) and the thank-you page's (thanks)."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from coffeechat.api.v1.auth import CHECKERS
from coffeechat.api.v1.errors import ERRORS
from coffeechat.api.v1.schemas import (
    Findings,
    QuestionsCheck,
    QuestionsFindings,
    RequestCheck,
    ThankYouCheck,
)
from coffeechat.coach import engine
from coffeechat.coach.engine import CheckContext, Finding, has_problem
from coffeechat.core.access import owned_or_404
from coffeechat.outreach.views import check_context as request_context
from coffeechat.pipeline.models import Conversation
from coffeechat.prep.services import check_context as question_context
from coffeechat.thanks.drafts import meeting_ended_at, points_for

router = Router(tags=["coach"], auth=CHECKERS)


def _conversation(request: HttpRequest, conversation_id: int | None) -> Conversation | None:
    if conversation_id is None:
        return None
    related = Conversation.objects.select_related("contact__organisation", "contact__referred_by")
    return owned_or_404(related, request.user, conversation_id)


def _findings(found: list[Finding]) -> list[dict]:
    return [finding.as_dict() for finding in found]


@router.post("/check/request", response={200: Findings, **ERRORS})
def check_request(request: HttpRequest, payload: RequestCheck):
    """Check a request for a meeting, as the composer does while you type."""
    conversation = _conversation(request, payload.conversation_id)
    if conversation is not None:
        context = request_context(conversation, payload.channel)
    else:
        context = CheckContext(
            channel=payload.channel,
            referrer_name=payload.referrer_name,
            connection=payload.connection,
        )
    found = engine.check("request", payload.text, context)
    return {"findings": _findings(found), "problems": sum(has_problem([f]) for f in found)}


@router.post("/check/questions", response={200: QuestionsFindings, **ERRORS})
def check_questions(request: HttpRequest, payload: QuestionsCheck):
    """Check a question plan: each question with the others as context, as the plan does."""
    conversation = _conversation(request, payload.conversation_id)
    questions = [q.strip() for q in payload.questions if q.strip()]
    rows, problems = [], 0
    for index, question in enumerate(questions):
        if conversation is not None:
            context = question_context(conversation.contact)
        else:
            context = CheckContext()
        context.other_questions = questions[:index] + questions[index + 1 :]
        found = engine.check("question", question, context)
        problems += sum(has_problem([f]) for f in found)
        rows.append({"question": question, "findings": _findings(found)})
    return {"questions": rows, "problems": problems}


@router.post("/check/thankyou", response={200: Findings, **ERRORS})
def check_thank_you(request: HttpRequest, payload: ThankYouCheck):
    """Check a thank-you note against the meeting's notes and how long ago it ended."""
    conversation = _conversation(request, payload.conversation_id)
    points = payload.note_points
    ended = payload.meeting_ended_at
    if conversation is not None:
        if points is None:
            points = [point.text for point in points_for(conversation)]
        ended = ended or meeting_ended_at(conversation)
    context = CheckContext(
        note_points=[p.strip() for p in points or [] if p.strip()],
        meeting_ended_at=ended,
        now=timezone.now(),
    )
    found = engine.check("thankyou", payload.text, context)
    return {"findings": _findings(found), "problems": sum(has_problem([f]) for f in found)}
