"""The measures of a SEF's ``data``: what each is called, which way is better, its unit and its
definition (the one place each of these is said; the definition is the model field's own
description, so the format docs, the schema, the report and the diff all read the same text).

``assure diff``, the charts and the DfE figures read it to call a move *better* or *worse*. A
field whose change is neither (a context figure such as the number of open cases or the care
rate) is ``NEITHER`` and a move is reported as *changed*; so is a field missing from this table.
Flags (true/false) count true as better: every flag in format 1 states that something good is in
place.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from assure.sef.model import Data


class Better(enum.StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NEARER_ZERO = "nearer_zero"  # a budget variance: neither overspend nor underspend is good
    NEITHER = "neither"  # context: a change is neither better nor worse


@dataclass(frozen=True)
class Measure:
    label: str
    better: Better


H, L, Z, N = Better.HIGHER, Better.LOWER, Better.NEARER_ZERO, Better.NEITHER

MEASURES: dict[str, Measure] = {
    # data.workforce
    "data.workforce.social_workers_fte": Measure("Social workers in post (FTE)", N),
    "data.workforce.caseload_average": Measure("Average caseload", L),
    "data.workforce.caseload_max": Measure("Highest caseload", L),
    "data.workforce.turnover_pct": Measure("Social worker turnover", L),
    "data.workforce.agency_pct": Measure("Agency social workers", L),
    "data.workforce.vacancy_pct": Measure("Social worker vacancies", L),
    "data.workforce.absence_pct": Measure("Sickness absence", L),
    "data.workforce.team_manager_span_max": Measure("Most social workers per team manager", L),
    "data.workforce.supervision_in_standard_pct": Measure("Supervision within policy", H),
    "data.workforce.supervision_reflective_recorded": Measure("Reflective supervision recorded", H),
    "data.workforce.management_oversight_recorded_pct": Measure("Management oversight recorded", H),
    "data.workforce.nqsw_protected_caseload": Measure("Protected caseload for NQSWs", H),
    "data.workforce.workforce_strategy": Measure("Workforce strategy", H),
    "data.workforce.staff_supported_pct": Measure("Staff who feel supported", H),
    "data.workforce.nqsw_supervision_in_standard_pct": Measure(
        "NQSW supervision to ASYE cadence", H
    ),
    "data.workforce.agency_pqe_3y_pct": Measure("Agency staff with 3+ years' experience", H),
    # data.leadership
    "data.leadership.dcs_changes_5y": Measure("Changes of DCS in 5 years", L),
    "data.leadership.senior_leader_changes_5y": Measure("Changes of senior leader in 5 years", L),
    "data.leadership.interim_senior_leaders_pct": Measure("Senior posts held by interims", L),
    "data.leadership.performance_dashboard": Measure("Performance dashboard", H),
    "data.leadership.performance_reports_to_members_12m": Measure(
        "Performance reports to members", H
    ),
    "data.leadership.open_cases": Measure("Open cases", N),
    "data.leadership.cases_audited_12m": Measure("Cases audited in 12 months", H),
    "data.leadership.audits_on_time_pct": Measure("Audits on time", H),
    "data.leadership.audits_good_or_better_pct": Measure("Audited cases good or better", H),
    "data.leadership.improvement_plan": Measure("Improvement plan", H),
    "data.leadership.corporate_parenting_board_meetings_12m": Measure(
        "Corporate parenting board meetings", H
    ),
    "data.leadership.budget_variance_pct": Measure("Budget variance", Z),
    "data.leadership.whistleblowing_policy": Measure("Whistleblowing policy", H),
    # data.front_door
    "data.front_door.contacts_decided_1wd_pct": Measure("Contacts decided in 1 working day", H),
    "data.front_door.referrals_decided_1wd_pct": Measure("Referrals decided in 1 working day", H),
    "data.front_door.rereferral_12m_pct": Measure("Re-referrals within 12 months", L),
    "data.front_door.unallocated_cases": Measure("Unallocated cases", L),
    # data.help_and_protection
    "data.help_and_protection.assessments_45wd_pct": Measure("Assessments in 45 working days", H),
    "data.help_and_protection.strategy_discussions_12m": Measure("Strategy discussions", N),
    "data.help_and_protection.strategy_police_pct": Measure("Strategy discussions with police", H),
    "data.help_and_protection.strategy_health_pct": Measure("Strategy discussions with health", H),
    "data.help_and_protection.strategy_education_pct": Measure(
        "Strategy discussions with education", H
    ),
    "data.help_and_protection.icpc_15wd_pct": Measure("Initial conferences in 15 working days", H),
    "data.help_and_protection.icpc_no_plan_pct": Measure(
        "Initial conferences ending with no plan", N
    ),
    "data.help_and_protection.cp_reviews_on_time_pct": Measure("CP reviews on time", H),
    "data.help_and_protection.cp_visits_in_standard_pct": Measure("CP visits within standard", H),
    "data.help_and_protection.cin_visits_in_standard_pct": Measure("CIN visits within standard", H),
    "data.help_and_protection.repeat_cp_plans_pct": Measure("Repeat child protection plans", L),
    "data.help_and_protection.cp_plans_2y_plus_pct": Measure("CP plans open 2 years or more", L),
    "data.help_and_protection.return_interviews_72h_pct": Measure(
        "Return interviews offered in 72 hours", H
    ),
    "data.help_and_protection.private_fostering_visits_on_time_pct": Measure(
        "Private fostering visits on time", H
    ),
    "data.help_and_protection.pre_birth_protocol": Measure("Pre-birth protocol", H),
    "data.help_and_protection.early_help_strategy": Measure("Early help strategy", H),
    "data.help_and_protection.core_groups_10wd_pct": Measure(
        "First core groups in 10 working days", H
    ),
    "data.help_and_protection.lado_allegations_12m": Measure("LADO allegations referred", N),
    "data.help_and_protection.lado_considered_1wd_pct": Measure(
        "LADO allegations considered in 1 working day", H
    ),
    "data.help_and_protection.lado_outcomes_recorded_pct": Measure("LADO outcomes recorded", H),
    "data.help_and_protection.missing_episodes_12m": Measure("Missing episodes", N),
    "data.help_and_protection.return_interviews_offered_pct": Measure(
        "Return interviews offered", H
    ),
    "data.help_and_protection.return_interviews_taken_up_pct": Measure(
        "Return interviews taken up", H
    ),
    "data.help_and_protection.cme_arrangements": Measure(
        "Arrangements for children missing education", H
    ),
    "data.help_and_protection.cme_children_known": Measure("Children missing education known", N),
    "data.help_and_protection.exploitation_panel": Measure("Multi-agency exploitation panel", H),
    "data.help_and_protection.exploitation_children_at_risk": Measure(
        "Children at risk of exploitation", N
    ),
    "data.help_and_protection.exploitation_risk_assessed_pct": Measure(
        "Exploitation risk assessments in date", H
    ),
    "data.help_and_protection.nrm_referrals_12m": Measure(
        "National Referral Mechanism referrals", N
    ),
    "data.help_and_protection.short_breaks_statement_published": Measure(
        "Short breaks statement published", H
    ),
    "data.help_and_protection.short_breaks_over_75_days": Measure(
        "Short breaks over 75 days in a year", L
    ),
    "data.help_and_protection.short_breaks_reviews_on_time_pct": Measure(
        "Short-break reviews on time", H
    ),
    "data.help_and_protection.disabled_transition_assessed_pct": Measure(
        "Transition assessments for disabled young people", H
    ),
    "data.help_and_protection.private_fostering_notifications_12m": Measure(
        "Private fostering notifications", H
    ),
    "data.help_and_protection.private_fostering_initial_visits_7wd_pct": Measure(
        "Private fostering visits within 7 working days of notice", H
    ),
    "data.help_and_protection.homeless_16_17_joint_assessed_pct": Measure(
        "Homeless 16-17s jointly assessed", H
    ),
    "data.help_and_protection.homeless_16_17_s20_offered_pct": Measure(
        "Homeless 16-17s offered section 20", H
    ),
    "data.help_and_protection.homeless_16_17_b_and_b": Measure(
        "Homeless 16-17s in bed and breakfast", L
    ),
    "data.help_and_protection.family_help_outcomes_reported": Measure(
        "Family help outcomes reported", H
    ),
    "data.help_and_protection.pre_proceedings_before_issue_pct": Measure(
        "Care applications after pre-proceedings", H
    ),
    "data.help_and_protection.fgdm_offered_pct": Measure("Family group decision-making offered", H),
    # data.children_in_care
    "data.children_in_care.cla_rate_per_10k": Measure("Children in care per 10,000", N),
    "data.children_in_care.visits_in_standard_pct": Measure(
        "Visits to children in care on time", H
    ),
    "data.children_in_care.reviews_on_time_pct": Measure("Reviews on time", H),
    "data.children_in_care.placements_3plus_pct": Measure(
        "Three or more placements in the year", L
    ),
    "data.children_in_care.long_term_stability_pct": Measure("Long-term placement stability", H),
    "data.children_in_care.pep_in_date_pct": Measure("Personal education plans in date", H),
    "data.children_in_care.health_assessments_on_time_pct": Measure(
        "Health assessments on time", H
    ),
    "data.children_in_care.placements_over_20_miles_pct": Measure("Placed over 20 miles away", L),
    "data.children_in_care.permanence_plan_by_second_review_pct": Measure(
        "Permanence plan by second review", H
    ),
    "data.children_in_care.care_proceedings_weeks": Measure("Care proceedings duration", L),
    "data.children_in_care.iro_caseload_average": Measure("IRO caseload", L),
    "data.children_in_care.adoption_a1_days": Measure("Adoption: care to adoptive family (A1)", L),
    "data.children_in_care.adoption_a2_days": Measure("Adoption: order to match (A2)", L),
    "data.children_in_care.iha_20wd_pct": Measure(
        "Initial health assessments in 20 working days", H
    ),
    "data.children_in_care.kinship_local_offer_published": Measure(
        "Kinship local offer published", H
    ),
    "data.children_in_care.sgo_support_plans_pct": Measure("Special guardianship support plans", H),
    "data.children_in_care.uasc_looked_after": Measure("Unaccompanied children looked after", N),
    "data.children_in_care.uasc_nts_transfers_10wd_pct": Measure(
        "National Transfer Scheme transfers in 10 working days", H
    ),
    "data.children_in_care.age_assessments_compliant_pct": Measure(
        "Age assessments to the Merton standard", H
    ),
    "data.children_in_care.unregistered_under_16": Measure(
        "Under-16s in unregistered placements", L
    ),
    "data.children_in_care.unregistered_16_17": Measure(
        "16-17s in unregistered supported accommodation", L
    ),
    "data.children_in_care.dol_orders": Measure("Children under deprivation of liberty orders", N),
    "data.children_in_care.dol_without_authority": Measure(
        "Children deprived of liberty without authority", L
    ),
    "data.children_in_care.family_network_considered_pct": Measure(
        "Family network considered before care", H
    ),
    "data.children_in_care.sdq_completed_pct": Measure("SDQ completed", H),
    "data.children_in_care.dental_checks_pct": Measure("Dental checks", H),
    "data.children_in_care.immunisations_up_to_date_pct": Measure("Immunisations up to date", H),
    # data.care_leavers
    "data.care_leavers.in_touch_pct": Measure("Care leavers in touch", H),
    "data.care_leavers.eet_17_18_pct": Measure("In education, work or training, 17-18", H),
    "data.care_leavers.eet_19_21_pct": Measure("In education, work or training, 19-21", H),
    "data.care_leavers.suitable_accommodation_17_18_pct": Measure(
        "In suitable accommodation, 17-18", H
    ),
    "data.care_leavers.suitable_accommodation_19_21_pct": Measure(
        "In suitable accommodation, 19-21", H
    ),
    "data.care_leavers.pathway_plans_in_date_pct": Measure("Pathway plans in date", H),
    "data.care_leavers.pa_caseload_average": Measure("Personal adviser caseload", L),
    "data.care_leavers.leaving_care_assessments_on_time_pct": Measure(
        "Leaving-care assessments on time", H
    ),
    "data.care_leavers.local_offer_published": Measure("Local offer published", H),
    "data.care_leavers.pa_to_25_pct": Measure("Personal advisers to 25", H),
    "data.care_leavers.staying_put_pct": Measure("Staying put", H),
    "data.care_leavers.staying_put_financial_support": Measure("Staying put carers paid", H),
    "data.care_leavers.staying_close_available": Measure("Staying close available", H),
    # data.partnership
    "data.partnership.local_priorities_agreed": Measure("Partners' local priorities agreed", H),
    "data.partnership.multi_agency_training_active": Measure("Multi-agency training", H),
    "data.partnership.health_engaged": Measure("Health engaged", H),
    "data.partnership.section_11_audit_3y": Measure("Section 11 audits within 3 years", H),
    "data.partnership.rapid_reviews_15wd_pct": Measure("Rapid reviews in 15 working days", H),
    "data.partnership.serious_incidents_notified_5wd_pct": Measure(
        "Serious incidents notified in 5 working days", H
    ),
    "data.partnership.section_11_returns_pct": Measure("Section 11 audit returns", H),
    "data.partnership.section_11_standards_met_pct": Measure("Section 11 standards met", H),
    "data.partnership.section_11_actions_completed_pct": Measure("Section 11 actions completed", H),
}


# The judgement area whose evidence each section of ``data`` is (for patterns across figures).
AREA_OF_SECTION = {
    "workforce": "leadership",
    "leadership": "leadership",
    "partnership": "leadership",
    "front_door": "help_and_protection",
    "help_and_protection": "help_and_protection",
    "children_in_care": "children_in_care",
    "care_leavers": "care_leavers",
}


def area_of(field: str) -> str:
    """The judgement area a ``data.<section>.<field>`` is evidence for."""
    return AREA_OF_SECTION[field.split(".")[1]]


def worse_when(field: str) -> str | None:
    """``higher`` or ``lower``: which way a figure is worse (None where neither end is)."""
    way = better(field)
    return {Better.HIGHER: "lower", Better.LOWER: "higher"}.get(way)


def definition(field: str) -> str | None:
    """The definition of a ``data.<section>.<field>`` (the SEF model's description of it)."""
    parts = field.split(".")
    if len(parts) != 3 or parts[0] != "data":
        return None
    section = Data.model_fields.get(parts[1])
    model = section.annotation if section is not None else None
    info = getattr(model, "model_fields", {}).get(parts[2])
    return info.description if info is not None else None


def label(field: str) -> str:
    measure = MEASURES.get(field)
    if measure is not None:
        return measure.label
    return field.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def better(field: str) -> Better:
    measure = MEASURES.get(field)
    return measure.better if measure is not None else Better.NEITHER


def direction(field: str, old: Any, new: Any) -> str:
    """``better``, ``worse``, ``unchanged`` or (no known direction) ``changed``."""
    if old == new:
        return "unchanged"
    way = better(field)
    if not _number(old) or not _number(new) or way is Better.NEITHER:
        return "changed"
    if way is Better.NEARER_ZERO:
        old, new = -abs(old), -abs(new)
        if old == new:
            return "changed"
    elif way is Better.LOWER:
        old, new = -old, -new
    return "better" if new > old else "worse"


def _number(value: Any) -> bool:
    return isinstance(value, int | float)  # a bool is an int: true (in place) counts as 1


def unit(field: str) -> str:
    """The unit a field's name carries (format 1 puts units in names)."""
    name = field.rsplit(".", 1)[-1]
    if name.endswith("_pct"):
        return "%"
    for suffix, text in (("_days", " days"), ("_weeks", " weeks"), ("_minutes", " minutes")):
        if name.endswith(suffix):
            return text
    return ""


def show(field: str, value: Any) -> str:
    """A figure as a person reads it: ``81%``, ``24.3``, ``612 days``, ``yes``."""
    if value is None:
        return "not stated"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float | int):
        text = f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
        if text == "-0":
            text = "0"
        return f"{text}{unit(field)}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)
