"""Rule messages and recommendations filled in from a finding's fact: ``{field}`` placeholders,
never evaluated.

The result is finished prose: an enum value (an area, a grade, a plan status, a kind of evidence)
is written in words (``help_and_protection`` as "help and protection", ``requires_improvement``
as "requires improvement"), a value that is not stated reads "(not stated)", or "not stated"
inside brackets the template already has. Inside a `code span` the value is left as it is,
since it names a key (``self_grades.{area}``).
"""

from __future__ import annotations

import enum
import functools
from typing import Any

from assure.lang.factkeys import fact_key
from assure.lang.facts import Fact
from assure.ruleset.rule import PLACEHOLDER
from assure.sef.areas import AREAS_BY_KEY
from assure.sef.grades import Grade

NOT_STATED = "not stated"
# Values from the format's enumerations, in words (the areas as the SEF's sections name them).
WORDS: dict[str, str] = {
    **{key: key.replace("_", " ") for key in AREAS_BY_KEY},
    "overall": "overall effectiveness",
    **{g.key: g.key.replace("_", " ") for g in Grade},
    "not_started": "not started",
    "on_track": "on track",
    "off_track": "off track",
    "case_audit": "case audit",
    "performance_data": "performance data",
    "child_feedback": "children's feedback",
    "family_feedback": "families' feedback",
    "staff_feedback": "staff feedback",
    "partner_feedback": "partners' feedback",
    "external_review": "external review",
    "peer_review": "peer review",
    "annex_a": "Annex A workbook",
}


def fill(template: str, fact: Fact) -> str:
    """Fill ``{field}`` placeholders from the fact; never evaluates anything."""
    parts = _parsed(template)
    first = parts[0]
    if len(parts) == 1 and isinstance(first, str):
        return first  # no placeholder: already on one line
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        key, place = part
        value = fact.get(key)
        if place is _Place.CODE:
            out.append(NOT_STATED if value is None else format_value(value))
        elif value is None:
            out.append(NOT_STATED if place is _Place.BRACKETED else f"({NOT_STATED})")
        else:
            out.append(in_words(value))
    return " ".join("".join(out).split())


class _Place(enum.Enum):
    """Where a placeholder stands in its template, which decides how its value is written."""

    CODE = "inside a `code span`: the value as it is (it names a key)"
    BRACKETED = "alone in brackets: an unstated value reads '(not stated)'"
    TEXT = "in running text"


@functools.cache
def _parsed(template: str) -> tuple[str | tuple[str, _Place], ...]:
    """A template as its literal text and its placeholders (fact key and place), worked out
    once per template: a batch fills the same few hundred templates for every SEF."""
    parts: list[str | tuple[str, _Place]] = []
    end = 0
    for match in PLACEHOLDER.finditer(template):
        parts.append(template[end : match.start()])
        if template.count("`", 0, match.start()) % 2 == 1:
            place = _Place.CODE
        elif (
            template[match.start() - 1 : match.start()] == "("
            and template[match.end() : match.end() + 1] == ")"
        ):
            place = _Place.BRACKETED
        else:
            place = _Place.TEXT
        parts.append((fact_key(match.group(1)), place))
        end = match.end()
    if not parts:
        return (" ".join(template.split()),)
    parts.append(template[end:])
    return tuple(parts)


def in_words(value: Any) -> str:
    """A value in a sentence: enumeration values in words, lists joined, numbers trimmed."""
    if isinstance(value, str):
        return WORDS.get(value, value)
    if isinstance(value, list):
        return ", ".join(in_words(v) for v in value) or "none"
    return format_value(value)


def format_value(value: Any) -> str:
    if value is None:
        return f"({NOT_STATED})"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, list):
        return ", ".join(format_value(v) for v in value) or "none"
    return str(value)
