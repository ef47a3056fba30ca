"""``--format json``: one stable, documented JSON document per SEF (a list for several).

Version 1 of this document is described in docs/output-json.md; fields are only ever added.
Compact unless ``--pretty`` asks for it indented; the list of several is written as each SEF
is checked, one document per line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import orjson

from assure.check.findings import Finding, Report
from assure.output import Options, Write

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


def dumps(doc: Any, *, pretty: bool) -> str:
    """``doc`` as JSON text: compact, or indented by two spaces as ``json.dumps`` does."""
    try:
        return orjson.dumps(doc, option=orjson.OPT_INDENT_2 if pretty else 0).decode()
    except orjson.JSONEncodeError:  # an integer beyond 64 bits, which orjson does not write
        return json.dumps(doc, indent=2 if pretty else None, ensure_ascii=False)


def render(reports: list[Report], options: Options | None = None) -> str:
    out: list[str] = []
    stream(reports, out.append, options)
    return "".join(out) or "[]\n"


def stream(reports: Iterable[Report], write: Write, options: Options | None = None) -> None:
    """One document for one SEF; for several, a list written as each one comes (nothing for
    none)."""
    pretty = (options or Options()).pretty
    first: str | None = None
    count = 0
    for report in reports:
        text = dumps(report_dict(report), pretty=pretty)
        if pretty:
            text = text.replace("\n", "\n  ")
        count += 1
        if count == 1:
            first = text  # a single SEF gets its document alone, not a list of one
            continue
        if count == 2:
            write(f"[\n  {first}")
        write(f",\n  {text}")
    if count == 1:
        assert first is not None
        write((first.replace("\n  ", "\n") if pretty else first) + "\n")
    else:
        write("\n]\n")
