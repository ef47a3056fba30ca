"""``--format markdown``: a summary for a pull-request comment or a job summary.

Per file: a table of the judgement areas (the grade the evidence supports beside the council's
own), then per area a table of its gaps: severity (:mod:`assure.check.severity`), rule, message,
location.
"""

from __future__ import annotations

import re

from assure.base.links import rule_help_uri
from assure.check.findings import Finding, Judgement, Report
from assure.output import Options
from assure.output.common import location, terminal_safe
from assure.sef import areas


def render(reports: list[Report], options: Options | None = None) -> str:
    return "\n".join(_report(r) for r in reports)


def _report(report: Report) -> str:
    n = len(report.findings)
    lines = [
        f"## {md(report.council)}: self-evaluation check",
        "",
        f"`{code(report.file)}` · {report.pack} · {report.period_start} to "
        f"{report.period_end} · {n} finding{'s' if n != 1 else ''}",
        "",
        "| Judgement area | Evidence supports | Council's grade | Gaps |",
        "|---|---|---|---:|",
    ]
    for j in report.judgements.values():
        evidence = j.grade.label if j.assessed else "not assessed"
        lines.append(f"| {md(areas.title(j.area))} | {evidence} | {_self(j)} | {len(j.findings)} |")
    for j in report.judgements.values():
        lines += ["", f"### {md(areas.title(j.area))}", ""]
        if not j.assessed:
            lines.append("Not assessed: no selected rule judges this area.")
            continue
        if not j.findings:
            lines.append("No gaps found.")
            continue
        lines += ["| Severity | Rule | Message | Location |", "|---|---|---|---|"]
        lines += [_row(report.file, f) for f in j.findings]
    return "\n".join(lines) + "\n"


def _self(j: Judgement) -> str:
    if j.self_grade is None:
        return "not stated"
    if j.gap > 0:
        return f"{j.self_grade.label} ▲ {j.gap} above the evidence"
    if j.gap < 0:
        return f"{j.self_grade.label} ▼ {-j.gap} below the evidence"
    return j.self_grade.label


def _row(file: str, f: Finding) -> str:
    grade = f"**{f.severity.key}**: {f.severity.words}"
    if f.accepted:
        grade += f" (accepted: {md(f.accepted_reason or '')})"
    rule = f"[{f.rule}]({rule_help_uri(f.rule)}) {md(f.title)}"
    where = f"`{code(location(file, f))}` `{code(f.path)}`"
    return f"| {grade} | {rule} | {md(f.message)} | {where} |"


def md(text: str) -> str:
    """Text safe in a Markdown table cell: one line, no column break, no HTML, no link or image
    (``[c](javascript:...)``, ``![x](http://...)``), no @mention that would notify someone, no
    control characters. SEF text goes in a pull-request comment: it must show as written."""
    return no_mentions(
        terminal_safe(" ".join(text.split()))
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("[", "\\[")
        .replace("]", "\\]")
        .replace("!", "\\!")
    )


_MENTION = re.compile(r"@(?=[A-Za-z0-9])")


def no_mentions(text: str) -> str:
    """A zero-width joiner after each '@' that starts a name: shown the same, but GitHub does
    not read it as a mention and notifies nobody."""
    return _MENTION.sub("@\u200d", text)


def code(text: str) -> str:
    """Text safe inside a code span in a table cell."""
    return terminal_safe(" ".join(text.split())).replace("`", "'").replace("|", "\\|")
