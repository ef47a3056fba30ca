"""The DfE's published figures for every council, by field and year, and questions about them.

Why one object: benchmark rules, the cross-check, ``assure init`` and the report charts all ask
the same data the same kinds of question (where does this figure stand, what did the DfE
publish, what is the trend); keeping the answers here means a joint code, a missing year or a
snapshot date is handled once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from assure.figures.councils import SMALL, Council, CouncilIndex, normalise
from assure.figures.data import Field, FieldYear
from assure.figures.periods import YearChoice, choose_snapshot, choose_year_ending, human, reach
from assure.figures.results import Compare, Published, SeriesPoint
from assure.figures.stats import count_better, is_better, median, quantile
from assure.sef import measures


class Figures:
    """Every council's published figure (and England's) for the SEF fields the DfE publishes."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.about: dict[str, Any] = raw["about"]
        self._raw_fields: dict[str, Any] = raw["fields"]
        self._fields: dict[str, Field] = {}
        self._neighbours: dict[str, str] = raw["neighbours"]
        councils: dict[str, Council] = {}
        joints = [code for code in raw["councils"] if " / " in code]
        member_of = {m: code for code in joints for m in code.split(" / ")}
        for code, entry in raw["councils"].items():
            councils[code] = Council(
                code=code,
                name=entry["name"],
                region=entry["region"],
                small=code in SMALL,
                joint=member_of.get(code),
                members=tuple(code.split(" / ")) if code in joints else (),
            )
        self._by_code = councils
        self._index: CouncilIndex | None = None  # built on the first look-up by name
        self._in_region: dict[tuple[str, int, str], list[tuple[str, float]]] = {}
        # Answers that depend only on the published data, kept once worked out: a batch asks
        # the same few of them for every SEF.
        self._years: dict[tuple[str, dt.date], YearChoice | None] = {}
        self._medians: dict[tuple[str, str, int], float | None] = {}
        self._regions = {normalise(r): r for r in {c.region for c in councils.values()} if r}

    # --- councils ---------------------------------------------------------------------------

    def council(self, code: str) -> Council | None:
        """The council with this DfE code (a joint code such as ``314 / 318`` included)."""
        return self._by_code.get(code)

    def find_council(self, text: str) -> Council:
        """The council given by DfE code or name; raises ``UnknownCouncil`` naming near matches."""
        if self._index is None:
            self._index = CouncilIndex(self._by_code, set(self._neighbours))
        return self._index.find(text)

    def councils(self) -> list[Council]:
        """Every council in the data, by code (former councils and joint codes included)."""
        return [self._by_code[c] for c in sorted(self._by_code)]

    def neighbours(self, code: str) -> list[str]:
        """The council's ten statistical neighbours (DfE 2025 model), closest first."""
        packed = self._neighbours.get(code, "")
        return packed.split() if packed else []

    def region(self, name: str) -> str | None:
        """The DfE region a SEF's region name means (``Inner London`` is London), or None."""
        key = normalise(name)
        if key in ("innerlondon", "outerlondon"):
            key = "london"
        return self._regions.get(key)

    # --- fields and years -------------------------------------------------------------------

    def _field(self, field: str) -> Field | None:
        key = field.removeprefix("data.")
        cached = self._fields.get(key)
        if cached is None and key in self._raw_fields:
            cached = self._fields[key] = Field(key, self._raw_fields[key])
        return cached

    def fields(self) -> list[str]:
        """The published fields, as ``<section>.<field>`` (``workforce.caseload_average``)."""
        return sorted(self._raw_fields)

    def years(self, field: str) -> list[int]:
        """The years the DfE publishes ``field`` for (empty for a field it does not publish)."""
        meta = self._field(field)
        return sorted(meta.years) if meta else []

    def worse_when(self, field: str) -> str | None:
        """``higher`` or ``lower`` (which way a figure is worse), None where neither end is better.

        From the SEF's measure registry (``assure.sef.measures``), the one place that says
        which way each figure is better; the data file's own copy is checked against it.
        """
        name = field if field.startswith("data.") else f"data.{field}"
        return measures.worse_when(name) if self._field(field) else None

    def source(self, field: str) -> str | None:
        """The DfE file and column the field comes from (for a comment or a citation)."""
        meta = self._field(field)
        return meta.source if meta else None

    def tolerance(self, field: str) -> float:
        """Half the last published decimal place: a stated figure this close is the same figure."""
        meta = self._field(field)
        return meta.tolerance if meta else 0.0

    def year_for(self, field: str, period_end: dt.date) -> YearChoice | None:
        """The published year that goes with a SEF period ending ``period_end`` (see periods)."""
        key = (field, period_end)
        if key not in self._years:
            self._years[key] = self._year_for(field, period_end)
        return self._years[key]

    def _year_for(self, field: str, period_end: dt.date) -> YearChoice | None:
        meta = self._field(field)
        if meta is None or not meta.years:
            return None
        published = {year: fy.at for year, fy in meta.years.items()}
        if meta.snapshot:
            latest = meta.years[max(meta.years)].at
            return choose_snapshot(published, (latest.month, latest.day), period_end)
        return choose_year_ending(published, period_end)

    def england(self, field: str, year: int) -> float | None:
        """England's published figure for ``field`` in ``year``."""
        fy = self._year(field, year)
        return fy.england if fy else None

    def quantile(self, field: str, year: int, q: float) -> float | None:
        """The ``q`` quantile (0..1) of councils' values, linear interpolation (PERCENTILE.INC).

        Councils only, a joint code counted once.
        """
        fy = self._year(field, year)
        return quantile(fy.ordered, q) if fy else None

    def _year(self, field: str, year: int) -> FieldYear | None:
        meta = self._field(field)
        return meta.years.get(year) if meta else None

    # --- one council's figures --------------------------------------------------------------

    def _entry(self, fy: FieldYear, code: str) -> str | None:
        """The code under which ``code``'s figure is published in ``fy`` (itself or its joint)."""
        if code in fy.values:
            return code
        council = self._by_code.get(code)
        if council and council.joint and council.joint in fy.values:
            return council.joint
        return None

    def _own(self, code: str | None) -> set[str]:
        """The entries that are this council's own figure: itself, its joint code, its members."""
        if code is None:
            return set()
        council = self._by_code.get(code)
        own = {code}
        if council:
            own.update(council.members)
            if council.joint:
                own.add(council.joint)
        return own

    def value(self, field: str, code: str, year: int) -> float | None:
        """The council's published figure (a joint code's for its members), or None."""
        fy = self._year(field, year)
        if fy is None:
            return None
        entry = self._entry(fy, code)
        return fy.values[entry] if entry else None

    def published(self, field: str, la_code: str, period_end: dt.date) -> list[Published]:
        """The council's published figures that a stated figure should match, oldest first.

        Workforce: every snapshot within six months either side of the period end. Others: the
        year that goes with the period only; an earlier year is no cross-check of this period.
        """
        meta = self._field(field)
        if meta is None:
            return []
        if meta.snapshot:
            first, last = reach(period_end)
            years = [y for y, fy in meta.years.items() if first <= fy.at <= last]
        else:
            years = [period_end.year] if period_end.year in meta.years else []
        found = []
        for year in sorted(years):
            value = self.value(field, la_code, year)
            if value is not None:
                found.append(Published(year, meta.years[year].at, value))
        return found

    def neighbours_median(self, field: str, la_code: str, year: int) -> float | None:
        """The median of the neighbours' published figures (missing ones skipped, joint once)."""
        key = (field, la_code, year)
        if key not in self._medians:
            self._medians[key] = self._neighbours_median(field, la_code, year)
        return self._medians[key]

    def _neighbours_median(self, field: str, la_code: str, year: int) -> float | None:
        fy = self._year(field, year)
        if fy is None:
            return None
        own = self._own(la_code)
        entries = {self._entry(fy, n) for n in self.neighbours(la_code)} - own - {None}
        return median(fy.values[e] for e in entries if e is not None)

    def region_median(
        self, field: str, year: int, region: str, exclude: str | None = None
    ) -> float | None:
        """The median of the region's councils' figures, ``exclude`` (and its joint) left out."""
        fy = self._year(field, year)
        name = self.region(region)
        if fy is None or name is None:
            return None
        members = self._in_region.get((field, year, name))
        if members is None:  # the region's entries, once per field-year
            by_code = self._by_code
            members = [(c, v) for c, v in fy.values.items() if by_code[c].region == name]
            self._in_region[(field, year, name)] = members
        own = self._own(exclude)
        return median(v for c, v in members if c not in own)

    def series(self, field: str, la_code: str, last_year: int, years: int = 5) -> list[SeriesPoint]:
        """Per published year to ``last_year``: the council's, England's, neighbours' figure."""
        meta = self._field(field)
        if meta is None:
            return []
        points = []
        for year in range(last_year - years + 1, last_year + 1):
            fy = meta.years.get(year)
            if fy is None:
                continue
            points.append(
                SeriesPoint(
                    year=year,
                    at=fy.at,
                    value=self.value(field, la_code, year),
                    england=fy.england,
                    neighbours_median=self.neighbours_median(field, la_code, year),
                )
            )
        return points

    def template_values(self, la_code: str, year_ending: int) -> dict[str, Published]:
        """Every figure published for the year ending 31 March ``year_ending`` (workforce: the
        30 September snapshot of the year before), for filling in a SEF template."""
        found: dict[str, Published] = {}
        for key in self.fields():
            meta = self._field(key)
            assert meta is not None
            year = year_ending - 1 if meta.snapshot else year_ending
            value = self.value(key, la_code, year)
            if value is not None:
                found[key] = Published(year, meta.years[year].at, value)
        return found

    # --- where a stated figure stands -------------------------------------------------------

    def _matched_snapshot(
        self, meta: Field, value: float, la_code: str, period_end: dt.date
    ) -> Published | None:
        """The council's own snapshot within reach that the stated value is (rounding apart)."""
        matches = [
            p
            for p in self.published(meta.key, la_code, period_end)
            if abs(p.value - value) <= meta.tolerance + 1e-9
        ]
        matches.sort(key=lambda p: (abs((p.at - period_end).days), p.at))
        return matches[0] if matches else None

    def compare(
        self,
        field: str,
        value: float,
        period_end: dt.date,
        la_code: str | None = None,
        region: str | None = None,
    ) -> Compare | None:
        """Where ``value`` stands among councils in the year that goes with ``period_end``.

        The stated value is ranked among the OTHER councils' published figures that year (the
        council's own published figure, or its joint code's, is left out), so ``of`` is the
        others plus one. ``region`` overrides the region of ``la_code``; a code the data does
        not know is treated as no code (no neighbours, nothing left out). A workforce figure
        that equals one of the council's own snapshots within six months of the period end is
        compared in that snapshot's year. None when the DfE publishes no such field or nothing
        within reach of the period.
        """
        meta = self._field(field)
        if meta is None:
            return None
        choice = self.year_for(field, period_end)
        council = self.council(la_code) if la_code else None
        if council and meta.snapshot:
            matched = self._matched_snapshot(meta, value, council.code, period_end)
            if matched and (choice is None or matched.year != choice.year):
                note = (
                    f"the stated figure is the council's published {human(matched.at)} "
                    "snapshot, so that year is used"
                )
                choice = YearChoice(matched.year, matched.at, note)
        if choice is None:
            return None
        fy = meta.years[choice.year]
        own = self._own(council.code if council else None)
        worse = self.worse_when(field)
        excluded = [fy.values[c] for c in own if c in fy.values]
        of = len(fy.values) - len(excluded) + 1
        rank: int | None = None
        percentile: float | None = None
        if worse in ("higher", "lower"):
            better = count_better(fy.ordered, value, worse)
            better -= sum(1 for v in excluded if is_better(v, value, worse))
            rank = better + 1
            percentile = 100.0 * (rank - 1) / (of - 1) if of > 1 else 0.0
        region_name = region or (council.region if council else None)
        return Compare(
            year=choice.year,
            at=choice.at,
            england=fy.england,
            rank=rank,
            of=of,
            percentile=percentile,
            neighbours_median=(
                self.neighbours_median(field, council.code, choice.year) if council else None
            ),
            region_median=(
                self.region_median(
                    field, choice.year, region_name, council.code if council else None
                )
                if region_name
                else None
            ),
            worse_when=worse,
            note=choice.note,
        )
