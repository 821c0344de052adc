"""Today's hosting items come from a query built once (core.compiled): each user still gets
their own, and the week of conversations moves with the time given."""

from datetime import timedelta

from django.utils import timezone

from coffeechat.core.testing import BaseTestCase
from coffeechat.hosting.models import HostRequest, Status
from coffeechat.hosting.tests.helpers import host_page
from coffeechat.hosting.today_items import hosting_items


class CompiledHostingItemsTests(BaseTestCase):
    def test_they_are_each_users_own_and_follow_the_time(self):
        now = timezone.now()
        for user in (self.alice, self.bob):
            page = host_page(user)
            for name, status, starts_at in (
                (f"New for {user.username}", Status.NEW, None),
                (f"Given by {user.username}", Status.SCHEDULED, now + timedelta(days=2)),
            ):
                HostRequest.objects.create(
                    user=user, page=page, name=name, email="sam@example.org", about="About",
                    learn="Learn", status=status, starts_at=starts_at,
                )  # fmt: skip
        # Before its week, during it, after it, and during it again.
        for days, given in ((-6, False), (0, True), (3, False), (0, True)):
            when = now + timedelta(days=days)
            for user in (self.alice, self.bob, self.alice):
                titles = [item.title for item in hosting_items(user, when)]
                expected = [f"Answer New for {user.username}'s request for a conversation"]
                if given:
                    expected.append(f"Conversation you give: Given by {user.username}")
                self.assertEqual(titles, expected, (when, user))
