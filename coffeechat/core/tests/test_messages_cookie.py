"""A form's message ("Logged on the timeline.") reaches the page after it through a signed
cookie, not the session: sending the form and showing the page write no session row."""

from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coffeechat.contacts.models import Touchpoint
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories


def session_writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]


class MessagesInACookieTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.contact = factories.contact(self.alice, "Ana Silva")
        self.login(self.alice)
        self.add_note = f"/contacts/{self.contact.pk}/touchpoints/"

    def test_a_note_and_the_page_after_it_write_no_session_row(self):
        with CaptureQueriesContext(connection) as posted:
            response = self.client.post(self.add_note, {"kind": "note", "text": "Called her"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Touchpoint.objects.filter(contact=self.contact).count(), 1)
        cookie = response.cookies[CookieStorage.cookie_name]
        self.assertTrue(cookie["httponly"])
        self.assertNotIn("Logged on the timeline.", cookie.value)  # encoded and signed
        with CaptureQueriesContext(connection) as shown:
            page = self.client.get(response["Location"])
        self.assertContains(page, "Logged on the timeline.")
        self.assertEqual(session_writes(posted) + session_writes(shown), [])
        # Shown once: the page clears the cookie, so the next page has no message.
        self.assertEqual(page.cookies[CookieStorage.cookie_name].value, "")
        self.assertNotContains(self.client.get(response["Location"]), "Logged on the timeline.")

    def test_a_note_reads_the_user_once(self):
        with CaptureQueriesContext(connection) as posted:
            self.client.post(self.add_note, {"kind": "note", "text": "Called her"})
        users = [q["sql"] for q in posted.captured_queries if 'FROM "auth_user"' in q["sql"]]
        self.assertEqual(len(users), 1)  # the session's user; the note takes the contact's id
