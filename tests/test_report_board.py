"""The report for a board: a one-page summary first, gaps coloured by severity (never green),
rule ids, positions and field paths only in the analyst appendix, a protective marking, PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_reporting import OLD, ROOT, TODAY, Dom, rel
from typer.testing import CliRunner

from assure.api import check_file
from assure.cli import app
from assure.report import diff as diffmod
from assure.report import html_report as html
from assure.report import pdf as pdfmod
from assure.report import view

MIDSHIRE = ROOT / "self_assessments" / "midshire-2026.yaml"
runner = CliRunner()


def page_of(path: Path, **kwargs: str) -> str:
    report = check_file(rel(path), today=TODAY)
    return html.render(view.build(report, today=TODAY), **kwargs)  # type: ignore[arg-type]


def section(page: str, ident: str) -> str:
    match = re.search(rf'<section[^>]*id="{ident}".*?</section>', page, re.S)
    assert match, ident
    return match.group(0)


def test_summary_comes_first_with_grades_top_gaps_plans_and_progress() -> None:
    page = page_of(MIDSHIRE)
    body = page[page.index("<main>") :]
    assert body.index('id="front"') < body.index('id="figures"') < body.index('id="appendix"')
    front = section(page, "front")
    for heading in ("Grades:", "gaps that matter most", "Overdue plans (1)", "Progress since"):
        assert heading in front
    top = re.search(r'<ol class="top">(.*?)</ol>', front, re.S)
    assert top and top.group(1).count("<li>") == 5
    # worst first: the five are serious or critical gaps (Midshire has no critical one)
    assert top.group(1).count('class="badge s-ser"') == 5
    assert "hp-p1" not in front and "Agree a strategy discussion protocol" in front


def test_progress_since_is_on_the_summary() -> None:
    old = check_file(rel(OLD), today=TODAY)
    new = check_file(rel(OLD.with_name("westmere-2026.yaml")), today=TODAY)
    page = html.render(view.build(new, today=TODAY), diffmod.diff(old, new))
    front = section(page, "front")
    assert "gaps closed" in front and 'href="#since"' in front


def test_rule_ids_positions_and_paths_only_in_the_appendix() -> None:
    page = page_of(MIDSHIRE)
    report = check_file(rel(MIDSHIRE), today=TODAY)
    appendix = section(page, "appendix")
    visible = Dom(page.replace(appendix, "")).text
    # an accepted entry names the rule it accepts: the council's own words, kept
    visible = re.sub(r"acceptance of [A-Z]{2}\d{3}", "acceptance", visible)
    for f in report.findings:
        where = f.where or f"{f.line}:{f.column}"
        assert where in appendix and f.rule in appendix
        assert f"yaml:{f.line}:{f.column}" not in visible
        assert not re.search(rf"\b{f.rule}\b", visible), f.rule
        if "." in f.path:
            assert f.path not in visible, f.path


def test_no_gap_is_green_and_strengths_never_share_a_gap_colour() -> None:
    page = page_of(MIDSHIRE)
    for card in re.findall(r'<article class="gap[^"]*".*?</article>', page, re.S):
        assert "g-good" not in card and "g-out" not in card, card[:200]
        assert re.search(r'badge s-(crit|ser|min|note)"', card), card[:200]
    colours = dict(re.findall(r"\.(s-[a-z]+) \{ background: ([^;]+);", html.CSS))
    pass_colours = set(re.findall(r"--(?:good|out):(#[0-9a-f]+)", html.CSS))
    assert colours and pass_colours
    for cls, colour in colours.items():
        value = colour.strip()
        if value.startswith("var(--"):
            value = re.search(rf"{value[4:-1]}:(#[0-9a-f]+)", html.CSS).group(1)  # type: ignore[union-attr]
        assert value not in pass_colours, cls
        r, g, b = (int(value[i : i + 2], 16) for i in (1, 3, 5))
        assert not (g > r and g > b), f"{cls} is green: {value}"


def test_protective_marking_default_and_configurable(tmp_path: Path) -> None:
    page = page_of(MIDSHIRE)
    assert page.count("OFFICIAL-SENSITIVE") >= 3  # summary, footer, page margins
    assert 'counter(page) " of " counter(pages)' in page
    out = tmp_path / "r.html"
    result = runner.invoke(
        app, ["report", str(MIDSHIRE), "--marking", 'OFFICIAL "x" <b>', "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    text = out.read_text("utf-8")
    assert "OFFICIAL-SENSITIVE" not in text
    assert "OFFICIAL &quot;x&quot; &lt;b&gt;" in text  # escaped in the page
    assert '"OFFICIAL \\22 x\\22  \\3c b\\3e "' in text  # and in the CSS string


def test_pdf_without_an_engine_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pdfmod, "engine", lambda: None)
    result = runner.invoke(app, ["report", str(MIDSHIRE), "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("--format:1:1: error: --format pdf needs ")
    assert not (tmp_path / "r.pdf").exists()
