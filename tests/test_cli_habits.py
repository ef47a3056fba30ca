"""The habits a command-line tool is expected to have: --version, completion, clean --help,
-o says what it wrote, a piped rules list keeps whole titles, the README's counts are right."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from assure import __version__
from assure.cli import app
from assure.ruleset.packs import load_pack

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_version_option() -> None:
    for flag in ("--version", "-V"):
        result = runner.invoke(app, [flag])
        assert result.exit_code == 0
        assert result.stdout == f"assure {__version__}\n"


def test_help_is_clean_and_offers_completion() -> None:
    top = runner.invoke(app, ["--help"]).stdout
    assert "--install-completion" in top and "--show-completion" in top
    for command in ([], ["check"], ["validate"], ["report"], ["diff"], ["rules", "list"]):
        out = runner.invoke(app, [*command, "--help"], terminal_width=100).stdout
        assert "<bool>" not in out and "<str>" not in out and "list[" not in out, out
        assert re.search(r"--help\s+Show this message", out), out


def test_check_output_file_is_announced(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    result = runner.invoke(
        app, ["check", "self_assessments/northshire-2026.yaml", "-f", "json", "-o", str(target)]
    )
    assert result.exit_code == 0
    assert result.stderr == f"assure: wrote {target} (json)\n"


def test_piped_rules_list_keeps_whole_ids_and_titles() -> None:
    result = runner.invoke(app, ["rules", "list", "--pack", "ilacs-2023"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    pack = load_pack("ilacs-2023")
    assert lines[0] == f"ilacs-2023: {len(pack.rules)} rules"
    body = lines[2:]
    assert len(body) == len(pack.rules)
    for line, rule in zip(body, pack.sorted_rules(), strict=True):
        assert line.startswith(rule.id + " ") and line.endswith(rule.title), line


def test_readme_rule_counts_match_the_packs() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    every = re.search(r"(\d+) rules with their sources", readme)
    old = re.search(r"(\d+) rules of `ilacs-2023`", readme)
    new = re.search(r"`ilacs-2026`, the default pack, has (\d+)", readme)
    assert every and old and new, "the README states the rule counts of both packs"
    assert int(old.group(1)) == len(load_pack("ilacs-2023").rules)
    assert int(new.group(1)) == len(load_pack("ilacs-2026").rules)
    catalogue = (ROOT / "docs" / "rules.md").read_text("utf-8")
    both = set(load_pack("ilacs-2023").rules) | set(load_pack("ilacs-2026").rules)
    assert int(every.group(1)) == len(both)
    assert f"\n{len(both)} rules." in catalogue
