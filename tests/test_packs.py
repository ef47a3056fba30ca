"""Rule packs: inheritance, removal, override, and rule files that are themselves wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assure.base.problems import InputError
from assure.ruleset import packs

HP003 = Path("ilacs-2023") / "help_and_protection" / "HP003.yaml"


def test_a_rule_file_in_the_newer_pack_overrides_the_inherited_rule(root: Path) -> None:
    override = root / "ilacs-2026" / "help_and_protection" / "HP003.yaml"
    override.parent.mkdir(exist_ok=True)
    override.write_text((root / HP003).read_text().replace("grade: good", "grade: inadequate", 1))
    new, old = packs.load_pack("ilacs-2026", root), packs.load_pack("ilacs-2023", root)
    assert new.rules["HP003"].grade.key == "inadequate"
    assert old.rules["HP003"].grade.key == "good"
    assert new.files["HP003"] == override


def test_remove_names_rules_of_the_parent_only(root: Path) -> None:
    spec = root / "ilacs-2026" / "pack.yaml"
    spec.write_text(spec.read_text().replace("remove: [OV001]", "remove: [OV001, XX999]"))
    with pytest.raises(InputError) as err:
        packs.load_pack("ilacs-2026", root)
    assert any("XX999 is not a rule of ilacs-2023" in p.message for p in err.value.problems)


def test_a_bad_rule_file_is_reported_with_its_file_line_and_column(root: Path) -> None:
    path = root / HP003
    path.write_text(
        path.read_text()
        .replace("basis: statutory_guidance", "basis: hearsay")
        .replace(
            "condition: data.help_and_protection.strategy_police_pct < 100",
            "condition: data.help_and_protection.strategy_police_pct <",
        )
    )
    with pytest.raises(InputError) as err:
        packs.load_pack("ilacs-2023", root)
    lines = [str(p) for p in err.value.problems]
    assert any(line.startswith(f"{path}:4:8: error: basis") for line in lines), lines
    assert any(f"{path}:9:" in line and "condition" in line for line in lines), lines


def test_a_rule_in_the_wrong_folder_or_file_is_refused(root: Path) -> None:
    moved = root / "ilacs-2023" / "leadership" / "HP003.yaml"
    shutil.move(root / HP003, moved)
    with pytest.raises(InputError) as err:
        packs.load_pack("ilacs-2023", root)
    assert any(
        "belongs in the folder 'help_and_protection'" in p.message for p in err.value.problems
    )


def test_unknown_pack_names_the_known_ones(root: Path) -> None:
    with pytest.raises(InputError) as err:
        packs.load_pack("ilacs-2019", root)
    assert "known packs: ilacs-2023, ilacs-2026" in err.value.problems[0].message


def test_an_advisory_rule_may_not_cap_worse_than_good(root: Path) -> None:
    path = root / HP003  # caps at requires improvement and escalates to inadequate
    path.write_text(path.read_text() + "advisory: true\n")
    with pytest.raises(InputError) as err:
        packs.load_pack("ilacs-2023", root)
    assert any("advisory rule caps at good at most" in p.message for p in err.value.problems)


def test_an_advisory_rule_that_caps_at_good_loads_and_says_so(root: Path) -> None:
    path = root / "ilacs-2023" / "help_and_protection" / "HP009.yaml"
    text = path.read_text()
    start = text.index("escalate:")
    text = text[:start] + text[text.index("missing:") :]
    text = text.replace("missing: {grade: requires_improvement}", "missing: {grade: good}")
    path.write_text(text + "advisory: true\n")
    rule = packs.load_pack("ilacs-2023", root).rules["HP009"]
    assert rule.advisory
    from assure.ruleset.catalogue import rule_doc

    assert "advisory (caps at good at most)" in rule_doc(rule)
