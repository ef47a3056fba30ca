"""Regression tests for issue 10 (hardening), one or more per defect, each with the issue's
exact reproducer: D3 output files, D4/D5 time, D6 positions, D7 one-line diagnostics, D8 XML,
D9 Markdown and terminal injection."""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from assure.base import files
from assure.base.problems import MAX_PROBLEMS, InputError, Problem
from assure.cli import app
from assure.sef.loader import load_sef_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "self_assessments"
MINIMAL = "format: 1\ncouncil: {name: X}\nperiod: {start: 2025-04-01, end: 2026-03-31}\n"

# The three forms of a diagnostic line (docs/reliability.md).
DIAGNOSTIC = re.compile(r"^[^\x00-\x1f\x7f]+?(:\d+:\d+)?: (error|warning): [^\x00-\x1f\x7f]+$")


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Through the real console entry point (usage errors are printed there)."""
    return subprocess.run(
        [sys.executable, "-m", "assure", *args], capture_output=True, text=True, cwd=cwd
    )


def one_line_each(stderr: str) -> list[str]:
    lines = stderr.splitlines()
    assert lines, "expected a diagnostic"
    for line in lines:
        assert DIAGNOSTIC.match(line), f"not a one-line diagnostic: {line!r}"
        assert "internal error" not in line
    return lines


def sef(tmp_path: Path, text: str | bytes, name: str = "sef.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="\n")
    return path


# --- D3: -o never destroys what is at the path ----------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("check", "{sef}", "-f", "json", "-o", "{sef}"),
        ("report", "{sef}", "-o", "{sef}"),
        ("report", "{sef}", "--since", "{old}", "-o", "{old}"),
        ("diff", "{old}", "{sef}", "-o", "{sef}"),
    ],
    ids=["check", "report", "report-since", "diff"],
)
def test_output_over_an_input_is_refused(tmp_path: Path, args: tuple[str, ...]) -> None:
    new = sef(tmp_path, (EXAMPLES / "eastbury-2026.yaml").read_text(encoding="utf-8"))
    old = sef(tmp_path, (EXAMPLES / "eastbury-2025.yaml").read_text(encoding="utf-8"), "old.yaml")
    before = {p: p.read_bytes() for p in (new, old)}
    result = invoke(*(a.format(sef=new, old=old) for a in args))
    assert result.exit_code == 2
    (line,) = one_line_each(result.stderr)
    assert line.startswith("assure: error: -o ") and "is one of the inputs" in line
    assert {p: p.read_bytes() for p in (new, old)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.yaml", "sef.yaml"]


def test_output_through_a_symlink_or_hard_link_to_an_input_is_refused(tmp_path: Path) -> None:
    source = sef(tmp_path, (EXAMPLES / "midshire-2026.yaml").read_text(encoding="utf-8"))
    (tmp_path / "soft.yaml").symlink_to(source)
    os.link(source, tmp_path / "hard.yaml")
    before = source.read_bytes()
    for out in ("soft.yaml", "hard.yaml", f"{tmp_path}/./sef.yaml"):
        result = invoke("check", str(source), "-f", "json", "-o", str(tmp_path / out))
        assert result.exit_code == 2, out
        assert "is one of the inputs" in result.stderr
    assert source.read_bytes() == before
    assert (tmp_path / "soft.yaml").is_symlink()


def test_output_into_a_fifo_writes_into_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = invoke("check", str(EXAMPLES / "northshire-2026.yaml"), "-f", "json", "-o", str(fifo))
    reader.join(timeout=10)
    assert result.exit_code == 0, result.stderr
    assert json.loads(received[0])["council"] == "Northshire"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still a FIFO, not a regular file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file


@pytest.mark.skipif(os.geteuid() != 0, reason="replacing /dev/null needs root")
def test_output_to_dev_null_as_root_keeps_it_a_device() -> None:
    result = invoke("check", str(EXAMPLES / "northshire-2026.yaml"), "-f", "json", "-o", os.devnull)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert not list(Path("/dev").glob(".null.*.tmp"))


def test_output_through_a_symlink_writes_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    result = invoke("check", str(EXAMPLES / "northshire-2026.yaml"), "-f", "json", "-o", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert json.loads(target.read_text())["council"] == "Northshire"


def test_a_read_only_output_is_refused_even_for_root(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("keep me")
    target.chmod(0o444)
    result = invoke(
        "check", str(EXAMPLES / "northshire-2026.yaml"), "-f", "json", "-o", str(target)
    )
    assert result.exit_code == 2
    (line,) = one_line_each(result.stderr)
    assert (
        line
        == f"{target}: error: the file is read-only; make it writable or choose another output file"
    )
    assert target.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_an_output_folder_is_one_line_through_the_console_script(tmp_path: Path) -> None:
    result = run("check", str(EXAMPLES / "northshire-2026.yaml"), "-o", str(tmp_path))
    assert result.returncode == 2
    (line,) = one_line_each(result.stderr)
    assert line.startswith("assure: error: ") and "is a directory" in line


def test_usage_errors_are_one_line(tmp_path: Path) -> None:
    for args in (["check", "--format", "pdf", "x.yaml"], ["check", "--nope"], ["nosuchcommand"]):
        result = run(*args)
        assert result.returncode == 2, args
        (line,) = one_line_each(result.stderr)
        assert line.startswith("assure: error: "), line


def test_no_temporary_file_is_left_on_error_or_interrupt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"

    def broken(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(InputError) as caught:
        files.write_output(target, "text")
    assert str(caught.value) == f"{target}: error: cannot write: No space left on device"
    assert list(tmp_path.iterdir()) == []

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.write_output(target, "text")
    assert list(tmp_path.iterdir()) == []


def test_an_output_file_is_written_piece_by_piece_and_appears_whole(tmp_path: Path) -> None:
    """-o streams (issue 15): the pieces go to a temporary file beside the target as they
    come, and the target is the old file until the last piece is in."""
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")
    with files.OutputFile(target) as out:
        out.write("one\n")
        out.write(b"two\n")
        assert target.read_text(encoding="utf-8") == "old\n"
        (tmp,) = [p for p in tmp_path.iterdir() if p != target]
        assert tmp.name.startswith(".out.jsonl.")
    assert target.read_text(encoding="utf-8") == "one\ntwo\n"
    assert list(tmp_path.iterdir()) == [target]


def test_a_bad_output_is_refused_before_any_file_is_checked(tmp_path: Path) -> None:
    """The output path is checked first: a batch is not checked for nothing."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\ncouncil: [\n", encoding="utf-8")
    target = tmp_path / "out.json"
    target.write_text("kept", encoding="utf-8")
    target.chmod(0o444)
    result = invoke("check", str(bad), "-o", str(target))
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"{target}: error: the file is read-only; make it writable or choose another output file"
    )
    assert target.read_text(encoding="utf-8") == "kept"


# --- D4/D5: bounded time -----------------------------------------------------------------------


def _timed(*args: str) -> tuple[Result, float]:
    """The result and the CPU time it took (this process's, engine threads included: a busy
    machine makes wall-clock time fail for reasons that are not assure's)."""
    start = time.process_time()
    result = invoke(*args)
    return result, time.process_time() - start


def test_8000_foreign_tags_are_decided_quickly(tmp_path: Path) -> None:
    items = "".join(f"  - {{id: !x e{i}, kind: !x case_audit, title: !x T}}\n" for i in range(8000))
    path = sef(tmp_path, MINIMAL + "evidence:\n" + items)
    assert 400_000 < path.stat().st_size < 450_000  # the 423 KB
    result, took = _timed("check", str(path))
    assert took < 2, f"{took:.1f} s"
    assert result.exit_code == 2
    (line,) = one_line_each(result.stderr)  # 56,000 values: refused before composing
    assert "the document holds more than 25,000 values" in line


def test_3000_foreign_tags_are_reported_200_then_a_count(tmp_path: Path) -> None:
    items = "".join(f"  - {{id: !x e{i}, kind: !x case_audit, title: !x T}}\n" for i in range(3000))
    path = sef(tmp_path, MINIMAL + "evidence:\n" + items)
    result, took = _timed("check", str(path))
    assert took < 2, f"{took:.1f} s"
    lines = one_line_each(result.stderr)
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[0].startswith(f"{path}:5:10: error: evidence[0].id: YAML tag '!x' is not allowed")
    assert re.fullmatch(
        rf"{re.escape(str(path))}: error: \.\.\. and \d+ more problems; fix the ones above first",
        lines[-1],
    )


def test_5000_unknown_evidence_ids_are_decided_quickly(tmp_path: Path) -> None:
    refs = ", ".join(f"unknown-evidence-{i}" for i in range(5000))
    evidence = "".join(f"  - {{id: ev-{i}, kind: case_audit, title: T}}\n" for i in range(400))
    text = (
        f"{MINIMAL}evidence:\n{evidence}areas:\n  leadership:\n    know:\n"
        f"      - {{id: k1, kind: strength, text: t, evidence: [{refs}]}}\n"
    )
    path = sef(tmp_path, text)
    result, took = _timed("check", str(path))
    assert took < 2, f"{took:.1f} s"
    lines = one_line_each(result.stderr)
    assert len(lines) == MAX_PROBLEMS + 1
    assert "did you mean" in lines[0] or "add an item with this id" in lines[0]
    assert lines[-1].endswith("... and 4800 more problems; fix the ones above first")


def test_a_file_over_the_size_limit_is_refused_without_a_place(tmp_path: Path) -> None:
    path = sef(tmp_path, MINIMAL + "x: '" + "a" * (1024 * 1024) + "'\n")
    result, took = _timed("check", str(path))
    assert took < 2
    (line,) = one_line_each(result.stderr)
    assert line.startswith(f"{path}: error: file is larger than 1 MB")


def test_too_many_values_are_refused_before_they_are_composed(tmp_path: Path) -> None:
    path = sef(tmp_path, MINIMAL + "x: [" + "1," * 400_000 + "1]\n")  # 800 KB of values
    result, took = _timed("check", str(path))
    assert took < 2
    (line,) = one_line_each(result.stderr)
    assert "the document holds more than 25,000 values" in line
    assert re.match(rf"{re.escape(str(path))}:4:\d+: error:", line)


def test_a_deep_and_large_document_is_refused_quickly(tmp_path: Path) -> None:
    # Deep nesting needs ruamel's pure-Python parser, about ten times slower than libyaml.
    path = sef(tmp_path, MINIMAL + "x: " + "[" * 60 + "'" + "a" * 900_000 + "'" + "]" * 60 + "\n")
    result, took = _timed("check", str(path))
    assert took < 2
    (line,) = one_line_each(result.stderr)
    assert "nests values more than 50 levels deep" in line


def test_a_deep_document_with_many_values_is_refused_quickly(tmp_path: Path) -> None:
    path = sef(tmp_path, MINIMAL + "x: " + "[" * 60 + "1," * 12_000 + "1" + "]" * 60 + "\n")
    result, took = _timed("check", str(path))
    assert took < 2
    (line,) = one_line_each(result.stderr)
    assert "the document holds more than 10,000 values" in line


def test_problems_are_capped_per_file() -> None:
    many = [Problem("a.yaml", i, 1, "bad") for i in range(1, 251)] + [Problem("b.yaml", 1, 1, "x")]
    shown = InputError(many).problems
    assert len(shown) == MAX_PROBLEMS + 2
    assert [str(p) for p in shown[-2:]] == [
        "a.yaml: error: ... and 50 more problems; fix the ones above first",
        "b.yaml:1:1: error: x",
    ]
    assert InputError(shown).problems == shown  # capping twice changes nothing


# --- D6: positioned errors, never an internal error -------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (MINIMAL + "a[b: 1\n", ":4:1: error: a[b: unknown key 'a[b'"),
        (
            'format: 1\ncouncil: {name: X, "x[y": 1}\n'
            "period: {start: 2025-04-01, end: 2026-03-31}\n",
            ":2:20: error: council.x[y: unknown key 'x[y'; expected one of: name,",
        ),
        ("%YAML 1.9\n---\n" + MINIMAL, ":1:1: error: not valid YAML: '%YAML 1.9' names a YAML"),
    ],
    ids=["bracket-key", "nested-bracket-key", "yaml-1.9"],
)
def test_no_internal_error_without_a_position(tmp_path: Path, text: str, expected: str) -> None:
    path = sef(tmp_path, text)
    for command in ("validate", "check"):
        result = invoke(command, str(path))
        assert result.exit_code == 2
        lines = one_line_each(result.stderr)
        assert lines[0].startswith(str(path) + expected), lines


# --- D7: every diagnostic is exactly one line ---------------------------------------------------


def test_line_100_is_not_an_emoji_and_smile_is_printed_as_written(tmp_path: Path) -> None:
    path = sef(tmp_path, MINIMAL + "\n" * 95 + ":smile: 1\n")
    assert path.read_text().splitlines()[98] == ":smile: 1"
    result = run("check", str(path))
    (line,) = one_line_each(result.stderr)
    assert line.startswith(f"{path}:99:1: error: :smile: unknown key ':smile'")
    path = sef(tmp_path, MINIMAL + "\n" * 95 + "\nzz: 1\n")
    result = run("check", str(path))
    assert result.stderr.startswith(f"{path}:100:1: error:")
    assert "\N{HUNDRED POINTS SYMBOL}" not in result.stderr


def test_a_control_character_gives_one_positioned_line(tmp_path: Path) -> None:
    path = sef(tmp_path, 'format: 1\nb: "\x01"\n')
    result = invoke("check", str(path))
    (line,) = one_line_each(result.stderr)
    assert line == (
        f"{path}:2:5: error: not valid YAML: the control character U+0001 is not allowed in a "
        "YAML file; remove it"
    )


def test_input_cannot_forge_a_diagnostic_line(tmp_path: Path) -> None:
    path = sef(tmp_path, MINIMAL + '"a\\nx.yaml:1:1: error: forged": 2\n"b\\e]0;title\\a": 3\n')
    result = invoke("check", str(path))
    lines = one_line_each(result.stderr)
    assert len(lines) == 2
    assert not any(line.startswith("x.yaml") for line in lines)
    assert "a\\nx.yaml:1:1: error: forged" in lines[0]
    assert "\\x1b]0;title\\x07" in lines[1]


def test_problem_escapes_every_control_character() -> None:
    shown = str(Problem("f\nx.yaml", 2, 3, "key 'a\rb\x1b[2J\u2028c\x85\ud800'"))
    assert shown == "f\\nx.yaml:2:3: error: key 'a\\rb\\x1b[2J\\u2028c\\x85\\ud800'"


def test_invalid_byte_after_a_bom_is_named_at_its_place(tmp_path: Path) -> None:
    path = sef(tmp_path, b"\xef\xbb\xbfformat: 1\ncouncil: {name: \xff}\n")
    result = invoke("check", str(path))
    (line,) = one_line_each(result.stderr)
    assert line == f"{path}:2:17: error: byte 0xff is not UTF-8 text; save the file as UTF-8"


def test_duplicate_anchors_print_no_warning(tmp_path: Path) -> None:
    path = sef(
        tmp_path,
        "format: 1\ncouncil: &a {name: X}\nperiod: &a {start: 2025-04-01, end: 2026-03-31}\n",
    )
    result = run("check", str(path), "-f", "json")
    assert result.returncode in (0, 1)
    assert result.stderr == ""


# --- D8: JUnit XML and SARIF stay well-formed ---------------------------------------------------

INJECTION = (
    'format: 1\ncouncil: {name: "Eastbury\\u0001\\uFFFE @octocat ![x](http://e.test/x.png) '
    '[c](javascript:alert(1)) <b>hi</b> \\e]0;pwned\\a\\e[2J"}\n'
    "period: {start: 2025-04-01, end: 2026-03-31}\n"
)


def test_junit_is_xml_whatever_the_council_name(tmp_path: Path) -> None:
    path = sef(tmp_path, 'format: 1\ncouncil: {name: "Eastbury\\u0001"}\n' + MINIMAL.split("\n")[2])
    result = invoke("check", str(path), "-f", "junit")
    root = ET.fromstring(result.stdout.encode())
    councils = {p.get("value") for p in root.iter("property") if p.get("name") == "council"}
    assert councils == {"Eastbury\\x01"}
    result = invoke("check", str(sef(tmp_path, INJECTION)), "-f", "junit")
    ET.fromstring(result.stdout.encode())


def test_sarif_and_json_stay_valid(tmp_path: Path) -> None:
    path = sef(tmp_path, INJECTION)
    for fmt in ("sarif", "json"):
        result = invoke("check", str(path), "-f", fmt)
        json.loads(result.stdout)


# --- D9: Markdown and terminal injection ---------------------------------------------------------


def test_markdown_neutralises_mentions_links_images_and_html(tmp_path: Path) -> None:
    path = sef(tmp_path, INJECTION)
    result = invoke("check", str(path), "-f", "markdown")
    heading = result.stdout.splitlines()[0]
    assert "@octocat" not in heading and "@\u200doctocat" in heading
    assert "![x](" not in heading and "\\!\\[x\\](" in heading
    assert "[c](javascript" not in heading and "\\[c\\](javascript" in heading
    assert "<b>" not in heading and "&lt;b&gt;" in heading
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", result.stdout)


def test_github_step_summary_is_neutralised_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    invoke("check", str(sef(tmp_path, INJECTION)), "-f", "github")
    text = summary.read_text()
    assert "@octocat" not in text and "![x](" not in text and "\x1b" not in text


def test_text_output_has_no_terminal_control_sequences(tmp_path: Path) -> None:
    result = invoke("check", str(sef(tmp_path, INJECTION)))
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert result.stdout.startswith("Eastbury")


# --- No input is ever modified, by any command ---------------------------------------------------

COMMANDS = [
    ["check", "{all}"],
    *(["check", "{all}", "-f", fmt] for fmt in ("json", "sarif", "junit", "github", "markdown")),
    ["check", "{all}", "-f", "json", "-o", "{out}.json"],
    ["check", "{all}", "-f", "json", "-o", "{e26}"],
    ["validate", "{all}"],
    ["report", "{e26}", "-o", "{out}.html"],
    ["report", "{e26}", "--since", "{e25}", "-f", "markdown"],
    ["report", "{e26}", "-o", "{e26}"],
    *(["diff", "{e25}", "{e26}", "-f", fmt] for fmt in ("text", "json", "markdown")),
    ["diff", "{e25}", "{e26}", "-o", "{e25}"],
    ["init", "-o", "{out}.yaml"],
    ["schema", "-o", "{out}.schema.json"],
    ["rules", "list"],
]


def _hashes(paths: list[Path]) -> dict[Path, bytes]:
    import hashlib

    return {p: hashlib.sha256(p.read_bytes()).digest() for p in paths}


@pytest.mark.parametrize(
    "command", COMMANDS, ids=lambda c: " ".join(c).replace("{", "").replace("}", "")
)
def test_no_command_modifies_an_input(tmp_path: Path, command: list[str]) -> None:
    inputs = sorted(EXAMPLES.glob("*.yaml"))
    copies = [tmp_path / p.name for p in inputs]
    for src, dst in zip(inputs, copies, strict=True):
        dst.write_bytes(src.read_bytes())
    shipped = [
        *inputs,
        *sorted((ROOT / "rules").rglob("*.yaml")),
        ROOT / "schema" / "sef.schema.json",
    ]
    before, shipped_before = _hashes(copies), _hashes(shipped)
    names = {
        "all": [str(p) for p in copies],
        "e25": str(tmp_path / "eastbury-2025.yaml"),
        "e26": str(tmp_path / "eastbury-2026.yaml"),
        "out": str(tmp_path / "out"),
    }
    args: list[str] = []
    for part in command:
        if part == "{all}":
            args += names["all"]  # type: ignore[arg-type]
        else:
            args.append(part.format(**{k: v for k, v in names.items() if k != "all"}))
    with contextlib.chdir(tmp_path):
        result = invoke(*args)
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert _hashes(copies) == before
    assert _hashes(shipped) == shipped_before
    made = {p.name for p in tmp_path.iterdir()} - {p.name for p in copies}
    assert made <= {"out.json", "out.html", "out.yaml", "out.schema.json"}


# --- Found by the fuzz suite -----------------------------------------------------------------


def test_utf16_escapes_are_joined_and_a_lone_surrogate_is_refused(tmp_path: Path) -> None:
    # json.dumps writes an emoji as a UTF-16 pair; YAML reads each half as a lone surrogate,
    # which the engine refused with an internal error ('pyAssertFacts Invalid argument').
    plans = '    plans: [{id: p1, action: "ok \\ud83d\\ude00", owner: "\\ud800\\udc00"}]\n'
    path = sef(tmp_path, MINIMAL + "areas:\n  leadership:\n" + plans)
    result = invoke("check", str(path), "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    path = sef(tmp_path, MINIMAL + 'x: "a\\ud800"\n')
    result = invoke("check", str(path))
    (line,) = one_line_each(result.stderr)
    assert line.startswith(f"{path}:4:4: error: x: text holds a lone UTF-16 surrogate escape")


def test_a_yaml_directive_after_a_byte_order_mark_is_positioned() -> None:
    with pytest.raises(InputError) as caught:
        load_sef_text("\ufeff%YAML 1.9\n---\n" + MINIMAL, "sef.yaml")
    assert str(caught.value).startswith("sef.yaml:1:1: error: not valid YAML: '%YAML 1.9'")


def test_the_markdown_report_neutralises_mentions_and_control_characters() -> None:
    from assure.report.md_report import md

    out = md("Thanks @octocat \x1b]0;owned\x07 and [c](javascript:alert(1))")
    assert "@\u200doctocat" in out and "\x1b" not in out and "\x07" not in out
    assert "](javascript" not in out.replace("\\]", "")
