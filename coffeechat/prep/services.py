"""The question plan: sizing, adding, ordering and checking a conversation's questions.

Views, readiness and meeting mode all go through these functions. A plan always ends with the
closing questions in `REQUIRED_CLOSING`; they are stored as rows (so a printed brief and meeting
mode see them) the first time the plan changes, and `plan_rows` supplies unsaved copies for a plan
that has never been touched, so a GET never writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection, transaction

from coffeechat.coach import engine
from coffeechat.coach.engine import CheckContext, Finding, Severity
from coffeechat.core.freshness import facts_changed_in_bulk
from coffeechat.prep import question_bank
from coffeechat.prep.models import HiddenQuestion, PlannedQuestion, Priority, UserQuestion

# Who else should I talk to? May I follow up with you? — in this order, at the end of every plan.
REQUIRED_CLOSING = ["res-talk-to", "next-follow-up"]
MINUTES_PER_QUESTION = 2.5
MIN_QUESTIONS = 4


# ---------------------------------------------------------------------------------------------
# Sizing


@dataclass(frozen=True)
class Sizing:
    count: int  # questions in the plan, not counting the closing ones
    fit: int  # about how many fit the meeting

    @property
    def too_many(self) -> bool:
        return self.count > self.fit

    @property
    def too_few(self) -> bool:
        return self.count < MIN_QUESTIONS

    @property
    def ok(self) -> bool:
        return not (self.too_many or self.too_few)


def questions_that_fit(minutes: int) -> int:
    """About one question per 2.5 minutes, rounded half up: 8 for 20 minutes, 12 for 30."""
    return max(1, int(minutes / MINUTES_PER_QUESTION + 0.5))


def sizing(minutes: int, count: int) -> Sizing:
    return Sizing(count=count, fit=questions_that_fit(minutes))


# ---------------------------------------------------------------------------------------------
# Placeholders and research


def placeholder_values(contact) -> dict[str, str]:
    organisation = contact.organisation
    industry = organisation.industry if organisation else ""
    return question_bank.values_for_contact(contact, field=industry, industry=industry)


def _generic_words() -> frozenset[str]:
    words: set[str] = set()
    for question in question_bank.bank():
        words.update(re.findall(r"[\w']+", question.filled({}).lower()))
    return frozenset(words)


_COMMON = frozenset(
    re.findall(
        r"\w+",
        """about after again also because been before being between both could during each every
    from have here into just like made make many more most much next only other over same some
    such than that their them then there these they this those through very were what when where
    which while with would your yours years year since still well with working works worked
    currently recently previously joined leads led studied studies started
        moved became spent later then now before after went took""",
    )
)
_GENERIC = _generic_words() | _COMMON


def research_terms(contact) -> list[str]:
    """Specific words from what the user knows about the person: notes, career story, role and
    organisation. Words any generic bank question uses are left out, so only a question that
    draws on the research counts as targeted."""
    organisation = contact.organisation
    texts = [contact.research_notes, contact.career_story, contact.role]
    if organisation:
        texts += [organisation.name, organisation.research_notes]
    terms: list[str] = []
    seen: set[str] = set()
    for text in texts:
        for word in re.findall(r"[^\W\d_][\w'-]*", text or ""):
            key = word.lower().strip("'-")
            if len(key) < 4 or key in _GENERIC or key in seen:
                continue
            seen.add(key)
            terms.append(word)
    return terms


def has_research(contact) -> bool:
    return bool(contact.research_notes.strip() or contact.career_story.strip())


def check_context(contact, *, terms: list[str] | None = None) -> CheckContext:
    organisation = contact.organisation
    return CheckContext(
        contact_name=contact.display_name,
        organisation=organisation.name if organisation else "",
        role=contact.role,
        field=organisation.industry if organisation else "",
        research_terms=terms if terms is not None else research_terms(contact),
    )


def check_plan(rows: list[PlannedQuestion], contact) -> list[list[Finding]]:
    """The checker's findings for each row, with the rest of the plan as context."""
    context = check_context(contact)
    found = _check_texts(
        tuple(row.text for row in rows),
        tuple(row.required for row in rows),
        (context.contact_name, context.organisation, context.role, context.field),
        tuple(context.research_terms),
    )
    return [list(findings) for findings in found]


# The plan page and every change made on it check the whole plan again; the findings follow
# from the texts and what is known about the person alone, so an unchanged plan is answered
# from this cache (Finding is frozen, so the answers can be shared).
@lru_cache(maxsize=512)
def _check_texts(
    texts: tuple[str, ...],
    required: tuple[bool, ...],
    person: tuple[str, str, str, str],
    terms: tuple[str, ...],
) -> tuple[tuple[Finding, ...], ...]:
    contact_name, organisation, role, field = person
    results = []
    for index, text in enumerate(texts):
        context = CheckContext(
            contact_name=contact_name,
            organisation=organisation,
            role=role,
            field=field,
            research_terms=list(terms),
            other_questions=list(texts[:index] + texts[index + 1 :]),
        )
        found = engine.check("question", text, context)
        if required[index]:
            # The user cannot change the closing questions every plan ends with; no tips on them.
            found = [f for f in found if f.severity is not Severity.TIP]
        results.append(tuple(found))
    return tuple(results)


@lru_cache(maxsize=4096)
def _has_problem(text: str, organisation: str, role: str, field: str) -> bool:
    # Problem rules read only the text and who the person is (not the rest of the plan or the
    # research), so a question's answer can be cached; lists check many plans at once.
    context = CheckContext(organisation=organisation, role=role, field=field)
    return any(
        any(True for _ in r.check(text, context) or ())
        for r in engine.rules_for("question")
        if r.severity is Severity.PROBLEM
    )


def count_problems(rows: list[PlannedQuestion], contact) -> int:
    """How many questions of a plan the checker calls a problem (for readiness)."""
    context = check_context(contact, terms=[])
    return sum(
        1
        for row in rows
        if _has_problem(row.text, context.organisation, context.role, context.field)
    )


# ---------------------------------------------------------------------------------------------
# The plan


def _closing_rows(conversation, slugs: list[str]) -> list[PlannedQuestion]:
    """Unsaved rows for these required closing questions, filled for the contact."""
    filled = filled_bank(conversation.contact)
    rows = []
    for slug in slugs:
        question = question_bank.by_slug(slug)
        rows.append(
            PlannedQuestion(
                user_id=conversation.user_id,
                conversation=conversation,
                text=filled[slug],
                bank_slug=slug,
                topic=question.topic,
                tiara=question.tiara,
                position=1000 + REQUIRED_CLOSING.index(slug),
                closing=True,
            )
        )
    return rows


def _missing_closing(rows) -> list[str]:
    present = {row.bank_slug for row in rows if row.closing}
    return [slug for slug in REQUIRED_CLOSING if slug not in present]


def with_closing(conversation, rows: list[PlannedQuestion]) -> list[PlannedQuestion]:
    """Stored rows in plan order, plus unsaved closing questions that are not stored yet."""
    missing = _closing_rows(conversation, _missing_closing(rows))
    return sorted(rows, key=lambda r: (r.closing, r.position, r.pk or 0)) + missing


def plan_rows(conversation) -> list[PlannedQuestion]:
    """The whole plan in order: the questions, then the closing ones (always last)."""
    return with_closing(conversation, list(conversation.planned_questions.all()))


def ensure_closing(conversation, rows: list[PlannedQuestion] | None = None) -> None:
    """Store the closing questions if the plan does not hold them yet. Call it only on POST.
    `rows`: the plan's stored rows, read in the caller's transaction; the new ones join them."""
    if rows is None:
        present = set(
            conversation.planned_questions.filter(closing=True).values_list("bank_slug", flat=True)
        )
    else:
        present = {row.bank_slug for row in rows if row.closing}
    missing = [slug for slug in REQUIRED_CLOSING if slug not in present]
    if not missing:
        return
    created = PlannedQuestion.objects.bulk_create(_closing_rows(conversation, missing))
    if rows is not None:
        rows.extend(created)
    # Readiness counts the stored questions; bulk_create sends no signals.
    facts_changed_in_bulk(ensure_closing, conversation.user_id, conversations=[conversation.pk])


@transaction.atomic(savepoint=False)  # no savepoint inside a view's transaction
def add_question(
    conversation,
    text: str,
    *,
    bank_slug: str = "",
    topic: str = "",
    tiara: str = "",
    priority: str = Priority.MUST,
    closing: bool = False,
    rows: list[PlannedQuestion] | None = None,
) -> PlannedQuestion:
    """Add a question at the end of its phase. `rows`: the plan's stored rows when the caller
    has read them in its transaction (the plan page answers with them); the new row joins them.
    Otherwise they are read here, once."""
    if rows is None:
        rows = list(conversation.planned_questions.all())
    ensure_closing(conversation, rows)
    if closing:
        # Extra closing questions go before the required pair, which always end the plan.
        required = [row for row in rows if row.required]
        extras = [row.position for row in rows if row.closing and not row.required]
        position = max(extras) + 1 if extras else 0
        first_required = min((row.position for row in required), default=None)
        if first_required is not None and position >= first_required:
            conversation.planned_questions.filter(
                closing=True, bank_slug__in=REQUIRED_CLOSING
            ).update(position=position + 1000)
            for row in required:
                row.position = position + 1000
    else:
        position = max((row.position for row in rows if not row.closing), default=-1) + 1
    row = PlannedQuestion.objects.create(
        user_id=conversation.user_id,
        conversation=conversation,
        text=text.strip(),
        bank_slug=bank_slug,
        topic=topic,
        tiara=tiara,
        priority=priority,
        position=position,
        closing=closing,
    )
    rows.append(row)
    return row


def add_from_bank(
    conversation,
    slug: str,
    *,
    priority: str = Priority.MUST,
    rows: list[PlannedQuestion] | None = None,
) -> PlannedQuestion:
    """Add a built-in (`career-…`) or own (`mine-<id>`) bank question, filled for this contact.
    `rows` as for add_question.

    Raises LookupError for a slug that is not in the user's bank.
    """
    values = placeholder_values(conversation.contact)
    if slug.startswith("mine-"):
        try:
            own = UserQuestion.objects.owned_by(conversation.user_id).get(pk=int(slug[5:]))
        except (ValueError, UserQuestion.DoesNotExist):
            raise LookupError(slug) from None
        text = question_bank.PLACEHOLDERS.fill_sentence(own.text, values)
        return add_question(
            conversation,
            text,
            bank_slug=slug,
            topic=own.topic,
            tiara=own.tiara,
            priority=priority,
            rows=rows,
        )
    question = question_bank.get(slug)
    if question is None:
        raise LookupError(slug)
    if slug in REQUIRED_CLOSING:
        if rows is None:
            ensure_closing(conversation)
            return conversation.planned_questions.get(closing=True, bank_slug=slug)
        ensure_closing(conversation, rows)
        return next(row for row in rows if row.closing and row.bank_slug == slug)
    return add_question(
        conversation,
        question.filled(values),
        bank_slug=slug,
        topic=question.topic,
        tiara=question.tiara,
        priority=priority,
        closing=question.closing,
        rows=rows,
    )


def _phase(
    question: PlannedQuestion, rows: list[PlannedQuestion] | None = None
) -> list[PlannedQuestion]:
    """The questions a question moves among: its own phase, without the required closing pair.
    `rows`: the plan's stored rows when the caller has read them (a change made on the plan page
    reads them once, inside its transaction, and answers with them)."""
    if rows is not None:
        return sorted(
            (row for row in rows if row.closing == question.closing and not row.required),
            key=lambda row: (row.position, row.pk),
        )
    rows = PlannedQuestion.objects.filter(
        conversation_id=question.conversation_id, closing=question.closing
    )
    if question.closing:
        rows = rows.exclude(bank_slug__in=REQUIRED_CLOSING)
    return list(rows.order_by("position", "id"))


@transaction.atomic(savepoint=False)  # no savepoint inside a view's transaction
def move(
    question: PlannedQuestion, direction: str, rows: list[PlannedQuestion] | None = None
) -> bool:
    """Swap a question with its neighbour ("up" or "down") inside its phase; False at an end.
    Given the plan's stored `rows` (read in the caller's transaction), it renumbers those."""
    if question.required:
        return False
    rows = _phase(question, rows)
    index = next(i for i, row in enumerate(rows) if row.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    _renumber(rows)
    return True


def _renumber(rows: list[PlannedQuestion]) -> None:
    """Number `rows` 0, 1, 2… in the order given, writing only the positions that changed."""
    changed = [(row.pk, number) for number, row in enumerate(rows) if row.position != number]
    for number, row in enumerate(rows):
        row.position = number
    if not changed:
        return
    # One UPDATE with a CASE written out: bulk_update() builds an ORM expression for every row,
    # which cost more than all the rest of a move (9 ms for ten rows; this statement, 0.3 ms).
    # Rows are the caller's, read for one user's conversation; the ids and user keep it there.
    quote = connection.ops.quote_name
    table, position, pk, user = (
        quote(name) for name in (PlannedQuestion._meta.db_table, "position", "id", "user_id")
    )
    cases = " ".join(["WHEN %s THEN %s"] * len(changed))
    ids = ", ".join(["%s"] * len(changed))
    params = [value for pair in changed for value in pair]
    params += [row_id for row_id, _ in changed] + [rows[0].user_id]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {position} = CASE {pk} {cases} END"
            f" WHERE {pk} IN ({ids}) AND {user} = %s",
            params,
        )


@transaction.atomic(savepoint=False)  # no savepoint inside a view's transaction
def reorder(conversation, ids: list[int], rows: list[PlannedQuestion] | None = None) -> None:
    """Put the plan's (non-closing) questions in the order given; ids not given keep their order
    after the ones given, and ids from elsewhere are ignored. Given the plan's stored `rows`
    (read in the caller's transaction), it renumbers those."""
    if rows is None:
        rows = list(conversation.planned_questions.filter(closing=False).order_by("position", "id"))
    else:
        rows = sorted((row for row in rows if not row.closing), key=lambda r: (r.position, r.pk))
    by_id = {row.pk: row for row in rows}
    ordered = [by_id.pop(pk) for pk in dict.fromkeys(ids) if pk in by_id]
    ordered += [row for row in rows if row.pk in by_id]
    _renumber(ordered)


def neighbour(
    question: PlannedQuestion, rows: list[PlannedQuestion] | None = None
) -> PlannedQuestion | None:
    """The question after this one in its phase, or else the one before (where focus goes once
    it is removed); None when it is alone. `rows`: the plan's stored rows, if read already."""
    rows = _phase(question, rows)  # without the required closing questions, which stay
    index = next((i for i, row in enumerate(rows) if row.pk == question.pk), None)
    if index is None:
        return None
    if index + 1 < len(rows):
        return rows[index + 1]
    return rows[index - 1] if index > 0 else None


def remove(question: PlannedQuestion) -> bool:
    """Delete a question; the required closing questions stay (returns False)."""
    if question.required:
        return False
    question.delete()
    return True


# ---------------------------------------------------------------------------------------------
# The user's bank


@dataclass(frozen=True)
class PickerQuestion:
    slug: str
    text: str  # filled for this contact
    tiara: str
    own: bool
    in_plan: bool

    @property
    def tiara_letter(self) -> str:
        return self.tiara[:1].upper()


def filled_bank(contact) -> dict[str, str]:
    """Every built-in question's text filled for this contact, by slug (do not change it)."""
    return _filled_bank(tuple(sorted(placeholder_values(contact).items())))


@lru_cache(maxsize=256)
def _filled_bank(values: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Every built-in question filled for one person's placeholder values, by slug: the picker
    shows them all on each view of the plan page."""
    known = dict(values)
    return {question.slug: question.filled(known) for question in question_bank.bank()}


def picker(
    user,
    conversation,
    rows: list[PlannedQuestion],
    topics: set[str] | None = None,
    *,
    hidden: set[str] | None = None,
    own_questions: list[UserQuestion] | None = None,
) -> list[tuple[str, str, list]]:
    """(topic key, label, questions) for the bank picker: built-in questions the user has not
    hidden plus the user's own, filled for this contact; only the `topics` given, if any.
    `hidden` slugs and `own_questions` are read unless the caller has them already."""
    values = placeholder_values(conversation.contact)
    filled = filled_bank(conversation.contact)
    if hidden is None:
        hidden = set(HiddenQuestion.objects.owned_by(user).values_list("slug", flat=True))
    if own_questions is None:
        own_questions = list(UserQuestion.objects.owned_by(user))
    used = _used_slugs(rows)
    own_by_topic: dict[str, list[UserQuestion]] = {}
    for own in own_questions:
        own_by_topic.setdefault(own.topic, []).append(own)
    groups = []
    for key, label, questions in question_bank.grouped_by_topic():
        if topics is not None and key not in topics:
            continue
        entries = [
            PickerQuestion(q.slug, filled[q.slug], q.tiara, False, q.slug in used)
            for q in questions
            if q.slug not in hidden
        ]
        entries += [
            PickerQuestion(
                own.slug,
                question_bank.PLACEHOLDERS.fill_sentence(own.text, values),
                own.tiara,
                True,
                own.slug in used,
            )
            for own in own_by_topic.get(key, [])
        ]
        groups.append((key, label, entries))
    return groups


def picker_entry(user, conversation, rows: list[PlannedQuestion], slug: str):
    """The one entry of the bank picker for `slug`, as `picker` lists it for this plan (`rows`),
    or None for a question not in the user's bank (unknown, another user's): what a change to
    one question answers with, without reading the whole bank. A hidden question's entry is
    built too (whether it is hidden is not read): the page holds no element with its id, so
    the page's script has nothing to put it in."""
    used = _used_slugs(rows)
    if slug.startswith("mine-"):
        pk = slug[5:]
        own = (
            UserQuestion.objects.owned_by(user).filter(pk=int(pk)).first() if pk.isdigit() else None
        )
        if own is None or own.topic not in question_bank.TOPIC_LABELS:
            return None
        text = question_bank.PLACEHOLDERS.fill_sentence(
            own.text, placeholder_values(conversation.contact)
        )
        return PickerQuestion(own.slug, text, own.tiara, True, own.slug in used)
    question = question_bank.get(slug)
    if question is None:
        return None
    filled = filled_bank(conversation.contact)[slug]
    return PickerQuestion(slug, filled, question.tiara, False, slug in used)


def _used_slugs(rows: list[PlannedQuestion]) -> set[str]:
    """Bank questions the plan holds (a closing question not stored yet counts: it is shown)."""
    return {row.bank_slug for row in rows if row.pk or row.closing}


def bank_topic(user, slug: str) -> str | None:
    """The picker topic a bank slug (built-in or `mine-<id>`) is listed under; None if unknown."""
    if slug.startswith("mine-"):
        pk = slug[5:]
        if not pk.isdigit():
            return None
        own = UserQuestion.objects.owned_by(user).filter(pk=int(pk))
        return own.values_list("topic", flat=True).first()
    question = question_bank.get(slug)
    return question.topic if question else None


def hide(user, slug: str) -> None:
    if question_bank.get(slug) is None:
        raise LookupError(slug)
    HiddenQuestion.objects.get_or_create(user=user, slug=slug)


def unhide(user, slug: str) -> None:
    HiddenQuestion.objects.owned_by(user).filter(slug=slug).delete()


def talking_points(conversation) -> list[str]:
    return [
        line.strip(" -*•\t")
        for line in conversation.talking_points.splitlines()
        if line.strip(" -*•\t")
    ]
