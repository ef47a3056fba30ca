"""The LGA children's services peer challenge's three core themes, and which findings fall under
each (the one table that maps them).

Every LGA peer challenge looks at the same three themes (LGA peer challenge report, West
Berkshire 2025, scope and focus; shared/domain/criteria-seeds-000-003.md section 4.2). A peer team
does not grade; the report shows our findings under its themes so a council can prepare for one.
"""

from __future__ import annotations

from assure.check.findings import Finding

THEMES: dict[int, str] = {
    1: "Leadership and management, including vision and strategy",
    2: "Effective practice and impact on outcomes for children and families",
    3: "Resources and capacity: are leaders creating the right environment for good social "
    "work practice?",
}
THEME_SHORT: dict[int, str] = {
    1: "Leadership and management",
    2: "Practice and outcomes",
    3: "Resources and capacity",
}

# (what is matched, value, theme); the first row that matches wins. "rule" is a rule id, "path"
# the start of the finding's path in the SEF, "prefix" the letters of the rule id, "area" the
# judgement area. Workforce and money are resources (theme 3) whichever rule found them; the
# practice areas' rules and benchmarks are practice (theme 2); leadership, the SEF's own
# quality (structure), self-assessment and accepted entries are leadership (theme 1).
THEME_TABLE: tuple[tuple[str, str, int], ...] = (
    *(("rule", f"BM00{n}", 3) for n in range(1, 8)),  # workforce benchmarks BM001-BM007
    ("path", "data.workforce.", 3),  # caseloads, supervision, turnover, agency, vacancies
    ("path", "local_standards.caseload", 3),
    ("path", "local_standards.supervision", 3),
    ("path", "data.leadership.budget_variance_pct", 3),
    ("prefix", "HP", 2),
    ("prefix", "CC", 2),
    ("prefix", "CL", 2),
    ("prefix", "BM", 2),  # BM008 on: help and protection, children in care, care leavers
    ("prefix", "LD", 1),
    ("prefix", "ST", 1),
    ("prefix", "SA", 1),
    ("prefix", "AC", 1),
    ("prefix", "OV", 1),
    ("area", "help_and_protection", 2),
    ("area", "children_in_care", 2),
    ("area", "care_leavers", 2),
)
DEFAULT_THEME = 1


def theme_of(finding: Finding) -> int:
    for what, value, theme in THEME_TABLE:
        if (
            (what == "rule" and finding.rule == value)
            or (what == "path" and finding.path.startswith(value))
            or (what == "prefix" and finding.rule.rstrip("0123456789") == value)
            or (what == "area" and finding.area == value)
        ):
            return theme
    return DEFAULT_THEME
