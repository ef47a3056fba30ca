"""The figures computed from an Annex A workbook: a result object, JSON and a text summary."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from assure.annexa.problem import CellProblem

JSON_FORMAT = 1


@dataclass(frozen=True)
class Measure:
    """One figure, under the SEF's field name, with how it was counted."""

    field: str
    value: float | int
    numerator: int
    denominator: int
    list: str
    definition: str
    column: str = ""  # the Annex A column the figure mainly rests on
    sheet: str = ""  # the sheet that column is on
    header_cell: str = ""  # the column's header cell, e.g. "N1"

    @property
    def location(self) -> str:
        """``Sheet!N1``: where a finding on this computed figure should point."""
        return f"{self.sheet}!{self.header_cell}" if self.sheet else ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "list": self.list,
            "definition": self.definition,
        }

    @property
    def is_pct(self) -> bool:
        return self.field.endswith("_pct")


@dataclass(frozen=True)
class CaseFinding:
    """Children an inspector would pick up from the lists: a count and the child ids."""

    key: str
    title: str
    list: str
    definition: str
    ids: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.ids)

    def to_dict(self, include_ids: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "title": self.title,
            "count": self.count,
            "list": self.list,
            "definition": self.definition,
        }
        if include_ids:
            out["ids"] = list(self.ids)
        return out


@dataclass(frozen=True)
class ListInfo:
    number: int
    title: str
    sheet: str
    rows: int


@dataclass
class AnnexAResult:
    """Everything computed from one workbook as at one date."""

    file: str
    as_of: date
    since: date
    lists: dict[int, ListInfo]
    measures: dict[str, Measure]
    stopped: dict[str, str]
    cases: dict[str, CaseFinding]
    problems: list[CellProblem] = field(default_factory=list)

    def figures(self) -> dict[str, float | int]:
        """SEF field name -> computed value, e.g. ``{"data.care_leavers.in_touch_pct": 80.0}``."""
        return {name: m.value for name, m in self.measures.items()}

    def to_json(self, *, include_ids: bool = True) -> dict[str, Any]:
        """The JSON document (format 1). Child ids appear only under ``cases`` and only with
        ``include_ids``; names, dates of birth and postcodes never appear."""
        return {
            "format": JSON_FORMAT,
            "file": self.file,
            "as_of": self.as_of.isoformat(),
            "since": self.since.isoformat(),
            "lists": {
                str(n): {"sheet": info.sheet, "rows": info.rows}
                for n, info in sorted(self.lists.items())
            },
            "measures": {name: m.to_dict() for name, m in self.measures.items()},
            "stopped": dict(self.stopped),
            "cases": {key: c.to_dict(include_ids) for key, c in self.cases.items()},
            "problems": [p.to_dict() for p in self.problems],
        }

    def render_text(self, *, max_problems: int = 20) -> str:
        """A summary for people: figures, what could not be computed, case counts, problems.
        No child ids (they are in the JSON only)."""
        lines = [
            f"Annex A: {self.file}",
            f"  as of {self.as_of.isoformat()}; window {self.since.isoformat()} to "
            f"{self.as_of.isoformat()}",
            "",
            "Lists read:",
        ]
        for n, info in sorted(self.lists.items()):
            lines.append(f"  List {n:<2} {info.title:<22} sheet '{info.sheet}', {info.rows:,} rows")
        lines += ["", "Figures from the records:"]
        width = max((len(k) for k in self.measures), default=10)
        for name, m in self.measures.items():
            shown = f"{m.value:.1f}%" if m.is_pct else f"{m.value}"
            count = f"{m.numerator} of {m.denominator}" if m.is_pct else f"of {m.denominator} open"
            lines.append(f"  {name:<{width}}  {shown:>7}  ({count}; List {m.list})")
        if self.stopped:
            lines += ["", "Not computed:"]
            for name, why in self.stopped.items():
                lines.append(f"  {name}: {why}")
        if self.cases:
            lines += ["", "Case-level (child ids only in the JSON output):"]
            for c in self.cases.values():
                lines.append(f"  {c.title}: {c.count}")
        if self.problems:
            lines += ["", f"Problems in the workbook ({len(self.problems)}):"]
            for p in self.problems[:max_problems]:
                lines.append(f"  {p}")
            if len(self.problems) > max_problems:
                lines.append(f"  ... and {len(self.problems) - max_problems} more (--format json)")
        return "\n".join(lines) + "\n"


_NUM = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort ids as people do: C2 before C10."""
    return tuple(int(p) if p.isdigit() else p.lower() for p in _NUM.split(text))
