"""Which published year goes with a SEF's period.

Figures "for the year ending 31 March" go with the year the SEF period ends. Workforce figures
are 30 September snapshots: the snapshot nearest the period end, either side of it, within six
calendar months (on a tie, the earlier one). When that year is not published (yet), the nearest
earlier published year is used and a note says so, because comparing with last year's
distribution is better than comparing with nothing, but the reader must know.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

REACH_MONTHS = 6


class YearChoice(NamedTuple):
    """The published year used for a period, its date, and a note when it is not the obvious one."""

    year: int
    at: dt.date
    note: str | None


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by calendar months, clamped to the month's end (31 Mar - 6 = 30 Sep)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has at least 28 days")  # pragma: no cover


def reach(period_end: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day within six calendar months of ``period_end``, either side."""
    return add_months(period_end, -REACH_MONTHS), add_months(period_end, REACH_MONTHS)


def within_reach(at: dt.date, period_end: dt.date) -> bool:
    """True when ``at`` is within six calendar months of ``period_end``, either side."""
    first, last = reach(period_end)
    return first <= at <= last


def human(day: dt.date) -> str:
    """A date as the DfE writes it: ``30 September 2024``."""
    return f"{day.day} {day:%B %Y}"


def _nearest_first(dates: Iterable[dt.date], period_end: dt.date) -> list[dt.date]:
    return sorted(dates, key=lambda d: (abs((d - period_end).days), d))


def choose_snapshot(
    published: dict[int, dt.date], month_day: tuple[int, int], period_end: dt.date
) -> YearChoice | None:
    """The snapshot year for ``period_end`` among ``published`` ({year: snapshot date})."""
    month, day = month_day
    first, last = reach(period_end)
    candidates = [
        snapshot
        for year in (period_end.year - 1, period_end.year, period_end.year + 1)
        if first <= (snapshot := dt.date(year, month, day)) <= last
    ]
    nearest = _nearest_first(candidates, period_end)[0]
    reachable = _nearest_first((d for d in candidates if d.year in published), period_end)
    if reachable:
        chosen = reachable[0]
        if chosen == nearest:
            return YearChoice(chosen.year, published[chosen.year], None)
        return YearChoice(
            chosen.year,
            published[chosen.year],
            f"the {human(nearest)} snapshot is not published; using {human(chosen)}, "
            "the nearest published within six months of the period end",
        )
    earlier = [year for year in published if year < nearest.year]
    if not earlier:
        return None
    year = max(earlier)
    return YearChoice(
        year,
        published[year],
        f"the {human(nearest)} snapshot is not published yet; using {human(published[year])}, "
        "the latest earlier one",
    )


def choose_year_ending(published: dict[int, dt.date], period_end: dt.date) -> YearChoice | None:
    """The year-ending-31-March year for ``period_end``: its own year, or the nearest earlier."""
    year = period_end.year
    if year in published:
        return YearChoice(year, published[year], None)
    earlier = [y for y in published if y < year]
    if not earlier:
        return None
    used = max(earlier)
    yet = " yet" if year > max(published) else ""
    return YearChoice(
        used,
        published[used],
        f"figures for the year ending 31 March {year} are not published{yet}; "
        f"using the year ending {human(published[used])}",
    )
