"""The ``assure`` command line: one typer app; each command group lives in its own module."""

from __future__ import annotations

import os
import sys

import typer

from assure import __version__
from assure.base.problems import escape
from assure.cli.authoring import init_command, schema_command
from assure.cli.check import check_command, validate_command
from assure.cli.common import usage_error
from assure.cli.report import diff_command, report_command
from assure.cli.rules import rules_app

app = typer.Typer(
    name="assure",
    help="Check a children's-services self-evaluation (SEF) against Ofsted criteria, "
    "statutory guidance and national benchmarks.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("check")(check_command)
app.command("validate")(validate_command)
app.command("report")(report_command)
app.command("diff")(diff_command)
app.command("init")(init_command)
app.command("schema")(schema_command)
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
