from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "self_assessments"
TODAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    # Expiry checks read ASSURE_TODAY; a fixed day keeps every test deterministic.
    monkeypatch.setenv("ASSURE_TODAY", TODAY.isoformat())
