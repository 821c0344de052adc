"""Server time and query counts for the main pages with 30,000 contacts.

Creates, in a throw-away SQLite data directory (or the database in DATABASE_URL), 30,000
contacts in 3,000 organisations with tags and 2,000 conversations for one user, and the same
again for a second user to prove scoping, then requests each page and the floor (bench/floor.py)
in 20 shuffled rounds in-process and prints each page's median, spread, number of queries and
ratio to the floor. Today and the board keep their costly parts until the user's data changes
or time changes them (core/freshness.py), the contacts list its count: their plain rows time the
views in between, their "_after_change" rows the first view after a change to one
conversation, which works those parts (and that conversation's next step) out again, and their
"_new_minute" rows the first view in a new minute, with nothing changed.

    .venv/bin/python bench/contacts.py [--json] [--contacts 30000] [--requests 20]
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.databases import analyze  # noqa: E402
from bench.measure import FLOOR, measure_pages, print_table  # noqa: E402


def setup_django() -> None:
    os.environ.setdefault("COFFEECHAT_DATA_DIR", tempfile.mkdtemp(prefix="coffeechat-bench-"))
    # Coffeechat's settings plus the floor view (bench/floor.py).
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.floor_settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)


def populate(username: str, contacts: int, organisations: int, conversations: int, rng):
    from django.contrib.auth.models import User
    from django.utils import timezone

    from coffeechat.accounts.models import Profile
    from coffeechat.contacts.models import Contact, Organisation, Relationship, Tag
    from coffeechat.contacts.signals import contacts_changed_in_bulk
    from coffeechat.followup.models import ActionItem
    from coffeechat.meetings.models import Meeting
    from coffeechat.pipeline.models import Conversation, Stage, StageChange

    user = User.objects.create_user(username, password="bench-password-2026")
    Profile.objects.create(user=user, full_name=username.title(), onboarded=True)
    orgs = Organisation.objects.bulk_create(
        Organisation(user=user, name=f"Company {i}", name_key=f"company {i}", industry="Tech")
        for i in range(organisations)
    )
    # Two of the forty tags carry a keep-in-touch cadence, so about 1,500 contacts can fall due.
    tags = Tag.objects.bulk_create(
        Tag(user=user, name=f"tag-{i}", keep_in_touch_days=90 if i < 2 else None) for i in range(40)
    )
    given = ["Ana", "Ben", "Chloé", "Dev", "Eun-ji", "Farah", "Gus", "Hiro", "Ines", "Jon"]
    family = ["Lima", "Okafor", "Müller", "Shah", "Kim", "Novak", "García", "Smith", "Li", "Roy"]
    relationships = list(Relationship.values)
    people = []
    for i in range(contacts):
        first, last = rng.choice(given), rng.choice(family)
        name = f"{first} {last} {i}"
        people.append(
            Contact(
                user=user,
                given_name=first,
                family_name=f"{last} {i}",
                display_name=name,
                name_key=name.lower(),
                organisation=orgs[i % organisations],
                role=rng.choice(["Engineer", "Designer", "Analyst", "Researcher", "Manager"]),
                relationship=rng.choice(relationships),
                research_notes="Met at a meetup about data." if i % 10 == 0 else "",
                source="linkedin",
            )
        )
    people = Contact.objects.bulk_create(people, batch_size=2000)
    # Added a hundred days ago: those with a 90-day cadence and no touch since are now due.
    Contact.objects.filter(user=user).update(created=timezone.now() - timedelta(days=100))
    through = Contact.tags.through
    through.objects.bulk_create(
        (through(contact_id=p.pk, tag_id=tags[i % len(tags)].pk) for i, p in enumerate(people)),
        batch_size=5000,
    )
    now = timezone.now()
    stages = list(Stage.values)
    convs = Conversation.objects.bulk_create(
        Conversation(
            user=user,
            contact=people[(i * 7) % len(people)],
            stage=stages[i % len(stages)],
            stage_changed_at=now - timedelta(hours=i),
            requested_at=now - timedelta(days=i % 30),
            intention="Learn how the team works",
        )
        for i in range(conversations)
    )
    StageChange.objects.bulk_create(
        StageChange(conversation=c, from_stage="", to_stage=c.stage) for c in convs
    )
    Meeting.objects.bulk_create(
        Meeting(user=user, conversation=c, starts_at=now + timedelta(hours=i * 5))
        for i, c in enumerate(convs[:100])
    )
    ActionItem.objects.bulk_create(
        ActionItem(
            user=user,
            text=f"Follow up {i}",
            due=(now + timedelta(days=i % 20 - 5)).date(),
            contact=people[i],
        )
        for i in range(min(500, contacts))
    )
    # The rows above went in without model signals, as an import's do; refresh derived data.
    contacts_changed_in_bulk.send(sender=populate, user=user)
    return user, people, convs


def page_bench_arguments(doc: str) -> argparse.Namespace:
    """The options every page bench takes: contacts per user, rounds, and --json."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--contacts", type=int, default=30_000)
    parser.add_argument("--requests", type=int, default=20)
    return parser.parse_args()


def main() -> None:
    args = page_bench_arguments(__doc__)

    setup_django()
    from django.test import Client

    rng = random.Random(2026)
    started = time.perf_counter()
    owner, people, _ = populate("owner", args.contacts, args.contacts // 10, 2000, rng)
    populate("second", args.contacts, args.contacts // 10, 2000, rng)
    analyze()
    setup_seconds = time.perf_counter() - started

    client = Client()
    client.force_login(owner)
    from django.conf import settings
    from django.urls import reverse

    from coffeechat.pipeline.models import Conversation, Stage

    # Today and the board's badges are kept per change of the user's data (core.freshness):
    # "today" and "board" are the views between changes, the "…_after_change" rows the first
    # view after one, which works them out again. The change is a real write, as when a reply
    # is logged: a conversation on the board and on Today is saved, which gives the user a new
    # token and clears its next step (today.signals), worked out again by that view. The
    # user's token is put back after that view, so the other pages of the round still find
    # theirs.
    touched = (
        Conversation.objects.filter(user=owner, stage=Stage.REQUESTED)
        .order_by("-stage_changed_at")
        .first()
    )
    changed = change_by_saving(owner, touched)

    pages = main_pages(people)
    pages["today_after_change"] = pages["today"] + "?after=change"
    pages["board_after_change"] = pages["board"] + "?after=change"
    before = {"today_after_change": changed, "board_after_change": changed}
    kept = ["contacts_page", "board", "today"]
    minute = new_minute(client, [pages[name] for name in kept])
    for name in kept:
        pages[f"{name}_new_minute"] = pages[name] + "?after=minute"
        before[f"{name}_new_minute"] = minute
    results = measure_pages(client, pages, args.requests, before=before)
    # With fewer requests waiting than the target, Today also ranks "who to ask next" among
    # the ~28,000 contacts not yet asked: the case of someone who just imported LinkedIn. The
    # target is not part of what Today keeps (a setting does not change while serving), so the
    # change is marked first: otherwise the list kept above would be timed.
    settings.PIPELINE_TARGET, target = 10**6, settings.PIPELINE_TARGET
    changed()
    low = {FLOOR: reverse("bench_floor"), "today_pipeline_low": reverse("today:index")}
    low["today_pipeline_low_after_change"] = low["today_pipeline_low"] + "?after=change"
    measured = measure_pages(
        client, low, args.requests, before={"today_pipeline_low_after_change": changed}
    )
    results.update({name: row for name, row in measured.items() if name != FLOOR})
    settings.PIPELINE_TARGET = target
    if args.json:
        print(json.dumps(results))
        return
    print_table(
        results, f"{args.contacts} contacts per user, 2 users; data in {setup_seconds:.1f} s"
    )


def change_by_saving(owner, row):
    """A change of `owner`'s data for a page's "…_after_change" row: `row` (one of theirs) is
    saved, a real write that gives them a new token and clears what it feeds, as the app's own
    writes do. It returns how to put the token back after the timed view, so that the other
    pages of the round still find theirs."""
    from coffeechat.core.models import DataVersion

    def changed():
        token = DataVersion.objects.get(user_id=owner.pk).token
        row.save()
        return lambda: DataVersion.objects.filter(user_id=owner.pk).update(token=token)

    return changed


def new_minute(client, urls: list[str]):
    """The first view in a new minute, for a page's "…_new_minute" row. Results that follow the
    minute (core.freshness, so that steps falling due with time appear on time) are filed under
    it, so a person who looks at a page every few minutes finds none of them kept, though
    nothing changed. Each call moves the minute they are filed under on by one, and nothing
    else: the page still runs at the real time, and results kept for the day or however time
    passes are still found. It returns how to view `urls` again, untimed, after the timed view,
    so that the other pages of the round find theirs under the new minute."""
    from coffeechat.core import freshness

    filed_under, minutes_on = freshness._clock_key, [0]

    def moved_on(clock):
        key = filed_under(clock)
        return f"{key}+{minutes_on[0]}" if clock == "minute" else key

    freshness._clock_key = moved_on

    def next_minute():
        minutes_on[0] += 1
        return lambda: [client.get(url) for url in urls]

    return next_minute


def main_pages(people) -> dict[str, str]:
    """The pages a user spends the day on, and the floor to measure them against."""
    from django.urls import reverse

    pages = {
        FLOOR: reverse("bench_floor"),
        "contacts_page": reverse("contacts:list"),
        "search": reverse("contacts:list") + "?q=lima",
        # A rare text (22 of the 30,000 contacts): no page of matches to stop at.
        "search_rare": reverse("contacts:list") + "?q=1234",
        "contact_detail": reverse("contacts:detail", args=[people[len(people) // 2].pk]),
        "board": reverse("pipeline:board"),
        "today": reverse("today:index"),
    }
    extra = os.environ.get("BENCH_EXTRA_PAGES", "")
    for item in filter(None, extra.split(",")):
        name, _, url = item.partition("=")
        pages[name] = url
    return pages


if __name__ == "__main__":
    main()
