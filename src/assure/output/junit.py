"""``--format junit``: JUnit XML for GitLab, Jenkins and Azure DevOps test reports.

One ``<testsuite>`` per judgement area of each file checked (``name`` = the area), one
``<testcase>`` per rule judged for that area (``classname`` = ``assure.<area>``, ``name`` =
``<RULE> <title>``). Each gap is a ``<failure>`` (``type`` = its severity: critical, serious,
minor or note; the text: where it is and what to do); a rule with no finding passes. Findings
accepted in the SEF are a ``<skipped message="accepted: reason">`` instead, listing where they are.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from assure.check.findings import Finding, Report
from assure.output import Options
from assure.output.common import location, one_line, xml_safe
from assure.sef import areas


def render(reports: list[Report], options: Options | None = None) -> str:
    root = ET.Element("testsuites", {"name": "assure"})
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for report in reports:
        for area in report.judgements:
            suite = _suite(report, area)
            root.append(suite)
            for key in totals:
                totals[key] += int(suite.get(key, "0"))
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", "0")
    root.set("skipped", str(totals["skipped"]))
    _xml_safe(root)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _suite(report: Report, area: str) -> ET.Element:
    judgement = report.judgements[area]
    titles = {r.id: r.title for r in report.rules}
    by_rule: dict[str, list[Finding]] = {}
    for rule in _rules_for(report, area):
        by_rule[rule] = []
    for f in judgement.findings:
        by_rule.setdefault(f.rule, []).append(f)
    suite = ET.Element("testsuite", {"name": area, "errors": "0", "time": "0"})
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("file", report.file),
        ("council", report.council),
        ("pack", report.pack),
        ("area_title", areas.title(area)),
        ("evidence_grade", judgement.grade.key if judgement.assessed else "not assessed"),
        ("self_grade", judgement.self_grade.key if judgement.self_grade else "not stated"),
    ):
        ET.SubElement(props, "property", {"name": name, "value": value})
    failures = skipped = 0
    for rule_id in sorted(by_rule):
        findings = by_rule[rule_id]
        title = titles.get(rule_id) or (findings[0].title if findings else "")
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": f"assure.{area}",
                "name": f"{rule_id} {title}".strip(),
                "file": report.file,
                "time": "0",
            },
        )
        if findings:
            case.set("line", str(findings[0].line))
        if findings and all(f.accepted for f in findings):
            reason = findings[0].accepted_reason or ""
            skip = ET.SubElement(case, "skipped", {"message": f"accepted: {reason}"})
            skip.text = "\n".join(
                f"{location(report.file, f)} {f.path}: {f.severity.key}: {f.message}"
                for f in findings
            )
            skipped += 1
            continue
        for f in findings:
            message = f"accepted: {f.message}" if f.accepted else f.message
            failure = ET.SubElement(case, "failure", {"message": message, "type": f.severity.key})
            failure.text = (
                f"{location(report.file, f)} {f.path}\n"
                f"{f.severity.label}: {f.message}\n"
                f"{one_line(f.recommendation)}\n"
                f"source: {f.source}"
            )
        failures += bool(findings)
    suite.set("tests", str(len(by_rule)))
    suite.set("failures", str(failures))
    suite.set("skipped", str(skipped))
    return suite


def _xml_safe(root: ET.Element) -> None:
    """Make every string in the tree one XML 1.0 allows (a council name may hold a U+0001)."""
    for element in root.iter():
        element.attrib.update({k: xml_safe(v) for k, v in element.attrib.items()})
        if element.text:
            element.text = xml_safe(element.text)


def _rules_for(report: Report, area: str) -> list[str]:
    return [r.rule for r in report.evaluated if r.area == area]
