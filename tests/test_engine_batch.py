"""The engine through the real command line, in a child process: numbers durable cannot read,
thousands of items, thousands of SEFs in one call (issue 10 D1/D2, issue 15)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assure.lang import engine

MINIMAL = """format: 1
council: {{name: X}}
period: {{start: 2025-04-01, end: 2026-03-31}}
data:
  workforce: {{turnover_pct: {turnover}, caseload_average: {caseload}}}
"""


def assure(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assure", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=cwd,
    )


def test_floats_in_exponent_form_do_not_crash_the_engine(tmp_path: Path) -> None:
    # D1: each of these crashed durable (exit 139) when written as 1e-05 or 1e+16.
    values = [("0.00001", "17"), ("0.0000001", "1e16"), ("5", "1e20"), ("5", "1e300")]
    files = []
    for i, (turnover, caseload) in enumerate(values):
        path = tmp_path / f"sef{i}.yaml"
        path.write_text(MINIMAL.format(turnover=turnover, caseload=caseload))
        files.append(path)
    done = assure("check", "--format", "json", *files)
    assert done.returncode == 1, done.stderr
    # Only the warnings that a tiny percentage is probably a typo (no engine error, no crash).
    assert all(
        ": warning: turnover_pct is a percentage" in line for line in done.stderr.splitlines()
    )
    reports = json.loads(done.stdout)
    assert len(reports) == 4
    caseload_values = [
        {f["value"] for f in r["findings"] if f["path"] == "data.workforce.caseload_average"}
        for r in reports
    ]
    # 17 is at the national figure; the absurd ones are far above it and are found.
    assert caseload_values[1:] == [{1e16}, {1e20}, {1e300}]


def test_thousands_of_evidence_items_in_one_sef(tmp_path: Path) -> None:
    # D2: 5,000 evidence items crashed durable's host under load (a timer thread raced the
    # main thread); the engine now runs on the calling thread only. 5,000 items are now past
    # the size a SEF may have (25,000 values, docs/reliability.md), so the engine is driven with
    # as many items as a SEF may hold, and 5,000 are refused in one line (exit 2).
    lines = [MINIMAL.format(turnover=20, caseload=17), "evidence:"]
    lines += [f"  - {{id: e{i}, kind: case_audit, title: T{i}}}" for i in range(3000)]
    path = tmp_path / "many.yaml"
    path.write_text("\n".join(lines) + "\n")
    done = assure("check", "--format", "json", path)
    assert done.returncode in (0, 1), done.stderr
    assert done.stderr == ""
    assert json.loads(done.stdout)["file"] == str(path)
    lines += [f"  - {{id: f{i}, kind: case_audit, title: T{i}}}" for i in range(2000)]
    path.write_text("\n".join(lines) + "\n")
    done = assure("check", "--format", "json", path)
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1, done.stderr
    assert "more than 25,000 values" in done.stderr


def small_sef(i: int, rng: random.Random) -> str:
    return f"""format: 1
framework: ilacs-2026
council: {{name: Council {i:04d}, la_code: '{100 + i % 800:03d}'}}
period: {{start: 2025-04-01, end: 2026-03-31}}
data:
  workforce:
    caseload_average: {rng.uniform(11, 26):.1f}
    turnover_pct: {rng.uniform(5, 30):.1f}
    agency_pct: {rng.uniform(1, 40):.1f}
  help_and_protection:
    assessments_45wd_pct: {rng.uniform(50, 100):.0f}
    strategy_police_pct: {rng.uniform(70, 100):.0f}
  care_leavers:
    in_touch_pct: {rng.uniform(60, 100):.0f}
"""


@pytest.mark.slow
def test_five_thousand_sefs_in_one_call(tmp_path: Path) -> None:
    # Issue 15: long batches failed at random with error 307. One call, jsonl out, in order.
    rng = random.Random(15)
    names = []
    for i in range(5000):
        name = f"sef{i:04d}.yaml"
        (tmp_path / name).write_text(small_sef(i, rng))
        names.append(name)
    listed = tmp_path / "files.txt"
    listed.write_text("\n".join(names))
    done = assure("check", "--format", "jsonl", "--fail-on", "never", *names, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stderr == ""
    files = [json.loads(line)["file"] for line in done.stdout.splitlines()]
    assert files == names


def test_an_engine_error_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from assure.cli import main

    native = engine._native()

    def failing(handle: int, text: str) -> None:
        raise native.error("Could not assert facts, error code: 307")

    monkeypatch.setattr(native, "assert_facts", failing)
    path = tmp_path / "sef.yaml"
    path.write_text(MINIMAL.format(turnover=20, caseload=17))
    monkeypatch.setattr(sys, "argv", ["assure", "check", str(path)])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert "error code: 307" in err


def _small_files(folder: Path, count: int) -> list[Path]:
    rng = random.Random(3)
    paths = []
    for i in range(count):
        path = folder / f"sef{i:02d}.yaml"
        path.write_text(small_sef(i, rng))
        paths.append(path)
    return paths


def test_jobs_give_the_same_reports_in_the_order_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from assure.check import batch
    from assure.output import render

    paths = _small_files(tmp_path, 7)
    (tmp_path / "bad.yaml").write_text("format: 1\ncouncil: [\n")
    paths.insert(3, tmp_path / "bad.yaml")
    monkeypatch.setattr(batch, "MIN_FILES_PER_JOB", 1)
    today = dt.date(2026, 11, 24)
    serial = list(batch.check_files(paths, batch.Batch(today=today), jobs=1))
    parallel = list(batch.check_files(paths, batch.Batch(today=today), jobs=2))
    assert [type(x) for x in serial] == [type(x) for x in parallel]
    assert isinstance(parallel[3], list)  # the bad file's problems, in its place
    reports = [[x for x in items if not isinstance(x, list)] for items in (serial, parallel)]
    for fmt in ("json", "sarif", "junit"):
        assert render(fmt, reports[0]) == render(fmt, reports[1])


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "github"])
def test_streaming_formats_keep_no_report(tmp_path: Path, fmt: str) -> None:
    # Issue 15: memory must not grow with the number of files: once a report is written,
    # nothing holds it.
    import datetime as dt
    import gc
    import weakref

    from assure.check.batch import Batch, check_files
    from assure.check.findings import Report
    from assure.output import stream

    made: list[weakref.ref[Report]] = []

    def reports() -> Iterator[Report]:
        for item in check_files(_small_files(tmp_path, 6), Batch(today=dt.date(2026, 1, 1))):
            assert isinstance(item, Report)
            made.append(weakref.ref(item))
            yield item

    alive_at_write: list[int] = []

    def write(text: str) -> None:
        if len(alive_at_write) < len(made):  # once per report: rich writes in small pieces
            gc.collect()
            alive_at_write.append(sum(ref() is not None for ref in made[:-2]))

    stream(fmt, reports(), write)
    assert len(made) == 6
    assert alive_at_write and max(alive_at_write) == 0


def test_pretty_json_is_the_indented_form_of_the_compact_one(tmp_path: Path) -> None:
    examples = sorted((Path(__file__).resolve().parents[1] / "self_assessments").glob("*.yaml"))
    for files in (examples[:1], examples):
        compact = assure("check", "--format", "json", *files)
        pretty = assure("check", "--format", "json", "--pretty", *files)
        assert compact.returncode == pretty.returncode == 1
        doc = json.loads(compact.stdout)
        assert pretty.stdout == json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
        lines = assure("check", "--format", "jsonl", *files).stdout.splitlines()
        assert [json.loads(line) for line in lines] == (doc if len(files) > 1 else [doc])
