"""What a check produces: findings, the judgement per area, and the report of one SEF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from assure.check.severity import Severity
from assure.figures import Compare
from assure.ruleset.rule import Rule
from assure.ruleset.sources import FigureCheck
from assure.sef.areas import AREAS
from assure.sef.grades import Grade
from assure.sef.model import Sef
from assure.sef.warnings import SefWarning

KINDS = (
    "threshold",
    "missing",
    "structure",
    "self_assessment",
    "accepted",
    "cross_check",
    "case",
)


@dataclass(slots=True)
class Finding:
    """One gap: which rule, what it found, where in the SEF, and what to do about it.

    Not frozen, though nothing changes a finding once made: a frozen dataclass sets each of
    its twenty fields through ``object.__setattr__``, which cost a batch of small SEFs (sixty
    findings each) a tenth of its check time.
    """

    rule: str
    kind: str
    area: str
    grade: Grade
    title: str
    message: str
    path: str
    line: int
    column: int
    value: Any
    basis: str
    source: str
    recommendation: str
    accepted: bool = False
    accepted_reason: str | None = None
    compare: Compare | None = None  # where the figure stands among councils (DfE figures)
    # A finding on a figure computed from the records (or a case-level count) points at the
    # workbook: ``source_file`` and ``cell`` ("List 8 - Children in care!N1") instead of the SEF.
    source_file: str | None = None
    cell: str | None = None
    # Case-level findings: the child ids (only JSON and the HTML report's appendix show them).
    case_ids: tuple[str, ...] = ()
    figure: dict[str, Any] | None = None  # a cross-check: the figure from each source

    @property
    def where(self) -> str:
        """``file:Sheet!N1`` for a finding on the workbook, else ``""`` (use the SEF's line)."""
        return f"{self.source_file}:{self.cell}" if self.source_file else ""

    @property
    def severity(self) -> Severity:
        """What the gap does to its area's grade, in words (from the cap, ``grade``)."""
        return Severity.of(self.grade)

    def sort_key(self) -> tuple[Any, ...]:
        return (
            area_order(self.area),
            -self.grade,
            KINDS.index(self.kind),
            self.rule,
            self.line,
            self.column,
            self.path,
        )


class Keyed(Protocol):
    """What ``--select``/``--ignore`` look at: a finding, or a rule judged for an area."""

    @property
    def rule(self) -> str: ...
    @property
    def area(self) -> str: ...
    @property
    def basis(self) -> str: ...


class RuleInArea(NamedTuple):
    """A rule judged for one area (a rule of area ``each`` is judged for every area)."""

    rule: str
    area: str
    basis: str


def area_order(area: str) -> int:
    return AREAS.index(area) if area in AREAS else len(AREAS)


@dataclass
class Judgement:
    """One judgement area: the grade the evidence supports beside the council's own."""

    area: str
    grade: Grade
    self_grade: Grade | None
    findings: list[Finding] = field(default_factory=list)
    # False when --select/--ignore left no rule judging this area: its grade means nothing.
    assessed: bool = True

    @property
    def gap(self) -> int:
        """How many grades the council rates itself above the evidence (negative: below)."""
        if self.self_grade is None or not self.assessed:
            return 0
        return self.grade - self.self_grade


@dataclass
class Report:
    """The result of checking one SEF."""

    file: str
    council: str
    framework: str
    pack: str
    pack_title: str
    benchmarks: str  # the name of the national figures the rules compared with
    period_start: dt.date
    period_end: dt.date
    bench_year: int | None
    judgements: dict[str, Judgement]
    findings: list[Finding]
    sef: Sef  # the validated SEF itself, for reports that quote it (claims, plans, sign-off)
    rules: tuple[Rule, ...] = ()  # every rule of the pack, by id (SARIF lists them all)
    evaluated: tuple[RuleInArea, ...] = ()  # what was judged, after --select/--ignore (JUnit)
    figures: tuple[FigureCheck, ...] = ()  # figures with another source (DfE, Annex A)
    records_file: str | None = None  # the Annex A workbook the figures were computed from
    warnings: tuple[SefWarning, ...] = ()  # the SEF's surprises (printed on stderr, not judged)

    def failing(self, threshold: Grade) -> list[Finding]:
        """Findings that fail a build at ``--fail-on threshold`` (accepted ones never do)."""
        return [f for f in self.findings if not f.accepted and f.grade >= threshold]
