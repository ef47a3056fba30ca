"""``assure report`` and ``assure diff``.

Both exit 0 when they have written their output and 2 on bad input (positioned lines on stderr,
as ``assure check``); neither gates a build.
"""

from __future__ import annotations

import datetime as dt
import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assure.api import check_file
from assure.base.files import write_output as write_file
from assure.base.problems import InputError, Problem
from assure.check.findings import Report
from assure.cli.common import emit_bytes, fail, today_from

if TYPE_CHECKING:
    from assure.report import diff as diffmod


class ReportFormat(enum.StrEnum):
    html = "html"
    markdown = "markdown"
    pdf = "pdf"


class DiffFormat(enum.StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


PackOpt = Annotated[
    str | None, typer.Option(help="Rule pack to use instead of each SEF's framework")
]
TodayOpt = Annotated[
    str | None,
    typer.Option(help="Date to judge expiry by (YYYY-MM-DD; default today or $ASSURE_TODAY)"),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write here (atomically) instead of to stdout", dir_okay=False
    ),
]


def check_all(files: list[Path], *, today: dt.date, pack: str | None) -> list[Report]:
    """Check every file; any bad input (in any of them) ends the command with exit code 2."""
    reports: list[Report] = []
    problems: list[Problem] = []
    for path in files:
        try:
            reports.append(check_file(path, today=today, pack=pack))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        fail(problems)
    return reports


def write_output(text: str, output: Path | None, inputs: list[Path]) -> None:
    """Print to stdout, or write the file safely (never over an input; see base.files)."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        write_file(output, text, inputs=inputs)
    except InputError as exc:
        fail(exc.problems)


def _format_for(output: Path | None, given: ReportFormat | None) -> ReportFormat:
    if given is not None:
        return given
    if output is not None and output.suffix.lower() in (".md", ".markdown"):
        return ReportFormat.markdown
    if output is not None and output.suffix.lower() == ".pdf":
        return ReportFormat.pdf
    return ReportFormat.html


def report_command(
    file: Annotated[
        Path, typer.Argument(help="The SEF (YAML)", show_default=False, metavar="FILE")
    ],
    output: OutputOpt = None,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="html (default), markdown or pdf (headless Chromium or WeasyPrint); "
            "default from the -o suffix (.md, .pdf)",
        ),
    ] = None,
    marking: Annotated[
        str,
        typer.Option(
            help="Protective marking at the top and bottom of every page (html, pdf)",
        ),
    ] = "OFFICIAL-SENSITIVE",
    since: Annotated[
        Path | None,
        typer.Option(
            help="An earlier SEF of the same council: add a 'progress since' section",
            dir_okay=False,
        ),
    ] = None,
    pack: PackOpt = None,
    today: TodayOpt = None,
) -> None:
    """Write a report of one SEF for people: HTML (one self-contained file), PDF or Markdown.

    A one-page summary first (grades, the gaps that matter most, overdue plans, progress), the
    detail per area after, and rule ids, file positions and sources in an analyst appendix.
    """
    # Imported here, not at start-up: `assure check` should not pay for the report code.
    # Late: the renderers are loaded only by the command that uses them (start-up time).
    from assure.report import diff as diffmod
    from assure.report import html_report as html
    from assure.report import md_report as markdown
    from assure.report import view

    on = today_from(today)
    files = [since, file] if since is not None else [file]
    reports = check_all(files, today=on, pack=pack)
    report = reports[-1]
    progress = None
    if since is not None:
        progress = diffmod.diff(reports[0], report)
        _warn_council(progress)
    fmt = _format_for(output, output_format)
    mark = " ".join(marking.split())
    if len(mark) > 80:
        fail([Problem("--marking", 1, 1, "a protective marking is at most 80 characters")])
    if fmt is ReportFormat.pdf and output is None and sys.stdout.isatty():
        fail([Problem("--format", 1, 1, "a PDF is binary; write it to a file with -o report.pdf")])
    shown = view.build(report, today=on)
    if fmt is ReportFormat.markdown:
        write_output(markdown.render(shown, progress), output, files)
    elif fmt is ReportFormat.html:
        write_output(html.render(shown, progress, marking=mark), output, files)
    else:
        _write_pdf(html.render(shown, progress, marking=mark), output, files)
    if output is not None:
        typer.echo(f"assure: wrote {output} ({fmt.value})", err=True)


def _write_pdf(page: str, output: Path | None, inputs: list[Path]) -> None:
    from assure.report.pdf import PdfUnavailable, to_pdf

    try:
        data = to_pdf(page)
    except PdfUnavailable as exc:
        fail([Problem("--format", 1, 1, str(exc))])
    emit_bytes(data, output, inputs)


def diff_command(
    old: Annotated[Path, typer.Argument(help="The earlier SEF", show_default=False, metavar="OLD")],
    new: Annotated[Path, typer.Argument(help="The later SEF", show_default=False, metavar="NEW")],
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="Output format")
    ] = DiffFormat.text,
    output: OutputOpt = None,
    pack: PackOpt = None,
    today: TodayOpt = None,
) -> None:
    """Show progress between two SEFs of one council: gaps closed, new and still open, grades
    and figures that moved. Exit 0 (it reports; it does not gate) or 2 on bad input."""
    from assure.report import diff as diffmod
    from assure.report import md_report as markdown

    on = today_from(today)
    before, after = check_all([old, new], today=on, pack=pack)
    d = diffmod.diff(before, after)
    _warn_council(d)
    if output_format is DiffFormat.json:
        text = diffmod.render_json(d)
    elif output_format is DiffFormat.markdown:
        text = markdown.render_diff(d)
    else:
        text = diffmod.render_text(d)
    write_output(text, output, [old, new])


def _warn_council(d: diffmod.Diff) -> None:
    if not d.same_council:
        typer.echo(
            f"assure: warning: {d.old.file} is for {d.old.council!r} but {d.new.file} is for "
            f"{d.new.council!r}; comparing anyway",
            err=True,
        )
