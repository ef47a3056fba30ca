"""Bad input: one ``file:line:column: error: ...`` line per problem, exit code 2, no traceback.

Every kind of bad input is run through both ``assure validate`` and ``assure check``. Each run must
exit with code 2, print only positioned error lines on stderr, name the exact line and column of
the problem with a message that says what to do, never show a traceback, and leave the input file
byte-for-byte as it was (with nothing written beside it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from assure.cli import app
from assure.sef.loader import load_sef

COMMANDS = ("validate", "check")

# Lines 1-4; whatever a case appends starts on line 5.
MINIMAL = """\
format: 1
framework: ilacs-2026
council: {name: Northshire}
period: {start: 2025-04-01, end: 2026-03-31}
"""
LEADERSHIP = f"{MINIMAL}areas:\n  leadership:\n    know:\n"  # a claim goes on line 8
HEAD = "format: 1\nframework: ilacs-2026\ncouncil: {name: Northshire}\n"  # then a period line


def with_period(period: str) -> str:
    return f"{HEAD}period: {period}\n"


def with_data(section: str, line: str) -> str:
    """MINIMAL plus ``data.<section>`` holding one line, which lands on line 7."""
    return f"{MINIMAL}data:\n  {section}:\n    {line}\n"


class Directory:
    """A case whose input path is a directory."""


class Missing:
    """A case whose input path does not exist."""


Content = str | bytes | type[Directory] | type[Missing]


@dataclass(frozen=True)
class Case:
    name: str
    content: Content
    line: int
    column: int
    phrase: str


def _billion_laughs() -> str:
    lines = ["lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 8):
        refs = ", ".join([f"*l{i - 1}"] * 10)
        lines.append(f"lol{i}: &l{i} [{refs}]")
    return MINIMAL + "\n".join(lines) + "\n"


CASES = [
    # --- not YAML at all, or YAML the loader must refuse -------------------------------------
    Case(
        "syntax_colon_in_value",
        "format: 1\ncouncil: name: Northshire\n",
        2,
        14,
        "unexpected ':'; put a value that contains ': ' in quotes",
    ),
    Case(
        "unclosed_flow_mapping",
        "format: 1\ncouncil: {name: Northshire\nperiod: {start: 2025-04-01, end: 2026-03-31}\n",
        3,
        7,
        "the '{' opened at line 2, column 10 is not closed before this point; add the missing '}'",
    ),
    Case(
        "unclosed_flow_list",
        f"{MINIMAL}data:\n  front_door:\n    mash_agencies: [police, health\n",
        7,
        20,
        "this '[' is never closed; add the missing ']'",
    ),
    Case(
        "unclosed_quote",
        f"{HEAD}sign_off:\n  dcs: {{name: 'Jo Bloggs}}\n",
        5,
        15,
        "this quote is never closed",
    ),
    Case(
        "unknown_escape_in_double_quotes",
        f'{HEAD}sign_off:\n  dcs: {{name: "C:\\data\\jo"}}\n',
        5,
        19,
        "use single quotes instead",
    ),
    Case(
        "tab_indentation",
        "format: 1\ncouncil:\n\tname: Northshire\n",
        3,
        1,
        "YAML is indented with spaces, not tabs",
    ),
    Case(
        "duplicate_key",
        f"{MINIMAL}data:\n  workforce:\n    agency_pct: 24\n    agency_pct: 25\n",
        8,
        5,
        "duplicate key 'agency_pct' (first at line 7, column 5)",
    ),
    Case("empty_file", "", 1, 1, "file is empty; a SEF starts with 'format: 1'"),
    Case(
        "whitespace_and_comments_only",
        "\n   \n# to be written\n\n",
        1,
        1,
        "file is empty; a SEF starts with 'format: 1'",
    ),
    # No place in a file: 'file: error: ...' (line 0 here).
    Case("a_directory", Directory, 0, 0, "is a directory; give the path of a .yaml file"),
    Case("missing_file", Missing, 0, 0, "file not found; check the path"),
    Case(
        "binary_junk",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        1,
        1,
        "file is binary, not YAML text",
    ),
    Case(
        "invalid_utf8",
        MINIMAL.encode() + b"data:\n  front_door:\n    mash_agencies: [caf\xe9]\n",
        7,
        24,
        "byte 0xe9 is not UTF-8 text; save the file as UTF-8",
    ),
    Case("utf16_text", ("\ufeff" + MINIMAL).encode("utf-16-le"), 1, 1, "save it as UTF-8"),
    Case(
        "python_object_tag",
        "format: 1\nframework: ilacs-2026\n"
        "council: !!python/object/apply:os.system ['echo pwned']\n"
        "period: {start: 2025-04-01, end: 2026-03-31}\n",
        3,
        10,
        "council: YAML tag '!!python/object/apply:os.system' is not allowed",
    ),
    Case(
        "custom_tag",
        with_data("workforce", "agency_pct: !foo 24"),
        7,
        17,
        "YAML tag '!foo' is not allowed; write the plain value without a tag",
    ),
    Case(
        "explicit_int_tag_on_text",
        with_data("workforce", "caseload_max: !!int many"),
        7,
        19,
        "'many' is not a valid !!int",
    ),
    Case(
        "second_document",
        f"{MINIMAL}---\n{MINIMAL}",
        5,
        1,
        "a second YAML document starts here; a SEF is one document",
    ),
    Case(
        "undefined_alias",
        with_data("workforce", "agency_pct: *agency"),
        7,
        17,
        "no anchor '&agency' comes before this alias",
    ),
    Case(
        "alias_refers_to_itself",
        f"{MINIMAL}evidence: &ev [*ev]\n",
        5,
        11,
        "an alias must not refer to itself",
    ),
    Case("billion_laughs", _billion_laughs(), 1, 1, "more than 200000 values"),
    Case(
        "nested_too_deep",
        "format: 1\nx: " + "[" * 150 + "]" * 150 + "\n",
        2,
        103,
        "nested more than 100 levels deep",
    ),
    # --- YAML, but not a SEF -----------------------------------------------------------------
    Case(
        "top_level_list",
        "- format: 1\n- council: Northshire\n",
        1,
        1,
        "a SEF is a mapping of keys (format, council, period, ...), not a list",
    ),
    Case("top_level_scalar", "Northshire SEF 2026\n", 1, 1, "not a piece of text"),
    Case(
        "key_that_is_not_text",
        f"{MINIMAL}2026: plans\n",
        5,
        1,
        "a key '2026' is not text",
    ),
    Case(
        "format_2",
        MINIMAL.replace("format: 1", "format: 2"),
        1,
        9,
        "format 2 is not supported: this version of assure reads format 1",
    ),
    Case(
        "format_quoted",
        MINIMAL.replace("format: 1", "format: '1'"),
        1,
        9,
        "without quotes: 'format: 1'",
    ),
    Case(
        "missing_council",
        "format: 1\nperiod: {start: 2025-04-01, end: 2026-03-31}\n",
        1,
        1,
        "required key 'council' is missing; add 'council: {name: ...}'",
    ),
    Case(
        "council_with_no_value",
        "format: 1\ncouncil:\nperiod: {start: 2025-04-01, end: 2026-03-31}\n",
        2,
        1,
        "required key 'council' has no value",
    ),
    Case(
        "council_is_a_list",
        "format: 1\ncouncil: [Northshire]\nperiod: {start: 2025-04-01, end: 2026-03-31}\n",
        2,
        10,
        "council: expected a mapping of keys",
    ),
    Case(
        "missing_period",
        HEAD,
        1,
        1,
        "required key 'period' is missing; add 'period: {start: YYYY-MM-DD, end: YYYY-MM-DD}'",
    ),
    Case(
        "unknown_top_level_key",
        f"{MINIMAL}self_grade: {{leadership: good}}\n",
        5,
        1,
        "unknown key 'self_grade'; did you mean 'self_grades'?",
    ),
    Case(
        "unknown_data_key",
        with_data("workforce", "caseload_avrage: 19.4"),
        7,
        5,
        "data.workforce.caseload_avrage: unknown key 'caseload_avrage'; "
        "did you mean 'caseload_average'?",
    ),
    Case(
        "unknown_area",
        f"{MINIMAL}areas:\n  leadershp: {{}}\n",
        6,
        3,
        "did you mean 'leadership'?",
    ),
    Case(
        "unknown_choice",
        f"{LEADERSHIP}      - {{id: ld-k1, kind: strenght, text: A}}\n",
        8,
        27,
        "got 'strenght'; did you mean 'strength'?",
    ),
    # --- values of the wrong kind or out of range --------------------------------------------
    Case(
        "percentage_over_100",
        with_data("workforce", "agency_pct: 124"),
        7,
        17,
        "must be at most 100 (a percentage, 0-100), got 124",
    ),
    Case(
        "negative_count",
        with_data("workforce", "caseload_max: -3"),
        7,
        19,
        "must be at least 0, got -3",
    ),
    Case(
        "text_for_a_number",
        with_data("workforce", "agency_pct: about a quarter"),
        7,
        17,
        "expected a number, got 'about a quarter'",
    ),
    Case(
        "percent_sign",
        with_data("workforce", "agency_pct: 24%"),
        7,
        17,
        "write 24 without the '%' sign",
    ),
    Case(
        "float_for_a_count",
        with_data("workforce", "caseload_max: 22.5"),
        7,
        19,
        "expected a whole number, got 22.5",
    ),
    Case(
        "not_a_finite_number",
        with_data("workforce", "agency_pct: .nan"),
        7,
        17,
        "expected a finite number",
    ),
    Case(
        "yes_for_a_boolean",
        with_data("workforce", "workforce_strategy: yes"),
        7,
        25,
        "(YAML 1.2 reads it as text); write true",
    ),
    Case(
        "text_for_a_list",
        with_data("front_door", "mash_agencies: police"),
        7,
        20,
        "expected a list",
    ),
    Case(
        "impossible_date",
        with_period("{start: 2025-04-01, end: 2026-02-30}"),
        4,
        34,
        "period.end: '2026-02-30' is not a real date (day is out of range for month)",
    ),
    Case(
        "impossible_month",
        f"{MINIMAL}sign_off:\n  dcs: {{name: Jo Bloggs, date: 2025-13-01}}\n",
        6,
        32,
        "'2025-13-01' is not a real date (month must be in 1..12)",
    ),
    Case(
        "datetime_for_a_date",
        with_period("{start: 2025-04-01T09:00:00, end: 2026-03-31}"),
        4,
        17,
        "expected a date without a time, got 2025-04-01 09:00:00; write 2025-04-01",
    ),
    Case(
        "quoted_date",
        with_period("{start: '2025-04-01', end: 2026-03-31}"),
        4,
        17,
        "write 2025-04-01 without quotes",
    ),
    Case(
        "day_first_date",
        with_period("{start: 01/04/2025, end: 2026-03-31}"),
        4,
        17,
        "expected a date written YYYY-MM-DD, got '01/04/2025'",
    ),
    Case(
        "period_ends_before_it_starts",
        with_period("{start: 2026-03-31, end: 2025-04-01}"),
        4,
        34,
        "period.end: the period ends before it starts",
    ),
    Case(
        "bad_grade",
        f"{MINIMAL}self_grades: {{leadership: brilliant}}\n",
        5,
        27,
        "'brilliant' is not a grade; use outstanding, good, requires_improvement or inadequate",
    ),
    Case(
        "overall_grade_under_ilacs_2026",
        f"{MINIMAL}self_grades: {{leadership: good, overall: good}}\n",
        5,
        42,
        "there is no overall effectiveness judgement under ilacs-2026; remove it or set "
        "'framework: ilacs-2023'",
    ),
    # --- ids and references ------------------------------------------------------------------
    Case(
        "duplicate_claim_id",
        f"{LEADERSHIP}      - {{id: ld-k1, kind: strength, text: A}}\n"
        "  help_and_protection:\n    know:\n      - {id: ld-k1, kind: weakness, text: B}\n",
        11,
        14,
        "claim id 'ld-k1' is used twice; ids must be unique",
    ),
    Case(
        "claim_cites_unknown_evidence",
        f"{MINIMAL}evidence:\n  - {{id: audit-2025, kind: case_audit, title: Practice audit}}\n"
        "areas:\n  leadership:\n    know:\n"
        "      - {id: ld-k1, kind: strength, text: A, evidence: [audit-2024]}\n",
        10,
        57,
        "no evidence has the id 'audit-2024'; did you mean 'audit-2025'?",
    ),
    Case(
        "plan_addresses_unknown_claim",
        f"{LEADERSHIP}      - {{id: ld-k1, kind: strength, text: A}}\n"
        "    plans:\n      - {id: ld-p1, action: Audit, addresses: [ld-k2]}\n",
        10,
        48,
        "no claim has the id 'ld-k2'; did you mean 'ld-k1'?",
    ),
    Case(
        "invalid_id",
        f"{MINIMAL}evidence:\n  - {{id: practice audit, kind: case_audit, title: A}}\n",
        6,
        10,
        "'practice audit' is not a valid id",
    ),
]

LINE = r"^{file}(:\d+:\d+)?: error: .+$"


def _make_input(tmp_path: Path, content: Content) -> Path:
    if content is Directory:
        path = tmp_path / "sef.yaml"
        path.mkdir()
        return path
    if content is Missing:
        return tmp_path / "sef.yaml"
    path = tmp_path / "sef.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="\n")
    return path


def _snapshot(root: Path) -> dict[str, bytes | None]:
    """Every path under ``root`` with its bytes (None for a directory)."""
    return {
        str(p.relative_to(root)): (None if p.is_dir() else p.read_bytes())
        for p in sorted(root.rglob("*"))
    }


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def _assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr
    # An exception other than the exit itself means the command crashed.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


def _error_lines(result: Result, *files: Path) -> list[str]:
    """stderr as lines, each checked to be ``<one of files>:line:col: error: message``."""
    lines = result.stderr.splitlines()
    assert lines, "expected error lines on stderr"
    patterns = [re.compile(LINE.format(file=re.escape(str(f)))) for f in files]
    for line in lines:
        assert any(p.match(line) for p in patterns), f"not a positioned error line: {line!r}"
    return lines


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_in_place(tmp_path: Path, case: Case, command: str) -> None:
    path = _make_input(tmp_path, case.content)
    before = _snapshot(tmp_path)

    result = _invoke(command, str(path))

    _assert_no_traceback(result)
    assert result.exit_code == 2, result.stderr
    lines = _error_lines(result, path)
    place = f":{case.line}:{case.column}" if case.line else ""
    prefix = f"{path}{place}: error: "
    matching = [line for line in lines if line.startswith(prefix)]
    assert matching, f"no error at {case.line}:{case.column}; got:\n{result.stderr}"
    assert any(case.phrase in line for line in matching), (
        f"{case.phrase!r} not in the error at {case.line}:{case.column}; got:\n{result.stderr}"
    )
    assert _snapshot(tmp_path) == before, "the input (or its folder) was modified"


def test_there_are_enough_kinds_of_bad_input() -> None:
    assert len(CASES) >= 24
    assert len({c.name for c in CASES}) == len(CASES)


SEVERAL = f"""\
{MINIMAL}self_grade: {{leadership: good}}
data:
  workforce:
    agency_pct: 120
    caseload_max: -1
    agency_pct: 20
  leadership:
    open_cases: !foo 3
sign_off:
  dcs: {{name: A, date: 2025-02-30}}
"""
SEVERAL_EXPECTED = [
    (5, 1, "unknown key 'self_grade'; did you mean 'self_grades'?"),
    (8, 17, "must be at most 100"),
    (9, 19, "must be at least 0"),
    (10, 5, "duplicate key 'agency_pct' (first at line 8, column 5)"),
    (12, 17, "YAML tag '!foo' is not allowed"),
    (14, 24, "'2025-02-30' is not a real date"),
]


@pytest.mark.parametrize("command", COMMANDS)
def test_all_problems_in_a_file_are_reported_at_once(tmp_path: Path, command: str) -> None:
    path = tmp_path / "sef.yaml"
    path.write_text(SEVERAL, encoding="utf-8")
    before = path.read_bytes()

    result = _invoke(command, str(path))

    _assert_no_traceback(result)
    assert result.exit_code == 2
    lines = _error_lines(result, path)
    assert len(lines) == len(SEVERAL_EXPECTED), result.stderr
    for line, (lineno, col, phrase) in zip(lines, SEVERAL_EXPECTED, strict=True):
        assert line.startswith(f"{path}:{lineno}:{col}: error: "), line
        assert phrase in line
    assert path.read_bytes() == before


@pytest.mark.parametrize("command", COMMANDS)
def test_one_bad_file_among_several(tmp_path: Path, command: str) -> None:
    good = tmp_path / "good.yaml"
    bad = tmp_path / "bad.yaml"
    also_bad = tmp_path / "also-bad.yaml"
    good.write_text(MINIMAL, encoding="utf-8")
    bad.write_text(with_data("workforce", "agency_pct: 124"), encoding="utf-8")
    also_bad.write_text(MINIMAL.replace("format: 1", "format: 2"), encoding="utf-8")
    before = _snapshot(tmp_path)

    result = _invoke(command, str(bad), str(good), str(also_bad))

    _assert_no_traceback(result)
    assert result.exit_code == 2
    lines = _error_lines(result, bad, also_bad)
    # Each bad file is reported; the good one, read between them, is not an error.
    assert [line.split(": error: ")[0] for line in lines] == [f"{bad}:7:17", f"{also_bad}:1:9"]
    assert str(good) not in result.stderr
    if command == "check":
        # The good file is still checked and its report printed.
        assert f"Northshire · {good} · ilacs-2026" in result.stdout
    assert _snapshot(tmp_path) == before


def test_unknown_format_option_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "sef.yaml"
    path.write_text(MINIMAL, encoding="utf-8")

    result = _invoke("check", "--format", "xml", str(path))

    _assert_no_traceback(result)
    assert result.exit_code == 2
    assert "'xml'" in result.stderr
    assert "text" in result.stderr and "json" in result.stderr  # the values it accepts
    assert result.stdout == ""


def test_validate_has_no_format_option(tmp_path: Path) -> None:
    path = tmp_path / "sef.yaml"
    path.write_text(MINIMAL, encoding="utf-8")

    result = _invoke("validate", "--format", "json", str(path))

    _assert_no_traceback(result)
    assert result.exit_code == 2
    assert "--format" in result.stderr


# --- input that looks odd but is right ---------------------------------------------------------

GOOD_CASES = {
    "ofsted_grade_strings": f"{MINIMAL}self_grades: {{leadership: RI, "
    "help_and_protection: Requires improvement to be good, children_in_care: Good, "
    "care_leavers: requires_improvement}\n",
    "unquoted_la_code": MINIMAL.replace("{name: Northshire}", "{name: Northshire, la_code: 370}"),
    "quoted_la_code": MINIMAL.replace("{name: Northshire}", "{name: Northshire, la_code: '370'}"),
    "byte_order_mark_and_crlf": "\ufeff" + MINIMAL.replace("\n", "\r\n"),
    "nulls_are_absent": f"{MINIMAL}data:\n  workforce:\n    agency_pct:\n    caseload_max: null\n",
    "aliases": f"{MINIMAL}data:\n  workforce: {{agency_pct: &pct 24}}\n"
    "  leadership: {interim_senior_leaders_pct: *pct}\n",
}


@pytest.mark.parametrize("name", sorted(GOOD_CASES))
def test_odd_but_valid_input_is_accepted(tmp_path: Path, name: str) -> None:
    path = tmp_path / "sef.yaml"
    path.write_bytes(GOOD_CASES[name].encode("utf-8"))
    before = _snapshot(tmp_path)

    validated = _invoke("validate", str(path))
    checked = _invoke("check", str(path))

    for result in (validated, checked):
        _assert_no_traceback(result)
        assert result.stderr == ""
    assert validated.exit_code == 0
    assert validated.stdout == f"{path}: valid SEF (format 1, ilacs-2026)\n"
    assert checked.exit_code in (0, 1)  # gaps may be found; the input itself is fine
    assert _snapshot(tmp_path) == before


def test_grades_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "sef.yaml"
    path.write_text(GOOD_CASES["ofsted_grade_strings"], encoding="utf-8")
    grades = load_sef(path).sef.self_grades
    assert grades.leadership is not None and grades.leadership.key == "requires_improvement"
    assert grades.help_and_protection is not None
    assert grades.help_and_protection.key == "requires_improvement"
    assert grades.children_in_care is not None and grades.children_in_care.key == "good"


@pytest.mark.parametrize("name", ["unquoted_la_code", "quoted_la_code"])
def test_la_code_is_kept_as_text(tmp_path: Path, name: str) -> None:
    path = tmp_path / "sef.yaml"
    path.write_text(GOOD_CASES[name], encoding="utf-8")
    assert load_sef(path).sef.council.la_code == "370"


def test_null_under_an_unknown_key_is_still_reported(tmp_path: Path) -> None:
    path = tmp_path / "sef.yaml"
    path.write_text(
        "format: 1\ncouncil: {name: X}\nperiod: {start: 2025-04-01, end: 2026-03-31}\n"
        "data:\n  workforce:\n    caseload_avrage:\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "did you mean 'caseload_average'" in result.stderr
    assert f"{path}:6:5:" in result.stderr


def test_a_two_digit_la_code_is_refused_not_padded(tmp_path: Path) -> None:
    path = tmp_path / "sef.yaml"
    path.write_text(
        "format: 1\ncouncil: {name: X, la_code: 37}\n"
        "period: {start: 2025-04-01, end: 2026-03-31}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "not a DfE 3-digit LA code" in result.stderr
