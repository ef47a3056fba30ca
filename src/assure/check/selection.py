"""``--select`` / ``--ignore``: which rules' findings count, as ruff selects by code or prefix.

A selector is a rule id (``HP003``), an id prefix (``HP``, ``BM``, ``LD01``), a judgement area
(``help_and_protection``, ``overall``) or a basis (``benchmark``, ``statutory_guidance``).
With no ``select``, every rule is selected; ``ignore`` then removes. Grades are worked out
again from the findings that remain (:func:`assure.check.checker.regrade`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import get_args

from assure.check.findings import Keyed
from assure.ruleset.rule import Basis
from assure.sef.areas import JUDGEMENTS

BASES: tuple[str, ...] = get_args(Basis)
_PREFIX = re.compile(r"^[A-Z]{1,4}[0-9]{0,3}$")


class SelectorError(ValueError):
    """A selector that is not an id, a prefix, an area or a basis."""


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @classmethod
    def parse(cls, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Selection:
        """Split comma-separated values and normalise; raises ``SelectorError``."""
        return cls(tuple(_tokens(select)), tuple(_tokens(ignore)))

    @property
    def active(self) -> bool:
        return bool(self.select or self.ignore)

    def __call__(self, item: Keyed) -> bool:
        """Whether a finding (or a rule judged for an area) is kept."""
        if self.select and not any(_matches(t, item) for t in self.select):
            return False
        return not any(_matches(t, item) for t in self.ignore)

    def unknown(self, rule_ids: Iterable[str]) -> list[str]:
        """Id selectors that name no rule of the packs used (a typo would select nothing)."""
        ids = list(rule_ids)
        return [
            t
            for t in dict.fromkeys((*self.select, *self.ignore))
            if t not in JUDGEMENTS and t not in BASES and not any(i.startswith(t) for i in ids)
        ]


def _tokens(values: Iterable[str]) -> Iterable[str]:
    for value in values:
        for part in value.split(","):
            token = part.strip()
            if not token:
                continue
            if token.lower() in JUDGEMENTS or token.lower() in BASES:
                yield token.lower()
            elif _PREFIX.match(token.upper()):
                yield token.upper()
            else:
                raise SelectorError(
                    f"{token!r} is not a rule id (HP003), an id prefix (HP), an area "
                    f"({', '.join(JUDGEMENTS)}) or a basis ({', '.join(BASES)})"
                )


def _matches(token: str, item: Keyed) -> bool:
    if token in JUDGEMENTS:
        return item.area == token
    if token in BASES:
        return item.basis == token
    return item.rule.startswith(token)
