"""Shared set-up for host mode's tests: a host page that is on, with a weekly window."""

from datetime import UTC, datetime

from coffeechat.hosting.models import HostPage

# A fixed Monday morning: the windows below open the next day.
MONDAY = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def host_page(user, **fields) -> HostPage:
    values = {
        "enabled": True,
        "slug": f"{user.username}-hosts",
        "display_name": user.username.capitalize(),
        "headline": "Researcher at Shopify",
        "field": "User research",
        "topics": "Research operations\nMoving from teaching to UX",
        "organisations": "Shopify",
        "languages": "English, French",
        "time_zone": "UTC",
        "weekly_windows": "Tuesday 14:00-16:00",
        "formats": ["video"],
        "minutes": 20,
        "cap_per_week": 2,
    }
    values.update(fields)
    return HostPage.objects.create(user=user, **values)


GOOD_REQUEST = {
    "name": "Sam Asker",
    "email": "sam@example.org",
    "about": "I teach secondary school science and I am exploring user research.",
    "learn": "How a research team decides which studies to run, and what the first year is like.",
    "question_1": "How did your team decide which studies to run last quarter?",
    "question_2": "What surprised you most in your first year after moving from teaching?",
    "question_3": "",
    "zone": "Europe/Paris",
}
