"""The report's trends: each figure the DfE publishes for the council, over five years, against
England and the statistical neighbours' median (as the DfE's LAIT charts them); only where the
SEF's ``council.la_code`` is a council the published figures know."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from test_reporting import ROOT, TODAY, Dom

from assure.api import check_file
from assure.figures import SeriesPoint, load
from assure.report import html_report as html
from assure.report import md_report as markdown
from assure.report import view
from assure.sef import measures

MIDSHIRE = ROOT / "self_assessments" / "midshire-2026.yaml"
PERIOD_END = dt.date(2026, 3, 31)  # Midshire's period end


def sef_for(tmp_path: Path, council: str | None) -> Path:
    """Midshire's SEF as another council: ``council`` is a ``name: ..., la_code: ...`` flow
    mapping, or None for no code at all."""
    text = MIDSHIRE.read_text("utf-8")
    assert "  name: Midshire\n  la_code: '991'\n" in text
    replacement = "  name: Midshire\n" if council is None else ""
    text = text.replace("  name: Midshire\n  la_code: '991'\n", replacement)
    if council is not None:
        text = text.replace("council:\n", f"council: {{{council}}}\n", 1)
        text = text.replace("  region: West Midlands\n", "", 1)
    path = tmp_path / "sef.yaml"
    path.write_text(text, "utf-8")
    shutil.copy(MIDSHIRE.with_name("midshire-annex-a.xlsx"), tmp_path)  # its evidence
    return path


def build(path: Path) -> view.ReportView:
    return view.build(check_file(path, today=TODAY), today=TODAY)


def section(page: str) -> str:
    match = re.search(r'<section id="trends">.*?</section>', page, re.S)
    assert match, "no trends section"
    return match.group(0)


def published(code: str) -> dict[str, list[SeriesPoint]]:
    """The figures a trend should show, straight from the data: field -> five-year series."""
    figures = load()
    out: dict[str, list[SeriesPoint]] = {}
    for key in figures.fields():
        choice = figures.year_for(key, PERIOD_END)
        assert choice is not None
        series = figures.series(key, code, choice.year, years=5)
        if any(p.value is not None for p in series):
            out[key] = list(series)
    return out


@pytest.fixture(scope="module")
def camden(tmp_path_factory: pytest.TempPathFactory) -> view.ReportView:
    return build(sef_for(tmp_path_factory.mktemp("camden"), "name: Camden, la_code: '202'"))


def test_one_chart_per_published_figure_after_the_figures_section(
    camden: view.ReportView,
) -> None:
    page = html.render(camden)
    body = page[page.index("<main>") :]
    assert body.index('id="figures"') < body.index('id="trends"') < body.index('id="sources"')
    trends = section(page)
    assert "Trends against England and statistical neighbours" in trends
    expected = published("202")
    assert len(expected) == len(load().fields())  # Camden's every figure is published
    assert trends.count('<figure class="card trend">') == len(expected) == len(camden.trends)
    # Each chart is a labelled image with a title and a description that names its values.
    dom = Dom(trends)
    charts = dom.find("svg", role="img")
    assert len(charts) == len(expected) + 1  # and the key to the lines
    assert 'href="#trends"' in page[: page.index('id="figures"')]  # in the contents


def test_each_description_names_every_value(camden: view.ReportView) -> None:
    trends = section(html.render(camden))
    descs = [unescape(d) for d in re.findall(r"<desc [^>]*>(.*?)</desc>", trends)][1:]
    expected = published("202")
    by_label = {measures.label(f"data.{key}"): key for key in expected}
    assert len(descs) == len(expected)
    for desc in descs:
        key = next(k for label, k in by_label.items() if desc.startswith(f"{label} ("))
        path = f"data.{key}"
        council, england, neighbours = re.split(r"\. (?=England|Statistical)", desc)
        for point in expected[key]:
            assert point.value is None or measures.show(path, point.value) in council
            shown = measures.show(path, point.neighbours_median)
            assert shown in neighbours
        if key != "workforce.social_workers_fte":
            for point in expected[key]:
                assert measures.show(path, point.england) in england
    caseload = next(d for d in descs if d.startswith("Average caseload"))
    assert "Camden: Sep 2021 16.1, Sep 2022 16.7, Sep 2023 12.4, Sep 2024 12.2, Sep 2025 11.2" in (
        caseload
    )
    assert "England: Sep 2021 16.3" in caseload and "lower is better" in caseload


def test_a_year_not_published_and_a_national_total(camden: view.ReportView) -> None:
    trends = section(html.render(camden))
    # Camden's 2023-24 figure for plans open two years or more was not published (suppressed).
    long_plans = re.search(r"<desc [^>]*>CP plans open 2 years or more[^<]*</desc>", trends)
    assert long_plans and "2023-24 not published" in long_plans.group(0)
    # England's social workers in post is the national total: written as such, not drawn.
    fte = re.search(r"<desc [^>]*>(Social workers in post[^<]*)</desc>.*?</svg>", trends, re.S)
    assert fte and "national total" in fte.group(1)
    assert re.search(r'<g class="line-england"></g>', fte.group(0))
    row = next(t for t in camden.trends if t.field == "data.workforce.social_workers_fte")
    assert row.england_total and row.better == "neither end is better"


def test_markdown_gives_the_same_as_tables(camden: view.ReportView) -> None:
    text = markdown.render(camden)
    start = text.index("## Trends against England and statistical neighbours")
    part = text[start : text.index("\n## ", start + 3)]
    assert "| Measure | Line | Sep 2021 | Sep 2022 | Sep 2023 | Sep 2024 | Sep 2025 |" in part
    assert "| Measure | Line | 2020-21 | 2021-22 | 2022-23 | 2023-24 | 2024-25 |" in part
    assert (
        "| **Average caseload** (lower is better) | Camden | 16.1 | 16.7 | 12.4 | 12.2 | 11.2 |"
    ) in part
    assert "|  | England | 16.3 | 16.6 | 16 | 15.4 | 15.2 |" in part
    assert "|  | Neighbours' median | 13.8 | 14.5 | 13.6 | 12.95 | 13.5 |" in part
    assert "| Camden | 8.5% | 7.6% | 4.5% | n/p | 0% |" in part
    rows = [line for line in part.splitlines() if line.startswith("| **")]
    assert len(rows) == len(published("202"))
    assert text.index("## Figures against England") < start < text.index("## Figures from")


@pytest.mark.parametrize("council", ["name: Midshire, la_code: '991'", None])
def test_no_trends_for_a_fictional_code_or_none(tmp_path: Path, council: str | None) -> None:
    v = build(sef_for(tmp_path, council))
    assert v.trends == []
    page = html.render(v)
    assert 'id="trends"' not in page and "Trends against" not in page
    assert ".trends {" not in page and 'href="#trends"' not in page
    assert "Trends against" not in markdown.render(v)


def test_every_text_is_escaped(tmp_path: Path) -> None:
    name = "Camden <script>alert(1)</script> & | *x*"
    v = build(sef_for(tmp_path, f"name: {name!r}, la_code: '202'"))
    trends = section(html.render(v))
    assert "<script>" not in trends and "&lt;script&gt;" in trends
    assert "Camden &lt;script&gt;alert(1)&lt;/script&gt; &amp; | *x*" in trends
    text = markdown.render(v)
    part = text[text.index("## Trends") :]
    assert "<script>" not in part and r"Camden \<script\>alert(1)\</script\> \& \| \*x\*" in part
