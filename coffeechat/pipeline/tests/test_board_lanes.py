"""The board groups its ten stage columns into four lanes, so the whole pipeline fits one
screen; every stage is still its own column (a drop target) and every card keeps its form."""

import re

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.pipeline.models import HOSTING_STAGES, Stage


class BoardLanesTests(BaseTestCase):
    def test_it_shows_every_stage_in_its_lane_with_counts(self):
        factories.conversation(self.alice, factories.contact(self.alice, "Priya Shah"), "met")
        factories.conversation(self.alice, factories.contact(self.alice, "Sam Reed"), "requested")
        factories.conversation(self.alice, factories.contact(self.alice, "Lee Park"), "requested")
        self.login(self.alice)
        html = self.client.get("/conversations/board/").content.decode()

        lanes = re.findall(
            r'<h2 id="lane-\d"><span>([^<]+)</span> <span class="badge lane-count">(\d+)', html
        )
        self.assertEqual(
            lanes, [("Reaching out", "2"), ("Meeting", "1"), ("After", "0"), ("Closed", "0")]
        )
        stages = re.findall(r'class="board-column[^"]*" data-stage="([a-z_]+)"', html)
        # The lane of conversations the user gives (host mode) shows only when it has one.
        self.assertEqual(stages, [stage.value for stage in Stage if stage not in HOSTING_STAGES])
        self.assertIn('class="board-column empty" data-stage="prospect"', html)
        self.assertIn('class="board-column" data-stage="requested"', html)
        self.assertEqual(html.count('<form method="post" action="/conversations/'), 3)
