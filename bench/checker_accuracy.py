"""How well the coach's checkers do on our own labelled texts.

    .venv/bin/python bench/checker_accuracy.py [--json] [--verbose]

For requests (coffeechat/coach/data/requests_labelled.jsonl) and questions
(coffeechat/coach/data/questions_labelled.jsonl) it prints:

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
    if stage == "request":
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
    args = parser.parse_args(argv)

    results: dict[str, dict] = {
        "definitions": {"false_alarm": FALSE_ALARM_DEFINITION, "caught": CAUGHT_DEFINITION}
    }
    for name, (path, stage) in SETS.items():
        if not path.exists():
            results[name] = {"skipped": f"{path.relative_to(ROOT)} does not exist yet"}
            continue
        results[name] = measure(load(path), stage)

    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return 0
    print(f"Definitions: {FALSE_ALARM_DEFINITION}; {CAUGHT_DEFINITION}.\n")
    for name in SETS:
        if "skipped" in results[name]:
            print(f"== {name}: skipped, {results[name]['skipped']}\n")
        else:
            print_report(name, results[name], args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
