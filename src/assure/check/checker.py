"""Check one SEF: build its facts, run the pack's rules on durable-rules, grade the result.

The run is one engine session in three steps, each asserting facts into the same ``sid`` so
rules chain across them:

1. items (claims, plans, evidence, accepted entries): item rules and ``count()`` rules fire;
2. the SEF and its areas, with the counts from step 1 written in: threshold rules fire, and
   composite rules join on the finding facts earlier rules asserted;
3. the judgements, once grades are known: self-assessment rules compare them with the
   council's own grades.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from assure.check import messages
from assure.check.findings import Finding, Keyed, Report, RuleInArea
from assure.check.grading import grade_areas
from assure.figures import Compare
from assure.lang import engine
from assure.lang.factkeys import fact_key
from assure.lang.facts import AREA_KEY, Fact, FactSet, build_facts, document_path, judgement_fact
from assure.ruleset import benchmarks
from assure.ruleset.compiled import CompiledPack, compile_pack
from assure.ruleset.packs import RulePack
from assure.ruleset.rule import Rule
from assure.ruleset.sources import (
    CASES_PREFIX,
    FigureCheck,
    Records,
    Sources,
    computed_fields,
    figure_checks,
    fill,
)
from assure.sef import measures
from assure.sef.areas import AREAS
from assure.sef.grades import Grade
from assure.sef.loader import LoadedSef
from assure.sef.paths import display_path


def check(
    loaded: LoadedSef, pack: RulePack, *, today: dt.date, sources: Sources | None = None
) -> Report:
    """Check one SEF. ``sources``: the council's own records (Annex A) to check its figures
    against and to fill in the ones it does not state, and the tolerance for that."""
    cp = compile_pack(pack)
    stated_sef = loaded.sef
    sources = sources or Sources()
    records = sources.records
    figures = figure_checks(stated_sef, sources)
    computed = computed_fields(stated_sef, records)
    if records is not None and computed:
        # Figures the SEF leaves out are judged from the records (marked computed).
        loaded = dataclasses.replace(loaded, sef=fill(stated_sef, records))
    sef = loaded.sef
    ref = benchmarks.reference(sef, cp.reads)
    reference = {k: v for k, v in ref.facts.items() if k in cp.reads}
    if records is not None:
        reference |= {k: v for k, v in records.fact_fields().items() if k in cp.reads}
    facts = build_facts(
        loaded,
        reference=reference,
        known_rules=set(pack.rules),
        today=today,
        figures=[f.fields() for f in figures],
    )
    with engine.session(cp.ruleset) as session:
        matches = session.assert_facts(facts.items)
        _write_counts(cp, matches, facts)
        matches += session.assert_facts([facts.sef, *facts.areas])
        ctx = _Context(
            cp,
            loaded,
            facts,
            _valid_acceptances(loaded, today),
            ref.compares,
            records,
            computed,
            {f.field: f for f in figures},
        )
        findings = _findings(ctx, matches)
        judgements = grade_areas(sef.self_grades, findings, overall=pack.spec.overall)
        judgement_facts = [
            judgement_fact(facts, j.area, j.grade, j.self_grade) for j in judgements.values()
        ]
        more = session.assert_facts(judgement_facts)
        findings += _findings(ctx, more)
    # A judgement rule may itself cap (a good self-grade with no audit evidence is not
    # credible); grade once more. Self-assessment comparisons keep the first grades.
    regraded = grade_areas(sef.self_grades, findings, overall=pack.spec.overall)
    for area, j in judgements.items():
        j.grade = regraded[area].grade
    findings.sort(key=Finding.sort_key)
    for j in judgements.values():
        j.findings = [f for f in findings if f.area == j.area]
    return Report(
        file=loaded.file,
        council=sef.council.name,
        framework=sef.framework,
        pack=pack.name,
        pack_title=pack.spec.title,
        benchmarks=pack.spec.benchmarks,
        period_start=sef.period.start,
        period_end=sef.period.end,
        bench_year=ref.bench.year,
        judgements=judgements,
        findings=findings,
        sef=stated_sef,
        rules=_sorted_rules(pack),
        evaluated=_evaluated(pack, tuple(judgements)),
        figures=tuple(figures),
        records_file=records.file if records is not None else None,
    )


@functools.cache
def _sorted_rules(pack: RulePack) -> tuple[Rule, ...]:
    return tuple(pack.sorted_rules())  # the same for every SEF the pack checks


@functools.cache
def _evaluated(pack: RulePack, areas: tuple[str, ...]) -> tuple[RuleInArea, ...]:
    return tuple(
        RuleInArea(rule.id, area, rule.basis)
        for area in areas
        for rule in _sorted_rules(pack)
        if rule.area in (area, "each")
    )


def regrade(report: Report, keep: Callable[[Keyed], bool]) -> Report:
    """The report with only the findings ``keep`` accepts, each area graded again from them.

    For ``--select``/``--ignore``: the grades then reflect only the selected rules. ``keep``
    also filters ``evaluated`` (the rules judged per area), so formats that list passing rules
    do not list the ones left out. The council's own grades are unchanged.
    """
    findings = [f for f in report.findings if keep(f)]
    judgements = grade_areas(
        report.sef.self_grades, findings, overall="overall" in report.judgements
    )
    evaluated = tuple(r for r in report.evaluated if keep(r))
    judged = {r.area for r in evaluated}
    for area, j in judgements.items():
        # An area no selected rule judges is not assessed: starting at outstanding and
        # finding nothing would read as the best grade.
        j.assessed = area in judged or any(f.area == area for f in findings)
    return dataclasses.replace(
        report, findings=findings, judgements=judgements, evaluated=evaluated
    )


def _write_counts(cp: CompiledPack, matches: list[engine.Match], facts: FactSet) -> None:
    tally: Counter[tuple[str, str | None]] = Counter()
    for m in matches:
        if m.rule in cp.counts:
            spec, rule = cp.counts[m.rule]
            tally[spec.key, m.fact.get(AREA_KEY) if rule.scope == "area" else None] += 1
    for spec, rule in cp.counts.values():
        if rule.scope == "area":
            for fact in facts.areas:
                fact[spec.key] = tally[spec.key, fact[AREA_KEY]]
        else:
            facts.sef[spec.key] = tally[spec.key, None]


@dataclass(frozen=True)
class _Context:
    """What turning one SEF's firings into findings needs."""

    cp: CompiledPack
    loaded: LoadedSef
    facts: FactSet
    valid: dict[str, str]  # rule id -> the reason of a valid acceptance
    compares: dict[str, Compare]  # data.<section>.<field> -> where the stated figure stands
    records: Records | None  # the council's own records (Annex A), when given
    computed: frozenset[str]  # the figures filled in from the records
    figures: dict[str, FigureCheck]  # data.<section>.<field> -> the figure from each source


def _findings(ctx: _Context, matches: list[engine.Match]) -> list[Finding]:
    cp = ctx.cp
    base: dict[tuple[str, str], tuple[Rule, Fact]] = {}
    escalated: dict[tuple[str, str], int] = {}
    missing: dict[tuple[str, str], tuple[Rule, Fact]] = {}
    for m in matches:
        role = cp.roles.get(m.rule)
        if role is None or role.role == "count":
            continue
        key = (role.rule.id, m.fact["id"])
        if role.role == "base":
            base[key] = (role.rule, m.fact)
        elif role.role == "escalate":
            escalated[key] = max(escalated.get(key, 0), role.index)
        else:
            missing[key] = (role.rule, m.fact)
    out: list[Finding] = []
    for key, (rule, fact) in base.items():
        grade, message = rule.grade, rule.message
        if key in escalated:
            esc = rule.escalate[escalated[key] - 1]
            grade, message = max(grade, esc.grade), esc.message or rule.message
        if rule.kind == "self_assessment":
            grade = Grade[str(fact[fact_key("grade")]).upper()]
        stated = cp.stated[rule.id]
        at = rule.at or (stated[0] if stated else None)
        out.append(_finding(ctx, rule, rule.kind, grade, message, fact, at))
    for rule, fact in missing.values():
        absent = tuple(name for name in cp.stated[rule.id] if fact_key(name) not in fact)
        # Not evidenced: shown, and counted against the area's key measures (KM001), but one
        # unstated figure does not lower a grade on its own.
        message = _missing_message(rule, absent)
        out.append(_finding(ctx, rule, "missing", Grade.OUTSTANDING, message, fact, absent[0]))
    return out


# A missing-figure message, the same for every SEF that leaves out the same fields. Keyed by id
# for speed; each entry holds its rule, so that id is never reused for another.
_MISSING: dict[tuple[int, tuple[str, ...]], tuple[Rule, str]] = {}


def _missing_message(rule: Rule, absent: tuple[str, ...]) -> str:
    key = (id(rule), absent)
    found = _MISSING.get(key)
    if found is None:
        on_missing = rule.on_missing
        assert on_missing is not None
        named = [f"'{measures.label(a)}'" for a in absent]
        message = on_missing.message or (
            f"{' and '.join(named)} {'is' if len(named) == 1 else 'are'} not stated, so the "
            f"self-evaluation cannot show whether this gap is there: how do you know?"
        )
        found = _MISSING[key] = (rule, message)
    return found[1]


def _valid_acceptances(loaded: LoadedSef, today: dt.date) -> dict[str, str]:
    return {
        a.rule: a.reason
        for a in loaded.sef.accepted
        if a.reason and a.owner and a.expires is not None and a.expires >= today
    }


def _finding(
    ctx: _Context,
    rule: Rule,
    kind: str,
    grade: Grade,
    message: str,
    fact: Fact,
    at: str | None,
) -> Finding:
    loaded = ctx.loaded
    fact_path = ctx.facts.paths.get(fact["id"], ())
    doc_path = document_path(fact_path, at, rule.scope, loaded.doc.values)
    line, column = loaded.doc.position(doc_path)
    area: str = rule.area
    if area == "each":
        area = str(fact.get(AREA_KEY) or _area_of_rule(ctx.cp.pack, fact.get(fact_key("rule"))))
    reason = (
        ctx.valid.get(rule.id)
        if ctx.valid and kind not in ("accepted", "self_assessment")
        else None
    )
    source, recommendation = _texts(rule, kind, at)
    source_file, cell, case_ids, figure = (
        _from_records(ctx, rule, fact, at)
        if ctx.records is not None or rule.scope == "figure"
        else _NOT_FROM_RECORDS
    )
    if case_ids or (source_file and at and at.startswith(CASES_PREFIX)):
        # A count of children has no place in the SEF but the evidence entry naming the workbook.
        entry = next(
            (("evidence", i) for i, ev in enumerate(loaded.sef.evidence) if ev.kind == "annex_a"),
            None,
        )
        if entry is not None:
            line, column = loaded.doc.position(entry)
    return Finding(
        rule=rule.id,
        kind=kind,
        area=area,
        grade=grade,
        title=rule.title,
        message=messages.fill(message, fact),
        path=at if source_file and at else display_path(doc_path, loaded.doc.data),
        line=line,
        column=column,
        value=fact.get(fact_key(at)) if at else None,
        basis=rule.basis,
        source=source,
        recommendation=messages.fill(recommendation, fact),
        accepted=reason is not None,
        accepted_reason=reason,
        compare=ctx.compares.get(at) if at else None,
        source_file=source_file,
        cell=cell,
        case_ids=case_ids,
        figure=figure,
    )


_NOT_FROM_RECORDS: tuple[None, None, tuple[str, ...], None] = (None, None, (), None)


def _from_records(
    ctx: _Context, rule: Rule, fact: Fact, at: str | None
) -> tuple[str | None, str | None, tuple[str, ...], dict[str, Any] | None]:
    """Where a finding on the records points (the workbook's sheet and column), the child ids
    of a case-level finding, and a cross-check's figure from each source."""
    figure = None
    name = at
    if rule.scope == "figure":
        name = str(fact.get(fact_key("field")))
        check = ctx.figures.get(name)
        figure = check.to_json() if check is not None else None
        if not (check is not None and check.computed):
            return None, None, (), figure
    records = ctx.records
    if records is None or name is None:
        return None, None, (), figure
    if name.startswith(CASES_PREFIX):
        case = records.cases.get(name[len(CASES_PREFIX) :])
        if case is None:
            return None, None, (), figure
        return records.file, case.location, case.ids, figure
    if name in ctx.computed:
        return records.file, records.where(name), (), figure
    return None, None, (), figure


_TEXTS: dict[tuple[int, str, str | None], tuple[Rule, tuple[str, str]]] = {}


def _texts(rule: Rule, kind: str, at: str | None) -> tuple[str, str]:
    """A finding's source and recommendation: the same for every SEF, so worked out once
    (kept with the rule, as ``_MISSING`` is, so that its id is never another rule's)."""
    key = (id(rule), kind, at)
    found = _TEXTS.get(key)
    if found is None:
        found = _TEXTS[key] = (rule, (rule.source.cite(), _recommendation(rule, kind, at)))
    return found[1]


def _recommendation(rule: Rule, kind: str, at: str | None) -> str:
    text = " ".join(rule.recommendation.split())
    if kind == "missing" and rule.kind != "missing" and at is not None:
        # The first step is to know the figure; what to do about it comes from the rule.
        return (
            f"Measure and state {at} (defined in the SEF format reference); if it shows a gap: "
            f"{text}"
        )
    return text


def _area_of_rule(pack: RulePack, rule_id: Any) -> str:
    """An accepted entry belongs to the area of the rule it accepts; evidence to leadership,
    whose job it is to know the quality of practice."""
    named = pack.rules.get(rule_id) if isinstance(rule_id, str) else None
    return named.area if named is not None and named.area in AREAS else "leadership"
