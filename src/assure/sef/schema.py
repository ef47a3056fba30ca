"""The JSON Schema of the SEF format 1, for editors (``assure schema``).

Generated from the pydantic models in :mod:`assure.sef.model`, then brought down to draft-07,
which is what yaml-language-server (VS Code, Neovim, JetBrains via LSP) validates with:
``$defs`` becomes ``definitions``, a ``$ref`` with siblings is wrapped in ``allOf`` (draft-07
ignores a ref's siblings), ``const`` becomes a one-value ``enum``, and no 2019/2020-only keyword
is left. Where the loader is more lenient than pydantic's own schema, the schema follows the
loader: ``null`` is the same as absent for every optional key, grades accept Ofsted's own
spellings, and ``la_code`` may be a number.

The committed copy is ``schema/sef.schema.json``; a test fails when it drifts.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from assure.base.links import SCHEMA_URL
from assure.sef.grades import Grade
from assure.sef.model import Sef

DRAFT_07 = "http://json-schema.org/draft-07/schema#"

# Keywords draft-07 does not have; yaml-language-server would ignore them or misread the schema.
NOT_DRAFT_07 = frozenset(
    {
        "$defs",
        "$anchor",
        "$dynamicRef",
        "$dynamicAnchor",
        "$recursiveRef",
        "prefixItems",
        "unevaluatedProperties",
        "unevaluatedItems",
        "dependentSchemas",
        "dependentRequired",
        "minContains",
        "maxContains",
    }
)

# Units by the suffix of a key (docs/sef-format.md: "units live in the name").
_UNITS = (
    ("_per_10k", "per 10,000 children under 18"),
    ("_pct", "%"),
    ("_days", "days"),
    ("_weeks", "weeks"),
    ("_minutes", "minutes"),
    ("_fte", "FTE"),
)


def unit_of(key: str) -> str | None:
    """The unit a key's name states, if any (``turnover_pct`` → ``%``)."""
    for suffix, unit in _UNITS:
        if key.endswith(suffix):
            return unit
    return None


def grade_pattern() -> str:
    """An ECMA-262 pattern matching exactly what :meth:`Grade.parse` accepts.

    ``parse`` lower-cases, turns every run of non-letters into one space and looks the result
    up; so each letter may be either case, and words are separated by any non-letters.
    """

    def word(w: str) -> str:
        return "".join(f"[{c.lower()}{c.upper()}]" for c in w)

    alternatives = ["[^A-Za-z]+".join(word(w) for w in s.split()) for s in Grade.spellings()]
    return "^[^A-Za-z]*(?:" + "|".join(alternatives) + ")[^A-Za-z]*$"


GRADE_SCHEMA: dict[str, Any] = {
    "type": "string",
    "description": "An Ofsted grade: outstanding, good, requires_improvement or inadequate "
    "(Ofsted's own wording, such as 'Requires improvement to be good' or 'RI', is accepted)",
    "anyOf": [{"enum": [g.key for g in Grade]}, {"pattern": grade_pattern()}],
}

LA_CODE_SCHEMA: dict[str, Any] = {
    "description": "The DfE 3-digit 'old LA code': 370 or '370' (kept as the string '370')",
    "anyOf": [
        {"type": "string", "pattern": r"^\d{3}$"},
        {"type": "integer", "minimum": 100, "maximum": 999},
        {"type": "null"},
    ],
}


def sef_schema() -> dict[str, Any]:
    """The draft-07 JSON Schema of the SEF format 1."""
    raw = Sef.model_json_schema(mode="validation", ref_template="#/definitions/{model}")
    definitions = raw.pop("$defs")
    definitions["Grade"] = copy.deepcopy(GRADE_SCHEMA)
    definitions["Council"]["properties"]["la_code"] = copy.deepcopy(LA_CODE_SCHEMA)
    for definition in definitions.values():
        _object(definition)
    _object(raw)
    raw.pop("title", None)
    schema: dict[str, Any] = {
        "$schema": DRAFT_07,
        "$id": SCHEMA_URL,
        "title": "Children's services self-evaluation (SEF), format 1",
        **raw,
        "definitions": dict(sorted(definitions.items())),
    }
    left = sorted(_keywords(schema) & NOT_DRAFT_07)
    if left:  # pragma: no cover - a pydantic upgrade would have to introduce one
        raise ValueError(f"the SEF schema uses keywords draft-07 does not have: {left}")
    return schema


def render() -> str:
    """The schema as the committed file holds it: 2-space JSON with a final newline."""
    return json.dumps(sef_schema(), indent=2, ensure_ascii=False) + "\n"


def _object(schema: dict[str, Any]) -> None:
    """Fix one object schema (a model) in place: its properties, then its own keys."""
    schema.pop("title", None)
    required = set(schema.get("required", ()))
    props: dict[str, Any] = schema.get("properties", {})
    for key, prop in list(props.items()):
        prop = _draft07(prop)
        prop.pop("title", None)
        unit = unit_of(key)
        if unit and "unit" not in prop:
            prop["unit"] = unit
        if key not in required and not _allows_null(prop):
            prop = _nullable(prop)
        props[key] = prop


def _draft07(node: Any) -> Any:
    """Rewrite 2020-12 spellings that draft-07 reads differently, recursively."""
    if isinstance(node, list):
        return [_draft07(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _draft07(v) for k, v in node.items() if k != "title"}
    if "const" in out:
        out["enum"] = [out.pop("const")]
    for branch in out.get("anyOf", ()):
        if isinstance(branch, dict) and "unit" in branch:
            out.setdefault("unit", branch.pop("unit"))
    if "$ref" in out and len(out) > 1:
        ref = out.pop("$ref")
        return {"allOf": [{"$ref": ref}], **out}
    return out


def _allows_null(prop: dict[str, Any]) -> bool:
    return prop.get("type") == "null" or any(
        isinstance(b, dict) and b.get("type") == "null" for b in prop.get("anyOf", ())
    )


_ANNOTATIONS = ("description", "default", "unit", "examples")


def _nullable(prop: dict[str, Any]) -> dict[str, Any]:
    """``null`` is the same as absent (docs/sef-format.md); keep annotations outside."""
    notes = {k: prop.pop(k) for k in _ANNOTATIONS if k in prop}
    if list(prop) == ["allOf"] and len(prop["allOf"]) == 1:
        prop = prop["allOf"][0]  # the ref's siblings moved out: no wrapper needed
    return {"anyOf": [prop, {"type": "null"}], **notes}


def _keywords(node: Any) -> set[str]:
    if isinstance(node, list):
        return set().union(*(_keywords(n) for n in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = set(node)
    for key, value in node.items():
        if key == "properties" and isinstance(value, dict):
            # Property names are data, not keywords.
            found |= set().union(*(_keywords(v) for v in value.values())) if value else set()
        else:
            found |= _keywords(value)
    return found
