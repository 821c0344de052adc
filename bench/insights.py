"""Server time and query counts for the insights pages with 30,000 contacts.

Builds the same data as bench/contacts.py (30,000 contacts, 2,000 conversations, for two users)
and adds, for each user, a career path linking 200 conversations (150 of them met, with captures
and question notes), the same path under a Cyrillic name (its PDF embeds a Unicode font), a
second path to compare it with, a referral network of 300 people, and sent
requests with replies, so that every insights page has real work to do. Then it requests each
page and the floor (bench/floor.py) in 20 shuffled rounds in-process and prints each page's
median, spread, number of queries and ratio to the floor.

    .venv/bin/python bench/insights.py [--json] [--contacts 30000] [--requests 20]
"""

import importlib.util
import json
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("bench_contacts", HERE / "contacts.py")
base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(base)

TOPICS = ["career_path", "day_to_day", "skills", "trends", "organisation", "challenges", "advice"]


def add_insights(user, people, convs) -> dict:
    from django.utils import timezone

    from coffeechat.contacts.models import Contact
    from coffeechat.insights.models import CareerPath
    from coffeechat.meetings.models import Capture, Meeting
    from coffeechat.outreach.models import Reply, RequestDraft
    from coffeechat.pipeline.models import Conversation
    from coffeechat.prep.models import PlannedQuestion

    now = timezone.now()
    path = CareerPath.objects.create(
        user=user, name="UX research", fit="I like talking to people.", next_steps="Ask more."
    )
    other = CareerPath.objects.create(user=user, name="Data journalism", fit="Writing and data.")
    # The same 200 conversations under a Cyrillic name: its PDF embeds DejaVu, not Helvetica.
    unicode = CareerPath.objects.create(user=user, name="UX-исследования", fit="Люблю людей.")
    on_path = convs[:200]
    CareerPath.conversations.through.objects.bulk_create(
        CareerPath.conversations.through(careerpath_id=linked.pk, conversation_id=c.pk)
        for linked in (path, unicode)
        for c in on_path
    )
    CareerPath.conversations.through.objects.bulk_create(
        CareerPath.conversations.through(careerpath_id=other.pk, conversation_id=c.pk)
        for c in convs[200:300]
    )
    met = on_path[:150] + convs[200:260]
    Conversation.objects.filter(pk__in=[c.pk for c in met]).update(met_at=now - timedelta(days=3))
    meetings = Meeting.objects.bulk_create(
        Meeting(user=user, conversation=c, starts_at=now - timedelta(days=i % 90), status="held")
        for i, c in enumerate(met)
    )
    Capture.objects.bulk_create(
        Capture(
            user=user,
            meeting=m,
            kind=["insight", "advice", "resource"][k],
            topic=TOPICS[(i + k) % len(TOPICS)],
            text=f"Something learnt number {k} in meeting {i}, in a sentence or two of notes.",
        )
        for i, m in enumerate(meetings)
        for k in range(3)
    )
    PlannedQuestion.objects.bulk_create(
        PlannedQuestion(
            user=user,
            conversation=c,
            text=f"Question {k}?",
            topic=TOPICS[k],
            position=k,
            note="A short note." if k < 3 else "",
            status="asked" if k < 3 else "unasked",
        )
        for c in on_path
        for k in range(5)
    )
    # A referral network: 300 people, each referred by someone earlier (a wide, deep tree).
    referred = people[1:301]
    for i, person in enumerate(referred, start=1):
        person.referred_by_id = people[(i - 1) // 3].pk
    Contact.objects.bulk_update(referred, ["referred_by"], batch_size=500)
    # Outreach: 1,000 sent requests over the channels, 400 replies.
    channels = ["email", "linkedin-note", "linkedin-message", "phone"]
    RequestDraft.objects.bulk_create(
        RequestDraft(
            user=user,
            conversation=c,
            channel=channels[i % 4],
            builtin=["known", "alumni", "cold", ""][i % 4],
            sent_at=now - timedelta(days=i % 300),
        )
        for i, c in enumerate(convs[:1000])
    )
    Reply.objects.bulk_create(
        Reply(
            user=user,
            conversation=c,
            outcome=["yes", "not_now", "no", "out_of_office"][i % 4],
            replied_on=(now - timedelta(days=i % 300)).date(),
            business_days=i % 9,
        )
        for i, c in enumerate(convs[:400])
    )
    return {"path": path, "other": other, "unicode": unicode}


def main() -> None:
    args = base.page_bench_arguments(__doc__)

    base.setup_django()
    from django.test import Client

    rng = random.Random(2026)
    started = time.perf_counter()
    owner, people, convs = base.populate("owner", args.contacts, args.contacts // 10, 2000, rng)
    made = add_insights(owner, people, convs)
    second = base.populate("second", args.contacts, args.contacts // 10, 2000, rng)
    add_insights(*second)
    base.analyze()
    setup_seconds = time.perf_counter() - started

    client = Client()
    client.force_login(owner)
    path, other = made["path"].pk, made["other"].pk
    from django.urls import reverse

    def insights(name: str, *args) -> str:
        return reverse(f"insights:{name}", args=args)

    pages = {
        base.FLOOR: reverse("bench_floor"),
        "paths": insights("index"),
        "path": insights("path_detail", path),
        "path_links": insights("path_links", path) + "?q=lima",
        "compare": insights("compare") + f"?p={path}&p={other}",
        "network": insights("network"),
        "funnel": insights("funnel"),
        "export_md": insights("export_md", path),
        "export_pdf": insights("export_pdf", path),
        "export_pdf_unicode": insights("export_pdf", made["unicode"].pk),
    }
    from coffeechat.meetings.models import Capture

    # A path's synthesis and the funnel are kept per change of the user's data (core.freshness):
    # the plain rows are the views between changes, the "…_after_change" rows the first view
    # after one, which works them out again. The change is a real write, as when a capture is
    # edited: the first capture of a meeting on the path is saved, which gives the user a new
    # token (and clears its conversation's next step, as any write to it does). The user's
    # token is put back after that view, so the other pages of the round still find theirs.
    changed = base.change_by_saving(
        owner, Capture.objects.filter(user=owner).order_by("pk").first()
    )

    kept = ["path", "compare", "funnel", "export_md", "export_pdf"]
    # The first view in a new minute finds nothing kept either (bench.contacts.new_minute).
    minute = base.new_minute(client, [pages[name] for name in kept])
    before = {}
    for name in kept:
        url = pages[name] + ("&" if "?" in pages[name] else "?")
        pages[f"{name}_after_change"] = url + "after=change"
        before[f"{name}_after_change"] = changed
        pages[f"{name}_new_minute"] = url + "after=minute"
        before[f"{name}_new_minute"] = minute
    results = base.measure_pages(client, pages, args.requests, before=before)
    if args.json:
        print(json.dumps(results))
        return
    base.print_table(
        results, f"{args.contacts} contacts per user, 2 users; data in {setup_seconds:.1f} s"
    )


if __name__ == "__main__":
    sys.exit(main())
