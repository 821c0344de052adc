"""A sample of the drafts Coffeechat writes, for a human read, and how the coach takes them.

Builds 100 conversations of varied shape (with or without organisation, referrer, research,
phone, e-mail, introduction, signature and slot answers; long and accented names; every
relationship; the user's answers to each composer's slots or none), writes every kind of text
for each (each built-in request on each channel, the 3B7 follow-up, the thank-you in each form,
the close-the-loop update for each origin, the keep-in-touch check-in on each channel, the
invitation) to a text file, and prints how many got a problem or a warning from the coach, and
how many have a fault the property test looks for (a blank, a doubled mark, over the limit).

    .venv/bin/python bench/drafts.py [--samples 100] [--out FILE] [--seed 14]
"""

import argparse
import importlib.util
import random
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("bench_contacts", HERE / "contacts.py")
base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(base)

GIVEN = ["Priya", "Zoë", "François", "Łukasz", "Ngozi", "Siobhán", "Mary-Ann", "Jo", "Øystein"]
FAMILY = ["Shah", "Müller-Lüdenscheidt", "O'Connor", "Nguyễn", "de la Cruz", "Björk", "Lee"]
ORGANISATIONS = [None, "Carbon Trust", "Stripe, Inc", "Université de Montréal", "NHS", "Arup"]
RESEARCH = [
    "",
    "My dissertation supervisor.",
    "Leeds alumna (BSc Env Sci 2016).",
    "Advises companies on decarbonisation; graduate scheme opens in January.",
]
INTRODUCTIONS = [
    "",
    "I'm a final-year environmental science student exploring consulting",
    "I'm a designer moving into user research:",
]
ANSWERS = ["", "Your talk on heat networks.", "how you moved from research into consulting"]
POINTS = [
    "Usability testing with five users finds most problems.",
    "Advice: learn SQL first",
    "Resource: the book 'Just Enough Research'",
]
TASKS = ["Send {them} my dissertation summary", "Advice: read 'Designing Interviews'."]
# Answers to the thank-you's, the update's and the check-in's slots (nouns, and verbs in the tense
# their sentence wants).
WILL_DO = ["", "Join the research ops meetup you mentioned.", "read 'Just Enough Research'"]
DID = ["", "Signed up for the SQL course you recommended.", "wrote to Zoë"]
LINKS = ["", "https://example.org/heat-networks"]
NEWS = ["", "I've started a part-time course in data analysis.", "my first study is out"]


def name(rng) -> str:
    return f"{rng.choice(GIVEN)} {' '.join(rng.sample(FAMILY, rng.choice([1, 1, 2])))}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument(
        "--out", default=str(Path(tempfile.gettempdir()) / "coffeechat-drafts-sample.txt")
    )
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    base.setup_django()

    from django.contrib.auth.models import User

    from coffeechat.accounts.models import Profile
    from coffeechat.contacts.models import Relationship
    from coffeechat.core.tests import factories
    from coffeechat.outreach.tests.every_draft import every_text, text_faults

    rng = random.Random(args.seed)
    counts: dict[str, Counter] = {}
    total = Counter()
    with open(args.out, "w", encoding="utf-8") as out:
        for n in range(args.samples):
            user = User.objects.create_user(f"writer{n}", rng.choice(["", f"w{n}@example.org"]))
            Profile.objects.create(
                user=user,
                full_name=rng.choice(["", name(rng)]),
                preferred_name=rng.choice(["", "", name(rng)]),
                phone=rng.choice(["", "07700 900123"]),
                introduction=rng.choice(INTRODUCTIONS),
                signature=rng.choice(["", "Alice Martin\nMSc Design, Leeds"]),
            )
            org_name = rng.choice(ORGANISATIONS)
            org = (
                factories.organisation(user, org_name, research_notes=rng.choice(RESEARCH))
                if org_name
                else None
            )
            referrer = factories.contact(user, name(rng)) if rng.random() < 0.4 else None
            contact = factories.contact(
                user,
                name(rng),
                org=org,
                relationship=rng.choice(Relationship.values),
                referred_by=referrer,
                research_notes=rng.choice(RESEARCH),
            )
            conversation = factories.conversation(user, contact)
            slots = {s: rng.choice(ANSWERS) for s in ("caught_eye", "learn")}
            slots["school"] = rng.choice(["", "Leeds"])
            slots["event"] = rng.choice(["", "the Leeds Climate Week"])
            for noun in ("stayed", "changed", "outcome", "read", "ask_after"):
                slots[noun] = rng.choice(ANSWERS)
            slots["will_do"] = rng.choice(WILL_DO)
            slots["did_advice"] = rng.choice(DID)
            slots["link"] = rng.choice(LINKS)
            slots["news"] = rng.choice(NEWS)
            texts = every_text(
                conversation,
                slots,
                points=rng.sample(POINTS, rng.randint(0, 2)),
                task=rng.choice(TASKS).format(them=contact.first_name),
            )
            for generated in texts:
                count = counts.setdefault(generated.kind, Counter())
                count["drafts"] += 1
                problems = {f.rule for f in generated.findings if f.severity == "problem"}
                # A thank-you waiting for "what stayed with you": the composer asks for it, and
                # the coach says the same; only the user can name what they found useful.
                waits = problems == {"thankyou.no-specific-point"} and "stayed" in generated.asks
                severities = {str(f.severity) for f in generated.findings}
                faults = text_faults(generated)
                for label, hit in (
                    ("problem", bool(problems) and not waits),
                    ("asked", waits),
                    ("warning", "warning" in severities),
                    ("fault", bool(faults)),
                ):
                    count[label] += hit
                    total[label] += hit
                total["drafts"] += 1
                rules = ", ".join(f"{f.severity}: {f.rule}" for f in generated.findings)
                fault = f" · FAULT {', '.join(faults)}" if faults else ""
                fault += f" · ASKS for {', '.join(generated.asks)}" if generated.asks else ""
                out.write(
                    f"=== {n + 1:03d} {generated.kind} · {generated.channel or 'calendar'}"
                    f" · {rules or 'no findings'}{fault}\n{generated.text.rstrip()}\n\n"
                )
    print(f"{total['drafts']} drafts from {args.samples} conversations written to {args.out}")
    print(
        "problem: the coach finds one; asked: a thank-you whose only problem is the point the "
        "composer asks the user for"
    )
    print(f"{'kind':<22}{'drafts':>7}{'problem':>9}{'asked':>7}{'warning':>9}{'fault':>7}")
    for kind, count in [*counts.items(), ("all", total)]:
        print(
            f"{kind:<22}{count['drafts']:>7}{count['problem']:>9}{count['asked']:>7}"
            f"{count['warning']:>9}{count['fault']:>7}"
        )


if __name__ == "__main__":
    main()
