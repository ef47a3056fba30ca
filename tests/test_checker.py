"""Grading, finding kinds, positions, accepted gaps and exit codes, on small SEFs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from assure.check.checker import check
from assure.ruleset.packs import load_pack
from assure.sef.grades import Grade
from assure.sef.loader import load_sef_text

TODAY = dt.date(2026, 11, 24)
BASE = """format: 1
framework: {framework}
council: {{name: Testshire}}
period: {{start: 2025-04-01, end: 2026-03-31}}
"""


def run(extra: str, framework: str = "ilacs-2026"):  # type: ignore[no-untyped-def]
    loaded = load_sef_text(BASE.format(framework=framework) + extra, "t.yaml")
    return check(loaded, load_pack(framework), today=TODAY)


def kinds(report) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    out: dict[str, set[str]] = {}
    for f in report.findings:
        out.setdefault(f.kind, set()).add(f.rule)
    return out


def test_threshold_finding_names_the_fact_and_its_position() -> None:
    report = run("data:\n  help_and_protection:\n    strategy_police_pct: 85\n")
    (f,) = [f for f in report.findings if f.rule == "HP003"]
    assert f.kind == "threshold"
    assert f.grade is Grade.REQUIRES_IMPROVEMENT
    assert (f.line, f.column) == (7, 26)
    assert f.path == "data.help_and_protection.strategy_police_pct"
    assert f.value == 85
    assert "85%" in f.message
    assert f.basis == "statutory_guidance"
    assert "Working Together" in f.source


def test_escalation_caps_at_the_worse_grade() -> None:
    report = run("data:\n  help_and_protection:\n    strategy_police_pct: 60\n")
    (f,) = [f for f in report.findings if f.rule == "HP003"]
    assert f.grade is Grade.INADEQUATE
    assert report.judgements["help_and_protection"].grade is Grade.INADEQUATE


def test_missing_fact_is_a_missing_finding_at_the_nearest_stated_parent() -> None:
    # The path names the fact that is missing; the position is where it would go.
    report = run("data:\n  help_and_protection:\n    strategy_health_pct: 100\n")
    (f,) = [f for f in report.findings if f.rule == "HP003"]
    assert f.kind == "missing"
    assert "'Strategy discussions with police' is not stated" in f.message  # the measure's name
    assert "how do you know" in f.message
    assert f.path == "data.help_and_protection.strategy_police_pct"
    assert (f.line, f.column) == (7, 5)


def test_every_finding_kind_can_occur() -> None:
    report = run(
        """self_grades: {help_and_protection: outstanding}
areas:
  leadership:
    know: [{id: k1, kind: strength, text: Staff are supported}]
accepted:
  - {rule: HP003, reason: Police review under way, owner: DCS, expires: 2025-12-31}
data:
  help_and_protection: {strategy_police_pct: 85}
"""
    )
    found = kinds(report)
    assert {"threshold", "missing", "structure", "self_assessment", "accepted"} <= set(found)
    assert "HP003" in found["threshold"]
    assert "ST001" in found["structure"]
    assert "SA001" in found["self_assessment"]
    assert "AC001" in found["accepted"]


def test_area_grade_is_the_worst_cap_and_starts_at_outstanding() -> None:
    report = run("data:\n  help_and_protection:\n    strategy_police_pct: 85\n")
    hp = report.judgements["help_and_protection"]
    caps = [f.grade for f in hp.findings if f.kind != "self_assessment"]
    assert hp.grade == max(caps)
    assert all(j.grade >= Grade.OUTSTANDING for j in report.judgements.values())


def test_self_assessment_findings_report_but_do_not_cap() -> None:
    report = run(
        "self_grades: {help_and_protection: outstanding}\n"
        "data:\n  help_and_protection:\n    strategy_police_pct: 85\n"
    )
    (sa,) = [f for f in report.findings if f.rule == "SA001" and f.area == "help_and_protection"]
    assert sa.grade == report.judgements["help_and_protection"].grade
    assert sa.path == "self_grades.help_and_protection"


def test_valid_acceptance_marks_findings_but_they_still_cap() -> None:
    report = run(
        "accepted:\n  - {rule: HP003, reason: Police review, owner: DCS, expires: 2027-01-31}\n"
        "data:\n  help_and_protection: {strategy_police_pct: 85}\n"
    )
    (f,) = [f for f in report.findings if f.rule == "HP003"]
    assert f.accepted and f.accepted_reason == "Police review"
    assert report.judgements["help_and_protection"].grade >= Grade.REQUIRES_IMPROVEMENT
    assert f not in report.failing(Grade.REQUIRES_IMPROVEMENT)


def test_expired_acceptance_does_not_apply() -> None:
    report = run(
        "accepted:\n  - {rule: HP003, reason: Police review, owner: DCS, expires: 2026-01-31}\n"
        "data:\n  help_and_protection: {strategy_police_pct: 85}\n"
    )
    (f,) = [f for f in report.findings if f.rule == "HP003"]
    assert not f.accepted
    assert any(x.rule == "AC001" for x in report.findings)


def test_overall_judgement_only_under_ilacs_2023() -> None:
    new = run("data:\n  help_and_protection: {strategy_police_pct: 60}\n")
    assert "overall" not in new.judgements
    old = run("data:\n  help_and_protection: {strategy_police_pct: 60}\n", "ilacs-2023")
    assert old.judgements["overall"].grade is Grade.INADEQUATE


def test_list_items_are_named_by_id_in_paths() -> None:
    report = run(
        "areas:\n  leadership:\n    plans:\n"
        "      - {id: ld-p1, action: Recruit, owner: DCS, due: 2026-06-30}\n"
        "      - {id: ld-p2, action: Audit, due: 2026-06-30}\n"
    )
    paths = {f.path for f in report.findings if f.rule == "ST004"}
    assert paths == {"areas.leadership.plans[ld-p2].action"}


def test_each_sef_is_checked_in_isolation() -> None:
    bad = run("data:\n  help_and_protection: {strategy_police_pct: 60}\n")
    good = run("data:\n  help_and_protection: {strategy_police_pct: 100}\n")
    again = run("data:\n  help_and_protection: {strategy_police_pct: 60}\n")
    assert not any(f.rule == "HP003" for f in good.findings)
    assert [f.message for f in bad.findings] == [f.message for f in again.findings]


def _cli(args: list[str]) -> tuple[int, str, str]:
    from assure.cli import app

    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sef.yaml"
    path.write_text(BASE.format(framework="ilacs-2026") + text, encoding="utf-8")
    return path


def test_exit_codes_follow_fail_on(tmp_path: Path) -> None:
    path = _write(tmp_path, "data:\n  help_and_protection: {strategy_police_pct: 85}\n")
    assert _cli(["check", str(path)])[0] == 1
    assert _cli(["check", str(path), "--fail-on", "inadequate"])[0] in (0, 1)
    assert _cli(["check", str(path), "--fail-on", "never"])[0] == 0
    assert _cli(["check", str(path), "--fail-on", "sometimes"])[0] == 2


def test_json_output_is_stable_and_complete(tmp_path: Path) -> None:
    path = _write(tmp_path, "data:\n  help_and_protection: {strategy_police_pct: 85}\n")
    code, out, _ = _cli(["check", str(path), "--format", "json", "--fail-on", "never"])
    assert code == 0
    doc = json.loads(out)
    assert doc["format"] == 1 and doc["file"] == str(path)
    assert set(doc["judgements"]) == {
        "leadership",
        "help_and_protection",
        "children_in_care",
        "care_leavers",
    }
    keys = {
        "rule",
        "kind",
        "area",
        "grade",
        "message",
        "path",
        "line",
        "column",
        "value",
        "basis",
        "source",
        "recommendation",
    }
    assert all(keys <= set(f) for f in doc["findings"])
    assert out == _cli(["check", str(path), "--format", "json", "--fail-on", "never"])[1]


def test_several_files_give_a_json_list(tmp_path: Path) -> None:
    a = _write(tmp_path, "")
    b = tmp_path / "b.yaml"
    b.write_text(a.read_text(), encoding="utf-8")
    code, out, _ = _cli(["check", str(a), str(b), "--format", "json", "--fail-on", "never"])
    assert code == 0
    assert [d["file"] for d in json.loads(out)] == [str(a), str(b)]


def test_a_sef_that_states_every_data_field_is_checked() -> None:
    # durable-rules takes at most 255 properties per fact (engine guard 5), and every stated
    # field is one property of the SEF fact: adding fields must leave room for all of them.
    from assure.sef.model import Data, LocalStandards

    def value(annotation: object) -> str:
        text = str(annotation)
        return "true" if "bool" in text else "[police]" if "list" in text else "1"

    lines = ["local_standards:"]
    lines += [f"  {k}: {value(f.annotation)}" for k, f in LocalStandards.model_fields.items()]
    lines.append("data:")
    for section, field in Data.model_fields.items():
        lines.append(f"  {section}:")
        model = field.annotation
        assert model is not None and hasattr(model, "model_fields")
        lines += [f"    {k}: {value(f.annotation)}" for k, f in model.model_fields.items()]
    for framework in ("ilacs-2023", "ilacs-2026"):
        report = run("\n".join(lines) + "\n", framework)
        assert not [f for f in report.findings if f.kind == "missing"]
        assert report.findings, "a SEF with every figure at 1 has gaps"
