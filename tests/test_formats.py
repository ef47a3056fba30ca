"""Output formats, each checked by a real consumer: the SARIF 2.1.0 schema, an XML parser, the
workflow-command grammar, Markdown tables; and the same findings in every format."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from assure.base.links import RULES_DOCS_URL
from assure.check.checker import check
from assure.check.findings import Finding, Report
from assure.check.severity import Severity
from assure.cli import app
from assure.output import FORMATS, github, junit, markdown, render, sarif
from assure.ruleset.packs import load_pack
from assure.ruleset.sources import sources_for
from assure.sef.grades import Grade
from assure.sef.loader import load_sef

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "self_assessments").glob("*.yaml"))
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
TODAY = dt.date(2026, 11, 24)
Key = tuple[str, str]  # rule, "line:column" in the SEF or "workbook:Sheet!N1" (Annex A)

runner = CliRunner()


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    return {p.name: checked(p, f"self_assessments/{p.name}") for p in EXAMPLES}


def checked(path: Path, shown: str) -> Report:
    """Check a file, naming it as a run from the repository root would (whatever the cwd),
    with the Annex A workbook its evidence names (Midshire's)."""
    loaded = load_sef(path, shown)
    sources = sources_for(loaded, None, sef_path=path)
    return check(loaded, load_pack(loaded.sef.framework), today=TODAY, sources=sources)


def key(f: Finding) -> Key:
    return (f.rule, f.where or f"{f.line}:{f.column}")


@pytest.fixture(scope="module")
def accepted(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """Midshire with a valid acceptance of its first threshold finding's rule."""
    base = checked(ROOT / "self_assessments" / "midshire-2026.yaml", "midshire-2026.yaml")
    rule = next(f.rule for f in base.findings if f.kind == "threshold")
    text = (ROOT / "self_assessments" / "midshire-2026.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "\naccepted:\n",
        f"\naccepted:\n  - {{rule: {rule}, reason: 'Agreed with members: a plan is under way', "
        "owner: Director of Children's Services, expires: 2027-06-30}\n",
    )
    path = tmp_path_factory.mktemp("accepted") / "accepted.sef.yaml"
    path.write_text(text, encoding="utf-8")
    workbook = ROOT / "self_assessments" / "midshire-annex-a.xlsx"  # its evidence: annex_a
    (path.parent / workbook.name).write_bytes(workbook.read_bytes())
    report = checked(path, "accepted.sef.yaml")
    assert any(f.accepted for f in report.findings)
    return report


def framework(reports: dict[str, Report], name: str) -> Report:
    return next(r for r in reports.values() if r.framework == name)


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # file names as given: self_assessments/<name>.yaml
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


def sarif_schema() -> dict[str, Any]:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SARIF_SCHEMA}")
    schema: dict[str, Any] = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return schema


# --- every format knows every finding ------------------------------------------------------


def keys_json(out: str) -> set[Key]:
    doc = json.loads(out)
    docs = doc if isinstance(doc, list) else [doc]
    return {
        (f["rule"], f"{f['source_file']}:{f['cell']}" if "source_file" in f else _at(f))
        for d in docs
        for f in d["findings"]
    }


def _at(f: dict[str, Any]) -> str:
    return f"{f['line']}:{f['column']}"


def keys_jsonl(out: str) -> set[Key]:
    return set().union(*(keys_json(line) for line in out.splitlines()))


def keys_sarif(out: str) -> set[Key]:
    results = json.loads(out)["runs"][0]["results"]
    keys: set[Key] = set()
    for r in results:
        physical = r["locations"][0]["physicalLocation"]
        if "region" in physical:
            keys.add(
                (
                    r["ruleId"],
                    f"{physical['region']['startLine']}:{physical['region']['startColumn']}",
                )
            )
        else:  # on the Annex A workbook: the sheet and cell are the logical location
            book = physical["artifactLocation"]["uri"]
            keys.add(
                (
                    r["ruleId"],
                    f"{book}:{r['locations'][0]['logicalLocations'][0]['fullyQualifiedName']}",
                )
            )
    return keys


_LOC = re.compile(r"^(?:\S+?:(\d+):(\d+)|(\S+?\.xlsx:.+?![A-Z]+\d+)) ", re.MULTILINE)


def keys_junit(out: str) -> set[Key]:
    keys: set[Key] = set()
    for case in ET.fromstring(out).iter("testcase"):
        rule = case.get("name", "").split()[0]
        for child in [*case.findall("failure"), *case.findall("skipped")]:
            for line, col, book in _LOC.findall(child.text or ""):
                keys.add((rule, book or f"{line}:{col}"))
    return keys


_COMMAND = re.compile(r"^::(error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    m = _COMMAND.match(line)
    assert m, line
    props = {}
    for part in m["props"].split(","):
        name, _, value = part.partition("=")
        props[name] = unescape(value)
    return m[1], props, unescape(m["message"])


def unescape(text: str) -> str:
    for code, char in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        text = text.replace(code, char)
    return text


def keys_github(out: str) -> set[Key]:
    keys: set[Key] = set()
    for line in out.splitlines():
        if line.startswith("::group::") or line == "::endgroup::":
            continue
        _, props, message = parse_command(line)
        rule = props["title"].split()[0]
        if "line" in props:
            keys.add((rule, f"{props['line']}:{props['col']}"))
        else:  # on the Annex A workbook: the cell is in the message
            cell = re.search(r"at (.+?![A-Z]+\d+) \(", message)
            assert cell, message
            keys.add((rule, f"{props['file']}:{cell[1]}"))
    return keys


_ROW = re.compile(
    r"^\| [^|]+ \| \[(?P<rule>[A-Z]+\d+)\]\(.*?"
    r"`(?:[^`]*:(?P<line>\d+):(?P<col>\d+)|(?P<book>[^`]*\.xlsx:[^`]*![A-Z]+\d+))`"
)


def keys_markdown(out: str) -> set[Key]:
    return {
        (m["rule"], m["book"] or f"{m['line']}:{m['col']}")
        for m in map(_ROW.match, out.splitlines())
        if m is not None
    }


PARSERS = {
    "json": keys_json,
    "jsonl": keys_jsonl,
    "sarif": keys_sarif,
    "junit": keys_junit,
    "github": keys_github,
    "markdown": keys_markdown,
}


@pytest.mark.parametrize("example", [p.name for p in EXAMPLES])
def test_every_format_carries_the_same_findings(example: str, reports: dict[str, Report]) -> None:
    path = f"self_assessments/{example}"
    expected = {key(f) for f in reports[example].findings}
    assert expected, "the examples are chosen to have findings"
    for fmt, parse in PARSERS.items():
        result = invoke("check", path, "--format", fmt)
        assert result.exit_code in (0, 1), (fmt, result.stderr)
        assert parse(result.stdout) == expected, fmt


def test_formats_offered_match_the_renderers() -> None:
    assert tuple(FORMATS) == (
        "text",
        "json",
        "jsonl",
        "sarif",
        "junit",
        "github",
        "markdown",
        "csv",
        "xlsx",
    )


def test_json_is_unchanged_by_the_new_formats(reports: dict[str, Report]) -> None:
    doc = json.loads(render("json", [reports["midshire-2026.yaml"]]))
    assert doc["format"] == 1
    assert set(doc) == {
        "format",
        "file",
        "council",
        "framework",
        "pack",
        "period",
        "benchmark_year",
        "judgements",
        "findings",
        "figures",  # added: Midshire names its Annex A workbook (docs/output-json.md)
        "annex_a",
    }
    assert set(doc["findings"][0]) == {
        "rule",
        "kind",
        "area",
        "grade",
        "severity",
        "title",
        "message",
        "path",
        "line",
        "column",
        "value",
        "basis",
        "source",
        "recommendation",
        "accepted",
        "accepted_reason",
    }


# --- SARIF ----------------------------------------------------------------------------------


def test_sarif_is_valid_sarif_2_1_0(reports: dict[str, Report]) -> None:
    schema = sarif_schema()
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    for report in reports.values():
        validator.validate(json.loads(sarif.render([report])))
    validator.validate(json.loads(sarif.render(list(reports.values()))))  # several files, 2 packs


def test_sarif_lists_every_rule_of_the_pack_with_its_docs(reports: dict[str, Report]) -> None:
    report = reports["midshire-2026.yaml"]
    log = sarif.sarif_log([report])
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r.id for r in report.rules)
    by_id = {r.id: r for r in report.rules}
    for entry in rules:
        rule = by_id[entry["id"]]
        assert entry["shortDescription"]["text"] == rule.title
        assert entry["fullDescription"]["text"] == " ".join(rule.why.split())
        assert entry["help"]["text"] == " ".join(rule.recommendation.split())
        assert entry["helpUri"] == f"{RULES_DOCS_URL}#{rule.id.lower()}"
        assert entry["defaultConfiguration"]["level"] == Severity.of(rule.grade).level
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry["name"])
    levels = {"inadequate": "error", "requires_improvement": "warning"}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        props = result["properties"]
        assert set(props) >= {"kind", "area", "grade", "path", "accepted"}
        assert result["level"] == levels.get(props["grade"], "note")
        location = result["locations"][0]["physicalLocation"]
        if "source_file" in props:  # a finding on the Annex A workbook: no lines
            assert location["artifactLocation"]["uri"] == "self_assessments/midshire-annex-a.xlsx"
            continue
        assert location["artifactLocation"]["uri"] == "self_assessments/midshire-2026.yaml"
        assert location["region"]["startLine"] >= 1


def test_sarif_rule_index_is_stable_whatever_fires(reports: dict[str, Report]) -> None:
    strong = sarif.sarif_log([reports["northshire-2026.yaml"]])["runs"][0]["tool"]["driver"]
    weak = sarif.sarif_log([reports["midshire-2026.yaml"]])["runs"][0]["tool"]["driver"]
    assert strong["rules"] == weak["rules"]


def test_sarif_marks_accepted_findings_as_suppressed(accepted: Report) -> None:
    report = accepted
    accepted = [f for f in report.findings if f.accepted]
    results = sarif.sarif_log([report])["runs"][0]["results"]
    suppressed = [r for r in results if r.get("suppressions")]
    assert {r["ruleId"] for r in suppressed} == {f.rule for f in accepted}
    for r in suppressed:
        assert r["properties"]["accepted"] is True
        assert r["suppressions"][0]["status"] == "accepted"
        assert r["suppressions"][0]["justification"]


def test_sarif_uri_of_an_unusual_path_is_still_valid(reports: dict[str, Report]) -> None:
    report = dataclasses.replace(reports["midshire-2026.yaml"], file="my sefs/a#b.yaml")
    log = sarif.sarif_log([report])
    jsonschema.Draft7Validator(sarif_schema()).validate(log)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": "my%20sefs/a%23b.yaml", "uriBaseId": "%SRCROOT%"}
    absolute = sarif.artifact_location("/srv/sef.yaml")
    assert absolute == {"uri": "file:///srv/sef.yaml"}


# --- JUnit ----------------------------------------------------------------------------------


def test_junit_has_a_suite_per_area_and_a_case_per_rule(reports: dict[str, Report]) -> None:
    for report in reports.values():
        root = ET.fromstring(junit.render([report]))
        assert root.tag == "testsuites"
        suites = root.findall("testsuite")
        assert [s.get("name") for s in suites] == list(report.judgements)
        for suite in suites:
            area = suite.get("name")
            cases = suite.findall("testcase")
            evaluated = {r.rule for r in report.evaluated if r.area == area}
            fired = {f.rule for f in report.judgements[str(area)].findings}
            assert {c.get("name", "").split()[0] for c in cases} == evaluated | fired
            assert int(suite.get("tests", -1)) == len(cases)
            for case in cases:
                assert case.get("classname") == f"assure.{area}"
                _, _, title = case.get("name", "").partition(" ")
                assert title, "name is '<RULE> <title>'"
            failed = [c for c in cases if c.find("failure") is not None]
            skipped = [c for c in cases if c.find("skipped") is not None]
            assert int(suite.get("failures", -1)) == len(failed)
            assert int(suite.get("skipped", -1)) == len(skipped)
            findings = report.judgements[str(area)].findings
            open_findings = [f for f in findings if not f.accepted]
            assert sum(len(c.findall("failure")) for c in cases) == len(open_findings)
            for case in failed:
                for failure in case.findall("failure"):
                    assert failure.get("type") in {s.key for s in Severity}
                    assert failure.get("message")
                    assert re.match(
                        r"^self_assessments/(\S+:\d+:\d+|\S+\.xlsx:.+![A-Z]+\d+) ",
                        failure.text or "",
                    )
        totals = [int(root.get(k, -1)) for k in ("tests", "failures", "skipped")]
        assert totals == [
            sum(int(s.get(k, 0)) for s in suites) for k in ("tests", "failures", "skipped")
        ]


def test_junit_accepted_findings_are_skipped_with_the_reason(accepted: Report) -> None:
    report = accepted
    root = ET.fromstring(junit.render([report]))
    skipped = [c for c in root.iter("testcase") if c.find("skipped") is not None]
    by_rule = {f.rule: f for f in report.findings if f.accepted}
    assert {c.get("name", "").split()[0] for c in skipped} == set(by_rule)
    for case in skipped:
        skip = case.find("skipped")
        assert skip is not None
        rule = case.get("name", "").split()[0]
        assert skip.get("message") == f"accepted: {by_rule[rule].accepted_reason}"
    assert keys_junit(junit.render([report])) == {key(f) for f in report.findings}


def test_junit_escapes_what_xml_cannot_hold(reports: dict[str, Report]) -> None:
    report = reports["midshire-2026.yaml"]
    nasty = 'a <b> & "c" \']]> done'
    first = dataclasses.replace(report.findings[0], message=nasty, recommendation=nasty)
    report = dataclasses.replace(report, findings=[first], council=nasty)
    report.judgements[first.area].findings = [first]
    root = ET.fromstring(junit.render([report]))
    failure = next(root.iter("failure"))
    assert failure.get("message") == nasty
    assert nasty in (failure.text or "")


def test_a_selection_leaves_rules_out_of_junit() -> None:
    result = invoke("check", "self_assessments/midshire-2026.yaml", "-f", "junit", "--select", "HP")
    root = ET.fromstring(result.stdout)
    names = {c.get("name", "").split()[0] for c in root.iter("testcase")}
    assert names and all(n.startswith("HP") for n in names)


# --- GitHub ---------------------------------------------------------------------------------


def test_github_commands_by_grade_grouped_by_file(reports: dict[str, Report]) -> None:
    report = framework(reports, "ilacs-2023")
    lines = github.render([report]).splitlines()
    assert lines[0] == f"::group::{report.file}"
    assert lines[-1] == "::endgroup::"
    expected = {Grade.INADEQUATE: "error", Grade.REQUIRES_IMPROVEMENT: "warning"}
    for line, f in zip(lines[1:-1], report.findings, strict=True):
        command, props, message = parse_command(line)
        assert command == ("notice" if f.accepted else expected.get(f.grade, "notice"))
        assert props["file"] == report.file
        assert props["title"] == f"{f.rule} {f.title}"
        assert message.startswith(f.message)
        assert "\n" not in line


def test_github_escapes_data_and_properties(reports: dict[str, Report]) -> None:
    f = dataclasses.replace(
        reports["midshire-2026.yaml"].findings[0],
        message="50% done\r\nnext: a, b",
        title="Title: with, commas",
    )
    line = github.annotation("dir,x/a:b.yaml", f)
    assert "\n" not in line and "\r" not in line
    _, props, message = parse_command(line)
    assert props["file"] == "dir,x/a:b.yaml"
    assert props["title"] == f"{f.rule} Title: with, commas"
    assert message.startswith("50% done\r\nnext: a, b\n")
    assert "50%25 done%0D%0Anext: a, b%0A" in line


def test_github_appends_the_summary_to_the_step_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = invoke("check", "self_assessments/midshire-2026.yaml", "--format", "github")
    assert result.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## Midshire: self-evaluation check")
    assert keys_markdown(text) == keys_github(result.stdout)


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_tables_are_well_formed(reports: dict[str, Report]) -> None:
    report = framework(reports, "ilacs-2023")
    out = markdown.render([report])
    tables: list[list[str]] = []
    current: list[str] = []
    for line in [*out.splitlines(), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    assert len(tables) == 1 + sum(1 for j in report.judgements.values() if j.findings)
    for table in tables:
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in table}
        assert len(widths) == 1, table[:3]
        assert re.fullmatch(r"\|(-+:?\|)+", table[1].replace("---:", "---:"))
    assert f"| Overall effectiveness | {report.judgements['overall'].grade.label} |" in out


def test_markdown_escapes_table_breakers(reports: dict[str, Report]) -> None:
    report = reports["midshire-2026.yaml"]
    f = dataclasses.replace(report.findings[0], message="a | b\nc <script>")
    report.judgements[f.area].findings = [f]
    out = markdown.render([dataclasses.replace(report, findings=[f])])
    row = next(line for line in out.splitlines() if f.rule in line and "[" in line)
    assert "a \\| b c &lt;script&gt;" in row


# --- -o / --output --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", [f for f in FORMATS if not FORMATS[f].binary])
def test_output_file_is_written_whole_and_stdout_stays_empty(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"out.{fmt}"
    target.write_text("old contents\n", encoding="utf-8")
    result = invoke("check", "self_assessments/midshire-2026.yaml", "-f", fmt, "-o", str(target))
    assert result.exit_code == 1
    assert result.stdout == ""
    written = target.read_text(encoding="utf-8")
    assert "old contents" not in written
    assert "\x1b[" not in written  # no colour codes in a file
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left
    if fmt == "text":
        assert "Midshire" in written and "75 gaps" in written
    assert result.stderr == f"assure: wrote {target} ({fmt})\n"


def test_output_to_a_missing_folder_is_a_positioned_error(tmp_path: Path) -> None:
    target = tmp_path / "nope" / "out.sarif"
    result = invoke(
        "check", "self_assessments/midshire-2026.yaml", "-f", "sarif", "-o", str(target)
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{target}: error: cannot write")  # no place in the file
    assert "Traceback" not in result.output


# --- --quiet --------------------------------------------------------------------------------


def test_quiet_hides_lesser_gaps_and_empty_areas() -> None:
    loud = invoke("check", "self_assessments/northshire-2026.yaml").stdout
    quiet = invoke("check", "self_assessments/northshire-2026.yaml", "--quiet").stdout
    assert "no gaps found" not in quiet
    assert "GOOD " not in quiet and "OUT " not in quiet
    assert len(quiet) < len(loud)
