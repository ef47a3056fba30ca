"""``--format jsonl``: one compact JSON document per line, one line per SEF, each written as
soon as its SEF is checked (the document of ``--format json``, docs/output-json.md)."""

from __future__ import annotations

from collections.abc import Iterable

from assure.check.findings import Report
from assure.output import Options, Write
from assure.output.jsonfmt import dumps, report_dict


def render(reports: list[Report], options: Options | None = None) -> str:
    out: list[str] = []
    stream(reports, out.append, options)
    return "".join(out)


def stream(reports: Iterable[Report], write: Write, options: Options | None = None) -> None:
    for report in reports:
        write(dumps(report_dict(report), pretty=False) + "\n")
