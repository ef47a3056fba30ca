"""``assure init``: the template round-trips through ``validate`` and ``check`` and teaches the
whole format."""

from __future__ import annotations

import datetime as dt
import re
import typing
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from pydantic import BaseModel
from ruamel.yaml import YAML
from typer.testing import CliRunner

from assure.base.links import SCHEMA_URL
from assure.cli import app
from assure.sef import schema as sefschema
from assure.sef import template
from assure.sef.model import Accepted, Claim, Evidence, Plan, Sef, Signature

runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


def test_init_then_validate_then_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("init", "-o", "x.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "wrote x.yaml" in result.stderr
    result = invoke("validate", "x.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "x.yaml: valid SEF (format 1, ilacs-2026)\n"
    result = invoke("check", "x.yaml", "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    assert '"findings"' in result.stdout


def test_default_output_is_sef_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert invoke("init").exit_code == 0
    assert (tmp_path / "sef.yaml").is_file()


def test_it_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "sef.yaml"
    target.write_text("mine\n", encoding="utf-8")
    result = invoke("init", "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr == f"{target}:1:1: error: the file exists; use --force to overwrite it\n"
    assert target.read_text(encoding="utf-8") == "mine\n"
    result = invoke("init", "-o", str(target), "--force", "--council", "Northshire")
    assert result.exit_code == 0, result.stderr
    assert "name: Northshire" in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["sef.yaml"]  # written atomically, no debris


def test_a_missing_folder_is_a_positioned_error(tmp_path: Path) -> None:
    target = tmp_path / "no" / "sef.yaml"
    result = invoke("init", "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{target}: error: cannot write")  # no place in the file


def test_first_line_is_the_editor_modeline(tmp_path: Path) -> None:
    # No schema above the file: the published URL.
    result = invoke("init", "-o", "-")
    first = result.stdout.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    invoke("init", "-o", str(lonely / "sef.yaml"))
    first = (lonely / "sef.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={SCHEMA_URL}"
    # A copy of the schema in a folder above: a relative path an editor can open.
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "sef.schema.json").write_text(sefschema.render(), encoding="utf-8")
    (tmp_path / "sefs" / "2026").mkdir(parents=True)
    target = tmp_path / "sefs" / "2026" / "sef.yaml"
    assert invoke("init", "-o", str(target)).exit_code == 0
    first = target.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/sef.schema.json"
    assert (target.parent / "../../schema/sef.schema.json").resolve().is_file()


def _keys(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Every key reached through maps (not through list items or optional records)."""
    keys = []
    for name, field in model.model_fields.items():
        keys.append(prefix + name)
        for candidate in [field.annotation, *typing.get_args(field.annotation)]:
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                required = [f.is_required() for f in candidate.model_fields.values()]
                if any(required) and not field.is_required():
                    continue  # a record such as a signature: shown as null with an example
                keys += _keys(candidate, f"{prefix}{name}.")
    return keys


def test_the_template_names_every_key_of_the_format() -> None:
    text = template.render("Testshire", today=dt.date(2026, 11, 24), schema_ref=SCHEMA_URL)
    data = YAML(typ="safe", pure=True).load(text)
    missing = []
    for dotted in _keys(Sef):
        node: Any = data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                missing.append(dotted)
                break
            node = node[part]
    assert missing == []
    assert "data.workforce.turnover_pct" in _keys(Sef)
    # List items and records are taught by a commented example naming every key.
    for model in (Claim, Plan, Evidence, Accepted, Signature):
        for name in model.model_fields:
            assert re.search(rf"#.*\b{name}:", text), (model.__name__, name)


def test_every_section_and_key_has_a_comment() -> None:
    text = template.render("Testshire", today=dt.date(2026, 11, 24), schema_ref=SCHEMA_URL)
    lines = text.splitlines()
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped and not stripped.startswith("#") and ":" in stripped:
            above = lines[i - 1].lstrip()
            assert above.startswith("# ") and len(above) > 4, line
    assert "(DfE CSWW)" in text and "(DfE CIN census)" in text and "(DfE SSDA903)" in text


def test_the_template_is_valid_against_the_json_schema() -> None:
    text = template.render("Testshire", today=dt.date(2026, 11, 24), schema_ref=SCHEMA_URL)
    data = YAML(typ="safe", pure=True).load(text)
    data["period"] = {k: v.isoformat() for k, v in data["period"].items()}
    assert list(Draft7Validator(sefschema.sef_schema()).iter_errors(data)) == []


@pytest.mark.parametrize("council", ["Brighton & Hove", "Bath: North East", "null", "#1 Council"])
def test_any_council_name_round_trips(council: str, tmp_path: Path) -> None:
    target = tmp_path / "sef.yaml"
    assert invoke("init", "--council", council, "-o", str(target)).exit_code == 0
    result = invoke("validate", str(target))
    assert result.exit_code == 0, result.stderr
    assert YAML(typ="safe", pure=True).load(target.read_text())["council"]["name"] == council


def test_period_is_the_last_complete_financial_year() -> None:
    assert template.financial_year(dt.date(2026, 11, 24)) == (
        dt.date(2025, 4, 1),
        dt.date(2026, 3, 31),
    )
    assert template.financial_year(dt.date(2026, 3, 31)) == (
        dt.date(2024, 4, 1),
        dt.date(2025, 3, 31),
    )


# --- assure init --la: the council's published figures filled in ----------------------------


def _init_la(tmp_path: Path, *args: str) -> tuple[Any, str]:
    target = tmp_path / "sef.yaml"
    result = invoke("init", "-o", str(target), *args)
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    return result, text


def test_init_la_fills_in_the_council_and_every_published_figure(tmp_path: Path) -> None:
    from assure.figures import load

    result, text = _init_la(tmp_path, "--la", "202", "--year", "2025")
    assert result.exit_code == 0, result.stderr
    doc = YAML(typ="safe").load(text)
    assert doc["council"] == {"name": "Camden", "la_code": "202", "region": "London"}
    assert (str(doc["period"]["start"]), str(doc["period"]["end"])) == ("2024-04-01", "2025-03-31")
    published = load().template_values("202", 2025)
    assert len(published) >= 10  # workforce, children in need, children looked after
    for field, pub in published.items():
        section, key = field.split(".")
        assert doc["data"][section][key] == pytest.approx(pub.value), field
        line = next(ln for ln in text.splitlines() if ln.strip().startswith(f"{key}:"))
        assert load().source(field) in line, line  # the comment names the source
    # workforce figures are the 30 September 2024 snapshot, the others the year to March 2025
    assert published["workforce.caseload_average"].at == dt.date(2024, 9, 30)
    assert "30 September 2024 snapshot" in next(
        ln for ln in text.splitlines() if "caseload_average:" in ln
    )
    assert "year ending 31 March 2025" in next(
        ln for ln in text.splitlines() if "rereferral_12m_pct:" in ln
    )
    target = str(tmp_path / "sef.yaml")
    assert invoke("validate", target).exit_code == 0
    checked = invoke("check", target, "--format", "json", "--fail-on", "never")
    assert checked.exit_code == 0, checked.stderr
    assert '"Camden"' in checked.stdout


def test_init_la_takes_a_name_as_well_as_a_code(tmp_path: Path) -> None:
    by_code = _init_la(tmp_path, "--la", "202", "--year", "2024")[1]
    (tmp_path / "sef.yaml").unlink()
    result, by_name = _init_la(tmp_path, "--la", "camden", "--year", "2024")
    assert result.exit_code == 0, result.stderr
    assert by_name == by_code


def test_init_la_alone_uses_the_latest_year_published(tmp_path: Path) -> None:
    from assure.figures import load

    figures = load()
    latest = max(figures.years("front_door.rereferral_12m_pct"))
    result, text = _init_la(tmp_path, "--la", "Camden")
    assert result.exit_code == 0, result.stderr
    assert f"end: {latest}-03-31" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--la", "camdn"], "assure: error: --la: no council 'camdn'; did you mean Camden (202)?"),
        (["--year", "2025"], "assure: error: --year: needs --la"),
        (["--la", "202", "--year", "2040"], "assure: error: --year: the DfE has published no"),
        (["--la", "314 / 318"], "assure: error: --la: 314 / 318 is a joint workforce code"),
    ],
)
def test_init_la_bad_values_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    result, text = _init_la(tmp_path, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert text == ""  # nothing written
