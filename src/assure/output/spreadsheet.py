"""``--format csv``: one row per finding, for the spreadsheets councils track actions in.

The columns (``COLUMNS``) are shared with ``--format xlsx``: the file and council, area, severity
in words, rule, title, message, the figure the rule read, its test in words (``threshold``),
England's and the statistical neighbours' figures where known, what to do, the source, and where
in the SEF it is. A column the finding does not carry (a neighbours' median before it is known)
is left empty, never filled with a guess.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from assure.check.explain import describe_test, national_figures
from assure.check.findings import Finding, Report
from assure.output import Options
from assure.ruleset import benchmarks
from assure.sef import areas, measures

COLUMNS: tuple[tuple[str, str], ...] = (
    ("file", "File"),
    ("council", "Council"),
    ("area", "Judgement area"),
    ("severity", "Severity"),
    ("effect", "What it does to the grade"),
    ("rule", "Rule"),
    ("title", "Gap"),
    ("message", "Finding"),
    ("figure", "Figure"),
    ("threshold", "Threshold"),
    ("england", "England"),
    ("neighbours", "Statistical neighbours (median)"),
    ("recommendation", "What to do"),
    ("source", "Source"),
    ("accepted", "Accepted"),
    ("position", "Position"),
    ("path", "Field"),
)


def rows(reports: list[Report]) -> list[dict[str, Any]]:
    """One dict per finding, keyed by ``COLUMNS``' keys, in the reports' order."""
    out = []
    for report in reports:
        rules = {r.id: r for r in report.rules}
        bench = benchmarks.for_period(report.period_end)
        for f in report.findings:
            rule = rules.get(f.rule)
            measured = f.path.startswith(("data.", "local_standards."))
            figure = threshold = england = None
            if measured and f.value is not None:
                figure = measures.show(f.path, f.value)
            if measured and rule is not None and f.kind in ("threshold", "missing"):
                threshold = describe_test(rule, f.path, bench, report.sef)
                england = national_figures(f.path, bench)
            compared_england, neighbours = _compare(f)
            out.append(
                {
                    "file": report.file,
                    "council": report.council,
                    "area": areas.short(f.area),
                    "severity": f.severity.key,
                    "effect": f.severity.words,
                    "rule": f.rule,
                    "title": f.title,
                    "message": f.message,
                    "figure": figure or "",
                    "threshold": threshold or "",
                    "england": compared_england or england or "",
                    "neighbours": neighbours or "",
                    "recommendation": " ".join(f.recommendation.split()),
                    "source": f.source,
                    "accepted": f"yes: {f.accepted_reason}" if f.accepted else "",
                    "position": f"{report.file}:{f.line}:{f.column}",
                    "path": f.path,
                }
            )
    return out


def _compare(f: Finding) -> tuple[str | None, str | None]:
    """England's figure and the neighbours' median, when a benchmark finding carries them."""
    compare = getattr(f, "compare", None)
    if compare is None:
        return None, None

    def pick(name: str) -> str | None:
        value = compare.get(name) if isinstance(compare, dict) else getattr(compare, name, None)
        return None if value is None else measures.show(f.path, value)

    return pick("england"), pick("neighbours_median")


def render(reports: list[Report], options: Options | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([title for _, title in COLUMNS])
    for row in rows(reports):
        writer.writerow([_cell(row[key]) for key, _ in COLUMNS])
    return buffer.getvalue()


def _cell(value: Any) -> str:
    """A cell a spreadsheet shows as text: a leading =, +, - or @ would be read as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
