"""Markdown for notes, rendered and then sanitised so nothing a user typed can run."""

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

_ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


# Pages show the same notes on every view (the plan's research card, the brief): the HTML depends
# on the text alone, so each text is parsed and sanitised once per process.
@lru_cache(maxsize=512)
def render_markdown(text: str) -> str:
    html = _md.render(text or "")
    # nh3 drops `javascript:` and other unsafe URL schemes and every attribute we do not allow.
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )
