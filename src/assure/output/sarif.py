"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run for all the files checked (GitHub no longer merges several runs of one tool and
category in one upload). ``tool.driver.rules`` lists every rule of the pack(s) used, not only
those that fired, so a rule's ``ruleIndex`` is the same from run to run. Levels follow a finding's
severity (:mod:`assure.check.severity`): critical → error, serious → warning, minor and note →
note. An accepted finding carries an external, accepted suppression with its reason, so code
scanning shows it as dismissed rather than open.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from assure import __version__
from assure.base.links import REPO_URL, rule_help_uri
from assure.check.findings import Finding, Report
from assure.check.severity import Severity
from assure.output import Options
from assure.output.common import level, one_line, pack_rules
from assure.output.jsonfmt import dumps
from assure.ruleset.rule import Rule

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "assureFinding/v1"


def render(reports: list[Report], options: Options | None = None) -> str:
    return dumps(sarif_log(reports), pretty=True) + "\n"


def sarif_log(reports: list[Report]) -> dict[str, Any]:
    rules = pack_rules(reports)
    index = {r.id: i for i, r in enumerate(rules)}
    results = [_result(report, f, index) for report in reports for f in report.findings]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "assure",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": REPO_URL,
                "rules": [_rule(r) for r in rules],
            }
        },
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The checked repository"}}},
        "results": results,
        "properties": {
            "packs": sorted({r.pack for r in reports}),
            "files": [r.file for r in reports],
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule_name(rule.title),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": one_line(rule.why)},
        "help": {
            "text": one_line(rule.recommendation),
            "markdown": f"{one_line(rule.recommendation)}\n\nSource: {rule.source.cite()} "
            f"({rule.basis.replace('_', ' ')}).",
        },
        "helpUri": rule_help_uri(rule.id),
        "defaultConfiguration": {"level": level(rule.grade)},
        "properties": {
            "tags": [rule.area, rule.basis, rule.kind],
            "area": rule.area,
            "basis": rule.basis,
            "grade": rule.grade.key,
            "severity": Severity.of(rule.grade).key,
            "source": rule.source.cite(),
        },
    }


def rule_name(title: str) -> str:
    """A rule's SARIF ``name``: its title in kebab case, as ruff names its rules."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _result(report: Report, f: Finding, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "level": f.severity.level,
        "message": {"text": f.message},
        "locations": [_location(report, f)],
        "partialFingerprints": {FINGERPRINT: fingerprint(report.file, f)},
        "properties": {
            "kind": f.kind,
            "area": f.area,
            "grade": f.grade.key,
            "severity": f.severity.key,
            "path": f.path,
            "accepted": f.accepted,
            "recommendation": f.recommendation,
            "source": f.source,
            **({"source_file": f.source_file, "cell": f.cell} if f.source_file else {}),
        },
    }
    if f.rule in index:
        result["ruleIndex"] = index[f.rule]
    if f.accepted:
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f.accepted_reason or "accepted",
            }
        ]
    return result


def _location(report: Report, f: Finding) -> dict[str, Any]:
    if f.source_file:
        # A finding on the Annex A workbook: the file, and the sheet and column's header cell
        # as a logical location (a workbook has no lines).
        return {
            "physicalLocation": {"artifactLocation": artifact_location(f.source_file)},
            "logicalLocations": [
                {"fullyQualifiedName": f.cell or "", "kind": "element"},
                {"fullyQualifiedName": f.path, "kind": "member"},
            ],
        }
    return {
        "physicalLocation": {
            "artifactLocation": artifact_location(report.file),
            "region": {"startLine": max(f.line, 1), "startColumn": max(f.column, 1)},
        },
        "logicalLocations": [{"fullyQualifiedName": f.path, "kind": "member"}],
    }


def artifact_location(file: str) -> dict[str, Any]:
    """The file as given: a relative path stays relative to the checkout (``%SRCROOT%``)."""
    path = PurePath(file)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    return {"uri": quote(path.as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}


def fingerprint(file: str, f: Finding) -> str:
    """Stable across edits that move lines: the file, the rule and the document path."""
    key = "\0".join((file, f.rule, f.kind, f.path))
    return hashlib.sha256(key.encode()).hexdigest()[:32]
