"""bench/measure.py counts a page's queries without the debug cursor it would otherwise time."""

import sys
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coffeechat.contacts.models import Contact
from coffeechat.core.testing import make_user

sys.path.insert(0, str(Path(settings.BASE_DIR).parent))  # the repository, where bench/ lives

from bench.measure import counting  # noqa: E402


class CountingTests(TestCase):
    def setUp(self):
        self.alice = make_user("alice")
        Contact.objects.create(user=self.alice, display_name="Ada Lovelace")
        self.client.force_login(self.alice)

    def test_it_counts_what_the_debug_cursor_would(self):
        for url in (reverse("contacts:list"), reverse("today:index"), reverse("pipeline:board")):
            with CaptureQueriesContext(connection) as captured, counting(connection) as counter:
                self.client.get(url)
            self.assertGreater(counter.count, 0)
            self.assertEqual(counter.count, len(captured), url)

    def test_it_leaves_the_debug_cursor_off(self):
        with counting(connection) as counter:
            self.client.get(reverse("contacts:list"))
            self.assertFalse(connection.queries_logged)
        self.assertGreater(counter.count, 0)
