"""Progress between two SEFs of the same council: gaps closed, new and still open, grades and
figures that moved.

Findings are matched by ``(rule, path)``: a path names list items by their id, so a claim or a
plan that keeps its id across years is the same item. Figures are every ``data`` field stated in
both SEFs; whether a move is better or worse comes from ``assure.report.direction``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from assure.check.findings import Finding, Report
from assure.output.common import terminal_safe
from assure.output.jsonfmt import finding_dict, report_header
from assure.sef import measures
from assure.sef.areas import JUDGEMENTS
from assure.sef.areas import short as area_short
from assure.sef.grades import Grade
from assure.sef.model import Data

FORMAT_VERSION = 1


@dataclass(frozen=True)
class StillOpen:
    old: Finding
    new: Finding

    @property
    def movement(self) -> str:
        return grade_movement(self.old.grade, self.new.grade)


@dataclass(frozen=True)
class GradeMove:
    area: str
    old_grade: Grade | None
    new_grade: Grade | None
    old_self: Grade | None
    new_self: Grade | None

    @property
    def movement(self) -> str:
        return grade_movement(self.old_grade, self.new_grade)

    @property
    def self_movement(self) -> str:
        return grade_movement(self.old_self, self.new_self)


@dataclass(frozen=True)
class FigureMove:
    field: str
    old: Any
    new: Any

    @property
    def label(self) -> str:
        return measures.label(self.field)

    @property
    def direction(self) -> str:
        return measures.direction(self.field, self.old, self.new)

    @property
    def change(self) -> float | None:
        numbers = all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in (self.old, self.new)
        )
        return round(float(self.new) - float(self.old), 4) if numbers else None


@dataclass
class Diff:
    old: Report
    new: Report
    closed: list[Finding] = field(default_factory=list)
    opened: list[Finding] = field(default_factory=list)
    still_open: list[StillOpen] = field(default_factory=list)
    grades: list[GradeMove] = field(default_factory=list)
    figures: list[FigureMove] = field(default_factory=list)

    @property
    def same_council(self) -> bool:
        return self.old.council.strip().casefold() == self.new.council.strip().casefold()

    def figure_counts(self) -> dict[str, int]:
        out = {"better": 0, "worse": 0, "unchanged": 0, "changed": 0}
        for f in self.figures:
            out[f.direction] += 1
        return out


def grade_movement(old: Grade | None, new: Grade | None) -> str:
    if old is None or new is None:
        return "unchanged" if old == new else "changed"
    if old == new:
        return "unchanged"
    return "better" if new < old else "worse"


def diff(old: Report, new: Report) -> Diff:
    def key(f: Finding) -> tuple[str, str]:
        return (f.rule, f.path)

    old_by = {key(f): f for f in old.findings}
    new_by = {key(f): f for f in new.findings}
    out = Diff(old, new)
    out.closed = [f for f in old.findings if key(f) not in new_by]
    out.opened = [f for f in new.findings if key(f) not in old_by]
    out.still_open = [StillOpen(old_by[key(f)], f) for f in new.findings if key(f) in old_by]
    shown = [a for a in JUDGEMENTS if a in old.judgements or a in new.judgements]
    for area in shown:
        oj, nj = old.judgements.get(area), new.judgements.get(area)
        out.grades.append(
            GradeMove(
                area,
                oj.grade if oj else None,
                nj.grade if nj else None,
                oj.self_grade if oj else None,
                nj.self_grade if nj else None,
            )
        )
    out.figures = figure_moves(old, new)
    return out


def data_fields(report: Report) -> dict[str, Any]:
    """Every stated ``data`` field of a SEF, by dotted path, in the format's order."""
    out: dict[str, Any] = {}
    for section in Data.model_fields:
        values = getattr(report.sef.data, section)
        for name in type(values).model_fields:
            value = getattr(values, name)
            if value is not None:
                out[f"data.{section}.{name}"] = value
    return out


def figure_moves(old: Report, new: Report) -> list[FigureMove]:
    before, after = data_fields(old), data_fields(new)
    return [FigureMove(path, before[path], after[path]) for path in after if path in before]


# --- text ---------------------------------------------------------------------------------------


def _grade_key(g: Grade | None) -> str | None:
    return g.key if g is not None else None


def _grade_text(g: Grade | None, missing: str = "not stated") -> str:
    return g.key.replace("_", " ") if g is not None else missing


def _period(r: Report) -> str:
    return f"{r.period_start.isoformat()} to {r.period_end.isoformat()}"


def summary_line(d: Diff) -> str:
    counts = d.figure_counts()
    return (
        f"{len(d.closed)} gaps closed, {len(d.opened)} new, {len(d.still_open)} still open; "
        f"figures: {counts['better']} better, {counts['worse']} worse, "
        f"{counts['unchanged']} unchanged, {counts['changed']} changed"
    )


def render_text(d: Diff) -> str:
    lines = [
        terminal_safe(
            f"{d.new.council}: {_period(d.old)} ({d.old.file}) -> {_period(d.new)} ({d.new.file})"
        ),
        summary_line(d),
        "",
        "Grades (evidence supports; council's own grade)",
    ]
    for g in d.grades:
        then, now = _grade_text(g.old_grade, "not judged"), _grade_text(g.new_grade, "not judged")
        lines.append(
            f"  {area_short(g.area):<22} evidence {then} -> {now} ({g.movement}); "
            f"own {_grade_text(g.old_self)} -> {_grade_text(g.new_self)}"
        )
    sections: list[tuple[str, list[Finding]]] = [
        ("Gaps closed", d.closed),
        ("New gaps", d.opened),
    ]
    for title, findings in sections:
        lines += ["", f"{title} ({len(findings)})"]
        lines += [f"  {_finding_line(f)}" for f in findings] or ["  none"]
    lines += ["", f"Still open ({len(d.still_open)})"]
    for s in d.still_open:
        moved = (
            ""
            if s.movement == "unchanged"
            else (f"  [{s.old.severity.key} -> {s.new.severity.key}, {s.movement}]")
        )
        lines.append(f"  {_finding_line(s.new)}{moved}")
    if not d.still_open:
        lines.append("  none")
    lines += ["", f"Figures stated in both ({len(d.figures)})"]
    for m in d.figures:
        lines.append(
            f"  {m.label:<46} {measures.show(m.field, m.old):>10} -> "
            f"{measures.show(m.field, m.new):<10} {m.direction}"
        )
    if not d.figures:
        lines.append("  none")
    return "\n".join(lines) + "\n"


def _finding_line(f: Finding) -> str:
    where = "" if f.path == "(document)" else f" ({f.path})"
    return f"{f.severity.key:<8} {f.rule} {area_short(f.area)}: {f.title}{where}"


# --- json ---------------------------------------------------------------------------------------


def diff_dict(d: Diff) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        "kind": "diff",
        "old": report_header(d.old),
        "new": report_header(d.new),
        "same_council": d.same_council,
        "judgements": {
            g.area: {
                "grade": {
                    "old": _grade_key(g.old_grade),
                    "new": _grade_key(g.new_grade),
                    "movement": g.movement,
                },
                "self_grade": {
                    "old": _grade_key(g.old_self),
                    "new": _grade_key(g.new_self),
                    "movement": g.self_movement,
                },
            }
            for g in d.grades
        },
        "gaps": {
            "closed": [finding_dict(f, ids=False) for f in d.closed],
            "new": [finding_dict(f, ids=False) for f in d.opened],
            "still_open": [
                {
                    "rule": s.new.rule,
                    "path": s.new.path,
                    "old_grade": s.old.grade.key,
                    "new_grade": s.new.grade.key,
                    "movement": s.movement,
                    "finding": finding_dict(s.new, ids=False),
                }
                for s in d.still_open
            ],
        },
        "figures": [
            {
                "field": m.field,
                "label": m.label,
                "old": m.old,
                "new": m.new,
                "change": m.change,
                "direction": m.direction,
            }
            for m in d.figures
        ],
    }


def render_json(d: Diff) -> str:
    return json.dumps(diff_dict(d), indent=2, ensure_ascii=False) + "\n"
