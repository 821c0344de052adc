"""The one list of channels, and the subsets each stage offers."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from coffeechat.core.channels import (
    REQUEST_CHANNELS,
    THANK_YOU_CHANNELS,
    WORD_LIMITED_CHANNELS,
    WRITTEN_REQUEST_CHANNELS,
    Channel,
    choices,
)
from coffeechat.outreach.forms import StartDraftForm
from coffeechat.outreach.models import RequestDraft, RequestTemplate
from coffeechat.thanks.drafts import CHANNELS as THANK_YOU_CHOICES


def test_it_stores_requests_under_the_values_they_always_had() -> None:
    expected = [
        ("email", "E-mail"),
        ("linkedin-note", "LinkedIn connection note"),
        ("linkedin-message", "LinkedIn message"),
        ("phone", "Phone script"),
        ("voicemail", "Voicemail script"),
    ]
    for model in (RequestDraft, RequestTemplate):
        assert model._meta.get_field("channel").choices == expected
    assert StartDraftForm.base_fields["channel"].choices == expected


def test_it_offers_thank_yous_a_subset_of_the_same_channels() -> None:
    assert THANK_YOU_CHOICES == [
        ("email", "E-mail"),
        ("linkedin-message", "LinkedIn message"),
        ("card", "Short card"),
    ]
    assert set(THANK_YOU_CHANNELS) <= set(Channel)
    assert Channel.CARD not in REQUEST_CHANNELS


def test_it_limits_words_only_on_written_channels() -> None:
    assert set(WORD_LIMITED_CHANNELS) <= set(WRITTEN_REQUEST_CHANNELS) <= set(REQUEST_CHANNELS)
    assert "email" in WORD_LIMITED_CHANNELS
    assert "linkedin-note" not in WORD_LIMITED_CHANNELS
    assert choices((Channel.PHONE,)) == [("phone", "Phone script")]


def test_it_lets_the_checker_read_only_written_request_channels(tmp_path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Hi Grace, could we talk for 15 minutes?", encoding="utf-8")
    with pytest.raises(CommandError, match="invalid choice: 'card'"):
        call_command("check", "request", str(draft), "--channel", "card", stdout=StringIO())
