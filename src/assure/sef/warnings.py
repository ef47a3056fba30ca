"""Warnings: a valid SEF that probably does not say what its authors meant.

Each is one positioned line on stderr, ``file:line:col: warning: ...``; a check or a validation
still exits as it would without them, unless ``--strict`` makes them errors (exit 2).

- a percentage written as a fraction (``audits_good_or_better_pct: 0.62`` is 0.62%, not 62%);
- a framework that was not in force when the SEF was signed off (or today, with no sign-off):
  ILACS 2023 from January 2023 to March 2026, ILACS 2026 from April 2026; and a period that starts
  after the framework it is judged under ended;
- a period that starts after today;
- a plan marked on track whose due date had passed when the SEF was signed off (or today);
- a sign-off dated after today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from assure.base.problems import Problem
from assure.sef.loader import LoadedSef
from assure.sef.paths import PathKey

# When each framework was in force (Ofsted's ILACS framework, January 2023 and April 2026 editions).
IN_FORCE: dict[str, tuple[dt.date, dt.date | None]] = {
    "ilacs-2023": (dt.date(2023, 1, 1), dt.date(2026, 3, 31)),
    "ilacs-2026": (dt.date(2026, 4, 1), None),
}
SIGNERS = ("dcs", "lead_member", "chief_executive")


@dataclass(frozen=True, order=True)
class SefWarning:
    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: warning: {self.message}"

    def as_problem(self) -> Problem:
        """The warning as an error, for ``--strict``."""
        return Problem(self.file, self.line, self.column, self.message)


def sef_warnings(loaded: LoadedSef, today: dt.date) -> list[SefWarning]:
    """Every warning for one valid SEF, in file order."""

    def at(path: PathKey, message: str) -> SefWarning:
        line, column = loaded.doc.position(path)
        return SefWarning(loaded.file, line, column, message)

    return sorted(at(path, message) for path, message in _checks(loaded, today))


def signed_on(loaded: LoadedSef) -> dt.date | None:
    """The latest date on the sign-off, if any signature is dated."""
    sign_off = loaded.sef.sign_off
    if sign_off is None:
        return None
    dates = [s.date for role in SIGNERS if (s := getattr(sign_off, role)) and s.date]
    return max(dates) if dates else None


def _checks(loaded: LoadedSef, today: dt.date) -> Iterable[tuple[PathKey, str]]:
    yield from _fractions(loaded)
    sef = loaded.sef
    signed = signed_on(loaded)
    yield from _framework(loaded, signed, today)
    if sef.period.start > today:
        yield (
            ("period", "start"),
            f"the period starts on {sef.period.start}, after today ({today}); check the year",
        )
    judged_on = signed or today
    for area_name in type(sef.areas).model_fields:
        area = getattr(sef.areas, area_name)
        for i, plan in enumerate(area.plans if area else []):
            if plan.status == "on_track" and plan.due is not None and plan.due < judged_on:
                when = f"signed off on {signed}" if signed else f"today ({today})"
                yield (
                    ("areas", area_name, "plans", i, "status"),
                    f"plan {plan.id!r} is marked on track but was due on {plan.due}, before "
                    f"the SEF was {when}; mark it done or off track, or give its new date",
                )
    if sef.sign_off is not None:
        for role in SIGNERS:
            signature = getattr(sef.sign_off, role)
            if signature is not None and signature.date is not None and signature.date > today:
                yield (
                    ("sign_off", role, "date"),
                    f"signed off on {signature.date}, after today ({today}); check the date",
                )


def _fractions(loaded: LoadedSef) -> Iterable[tuple[PathKey, str]]:
    """A percentage field holding a value between 0 and 1: almost always a fraction."""
    for path in loaded.doc.values:
        if len(path) < 2 or path[0] not in ("data", "local_standards"):
            continue
        name = path[-1]
        if not (isinstance(name, str) and name.endswith("_pct")):
            continue
        value = loaded.doc.get(path)
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 1:
            shown = f"{value * 100:.1f}".rstrip("0").rstrip(".")
            yield (
                path,
                f"{name} is a percentage, so {value} means {value}% (under one in a hundred); "
                f"if you meant {shown}%, write {shown}",
            )


def _framework(
    loaded: LoadedSef, signed: dt.date | None, today: dt.date
) -> Iterable[tuple[PathKey, str]]:
    sef = loaded.sef
    start, end = IN_FORCE[sef.framework]
    where: PathKey = ("framework",) if ("framework",) in loaded.doc.values else ("format",)
    others = [name for name in IN_FORCE if name != sef.framework]
    instead = f"; use 'framework: {others[0]}'" if others else ""
    on = signed or today
    what = f"the SEF was signed off on {on}" if signed else f"today is {on} (no sign-off date)"
    if on < start or (end is not None and on > end):
        yield where, f"{sef.framework} {_in_force(sef.framework)}, but {what}{instead}"
    elif end is not None and sef.period.start > end:
        yield (
            where,
            f"{sef.framework} {_in_force(sef.framework)}, but the period starts on "
            f"{sef.period.start}{instead}",
        )


def _in_force(framework: str) -> str:
    start, end = IN_FORCE[framework]
    since = start.strftime("%B %Y")
    return (
        f"was in force from {since} to {end.strftime('%B %Y')}"
        if end
        else f"is in force from {since}"
    )
