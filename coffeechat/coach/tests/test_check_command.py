"""`coffeechat check request|questions|thankyou PATH`, and Django's system checks under it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.commands import check as django_check

from coffeechat.coach import engine
from coffeechat.coach.engine import CheckContext, Span

ROOT = Path(__file__).resolve().parents[3]

GOOD_REQUEST = """Hi Maria,

Ana Ruiz suggested I get in touch with you. Your talk on green stormwater design stuck with me.

Would you be open to a 20-minute call in the next few weeks? Your move from consulting into
municipal work is the path I'm curious about.

Thanks,
Priya
"""

BAD_REQUEST = """To whom it may concern,

I am looking for a job. Could we talk for 20 minutes? No worries if not.
"""

KEYS = ["rule", "severity", "message", "source", "start", "end"]


def run(*args: str) -> tuple[int, str]:
    """Run the command; returns (exit status, stdout)."""
    out = StringIO()
    try:
        call_command("check", *args, stdout=out)
    except SystemExit as exit:
        return int(exit.code or 0), out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def write(tmp_path: Path):
    def write(text: str, name: str = "draft.txt") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


# --- request ----------------------------------------------------------------------------------


def test_it_prints_no_findings_and_exits_0_for_a_good_request(write) -> None:
    status, out = run("request", write(GOOD_REQUEST), "--referrer", "Ana Ruiz")
    assert status == 0
    assert out.strip() == "request: no findings."


def test_it_prints_one_line_per_finding_and_exits_1_on_a_problem(write) -> None:
    status, out = run("request", write(BAD_REQUEST))
    assert status == 1
    lines = out.strip().splitlines()
    start = BAD_REQUEST.index("job")
    assert lines[0] == (
        f"problem request.mentions-job: {engine.get_rule('request.mentions-job').message} "
        "(Informational interviews: why and how? (Magdalena Mot)) "
        f"[{start}-{start + 3}]"
    )
    assert lines[1].startswith("warning request.generic-greeting: ")
    assert lines[1].endswith("[0-22]")
    assert lines[-1] == "request: 1 problem, 1 warning, 1 tip."
    assert any(line.startswith("tip request.about-me: ") and "[" not in line for line in lines)


def test_it_prints_json_with_exactly_the_documented_keys(write) -> None:
    status, out = run("request", write(BAD_REQUEST), "--format", "json")
    assert status == 1
    rows = json.loads(out)
    # A rule that offers a rewrite adds "suggestion" after the documented keys.
    assert all(list(row) in (KEYS, [*KEYS, "suggestion"]) for row in rows)
    assert rows[0] == {
        "rule": "request.mentions-job",
        "severity": "problem",
        "message": engine.get_rule("request.mentions-job").message,
        "source": "001_534f4aae1c4f1e86.txt",
        "start": BAD_REQUEST.index("job"),
        "end": BAD_REQUEST.index("job") + 3,
        "suggestion": engine.get_rule("request.mentions-job").suggestion,
    }
    last = rows[-1]
    assert (last["rule"], last["start"], last["end"]) == ("request.about-me", None, None)


def test_it_exits_0_when_there_are_only_warnings(write) -> None:
    text = "Hi Sam,\n\nYour talk on maps was great. Could we meet sometime? No worries if not."
    status, out = run("request", write(text), "--format", "json")
    assert status == 0
    assert [row["rule"] for row in json.loads(out)] == ["request.no-time-ask"]


def test_it_prints_an_empty_json_list_for_a_good_request(write) -> None:
    status, out = run("request", write(GOOD_REQUEST), "--format", "json", "--referrer", "Ana Ruiz")
    assert (status, json.loads(out)) == (0, [])


def test_it_uses_the_channel_and_referrer(write) -> None:
    note = "Hi Grace, " + "your work is inspiring and " * 12 + "could we talk for 15 minutes?"
    assert len(note) > 300
    status, out = run("request", write(note), "--channel", "linkedin-note", "--format", "json")
    assert status == 1
    assert "request.too-long" in [row["rule"] for row in json.loads(out)]

    status, out = run("request", write(GOOD_REQUEST), "--referrer", "Tunde Bakare")
    assert status == 0
    assert "warning request.connection-late:" in out


def test_it_reports_a_missing_file_as_a_command_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No such file") as error:
        call_command("check", "request", str(tmp_path / "nope.txt"), stdout=StringIO())
    assert error.value.returncode == 2


def test_it_wants_exactly_one_file() -> None:
    with pytest.raises(CommandError, match="exactly one file"):
        call_command("check", "request", stdout=StringIO())


def test_it_rejects_coach_options_without_a_checker() -> None:
    with pytest.raises(CommandError, match="Name a checker"):
        call_command("check", "--format", "json", stdout=StringIO())


# --- questions --------------------------------------------------------------------------------


@pytest.fixture
def marker_rule() -> Iterator[list[list[str]]]:
    """A stand-in question rule: flags the word MARK and records what else was in the plan."""
    seen: list[list[str]] = []

    def check(text: str, context: CheckContext) -> list[Span]:
        seen.append(list(context.other_questions))
        start = text.find("MARK")
        return [Span(start, start + 4)] if start >= 0 else []

    engine.rules_for("question")  # load the real rule modules first
    engine.rule(
        "test.marker", stage="question", severity="problem", message="Marked.", source="tests"
    )(check)
    yield seen
    del engine._REGISTRY["test.marker"]


def test_it_checks_each_question_against_the_rest_of_the_plan(write, marker_rule) -> None:
    path = write("What trends are you watching?\n\nWhat MARK do you use?\nWho else?\n")
    status, out = run("questions", path, "--format", "json")
    assert status == 1
    rows = [row for row in json.loads(out) if row["rule"] == "test.marker"]
    assert rows == [
        {
            "rule": "test.marker",
            "severity": "problem",
            "message": "Marked.",
            "source": "tests",
            "start": 5,
            "end": 9,
            "line": 3,
        }
    ]
    assert marker_rule == [
        ["What MARK do you use?", "Who else?"],
        ["What trends are you watching?", "Who else?"],
        ["What trends are you watching?", "What MARK do you use?"],
    ]


def test_it_prints_the_line_number_of_each_question_finding(write, marker_rule) -> None:
    status, out = run("questions", write("Fine question?\nA MARK here?\n"))
    assert status == 1
    assert "line 2: problem test.marker: Marked. (tests) [2-6]" in out.splitlines()


# --- thank-you --------------------------------------------------------------------------------

THANKS = "Hi Maria, thank you! I have signed up for the SWMM stormwater modelling course."


def test_it_checks_a_thank_you_against_the_notes(write) -> None:
    notes = write("- Learn stormwater modelling (SWMM)\n* Meet Jane Liu at the food bank\n", "n.md")
    status, out = run("thankyou", write(THANKS), "--notes", notes, "--format", "json")
    assert (status, json.loads(out)) == (0, [])

    vague = write("Hi Maria, thank you so much for your time and advice!")
    status, out = run("thankyou", vague, "--notes", notes)
    assert status == 1
    assert out.startswith("problem thankyou.no-specific-point: ")


def test_it_reports_a_missing_notes_file(write, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No such file"):
        call_command(
            "check",
            "thankyou",
            write(THANKS),
            "--notes",
            str(tmp_path / "none.txt"),
            stdout=StringIO(),
        )


@time_machine.travel(datetime(2026, 3, 4, 9, 0, tzinfo=UTC), tick=False)
def test_it_warns_when_the_meeting_ended_over_a_day_ago(write) -> None:
    status, out = run("thankyou", write(THANKS), "--meeting-ended", "2026-03-02T15:00+00:00")
    assert status == 0
    assert out.startswith("warning thankyou.late: ")

    status, out = run("thankyou", write(THANKS), "--meeting-ended", "2026-03-03T15:00+00:00")
    assert out.strip() == "thankyou: no findings."


def test_it_rejects_a_meeting_time_it_cannot_read(write) -> None:
    with pytest.raises(CommandError, match="--meeting-ended"):
        call_command(
            "check", "thankyou", write(THANKS), "--meeting-ended", "yesterday", stdout=StringIO()
        )


# --- Django's own system checks ---------------------------------------------------------------


def test_it_runs_django_system_checks_without_a_checker_name() -> None:
    with mock.patch.object(django_check.Command, "handle", return_value=None) as handle:
        call_command("check", stdout=StringIO())
        call_command("check", "--deploy", stdout=StringIO())
        call_command("check", "coach", "--fail-level", "WARNING", stdout=StringIO())
    assert handle.call_count == 3
    assert handle.call_args_list[1].kwargs["deploy"] is True
    assert handle.call_args_list[2].args == ("coach",)
    assert handle.call_args_list[2].kwargs["fail_level"] == "WARNING"


def test_it_still_lists_django_check_tags() -> None:
    out = StringIO()
    call_command("check", "--list-tags", stdout=out)
    assert "models" in out.getvalue().split()


# --- the real command line --------------------------------------------------------------------


def test_it_exits_with_the_right_status_from_the_command_line(write) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "coffeechat.test_settings"}
    command = [sys.executable, "-m", "coffeechat", "check"]
    bad = subprocess.run(
        [*command, "request", write(BAD_REQUEST)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert bad.returncode == 1
    assert bad.stdout.startswith("problem request.mentions-job")
    missing = subprocess.run(
        [*command, "request", "/no/such/file.txt"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2
    assert "No such file: /no/such/file.txt" in missing.stderr
    assert "Traceback" not in missing.stderr


@pytest.mark.parametrize(("text", "status"), [(GOOD_REQUEST, 0), (BAD_REQUEST, 1)])
def test_it_reads_standard_input_for_a_dash(text: str, status: int) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "coffeechat.test_settings"}
    result = subprocess.run(
        [sys.executable, "-m", "coffeechat", "check", "request", "-", "--format", "json"],
        input=text,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == status
    rules = [row["rule"] for row in json.loads(result.stdout)]
    assert ("request.mentions-job" in rules) is bool(status)
