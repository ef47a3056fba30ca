"""Warn about columns in an Annex A workbook that should not be shared: children's names,
addresses and postcodes, NHS numbers (10 digits with a valid modulus 11 check digit).

Warnings name the sheet, the column's header cell and what was found; never the values.
"""

from __future__ import annotations

import re
from typing import Any

from assure.annexa.problem import CellProblem, at_cell, one_line
from assure.annexa.spec import normalise_header
from assure.annexa.workbook import HEADER_SEARCH_ROWS, Workbook

_NAME_HEADERS = re.compile(
    r"^(child s |child |young person s |yp )?(full |first |last |given |family |fore|sur|middle |"
    r"preferred |known as )?names?$|^(forename|surname|first name|last name|known as)\b"
)
_ADDRESS_HEADERS = re.compile(r"\baddress\b|\bpost ?code\b|\bstreet\b|\bpostal\b")
_NHS_HEADERS = re.compile(r"\bnhs\b")
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", re.IGNORECASE)
_TEN_DIGITS = re.compile(r"^\d{3}[ -]?\d{3}[ -]?\d{4}$")
SAMPLE_ROWS = 200


def nhs_number_valid(text: str) -> bool:
    """True for a 10-digit NHS number whose last digit is its modulus 11 check digit."""
    digits = re.sub(r"[ -]", "", text)
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if isinstance(value, (str, int)) else ""


def check_pii(workbook: Workbook) -> list[CellProblem]:
    """Warnings, one per column, for personal data that should not leave the council."""
    warnings: list[CellProblem] = []
    for sheet, rows in workbook.raw.items():
        header_row = workbook.header_rows.get(sheet)
        if header_row is None:
            header_row = _guess_header_row(rows)
        if header_row is None:
            continue
        headers = rows[header_row]
        body = rows[header_row + 1 : header_row + 1 + SAMPLE_ROWS]
        for col, header in enumerate(headers):
            label = normalise_header(header) if isinstance(header, str) else ""
            shown = one_line(str(header)) if label else f"column {col + 1}"
            values = [_as_text(r[col]) for r in body if col < len(r)]
            values = [v for v in values if v]
            reason = ""
            if label and _NAME_HEADERS.search(label):
                reason = "holds names"
            elif label and _NHS_HEADERS.search(label):
                reason = "holds NHS numbers"
            elif label and _ADDRESS_HEADERS.search(label):
                reason = "holds addresses or postcodes"
            elif values and sum(bool(_POSTCODE.match(v)) for v in values) >= max(
                1, len(values) // 2
            ):
                reason = "looks like postcodes"
            if values and any(_TEN_DIGITS.match(v) and nhs_number_valid(v) for v in values):
                reason = "holds NHS numbers (10 digits with a valid check digit)"
            if reason:
                warnings.append(
                    at_cell(
                        workbook.shown,
                        sheet,
                        header_row,
                        col,
                        f"'{shown}' {reason}: personal data that should not be shared beyond "
                        "the inspection; remove the column before sending the workbook on",
                        "warning",
                    )
                )
    return warnings


def _guess_header_row(rows: list[list[Any]]) -> int | None:
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if sum(isinstance(v, str) and v.strip() != "" for v in row) >= 2:
            return r
    return None
