"""Inline SVG charts, drawn here from the numbers (no library, nothing fetched).

Every chart has a ``<title>`` and a ``<desc>`` (read by screen readers) and every text in it is
escaped. Colour is never the only signal: values, grades and labels are written out.
"""

from __future__ import annotations

import itertools
import math
from html import escape

from assure.report.view import STATUS_WORDS, BenchRow, TrendRow, chart_group, year_label
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


# --- trends: small multiples, one chart per published figure ---------------------------------

# Three lines told apart by stroke, dash and marker shape as well as colour.
TREND_LINES = (
    ("council", "#1f4e79", "", 2.6),
    ("england", "#555b66", "6 4", 1.8),
    ("neighbours", "#b3541e", "2 3", 2.2),
)


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "council":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.6" fill="{colour}"/>'
    if kind == "england":
        return (
            f'<rect x="{x - 3.2:.1f}" y="{y - 3.2:.1f}" width="6.4" height="6.4" '
            f'fill="#fff" stroke="{colour}" stroke-width="1.6"/>'
        )
    return (
        f'<path d="M{x:.1f} {y - 4.2:.1f}L{x + 4:.1f} {y + 3:.1f}L{x - 4:.1f} {y + 3:.1f}Z" '
        f'fill="{colour}"/>'
    )


def trend_legend(council: str) -> str:
    """The key to the trend charts: the three lines, by stroke, marker and name."""
    names = {
        "council": council,
        "england": "England",
        "neighbours": "Statistical neighbours' median",
    }
    desc = (
        f"{council}: solid line with round dots; England: dashed line with open squares; "
        "statistical neighbours' median: dotted line with triangles"
    )
    items = []
    x = 0.0
    for kind, colour, dash, width in TREND_LINES:
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        items.append(
            f'<line x1="{x:.1f}" y1="11" x2="{x + 30:.1f}" y2="11" stroke="{colour}" '
            f'stroke-width="{width}"{dashed}/>' + _marker(kind, x + 15, 11, colour)
        )
        items.append(f'<text x="{x + 36:.1f}" y="15" font-size="12">{h(names[kind])}</text>')
        x += 36 + 7.0 * len(names[kind]) + 24
    out = [_open(max(int(x), 640), 22, "Key to the trend charts", desc, "trend-key"), *items]
    out.append("</svg>")
    return "".join(out)


def _spread(wanted: list[tuple[float, str]], gap: float, low: float, high: float) -> list[float]:
    """Label positions near ``wanted`` (y, key), at least ``gap`` apart, within low..high."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i][0])
    placed = [0.0] * len(wanted)
    last = low - gap
    for i in order:
        placed[i] = last = max(wanted[i][0], last + gap)
    overflow = last - high
    if overflow > 0:  # pushed off the bottom: move the whole stack up
        for i in order:
            placed[i] -= overflow
    return placed


def trend_chart(row: TrendRow, council: str) -> str:
    """One published figure over the years: the council (solid, dots, every value written),
    England (dashed, squares) and the statistical neighbours' median (dotted, triangles), with
    the last year's England and neighbours' figures written at the end of their lines."""
    points = row.points
    width, height = 340, 152
    x0, x1, y0, y1, end_x = 34, 236, 26, 124, 240
    series = {
        "council": [p.value for p in points],
        "england": [row.england(p) for p in points],
        "neighbours": [p.neighbours_median for p in points],
    }
    known = [v for vs in series.values() for v in vs if v is not None]
    lo, hi = (min(known), max(known)) if known else (0.0, 1.0)
    pad = (hi - lo) * 0.12 or max(abs(hi) * 0.1, 1.0)
    lo, hi = lo - pad, hi + pad
    if lo < 0 <= min(known or [0.0]):
        lo = 0.0
    if hi - lo > 5:  # whole numbers on the scale
        lo, hi = float(math.floor(lo)), float(math.ceil(hi))
    if measures.unit(row.field) == "%":
        hi = min(hi, 100.0)

    def y(v: float) -> float:
        return y1 - (y1 - y0) * (v - lo) / (hi - lo)

    first_x, last_x = x0 + 16, x1 - 10  # inset: a value written at the ends stays clear
    step = (last_x - first_x) / max(len(points) - 1, 1)
    xs = [first_x + step * i if len(points) > 1 else (x0 + x1) / 2 for i in range(len(points))]

    def show(v: float | None) -> str:
        return "not published" if v is None else measures.show(row.field, v)

    def words(values: list[float | None]) -> str:
        return ", ".join(f"{year_label(p)} {show(v)}" for p, v in zip(points, values, strict=True))

    england = (
        "England: the published figure is the national total, not comparable, so not drawn"
        if row.england_total
        else f"England: {words(series['england'])}"
    )
    desc = (
        f"{row.label} ({row.better}). {council}: {words(series['council'])}. {england}. "
        f"Statistical neighbours' median: {words(series['neighbours'])}."
    )
    span = f"{year_label(points[0])} to {year_label(points[-1])}" if points else ""
    title = f"{row.label}: {council} against England and statistical neighbours, {span}"
    out = [_open(width, height, title, desc, "trend")]
    for v in (lo, hi):  # the scale: two labelled grid lines
        out.append(
            f'<line x1="{x0 - 4}" y1="{y(v):.1f}" x2="{x1 + 4}" y2="{y(v):.1f}" stroke="#e1e4ea"/>'
            f'<text x="{x0 - 7}" y="{y(v) + 3.5:.1f}" font-size="9.5" text-anchor="end" '
            f'fill="#566072">{h(_fmt(v))}</text>'
        )
    for x, p in zip(xs, points, strict=True):
        out.append(
            f'<text x="{x:.1f}" y="{y1 + 16}" font-size="9" text-anchor="middle" '
            f'fill="#566072">{h(year_label(p, short=True))}</text>'
        )
    ends: list[tuple[float, str]] = []
    for kind, colour, dash, stroke in reversed(TREND_LINES):  # the council's line on top
        values = series[kind]
        segments: list[list[tuple[float, float]]] = [[]]
        for x, val in zip(xs, values, strict=True):
            if val is None:
                segments.append([])
            else:
                segments[-1].append((x, y(val)))
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<g class="line-{kind}">')
        for seg in segments:
            if len(seg) > 1:
                d = "M" + "L".join(f"{a:.1f} {b:.1f}" for a, b in seg)
                out.append(
                    f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{stroke}"'
                    f'{dashed} stroke-linejoin="round"/>'
                )
            out.extend(_marker(kind, a, b, colour) for a, b in seg)
        out.append("</g>")
        last = values[-1] if values else None
        if kind != "council" and last is not None:
            ends.append((y(last), kind))
    # The council's value at every year, above its dot (below it near the top edge).
    for i, (x, own) in enumerate(zip(xs, series["council"], strict=True)):
        if own is None:
            out.append(
                f'<text x="{x:.1f}" y="{y1 - 4}" font-size="9.5" text-anchor="middle" '
                'fill="#566072">n/p</text>'
            )
            continue
        ty = y(own) - 7 if y(own) - 7 > y0 - 12 else y(own) + 15
        # The last value ends at its dot, clear of the labels at the end of the other lines.
        anchor, tx = ("end", x + 4) if i == len(points) - 1 and len(points) > 1 else ("middle", x)
        out.append(
            f'<text x="{tx:.1f}" y="{ty:.1f}" font-size="10" font-weight="700" '
            f'text-anchor="{anchor}" fill="#1f4e79"'
            f">{h(measures.show(row.field, own))}</text>"
        )
    # England's and the neighbours' latest figures, at the end of their lines.
    names = {"england": "England", "neighbours": "Neighbours"}
    placed = _spread([(yy + 3.5, kind) for yy, kind in ends], 12, y0 - 6, y1 + 4)
    for (_, kind), ty in zip(ends, placed, strict=True):
        values = series[kind]
        out.append(
            f'<text x="{end_x}" y="{ty:.1f}" font-size="10">{h(names[kind])} '
            f'<tspan font-weight="700">{h(show(values[-1]))}</tspan></text>'
        )
    if row.england_total:
        out.append(
            f'<text x="{end_x}" y="{y1 + 4:.1f}" font-size="9" fill="#566072">'
            "England: a total</text>"
        )
    out.append("</svg>")
    return "".join(out)
