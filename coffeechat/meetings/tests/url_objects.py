"""Objects for the project-wide URL privacy walk (core/tests/test_every_url_is_private.py).

The calendar feed is a bearer URL: calendar apps fetch it without signing in, so the token is
the only key. The walk's outsider must get 404, which for the feed means: a token that is not
live. We give the walk alice's *revoked* token; test_feed.py checks explicitly that a live token
works for anyone holding it and that wrong and revoked tokens are 404.
"""

from coffeechat.meetings.models import CalendarFeed


def _revoked_token(case) -> str:
    feed, token = CalendarFeed.issue(case.alice)
    feed.revoked = True
    feed.save(update_fields=["revoked"])
    return token


BUILDERS = {"token": _revoked_token}
