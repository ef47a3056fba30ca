"""The Annex A column specs: one YAML file per list in ``specs/``, loaded and checked.

A spec file that is wrong (an unknown key, a bad regular expression, a type that does not exist)
is an ``InputError`` pointing at the file, line and column, never a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from assure.base.problems import InputError, Problem

SPEC_DIR = Path(__file__).parent / "specs"
TYPES = ("id", "date", "int", "text", "category")
_COLUMN_KEYS = {
    "use",
    "key",
    "name",
    "type",
    "blank",
    "headers",
    "header_patterns",
    "categories",
    "patterns",
    "unmatched",
    "personal",
}
_LIST_KEYS = {"list", "title", "sheet_patterns", "columns"}
_TEMPLATE_PREFIX = re.compile(r"^\(?[a-z]{1,2}\)\s*")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise_header(text: str) -> str:
    """Lower case, every run of punctuation or space made one space: for matching headers."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def normalise_value(text: str) -> str:
    """Lower case, spaces collapsed, punctuation kept: for matching category spellings."""
    return " ".join(text.lower().replace(",", " ").split())


def strip_template_prefix(text: str) -> str:
    """``"a) yes"`` -> ``"yes"``: Ofsted's template codes carry a letter before the value."""
    return _TEMPLATE_PREFIX.sub("", text, count=1)


@dataclass(frozen=True)
class ColumnSpec:
    """One column of one list."""

    key: str
    name: str
    type: str
    blank: bool
    headers: frozenset[str]
    header_patterns: tuple[re.Pattern[str], ...]
    synonyms: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    patterns: tuple[tuple[str, re.Pattern[str]], ...] = ()
    unmatched: str | None = None
    personal: bool = False

    @property
    def codes(self) -> list[str]:
        found = list(dict.fromkeys(self.synonyms.values()))
        found += [code for code, _ in self.patterns if code not in found]
        if self.unmatched and self.unmatched not in found:
            found.append(self.unmatched)
        return found


@dataclass(frozen=True)
class ListSpec:
    """One Annex A list: its number, how to recognise its sheet, its columns."""

    number: int
    title: str
    sheet_patterns: tuple[re.Pattern[str], ...]
    columns: tuple[ColumnSpec, ...]

    def column(self, key: str) -> ColumnSpec:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    @property
    def label(self) -> str:
        return f"List {self.number} ({self.title})"


def _position(node: Any, key: Any) -> tuple[int, int] | None:
    """1-based line and column of ``node[key]`` (or of ``node``), if ruamel recorded them."""
    try:
        if isinstance(node, CommentedMap) and key is not None and key in node:
            line, col = node.lc.key(key)
        elif isinstance(node, CommentedSeq) and isinstance(key, int):
            line, col = node.lc.item(key)
        elif isinstance(node, (CommentedMap, CommentedSeq)):
            line, col = node.lc.line, node.lc.col
        else:
            return None
    except (AttributeError, KeyError, IndexError, TypeError):
        return None
    if line is None or col is None:
        return None
    return int(line) + 1, int(col) + 1


class _Checker:
    def __init__(self, path: Path, shown: str) -> None:
        self.path = path
        self.shown = shown
        self.problems: list[Problem] = []
        self.origin: Any = None  # where a column merged from common.yaml was named

    def error(self, node: Any, key: Any, message: str) -> None:
        line, col = _position(node, key) or _position(self.origin, None) or (1, 1)
        self.problems.append(Problem(self.shown, line, col, message))

    def regex(self, node: Any, key: Any, text: Any) -> re.Pattern[str] | None:
        if not isinstance(text, str):
            self.error(node, key, f"a regular expression must be a string, not {text!r}")
            return None
        try:
            return re.compile(text, re.IGNORECASE)
        except re.error as exc:
            self.error(node, key, f"not a valid regular expression: {text!r}: {exc}")
            return None

    def strings(self, node: Any, key: str) -> list[str]:
        value = node.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self.error(node, key, f"'{key}' must be a list of strings")
            return []
        return [str(v) for v in value]


def _load_yaml(path: Path, shown: str) -> Any:
    yaml = YAML(typ="rt", pure=True)  # round-trip: plain data with positions, no object tags
    try:
        text = path.read_text(encoding="utf-8")
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise InputError([Problem(shown, line, col, f"not valid YAML: {exc.problem}")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(shown, 1, 1, f"cannot read the spec: {exc}")]) from None


def _category_map(
    chk: _Checker, node: Any, raw: Any, sets: dict[str, dict[str, str]]
) -> dict[str, str]:
    if isinstance(raw, str):
        if raw not in sets:
            chk.error(node, "categories", f"no category set named '{raw}' in common.yaml")
            return {}
        return dict(sets[raw])
    if not isinstance(raw, dict):
        chk.error(node, "categories", "'categories' must be a set name or a map code -> spellings")
        return {}
    out: dict[str, str] = {}
    for code, spellings in raw.items():
        if not isinstance(spellings, list):
            chk.error(raw, code, f"category '{code}': spellings must be a list")
            continue
        for spelling in [str(code), *(str(s) for s in spellings)]:
            out.setdefault(normalise_value(spelling), str(code))
            out.setdefault(normalise_value(strip_template_prefix(spelling.lower())), str(code))
    return out


def _column(
    chk: _Checker, node: Any, index: int, common: dict[str, Any], sets: dict[str, dict[str, str]]
) -> ColumnSpec | None:
    parent = node
    node = node[index]
    if not isinstance(node, dict):
        chk.error(parent, index, "a column must be a map")
        return None
    for key in node:
        if key not in _COLUMN_KEYS:
            chk.error(node, key, f"unknown key '{key}' in a column")
    if "use" in node:
        base = common.get(str(node["use"]))
        if base is None:
            chk.error(node, "use", f"no column '{node['use']}' in common.yaml")
            return None
        merged = CommentedMap(base)
        merged.update({k: v for k, v in node.items() if k != "use"})
        merged.setdefault("key", str(node["use"]))
        chk.origin = node  # problems in the merged column point at the list file's entry
        node = merged
    else:
        chk.origin = node
    missing = [k for k in ("key", "name", "type") if k not in node]
    if missing:
        chk.error(node, None, f"a column needs {', '.join(missing)}")
        return None
    ctype = node["type"]
    if ctype not in TYPES:
        chk.error(node, "type", f"unknown type '{ctype}': use one of {', '.join(TYPES)}")
        return None
    blank = node.get("blank", True)
    if not isinstance(blank, bool):
        chk.error(node, "blank", "'blank' must be true or false")
        blank = True
    headers = frozenset(
        normalise_header(h) for h in [str(node["name"]), *chk.strings(node, "headers")]
    )
    patterns = tuple(
        p
        for i, text in enumerate(chk.strings(node, "header_patterns"))
        if (p := chk.regex(node.get("header_patterns"), i, text)) is not None
    )
    synonyms: dict[str, str] = {}
    value_patterns: list[tuple[str, re.Pattern[str]]] = []
    unmatched = node.get("unmatched")
    if ctype == "category":
        if "categories" not in node and "patterns" not in node:
            chk.error(node, "type", "a category column needs 'categories' or 'patterns'")
        synonyms = _category_map(chk, node, node.get("categories", {}), sets)
        raw_patterns = node.get("patterns", {}) or {}
        if not isinstance(raw_patterns, dict):
            chk.error(node, "patterns", "'patterns' must be a map code -> regular expressions")
            raw_patterns = {}
        for code, texts in raw_patterns.items():
            if not isinstance(texts, list):
                chk.error(raw_patterns, code, "patterns must be a list of regular expressions")
                continue
            for i, text in enumerate(texts):
                compiled = chk.regex(texts, i, text)
                if compiled is not None:
                    value_patterns.append((str(code), compiled))
    elif "categories" in node or "patterns" in node:
        chk.error(
            node,
            "categories" if "categories" in node else "patterns",
            f"only a category column has categories (this one is '{ctype}')",
        )
    if unmatched is not None and not isinstance(unmatched, str):
        chk.error(node, "unmatched", "'unmatched' must be a code")
        unmatched = None
    return ColumnSpec(
        key=str(node["key"]),
        name=str(node["name"]),
        type=str(ctype),
        blank=bool(blank),
        headers=headers,
        header_patterns=patterns,
        synonyms=synonyms,
        patterns=tuple(value_patterns),
        unmatched=unmatched,
        personal=bool(node.get("personal", False)),
    )


def load_specs(directory: Path | None = None) -> dict[int, ListSpec]:
    """Read and check every ``list*.yaml`` (and ``common.yaml``) in ``directory``."""
    folder = directory or SPEC_DIR
    return dict(_load_specs_cached(str(folder)))


@lru_cache(maxsize=4)
def _load_specs_cached(folder: str) -> tuple[tuple[int, ListSpec], ...]:
    root = Path(folder)
    problems: list[Problem] = []
    common_path = root / "common.yaml"
    chk = _Checker(common_path, str(common_path))
    common_doc = _load_yaml(common_path, str(common_path)) if common_path.exists() else {}
    if not isinstance(common_doc, dict):
        raise InputError([Problem(str(common_path), 1, 1, "common.yaml must be a map")])
    sets: dict[str, dict[str, str]] = {}
    for name, raw in (common_doc.get("category_sets") or {}).items():
        sets[str(name)] = _category_map(chk, common_doc["category_sets"], raw, {})
    common = dict(common_doc.get("columns") or {})
    problems += chk.problems
    specs: dict[int, ListSpec] = {}
    files = sorted(root.glob("list*.yaml"), key=lambda p: (len(p.name), p.name))
    if not files:
        raise InputError([Problem(str(root), 1, 1, "no list*.yaml spec files here")])
    for path in files:
        chk = _Checker(path, str(path))
        doc = _load_yaml(path, str(path))
        if not isinstance(doc, dict):
            problems.append(Problem(str(path), 1, 1, "a list spec must be a map"))
            continue
        for key in doc:
            if key not in _LIST_KEYS:
                chk.error(
                    doc, key, f"unknown key '{key}' (expected {', '.join(sorted(_LIST_KEYS))})"
                )
        number = doc.get("list")
        if not isinstance(number, int) or not 1 <= number <= 11:
            chk.error(
                doc, "list" if "list" in doc else None, "'list' must be a number from 1 to 11"
            )
            problems += chk.problems
            continue
        if number in specs:
            chk.error(doc, "list", f"list {number} is specified twice")
        sheet_patterns = tuple(
            p
            for i, text in enumerate(chk.strings(doc, "sheet_patterns"))
            if (p := chk.regex(doc.get("sheet_patterns"), i, text)) is not None
        )
        raw_cols = doc.get("columns")
        columns: list[ColumnSpec] = []
        if not isinstance(raw_cols, list) or not raw_cols:
            chk.error(doc, "columns" if "columns" in doc else None, "'columns' must be a list")
        else:
            for i in range(len(raw_cols)):
                col = _column(chk, raw_cols, i, common, sets)
                if col is not None:
                    if any(c.key == col.key for c in columns):
                        chk.error(raw_cols, i, f"column key '{col.key}' used twice")
                    columns.append(col)
        problems += chk.problems
        specs[number] = ListSpec(number, str(doc.get("title", "")), sheet_patterns, tuple(columns))
    if problems:
        raise InputError(problems)
    return tuple(sorted(specs.items()))
