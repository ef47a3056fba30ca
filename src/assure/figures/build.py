"""Build the package data (``dfe_figures.json``) from the DfE figures CSV and the neighbours CSV.

Why a build step: the CSV holds one row per council, field and year (about 18,500 rows); parsing
it on every ``assure check`` would cost far more than the 10 ms the figures may add to a run. The
build turns it into one JSON document in which each field-year is a single packed string of
``code:value`` pairs in ascending order of value (then code), the council distribution
already sorted. Loading then
parses a few hundred JSON strings instead of 18,500 numbers, and a query decodes only the
field-years it touches (see ``assure.figures.data``). The output is deterministic (sorted keys,
values written exactly as published), so re-running the build on the same CSVs gives the same
bytes, and adding a year of DfE figures is a re-run that adds lines to the diff.

Bad input is reported as ``file:line:col: error: ...`` lines (``assure.base.problems``), never a
traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assure.base.problems import InputError, Problem

FORMAT = 1
FIGURE_COLUMNS = (
    "la_code",
    "la_name",
    "region",
    "section",
    "field",
    "year",
    "at",
    "measure",
    "value",
    "worse_when",
    "source",
)
NEIGHBOUR_COLUMNS = ("la_code", "la_name", "rank", "neighbour_la_code", "closeness")
MEASURES = ("snapshot at", "year ending")
DIRECTIONS = ("higher", "lower", "")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_CODE = re.compile(r"\d{3}( / \d{3})*")

LICENCE = (
    "Open Government Licence v3.0 "
    "(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/). "
    "Contains public sector information licensed under the Open Government Licence v3.0."
)
SOURCE = (
    "Department for Education official statistics: Children's social work workforce (30 "
    "September snapshots), Children in need (tables C1, D3, D5) and Children looked after in "
    "England including adoptions (SSDA903), as collected by the DfE's Children's Social Care "
    "outcomes and enablers dashboard repository "
    "(https://github.com/dfe-analytical-services/CSC_outcomes_and_enablers, commit 2f5d11a); "
    "statistical neighbours: the DfE children's services statistical neighbour model, 2025 "
    "(data-raw/sn_model_2025_wide.csv in the same repository)."
)


def _offsets(line: str) -> list[int]:
    """1-based column where each CSV field of ``line`` starts (quote-aware), for positions."""
    starts = [1]
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            starts.append(i + 2)
    return starts


def _rows(
    path: Path, shown: str, columns: tuple[str, ...], problems: list[Problem]
) -> Iterator[tuple[int, dict[str, str], dict[str, int]]]:
    """Each data row as (line, {column: text}, {column: 1-based col}); header problems noted."""
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(shown, 1, 1, f"cannot read the file ({exc}); give a CSV path"))
        return
    lines = text.splitlines()
    if not lines:
        problems.append(Problem(shown, 1, 1, "the file is empty; expected a CSV with a header"))
        return
    header = next(csv.reader([lines[0]]))
    missing = [c for c in columns if c not in header]
    if missing:
        problems.append(
            Problem(
                shown,
                1,
                1,
                f"missing column(s) {', '.join(missing)}; the header must name "
                f"{', '.join(columns)}",
            )
        )
        return
    index = {c: header.index(c) for c in columns}
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = next(csv.reader([line]))
        starts = _offsets(line)
        if len(cells) != len(header):
            problems.append(
                Problem(
                    shown,
                    number,
                    1,
                    f"{len(cells)} cells where the header has "
                    f"{len(header)}; quote any value that contains a comma",
                )
            )
            continue
        yield (
            number,
            {c: cells[i].strip() for c, i in index.items()},
            {c: starts[i] if i < len(starts) else 1 for c, i in index.items()},
        )


def _decimals(value: str) -> int:
    return len(value.partition(".")[2])


def _read_figures(path: Path, shown: str, problems: list[Problem]) -> dict[str, Any]:
    councils: dict[str, dict[str, str]] = {}
    fields: dict[str, dict[str, Any]] = {}
    seen: dict[tuple[str, str, int], int] = {}
    for line, row, col in _rows(path, shown, FIGURE_COLUMNS, problems):

        def bad(
            column: str, message: str, *, _line: int = line, _col: dict[str, int] = col
        ) -> None:
            problems.append(Problem(shown, _line, _col[column], message))

        code, value = row["la_code"], row["value"]
        if code and not _CODE.fullmatch(code):
            bad(
                "la_code",
                f"la_code {code!r} is not a DfE 3-digit code (or 'NNN / NNN' joint "
                "code); leave it empty for England",
            )
            continue
        if not row["section"] or not row["field"]:
            bad(
                "section", "section and field must both be given (the SEF's data.<section>.<field>)"
            )
            continue
        key = f"{row['section']}.{row['field']}"
        if not re.fullmatch(r"\d{4}", row["year"]):
            bad("year", f"year {row['year']!r} is not a four-digit year")
            continue
        year = int(row["year"])
        try:
            at = dt.date.fromisoformat(row["at"])
        except ValueError:
            bad("at", f"at {row['at']!r} is not a date (YYYY-MM-DD)")
            continue
        if row["measure"] not in MEASURES:
            bad("measure", f"measure {row['measure']!r} is not one of: {', '.join(MEASURES)}")
            continue
        if row["worse_when"] not in DIRECTIONS:
            bad("worse_when", f"worse_when {row['worse_when']!r} must be higher, lower or empty")
            continue
        if not _NUMBER.fullmatch(value):
            bad("value", f"value {value!r} is not a number; leave suppressed values out")
            continue
        previous = seen.get((code, key, year))
        if previous is not None:
            bad(
                "la_code",
                f"a second {key} figure for {code or 'England'} in {year} "
                f"(the first is on line {previous}); keep one",
            )
            continue
        seen[(code, key, year)] = line
        meta = fields.setdefault(
            key,
            {
                "measure": row["measure"],
                "worse_when": row["worse_when"],
                "source": row["source"],
                "decimals": 0,
                "years": {},
                "_line": line,
            },
        )
        for column in ("measure", "worse_when", "source"):
            if meta[column] != row[column]:
                bad(
                    column,
                    f"{column} {row[column]!r} differs from {meta[column]!r} given for "
                    f"{key} on line {meta['_line']}; one field has one {column}",
                )
        meta["decimals"] = max(meta["decimals"], _decimals(value))
        entry = meta["years"].setdefault(year, {"at": at.isoformat(), "values": {}})
        if entry["at"] != at.isoformat():
            bad(
                "at",
                f"at {at} differs from {entry['at']} for {key} {year}; one date per field and year",
            )
        if not code:
            entry["england"] = value
            continue
        entry["values"][code] = value
        known = councils.setdefault(code, {"name": row["la_name"], "region": row["region"]})
        if (known["name"], known["region"]) != (row["la_name"], row["region"]):
            bad(
                "la_name",
                f"council {code} is {row['la_name']!r} ({row['region']}) here but "
                f"{known['name']!r} ({known['region']}) elsewhere; one name and region per code",
            )
    return {"councils": councils, "fields": fields}


def _read_neighbours(
    path: Path, shown: str, councils: dict[str, dict[str, str]], problems: list[Problem]
) -> dict[str, str]:
    ranked: dict[str, list[tuple[int, str]]] = {}
    for line, row, col in _rows(path, shown, NEIGHBOUR_COLUMNS, problems):
        for column in ("la_code", "neighbour_la_code"):
            if row[column] not in councils:
                problems.append(
                    Problem(
                        shown,
                        line,
                        col[column],
                        f"{column} {row[column]!r} has "
                        "no figures in the figures CSV; check the code",
                    )
                )
        if not row["rank"].isdigit():
            problems.append(
                Problem(
                    shown,
                    line,
                    col["rank"],
                    f"rank {row['rank']!r} is not a whole number (1 = closest)",
                )
            )
            continue
        ranked.setdefault(row["la_code"], []).append((int(row["rank"]), row["neighbour_la_code"]))
    return {code: " ".join(n for _, n in sorted(pairs)) for code, pairs in ranked.items()}


def _pack(values: dict[str, str]) -> str:
    """``code:value`` pairs, ascending by value then code: the sorted distribution, precomputed."""
    ordered = sorted(values.items(), key=lambda kv: (float(kv[1]), kv[0]))
    return ",".join(f"{code}:{value}" for code, value in ordered)


def build(figures_csv: Path, neighbours_csv: Path) -> dict[str, Any]:
    """The package data as a dict; raises ``InputError`` listing every problem in the CSVs."""
    problems: list[Problem] = []
    read = _read_figures(figures_csv, str(figures_csv), problems)
    councils: dict[str, dict[str, str]] = read["councils"]
    neighbours = _read_neighbours(neighbours_csv, str(neighbours_csv), councils, problems)
    if problems:
        raise InputError(problems)
    fields: dict[str, Any] = {}
    for key, meta in read["fields"].items():
        years = {}
        for year, entry in meta["years"].items():
            block: dict[str, Any] = {"at": entry["at"], "values": _pack(entry["values"])}
            if "england" in entry:
                block["england"] = entry["england"]
            years[str(year)] = block
        fields[key] = {
            "decimals": meta["decimals"],
            "measure": meta["measure"],
            "source": meta["source"],
            "worse_when": meta["worse_when"] or None,
            "years": years,
        }
    return {
        "about": {
            "format": FORMAT,
            "licence": LICENCE,
            "source": SOURCE,
            "rebuild": "python scripts/build_figures.py FIGURES_CSV NEIGHBOURS_CSV",
        },
        "councils": councils,
        "fields": fields,
        "neighbours": neighbours,
    }


def dumps(data: dict[str, Any]) -> str:
    """The committed text: sorted keys, one line per council, field-year or neighbour list."""
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
