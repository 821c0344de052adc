"""The profile's optional goal of new requests a week (0 or empty: no goal)."""

from coffeechat.core.testing import BaseTestCase, make_user

PROFILE = {
    "full_name": "Alice A.",
    "introduction": "I'm Alice.",
    "time_zone": "Europe/Paris",
    "default_meeting_minutes": 20,
}


class WeeklyGoalProfileTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)

    def save(self, goal: str):
        return self.client.post("/accounts/profile/", {**PROFILE, "weekly_request_goal": goal})

    def test_it_starts_without_a_goal(self):
        self.assertEqual(self.alice.profile.weekly_request_goal, 0)
        response = self.client.get("/accounts/profile/")
        self.assertContains(response, "Goal: new requests a week")
        self.assertContains(response, 'name="weekly_request_goal"')

    def test_it_saves_a_goal(self):
        self.assertRedirects(self.save("5"), "/accounts/profile/")
        self.alice.profile.refresh_from_db()
        self.assertEqual(self.alice.profile.weekly_request_goal, 5)

    def test_it_takes_an_empty_goal_as_none(self):
        self.alice.profile.weekly_request_goal = 5
        self.alice.profile.save()
        self.assertRedirects(self.save(""), "/accounts/profile/")
        self.alice.profile.refresh_from_db()
        self.assertEqual(self.alice.profile.weekly_request_goal, 0)

    def test_it_refuses_a_goal_out_of_range(self):
        for goal, message in [("51", "at most 50"), ("-1", "greater than or equal to 0")]:
            with self.subTest(goal=goal):
                self.assertContains(self.save(goal), message)
        self.alice.profile.refresh_from_db()
        self.assertEqual(self.alice.profile.weekly_request_goal, 0)

    def test_it_can_be_set_while_onboarding(self):
        carol = make_user("carol", onboarded=False)
        self.login(carol)
        self.assertContains(self.client.get("/accounts/onboarding/"), 'name="weekly_request_goal"')
        self.client.post("/accounts/onboarding/", {**PROFILE, "weekly_request_goal": "3"})
        carol.profile.refresh_from_db()
        self.assertEqual((carol.profile.onboarded, carol.profile.weekly_request_goal), (True, 3))
