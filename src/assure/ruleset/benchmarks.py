"""National figures (DfE published statistics) that benchmark rules compare a SEF with.

The data file is ``rules/benchmarks/england.yaml``: England means by year and, for the latest
year, the 90th and 10th percentiles across local authorities.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML

from assure.ruleset.packs import rules_root


@dataclass(frozen=True)
class BenchmarkYear:
    """The figures a SEF is compared with, and where they came from."""

    year: int | None
    fields: dict[str, float] = field(default_factory=dict)  # bench.<section>.<key>.<stat>
    source: str = ""

    def reference(self) -> dict[str, Any]:
        """The fields the SEF fact carries for rules to compare with (``bench.<...>``)."""
        return {**self.fields, "bench.year": self.year}


@functools.cache
def load_table(name: str) -> dict[str, Any]:
    """The parsed benchmark file ``rules/benchmarks/<name>.yaml``."""
    # Our own data file, shipped with the rules (its keys are years, so not the SEF loader).
    data = YAML(typ="safe").load((rules_root() / "benchmarks" / f"{name}.yaml").read_text("utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"benchmark file {name}.yaml is not a mapping")
    return data


def for_period(
    period_end: dt.date, name: str = "england", *, table: dict[str, Any] | None = None
) -> BenchmarkYear:
    """The latest published year whose figures end on or before the SEF's period end."""
    if table is None:
        table = load_table(name)
    years: dict[int, Any] = table["england"]
    eligible = [y for y, v in years.items() if v["year_ending"] <= period_end]
    if not eligible:
        return BenchmarkYear(None, {}, _source(table))
    year = max(eligible)
    fields: dict[str, float] = {}
    for section, values in years[year]["data"].items():
        for key, value in values.items():
            fields[f"bench.{section}.{key}.mean"] = float(value)
    # Percentiles are published for the latest year only; an older SEF is not held to them.
    if table["la_latest"]["year_ending"] == years[year]["year_ending"]:
        for stat, block in (("p90", "la_p90_latest"), ("p10", "la_p10_latest")):
            for section, values in table[block].items():
                for key, value in values.items():
                    fields[f"bench.{section}.{key}.{stat}"] = float(value)
    return BenchmarkYear(year, fields, _source(table))


def _source(table: dict[str, Any]) -> str:
    src = table.get("source", {})
    return f"DfE statistics via {src.get('repository', 'DfE')}"
