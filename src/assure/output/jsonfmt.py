"""``--format json``: one stable, documented JSON document per SEF (a list for several).

Version 1 of this document is described in docs/output-json.md; fields are only ever added.
"""

from __future__ import annotations

import json
from typing import Any

from assure.check.findings import Finding, Report
from assure.output import Options

FORMAT_VERSION = 1


def finding_dict(f: Finding, *, ids: bool = True) -> dict[str, Any]:
    """One finding; ``ids=False`` leaves a case-level finding's child ids out (its count stays):
    only ``check --format json`` lists them."""
    case: dict[str, Any] = {"count": f.value}
    if ids:
        case["ids"] = list(f.case_ids)
    return {
        "rule": f.rule,
        "kind": f.kind,
        "area": f.area,
        "grade": f.grade.key,
        "severity": f.severity.key,
        "title": f.title,
        "message": f.message,
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "value": f.value,
        "basis": f.basis,
        "source": f.source,
        "recommendation": f.recommendation,
        "accepted": f.accepted,
        "accepted_reason": f.accepted_reason,
        **({"compare": f.compare.to_json()} if f.compare is not None else {}),
        **({"source_file": f.source_file, "cell": f.cell} if f.source_file else {}),
        **({"case": case} if f.kind == "case" else {}),
        **({"figure": f.figure} if f.figure is not None else {}),
    }


def report_header(report: Report) -> dict[str, Any]:
    """Which SEF, council, framework, pack, period and benchmark year a report is about."""
    return {
        "file": report.file,
        "council": report.council,
        "framework": report.framework,
        "pack": report.pack,
        "period": {
            "start": report.period_start.isoformat(),
            "end": report.period_end.isoformat(),
        },
        "benchmark_year": report.bench_year,
    }


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        **report_header(report),
        "judgements": {
            area: {
                "grade": j.grade.key if j.assessed else None,
                "assessed": j.assessed,
                "self_grade": j.self_grade.key if j.self_grade else None,
                "findings": len(j.findings),
            }
            for area, j in report.judgements.items()
        },
        "findings": [finding_dict(f) for f in report.findings],
        **(
            {"figures": [fig.to_json() for fig in report.figures]}
            if report.figures or report.records_file
            else {}
        ),
        **({"annex_a": report.records_file} if report.records_file else {}),
    }


def render(reports: list[Report], options: Options | None = None) -> str:
    docs = [report_dict(r) for r in reports]
    body: Any = docs[0] if len(docs) == 1 else docs
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
