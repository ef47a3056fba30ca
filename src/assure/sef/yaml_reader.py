"""Read a YAML file safely and remember where every value came from.

ruamel.yaml composes the text into nodes that carry their line and column; we build plain dicts
and lists from the nodes and keep a map from each value's path to its position, so errors and
findings can name ``file:line:column``. Nothing is ever constructed from a YAML tag.

Speed: composing with libyaml (ruamel.yaml.clib) is about seven times faster than the pure
Python parser, so it is used whenever it is installed and the text is not nested deep enough to
exhaust its C stack. Any syntax error is parsed again by the pure parser, whose messages (and
positions) the error texts below are written for.

Before anything is constructed, the node tree is inspected: every duplicate key, foreign tag,
malformed scalar (``2026-02-30``, ``!!int abc``) and non-text key is reported, the offending node is
set aside so that construction cannot fail on it, and aliases that refer to themselves or expand
into a huge document (a "billion laughs") are refused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

from assure.base.problems import InputError, Problem
from assure.sef.paths import PathKey, display_path

Position = tuple[int, int]

_YAML_TAG = "tag:yaml.org,2002:"
# Tags YAML 1.2's core schema resolves by itself; any other tag is refused.
_CORE_TAGS = {
    f"{_YAML_TAG}{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
_CHECKED_SCALARS = {f"{_YAML_TAG}{name}" for name in ("int", "float", "bool", "null", "timestamp")}
_NULL_TAG = f"{_YAML_TAG}null"
_STR_TAG = f"{_YAML_TAG}str"
_MERGE_TAG = f"{_YAML_TAG}merge"
_MAX_BYTES = 1024 * 1024  # a real SEF is 5-60 KB; with _MAX_WRITTEN, any file is decided in < 2 s
_MAX_DEPTH = 100  # a SEF nests about six levels deep
_MAX_WRITTEN = 25_000  # values written in the file (a real SEF writes 500-1,000)
_MAX_WRITTEN_SLOW = 10_000  # the same for a deep document, read by the pure parser
_MAX_VALUES = 200_000  # values in the document, counting every use of an alias
_MAX_FAST_INDENT = 200  # beyond this (or deep flow nesting) libyaml could overflow its stack
_MAX_FAST_FLOW = 50
_MAX_SLOW_CHARS = 100_000  # what the pure parser reads in well under 2 s (deep documents only)


@dataclass
class Document:
    """A loaded YAML document: plain data plus the position of every value and key.

    ``problems`` holds what was wrong but did not stop the document from loading (only when
    loaded with ``keep_going``); ``refused`` holds the paths of values that were set aside
    because of one of those problems, so later checks do not report them a second time.
    """

    file: str
    data: Any
    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    refused: set[PathKey] = field(default_factory=set)

    def position(self, path: PathKey) -> Position:
        """The position of the value at ``path``, or of its nearest stated ancestor."""
        pos = self.values.get(path)
        if pos is not None:  # stated: the usual case
            return pos
        for end in range(len(path) - 1, -1, -1):
            pos = self.values.get(path[:end])
            if pos is not None:
                return pos
        return (1, 1)

    def key_position(self, path: PathKey) -> Position:
        """The position of the key at ``path`` (for an unknown key), else of its value."""
        return self.keys.get(path) or self.position(path)

    def is_refused(self, path: PathKey) -> bool:
        """Whether ``path`` is at or under a value that was set aside with a problem."""
        return any(path[:end] in self.refused for end in range(len(path) + 1))

    def get(self, path: PathKey) -> Any:
        node = self.data
        for part in path:
            if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
                continue
            if not (isinstance(node, dict) and isinstance(part, str) and part in node):
                return None
            node = node[part]
        return node


class _Fatal(Exception):
    """The node tree cannot be constructed at all (an alias loop, too many values)."""

    def __init__(self, position: Position, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.message = message


# ---------------------------------------------------------------------------------------------
# Reading bytes


def read_text(path: Path, display: str) -> str:
    """Read a file as UTF-8 text, turning every OS or encoding failure into a Problem."""

    def fail(message: str, line: int = 1, column: int = 1) -> InputError:
        return InputError([Problem(display, line, column, message)])

    try:  # no place in the file for these: 'file: error: ...'
        if not path.exists():
            raise fail("file not found; check the path", 0, 0)
        if path.is_dir():
            raise fail("is a directory; give the path of a .yaml file", 0, 0)
        raw = path.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read file ({exc.strerror}); check its permissions", 0, 0) from None
    if len(raw) > _MAX_BYTES:
        raise fail(
            f"file is larger than {_MAX_BYTES // (1024 * 1024)} MB, the most assure reads; "
            "a SEF is usually 5-60 KB: check that this is the right file",
            0,
            0,
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail("file is UTF-16 text; save it as UTF-8")
    if b"\x00" in raw:
        raise fail("file is binary, not YAML text; give the .yaml file")
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte order mark: positions count after it
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        bad = raw[exc.start : exc.start + 1].hex()
        raise fail(
            f"byte 0x{bad} is not UTF-8 text; save the file as UTF-8", line, column
        ) from None


# ---------------------------------------------------------------------------------------------
# YAML syntax errors


def _pos(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


def _syntax_problem(err: MarkedYAMLError, display: str) -> Problem:
    """A parser or scanner error as one positioned line saying what to do."""
    problem = (err.problem or "").strip()
    context = (err.context or "").strip()
    here = err.problem_mark or err.context_mark
    opened = err.context_mark
    line, col = _pos(here) if here is not None else (1, 1)

    def at(position: Position, message: str) -> Problem:
        return Problem(display, position[0], position[1], f"not valid YAML: {message}")

    if "while parsing a flow" in context and opened is not None:
        bracket = "[" if "sequence" in context else "{"
        closer = "]" if bracket == "[" else "}"
        oline, ocol = _pos(opened)
        if "<stream end>" in problem:
            return at(_pos(opened), f"this '{bracket}' is never closed; add the missing '{closer}'")
        return at(
            (line, col),
            f"the '{bracket}' opened at line {oline}, column {ocol} is not closed before this "
            f"point; add the missing '{closer}', or put text containing ',' or ':' in quotes",
        )
    if "while scanning a quoted scalar" in context and opened is not None:
        return at(_pos(opened), "this quote is never closed; add the closing quote")
    if "unknown escape character" in problem:
        return at(
            (line, col),
            f"{problem}; in double quotes a backslash starts an escape: use single quotes "
            "instead, or write '\\\\' for a backslash",
        )
    if "found character '\\t'" in problem:
        return at(
            (line, col),
            "a tab character; YAML is indented with spaces, not tabs: replace it with spaces",
        )
    if "that cannot start any token" in problem:
        char = problem.split("found character ", 1)[-1].split(" that", 1)[0]
        return at((line, col), f"a value cannot start with {char}; put the value in quotes")
    if "mapping values are not allowed here" in problem:
        return at(
            (line, col),
            "unexpected ':'; put a value that contains ': ' in quotes, or check that this "
            "line is indented like the keys around it",
        )
    if "expected <block end>" in problem or "could not find expected ':'" in problem:
        return at(
            (line, col),
            "this line is not indented like the lines above; line up keys at the same level "
            "with the same number of spaces",
        )
    if "found undefined alias" in problem:
        name = problem.rsplit(" ", 1)[-1].strip("'\"")
        return at(
            (line, col),
            f"no anchor '&{name}' comes before this alias '*{name}'; define the anchor first",
        )
    if "expected a single document" in context or "another document" in problem:
        return at(
            (line, col),
            "a second YAML document starts here; a SEF is one document: remove this '---' "
            "and what follows, or move it to its own file",
        )
    if "maximum depth" in problem:
        return Problem(
            display,
            line,
            col,
            f"values are nested more than {_MAX_DEPTH} levels deep here; "
            "a SEF nests only a few levels",
        )
    text = problem or context or "invalid YAML"
    return at((line, col), f"{text}; check the indentation and quoting near here")


_DIRECTIVE = re.compile(r"^\ufeff?%YAML[ \t]+(\S*)", re.MULTILINE)


def _unsupported_directive(text: str, display: str) -> Problem | None:
    """A ``%YAML`` directive for a version other than 1.1 or 1.2 (ruamel asserts on 1.3)."""
    for match in _DIRECTIVE.finditer(text):
        if match[1] not in ("1.1", "1.2"):
            line = text.count("\n", 0, match.start()) + 1
            return Problem(
                display,
                line,
                1,
                f"not valid YAML: '%YAML {match[1]}' names a YAML version assure does not read; "
                "remove the line (a SEF is YAML 1.2)",
            )
    return None


def _reader_problem(exc: ReaderError, text: str, display: str) -> Problem:
    """A character YAML does not allow (a control character), at its line and column."""
    index = exc.position if isinstance(exc.position, int) else 0
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    char = exc.character
    code = f"U+{ord(char):04X}" if isinstance(char, str) else f"U+{int(char):04X}"
    return Problem(
        display,
        line,
        column,
        f"not valid YAML: the control character {code} is not allowed in a YAML file; remove it",
    )


# ---------------------------------------------------------------------------------------------
# Inspecting the node tree before construction


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else tag


def _null_like(node: Node) -> ScalarNode:
    return ScalarNode(_NULL_TAG, "null", node.start_mark, node.end_mark)


class _Inspector:
    """Walk the composed node tree once: report problems and set aside the nodes they concern."""

    def __init__(self, display: str, constructor: Any) -> None:
        self.display = display
        self.constructor = constructor
        self.scalars: dict[int, Any] = {}  # id(node) -> the value constructed while checking
        self.found: list[tuple[PathKey, Position, str]] = []
        self.refused: set[PathKey] = set()
        self.sizes: dict[int, int] = {}
        self.open: set[int] = set()
        self.replaced: dict[int, Node] = {}
        self.constructed: dict[tuple[str, str], Any] = {}  # (tag, text) -> value (immutable)

    def problem(self, node: Node, path: PathKey, message: str) -> None:
        self.found.append((path, _pos(node.start_mark), message))

    def size(self, node: Node, path: PathKey) -> int:
        """Check ``node`` and what it holds; return how many values it expands to."""
        if isinstance(node, ScalarNode):
            return 1  # holds nothing, so no alias inside it can loop
        known = self.sizes.get(id(node))
        if known is not None:
            return known
        if id(node) in self.open:
            line, col = _pos(node.start_mark)
            raise _Fatal(
                (line, col),
                "a YAML alias here refers to a value that contains it; an alias must not "
                "refer to itself",
            )
        self.open.add(id(node))
        total = 1
        if isinstance(node, MappingNode):
            total += self.mapping(node, path)
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                item = node.value[index] = self.checked(item, (*path, index))
                total += self.size(item, (*path, index))
        self.open.discard(id(node))
        self.sizes[id(node)] = total
        if total > _MAX_VALUES:
            raise _Fatal(
                (1, 1),
                f"the document holds more than {_MAX_VALUES} values (counting each use of a "
                "YAML alias); a SEF is far smaller",
            )
        return total

    def mapping(self, node: MappingNode, path: PathKey) -> int:
        total = 0
        seen: dict[str, Node] = {}
        kept: list[tuple[Node, Node]] = []
        for key, value in node.value:
            if _tag(key) == _MERGE_TAG:
                value = self.checked(value, path)
                kept.append((key, value))
                total += self.size(value, path)
                continue
            name = self.key_name(key, path)
            if name is None:
                continue
            first = seen.get(name)
            if first is not None:
                fline, fcol = _pos(first.start_mark)
                self.problem(
                    key,
                    (*path, name),
                    f"duplicate key {name!r} (first at line {fline}, column {fcol}); each key "
                    "may appear once in a mapping: remove or rename one",
                )
                continue
            seen[name] = key
            value = self.checked(value, (*path, name))
            kept.append((key, value))
            total += self.size(value, (*path, name))
        node.value[:] = kept
        return total

    def key_name(self, key: Node, path: PathKey) -> str | None:
        """The key's text, or None (with a problem) when a key is not plain text."""
        if isinstance(key, ScalarNode) and _tag(key) == _STR_TAG:
            if not self.whole_characters(key, path):
                return None
            return str(key.value)
        shown = repr(key.value) if isinstance(key, ScalarNode) else "that is a list or mapping"
        self.problem(key, path, f"a key {shown} is not text; keys are snake_case names")
        return None

    def whole_characters(self, node: ScalarNode, path: PathKey) -> bool:
        """Text escaped as UTF-16 (``"\\ud83d\\ude00"``, as ``json.dumps`` writes an emoji)
        is joined into its character; a lone surrogate is no character at all (it cannot be
        written as UTF-8, and the engine refuses it): a problem."""
        text = str(node.value)
        if not _SURROGATE.search(text):
            return True
        joined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        if joined.count("\ufffd") == text.count("\ufffd"):  # every surrogate had its pair
            node.value = joined
            return True
        self.problem(
            node,
            path,
            "text holds a lone UTF-16 surrogate escape (such as '\\ud800'), which is not a "
            "character; write the character itself",
        )
        return False

    def checked(self, node: Node, path: PathKey) -> Node:
        """``node``, or a null in its place when it has a foreign tag or cannot be read."""
        done = self.replaced.get(id(node))
        if done is not None:  # the same node again, through an alias
            if done is not node:
                self.refused.add(path)
            return done
        self.replaced[id(node)] = result = self._checked(node, path)
        return result

    def _checked(self, node: Node, path: PathKey) -> Node:
        tag = _tag(node)
        if tag not in _CORE_TAGS:
            self.problem(
                node,
                path,
                f"YAML tag {_short_tag(tag)!r} is not allowed; write the plain value without a tag",
            )
            self.refused.add(path)
            return _null_like(node)
        if (
            isinstance(node, ScalarNode)
            and tag == _STR_TAG
            and not self.whole_characters(node, path)
        ):
            self.refused.add(path)
            return _null_like(node)
        if isinstance(node, ScalarNode) and tag in _CHECKED_SCALARS:
            key = (tag, str(node.value))
            value = self.constructed.get(key, _UNSEEN)
            if value is _UNSEEN:  # each distinct scalar is constructed once: '[1, 1, 1, ...]'
                try:
                    value = self.constructor.construct_object(node)
                except (ValueError, TypeError, OverflowError, YAMLError) as exc:
                    value = _Unreadable(_scalar_message(node, exc))
                self.constructed[key] = value
            if isinstance(value, _Unreadable):
                self.problem(node, path, value.message)
                self.refused.add(path)
                return _null_like(node)
            self.scalars[id(node)] = value
        return node


_UNSEEN = object()


@dataclass(frozen=True)
class _Unreadable:
    message: str


_SURROGATE = re.compile("[\ud800-\udfff]")
_DATE_RE = re.compile(r"^\d{4}-\d\d?-\d\d?$")


def _scalar_message(node: ScalarNode, exc: Exception) -> str:
    value = str(node.value)
    tag = str(node.tag)
    if tag.endswith("timestamp"):
        reason = str(exc) if isinstance(exc, ValueError) else "not a date"
        if _DATE_RE.match(value):
            return f"{value!r} is not a real date ({reason}); write a date as YYYY-MM-DD"
        return f"{value!r} is not a valid date or time; write a date as YYYY-MM-DD"
    return f"{value!r} is not a valid {_short_tag(tag)}; remove the tag or fix the value"


# ---------------------------------------------------------------------------------------------
# Loading


def _fast_parser_is_safe(text: str) -> bool:
    """libyaml recurses in C: keep very deep documents for the pure parser's depth limit."""
    if text.count("[") + text.count("{") > _MAX_FAST_FLOW:
        depth = deepest = 0
        for char in text:
            if char in "[{":
                depth += 1
                deepest = max(deepest, depth)
            elif char in "]}":
                depth -= 1
        if deepest > _MAX_FAST_FLOW:
            return False
    indents = (len(line) - len(line.lstrip(" ")) for line in text.splitlines())
    return max(indents, default=0) <= _MAX_FAST_INDENT


_VERSIONED: Any = VersionedResolver.__dict__["versioned_resolver"]  # the property itself


class _Resolver(VersionedResolver):
    """ruamel's resolver, its table for the document's YAML version looked up once, not for
    every scalar (a third of the time a small SEF takes to load: benchmarks/bench_check.py),
    and each answer kept for the run: a batch resolves the same keys and numbers again and
    again."""

    @property
    def versioned_resolver(self) -> Any:
        table = self.__dict__.get("_table")
        if table is None:  # a document's version is known before its first scalar
            table = self.__dict__["_table"] = _VERSIONED.fget(self)
        return table

    def _document_version(self) -> Any:
        version = self.__dict__.get("_version")
        if version is None:  # known before the first scalar, as for the table
            version = self.__dict__["_version"] = self.processing_version
        return version

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        key = (self._document_version(), kind, value, implicit)
        shared = _RESOLVED.get(key)
        if shared is not None:
            return shared
        tag = super().resolve(kind, value, implicit)
        # One Tag object per tag for the whole run, not one per scalar: each new Tag decodes
        # its URI again the first time it is read, and nothing changes a node's tag.
        shared = _SHARED_TAGS.get((tag.handle, tag.suffix))
        if shared is None:
            shared = _SHARED_TAGS[tag.handle, tag.suffix] = tag
            _TAG_TEXTS[id(tag)] = str(tag)
        if len(_RESOLVED) < _MAX_RESOLVED and (not isinstance(value, str) or len(value) <= 64):
            _RESOLVED[key] = shared  # short texts only: long ones are prose, seldom repeated
        return shared


_MAX_RESOLVED = 50_000
_RESOLVED: dict[tuple[Any, ...], Any] = {}  # (version, kind, text, implicit) -> shared Tag
_SHARED_TAGS: dict[tuple[Any, Any], Any] = {}
_TAG_TEXTS: dict[int, str] = {}  # id of a shared Tag -> its text (they live as long as the run)


def _tag(node: Node) -> str:
    """A node's tag as text: ``str(node.tag)``, looked up for the tags resolved here (a
    Tag's own conversion runs several Python calls; a small SEF reads some 150 tags)."""
    ctag = node.ctag
    text = _TAG_TEXTS.get(id(ctag))
    return text if text is not None else str(ctag)


def _c_loader() -> Any:
    """libyaml's parser and composer with ruamel's safe constructor and resolver: what
    ``YAML(typ="safe").compose`` builds for every document (a class made on each call, and a
    ``YAML`` whose set-up looks for plug-ins on disk), made once. It is the same parser,
    resolver and constructor, so values, tags and positions are the same; a small SEF loads in
    two thirds of the time. None without ruamel.yaml.clib (the pure parser then reads all)."""
    try:
        from _ruamel_yaml import CParser
    except ImportError:
        return None

    class CLoader(CParser, SafeConstructor, _Resolver):  # type: ignore[misc]
        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            self._parser = self._composer = self
            SafeConstructor.__init__(self, loader=self)
            self.allow_duplicate_keys = True  # duplicates are found (all) by _Inspector
            _Resolver.__init__(self, loadumper=self)

        def compose(self) -> Node | None:
            try:
                return self.get_single_node()  # type: ignore[no-any-return]
            finally:
                self.dispose()

    return CLoader


_CLoader = _c_loader()


def _yaml(*, fast: bool) -> YAML:
    yaml = YAML(typ="safe", pure=not fast)  # YAML 1.2; falls back to pure without the clib
    yaml.Resolver = _Resolver
    yaml.allow_duplicate_keys = True  # duplicates are found (all of them) by _Inspector
    yaml.max_depth = _MAX_DEPTH
    return yaml


def _compose(text: str) -> tuple[Node | None, Any]:
    """The node tree and a constructor for its scalars; syntax errors from the pure parser.

    ruamel's warnings (a reused anchor name) would print several lines with a path inside
    site-packages: they are silenced (a later alias simply refers to the later anchor)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _compose_quietly(text)


def _compose_quietly(text: str) -> tuple[Node | None, Any]:
    fast = _fast_parser_is_safe(text)
    if not fast and len(text) > _MAX_SLOW_CHARS:
        raise _Fatal(
            (1, 1),
            f"the file nests values more than {_MAX_FAST_FLOW} levels deep (or indents more "
            f"than {_MAX_FAST_INDENT} spaces) and is larger than {_MAX_SLOW_CHARS // 1000} KB; "
            "a SEF nests only a few levels: check that this is the right file",
        )
    _count_values(text, fast=fast)
    if fast and _CLoader is not None:
        loader = _CLoader(text)
        try:
            return loader.compose(), loader
        except MarkedYAMLError:
            pass  # parse again below for the message our error texts are written for
    yaml = _yaml(fast=False)
    return yaml.compose(text), yaml.constructor


_NODE_EVENTS = (ScalarEvent, SequenceStartEvent, MappingStartEvent, AliasEvent)


def _count_values(text: str, *, fast: bool) -> None:
    """Refuse a document that writes more than ``_MAX_WRITTEN`` values (``_MAX_WRITTEN_SLOW``
    when it is deep enough to need the pure parser), before composing it.

    Composing costs about 20 microseconds a value (ruamel builds and resolves each node in
    Python; the pure parser about 70), so a 1 MB file of ``[1,1,1,...]`` took 15 s; parsing
    alone costs about one, and stops at the limit. A syntax error is left for composing,
    which reports it.
    """
    limit = _MAX_WRITTEN if fast else _MAX_WRITTEN_SLOW
    if len(text) <= limit // 3:
        # No text writes more than three values a character (``?`` alone is a null mapped to a
        # null; 300,000 random short texts came no nearer than two): one this short cannot pass
        # the limit, and parsing it twice would cost a small SEF a fifth of its load time.
        return
    count = 0
    with contextlib.suppress(YAMLError):
        for event in _yaml(fast=fast).parse(text):
            if isinstance(event, _NODE_EVENTS):
                count += 1
                if count > limit:
                    raise _Fatal(
                        _pos(event.start_mark),
                        f"the document holds more than {limit:,} values (this is where "
                        "they pass that number); a SEF holds a few thousand: check that this "
                        "is the right file",
                    )


def load_yaml_text(text: str, display: str, *, keep_going: bool = False) -> Document:
    """Parse YAML 1.2 text into a positioned Document; raise InputError on any problem.

    With ``keep_going``, problems that leave the rest of the document readable (a duplicate
    key, a foreign tag, an impossible date) are put in ``Document.problems`` instead, so the
    caller can report them together with its own.
    """
    doc = Document(display, None)
    doc.values[()] = (1, 1)
    found: list[tuple[PathKey, Position, str]] = []
    directive = _unsupported_directive(text, display)
    if directive is not None:
        raise InputError([directive])
    try:
        node, constructor = _compose(text)
        if node is not None:
            inspector = _Inspector(display, constructor)
            node = inspector.checked(node, ())
            inspector.size(node, ())
            found = inspector.found
            doc.refused |= inspector.refused
            doc.data = _Builder(doc, inspector.scalars).build(node, ())
    except MarkedYAMLError as exc:
        raise InputError([_syntax_problem(exc, display)]) from None
    except _Fatal as exc:
        line, col = exc.position
        raise InputError([Problem(display, line, col, exc.message)]) from None
    except RecursionError:
        raise InputError(
            [Problem(display, 1, 1, "values are nested too deeply; a SEF nests only a few levels")]
        ) from None
    except ReaderError as exc:
        raise InputError([_reader_problem(exc, text, display)]) from None
    except YAMLError as exc:
        raise InputError([Problem(display, 1, 1, f"not valid YAML: {exc}")]) from None
    for path, (line, col), message in found:
        where = f"{display_path(path, doc.data)}: " if path else ""
        doc.problems.append(Problem(display, line, col, where + message))
    if doc.problems and not keep_going:
        raise InputError(doc.problems)
    return doc


def load_yaml(path: Path, display: str | None = None, *, keep_going: bool = False) -> Document:
    name = display if display is not None else str(path)
    return load_yaml_text(read_text(path, name), name, keep_going=keep_going)


class _Builder:
    """Plain data from the inspected node tree, recording where each key and value stands."""

    def __init__(self, doc: Document, scalars: dict[int, Any]) -> None:
        self.doc = doc
        self.scalars = scalars

    def build(self, node: Node, path: PathKey) -> Any:
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            self.mapping(node, path, out)
            return out
        if isinstance(node, SequenceNode):
            items: list[Any] = []
            for index, item in enumerate(node.value):
                child = (*path, index)
                self.doc.values[child] = _pos(item.start_mark)
                items.append(self.build(item, child))
            return items
        return self.scalar(node)

    def mapping(self, node: MappingNode, path: PathKey, out: dict[str, Any]) -> None:
        merged: list[Node] = []
        for key, value in node.value:
            if _tag(key) == _MERGE_TAG:  # '<<': bring in keys not written here
                merged.extend(value.value if isinstance(value, SequenceNode) else [value])
                continue
            name = str(key.value)
            if name in out:  # a key written here wins over one merged in; the first merge wins
                continue
            child = (*path, name)
            self.doc.values[child] = _pos(value.start_mark)
            self.doc.keys[child] = _pos(key.start_mark)
            out[name] = self.build(value, child)
        for source in merged:
            if isinstance(source, MappingNode):
                self.mapping(source, path, out)

    def scalar(self, node: Node) -> Any:
        if _tag(node) == _STR_TAG:
            return str(node.value)
        value = self.scalars.get(id(node))
        if isinstance(value, bool | int | float | dt.date) or value is None:
            return value  # datetimes stay datetimes so the model can say "a date, not a time"
        return str(node.value)
