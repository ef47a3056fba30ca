"""Turn a validated SEF into the flat facts the rule engine matches.

Each fact is one small JSON object: the SEF as a whole, each judgement area, each claim, plan,
evidence item and accepted entry, and (after grading) each judgement. Facts carry a ``type``
anchor, a unique ``id`` (its place in the document) and fields under ``f_`` keys. Derived values
that need dates or cross-references (a plan is overdue, a weakness has no plan, evidence is
18 months old) are worked out here, once, so rules can test them as plain fields.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from assure.lang.factkeys import fact_key, list_size_key
from assure.sef import areas, measures
from assure.sef.areas import AREAS
from assure.sef.grades import Grade
from assure.sef.loader import LoadedSef
from assure.sef.model import Sef
from assure.sef.paths import PathKey

Fact = dict[str, Any]
AREA_KEY = fact_key("area")  # the area a fact belongs to (area, judgement and item facts)


@dataclass
class FactSet:
    """The facts of one SEF, by scope, and where in the document each one sits."""

    items: list[Fact] = field(default_factory=list)  # claim, plan, evidence, accepted, figure
    sef: Fact = field(default_factory=dict)
    areas: list[Fact] = field(default_factory=list)
    paths: dict[str, PathKey] = field(default_factory=dict)


def _value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.name.lower()
    return value


def _put(fact: Fact, name: str, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, list):
        fact[fact_key(name)] = [_value(v) for v in value]
        fact[list_size_key(name)] = len(value)
    else:
        fact[fact_key(name)] = _value(value)


def _flatten(fact: Fact, prefix: str, section: BaseModel) -> None:
    """Put a section's stated values on the fact under dotted names; unstated ones stay off.

    The models are read field by field rather than through ``model_dump``: dumping would
    make pydantic build each model's serializer, a cost every run would pay for nothing. A
    model's ``__dict__`` holds exactly its fields (extra keys are refused), in their order.
    """
    for key, value in section.__dict__.items():
        name = f"{prefix}.{key}"
        if isinstance(value, BaseModel):
            _flatten(fact, name, value)
        elif value is not None:
            _put(fact, name, value)


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (negative when ``start`` is later)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return months


def build_facts(
    loaded: LoadedSef,
    *,
    reference: Mapping[str, Any],
    known_rules: set[str],
    today: dt.date,
    figures: Sequence[Mapping[str, Any]] = (),
) -> FactSet:
    """The facts of one SEF. ``figures``: one mapping per figure with another source (the
    DfE's published figure, the council's records), with its ``field`` (``data.<section>.<name>``):
    each becomes a ``figure`` fact whose place is that field in the SEF."""
    sef = loaded.sef
    out = FactSet()

    def add(kind: str, path: PathKey, fields: dict[str, Any]) -> Fact:
        """One fact of ``kind`` for the value at ``path``; absent (None) fields are left out."""
        fact: Fact = {"type": kind, "id": _id(path)}
        for key, value in fields.items():
            _put(fact, key, value)
        out.paths[fact["id"]] = path
        return fact

    evidence_kinds = {ev.id: ev.kind for ev in sef.evidence}
    cited: dict[str, int] = {}
    plans_for: dict[str, int] = {}
    for _, area in _areas(sef):
        for claim in area.know:
            for ref in claim.evidence:
                cited[ref] = cited.get(ref, 0) + 1
        for plan in area.plans:
            for ref in plan.addresses:
                plans_for[ref] = plans_for.get(ref, 0) + 1

    for name, area in _areas(sef):
        for i, claim in enumerate(area.know):
            kinds = [evidence_kinds[r] for r in claim.evidence]
            fields = {
                "id": claim.id,
                "area": name,
                "kind": claim.kind,
                "text": claim.text,
                "evidence": claim.evidence,
                "evidence_count": len(claim.evidence),
                "kpi_only": bool(kinds) and all(k == "performance_data" for k in kinds),
                "plan_count": plans_for.get(claim.id, 0),
                "unaddressed": claim.kind == "weakness" and claim.id not in plans_for,
            }
            out.items.append(add("claim", ("areas", name, "know", i), fields))
        for i, plan in enumerate(area.plans):
            fields = {
                "id": plan.id,
                "area": name,
                "action": plan.action,
                "owner": plan.owner,
                "due": plan.due,
                "status": plan.status,
                "addresses": plan.addresses,
                "addresses_count": len(plan.addresses),
                "overdue": plan.overdue(sef.period.end),
            }
            out.items.append(add("plan", ("areas", name, "plans", i), fields))

    for i, ev in enumerate(sef.evidence):
        age = months_between(ev.date, sef.period.end) if ev.date else None
        fields = {
            "id": ev.id,
            "kind": ev.kind,
            "title": ev.title,
            "date": ev.date,
            "sample_size": ev.sample_size,
            "age_months": age,
            "cited_count": cited.get(ev.id, 0),
        }
        out.items.append(add("evidence", ("evidence", i), fields))

    for figure in figures:
        name = str(figure["field"])
        fact = {"type": "figure", "id": f"figure.{name}"}
        for key, value in figure.items():
            _put(fact, key, value)
        out.paths[fact["id"]] = tuple(name.split("."))
        out.items.append(fact)

    for i, acc in enumerate(sef.accepted):
        fields = {
            "rule": acc.rule,
            "reason": acc.reason,
            "owner": acc.owner,
            "expires": acc.expires,
            "expired": acc.expires is not None and acc.expires < today,
            "rule_known": acc.rule in known_rules,
        }
        out.items.append(add("accepted", ("accepted", i), fields))

    stated_areas = loaded.doc.data.get("areas") or {}
    for name in AREAS:
        area = getattr(sef.areas, name)
        know = area.know if area else []
        fields = {
            "area": name,
            "stated": isinstance(stated_areas, dict) and name in stated_areas,
            "claims_count": len(know),
            "strengths_count": sum(c.kind == "strength" for c in know),
            "weaknesses_count": sum(c.kind == "weakness" for c in know),
            "plans_count": len(area.plans) if area else 0,
        }
        unstated = [f for f in areas.area(name).key_measures if sef.value_at(f) is None]
        fields |= {
            "key_measures_count": len(areas.area(name).key_measures),
            "key_measures_unstated": len(unstated),
            "key_measures_unstated_names": [measures.label(f) for f in unstated],
        }
        out.areas.append(add("area", ("areas", name), fields))

    fact = add("sef", (), {})
    for name in ("council", "period", "sign_off", "self_grades", "local_standards", "data"):
        section = getattr(sef, name)
        if section is not None:
            _flatten(fact, name, section)
    _put(fact, "framework", sef.framework)
    _put(fact, "evidence_count", len(sef.evidence))
    for name, value in reference.items():  # national figures the rules compare with
        _put(fact, name, value)
    out.sef = fact
    return out


def _areas(sef: Sef) -> list[tuple[str, Any]]:
    return [(n, getattr(sef.areas, n)) for n in AREAS if getattr(sef.areas, n) is not None]


def _id(path: PathKey) -> str:
    return ".".join(str(p) for p in path) or "sef"  # the SEF itself is the document root


def document_path(
    fact_path: PathKey, field_name: str | None, scope: str, stated: Container[PathKey]
) -> PathKey:
    """Where in the SEF a field of a fact was written (for file:line:column).

    ``stated`` holds the paths the file has. A missing SEF fact keeps its own path (that is
    what to add); a derived field of an item or area (evidence_count, overdue, age_months)
    has no place in the file, so it points at the item or area it was worked out for.
    """
    if field_name is None:
        return fact_path
    parts = _parts(field_name)
    if scope == "sef":
        return parts if parts[0] in _DOCUMENT_SECTIONS else ()
    if scope == "judgement":
        return ("self_grades", fact_path[-1]) if fact_path else ()
    path = (*fact_path, *parts)
    return path if path in stated else fact_path


@functools.cache  # a few hundred field names, split for every finding of a batch
def _parts(field_name: str) -> tuple[str, ...]:
    return tuple(field_name.split("."))


_DOCUMENT_SECTIONS = {
    "data",
    "local_standards",
    "period",
    "council",
    "self_grades",
    "sign_off",
    "framework",
}


def judgement_fact(facts: FactSet, area: str, grade: Grade, self_grade: Grade | None) -> Fact:
    """The fact of one judgement, once its grade is known, for self-assessment rules."""
    fact: Fact = {"type": "judgement", "id": f"judgement.{area}"}
    fields: dict[str, Any] = {"area": area, "grade": grade.key, "rank": int(grade)}
    if self_grade is not None:
        fields |= {"self_grade": self_grade.key, "self_rank": int(self_grade)}
    for name, value in fields.items():
        _put(fact, name, value)
    facts.paths[fact["id"]] = ("self_grades", area)
    return fact
