"""The HTML report: one self-contained file (no fonts, scripts or images fetched) that opens
offline and prints on A4.

Every text that comes from a SEF or a rule goes through ``h()`` (``html.escape``); markup is only
ever built here, around escaped text.
"""

from __future__ import annotations

import itertools
import re
from html import escape

from assure.check.findings import Finding
from assure.check.severity import Severity
from assure.report import svg
from assure.report.diff import Diff, summary_line
from assure.report.view import (
    AreaView,
    ClaimView,
    EvidenceRef,
    Gap,
    Kloe,
    ReportView,
)
from assure.ruleset.themes import load_themes
from assure.sef import measures
from assure.sef.areas import short as area_short
from assure.sef.grades import Grade

GRADE_CLASS = {
    Grade.OUTSTANDING: "g-out",
    Grade.GOOD: "g-good",
    Grade.REQUIRES_IMPROVEMENT: "g-ri",
    Grade.INADEQUATE: "g-inad",
}
# Gaps are coloured by severity, never by the grade they cap at: no gap is ever green, the
# colour of the area grades good and outstanding.
SEV_CLASS = {
    Severity.CRITICAL: "s-crit",
    Severity.SERIOUS: "s-ser",
    Severity.MINOR: "s-min",
    Severity.NOTE: "s-note",
}
SEV_LABEL = {
    Severity.CRITICAL: "Critical",
    Severity.SERIOUS: "Serious",
    Severity.MINOR: "Minor",
    Severity.NOTE: "Note",
}
DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
KIND_LABEL = {
    "threshold": "threshold",
    "missing": "not stated",
    "structure": "self-evaluation",
    "self_assessment": "own grade",
    "accepted": "accepted entry",
    "cross_check": "cross-check",
    "case": "case records",
}
TRENDS_NOTE = (
    "The DfE's published figures for {council} over the last five published years, to the one "
    "that goes with this self-evaluation's period, against England and the median of its ten "
    "statistical neighbours. Year-ending figures are for the year to 31 March; workforce "
    "figures are 30 September snapshots; n/p: not published (suppressed or not returned)."
)
MOVE_MARK = {
    "better": "▲ better",
    "worse": "▼ worse",
    "unchanged": "= unchanged",
    "changed": "≠ changed",
}

CSS = """
:root { --ink:#1d2433; --muted:#566072; --line:#d8dce3; --soft:#f5f6f8; --accent:#1f4e79;
  --out:#0b6e4f; --good:#3a7d2c; --ri:#b86e00; --inad:#b3261e; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #e9ecf0; color: var(--ink);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  "Liberation Sans", sans-serif; }
main { max-width: 1060px; margin: 24px auto; background: #fff; padding: 40px 52px;
  box-shadow: 0 1px 4px rgba(0,0,0,.12); }
h1 { font-size: 2.1em; margin: .1em 0 .15em; color: var(--accent); }
h2 { font-size: 1.4em; margin: 1.4em 0 .5em; padding-bottom: .2em;
  border-bottom: 2px solid var(--accent); color: var(--accent); }
h3 { font-size: 1.08em; margin: 1.2em 0 .4em; }
p { margin: .4em 0; }
code { font: .86em/1.3 ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono",
  monospace; background: var(--soft); padding: 0 .25em; border-radius: 3px;
  overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
th, td { border-bottom: 1px solid var(--line); padding: .35em .5em; text-align: left;
  vertical-align: top; }
th { background: var(--soft); font-weight: 650; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: .8em; color: var(--muted);
  margin: 0; }
.meta { color: var(--muted); }
.lead { font-size: 1.12em; border-left: 4px solid var(--accent); padding: .4em .8em;
  background: var(--soft); }
.badge { display: inline-block; padding: .05em .55em; border-radius: 999px; color: #fff;
  font-size: .85em; font-weight: 650; white-space: nowrap; }
.badge.none { background: #fff; color: var(--muted); border: 1px solid var(--line); }
.g-out { background: var(--out); } .g-good { background: var(--good); }
.g-ri { background: var(--ri); } .g-inad { background: var(--inad); }
.s-crit { background: var(--inad); } .s-ser { background: var(--ri); }
.s-min { background: #4b5a8c; } .s-note { background: #7a8291; }
.marking { text-align: center; font-weight: 700; letter-spacing: .12em; margin: 0 0 .6em;
  color: var(--ink); border: 1px solid var(--ink); padding: .1em; }
.summary h2 { font-size: 1.15em; margin: .8em 0 .3em; }
.summary table { margin: .2em 0 .5em; font-size: .95em; }
.summary ol.top { margin: .2em 0; padding-left: 1.3em; }
.summary ol.top li { margin: .15em 0 .35em; }
.summary .why { color: var(--muted); font-size: .92em; }
.gap.mini { padding: .15em .6em; margin: .2em 0; border-width: 0 0 0 4px; border-radius: 0; }
.gap.mini header, .gap.mini > p { display: inline; margin: 0; }
.gap.mini header .kind { display: none; }
.gap.mini > p::before { content: " · "; color: var(--muted); }
table.appendix { font-size: .8em; } table.sources { font-size: .72em; }
table.appendix td { padding: .2em .4em; }
.callout { font-weight: 650; }
.callout.over { color: #8a5200; } .callout.under { color: #2f5f8f; }
.callout.same { color: var(--muted); font-weight: 400; }
.flag { color: var(--inad); font-weight: 650; }
td code, th code { white-space: nowrap; overflow-wrap: normal; }
table.theme td:first-child, table.findings td:first-child { width: 1%; white-space: nowrap; }
table.theme td:last-child { width: 28%; }
.muted { color: var(--muted); }
table.grades th[scope=row] { width: 36%; font-weight: 600; background: none; }
table.grades td.gapcell { width: 22%; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
table.grades tr.over td { background: #fff6e6; }
.counts span { margin-right: 1em; white-space: nowrap; }
nav ol { columns: 2; margin: .3em 0; }
.chart { width: 100%; height: auto; display: block; margin: .6em 0 1em; }
.chart text { font-family: inherit; fill: var(--ink); }
.area-head { display: flex; flex-wrap: wrap; gap: .4em 1.4em; align-items: center;
  background: var(--soft); padding: .5em .8em; border-radius: 4px; }
ul.claims { padding-left: 1.1em; }
ul.claims li { margin: .3em 0 .6em; }
.ev { color: var(--muted); font-size: .9em; }
.gap { border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: 4px;
  padding: .55em .8em; margin: .6em 0; }
.gap.s-crit-b { border-left-color: var(--inad); } .gap.s-ser-b { border-left-color: var(--ri); }
.gap.s-min-b { border-left-color: #4b5a8c; } .gap.s-note-b { border-left-color: #7a8291; }
.gap header { display: flex; flex-wrap: wrap; gap: .2em .6em; align-items: baseline; }
.gap .rule { font-weight: 700; }
.gap .kind { color: var(--muted); font-size: .85em; }
.gap dl { display: grid; grid-template-columns: 7.5em 1fr; gap: .15em .8em; margin: .4em 0 0; }
.gap dt { color: var(--muted); font-size: .9em; }
.gap dd { margin: 0; }
.accepted { color: #2f5f8f; font-size: .9em; }
ol.kloe li { margin: .2em 0 .8em; }
ol.kloe .topic { font-weight: 700; margin-bottom: 0; }
ol.kloe .q { margin-top: 0; }
footer { margin-top: 2.5em; padding-top: .6em; border-top: 1px solid var(--line);
  color: var(--muted); font-size: .85em; }
@media print {
  body { background: #fff; font-size: 9.5pt; line-height: 1.35; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  .front { break-after: page; }
  #figures { break-before: page; }
  .gap, tr, li, .chart, .area-head, .card { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  nav, .screen-only, .front > .marking { display: none; }
  ol.kloe { font-size: .92em; } ol.kloe li { margin: .1em 0 .45em; }
  body { font-size: 9pt; } h3 { margin: .7em 0 .25em; }
  .gap { padding: .3em .6em; margin: .35em 0; } .gap dl { margin-top: .2em; }
  ul.claims li { margin: .1em 0 .3em; } ul.claims p { margin: .1em 0; }
  .chart { margin: .3em 0 .5em; }
  h1 { font-size: 1.7em; } h2 { margin-top: 1em; }
  table.appendix, table.sources { font-size: 7pt; line-height: 1.2; }
  table.appendix td, table.appendix th { padding: .05em .3em; }
}
"""

# Only in a report with trends, so that other reports stay as they were.
TRENDS_CSS = """
.trends { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: .4em 1.2em; }
figure.trend { margin: 0; } figure.trend figcaption { font-size: .9em; line-height: 1.3; }
figure.trend .chart { margin: .2em 0 .4em; }
.chart.trend-key { width: auto; max-width: 100%; height: 1.5em; margin: .3em 0; }
@media print {
  #trends { break-before: page; } #trends h3 { break-after: avoid; }
  .trends { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  figure.trend { break-inside: avoid; }
}
"""


def page_css(marking: str, council: str) -> str:
    """A4 pages with the protective marking at the top and bottom and page numbers."""
    mark, who = css_string(marking), css_string(council)
    return (
        "@page { size: A4; margin: 16mm 13mm 16mm;"
        f" @top-center {{ content: {mark}; font: 700 8pt sans-serif; letter-spacing: .1em; }}"
        f" @bottom-center {{ content: {mark}; font: 700 8pt sans-serif; letter-spacing: .1em; }}"
        f" @bottom-left {{ content: {who}; font: 8pt sans-serif; color: #566072; }}"
        ' @bottom-right { content: "Page " counter(page) " of " counter(pages);'
        " font: 8pt sans-serif; color: #566072; } }"
    )


def css_string(text: str) -> str:
    """Any text as a CSS string: quotes and backslashes escaped, no control characters."""
    out = []
    for ch in text:
        if ch in ('"', "\\") or ord(ch) < 32 or ch in "<>&":
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def h(text: object) -> str:
    """Escape any text for HTML: ``<script>`` becomes ``&lt;script&gt;``."""
    return escape(str(text), quote=True)


def rich(text: str) -> str:
    """Escape, then show `code` spans of rule text as code (the span is escaped already)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", h(text))


def badge(grade: Grade | None, *, short: bool = False, missing: str = "not stated") -> str:
    if grade is None:
        return f'<span class="badge none">{h(missing)}</span>'
    label = svg.GRADE_SHORT[grade] if short else grade.label
    return f'<span class="badge {GRADE_CLASS[grade]}">{h(label)}</span>'


def gap_callout(gap: int, own: Grade | None, *, short: bool = False) -> str:
    if own is None:
        return '<span class="callout same">no own grade stated</span>'
    what = "the evidence" if short else "what the evidence supports"
    s = "s" if abs(gap) > 1 else ""
    if gap > 0:
        return f'<span class="callout over">▲ own grade {gap} grade{s} above {what}</span>'
    if gap < 0:
        return f'<span class="callout under">▼ own grade {-gap} grade{s} below {what}</span>'
    return '<span class="callout same">matches the evidence</span>'


def sev_badge(severity: Severity) -> str:
    """A gap's badge: its severity in words, in a colour no area grade uses."""
    return (
        f'<span class="badge {SEV_CLASS[severity]}" title="{h(severity.words)}">'
        f"{h(SEV_LABEL[severity])}</span>"
    )


def render(view: ReportView, since: Diff | None = None, *, marking: str = DEFAULT_MARKING) -> str:
    svg.reset_ids()
    r = view.report
    title = f"{r.council}: self-evaluation checked, {r.period_start} to {r.period_end}"
    body = [
        _front(view, since, marking),
        _figures(view),
        _trends(view),
        _sources(view),
        *(_area(view, a) for a in view.areas if a.area != "overall" or a.gaps),
        _kloes(view),
        _themes(view),
    ]
    if since is not None:
        body.append(since_section(since))
    body.append(_appendix(view))
    body.append(_case_appendix(view))
    body.append(_footer(view, marking))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="assure {h(view.version)}">\n'
        f"<title>{h(title)}</title>\n<style>{CSS}{TRENDS_CSS if view.trends else ''}"
        f"{page_css(marking, r.council)}</style>\n"
        "</head>\n<body>\n<main>\n"
        + "\n".join(b for b in body if b)
        + "\n</main>\n</body>\n</html>\n"
    )


def _front(view: ReportView, since: Diff | None, marking: str) -> str:
    """The executive summary: one A4 page a board reads first."""
    r = view.report
    rows = []
    for a in view.areas:
        j = a.judgement
        rows.append(
            f'<tr class="{"over" if j.gap > 0 else ""}"><th scope="row">'
            f'<a href="#area-{h(a.area)}">{h(area_short(a.area))}</a></th>'
            f"<td>{badge(j.self_grade)}</td><td>{badge(j.grade)}</td>"
            f'<td class="gapcell">{gap_callout(j.gap, j.self_grade, short=True)}</td></tr>'
        )
    signed = [
        f"{h(s.role)}: {h(s.name)}" + (f" ({h(s.date)})" if s.date else "")
        if s.name
        else f'{h(s.role)}: <span class="flag">not signed</span>'
        for s in view.sign_off
    ]
    counts = view.severity_counts()
    shown_severities = (Severity.CRITICAL, Severity.SERIOUS, Severity.MINOR)
    count_html = "".join(f"<span>{sev_badge(s)} {counts[s]}</span>" for s in shown_severities)
    count_html += (
        '<br><span class="muted">'
        + h("; ".join(f"{SEV_LABEL[s].lower()}: {s.words}" for s in shown_severities))
        + "</span>"
    )
    top = view.top_gaps()
    top_html = (
        '<ol class="top">'
        + "".join(
            f"<li>{sev_badge(g.finding.severity)} <strong>{h(g.finding.title)}</strong> "
            f'<span class="muted">({h(area_short(g.finding.area))})</span><br>'
            f'<span class="why">{rich(g.finding.message)}</span></li>'
            for g in top
        )
        + "</ol>"
        if top
        else '<p class="muted">No gap found.</p>'
    )
    overdue = view.overdue_plans()
    if overdue:
        shown = overdue[:4]
        overdue_html = "<ul>" + "".join(
            f'<li>{h(p.action)} <span class="muted">({h(area_short(area))}; due {h(p.due)}; '
            f"{h(p.owner or 'no owner')}; {h(p.status_label)})</span></li>"
            for area, p in shown
        )
        if len(overdue) > len(shown):
            overdue_html += f"<li>and {len(overdue) - len(shown)} more (see each area)</li>"
        overdue_html += "</ul>"
    else:
        overdue_html = '<p class="muted">No plan is past its due date.</p>'
    if since is not None:
        moved = [
            f"{h(area_short(g.area))} {h(MOVE_MARK[g.movement])}"
            for g in since.grades
            if g.movement != "unchanged"
        ]
        progress = (
            f"<p>Since {h(since.old.period_start)} to {h(since.old.period_end)}: "
            f"{h(summary_line(since))}.</p>"
            + (f"<p>Grades the evidence supports: {'; '.join(moved)}.</p>" if moved else "")
            + '<p class="muted"><a href="#since">Progress in detail</a></p>'
        )
    else:
        progress = (
            '<p class="muted">No earlier self-evaluation was given to compare with '
            "(<code>assure report --since earlier.yaml</code>).</p>"
        )
    contents = "".join(
        f'<li><a href="#area-{h(a.area)}">{h(area_short(a.area))}</a></li>'
        for a in view.areas
        if a.area != "overall" or a.gaps
    )
    since_item = '<li><a href="#since">Progress since the last one</a></li>' if since else ""
    trends_item = '<li><a href="#trends">Trends</a></li>' if view.trends else ""
    return f"""<section class="front summary" id="front">
<p class="marking">{h(marking)}</p>
<p class="kicker">Children's services self-evaluation, checked by assure: summary</p>
<h1>{h(r.council)}</h1>
<p class="meta">Period {h(r.period_start)} to {h(r.period_end)} · {h(view.pack_title)} ·
checked on {h(view.today)}</p>
<p class="lead">{h(view.headline())}</p>
<h2 id="grades">Grades: the council's own and what the evidence supports</h2>
<table class="grades"><thead><tr><th scope="col">Judgement</th>
<th scope="col">Council's own grade</th><th scope="col">The evidence supports</th>
<th scope="col">Gap</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>
<p class="counts"><strong>Gaps:</strong> {count_html}</p>
<h2 id="top-gaps">The {len(top) or ""} gaps that matter most</h2>
{top_html}
<h2 id="overdue">Overdue plans ({len(overdue)})</h2>
{overdue_html}
<h2 id="progress">Progress since last time</h2>
{progress}
<p class="meta" id="sign-off"><strong>Sign-off:</strong> {"; ".join(signed)}</p>
<nav><strong>Contents</strong><ol><li><a href="#figures">Figures against England</a></li>
{trends_item}{contents}<li><a href="#kloe">Key lines of enquiry</a></li>
<li><a href="#themes">Peer challenge themes</a></li>{since_item}
<li><a href="#appendix">Analyst appendix</a></li></ol></nav>
</section>"""


def _figures(view: ReportView) -> str:
    year = view.bench.year
    chart = svg.benchmark_chart(view.bench_rows, year)
    if not chart:
        body = (
            '<p class="muted">The self-evaluation states none of the measures the DfE '
            "publishes for every council, so there is nothing to compare.</p>"
        )
    else:
        note = (
            "Bars are the council's figures; the dashed line is the England mean and the solid "
            "line the edge of the worst tenth of councils (the 90th percentile, or the 10th "
            "where a higher figure is better)."
        )
        if not any(r.worst is not None for r in view.bench_rows):
            note += (
                f" Percentiles are published for the latest year only, not {year}, so only "
                "the mean is shown."
            )
        body = f'{chart}<p class="muted">{h(note)}</p>'
    source = f"DfE figures for {year}" if year else "no national year applies to this period"
    ladder = svg.grade_ladder(
        [(a.area, a.judgement.grade, a.judgement.self_grade) for a in view.areas]
    )
    return (
        f'<section id="figures"><h2>Grades and figures against England</h2>{ladder}'
        f'<p class="meta">{h(source)} ({h(view.bench.source)}).</p>{body}</section>'
    )


def _trends(view: ReportView) -> str:
    """Each published figure over five years against England and the statistical neighbours'
    median, one small chart per figure (as the DfE's LAIT shows them); only for a council the
    DfE's figures know."""
    if not view.trends:
        return ""
    council = view.report.council
    parts = [
        '<section id="trends"><h2>Trends against England and statistical neighbours</h2>',
        f'<p class="meta">{h(TRENDS_NOTE.format(council=council))}</p>',
        svg.trend_legend(council),
    ]
    for group, rows in itertools.groupby(view.trends, key=lambda t: t.group):
        parts.append(f'<h3>{h(group)}</h3><div class="trends">')
        for t in rows:
            parts.append(
                f'<figure class="card trend"><figcaption><strong>{h(t.label)}</strong> '
                f'<span class="muted">({h(t.better)})</span></figcaption>'
                f"{svg.trend_chart(t, council)}</figure>"
            )
        parts.append("</div>")
    notes = dict.fromkeys(t.note for t in view.trends if t.note)
    if notes:
        parts.append(
            '<p class="muted">' + " ".join(h(n[0].upper() + n[1:] + ".") for n in notes) + "</p>"
        )
    parts.append("</section>")
    return "".join(parts)


def _sources(view: ReportView) -> str:
    """The figures that have another source: stated, computed from Annex A, published."""
    if not view.figures:
        return ""
    computed = ' <span class="muted">(computed)</span>'
    rows = "".join(
        f'<tr><th scope="row">{h(f.label)}</th>'
        f"<td>{h(f.stated)}</td>"
        f"<td>{h(f.records)}{computed if f.computed else ''}"
        f"</td><td>{h(f.published)}</td></tr>"
        for f in view.figures
    )
    workbook = view.report.records_file
    note = (
        f"Computed from Annex A: <code>{h(workbook)}</code>, as at the period end; a figure the "
        "SEF does not state is computed from it and judged by the rules."
        if workbook
        else "No Annex A workbook was given."
    )
    return (
        '<section id="sources"><h2>Figures from other sources</h2>'
        f'<p class="meta">{note}</p><table><thead><tr><th>Figure</th><th>Stated</th>'
        "<th>Computed from Annex A</th><th>Published by the DfE</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def _case_appendix(view: ReportView) -> str:
    """The child ids behind the case-level findings (the only place the report shows them)."""
    cases = [f for f in view.report.findings if f.kind == "case" and f.case_ids]
    if not cases:
        return ""
    items = "".join(
        f"<h3>{h(f.title)}: {len(f.case_ids)}</h3><p>{h(', '.join(f.case_ids))}</p>" for f in cases
    )
    return (
        '<section id="appendix-cases"><h2>Appendix: children in the case-level findings</h2>'
        "<p class=\"meta\">Child ids from the council's Annex A workbook, for the council's own "
        "follow-up. Personal data: share this report only as the workbook itself may be "
        f"shared.</p>{items}</section>"
    )


def _evidence(refs: tuple[EvidenceRef, ...]) -> str:
    if not refs:
        return '<span class="flag">no evidence cited</span>'
    items = [f'{h(e.title)} <span class="muted">({h(e.detail)})</span>' for e in refs]
    return "Evidence: " + "; ".join(items)


def _claims(claims: list[ClaimView], *, weakness: bool) -> str:
    out = []
    for c in claims:
        extra = ""
        if weakness:
            extra = (
                f" · plan: {h(', '.join(c.plans))}"
                if c.plans
                else ' · <span class="flag">no plan addresses it</span>'
            )
        out.append(
            f"<li><p>{h(c.text)} <code>{h(c.id)}</code></p>"
            f'<p class="ev">{_evidence(c.evidence)}{extra}</p></li>'
        )
    return f'<ul class="claims">{"".join(out)}</ul>'


def gap_card(g: Gap, file: str) -> str:
    """A gap as a board member reads it: severity, the gap, the figure, what to do. Where it is
    in the file, the rule and its source are in the analyst appendix."""
    f = g.finding
    sev = f.severity
    accepted = ""
    if f.accepted:
        accepted = (
            f'<p class="accepted">Accepted for now: {h(f.accepted_reason or "")} '
            "(still counts against the grade)</p>"
        )
    head = (
        f'<article class="gap {"mini " if sev.rank <= Severity.MINOR.rank else ""}'
        f'{SEV_CLASS[sev]}-b" data-rule="{h(f.rule)}" data-path="{h(f.path)}" '
        f'data-severity="{h(sev.key)}">'
        f"<header>{sev_badge(sev)}<span>{h(f.title)}</span>"
        f'<span class="kind">{h(KIND_LABEL.get(f.kind, f.kind))}</span></header>'
    )
    if sev.rank <= Severity.MINOR.rank:
        return f"{head}<p>{rich(f.message)}</p>{accepted}</article>"
    rows = []
    if g.figure is not None:
        figure = h(g.figure)
        if g.test:
            figure += f' <span class="muted">({h(g.test)})</span>'
        rows.append(("Figure", figure))
    if g.national:
        rows.append(("England", h(g.national)))
    rows.append(("What to do", rich(f.recommendation)))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f"{head}<p>{rich(f.message)}</p>{accepted}<dl>{dl}</dl></article>"


def _area(view: ReportView, a: AreaView) -> str:
    j = a.judgement
    parts = [
        f'<section class="area" id="area-{h(a.area)}"><h2>{h(a.title)}</h2>',
        f'<div class="area-head"><span>Evidence supports {badge(j.grade)}</span>'
        f"<span>Council's own grade {badge(j.self_grade)}</span>"
        f"{gap_callout(j.gap, j.self_grade)}</div>",
    ]
    if a.area != "overall":
        parts.append("<h3>Strengths the council claims</h3>")
        parts.append(
            _claims(a.strengths, weakness=False)
            if a.strengths
            else '<p class="muted">No strength claimed.</p>'
        )
        parts.append("<h3>Weaknesses the council names</h3>")
        parts.append(
            _claims(a.weaknesses, weakness=True)
            if a.weaknesses
            else '<p class="muted">No weakness named.</p>'
        )
    serious = [g for g in a.gaps if g.finding.severity.rank > Severity.MINOR.rank]
    minor = [g for g in a.gaps if g.finding.severity.rank <= Severity.MINOR.rank]
    parts.append(f"<h3>Gaps that keep the area from good or worse ({len(serious)})</h3>")
    if serious:
        parts += [gap_card(g, view.report.file) for g in serious]
    else:
        parts.append('<p class="muted">No such gap.</p>')
    if minor:
        parts.append(f"<h3>Gaps that keep the area from outstanding ({len(minor)})</h3>")
        parts += [gap_card(g, view.report.file) for g in minor]
    if a.area != "overall":
        parts.append("<h3>Plans for the next 12 months</h3>")
        parts.append(_plans(a))
    parts.append("</section>")
    return "\n".join(parts)


def _plans(a: AreaView) -> str:
    out = []
    no_owner = '<span class="flag">no owner</span>'
    no_date = '<span class="flag">no date</span>'
    overdue = ' <span class="flag">overdue</span>'
    nothing = '<span class="muted">nothing named</span>'
    if a.plans:
        rows = "".join(
            f"<tr><td>{h(p.action)} <code>{h(p.id)}</code></td>"
            f"<td>{h(p.owner) if p.owner else no_owner}</td>"
            f"<td>{h(p.due) if p.due else no_date}{overdue if p.overdue else ''}</td>"
            f"<td>{h(p.status_label)}</td>"
            f"<td>{h(', '.join(p.addresses)) or nothing}</td>"
            "</tr>"
            for p in a.plans
        )
        out.append(
            '<table class="plans"><thead><tr><th scope="col">Action</th><th scope="col">Owner'
            '</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">Addresses'
            f"</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    else:
        out.append('<p class="muted">No plans.</p>')
    if a.unplanned:
        names = "; ".join(f"{h(w.id)}" for w in a.unplanned)
        out.append(f'<p class="flag">Weaknesses without a plan: {names}</p>')
    return "".join(out)


def _themes(view: ReportView) -> str:
    parts = [
        '<section id="themes"><h2>The peer challenge\'s three core themes</h2>',
        '<p class="muted">Every LGA children\'s services peer challenge looks at the same three '
        "themes. The gaps above, seen through them:</p>",
    ]
    for n, rows in view.by_theme().items():
        parts.append(f'<h3 id="theme-{n}">{n}. {h(load_themes().titles[n])}</h3>')
        if not rows:
            parts.append('<p class="muted">No gaps found under this theme.</p>')
            continue
        total, serious = view.theme_counts(rows)
        worst = [r for r in rows if Severity.of(r.grade).rank > Severity.MINOR.rank]
        rest = [r for r in rows if Severity.of(r.grade).rank <= Severity.MINOR.rank]
        parts.append(
            f"<p>{total} gaps of {len(rows)} kinds; {serious} serious or critical"
            + (": " + "; ".join(f"{h(r.title)} ({h(r.where())})" for r in worst) if worst else "")
            + ".</p>"
        )
        if rest:
            parts.append(
                '<p class="muted">Keeping areas from outstanding: '
                + "; ".join(h(r.title) for r in rest)
                + ".</p>"
            )
    parts.append("</section>")
    return "\n".join(parts)


def _kloe_item(k: Kloe) -> str:
    because = k.because[0] + (
        f" (and {len(k.because) - 1} more like it)" if len(k.because) > 1 else ""
    )
    areas = ", ".join(area_short(a) for a in k.areas)
    return (
        f'<li><p class="topic">{h(k.topic)}</p><p class="q">{h(k.question)}</p>'
        f'<p class="muted">{sev_badge(Severity.of(k.grade))} {h(areas)} · theme {k.theme}. '
        f"{rich(because)}</p></li>"
    )


def _kloes(view: ReportView) -> str:
    if not view.kloes:
        items = '<p class="muted">No gaps, so no lines of enquiry suggested.</p>'
    else:
        items = f'<ol class="kloe">{"".join(_kloe_item(k) for k in view.kloes)}</ol>'
    return (
        '<section id="kloe"><h2>Suggested key lines of enquiry for a peer team</h2>'
        '<p class="muted">One question per serious gap or group of related gaps, worst first.</p>'
        f"{items}</section>"
    )


def _finding_row(f: Finding, extra: str = "") -> str:
    return (
        f"<tr><td>{sev_badge(f.severity)}</td>"
        f"<td>{h(area_short(f.area))}</td><td>{h(f.title)}</td><td>{extra}</td></tr>"
    )


def since_section(d: Diff) -> str:
    old = d.old
    parts = [
        '<section id="since"><h2>Progress since the last self-evaluation</h2>',
        f'<p class="meta">Compared with {h(old.file)} ({h(old.period_start)} to '
        f"{h(old.period_end)}). {h(summary_line(d))}.</p>",
    ]
    if not d.same_council:
        parts.append(
            f'<p class="flag">The earlier file is for {h(old.council)}, not {h(d.new.council)}.</p>'
        )
    rows = "".join(
        f'<tr><th scope="row">{h(area_short(g.area))}</th>'
        f"<td>{badge(g.old_grade, short=True, missing='not judged')} → "
        f"{badge(g.new_grade, short=True, missing='not judged')} "
        f"{h(MOVE_MARK[g.movement])}</td>"
        f"<td>{badge(g.old_self, short=True)} → {badge(g.new_self, short=True)}</td></tr>"
        for g in d.grades
    )
    parts.append(
        '<h3>Grades</h3><table class="moves"><thead><tr><th scope="col">Judgement</th>'
        '<th scope="col">Evidence supports (then → now)</th>'
        '<th scope="col">Council\'s own grade (then → now)</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )
    head = (
        '<thead><tr><th scope="col">Severity</th>'
        '<th scope="col">Area</th><th scope="col">Gap</th><th scope="col"></th></tr></thead>'
    )
    still_open = [
        _finding_row(
            s.new,
            ""
            if s.movement == "unchanged"
            else f"was {h(s.old.severity.key)}; {h(MOVE_MARK[s.movement])}",
        )
        for s in d.still_open
    ]
    for title, finding_rows in (
        ("Gaps closed", [_finding_row(f) for f in d.closed]),
        ("New gaps", [_finding_row(f) for f in d.opened]),
        ("Still open", still_open),
    ):
        parts.append(f"<h3>{title} ({len(finding_rows)})</h3>")
        if finding_rows:
            body = "".join(finding_rows)
            parts.append(f'<table class="findings">{head}<tbody>{body}</tbody></table>')
        else:
            parts.append('<p class="muted">Nothing here.</p>')
    parts.append(f"<h3>Figures stated in both years ({len(d.figures)})</h3>")
    if d.figures:
        body = "".join(
            f"<tr><td>{h(m.label)}</td><td>{h(measures.show(m.field, m.old))}</td>"
            f"<td>{h(measures.show(m.field, m.new))}</td>"
            f'<td class="move-{h(m.direction)}">{h(MOVE_MARK[m.direction])}</td></tr>'
            for m in d.figures
        )
        parts.append(
            '<table class="figures"><thead><tr><th scope="col">Measure</th>'
            '<th scope="col">Then</th><th scope="col">Now</th><th scope="col">Direction</th>'
            f"</tr></thead><tbody>{body}</tbody></table>"
        )
    else:
        parts.append('<p class="muted">No figure is stated in both.</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _appendix(view: ReportView) -> str:
    """For the analyst: every finding with its rule, where it is in the file, the field it
    read, and each rule's source."""
    r = view.report
    rows = "".join(
        f"<tr><td>{h(f.severity.key)}</td><td><code>{h(f.rule)}</code></td>"
        f"<td>{h(area_short(f.area))}</td>"
        f"<td><code>{h(f.where or f'{r.file}:{f.line}:{f.column}')}</code></td>"
        f"<td><code>{h(f.path)}</code></td></tr>"
        for f in r.findings
    )
    seen: dict[str, Finding] = {}
    for f in r.findings:
        seen.setdefault(f.rule, f)
    sources = "".join(
        f"<tr><td><code>{h(rule)}</code></td>"
        f'<td>{h(f.source)} <span class="muted">({h(f.basis.replace("_", " "))})</span></td></tr>'
        for rule, f in sorted(seen.items())
    )
    return (
        '<section id="appendix"><h2>Analyst appendix</h2>'
        '<p class="muted">Every finding by rule (<code>assure rules show ID</code> explains one),'
        " where it is in the self-evaluation (file:line:column) and the field it read; then "
        "where each rule comes from.</p>"
        '<table class="appendix findings"><thead><tr><th scope="col">Severity</th>'
        '<th scope="col">Rule</th><th scope="col">Area</th><th scope="col">Position</th>'
        f'<th scope="col">Field</th></tr></thead><tbody>{rows}</tbody></table>'
        '<h3>Sources of the rules</h3><table class="appendix sources"><thead><tr>'
        '<th scope="col">Rule</th><th scope="col">Source</th></tr>'
        f"</thead><tbody>{sources}</tbody></table></section>"
    )


def _footer(view: ReportView, marking: str = DEFAULT_MARKING) -> str:
    r = view.report
    year = view.bench.year if view.bench.year is not None else "none"
    return (
        f'<footer><p class="marking">{h(marking)}</p>Produced by assure {h(view.version)} · '
        f"rule pack <code>{h(r.pack)}</code> · "
        f"benchmarks <code>{h(view.benchmark_name)}</code>, year {h(year)} · from "
        f"<code>{h(r.file)}</code> · judged as at {h(view.today)}. A check of what the "
        "self-evaluation says, not an inspection.</footer>"
    )
