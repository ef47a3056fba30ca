"""Small order statistics over council values.

Written here rather than taken from ``statistics`` because importing that module (it pulls in
``fractions``, ``decimal`` and ``random``) costs more than the whole figures load budget.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence


def median(values: Iterable[float]) -> float | None:
    """The median (mean of the middle two for an even count), or None for no values."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    middle = n // 2
    if n % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def quantile(ordered: Sequence[float], q: float) -> float | None:
    """Linear interpolation between closest ranks, as ``statistics.quantiles(method="inclusive")``
    and Excel's PERCENTILE.INC: ``q`` = 0 is the minimum, 1 the maximum."""
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"quantile {q} is outside 0..1")
    n = len(ordered)
    if n == 0:
        return None
    position = (n - 1) * q
    low = int(position)
    if low + 1 >= n:
        return ordered[-1]
    fraction = position - low
    return ordered[low] + fraction * (ordered[low + 1] - ordered[low])


def count_better(ordered: Sequence[float], value: float, worse_when: str) -> int:
    """How many of ``ordered`` (ascending) are strictly better than ``value``; ties are not."""
    if worse_when == "higher":
        return bisect_left(ordered, value)
    return len(ordered) - bisect_right(ordered, value)


def is_better(other: float, value: float, worse_when: str) -> bool:
    """True when ``other`` is strictly better than ``value``."""
    return other < value if worse_when == "higher" else other > value
