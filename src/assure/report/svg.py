"""Inline SVG charts, drawn here from the numbers (no library, nothing fetched).

Every chart has a ``<title>`` and a ``<desc>`` (read by screen readers) and every text in it is
escaped. Colour is never the only signal: values, grades and labels are written out.
"""

from __future__ import annotations

import itertools
from html import escape

from assure.report.view import STATUS_WORDS, BenchRow, chart_group
from assure.sef import measures
from assure.sef.areas import short as area_short
from assure.sef.grades import Grade

GRADE_COLOUR = {
    Grade.OUTSTANDING: "#0b6e4f",
    Grade.GOOD: "#3a7d2c",
    Grade.REQUIRES_IMPROVEMENT: "#b86e00",
    Grade.INADEQUATE: "#b3261e",
}
STATUS_COLOUR = {
    "worst_tenth": "#b3261e",
    "worse_than_mean": "#c98a12",
    "at_or_better_than_mean": "#4f7cac",
}
GRADE_SHORT = {
    Grade.OUTSTANDING: "Outstanding",
    Grade.GOOD: "Good",
    Grade.REQUIRES_IMPROVEMENT: "Requires improvement",
    Grade.INADEQUATE: "Inadequate",
}
_ids = itertools.count(1)


def h(text: object) -> str:
    return escape(str(text), quote=True)


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _open(width: int, height: int, title: str, desc: str, css: str) -> str:
    n = next(_ids)
    return (
        f'<svg class="chart {css}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="svg{n}-t svg{n}-d" preserveAspectRatio="xMinYMin meet">'
        f'<title id="svg{n}-t">{h(title)}</title><desc id="svg{n}-d">{h(desc)}</desc>'
    )


def reset_ids() -> None:
    """Number charts from 1 in each document, so output is the same every run."""
    global _ids
    _ids = itertools.count(1)


def benchmark_chart(rows: list[BenchRow], year: int | None) -> str:
    """The council's figures as bars, with the England mean (dashed) and the worst-tenth line
    (90th percentile, or 10th where higher is better) as markers."""
    if not rows:
        return ""
    width, label_w, x0, x1, text_x = 800, 282, 292, 566, 578
    row_h, group_h, top = 30, 26, 46
    height = top + len(rows) * row_h + len({chart_group(r.field) for r in rows}) * group_h + 8
    has_worst = any(r.worst is not None for r in rows)
    desc = "; ".join(
        f"{r.label} {measures.show(r.field, r.value)}, England mean "
        f"{measures.show(r.field, r.mean)}"
        + (f", {r.worst_label} {measures.show(r.field, r.worst)}" if r.worst is not None else "")
        + f": {STATUS_WORDS[r.status]}"
        for r in rows
    )
    out = [
        _open(width, height, f"The council's figures against England ({year})", desc, "bench"),
        '<g class="legend" font-size="12">',
        f'<rect x="{x0}" y="8" width="18" height="10" fill="{STATUS_COLOUR["worst_tenth"]}"/>',
        f'<text x="{x0 + 24}" y="17">worst tenth</text>',
        f'<rect x="{x0 + 104}" y="8" width="18" height="10" '
        f'fill="{STATUS_COLOUR["worse_than_mean"]}"/>',
        f'<text x="{x0 + 128}" y="17">worse than mean</text>',
        f'<rect x="{x0 + 248}" y="8" width="18" height="10" '
        f'fill="{STATUS_COLOUR["at_or_better_than_mean"]}"/>',
        f'<text x="{x0 + 272}" y="17">at or better than mean</text>',
        f'<line x1="{x0 + 9}" y1="26" x2="{x0 + 9}" y2="38" stroke="#222" stroke-width="2" '
        'stroke-dasharray="4 3"/>',
        f'<text x="{x0 + 24}" y="36">England mean</text>',
    ]
    if has_worst:
        out += [
            f'<line x1="{x0 + 139}" y1="26" x2="{x0 + 139}" y2="38" stroke="#111" '
            'stroke-width="3"/>',
            f'<text x="{x0 + 154}" y="36">worst-tenth line (90th / 10th percentile)</text>',
        ]
    else:
        out.append(f'<text x="{x0 + 130}" y="36">(percentiles: latest year only)</text>')
    out.append("</g>")
    y = top
    for group, members in itertools.groupby(rows, key=lambda r: chart_group(r.field)):
        out.append(
            f'<text class="group" x="0" y="{y + 17}" font-size="13" font-weight="700">'
            f"{h(group)}</text>"
        )
        y += group_h
        for r in members:
            # Each row has its own scale, wide enough that the mean sits at most half-way.
            top_value = max(r.value, 2 * r.mean, r.worst or 0.0) * 1.08 or 1.0
            if measures.unit(r.field) == "%":
                top_value = min(top_value, 100.0)

            def x(v: float, top_value: float = top_value) -> float:
                return x0 + (x1 - x0) * min(v, top_value) / top_value

            mid = y + row_h / 2
            colour = STATUS_COLOUR[r.status]
            tip = f"{r.label}: {measures.show(r.field, r.value)} ({STATUS_WORDS[r.status]})"
            out.append(f"<g><title>{h(tip)}</title>")
            out.append(
                f'<text x="{label_w}" y="{mid + 4:.1f}" font-size="12.5" text-anchor="end">'
                f"{h(r.label)}</text>"
            )
            out.append(
                f'<rect x="{x0}" y="{mid - 11:.1f}" width="{x1 - x0}" height="22" fill="#f1f3f6"/>'
            )
            out.append(
                f'<rect x="{x0}" y="{mid - 7:.1f}" width="{max(x(r.value) - x0, 1.5):.1f}" '
                f'height="14" fill="{colour}"/>'
            )
            out.append(
                f'<line x1="{x(r.mean):.1f}" y1="{mid - 12:.1f}" x2="{x(r.mean):.1f}" '
                f'y2="{mid + 12:.1f}" stroke="#222" stroke-width="2" stroke-dasharray="4 3"/>'
            )
            if r.worst is not None:
                wx = x(r.worst)
                out.append(
                    f'<line x1="{wx:.1f}" y1="{mid - 12:.1f}" x2="{wx:.1f}" y2="{mid + 12:.1f}" '
                    'stroke="#fff" stroke-width="6"/>'
                    f'<line x1="{wx:.1f}" y1="{mid - 12:.1f}" x2="{wx:.1f}" y2="{mid + 12:.1f}" '
                    'stroke="#111" stroke-width="3"/>'
                )
            detail = f"mean {_fmt(r.mean)}"
            if r.worst is not None:
                detail += f" · {r.worst_label[:4]} {_fmt(r.worst)}"
            out.append(
                f'<text x="{text_x}" y="{mid + 4:.1f}" font-size="12.5">'
                f'<tspan font-weight="700">{h(measures.show(r.field, r.value))}</tspan>'
                f'<tspan fill="#555"> {h(detail)}</tspan></text>'
            )
            out.append("</g>")
            y += row_h
    out.append("</svg>")
    return "".join(out)


def grade_ladder(rows: list[tuple[str, Grade, Grade | None]]) -> str:
    """Per judgement: the grade the evidence supports (filled dot) and the council's own grade
    (ring), on the four-point scale from outstanding (left) to inadequate (right)."""
    width, label_w, row_h, top = 820, 190, 36, 26
    cols = {g: 270 + (int(g) - 1) * 130 for g in Grade}
    height = top + len(rows) * row_h + 44
    parts = []
    for area, grade, own in rows:
        name = area_short(area)
        if own is None:
            parts.append(f"{name}: the evidence supports {grade.label}; no own grade stated")
        else:
            parts.append(
                f"{name}: council's own grade {own.label}, the evidence supports {grade.label}"
            )
    out = [
        _open(
            width,
            height,
            "The council's own grade beside the grade the evidence supports",
            "; ".join(parts),
            "ladder",
        ),
    ]
    for g, cx in cols.items():
        out.append(
            f'<text x="{cx}" y="18" font-size="12.5" font-weight="700" text-anchor="middle" '
            f'fill="{GRADE_COLOUR[g]}">{h(GRADE_SHORT[g])}</text>'
        )
    y = top + 8
    for area, grade, own in rows:
        mid = y + row_h / 2
        name = area_short(area)
        out.append("<g>")
        out.append(
            f'<text x="{label_w}" y="{mid + 4:.1f}" font-size="13" text-anchor="end">'
            f"{h(name)}</text>"
        )
        out.append(
            f'<line x1="{cols[Grade.OUTSTANDING] - 30}" y1="{mid:.1f}" '
            f'x2="{cols[Grade.INADEQUATE] + 30}" y2="{mid:.1f}" stroke="#d5d9e0" '
            'stroke-width="2"/>'
        )
        for cx in cols.values():
            out.append(f'<circle cx="{cx}" cy="{mid:.1f}" r="3" fill="#c3c8d0"/>')
        if own is not None and own != grade:
            over = own < grade
            colour = "#b86e00" if over else "#4f7cac"
            out.append(
                f'<line x1="{cols[own]}" y1="{mid:.1f}" x2="{cols[grade]}" y2="{mid:.1f}" '
                f'stroke="{colour}" stroke-width="5" stroke-linecap="round" opacity="0.55"/>'
            )
        out.append(
            f'<circle cx="{cols[grade]}" cy="{mid:.1f}" r="8" fill="{GRADE_COLOUR[grade]}"/>'
        )
        if own is not None:
            out.append(
                f'<circle cx="{cols[own]}" cy="{mid:.1f}" r="12" fill="none" stroke="#1f4e79" '
                'stroke-width="2.5"/>'
            )
        gap = 0 if own is None else int(grade) - int(own)
        note = (
            "no own grade"
            if own is None
            else "matches"
            if gap == 0
            else f"own grade {abs(gap)} above"
            if gap > 0
            else f"own grade {abs(gap)} below"
        )
        out.append(
            f'<text x="{cols[Grade.INADEQUATE] + 44}" y="{mid + 4:.1f}" font-size="12" '
            f'fill="{"#8a5200" if gap > 0 else "#444"}">{h(note)}</text>'
        )
        out.append("</g>")
        y += row_h
    ly = y + 22
    lx = cols[Grade.OUTSTANDING] - 30
    out += [
        f'<g class="legend" font-size="12"><circle cx="{lx + 7}" cy="{ly - 4}" r="7" fill="#333"/>',
        f'<text x="{lx + 20}" y="{ly}">the evidence supports</text>',
        f'<circle cx="{lx + 170}" cy="{ly - 4}" r="10" fill="none" stroke="#1f4e79" '
        'stroke-width="2.5"/>',
        f'<text x="{lx + 186}" y="{ly}">the council\'s own grade</text>',
        f'<line x1="{lx + 346}" y1="{ly - 4}" x2="{lx + 372}" y2="{ly - 4}" stroke="#b86e00" '
        'stroke-width="5" stroke-linecap="round" opacity="0.55"/>',
        f'<text x="{lx + 380}" y="{ly}">own grade above the evidence</text></g>',
    ]
    out.append("</svg>")
    return "".join(out)
