from django import template

from coffeechat.prep import services
from coffeechat.prep.readiness import readiness

register = template.Library()


@register.simple_tag
def prep_summary(conversation) -> dict:
    """Readiness and plan size for the conversation page's preparation panel."""
    ready = readiness(conversation)
    count = conversation.planned_questions.filter(closing=False).count()
    return {"readiness": ready, "size": services.sizing(conversation.meeting_minutes, count)}
