"""Output formats of ``assure check``: the one registry of them.

Each format is a module here with ``render(reports, options) -> str``; none of them grades
anything. A module is imported only when its format is asked for: start-up time matters in
pre-commit.

A format that can write one SEF's output as soon as it is checked also has
``stream(reports, options, write)``: ``reports`` is an iterable consumed once, ``write`` takes
each piece of text, and nothing of a report is kept after its piece is written (text, json,
jsonl, github; text keeps each file's row of its closing table). ``stream`` here falls back on
``render`` for the others (sarif, junit, markdown need every report before their first line).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from assure.check.findings import Report

Write = Callable[[str], object]


@dataclass(frozen=True)
class Options:
    """How a person asked for the output; formats that have no use for an option ignore it."""

    quiet: bool = False  # only serious and critical gaps (text)
    explain: bool = False  # every finding in full: recommendation, source, path (text)
    statistics: bool = False  # counts by rule instead of the gaps, as ruff's (text)
    width: int | None = None  # columns to wrap to (text; default: the console's, or 100)
    pretty: bool = False  # JSON indented for people (json, jsonl); compact otherwise


@dataclass(frozen=True)
class Format:
    name: str  # what --format and the configuration's ``format`` take
    module: str  # assure.output.<module>
    purpose: str  # for --help and the README
    binary: bool = False  # the module has render_bytes() instead of render() (xlsx)


# In the order --help shows them.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("text", "text", "people, in a terminal"),
        Format("json", "jsonfmt", "scripts (docs/output-json.md)"),
        Format("jsonl", "jsonl", "scripts: one SEF's JSON document per line, as each is checked"),
        Format("sarif", "sarif", "GitHub code scanning and other SARIF viewers (SARIF 2.1.0)"),
        Format("junit", "junit", "GitLab, Jenkins and Azure DevOps test reports"),
        Format("github", "github", "GitHub Actions annotations and the job summary"),
        Format("markdown", "markdown", "a pull-request comment"),
        Format("csv", "spreadsheet", "a spreadsheet: one row per finding (CSV, UTF-8)"),
        Format("xlsx", "xlsx", "an Excel workbook: one row per finding (needs assure[xlsx])", True),
    )
}


class _Renderer(Protocol):
    def render(self, reports: list[Report], options: Options = ...) -> str: ...


class _BinaryRenderer(Protocol):
    def render_bytes(self, reports: list[Report], options: Options = ...) -> bytes: ...


def _module(name: str) -> _Renderer:
    module: _Renderer = importlib.import_module(f"{__name__}.{FORMATS[name].module}")
    return module


def render(name: str, reports: list[Report], options: Options | None = None) -> str:
    """The output of ``check`` in the format called ``name`` (colourless for ``text``)."""
    if FORMATS[name].binary:
        raise ValueError(f"{name} is a binary format: use render_bytes")
    return _module(name).render(reports, options or Options())


def render_bytes(name: str, reports: list[Report], options: Options | None = None) -> bytes:
    """The output in any format as bytes (text formats in UTF-8)."""
    if not FORMATS[name].binary:
        return render(name, reports, options).encode("utf-8")
    module: _BinaryRenderer = importlib.import_module(f"{__name__}.{FORMATS[name].module}")
    return module.render_bytes(reports, options or Options())


def stream(
    name: str, reports: Iterable[Report], write: Write, options: Options | None = None
) -> None:
    """Write the output of ``check`` piece by piece, as each report comes (see above).

    Nothing at all is written when there is no report.
    """
    module = _module(name)
    streamer = getattr(module, "stream", None)
    if streamer is None:
        kept = list(reports)
        if kept:
            write(module.render(kept, options or Options()))
    else:
        streamer(reports, write, options or Options())
