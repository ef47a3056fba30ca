"""The DfE's published figures for every English council, by field and year.

``load()`` returns the figures shipped in ``dfe_figures.json`` (built by
``scripts/build_figures.py``; Open Government Licence v3.0, see README.md and NOTICE), read once
per process. See ``Figures`` for the questions it answers.
"""

from __future__ import annotations

from assure.figures.councils import Council, UnknownCouncil
from assure.figures.data import DATA_FILE, read_raw
from assure.figures.figures import Figures
from assure.figures.periods import YearChoice
from assure.figures.results import Compare, Published, SeriesPoint

__all__ = [
    "Compare",
    "Council",
    "Figures",
    "Published",
    "SeriesPoint",
    "UnknownCouncil",
    "YearChoice",
    "load",
]

_loaded: Figures | None = None


def load() -> Figures:
    """The shipped figures, read on first use and kept for the rest of the process."""
    global _loaded
    if _loaded is None:
        _loaded = Figures(read_raw(DATA_FILE))
    return _loaded
