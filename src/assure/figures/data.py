"""The package data file, read once and decoded lazily.

Why lazy: ``assure check`` may spend at most 10 ms on the council figures. Parsing the whole
distribution (about 18,500 numbers) costs more than that, but a run only needs the field-years
its SEF states. So the file keeps each field-year's council values as one packed string
(``code:value`` pairs, already sorted by value, written by ``assure.figures.build``); loading
parses only the JSON skeleton, and a field-year is unpacked the first time it is asked for.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

DATA_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dfe_figures.json")


class FieldYear:
    """One field in one year: England's figure and every council's, decoded on first use."""

    __slots__ = ("_england", "_packed", "_sorted", "_values", "at", "year")

    def __init__(self, year: int, raw: dict[str, Any]) -> None:
        self.year = year
        self.at: dt.date = dt.date.fromisoformat(raw["at"])
        self._england: str | None = raw.get("england")
        self._packed: str = raw["values"]
        self._values: dict[str, float] | None = None
        self._sorted: list[float] | None = None

    @property
    def england(self) -> float | None:
        """England's published figure, or None where the DfE gives none."""
        return None if self._england is None else float(self._england)

    @property
    def values(self) -> dict[str, float]:
        """Each published council entry (a joint code such as ``314 / 318`` is one entry)."""
        if self._values is None:
            # "201:0.2,836:0.5,..." -> codes and values alternate; all of it in C loops.
            flat = self._packed.replace(":", ",").split(",")
            self._values = dict(zip(flat[0::2], map(float, flat[1::2]), strict=True))
        return self._values

    @property
    def ordered(self) -> list[float]:
        """The council values in ascending order (the file stores them so; joint codes once)."""
        if self._sorted is None:
            self._sorted = list(self.values.values())
        return self._sorted


class Field:
    """One published field (``<section>.<field>``) across the years the DfE publishes it."""

    __slots__ = ("decimals", "key", "measure", "source", "worse_when", "years")

    def __init__(self, key: str, raw: dict[str, Any]) -> None:
        self.key = key
        self.measure: str = raw["measure"]
        self.source: str = raw["source"]
        self.decimals: int = raw["decimals"]
        self.worse_when: str | None = raw["worse_when"]
        self.years: dict[int, FieldYear] = {
            int(year): FieldYear(int(year), block) for year, block in raw["years"].items()
        }

    @property
    def snapshot(self) -> bool:
        """True for workforce figures (a 30 September snapshot), False for year-ending ones."""
        return self.measure == "snapshot at"

    @property
    def tolerance(self) -> float:
        """How far a stated figure may be from the published one and still be the same, rounded."""
        return 0.5 * 10.0**-self.decimals


def read_raw(path: str = DATA_FILE) -> dict[str, Any]:
    """The parsed data file (the skeleton: council values stay packed strings)."""
    with open(path, "rb") as handle:
        data: dict[str, Any] = json.loads(handle.read())
    return data
