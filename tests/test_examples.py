"""The shipped example SEFs: the grades and exit codes the README and examples document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assure.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "self_assessments"

# evidence grade per area, as documented in self_assessments/README.md
EXPECTED = {
    "northshire-2026": {
        "leadership": "outstanding",
        "help_and_protection": "good",
        "children_in_care": "good",
        "care_leavers": "outstanding",
    },
    "midshire-2026": {
        "leadership": "requires_improvement",
        "help_and_protection": "requires_improvement",
        "children_in_care": "requires_improvement",
        # All four care leaver figures rank in the worst quarter of councils: a pattern (PT004).
        "care_leavers": "requires_improvement",
    },
    "eastbury-2025": {
        "leadership": "inadequate",
        "help_and_protection": "inadequate",
        "children_in_care": "requires_improvement",
        "care_leavers": "requires_improvement",
        "overall": "inadequate",
    },
    "eastbury-2026": {
        "leadership": "inadequate",
        "help_and_protection": "inadequate",
        "children_in_care": "requires_improvement",
        "care_leavers": "requires_improvement",
    },
    # The Commissioner's Wakefield 2018 pattern: Ofsted judged leadership and overall
    # inadequate (and every other judgement). Children in care and care leavers stop at
    # requires improvement: late visits and reviews, and no figure the DfE published for 2018.
    "ravensmoor-2018": {
        "leadership": "inadequate",
        "help_and_protection": "inadequate",
        "children_in_care": "requires_improvement",
        "care_leavers": "requires_improvement",
        "overall": "inadequate",
    },
}
# exit code at --fail-on requires_improvement (the default), inadequate, good
EXIT = {
    "northshire-2026": (0, 0, 1),
    "midshire-2026": (1, 0, 1),
    "eastbury-2025": (1, 1, 1),
    "eastbury-2026": (1, 1, 1),
    "ravensmoor-2018": (1, 1, 1),
}


def _check(name: str, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check", str(EXAMPLES / f"{name}.yaml"), *extra])
    return result.exit_code, result.stdout


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_evidence_grades(name: str) -> None:
    code, out = _check(name, "--format", "json", "--fail-on", "never")
    assert code == 0
    doc = json.loads(out)
    assert {a: j["grade"] for a, j in doc["judgements"].items()} == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXIT))
def test_exit_codes(name: str) -> None:
    got = tuple(
        _check(name, "--fail-on", grade)[0]
        for grade in ("requires_improvement", "inadequate", "good")
    )
    assert got == EXIT[name]
    assert _check(name)[0] == EXIT[name][0]


def test_over_optimistic_self_grades_are_called_out() -> None:
    doc = json.loads(_check("midshire-2026", "--format", "json", "--fail-on", "never")[1])
    over = {f["area"] for f in doc["findings"] if f["rule"] == "SA001"}
    assert over == {"leadership", "help_and_protection", "children_in_care", "care_leavers"}


def test_the_failing_council_gets_the_wakefield_composite() -> None:
    doc = json.loads(_check("eastbury-2025", "--format", "json", "--fail-on", "never")[1])
    rules = {f["rule"] for f in doc["findings"]}
    assert {"LD034", "HP007", "HP021", "BM001", "ST015"} & rules >= {"LD034", "HP007", "BM001"}


def test_the_wakefield_pattern_is_inadequate_for_the_reasons_the_readme_gives() -> None:
    doc = json.loads(_check("ravensmoor-2018", "--format", "json", "--fail-on", "never")[1])
    inadequate = {
        (f["area"], f["rule"])
        for f in doc["findings"]
        if f["grade"] == "inadequate" and f["kind"] != "self_assessment"
    }
    assert inadequate == {
        ("leadership", "LD034"),  # caseloads, sickness, churn at the top, missed supervision
        ("leadership", "PT006"),  # supervision absent and most audited cases not good
        ("leadership", "PT007"),  # management oversight absent, likewise
        ("leadership", "PT005"),  # most published figures worse than most councils'
        ("help_and_protection", "HP007"),  # over 1 in 20 open cases unallocated
        ("help_and_protection", "HP021"),  # the front door under strain
    }
    over = {f["area"] for f in doc["findings"] if f["rule"] == "SA001"}
    assert over == {*doc["judgements"]}  # it grades itself good everywhere


def test_the_strong_council_has_no_serious_gap() -> None:
    doc = json.loads(_check("northshire-2026", "--format", "json", "--fail-on", "never")[1])
    serious = [
        f
        for f in doc["findings"]
        if f["grade"] in ("requires_improvement", "inadequate") and not f["accepted"]
    ]
    assert serious == []


def test_the_examples_pass_validate_strict() -> None:
    # Ravensmoor is a 2017-18 SEF judged by today's framework on purpose (the Wakefield pattern):
    # the warning that ilacs-2023 was not in force then is right, and its README says so.
    for path in sorted(p for p in EXAMPLES.glob("*.yaml") if "ravensmoor" not in p.name):
        result = CliRunner().invoke(app, ["validate", "--strict", str(path)])
        assert result.exit_code == 0, result.stderr
        assert result.stderr == ""


def test_text_report_shows_grades_side_by_side_and_positions() -> None:
    code, out = _check("midshire-2026")
    assert code == 1
    assert "Help and protection: evidence Requires improvement, own Good ▲1" in out
    assert "midshire-2026.yaml:" in out and "→" not in out
    assert out.rstrip().endswith("75 gaps: 17 serious, 55 minor, 3 note")
