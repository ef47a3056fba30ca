"""Figures checked against other sources: the DfE's published figures and the council's own
records (Ofsted's Annex A workbook).

``figure_checks(sef, sources)`` gives one ``FigureCheck`` per figure that has another source:
a stated figure the DfE publishes for the council (``council.la_code``) in the period, a stated
figure the records also give, and a figure the SEF does not state but the records give
(``computed``). Each becomes a ``figure`` fact (``FigureCheck.fields``), so the cross-check
rules (XC001, XC002) are matched by durable-rules like every other rule.

``Records`` is what the checker needs from a workbook: the figures, the case-level counts (with
the child ids, which only the JSON output and the HTML report's appendix show) and where each
comes from. ``records_from_workbook`` reads one; ``Records.from_values`` builds one from plain
numbers (a rule's examples). The Annex A reader (python-calamine, holidays) is imported only
when a workbook is read: a plain ``assure check`` never loads it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assure.base.problems import InputError, Problem
from assure.figures import Published, load
from assure.figures.periods import human
from assure.sef import measures
from assure.sef.loader import LoadedSef
from assure.sef.model import Sef

if TYPE_CHECKING:
    from assure.annexa import AnnexAResult

DEFAULT_TOLERANCE = 2.0  # percentage points between a stated figure and the records
CASES_PREFIX = "annexa."  # case-level counts on the SEF fact: annexa.<key>

# The figure a case-level list is the detail of, whose column a finding points at.
CASE_FIGURE = {
    "cic_not_visited_12_weeks": "data.children_in_care.visits_in_standard_pct",
    "care_leavers_not_in_touch": "data.care_leavers.in_touch_pct",
    "unallocated_cases": "data.front_door.unallocated_cases",
}


# ... and the list and column of one that has no figure.
CASE_COLUMN = {"cp_not_seen_alone": (7, "seen_alone")}


@dataclass(frozen=True)
class Computed:
    """One figure computed from the records, and where in the workbook it comes from."""

    field: str
    value: float | int
    numerator: int | None = None
    denominator: int | None = None
    definition: str = ""
    sheet: str = ""
    cell: str = ""  # the header cell of the column the figure rests on, e.g. "N1"
    column: str = ""

    @property
    def location(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.sheet else ""


@dataclass(frozen=True)
class CaseCount:
    """Children an inspector would pick up from one list: how many, and who (ids only)."""

    key: str
    title: str
    count: int
    ids: tuple[str, ...] = ()
    definition: str = ""
    sheet: str = ""
    cell: str = ""

    @property
    def location(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.sheet else ""


@dataclass(frozen=True)
class Records:
    """What the council's own records say as at the SEF's period end."""

    file: str  # the workbook, as locations name it
    figures: dict[str, Computed]
    cases: dict[str, CaseCount]
    as_of: dt.date | None = None
    problems: int = 0  # problems found in the workbook's cells (`assure annex-a` lists them)

    @classmethod
    def from_values(cls, values: dict[str, Any], file: str = "annexa.xlsx") -> Records:
        """Records from plain numbers: ``data.<section>.<field>`` keys are figures, other keys
        case-level counts (for a rule's examples)."""
        figures: dict[str, Computed] = {}
        cases: dict[str, CaseCount] = {}
        for key, value in values.items():
            if key.startswith("data."):
                figures[key] = Computed(key, value, sheet="Annex A", cell="A1")
            else:
                ids = tuple(f"example-{i}" for i in range(1, int(value) + 1))
                cases[key] = CaseCount(key, key.replace("_", " "), int(value), ids, "", "Annex A")
        return cls(file, figures, cases)

    def fact_fields(self) -> dict[str, Any]:
        """The case-level counts, for the SEF fact (``annexa.<key>``)."""
        return {f"{CASES_PREFIX}{key}": case.count for key, case in self.cases.items()}

    def where(self, name: str) -> str | None:
        """``Sheet!N1`` for a computed figure or a case count (``annexa.<key>``)."""
        if name.startswith(CASES_PREFIX):
            case = self.cases.get(name[len(CASES_PREFIX) :])
            return case.location if case else None
        figure = self.figures.get(name)
        return figure.location if figure else None


def records_from_result(result: AnnexAResult, file: str) -> Records:
    """The checker's view of an Annex A result (``file`` as locations should name it)."""
    figures = {
        name: Computed(
            name,
            m.value,
            m.numerator,
            m.denominator,
            m.definition,
            m.sheet,
            m.header_cell,
            m.column,
        )
        for name, m in result.measures.items()
    }
    cases: dict[str, CaseCount] = {}
    for key, c in result.cases.items():
        sheet, cell = "", ""
        related = figures.get(CASE_FIGURE.get(key, ""))
        if related is not None and related.sheet:
            sheet, cell = related.sheet, related.cell
        else:
            numbers = [
                int(n) for n in c.list.replace("\u2013", "-").split("-") if n.strip().isdigit()
            ]
            info = next((result.lists[n] for n in numbers if n in result.lists), None)
            if info is not None:
                sheet, cell = info.sheet, "A1"
        cases[key] = CaseCount(key, c.title, c.count, c.ids, c.definition, sheet, cell)
    return Records(file, figures, cases, result.as_of, len(result.problems))


def records_from_workbook(
    path: Path, shown: str, sef: Sef, *, as_of: dt.date | None = None
) -> Records:
    """Read an Annex A workbook and compute its figures as at the SEF's period end (the SEF's
    ``local_standards.cp_visit_interval_days`` for the child protection visits figure).

    Raises ``InputError`` (``WorkbookError``) when the file cannot be an Annex A.
    """
    # Late: python-calamine and holidays only when a workbook is asked for.
    from assure.annexa import compute, read_workbook

    standards = sef.local_standards
    interval = standards.cp_visit_interval_days if standards is not None else None
    workbook = read_workbook(path, shown=shown)
    result = compute(workbook, as_of or sef.period.end, cp_visit_interval_days=interval)
    records = records_from_result(result, shown)
    # A case list with no figure of its own points at the column it is read from.
    for key, (number, column) in CASE_COLUMN.items():
        data = workbook.lists.get(number)
        case = records.cases.get(key)
        if case is not None and data is not None and data.has(column):
            records.cases[key] = dataclasses.replace(
                case, sheet=data.sheet, cell=data.header_cell(column)
            )
    return records


@dataclass(frozen=True)
class Sources:
    """The other sources a SEF's figures are checked against (besides the DfE's, always)."""

    records: Records | None = None
    tolerance: float = DEFAULT_TOLERANCE


@dataclass(frozen=True)
class FigureCheck:
    """One figure with another source: what the SEF states, what the DfE published, what the
    records say."""

    field: str
    stated: float | None
    published: tuple[Published, ...] = ()
    snapshot: bool = False  # a workforce figure (a 30 September snapshot)
    published_tolerance: float = 0.0
    records: Computed | None = None
    tolerance: float = DEFAULT_TOLERANCE

    @property
    def area(self) -> str:
        return measures.area_of(self.field)

    @property
    def computed(self) -> bool:
        return self.stated is None and self.records is not None

    @property
    def published_matches(self) -> bool | None:
        """Whether the stated figure is the published one (within rounding) for any snapshot
        within reach; None with nothing to compare."""
        if self.stated is None or not self.published:
            return None
        slack = self.published_tolerance + 1e-9
        return any(abs(self.stated - p.value) <= slack for p in self.published)

    @property
    def records_differ_pp(self) -> float | None:
        if self.stated is None or self.records is None:
            return None
        return round(abs(self.stated - float(self.records.value)), 2)

    def published_text(self) -> str:
        """``19.1 for 30 September 2024`` (snapshots joined with "and")."""
        parts = []
        for p in self.published:
            when = human(p.at) if self.snapshot else f"the year ending {human(p.at)}"
            parts.append(f"{measures.show(self.field, p.value)} for {when}")
        return " and ".join(parts)

    def fields(self) -> dict[str, Any]:
        """The ``figure`` fact's fields (absent values left out)."""
        out: dict[str, Any] = {
            "field": self.field,
            "area": self.area,
            "label": _lower_first(measures.label(self.field)),
            "computed": self.computed,
        }
        if self.stated is not None:
            out["stated"] = self.stated
            out["stated_text"] = measures.show(self.field, self.stated)
        if self.published:
            latest = self.published[-1]
            out |= {
                "published": latest.value,
                "published_at": latest.at.isoformat(),
                "published_text": self.published_text(),
            }
            if self.published_matches is not None:
                out["published_matches"] = self.published_matches
        if self.records is not None:
            out |= {
                "records": self.records.value,
                "records_text": measures.show(self.field, self.records.value),
                "records_where": self.records.location,
                "tolerance": self.tolerance,
            }
            if self.records_differ_pp is not None:
                out["records_differ_pp"] = self.records_differ_pp
                out["difference_text"] = _points(self.field, self.records_differ_pp)
            out["tolerance_text"] = _points(self.field, self.tolerance)
        return out

    def to_json(self) -> dict[str, Any]:
        """The figure as a report's JSON carries it."""
        return {
            "field": self.field,
            "area": self.area,
            "stated": self.stated,
            "computed": self.computed,
            "records": None
            if self.records is None
            else {
                "value": self.records.value,
                "numerator": self.records.numerator,
                "denominator": self.records.denominator,
                "where": self.records.location,
            },
            "records_differ_pp": self.records_differ_pp,
            "published": [
                {"year": p.year, "at": p.at.isoformat(), "value": p.value} for p in self.published
            ],
            "published_matches": self.published_matches,
        }


def _lower_first(text: str) -> str:
    """``Average caseload`` -> ``average caseload`` (an acronym such as ``CP`` is kept)."""
    head = text.split(" ", 1)[0]
    return text if head.isupper() else text[:1].lower() + text[1:]


def _points(field: str, amount: float) -> str:
    text = f"{amount:.2f}".rstrip("0").rstrip(".")
    if field.endswith("_pct"):
        return f"{text} percentage point{'' if text == '1' else 's'}"
    return text


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def figure_checks(sef: Sef, sources: Sources) -> list[FigureCheck]:
    """Every figure of the SEF with another source (see the module's docstring)."""
    figs = load()
    code = sef.council.la_code
    records = sources.records
    out: dict[str, FigureCheck] = {}
    if code is not None and figs.council(code) is not None:
        for name in figs.fields():
            path = f"data.{name}"
            stated = _number(sef.value_at(path))
            if stated is None:
                continue
            published = figs.published(name, code, sef.period.end)
            if published:
                out[path] = FigureCheck(
                    path,
                    stated,
                    tuple(published),
                    snapshot=name.startswith("workforce."),
                    published_tolerance=figs.tolerance(name),
                    tolerance=sources.tolerance,
                )
    if records is not None:
        for path, computed in records.figures.items():
            stated = _number(sef.value_at(path))
            prior = out.get(path)
            if prior is not None:
                out[path] = FigureCheck(
                    path,
                    stated,
                    prior.published,
                    prior.snapshot,
                    prior.published_tolerance,
                    computed,
                    sources.tolerance,
                )
            else:
                out[path] = FigureCheck(path, stated, records=computed, tolerance=sources.tolerance)
    return [out[k] for k in sorted(out, key=_order)]


def _order(path: str) -> tuple[int, str]:
    return (list(measures.AREA_OF_SECTION).index(path.split(".")[1]), path)


def fill(sef: Sef, records: Records) -> Sef:
    """The SEF with the figures it does not state filled in from the records (computed), so the
    rules judge them; stated figures are kept as stated."""
    sections: dict[str, dict[str, Any]] = {}
    for path, computed in records.figures.items():
        if sef.value_at(path) is None:
            _, section, name = path.split(".")
            sections.setdefault(section, {})[name] = computed.value
    if not sections:
        return sef
    data = sef.data
    update = {
        section: getattr(data, section).model_copy(update=values)
        for section, values in sections.items()
    }
    return sef.model_copy(update={"data": data.model_copy(update=update)})


def computed_fields(sef: Sef, records: Records | None) -> frozenset[str]:
    """The figures the records fill in (the SEF does not state them)."""
    if records is None:
        return frozenset()
    return frozenset(p for p in records.figures if sef.value_at(p) is None)


def workbook_for(
    loaded: LoadedSef, option: Path | None, sef_path: Path | None = None
) -> tuple[Path, str] | None:
    """The workbook to read for this SEF and how to show it: ``--annex-a`` wins, else the
    first ``evidence:`` entry of kind ``annex_a`` with a ``file`` (relative to the SEF, found at
    ``sef_path``, by default the path the SEF is shown as)."""
    if option is not None:
        return option, str(option)
    for i, ev in enumerate(loaded.sef.evidence):
        if ev.kind == "annex_a" and ev.file:
            path = (sef_path or Path(loaded.file)).parent / ev.file
            shown = str(Path(loaded.file).parent / ev.file)
            if not path.is_file():
                line, column = loaded.doc.position(("evidence", i, "file"))
                raise InputError(
                    [
                        Problem(
                            loaded.file,
                            line,
                            column,
                            f"evidence[{i}].file: no Annex A workbook at {shown!r}; give the "
                            "path relative to the SEF, or leave 'file' out",
                        )
                    ]
                )
            return path, shown
    return None


def sources_for(
    loaded: LoadedSef,
    option: Path | None,
    tolerance: float | None = None,
    sef_path: Path | None = None,
) -> Sources:
    """The sources to check the SEF against: the workbook ``--annex-a`` names or the SEF's
    ``evidence:`` entry does, if any. Raises ``InputError`` for a workbook that cannot be read.

    The workbook's own cell problems are not repeated here: ``assure annex-a`` lists them."""
    chosen = DEFAULT_TOLERANCE if tolerance is None else tolerance
    found = workbook_for(loaded, option, sef_path)
    if found is None:
        return Sources(tolerance=chosen)
    path, shown = found
    return Sources(records_from_workbook(path, shown, loaded.sef), chosen)


__all__ = [
    "CASES_PREFIX",
    "DEFAULT_TOLERANCE",
    "CaseCount",
    "Computed",
    "FigureCheck",
    "Records",
    "Sources",
    "computed_fields",
    "figure_checks",
    "fill",
    "records_from_result",
    "records_from_workbook",
    "sources_for",
    "workbook_for",
]
