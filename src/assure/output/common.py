"""What the machine formats share: the rules behind a report, levels, locations."""

from __future__ import annotations

from assure.check.findings import Finding, Report
from assure.check.severity import Severity
from assure.ruleset.rule import Rule
from assure.sef.grades import Grade


def level(grade: Grade) -> str:
    """SARIF's level for a cap, from its severity (critical → error, serious → warning)."""
    return Severity.of(grade).level


def pack_rules(reports: list[Report]) -> list[Rule]:
    """Every rule of the packs the reports were checked with, once per id, sorted by id.

    Two packs may share an id (a later edition overrides a rule); the first pack named wins.
    """
    rules: dict[str, Rule] = {}
    for report in reports:
        for rule in report.rules:
            rules.setdefault(rule.id, rule)
    return [rules[k] for k in sorted(rules)]


def location(file: str, f: Finding) -> str:
    """``sef.yaml:12:5``, or for a finding on the Annex A workbook ``annexa.xlsx:List 8!N1``."""
    return f.where or f"{file}:{f.line}:{f.column}"


def one_line(text: str) -> str:
    return " ".join(text.split())
