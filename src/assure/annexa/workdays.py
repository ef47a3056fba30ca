"""Working days in England and Wales: Mondays to Fridays that are not bank holidays.

Bank holidays come from the ``holidays`` package (offline data), England subdivision, which
includes the one-off holidays (2022 Platinum Jubilee, 2022 State Funeral, 2023 Coronation).

Counting follows Working Together to Safeguard Children: the start day is day 0 and days are
counted from the day after it, so a Monday to the next Monday is 5 working days, and an event on
the 45th working day after the start is within 45 working days.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from functools import lru_cache

import holidays

_FIRST_YEAR = 1990
_LAST_YEAR = 2045


@lru_cache(maxsize=1)
def _holiday_set() -> frozenset[date]:
    found = holidays.country_holidays("GB", subdiv="ENG", years=range(_FIRST_YEAR, _LAST_YEAR + 1))
    return frozenset(found.keys())


def bank_holidays(year: int) -> list[date]:
    """England and Wales bank holidays in ``year``, in date order."""
    return sorted(d for d in _holiday_set() if d.year == year)


def is_working_day(day: date) -> bool:
    """True for a Monday to Friday that is not an England and Wales bank holiday."""
    return day.weekday() < 5 and day not in _holiday_set()


class _Table:
    """Cumulative working-day counts by date ordinal, for O(1) differences."""

    def __init__(self) -> None:
        self.base = date(_FIRST_YEAR, 1, 1).toordinal()
        end = date(_LAST_YEAR, 12, 31).toordinal()
        hols = {d.toordinal() for d in _holiday_set()}
        cumulative = []
        running = 0
        for ordinal in range(self.base, end + 1):
            # 0001-01-01 (ordinal 1) is a Monday, so weekday = (ordinal - 1) % 7.
            if (ordinal - 1) % 7 < 5 and ordinal not in hols:
                running += 1
            cumulative.append(running)
        self.cumulative = cumulative
        self.working = [o for o in range(self.base, end + 1) if (o - 1) % 7 < 5 and o not in hols]

    def count(self, start: date, end: date) -> int | None:
        i, j = start.toordinal() - self.base, end.toordinal() - self.base
        if not (0 <= i < len(self.cumulative) and 0 <= j < len(self.cumulative)):
            return None
        return self.cumulative[j] - self.cumulative[i]


@lru_cache(maxsize=1)
def _table() -> _Table:
    return _Table()


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end is earlier)."""
    fast = _table().count(start, end)
    if fast is not None:
        return fast
    step = 1 if end >= start else -1
    total, day = 0, start
    while day != end:
        if step > 0:
            day += timedelta(days=1)
            total += is_working_day(day)
        else:
            total -= is_working_day(day)
            day -= timedelta(days=1)
    return total


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``days`` >= 1); ``start`` itself is day 0."""
    if days < 1:
        raise ValueError("days must be at least 1")
    table = _table()
    ordinals = table.working
    i = bisect_right(ordinals, start.toordinal())
    if i + days - 1 < len(ordinals) and start.toordinal() >= table.base:
        return date.fromordinal(ordinals[i + days - 1])
    day, left = start, days
    while left:
        day += timedelta(days=1)
        left -= is_working_day(day)
    return day


def within_working_days(start: date, end: date, limit: int) -> bool:
    """True if ``end`` is no later than the ``limit``-th working day after ``start``."""
    return working_days_between(start, end) <= limit
