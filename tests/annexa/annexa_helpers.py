"""Helpers for the Annex A tests: write small workbooks."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

AS_OF = date(2026, 3, 31)

WriteBook = Callable[..., Path]


def write_book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """Write sheets of rows to an .xlsx: dates as real Excel dates, numbers as numbers."""
    book = xlsxwriter.Workbook(str(path))
    fmt = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, (date, datetime)):
                    sheet.write_datetime(r, c, value, fmt)
                elif isinstance(value, (int, float)):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(value))
    book.close()
    return path
