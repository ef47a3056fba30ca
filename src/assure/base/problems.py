"""Problems with the user's input, reported as one positioned line each (exit code 2).

Every diagnostic is exactly one line, in one of three forms::

    file:line:col: error: what is wrong and what to do     (a place in a file)
    file: error: what is wrong                             (no place: a missing file)
    assure: error: what is wrong                           (the command line)

Text that came from the input (a key, an id, a file name) may hold a newline or a terminal
control character; ``Problem.__str__`` escapes them, so input can never forge a line of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Problems reported per file; past this, one line says how many more there are.
MAX_PROBLEMS = 200

# C0 and C1 controls, DEL, the Unicode line and paragraph separators, lone surrogates.
# Compiled on first use (half a millisecond): a run without a problem or warning never needs it.
_CONTROL = "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]"
_MORE = "... and "
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape(text: str) -> str:
    """``text`` on one line: each control character written as an escape (``\\n``, ``\\x1b``)."""
    return re.sub(_CONTROL, _escaped, text)


def _escaped(match: re.Match[str]) -> str:
    char = match[0]
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, at a 1-based line and column.

    A line of 0 means the problem has no place in the file (``file: error: ...``).
    """

    file: str
    line: int
    column: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = escape(self.file)
        if self.line > 0:
            where += f":{self.line}:{max(self.column, 1)}"
        return f"{where}: {self.severity}: {escape(self.message)}"


def capped(problems: Iterable[Problem], limit: int = MAX_PROBLEMS) -> list[Problem]:
    """The problems in order, at most ``limit`` per file, then one line per file that says
    how many more there are (a file with 5,000 bad ids needs the first few, not all)."""
    kept: list[Problem] = []
    by_file: dict[str, list[Problem]] = {}
    for p in sorted(problems, key=lambda p: (p.file, _is_more(p), p)):
        by_file.setdefault(p.file, []).append(p)
    for file, found in by_file.items():
        more = [p for p in found if _is_more(p)]  # already capped once: kept as it is
        found = [p for p in found if not _is_more(p)]
        kept += found[:limit] + more
        if len(found) > limit:
            n = len(found) - limit
            text = f"{_MORE}{n} more problem{'s' if n != 1 else ''}; fix the ones above first"
            kept.append(Problem(file, 0, 0, text))
    return kept


def _is_more(p: Problem) -> bool:
    return p.line == 0 and p.message.startswith(_MORE)


class InputError(Exception):
    """Raised when a file cannot be used; carries every problem found in it (at most
    ``MAX_PROBLEMS`` per file, then a line saying how many more)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = capped(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
