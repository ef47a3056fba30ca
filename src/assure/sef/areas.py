"""The judgement areas of an ILACS inspection: the one place each is named.

Everything that names an area reads it here: the SEF model's sections, rule packs' folders,
``--select``, the outputs' titles and the report's short names and phrases, the ``init``
template's id prefixes. ``overall`` (overall effectiveness, ilacs-2023 only) is a judgement
but no section of the SEF; ``each`` is the area of cross-cutting rules, judged in every area.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    key: str  # as written in a SEF and a rule file: help_and_protection
    title: str  # Ofsted's name for the judgement
    short: str  # for tables and charts
    phrase: str  # "... for <phrase>", in lines of enquiry
    folder: str  # rules/<pack>/<folder>/
    id_prefix: str  # the init template's example ids: hp-k1, hp-p1
    # The figures without which a SEF cannot show how it knows this area's practice: two or
    # more unstated cap the area at good (rule KM001); docs/sef-format.md lists them.
    key_measures: tuple[str, ...] = ()


AREAS_BY_KEY: dict[str, Area] = {
    a.key: a
    for a in (
        Area(
            "leadership",
            "The impact of leaders on social work practice with children and families",
            "Leaders' impact",
            "children and families",
            "leadership",
            "ld",
            (
                "data.workforce.caseload_average",
                "data.workforce.turnover_pct",
                "data.workforce.agency_pct",
                "data.workforce.vacancy_pct",
                "data.workforce.supervision_in_standard_pct",
                "data.workforce.management_oversight_recorded_pct",
                "data.leadership.audits_good_or_better_pct",
            ),
        ),
        Area(
            "help_and_protection",
            "The experiences and progress of children who need help and protection",
            "Help and protection",
            "children who need help and protection",
            "help_and_protection",
            "hp",
            (
                "data.front_door.referrals_decided_1wd_pct",
                "data.front_door.rereferral_12m_pct",
                "data.help_and_protection.assessments_45wd_pct",
                "data.help_and_protection.icpc_15wd_pct",
                "data.help_and_protection.repeat_cp_plans_pct",
                "data.help_and_protection.cp_visits_in_standard_pct",
            ),
        ),
        Area(
            "children_in_care",
            "The experiences and progress of children in care",
            "Children in care",
            "children in care",
            "children_in_care",
            "cc",
            (
                "data.children_in_care.visits_in_standard_pct",
                "data.children_in_care.reviews_on_time_pct",
                "data.children_in_care.placements_3plus_pct",
                "data.children_in_care.long_term_stability_pct",
                "data.children_in_care.health_assessments_on_time_pct",
                "data.children_in_care.pep_in_date_pct",
            ),
        ),
        Area(
            "care_leavers",
            "The experiences and progress of care leavers",
            "Care leavers",
            "care leavers",
            "care_leavers",
            "cl",
            (
                "data.care_leavers.in_touch_pct",
                "data.care_leavers.eet_19_21_pct",
                "data.care_leavers.suitable_accommodation_19_21_pct",
                "data.care_leavers.pathway_plans_in_date_pct",
            ),
        ),
        Area(
            "overall",
            "Overall effectiveness",
            "Overall effectiveness",
            "children's services overall",
            "overall",
            "ov",
        ),
    )
}

# The four areas a SEF has a section for, in Ofsted's order.
AREAS: tuple[str, ...] = ("leadership", "help_and_protection", "children_in_care", "care_leavers")
OVERALL = "overall"
JUDGEMENTS: tuple[str, ...] = (*AREAS, OVERALL)
EACH = "each"  # a cross-cutting rule: judged for every area
EACH_FOLDER = "cross_cutting"


def area(key: str) -> Area:
    return AREAS_BY_KEY[key]


def title(key: str) -> str:
    """Ofsted's title of a judgement (the key itself for anything unknown)."""
    found = AREAS_BY_KEY.get(key)
    return found.title if found else key


def short(key: str) -> str:
    found = AREAS_BY_KEY.get(key)
    return found.short if found else key


def phrase(key: str) -> str:
    found = AREAS_BY_KEY.get(key)
    return found.phrase if found else key.replace("_", " ")


def folder(key: str) -> str:
    """The folder of a pack that holds the rules of an area (``each``: cross_cutting)."""
    return EACH_FOLDER if key == EACH else AREAS_BY_KEY[key].folder
