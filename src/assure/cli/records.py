"""Which Annex A workbook goes with a SEF (``check --annex-a``, or an ``evidence:`` entry of kind
``annex_a`` with a ``file``), read into the records the checker compares the SEF with.

The workbook is read only when one is named: a plain ``assure check`` never imports the Annex A
reader.
"""

from __future__ import annotations

from pathlib import Path

from assure.base.problems import InputError, Problem
from assure.ruleset.sources import DEFAULT_TOLERANCE, Sources, records_from_workbook
from assure.sef.loader import LoadedSef


def workbook_for(loaded: LoadedSef, option: Path | None) -> tuple[Path, str] | None:
    """The workbook to read for this SEF and how to show it: ``--annex-a`` wins, else the
    first ``evidence:`` entry of kind ``annex_a`` with a ``file`` (relative to the SEF)."""
    if option is not None:
        return option, str(option)
    for i, ev in enumerate(loaded.sef.evidence):
        if ev.kind == "annex_a" and ev.file:
            path = Path(loaded.file).parent / ev.file
            if not path.is_file():
                line, column = loaded.doc.position(("evidence", i, "file"))
                raise InputError(
                    [
                        Problem(
                            loaded.file,
                            line,
                            column,
                            f"evidence[{i}].file: no Annex A workbook at {str(path)!r}; give the "
                            "path relative to the SEF, or leave 'file' out",
                        )
                    ]
                )
            return path, str(path)
    return None


def sources_for(
    loaded: LoadedSef, option: Path | None, tolerance: float | None = None
) -> tuple[Sources, str | None]:
    """The sources to check the SEF against, and a warning line about the workbook's own
    problems (None when it has none). Raises ``InputError`` for a workbook that cannot be read."""
    chosen = DEFAULT_TOLERANCE if tolerance is None else tolerance
    found = workbook_for(loaded, option)
    if found is None:
        return Sources(tolerance=chosen), None
    path, shown = found
    records = records_from_workbook(path, shown, loaded.sef)
    warning = None
    if records.problems:
        warning = (
            f"{shown}: warning: {records.problems} problem(s) in the workbook's cells; "
            f"`assure annex-a {shown} --as-of {loaded.sef.period.end}` lists them"
        )
    return Sources(records, chosen), warning
