"""The keep-in-touch card lists items still to share before those already shared, on every
database, and its "send them" reasons come from the same rows."""

from datetime import date, timedelta

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.keepintouch.models import SharedItem
from coffeechat.keepintouch.reasons import SHOWN, panel_for


class SavedFirstTests(BaseTestCase):
    def test_items_to_share_come_first_however_many_were_shared(self):
        priya = factories.contact(self.alice, "Priya Shah")
        waiting = SharedItem.objects.create(user=self.alice, contact=priya, title="Still to send")
        for n in range(SHOWN + 5):
            SharedItem.objects.create(
                user=self.alice,
                contact=priya,
                title=f"Sent {n}",
                shared_on=date(2026, 1, 1) + timedelta(days=n),
            )
        kit = panel_for(priya)
        self.assertEqual(kit["saved"], [waiting])
        self.assertEqual(len(kit["shared"]), SHOWN - 1)
        self.assertEqual(
            [reason.text for reason in kit["reasons"] if reason.kind == "share"],
            ["Send them “Still to send”, which you saved for them."],
        )
