"""Project configuration: ``.assure.toml`` or ``[tool.assure]`` in ``pyproject.toml``.

Found as ruff finds its own: walking up from the (first) SEF's directory, the closest file wins
and files are never merged. In one directory ``.assure.toml`` beats ``pyproject.toml``; a
``pyproject.toml`` without ``[tool.assure]`` is passed over. Options given on the command line
override the file. Keys::

    select = ["HP", "LD001"]        # rule ids, id prefixes, areas or bases (assure.check.selection)
    ignore = ["benchmark"]
    fail-on = "inadequate"          # outstanding | good | requires_improvement | inadequate | never
    format = "text"                 # as --format
    pack = "ilacs-2026"             # as --pack
    tolerance = 2.0                 # as --tolerance: percentage points from the Annex A records

A problem in the file stops the run (exit 2) with ``file:line:column`` and the key's name.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assure.base.problems import InputError, Problem
from assure.check.selection import Selection, SelectorError
from assure.output import FORMATS
from assure.ruleset.packs import pack_names

FILES = (".assure.toml", "pyproject.toml")
KEYS = ("select", "ignore", "fail-on", "format", "pack", "tolerance")
FAIL_ON = ("outstanding", "good", "requires_improvement", "inadequate", "never")


@dataclass(frozen=True)
class Config:
    """Settings from a configuration file (all unset when there is none)."""

    path: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    format: str | None = None
    pack: str | None = None
    tolerance: float | None = None
    keys: frozenset[str] = field(default_factory=frozenset)  # the keys the file set
    where: dict[str, tuple[int, int]] = field(default_factory=dict)  # key → line, column

    @property
    def prefix(self) -> str:
        """How a key is named in messages: ``tool.assure.select`` in a pyproject.toml."""
        return "tool.assure." if self.path and self.path.name == "pyproject.toml" else ""


def find(start: Path) -> Path | None:
    """The closest configuration file at or above ``start`` (a directory), if any."""
    here = start.resolve()
    for folder in (here, *here.parents):
        dotfile = folder / ".assure.toml"
        if dotfile.is_file():
            return dotfile
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_assure(pyproject):
            return pyproject
    return None


def discover(start: Path) -> Config:
    path = find(start)
    return Config() if path is None else load(path)


def load(path: Path) -> Config:
    """Read and check one configuration file; raises ``InputError`` with positioned problems."""
    shown = display(path)
    text = _read(path, shown)
    data = _parse(text, shown)
    table: Any = data
    header: str | None = None
    prefix = ""
    if path.name == "pyproject.toml":
        header, prefix = "tool.assure", "tool.assure."
        table = data.get("tool", {}).get("assure", {})
        if not isinstance(table, dict):
            raise InputError(
                [Problem(shown, *_where(text, None, "tool"), "tool.assure: must be a table")]
            )
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    where: dict[str, tuple[int, int]] = {}
    for key, value in table.items():
        at = where[key] = _where(text, header, key)
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(KEYS)}"
            problems.append(Problem(shown, *at, f"{prefix}{key}: unknown key{hint}"))
            continue
        try:
            values[key] = _value(key, value)
        except ValueError as exc:
            problems.append(Problem(shown, *at, f"{prefix}{key}: {exc}"))
    if problems:
        raise InputError(problems)
    return Config(
        path=path,
        select=values.get("select", ()),
        ignore=values.get("ignore", ()),
        fail_on=values.get("fail-on"),
        format=values.get("format"),
        pack=values.get("pack"),
        tolerance=values.get("tolerance"),
        keys=frozenset(values),
        where=where,
    )


def display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _read(path: Path, shown: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(shown, 1, 1, f"cannot read the configuration: {exc}")]) from None


def _parse(text: str, shown: str) -> dict[str, Any]:
    import tomllib  # late: most runs find no configuration file; start-up speed

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
        end = re.search(r"\s*\(at end of document\)$", message)
        if m:
            line, col = int(m.group(1)), int(m.group(2))
        elif end:
            line, col = text.count("\n") + 1, len(text.rsplit("\n", 1)[-1]) + 1
        else:
            line, col = 1, 1
        cut = m or end
        reason = message[: cut.start()] if cut else message
        if end:
            reason += " at the end of the file"
        raise InputError([Problem(shown, line, col, f"not valid TOML: {reason}")]) from None


# Text that any way of writing the key tool.assure in TOML holds: ``[tool.assure]`` (spaces
# and quotes allowed around the dot), a dotted key ``tool.assure.format = ...``, a ``[tool]``
# table, or an inline ``tool = {assure = ...}``. A pyproject.toml that mentions assure only
# elsewhere (a dependency, a script) is passed over without being parsed.
_TOOL_ASSURE = r"""tool["']?\s*\.\s*["']?assure|^\s*\[\s*["']?tool["']?\s*\]|tool["']?\s*=\s*\{"""


def _has_tool_assure(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "assure" not in text or not re.search(_TOOL_ASSURE, text, re.MULTILINE):
        return False  # cheap: most pyproject.toml files are not ours (parsing one takes ms)
    data = _parse(text, display(path))
    tool = data.get("tool")
    return isinstance(tool, dict) and "assure" in tool


def _value(key: str, value: Any) -> Any:
    if key in ("select", "ignore"):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise ValueError('must be a list of strings, e.g. ["HP", "LD001", "benchmark"]')
        try:
            selection = Selection.parse(items)
        except SelectorError as exc:
            raise ValueError(str(exc)) from None
        return selection.select
    if key == "tolerance":
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ValueError("must be a number of percentage points, 0 or more, e.g. 2.0")
        return float(value)
    if not isinstance(value, str):
        raise ValueError(f"must be a string, not {type(value).__name__}")
    choices: tuple[str, ...]
    if key == "fail-on":
        choices = FAIL_ON
    elif key == "format":
        choices = tuple(FORMATS)
    else:
        choices = tuple(pack_names())
    if value not in choices:
        raise ValueError(f"{value!r} is not one of {', '.join(choices)}")
    return value


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")


def _where(text: str, header: str | None, key: str) -> tuple[int, int]:
    """Line and column of ``key`` in the table ``header`` (None: top level); 1:1 if not found."""
    table: str | None = None
    key_re = re.compile(rf"""^(\s*)(["']?){re.escape(key)}\2\s*[=.]""")
    for number, line in enumerate(text.splitlines(), 1):
        head = _HEADER.match(line)
        if head:
            table = re.sub(r"""\s*\.\s*|["']""", lambda m: "." if "." in m[0] else "", head[1])
            continue
        if table == header:
            m = key_re.match(line)
            if m:
                return number, len(m.group(1)) + 1
    return 1, 1
