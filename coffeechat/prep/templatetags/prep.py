from functools import lru_cache
from html import escape

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from coffeechat.core.reversing import url_maker
from coffeechat.prep.models import Priority
from coffeechat.prep.question_bank import TIARA_LABELS, TOPIC_LABELS

register = template.Library()


@register.simple_tag
def readiness_badge(readiness) -> str:
    """The "Ready" / "Needs preparation" badge; built in Python as the board shows hundreds."""
    if not readiness:
        return ""
    if readiness.ready:
        return mark_safe('<span class="badge ok prep-ready">Ready</span>')
    missing = ", ".join(item.label.lower() for item in readiness.missing)
    return format_html(
        '<span class="badge warn prep-ready" title="Still to do: {}">Needs preparation</span>',
        missing,
    )


def bank_entry(entry, hide_url: str) -> str:
    """One question of the bank picker: its Add and Hide buttons submit the page's one bank form
    (views.plan_add, or views.bank_hide through formaction). Built in Python, as the picker shows
    every bank question and the plan page is answered within a few times a bare view."""
    slug, text = escape(entry.slug), escape(entry.text)
    if entry.in_plan:
        action = '<span class="badge ok">In the plan</span>'
    else:
        action = (
            f'<button type="submit" name="slug" value="{slug}" data-plan-action="add"'
            f' aria-label="Add: {text}">Add</button>'
        )
    if entry.own:
        text_html = f'{text} <span class="muted small">(yours)</span>'
        hide = ""
    else:
        text_html = text
        hide = (
            f' <button type="submit" formaction="{escape(hide_url)}" name="slug" value="{slug}"'
            f' class="link" aria-label="Hide: {text}">Hide</button>'
        )
    return (
        f'<li id="bank-{slug}" tabindex="-1"><span class="badge tiara"'
        f' title="TIARA: {escape(entry.tiara.capitalize())}">{escape(entry.tiara_letter)}</span>'
        f' <span class="bank-text">{text_html}</span>'
        f' <span class="bank-actions">{action}{hide}</span></li>'
    )


def bank_topic(key: str, label: str, entries, hide_url: str, *, is_open: bool = False) -> str:
    """One topic of the bank picker, folded unless `is_open`."""
    if entries:
        items = "".join(bank_entry(entry, hide_url) for entry in entries)
    else:
        items = '<li class="muted">Every question here is hidden.</li>'
    return (
        f'<details class="bank-topic" id="topic-{escape(key)}"{" open" if is_open else ""}>'
        f'<summary>{escape(label)} <span class="muted small">({len(entries)})</span></summary>'
        f'<ul class="bank">{items}</ul></details>'
    )


@lru_cache(maxsize=1024)
def _bank_topic_kept(key: str, label: str, entries: tuple, hide_url: str, is_open: bool) -> str:
    # The HTML follows from these arguments alone (entries are frozen values: text, TIARA,
    # whether yours and whether in the plan), so a topic is built once per process for each
    # state of it: a view of the plan page rebuilds only the topics changed since the last.
    return bank_topic(key, label, entries, hide_url, is_open=is_open)


@register.simple_tag
def bank_topics(bank, hide_url: str, open_topic: str) -> str:
    """The whole bank picker: (key, label, entries) per topic, from services.picker."""
    return mark_safe(
        "".join(
            _bank_topic_kept(key, label, tuple(entries), hide_url, key == open_topic)
            for key, label, entries in bank
        )
    )


def _findings_html(found, text: str) -> str:
    if not found:
        return ""
    return _findings_kept(tuple(found), text)


@lru_cache(maxsize=1024)
def _findings_kept(found: tuple, text: str) -> str:
    # The cards follow from the findings (frozen values) and the text alone, and the plan page
    # and each change made on it show the same few again: rendered once per process for each.
    return render_to_string("coach/_findings.html", {"findings": list(found), "checked": text})


class _PlanUrls:
    """The three URLs of a plan item's buttons, each name reversed once per page."""

    def __init__(self) -> None:
        self.move = url_maker("prep:question_move")
        self.priority = url_maker("prep:question_priority")
        self.remove = url_maker("prep:question_remove")


def plan_item(question, found, urls: _PlanUrls, *, first: bool, last: bool) -> str:
    """One question of the plan with its controls, which submit the plan's one form
    (_plan_questions.html) each to its own URL; prep/plan.js sends the same without a reload.
    Labels come from the plain dicts: get_FOO_display() rebuilds the field's choices each call."""
    pk, text = question.pk, escape(question.text)
    move = urls.move(pk)
    if question.priority == Priority.MUST:
        other, other_label = Priority.IF_TIME, "Mark if time allows"
    else:
        other, other_label = Priority.MUST, "Mark must-ask"
    tiara_label = TIARA_LABELS.get(question.tiara, question.tiara)
    tiara = (
        f'<span class="badge tiara" title="TIARA: {escape(tiara_label)}">'
        f"{escape(question.tiara_letter)}</span> "
        if question.tiara
        else ""
    )
    must = " must" if question.priority == Priority.MUST else ""
    topic = (
        f' <span class="muted">{escape(TOPIC_LABELS.get(question.topic, question.topic))}</span>'
        if question.topic
        else ""
    )
    return (
        f'<li class="plan-item {escape(question.priority)}" id="q-{pk}" data-id="{pk}">'
        '<div class="plan-text"><span class="drag-handle" aria-hidden="true"'
        f' title="Drag to reorder">⠿</span> <span>{text}</span></div>'
        f'<div class="plan-meta small">{tiara}<span class="badge{must}">'
        f"{escape(Priority(question.priority).label)}</span>{topic}</div>"
        f"{_findings_html(found, question.text)}"
        '<div class="plan-controls">'
        f'<button type="submit" formaction="{move}" name="direction" value="up"'
        f' data-plan-action="up"{" disabled" if first else ""}'
        f' aria-label="Move up: {text}">↑ Up</button> '
        f'<button type="submit" formaction="{move}" name="direction" value="down"'
        f' data-plan-action="down"{" disabled" if last else ""}'
        f' aria-label="Move down: {text}">↓ Down</button> '
        f'<button type="submit" formaction="{urls.priority(pk)}"'
        f' name="priority" value="{other}" data-plan-action="priority"'
        f' aria-label="{other_label}: {text}">{other_label}</button> '
        f'<button type="submit" formaction="{urls.remove(pk)}"'
        f' class="link" data-plan-action="remove" aria-label="Remove: {text}">Remove</button>'
        "</div></li>"
    )


@register.simple_tag
def plan_items(questions) -> str:
    """The plan's questions, (question, findings) pairs in order. Built in Python: the page and
    every change made on it render them all."""
    last = len(questions) - 1
    urls = _PlanUrls()
    return mark_safe(
        "".join(
            plan_item(question, found, urls, first=index == 0, last=index == last)
            for index, (question, found) in enumerate(questions)
        )
    )
