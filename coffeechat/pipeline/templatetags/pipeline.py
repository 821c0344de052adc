from functools import cache

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from coffeechat.pipeline.models import HOSTING_STAGES, Kind, Stage, stages_for

register = template.Library()


@cache
def _options(current: str) -> SafeString:
    # Built once per stage: the board renders hundreds of these selects.
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (stage.value, " selected" if stage.value == current else "", stage.label)
            for stage in stages_for(Kind.HOSTING if current in HOSTING_STAGES else Kind.ASKING)
        ),
    )


@register.simple_tag
def stage_options(current: str) -> SafeString:
    return _options(str(current))


# The board's lanes: the ten stages in four groups, so the whole pipeline fits one screen, and
# the five of the conversations the user gives (host mode).
LANES = [
    ("Reaching out", [Stage.PROSPECT, Stage.RESEARCHING, Stage.REQUEST_DRAFTED, Stage.REQUESTED]),
    ("Meeting", [Stage.SCHEDULED, Stage.MET]),
    ("After", [Stage.THANKED, Stage.KEEPING_IN_TOUCH]),
    ("Closed", [Stage.DECLINED, Stage.NO_RESPONSE]),
    ("Conversations I give", HOSTING_STAGES),
]
# Lanes shown only when they hold a card: most people never host.
OPTIONAL_LANES = {"Conversations I give"}


@register.simple_tag
def board_lanes(columns: list[dict]) -> list[dict]:
    """The board's columns (one per stage) grouped into LANES, each with its total count."""
    by_stage = {str(column["stage"]): column for column in columns}
    lanes = []
    for label, stages in LANES:
        lane_columns = [by_stage[str(stage)] for stage in stages if str(stage) in by_stage]
        if label in OPTIONAL_LANES and not any(column["count"] for column in lane_columns):
            continue
        lanes.append(
            {
                "label": label,
                "columns": lane_columns,
                "count": sum(column["count"] for column in lane_columns),
            }
        )
    return lanes
