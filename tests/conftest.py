from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from assure.ruleset import packs

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "self_assessments"
TODAY = dt.date(2026, 11, 24)

# Keep the rule-pack cache of test runs out of the user's own cache directory.
os.environ.setdefault("ASSURE_CACHE_DIR", tempfile.mkdtemp(prefix="assure-cache-"))


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    # Expiry checks read ASSURE_TODAY; a fixed day keeps every test deterministic.
    monkeypatch.setenv("ASSURE_TODAY", TODAY.isoformat())


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the rules folder to edit, read without the cache."""
    copy = tmp_path / "rules"
    shutil.copytree(packs.rules_root(), copy)
    monkeypatch.setenv("ASSURE_NO_CACHE", "1")
    packs.load_pack.cache_clear()
    yield copy
    packs.load_pack.cache_clear()
