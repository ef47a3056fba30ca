"""``assure annex-a``: the inspection figures computed from an Annex A workbook.

The Annex A reader (python-calamine, holidays) is imported when the command runs, not when the
command line starts.
"""

# No ``from __future__ import annotations`` in the command modules: typer reads each
# command's annotations on every run, and evaluating them from text costs milliseconds.

import datetime as dt
import enum
import json
from pathlib import Path
from typing import Annotated

import typer

from assure.base.files import write_output
from assure.base.problems import Problem
from assure.cli.common import _stderr, fail, guarded
from assure.sef.loader import load_sef


class AnnexAFormat(enum.StrEnum):
    text = "text"
    json = "json"


def _date(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail([Problem(option, 1, 1, f"{value!r} is not a date; write it as YYYY-MM-DD")])


def annex_a_command(
    workbook: Annotated[
        Path,
        typer.Argument(help="The Annex A workbook (.xlsx or .ods)", show_default=False),
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="The date the figures are as at (YYYY-MM-DD; default: the SEF's period end)",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="Start of the window (YYYY-MM-DD; default: six months before --as-of)",
            show_default=False,
        ),
    ] = None,
    sef: Annotated[
        Path | None,
        typer.Option(
            "--sef",
            help="A SEF whose local standards (cp_visit_interval_days) the figures use",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        AnnexAFormat, typer.Option("--format", "-f", help="text or json")
    ] = AnnexAFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the output to this file", dir_okay=False),
    ] = None,
    check_pii: Annotated[
        bool,
        typer.Option(
            "--check-pii",
            help="Warn of columns that should not be shared (names, addresses, NHS numbers)",
        ),
    ] = False,
) -> None:
    """Compute the inspection figures from an Annex A workbook, under the SEF's field names.

    The JSON output lists the child ids of the case-level findings; the text output never does.
    """
    from assure import annexa  # late: the workbook reader only when this command runs

    day = _date("--as-of", as_of)
    start = _date("--since", since)
    interval = None
    if sef is not None:
        loaded = guarded(lambda: load_sef(sef, str(sef)))
        standards = loaded.sef.local_standards
        interval = standards.cp_visit_interval_days if standards is not None else None
        day = day or loaded.sef.period.end
    if day is None:
        fail([Problem("--as-of", 1, 1, "give the date the figures are as at, or --sef")])
    if start is not None and start > day:
        fail([Problem("--since", 1, 1, f"{start} is after --as-of {day}")])
    shown = str(workbook)
    book = guarded(lambda: annexa.read_workbook(workbook, shown=shown))
    if check_pii:
        err = _stderr()
        for warning in annexa.check_pii(book):
            err.print(str(warning), markup=False)
    result = annexa.compute(book, day, since=start, cp_visit_interval_days=interval)
    if output_format is AnnexAFormat.json:
        text = json.dumps(result.to_json(include_ids=True), indent=2, ensure_ascii=False) + "\n"
    else:
        text = result.render_text()
    if output is None:
        typer.echo(text, nl=False)
    else:
        guarded(lambda: write_output(output, text))
