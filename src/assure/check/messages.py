"""Rule messages filled in from a finding's fact: ``{field}`` placeholders, never evaluated."""

from __future__ import annotations

import functools
import re
from typing import Any

from assure.lang.factkeys import fact_key
from assure.lang.facts import Fact
from assure.ruleset.rule import PLACEHOLDER


def fill(template: str, fact: Fact) -> str:
    """Fill ``{field}`` placeholders from the fact; never evaluates anything."""
    if "{" not in template:
        return _plain(template)

    def fill(match: re.Match[str]) -> str:
        return format_value(fact.get(fact_key(match.group(1))))

    return " ".join(PLACEHOLDER.sub(fill, template).split())


@functools.cache
def _plain(template: str) -> str:
    return " ".join(template.split())


def format_value(value: Any) -> str:
    if value is None:
        return "(not stated)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, list):
        return ", ".join(format_value(v) for v in value) or "none"
    return str(value)
