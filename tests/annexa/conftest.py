from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from annexa_helpers import WriteBook, write_book


@pytest.fixture
def book(tmp_path: Path) -> WriteBook:
    def make(sheets: dict[str, list[list[Any]]], name: str = "annexa.xlsx") -> Path:
        return write_book(tmp_path / name, sheets)

    return make
