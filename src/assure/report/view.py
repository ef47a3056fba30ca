"""What a report shows, worked out once from a checked SEF, for every output format.

The renderers (``html``, ``markdown``) only lay this out; nothing here formats markup.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from assure import __version__
from assure.check import messages
from assure.check.explain import describe_test, national_figures
from assure.check.findings import KINDS, Finding, Judgement, Report, area_order
from assure.check.severity import Severity
from assure.figures import SeriesPoint
from assure.figures import load as load_figures
from assure.ruleset import benchmarks
from assure.ruleset.benchmarks import BenchmarkYear
from assure.ruleset.rule import Rule
from assure.ruleset.themes import load_themes
from assure.sef import measures
from assure.sef.areas import AREAS
from assure.sef.areas import phrase as area_phrase
from assure.sef.areas import short as area_short
from assure.sef.areas import title as area_title
from assure.sef.grades import Grade
from assure.sef.measures import Better
from assure.sef.model import Claim, Sef

SIGNERS = (
    ("dcs", "Director of Children's Services"),
    ("lead_member", "Lead member for children"),
    ("chief_executive", "Chief executive"),
)
# The measures the figures chart compares with national ones: workforce, then outcomes and
# stability, as published by the DfE for every council (rules/benchmarks/england.yaml).
CHART_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Workforce",
        (
            "data.workforce.caseload_average",
            "data.workforce.turnover_pct",
            "data.workforce.agency_pct",
            "data.workforce.vacancy_pct",
            "data.workforce.absence_pct",
        ),
    ),
    (
        "Help and protection",
        (
            "data.front_door.rereferral_12m_pct",
            "data.help_and_protection.repeat_cp_plans_pct",
            "data.help_and_protection.cp_plans_2y_plus_pct",
        ),
    ),
    (
        "Stability of children in care",
        (
            "data.children_in_care.placements_3plus_pct",
            "data.children_in_care.long_term_stability_pct",
        ),
    ),
    (
        "Care leavers",
        (
            "data.care_leavers.eet_17_18_pct",
            "data.care_leavers.eet_19_21_pct",
            "data.care_leavers.suitable_accommodation_17_18_pct",
            "data.care_leavers.suitable_accommodation_19_21_pct",
        ),
    ),
)
MAX_KLOES = 10
TOP_GAPS = 5  # the summary's "gaps that matter most"


@dataclass(frozen=True)
class EvidenceRef:
    id: str
    title: str
    kind: str
    date: dt.date | None
    sample_size: int | None

    @property
    def kind_label(self) -> str:
        return messages.in_words(self.kind)  # the one table of the format's values in words

    @property
    def detail(self) -> str:
        """What kind of evidence, when, and how many cases: 'case audit, 2025-11-14, 40 cases'."""
        bits = [self.kind_label, str(self.date) if self.date else "undated"]
        if self.sample_size is not None:
            bits.append(f"{self.sample_size} cases")
        return ", ".join(bits)


@dataclass(frozen=True)
class ClaimView:
    id: str
    kind: str
    text: str
    evidence: tuple[EvidenceRef, ...]
    plans: tuple[str, ...]  # ids of the plans (in any area) that address it


@dataclass(frozen=True)
class Gap:
    """A finding with what a reader needs beside it: the figure, the test, national figures."""

    finding: Finding
    theme: int
    figure: str | None  # the SEF's figure, as read: "81%", "not stated"
    test: str | None  # "a gap when below 100%; inadequate when below 80%"
    national: str | None  # "England mean 15.2; 90th percentile of councils 18.1 (2025)"


@dataclass(frozen=True)
class PlanView:
    id: str
    action: str
    owner: str | None
    due: dt.date | None
    status: str | None
    addresses: tuple[str, ...]
    overdue: bool

    @property
    def status_label(self) -> str:
        return self.status.replace("_", " ") if self.status else "not stated"


@dataclass
class AreaView:
    area: str
    title: str
    judgement: Judgement
    strengths: list[ClaimView] = field(default_factory=list)
    weaknesses: list[ClaimView] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    plans: list[PlanView] = field(default_factory=list)

    @property
    def unplanned(self) -> list[ClaimView]:
        """Weaknesses the council names that no plan addresses."""
        return [w for w in self.weaknesses if not w.plans]


@dataclass(frozen=True)
class BenchRow:
    """One measure against the national figures of the SEF's benchmark year."""

    field: str
    label: str
    value: float
    mean: float
    worst: float | None  # the 90th percentile (lower is better) or 10th (higher is better)
    better: Better

    @property
    def worst_label(self) -> str:
        return "90th percentile" if self.better is Better.LOWER else "10th percentile"

    @property
    def status(self) -> str:
        """``worst_tenth``, ``worse_than_mean`` or ``at_or_better_than_mean``."""
        sign = 1 if self.better is Better.LOWER else -1
        if self.worst is not None and sign * (self.value - self.worst) > 0:
            return "worst_tenth"
        if sign * (self.value - self.mean) > 0:
            return "worse_than_mean"
        return "at_or_better_than_mean"


STATUS_WORDS = {
    "worst_tenth": "in the worst tenth of councils",
    "worse_than_mean": "worse than the England mean",
    "at_or_better_than_mean": "at or better than the England mean",
}


@dataclass(frozen=True)
class Kloe:
    """A key line of enquiry a peer team could follow, from one gap or a group of them."""

    topic: str
    question: str
    areas: tuple[str, ...]
    theme: int
    grade: Grade
    rules: tuple[str, ...]
    because: tuple[str, ...]  # the findings' messages


@dataclass(frozen=True)
class ThemeRow:
    """The gaps one rule found, under one peer challenge theme."""

    rule: str
    title: str
    grade: Grade
    areas: tuple[tuple[str, int], ...]  # (area, how many gaps there)
    kind: str

    @property
    def count(self) -> int:
        return sum(n for _, n in self.areas)

    def where(self) -> str:
        return ", ".join(area_short(a) + (f" ({n})" if n > 1 else "") for a, n in self.areas)


@dataclass(frozen=True)
class Signer:
    role: str
    name: str | None
    date: dt.date | None


@dataclass(frozen=True)
class FigureRow:
    """A figure beside its other sources: what the SEF states, what the council's records
    (Annex A) give, what the DfE published."""

    field: str
    label: str
    stated: str
    records: str
    published: str
    computed: bool  # not stated: the rules judged the records' figure


def figure_rows(report: Report) -> list[FigureRow]:
    rows = []
    for f in report.figures:
        published = "; ".join(
            f"{measures.show(f.field, p.value)} ({p.at.isoformat()})" for p in f.published
        )
        rows.append(
            FigureRow(
                f.field,
                measures.label(f.field),
                "not stated" if f.stated is None else measures.show(f.field, f.stated),
                "" if f.records is None else measures.show(f.field, f.records.value),
                published,
                f.computed,
            )
        )
    return rows


# The trend charts' groups, by the SEF section a published figure belongs to, in report order.
TREND_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Workforce", ("workforce",)),
    ("Help and protection", ("front_door", "help_and_protection")),
    ("Children in care", ("children_in_care",)),
    ("Care leavers", ("care_leavers",)),
)
TREND_YEARS = 5
BETTER_WORDS = {"higher": "lower is better", "lower": "higher is better"}


@dataclass(frozen=True)
class TrendRow:
    """One published figure over the last five published years, as the DfE's LAIT charts it:
    the council's figure, England's and the median of its statistical neighbours."""

    field: str  # data.<section>.<key>
    label: str
    group: str
    points: tuple[SeriesPoint, ...]
    worse_when: str | None  # higher, lower, or None where neither end is better
    england_total: bool  # England's figure is the national total (a count): not comparable
    note: str | None  # the period's own year is not published (yet), and which year is used

    @property
    def better(self) -> str:
        """Which way is better, in words."""
        return BETTER_WORDS.get(self.worse_when or "", "neither end is better")

    def england(self, point: SeriesPoint) -> float | None:
        """England's figure as it can be compared: None where it is the national total."""
        return None if self.england_total else point.england


def year_label(point: SeriesPoint, *, short: bool = False) -> str:
    """``2024-25`` for a year ending 31 March 2025, ``Sep 2025`` for a 30 September snapshot
    (``2025`` when ``short``, for a chart's axis)."""
    if (point.at.month, point.at.day) == (3, 31):
        return f"{point.year - 1}-{point.year % 100:02d}"
    return str(point.at.year) if short else f"{point.at:%b} {point.at.year}"


def trend_group(field: str) -> str:
    section = field.split(".")[1]
    for title, sections in TREND_GROUPS:
        if section in sections:
            return title
    return "Other figures"


def _trend_order(field: str) -> tuple[int, int, str]:
    charted = [p for _, paths in CHART_GROUPS for p in paths]
    groups = [title for title, _ in TREND_GROUPS]
    group = trend_group(field)
    return (
        groups.index(group) if group in groups else len(groups),
        charted.index(field) if field in charted else len(charted),
        field,
    )


def trend_rows(sef: Sef) -> list[TrendRow]:
    """Every figure the DfE publishes for the SEF's council, over the five published years to
    the one that goes with the SEF's period; none when the council's code is not in the data
    (no code, or a fictional one)."""
    code = sef.council.la_code
    if code is None:
        return []
    figures = load_figures()
    if figures.council(code) is None:
        return []
    rows = []
    for key in figures.fields():
        choice = figures.year_for(key, sef.period.end)
        if choice is None:
            continue
        points = tuple(figures.series(key, code, choice.year, years=TREND_YEARS))
        if not any(p.value is not None for p in points):
            continue  # nothing published for this council: no trend to read
        # A mean or a rate for England lies between the councils' lowest and highest; a figure
        # above every council's is the national total (social workers in post, say).
        total = any(
            p.england is not None
            and (top := figures.quantile(key, p.year, 1.0)) is not None
            and p.england > top
            for p in points
        )
        path = f"data.{key}"
        rows.append(
            TrendRow(
                path,
                measures.label(path),
                trend_group(path),
                points,
                figures.worse_when(key),
                total,
                choice.note,
            )
        )
    rows.sort(key=lambda r: _trend_order(r.field))
    return rows


@dataclass
class ReportView:
    report: Report
    today: dt.date
    bench: BenchmarkYear
    benchmark_name: str
    pack_title: str
    areas: list[AreaView]
    gaps: list[Gap]
    kloes: list[Kloe]
    bench_rows: list[BenchRow]
    sign_off: list[Signer]
    version: str = __version__
    figures: list[FigureRow] = field(default_factory=list)  # figures with another source
    trends: list[TrendRow] = field(default_factory=list)  # published figures over five years

    @property
    def sef(self) -> Sef:
        return self.report.sef

    @staticmethod
    def theme_counts(rows: list[ThemeRow]) -> tuple[int, int]:
        """How many gaps a theme has, and how many cap at requires improvement or worse."""
        total = sum(r.count for r in rows)
        serious = sum(r.count for r in rows if r.grade >= Grade.REQUIRES_IMPROVEMENT)
        return total, serious

    def by_theme(self) -> dict[int, list[ThemeRow]]:
        """Per core theme, one row per rule that found gaps, worst first."""
        rows: dict[tuple[int, str], list[Gap]] = {}
        for g in self.gaps:
            rows.setdefault((g.theme, g.finding.rule), []).append(g)
        out: dict[int, list[ThemeRow]] = {n: [] for n in load_themes().titles}
        for (theme, rule), members in rows.items():
            per_area: dict[str, int] = {}
            for m in sorted(members, key=lambda m: area_order(m.finding.area)):
                per_area[m.finding.area] = per_area.get(m.finding.area, 0) + 1
            worst = max(m.finding.grade for m in members)
            out.setdefault(theme, []).append(
                ThemeRow(
                    rule,
                    members[0].finding.title,
                    worst,
                    tuple(per_area.items()),
                    members[0].finding.kind,
                )
            )
        for theme_rows in out.values():
            theme_rows.sort(
                key=lambda r: (-r.grade, KINDS.index(r.kind), area_order(r.areas[0][0]), r.rule)
            )
        return out

    def headline(self) -> str:
        """One sentence for the front page: own grades against the evidence, and the gaps."""
        graded = [a.judgement for a in self.areas if a.judgement.self_grade is not None]
        over = sum(1 for j in graded if j.gap > 0)
        if not graded:
            first = "The council does not grade itself in any judgement."
        elif over:
            first = (
                f"The council rates itself above what the evidence supports in {over} of "
                f"the {len(graded)} judgements it grades."
            )
        else:
            first = "No grade the council gives itself is better than the evidence supports."
        findings = self.report.findings
        n = self.severity_counts()
        serious = n[Severity.CRITICAL] + n[Severity.SERIOUS]
        worst = "none" if not serious else str(serious)
        return (
            f"{first} {len(findings)} gap{'s' if len(findings) != 1 else ''} found; {worst} "
            f"{'keeps' if serious == 1 else 'keep'} an area from good or make it inadequate."
        )

    def counts(self) -> dict[Grade, int]:
        return {g: sum(1 for f in self.report.findings if f.grade == g) for g in Grade}

    def severity_counts(self) -> dict[Severity, int]:
        return {s: sum(1 for f in self.report.findings if f.severity is s) for s in Severity}

    def top_gaps(self, n: int = TOP_GAPS) -> list[Gap]:
        """The gaps that matter most, for the summary: worst severity first, figures that breach
        a requirement before missing facts and the shape of the self-evaluation, one per rule;
        an own grade above the evidence is in the grade table already, so not here."""
        ranked = sorted(
            (g for g in self.gaps if g.finding.kind not in ("self_assessment", "accepted")),
            key=lambda g: (
                -g.finding.severity.rank,
                KINDS.index(g.finding.kind),
                area_order(g.finding.area),
                g.finding.rule,
            ),
        )
        out: list[Gap] = []
        seen: set[str] = set()
        for g in ranked:
            if g.finding.rule not in seen and g.finding.severity.rank >= Severity.MINOR.rank:
                out.append(g)
                seen.add(g.finding.rule)
        return out[:n]

    def overdue_plans(self) -> list[tuple[str, PlanView]]:
        """Plans due before the period end and not done, with their area."""
        return [(a.area, p) for a in self.areas for p in a.plans if p.overdue]


def build(report: Report, *, today: dt.date) -> ReportView:
    rules = {r.id: r for r in report.rules}
    ref = benchmarks.reference(report.sef)
    bench = ref.bench
    # The rules' tests in words read the figures the SEF was compared with (compare.*, bench.*).
    compared = dataclasses.replace(bench, fields={**ref.facts, **bench.fields})
    sef = report.sef
    gaps = [_gap(f, rules.get(f.rule), compared, sef) for f in report.findings]
    by_area: dict[str, list[Gap]] = {}
    for g in gaps:
        by_area.setdefault(g.finding.area, []).append(g)
    planned = _planned(sef)
    evidence = {
        e.id: EvidenceRef(e.id, e.title, e.kind, e.date, e.sample_size) for e in sef.evidence
    }
    areas: list[AreaView] = []
    for area, judgement in report.judgements.items():
        view = AreaView(area, area_title(area), judgement, gaps=by_area.get(area, []))
        content = getattr(sef.areas, area, None) if area in AREAS else None
        if content is not None:
            for claim in content.know:
                cv = _claim(claim, evidence, planned)
                (view.strengths if claim.kind == "strength" else view.weaknesses).append(cv)
            view.plans = [
                PlanView(
                    p.id,
                    p.action,
                    p.owner,
                    p.due,
                    p.status,
                    tuple(p.addresses),
                    p.overdue(sef.period.end),
                )
                for p in content.plans
            ]
        areas.append(view)
    return ReportView(
        report=report,
        today=today,
        bench=bench,
        benchmark_name=report.benchmarks,
        pack_title=report.pack_title,
        areas=areas,
        gaps=gaps,
        kloes=kloes(gaps),
        bench_rows=bench_rows(sef, bench),
        sign_off=_sign_off(sef),
        figures=figure_rows(report),
        trends=trend_rows(sef),
    )


def _planned(sef: Sef) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for area in AREAS:
        content = getattr(sef.areas, area)
        if content is None:
            continue
        for plan in content.plans:
            for claim_id in plan.addresses:
                out.setdefault(claim_id, []).append(plan.id)
    return out


def _claim(
    claim: Claim, evidence: dict[str, EvidenceRef], planned: dict[str, list[str]]
) -> ClaimView:
    return ClaimView(
        claim.id,
        claim.kind,
        claim.text,
        tuple(evidence[e] for e in claim.evidence if e in evidence),
        tuple(planned.get(claim.id, ())),
    )


def _sign_off(sef: Sef) -> list[Signer]:
    out = []
    for key, role in SIGNERS:
        sig = getattr(sef.sign_off, key) if sef.sign_off is not None else None
        out.append(Signer(role, sig.name if sig else None, sig.date if sig else None))
    return out


# --- one finding: its figure, the rule's test, the national figures ---------------------------


def _gap(finding: Finding, rule: Rule | None, bench: BenchmarkYear, sef: Sef) -> Gap:
    figure = test = national = None
    measured = finding.path.startswith(("data.", "local_standards."))
    if measured and finding.kind in ("threshold", "missing"):
        figure = measures.show(finding.path, finding.value)
        if rule is not None:
            test = describe_test(rule, finding.path, bench, sef)
        national = (
            benchmarks.describe(finding.compare)
            if finding.compare is not None
            else national_figures(finding.path, bench)
        )
    theme = load_themes().theme_of(finding.path, rule, finding.area)
    return Gap(finding, theme, figure, test, national)


# --- the figures chart ------------------------------------------------------------------------


def bench_rows(sef: Sef, bench: BenchmarkYear) -> list[BenchRow]:
    """Measures stated in the SEF that the benchmark year also has, in chart order."""
    rows = []
    for _, fields in CHART_GROUPS:
        for path in fields:
            value = sef.value_at(path)
            key = "bench." + path.removeprefix("data.")
            mean = bench.fields.get(f"{key}.mean")
            way = measures.better(path)
            if not isinstance(value, int | float) or mean is None:
                continue
            worst = bench.fields.get(f"{key}.{'p10' if way is Better.HIGHER else 'p90'}")
            rows.append(BenchRow(path, measures.label(path), float(value), mean, worst, way))
    return rows


def chart_group(path: str) -> str:
    for title, fields in CHART_GROUPS:
        if path in fields:
            return title
    return ""


# --- key lines of enquiry ---------------------------------------------------------------------


def _question(kind: str, areas: list[str]) -> str:
    phrase = _join([area_phrase(a) for a in areas])
    if kind == "threshold":
        return (
            f"How do leaders know the impact of this gap on {phrase}, and what difference "
            "are their actions making?"
        )
    if kind == "missing":
        return (
            f"The self-evaluation does not state these figures. How do leaders know the position "
            f"for {phrase} without them?"
        )
    if kind == "structure":
        return (
            f"How do leaders know that what the self-evaluation says about {phrase} is true, "
            "and that its plans will be delivered?"
        )
    if kind == "self_assessment":
        titles = _join([area_short(a).lower() for a in areas])
        if len(areas) > 1:
            return f"How do leaders know that their own grades for {titles} are right?"
        return f"How do leaders know that their own grade for {titles} is right?"
    return "Why is this gap accepted for now, and how do leaders know it is not harming children?"


def _join(items: list[str]) -> str:
    unique = list(dict.fromkeys(items))
    return unique[0] if len(unique) == 1 else f"{', '.join(unique[:-1])} and {unique[-1]}"


def kloes(gaps: list[Gap]) -> list[Kloe]:
    """Questions for a peer team, worst first; at most ``MAX_KLOES``.

    One question per rule that found gaps (its gaps in every area form one group), except that
    the figures an area leaves unstated form one group per area. Information-only findings
    (graded outstanding) raise none.
    """
    groups: dict[str, list[Gap]] = {}
    for g in gaps:
        f = g.finding
        if f.grade > Grade.OUTSTANDING:
            key = f"missing:{f.area}" if f.kind == "missing" else f.rule
            groups.setdefault(key, []).append(g)

    def order(item: tuple[str, list[Gap]]) -> tuple[Any, ...]:
        key, members = item
        worst = max(m.finding.grade for m in members)
        first = members[0]
        return (
            -worst,
            KINDS.index(first.finding.kind),
            first.theme,
            min(area_order(m.finding.area) for m in members),
            key,
        )

    out = []
    for key, members in sorted(groups.items(), key=order)[:MAX_KLOES]:
        members = sorted(
            members, key=lambda m: (-m.finding.grade, area_order(m.finding.area), m.finding.rule)
        )
        first = members[0].finding
        areas = sorted({m.finding.area for m in members}, key=area_order)
        rules = tuple(dict.fromkeys(m.finding.rule for m in members))
        if key.startswith("missing:"):
            topic = f"Figures not stated: {area_short(first.area)}"
            titles = "; ".join(dict.fromkeys(m.finding.title for m in members))
            because: tuple[str, ...] = (f"Not stated, so not checked: {titles}.",)
        else:
            topic = first.title
            because = tuple(m.finding.message for m in members)
        out.append(
            Kloe(
                topic=topic,
                question=_question(first.kind, areas),
                areas=tuple(areas),
                theme=members[0].theme,
                grade=first.grade,
                rules=rules,
                because=because,
            )
        )
    return out
