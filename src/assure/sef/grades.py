"""Ofsted's four-point grade scale, with the spellings councils actually write."""

from __future__ import annotations

import enum
import re


class Grade(enum.IntEnum):
    """An Ofsted grade; a higher value is a worse grade, so ``max`` gives the worst."""

    OUTSTANDING = 1
    GOOD = 2
    REQUIRES_IMPROVEMENT = 3
    INADEQUATE = 4

    @property
    def key(self) -> str:
        return self.name.lower()

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def spellings(cls) -> tuple[str, ...]:
        """The spellings ``parse`` accepts, lower case with words split by single spaces."""
        return tuple(_SYNONYMS)

    @classmethod
    def parse(cls, text: str) -> Grade:
        """Accept the official strings, their short forms and ``snake_case``."""
        norm = re.sub(r"[^a-z]+", " ", text.lower()).strip()
        grade = _SYNONYMS.get(norm)
        if grade is None:
            raise ValueError(
                f"{text!r} is not a grade; use outstanding, good, requires_improvement "
                "or inadequate"
            )
        return grade


_LABELS = {
    Grade.OUTSTANDING: "Outstanding",
    Grade.GOOD: "Good",
    Grade.REQUIRES_IMPROVEMENT: "Requires improvement to be good",
    Grade.INADEQUATE: "Inadequate",
}

_SYNONYMS = {
    "outstanding": Grade.OUTSTANDING,
    "good": Grade.GOOD,
    "requires improvement": Grade.REQUIRES_IMPROVEMENT,
    "requires improvement to be good": Grade.REQUIRES_IMPROVEMENT,
    "ri": Grade.REQUIRES_IMPROVEMENT,
    "inadequate": Grade.INADEQUATE,
}
