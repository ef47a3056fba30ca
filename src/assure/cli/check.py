"""``assure check`` and ``assure validate``.

Exit codes (as ruff and sqlfluff): 0 no gap at or above ``--fail-on``; 1 there is one;
2 the input or the command line is wrong. Problems go to stderr, one positioned line each.
"""

# No ``from __future__ import annotations`` in the command modules: typer reads each
# command's annotations on every run, and evaluating them from text costs milliseconds.

import enum
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from assure.base.files import OutputFile
from assure.base.problems import Problem
from assure.check.batch import Batch, check_files
from assure.check.checker import regrade
from assure.check.findings import Report
from assure.check.selection import Selection, SelectorError
from assure.cli import config as configmod
from assure.cli.common import (
    FilesArg,
    StrictOpt,
    TodayOpt,
    _stderr,
    emit_bytes,
    fail,
    format_name,
    guarded,
    load_all,
    today_from,
    warn,
    warning_line,
)
from assure.cli.entry import started
from assure.output import FORMATS, Options, render_bytes, stream
from assure.sef.grades import Grade


class FailOn(enum.StrEnum):
    outstanding = "outstanding"
    good = "good"
    requires_improvement = "requires_improvement"
    inadequate = "inadequate"
    never = "never"


def check_command(
    files: FilesArg,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=f"Output format: {' | '.join(FORMATS)} (default: text)",
            show_default=False,
            parser=format_name,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the output to this file (atomically)", dir_okay=False
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            help="Exit 1 when a gap caps a grade at this or worse ('never': always 0) "
            "(default: requires_improvement)",
            show_default=False,
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            help="Only these rules: an id (HP003), id prefix (HP), area (help_and_protection) "
            "or basis (benchmark); repeat it or separate with commas. Grades reflect only these",
            show_default=False,
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(help="Leave these rules out (as --select)", show_default=False),
    ] = None,
    pack: Annotated[
        str | None, typer.Option(help="Rule pack to use instead of the SEF's framework")
    ] = None,
    today: TodayOpt = None,
    strict: StrictOpt = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Text: only serious and critical gaps")
    ] = False,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Text: every gap in full (what to do, source, field path)"),
    ] = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Text: count the gaps by rule, most first")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Say which configuration file is used")
    ] = False,
    annex_a: Annotated[
        Path | None,
        typer.Option(
            "--annex-a",
            help="The council's Annex A workbook (.xlsx/.ods): check the SEF's figures against "
            "it, fill in the ones it does not state, count children inspectors would pick up",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    tolerance: Annotated[
        float | None,
        typer.Option(
            help="How far (percentage points) a stated figure may be from the Annex A records "
            "(default 2)",
            min=0,
            show_default=False,
        ),
    ] = None,
    pretty: Annotated[
        bool, typer.Option("--pretty", help="Indent JSON output for people (json, jsonl)")
    ] = False,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Check in this many processes, in the order given: pays with hundreds of "
            "files on an otherwise idle machine (docs/performance.md)",
        ),
    ] = 1,
) -> None:
    """Check SEF files and report graded gaps per judgement area.

    Options here override .assure.toml or pyproject.toml (tool.assure) found above the file.
    """
    on = today_from(today)
    settings = guarded(lambda: configmod.discover(files[0].parent))
    if verbose:
        found = configmod.display(settings.path) if settings.path else None
        _stderr().print(
            f"assure: config: {found}" if found else "assure: no config file found", markup=False
        )
    fmt = output_format or settings.format or "text"
    threshold_name = fail_on.value if fail_on else settings.fail_on or "requires_improvement"
    chosen_pack = pack or settings.pack
    selection = _selection(select, ignore, settings)
    if annex_a is not None and len(files) > 1:
        fail([Problem("--annex-a", 1, 1, "goes with one SEF; check the others separately")])
    batch = Batch(
        pack=chosen_pack,
        today=on,
        annex_a=annex_a,
        tolerance=tolerance if tolerance is not None else settings.tolerance,
        strict=strict,
    )
    problems: list[Problem] = []
    failing = False
    threshold = None if threshold_name == "never" else Grade[threshold_name.upper()]
    packs_seen: dict[str, Report] = {}
    err = _stderr()

    def reports() -> Iterator[Report]:
        """Each file's report as it is checked; nothing of it is kept once it is written."""
        nonlocal failing
        if jobs > 1:
            started()  # before worker processes are forked: they inherit the usual collector
        for item in check_files(files, batch, jobs=jobs):
            started()  # the first file is checked: what start-up loads is loaded
            if not isinstance(item, Report):
                problems.extend(item)
                continue
            for warning in item.warnings:
                err.print(str(warning), markup=False)
            if selection.active:
                if item.pack not in packs_seen:
                    packs_seen[item.pack] = item
                    _check_selectors(selection, list(packs_seen.values()), select, ignore, settings)
                item = regrade(item, selection)
            if threshold is not None and item.failing(threshold):
                failing = True
            yield item

    options = Options(quiet=quiet, explain=explain, statistics=statistics, pretty=pretty)
    guarded(lambda: emit(reports(), fmt, options, output=output, inputs=files))
    if problems:
        fail(problems)
    if failing:
        raise typer.Exit(1)


def _selection(
    select: list[str] | None, ignore: list[str] | None, settings: configmod.Config
) -> Selection:
    """--select/--ignore on the command line replace the configuration's (as ruff's do)."""
    chosen = {}
    for option, values in (("select", select), ("ignore", ignore)):
        try:
            chosen[option] = Selection.parse(values or ()).select
        except SelectorError as exc:
            fail([Problem(f"--{option}", 1, 1, str(exc))])
    return Selection(
        chosen["select"] if select else settings.select,
        chosen["ignore"] if ignore else settings.ignore,
    )


def _check_selectors(
    selection: Selection,
    reports: list[Report],
    select: list[str] | None,
    ignore: list[str] | None,
    settings: configmod.Config,
) -> None:
    """A selector that names no rule of the packs used is a mistake, not an empty selection."""
    ids = {r.id for report in reports for r in report.rules}
    packs = ", ".join(sorted({r.pack for r in reports}))
    problems = []
    for key, tokens, given in (
        ("select", selection.select, select),
        ("ignore", selection.ignore, ignore),
    ):
        for token in Selection(tokens).unknown(ids):
            message = f"{token!r} names no rule of {packs}"
            if given:
                problems.append(Problem(f"--{key}", 1, 1, message))
            else:
                where = settings.path or Path("config")
                problems.append(
                    Problem(
                        configmod.display(where),
                        *settings.where.get(key, (1, 1)),
                        f"{settings.prefix}{key}: {message}",
                    )
                )
    if problems:
        fail(problems)


def emit(
    reports: Iterable[Report],
    output_format: str,
    options: Options,
    *,
    output: Path | None = None,
    inputs: list[Path] | None = None,
) -> None:
    """Write the output as the reports come (formats that can), then the job summary."""
    if FORMATS[output_format].binary:
        _emit_binary(list(reports), output_format, options, output, inputs or [])
        return
    summary = None
    if output_format == "github":
        from assure.output import github  # late, as every format: only when asked for

        summary = github.StepSummary()
        reports = summary.tap(reports)
    if output_format == "text" and output is None:
        from assure.output import text  # late, as every format: for start-up speed

        console = Console(highlight=False, soft_wrap=True)
        if console.color_system is None:  # a pipe or a file: plain text, at the default width
            text.stream(reports, sys.stdout.write, options)
        else:
            text.write(console, reports, options)
    elif output is None:
        stream(output_format, reports, sys.stdout.write, options)
    else:
        with OutputFile(output, inputs=inputs or ()) as out:

            def write(piece: str) -> None:
                if piece:  # nothing at all to write (every file refused): no file either
                    out.write(piece)

            stream(output_format, reports, write, options)
        if out.started:
            _stderr().print(f"assure: wrote {output} ({output_format})", markup=False)
    if summary is not None:
        try:
            summary.write()
        except OSError as exc:
            warning_line(f"cannot write the step summary: {exc}")


def _emit_binary(
    reports: list[Report],
    output_format: str,
    options: Options,
    output: Path | None,
    inputs: list[Path],
) -> None:
    """A workbook: to a file, or to stdout when it is a pipe; never onto a terminal."""
    from assure.output.xlsx import MissingDependency  # late: only for this format

    if output is None and sys.stdout.isatty():
        fail(
            [
                Problem(
                    "--format",
                    1,
                    1,
                    f"{output_format} is binary and stdout is a terminal; "
                    f"write it to a file with -o report.{output_format}",
                )
            ]
        )
    try:
        data = render_bytes(output_format, reports, options)
    except MissingDependency as exc:
        fail([Problem("--format", 1, 1, str(exc))])
    emit_bytes(data, output, inputs)
    if output is not None:
        _stderr().print(f"assure: wrote {output} ({output_format})", markup=False)


def validate_command(files: FilesArg, strict: StrictOpt = False, today: TodayOpt = None) -> None:
    """Check that SEF files follow format 1 (schema only, no rules): for CI and editors.

    Every problem in a file is reported in one run; warnings too (errors with --strict).
    """
    loaded, problems = load_all(files)
    loaded, strict_problems = warn(loaded, today_from(today), strict=strict)
    problems += strict_problems
    for s in loaded:
        typer.echo(f"{s.file}: valid SEF (format 1, {s.sef.framework})")
    if problems:
        fail(problems)
