"""A rule as written in its YAML file, validated (the rule's own schema).

No ``from __future__ import annotations`` here, as in ``assure.sef.model``: pydantic would
turn each field's annotation text into a ``ForwardRef`` (compiled) when the models are
created, which every run pays at start-up.
"""

import re
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from assure.sef import areas
from assure.sef.grades import Grade

if TYPE_CHECKING:
    from assure.lang.conditions import Node

Basis = Literal["law", "statutory_guidance", "inspection_finding", "standard", "benchmark"]
Scope = Literal["sef", "area", "claim", "plan", "evidence", "accepted", "judgement", "figure"]
FindingKind = Literal[
    "threshold", "structure", "accepted", "self_assessment", "missing", "cross_check", "case"
]

RULE_ID = re.compile(r"^[A-Z]{2,4}\d{3}$")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")


def _grade(value: Any) -> Any:
    return Grade.parse(value) if isinstance(value, str) else value


GradeField = Annotated[Grade, BeforeValidator(_grade)]


class _Strict(BaseModel):
    # defer_build: a run whose pack comes from the cache never validates a rule file.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Source(_Strict):
    document: str = Field(min_length=3)
    reference: str | None = None
    url: str | None = None
    note: str | None = None

    def cite(self) -> str:
        return ", ".join(p for p in (self.document, self.reference) if p)


class Escalation(_Strict):
    condition: str
    grade: GradeField
    message: str | None = None

    @field_validator("condition")
    @classmethod
    def _parses(cls, text: str) -> str:
        from assure.lang.conditions import parse  # the parser is only needed to load rule files

        parse(text)
        return text


class Missing(_Strict):
    grade: GradeField = Grade.REQUIRES_IMPROVEMENT
    message: str | None = None


class Example(_Strict):
    name: str | None = None
    sef: dict[str, Any]
    today: str | None = None
    grade: GradeField | None = None  # for a fail example: the grade the finding must carry
    # What the council's records (Annex A) give, for the cross-check and case-level rules:
    # ``data.<section>.<field>`` figures and case-level counts (``cic_not_visited_12_weeks``).
    annex_a: dict[str, float] | None = None


def _example(value: Any) -> Any:
    # An example is either {sef: {...}, name, today} or the partial SEF itself.
    if isinstance(value, dict) and "sef" not in value:
        return {"sef": value}
    return value


class Examples(_Strict):
    fail: list[Annotated[Example, BeforeValidator(_example)]] = Field(min_length=1)
    passes: list[Annotated[Example, BeforeValidator(_example)]] = Field(min_length=1, alias="pass")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Rule(_Strict):
    """One rule: what it checks, where the requirement comes from, and what it caps."""

    id: str = Field(pattern=RULE_ID.pattern)
    title: str = Field(min_length=5)
    area: str  # a judgement area's key, or 'each' (see assure.sef.areas)
    basis: Basis
    kind: FindingKind = "threshold"
    scope: Scope = "sef"
    source: Source
    condition: str
    grade: GradeField
    escalate: list[Escalation] = Field(default_factory=list)
    at: str | None = None
    # Default: a missing SEF fact is itself a finding; an item's absent field is not.
    missing: Missing | Literal["ignore"] | None = None
    message: str = Field(min_length=5)
    recommendation: str = Field(min_length=5)
    why: str = Field(min_length=5)
    # A figure no public source confirms, or the project's own standard: shown as advisory in
    # the docs, and never caps worse than good (checked below).
    advisory: bool = False
    # The LGA peer challenge theme its findings fall under, where not that of its area
    # (rules/themes.yaml).
    theme: int | None = Field(default=None, ge=1)
    examples: Examples

    @field_validator("condition")
    @classmethod
    def _parses(cls, text: str) -> str:
        from assure.lang.conditions import parse  # the parser is only needed to load rule files

        parse(text)
        return text

    @field_validator("area")
    @classmethod
    def _known_area(cls, key: str) -> str:
        if key not in (*areas.JUDGEMENTS, areas.EACH):
            names = ", ".join((*areas.JUDGEMENTS, areas.EACH))
            raise ValueError(f"{key!r} is not a judgement area; use one of {names}")
        return key

    @model_validator(mode="after")
    def _advisory_caps_at_good(self) -> "Rule":
        if self.advisory:
            missing = self.on_missing
            worst = max([self.worst_grade, *([missing.grade] if missing else [])])
            if worst > Grade.GOOD:
                raise ValueError(
                    f"an advisory rule caps at good at most, but this one caps at {worst.key}; "
                    "lower its grade, escalations and missing grade, or confirm the figure from "
                    "a public source and drop 'advisory'"
                )
        return self

    @property
    def tree(self) -> "Node":
        from assure.lang.conditions import parse  # late: a cached pack never parses

        return parse(self.condition)

    @property
    def on_missing(self) -> Missing | None:
        if self.missing == "ignore":
            return None
        if self.missing is None:
            return Missing() if self.scope == "sef" else None
        return self.missing

    @property
    def caps(self) -> bool:
        """Self-assessment findings report on grades; they do not cap them."""
        return self.kind != "self_assessment"

    @property
    def worst_grade(self) -> Grade:
        return max([self.grade, *(e.grade for e in self.escalate)])
