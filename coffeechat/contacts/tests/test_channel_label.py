"""The timeline names a touch's channel as a person would, from the one list of channels."""

import importlib

from django.apps import apps

from coffeechat.contacts.models import Touchpoint
from coffeechat.contacts.services import log_touchpoint
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories

spelling = importlib.import_module("coffeechat.contacts.migrations.0010_linkedin_channel_spelling")


class ChannelLabelTests(BaseTestCase):
    def test_it_shows_a_known_channel_by_its_name_and_free_text_as_typed(self):
        priya = factories.contact(self.alice, "Priya Shah")
        log_touchpoint(priya, "thank_you", text="Thanks", channel="linkedin-message")
        log_touchpoint(priya, "update", text="Done", channel="a postcard")
        self.login(self.alice)
        response = self.client.get(f"/contacts/{priya.pk}/")
        self.assertContains(response, "(LinkedIn message)")
        self.assertContains(response, "(a postcard)")

    def test_it_renames_the_old_linkedin_spelling_in_stored_touches(self):
        priya = factories.contact(self.alice, "Priya Shah")
        old = log_touchpoint(priya, "thank_you", text="Thanks", channel="linkedin")
        spelling.forwards(apps, None)
        old.refresh_from_db()
        self.assertEqual(old.channel, "linkedin-message")
        self.assertEqual(Touchpoint.objects.filter(channel="linkedin").count(), 0)
