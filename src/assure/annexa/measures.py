"""The inspection figures computed from an Annex A workbook, under the SEF's field names.

Each measure names the list and columns it needs; a missing list or column stops only the
measures that need it, and says so. The definitions, with their sources, are in docs/annex-a.md.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from assure.annexa.problem import CellProblem, at_cell, whole_file
from assure.annexa.result import AnnexAResult, CaseFinding, ListInfo, Measure, natural_key
from assure.annexa.workbook import ListData, Workbook, read_workbook
from assure.annexa.workdays import add_working_days, working_days_between

UNALLOCATED_WORDS = frozenset(
    {"unallocated", "not allocated", "none", "n/a", "na", "tbc", "tba", "vacant", "-", "no worker"}
)
VISIT_GAP_DAYS = 84  # 12 weeks
NOT_IN_TOUCH = frozenset({"no", "refused", "not_required"})
PATHWAY_PLAN_CATEGORIES = frozenset({"relevant", "former_relevant", "eligible"})


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), kept within the month: 31 Aug + 6 = 28/29 Feb."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def default_since(as_of: date) -> date:
    """The first day of the six months up to and including ``as_of``."""
    return add_months(as_of, -6) + timedelta(days=1)


def age_on(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


@dataclass(frozen=True)
class Context:
    as_of: date
    since: date
    cp_visit_interval_days: int | None


@dataclass(frozen=True)
class Counted:
    numerator: int
    denominator: int
    value: float | int | None = None


@dataclass(frozen=True)
class MeasureDef:
    field: str
    list: int
    needs: tuple[str, ...]
    definition: str
    compute: Callable[[ListData, Context], Counted]
    column: str  # the key of the column the figure mainly rests on


def _rows(data: ListData, *keys: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    columns = [data.values[k] if k in data.values else [None] * data.rows for k in keys]
    yield from enumerate(zip(*columns, strict=True))


def _in_window(day: date | None, ctx: Context) -> bool:
    return day is not None and ctx.since <= day <= ctx.as_of


def _open_at(start: date | None, end: date | None, as_of: date) -> bool:
    return start is not None and start <= as_of and (end is None or end > as_of)


def _pct(numerator: int, denominator: int) -> Counted:
    return Counted(numerator, denominator)


def _age(dob: date | None, age: int | None, as_of: date) -> int | None:
    if dob is not None:
        return age_on(dob, as_of)
    return age


# --- List 3: referrals --------------------------------------------------------------------------


def _rereferrals(data: ListData, ctx: Context) -> Counted:
    by_child: dict[str, list[date]] = {}
    for _, (cid, when) in _rows(data, "child_id", "referral_date"):
        if cid is not None and when is not None:
            by_child.setdefault(cid, []).append(when)
    num = den = 0
    for _, (cid, when, count) in _rows(data, "child_id", "referral_date", "referrals_12m"):
        if not _in_window(when, ctx):
            continue
        den += 1
        earlier = any(
            add_months(when, -12) <= other < when for other in by_child.get(cid, ()) if cid
        )
        if (count is not None and count >= 1) or earlier:
            num += 1
    return _pct(num, den)


# --- List 4: assessments ------------------------------------------------------------------------


def _assessments(data: ListData, ctx: Context) -> Counted:
    num = den = 0
    for _, (start, done) in _rows(data, "assessment_start", "assessment_authorised"):
        if start is None or not _in_window(done, ctx) or done < start:
            continue
        den += 1
        num += working_days_between(start, done) <= 45
    return _pct(num, den)


# --- List 5: section 47 and ICPC ----------------------------------------------------------------


def _icpc(data: ListData, ctx: Context) -> Counted:
    num = den = 0
    for _, (strategy, icpc) in _rows(data, "strategy_date", "icpc_date"):
        if strategy is None or not _in_window(icpc, ctx) or icpc < strategy:
            continue
        den += 1
        num += working_days_between(strategy, icpc) <= 15
    return _pct(num, den)


# --- List 7: child protection -------------------------------------------------------------------


def _repeat_plans(data: ListData, ctx: Context) -> Counted:
    num = den = 0
    for _, (start, previous) in _rows(data, "cp_start", "previous_plans"):
        if not _in_window(start, ctx) or previous is None:
            continue
        den += 1
        num += previous >= 1
    return _pct(num, den)


def _on_plan(data: ListData, as_of: date) -> dict[str, int]:
    """Child id -> row index of the plan open at ``as_of`` (the latest if listed twice)."""
    found: dict[str, int] = {}
    for i, (cid, start, end) in _rows(data, "child_id", "cp_start", "cp_end"):
        if (
            cid is not None
            and _open_at(start, end, as_of)
            and (cid not in found or data.values["cp_start"][found[cid]] <= start)
        ):
            found[cid] = i
    return found


def _cp_visits(data: ListData, ctx: Context) -> Counted:
    interval = ctx.cp_visit_interval_days
    assert interval is not None
    num = den = 0
    visits = data.values["last_visit"]
    starts = data.values["cp_start"]
    for i in _on_plan(data, ctx.as_of).values():
        visit = visits[i]
        if visit is None:
            if (ctx.as_of - starts[i]).days <= interval:
                continue  # not yet due
            den += 1
            continue
        den += 1
        num += (ctx.as_of - visit).days <= interval
    return _pct(num, den)


# --- List 8: children in care -------------------------------------------------------------------


def _in_care(data: ListData, as_of: date) -> dict[str, int]:
    """Child id -> row index of the period of care open at ``as_of``."""
    found: dict[str, int] = {}
    ceased = data.values.get("ceased") or [None] * data.rows
    for i, (cid, start) in _rows(data, "child_id", "cla_start"):
        if (
            cid is not None
            and _open_at(start, ceased[i], as_of)
            and (cid not in found or data.values["cla_start"][found[cid]] <= start)
        ):
            found[cid] = i
    return found


def placement_is_permanent(placement_type: str | None, plan: str | None) -> bool:
    """Reg 28's 'placement intended to last until the child is 18', read from Annex A: a
    long-term foster placement (placement type U1 or U4), or a permanence plan of long-term
    fostering or a long-term residential placement."""
    return placement_type == "long_term_foster" or plan in (
        "long_term_fostering",
        "long_term_residential",
    )


def visit_due(
    as_of: date,
    last_visit: date | None,
    placement_start: date,
    permanent: bool,
) -> date:
    """The date by which reg 28 wants the next visit, as it stands at ``as_of``."""
    if last_visit is None or last_visit < placement_start:
        return placement_start + timedelta(days=7)
    if (as_of - placement_start).days > 365 and permanent:
        return add_months(last_visit, 3)
    return last_visit + timedelta(days=42)


def _cla_visits(data: ListData, ctx: Context) -> Counted:
    num = den = 0
    v = data.values
    none = [None] * data.rows
    types, plans = v.get("placement_type", none), v.get("permanence_plan", none)
    for i in _in_care(data, ctx.as_of).values():
        start = v["placement_start"][i] or v["cla_start"][i]
        visit = v["last_visit"][i]
        due = visit_due(ctx.as_of, visit, start, placement_is_permanent(types[i], plans[i]))
        if (visit is None or visit < start) and ctx.as_of <= due:
            continue  # the first visit in this placement is not yet due
        den += 1
        num += ctx.as_of <= due
    return _pct(num, den)


def review_due(as_of: date, started: date, latest_review: date | None) -> date:
    """Reg 33: first review within 20 working days of becoming looked after, the second within
    3 months of the first, then every 6 months. A latest review on or before the 20th working
    day is read as the first; any later one as the second or a later review."""
    first_due = add_working_days(started, 20)
    if latest_review is None or latest_review < started:
        return first_due
    if latest_review <= first_due:
        return add_months(latest_review, 3)
    return add_months(latest_review, 6)


def _reviews(data: ListData, ctx: Context) -> Counted:
    num = den = 0
    v = data.values
    for i in _in_care(data, ctx.as_of).values():
        started, review = v["cla_start"][i], v["latest_review"][i]
        due = review_due(ctx.as_of, started, review)
        if (review is None or review < started) and ctx.as_of <= due:
            continue  # the first review is not yet due
        den += 1
        num += ctx.as_of <= due
    return _pct(num, den)


def _health(data: ListData, ctx: Context) -> Counted:
    num = den = 0
    v = data.values
    none = [None] * data.rows
    dobs, ages = v.get("dob", none), v.get("age", none)
    for i in _in_care(data, ctx.as_of).values():
        age = _age(dobs[i], ages[i], ctx.as_of)
        if age is None:
            continue
        last = v["last_health"][i]
        if last is None:
            if ctx.as_of <= add_working_days(v["cla_start"][i], 20):
                continue  # the initial assessment is not yet due
            den += 1
            continue
        den += 1
        num += ctx.as_of <= add_months(last, 6 if age < 5 else 12)
    return _pct(num, den)


def _placements(data: ListData, ctx: Context) -> Counted:
    num = den = 0
    counts = data.values["placements_12m"]
    for i in _in_care(data, ctx.as_of).values():
        if counts[i] is None:
            continue
        den += 1
        num += counts[i] >= 3
    return _pct(num, den)


# --- List 9: care leavers -----------------------------------------------------------------------


def _leavers(data: ListData) -> list[int]:
    seen: set[str] = set()
    out = []
    for i, (cid,) in _rows(data, "child_id"):
        if cid is not None and cid not in seen:
            seen.add(cid)
            out.append(i)
    return out


def _in_touch(data: ListData, ctx: Context) -> Counted:
    touch = data.values["in_touch"]
    rows = [i for i in _leavers(data) if touch[i] is not None]
    return _pct(sum(touch[i] == "yes" for i in rows), len(rows))


def _band(lo: int, hi: int, key: str, good: str) -> Callable[[ListData, Context], Counted]:
    def compute(data: ListData, ctx: Context) -> Counted:
        v = data.values
        none = [None] * data.rows
        dobs, ages = v.get("dob", none), v.get("age", none)
        num = den = 0
        for i in _leavers(data):
            age = _age(dobs[i], ages[i], ctx.as_of)
            if age is None or not lo <= age <= hi:
                continue
            den += 1
            num += v[key][i] == good
        return _pct(num, den)

    return compute


def _pathway(data: ListData, ctx: Context) -> Counted:
    v = data.values
    none = [None] * data.rows
    category, touch = v.get("eligibility", none), v.get("in_touch", none)
    num = den = 0
    for i in _leavers(data):
        if category[i] is not None and category[i] not in PATHWAY_PLAN_CATEGORIES:
            continue
        if touch[i] == "died":
            continue
        den += 1
        review = v["pathway_review"][i]
        num += review is not None and review <= ctx.as_of <= add_months(review, 6)
    return _pct(num, den)


MEASURES: tuple[MeasureDef, ...] = (
    MeasureDef(
        "data.front_door.rereferral_12m_pct",
        3,
        ("child_id", "referral_date", "referrals_12m"),
        "Referrals in the window that were within 12 months of a previous referral of the same "
        "child ('Number of Referrals in Last 12 Months' of 1 or more, read as referrals before "
        "this one, or an earlier referral on the list within 12 months), of all referrals in the "
        "window (DfE children in need census).",
        _rereferrals,
        "referrals_12m",
    ),
    MeasureDef(
        "data.help_and_protection.assessments_45wd_pct",
        4,
        ("assessment_start", "assessment_authorised"),
        "Assessments authorised in the window within 45 working days of their start (the start "
        "is day 0), of all assessments authorised in the window; assessments not yet authorised "
        "are left out (Working Together to Safeguard Children 2023).",
        _assessments,
        "assessment_authorised",
    ),
    MeasureDef(
        "data.help_and_protection.icpc_15wd_pct",
        5,
        ("strategy_date", "icpc_date"),
        "Initial child protection conferences held in the window within 15 working days of the "
        "strategy discussion that started the section 47 enquiry (its day is day 0), of all "
        "ICPCs held in the window (Working Together to Safeguard Children 2023).",
        _icpc,
        "icpc_date",
    ),
    MeasureDef(
        "data.help_and_protection.repeat_cp_plans_pct",
        7,
        ("cp_start", "previous_plans"),
        "Child protection plans starting in the window that are a second or subsequent plan "
        "('Number of Previous Child Protection Plans' of 1 or more), of all plans starting in "
        "the window (DfE children in need census).",
        _repeat_plans,
        "previous_plans",
    ),
    MeasureDef(
        "data.help_and_protection.cp_visits_in_standard_pct",
        7,
        ("child_id", "cp_start", "last_visit"),
        "Children on a child protection plan at the as-of date whose last statutory visit is "
        "within the council's standard (local_standards.cp_visit_interval_days) of that date; "
        "a child with no visit recorded counts as out of standard once the standard has passed "
        "since the plan started.",
        _cp_visits,
        "last_visit",
    ),
    MeasureDef(
        "data.children_in_care.visits_in_standard_pct",
        8,
        ("child_id", "cla_start", "last_visit", "placement_start"),
        "Children in care at the as-of date whose last social work visit is within the interval "
        "reg 28 of the Care Planning, Placement and Case Review (England) Regulations 2010 sets "
        "for them: within 1 week of the placement's start, then every 6 weeks in the placement's "
        "first year, then every 3 months where the placement is the permanent one (a long-term "
        "foster placement or a long-term fostering or residential permanence plan), otherwise "
        "every 6 weeks. Annex A holds only the last visit, so this counts children.",
        _cla_visits,
        "last_visit",
    ),
    MeasureDef(
        "data.children_in_care.reviews_on_time_pct",
        8,
        ("child_id", "cla_start", "latest_review"),
        "Children in care at the as-of date whose latest review is within the reg 33 interval "
        "of that date (first review within 20 working days of becoming looked after, the second "
        "within 3 months of the first, then every 6 months); children whose first review is not "
        "yet due are left out.",
        _reviews,
        "latest_review",
    ),
    MeasureDef(
        "data.children_in_care.health_assessments_on_time_pct",
        8,
        ("child_id", "cla_start", "last_health", "dob|age"),
        "Children in care at the as-of date whose last health assessment is within 12 months of "
        "that date (6 months for a child under 5 at that date). Annex A has no initial health "
        "assessment date, so this covers review health assessments only.",
        _health,
        "last_health",
    ),
    MeasureDef(
        "data.children_in_care.placements_3plus_pct",
        8,
        ("child_id", "cla_start", "placements_12m"),
        "Children in care at the as-of date with 3 or more placements in the last 12 months "
        "(DfE SSDA903 placement stability).",
        _placements,
        "placements_12m",
    ),
    MeasureDef(
        "data.care_leavers.in_touch_pct",
        9,
        ("child_id", "in_touch"),
        "Care leavers on the list the council is in touch with ('LA in Touch' yes), of all on "
        "the list with a value (DfE SSDA903 care leavers).",
        _in_touch,
        "in_touch",
    ),
    MeasureDef(
        "data.care_leavers.eet_17_18_pct",
        9,
        ("child_id", "activity", "dob|age"),
        "Care leavers aged 17 or 18 at the as-of date in education, employment or training, of "
        "all care leavers that age on the list (DfE SSDA903 care leavers).",
        _band(17, 18, "activity", "eet"),
        "activity",
    ),
    MeasureDef(
        "data.care_leavers.eet_19_21_pct",
        9,
        ("child_id", "activity", "dob|age"),
        "Care leavers aged 19 to 21 at the as-of date in education, employment or training, of "
        "all care leavers that age on the list (DfE SSDA903 care leavers).",
        _band(19, 21, "activity", "eet"),
        "activity",
    ),
    MeasureDef(
        "data.care_leavers.suitable_accommodation_17_18_pct",
        9,
        ("child_id", "suitability", "dob|age"),
        "Care leavers aged 17 or 18 at the as-of date in accommodation considered suitable, of "
        "all care leavers that age on the list (DfE SSDA903 care leavers).",
        _band(17, 18, "suitability", "suitable"),
        "suitability",
    ),
    MeasureDef(
        "data.care_leavers.suitable_accommodation_19_21_pct",
        9,
        ("child_id", "suitability", "dob|age"),
        "Care leavers aged 19 to 21 at the as-of date in accommodation considered suitable, of "
        "all care leavers that age on the list (DfE SSDA903 care leavers).",
        _band(19, 21, "suitability", "suitable"),
        "suitability",
    ),
    MeasureDef(
        "data.care_leavers.pathway_plans_in_date_pct",
        9,
        ("child_id", "pathway_review"),
        "Relevant, former relevant and eligible young people on the list whose latest pathway "
        "plan review is within 6 months of the as-of date (Care Leavers (England) Regulations "
        "2010, Part 3: pathway plans reviewed at least every 6 months).",
        _pathway,
        "pathway_review",
    ),
)

UNALLOCATED_FIELD = "data.front_door.unallocated_cases"
UNALLOCATED_DEFINITION = (
    "Children with an open case at the as-of date on List 6 (children in need), 7 (child "
    "protection) or 8 (children in care) and no allocated worker on any open row, each child "
    "counted once."
)
_OPEN_KEYS = {
    6: ("cin_start", "cin_closure"),
    7: ("cp_start", "cp_end"),
    8: ("cla_start", "ceased"),
}


def _missing(data: ListData, needs: tuple[str, ...]) -> list[str]:
    out = []
    for need in needs:
        options = need.split("|")
        if not any(data.has(o) for o in options):
            out.append(" or ".join(f"'{data.spec.column(o).name}'" for o in options))
    return out


def is_unallocated(worker: str | None) -> bool:
    return worker is None or worker.strip().lower() in UNALLOCATED_WORDS


def _unallocated(lists: dict[int, ListData], as_of: date) -> tuple[set[str], set[str], list[int]]:
    open_children: set[str] = set()
    allocated: set[str] = set()
    used = []
    for number, (start_key, end_key) in _OPEN_KEYS.items():
        data = lists.get(number)
        if data is None or not all(
            data.has(k) for k in ("child_id", start_key, "allocated_worker")
        ):
            continue
        used.append(number)
        none = [None] * data.rows
        ends = data.values.get(end_key, none)
        for i, (cid, start, worker) in _rows(data, "child_id", start_key, "allocated_worker"):
            if cid is None or not _open_at(start, ends[i], as_of):
                continue
            open_children.add(cid)
            if not is_unallocated(worker):
                allocated.add(cid)
    return open_children, allocated, used


def _cases(lists: dict[int, ListData], as_of: date) -> dict[str, CaseFinding]:
    cases: dict[str, CaseFinding] = {}
    cla = lists.get(8)
    if cla is not None and all(cla.has(k) for k in ("child_id", "cla_start", "last_visit")):
        ids = []
        for cid, i in _in_care(cla, as_of).items():
            visit = cla.values["last_visit"][i]
            since = visit if visit is not None else cla.values["cla_start"][i]
            if (as_of - since).days > VISIT_GAP_DAYS:
                ids.append(cid)
        cases["cic_not_visited_12_weeks"] = CaseFinding(
            "cic_not_visited_12_weeks",
            "Children in care not visited for over 12 weeks",
            "8",
            "Children in care at the as-of date whose last social work visit (or, with none "
            "recorded, whose entry to care) was more than 12 weeks (84 days) before it.",
            tuple(sorted(ids, key=natural_key)),
        )
    cp = lists.get(7)
    if cp is not None and all(cp.has(k) for k in ("child_id", "cp_start", "seen_alone")):
        ids = [cid for cid, i in _on_plan(cp, as_of).items() if cp.values["seen_alone"][i] == "no"]
        cases["cp_not_seen_alone"] = CaseFinding(
            "cp_not_seen_alone",
            "Children on a child protection plan not seen alone",
            "7",
            "Children on a plan at the as-of date for whom 'Was the Child Seen Alone?' is no.",
            tuple(sorted(ids, key=natural_key)),
        )
    leavers = lists.get(9)
    if leavers is not None and all(leavers.has(k) for k in ("child_id", "in_touch")):
        touch = leavers.values["in_touch"]
        ids = [leavers.values["child_id"][i] for i in _leavers(leavers) if touch[i] in NOT_IN_TOUCH]
        cases["care_leavers_not_in_touch"] = CaseFinding(
            "care_leavers_not_in_touch",
            "Care leavers the council is not in touch with",
            "9",
            "Care leavers whose 'LA in Touch' is no, refuses contact, or no longer requires "
            "services.",
            tuple(sorted(ids, key=natural_key)),
        )
    open_children, allocated, used = _unallocated(lists, as_of)
    if used:
        cases["unallocated_cases"] = CaseFinding(
            "unallocated_cases",
            "Children with an open case and no allocated worker",
            "-".join(str(n) for n in (used[0], used[-1])) if len(used) > 1 else str(used[0]),
            UNALLOCATED_DEFINITION,
            tuple(sorted(open_children - allocated, key=natural_key)),
        )
    return cases


def compute(
    workbook: Workbook,
    as_of: date,
    *,
    since: date | None = None,
    cp_visit_interval_days: int | None = None,
) -> AnnexAResult:
    """Compute every measure the workbook allows as at ``as_of``.

    ``since`` starts the window (default: six months up to ``as_of``);
    ``cp_visit_interval_days`` is the SEF's ``local_standards.cp_visit_interval_days``.
    """
    ctx = Context(as_of, since or default_since(as_of), cp_visit_interval_days)
    lists = workbook.lists
    problems: list[CellProblem] = list(workbook.problems)
    measures: dict[str, Measure] = {}
    stopped: dict[str, str] = {}
    stops_by_column: dict[tuple[int, str], list[str]] = {}
    stops_by_list: dict[int, list[str]] = {}
    for m in MEASURES:
        data = lists.get(m.list)
        if data is None:
            stopped[m.field] = f"no List {m.list} in the workbook"
            stops_by_list.setdefault(m.list, []).append(m.field)
            continue
        missing = _missing(data, m.needs)
        if missing:
            stopped[m.field] = f"List {m.list} has no column {', '.join(missing)}"
            for name in missing:
                stops_by_column.setdefault((m.list, name), []).append(m.field)
            continue
        if m.field.endswith("cp_visits_in_standard_pct") and cp_visit_interval_days is None:
            stopped[m.field] = (
                "needs the council's standard, local_standards.cp_visit_interval_days (--sef)"
            )
            continue
        counted = m.compute(data, ctx)
        if counted.denominator == 0:
            stopped[m.field] = f"no rows on List {m.list} to count (nothing in the window or due)"
            continue
        value = round(100.0 * counted.numerator / counted.denominator, 1)
        measures[m.field] = Measure(
            m.field,
            value,
            counted.numerator,
            counted.denominator,
            str(m.list),
            m.definition,
            data.spec.column(m.column).name,
            data.sheet,
            data.header_cell(m.column),
        )
    open_children, allocated, used = _unallocated(lists, as_of)
    if used:
        count = len(open_children - allocated)
        first = lists[used[0]]
        measures[UNALLOCATED_FIELD] = Measure(
            UNALLOCATED_FIELD,
            count,
            count,
            len(open_children),
            "-".join(str(n) for n in (used[0], used[-1])) if len(used) > 1 else str(used[0]),
            UNALLOCATED_DEFINITION
            + (
                "" if used == [6, 7, 8] else f" Counted from List {', '.join(map(str, used))} only."
            ),
            "Allocated Worker",
            first.sheet,
            first.header_cell("allocated_worker"),
        )
    else:
        stopped[UNALLOCATED_FIELD] = "no List 6, 7 or 8 with an 'Allocated Worker' column"
    for number, fields in sorted(stops_by_list.items()):
        problems.append(
            whole_file(
                workbook.shown,
                f"no List {number} in the workbook: stops {', '.join(fields)}",
                "warning",
            )
        )
    for (number, name), fields in sorted(stops_by_column.items()):
        data = lists[number]
        problems.append(
            at_cell(
                workbook.shown,
                data.sheet,
                data.header_row,
                min(data.columns.values(), default=0),
                f"no column {name} (nor a known variant of its header): stops {', '.join(fields)}",
            )
        )
    return AnnexAResult(
        file=workbook.shown,
        as_of=as_of,
        since=ctx.since,
        lists={n: ListInfo(n, d.spec.title, d.sheet, d.rows) for n, d in sorted(lists.items())},
        measures=measures,
        stopped=stopped,
        cases=_cases(lists, as_of),
        problems=problems,
    )


def annex_a(
    path: str | Path,
    as_of: date,
    *,
    since: date | None = None,
    cp_visit_interval_days: int | None = None,
    shown: str | None = None,
) -> AnnexAResult:
    """Read the workbook at ``path`` and compute its figures (raises ``WorkbookError``)."""
    workbook = read_workbook(path, shown=shown)
    return compute(workbook, as_of, since=since, cp_visit_interval_days=cp_visit_interval_days)
