"""``--format csv`` and ``--format xlsx``: read back by real readers (the csv module, openpyxl),
with the same findings as the JSON output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assure.cli import app
from assure.output.spreadsheet import COLUMNS

ROOT = Path(__file__).resolve().parents[1]
MIDSHIRE = "self_assessments/midshire-2026.yaml"
runner = CliRunner()


def _json(*files: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["check", *files, "-f", "json", "--today", "2026-11-24"])
    doc = json.loads(result.stdout)
    docs = doc if isinstance(doc, list) else [doc]
    return [f for d in docs for f in d["findings"]]


def _expected(findings: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [
        (f["rule"], f["severity"], f["message"], f"{f['line']}:{f['column']}") for f in findings
    ]


def _got(rows: list[dict[str, str]]) -> list[tuple[object, ...]]:
    out = []
    for r in rows:
        message = r["Finding"]
        if message.startswith("'") and message[1:2] in "=+-@":
            message = message[1:]
        out.append((r["Rule"], r["Severity"], message, r["Position"].split(":", 1)[1]))
    return out


def test_csv_has_the_same_findings_as_json(tmp_path: Path) -> None:
    files = [MIDSHIRE, "self_assessments/northshire-2026.yaml"]
    result = runner.invoke(app, ["check", *files, "-f", "csv", "--today", "2026-11-24"])
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [title for _, title in COLUMNS]
    assert _got(rows) == _expected(_json(*files))
    first = rows[0]
    assert first["Rule"] == "LD001" and first["Severity"] == "serious"
    assert first["Figure"] == "72%" and "below 75%" in first["Threshold"]
    caseload = next(r for r in rows if r["Rule"] == "BM001")
    assert caseload["Figure"] == "19.2" and caseload["England"] == "15.2"
    # Midshire's code is fictional: no statistical neighbours to carry
    assert caseload["Statistical neighbours (median)"] == ""


def test_xlsx_reads_back_with_openpyxl(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    pytest.importorskip("xlsxwriter")
    target = tmp_path / "findings.xlsx"
    result = runner.invoke(app, ["check", MIDSHIRE, "-f", "xlsx", "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr == f"assure: wrote {target} (xlsx)\n"
    book = openpyxl.load_workbook(target, read_only=True)
    assert book.sheetnames == ["Findings", "Areas"]
    values = [list(r) for r in book["Findings"].iter_rows(values_only=True)]
    header, body = values[0], values[1:]
    rows = [dict(zip(header, (v or "" for v in r), strict=True)) for r in body]
    assert _got(rows) == _expected(_json(MIDSHIRE))
    areas = [list(r) for r in book["Areas"].iter_rows(values_only=True)]
    assert areas[1][2:5] == ["Leaders' impact", "Requires improvement to be good", "Good"]


def test_xlsx_to_a_terminal_is_refused_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from assure.cli import check as checkcli

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Tty())
    with pytest.raises(Exception) as info:
        checkcli._emit_binary([], "xlsx", checkcli.Options(), None, [])
    assert getattr(info.value, "exit_code", None) == 2


def test_xlsx_without_xlsxwriter_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "xlsxwriter", None)
    result = runner.invoke(app, ["check", MIDSHIRE, "-f", "xlsx", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "--format:1:1: error: --format xlsx needs XlsxWriter: pip install 'assure[xlsx]' "
        "(or use --format csv)"
    ]


def test_csv_cells_never_start_a_formula() -> None:
    from assure.output.spreadsheet import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _cell("plain") == "plain"
