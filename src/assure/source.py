"""Read a YAML file safely and remember where every value came from.

ruamel.yaml's round-trip loader keeps line and column for each key and sequence item; we copy the
document into plain dicts and lists and keep a map from each value's path to its position, so
errors and findings can name ``file:line:column``. Nothing is ever constructed from a YAML tag.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from assure.problems import InputError, Problem

PathKey = tuple[str | int, ...]
Position = tuple[int, int]

# Tags YAML 1.2's core schema resolves by itself; any other tag is refused.
_CORE_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
_MAX_BYTES = 5 * 1024 * 1024


@dataclass
class Document:
    """A loaded YAML document: plain data plus the position of every value and key."""

    file: str
    data: Any
    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)

    def position(self, path: PathKey) -> Position:
        """The position of the value at ``path``, or of its nearest stated ancestor."""
        for end in range(len(path), -1, -1):
            pos = self.values.get(path[:end])
            if pos is not None:
                return pos
        return (1, 1)

    def key_position(self, path: PathKey) -> Position:
        """The position of the key at ``path`` (for an unknown key), else of its value."""
        return self.keys.get(path) or self.position(path)

    def get(self, path: PathKey) -> Any:
        node = self.data
        for part in path:
            if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
                node = node[part]
            elif isinstance(part, str) and isinstance(node, dict) and part in node:
                node = node[part]
            else:
                return None
        return node


def _mark(err: MarkedYAMLError) -> Position:
    mark = err.problem_mark or err.context_mark
    if mark is None:
        return (1, 1)
    return (mark.line + 1, mark.column + 1)


def _yaml_message(err: MarkedYAMLError) -> str:
    text = (err.problem or err.context or "invalid YAML").strip()
    if "duplicate key" in text:
        return f"{text}; each key may appear once in a mapping: remove or rename one"
    return f"not valid YAML: {text}; check the indentation and quoting near here"


def read_text(path: Path, display: str) -> str:
    """Read a file as UTF-8 text, turning every OS or encoding failure into a Problem."""

    def fail(message: str) -> InputError:
        return InputError([Problem(display, 1, 1, message)])

    if not path.exists():
        raise fail("file not found; check the path")
    if path.is_dir():
        raise fail("is a directory; give the path of a .yaml file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read file ({exc.strerror}); check its permissions") from None
    if len(raw) > _MAX_BYTES:
        raise fail(f"file is larger than {_MAX_BYTES // (1024 * 1024)} MB; a SEF is far smaller")
    if b"\x00" in raw:
        raise fail("file is binary, not YAML text; give the .yaml file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            [Problem(display, line, 1, "file is not UTF-8 text; save it as UTF-8")]
        ) from None


def load_yaml_text(text: str, display: str) -> Document:
    """Parse YAML 1.2 text into a positioned Document; raise InputError on any problem."""
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        root = yaml.load(text)
    except MarkedYAMLError as exc:
        line, col = _mark(exc)
        raise InputError([Problem(display, line, col, _yaml_message(exc))]) from None
    except YAMLError as exc:
        raise InputError([Problem(display, 1, 1, f"not valid YAML: {exc}")]) from None
    doc = Document(display, None)
    problems: list[Problem] = []
    doc.values[()] = (1, 1)
    doc.data = _plain(root, (), doc, problems)
    if problems:
        raise InputError(problems)
    return doc


def load_yaml(path: Path, display: str | None = None) -> Document:
    name = display if display is not None else str(path)
    return load_yaml_text(read_text(path, name), name)


def _tag_of(node: Any) -> str | None:
    tag = getattr(node, "tag", None)
    value = getattr(tag, "value", tag)
    return value if isinstance(value, str) and value else None


def _children(node: CommentedMap | CommentedSeq) -> Iterator[tuple[str | int, Any, Position]]:
    if isinstance(node, CommentedMap):
        for key in node:
            line, col = node.lc.value(key)
            yield key, node[key], (line + 1, col + 1)
    else:
        for index, item in enumerate(node):
            line, col = node.lc.item(index)
            yield index, item, (line + 1, col + 1)


def _plain(node: Any, path: PathKey, doc: Document, problems: list[Problem]) -> Any:
    tag = _tag_of(node)
    if tag is not None and tag not in _CORE_TAGS:
        line, col = doc.position(path)
        problems.append(
            Problem(
                doc.file,
                line,
                col,
                f"YAML tag {tag!r} is not allowed; write the plain value without a tag",
            )
        )
        return None
    if isinstance(node, CommentedMap):
        out: dict[str, Any] = {}
        for key, value, pos in _children(node):
            kline, kcol = node.lc.key(key)
            if not isinstance(key, str):
                problems.append(
                    Problem(
                        doc.file,
                        kline + 1,
                        kcol + 1,
                        f"key {key!r} is not text; keys are snake_case names",
                    )
                )
                continue
            child = (*path, key)
            doc.values[child] = pos
            doc.keys[child] = (kline + 1, kcol + 1)
            out[key] = _plain(value, child, doc, problems)
        return out
    if isinstance(node, CommentedSeq):
        items: list[Any] = []
        for index, value, pos in _children(node):
            child = (*path, index)
            doc.values[child] = pos
            items.append(_plain(value, child, doc, problems))
        return items
    if isinstance(node, dt.datetime):
        return node  # kept as datetime so the model can say "a date, not a time"
    if isinstance(node, str):
        return str(node)  # ScalarString subclasses become plain str
    if isinstance(node, bool | int | float | dt.date) or node is None:
        return _scalar(node)
    line, col = doc.position(path)
    problems.append(Problem(doc.file, line, col, f"unsupported YAML value {node!r}"))
    return None


def _scalar(node: Any) -> Any:
    # ruamel returns int/float subclasses (ScalarFloat, etc.); make them plain.
    if isinstance(node, bool) or node is None or isinstance(node, dt.date):
        return node
    if isinstance(node, int):
        return int(node)
    return float(node)
