"""``assure init``: a commented SEF template that teaches the whole format.

The template is generated from the JSON Schema (itself generated from the model), so it names
every key of format 1 with the description and unit the model gives it, and it cannot drift from
the format. Facts are ``null`` (the same as absent: "not stated"); lists are empty, with a
commented example item. The result passes ``assure validate``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

from assure.sef import areas
from assure.sef.schema import sef_schema

# Example items for the lists, shown commented out under each list.
EXAMPLES: dict[str, list[str]] = {
    "Claim": [
        "- id: hp-k1",
        "  kind: strength",
        "  text: What you know about the quality and impact of practice, in a sentence or two.",
        "  evidence: [ev-audit-1]",
    ],
    "Plan": [
        "- id: hp-p1",
        "  action: What you will do about a weakness, and by when.",
        "  addresses: [hp-k2]",
        "  owner: Head of service",
        "  due: 2026-12-31",
        "  status: on_track",
    ],
    "Evidence": [
        "- id: ev-audit-1",
        "  kind: case_audit",
        "  title: Themed audit of strategy discussions",
        "  date: 2026-02-28",
        "  sample_size: 40",
    ],
    "Accepted": [
        "- rule: HP003",
        "  reason: Why the gap is accepted for now",
        "  owner: Director of Children's Services",
        "  expires: 2026-12-31",
    ],
    "Signature": ["{name: Name of the signatory, date: 2026-05-31}"],
}
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 .'&()-]*[A-Za-z0-9.)]$|^[A-Za-z]$")
STRING_LIST_EXAMPLES = {
    "mash_agencies": "[police, health, education, probation, housing]",
    "evidence": "[ev-audit-1]",
    "addresses": "[hp-k1]",
}


def financial_year(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last complete financial year (April to March) before ``today``."""
    end_year = today.year if today >= dt.date(today.year, 4, 1) else today.year - 1
    return dt.date(end_year - 1, 4, 1), dt.date(end_year, 3, 31)


def render(
    council: str,
    *,
    today: dt.date,
    schema_ref: str,
    year_ending: int | None = None,
    la_code: str | None = None,
    region: str | None = None,
    figures: Mapping[str, tuple[float, str]] | None = None,
) -> str:
    """The template. ``year_ending``: the period is the year ending 31 March of that year (else
    the last complete one before ``today``). ``figures``: ``data.<section>.<field>`` → (value,
    a note naming its source), written in with the note as a comment."""
    council = " ".join(council.split()) or "Your council"
    if year_ending is None:
        start, end = financial_year(today)
    else:
        start, end = dt.date(year_ending - 1, 4, 1), dt.date(year_ending, 3, 31)
    placeholders: dict[tuple[str, ...], str] = {
        ("format",): "1",
        ("framework",): "ilacs-2026",
        ("council", "name"): _scalar(council),
        ("period", "start"): start.isoformat(),
        ("period", "end"): end.isoformat(),
    }
    if la_code:
        placeholders[("council", "la_code")] = json.dumps(la_code)
    if region:
        placeholders[("council", "region")] = _scalar(region)
    for name, (value, note) in (figures or {}).items():
        number = str(int(value)) if float(value).is_integer() else repr(value)
        placeholders[tuple(name.split("."))] = f"{number}  # {' '.join(note.split())}"
    schema = sef_schema()
    writer = _Writer(schema["definitions"], placeholders)
    head = [
        f"# yaml-language-server: $schema={schema_ref}",
        "#",
        f"# {council}: children's services self-evaluation (SEF), format 1.",
        "# Written by `assure init`; the format is described in docs/sef-format.md.",
        "# Every key of the format is here. null (or leaving the key out) means 'not stated':",
        '# where a rule needs the fact, `assure check` reports it ("how do you know?").',
        "# Lines starting with '#' under a list are an example item: copy and fill them in.",
        "# Check the file with: assure validate FILE, then assure check FILE.",
        "",
    ]
    writer.object(schema, (), 0)
    return "\n".join(head + writer.lines) + "\n"


class _Writer:
    def __init__(self, definitions: dict[str, Any], placeholders: dict[tuple[str, ...], str]):
        self.definitions = definitions
        self.placeholders = placeholders
        self.lines: list[str] = []

    def resolve(self, node: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
        """Follow refs and drop the ``null`` branch: the schema of the value, its def name."""
        name = None
        while True:
            if "$ref" in node:
                name = node["$ref"].rsplit("/", 1)[-1]
                node = self.definitions[name]
            elif "allOf" in node and len(node["allOf"]) == 1:
                node = node["allOf"][0]
            elif "anyOf" in node and name != "Grade":
                branches = [b for b in node["anyOf"] if b.get("type") != "null"]
                if len(branches) != 1:
                    return node, name
                node = branches[0]
            else:
                return node, name

    def object(self, schema: dict[str, Any], path: tuple[str, ...], indent: int) -> None:
        required = set(schema.get("required", ()))
        for key, prop in schema.get("properties", {}).items():
            self.field(key, prop, (*path, key), indent, key in required)

    def field(
        self, key: str, prop: dict[str, Any], path: tuple[str, ...], indent: int, required: bool
    ) -> None:
        pad = " " * indent
        value, name = self.resolve(prop)
        note = _note(prop, value, name)
        section = value.get("type") == "object" and path[0] in ("areas", "data")
        after_header = bool(self.lines) and self.lines[-1].endswith(":")
        if (indent == 0 and path != ("format",)) or (section and indent == 2 and not after_header):
            self.lines.append("")
        self.lines.append(f"{pad}# {note}")
        if path in self.placeholders:
            self.lines.append(f"{pad}{key}: {self.placeholders[path]}")
        elif value.get("type") == "object" and (required or not value.get("required")):
            self.lines.append(f"{pad}{key}:")
            self.object(value, path, indent + 2)
        elif value.get("type") == "object":
            example = " ".join(EXAMPLES.get(name or "", []))
            self.lines.append(f"{pad}{key}: null" + (f"  # e.g. {example}" if example else ""))
        elif value.get("type") == "array":
            items, item_name = self.resolve(value.get("items", {}))
            if items.get("type") == "object":
                prefix = areas.area(path[1]).id_prefix if path[0] == "areas" else "hp"
                self.lines.append(f"{pad}{key}: []")
                self.lines += [
                    f"{pad}#   {line.replace('hp-', prefix + '-')}"
                    for line in EXAMPLES.get(item_name or "", [])
                ]
            else:
                example = STRING_LIST_EXAMPLES.get(key, "[]")
                self.lines.append(f"{pad}{key}: null  # e.g. {example}")
        else:
            self.lines.append(f"{pad}{key}: null")


def _note(prop: dict[str, Any], value: dict[str, Any], name: str | None) -> str:
    description = " ".join(str(prop.get("description") or value.get("description", "")).split())
    hint = _hint(prop, value, name)
    return f"{description} [{hint}]" if hint else description


def _hint(prop: dict[str, Any], value: dict[str, Any], name: str | None) -> str:
    unit = prop.get("unit")
    if name == "Grade":
        return "outstanding | good | requires_improvement | inadequate"
    if "enum" in value:
        return " | ".join(str(v) for v in value["enum"]) if len(value["enum"]) > 1 else ""
    kind = value.get("type")
    if kind == "boolean":
        return "true | false"
    if kind == "integer":
        return f"whole number, {unit}" if unit else "whole number"
    if kind == "number":
        if unit == "%":
            low, high = value.get("minimum"), value.get("maximum")
            return f"%, {low} to {high}" if low is not None and high is not None else "%"
        return f"number, {unit}" if unit else "number"
    if kind == "string" and value.get("format") == "date":
        return "date, YYYY-MM-DD"
    if kind == "array":
        return "list"
    return ""


def _scalar(text: str) -> str:
    """A YAML scalar for ``text``: plain when plainly safe, else double-quoted."""
    if _PLAIN.match(text) and text.lower() not in ("null", "true", "false", "yes", "no", "on"):
        return text
    return json.dumps(text, ensure_ascii=False)
