"""Grading: from the findings of one SEF to the grade each judgement area's evidence supports."""

from __future__ import annotations

from collections.abc import Iterable

from assure.check.findings import Finding, Judgement
from assure.sef.areas import AREAS, JUDGEMENTS
from assure.sef.grades import Grade
from assure.sef.model import SelfGrades


def grade_areas(
    self_grades: SelfGrades, findings: Iterable[Finding], *, overall: bool
) -> dict[str, Judgement]:
    """Each area starts at outstanding; every finding caps it; the worst cap stands.

    The one place grades are worked out (``check`` and ``regrade`` both call it). Each
    judgement carries its area's findings.
    """
    findings = list(findings)
    areas = list(JUDGEMENTS) if overall else list(AREAS)
    caps = dict.fromkeys(areas, Grade.OUTSTANDING)
    for f in findings:
        if f.kind != "self_assessment" and f.area in caps:
            caps[f.area] = max(caps[f.area], f.grade)
    if overall:
        caps["overall"] = max(caps["overall"], overall_effectiveness([caps[a] for a in AREAS]))
    return {
        a: Judgement(a, caps[a], getattr(self_grades, a), [f for f in findings if f.area == a])
        for a in areas
    }


def overall_effectiveness(judgements: list[Grade]) -> Grade:
    """Overall effectiveness (ilacs-2023) from the four judgements, as Ofsted's practice shows.

    Inadequate when any judgement is: in the DfE's record of ILACS outcomes (January 2018 to
    March 2025) every inspection with an inadequate "experiences and progress" judgement was
    inadequate overall (and 13 of 15 with an inadequate leadership judgement in 2018-2021).
    Otherwise it is the middle of the four, rounded towards the worse: not simply the worst.
    Of 118 ILACS inspections from 2018 to 2021, overall effectiveness was better than the
    worst judgement in 29; this rule gives Ofsted's overall grade in 104 of the 118, and in 114
    counting children in care and care leavers once, as one judgement then (docs/validity.md).
    """
    ranked = sorted(judgements)
    if ranked[-1] is Grade.INADEQUATE:
        return Grade.INADEQUATE
    return ranked[len(ranked) // 2]
