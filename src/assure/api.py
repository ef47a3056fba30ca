"""The library entry point: check SEF files without the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from assure.check.checker import check
from assure.check.findings import Report
from assure.ruleset.packs import load_pack
from assure.sef.loader import load_sef


def check_file(path: Path, *, today: dt.date, pack: str | None = None) -> Report:
    """Load, validate and check one SEF file; raises ``InputError`` for bad input."""
    loaded = load_sef(path, str(path))
    return check(loaded, load_pack(pack or loaded.sef.framework), today=today)
