"""What a SEF's figures are compared with: every council's published DfE figures for the same
year (``assure.figures``), the patterns across them, and England's rates for the two statutory
timescales the DfE publishes only nationally here (``rules/benchmarks/england-timeliness.yaml``).

Everything is worked out once per SEF and put on the SEF fact under three prefixes, so that
rules test plain fields and durable-rules does the matching:

- ``compare.<section>.<field>.*``: where a stated figure stands among councils in the year
  that goes with the SEF's period: ``percentile`` (0 best, 100 worst), ``rank``, ``of``,
  ``england``, ``fence`` (Tukey's outlier fence, 1.5 interquartile ranges beyond the worse
  quartile: "outside the range nearly all councils report") and ``text`` (the sentence a message
  quotes: "131st of 152 councils at 30 September 2024 (worst tenth); England 17.8; ...");
- ``pattern.<area>.*`` and ``pattern.all.*``: how many of the area's (or all) ranked figures
  there are (``count``), how many are worse than most councils (``worse_than_most``, above the
  median), in the worst tenth (``worst_tenth``) or beyond the fence (``outliers``), and their
  mean percentile (``mean``): Ofsted judges a pattern of evidence, not one figure;
- ``bench.<section>.<field>.<stat>``: England (``mean``) and councils' quantiles (``p10``,
  ``p25``, ``p75``, ``p90``) in the chosen year, and ``bench.year``.

Very small councils (City of London, Isles of Scilly) publish extreme rates from tiny numbers:
their figures get a ``compare`` (for people) but no percentile, fence or pattern (for rules).
"""

from __future__ import annotations

import datetime as dt
import functools
import statistics
from dataclasses import dataclass, field
from typing import Any

from assure.figures import Compare, load
from assure.ruleset.packs import rules_root
from assure.sef import measures
from assure.sef.model import Sef
from assure.sef.yaml_reader import load_yaml

SOURCE = (
    "DfE official statistics (children's social work workforce, children in need, "
    "children looked after)"
)
TUKEY = 1.5  # interquartile ranges beyond the quartile: Tukey's fence for an outlier


@dataclass(frozen=True)
class BenchmarkYear:
    """The national figures for a SEF's period, by ``bench.<section>.<field>.<stat>``."""

    year: int | None
    fields: dict[str, float] = field(default_factory=dict)
    source: str = SOURCE


@dataclass(frozen=True)
class Reference:
    """What one SEF is compared with: the fact fields rules test, and each stated figure's
    ``Compare`` (by ``data.<section>.<field>``) for the findings that quote it."""

    bench: BenchmarkYear
    facts: dict[str, Any]
    compares: dict[str, Compare]


@functools.cache
def _timeliness() -> dict[str, dict[int, float]]:
    """England's rates for the timescales published only nationally here, by field and year."""
    doc = load_yaml(rules_root() / "benchmarks" / "england-timeliness.yaml")
    return {
        entry["field"]: {int(year): float(value) for year, value in entry["england"]}
        for entry in doc.data
    }


@functools.lru_cache(maxsize=64)  # a batch's SEFs share a few periods; never changed after
def for_period(period_end: dt.date, wanted: frozenset[str] | None = None) -> BenchmarkYear:
    """England's figure and councils' quantiles for every published field, in the year that
    goes with a period ending ``period_end`` (per field: workforce snapshots differ). With
    ``wanted``, only those ``bench.*`` names are worked out (a check needs only what its rules
    read; the report wants them all)."""
    figs = load()
    out: dict[str, float] = {}
    year: int | None = None
    for name in figs.fields():
        choice = figs.year_for(name, period_end)
        if choice is None:
            continue
        if not name.startswith("workforce."):
            year = max(year or choice.year, choice.year)
        england = figs.england(name, choice.year)
        if england is not None:
            out[f"bench.{name}.mean"] = england
        for stat, q in (("p10", 0.1), ("p25", 0.25), ("p75", 0.75), ("p90", 0.9)):
            if wanted is not None and f"bench.{name}.{stat}" not in wanted:
                continue
            value = figs.quantile(name, choice.year, q)
            if value is not None:
                out[f"bench.{name}.{stat}"] = round(value, 2)
    for name, rates in _timeliness().items():
        earlier = [y for y in rates if y <= period_end.year]
        if earlier:
            out[f"bench.{name}.mean"] = rates[max(earlier)]
    return BenchmarkYear(year, out)


def reference(sef: Sef, wanted: frozenset[str] | None = None) -> Reference:
    """Every comparison a SEF's stated figures get (see the module's docstring); ``wanted``
    as for ``for_period``."""
    figs = load()
    bench = for_period(sef.period.end, wanted)
    code = sef.council.la_code
    council = figs.council(code) if code else None
    small = council is not None and council.small
    facts: dict[str, Any] = {**bench.fields, "bench.year": bench.year}
    compares: dict[str, Compare] = {}
    ranked: dict[str, list[tuple[float, bool]]] = {}
    for name in figs.fields():
        value = _stated(sef, name)
        if value is None:
            continue
        cmp = figs.compare(name, value, sef.period.end, la_code=code, region=sef.council.region)
        if cmp is None:
            continue
        path = f"data.{name}"
        compares[path] = cmp
        key = f"compare.{name}"
        facts[f"{key}.text"] = describe(cmp, small=small)
        facts[f"{key}.year"] = cmp.year
        if cmp.england is not None:
            facts[f"{key}.england"] = cmp.england
        if cmp.percentile is None or small:
            continue
        fence = _fence(name, cmp.year, cmp.worse_when)
        facts[f"{key}.percentile"] = round(cmp.percentile, 1)
        facts[f"{key}.rank"] = cmp.rank
        facts[f"{key}.of"] = cmp.of
        outlier = False
        if fence is not None:
            facts[f"{key}.fence"] = fence
            outlier = value > fence if cmp.worse_when == "higher" else value < fence
        ranked.setdefault(measures.area_of(path), []).append((cmp.percentile, outlier))
    everything = [item for items in ranked.values() for item in items]
    for area, items in [*ranked.items(), ("all", everything)]:
        if items:
            facts |= _pattern(f"pattern.{area}", items)
    return Reference(bench, facts, compares)


def _stated(sef: Sef, name: str) -> float | None:
    value = sef.value_at(f"data.{name}")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


@functools.cache  # the published figures never change within a run
def _fence(name: str, year: int, worse_when: str | None) -> float | None:
    """Tukey's fence on the worse side of councils' figures in the compared year."""
    figs = load()
    q1, q3 = figs.quantile(name, year, 0.25), figs.quantile(name, year, 0.75)
    if q1 is None or q3 is None:
        return None
    spread = TUKEY * (q3 - q1)
    return round(q3 + spread if worse_when == "higher" else q1 - spread, 2)


def _pattern(prefix: str, items: list[tuple[float, bool]]) -> dict[str, Any]:
    percentiles = [p for p, _ in items]
    return {
        f"{prefix}.count": len(items),
        f"{prefix}.mean": round(statistics.fmean(percentiles), 1),
        f"{prefix}.worse_than_most": sum(p > 50 for p in percentiles),
        f"{prefix}.worst_tenth": sum(p >= 90 for p in percentiles),
        f"{prefix}.outliers": sum(outlier for _, outlier in items),
    }


DERIVED = ("bench.", "compare.", "pattern.", "annexa.")  # annexa.: case counts (sources)


def is_derived(name: str) -> bool:
    """A field worked out for the SEF (never stated in it, so never "missing")."""
    return name.startswith(DERIVED)


def band(percentile: float) -> str:
    """Where a percentile (0 best, 100 worst) falls, in words."""
    for limit, words in (
        (10, "best tenth"),
        (25, "best quarter"),
        (50, "better than most councils"),
        (75, "worse than most councils"),
        (90, "worst quarter"),
    ):
        if percentile < limit:
            return words
    return "worst tenth"


def describe(cmp: Compare, *, small: bool = False) -> str:
    """``131st of 152 councils at 30 September 2024 (worst tenth); England 17.8; your
    statistical neighbours' median 18.9``: a compare in the words a message quotes."""
    when = (
        f"at {cmp.at.day} {cmp.at:%B %Y}"
        if cmp.at.month == 9
        else f"in {cmp.year - 1}-{cmp.year % 100:02d}"
    )
    if cmp.rank is not None and cmp.percentile is not None:
        parts = [f"{_ordinal(cmp.rank)} of {cmp.of} councils {when} ({band(cmp.percentile)})"]
    else:
        parts = [f"{cmp.of} councils published this figure {when}"]
    if cmp.england is not None:
        parts.append(f"England {_number(cmp.england)}")
    if cmp.neighbours_median is not None:
        parts.append(f"your statistical neighbours' median {_number(cmp.neighbours_median)}")
    if cmp.region_median is not None:
        parts.append(f"your region's median {_number(cmp.region_median)}")
    if small:
        parts.append("a very small council's rate rests on a few children, so it is not ranked")
    if cmp.note:
        parts.append(cmp.note)
    return "; ".join(parts)


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
