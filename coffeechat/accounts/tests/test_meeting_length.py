"""Every app starts a meeting's length from the one default."""

from django.conf import settings

from coffeechat.accounts.defaults import DEFAULT_MEETING_MINUTES
from coffeechat.accounts.models import Profile
from coffeechat.meetings.models import Meeting
from coffeechat.outreach.rendering import clamp_minutes
from coffeechat.pipeline.models import Conversation


def test_it_uses_one_default_meeting_length_everywhere() -> None:
    assert Profile._meta.get_field("default_meeting_minutes").default == DEFAULT_MEETING_MINUTES
    assert Conversation._meta.get_field("meeting_minutes").default == DEFAULT_MEETING_MINUTES
    assert Meeting._meta.get_field("minutes").default == DEFAULT_MEETING_MINUTES
    assert clamp_minutes(None) == DEFAULT_MEETING_MINUTES


def test_it_keeps_no_setting_that_nobody_reads() -> None:
    assert not hasattr(settings, "DEFAULT_MEETING_MINUTES")
