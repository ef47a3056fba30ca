"""``assure check`` and ``assure validate``.

Exit codes (as ruff and sqlfluff): 0 no gap at or above ``--fail-on``; 1 there is one;
2 the input or the command line is wrong. Problems go to stderr, one positioned line each.
"""

from __future__ import annotations

import enum
import importlib
import io
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from assure.base.files import write_output
from assure.base.problems import Problem
from assure.check.checker import check, regrade
from assure.check.findings import Report
from assure.check.selection import Selection, SelectorError
from assure.cli import config as configmod
from assure.cli.common import FilesArg, _stderr, fail, guarded, load_all, today_from, warn
from assure.output import text
from assure.ruleset.packs import load_pack
from assure.sef.grades import Grade


class OutputFormat(enum.StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"
    markdown = "markdown"


class FailOn(enum.StrEnum):
    outstanding = "outstanding"
    good = "good"
    requires_improvement = "requires_improvement"
    inadequate = "inadequate"
    never = "never"


def check_command(
    files: FilesArg,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option("--format", "-f", help="Output format (default: text)", show_default=False),
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
    today: Annotated[
        str | None,
        typer.Option(help="Date to judge expiry by (YYYY-MM-DD; default today or $ASSURE_TODAY)"),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Show only serious gaps")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Say which configuration file is used")
    ] = False,
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
    fmt = output_format or OutputFormat(settings.format or "text")
    threshold_name = fail_on.value if fail_on else settings.fail_on or "requires_improvement"
    chosen_pack = pack or settings.pack
    selection = _selection(select, ignore, settings)
    loaded, problems = load_all(files)
    reports = guarded(
        lambda: [check(s, load_pack(chosen_pack or s.sef.framework), today=on) for s in loaded]
    )
    if selection.active and reports:
        _check_selectors(selection, reports, select, ignore, settings)
        reports = [regrade(r, selection) for r in reports]
    if reports:
        guarded(lambda: emit(reports, fmt, quiet=quiet, output=output, inputs=files))
    if problems:
        fail(problems)
    threshold = None if threshold_name == "never" else Grade[threshold_name.upper()]
    if threshold is not None and any(r.failing(threshold) for r in reports):
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


def render(reports: list[Report], output_format: OutputFormat, *, quiet: bool = False) -> str:
    """The output of ``check`` in a format, as text (colourless for ``text``)."""
    if output_format is OutputFormat.text:
        buffer = io.StringIO()
        console = Console(
            file=buffer, highlight=False, soft_wrap=True, no_color=True, force_terminal=False
        )
        _text(console, reports, quiet=quiet)
        return buffer.getvalue()
    # Each format is imported only when asked for: start-up time matters in pre-commit.
    module = importlib.import_module(f"assure.output.{_MODULES[output_format]}")
    rendered: str = module.render(reports)
    return rendered


_MODULES = {
    OutputFormat.json: "jsonfmt",
    OutputFormat.sarif: "sarif",
    OutputFormat.junit: "junit",
    OutputFormat.github: "github",
    OutputFormat.markdown: "markdown",
}


def emit(
    reports: list[Report],
    output_format: OutputFormat,
    *,
    quiet: bool,
    output: Path | None = None,
    inputs: list[Path] | None = None,
) -> None:
    if output_format is OutputFormat.text and output is None:
        _text(Console(highlight=False, soft_wrap=True), reports, quiet=quiet)
    elif output is None:
        sys.stdout.write(render(reports, output_format, quiet=quiet))
    else:
        write_output(output, render(reports, output_format, quiet=quiet), inputs=inputs or ())
    if output_format is OutputFormat.github:
        from assure.output import github

        try:
            github.write_step_summary(reports)
        except OSError as exc:
            warn(f"cannot write the step summary: {exc}")


def _text(console: Console, reports: list[Report], *, quiet: bool) -> None:
    for i, report in enumerate(reports):
        if i:
            console.print()
        text.render(console, report, quiet=quiet)


def validate_command(files: FilesArg) -> None:
    """Check that SEF files follow format 1 (schema only, no rules): for CI and editors."""
    loaded, problems = load_all(files)
    for s in loaded:
        typer.echo(f"{s.file}: valid SEF (format 1, {s.sef.framework})")
    if problems:
        fail(problems)
