"""Generated documentation stays in step with the rule files."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from assure.cli import app

ROOT = Path(__file__).resolve().parents[1]


def test_docs_rules_md_is_generated_from_the_rules() -> None:
    # Every rule of every pack, so every rule (OV001 of ilacs-2023, HP100 of ilacs-2026) has
    # its anchor.
    args = ["rules", "list", "--pack", "all", "--format", "markdown"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert result.stdout == committed, (
        "docs/rules.md is out of date: run "
        "`assure rules list --pack all --format markdown > docs/rules.md`"
    )


def test_rules_show_prints_the_full_docs_of_a_rule() -> None:
    result = CliRunner().invoke(app, ["rules", "show", "HP003"])
    assert result.exit_code == 0
    for heading in (
        "What it checks",
        "Why it matters",
        "Source",
        "Recommendation",
        "Example that fails",
        "Example that passes",
    ):
        assert heading in result.stdout
    assert "Working Together" in result.stdout


def test_rules_show_unknown_id_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["rules", "show", "ZZ999"])
    assert result.exit_code == 2
    assert "no rule 'ZZ999'" in result.stderr


def test_rules_show_points_to_the_pack_that_has_the_rule() -> None:
    result = CliRunner().invoke(app, ["rules", "show", "OV001"])
    assert result.exit_code == 2
    assert "ilacs-2023" in result.stderr
    assert (
        CliRunner().invoke(app, ["rules", "show", "OV001", "--pack", "ilacs-2023"]).exit_code == 0
    )


def test_rules_list_filters_and_exports() -> None:
    runner = CliRunner()
    csv = runner.invoke(app, ["rules", "list", "--format", "csv", "--basis", "law"]).stdout
    rows = csv.strip().splitlines()
    assert rows[0].startswith("id,title,area,basis")
    assert all(",law," in row for row in rows[1:]) and len(rows) > 1
    js = runner.invoke(app, ["rules", "list", "--format", "json", "--area", "care_leavers"])
    assert '"area": "care_leavers"' in js.stdout and '"area": "leadership"' not in js.stdout


def test_sef_format_lists_each_areas_key_measures() -> None:
    from assure.sef import areas

    text = (ROOT / "docs" / "sef-format.md").read_text(encoding="utf-8")
    section = text.split("## Key measures", 1)[1].split("\n## ", 1)[0]
    for key in areas.AREAS:
        row = next(line for line in section.splitlines() if line.startswith(f"| `{key}` |"))
        listed = re.findall(r"`([a-z_]+\.[a-z0-9_]+)`", row)
        assert ["data." + m for m in listed] == list(areas.area(key).key_measures), key
