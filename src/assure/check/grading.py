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
        # Overall effectiveness is no better than the worst judgement: in every ILACS
        # inspection Jan 2018 - Mar 2025 with an inadequate 'experiences and progress'
        # judgement, overall effectiveness was inadequate (DfE/Ofsted outcomes, 34 of 34).
        caps["overall"] = max(caps[a] for a in areas)
    return {
        a: Judgement(a, caps[a], getattr(self_grades, a), [f for f in findings if f.area == a])
        for a in areas
    }
