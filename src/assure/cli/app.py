"""The ``assure`` command line: one typer app; each command group lives in its own module."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer
import typer.core

from assure import __version__
from assure.base.problems import escape
from assure.cli.annexa import annex_a_command
from assure.cli.authoring import init_command, schema_command
from assure.cli.check import check_command, validate_command
from assure.cli.common import usage_error
from assure.cli.report import diff_command, report_command
from assure.cli.rules import rules_app

_PLAIN = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER", "Path": "PATH"}


def _display_type(self: typer.core.TyperOption, ctx: Any) -> str | None:
    """Help shows a flag bare (``--quiet``, not ``--quiet <bool>``) and a value by its metavar
    or a plain name (``TEXT``, ``FILE``), not a Python annotation (``<str>``)."""
    if self.is_flag or self.count:
        return None
    if self.metavar is not None:
        return self.metavar
    label = self.display_type(ctx).strip("<>").removeprefix("list[").removesuffix("]")
    return _PLAIN.get(label, label.upper() if label.isalpha() else label)


def _argument_type(self: typer.core.TyperArgument, ctx: Any) -> str | None:
    """An argument's metavar (``FILE...``) already says what it takes."""
    return None


# Typer 0.2x labels every parameter with its annotation; keep click's plain help instead.
typer.core.TyperOption.display_type_rich = _display_type  # type: ignore[method-assign]
typer.core.TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign,assignment]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"assure {__version__}")
        raise typer.Exit()


app = typer.Typer(
    name="assure",
    help="Check a children's-services self-evaluation (SEF) against Ofsted criteria, "
    "statutory guidance and national benchmarks.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit"
        ),
    ] = False,
) -> None:
    """Check a children's-services self-evaluation (SEF) against Ofsted criteria, statutory
    guidance and national benchmarks."""


app.command("check")(check_command)
app.command("validate")(validate_command)
app.command("report")(report_command)
app.command("diff")(diff_command)
app.command("init")(init_command)
app.command("schema")(schema_command)
app.command("annex-a")(annex_a_command)
app.add_typer(rules_app, name="rules")


@app.command("version")
def version_command() -> None:
    """Print the version of assure."""
    typer.echo(f"assure {__version__}")


def main() -> None:
    try:
        code = app(standalone_mode=False)  # usage errors come here, to be printed on one line
    except KeyboardInterrupt:
        sys.stderr.write("assure: interrupted\n")
        sys.exit(2)
    except Exception as exc:  # a bug of ours: one line, not a traceback (ASSURE_DEBUG=1 shows it)
        usage = usage_error(exc)
        if usage is not None:
            sys.exit(usage)
        if os.environ.get("ASSURE_DEBUG"):
            raise
        sys.stderr.write(
            f"assure: internal error: {type(exc).__name__}: {escape(str(exc))}; please report it\n"
        )
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
