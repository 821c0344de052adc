"""How well the coach's checkers do on our own labelled texts and on published material.

    .venv/bin/python bench/checker_accuracy.py [--json] [--verbose] [--show-held-out]

The development set (coffeechat/coach/data/*_published.jsonl) holds questions, request messages
and thank-you notes as career centres, professional bodies, books and course material publish
them, each with its source URL and label ("recommended" / "dont-ask", "good" / "criticised").
On it the script prints the issue's figures:

- "don't ask" questions flagged with a problem or a warning;
- recommended questions flagged with a problem, and given any warning (duplicates aside);
- requests where the checker agrees with the advisers (good: no problem; criticised: a problem or
  a warning), and good requests given two or more warnings;
- thank-you notes where the checker agrees, the same way.

How the figures are read, and why there are three of them. The rules are written by hand, not
fitted, so "leave one source out" cannot mean retraining without a source. It means two things:

1. Per source: every figure is also read on each source's items alone, and the summary gives
   the mean and the worst over the sources that hold items of a kind. A rule that memorised one
   source's sentences shows up as one good source and many poor ones.
2. Held out: every item carries a "split". Items marked "held-out" come from sources that were
   gathered but whose checker output was not read while the rules were tuned; the script never
   lists the texts it gets wrong there unless --show-held-out is given, and reports their
   figures apart ("held_out"). That figure is the honest estimate for text the rules have not
   seen; "tuning" is the figure on the rest.

The whole-set figure ("headline") counts both. Per rule it also prints precision (of the texts a
rule fired on, how many are bad) and recall (of the bad texts labelled with it, how many it
caught); per label (good / criticised, recommended / don't ask) how many were flagged, with
precision and recall of "flagged" and of "a problem"; and per reason a source gives, how many
were flagged. For requests and thank-you notes the leave-one-source-out summary counts the
sources below the target and names the tuning ones (held-out sources are counted, not named).

For the older hand-written sets (requests_labelled.jsonl and questions_labelled.jsonl) it prints:

- false alarms: good texts that the checker flags with a problem (target: at most 5%);
- caught: bad texts that the checker flags with at least one problem or warning — or, for a bad
  text whose labelled mistakes are all tip-level rules, with at least one of those tips
  (target: at least 85%);
- expected rules: bad texts on which every labelled rule fired;
- per rule: how often it fired on good and on bad texts, and how many of the texts labelled
  with it it caught.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coffeechat.coach import engine  # noqa: E402
from coffeechat.coach.engine import CheckContext, Severity  # noqa: E402

DATA = ROOT / "coffeechat" / "coach" / "data"
SETS = {
    "requests": (DATA / "requests_labelled.jsonl", "request"),
    "questions": (DATA / "questions_labelled.jsonl", "question"),
}
# Published items, each with its source URL: the development set the headline figures are read on.
PUBLISHED = {
    "questions": (DATA / "questions_published.jsonl", "question"),
    "requests": (DATA / "requests_published.jsonl", "request"),
    "thankyous": (DATA / "thankyous_published.jsonl", "thankyou"),
}
CAUGHT_DEFINITION = (
    "a bad text is caught when the checker flags it with at least one problem or warning, or, "
    "when all its labelled mistakes are tip-level rules, when at least one of those tips fires"
)
FALSE_ALARM_DEFINITION = "a good text is a false alarm when the checker flags it with a problem"


def load(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                row = json.loads(line)
                row.setdefault("id", f"line-{number}")
                rows.append(row)
    return rows


def context_for(row: dict, stage: str) -> CheckContext:
    """The context a labelled row describes: top-level keys, then its optional "context" dict."""
    values: dict = {}
    if stage == "thankyou":
        values["note_points"] = row.get("note_points") or []
    elif stage == "request":
        values["channel"] = row.get("channel") or "email"
        values["referrer_name"] = row.get("referrer") or ""
        values["connection"] = row.get("connection") or ""
    else:
        values["other_questions"] = [q for q in row.get("plan") or [] if q != row["text"]]
    known = {f.name for f in dataclasses.fields(CheckContext)}
    values.update({k: v for k, v in (row.get("context") or {}).items() if k in known})
    return CheckContext(**values)


def measure(rows: list[dict], stage: str) -> dict:
    severities = {r.id: r.severity for r in engine.rules_for(stage)}
    good = [r for r in rows if r.get("good")]
    bad = [r for r in rows if not r.get("good")]
    fired_good: Counter[str] = Counter()
    fired_bad: Counter[str] = Counter()
    expected: Counter[str] = Counter()
    expected_hit: Counter[str] = Counter()
    false_alarms, missed, incomplete = [], [], []

    for row in rows:
        findings = engine.check(stage, row["text"], context_for(row, stage))
        fired = {f.rule for f in findings}
        (fired_good if row.get("good") else fired_bad).update(fired)
        if row.get("good"):
            if engine.has_problem(findings):
                problems = sorted({f.rule for f in findings if f.severity is Severity.PROBLEM})
                false_alarms.append({"id": row["id"], "rules": problems})
            continue
        labelled = list(row.get("expected_rules") or [])
        expected.update(labelled)
        expected_hit.update(rule for rule in labelled if rule in fired)
        serious = any(f.severity.rank >= Severity.WARNING.rank for f in findings)
        tips_only = bool(labelled) and all(
            severities.get(rule) is Severity.TIP for rule in labelled
        )
        caught = serious or (tips_only and any(rule in fired for rule in labelled))
        if not caught:
            missed.append({"id": row["id"], "fired": sorted(fired)})
        not_fired = [rule for rule in labelled if rule not in fired]
        if not_fired:
            incomplete.append({"id": row["id"], "not_fired": not_fired})

    def rate(part: int, whole: int) -> float:
        return round(part / whole, 4) if whole else 0.0

    per_rule = {
        rule_id: {
            "severity": str(severity),
            "fired_on_good": fired_good[rule_id],
            "fired_on_bad": fired_bad[rule_id],
            "labelled": expected[rule_id],
            "labelled_and_fired": expected_hit[rule_id],
        }
        for rule_id, severity in sorted(severities.items())
    }
    unknown = sorted(set(expected) - set(severities))
    return {
        "texts": len(rows),
        "good": len(good),
        "bad": len(bad),
        "false_alarms": len(false_alarms),
        "false_alarm_rate": rate(len(false_alarms), len(good)),
        "caught": len(bad) - len(missed),
        "caught_rate": rate(len(bad) - len(missed), len(bad)),
        "all_expected_fired": len(bad) - len(incomplete),
        "all_expected_fired_rate": rate(len(bad) - len(incomplete), len(bad)),
        "per_rule": per_rule,
        "unknown_labelled_rules": unknown,
        "false_alarm_texts": false_alarms,
        "missed_texts": missed,
        "incomplete_texts": incomplete,
    }


HELD_OUT = "held-out"


def split_of(row: dict) -> str:
    """Which part of the development set a published item belongs to (see the module doc)."""
    return row.get("split") or "development"


def subset(rows_by_set: dict[str, list[dict]], split: str) -> dict[str, list[dict]]:
    return {k: [r for r in rows if split_of(r) == split] for k, rows in rows_by_set.items()}


def _serious(findings: list) -> bool:
    return any(f.severity.rank >= Severity.WARNING.rank for f in findings)


def headline(rows_by_set: dict[str, list[dict]], show_held_out: bool = False) -> dict:
    """The issue's five figures, on whatever rows are given (the whole set or one source).

    The texts it gets wrong are listed under "misses", except held-out ones unless asked.
    """

    def shown(row: dict) -> bool:
        return show_held_out or split_of(row) != HELD_OUT

    dont, rec, good_req, bad_req, thanks = [], [], [], [], []
    for stage_set, rows in rows_by_set.items():
        stage = PUBLISHED[stage_set][1]
        for row in rows:
            findings = engine.check(stage, row["text"], context_for(row, stage))
            item = (row, findings)
            if stage == "question":
                (rec if row.get("good") else dont).append(item)
            elif stage == "request":
                (good_req if row.get("good") else bad_req).append(item)
            else:
                thanks.append(item)

    def share(part: int, whole: int) -> dict:
        return {"count": part, "of": whole, "rate": round(part / whole, 4) if whole else None}

    warned = [
        (r, f)
        for r, f in rec
        if any(x.severity is Severity.WARNING and x.rule != "question.duplicate" for x in f)
    ]
    agree = [1 for _r, f in good_req if not engine.has_problem(f)]
    agree += [1 for _r, f in bad_req if _serious(f)]
    two_warnings = [r for r, f in good_req if sum(x.severity is Severity.WARNING for x in f) >= 2]
    return {
        "dont_ask_flagged": share(sum(_serious(f) for _r, f in dont), len(dont)),
        "recommended_problem": share(sum(engine.has_problem(f) for _r, f in rec), len(rec)),
        "recommended_warning": share(len(warned), len(rec)),
        "requests_agree": share(len(agree), len(good_req) + len(bad_req)),
        "good_requests_two_warnings": share(len(two_warnings), len(good_req)),
        "thankyous_agree": share(
            sum((not engine.has_problem(f)) if r.get("good") else _serious(f) for r, f in thanks),
            len(thanks),
        ),
        "misses": {
            "dont_ask_not_flagged": [r["text"] for r, f in dont if shown(r) and not _serious(f)],
            "recommended_problem": [
                [r["text"], [x.rule for x in f if x.severity is Severity.PROBLEM]]
                for r, f in rec
                if shown(r) and engine.has_problem(f)
            ],
            "recommended_warning": [
                [r["text"], [x.rule for x in f if x.severity is Severity.WARNING]]
                for r, f in warned
                if shown(r)
            ],
            "requests_disagree": [
                [r["id"], [x.rule for x in f if x.severity.rank >= Severity.WARNING.rank]]
                for r, f in good_req
                if shown(r) and engine.has_problem(f)
            ]
            + [[r["id"], [x.rule for x in f]] for r, f in bad_req if shown(r) and not _serious(f)],
            "good_requests_two_warnings": [
                [r["id"], [x.rule for x in f if x.severity is Severity.WARNING]]
                for r, f in good_req
                if shown(r) and sum(x.severity is Severity.WARNING for x in f) >= 2
            ],
            "thankyous_disagree": [
                [r["id"], [x.rule for x in f]]
                for r, f in thanks
                if shown(r) and (engine.has_problem(f) if r.get("good") else not _serious(f))
            ],
        },
    }


TARGETS = {
    "dont_ask_flagged": (">=", 0.90),
    "recommended_problem": ("<=", 0.03),
    "recommended_warning": ("<=", 0.08),
    "requests_agree": (">=", 0.95),
    "good_requests_two_warnings": ("<=", 0.0),
    "thankyous_agree": (">=", 0.95),
}
LABELS = {
    "dont_ask_flagged": '"Don\'t ask" questions flagged (problem or warning)',
    "recommended_problem": "Recommended questions flagged as a problem",
    "recommended_warning": "Recommended questions given a warning (duplicates aside)",
    "requests_agree": "Requests where the checker agrees with the advisers",
    "good_requests_two_warnings": "Good published requests given two or more warnings",
    "thankyous_agree": "Thank-you notes where the checker agrees (not in the issue's table)",
}


def per_rule_precision(rows_by_set: dict[str, list[dict]]) -> dict:
    """Per rule: precision (of the texts it fired on, how many are bad) and recall (of the bad
    texts labelled with it, how many it caught); per label (reason): how many it flagged."""
    out: dict[str, dict] = {}
    reasons: dict[str, list[int]] = {}
    labels: dict[str, dict[str, dict[str, int]]] = {}
    for stage_set, rows in rows_by_set.items():
        stage = PUBLISHED[stage_set][1]
        for r in engine.rules_for(stage):
            out.setdefault(
                r.id,
                {
                    "fired_good": 0,
                    "fired_bad": 0,
                    "labelled": 0,
                    "hit": 0,
                    "severity": str(r.severity),
                },
            )
        for row in rows:
            findings = engine.check(stage, row["text"], context_for(row, stage))
            fired = {f.rule for f in findings}
            label = "good" if row.get("good") else "criticised"
            slot = labels.setdefault(stage, {}).setdefault(
                label, {"of": 0, "problem": 0, "flagged": 0}
            )
            slot["of"] += 1
            slot["problem"] += engine.has_problem(findings)
            slot["flagged"] += _serious(findings)
            for rule_id in fired:
                out[rule_id]["fired_good" if row.get("good") else "fired_bad"] += 1
            for rule_id in row.get("expected_rules") or []:
                slot = out.setdefault(
                    rule_id, {"fired_good": 0, "fired_bad": 0, "labelled": 0, "hit": 0}
                )
                slot["labelled"] += 1
                slot["hit"] += rule_id in fired
            if not row.get("good"):
                got = reasons.setdefault(f"{stage}:{row.get('reason') or 'unlabelled'}", [0, 0])
                got[0] += _serious(findings)
                got[1] += 1
    for slot in out.values():
        fired = slot["fired_good"] + slot["fired_bad"]
        slot["precision"] = round(slot["fired_bad"] / fired, 4) if fired else None
        slot["recall"] = round(slot["hit"] / slot["labelled"], 4) if slot["labelled"] else None
    return {
        "rules": out,
        "labels": {k: {"flagged": v[0], "of": v[1]} for k, v in sorted(reasons.items())},
        "by_label": {stage: _label_figures(got) for stage, got in labels.items()},
    }


def _label_figures(got: dict[str, dict[str, int]]) -> dict:
    """Per label, with "flagged" meaning a problem or a warning: how many of each label were
    flagged; precision (of the flagged texts, how many are criticised) and recall (of the
    criticised texts, how many were flagged), and the same for problems alone."""
    bad = got.get("criticised", {"of": 0, "problem": 0, "flagged": 0})
    good = got.get("good", {"of": 0, "problem": 0, "flagged": 0})

    def ratio(part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    return {
        "criticised": bad,
        "good": good,
        "flagged_precision": ratio(bad["flagged"], bad["flagged"] + good["flagged"]),
        "flagged_recall": ratio(bad["flagged"], bad["of"]),
        "problem_precision": ratio(bad["problem"], bad["problem"] + good["problem"]),
        "problem_recall": ratio(bad["problem"], bad["of"]),
    }


def _count_sources(rows_by_set: dict[str, list[dict]]) -> int:
    return len({r["source"] for rows in rows_by_set.values() for r in rows})


def by_source(rows_by_set: dict[str, list[dict]]) -> dict:
    """Leave-one-source-out, per source: each source's items scored on their own.

    The rules are written by hand, not fitted, so there is nothing to retrain without a source;
    the honest equivalents are these per-source figures (mean and worst over the sources that
    hold items of a kind) and the held-out split (see the module doc). A rule that only memorised
    one source's sentences shows up as one good source and many poor ones.
    """
    sources = sorted({row["source"] for rows in rows_by_set.values() for row in rows})
    tuned = {
        row["source"] for rows in rows_by_set.values() for row in rows if split_of(row) != HELD_OUT
    }
    held_out = set(sources) - tuned
    per: dict[str, dict] = {}
    for url in sources:
        part = {k: [r for r in rows if r["source"] == url] for k, rows in rows_by_set.items()}
        figures = headline(part)
        figures.pop("misses")
        per[url] = figures
    summary = {}
    for key, (direction, _target) in TARGETS.items():
        rates = [f[key]["rate"] for f in per.values() if f[key]["rate"] is not None]
        if rates:
            worst = min(rates) if direction == ">=" else max(rates)
            summary[key] = {
                "mean": round(sum(rates) / len(rates), 4),
                "worst": worst,
                "sources": len(rates),
            }
    by_kind = {}
    for kind, key in (("requests", "requests_agree"), ("thankyous", "thankyous_agree")):
        direction, target = TARGETS[key]
        scored = {url: f[key] for url, f in per.items() if f[key]["rate"] is not None}
        if not scored:
            continue
        rates = [f["rate"] for f in scored.values()]
        by_kind[kind] = {
            "sources": len(scored),
            "mean": round(sum(rates) / len(rates), 4),
            "worst": min(rates),
            "all_agree": sum(f["count"] == f["of"] for f in scored.values()),
            # Tuning sources only by name: a held-out source's misses stay unread while tuning.
            "below_target": sorted(
                url for url, f in scored.items() if f["rate"] < target and url not in held_out
            ),
            "below_target_held_out": sum(
                f["rate"] < target for url, f in scored.items() if url in held_out
            ),
        }
    return {"summary": summary, "by_kind": by_kind, "sources": per}


def print_headline(figures: dict, loso: dict) -> None:
    print("== headline figures on the published development set")
    for key, (direction, target) in TARGETS.items():
        f = figures[key]
        rate = "n/a" if f["rate"] is None else f"{f['rate']:.1%}"
        held = loso["summary"].get(key)
        held_text = (
            f"; per source mean {held['mean']:.1%}, worst {held['worst']:.1%} "
            f"over {held['sources']} sources"
            if held
            else ""
        )
        print(
            f"{LABELS[key]}: {f['count']}/{f['of']} ({rate}; target {direction} {target:.0%})"
            f"{held_text}"
        )
    print()


def print_loso(loso: dict) -> None:
    print("== leave one source out (each source's items scored on their own)")
    for kind, f in loso["by_kind"].items():
        below = len(f["below_target"]) + f["below_target_held_out"]
        print(
            f"{kind}: {f['sources']} sources; agreement per source mean {f['mean']:.1%}, "
            f"worst {f['worst']:.1%}; {f['all_agree']} sources fully agree, {below} below target "
            f"({f['below_target_held_out']} of them held out, not named)"
        )
        for url in f["below_target"]:
            print(f"  below target: {url}")
    print()


def print_precision(per_rule: dict) -> None:
    print("== per label (flagged = a problem or a warning)")
    for stage, f in per_rule["by_label"].items():
        bad, good = f["criticised"], f["good"]

        def pct(value: float | None) -> str:
            return "n/a" if value is None else f"{value:.1%}"

        print(
            f"{stage}: criticised {bad['flagged']}/{bad['of']} flagged, {bad['problem']} with a "
            f"problem; good {good['flagged']}/{good['of']} flagged, {good['problem']} with a "
            f"problem; flagged precision {pct(f['flagged_precision'])}, recall "
            f"{pct(f['flagged_recall'])}; problem precision {pct(f['problem_precision'])}, "
            f"recall {pct(f['problem_recall'])}"
        )
    print()
    print("== per rule on the published set (precision: bad among the texts it fired on;")
    print("   recall: of the criticised texts labelled with it, how many it fired on)")
    print(f"{'rule':34} {'severity':8} {'good':>5} {'bad':>5} {'precision':>9} {'recall':>9}")
    for rule_id, row in sorted(per_rule["rules"].items()):
        if not rule_id.startswith(("request.", "thankyou.")):
            continue
        precision = "n/a" if row["precision"] is None else f"{row['precision']:.0%}"
        recall = "n/a" if row["recall"] is None else f"{row['hit']}/{row['labelled']}"
        print(
            f"{rule_id:34} {row.get('severity', '?'):8} {row['fired_good']:>5} "
            f"{row['fired_bad']:>5} {precision:>9} {recall:>9}"
        )
    print()


def print_figures(figures: dict) -> None:
    for key, (direction, target) in TARGETS.items():
        f = figures[key]
        rate = "n/a" if f["rate"] is None else f"{f['rate']:.1%}"
        print(f"  {LABELS[key]}: {f['count']}/{f['of']} ({rate}; target {direction} {target:.0%})")
    print()


def print_report(name: str, figures: dict, verbose: bool) -> None:
    print(f"== {name}: {figures['texts']} texts ({figures['good']} good, {figures['bad']} bad)")
    print(
        f"false alarms: {figures['false_alarms']}/{figures['good']} good texts flagged with a "
        f"problem ({figures['false_alarm_rate']:.1%}; target at most 5%)"
    )
    print(
        f"caught:       {figures['caught']}/{figures['bad']} bad texts "
        f"({figures['caught_rate']:.1%}; target at least 85%)"
    )
    print(
        f"expected:     {figures['all_expected_fired']}/{figures['bad']} bad texts on which every "
        f"labelled rule fired ({figures['all_expected_fired_rate']:.1%})"
    )
    print(f"{'rule':34} {'severity':8} {'good':>5} {'bad':>5} {'labelled hits':>14}")
    for rule_id, row in figures["per_rule"].items():
        hits = f"{row['labelled_and_fired']}/{row['labelled']}"
        print(
            f"{rule_id:34} {row['severity']:8} {row['fired_on_good']:>5} "
            f"{row['fired_on_bad']:>5} {hits:>14}"
        )
    if figures["unknown_labelled_rules"]:
        unknown = ", ".join(figures["unknown_labelled_rules"])
        print(f"labelled with rules that do not exist: {unknown}")
    if verbose:
        for row in figures["false_alarm_texts"]:
            print(f"  false alarm {row['id']}: {', '.join(row['rules'])}")
        for row in figures["missed_texts"]:
            print(f"  missed {row['id']}: fired {', '.join(row['fired']) or 'nothing'}")
        for row in figures["incomplete_texts"]:
            print(f"  not fired on {row['id']}: {', '.join(row['not_fired'])}")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--verbose", action="store_true", help="list the texts it gets wrong")
    parser.add_argument(
        "--show-held-out",
        action="store_true",
        help="also list the held-out texts it gets wrong (read them only once tuning is over)",
    )
    args = parser.parse_args(argv)

    results: dict[str, dict] = {
        "definitions": {"false_alarm": FALSE_ALARM_DEFINITION, "caught": CAUGHT_DEFINITION}
    }
    published = {k: load(path) for k, (path, _stage) in PUBLISHED.items() if path.exists()}
    held = subset(published, HELD_OUT)
    results["development_set"] = {
        "items": {k: len(v) for k, v in published.items()},
        "sources": _count_sources(published),
        "headline": headline(published, args.show_held_out),
        "tuning": headline(subset(published, "development")),
        "held_out": {
            "items": {k: len(v) for k, v in held.items()},
            "sources": _count_sources(held),
            "figures": headline(held, args.show_held_out),
        },
        "per_rule": per_rule_precision(published),
        "leave_one_source_out": by_source(published),
    }
    for name, (path, stage) in SETS.items():
        if not path.exists():
            results[name] = {"skipped": f"{path.relative_to(ROOT)} does not exist yet"}
            continue
        results[name] = measure(load(path), stage)

    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return 0
    dev = results["development_set"]
    print(f"Development set: {dev['items']} items from {dev['sources']} published sources.")
    print_headline(dev["headline"], dev["leave_one_source_out"])
    held = dev["held_out"]
    print(
        f"Held out (not read while tuning): {held['items']} items from {held['sources']} sources."
    )
    print_figures(held["figures"])
    print("Tuning part (the rest):")
    print_figures(dev["tuning"])
    print_loso(dev["leave_one_source_out"])
    print_precision(dev["per_rule"])
    if args.verbose:
        for kind, texts in dev["headline"]["misses"].items():
            for text in texts:
                print(f"  {kind}: {text}")
        print()
    print(f"Definitions: {FALSE_ALARM_DEFINITION}; {CAUGHT_DEFINITION}.\n")
    for name in SETS:
        if "skipped" in results[name]:
            print(f"== {name}: skipped, {results[name]['skipped']}\n")
        else:
            print_report(name, results[name], args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
