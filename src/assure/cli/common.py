"""What every command shares: bad input as positioned lines and exit code 2, the date to
judge by, loading SEFs, the FILE... argument."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer
from rich.console import Console

from assure.base.files import write_output
from assure.base.problems import InputError, Problem, escape
from assure.cli.entry import started
from assure.output import FORMATS
from assure.sef.loader import LoadedSef, load_sef
from assure.sef.warnings import sef_warnings

T = TypeVar("T")


def _stderr() -> Console:
    # No emoji codes (':100:' in 'file:100:3' is one), no markup, no highlighting: as written.
    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False, markup=False)


def fail(problems: list[Problem]) -> NoReturn:
    """Print each problem as one line (plain text: rich would read ':100:' as an emoji)."""
    sys.stderr.write("".join(f"{p}\n" for p in problems))
    raise typer.Exit(2)


def usage_error(exc: Exception) -> int | None:
    """If ``exc`` is a usage error of the command line (an unknown option, a bad value), print
    it as one ``assure: error: ...`` line, not click's usage box, and return its exit code.

    typer raises click's exceptions (vendored in newer typer): they are recognised by what
    they have, a ``format_message()`` and an ``exit_code``.
    """
    message = getattr(exc, "format_message", None)
    code = getattr(exc, "exit_code", None)
    if not callable(message) or not isinstance(code, int):
        return None
    if type(exc).__name__ == "NoArgsIsHelpError":  # 'assure' alone: the help, as before
        sys.stderr.write(f"{message()}\n")
        return code
    sys.stderr.write(f"assure: error: {escape(' '.join(str(message()).split()))}\n")
    return code


def warning_line(message: str) -> None:
    """One ``assure: warning: ...`` line on stderr, control characters escaped."""
    sys.stderr.write(f"assure: warning: {escape(message)}\n")


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
        started()
    return loaded, problems


def warn(
    loaded: list[LoadedSef], today: dt.date, *, strict: bool
) -> tuple[list[LoadedSef], list[Problem]]:
    """Print each SEF's warnings on stderr; with ``strict`` they are errors instead: the SEFs
    that have any are left out and their warnings returned as problems (exit 2)."""
    kept: list[LoadedSef] = []
    problems: list[Problem] = []
    err = _stderr()
    for s in loaded:
        found = sef_warnings(s, today)
        if strict and found:
            problems.extend(w.as_problem() for w in found)
            continue
        for w in found:
            err.print(str(w), markup=False)
        kept.append(s)
    return kept, problems


StrictOpt = Annotated[
    bool,
    typer.Option("--strict", help="Treat warnings (a fraction for a percentage, ...) as errors"),
]
TodayOpt = Annotated[
    str | None,
    typer.Option(help="Date to judge by (YYYY-MM-DD; default today or $ASSURE_TODAY)"),
]

FilesArg = Annotated[
    list[Path], typer.Argument(help="SEF files (YAML)", show_default=False, metavar="FILE...")
]


def format_name(value: str) -> str:
    """``--format``: one of the registered output formats."""
    if value not in FORMATS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(FORMATS)}")
    return value


def emit_bytes(data: bytes, output: Path | None, inputs: list[Path]) -> None:
    """A binary output (a workbook, a PDF): to stdout as it is, or written safely to ``output``
    (never over an input; see assure.base.files)."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        write_output(output, data, inputs=inputs)
    except InputError as exc:
        fail(exc.problems)
