"""What the figures queries return: small immutable records that findings and reports can carry.

The plain records are NamedTuples: on Python 3.11 creating a dataclass costs about 1 ms at import
(it compiles its methods), a NamedTuple a fifth of that, and the figures have a 10 ms budget.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple


class Published(NamedTuple):
    """A figure the DfE published for one council: the year, its date and the value."""

    year: int
    at: dt.date
    value: float


class SeriesPoint(NamedTuple):
    """One year of a trend chart: the council's figure, England's and the neighbours' median."""

    year: int
    at: dt.date
    value: float | None
    england: float | None
    neighbours_median: float | None


@dataclass(frozen=True)
class Compare:
    """Where a stated figure stands among councils in the year that goes with the SEF's period.

    ``rank`` is 1 for the best, ties sharing the better rank, among ``of`` councils (the others
    with a published figure that year, plus this one); ``percentile`` runs from 0 (best) to 100
    (worst). Both are None for a figure with no better end (``worse_when`` None), such as the
    rate of children in care.
    """

    year: int
    at: dt.date
    england: float | None
    rank: int | None
    of: int
    percentile: float | None
    neighbours_median: float | None
    region_median: float | None
    worse_when: str | None
    note: str | None

    def to_json(self) -> dict[str, Any]:
        """The ``compare`` object of a finding in JSON output."""
        return {
            "year": self.year,
            "at": self.at.isoformat(),
            "england": self.england,
            "rank": self.rank,
            "of": self.of,
            "percentile": None if self.percentile is None else round(self.percentile, 1),
            "neighbours_median": self.neighbours_median,
            "region_median": self.region_median,
            "worse_when": self.worse_when,
            "note": self.note,
        }
