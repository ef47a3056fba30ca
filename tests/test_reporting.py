"""``assure report`` and ``assure diff``: structure, escaping, snapshots, exit codes.

Markdown snapshots live in tests/snapshots/; ``ASSURE_UPDATE_SNAPSHOTS=1 pytest`` rewrites them.
The browser test is tests/test_report_browser.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import get_args

import pytest
from typer.testing import CliRunner

from assure import __version__
from assure.api import check_file
from assure.cli import app
from assure.output.jsonfmt import report_dict
from assure.report import diff as diffmod
from assure.report import html_report as html
from assure.report import md_report as markdown
from assure.report import view
from assure.ruleset.packs import load_pack
from assure.ruleset.themes import load_themes
from assure.sef import measures
from assure.sef.grades import Grade
from assure.sef.model import Data

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "reporting"
SNAPSHOTS = ROOT / "tests" / "snapshots"
OLD = FIXTURES / "westmere-2025.yaml"
NEW = FIXTURES / "westmere-2026.yaml"
TODAY = dt.date(2026, 11, 24)
SCRIPT_CLAIM = "<script>alert(1)</script>"

runner = CliRunner()


def rel(path: Path) -> Path:
    """Paths as a user types them (relative), so reports and snapshots do not name /tmp."""
    return path.relative_to(ROOT)


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def write_sef(tmp_path: Path, claim: str = SCRIPT_CLAIM, council: str = "Westmere") -> Path:
    text = NEW.read_text("utf-8").replace("council: {name: Westmere", f"council: {{name: {council}")
    text = text.replace(
        "text: Leaders know their teams | and *every* child <b>well</b> & act on it.",
        f"text: {json.dumps(claim)}",
    )
    path = tmp_path / "sef.yaml"
    path.write_text(text, "utf-8")
    return path


# --- a small HTML reader ----------------------------------------------------------------------


class Dom(HTMLParser):
    """Just enough of the DOM: elements with their attributes and ancestors, and the text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], tuple[str, ...]]] = []
        self.stack: list[str] = []
        self.text_parts: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}, tuple(self.stack)))
        if tag not in ("meta", "br", "link", "img", "input", "hr", "circle", "line", "rect"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [
            a
            for t, a, _ in self.elements
            if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]

    def ids(self) -> set[str]:
        return {a["id"] for _, a, _ in self.elements if "id" in a}


def rows_in_tbody_of(page: str, table_class: str) -> int:
    match = re.search(rf'<table class="{table_class}">.*?<tbody>(.*?)</tbody>', page, re.S)
    assert match, f"no table.{table_class}"
    return match.group(1).count("<tr")


# --- HTML structure ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["northshire-2026", "midshire-2026"])
def test_html_report_has_every_section_and_every_finding(name: str) -> None:
    path = rel(ROOT / "self_assessments" / f"{name}.yaml")
    report = check_file(path, today=TODAY)
    page = html.render(view.build(report, today=TODAY))
    dom = Dom(page)
    wanted = {
        "front",
        "grades",
        "sign-off",
        "figures",
        "themes",
        "kloe",
        *(f"area-{a}" for a in report.judgements if a != "overall"),
    }
    assert wanted <= dom.ids()
    # the grade table has one row per judgement area, with both grades
    assert rows_in_tbody_of(page, "grades") == len(report.judgements)
    # every finding of the JSON output appears as a card, by rule and path
    cards = {(a["data-rule"], a["data-path"]) for a in dom.find("article")}
    for f in report_dict(report)["findings"]:
        assert (f["rule"], f["path"]) in cards
    # charts: inline SVG with a title and a description; nothing is fetched or run
    assert len(dom.find("svg")) >= 1
    for t, _, ancestors in dom.elements:
        if t in ("title", "desc") and "svg" in ancestors:
            break
    else:
        pytest.fail("no <title>/<desc> inside an <svg>")
    assert not dom.find("script") and not dom.find("link") and not dom.find("img")
    assert "@page" in page and "size: A4" in page and "@media print" in page
    assert f"assure {__version__}" in dom.text and report.pack in dom.text


def test_html_has_both_charts_and_three_themes() -> None:
    report = check_file(rel(OLD), today=TODAY)
    shown = view.build(report, today=TODAY)
    page = html.render(shown)
    dom = Dom(page)
    svgs = dom.find("svg")
    assert len(svgs) == 2  # figures against England, and the grade ladder
    assert all(s.get("role") == "img" and s.get("aria-labelledby") for s in svgs)
    for n in (1, 2, 3):
        assert f"theme-{n}" in dom.ids()
    assert "Resources and capacity" in dom.text
    # Sign-off: the DCS signed, the lead member and chief executive did not
    assert "Dana Reyes" in dom.text and page.count('<span class="flag">not signed</span>') == 2


def test_no_external_urls_in_src_or_href() -> None:
    report = check_file(rel(NEW), today=TODAY)
    page = html.render(view.build(report, today=TODAY))
    for _, attrs, _ in Dom(page).elements:
        for key in ("src", "href", "xlink:href", "action"):
            value = attrs.get(key, "")
            assert not re.match(r"\s*(https?:)?//", value), (key, value)


def test_script_in_a_claim_is_shown_as_text(tmp_path: Path) -> None:
    sef = write_sef(tmp_path)
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(sef), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    dom = Dom(page)
    assert not dom.find("script")
    assert SCRIPT_CLAIM in dom.text


def test_markdown_escapes_claims(tmp_path: Path) -> None:
    sef = write_sef(tmp_path)
    result = runner.invoke(app, ["report", str(sef), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "<script>" not in result.stdout
    assert r"\<script\>alert(1)\</script\>" in result.stdout


# --- gaps, tests in words, themes, lines of enquiry --------------------------------------------


def test_gap_shows_figure_test_and_national_figures() -> None:
    report = check_file(rel(OLD), today=TODAY)
    shown = view.build(report, today=TODAY)
    bm = [
        g
        for g in shown.gaps
        if g.finding.basis == "benchmark" and g.finding.path == "data.workforce.caseload_average"
    ]
    assert bm, "expected a caseload benchmark finding for Westmere 2025"
    g = bm[0]
    assert g.figure == "19.6"
    # Ranked among councils at the 30 September snapshot that goes with the period (2024).
    assert g.national is not None and "148th of 151 councils at 30 September 2024" in g.national
    assert "(worst tenth); England 15.4" in g.national
    assert g.test is not None and "above the outlier fence" in g.test


def test_themes_map_workforce_to_resources() -> None:
    themes = load_themes()
    rules = load_pack("ilacs-2023").rules

    def theme(rule: str, area: str, path: str) -> int:
        return themes.theme_of(path, rules.get(rule), area)

    assert theme("BM003", "leadership", "data.workforce.turnover_pct") == 3
    assert theme("LD001", "leadership", "data.workforce.supervision_in_standard_pct") == 3
    assert theme("LD010", "leadership", "data.leadership.dcs_changes_5y") == 1
    assert theme("ST001", "help_and_protection", "areas.x") == 1
    assert theme("HP003", "help_and_protection", "data.h.x") == 2
    assert theme("BM012", "children_in_care", "data.children_in_care.x") == 2
    assert theme("CL001", "care_leavers", "data.care_leavers.x") == 2
    assert theme("BM001", "leadership", "areas.x") == 3  # the rule's own theme: field


def test_lines_of_enquiry_worst_first_and_at_most_ten() -> None:
    report = check_file(rel(ROOT / "self_assessments" / "midshire-2026.yaml"), today=TODAY)
    kloes = view.build(report, today=TODAY).kloes
    assert 0 < len(kloes) <= view.MAX_KLOES
    grades = [k.grade for k in kloes]
    assert grades == sorted(grades, reverse=True)
    assert all(
        k.question.startswith(("How do leaders", "The self-evaluation", "Why")) for k in kloes
    )
    assert len({k.topic for k in kloes}) == len(kloes)  # one question per rule or group


# --- direction table -----------------------------------------------------------------------------


def _numeric_or_flag(annotation: object) -> bool:
    kinds = set()
    stack = [annotation]
    while stack:
        item = stack.pop()
        args = get_args(item)
        if args:
            stack.extend(args)
        elif isinstance(item, type):
            kinds.add(item)
    return bool(kinds & {int, float, bool})


def test_direction_covers_every_numeric_data_field() -> None:
    fields = [
        f"data.{section}.{name}"
        for section, sf in Data.model_fields.items()
        for name, f in sf.annotation.model_fields.items()  # type: ignore[union-attr]
        if _numeric_or_flag(f.annotation)
    ]
    assert len(fields) > 60
    missing = [f for f in fields if f not in measures.MEASURES]
    assert not missing, f"add these to assure.report.measures.MEASURES: {missing}"
    unknown = [f for f in measures.MEASURES if f not in fields]
    assert not unknown, f"not fields of the format: {unknown}"


@pytest.mark.parametrize(
    ("field", "old", "new", "expected"),
    [
        ("data.workforce.caseload_average", 20, 18, "better"),
        ("data.workforce.caseload_average", 18, 20, "worse"),
        ("data.care_leavers.in_touch_pct", 70, 80, "better"),
        ("data.care_leavers.in_touch_pct", 80, 80, "unchanged"),
        ("data.leadership.open_cases", 100, 120, "changed"),
        ("data.leadership.budget_variance_pct", 12.0, -3.0, "better"),
        ("data.workforce.workforce_strategy", False, True, "better"),
        ("data.not_a_field.x", 1, 2, "changed"),
        ("data.front_door.mash_agencies", ["police"], ["police", "health"], "changed"),
    ],
)
def test_direction(field: str, old: object, new: object, expected: str) -> None:
    assert measures.direction(field, old, new) == expected


# --- diff ----------------------------------------------------------------------------------------


def test_diff_matches_findings_by_rule_and_path() -> None:
    before = check_file(rel(OLD), today=TODAY)
    after = check_file(rel(NEW), today=TODAY)
    d = diffmod.diff(before, after)
    key = {(f.rule, f.path) for f in before.findings}
    new_key = {(f.rule, f.path) for f in after.findings}
    assert {(f.rule, f.path) for f in d.closed} == key - new_key
    assert {(f.rule, f.path) for f in d.opened} == new_key - key
    assert {(s.new.rule, s.new.path) for s in d.still_open} == key & new_key
    moved = {m.field: m.direction for m in d.figures}
    assert moved["data.workforce.caseload_average"] == "better"
    assert moved["data.workforce.agency_pct"] == "worse"
    assert moved["data.front_door.rereferral_12m_pct"] == "unchanged"
    assert moved["data.children_in_care.cla_rate_per_10k"] == "changed"
    own = {g.area: (g.old_self, g.new_self) for g in d.grades}
    assert own["help_and_protection"] == (Grade.GOOD, Grade.REQUIRES_IMPROVEMENT)


def test_diff_json_is_documented_and_stable() -> None:
    result = runner.invoke(app, ["diff", str(rel(OLD)), str(rel(NEW)), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert list(doc) == [
        "format",
        "kind",
        "old",
        "new",
        "same_council",
        "judgements",
        "gaps",
        "figures",
    ]
    assert doc["kind"] == "diff" and doc["format"] == 1 and doc["same_council"] is True
    assert set(doc["gaps"]) == {"closed", "new", "still_open"}
    assert set(doc["judgements"]["leadership"]) == {"grade", "self_grade"}
    assert {"field", "label", "old", "new", "change", "direction"} == set(doc["figures"][0])
    documented = (ROOT / "docs" / "output-json.md").read_text("utf-8")
    assert re.search(r"^#+ .*diff", documented, re.M | re.I)
    for name in ("same_council", "still_open", "direction", "movement"):
        assert re.search(rf"`[^`\n]*\b{name}\b[^`\n]*`", documented), name


def test_diff_exit_codes_and_council_warning(tmp_path: Path) -> None:
    other = write_sef(tmp_path, claim="Fine.", council="Eastmere")
    result = runner.invoke(app, ["diff", str(rel(OLD)), str(other)])
    assert result.exit_code == 0
    assert "warning" in result.stderr and "Eastmere" in result.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\ncouncil: {name: X}\nperiod: {start: 2025-04-01}\n", "utf-8")
    result = runner.invoke(app, ["diff", str(rel(OLD)), str(bad)])
    assert result.exit_code == 2
    assert re.search(r"bad\.yaml:\d+:\d+: error: ", result.stderr)


def test_report_bad_input_and_unwritable_output(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = runner.invoke(app, ["report", str(missing)])
    assert result.exit_code == 2
    assert re.search(r"nope\.yaml: error: file not found", result.stderr)  # no place
    result = runner.invoke(
        app, ["report", str(rel(NEW)), "-o", str(tmp_path / "no-such-dir" / "r.html")]
    )
    assert result.exit_code == 2
    assert "r.html: error: cannot write" in result.stderr  # no place in the file


def test_report_output_is_atomic_and_format_follows_suffix(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    out.write_text("old contents", "utf-8")
    result = runner.invoke(app, ["report", str(rel(NEW)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert text.startswith("# Westmere: self-evaluation checked")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]  # no temporary left


def test_report_html_to_stdout() -> None:
    result = runner.invoke(app, ["report", str(rel(NEW))])
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")


# --- snapshots -----------------------------------------------------------------------------------


def check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("ASSURE_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        return
    assert path.is_file(), f"no snapshot {path}; run ASSURE_UPDATE_SNAPSHOTS=1 pytest"
    expected = path.read_text("utf-8")
    assert text == expected, (
        f"{name} differs from its snapshot; if the change is intended, run "
        "ASSURE_UPDATE_SNAPSHOTS=1 pytest and review the diff"
    )


def test_markdown_report_snapshot() -> None:
    result = runner.invoke(
        app, ["report", str(rel(NEW)), "--since", str(rel(OLD)), "--format", "markdown"]
    )
    assert result.exit_code == 0, result.output
    check_snapshot("westmere-2026-since-2025.md", result.stdout)


def test_markdown_diff_snapshot() -> None:
    result = runner.invoke(app, ["diff", str(rel(OLD)), str(rel(NEW)), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    check_snapshot("westmere-diff.md", result.stdout)


def test_text_diff_snapshot() -> None:
    result = runner.invoke(app, ["diff", str(rel(OLD)), str(rel(NEW))])
    assert result.exit_code == 0, result.output
    check_snapshot("westmere-diff.txt", result.stdout)


def test_md_escape() -> None:
    assert markdown.md("a | b *c* <b>") == r"a \| b \*c\* \<b\>"
    assert markdown.md("use `x | y` here") == r"use `x \| y` here"
