"""A problem in a workbook, placed at a sheet and cell: ``file:Sheet!N14: error: ...``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assure.base.problems import InputError, Problem, escape

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\"\\]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\"}
MAX_SHOWN = 60


def show_value(value: object) -> str:
    """A cell's text, quoted, on one line: control characters escaped, long text cut."""
    text = str(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    cut = len(text) > MAX_SHOWN
    text = text[:MAX_SHOWN]
    text = _CONTROL.sub(lambda m: _ESCAPES.get(m.group(), f"\\x{ord(m.group()):02x}"), text)
    return f'"{text}{"..." if cut else ""}"'


def one_line(text: str) -> str:
    """Any text (a sheet name, a header) with its control characters escaped."""
    return _CONTROL.sub(
        lambda m: (
            m.group() if m.group() in '"\\' else _ESCAPES.get(m.group(), f"\\x{ord(m.group()):02x}")
        ),
        text,
    )


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row0: int, col0: int) -> str:
    """The A1-style reference of a 0-based row and column."""
    return f"{column_letter(col0)}{row0 + 1}"


@dataclass(frozen=True)
class CellProblem(Problem):
    """A problem at a cell of a workbook sheet (``line``/``column`` are 1-based row and column).

    ``sheet`` and ``cell`` are empty for a problem with the whole file.
    """

    sheet: str = ""
    cell: str = ""

    def __str__(self) -> str:
        if self.sheet:
            return (
                f"{escape(self.file)}:{one_line(self.sheet)}!{self.cell}: {self.severity}: "
                f"{escape(self.message)}"
            )
        return f"{escape(self.file)}: {self.severity}: {escape(self.message)}"

    def to_dict(self) -> dict[str, str]:
        return {"sheet": self.sheet, "cell": self.cell, "message": self.message}


def at_cell(
    file: str, sheet: str, row0: int, col0: int, message: str, severity: str = "error"
) -> CellProblem:
    return CellProblem(
        file, row0 + 1, col0 + 1, message, severity, sheet=sheet, cell=cell_ref(row0, col0)
    )


def whole_file(file: str, message: str, severity: str = "error") -> CellProblem:
    return CellProblem(file, 0, 0, message, severity)


class WorkbookError(InputError):
    """The file cannot be used as an Annex A workbook; ``str()`` is the one-line reason."""

    def __init__(self, problem: CellProblem) -> None:
        super().__init__([problem])
        self.problem = problem

    def __str__(self) -> str:
        return str(self.problem)
