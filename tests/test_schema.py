"""The JSON Schema for editors: valid draft-07, up to date, and in step with the loader."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from ruamel.yaml import YAML
from typer.testing import CliRunner

from assure.base.problems import InputError
from assure.cli import app
from assure.sef import schema as sefschema
from assure.sef.grades import Grade
from assure.sef.loader import load_sef_text

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "schema" / "sef.schema.json"
EXAMPLES = sorted((ROOT / "self_assessments").glob("*.yaml"))


def plain(value: Any) -> Any:
    """YAML data as an editor sees it: dates are strings."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def load(path: Path) -> Any:
    return plain(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return sefschema.sef_schema()


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Draft7Validator:
    return Draft7Validator(schema)


def test_the_committed_schema_is_up_to_date() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == sefschema.render(), (
        "schema/sef.schema.json is out of date: run `assure schema -o schema/sef.schema.json`"
    )


def test_assure_schema_prints_and_writes_it(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == sefschema.render()
    target = tmp_path / "sef.schema.json"
    result = runner.invoke(app, ["schema", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8") == sefschema.render()


def test_it_is_valid_draft_07(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)


def _walk(node: Any, path: str = "#") -> Any:
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}/{i}")


def test_it_uses_only_draft_07_keywords(schema: dict[str, Any]) -> None:
    text = json.dumps(schema)
    for keyword in ("$defs", "prefixItems", "unevaluatedProperties", "dependentSchemas"):
        assert f'"{keyword}"' not in text
    for path, node in _walk(schema):
        if "$ref" in node:
            ref = node["$ref"]
            m = re.fullmatch(r"#/definitions/(\w+)", ref)
            assert m and m[1] in schema["definitions"], (path, ref)
            assert set(node) == {"$ref"}, f"{path}: draft-07 ignores siblings of $ref"
        assert "const" not in node, path


def test_every_key_is_described(schema: dict[str, Any]) -> None:
    undescribed = [
        path
        for path, node in _walk(schema)
        if path.rsplit("/", 2)[-2:-1] == ["properties"] and not node.get("description")
    ]
    assert undescribed == []


def test_units_follow_the_key_names(schema: dict[str, Any]) -> None:
    workforce = schema["definitions"]["Workforce"]["properties"]
    assert workforce["turnover_pct"]["unit"] == "%"
    assert workforce["social_workers_fte"]["unit"] == "FTE"
    standards = schema["definitions"]["LocalStandards"]["properties"]
    assert standards["cp_visit_interval_days"]["unit"] == "days"
    assert standards["supervision_interval_weeks"]["unit"] == "weeks"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_it_validates_the_shipped_examples(example: Path, validator: Draft7Validator) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(load(example))]
    assert errors == []


def _sef(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "format": 1,
        "council": {"name": "Testshire"},
        "period": {"start": "2025-04-01", "end": "2026-03-31"},
    }
    base.update(extra)
    return base


def loads(sef: dict[str, Any]) -> bool:
    """Whether the loader accepts the SEF (written as YAML, with real dates)."""
    data = copy.deepcopy(sef)
    if isinstance(data.get("period"), dict):
        data["period"] = {k: dt.date.fromisoformat(v) for k, v in data["period"].items()}
    out = io.StringIO()
    YAML(typ="safe", pure=True).dump(data, out)
    try:
        load_sef_text(out.getvalue())
    except InputError:
        return False
    return True


def test_it_rejects_an_unknown_key(validator: Draft7Validator) -> None:
    assert not validator.is_valid(_sef(colour="blue"))
    assert not validator.is_valid(_sef(data={"workforce": {"caseload_avg": 12}}))
    example = load(EXAMPLES[0])
    assert validator.is_valid(example)
    bad = copy.deepcopy(example)
    bad["data"]["workforce"]["caseload_avrage"] = 12
    assert not validator.is_valid(bad)


def test_null_is_the_same_as_absent(validator: Draft7Validator) -> None:
    sef = _sef(
        framework=None,
        sign_off=None,
        data={"workforce": None, "leadership": {"open_cases": None}},
        local_standards=None,
        accepted=None,
    )
    assert validator.is_valid(sef)
    assert loads(sef)  # the loader agrees
    assert not validator.is_valid({**_sef(), "council": None})


@pytest.mark.parametrize(
    "text",
    [
        "good",
        "Good",
        "GOOD",
        "requires_improvement",
        "Requires improvement to be good",
        "requires-improvement",
        "RI",
        "ri",
        " outstanding ",
        "Inadequate.",
        "goood",
        "requires",
        "not good",
        "",
        "r i",
        "good good",
    ],
)
def test_grades_accept_exactly_what_the_loader_accepts(
    text: str, validator: Draft7Validator
) -> None:
    try:
        Grade.parse(text)
        parses = True
    except ValueError:
        parses = False
    sef = _sef(self_grades={"leadership": text})
    assert validator.is_valid(sef) is parses
    assert loads(sef) is parses


@pytest.mark.parametrize(
    ("value", "ok"),
    [("370", True), (370, True), (7, False), ("37", False), (1234, False), ("abc", False)],
)
def test_la_code_is_a_number_or_a_string(value: Any, ok: bool, validator: Draft7Validator) -> None:
    sef = _sef(council={"name": "T", "la_code": value})
    assert validator.is_valid(sef) is ok
    assert loads(sef) is ok


@pytest.mark.parametrize(
    "extra",
    [
        {"format": 2},
        {"framework": "ilacs-2019"},
        {"data": {"workforce": {"turnover_pct": 140}}},
        {"data": {"workforce": {"caseload_max": -1}}},
        {"data": {"workforce": {"workforce_strategy": "yes"}}},
        {"areas": {"leadership": {"know": [{"id": "k1", "kind": "hope", "text": "x"}]}}},
        {"evidence": [{"id": "e 1", "kind": "case_audit", "title": "x"}]},
        {"accepted": [{"reason": "no rule"}]},
    ],
)
def test_it_rejects_what_the_loader_rejects(
    extra: dict[str, Any], validator: Draft7Validator
) -> None:
    sef = _sef(**extra)
    assert loads(_sef())
    assert not validator.is_valid(sef)
    assert not loads(sef)
