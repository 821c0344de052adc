"""Loading what the synthesis needs from the database, in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count

from coffeechat.core.freshness import cached_for_user
from coffeechat.core.reversing import url_maker
from coffeechat.insights import synthesis, synthesis_rows
from coffeechat.insights.models import CareerPath


def synthesis_for(path: CareerPath) -> synthesis.Synthesis:
    """The path's synthesis, worked out once per change of the user's data (core.freshness):
    the path page, the comparison and the exports read the same one. It is made of the data
    alone (a conversation counts as met by its stage and meetings, not by the clock), so it is
    kept however time passes."""
    return cached_for_user(
        path.user, f"synthesis:{path.pk}", lambda: build_synthesis(path), clock=None
    )


def compare_column_for(path: CareerPath) -> tuple[int, list[synthesis.CompareCell]]:
    """How many conversations the path has, and its column of the comparison; kept per change
    of the user's data, small (not the whole synthesis) so that reading it back is quick."""

    def work_out() -> tuple[int, list[synthesis.CompareCell]]:
        found = build_synthesis(path)
        return len(found.columns), synthesis.compare_column(found)

    return cached_for_user(path.user, f"compare:{path.pk}", work_out, clock=None)


def build_synthesis(path: CareerPath) -> synthesis.Synthesis:
    """Three queries whatever the number of conversations (`synthesis_rows.py`)."""
    url = url_maker("pipeline:conversation_detail")
    columns = [
        synthesis.Column(id=pk, title=title, subtitle=subtitle, met=met, when=when, url=url(pk))
        for pk, title, subtitle, met, when in synthesis_rows.columns(path)
    ]
    # A path with no conversations has nothing learnt: two queries saved.
    return synthesis.build(columns, synthesis_rows.entries(path) if columns else [])


def link_counts(user) -> dict[int, dict[str, int]]:
    """For the list page: how many conversations, contacts, organisations each path links."""
    counts: dict[int, dict[str, int]] = {}
    for name in ("conversations", "contacts", "organisations"):
        through = getattr(CareerPath, name).through
        rows = (
            through.objects.filter(careerpath__user=user)
            .values("careerpath_id")
            .annotate(n=Count("id"))
            .values_list("careerpath_id", "n")
        )
        for path_id, n in rows:
            counts.setdefault(path_id, {})[name] = n
    return counts
