"""The side-by-side table written in Python gives the markup the template used to give."""

import re
from datetime import UTC, datetime

from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import dateformat, timezone

from coffeechat.insights import synthesis, table

# The table as path_detail.html rendered it before it moved to table.py, kept as the reference.
REFERENCE = Template("""
<table>
  <thead>
    <tr><th scope="col" class="topic">Topic</th>
    {% for column in synthesis.columns %}
      <th scope="col"><a href="{{ column.url }}">{{ column.title }}</a>
        {% if column.subtitle %}<br><span class="small muted">{{ column.subtitle }}</span>{% endif %}
        <br><span class="small muted">{% if column.met %}Met{% if column.when %} {{ column.when|date:"j M Y" }}{% endif %}{% elif column.when %}Meeting {{ column.when|date:"j M Y" }}{% else %}Not met yet{% endif %}</span></th>
    {% endfor %}
    </tr>
  </thead>
  <tbody>
  {% for row in synthesis.rows %}
    <tr><th scope="row" class="topic">{{ row.label }}<br><span class="small muted">{{ row.filled }} of {{ synthesis.columns|length }}</span></th>
    {% for cell in row.cells %}
      {% if cell.empty %}<td class="gap">Not yet learnt</td>
      {% else %}<td><ul class="entries">{% for entry in cell.entries %}<li><span class="source">{{ entry.source }}</span> {{ entry.text|linebreaksbr }}{% if entry.url %} <a href="{{ entry.url }}" rel="noopener">link</a>{% endif %}</li>{% endfor %}</ul></td>{% endif %}
    {% endfor %}
    </tr>
  {% endfor %}
  {% if synthesis.other.learnt %}
    <tr><th scope="row" class="topic">{{ synthesis.other.label }}</th>
    {% for cell in synthesis.other.cells %}
      <td>{% if not cell.empty %}<ul class="entries">{% for entry in cell.entries %}<li><span class="source">{{ entry.source }}</span> {{ entry.text|linebreaksbr }}</li>{% endfor %}</ul>{% endif %}</td>
    {% endfor %}
    </tr>
  {% endif %}
  </tbody>
</table>""")  # noqa: E501


def squeeze(html: str) -> str:
    """The markup without the template's indentation (whitespace between tags)."""
    return re.sub(r">\s+<", "><", html.strip())


def example(*, other: bool) -> synthesis.Synthesis:
    late = datetime(2026, 3, 10, 23, 30, tzinfo=UTC)  # 11 March in Tokyo
    columns = [
        synthesis.Column(1, "Ana <Lima>", "UX researcher, Acme & Co", True, late, "/c/1/"),
        synthesis.Column(2, "Ben O'Kafor", "", False, None, "/c/2/"),
        synthesis.Column(3, "Cy Novak", "Acme", True, None, "/c/3/"),
        synthesis.Column(4, "Dee Shah", "", False, datetime(2026, 7, 1, 9, tzinfo=UTC), "/c/4/"),
    ]
    entries = [
        synthesis.Entry(1, "day_to_day", "Interviews\nand <b>synthesis</b>", "insight"),
        synthesis.Entry(1, "resources", "A book", "resource", "https://example.org/?a=1&b=2"),
        synthesis.Entry(3, "day_to_day", "Meetings", "note"),
        synthesis.Entry(3, "advice", "Learn SQL", "advice", "https://example.org/sql"),
    ]
    if other:
        entries.append(synthesis.Entry(4, synthesis.OTHER, "Hiring is slow", "insight", "/x"))
    return synthesis.build(columns, entries)


class SideBySideTests(SimpleTestCase):
    def test_it_writes_what_the_template_wrote(self):
        for zone in ("UTC", "Asia/Tokyo"):
            for other in (False, True):
                with self.subTest(zone=zone, other=other), timezone.override(zone):
                    found = example(other=other)
                    expected = REFERENCE.render(Context({"synthesis": found}))
                    self.assertEqual(squeeze(table.side_by_side(found)), squeeze(expected))

    def test_it_shows_dates_in_the_users_zone_and_escapes_text(self):
        with timezone.override("Asia/Tokyo"):
            html = table.side_by_side(example(other=True))
        self.assertIn("Met 11 Mar 2026", html)
        self.assertIn("Ana &lt;Lima&gt;", html)
        self.assertIn("Interviews<br>and &lt;b&gt;synthesis&lt;/b&gt;", html)
        self.assertIn("Hiring is slow", html)

    def test_its_dates_are_the_date_filters_in_every_month_and_zone(self):
        moments = [
            datetime(2026, month, day, hour, tzinfo=UTC)
            for month in range(1, 13)
            for day in (1, 15, 28)
            for hour in (0, 12, 23)
        ]
        for zone in ("UTC", "Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati"):
            with self.subTest(zone=zone), timezone.override(zone):
                days = table._Days()
                for moment in moments:
                    expected = dateformat.format(timezone.localtime(moment), "j M Y")
                    self.assertEqual(days(moment), expected)
        naive = datetime(2026, 5, 4, 10)  # as the date filter: no zone to convert from
        self.assertEqual(table._Days()(naive), dateformat.format(naive, "j M Y"))
