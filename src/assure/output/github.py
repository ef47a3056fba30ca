"""``--format github``: GitHub Actions workflow commands, shown as annotations on the SEF.

The command follows a gap's severity: ``::error`` for critical (caps at inadequate),
``::warning`` for serious (requires improvement), ``::notice`` for minor and notes (and for
findings accepted in the SEF, which do not fail the build). Each file's annotations are grouped
with ``::group::``. GitHub shows only ten annotations of a type per step, so when
``$GITHUB_STEP_SUMMARY`` is set the Markdown summary (all findings) is appended to it as well.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from assure.check.findings import Finding, Report
from assure.check.severity import Severity
from assure.output import Options, Write, markdown

COMMAND = {
    Severity.CRITICAL: "error",
    Severity.SERIOUS: "warning",
    Severity.MINOR: "notice",
    Severity.NOTE: "notice",
}
SUMMARY_LIMIT = 1024 * 1024  # GitHub refuses a step summary over 1 MiB


def render(reports: list[Report], options: Options | None = None) -> str:
    out: list[str] = []
    stream(reports, out.append, options)
    return "".join(out) or "\n"


def stream(reports: Iterable[Report], write: Write, options: Options | None = None) -> None:
    for report in reports:
        lines = [f"::group::{escape_data(report.file)}"]
        lines += [annotation(report.file, f) for f in report.findings]
        lines.append("::endgroup::")
        write("\n".join(lines) + "\n")


def annotation(file: str, f: Finding) -> str:
    command = "notice" if f.accepted else COMMAND[f.severity]
    place = (
        (("file", f.source_file),)  # a workbook has no lines: the cell is in the message
        if f.source_file
        else (("file", file), ("line", str(f.line)), ("col", str(f.column)))
    )
    props = ",".join(
        f"{k}={escape_property(v)}" for k, v in (*place, ("title", f"{f.rule} {f.title}"))
    )
    at = f"{f.cell} ({f.path})" if f.source_file else f.path
    message = f"{f.message}\n[{f.severity.label}; at {at}] {f.recommendation}"
    if f.accepted:
        message += f"\naccepted: {f.accepted_reason or ''}"
    return f"::{command} {props}::{escape_data(message)}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class StepSummary:
    """The Markdown summary of the reports that pass through ``tap``, kept up to GitHub's limit
    only (a batch of any size keeps at most 1 MiB of it)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def tap(self, reports: Iterable[Report]) -> Iterator[Report]:
        enabled = bool(os.environ.get("GITHUB_STEP_SUMMARY"))
        for report in reports:
            if enabled and self.size <= SUMMARY_LIMIT:
                part = markdown.render([report])
                self.parts.append(part)
                self.size += len(part.encode("utf-8")) + 1
            yield report

    def write(self) -> Path | None:
        return _append_summary("\n".join(self.parts)) if self.parts else None


def write_step_summary(reports: list[Report]) -> Path | None:
    """Append the Markdown summary to ``$GITHUB_STEP_SUMMARY``, if it is set."""
    if not os.environ.get("GITHUB_STEP_SUMMARY"):
        return None
    return _append_summary(markdown.render(reports))


def _append_summary(text: str) -> Path | None:
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    data = text.encode("utf-8")
    if len(data) > SUMMARY_LIMIT:
        note = "\n\n(summary cut at GitHub's 1 MiB limit; see the SARIF or JSON output)\n"
        cut = data[: SUMMARY_LIMIT - len(note.encode()) - 1].decode("utf-8", errors="ignore")
        text = cut + note
    path = Path(target)
    with path.open("a", encoding="utf-8") as out:
        out.write(text + "\n")
    return path
