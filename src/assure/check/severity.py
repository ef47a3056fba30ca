"""What a finding does to a grade, in words everyone reads the same way: the one place.

A finding's ``grade`` is the cap it puts on its area (the best grade the area can have while
the gap is open). Read as a grade name, a gap capping at *good* looks like a pass ("37 good"),
so every output shows the cap as a **severity** instead:

=========== ================ ======================================================
severity    cap (``grade``)  what it means
=========== ================ ======================================================
critical    inadequate       the gap on its own makes the area inadequate
serious     requires imp.    the gap keeps the area from good
minor       good             the gap keeps the area from outstanding
note        outstanding      nothing is capped (an own grade below the evidence)
=========== ================ ======================================================

Outputs colour a severity, never a grade name, on a gap; no severity uses the pass colour
(green) that the area grades good and outstanding use.
"""

from __future__ import annotations

import enum

from assure.sef.grades import Grade


class Severity(enum.Enum):
    """How much a gap matters: from the grade it caps its area at."""

    CRITICAL = "critical"
    SERIOUS = "serious"
    MINOR = "minor"
    NOTE = "note"

    @classmethod
    def of(cls, cap: Grade) -> Severity:
        return _BY_CAP[cap]

    @property
    def key(self) -> str:
        """The JSON and CSV value: ``critical``, ``serious``, ``minor``, ``note``."""
        return self.value

    @property
    def words(self) -> str:
        """What the gap does to the grade, in a sentence's words."""
        return _WORDS[self]

    @property
    def label(self) -> str:
        """A badge or a column: 'Critical: makes the area inadequate'."""
        return f"{self.value.capitalize()}: {self.words}"

    @property
    def short(self) -> str:
        """The terminal's four-letter code."""
        return _SHORT[self]

    @property
    def rank(self) -> int:
        """Higher is worse (sorts as the cap does)."""
        return 4 - list(Severity).index(self)

    @property
    def level(self) -> str:
        """SARIF's level: error, warning or note."""
        return _LEVEL[self]


_BY_CAP = {
    Grade.INADEQUATE: Severity.CRITICAL,
    Grade.REQUIRES_IMPROVEMENT: Severity.SERIOUS,
    Grade.GOOD: Severity.MINOR,
    Grade.OUTSTANDING: Severity.NOTE,
}
_WORDS = {
    Severity.CRITICAL: "makes the area inadequate",
    Severity.SERIOUS: "keeps the area from good",
    Severity.MINOR: "keeps the area from outstanding",
    Severity.NOTE: "does not lower a grade",
}
_SHORT = {
    Severity.CRITICAL: "CRIT",
    Severity.SERIOUS: "SER",
    Severity.MINOR: "MIN",
    Severity.NOTE: "NOTE",
}
_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.SERIOUS: "warning",
    Severity.MINOR: "note",
    Severity.NOTE: "note",
}
# Terminal styles (rich): no green, which the area grades good and outstanding use.
STYLE = {
    Severity.CRITICAL: "bold red",
    Severity.SERIOUS: "yellow",
    Severity.MINOR: "magenta",
    Severity.NOTE: "dim",
}
