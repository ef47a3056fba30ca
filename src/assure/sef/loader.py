"""Load a SEF file: YAML → positioned plain data → validated ``Sef`` model.

Every problem found is reported at once, each with ``file:line:column``, the dotted path and
what to do about it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic
import pydantic_core
from pydantic import BaseModel, ValidationError

from assure.base import cache
from assure.base.problems import InputError, Problem
from assure.sef.model import Sef
from assure.sef.paths import PathKey, display_path
from assure.sef.references import raw_reference_problems
from assure.sef.yaml_reader import Document, load_yaml, load_yaml_text


@dataclass(frozen=True)
class LoadedSef:
    """A valid SEF and the document it came from (for positions)."""

    sef: Sef
    doc: Document

    @property
    def file(self) -> str:
        return self.doc.file


def load_sef(path: Path, display: str | None = None) -> LoadedSef:
    return validate_document(load_yaml(path, display, keep_going=True))


def load_sef_text(text: str, display: str = "<text>") -> LoadedSef:
    return validate_document(load_yaml_text(text, display, keep_going=True))


def validate_document(doc: Document) -> LoadedSef:
    """Validate a loaded document; raise InputError with every problem in it at once."""
    problems = list(doc.problems)  # duplicate keys, foreign tags, impossible dates, ...
    if doc.data is None:
        if not problems:
            problems.append(Problem(doc.file, 1, 1, "file is empty; a SEF starts with 'format: 1'"))
        raise InputError(problems)
    if not isinstance(doc.data, dict):
        problems.append(
            Problem(
                doc.file,
                1,
                1,
                f"a SEF is a mapping of keys (format, council, period, ...), not {_kind(doc.data)}",
            )
        )
        raise InputError(problems)
    try:
        sef = sef_validator().validate_python(_drop_nulls(doc.data, (), Sef))
    except ValidationError as exc:
        problems.extend(
            p for p, path in _schema_problems(exc, doc, Sef) if not doc.is_refused(path)
        )
        # Unknown ids too, read from the raw document: every problem in one run.
        suggest: dict[int, _Suggest] = {}  # one per set of known ids: suggestions stay cheap
        problems.extend(
            _problem(
                doc,
                path,
                _unknown_ref(kind, ref, suggest.setdefault(id(known), _Suggest(known))),
                key=False,
            )
            for path, kind, ref, known in raw_reference_problems(doc.data)
            if not doc.is_refused(path)
        )
        raise InputError(problems) from None
    problems.extend(_problem(doc, path, msg, key=False) for path, msg in _consistency(sef))
    if problems:
        raise InputError(problems)
    return LoadedSef(sef, doc)


@functools.cache
def sef_validator() -> pydantic_core.SchemaValidator:
    """The validator of ``Sef``, kept in the cache between runs.

    Building it (pydantic generates the core schema, then pydantic-core compiles it) is the
    largest part of a cold start, so the models are ``defer_build`` and the compiled validator
    is cached like a rule pack. It is pydantic's own schema, for the same models, so it
    accepts, refuses and reports exactly as ``Sef.model_validate`` does; only each node's
    ``metadata`` is left out: it holds JSON-schema hooks, which validation does not use and
    one of which (for enums) is a local function that cannot be pickled.
    """
    built_from = cache.stamp(cache.code_files(), pydantic.VERSION, pydantic_core.__version__)
    entry = cache.entry("sef-validator", cache.package_folder())
    cached = cache.read(entry, built_from)
    if isinstance(cached, pydantic_core.SchemaValidator):
        return cached
    Sef.model_rebuild()
    validator = pydantic_core.SchemaValidator(_without_metadata(Sef.__pydantic_core_schema__))
    cache.write(entry, built_from, validator)
    return validator


def _without_metadata(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_metadata(v) for k, v in node.items() if k != "metadata"}
    if isinstance(node, list):
        return [_without_metadata(v) for v in node]
    return node


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"a piece of text ({_show(value)})"
    if isinstance(value, bool):
        return f"true or false ({_show(value)})"
    if isinstance(value, int | float):
        return f"a number ({_show(value)})"
    return f"a single value ({_show(value)})"


def _drop_nulls(value: Any, path: PathKey, root: type[BaseModel]) -> Any:
    """The format says null is the same as absent: drop null values of known keys.

    A null under an unknown key is kept, so that the typo is still reported.
    """
    if isinstance(value, dict):
        model = _model_at(path, root)
        known = set(model.model_fields) if model is not None else set()
        return {
            k: _drop_nulls(v, (*path, k), root)
            for k, v in value.items()
            if v is not None or (model is not None and k not in known)
        }
    if isinstance(value, list):
        return [_drop_nulls(v, (*path, i), root) for i, v in enumerate(value)]
    return value


def _problem(doc: Document, path: PathKey, message: str, *, key: bool) -> Problem:
    line, col = doc.key_position(path) if key else doc.position(path)
    return Problem(doc.file, line, col, f"{display_path(path, doc.data)}: {message}")


def schema_problems(
    exc: ValidationError, doc: Document, root: type[BaseModel]
) -> Iterable[Problem]:
    """pydantic's errors as positioned problems, each with what to do."""
    return (p for p, _ in _schema_problems(exc, doc, root))


def _schema_problems(
    exc: ValidationError, doc: Document, root: type[BaseModel]
) -> Iterable[tuple[Problem, PathKey]]:
    seen: set[tuple[PathKey, str]] = set()
    errors = exc.errors(include_url=False)
    suggest = len(errors) <= _MAX_SUGGESTING  # did-you-mean costs: not for thousands of errors
    for err in errors:
        path = _document_path(err["loc"], doc.data)
        msg = _message(err, path, root, suggest=suggest)
        written = path in doc.keys  # a required key written with no value ('council:')
        if err["type"] == "missing" and written and path:
            msg = msg.replace(" is missing;", " has no value;", 1)
        if (path, msg) in seen:
            continue
        seen.add((path, msg))
        key = err["type"] == "extra_forbidden" or (err["type"] == "missing" and written)
        yield _problem(doc, path, msg, key=key), path


def _document_path(loc: tuple[Any, ...], data: Any) -> PathKey:
    """pydantic's error location as a path in the document: without pydantic's union-branch
    labels such as 'function-before[...]', but keeping a key of the SEF that contains '['."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and isinstance(part, str) and part in node
        if in_dict or (isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
            node = node[part]
        elif isinstance(part, str) and "[" in part:
            continue  # a union-branch label, not a key
        elif isinstance(part, str | int):
            node = None
        else:
            continue
        path.append(part)
    return tuple(path)


_TYPE_WORDS = {
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "string_type": "text",
    "date_type": "a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "a date without a time (YYYY-MM-DD)",
    "list_type": "a list",
    "model_type": "a mapping of keys",
    "dict_type": "a mapping of keys",
    "finite_number": "a finite number",
}


_MISSING_HINTS: dict[PathKey, str] = {
    ("format",): "add 'format: 1' as the first line",
    ("council",): "add 'council: {name: ...}'",
    ("period",): "add 'period: {start: YYYY-MM-DD, end: YYYY-MM-DD}'",
}

_YAML_11_BOOLS = {"yes", "no", "on", "off", "y", "n", "true", "false"}


_MAX_SUGGESTING = 500


def _message(err: Any, path: PathKey, root: type[BaseModel], *, suggest: bool = True) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "extra_forbidden":
        return _unknown_key(path, root, suggest=suggest)
    if kind == "missing":
        hint = _MISSING_HINTS.get(path, "add it")
        return f"required key {str(path[-1])!r} is missing; {hint}" if path else hint
    if path == ("format",):
        return _format_message(value)
    if kind in (
        "date_type",
        "date_from_datetime_inexact",
        "date_parsing",
        "date_from_datetime_parsing",
    ):
        return _date_message(value)
    if kind in ("int_type", "int_from_float", "float_type", "int_parsing", "float_parsing"):
        hint = _number_hint(value)
        if hint:
            return f"expected {_TYPE_WORDS.get(kind, 'a number')}, got {_show(value)}; {hint}"
    if kind == "bool_type" and isinstance(value, str) and value.lower() in _YAML_11_BOOLS:
        word = "true" if value.lower() in {"yes", "on", "y", "true"} else "false"
        return (
            f"expected true or false, got the text {_show(value)} (YAML 1.2 reads it as text); "
            f"write {word}"
        )
    if kind in _TYPE_WORDS:
        return f"expected {_TYPE_WORDS[kind]}, got {_show(value)}"
    if kind == "greater_than_equal":
        return f"must be at least {_num(ctx.get('ge'))}, got {_show(value)}"
    if kind == "less_than_equal":
        unit = " (a percentage, 0-100)" if str(path[-1]).endswith("_pct") else ""
        return f"must be at most {_num(ctx.get('le'))}{unit}, got {_show(value)}"
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected"))
        choices = re.findall(r"'([^']*)'", expected)
        close = (
            difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
            if isinstance(value, str) and suggest
            else []
        )
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"must be one of {expected}, got {_show(value)}{hint}"
    if kind == "string_pattern_mismatch":
        if path and path[-1] == "la_code":
            return f"expected the DfE 3-digit LA code such as '370', got {_show(value)}"
        return f"{_show(value)} is not a valid id: use letters, digits, '-', '_' or '.'"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {_num(ctx.get('max_length'))} characters)"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "too_short":
        return "needs at least one item"
    return f"{err['msg']} (got {_show(value)})"


def _format_message(value: Any) -> str:
    if isinstance(value, str) and value.strip() == "1":
        return "write the format version as a number without quotes: 'format: 1'"
    if isinstance(value, int) and not isinstance(value, bool) and value > 1:
        return (
            f"format {value} is not supported: this version of assure reads format 1; "
            "upgrade assure or write the file in format 1"
        )
    return f"the format version must be 1 ('format: 1'), got {_show(value)}"


def _date_message(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return (
            f"expected a date without a time, got {value.isoformat(sep=' ')}; "
            f"write {value.date().isoformat()}"
        )
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
        else:
            return f"expected a date, got the text {_show(value)}; write {day} without quotes"
    return f"expected a date written YYYY-MM-DD, got {_show(value)}"


def _number_hint(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    text = value.strip()
    bare = text.removesuffix("%").strip().replace(",", "")
    try:
        float(bare)
    except ValueError:
        return ""
    if text.endswith("%"):
        return f"write {bare} without the '%' sign"
    if "," in text:
        return f"write {bare} without commas"
    return f"write {bare} without quotes"


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value)


def _show(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _model_at(path: PathKey, root: type[BaseModel]) -> type[BaseModel] | None:
    model: type[BaseModel] | None = root
    for part in path:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) or next(
            (f for f in model.model_fields.values() if f.alias == part), None
        )
        model = _model_in(field.annotation) if field is not None else None
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def _unknown_key(path: PathKey, root: type[BaseModel], *, suggest: bool = True) -> str:
    if not path:
        return "unknown key; remove it"
    model = _model_at(path[:-1], root)
    name = str(path[-1])
    if model is None:
        return "unknown key; remove it"
    known = list(model.model_fields)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6) if suggest else []
    if close:
        return f"unknown key {name!r}; did you mean {close[0]!r}?"
    return f"unknown key {name!r}; expected one of: {', '.join(known)}"


def _consistency(sef: Sef) -> Iterable[tuple[PathKey, str]]:
    """Checks across fields: ids unique and known, dates in order, the framework's areas."""
    if sef.period.end < sef.period.start:
        yield ("period", "end"), "the period ends before it starts"
    if sef.framework != "ilacs-2023" and sef.self_grades.overall is not None:
        yield (
            ("self_grades", "overall"),
            f"there is no overall effectiveness judgement under {sef.framework}; remove it or "
            "set 'framework: ilacs-2023'",
        )
    evidence_ids: set[str] = set()
    for i, ev in enumerate(sef.evidence):
        if ev.id in evidence_ids:
            yield ("evidence", i, "id"), f"evidence id {ev.id!r} is used twice; ids must be unique"
        evidence_ids.add(ev.id)
    evidence_known = _Suggest(evidence_ids)
    claim_ids: set[str] = set()
    claim_known = _Suggest(claim_ids)
    plan_ids: set[str] = set()
    for area_name in type(sef.areas).model_fields:
        area = getattr(sef.areas, area_name)
        if area is None:
            continue
        for i, claim in enumerate(area.know):
            where: PathKey = ("areas", area_name, "know", i)
            if claim.id in claim_ids:
                yield (*where, "id"), f"claim id {claim.id!r} is used twice; ids must be unique"
            claim_ids.add(claim.id)
            for j, ref in enumerate(claim.evidence):
                if ref not in evidence_ids:
                    yield (*where, "evidence", j), _unknown_ref("evidence", ref, evidence_known)
        for i, plan in enumerate(area.plans):
            if plan.id in plan_ids:
                yield (
                    ("areas", area_name, "plans", i, "id"),
                    f"plan id {plan.id!r} is used twice; ids must be unique",
                )
            plan_ids.add(plan.id)
    for area_name in type(sef.areas).model_fields:
        area = getattr(sef.areas, area_name)
        for i, plan in enumerate(area.plans if area else []):
            for j, ref in enumerate(plan.addresses):
                if ref not in claim_ids:
                    yield (
                        ("areas", area_name, "plans", i, "addresses", j),
                        _unknown_ref("claim", ref, claim_known),
                    )


def _unknown_ref(what: str, ref: str, known: _Suggest) -> str:
    close = known.closest(ref)
    if close:
        hint = f"; did you mean {close!r}?"
    elif what == "claim":
        hint = "; add a claim with this id under areas.<area>.know, or fix the id"
    else:
        hint = "; add an item with this id to the top-level 'evidence' list, or fix the id"
    return f"no {what} has the id {ref!r}{hint}"


class _Suggest:
    """Did-you-mean for ids, kept cheap whatever the file holds: difflib compares a word with
    every candidate, so a claim citing 5,000 unknown ids among 5,000 known ones once took over a
    minute. Only ids of a similar length are candidates (at most ``_CANDIDATES``), each word is
    looked up once, and after ``_SUGGESTIONS`` look-ups the rest go without a suggestion (only
    the first problems of a file are shown anyway)."""

    def __init__(self, known: set[str]) -> None:
        self.known = known
        self.by_length: list[str] | None = None
        self.done: dict[str, str | None] = {}

    def closest(self, word: str) -> str | None:
        if word in self.done:
            return self.done[word]
        if len(self.done) >= _SUGGESTIONS:
            return None
        if self.by_length is None:
            self.by_length = sorted(self.known, key=lambda k: (len(k), k))
        # A ratio of 0.6 needs the shorter word to be at least 3/7 of the longer one.
        low, high = len(word) * 3 // 7, len(word) * 7 // 3 + 1
        candidates = [k for k in self.by_length if low <= len(k) <= high][:_CANDIDATES]
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
        self.done[word] = close[0] if close else None
        return self.done[word]


_SUGGESTIONS = 50
_CANDIDATES = 2000
