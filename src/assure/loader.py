"""Load a SEF file: YAML → positioned plain data → validated ``Sef`` model.

Every problem found is reported at once, each with ``file:line:column``, the dotted path and
what to do about it.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from assure.model import Sef
from assure.paths import display_path
from assure.problems import InputError, Problem
from assure.source import Document, PathKey, load_yaml, load_yaml_text


@dataclass(frozen=True)
class LoadedSef:
    """A valid SEF and the document it came from (for positions)."""

    sef: Sef
    doc: Document

    @property
    def file(self) -> str:
        return self.doc.file


def load_sef(path: Path, display: str | None = None) -> LoadedSef:
    return validate_document(load_yaml(path, display))


def load_sef_text(text: str, display: str = "<text>") -> LoadedSef:
    return validate_document(load_yaml_text(text, display))


def validate_document(doc: Document) -> LoadedSef:
    if doc.data is None:
        raise InputError(
            [Problem(doc.file, 1, 1, "file is empty; a SEF starts with 'format: 1'")]
        )
    if not isinstance(doc.data, dict):
        raise InputError(
            [Problem(doc.file, 1, 1, "a SEF is a mapping of keys (format, council, ...), not a "
                     f"{_kind(doc.data)}")]
        )
    try:
        sef = Sef.model_validate(_drop_nulls(doc.data))
    except ValidationError as exc:
        raise InputError(list(schema_problems(exc, doc, Sef))) from None
    problems = [_problem(doc, path, msg, key=False) for path, msg in _consistency(sef)]
    if problems:
        raise InputError(problems)
    return LoadedSef(sef, doc)


def _kind(value: Any) -> str:
    return {list: "list", str: "piece of text"}.get(type(value), type(value).__name__)


def _drop_nulls(value: Any) -> Any:
    # The format says null is the same as absent.
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value]
    return value


def _problem(doc: Document, path: PathKey, message: str, *, key: bool) -> Problem:
    line, col = doc.key_position(path) if key else doc.position(path)
    return Problem(doc.file, line, col, f"{display_path(path, doc.data)}: {message}")


def schema_problems(
    exc: ValidationError, doc: Document, root: type[BaseModel]
) -> Iterable[Problem]:
    """pydantic's errors as positioned problems, each with what to do."""
    seen: set[tuple[PathKey, str]] = set()
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if isinstance(p, str | int))
        # Drop pydantic's union-branch labels such as 'function-before[...]'.
        path: PathKey = tuple(p for p in loc if not (isinstance(p, str) and "[" in p))
        msg = _message(err, path, root)
        if (path, msg) in seen:
            continue
        seen.add((path, msg))
        yield _problem(doc, path, msg, key=err["type"] == "extra_forbidden")


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


def _message(err: Any, path: PathKey, root: type[BaseModel]) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "extra_forbidden":
        return _unknown_key(path, root)
    if kind == "missing":
        return "required key is missing; add it"
    if kind in _TYPE_WORDS:
        return f"expected {_TYPE_WORDS[kind]}, got {_show(value)}"
    if kind == "greater_than_equal":
        return f"must be at least {_num(ctx.get('ge'))}, got {_show(value)}"
    if kind == "less_than_equal":
        unit = " (a percentage, 0-100)" if str(path[-1]).endswith("_pct") else ""
        return f"must be at most {_num(ctx.get('le'))}{unit}, got {_show(value)}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}, got {_show(value)}"
    if kind == "enum":
        return f"must be one of {ctx.get('expected')}, got {_show(value)}"
    if kind == "string_pattern_mismatch":
        if path and path[-1] == "la_code":
            return f"expected the DfE 3-digit LA code such as '370', got {_show(value)}"
        return f"{_show(value)} is not a valid id: use letters, digits, '-', '_' or '.'"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "too_short":
        return "needs at least one item"
    return f"{err['msg']} (got {_show(value)})"


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value)


def _show(value: Any) -> str:
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


def _unknown_key(path: PathKey, root: type[BaseModel]) -> str:
    model = _model_at(path[:-1], root)
    name = str(path[-1])
    if model is None:
        return "unknown key; remove it"
    known = list(model.model_fields)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
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
    claim_ids: set[str] = set()
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
                    yield (*where, "evidence", j), _unknown_ref("evidence", ref, evidence_ids)
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
                        _unknown_ref("claim", ref, claim_ids),
                    )


def _unknown_ref(what: str, ref: str, known: set[str]) -> str:
    close = difflib.get_close_matches(ref, sorted(known), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else f"; add it to the {what} list"
    return f"no {what} has the id {ref!r}{hint}"
