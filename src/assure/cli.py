"""The ``assure`` command line: parse arguments, call the library, print, set the exit code.

Exit codes (as ruff and sqlfluff): 0 no gap at or above ``--fail-on``; 1 there is one;
2 the input or the command line is wrong. Problems go to stderr, one positioned line each.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer
from rich.console import Console

from assure import __version__
from assure.checker import check
from assure.findings import Report
from assure.grades import Grade
from assure.loader import LoadedSef, load_sef
from assure.output import jsonfmt, text
from assure.packs import load_pack
from assure.problems import InputError, Problem
from assure.rulesdoc import rules_app

app = typer.Typer(
    name="assure",
    help="Check a children's-services self-evaluation (SEF) against Ofsted criteria, "
    "statutory guidance and national benchmarks.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(rules_app, name="rules")

T = TypeVar("T")


class OutputFormat(str, enum.Enum):
    text = "text"
    json = "json"


class FailOn(str, enum.Enum):
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
        OutputFormat, typer.Option("--format", "-f", help="Output format")
    ] = OutputFormat.text,
    fail_on: Annotated[
        FailOn,
        typer.Option(help="Exit 1 when a gap caps a grade at this or worse ('never': always 0)"),
    ] = FailOn.requires_improvement,
    pack: Annotated[
        str | None, typer.Option(help="Rule pack to use instead of the SEF's framework")
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(help="Date to judge expiry by (YYYY-MM-DD; default today or $ASSURE_TODAY)"),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Show only serious gaps")] = False,
) -> None:
    """Check SEF files and report graded gaps per judgement area."""
    on = today_from(today)
    loaded, problems = load_all(files)
    reports = guarded(lambda: [check(s, load_pack(pack or s.sef.framework), today=on)
                               for s in loaded])
    if reports:
        emit(reports, output_format, quiet=quiet)
    if problems:
        fail(problems)
    threshold = None if fail_on is FailOn.never else Grade[fail_on.value.upper()]
    if threshold is not None and any(r.failing(threshold) for r in reports):
        raise typer.Exit(1)


def emit(reports: list[Report], output_format: OutputFormat, *, quiet: bool) -> None:
    if output_format is OutputFormat.json:
        sys.stdout.write(jsonfmt.render(reports))
        return
    console = Console(highlight=False, soft_wrap=True)
    for i, report in enumerate(reports):
        if i:
            console.print()
        text.render(console, report, quiet=quiet)


@app.command("validate")
def validate_command(files: FilesArg) -> None:
    """Check that SEF files follow format 1 (schema only, no rules): for CI and editors."""
    loaded, problems = load_all(files)
    if problems:
        fail(problems)
    for s in loaded:
        typer.echo(f"{s.file}: valid SEF (format 1, {s.sef.framework})")


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
