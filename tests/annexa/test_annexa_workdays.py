from __future__ import annotations

from datetime import date, timedelta

import pytest

from assure.annexa.workdays import (
    add_working_days,
    bank_holidays,
    is_working_day,
    within_working_days,
    working_days_between,
)


def test_monday_to_next_monday_is_five_working_days() -> None:
    assert working_days_between(date(2026, 1, 5), date(2026, 1, 12)) == 5


def test_the_start_day_is_day_zero() -> None:
    assert working_days_between(date(2026, 1, 5), date(2026, 1, 5)) == 0
    assert working_days_between(date(2026, 1, 5), date(2026, 1, 6)) == 1
    # A Friday start: Saturday and Sunday do not count, Monday is day 1.
    assert working_days_between(date(2026, 1, 9), date(2026, 1, 12)) == 1


def test_across_christmas_and_new_year() -> None:
    # Mon 22 Dec 2025 -> Mon 5 Jan 2026: 23, 24, 29, 30, 31 Dec, 2 and 5 Jan; Christmas Day,
    # Boxing Day and New Year's Day are bank holidays.
    assert working_days_between(date(2025, 12, 22), date(2026, 1, 5)) == 7


def test_across_a_bank_holiday_monday() -> None:
    # Fri 1 May 2026 -> Fri 8 May: Mon 4 May is the early May bank holiday.
    assert working_days_between(date(2026, 5, 1), date(2026, 5, 8)) == 4
    # Easter 2026: Good Friday 3 April, Easter Monday 6 April.
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1


@pytest.mark.parametrize(
    "day",
    [date(2022, 6, 3), date(2022, 9, 19), date(2023, 5, 8), date(2022, 6, 2)],
    ids=["platinum-jubilee", "state-funeral", "coronation", "spring-bank-holiday-2022"],
)
def test_one_off_bank_holidays_are_not_working_days(day: date) -> None:
    assert day.weekday() < 5
    assert not is_working_day(day)
    assert day in bank_holidays(day.year)


def test_one_off_holidays_change_counts() -> None:
    # Thu 2 Jun 2022 and Fri 3 Jun 2022 were both bank holidays: Wed 1 -> Mon 6 is 1 day.
    assert working_days_between(date(2022, 6, 1), date(2022, 6, 6)) == 1
    # Fri 16 Sep 2022 -> Tue 20 Sep 2022: the State Funeral on Monday 19th does not count.
    assert working_days_between(date(2022, 9, 16), date(2022, 9, 20)) == 1
    # Fri 5 May 2023 -> Tue 9 May 2023: the Coronation on Monday 8th does not count.
    assert working_days_between(date(2023, 5, 5), date(2023, 5, 9)) == 1


def test_the_45th_working_day_is_in_time() -> None:
    start = date(2026, 1, 5)  # Mon; no bank holidays until Good Friday
    assert add_working_days(start, 45) == date(2026, 3, 9)
    assert within_working_days(start, date(2026, 3, 9), 45)
    assert not within_working_days(start, date(2026, 3, 10), 45)


def test_add_and_count_agree_over_years() -> None:
    day = date(2021, 12, 1)
    while day < date(2024, 2, 1):
        for n in (1, 15, 20, 45):
            end = add_working_days(day, n)
            assert working_days_between(day, end) == n
            assert is_working_day(end)
        day += timedelta(days=3)


def test_counts_outside_the_table_fall_back() -> None:
    assert working_days_between(date(1980, 1, 7), date(1980, 1, 14)) == 5
    assert working_days_between(date(2026, 1, 12), date(2026, 1, 5)) == -5
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), 0)
