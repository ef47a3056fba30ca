"""The ``assure`` command line: parse arguments, call the library, print, set the exit code.

Exit codes (as ruff and sqlfluff): 0 no gap at or above ``--fail-on``; 1 there is one;
2 the input or the command line is wrong. Problems go to stderr, one positioned line each.
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer
from rich.console import Console

from assure import __version__
from assure import config as configmod
from assure.authoring import register_authoring
from assure.checker import check, regrade
from assure.fileio import write_atomic
from assure.findings import Report
from assure.grades import Grade
from assure.loader import LoadedSef, load_sef
from assure.output import text
from assure.packs import load_pack
from assure.problems import InputError, Problem
from assure.reporting.commands import register_reporting
from assure.rulesdoc import rules_app
from assure.selection import Selection, SelectorError

app = typer.Typer(
    name="assure",
    help="Check a children's-services self-evaluation (SEF) against Ofsted criteria, "
    "statutory guidance and national benchmarks.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(rules_app, name="rules")
register_reporting(app)
register_authoring(app)

T = TypeVar("T")


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


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def fail(problems: list[Problem]) -> NoReturn:
    err = _stderr()
    for p in problems:
        err.print(str(p), markup=False)
    raise typer.Exit(2)


def guarded(fn: Callable[[], T]) -> T:
    """Run a command body; any input problem becomes positioned lines and exit code 2."""
    try:
        return fn()
    except InputError as exc:
        fail(exc.problems)


def today_from(value: str | None) -> dt.date:
    text_value = value or os.environ.get("ASSURE_TODAY")
    if not text_value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text_value)
    except ValueError:
        fail([Problem("--today", 1, 1, f"{text_value!r} is not a date; use YYYY-MM-DD")])


def load_all(files: list[Path]) -> tuple[list[LoadedSef], list[Problem]]:
    loaded: list[LoadedSef] = []
    problems: list[Problem] = []
    for path in files:
        try:
            loaded.append(load_sef(path, str(path)))
        except InputError as exc:
            problems.extend(exc.problems)
    return loaded, problems


FilesArg = Annotated[
    list[Path], typer.Argument(help="SEF files (YAML)", show_default=False, metavar="FILE...")
]


@app.command("check")
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
        guarded(lambda: emit(reports, fmt, quiet=quiet, output=output))
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
    reports: list[Report], output_format: OutputFormat, *, quiet: bool, output: Path | None = None
) -> None:
    if output_format is OutputFormat.text and output is None:
        _text(Console(highlight=False, soft_wrap=True), reports, quiet=quiet)
    elif output is None:
        sys.stdout.write(render(reports, output_format, quiet=quiet))
    else:
        write_atomic(output, render(reports, output_format, quiet=quiet))
    if output_format is OutputFormat.github:
        from assure.output import github

        try:
            github.write_step_summary(reports)
        except OSError as exc:
            _stderr().print(f"assure: warning: cannot write the step summary: {exc}", markup=False)


def _text(console: Console, reports: list[Report], *, quiet: bool) -> None:
    for i, report in enumerate(reports):
        if i:
            console.print()
        text.render(console, report, quiet=quiet)


@app.command("validate")
def validate_command(files: FilesArg) -> None:
    """Check that SEF files follow format 1 (schema only, no rules): for CI and editors."""
    loaded, problems = load_all(files)
    for s in loaded:
        typer.echo(f"{s.file}: valid SEF (format 1, {s.sef.framework})")
    if problems:
        fail(problems)


@app.command("version")
def version_command() -> None:
    """Print the version of assure."""
    typer.echo(f"assure {__version__}")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("assure: interrupted\n")
        sys.exit(2)
    except Exception as exc:  # a bug of ours: one line, not a traceback (ASSURE_DEBUG=1 shows it)
        if os.environ.get("ASSURE_DEBUG"):
            raise
        sys.stderr.write(f"assure: internal error: {type(exc).__name__}: {exc}; please report it\n")
        sys.exit(2)
