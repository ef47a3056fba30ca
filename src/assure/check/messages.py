"""Rule messages and recommendations filled in from a finding's fact: ``{field}`` placeholders,
never evaluated.

The result is finished prose: an enum value (an area, a grade, a plan status, a kind of evidence)
is written in words (``help_and_protection`` as "help and protection", ``requires_improvement``
as "requires improvement"), a value that is not stated reads "(not stated)", or "not stated"
inside brackets the template already has. Inside a `code span` the value is left as it is,
since it names a key (``self_grades.{area}``).
"""

from __future__ import annotations

import functools
import re
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
    if "{" not in template:
        return _plain(template)

    def fill(match: re.Match[str]) -> str:
        value = fact.get(fact_key(match.group(1)))
        if template.count("`", 0, match.start()) % 2 == 1:
            return NOT_STATED if value is None else format_value(value)  # a key, in code
        bracketed = (
            template[match.start() - 1 : match.start()] == "("
            and template[match.end() : match.end() + 1] == ")"
        )
        if value is None:
            return NOT_STATED if bracketed else f"({NOT_STATED})"
        return in_words(value)

    return " ".join(PLACEHOLDER.sub(fill, template).split())


def in_words(value: Any) -> str:
    """A value in a sentence: enumeration values in words, lists joined, numbers trimmed."""
    if isinstance(value, str):
        return WORDS.get(value, value)
    if isinstance(value, list):
        return ", ".join(in_words(v) for v in value) or "none"
    return format_value(value)


@functools.cache
def _plain(template: str) -> str:
    return " ".join(template.split())


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
