"""``assure schema`` and ``assure init``: for people writing a SEF in an editor."""

# No ``from __future__ import annotations`` in the command modules: typer reads each
# command's annotations on every run, and evaluating them from text costs milliseconds.

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
        str | None,
        typer.Option(
            help="The council's name, written into the template (default: from --la, else "
            "'Your council')",
            show_default=False,
        ),
    ] = None,
    la: Annotated[
        str | None,
        typer.Option(
            "--la",
            help="The council's DfE code or name: fills in its name, code, region and every "
            "figure the DfE publishes for it",
            show_default=False,
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="With --la: the year ending 31 March to write the template for (default: the "
            "latest the DfE has published)",
            show_default=False,
        ),
    ] = None,
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
    if year is not None and la is None:
        _usage("--year", "needs --la (the council whose published figures to fill in)")
    ref = schema or schema_ref(Path.cwd() if to_stdout else output.parent)
    from assure.sef import template

    if la is None:
        text = template.render(council or "Your council", today=today_from(None), schema_ref=ref)
    else:
        text = _prefilled(la, year, council, ref)
    if to_stdout:
        sys.stdout.write(text)
        return
    _write(output, text)
    typer.echo(f"wrote {output}: fill it in, then run `assure check {output}`", err=True)


def _prefilled(la: str, year: int | None, council: str | None, ref: str) -> str:
    """The template for ``la`` and the year ending 31 March ``year``, its figures filled in."""
    # Imported here: only --la needs the figures, and start-up stays fast without them.
    from assure.figures import UnknownCouncil, load
    from assure.figures.periods import human
    from assure.sef import template

    figures = load()
    try:
        found = figures.find_council(la)
    except UnknownCouncil as exc:
        near = ", ".join(f"{c.name} ({c.code})" for c in exc.near)
        hint = f"did you mean {near}?" if near else "give its DfE code (e.g. 202) or its name"
        _usage("--la", f"no council {la!r}; {hint}")
    if found.members:
        codes = " or ".join(found.members)
        _usage("--la", f"{found.code} is a joint workforce code; give one council: {codes}")
    # The latest year ending 31 March with published figures (workforce snapshots, 30
    # September, run half a year ahead of it, so they do not count).
    latest = max(
        y for f in figures.fields() if not f.startswith("workforce.") for y in figures.years(f)
    )
    year_ending = latest if year is None else year
    values = figures.template_values(found.code, year_ending)
    if not values:
        _usage(
            "--year",
            f"the DfE has published no figures for {found.name} for the year ending 31 March "
            f"{year_ending}; the latest year is {latest}",
        )
    notes = {}
    for field, pub in values.items():
        what = (
            f"{human(pub.at)} snapshot"
            if field.startswith("workforce.")
            else (f"year ending {human(pub.at)}")
        )
        notes[f"data.{field}"] = (
            pub.value,
            f"published by the DfE, {what}: {figures.source(field)}",
        )
    return template.render(
        council or found.name,
        today=today_from(None),
        schema_ref=ref,
        year_ending=year_ending,
        la_code=found.code,
        region=found.region,
        figures=notes,
    )


def _usage(option: str, message: str) -> NoReturn:
    """A wrong command-line value: one line, exit code 2."""
    typer.echo(f"assure: error: {option}: {message}", err=True)
    raise typer.Exit(2)


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
