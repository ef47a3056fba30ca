"""The console script (``assure`` / ``python -m assure``) as a user runs it, in its own process.

It ends the process without the interpreter's teardown; these tests prove nothing is lost by
that: all the output arrives, and the exit codes are the documented ones.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "self_assessments"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assure", *args], capture_output=True, text=True, cwd=cwd
    )


def test_all_output_arrives_and_the_exit_code_is_kept() -> None:
    files = sorted(EXAMPLES.glob("*.yaml"))
    result = run("check", "--format", "json", *map(str, files))
    assert result.returncode == 1  # Midshire and Eastbury have gaps at requires improvement
    reports = json.loads(result.stdout)  # the whole document, flushed before the exit
    assert [r["council"] for r in reports] == [
        "Eastbury",
        "Eastbury",
        "Midshire",
        "Northshire",
        "Ravensmoor",
    ]


def test_a_passing_sef_exits_0() -> None:
    result = run("check", str(EXAMPLES / "northshire-2026.yaml"))
    assert result.returncode == 0, result.stderr
    assert "Northshire" in result.stdout


def test_bad_input_exits_2_with_a_positioned_line(tmp_path: Path) -> None:
    sef = tmp_path / "sef.yaml"
    sef.write_text("format: 1\ncouncil: [\n")
    result = run("check", str(sef))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{sef}:")
    assert "Traceback" not in result.stderr


def test_written_output_file_is_complete(tmp_path: Path) -> None:
    out = tmp_path / "report.sarif"
    sef = EXAMPLES / "midshire-2026.yaml"
    result = run("check", str(sef), "--format", "sarif", "-o", str(out))
    assert result.returncode == 1
    assert json.loads(out.read_text())["version"] == "2.1.0"


def test_usage_errors_exit_2() -> None:
    result = run("check", "--format", "pdf", str(EXAMPLES / "northshire-2026.yaml"))
    assert result.returncode == 2
    assert "pdf" in result.stderr
