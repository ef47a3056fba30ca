"""Every measure against small workbooks worked out by hand (as of Tue 31 March 2026)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from annexa_helpers import AS_OF, WriteBook

from assure.annexa import annex_a, compute, read_workbook
from assure.annexa.measures import add_months, default_since, review_due, visit_due

ID = "Child Unique ID"


def table(rows: list[dict[str, Any]]) -> list[list[Any]]:
    headers: list[str] = []
    for row in rows:
        headers += [k for k in row if k not in headers]
    return [headers, *[[row.get(h) for h in headers] for row in rows]]


def measure(path: Path, field: str, **kwargs: Any) -> tuple[float | int, int, int]:
    result = annex_a(path, AS_OF, **kwargs)
    m = result.measures[field]
    return m.value, m.numerator, m.denominator


def test_window_is_six_months_up_to_the_as_of_date() -> None:
    assert default_since(AS_OF) == date(2025, 10, 1)
    assert default_since(date(2026, 8, 31)) == date(2026, 3, 1)
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)


def test_rereferrals(book: WriteBook) -> None:
    rows = [
        {
            ID: "A",
            "Date of referral": date(2026, 1, 10),
            "Number of Referrals in Last 12 Months": 0,
        },
        {ID: "B", "Date of referral": date(2026, 2, 1), "Number of Referrals in Last 12 Months": 2},
        # C: the earlier referral is on the list; the later one is within 12 months of it
        {
            ID: "C",
            "Date of referral": date(2025, 11, 1),
            "Number of Referrals in Last 12 Months": 0,
        },
        {ID: "C", "Date of referral": date(2026, 1, 3), "Number of Referrals in Last 12 Months": 0},
        # D: before the window, left out
        {
            ID: "D",
            "Date of referral": date(2025, 9, 30),
            "Number of Referrals in Last 12 Months": 1,
        },
    ]
    path = book({"List 3": table(rows)})
    assert measure(path, "data.front_door.rereferral_12m_pct") == (50.0, 2, 4)


def test_assessments_45_working_days(book: WriteBook) -> None:
    start = date(2026, 1, 5)  # 45th working day after it: Mon 9 March 2026
    rows = [
        {
            ID: "1",
            "Continuous Assessment Start Date": start,
            "Continuous Assessment Date of Authorisation": date(2026, 3, 9),
        },
        {
            ID: "2",
            "Continuous Assessment Start Date": start,
            "Continuous Assessment Date of Authorisation": date(2026, 3, 10),
        },
        {ID: "3", "Continuous Assessment Start Date": start},  # not authorised: left out
        # Across Christmas: Mon 22 Dec 2025 + 45 working days = Thu 26 Feb 2026 (3 bank holidays)
        {
            ID: "4",
            "Continuous Assessment Start Date": date(2025, 12, 22),
            "Continuous Assessment Date of Authorisation": date(2026, 2, 26),
        },
        {
            ID: "5",
            "Continuous Assessment Start Date": date(2025, 12, 22),
            "Continuous Assessment Date of Authorisation": date(2026, 2, 27),
        },
        # authorised before the window: left out
        {
            ID: "6",
            "Continuous Assessment Start Date": date(2025, 8, 1),
            "Continuous Assessment Date of Authorisation": date(2025, 9, 1),
        },
    ]
    path = book({"List 4 - Assessments": table(rows)})
    assert measure(path, "data.help_and_protection.assessments_45wd_pct") == (50.0, 2, 4)


def test_icpc_15_working_days_across_christmas(book: WriteBook) -> None:
    # Strategy discussion Wed 17 Dec 2025 (day 0); the 15th working day is Mon 12 Jan 2026.
    s = "Strategy discussion initiating Section 47 Enquiry Start Date"
    c = "Date of Initial Child Protection Conference"
    rows = [
        {ID: "1", s: date(2025, 12, 17), c: date(2026, 1, 12)},
        {ID: "2", s: date(2025, 12, 17), c: date(2026, 1, 13)},
        {ID: "3", s: date(2025, 12, 17)},  # no ICPC yet: left out
        {ID: "4", s: date(2026, 3, 2), c: date(2026, 3, 23)},  # 15 working days: in time
    ]
    path = book({"List 5": table(rows)})
    assert measure(path, "data.help_and_protection.icpc_15wd_pct") == (66.7, 2, 3)


def test_repeat_cp_plans(book: WriteBook) -> None:
    p, n = "Child Protection Plan Start Date", "Number of Previous Child Protection Plans"
    rows = [
        {ID: "1", p: date(2025, 10, 1), n: 0},
        {ID: "2", p: date(2026, 1, 1), n: 1},
        {ID: "3", p: date(2026, 3, 31), n: 2},
        {ID: "4", p: date(2025, 9, 30), n: 3},  # started before the window
    ]
    path = book({"List 7": table(rows)})
    assert measure(path, "data.help_and_protection.repeat_cp_plans_pct") == (66.7, 2, 3)


def test_cp_visits_need_the_local_standard(book: WriteBook) -> None:
    p, v, e = (
        "Child Protection Plan Start Date",
        "Date of the Last Statutory Visit",
        "Child Protection Plan End Date",
    )
    rows = [
        {ID: "1", p: date(2025, 6, 1), v: date(2026, 3, 21)},  # 10 days: in
        {ID: "2", p: date(2025, 6, 1), v: date(2026, 3, 20)},  # 11 days: out
        {ID: "3", p: date(2026, 3, 26)},  # no visit, plan 5 days old: not yet due
        {ID: "4", p: date(2026, 3, 1)},  # no visit, plan 30 days old: out
        {ID: "5", p: date(2025, 6, 1), v: date(2025, 12, 1), e: date(2026, 1, 1)},  # ended
    ]
    path = book({"List 7": table(rows)})
    field = "data.help_and_protection.cp_visits_in_standard_pct"
    assert measure(path, field, cp_visit_interval_days=10) == (33.3, 1, 3)
    stopped = annex_a(path, AS_OF).stopped
    assert "cp_visit_interval_days" in stopped[field]


CLA = {
    "start": "Date Started to be Looked After",
    "visit": "Date of Last Social Work Visit",
    "placement": "Start Date of Most Recent Placement",
    "type": "Placement Type",
    "plan": "What is the permanence plan for this child?",
    "ceased": "Date Ceased to be Looked After",
    "review": "Date of Latest Statutory Review",
    "health": "Date of Last Health Assessment",
    "dob": "Date of Birth",
    "age": "Age of Child (Years)",
    "moves": "Number of Placements in the Last 12 months",
}


def cla(cid: str, **kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {ID: cid}
    row.update({CLA[k]: v for k, v in kw.items()})
    return row


def test_cla_visits_reg_28(book: WriteBook) -> None:
    old, start = date(2024, 3, 1), date(2020, 1, 1)
    rows = [
        # permanent placement (U4) over a year old: 3 months; 80 days ago is in
        cla(
            "a",
            start=start,
            placement=old,
            type="d) U4: Foster placement - long term",
            visit=date(2026, 1, 10),
        ),
        # not permanent: 6 weeks; 50 days ago is out
        cla(
            "b", start=start, placement=old, type="p) K2: Children's Homes", visit=date(2026, 2, 9)
        ),
        # permanent but in its first year: 6 weeks; 50 days ago is out
        cla("c", start=start, placement=date(2025, 9, 12), type="U4", visit=date(2026, 2, 9)),
        # placed 3 days ago, last visit before it: the first visit is not yet due
        cla("d", start=start, placement=date(2026, 3, 28), type="U6", visit=date(2026, 3, 11)),
        # placed 10 days ago, no visit since: out (within 1 week of placement)
        cla("e", start=start, placement=date(2026, 3, 21), type="U6", visit=date(2026, 3, 11)),
        # long-term fostering plan, placement over a year: 3 months; 85 days ago is in
        cla(
            "f",
            start=start,
            placement=old,
            type="K2",
            plan="f) Long-term fostering",
            visit=date(2026, 1, 5),
        ),
        # left care: not counted
        cla("g", start=start, placement=old, visit=date(2025, 1, 1), ceased=date(2026, 1, 1)),
    ]
    path = book({"List 8": table(rows)})
    assert measure(path, "data.children_in_care.visits_in_standard_pct") == (40.0, 2, 5)
    result = annex_a(path, AS_OF)
    assert result.cases["cic_not_visited_12_weeks"].ids == ("f",)


def test_visit_due_helper() -> None:
    assert visit_due(AS_OF, date(2026, 1, 10), date(2024, 1, 1), True) == date(2026, 4, 10)
    assert visit_due(AS_OF, date(2026, 1, 10), date(2024, 1, 1), False) == date(2026, 2, 21)
    assert visit_due(AS_OF, None, date(2026, 3, 28), True) == date(2026, 4, 4)


def test_cla_reviews_reg_33(book: WriteBook) -> None:
    rows = [
        cla("a", start=date(2026, 3, 20)),  # 11 days in care: first review not yet due
        # started Mon 5 Jan; 20th working day is Mon 2 Feb; review 30 Jan = first: 3 months
        cla("b", start=date(2026, 1, 5), review=date(2026, 1, 30)),
        cla("c", start=date(2025, 1, 1), review=date(2025, 10, 1)),  # 6 months: due 1 Apr, in
        cla("d", start=date(2025, 1, 1), review=date(2025, 9, 30)),  # due 30 Mar: out
        cla("e", start=date(2025, 12, 1)),  # no review, first one overdue: out
    ]
    path = book({"List 8": table(rows)})
    assert measure(path, "data.children_in_care.reviews_on_time_pct") == (50.0, 2, 4)
    assert review_due(AS_OF, date(2026, 1, 5), None) == date(2026, 2, 2)


def test_health_assessments(book: WriteBook) -> None:
    start = date(2024, 1, 1)
    rows = [
        cla("a", start=start, dob=date(2022, 6, 1), health=date(2025, 10, 1)),  # under 5: in
        cla("b", start=start, dob=date(2022, 6, 1), health=date(2025, 9, 30)),  # under 5: out
        cla("c", start=start, dob=date(2015, 6, 1), health=date(2025, 4, 1)),  # 12 months: in
        cla("d", start=date(2026, 3, 25), dob=date(2015, 6, 1)),  # new to care: left out
        cla("e", start=date(2025, 6, 1), dob=date(2015, 6, 1)),  # none recorded: out
        cla("f", start=start, age=4, health=date(2025, 8, 1)),  # no DOB: Age 4, 6 months: out
    ]
    path = book({"List 8": table(rows)})
    assert measure(path, "data.children_in_care.health_assessments_on_time_pct") == (40.0, 2, 5)


def test_placements_3_plus(book: WriteBook) -> None:
    start = date(2024, 1, 1)
    rows = [
        cla("a", start=start, moves=3),
        cla("b", start=start, moves=2),
        cla("c", start=start, moves=5),
        cla("d", start=start),
    ]
    path = book({"List 8": table(rows)})
    assert measure(path, "data.children_in_care.placements_3plus_pct") == (66.7, 2, 3)


def test_care_leavers(book: WriteBook) -> None:
    dob, touch, act = "Date of Birth", "LA in Touch", "Activity Status"
    suit, elig, pp = (
        "Suitability of Accommodation",
        "Eligibility Category",
        "Latest Pathway Plan Review Date",
    )
    rows = [
        {
            ID: "A",
            dob: "01/06/2008",
            touch: "a) Yes",
            act: "F1: Full time in higher education",
            suit: "a) Suitable",
            elig: "a) Relevant child",
            pp: date(2025, 10, 1),
        },
        {
            ID: "B",
            dob: "01/04/2007",
            touch: "b) No",
            act: "G5: Not in education, employment or training - other",
            elig: "b) Former relevant child",
            pp: date(2025, 9, 30),
        },
        {
            ID: "C",
            dob: "31/03/2006",
            touch: "Yes",
            act: "P3: Part time in training or employment",
            suit: "b) Unsuitable",
            elig: "Former relevant",
        },
        {ID: "D", dob: "01/01/2004", touch: "c) Died", elig: "b) Former relevant child"},
        {
            ID: "E",
            dob: "01/01/2009",
            touch: "d) Refu",
            act: "Not known",
            suit: "Suitable",
            elig: "c) Qualifying care leaver",
        },
    ]
    path = book({"List 9 - Care leavers": table(rows)})
    result = annex_a(path, AS_OF)
    got = {
        k.split(".")[-1]: (m.value, m.numerator, m.denominator) for k, m in result.measures.items()
    }
    assert got["in_touch_pct"] == (40.0, 2, 5)
    assert got["eet_17_18_pct"] == (33.3, 1, 3)  # A 17 (EET), B 18 (NEET), E 17 (not known)
    assert got["eet_19_21_pct"] == (100.0, 1, 1)  # C turned 20 on the as-of date
    assert got["suitable_accommodation_17_18_pct"] == (66.7, 2, 3)
    assert got["suitable_accommodation_19_21_pct"] == (0.0, 0, 1)
    assert got["pathway_plans_in_date_pct"] == (33.3, 1, 3)
    assert result.cases["care_leavers_not_in_touch"].ids == ("B", "E")


def test_unallocated_each_child_once(book: WriteBook) -> None:
    worker = "Allocated Worker"
    cin = [
        {ID: "1", "CIN Start Date": date(2025, 5, 1), worker: None},
        {ID: "2", "CIN Start Date": date(2025, 5, 1), worker: "Unallocated"},
        {ID: "3", "CIN Start Date": date(2025, 5, 1), "CIN Closure Date": date(2026, 1, 1)},
        {ID: "7105179", "CIN Start Date": date(2025, 5, 1), worker: None},
    ]
    cp = [{ID: "1", "Child Protection Plan Start Date": date(2025, 6, 1), worker: "Worker A1"}]
    care = [{ID: 7105179.0, "Date Started to be Looked After": date(2024, 1, 1), worker: "TBC"}]
    path = book({"List 6": table(cin), "List 7": table(cp), "List 8": table(care)})
    result = annex_a(path, AS_OF)
    m = result.measures["data.front_door.unallocated_cases"]
    assert (m.value, m.numerator, m.denominator) == (2, 2, 3)
    assert result.cases["unallocated_cases"].ids == ("2", "7105179")


def test_cp_not_seen_alone(book: WriteBook) -> None:
    p, alone = "Child Protection Plan Start Date", "Was the Child Seen Alone?"
    rows = [
        {ID: "1", p: date(2025, 6, 1), alone: "b) No"},
        {ID: "2", p: date(2025, 6, 1), alone: "a) Yes"},
        {ID: "3", p: date(2025, 6, 1), alone: "N"},
        {
            ID: "4",
            p: date(2025, 6, 1),
            alone: "b) No",
            "Child Protection Plan End Date": date(2026, 2, 1),
        },
    ]
    result = annex_a(book({"List 7": table(rows)}), AS_OF)
    assert result.cases["cp_not_seen_alone"].ids == ("1", "3")


def test_a_missing_column_stops_only_its_measures(book: WriteBook) -> None:
    start = date(2024, 1, 1)
    rows = [cla("a", start=start, review=date(2026, 1, 1), placement=start, moves=1)]
    path = book({"List 8": table(rows)})
    result = annex_a(path, AS_OF)
    field = "data.children_in_care.visits_in_standard_pct"
    assert field not in result.measures
    assert "'Date of Last Social Work Visit'" in result.stopped[field]
    assert "data.children_in_care.reviews_on_time_pct" in result.measures
    assert "data.children_in_care.placements_3plus_pct" in result.measures
    lines = [str(p) for p in result.problems if "Date of Last Social Work Visit" in p.message]
    assert lines == [
        f"{path}:List 8!A1: error: no column 'Date of Last Social Work Visit' (nor a known "
        f"variant of its header): stops {field}"
    ]


def test_a_missing_list_stops_its_measures(book: WriteBook) -> None:
    path = book({"List 8": table([cla("a", start=date(2024, 1, 1), moves=4)])})
    result = annex_a(path, AS_OF)
    assert result.stopped["data.care_leavers.in_touch_pct"] == "no List 9 in the workbook"
    warning = [str(p) for p in result.problems if "List 9" in p.message]
    assert warning and warning[0].startswith(f"{path}: warning: no List 9 in the workbook: stops ")


def test_since_moves_the_window(book: WriteBook) -> None:
    p, n = "Child Protection Plan Start Date", "Number of Previous Child Protection Plans"
    rows = [{ID: "1", p: date(2025, 4, 1), n: 1}, {ID: "2", p: date(2026, 1, 1), n: 0}]
    path = book({"List 7": table(rows)})
    wb = read_workbook(path)
    field = "data.help_and_protection.repeat_cp_plans_pct"
    assert compute(wb, AS_OF).measures[field].denominator == 1
    wide = compute(wb, AS_OF, since=date(2025, 4, 1))
    assert (wide.measures[field].numerator, wide.measures[field].denominator) == (1, 2)
    assert wide.since == date(2025, 4, 1)


@pytest.mark.parametrize("seed", [3, 11])
def test_generated_workbooks_match_their_construction(tmp_path: Path, seed: int) -> None:
    from gen_annex_a import make_workbook

    path = tmp_path / "gen.xlsx"
    expected = make_workbook(path, seed=seed, size=900)
    result = annex_a(path, expected.as_of, cp_visit_interval_days=expected.cp_visit_interval_days)
    got = {k: (m.numerator, m.denominator) for k, m in result.measures.items()}
    for field, counts in expected.measures.items():
        assert got[field] == counts, field
    unallocated = result.measures["data.front_door.unallocated_cases"]
    assert (unallocated.numerator, unallocated.denominator) == expected.unallocated
    for key, ids in expected.cases.items():
        assert set(result.cases[key].ids) == ids, key
    assert {n: info.rows for n, info in result.lists.items()} == expected.rows
    found = {(p.sheet, p.cell) for p in result.problems}
    assert set(expected.malformed) <= found
