"""Warnings for valid SEFs that probably do not say what was meant, each positioned on stderr;
``--strict`` makes them errors (exit 2). And ``validate`` reports schema and reference errors in
one run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assure.cli import app
from assure.sef.loader import load_sef_text
from assure.sef.warnings import sef_warnings

TODAY = dt.date(2026, 11, 30)
runner = CliRunner()

BASE = """\
format: 1
framework: ilacs-2026
council: {name: Northshire}
period: {start: 2025-04-01, end: 2026-03-31}
"""


def warnings_for(text: str, today: dt.date = TODAY) -> list[str]:
    return [str(w) for w in sef_warnings(load_sef_text(text, "sef.yaml"), today)]


def test_a_clean_sef_has_no_warning() -> None:
    assert warnings_for(BASE) == []


def test_a_fraction_where_a_percentage_is_meant() -> None:
    text = BASE + "data:\n  leadership:\n    audits_good_or_better_pct: 0.62\n"
    assert warnings_for(text) == [
        "sef.yaml:7:32: warning: audits_good_or_better_pct is a percentage, so 0.62 means 0.62% "
        "(under one in a hundred); if you meant 62%, write 62"
    ]
    assert warnings_for(text.replace("0.62", "62")) == []
    assert warnings_for(text.replace("0.62", "0")) == []  # nought is a real figure


def test_a_framework_not_in_force_when_signed_off() -> None:
    text = (
        BASE.replace("ilacs-2026", "ilacs-2023")
        + "sign_off:\n  dcs: {name: A. Director, date: 2026-06-01}\n"
    )
    assert warnings_for(text) == [
        "sef.yaml:2:12: warning: ilacs-2023 was in force from January 2023 to March 2026, but "
        "the SEF was signed off on 2026-06-01; use 'framework: ilacs-2026'"
    ]
    assert warnings_for(text.replace("2026-06-01", "2026-03-01")) == []


def test_a_framework_not_in_force_today_without_a_sign_off() -> None:
    text = BASE.replace("ilacs-2026", "ilacs-2023")
    assert "but today is 2026-11-30 (no sign-off date)" in warnings_for(text)[0]
    assert warnings_for(text, today=dt.date(2025, 5, 1)) == []
    before = BASE.replace("2025-04-01, end: 2026-03-31", "2024-04-01, end: 2025-03-31")
    assert "ilacs-2026 is in force from April 2026" in warnings_for(before, dt.date(2025, 5, 1))[0]


def test_a_later_period_under_the_older_framework() -> None:
    text = BASE.replace("ilacs-2026", "ilacs-2023").replace(
        "2025-04-01, end: 2026-03-31", "2029-04-01, end: 2030-03-31"
    )
    found = warnings_for(text, today=dt.date(2026, 1, 10))
    assert any("but the period starts on 2029-04-01" in w for w in found)
    assert any(
        "sef.yaml:4:17: warning: the period starts on 2029-04-01, after today" in w for w in found
    )


def test_a_period_that_starts_after_today() -> None:
    text = BASE.replace("2025-04-01, end: 2026-03-31", "2027-04-01, end: 2028-03-31")
    assert warnings_for(text) == [
        "sef.yaml:4:17: warning: the period starts on 2027-04-01, after today (2026-11-30); "
        "check the year"
    ]


def test_a_plan_on_track_past_its_due_date() -> None:
    text = BASE + (
        "areas:\n  leadership:\n    plans:\n"
        "      - {id: ld-p1, action: Recruit, owner: AD, due: 2026-01-31, status: on_track}\n"
        "sign_off:\n  dcs: {name: A. Director, date: 2026-05-29}\n"
    )
    assert warnings_for(text) == [
        "sef.yaml:8:74: warning: plan 'ld-p1' is marked on track but was due on 2026-01-31, "
        "before the SEF was signed off on 2026-05-29; mark it done or off track, or give its "
        "new date"
    ]
    assert warnings_for(text.replace("on_track", "off_track")) == []
    assert warnings_for(text.replace("2026-01-31", "2026-09-30")) == []


def test_a_sign_off_after_today() -> None:
    text = BASE + "sign_off:\n  lead_member: {name: Cllr B, date: 2026-12-05}\n"
    assert warnings_for(text) == [
        "sef.yaml:6:37: warning: signed off on 2026-12-05, after today (2026-11-30); check the date"
    ]


@pytest.mark.parametrize("command", ["validate", "check"])
def test_warnings_go_to_stderr_and_strict_makes_them_errors(tmp_path: Path, command: str) -> None:
    path = tmp_path / "sef.yaml"
    path.write_text(BASE + "data:\n  leadership:\n    audits_good_or_better_pct: 0.62\n", "utf-8")
    args = [command, str(path), "--today", "2026-11-30"]
    if command == "check":
        args += ["--fail-on", "never"]
    loose = runner.invoke(app, args)
    assert loose.exit_code == 0
    assert loose.stderr.splitlines() == [
        f"{path}:7:32: warning: audits_good_or_better_pct is a percentage, so 0.62 means 0.62% "
        "(under one in a hundred); if you meant 62%, write 62"
    ]
    strict = runner.invoke(app, [*args, "--strict"])
    assert strict.exit_code == 2
    assert strict.stderr.splitlines() == [
        line.replace(": warning: ", ": error: ") for line in loose.stderr.splitlines()
    ]


def test_validate_reports_schema_and_reference_errors_in_one_run(tmp_path: Path) -> None:
    path = tmp_path / "sef.yaml"
    path.write_text(
        BASE
        + "data:\n  workforce:\n    agency_pct: 120\n"
        + "areas:\n  leadership:\n    know:\n"
        + "      - {id: ld-k1, kind: strength, text: Good, evidence: [ev-nope]}\n",
        "utf-8",
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith(f"{path}:7:17: error: ") and "at most 100" in lines[0]
    where = "areas.leadership.know[ld-k1].evidence[0]"
    assert lines[1].startswith(f"{path}:11:60: error: {where}: no evidence has the id 'ev-nope'")
