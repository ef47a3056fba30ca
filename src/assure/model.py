"""The SEF file, format 1, as pydantic models (see docs/sef-format.md).

Types are strict: a count must be a whole number, a date a real YAML date, a flag true/false.
Unknown keys are refused so that a typo never hides a fact. Field names are the format-1
contract and must not be renamed; new optional fields may be added.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from assure.grades import Grade


def _grade(value: Any) -> Any:
    return Grade.parse(value) if isinstance(value, str) else value


def _la_code(value: Any) -> Any:
    # The DfE's 3-digit code is often typed unquoted; keep it as the string '370'.
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:03d}"
    return value


GradeField = Annotated[Grade, BeforeValidator(_grade)]
Pct = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False, json_schema_extra={"unit": "%"})]
SignedPct = Annotated[float, Field(ge=-100, le=1000, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0)]
Positive = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Id = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Council(Strict):
    name: str = Field(min_length=1, description="The council's name")
    la_code: Annotated[str | None, BeforeValidator(_la_code)] = Field(
        default=None, pattern=r"^\d{3}$", description="DfE 3-digit 'old LA code'"
    )
    region: str | None = Field(default=None, description="DfE region name")


class Period(Strict):
    start: dt.date = Field(description="First day the evaluation covers")
    end: dt.date = Field(description="Last day the evaluation covers")


class Signature(Strict):
    name: str = Field(min_length=1)
    date: dt.date | None = None


class SignOff(Strict):
    dcs: Signature | None = Field(default=None, description="Director of Children's Services")
    lead_member: Signature | None = Field(default=None, description="Lead member for children")
    chief_executive: Signature | None = Field(default=None, description="Chief executive")


class SelfGrades(Strict):
    leadership: GradeField | None = None
    help_and_protection: GradeField | None = None
    children_in_care: GradeField | None = None
    care_leavers: GradeField | None = None
    overall: GradeField | None = Field(default=None, description="Only under ilacs-2023")


class Claim(Strict):
    id: Id
    kind: Literal["strength", "weakness"]
    text: str = Field(min_length=1)
    evidence: list[Id] = Field(default_factory=list, description="Ids from `evidence`")


class Plan(Strict):
    id: Id
    action: str = Field(min_length=1)
    addresses: list[Id] = Field(default_factory=list, description="Claim ids")
    owner: str | None = None
    due: dt.date | None = None
    status: Literal["not_started", "on_track", "off_track", "done"] | None = None


class Area(Strict):
    know: list[Claim] = Field(default_factory=list, description="What you know (claims)")
    plans: list[Plan] = Field(default_factory=list, description="Plans for the next 12 months")


class Areas(Strict):
    leadership: Area | None = None
    help_and_protection: Area | None = None
    children_in_care: Area | None = None
    care_leavers: Area | None = None


EvidenceKind = Literal[
    "case_audit",
    "performance_data",
    "child_feedback",
    "family_feedback",
    "staff_feedback",
    "partner_feedback",
    "external_review",
    "peer_review",
    "inspection",
]


class Evidence(Strict):
    id: Id
    kind: EvidenceKind
    title: str = Field(min_length=1)
    date: dt.date | None = None
    sample_size: Count | None = None


class LocalStandards(Strict):
    caseload_target: Positive | None = Field(
        default=None, description="Target average caseload per case-holding social worker"
    )
    supervision_interval_weeks: Positive | None = Field(
        default=None, description="Longest interval the supervision policy allows (weeks)"
    )
    cp_visit_interval_days: Count | None = Field(
        default=None, description="Standard for visits to children on a CP plan (days)"
    )
    cin_visit_interval_days: Count | None = Field(
        default=None, description="Standard for visits to children in need (days)"
    )
    # Optional fields added after format 1 was published (see docs/sef-format.md).
    supervision_session_minutes: Count | None = Field(
        default=None, description="Minimum uninterrupted supervision session the policy sets"
    )
    caseload_alert_max: Count | None = Field(
        default=None, description="Caseload above which policy requires management action"
    )


class Workforce(Strict):
    social_workers_fte: Positive | None = None
    caseload_average: Positive | None = None
    caseload_max: Count | None = None
    turnover_pct: Pct | None = None
    agency_pct: Pct | None = None
    vacancy_pct: Pct | None = None
    absence_pct: Pct | None = None
    team_manager_span_max: Count | None = None
    supervision_in_standard_pct: Pct | None = None
    supervision_reflective_recorded: bool | None = None
    management_oversight_recorded_pct: Pct | None = None
    nqsw_protected_caseload: bool | None = None
    workforce_strategy: bool | None = None
    staff_supported_pct: Pct | None = None
    nqsw_supervision_in_standard_pct: Pct | None = None
    agency_pqe_3y_pct: Pct | None = None


class Leadership(Strict):
    dcs_changes_5y: Count | None = None
    senior_leader_changes_5y: Count | None = None
    interim_senior_leaders_pct: Pct | None = None
    performance_dashboard: bool | None = None
    performance_reports_to_members_12m: Count | None = None
    open_cases: Count | None = None
    cases_audited_12m: Count | None = None
    audits_on_time_pct: Pct | None = None
    audits_good_or_better_pct: Pct | None = None
    improvement_plan: bool | None = None
    corporate_parenting_board_meetings_12m: Count | None = None
    budget_variance_pct: SignedPct | None = None
    whistleblowing_policy: bool | None = None


class FrontDoor(Strict):
    contacts_decided_1wd_pct: Pct | None = None
    referrals_decided_1wd_pct: Pct | None = None
    rereferral_12m_pct: Pct | None = None
    unallocated_cases: Count | None = None
    mash_agencies: list[Annotated[str, Field(min_length=1)]] | None = None


class HelpAndProtection(Strict):
    assessments_45wd_pct: Pct | None = None
    strategy_discussions_12m: Count | None = None
    strategy_police_pct: Pct | None = None
    strategy_health_pct: Pct | None = None
    strategy_education_pct: Pct | None = None
    icpc_15wd_pct: Pct | None = None
    icpc_no_plan_pct: Pct | None = None
    cp_reviews_on_time_pct: Pct | None = None
    cp_visits_in_standard_pct: Pct | None = None
    cin_visits_in_standard_pct: Pct | None = None
    repeat_cp_plans_pct: Pct | None = None
    cp_plans_2y_plus_pct: Pct | None = None
    return_interviews_72h_pct: Pct | None = None
    private_fostering_visits_on_time_pct: Pct | None = None
    pre_birth_protocol: bool | None = None
    early_help_strategy: bool | None = None
    core_groups_10wd_pct: Pct | None = None


class ChildrenInCare(Strict):
    cla_rate_per_10k: Positive | None = None
    visits_in_standard_pct: Pct | None = None
    reviews_on_time_pct: Pct | None = None
    placements_3plus_pct: Pct | None = None
    long_term_stability_pct: Pct | None = None
    pep_in_date_pct: Pct | None = None
    health_assessments_on_time_pct: Pct | None = None
    placements_over_20_miles_pct: Pct | None = None
    permanence_plan_by_second_review_pct: Pct | None = None
    care_proceedings_weeks: Positive | None = None
    iro_caseload_average: Positive | None = None
    adoption_a1_days: Positive | None = None
    adoption_a2_days: Positive | None = None
    iha_20wd_pct: Pct | None = None


class CareLeavers(Strict):
    in_touch_pct: Pct | None = None
    eet_17_18_pct: Pct | None = None
    eet_19_21_pct: Pct | None = None
    suitable_accommodation_17_18_pct: Pct | None = None
    suitable_accommodation_19_21_pct: Pct | None = None
    pathway_plans_in_date_pct: Pct | None = None
    pa_caseload_average: Positive | None = None
    leaving_care_assessments_on_time_pct: Pct | None = None
    local_offer_published: bool | None = None


class Partnership(Strict):
    local_priorities_agreed: bool | None = None
    multi_agency_training_active: bool | None = None
    health_engaged: bool | None = None
    section_11_audit_3y: bool | None = None
    rapid_reviews_15wd_pct: Pct | None = None
    serious_incidents_notified_5wd_pct: Pct | None = None


class Data(Strict):
    workforce: Workforce = Field(default_factory=Workforce)
    leadership: Leadership = Field(default_factory=Leadership)
    front_door: FrontDoor = Field(default_factory=FrontDoor)
    help_and_protection: HelpAndProtection = Field(default_factory=HelpAndProtection)
    children_in_care: ChildrenInCare = Field(default_factory=ChildrenInCare)
    care_leavers: CareLeavers = Field(default_factory=CareLeavers)
    partnership: Partnership = Field(default_factory=Partnership)


class Accepted(Strict):
    rule: str = Field(min_length=1, description="The rule id whose finding is accepted for now")
    reason: str | None = None
    owner: str | None = None
    expires: dt.date | None = None


Framework = Literal["ilacs-2026", "ilacs-2023"]


class Sef(Strict):
    """A council's self-evaluation, format 1."""

    format: Literal[1]
    framework: Framework = "ilacs-2026"
    council: Council
    period: Period
    sign_off: SignOff | None = None
    self_grades: SelfGrades = Field(default_factory=SelfGrades)
    areas: Areas = Field(default_factory=Areas)
    evidence: list[Evidence] = Field(default_factory=list)
    local_standards: LocalStandards = Field(default_factory=LocalStandards)
    data: Data = Field(default_factory=Data)
    accepted: list[Accepted] = Field(default_factory=list)
