"""What a CI engineer expects: configuration files, --select/--ignore with regrading, --quiet."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assure.check.checker import regrade
from assure.check.selection import Selection, SelectorError
from assure.cli import config
from assure.sef.grades import Grade

ROOT = Path(__file__).resolve().parents[1]
MIDSHIRE = ROOT / "self_assessments" / "midshire-2026.yaml"

runner = CliRunner()


def invoke(*args: str) -> Any:
    from assure.cli import app

    return runner.invoke(app, list(args))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with a SEF two levels down: project/sefs/2026/sef.yaml."""
    folder = tmp_path / "project" / "sefs" / "2026"
    folder.mkdir(parents=True)
    shutil.copy(MIDSHIRE, folder / "sef.yaml")
    shutil.copy(MIDSHIRE.with_name("midshire-annex-a.xlsx"), folder)  # its evidence: annex_a
    monkeypatch.chdir(tmp_path / "project")
    return tmp_path / "project"


SEF = "sefs/2026/sef.yaml"


def check_json(*args: str) -> tuple[int, dict[str, Any]]:
    result = invoke("check", SEF, "--format", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)


# --- finding the configuration --------------------------------------------------------------


def test_no_config_file(project: Path) -> None:
    result = invoke("check", SEF, "--verbose", "--quiet")
    assert "assure: no config file found" in result.stderr
    assert config.find(project / "sefs" / "2026") is None


def test_pyproject_tool_assure_is_found_walking_up(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.assure]\nformat = "json"\n', encoding="utf-8")
    result = invoke("check", SEF, "--verbose")
    assert result.stderr.startswith("assure: config: pyproject.toml\n")
    assert json.loads(result.stdout)["council"] == "Midshire"


def test_a_pyproject_without_tool_assure_is_passed_over(project: Path) -> None:
    (project / ".assure.toml").write_text('format = "json"\n', encoding="utf-8")
    (project / "sefs" / "pyproject.toml").write_text("[tool.ruff]\nline-length = 9\n")
    assert config.find(project / "sefs" / "2026") == (project / ".assure.toml").resolve()


def test_a_pyproject_naming_assure_elsewhere_is_passed_over(project: Path) -> None:
    (project / ".assure.toml").write_text('format = "json"\n', encoding="utf-8")
    (project / "sefs" / "pyproject.toml").write_text(
        '[project]\ndependencies = ["assure"]\n[project.scripts]\nassure = "x:y"\n'
    )
    assert config.find(project / "sefs" / "2026") == (project / ".assure.toml").resolve()


@pytest.mark.parametrize(
    "text",
    [
        '[ "tool" . \'assure\' ]\nformat = "json"\n',
        '[tool]\nassure = { format = "json" }\n',
        'tool.assure.format = "json"\n',
        'tool = { assure = { format = "json" } }\n',
    ],
)
def test_every_way_of_writing_tool_assure_is_found(project: Path, text: str) -> None:
    (project / "sefs" / "pyproject.toml").write_text(text, encoding="utf-8")
    found = config.find(project / "sefs" / "2026")
    assert found == (project / "sefs" / "pyproject.toml").resolve()
    assert config.load(found).format == "json"


def test_the_closest_file_wins(project: Path) -> None:
    (project / ".assure.toml").write_text('format = "json"\n', encoding="utf-8")
    (project / "sefs" / "pyproject.toml").write_text(
        '[tool.assure]\nformat = "markdown"\n', encoding="utf-8"
    )
    result = invoke("check", SEF, "-v")
    assert "assure: config: sefs/pyproject.toml" in result.stderr
    assert result.stdout.startswith("## Midshire")


def test_dot_assure_toml_beats_pyproject_in_the_same_folder(project: Path) -> None:
    (project / ".assure.toml").write_text('format = "json"\n', encoding="utf-8")
    (project / "pyproject.toml").write_text('[tool.assure]\nformat = "junit"\n')
    assert config.find(project / "sefs") == (project / ".assure.toml").resolve()
    assert json.loads(invoke("check", SEF).stdout)["council"] == "Midshire"


def test_command_line_options_override_the_config(project: Path) -> None:
    (project / ".assure.toml").write_text(
        'format = "json"\nfail-on = "never"\nselect = ["HP"]\n', encoding="utf-8"
    )
    code, doc = check_json()
    assert code == 0  # fail-on never from the config
    assert {f["rule"][:2] for f in doc["findings"]} == {"HP"}
    result = invoke("check", SEF, "--format", "sarif", "--fail-on", "good", "--select", "LD")
    assert result.exit_code == 1
    rules = {r["ruleId"] for r in json.loads(result.stdout)["runs"][0]["results"]}
    assert rules and all(r.startswith("LD") for r in rules)


def test_config_pack_and_ignore(project: Path) -> None:
    (project / ".assure.toml").write_text(
        'pack = "ilacs-2023"\nignore = ["benchmark", "SA"]\n', encoding="utf-8"
    )
    _, doc = check_json()
    assert doc["pack"] == "ilacs-2023"
    assert "overall" in doc["judgements"]
    assert doc["findings"]
    assert all(
        f["basis"] != "benchmark" and not f["rule"].startswith("SA") for f in doc["findings"]
    )


# --- mistakes in the configuration ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            ".assure.toml",
            'format = "json"\nfail_on = "never"\n',
            ".assure.toml:2:1: error: fail_on: unknown key; did you mean 'fail-on'?",
        ),
        (
            "pyproject.toml",
            '[project]\nname = "x"\n\n[tool.assure]\n  colour = "blue"\n',
            "pyproject.toml:5:3: error: tool.assure.colour: unknown key; known keys: select, "
            "ignore, fail-on, format, pack",
        ),
        (
            ".assure.toml",
            'fail-on = "sometimes"\n',
            ".assure.toml:1:1: error: fail-on: 'sometimes' is not one of outstanding, good, "
            "requires_improvement, inadequate, never",
        ),
        (
            ".assure.toml",
            "select = 3\n",
            '.assure.toml:1:1: error: select: must be a list of strings, e.g. ["HP", "LD001", '
            '"benchmark"]',
        ),
        (
            ".assure.toml",
            '\nignore = ["HP 3"]\n',
            ".assure.toml:2:1: error: ignore: 'HP 3' is not a rule id (HP003), an id prefix",
        ),
        (
            ".assure.toml",
            'pack = "ilacs-1999"\n',
            ".assure.toml:1:1: error: pack: 'ilacs-1999' is not one of ilacs-2023, ilacs-2026",
        ),
        (
            ".assure.toml",
            'format = "json"\nselect = [\n',
            ".assure.toml:3:1: error: not valid TOML:",
        ),
    ],
)
def test_a_bad_config_is_a_positioned_error(
    project: Path, name: str, text: str, expected: str
) -> None:
    (project / name).write_text(text, encoding="utf-8")
    result = invoke("check", SEF)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(expected), result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_config_selector_naming_no_rule_points_at_the_config(project: Path) -> None:
    (project / ".assure.toml").write_text('format = "json"\nselect = ["ZZ9"]\n')
    result = invoke("check", SEF)
    assert result.exit_code == 2
    assert result.stderr == ".assure.toml:2:1: error: select: 'ZZ9' names no rule of ilacs-2026\n"


# --- --select / --ignore --------------------------------------------------------------------


def test_selectors_parse_ids_prefixes_areas_and_bases() -> None:
    sel = Selection.parse(["hp003, BM", "help_and_protection"], ["benchmark", "Overall"])
    assert sel.select == ("HP003", "BM", "help_and_protection")
    assert sel.ignore == ("benchmark", "overall")
    with pytest.raises(SelectorError):
        Selection.parse(["HP-003"])
    assert sel.unknown(["HP003", "BM001"]) == []
    assert Selection.parse(["ZZ"]).unknown(["HP003"]) == ["ZZ"]


def test_select_regrades_from_the_selected_findings_only() -> None:
    from assure.api import check_file
    from assure.check.grading import grade_areas

    report = check_file(MIDSHIRE, today=dt.date(2026, 11, 24))
    selection = Selection.parse(["HP"])
    narrowed = regrade(report, selection)
    assert narrowed.findings and all(f.rule.startswith("HP") for f in narrowed.findings)
    assert narrowed.findings == [f for f in report.findings if f.rule.startswith("HP")]
    for area, j in narrowed.judgements.items():
        caps = [f.grade for f in j.findings if f.kind != "self_assessment"]
        assert j.grade == max([Grade.OUTSTANDING, *caps]), area
        assert j.self_grade == report.judgements[area].self_grade
    assert narrowed.judgements["care_leavers"].grade is Grade.OUTSTANDING
    # the one grading function: regrading with everything kept changes nothing
    same = regrade(report, Selection())
    assert {a: j.grade for a, j in same.judgements.items()} == {
        a: j.grade
        for a, j in grade_areas(report.sef.self_grades, report.findings, overall=False).items()
    }
    assert all(r.rule.startswith("HP") for r in narrowed.evaluated)


def _grades(doc: dict[str, Any]) -> dict[str, str]:
    return {a: j["grade"] for a, j in doc["judgements"].items()}


def test_cli_select_and_ignore(project: Path) -> None:
    _, everything = check_json()
    _, only = check_json("--select", "HP003,BM", "--select", "care_leavers")
    assert only["findings"]
    for f in only["findings"]:
        assert f["rule"] == "HP003" or f["rule"].startswith("BM") or f["area"] == "care_leavers"
    _, ignored = check_json("--ignore", "help_and_protection")
    assert ignored["judgements"]["help_and_protection"] == {
        "grade": None,
        "assessed": False,
        "self_grade": everything["judgements"]["help_and_protection"]["self_grade"],
        "findings": 0,
    }
    assert len(ignored["findings"]) == len(everything["findings"]) - sum(
        1 for f in everything["findings"] if f["area"] == "help_and_protection"
    )
    _, by_basis = check_json("--select", "benchmark")
    assert {f["basis"] for f in by_basis["findings"]} == {"benchmark"}


def test_ignoring_every_serious_gap_passes_the_build(project: Path) -> None:
    _, doc = check_json()
    serious = sorted(
        {
            f["rule"]
            for f in doc["findings"]
            if Grade[f["grade"].upper()] >= Grade.REQUIRES_IMPROVEMENT and not f["accepted"]
        }
    )
    assert serious
    result = invoke("check", SEF, "--ignore", ",".join(serious), "--quiet")
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--select", "HP-3"), "--select:1:1: error: 'HP-3' is not a rule id (HP003)"),
        (("--ignore", "nonsense_area"), "--ignore:1:1: error: 'nonsense_area' is not a rule id"),
        (("--select", "ZZ"), "--select:1:1: error: 'ZZ' names no rule of ilacs-2026"),
    ],
)
def test_bad_selectors_are_usage_errors(
    project: Path, args: tuple[str, ...], expected: str
) -> None:
    result = invoke("check", SEF, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(expected), result.stderr
    assert result.stdout == ""


# --- --quiet --------------------------------------------------------------------------------


def test_quiet_leaves_out_minor_gaps_and_select_leaves_other_areas_not_assessed(
    project: Path,
) -> None:
    loud = invoke("check", SEF, "--select", "HP003").stdout
    assert "1 minor (keep it from outstanding): HP003" in loud
    assert "Leaders' impact: not assessed" in loud
    quiet = invoke("check", SEF, "--select", "HP003", "--quiet").stdout
    assert "HP003" not in quiet.split("Area ")[0]
