"""Make a realistic Annex A workbook for a fictional council, with the figures known by
construction.

    python scripts/gen_annex_a.py OUT.xlsx [--seed 1] [--rows 1200] [--as-of 2026-03-31]

Importable: ``make_workbook(path, seed=..., size=...)`` writes the workbook and returns an
``Expected`` with every figure's numerator and denominator, decided while the rows were made
(each row is given its outcome first, then dates that produce it), the case-level ids, and the
cells that were deliberately made malformed.

Everything is invented: ids, names, postcodes and dates belong to no one.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from assure.annexa.measures import add_months, default_since
from assure.annexa.problem import cell_ref
from assure.annexa.workdays import add_working_days

SHARES = {
    1: 0.30,
    2: 0.07,
    3: 0.12,
    4: 0.12,
    5: 0.05,
    6: 0.12,
    7: 0.05,
    8: 0.08,
    9: 0.05,
    10: 0.02,
    11: 0.02,
}
SHEETS = {
    1: "List 1 - Contacts",
    2: "EH assessments",
    3: "List 3",
    4: "List 4 - Assessments",
    5: "list5",
    6: "List 6 CIN",
    7: "List_7",
    8: "List 8 - Children in care",
    9: "List 9 - Care leavers",
    10: "List 10",
    11: "List 11 - Adopters",
}
TITLE_ROWS = {8: "Midshire County Council: Annex A, List 8 children in care", 5: "List 5: s47"}
TEXT_DATES = {3, 9, 11}  # lists whose dates are written as dd/mm/yyyy text
TEXT_IDS = {7, 9}  # lists whose ids are text; the others write numbers
VARIANT_HEADERS = {
    "Child Unique ID": "Child ID",
    "Date of Birth": "DOB",
    "Age of Child (Years)": "Age",
    "Date of Last Social Work Visit": "Last Social Work Visit",
    "Continuous Assessment Date of Authorisation": "Assessment Authorisation Date",
    "Date of Initial Child Protection Conference": "ICPC Date",
    "Number of Previous Child Protection Plans": "Previous CP Plans",
    "Latest Pathway Plan Review Date": "Pathway Plan Review Date",
    "Date Started to be Looked After": "CLA Start Date",
}
VARIANT_LISTS = {4, 5, 7, 8, 9}  # these lists use the variant spellings above

EPO = (
    "Subject to Emergency Protection Order or Protected Under "
    "Police Powers in Last Six Months (Y/N)"
)
SECOND = (
    "Is this a second or subsequent period of being a Looked "
    "After Child within the last 12 months (Y/N)"
)
MISSING = (
    "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months"
)
ABSENT = "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months"
UASC8 = "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"
UASC9 = "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)"
ICPC_PLAN = "Did the Initial Child Protection Conference Result in a Child Protection Plan"
COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
DIS = "Does the Child have a Disability"
ALLOC = ["Allocated Team", "Allocated Worker"]
COLUMNS: dict[int, list[str]] = {
    1: [*COMMON, "Date of Contact", "Contact Source"],
    2: [
        *COMMON,
        "Assessment start date",
        "Assessment completion date",
        "Organisation completing assessment",
    ],
    3: [
        *COMMON,
        "Date of referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        *ALLOC,
    ],
    4: [
        *COMMON,
        DIS,
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
        *ALLOC,
    ],
    5: [
        *COMMON,
        DIS,
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        ICPC_PLAN,
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
        *ALLOC,
    ],
    6: [
        *COMMON,
        DIS,
        "CIN Start Date",
        "Primary Need Code",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Reason for Closure",
        "Case Status",
        *ALLOC,
    ],
    7: [
        *COMMON,
        DIS,
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        EPO,
        "Number of Previous Child Protection Plans",
        *ALLOC,
    ],
    8: [
        *COMMON,
        UASC8,
        DIS,
        "Date Started to be Looked After",
        "Child's Category of Need",
        SECOND,
        "Start date of current legal status",
        "Child's Legal Status",
        "Date of Latest Statutory Review",
        "Date of Last Social Work Visit",
        "What is the permanence plan for this child?",
        "Date of Last IRO Visit / Contact to the Child",
        "Date of Last Health Assessment",
        "Date of Last Dental Check",
        "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "Reason Ceased to be Looked After",
        "Start Date of Most Recent Placement",
        "Placement Type",
        "Placement Provider",
        "Placement postcode",
        "URN of Placement",
        "Placement Location",
        "LA of Placement",
        MISSING,
        ABSENT,
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?",
        *ALLOC,
    ],
    9: [
        *COMMON,
        UASC9,
        DIS,
        *ALLOC,
        "Allocated Personal Advisor",
        "Eligibility Category",
        "Latest Pathway Plan Review Date",
        "LA in Touch",
        "Latest Date of Contact",
        "Type of Accommodation",
        "Suitability of Accommodation",
        "Activity Status",
    ],
    10: [
        "Child Unique ID",
        "Family identifier",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        DIS,
        "Date the Child Entered Care",
        "Date of Decision that Child Should be Placed for Adoption",
        "Date of Placement Order",
        "Date of Matching Child and Prospective Adopters",
        "Date Placed for Adoption",
        "Date of Adoption Order",
        "Date of Decision that Child Should No Longer be Placed for Adoption",
        "Reason Why Child No Longer Placed for Adoption",
        "Date the child was placed for fostering in FFA or concurrent planning placement",
    ],
    11: [
        "Individual adopter identifier",
        "Family identifier",
        "Gender",
        "Ethnicity",
        "Disability",
        "Is the (prospective) adopter fostering for adoption?",
        "Date enquiry received",
        "Date Stage 1 started",
        "Date Stage 1 ended",
        "Date Stage 2 started",
        "Date Stage 2 ended",
        "Date application submitted",
        "Date application approved",
        "Date adopter matched with child(ren)",
        "Date child/children placed with adopter(s)",
        "No. of children placed",
        "Date of Adoption Order",
        "Date of leaving adoption process",
        "Reason for leaving adoption process",
    ],
}
GENDERS = ["a) Male", "b) Female", "c) Not stated/recorded", "M", "F"]
ETHNICITIES = ["a) WBRI", "d) WOTH", "f) MWBC", "j) AIND", "k) APKN", "o) BAFR", "WBRI", "r) OOTH"]
TEAMS = [
    "Front Door",
    "Assessment North",
    "Assessment South",
    "Child Protection East",
    "Children in Care",
    "Leaving Care",
    "Disabled Children",
]
WORKERS = [f"Worker {c}{n}" for c in "ABCDEFGH" for n in range(1, 9)]
FIRST = ["Alfie", "Bea", "Cal", "Dee", "Eli", "Fen", "Gus", "Hal", "Ivy", "Jax", "Kit", "Lux"]
LAST = ["Quenby", "Rathe", "Sallow", "Thorne", "Umber", "Vantry", "Wexley", "Yarrow"]


class Raw(str):
    """A cell written exactly as this text (a malformed value on purpose)."""


@dataclass
class Expected:
    """What the workbook holds by construction."""

    as_of: date
    since: date
    cp_visit_interval_days: int
    rows: dict[int, int] = field(default_factory=dict)
    sheets: dict[int, str] = field(default_factory=dict)
    measures: dict[str, tuple[int, int]] = field(default_factory=dict)
    unallocated: tuple[int, int] = (0, 0)
    cases: dict[str, set[str]] = field(default_factory=dict)
    malformed: list[tuple[str, str]] = field(default_factory=list)  # (sheet, cell)
    names: list[str] = field(default_factory=list)
    postcodes: list[str] = field(default_factory=list)
    dobs: list[date] = field(default_factory=list)

    def value(self, name: str) -> float:
        num, den = self.measures[name]
        return round(100.0 * num / den, 1)


class _Tally:
    def __init__(self) -> None:
        self.num: dict[str, int] = {}
        self.den: dict[str, int] = {}

    def add(self, name: str, good: bool) -> None:
        self.den[name] = self.den.get(name, 0) + 1
        self.num[name] = self.num.get(name, 0) + int(good)

    def result(self) -> dict[str, tuple[int, int]]:
        return {k: (self.num[k], self.den[k]) for k in self.den}


class _Gen:
    def __init__(self, seed: int, as_of: date, interval: int, with_pii: bool) -> None:
        self.rng = random.Random(seed)
        self.as_of = as_of
        self.since = default_since(as_of)
        self.interval = interval
        self.with_pii = with_pii
        self.next_id = 7_100_000 + self.rng.randrange(0, 5000)
        self.tally = _Tally()
        self.cases: dict[str, set[str]] = {
            "cic_not_visited_12_weeks": set(),
            "cp_not_seen_alone": set(),
            "care_leavers_not_in_touch": set(),
            "unallocated_cases": set(),
        }
        self.open_children: set[str] = set()
        self.allocated: set[str] = set()
        self.malformed: list[tuple[int, int, str]] = []  # (list, row index, column)
        self.names: list[str] = []
        self.postcodes: list[str] = []
        self.dobs: list[date] = []

    # -- helpers ----------------------------------------------------------------------------
    def new_id(self) -> str:
        self.next_id += self.rng.randrange(1, 40)
        return str(self.next_id)

    def day(self, lo: date, hi: date) -> date:
        span = (hi - lo).days
        return lo + timedelta(days=self.rng.randint(0, max(span, 0)))

    def dob_for_age(self, age: int) -> date:
        anniversary = add_months(self.as_of, -12 * age)
        while True:
            dob = anniversary - timedelta(days=self.rng.randint(1, 360))
            if dob not in (self.since, self.as_of):
                return dob

    def person(self, lo: int, hi: int) -> dict[str, Any]:
        age = self.rng.randint(lo, hi)
        dob = self.dob_for_age(age)
        self.dobs.append(dob)
        row: dict[str, Any] = {
            "Child Unique ID": self.new_id(),
            "Gender": self.rng.choice(GENDERS),
            "Ethnicity": self.rng.choice(ETHNICITIES),
            "Date of Birth": dob,
            "Age of Child (Years)": age,
            DIS: self.rng.choice(["a) Yes", "b) No", "b) No", "b) No", "No"]),
        }
        return row

    def worker(self, p_unallocated: float) -> tuple[str, str | None]:
        team = self.rng.choice(TEAMS)
        if self.rng.random() < p_unallocated:
            return team, self.rng.choice([None, "Unallocated", "TBC"])
        return team, self.rng.choice(WORKERS)

    # -- lists ------------------------------------------------------------------------------
    def list1(self, n: int) -> list[dict[str, Any]]:
        rows = []
        for i in range(n):
            row = self.person(0, 17)
            if i % 71 == 4:  # a blank in a column every row needs
                row["Gender"] = None
                self.malformed.append((1, i, "Gender"))
            row["Date of Contact"] = self.day(self.since, self.as_of)
            row["Contact Source"] = self.rng.choice(
                ["q) 6: Police", "e) 2A: Schools", "g) 3A: Health services", "a) 1A: Individual"]
            )
            if self.with_pii:
                name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
                row["Child Name"] = name
                self.names.append(name)
            rows.append(row)
        return rows

    def list2(self, n: int) -> list[dict[str, Any]]:
        rows = []
        for _ in range(n):
            row = self.person(0, 17)
            start = self.day(self.since, self.as_of)
            row["Assessment start date"] = start
            if self.rng.random() < 0.7:
                row["Assessment completion date"] = min(
                    self.as_of, start + timedelta(days=self.rng.randint(5, 60))
                )
            row["Organisation completing assessment"] = self.rng.choice(
                ["School", "Health visitor", "Family hub"]
            )
            rows.append(row)
        return rows

    def list3(self, n: int) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        name = "data.front_door.rereferral_12m_pct"
        while len(rows) < n:
            row = self.person(0, 17)
            team, worker = self.worker(0.0)
            row.update(
                {
                    "Allocated Team": team,
                    "Allocated Worker": worker,
                    "Referral Source": self.rng.choice(["q) 6: Police", "e) 2A: Schools"]),
                    "Referral NFA?": self.rng.choice(["a) Yes", "b) No", "b) No"]),
                }
            )
            if self.rng.random() < 0.02:  # dated before the window: not counted
                row["Date of referral"] = self.day(
                    self.since - timedelta(days=200), self.since - timedelta(days=1)
                )
                row["Number of Referrals in Last 12 Months"] = self.rng.randint(0, 2)
                rows.append(row)
                continue
            when = self.day(self.since, self.as_of)
            repeat = self.rng.random() < 0.22
            if (
                repeat
                and self.rng.random() < 0.3
                and (when - self.since).days > 20
                and len(rows) < n - 1
            ):
                # the child's earlier referral is on the list too, with no referral before it
                earlier = dict(row)
                earlier_when = self.day(self.since, when - timedelta(days=10))
                earlier["Date of referral"] = earlier_when
                earlier["Number of Referrals in Last 12 Months"] = 0
                rows.append(earlier)
                self.tally.add(name, False)
            row["Date of referral"] = when
            row["Number of Referrals in Last 12 Months"] = self.rng.randint(1, 3) if repeat else 0
            self.tally.add(name, repeat)
            rows.append(row)
        return rows

    def list4(self, n: int) -> list[dict[str, Any]]:
        rows = []
        name = "data.help_and_protection.assessments_45wd_pct"
        for i in range(n):
            row = self.person(0, 17)
            team, worker = self.worker(0.0)
            start = self.day(self.since - timedelta(days=70), self.as_of)
            row.update(
                {
                    "Allocated Team": team,
                    "Allocated Worker": worker,
                    "Continuous Assessment Start Date": start,
                    "Child Seen During Continuous Assessment": self.rng.choice(
                        ["a) Yes", "Yes", "b) No"]
                    ),
                }
            )
            if self.rng.random() < 0.85:
                in_time = self.rng.random() < 0.8
                k = self.rng.choice([45, *range(10, 46)]) if in_time else self.rng.randint(46, 80)
                done = add_working_days(start, k)
                if done <= self.as_of:
                    row["Continuous Assessment Date of Authorisation"] = done
                    row[
                        "Was the child assessed as requiring LA children's social care support?"
                    ] = self.rng.choice(["a) Yes", "b) No"])
                    if i % 97 == 5:  # malformed: the measure cannot use the row
                        row["Continuous Assessment Date of Authorisation"] = Raw("31/02/2026")
                        self.malformed.append((4, i, "Continuous Assessment Date of Authorisation"))
                    elif done >= self.since:
                        self.tally.add(name, in_time)
            if i % 89 == 7:
                row["Child Seen During Continuous Assessment"] = Raw("Maybe")
                self.malformed.append((4, i, "Child Seen During Continuous Assessment"))
            rows.append(row)
        return rows

    def list5(self, n: int) -> list[dict[str, Any]]:
        rows = []
        name = "data.help_and_protection.icpc_15wd_pct"
        for _ in range(n):
            row = self.person(0, 17)
            team, worker = self.worker(0.0)
            strategy = self.day(self.since - timedelta(days=30), self.as_of)
            row.update(
                {
                    "Allocated Team": team,
                    "Allocated Worker": worker,
                    "Strategy discussion initiating Section 47 Enquiry Start Date": strategy,
                    "Number of Section 47 Enquiries in the last 12 months": self.rng.randint(0, 2),
                    "Number of ICPCs in the last 12 months": self.rng.randint(0, 1),
                }
            )
            if self.rng.random() < 0.6:
                in_time = self.rng.random() < 0.8
                k = self.rng.choice([15, *range(5, 16)]) if in_time else self.rng.randint(16, 30)
                icpc = add_working_days(strategy, k)
                if icpc <= self.as_of:
                    row["Was an Initial Child Protection Conference deemed unnecessary?"] = "b) No"
                    row["Date of Initial Child Protection Conference"] = icpc
                    row[ICPC_PLAN] = self.rng.choice(["a) Yes", "a) Yes", "b) No"])
                    if icpc >= self.since:
                        self.tally.add(name, in_time)
            else:
                row["Was an Initial Child Protection Conference deemed unnecessary?"] = "a) Yes"
            rows.append(row)
        return rows

    def list6(self, n: int, cp_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rows = []
        for row_cp in cp_rows[: max(1, n // 10)]:  # children on a plan are on List 6 too
            if row_cp.get("Child Protection Plan End Date") is not None:
                continue
            row = {k: row_cp[k] for k in (*COMMON, DIS, "Allocated Team", "Allocated Worker")}
            row.update(
                {
                    "CIN Start Date": row_cp["Child Protection Plan Start Date"],
                    "Primary Need Code": "N1 - Abuse or neglect",
                    "Case Status": "b) Child Protection plan",
                    "Date Child Was Last Seen": row_cp.get("Date of the Last Statutory Visit"),
                }
            )
            rows.append(row)
        while len(rows) < n:
            row = self.person(0, 17)
            team, worker = self.worker(0.03)
            start = self.day(add_months(self.as_of, -24), self.as_of)
            row.update(
                {
                    "Allocated Team": team,
                    "Allocated Worker": worker,
                    "CIN Start Date": start,
                    "Primary Need Code": self.rng.choice(
                        [
                            "N1 - Abuse or neglect",
                            "N4 - Family in acute stress",
                            "N5 - Family dysfunction",
                        ]
                    ),
                    "Date Child Was Last Seen": self.day(
                        max(start, self.as_of - timedelta(days=60)), self.as_of
                    ),
                    "Case Status": "c) Child in need plan",
                }
            )
            if self.rng.random() < 0.3 and start < self.as_of - timedelta(days=2):
                row["CIN Closure Date"] = self.day(
                    max(start + timedelta(days=1), self.since), self.as_of - timedelta(days=1)
                )
                row["Reason for Closure"] = (
                    "RC7 - Services ceased for any other reason, including child no longer in need"
                )
                row["Case Status"] = "e) Closed episode"
            else:
                self._open(row["Child Unique ID"], worker)
            rows.append(row)
        return rows

    def _open(self, cid: str, worker: str | None) -> None:
        self.open_children.add(cid)
        if worker not in (None, "Unallocated", "TBC"):
            self.allocated.add(cid)

    def list7(self, n: int) -> list[dict[str, Any]]:
        rows = []
        for _ in range(n):
            row = self.person(0, 17)
            team, worker = self.worker(0.03)
            start = self.day(add_months(self.as_of, -24), self.as_of)
            repeat = self.rng.random() < 0.22
            row.update(
                {
                    "Allocated Team": team,
                    "Allocated Worker": worker,
                    "Child Protection Plan Start Date": start,
                    "Initial Category of Abuse": self.rng.choice(
                        ["a) Neglect", "d) Emotional abuse", "b) Physical abuse"]
                    ),
                    "Latest Category of Abuse": self.rng.choice(
                        ["a) Neglect", "d) Emotional abuse"]
                    ),
                    EPO: "b) No",
                    "Number of Previous Child Protection Plans": self.rng.randint(1, 3)
                    if repeat
                    else 0,
                    "Date of latest review conference": self.day(start, self.as_of),
                }
            )
            if self.since <= start <= self.as_of:
                self.tally.add("data.help_and_protection.repeat_cp_plans_pct", repeat)
            if self.rng.random() < 0.2 and start < self.as_of - timedelta(days=2):
                row["Child Protection Plan End Date"] = self.day(
                    max(start + timedelta(days=1), self.since), self.as_of - timedelta(days=1)
                )
                row["Date of the Last Statutory Visit"] = self.day(
                    start, row["Child Protection Plan End Date"]
                )
                rows.append(row)
                continue
            cid = row["Child Unique ID"]
            self._open(cid, worker)
            age_days = (self.as_of - start).days
            good = self.rng.random() < 0.85
            if age_days <= self.interval and self.rng.random() < 0.3:
                row["Date of the Last Statutory Visit"] = None  # not yet due: left out
            elif not good and self.rng.random() < 0.2 and age_days > self.interval:
                row["Date of the Last Statutory Visit"] = None  # none recorded: out of standard
                self.tally.add("data.help_and_protection.cp_visits_in_standard_pct", False)
            else:
                gap = (
                    self.rng.randint(0, self.interval)
                    if good
                    else self.rng.randint(self.interval + 1, self.interval + 40)
                )
                row["Date of the Last Statutory Visit"] = self.as_of - timedelta(days=gap)
                self.tally.add("data.help_and_protection.cp_visits_in_standard_pct", good)
            alone = self.rng.choices(["a) Yes", "b) No", None, "N"], [88, 6, 3, 3])[0]
            row["Was the Child Seen Alone?"] = alone
            if alone in ("b) No", "N"):
                self.cases["cp_not_seen_alone"].add(cid)
            rows.append(row)
        return rows

    def list8(self, n: int) -> list[dict[str, Any]]:
        rows = []
        for i in range(n):
            row = self.person(0, 17)
            team, worker = self.worker(0.02)
            cid = row["Child Unique ID"]
            start = self.day(add_months(self.as_of, -72), self.as_of - timedelta(days=1))
            pstart = self.day(start, self.as_of)
            long_term = self.rng.random() < 0.35
            row.update(
                {
                    "Allocated Team": team,
                    "Allocated Worker": worker,
                    UASC8: self.rng.choice(["b) No"] * 9 + ["a) Yes"]),
                    "Date Started to be Looked After": start,
                    "Child's Category of Need": "N1 - Abuse or neglect",
                    SECOND: "b) No",
                    "Start date of current legal status": start,
                    "Child's Legal Status": self.rng.choice(
                        ["C2: FCO", "V2: Single period under S20", "C1: ICO"]
                    ),
                    "What is the permanence plan for this child?": self.rng.choice(
                        ["a) Return to family", "b) Adoption", "g) Other"]
                    ),
                    "Start Date of Most Recent Placement": pstart,
                    "Placement Type": "d) U4: Foster placement - long term"
                    if long_term
                    else self.rng.choice(
                        ["f) U6: Foster placement - not FFA", "p) K2: Children's Homes"]
                    ),
                    "Placement Provider": self.rng.choice(
                        ["b) PR1: Own provision", "e) PR4: Private provision"]
                    ),
                    "Placement postcode": self._postcode(),
                    "Placement Location": self.rng.choice(["a) In", "b) Out"]),
                    "LA of Placement": "Midshire",
                    MISSING: self.rng.choice([0, 0, 0, 1, 2]),
                    ABSENT: 0,
                    "Date of Last IRO Visit / Contact to the Child": self.day(
                        max(start, self.as_of - timedelta(days=120)), self.as_of
                    ),
                    "Date of Last Dental Check": self.day(
                        max(start, self.as_of - timedelta(days=300)), self.as_of
                    ),
                }
            )
            if self.with_pii:
                row["NHS Number"] = self._nhs_number()
            if i % 61 == 3:
                row["Date of Last Dental Check"] = Raw("31/02/2026")
                self.malformed.append((8, i, "Date of Last Dental Check"))
            if self.rng.random() < 0.1 and start < self.as_of - timedelta(days=2):
                ceased = self.day(
                    max(start + timedelta(days=1), self.since), self.as_of - timedelta(days=1)
                )
                row["Date Ceased to be Looked After"] = ceased
                row["Reason Ceased to be Looked After"] = (
                    "e) E4A: Returned home to live with parents or relatives - part of planning"
                )
                row["Start Date of Most Recent Placement"] = min(pstart, ceased)
                row["Date of Last Social Work Visit"] = self.day(start, ceased)
                row["Number of Placements in the Last 12 months"] = self.rng.randint(1, 4)
                rows.append(row)
                continue
            self._open(cid, worker)
            self._cla_visit(row, start, pstart, long_term)
            self._cla_review(row, start)
            self._cla_health(row, start)
            if self.rng.random() < 0.05:
                row["Number of Placements in the Last 12 months"] = None
            else:
                three = self.rng.random() < 0.1
                row["Number of Placements in the Last 12 months"] = (
                    self.rng.randint(3, 6) if three else self.rng.randint(1, 2)
                )
                self.tally.add("data.children_in_care.placements_3plus_pct", three)
            rows.append(row)
        return rows

    def _cla_visit(self, row: dict[str, Any], start: date, pstart: date, long_term: bool) -> None:
        name = "data.children_in_care.visits_in_standard_pct"
        cid = row["Child Unique ID"]
        in_placement = (self.as_of - pstart).days
        if in_placement <= 7:  # a new placement: the first visit is not yet due; left out
            gap = in_placement + self.rng.randint(1, 30)
            row["Date of Last Social Work Visit"] = self.as_of - timedelta(days=gap)
        else:
            good = self.rng.random() < 0.88
            three_monthly = long_term and in_placement > 365
            if good:
                gap = self.rng.randint(0, min(80 if three_monthly else 42, in_placement))
            else:
                gap = self.rng.randint(100, 150) if three_monthly else self.rng.randint(43, 110)
            row["Date of Last Social Work Visit"] = self.as_of - timedelta(days=gap)
            self.tally.add(name, good)
        visit = row["Date of Last Social Work Visit"]
        if (self.as_of - visit).days > 84:
            self.cases["cic_not_visited_12_weeks"].add(cid)

    def _cla_review(self, row: dict[str, Any], start: date) -> None:
        name = "data.children_in_care.reviews_on_time_pct"
        first_due = add_working_days(start, 20)
        key = "Date of Latest Statutory Review"
        if self.as_of <= first_due:
            row[key] = None  # first review not yet due: left out
            return
        good = self.rng.random() < 0.9
        since_first_due = (self.as_of - first_due).days
        if good:
            if (self.as_of - start).days <= 80 and self.rng.random() < 0.5:
                row[key] = self.day(
                    start + timedelta(days=1), first_due
                )  # first review, 3-month rule
            else:
                row[key] = self.as_of - timedelta(
                    days=self.rng.randint(0, min(150, since_first_due - 1))
                )
        elif since_first_due > 200 and self.rng.random() < 0.7:
            row[key] = self.as_of - timedelta(
                days=self.rng.randint(200, min(400, since_first_due - 1))
            )
        else:
            row[key] = None
        self.tally.add(name, good)

    def _cla_health(self, row: dict[str, Any], start: date) -> None:
        name = "data.children_in_care.health_assessments_on_time_pct"
        key = "Date of Last Health Assessment"
        if self.as_of <= add_working_days(start, 20):
            row[key] = None
            return
        under5 = row["Age of Child (Years)"] < 5
        good = self.rng.random() < 0.8
        if good:
            row[key] = self.as_of - timedelta(
                days=self.rng.randint(0, min(170 if under5 else 360, (self.as_of - start).days))
            )
        elif self.rng.random() < 0.8:
            row[key] = self.as_of - timedelta(
                days=self.rng.randint(190, 300) if under5 else self.rng.randint(370, 500)
            )
        else:
            row[key] = None
        self.tally.add(name, good)

    def list9(self, n: int) -> list[dict[str, Any]]:
        rows = []
        for i in range(n):
            row = self.person(16, 25)
            age = row["Age of Child (Years)"]
            cid = row["Child Unique ID"]
            team, worker = self.worker(0.0)
            touch = self.rng.choices(
                ["a) Yes", "Yes", "b) No", "d) Refu", "e) NREQ", "c) Died", "f) Rhom"],
                [70, 15, 6, 3, 2, 1, 3],
            )[0]
            category = (
                "a) Relevant child"
                if age < 18
                else self.rng.choice(
                    ["b) Former relevant child"] * 9 + ["c) Qualifying care leaver"]
                )
            )
            activity = self.rng.choices(
                [
                    "F1: Full time in higher education",
                    "F3: Full time in training or employment",
                    "P2: Part time in education other than higher",
                    "G5: Not in education, employment or training - other",
                    "G6: Not in education, employment or training - pregnancy or parenting",
                    "Not known",
                ],
                [10, 25, 15, 30, 10, 10],
            )[0]
            suitable = self.rng.choices(["a) Suitable", "b) Unsuitable", None], [85, 10, 5])[0]
            row.update(
                {
                    "Allocated Team": team,
                    "Allocated Worker": worker,
                    "Allocated Personal Advisor": self.rng.choice(WORKERS),
                    UASC9: "b) No",
                    "Eligibility Category": category,
                    "LA in Touch": touch,
                    "Latest Date of Contact": self.day(
                        self.as_of - timedelta(days=120), self.as_of
                    ),
                    "Type of Accommodation": self.rng.choice(
                        [
                            "d) Supported lodgings",
                            "k) Independent living",
                            "a) With parents or relatives",
                        ]
                    ),
                    "Suitability of Accommodation": suitable,
                    "Activity Status": activity,
                }
            )
            if i % 53 == 9:
                row["Latest Date of Contact"] = Raw("2026-13-01")
                self.malformed.append((9, i, "Latest Date of Contact"))
            self.tally.add("data.care_leavers.in_touch_pct", touch in ("a) Yes", "Yes"))
            if touch in ("b) No", "d) Refu", "e) NREQ"):
                self.cases["care_leavers_not_in_touch"].add(cid)
            eet = activity[0] in "FP"
            for lo, hi, band in ((17, 18, "17_18"), (19, 21, "19_21")):
                if lo <= age <= hi:
                    self.tally.add(f"data.care_leavers.eet_{band}_pct", eet)
                    self.tally.add(
                        f"data.care_leavers.suitable_accommodation_{band}_pct",
                        suitable == "a) Suitable",
                    )
            needs_plan = not category.startswith("c)") and touch != "c) Died"
            good = self.rng.random() < 0.8
            if good:
                row["Latest Pathway Plan Review Date"] = self.as_of - timedelta(
                    days=self.rng.randint(0, 170)
                )
            else:
                row["Latest Pathway Plan Review Date"] = self.rng.choice(
                    [None, self.as_of - timedelta(days=self.rng.randint(190, 400))]
                )
            if needs_plan:
                self.tally.add("data.care_leavers.pathway_plans_in_date_pct", good)
            rows.append(row)
        return rows

    def list10(self, n: int) -> list[dict[str, Any]]:
        rows = []
        for _ in range(n):
            row = self.person(0, 6)
            entered = self.day(add_months(self.as_of, -36), add_months(self.as_of, -6))
            decision = self.day(entered, add_months(self.as_of, -3))
            row.update(
                {
                    "Family identifier": f"F{self.rng.randint(100, 999)}",
                    "Date the Child Entered Care": entered,
                    "Date of Decision that Child Should be Placed for Adoption": decision,
                    "Date of Placement Order": self.day(decision, self.as_of),
                }
            )
            rows.append(row)
        return rows

    def list11(self, n: int) -> list[dict[str, Any]]:
        rows = []
        for i in range(n):
            enquiry = self.day(add_months(self.as_of, -12), self.as_of)
            rows.append(
                {
                    "Individual adopter identifier": f"AD{5000 + i}",
                    "Family identifier": f"AF{2000 + i // 2}",
                    "Gender": self.rng.choice(GENDERS),
                    "Ethnicity": self.rng.choice(ETHNICITIES),
                    "Disability": "b) No",
                    "Is the (prospective) adopter fostering for adoption?": "No",
                    "Date enquiry received": enquiry,
                    "Date Stage 1 started": self.day(enquiry, self.as_of),
                }
            )
        return rows

    def _postcode(self) -> str:
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        inward = f"{self.rng.randint(1, 9)}{self.rng.choice(letters)}{self.rng.choice(letters)}"
        code = f"MX{self.rng.randint(1, 29)} {inward}"
        self.postcodes.append(code)
        return code

    def _nhs_number(self) -> str:
        while True:
            digits = [self.rng.randint(0, 9) for _ in range(9)]
            check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
            check = 0 if check == 11 else check
            if check != 10:
                return "".join(map(str, digits)) + str(check)


def _counts(size: int) -> dict[int, int]:
    return {n: max(6, round(size * share)) for n, share in SHARES.items()}


def _write(
    path: Path, gen: _Gen, lists: dict[int, list[dict[str, Any]]], variants: bool
) -> tuple[dict[int, str], list[tuple[str, str]]]:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    book.set_properties(
        {
            "title": "Annex A (fictional council)",
            "author": "assure gen_annex_a",
            "created": datetime(2026, 1, 1),
        }
    )  # fixed: the same seed, the same file
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    bold = book.add_format({"bold": True})
    malformed: list[tuple[str, str]] = []
    notes = book.add_worksheet("Notes")
    notes.write(
        0, 0, "Midshire County Council (fictional): Annex A for ILACS. Generated test data."
    )
    sheets = {}
    for number, rows in lists.items():
        name = SHEETS[number]
        sheets[number] = name
        sheet = book.add_worksheet(name)
        columns = list(COLUMNS[number])
        if gen.with_pii and number == 1:
            columns.insert(1, "Child Name")
        if gen.with_pii and number == 8:
            columns.insert(1, "NHS Number")
        top = 0
        if number in TITLE_ROWS:
            sheet.write(0, 0, TITLE_ROWS[number], bold)
            top = 2
        for c, header in enumerate(columns):
            shown = (
                VARIANT_HEADERS.get(header, header)
                if variants and number in VARIANT_LISTS
                else header
            )
            sheet.write_string(top, c, shown, bold)
        where = {(i, col) for (lst, i, col) in gen.malformed if lst == number}
        for i, row in enumerate(rows):
            r = top + 1 + i
            for c, header in enumerate(columns):
                value = row.get(header)
                if (i, header) in where:
                    malformed.append((name, cell_ref(r, c)))
                if value is None:
                    continue
                if isinstance(value, Raw):
                    sheet.write_string(r, c, str(value))
                elif isinstance(value, date):
                    if number in TEXT_DATES:
                        sheet.write_string(r, c, value.strftime("%d/%m/%Y"))
                    else:
                        sheet.write_datetime(r, c, value, date_format)
                elif header in ("Child Unique ID",) and number not in TEXT_IDS:
                    sheet.write_number(r, c, int(value))
                elif isinstance(value, int):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(value))
    book.close()
    return sheets, malformed


def make_workbook(
    path: str | Path,
    *,
    seed: int = 1,
    size: int = 1200,
    as_of: date = date(2026, 3, 31),
    cp_visit_interval_days: int = 10,
    variants: bool = True,
    with_pii: bool = False,
) -> Expected:
    """Write an Annex A workbook of about ``size`` rows over all eleven lists to ``path`` (.xlsx)
    and return the figures it holds by construction."""
    gen = _Gen(seed, as_of, cp_visit_interval_days, with_pii)
    counts = _counts(size)
    lists: dict[int, list[dict[str, Any]]] = {}
    lists[1] = gen.list1(counts[1])
    lists[2] = gen.list2(counts[2])
    lists[3] = gen.list3(counts[3])
    lists[4] = gen.list4(counts[4])
    lists[5] = gen.list5(counts[5])
    lists[7] = gen.list7(counts[7])
    lists[6] = gen.list6(counts[6], lists[7])
    lists[8] = gen.list8(counts[8])
    lists[9] = gen.list9(counts[9])
    lists[10] = gen.list10(counts[10])
    lists[11] = gen.list11(counts[11])
    lists = dict(sorted(lists.items()))
    sheets, malformed = _write(Path(path), gen, lists, variants)
    cases = dict(gen.cases)
    cases["unallocated_cases"] = gen.open_children - gen.allocated
    return Expected(
        as_of=as_of,
        since=gen.since,
        cp_visit_interval_days=cp_visit_interval_days,
        rows={n: len(rows) for n, rows in lists.items()},
        sheets=sheets,
        measures=gen.tally.result(),
        unallocated=(len(cases["unallocated_cases"]), len(gen.open_children)),
        cases=cases,
        malformed=malformed,
        names=gen.names,
        postcodes=gen.postcodes,
        dobs=gen.dobs,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rows", type=int, default=1200)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 3, 31))
    parser.add_argument("--cp-visit-interval-days", type=int, default=10)
    args = parser.parse_args(argv)
    expected = make_workbook(
        args.out,
        seed=args.seed,
        size=args.rows,
        as_of=args.as_of,
        cp_visit_interval_days=args.cp_visit_interval_days,
    )
    print(f"wrote {args.out}: {sum(expected.rows.values())} rows")
    for name, (num, den) in sorted(expected.measures.items()):
        print(f"  {name}: {expected.value(name)}% ({num} of {den})")
    print(f"  data.front_door.unallocated_cases: {expected.unallocated[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
