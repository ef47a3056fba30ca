"""Figures checked against other sources: the DfE's published figures (XC001), the council's
Annex A records (XC002), figures filled in from the records, case-level findings (XC003-XC006),
`assure annex-a`, and no child's personal data in an output that should not carry it."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assure.check.checker import check
from assure.check.findings import Finding, Report
from assure.cli import app
from assure.output import FORMATS, render, render_bytes
from assure.ruleset.packs import load_pack
from assure.ruleset.sources import Records, Sources, records_from_workbook
from assure.sef.loader import load_sef, load_sef_text

ROOT = Path(__file__).resolve().parents[1]
MIDSHIRE = ROOT / "self_assessments" / "midshire-2026.yaml"
WORKBOOK = ROOT / "self_assessments" / "midshire-annex-a.xlsx"
TODAY = dt.date(2026, 11, 24)
sys.path.insert(0, str(ROOT / "scripts"))

runner = CliRunner()

BASE = """
format: 1
framework: ilacs-2023
council: {name: Camden, la_code: '202'}
period: {start: 2024-04-01, end: 2025-03-31}
"""


def sef_text(data: str, council: str | None = None) -> str:
    text = BASE if council is None else BASE.replace("{name: Camden, la_code: '202'}", council)
    return text + data


def run(text: str, sources: Sources | None = None) -> Report:
    loaded = load_sef_text(text, "sef.yaml")
    return check(loaded, load_pack("ilacs-2023"), today=TODAY, sources=sources)


def of(report: Report, rule: str) -> list[Finding]:
    return [f for f in report.findings if f.rule == rule]


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


# --- XC001: the DfE's published figures --------------------------------------------------------


def test_xc001_names_the_published_figure_and_its_snapshot() -> None:
    report = run(sef_text("data: {workforce: {caseload_average: 15.2}}"))
    [f] = of(report, "XC001")
    assert f.kind == "cross_check" and f.area == "leadership"
    # Camden's published caseloads: 12.2 at 30 September 2024 and 11.2 at 30 September 2025,
    # both within six months of a period ending 31 March 2025.
    assert "The SEF states average caseload 15.2" in f.message
    assert "12.2 for 30 September 2024" in f.message and "11.2 for 30 September 2025" in f.message
    assert f.path == "data.workforce.caseload_average" and f.line > 1
    assert f.figure is not None and f.figure["published_matches"] is False


@pytest.mark.parametrize("value", [12.2, 11.2, 11.24])
def test_xc001_any_snapshot_within_rounding_matches(value: float) -> None:
    assert of(run(sef_text(f"data: {{workforce: {{caseload_average: {value}}}}}")), "XC001") == []


def test_xc001_year_ending_figures_use_the_period_s_year() -> None:
    report = run(sef_text("data: {front_door: {rereferral_12m_pct: 25}}"))
    [f] = of(report, "XC001")
    assert "18.3% for the year ending 31 March 2025" in f.message


@pytest.mark.parametrize(
    "council", ["{name: Camden}", "{name: Nowhere, la_code: '999'}"], ids=["no code", "unknown"]
)
def test_xc001_needs_a_known_la_code(council: str) -> None:
    report = run(sef_text("data: {workforce: {caseload_average: 15.2}}", council))
    assert of(report, "XC001") == [] and report.figures == ()


def test_xc001_needs_a_published_period() -> None:
    text = sef_text("data: {front_door: {rereferral_12m_pct: 25}}").replace(
        "period: {start: 2024-04-01, end: 2025-03-31}",
        "period: {start: 2030-04-01, end: 2031-03-31}",
    )
    assert of(run(text), "XC001") == []


# --- XC002 and computed figures -----------------------------------------------------------------


def records(**values: float) -> Sources:
    return Sources(Records.from_values({k.replace("__", "."): v for k, v in values.items()}))


def test_xc002_differs_beyond_the_tolerance() -> None:
    text = sef_text("data: {children_in_care: {visits_in_standard_pct: 92}}")
    values = {"data.children_in_care.visits_in_standard_pct": 85.0}
    [f] = of(run(text, Sources(Records.from_values(values))), "XC002")
    assert "92%" in f.message and "85%" in f.message and "7 percentage points" in f.message
    assert of(run(text, Sources(Records.from_values(values), tolerance=8)), "XC002") == []


def test_a_computed_figure_is_judged_and_points_at_the_workbook() -> None:
    text = sef_text("data: {care_leavers: {in_touch_pct: 95}}")
    plain = run(text)
    assert [f.kind for f in of(plain, "CL002")] == ["missing"]
    loaded = load_sef_text(text, "sef.yaml")
    recs = records_from_workbook(WORKBOOK, "annexa.xlsx", loaded.sef)
    report = run(text, Sources(recs))
    [cl002] = of(report, "CL002")
    assert cl002.kind == "threshold"  # the "missing" finding became a judged figure
    assert cl002.source_file == "annexa.xlsx"
    assert cl002.cell == "List 9 - Care leavers!L1"
    assert cl002.where == "annexa.xlsx:List 9 - Care leavers!L1"
    computed = {f.field for f in report.figures if f.computed}
    assert "data.care_leavers.pathway_plans_in_date_pct" in computed
    assert report.sef.data.care_leavers.pathway_plans_in_date_pct is None  # stated SEF kept


def test_case_findings_count_children_and_carry_ids() -> None:
    report = run(sef_text("data: {}"), records(cic_not_visited_12_weeks=3))
    [f] = of(report, "XC003")
    assert f.kind == "case" and f.value == 3 and len(f.case_ids) == 3
    assert f.area == "children_in_care"


# --- Midshire, through the command line ---------------------------------------------------------


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def midshire_json() -> dict[str, Any]:
    result = runner.invoke(
        app, ["check", str(MIDSHIRE), "-f", "json", "--fail-on", "never"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_midshire_names_its_workbook_and_shows_every_kind(midshire_json: dict[str, Any]) -> None:
    doc = midshire_json
    assert doc["annex_a"].endswith("midshire-annex-a.xlsx")
    kinds = {f["rule"]: f["kind"] for f in doc["findings"]}
    assert kinds["XC002"] == "cross_check"
    assert {kinds[r] for r in ("XC003", "XC004", "XC005", "XC006")} == {"case"}
    cases = [f for f in doc["findings"] if f["kind"] == "case"]
    for f in cases:
        assert f["case"]["count"] == len(f["case"]["ids"]) > 0
        assert f["source_file"].endswith("midshire-annex-a.xlsx") and "!" in f["cell"]
    computed = [x for x in doc["figures"] if x["computed"]]
    assert [x["field"] for x in computed] == ["data.care_leavers.pathway_plans_in_date_pct"]
    in_touch = next(x for x in doc["figures"] if x["field"] == "data.care_leavers.in_touch_pct")
    assert in_touch["stated"] == 91 and in_touch["records"]["value"] == 80.0
    assert in_touch["records_differ_pp"] == 11.0


def test_tolerance_option_and_configuration(tmp_path: Path) -> None:
    wide = invoke("check", str(MIDSHIRE), "-f", "json", "--fail-on", "never", "--tolerance", "50")
    assert not [f for f in json.loads(wide.stdout)["findings"] if f["rule"] == "XC002"]
    folder = tmp_path / "council"
    folder.mkdir()
    (folder / "sef.yaml").write_text(MIDSHIRE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "midshire-annex-a.xlsx").write_bytes(WORKBOOK.read_bytes())
    (folder / ".assure.toml").write_text("tolerance = 50\n", encoding="utf-8")
    result = invoke("check", str(folder / "sef.yaml"), "-f", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert not [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "XC002"]
    (folder / ".assure.toml").write_text('tolerance = "wide"\n', encoding="utf-8")
    bad = invoke("check", str(folder / "sef.yaml"))
    assert bad.exit_code == 2 and "tolerance: must be a number" in bad.stderr


def test_a_missing_workbook_in_evidence_is_one_positioned_line(tmp_path: Path) -> None:
    sef = tmp_path / "sef.yaml"
    sef.write_text(MIDSHIRE.read_text(encoding="utf-8"), encoding="utf-8")
    result = invoke("check", str(sef))
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"{sef}:") and "no Annex A workbook" in line and ": error: " in line


def test_annex_a_option_wins_and_a_bad_workbook_exits_2(tmp_path: Path) -> None:
    csv = tmp_path / "lists.csv"
    csv.write_text("Child ID,DOB\n1,01/01/2010\n", encoding="utf-8")
    result = invoke("check", str(MIDSHIRE), "--annex-a", str(csv))
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"{csv}: error: ")


def test_annex_a_option_goes_with_one_sef() -> None:
    northshire = str(ROOT / "self_assessments" / "northshire-2026.yaml")
    result = invoke("check", str(MIDSHIRE), northshire, "--annex-a", str(WORKBOOK))
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == "--annex-a:1:1: error: goes with one SEF; check the others separately"
    )


# --- assure annex-a -----------------------------------------------------------------------------


def test_annex_a_command_json_and_text() -> None:
    result = invoke("annex-a", str(WORKBOOK), "--as-of", "2026-03-31", "-f", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["format"] == 1 and doc["as_of"] == "2026-03-31"
    assert "data.care_leavers.in_touch_pct" in doc["measures"]
    assert doc["cases"]["cic_not_visited_12_weeks"]["ids"]
    text = invoke("annex-a", str(WORKBOOK), "--sef", str(MIDSHIRE))
    assert text.exit_code == 0
    assert "as of 2026-03-31" in text.stdout
    assert "data.help_and_protection.cp_visits_in_standard_pct" in text.stdout
    for cid in doc["cases"]["cic_not_visited_12_weeks"]["ids"]:
        assert cid not in text.stdout


def test_annex_a_command_check_pii_warns() -> None:
    result = invoke("annex-a", str(WORKBOOK), "--as-of", "2026-03-31", "--check-pii")
    assert result.exit_code == 0
    assert "List 8 - Children in care!" in result.stderr and ": warning: " in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["README.md", "--as-of", "2026-03-31"],
        ["missing.xlsx", "--as-of", "2026-03-31"],
        ["self_assessments/midshire-annex-a.xlsx"],
        ["self_assessments/midshire-annex-a.xlsx", "--as-of", "31/03/2026"],
    ],
)
def test_annex_a_command_bad_input_is_one_line(args: list[str]) -> None:
    result = invoke("annex-a", *args)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "error:" in result.stderr


def test_a_plain_check_does_not_import_the_workbook_reader() -> None:
    code = (
        "import sys, datetime; from pathlib import Path; from assure.api import check_file; "
        "check_file(Path('self_assessments/northshire-2026.yaml'), "
        "today=datetime.date(2026, 6, 1)); "
        "mods = ('python_calamine', 'holidays', 'assure.annexa'); "
        "print(sorted(m for m in mods if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"


# --- personal data ------------------------------------------------------------------------------

# Every registered format but JSON (csv, xlsx and any later one included as they are added).
NON_JSON = tuple(name for name in FORMATS if name not in ("json", "jsonl"))  # jsonl is JSON


def as_text(out: str | bytes) -> str:
    """A format's output as text to search: a zipped one (xlsx) by its members."""
    if isinstance(out, str):
        return out
    if not out.startswith(b"PK"):
        return out.decode("utf-8")
    with zipfile.ZipFile(io.BytesIO(out)) as book:
        return "".join(book.read(n).decode("utf-8", "replace") for n in book.namelist())


@pytest.fixture(scope="module")
def pii_case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Any]:
    from gen_annex_a import make_workbook

    folder = tmp_path_factory.mktemp("pii")
    expected = make_workbook(folder / "annexa.xlsx", seed=7, size=900, with_pii=True)
    loaded = load_sef(MIDSHIRE, "midshire-2026.yaml")
    recs = records_from_workbook(folder / "annexa.xlsx", "annexa.xlsx", loaded.sef)
    report = check(loaded, load_pack(loaded.sef.framework), today=TODAY, sources=Sources(recs))
    return report, expected


def outputs(report: Report) -> dict[str, str]:
    from assure.report import html_report, md_report, view

    out = {name: as_text(render_bytes(name, [report])) for name in (*NON_JSON, "json")}
    shown = view.build(report, today=TODAY)
    out["report.md"] = md_report.render(shown)
    out["report.html"] = html_report.render(shown)
    return out


def test_child_ids_only_in_json_and_the_html_appendix(pii_case: tuple[Report, Any]) -> None:
    report, expected = pii_case
    ids = {i for f in report.findings if f.kind == "case" for i in f.case_ids}
    assert ids and ids <= {i for group in expected.cases.values() for i in group}
    out = outputs(report)
    for name in (*NON_JSON, "report.md"):
        leaked = sorted(i for i in ids if i in out[name])
        assert not leaked, f"{name} shows child ids {leaked[:3]}"
    for name in ("json", "report.html"):
        assert all(i in out[name] for i in ids), name
    from assure.report import diff as diffmod

    diff_json = diffmod.render_json(diffmod.diff(report, report))
    assert not [i for i in ids if i in diff_json]
    appendix = out["report.html"].split('id="appendix-cases"', 1)
    assert len(appendix) == 2 and all(i in appendix[1] for i in ids)
    assert not any(i in appendix[0] for i in ids)  # ids nowhere before the appendix
    ET.fromstring(out["junit"])  # still well-formed


def test_no_output_carries_names_dates_of_birth_or_postcodes(
    pii_case: tuple[Report, Any],
) -> None:
    report, expected = pii_case
    assert expected.names and expected.postcodes and expected.dobs
    for name, text in outputs(report).items():
        for person in expected.names:
            assert person not in text, name
        for code in expected.postcodes:
            assert code not in text, name
        for dob in expected.dobs:
            assert dob.isoformat() not in text and dob.strftime("%d/%m/%Y") not in text, name


def test_sarif_points_at_the_workbook(pii_case: tuple[Report, Any]) -> None:
    report, _ = pii_case
    log = json.loads(render("sarif", [report]))
    on_book = [
        r for r in log["runs"][0]["results"] if r["properties"].get("source_file") == "annexa.xlsx"
    ]
    assert on_book
    for r in on_book:
        location = r["locations"][0]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == "annexa.xlsx"
        assert "!" in location["logicalLocations"][0]["fullyQualifiedName"]
