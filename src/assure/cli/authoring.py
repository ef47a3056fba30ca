"""``assure schema`` and ``assure init``: for people writing a SEF in an editor."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from assure.base.files import write_output
from assure.base.links import SCHEMA_URL
from assure.base.problems import InputError, Problem
from assure.cli.common import fail, today_from

SCHEMA_FILE = Path("schema") / "sef.schema.json"


def schema_command(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the schema here (atomically), not to stdout",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Print the JSON Schema (draft-07) of the SEF format, for editors and yaml-language-server."""
    from assure.sef import schema as sefschema  # here: building the schema is not start-up work

    text = sefschema.render()
    if output is None:
        sys.stdout.write(text)
        return
    _write(output, text)


def init_command(
    council: Annotated[
        str, typer.Option(help="The council's name, written into the template")
    ] = "Your council",
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Where to write the template ('-': stdout)"),
    ] = Path("sef.yaml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists")] = False,
    schema: Annotated[
        str | None,
        typer.Option(
            help="What the editor modeline points at (default: schema/sef.schema.json in a "
            "folder above the file if there is one, else the published URL)",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write a commented SEF template: every key of the format, with what it means."""
    to_stdout = str(output) == "-"
    if not to_stdout and output.exists() and not force:
        _fail(Problem(str(output), 1, 1, "the file exists; use --force to overwrite it"))
    if not to_stdout and output.is_dir():
        _fail(Problem(str(output), 1, 1, "is a folder; give a file name, e.g. -o sef.yaml"))
    ref = schema or schema_ref(Path.cwd() if to_stdout else output.parent)
    from assure.sef import template

    text = template.render(council, today=today_from(None), schema_ref=ref)
    if to_stdout:
        sys.stdout.write(text)
        return
    _write(output, text)
    typer.echo(f"wrote {output}: fill it in, then run `assure check {output}`", err=True)


def schema_ref(folder: Path) -> str:
    """The modeline target: a relative path to the schema when it is in a folder above
    ``folder`` (this repository, or a copy of the schema kept beside the SEFs), else the URL."""
    here = folder.resolve()
    for up in (here, *here.parents):
        candidate = up / SCHEMA_FILE
        if candidate.is_file():
            return Path(os.path.relpath(candidate, here)).as_posix()
    return SCHEMA_URL


def _write(path: Path, text: str) -> None:
    try:
        write_output(path, text)
    except InputError as exc:
        _fail(*exc.problems)


def _fail(*problems: Problem) -> NoReturn:
    fail(list(problems))
