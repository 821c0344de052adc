from django.test import SimpleTestCase

from coffeechat.insights import network


def rows(pairs):
    """(id, referred_by) pairs -> rows with names and creation order = id."""
    return [(pk, f"P{pk}", parent, pk) for pk, parent in pairs]


class NetworkLayoutTests(SimpleTestCase):
    def test_it_layers_generations_with_roots_on_the_left(self):
        found = network.build(rows([(1, None), (2, 1), (3, 1), (4, 2), (5, None), (6, 5)]))
        self.assertEqual([r.id for r in found.roots], [1, 5])  # biggest chain first
        by_id = {n.id: n for r in found.roots for n in r.walk()}
        self.assertEqual(
            {pk: n.generation for pk, n in by_id.items()},
            {1: 0, 2: 1, 3: 1, 4: 2, 5: 0, 6: 1},
        )
        self.assertLess(by_id[1].x, by_id[2].x)
        self.assertLess(by_id[2].x, by_id[4].x)
        # A parent sits between its first and last child.
        self.assertEqual(by_id[1].y, (by_id[2].y + by_id[3].y) / 2)
        self.assertEqual(found.hidden_people, 0)

    def test_it_breaks_referral_loops(self):
        found = network.build(rows([(1, 2), (2, 1)]))
        self.assertEqual(found.people, 2)
        self.assertEqual(sum(r.size for r in found.roots), 2)

    def test_it_draws_at_most_the_limit_and_lists_everyone(self):
        pairs = [(1, None)] + [(i, 1) for i in range(2, 12)] + [(20, None), (21, 20)]
        found = network.build(rows(pairs), limit=5)
        picture = network.svg(found)
        self.assertEqual(picture.count("<a href="), 5)
        self.assertEqual(found.hidden_people, 8)
        outline = network.outline(found)
        self.assertEqual(outline.count("<a href="), 13)

    def test_it_escapes_names(self):
        found = network.build([(1, "<b>Ann</b>", None, 1), (2, "Bo", 1, 2)])
        self.assertNotIn("<b>", network.svg(found))
        self.assertIn("&lt;b&gt;Ann&lt;/b&gt;", network.outline(found))
