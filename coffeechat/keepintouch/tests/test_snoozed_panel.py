"""The contact page's keep-in-touch panel says when a contact is snoozed, due or not, and wakes
them with one button."""

from datetime import UTC, date, datetime

import time_machine

from coffeechat.contacts.models import Contact
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
class SnoozedPanelTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        # Every 90 days and just talked to: not due for months.
        self.priya = factories.contact(self.alice, "Priya Shah", keep_in_touch_days=90)
        factories.touchpoint(self.alice, self.priya)
        self.login(self.alice)
        self.page = f"/contacts/{self.priya.pk}/"
        self.snooze = f"/keep-in-touch/contacts/{self.priya.pk}/snooze/"

    def test_it_shows_a_snooze_of_a_contact_who_is_not_due(self):
        self.client.post(self.snooze, {"snooze": "7", "next": self.page})
        response = self.client.get(self.page)
        self.assertContains(response, "Snoozed until <strong>9 Mar 2026</strong>")
        self.assertContains(response, '<button type="submit">Wake</button>', html=True)
        self.assertNotContains(response, 'name="until"')  # the snooze form gives way

    def test_it_wakes_the_contact(self):
        Contact.objects.filter(pk=self.priya.pk).update(snoozed_until=date(2026, 4, 1))
        response = self.client.post(self.snooze, {"snooze": "none", "next": self.page})
        self.assertRedirects(response, self.page, fetch_redirect_response=False)
        self.priya.refresh_from_db()
        self.assertIsNone(self.priya.snoozed_until)
        page = self.client.get(self.page)
        self.assertNotContains(page, "Snoozed until")
        self.assertContains(page, 'name="until"')

    def test_it_says_nothing_once_the_snooze_has_ended(self):
        Contact.objects.filter(pk=self.priya.pk).update(snoozed_until=date(2026, 3, 1))
        self.assertNotContains(self.client.get(self.page), "Snoozed until")
