from datetime import datetime

import time_machine
from django.test import SimpleTestCase

from coffeechat.core.testing import BaseTestCase
from coffeechat.insights import services, synthesis
from coffeechat.insights.synthesis import Column, Entry
from coffeechat.insights.tests.data import path_data


class PureSynthesisTests(SimpleTestCase):
    def test_it_orders_met_columns_first_by_date(self):
        cols = [
            Column(1, "Later", met=False, when=datetime(2026, 1, 1)),
            Column(2, "Second", met=True, when=datetime(2026, 3, 1)),
            Column(3, "First", met=True, when=datetime(2026, 2, 1)),
            Column(4, "Undated", met=False),
        ]
        self.assertEqual([c.id for c in synthesis.order_columns(cols)], [3, 2, 1, 4])

    def test_it_maps_capture_kinds_without_topic(self):
        self.assertEqual(synthesis.capture_topic("advice", ""), "advice")
        self.assertEqual(synthesis.capture_topic("resource", ""), "resources")
        self.assertEqual(synthesis.capture_topic("insight", ""), synthesis.OTHER)
        self.assertEqual(synthesis.capture_topic("insight", "trends"), "trends")
        self.assertIsNone(synthesis.note_topic("next_steps"))

    def test_it_fills_cells_and_flags_gaps(self):
        cols = [Column(1, "A", met=True), Column(2, "B")]
        result = synthesis.build(
            cols,
            [
                Entry(1, "skills", "SQL", "insight"),
                Entry(2, "skills", "Python", "note"),
                Entry(9, "trends", "ignored: unknown column", "insight"),
            ],
        )
        skills = next(r for r in result.rows if r.key == "skills")
        self.assertEqual([[e.text for e in c.entries] for c in skills.cells], [["SQL"], ["Python"]])
        self.assertEqual(skills.filled, 2)
        self.assertEqual(len(result.rows), 8)
        self.assertNotIn("next_steps", [r.key for r in result.rows])
        self.assertEqual(len(result.gaps), 7)
        self.assertEqual(set(result.prompts), {r.key for r in result.gaps})
        self.assertTrue(all(len(q) == 2 for q in result.prompts.values()))
        self.assertEqual(result.empty_cells, 14)


@time_machine.travel("2026-06-10 09:00Z", tick=False)
class PathSynthesisTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.data = path_data(self.alice)
        self.convs = self.data["conversations"]

    def test_it_puts_the_path_conversations_in_met_order(self):
        result = services.synthesis_for(self.data["path"])
        self.assertEqual([c.title for c in result.columns], ["Cy Novak", "Ana Lima", "Ben Okafor"])
        self.assertEqual([c.met for c in result.columns], [True, True, False])

    def test_it_fills_the_right_cells(self):
        result = services.synthesis_for(self.data["path"])
        grid = {
            row.key: [[e.text for e in cell.entries] for cell in row.cells] for row in result.rows
        }
        self.assertEqual(grid["day_to_day"], [[], ["Mostly interviews and synthesis"], []])
        self.assertEqual(grid["advice"], [[], ["Take a statistics course"], []])
        self.assertEqual(grid["resources"], [[], ["Just Enough Research"], []])
        self.assertEqual(grid["skills"], [[], [], ["Which skills? — Learn Figma"]])
        for key in ("career_path", "trends", "organisation", "challenges"):
            self.assertEqual(grid[key], [[], [], []], key)  # Dee's challenge is not on the path
        self.assertEqual(
            [[e.text for e in c.entries] for c in result.other.cells],
            [["Hiring is slow this year"], [], []],
        )

    def test_it_flags_what_is_not_yet_learnt(self):
        result = services.synthesis_for(self.data["path"])
        self.assertEqual(
            [r.key for r in result.gaps], ["career_path", "trends", "organisation", "challenges"]
        )
        self.assertEqual(result.empty_cells, 8 * 3 - 4)
        self.assertEqual(len(result.prompts["trends"]), 2)

    def test_it_runs_three_queries(self):
        with self.assertNumQueries(3):
            services.build_synthesis(self.data["path"])
        # Kept per change of the user's data: one query more, for the user's data token.
        with self.assertNumQueries(4):
            services.synthesis_for(self.data["path"])
