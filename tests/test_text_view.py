"""The terminal view: concise by default (Midshire in at most 60 lines at 100 columns, the area
table last), every detail with --explain, counts by rule with --statistics."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assure.cli import app

ROOT = Path(__file__).resolve().parents[1]
MIDSHIRE = "self_assessments/midshire-2026.yaml"
runner = CliRunner()


def text(*args: str) -> str:
    result = runner.invoke(app, ["check", *args], env={"COLUMNS": "100"})
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


def test_midshire_fits_sixty_lines_of_a_hundred_columns_with_the_area_table_last() -> None:
    out = text(MIDSHIRE)
    lines = out.splitlines()
    assert len(lines) <= 60, len(lines)
    assert max(len(line) for line in lines) <= 100
    table = lines[-6:-1]
    assert table[0].split() == [
        "Area",
        "Evidence",
        "supports",
        "Own",
        "grade",
        "Critical",
        "Serious",
        "Minor",
    ]
    assert [row.split("  ")[1].strip() for row in table[1:]] == [
        "Leaders' impact",
        "Help and protection",
        "Children in care",
        "Care leavers",
    ]
    # one line per serious gap (wrapped), worst first, with its position
    assert re.search(r"^  SER  HP004 Health took part in 71%", out, re.M)
    assert "self_assessments/midshire-2026.yaml:262:26" in out
    # gaps never shown as a grade name in a pass colour: no GOOD/OUT codes on a gap
    assert not re.search(r"^  (GOOD|OUT) ", out, re.M)


def test_explain_keeps_every_detail(tmp_path: Path) -> None:
    import json

    out = text(MIDSHIRE, "--explain")
    doc = json.loads(text(MIDSHIRE, "-f", "json"))
    flat = " ".join(out.split())
    for f in doc["findings"]:
        for key in ("message", "recommendation", "source", "title"):
            assert " ".join(f[key].split()) in flat, (f["rule"], key)
        where = f"{f['source_file']}:{f['cell']}" if "source_file" in f else None
        assert f"{where or str(f['line']) + ':' + str(f['column'])}  {f['path']}" in out


def test_statistics_counts_by_rule_most_first() -> None:
    out = text(MIDSHIRE, "--statistics")
    rows = re.findall(r"^\s+(\d+)  ([A-Z]{2}\d{3})\s", out, re.M)
    assert rows[0] == ("10", "XC002")  # ten figures differ from the Annex A records
    counts = [int(n) for n, _ in rows]
    assert counts == sorted(counts, reverse=True)
    assert sum(counts) == 75 and out.rstrip().endswith("75 gaps: 17 serious, 55 minor, 3 note")


def test_several_files_end_with_a_table_across_files() -> None:
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "self_assessments").glob("*.yaml"))
    out = text(*files)
    tail = out.splitlines()[-(len(files) + 2) :]
    assert tail[0].startswith("Across files")
    assert tail[1].split()[:2] == ["File", "LD"]
    assert [row.split()[0] for row in tail[2:]] == files


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_select_leaves_other_areas_not_assessed(fmt: str) -> None:
    out = text(MIDSHIRE, "--select", "HP", "-f", fmt)
    assert "not assessed" in out.lower()
    assert "Outstanding" not in out
