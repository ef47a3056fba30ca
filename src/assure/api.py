"""The library entry point: check SEF files without the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from assure.checker import check
from assure.findings import Report
from assure.loader import load_sef
from assure.packs import load_pack


def check_file(path: Path, *, today: dt.date, pack: str | None = None) -> Report:
    """Load, validate and check one SEF file; raises ``InputError`` for bad input."""
    loaded = load_sef(path, str(path))
    return check(loaded, load_pack(pack or loaded.sef.framework), today=today)
