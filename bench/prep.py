"""Server time of the question plan: the page, the brief, and each change made on the page.

Builds the data of bench/contacts.py (30,000 contacts for each of two users) and, for the owner,
a conversation whose contact has research notes and an organisation, a plan of eight bank
questions and two written ones, two questions of their own in the bank and two hidden. Then:

- pages: the plan, the brief and the floor (bench/floor.py), in 20 shuffled rounds;
- changes, as the page's script sends them (Accept: application/json, answered with the parts
  of the page that changed): add a bank question, move it up, mark it "if time allows", drag
  it to the top (reorder), remove it. Each round makes all five, the floor in between, so the
  plan is the same at the start of every round.

It prints each one's median, spread, queries and ratio to the floor's median.

    .venv/bin/python bench/prep.py [--json] [--contacts 30000] [--requests 20]
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.contacts import page_bench_arguments, populate, setup_django  # noqa: E402
from bench.databases import analyze  # noqa: E402
from bench.measure import FLOOR, counting, measure_pages, print_table, summarise  # noqa: E402

PLANNED = [
    "career-first-pull",
    "career-move-into-role",
    "day-typical-week",
    "day-current-project",
    "skills-underrated",
    "trends-five-years",
    "ch-pressure",
    "adv-stand-out",
]
ADDED = "res-associations"  # the question each round adds and removes again


def make_plan(owner, people):
    from coffeechat.contacts.models import Contact
    from coffeechat.pipeline.models import Conversation
    from coffeechat.prep import services
    from coffeechat.prep.models import HiddenQuestion, UserQuestion

    contact = people[123]
    Contact.objects.filter(pk=contact.pk).update(
        research_notes=(
            "Leads the **tidal energy** pilot.\n\n- Spoke at the Atlantic Energy Forum\n"
            "- Writes a monthly newsletter on grid balancing"
        ),
        career_story="Physics at Dalhousie, four years at Nova Scotia Power.",
        common_ground="We both rowed at university.",
    )
    conversation = Conversation.objects.filter(contact=contact).first()
    if conversation is None:
        from coffeechat.pipeline.services import start_conversation

        conversation = start_conversation(Contact.objects.get(pk=contact.pk))
    conversation = Conversation.objects.select_related("contact__organisation").get(
        pk=conversation.pk
    )
    conversation.intention = "Learn what a grid analyst's week involves."
    conversation.talking_points = "Physics degree\nTide model\nRowing captain"
    conversation.save()
    for slug in PLANNED:
        services.add_from_bank(conversation, slug)
    services.add_question(conversation, "What did the tidal pilot teach your team?")
    services.add_question(conversation, "Which tools does your team use for forecasting?")
    UserQuestion.objects.create(user=owner, text="How did {organisation} start?", topic="trends")
    UserQuestion.objects.create(user=owner, text="Who mentored you?", topic="career_path")
    HiddenQuestion.objects.create(user=owner, slug="career-by-chance")
    HiddenQuestion.objects.create(user=owner, slug="day-surprise")
    return conversation


def measure_changes(client, conversation, rounds: int) -> dict:
    """Time the page script's five changes, round after round, against the floor."""
    from django.db import connection
    from django.urls import reverse

    from coffeechat.prep.models import PlannedQuestion

    plan = conversation.planned_questions
    timings: dict[str, list[float]] = {}
    queries: dict[str, int] = {}
    keep = False  # the first round warms up and is left out

    def timed(name: str, method: str, url: str, data: dict | None = None) -> None:
        call = client.post if method == "post" else client.get
        headers = {"HTTP_ACCEPT": "application/json"} if method == "post" else {}
        with counting(connection) as counter:
            started = time.perf_counter()
            response = call(url, data or {}, **headers)
            elapsed = (time.perf_counter() - started) * 1000
        if response.status_code not in (200, 302):
            raise SystemExit(f"{name} ({url}) answered {response.status_code}")
        if keep:
            timings.setdefault(name, []).append(elapsed)
            queries[name] = counter.count

    for number in range(rounds + 1):
        keep = number > 0
        timed(FLOOR, "get", reverse("bench_floor"))
        timed("add", "post", reverse("prep:plan_add", args=[conversation.pk]), {"slug": ADDED})
        added = PlannedQuestion.objects.get(conversation=conversation, bank_slug=ADDED)
        move = reverse("prep:question_move", args=[added.pk])
        timed("move_up", "post", move, {"direction": "up"})
        timed(FLOOR, "get", reverse("bench_floor"))
        priority = reverse("prep:question_priority", args=[added.pk])
        timed("priority", "post", priority, {"priority": "if_time"})
        order = [added.pk] + list(
            plan.filter(closing=False).exclude(pk=added.pk).values_list("pk", flat=True)
        )
        reorder = reverse("prep:plan_reorder", args=[conversation.pk])
        timed("reorder", "post", reorder, {"order": ",".join(map(str, order))})
        timed(FLOOR, "get", reverse("bench_floor"))
        timed("remove", "post", reverse("prep:question_remove", args=[added.pk]))
    return summarise(timings, queries)


def main() -> None:
    args = page_bench_arguments(__doc__)

    setup_django()
    from django.test import Client
    from django.urls import reverse

    rng = random.Random(2026)
    started = time.perf_counter()
    owner, people, _ = populate("owner", args.contacts, args.contacts // 10, 2000, rng)
    populate("second", args.contacts, args.contacts // 10, 2000, rng)
    conversation = make_plan(owner, people)
    analyze()
    setup_seconds = time.perf_counter() - started

    client = Client()
    client.force_login(owner)
    pages = {
        FLOOR: reverse("bench_floor"),
        "plan": reverse("prep:plan", args=[conversation.pk]),
        "brief": reverse("prep:brief", args=[conversation.pk]),
    }
    results = {
        "pages": measure_pages(client, pages, args.requests),
        "changes": measure_changes(client, conversation, args.requests),
    }
    if args.json:
        print(json.dumps(results))
        return
    heading = f"{args.contacts} contacts per user, 2 users; data in {setup_seconds:.1f} s"
    print_table(results["pages"], heading)
    print()
    print_table(results["changes"], "Changes to the plan (Accept: application/json)")


if __name__ == "__main__":
    main()
