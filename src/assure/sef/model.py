"""The SEF file, format 1, as pydantic models (see docs/sef-format.md).

Types are strict: a count must be a whole number, a date a real YAML date, a flag true/false.
Unknown keys are refused so that a typo never hides a fact. Field names are the format-1
contract and must not be renamed; new optional fields may be added.
"""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from assure.sef import areas
from assure.sef.grades import Grade


def _grade(value: Any) -> Any:
    return Grade.parse(value) if isinstance(value, str) else value


def _la_code(value: Any) -> Any:
    # The DfE's 3-digit code is often typed unquoted; keep it as the string '370'. Codes run
    # from 201 upwards, so a number below 100 is a typo, not a code to pad with zeros.
    if isinstance(value, int) and not isinstance(value, bool):
        if not 100 <= value <= 999:
            raise ValueError(f"{value} is not a DfE 3-digit LA code such as '370'")
        return str(value)
    return value


GradeField = Annotated[Grade, BeforeValidator(_grade)]
Pct = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False, json_schema_extra={"unit": "%"})]
SignedPct = Annotated[float, Field(ge=-100, le=1000, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0)]
Positive = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Id = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]


class Strict(BaseModel):
    # defer_build: the validator is built once, from the root (loader.sef_validator), and
    # cached between runs; building one per model at import would cost every run ~10 ms.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)


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
    name: str = Field(min_length=1, description="Who signed the self-evaluation off")
    date: dt.date | None = Field(default=None, description="The date they signed it off")


class SignOff(Strict):
    dcs: Signature | None = Field(default=None, description="Director of Children's Services")
    lead_member: Signature | None = Field(default=None, description="Lead member for children")
    chief_executive: Signature | None = Field(default=None, description="Chief executive")


def _own_grade(area: str) -> str:
    title = areas.title(area)
    return f"The council's own grade for {title[0].lower()}{title[1:]}"


class SelfGrades(Strict):
    leadership: GradeField | None = Field(default=None, description=_own_grade("leadership"))
    help_and_protection: GradeField | None = Field(
        default=None, description=_own_grade("help_and_protection")
    )
    children_in_care: GradeField | None = Field(
        default=None, description=_own_grade("children_in_care")
    )
    care_leavers: GradeField | None = Field(default=None, description=_own_grade("care_leavers"))
    overall: GradeField | None = Field(
        default=None,
        description=f"{_own_grade('overall')} (only under ilacs-2023)",
    )


class Claim(Strict):
    id: Id = Field(description="A unique id for the claim (across all areas), e.g. hp-k1")
    kind: Literal["strength", "weakness"] = Field(description="strength or weakness")
    text: str = Field(
        min_length=1, description="What you know about the quality and impact of practice"
    )
    evidence: list[Id] = Field(default_factory=list, description="Ids from `evidence`")


class Plan(Strict):
    id: Id = Field(description="A unique id for the plan (across all areas), e.g. hp-p1")
    action: str = Field(min_length=1, description="What will be done")
    addresses: list[Id] = Field(default_factory=list, description="Claim ids")
    owner: str | None = Field(default=None, description="Who is accountable for the action")
    due: dt.date | None = Field(default=None, description="When the action is due")
    status: Literal["not_started", "on_track", "off_track", "done"] | None = Field(
        default=None, description="not_started, on_track, off_track or done"
    )

    def overdue(self, period_end: dt.date) -> bool:
        """Due before the end of the period the SEF covers and not done: the one definition
        of an overdue plan, for the rules and the report alike."""
        return self.due is not None and self.due < period_end and self.status != "done"


class Area(Strict):
    know: list[Claim] = Field(default_factory=list, description="What you know (claims)")
    plans: list[Plan] = Field(default_factory=list, description="Plans for the next 12 months")


class Areas(Strict):
    leadership: Area | None = Field(default=None, description=areas.title("leadership"))
    help_and_protection: Area | None = Field(
        default=None, description=areas.title("help_and_protection")
    )
    children_in_care: Area | None = Field(default=None, description=areas.title("children_in_care"))
    care_leavers: Area | None = Field(default=None, description=areas.title("care_leavers"))


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
    "annex_a",
]


class Evidence(Strict):
    id: Id = Field(description="A unique id for the evidence item, e.g. ev-audit-2025")
    kind: EvidenceKind = Field(description="What sort of source it is")
    title: str = Field(min_length=1, description="What the source is")
    date: dt.date | None = Field(default=None, description="When it was completed or published")
    sample_size: Count | None = Field(
        default=None, description="How many cases, children or people it covers"
    )
    file: str | None = Field(
        default=None,
        min_length=1,
        description="For kind annex_a: the Annex A workbook (.xlsx or .ods), relative to the SEF; "
        "assure check computes the figures from it and checks the SEF's against them",
    )


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
    social_workers_fte: Positive | None = Field(
        default=None, description="Children and family social workers in post, FTE (DfE CSWW)"
    )
    caseload_average: Positive | None = Field(
        default=None,
        description="Cases held divided by case-holding FTE, at the period end (DfE CSWW)",
    )
    caseload_max: Count | None = Field(
        default=None, description="Highest caseload held by one social worker"
    )
    turnover_pct: Pct | None = Field(
        default=None, description="FTE leavers in the year divided by FTE in post (DfE CSWW)"
    )
    agency_pct: Pct | None = Field(
        default=None, description="Agency FTE divided by agency plus employed FTE (DfE CSWW)"
    )
    vacancy_pct: Pct | None = Field(
        default=None, description="FTE vacancies divided by vacancies plus FTE in post (DfE CSWW)"
    )
    absence_pct: Pct | None = Field(
        default=None,
        description="Working days lost to sickness divided by working days available (DfE CSWW)",
    )
    team_manager_span_max: Count | None = Field(
        default=None, description="Most social workers reporting to one team manager"
    )
    supervision_in_standard_pct: Pct | None = Field(
        default=None,
        description="Case-holding staff whose last supervision was within the policy interval",
    )
    supervision_reflective_recorded: bool | None = Field(
        default=None,
        description="Reflective supervision is recorded on the child's file, not just tasks",
    )
    management_oversight_recorded_pct: Pct | None = Field(
        default=None,
        description="Open cases with management oversight (direction, rationale for decisions) "
        "recorded within the council's standard",
    )
    nqsw_protected_caseload: bool | None = Field(
        default=None, description="Newly qualified social workers have a protected caseload (ASYE)"
    )
    workforce_strategy: bool | None = Field(
        default=None,
        description="A current workforce strategy with recruitment and retention actions",
    )
    staff_supported_pct: Pct | None = Field(
        default=None,
        description="Staff who say they feel supported by their manager (staff survey or health "
        "check)",
    )
    nqsw_supervision_in_standard_pct: Pct | None = Field(
        default=None,
        description="Newly qualified social workers (ASYE) whose supervision met the ASYE cadence:"
        " weekly for 6 weeks, at least fortnightly to 6 months, then at least monthly",
    )
    agency_pqe_3y_pct: Pct | None = Field(
        default=None,
        description="Agency child and family social worker FTE with at least 3 years' post-"
        "qualifying experience, at the period end (DfE agency rules)",
    )


class Leadership(Strict):
    dcs_changes_5y: Count | None = Field(
        default=None, description="Changes of Director of Children's Services in 5 years"
    )
    senior_leader_changes_5y: Count | None = Field(
        default=None,
        description="Changes in the senior post leading safeguarding or social care in 5 years",
    )
    interim_senior_leaders_pct: Pct | None = Field(
        default=None, description="Senior management posts held by interims"
    )
    performance_dashboard: bool | None = Field(
        default=None, description="A performance dashboard leaders and members use"
    )
    performance_reports_to_members_12m: Count | None = Field(
        default=None, description="Performance reports to the lead member or scrutiny in 12 months"
    )
    open_cases: Count | None = Field(
        default=None, description="Children's cases open to social care at the period end"
    )
    cases_audited_12m: Count | None = Field(
        default=None, description="Case files audited in 12 months"
    )
    audits_on_time_pct: Pct | None = Field(
        default=None, description="Audits completed within the audit programme's timescale"
    )
    audits_good_or_better_pct: Pct | None = Field(
        default=None, description="Audited cases graded good or better"
    )
    improvement_plan: bool | None = Field(
        default=None, description="A current improvement plan with actions, owners and milestones"
    )
    corporate_parenting_board_meetings_12m: Count | None = Field(
        default=None, description="Meetings of the corporate parenting board in 12 months"
    )
    budget_variance_pct: SignedPct | None = Field(
        default=None, description="Children's social care spend over (+) or under (-) budget"
    )
    whistleblowing_policy: bool | None = Field(
        default=None, description="Staff know of and can use a whistleblowing policy"
    )


class FrontDoor(Strict):
    contacts_decided_1wd_pct: Pct | None = Field(
        default=None, description="Contacts with a decision within 1 working day"
    )
    referrals_decided_1wd_pct: Pct | None = Field(
        default=None,
        description="Referrals with a decision within 1 working day (Working Together 2023)",
    )
    rereferral_12m_pct: Pct | None = Field(
        default=None,
        description="Referrals within 12 months of a previous referral (DfE CIN census)",
    )
    unallocated_cases: Count | None = Field(
        default=None, description="Open cases with no allocated social worker"
    )
    mash_agencies: list[Annotated[str, Field(min_length=1)]] | None = Field(
        default=None,
        description="Agencies co-located or represented at the front door (police, health, "
        "education, probation, housing, ...)",
    )


class HelpAndProtection(Strict):
    assessments_45wd_pct: Pct | None = Field(
        default=None,
        description="Assessments completed within 45 working days (Working Together 2023; DfE CIN "
        "census)",
    )
    strategy_discussions_12m: Count | None = Field(
        default=None, description="Strategy discussions held in 12 months"
    )
    strategy_police_pct: Pct | None = Field(
        default=None, description="Strategy discussions with police taking part"
    )
    strategy_health_pct: Pct | None = Field(
        default=None, description="Strategy discussions with health taking part"
    )
    strategy_education_pct: Pct | None = Field(
        default=None,
        description="Strategy discussions with education (school or nursery) taking part where the"
        " child attends one",
    )
    icpc_15wd_pct: Pct | None = Field(
        default=None,
        description="Initial child protection conferences within 15 working days of the strategy "
        "discussion (DfE CIN census)",
    )
    icpc_no_plan_pct: Pct | None = Field(
        default=None, description="Initial child protection conferences that ended with no plan"
    )
    cp_reviews_on_time_pct: Pct | None = Field(
        default=None,
        description="Child protection review conferences held on time (DfE CIN census)",
    )
    cp_visits_in_standard_pct: Pct | None = Field(
        default=None,
        description="Children on a child protection plan visited within the council's standard",
    )
    cin_visits_in_standard_pct: Pct | None = Field(
        default=None, description="Children in need visited within the council's standard"
    )
    repeat_cp_plans_pct: Pct | None = Field(
        default=None, description="Plans that are a second or subsequent plan (DfE CIN census)"
    )
    cp_plans_2y_plus_pct: Pct | None = Field(
        default=None, description="Plans open 2 years or more at the period end (DfE CIN census)"
    )
    return_interviews_72h_pct: Pct | None = Field(
        default=None,
        description="Return home interviews offered within 72 hours of a missing episode",
    )
    private_fostering_visits_on_time_pct: Pct | None = Field(
        default=None, description="Private fostering visits on time"
    )
    pre_birth_protocol: bool | None = Field(
        default=None, description="A multi-agency pre-birth protocol in use"
    )
    early_help_strategy: bool | None = Field(
        default=None, description="A current early help strategy agreed with partners"
    )
    core_groups_10wd_pct: Pct | None = Field(
        default=None,
        description="First core groups held within 10 working days of the initial child protection"
        " conference (Working Together 2023)",
    )
    lado_allegations_12m: Count | None = Field(
        default=None,
        description=(
            "Allegations that an adult who works with children has harmed a child, or may pose "
            "a risk, referred to the designated officer (LADO) in 12 months"
        ),
    )
    lado_considered_1wd_pct: Pct | None = Field(
        default=None,
        description=(
            "Allegations referred to the designated officer (LADO) that the officer considered,"
            " deciding the next step, within one working day of receiving them"
        ),
    )
    lado_outcomes_recorded_pct: Pct | None = Field(
        default=None,
        description=(
            "Allegations concluded in 12 months with one of the outcomes Keeping children safe "
            "in education (part 4) defines recorded: substantiated, false, malicious, "
            "unsubstantiated or unfounded"
        ),
    )
    missing_episodes_12m: Count | None = Field(
        default=None,
        description=(
            "Episodes of children missing from home or care reported to the council in 12 months"
        ),
    )
    return_interviews_offered_pct: Pct | None = Field(
        default=None,
        description=(
            "Missing episodes after which the child was offered a return home interview at any "
            "time (statutory guidance on children who run away or go missing from home or care,"
            " 2014)"
        ),
    )
    return_interviews_taken_up_pct: Pct | None = Field(
        default=None,
        description=(
            "Return home interviews offered in 12 months that took place (the child took up the"
            " offer)"
        ),
    )
    cme_arrangements: bool | None = Field(
        default=None,
        description=(
            "The council has arrangements to identify children missing education (Education Act"
            " 1996, s.436A), with enquiries and tracking of each child"
        ),
    )
    cme_children_known: Count | None = Field(
        default=None,
        description=(
            "Children of compulsory school age known to the council as missing education at the"
            " period end"
        ),
    )
    exploitation_panel: bool | None = Field(
        default=None,
        description=(
            "A multi-agency panel reviews children at risk of sexual or criminal exploitation "
            "and the places, peer groups and adults of concern (contextual safeguarding)"
        ),
    )
    exploitation_children_at_risk: Count | None = Field(
        default=None,
        description=(
            "Children identified as at risk of sexual or criminal exploitation at the period end"
        ),
    )
    exploitation_risk_assessed_pct: Pct | None = Field(
        default=None,
        description=(
            "Children identified as at risk of exploitation who have a current exploitation "
            "risk assessment"
        ),
    )
    nrm_referrals_12m: Count | None = Field(
        default=None,
        description=(
            "Children the council referred to the National Referral Mechanism (potential "
            "victims of trafficking or modern slavery) in 12 months"
        ),
    )
    short_breaks_statement_published: bool | None = Field(
        default=None,
        description=(
            "A short breaks services statement for carers of disabled children (Breaks for "
            "Carers of Disabled Children Regulations 2011) is published and kept under review"
        ),
    )
    short_breaks_over_75_days: Count | None = Field(
        default=None,
        description=(
            "Disabled children in a series of short breaks treated under regulation 48 of the "
            "Care Planning Regulations 2010 whose breaks totalled more than 75 days in 12 "
            "months"
        ),
    )
    short_breaks_reviews_on_time_pct: Pct | None = Field(
        default=None,
        description=(
            "Disabled children on a series of short breaks under regulation 48 whose case was "
            "reviewed within 3 months of the first break and then at intervals of not more than"
            " 6 months"
        ),
    )
    disabled_transition_assessed_pct: Pct | None = Field(
        default=None,
        description=(
            "Disabled young people aged 17, known to children's social care and likely to need "
            "adult care and support, who have had a transition assessment (Care Act 2014, s.58)"
        ),
    )
    private_fostering_notifications_12m: Count | None = Field(
        default=None,
        description=(
            "Notifications of private fostering arrangements (proposed or existing) received in"
            " 12 months"
        ),
    )
    private_fostering_initial_visits_7wd_pct: Pct | None = Field(
        default=None,
        description=(
            "Private fostering notifications after which an officer visited the carer's home, "
            "the carer and the child within 7 working days (Children (Private Arrangements for "
            "Fostering) Regulations 2005, regs 4 and 7)"
        ),
    )
    homeless_16_17_joint_assessed_pct: Pct | None = Field(
        default=None,
        description=(
            "16 and 17 year olds who sought help as homeless in 12 months and had a joint "
            "assessment by children's services and the housing authority (2018 joint guidance)"
        ),
    )
    homeless_16_17_s20_offered_pct: Pct | None = Field(
        default=None,
        description=(
            "16 and 17 year olds assessed as homeless children in need in 12 months who were "
            "offered accommodation under section 20 of the Children Act 1989, with what it "
            "means explained"
        ),
    )
    homeless_16_17_b_and_b: Count | None = Field(
        default=None,
        description=(
            "16 and 17 year olds the council placed in bed and breakfast accommodation in 12 months"
        ),
    )
    family_help_outcomes_reported: bool | None = Field(
        default=None,
        description=(
            "Leaders and partners receive regular reports on the reach and outcomes of family "
            "help (early help), not only its activity"
        ),
    )
    pre_proceedings_before_issue_pct: Pct | None = Field(
        default=None,
        description=(
            "Care applications issued in 12 months, other than emergencies, preceded by pre-"
            "proceedings under the Public Law Outline (a letter before proceedings and a "
            "meeting)"
        ),
    )
    fgdm_offered_pct: Pct | None = Field(
        default=None,
        description=(
            "Families whose child became subject to care proceedings in 12 months who were "
            "offered a family group decision-making meeting before the application"
        ),
    )


class ChildrenInCare(Strict):
    cla_rate_per_10k: Positive | None = Field(
        default=None, description="Children looked after per 10,000 children under 18 (DfE SSDA903)"
    )
    visits_in_standard_pct: Pct | None = Field(
        default=None,
        description="Visits within the Care Planning Regulations' intervals (regulation 28)",
    )
    reviews_on_time_pct: Pct | None = Field(
        default=None,
        description="Reviews within the Care Planning Regulations' timescales (regulation 33)",
    )
    placements_3plus_pct: Pct | None = Field(
        default=None, description="Children with 3 or more placements in the year (DfE SSDA903)"
    )
    long_term_stability_pct: Pct | None = Field(
        default=None,
        description="Under-16s looked after 2.5 years or more, with the same carer for 2 years or "
        "more (DfE SSDA903)",
    )
    pep_in_date_pct: Pct | None = Field(
        default=None, description="Personal education plans reviewed this term"
    )
    health_assessments_on_time_pct: Pct | None = Field(
        default=None, description="Initial (20 working days) and review health assessments on time"
    )
    placements_over_20_miles_pct: Pct | None = Field(
        default=None, description="Children placed more than 20 miles from home (DfE SSDA903)"
    )
    permanence_plan_by_second_review_pct: Pct | None = Field(
        default=None, description="Children with a permanence plan agreed by their second review"
    )
    care_proceedings_weeks: Positive | None = Field(
        default=None,
        description="Average duration of care proceedings (26-week limit, Children and Families "
        "Act 2014)",
    )
    iro_caseload_average: Positive | None = Field(
        default=None, description="Children per independent reviewing officer"
    )
    adoption_a1_days: Positive | None = Field(
        default=None,
        description="Days from entering care to moving in with the adoptive family (DfE adoption "
        "scorecard A1)",
    )
    adoption_a2_days: Positive | None = Field(
        default=None,
        description="Days from placement order to match with adopters (DfE adoption scorecard A2)",
    )
    iha_20wd_pct: Pct | None = Field(
        default=None,
        description="Initial health assessments completed within 20 working days of becoming "
        "looked after",
    )
    kinship_local_offer_published: bool | None = Field(
        default=None,
        description=(
            "A kinship local offer (Kinship care statutory guidance, 2024, chapter 3) is published"
        ),
    )
    sgo_support_plans_pct: Pct | None = Field(
        default=None,
        description=(
            "Special guardianship orders made in 12 months for children looked after "
            "immediately before, with a special guardianship support plan (Special Guardianship"
            " Regulations 2005, reg 14) when the order was made"
        ),
    )
    uasc_looked_after: Count | None = Field(
        default=None,
        description=(
            "Unaccompanied asylum-seeking children looked after at the period end (DfE SSDA903)"
        ),
    )
    uasc_nts_transfers_10wd_pct: Pct | None = Field(
        default=None,
        description=(
            "Transfers out under the National Transfer Scheme completed within 10 working days "
            "of the referral"
        ),
    )
    age_assessments_compliant_pct: Pct | None = Field(
        default=None,
        description=(
            "Age assessments completed in 12 months that met the case-law standard (Merton-"
            "compliant: two trained social workers, an appropriate adult, the young person told"
            " of the concerns and able to answer them)"
        ),
    )
    unregistered_under_16: Count | None = Field(
        default=None,
        description=(
            "Looked-after children under 16 placed in 'other arrangements' outside the "
            "regulation 27A list (for example an unregistered children's home) at any time in "
            "12 months"
        ),
    )
    unregistered_16_17: Count | None = Field(
        default=None,
        description=(
            "Looked-after 16 and 17 year olds placed in supported accommodation not registered "
            "with Ofsted (regulation 27C) at any time in 12 months"
        ),
    )
    dol_orders: Count | None = Field(
        default=None,
        description=(
            "Looked-after children subject to a court order authorising the deprivation of "
            "their liberty at the period end"
        ),
    )
    dol_without_authority: Count | None = Field(
        default=None,
        description=(
            "Looked-after children whose care deprives them of their liberty (continuous "
            "supervision and control, not free to leave) without a court order or secure "
            "accommodation authority, at any time in 12 months"
        ),
    )
    family_network_considered_pct: Pct | None = Field(
        default=None,
        description=(
            "Children who started to be looked after in 12 months for whom living with family "
            "or friends (kinship care) was explored and the decision recorded before another "
            "placement"
        ),
    )
    sdq_completed_pct: Pct | None = Field(
        default=None,
        description=(
            "Children looked after for at least 12 months at 31 March, aged 4 to 16, with a "
            "strengths and difficulties questionnaire score (DfE SSDA903, OC2)"
        ),
    )
    dental_checks_pct: Pct | None = Field(
        default=None,
        description=(
            "Children looked after for at least 12 months at 31 March whose teeth were checked "
            "by a dentist in the year (DfE SSDA903, OC2)"
        ),
    )
    immunisations_up_to_date_pct: Pct | None = Field(
        default=None,
        description=(
            "Children looked after for at least 12 months at 31 March whose immunisations were "
            "up to date (DfE SSDA903, OC2)"
        ),
    )


class CareLeavers(Strict):
    in_touch_pct: Pct | None = Field(
        default=None, description="Care leavers the council is in touch with (DfE SSDA903)"
    )
    eet_17_18_pct: Pct | None = Field(
        default=None,
        description="Care leavers aged 17-18 in education, employment or training (DfE SSDA903)",
    )
    eet_19_21_pct: Pct | None = Field(
        default=None,
        description="Care leavers aged 19-21 in education, employment or training (DfE SSDA903)",
    )
    suitable_accommodation_17_18_pct: Pct | None = Field(
        default=None, description="Care leavers aged 17-18 in suitable accommodation (DfE SSDA903)"
    )
    suitable_accommodation_19_21_pct: Pct | None = Field(
        default=None, description="Care leavers aged 19-21 in suitable accommodation (DfE SSDA903)"
    )
    pathway_plans_in_date_pct: Pct | None = Field(
        default=None, description="Pathway plans reviewed within 6 months"
    )
    pa_caseload_average: Positive | None = Field(
        default=None, description="Care leavers per personal adviser"
    )
    leaving_care_assessments_on_time_pct: Pct | None = Field(
        default=None,
        description="Eligible children whose needs assessment (regulation 42) was completed within"
        " 3 months of their 16th birthday or of becoming eligible",
    )
    local_offer_published: bool | None = Field(
        default=None, description="A current local offer for care leavers is published"
    )
    pa_to_25_pct: Pct | None = Field(
        default=None,
        description=(
            "Care leavers aged 21 to 24 who asked for a personal adviser and have one (Children"
            " Act 1989, s.23CZB)"
        ),
    )
    staying_put_pct: Pct | None = Field(
        default=None,
        description=(
            "Young people who turned 18 in foster care in 12 months and stayed on with their "
            "former foster carers under a staying put arrangement (Children Act 1989, s.23CZA)"
        ),
    )
    staying_put_financial_support: bool | None = Field(
        default=None,
        description=(
            "Former foster carers in staying put arrangements receive financial support from "
            "the council (Children Act 1989, s.23CZA(4))"
        ),
    )
    staying_close_available: bool | None = Field(
        default=None,
        description=(
            "Staying close support (help to find and keep accommodation, with links to the "
            "former home and to services) is available to young people leaving children's homes"
        ),
    )


class Partnership(Strict):
    local_priorities_agreed: bool | None = Field(
        default=None,
        description="Safeguarding partners have agreed priorities for this council's area",
    )
    multi_agency_training_active: bool | None = Field(
        default=None,
        description="The partnership runs multi-agency training and evaluates its impact",
    )
    health_engaged: bool | None = Field(
        default=None,
        description="The integrated care board takes part in shared priorities and funding",
    )
    section_11_audit_3y: bool | None = Field(
        default=None, description="Section 11 audits of partner agencies within 3 years"
    )
    rapid_reviews_15wd_pct: Pct | None = Field(
        default=None,
        description="Rapid reviews completed within 15 working days of the serious incident "
        "notification (Working Together 2023)",
    )
    serious_incidents_notified_5wd_pct: Pct | None = Field(
        default=None,
        description="Serious incidents notified to the Child Safeguarding Practice Review Panel "
        "within 5 working days (Working Together 2023)",
    )
    section_11_returns_pct: Pct | None = Field(
        default=None,
        description=(
            "Partner agencies asked in the latest section 11 (Children Act 2004) audit that "
            "completed it"
        ),
    )
    section_11_standards_met_pct: Pct | None = Field(
        default=None,
        description=(
            "Standards assessed as met (after the partnership's check or challenge) across all "
            "agencies' returns in the latest section 11 audit"
        ),
    )
    section_11_actions_completed_pct: Pct | None = Field(
        default=None,
        description=("Actions agreed from the latest section 11 audit completed by their due date"),
    )


class Data(Strict):
    workforce: Workforce = Field(
        default_factory=Workforce,
        description="Children and family social work workforce, as defined by the DfE's annual "
        "workforce census (CSWW)",
    )
    leadership: Leadership = Field(
        default_factory=Leadership,
        description="Leadership, oversight and quality assurance: the council's own figures",
    )
    front_door: FrontDoor = Field(
        default_factory=FrontDoor,
        description="Contacts, referrals and the front door (MASH); re-referrals as in the DfE "
        "children in need (CIN) census",
    )
    help_and_protection: HelpAndProtection = Field(
        default_factory=HelpAndProtection,
        description="Assessments, child protection and children in need; definitions from Working "
        "Together 2023 and the DfE CIN census",
    )
    children_in_care: ChildrenInCare = Field(
        default_factory=ChildrenInCare,
        description="Children looked after; definitions from the DfE SSDA903 return and the Care "
        "Planning Regulations 2010",
    )
    care_leavers: CareLeavers = Field(
        default_factory=CareLeavers,
        description="Care leavers aged 17-21; definitions from the DfE SSDA903 return",
    )
    partnership: Partnership = Field(
        default_factory=Partnership,
        description="Multi-agency safeguarding arrangements (Working Together 2023)",
    )


class Accepted(Strict):
    rule: str = Field(min_length=1, description="The rule id whose finding is accepted for now")
    reason: str | None = Field(default=None, description="Why the finding is accepted for now")
    owner: str | None = Field(default=None, description="Who is accountable for the acceptance")
    expires: dt.date | None = Field(default=None, description="When the acceptance stops applying")


Framework = Literal["ilacs-2026", "ilacs-2023"]


class Sef(Strict):
    """A council's self-evaluation, format 1."""

    format: Literal[1] = Field(description="Format version of this file: 1")
    framework: Framework = Field(
        default="ilacs-2026",
        description="The rule pack to judge against: ilacs-2026 (four judgements, from April "
        "2026) or ilacs-2023 (the same four plus overall effectiveness, Jan 2023 to Mar 2026)",
    )
    council: Council = Field(description="The council")
    period: Period = Field(description="The period the evaluation covers")
    sign_off: SignOff | None = Field(
        default=None, description="Who signed the self-evaluation off, and when"
    )
    self_grades: SelfGrades = Field(
        default_factory=SelfGrades, description="The council's own grade per judgement area"
    )
    areas: Areas = Field(
        default_factory=Areas,
        description="Per judgement area: what you know (claims) and your plans",
    )
    evidence: list[Evidence] = Field(
        default_factory=list, description="How you know: the sources the claims rely on"
    )
    local_standards: LocalStandards = Field(
        default_factory=LocalStandards,
        description="The council's own standards, which rules also hold it to",
    )
    data: Data = Field(
        default_factory=Data,
        description="Measurable facts; where the DfE publishes the same measure, the DfE's "
        "definition",
    )
    accepted: list[Accepted] = Field(
        default_factory=list,
        description="Findings the council accepts for now, each with a reason, an owner and an "
        "expiry",
    )

    def value_at(self, dotted: str) -> Any:
        """The value at a dotted path (``data.workforce.caseload_average``), or None."""
        node: Any = self
        for part in dotted.split("."):
            node = getattr(node, part, None)
            if node is None:
                return None
        return node
