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
from typing import Any

from assure.check import messages
from assure.check.findings import Finding, Judgement, Keyed, Report, RuleInArea
from assure.check.grading import grade_areas
from assure.lang import engine
from assure.lang.factkeys import fact_key
from assure.lang.facts import Fact, FactSet, build_facts, document_path
from assure.ruleset import benchmarks
from assure.ruleset.compiled import CompiledPack, compile_pack
from assure.ruleset.packs import RulePack
from assure.ruleset.rule import Rule
from assure.sef.grades import AREAS, Grade
from assure.sef.loader import LoadedSef
from assure.sef.paths import display_path


def check(loaded: LoadedSef, pack: RulePack, *, today: dt.date) -> Report:
    cp = compile_pack(pack)
    sef = loaded.sef
    bench = benchmarks.for_period(sef.period.end, table=cp.bench_table)
    facts = build_facts(loaded, bench=bench, known_rules=set(pack.rules), today=today)
    with engine.session(cp.ruleset) as session:
        matches = session.assert_facts(facts.items)
        _write_counts(cp, matches, facts)
        matches += session.assert_facts([facts.sef, *facts.areas])
        findings = _findings(cp, loaded, facts, matches, today)
        judgements = grade_areas(sef.self_grades, findings, overall=pack.spec.overall)
        judgement_facts = _judgement_facts(judgements, facts)
        more = session.assert_facts(judgement_facts)
        findings += _findings(cp, loaded, facts, more, today)
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
        period_start=sef.period.start,
        period_end=sef.period.end,
        bench_year=bench.year,
        judgements=judgements,
        findings=findings,
        sef=sef,
        rules=_sorted_rules(pack),
        evaluated=_evaluated(pack, tuple(judgements)),
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
    return dataclasses.replace(
        report,
        findings=findings,
        judgements=judgements,
        evaluated=tuple(r for r in report.evaluated if keep(r)),
    )


def _write_counts(cp: CompiledPack, matches: list[engine.Match], facts: FactSet) -> None:
    tally: Counter[tuple[str, str | None]] = Counter()
    for m in matches:
        if m.rule in cp.counts:
            spec, rule = cp.counts[m.rule]
            tally[spec.key, m.fact.get("f_area") if rule.scope == "area" else None] += 1
    for spec, rule in cp.counts.values():
        if rule.scope == "area":
            for fact in facts.areas:
                fact[spec.key] = tally[spec.key, fact["f_area"]]
        else:
            facts.sef[spec.key] = tally[spec.key, None]


def _findings(
    cp: CompiledPack,
    loaded: LoadedSef,
    facts: FactSet,
    matches: list[engine.Match],
    today: dt.date,
) -> list[Finding]:
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
    valid = _valid_acceptances(loaded, today)
    out: list[Finding] = []
    for key, (rule, fact) in base.items():
        grade, message = rule.grade, rule.message
        if key in escalated:
            esc = rule.escalate[escalated[key] - 1]
            grade, message = max(grade, esc.grade), esc.message or rule.message
        if rule.kind == "self_assessment":
            grade = Grade[str(fact["f_grade"]).upper()]
        at = rule.at or (cp.needed[rule.id][0] if cp.needed[rule.id] else None)
        out.append(
            _finding(cp.pack, rule, rule.kind, grade, message, fact, at, loaded, facts, valid)
        )
    for rule, fact in missing.values():
        on_missing = rule.on_missing
        assert on_missing is not None
        absent = [
            f for f in cp.needed[rule.id] if not f.startswith("bench.") and fact_key(f) not in fact
        ]
        message = on_missing.message or (
            f"{' and '.join(absent)} {'is' if len(absent) == 1 else 'are'} not stated, so "
            f"'{rule.title}' cannot be checked: how do you know?"
        )
        out.append(
            _finding(
                cp.pack,
                rule,
                "missing",
                on_missing.grade,
                message,
                fact,
                absent[0],
                loaded,
                facts,
                valid,
            )
        )
    return out


def _valid_acceptances(loaded: LoadedSef, today: dt.date) -> dict[str, str]:
    return {
        a.rule: a.reason
        for a in loaded.sef.accepted
        if a.reason and a.owner and a.expires is not None and a.expires >= today
    }


def _finding(
    pack: RulePack,
    rule: Rule,
    kind: str,
    grade: Grade,
    message: str,
    fact: Fact,
    at: str | None,
    loaded: LoadedSef,
    facts: FactSet,
    valid: dict[str, str],
) -> Finding:
    fact_path = facts.paths.get(fact["id"], ())
    doc_path = document_path(fact_path, at, rule.scope, loaded.doc.values)
    line, column = loaded.doc.position(doc_path)
    area: str = rule.area
    if area == "each":
        area = str(fact.get("f_area") or _area_of_rule(pack, fact.get("f_rule")))
    reason = valid.get(rule.id) if kind not in ("accepted", "self_assessment") else None
    return Finding(
        rule=rule.id,
        kind=kind,
        area=area,
        grade=grade,
        title=rule.title,
        message=messages.fill(message, fact),
        path=display_path(doc_path, loaded.doc.data),
        line=line,
        column=column,
        value=fact.get(fact_key(at)) if at else None,
        basis=rule.basis,
        source=_texts(rule, kind, at)[0],
        recommendation=_texts(rule, kind, at)[1],
        accepted=reason is not None,
        accepted_reason=reason,
    )


_TEXTS: dict[tuple[int, str, str | None], tuple[str, str]] = {}


def _texts(rule: Rule, kind: str, at: str | None) -> tuple[str, str]:
    """A finding's source and recommendation: the same for every SEF, so worked out once."""
    key = (id(rule), kind, at)  # rules live as long as their (cached) pack: ids stay theirs
    texts = _TEXTS.get(key)
    if texts is None:
        texts = _TEXTS[key] = (rule.source.cite(), _recommendation(rule, kind, at))
    return texts


def _recommendation(rule: Rule, kind: str, at: str | None) -> str:
    text = " ".join(rule.recommendation.split())
    if kind == "missing" and at is not None:
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


def _judgement_facts(judgements: dict[str, Judgement], facts: FactSet) -> list[Fact]:
    out = []
    for j in judgements.values():
        fact: Fact = {
            "type": "judgement",
            "id": f"judgement.{j.area}",
            "f_area": j.area,
            "f_grade": j.grade.key,
            "f_rank": int(j.grade),
        }
        if j.self_grade is not None:
            fact["f_self_grade"] = j.self_grade.key
            fact["f_self_rank"] = int(j.self_grade)
        facts.paths[fact["id"]] = ("self_grades", j.area)
        out.append(fact)
    return out
