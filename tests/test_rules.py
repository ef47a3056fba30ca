"""Every rule of every pack: its own examples run both ways, and its metadata is complete."""

from __future__ import annotations

import pytest

from assure.check.examples import run_example
from assure.lang.conditions import Fired, walk
from assure.ruleset.packs import load_pack, pack_names, rules_root
from assure.ruleset.rule import Rule

PACKS = pack_names()
CASES = [
    (pack, rule.id, expect, i)
    for pack in PACKS
    for rule in load_pack(pack).sorted_rules()
    for expect, examples in (("fail", rule.examples.fail), ("pass", rule.examples.passes))
    for i in range(len(examples))
]


@pytest.mark.parametrize(
    ("pack", "rule_id", "expect", "index"),
    CASES,
    ids=[f"{p}::{r}::{e}[{i}]" for p, r, e, i in CASES],
)
def test_rule_example(pack: str, rule_id: str, expect: str, index: int) -> None:
    loaded = load_pack(pack)
    rule = loaded.rules[rule_id]
    example = (rule.examples.fail if expect == "fail" else rule.examples.passes)[index]
    result = run_example(loaded, rule, example, index, expect)
    assert result.ok, result.detail


def _all_rules() -> list[tuple[str, Rule]]:
    return [(p, r) for p in PACKS for r in load_pack(p).sorted_rules()]


@pytest.mark.parametrize(("pack", "rule"), _all_rules(), ids=lambda v: getattr(v, "id", v))
def test_rule_metadata_is_complete(pack: str, rule: Rule) -> None:
    assert rule.source.document.strip()
    assert rule.source.reference or rule.source.note, "cite where in the source"
    assert len(rule.recommendation.split()) >= 5
    assert len(rule.why.split()) >= 15, "say why it matters and why it caps where it does"
    assert rule.examples.fail and rule.examples.passes
    for esc in rule.escalate:
        assert esc.grade > rule.grade, "an escalation must cap at a worse grade"


def test_every_pack_has_rules_for_every_area() -> None:
    for pack in PACKS:
        areas = {r.area for r in load_pack(pack).rules.values()}
        assert {"leadership", "help_and_protection", "children_in_care", "care_leavers"} <= areas


def test_ilacs_2026_inherits_from_2023_without_overall_rules() -> None:
    old, new = load_pack("ilacs-2023"), load_pack("ilacs-2026")
    assert new.spec.extends == "ilacs-2023"
    assert all(r.area != "overall" for r in new.rules.values())
    own = {rid for rid, path in new.files.items() if path.parts[-3] == "ilacs-2026"}
    assert set(new.rules) == (set(old.rules) - set(new.spec.remove)) | own
    assert not set(new.spec.remove) & set(new.rules)


def test_fired_names_only_rules_of_the_same_pack() -> None:
    for pack in PACKS:
        loaded = load_pack(pack)
        for rule in loaded.rules.values():
            for node in walk(rule.tree):
                if isinstance(node, Fired):
                    assert node.rule in loaded.rules


def test_rule_files_are_named_by_id_and_live_in_their_area_folder() -> None:
    for path in rules_root().glob("*/*/*.yaml"):
        if path.parent.name == "benchmarks":
            continue
        assert path.stem == path.read_text().split("id:", 1)[1].split()[0]


# Working-note and seed-file markers: a rule must cite the public document (title, paragraph or
# regulation, URL), never the project's internal notes, which no reader can open.
INTERNAL_CITATIONS = (
    "shared/",
    "UNVERIFIED",
    "from memory",
    "seed 00",
    "criteria-seed",
    "statutory-thresholds",
    "domain notes",
)


def test_rule_files_cite_no_internal_notes() -> None:
    root = rules_root()
    offences = [
        f"{path.relative_to(root)}:{number}: {marker!r}"
        for path in sorted(root.rglob("*.yaml"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for marker in INTERNAL_CITATIONS
        if marker.lower() in line.lower()
    ]
    assert sorted(root.rglob("*.yaml")), "no rule files found"
    assert not offences, "rule files cite internal notes:\n" + "\n".join(offences)


def test_advisory_rules_say_why_in_their_text() -> None:
    advisory = [rule for pack in PACKS for rule in load_pack(pack).sorted_rules() if rule.advisory]
    assert advisory, "expected some advisory rules"
    for rule in advisory:
        assert "advisory" in rule.why, f"{rule.id}: an advisory rule's why must say it is advisory"
        assert "(advisory)" not in rule.title, f"{rule.id}: the docs show the flag, not the title"


def test_coverage_map_cites_no_internal_notes() -> None:
    coverage = rules_root() / "COVERAGE.md"
    text = coverage.read_text(encoding="utf-8")
    assert "| criterion |" in text, "the coverage map lost its tables"
    found = [marker for marker in INTERNAL_CITATIONS if marker.lower() in text.lower()]
    assert not found, f"{coverage} cites internal notes: {found}"
