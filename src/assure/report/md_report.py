"""The Markdown report and diff: the HTML report's content as tables and lists, for wikis and
pull requests (charts become tables of figures).

Text from a SEF is escaped with ``md()`` so it shows as written: Markdown and HTML in it do not
take effect.
"""

from __future__ import annotations

import itertools
import re

from assure.check.findings import Finding
from assure.check.severity import Severity
from assure.output.common import terminal_safe
from assure.output.markdown import no_mentions
from assure.report.diff import Diff, summary_line
from assure.report.view import (
    STATUS_WORDS,
    AreaView,
    ClaimView,
    EvidenceRef,
    Gap,
    ReportView,
    TrendRow,
    chart_group,
    year_label,
)
from assure.ruleset.themes import load_themes
from assure.sef import measures
from assure.sef.areas import short as area_short
from assure.sef.grades import Grade

_SPECIAL = re.compile(r"([\\*_\[\]<>&|#!~])")
MOVE = {
    "better": "▲ better",
    "worse": "▼ worse",
    "unchanged": "= unchanged",
    "changed": "≠ changed",
}


def md(text: object) -> str:
    """Escape text for Markdown (one line; safe in a table cell). `code` spans stay code."""
    out = []
    plain = no_mentions(terminal_safe(" ".join(str(text).split())))
    for n, part in enumerate(re.split(r"(`[^`]*`)", plain)):
        if n % 2:  # a code span: only a pipe needs escaping, for tables
            out.append(part.replace("|", "\\|"))
        else:
            out.append(_SPECIAL.sub(r"\\\1", part))
    return "".join(out)


def code(text: object) -> str:
    value = " ".join(str(text).split()).replace("`", "'").replace("|", "\\|")
    return f"`{value}`"


def grade(g: Grade | None, missing: str = "not stated") -> str:
    return g.label if g is not None else missing


def callout(gap: int, own: Grade | None) -> str:
    if own is None:
        return "no own grade stated"
    if gap > 0:
        return f"**▲ own grade {gap} grade{'s' if gap > 1 else ''} above the evidence**"
    if gap < 0:
        return f"▼ own grade {-gap} grade{'s' if gap < -1 else ''} below the evidence"
    return "matches the evidence"


def _table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def render(view: ReportView, since: Diff | None = None) -> str:
    r = view.report
    parts = [_front(view), _figures(view), *_trends(view), *_sources(view)]
    parts += [_area(view, a) for a in view.areas if a.area != "overall" or a.gaps]
    parts += [_themes(view), _kloes(view)]
    if since is not None:
        parts.append(diff_sections(since, level=2, title="Progress since the last self-evaluation"))
    year = view.bench.year if view.bench.year is not None else "none"
    parts.append(
        f"---\n\nProduced by assure {md(view.version)} · rule pack {code(r.pack)} · benchmarks "
        f"{code(view.benchmark_name)}, year {year} · from {code(r.file)} · judged as at "
        f"{view.today}. A check of what the self-evaluation says, not an inspection."
    )
    return "\n\n".join(parts) + "\n"


def _front(view: ReportView) -> str:
    r = view.report
    rows = [
        [
            md(a.title),
            grade(a.judgement.self_grade),
            grade(a.judgement.grade),
            callout(a.judgement.gap, a.judgement.self_grade),
        ]
        for a in view.areas
    ]
    signers = [
        [
            md(s.role),
            md(s.name) if s.name else "**not signed**",
            str(s.date) if s.date else ("no date" if s.name else ""),
        ]
        for s in view.sign_off
    ]
    counts = view.severity_counts()
    count_text = " · ".join(
        f"{s.key} ({s.words}) {counts[s]}"
        for s in (Severity.CRITICAL, Severity.SERIOUS, Severity.MINOR)
    )
    return "\n\n".join(
        [
            f"# {md(r.council)}: self-evaluation checked",
            f"Period {r.period_start} to {r.period_end} · {md(view.pack_title)} · rule pack "
            f"{code(r.pack)} · checked on {view.today}",
            f"> {md(view.headline())}",
            "## Grades: the council's own and what the evidence supports",
            _table(["Judgement", "Council's own grade", "The evidence supports", "Gap"], rows),
            "## Sign-off",
            _table(["Role", "Name", "Date"], signers),
            f"**Findings by grade they cap at:** {count_text}",
        ]
    )


def _sources(view: ReportView) -> list[str]:
    """The figures that have another source (no child ids: those are in the HTML only)."""
    if not view.figures:
        return []
    rows = [
        [
            f"{md(f.label)} {code(f.field)}",
            md(f.stated),
            md(f.records) + (" (computed)" if f.computed else ""),
            md(f.published),
        ]
        for f in view.figures
    ]
    workbook = view.report.records_file
    note = (
        f"Computed from Annex A: {code(workbook)}, as at the period end."
        if workbook
        else "No Annex A workbook was given."
    )
    table = _table(["Figure", "Stated", "Computed from Annex A", "Published by the DfE"], rows)
    return ["## Figures from other sources\n\n" + note + "\n\n" + table]


def _trends(view: ReportView) -> list[str]:
    """The trend charts as tables: per group of figures, one column per published year and
    three rows per figure (the council, England, the statistical neighbours' median)."""
    if not view.trends:
        return []
    council = view.report.council
    parts = [
        "## Trends against England and statistical neighbours",
        md(
            f"The DfE's published figures for {council} over the last five published years, to "
            "the one that goes with this self-evaluation's period, against England and the "
            "median of its ten statistical neighbours. Year-ending figures are for the year to "
            "31 March (2024-25: the year to 31 March 2025); workforce figures are 30 September "
            "snapshots. n/p: not published."
        ),
    ]
    for group, members in itertools.groupby(view.trends, key=lambda t: t.group):
        rows = list(members)
        columns = sorted(
            {(p.at, year_label(p)) for t in rows for p in t.points}, key=lambda c: c[0]
        )
        body = []
        for t in rows:
            lines: list[tuple[str, dict[str, str]]] = [
                (council, {year_label(p): _trend_cell(t, p.value) for p in t.points}),
                (
                    "England",
                    {
                        year_label(p): "total" if t.england_total else _trend_cell(t, p.england)
                        for p in t.points
                    },
                ),
                (
                    "Neighbours' median",
                    {year_label(p): _trend_cell(t, p.neighbours_median) for p in t.points},
                ),
            ]
            for n, (line, cells) in enumerate(lines):
                name = f"**{md(t.label)}** ({md(t.better)})" if n == 0 else ""
                body.append([name, md(line), *(cells.get(label, "") for _, label in columns)])
        parts.append(f"### {md(group)}")
        parts.append(_table(["Measure", "Line", *(label for _, label in columns)], body))
    if any(t.england_total for t in view.trends):
        parts.append(
            "total: England's published figure is the national total, not comparable with "
            "one council's."
        )
    notes = dict.fromkeys(t.note for t in view.trends if t.note)
    parts += [md(n[0].upper() + n[1:] + ".") for n in notes]
    return ["\n\n".join(parts)]


def _trend_cell(t: TrendRow, value: float | None) -> str:
    return "n/p" if value is None else measures.show(t.field, value)


def _figures(view: ReportView) -> str:
    year = view.bench.year
    head = f"## Figures against England ({year})" if year else "## Figures against England"
    if not view.bench_rows:
        return (
            f"{head}\n\nThe self-evaluation states none of the measures the DfE publishes "
            "for every council, so there is nothing to compare."
        )
    rows = [
        [
            md(chart_group(b.field)),
            md(b.label),
            measures.show(b.field, b.value),
            measures.show(b.field, b.mean),
            f"{b.worst_label}: {measures.show(b.field, b.worst)}"
            if b.worst is not None
            else "not published",
            STATUS_WORDS[b.status],
        ]
        for b in view.bench_rows
    ]
    note = (
        "Worst-tenth line: the 90th percentile of councils, or the 10th where a higher "
        "figure is better."
    )
    if not any(b.worst is not None for b in view.bench_rows):
        note += f" Percentiles are published for the latest year only, not {year}."
    return "\n\n".join(
        [
            head,
            f"DfE figures ({md(view.bench.source)}).",
            _table(
                [
                    "Group",
                    "Measure",
                    "Council",
                    "England mean",
                    "Worst-tenth line",
                    "Where it sits",
                ],
                rows,
            ),
            note,
        ]
    )


def _evidence(refs: tuple[EvidenceRef, ...]) -> str:
    if not refs:
        return "**no evidence cited**"
    items = [f"{md(e.title)} ({e.detail})" for e in refs]
    return "Evidence: " + "; ".join(items)


def _claims(claims: list[ClaimView], *, weakness: bool) -> str:
    lines = []
    for c in claims:
        extra = ""
        if weakness:
            extra = f" · plan: {', '.join(c.plans)}" if c.plans else " · **no plan addresses it**"
        lines.append(f"- {md(c.text)} ({code(c.id)})  \n  {_evidence(c.evidence)}{extra}")
    return "\n".join(lines)


def gap_block(g: Gap, file: str) -> str:
    f = g.finding
    lines = [
        f"**{f.severity.label} · {f.rule} · {md(f.title)}** ({f.kind.replace('_', ' ')})",
        "",
        md(f.message),
        "",
    ]
    if g.figure is not None:
        lines.append(f"- Figure: {md(g.figure)}" + (f" ({md(g.test)})" if g.test else ""))
    if g.national:
        lines.append(f"- England: {md(g.national)}")
    lines.append(f"- Where: {code(f.where or f'{file}:{f.line}:{f.column}')} {code(f.path)}")
    lines.append(f"- Source: {md(f.source)} ({f.basis.replace('_', ' ')})")
    lines.append(f"- What to do: {md(f.recommendation)}")
    if f.accepted:
        lines.append(f"- Accepted for now: {md(f.accepted_reason or '')} (still caps the grade)")
    return "\n".join(lines)


def _area(view: ReportView, a: AreaView) -> str:
    j = a.judgement
    parts = [
        f"## {md(a.title)}",
        f"**Evidence supports:** {grade(j.grade)} · **council's own grade:** "
        f"{grade(j.self_grade)} · {callout(j.gap, j.self_grade)}",
    ]
    if a.area != "overall":
        parts += [
            "### Strengths the council claims",
            _claims(a.strengths, weakness=False) if a.strengths else "None claimed.",
            "### Weaknesses the council names",
            _claims(a.weaknesses, weakness=True) if a.weaknesses else "None named.",
        ]
    parts.append(f"### Gaps found, worst first ({len(a.gaps)})")
    parts += [gap_block(g, view.report.file) for g in a.gaps] or ["No gaps found."]
    if a.area != "overall":
        parts.append("### Plans for the next 12 months")
        if a.plans:
            parts.append(
                _table(
                    ["Action", "Owner", "Due", "Status", "Addresses"],
                    [
                        [
                            f"{md(p.action)} ({code(p.id)})",
                            md(p.owner) if p.owner else "**no owner**",
                            (str(p.due) if p.due else "**no date**")
                            + (" **overdue**" if p.overdue else ""),
                            p.status_label,
                            ", ".join(p.addresses) or "nothing named",
                        ]
                        for p in a.plans
                    ],
                )
            )
        else:
            parts.append("No plans.")
        if a.unplanned:
            parts.append(
                "**Weaknesses without a plan:** " + ", ".join(code(w.id) for w in a.unplanned)
            )
    return "\n\n".join(parts)


def _themes(view: ReportView) -> str:
    parts = [
        "## The peer challenge's three core themes",
        "Every LGA children's services peer challenge looks at the same three themes. The "
        "gaps above, seen through them:",
    ]
    for n, rows in view.by_theme().items():
        parts.append(f"### {n}. {md(load_themes().titles[n])}")
        if not rows:
            parts.append("No gaps found under this theme.")
            continue
        total, serious = view.theme_counts(rows)
        parts.append(f"{total} gaps from {len(rows)} rules; {serious} serious or critical.")
        parts.append(
            _table(
                ["Severity (worst)", "Rule", "Gap", "Where"],
                [[Severity.of(r.grade).key, r.rule, md(r.title), md(r.where())] for r in rows],
            )
        )
    return "\n\n".join(parts)


def _kloes(view: ReportView) -> str:
    head = "## Suggested key lines of enquiry for a peer team"
    if not view.kloes:
        return f"{head}\n\nNo gaps, so no lines of enquiry suggested."
    items = []
    for n, k in enumerate(view.kloes, 1):
        because = k.because[0] + (
            f" (and {len(k.because) - 1} more like it)" if len(k.because) > 1 else ""
        )
        areas = ", ".join(area_short(a) for a in k.areas)
        items.append(
            f"{n}. **{md(k.topic)}**  \n   {md(k.question)}  \n"
            f"   {Severity.of(k.grade).key} · {areas} · theme {k.theme} · {', '.join(k.rules)}. "
            f"{md(because)}"
        )
    return "\n\n".join(
        [
            head,
            "One question per serious gap or group of related gaps, worst first.",
            "\n".join(items),
        ]
    )


# --- diff ---------------------------------------------------------------------------------------


def _finding_rows(findings: list[Finding]) -> list[list[str]]:
    return [
        [f.severity.key, f.rule, area_short(f.area), md(f.title), code(f.path)] for f in findings
    ]


def diff_sections(d: Diff, *, level: int, title: str) -> str:
    hx, sub = "#" * level, "#" * (level + 1)
    old, new = d.old, d.new
    parts = [
        f"{hx} {md(title)}",
        f"{md(new.council)}: {code(old.file)} ({old.period_start} to {old.period_end}) → "
        f"{code(new.file)} ({new.period_start} to {new.period_end}). {summary_line(d)}.",
    ]
    if not d.same_council:
        parts.append(f"**The earlier file is for {md(old.council)}, not {md(new.council)}.**")
    parts.append(f"{sub} Grades")
    parts.append(
        _table(
            [
                "Judgement",
                "Evidence supports (then → now)",
                "Movement",
                "Council's own grade (then → now)",
            ],
            [
                [
                    area_short(g.area),
                    f"{grade(g.old_grade, 'not judged')} → {grade(g.new_grade, 'not judged')}",
                    MOVE[g.movement],
                    f"{grade(g.old_self)} → {grade(g.new_self)}",
                ]
                for g in d.grades
            ],
        )
    )
    head = ["Caps at", "Rule", "Area", "Gap", "Path"]
    for name, findings in (("Gaps closed", d.closed), ("New gaps", d.opened)):
        parts.append(f"{sub} {name} ({len(findings)})")
        parts.append(_table(head, _finding_rows(findings)) if findings else "None.")
    parts.append(f"{sub} Still open ({len(d.still_open)})")
    if d.still_open:
        rows = _finding_rows([s.new for s in d.still_open])
        for row, s in zip(rows, d.still_open, strict=True):
            row.append(
                "" if s.movement == "unchanged" else f"was {s.old.severity.key}; {MOVE[s.movement]}"
            )
        parts.append(_table([*head, "Change"], rows))
    else:
        parts.append("None.")
    parts.append(f"{sub} Figures stated in both years ({len(d.figures)})")
    if d.figures:
        parts.append(
            _table(
                ["Measure", "Field", "Then", "Now", "Direction"],
                [
                    [
                        md(m.label),
                        code(m.field),
                        md(measures.show(m.field, m.old)),
                        md(measures.show(m.field, m.new)),
                        MOVE[m.direction],
                    ]
                    for m in d.figures
                ],
            )
        )
    else:
        parts.append("No figure is stated in both.")
    return "\n\n".join(parts)


def render_diff(d: Diff) -> str:
    title = (
        f"{d.new.council}: progress from the year ending {d.old.period_end} "
        f"to the year ending {d.new.period_end}"
    )
    return diff_sections(d, level=1, title=title) + "\n"
