from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "self_assessments"
TODAY = dt.date(2026, 11, 24)

# Keep the rule-pack cache of test runs out of the user's own cache directory.
os.environ.setdefault("ASSURE_CACHE_DIR", tempfile.mkdtemp(prefix="assure-cache-"))


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    # Expiry checks read ASSURE_TODAY; a fixed day keeps every test deterministic.
    monkeypatch.setenv("ASSURE_TODAY", TODAY.isoformat())
