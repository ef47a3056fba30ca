"""What every fuzzed input must satisfy, whatever it is (issue 10).

``decide(text)`` runs one input through ``assure`` in-process (typer's ``CliRunner`` with
``assure.cli.app``, about 20-50 ms a run) and asserts the promises of docs/reliability.md:

- the exit code is 0, 1 or 2, and nothing but ``SystemExit`` escaped (no traceback);
- every stderr line is one diagnostic in one of the three forms, with no control character;
- the input file is byte-for-byte unchanged, and the folder holds nothing new but the output
  file that was asked for (no temporary file, no cache, no stray report);
- the input is decided in under 2 s of CPU time (the process's, engine threads included:
  wall-clock time would fail on a busy CI machine for reasons that are not assure's).

The budget: ``ASSURE_FUZZ_EXAMPLES`` inputs per fuzz test (default ``DEFAULT_EXAMPLES``, which
keeps all of ``pytest -m fuzz`` under a minute); ``ASSURE_FUZZ_EXAMPLES=20000 pytest -m fuzz``
for a long run. Everything is deterministic: hypothesis is derandomized and the mutation fuzzer
uses a fixed seed, so a failure found in CI is found again on a laptop.
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from typer.testing import CliRunner

from assure.cli import app

DEFAULT_EXAMPLES = 150
TIME_LIMIT = 2.0  # seconds of CPU time per input

# file:line:col: error|warning: ...   file: error: ...   assure: error: ...
DIAGNOSTIC = re.compile(
    r"^[^\x00-\x1f\x7f]+?(:\d+:\d+)?: (error|warning): [^\x00-\x1f\x7f]+$"
    r"|^assure: wrote [^\x00-\x1f\x7f]+ \([a-z]+\)$"  # -o says what it wrote (not a problem)
)

FORMATS = {
    "text": "txt",
    "json": "json",
    "sarif": "sarif",
    "junit": "xml",
    "github": "log",
    "markdown": "md",
}


def budget() -> int:
    return int(os.environ.get("ASSURE_FUZZ_EXAMPLES") or DEFAULT_EXAMPLES)


@dataclass
class Tally:
    """What a fuzz test saw, for its summary line (``pytest -s``) and docs/reliability.md."""

    inputs: int = 0
    exits: collections.Counter[int] = field(default_factory=collections.Counter)
    validate_only: int = 0  # D1: inputs with a float in exponent form, not given to the engine
    slowest: float = 0.0

    def line(self, name: str) -> str:
        exits = ", ".join(f"exit {k}: {v}" for k, v in sorted(self.exits.items()))
        return (
            f"fuzz {name}: {self.inputs} inputs ({exits}); {self.validate_only} validated only "
            f"(D1 guard); slowest {self.slowest:.2f} s CPU"
        )


def engine_safe(text: str) -> bool:
    """Every input now goes to the engine: floats in exponent form (issue 10, D1) no longer
    crash it, so nothing is only validated. Kept so the tally still says so."""
    return True


def decide(
    folder: Path,
    content: str | bytes,
    *,
    fmt: str = "text",
    to_file: bool = False,
    tally: Tally | None = None,
) -> int:
    """Run ``assure check`` (or ``validate``, see ``engine_safe``) on ``content`` in ``folder``
    (an empty folder of its own); assert every promise; return the exit code."""
    sef = folder / "sef.yaml"
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    sef.write_bytes(data)
    text = data.decode("utf-8", "replace")
    digest = hashlib.sha256(data).hexdigest()
    before = sorted(p.name for p in folder.iterdir())
    out = folder / f"out.{FORMATS[fmt]}"
    checked = engine_safe(text)
    if checked:
        args = ["check", str(sef), "-f", fmt, *(["-o", str(out)] if to_file else [])]
    else:
        args = ["validate", str(sef)]

    start = time.process_time()
    result = CliRunner().invoke(app, args)
    took = time.process_time() - start

    where = f"{args} on {data[:300]!r}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{where}: {result.exception!r}"
    )
    assert result.exit_code in (0, 1, 2), f"{where}: exit {result.exit_code}"
    assert "Traceback" not in result.output, where
    for line in result.stderr.splitlines():
        assert DIAGNOSTIC.match(line), f"{where}: not a one-line diagnostic: {line!r}"
        assert "internal error" not in line, f"{where}: {line}"
    if result.exit_code == 2:
        assert result.stderr, f"{where}: exit 2 without a diagnostic"
    assert took < TIME_LIMIT, f"{where}: took {took:.2f} s of CPU time"
    assert hashlib.sha256(sef.read_bytes()).hexdigest() == digest, f"{where}: input modified"
    after = sorted(p.name for p in folder.iterdir())
    expected = sorted({*before, out.name}) if (to_file and out.exists()) else before
    assert after == expected, f"{where}: the folder changed: {before} -> {after}"
    if checked and result.exit_code in (0, 1):
        _well_formed(fmt, out.read_text(encoding="utf-8") if to_file else result.stdout, where)
    if to_file and out.exists():
        out.unlink()
    sef.unlink()
    if tally is not None:
        tally.inputs += 1
        tally.exits[result.exit_code] += 1
        tally.validate_only += not checked
        tally.slowest = max(tally.slowest, took)
    return result.exit_code


def _well_formed(fmt: str, output: str, where: str) -> None:
    if fmt in ("json", "sarif"):
        json.loads(output)
    elif fmt == "junit":
        ET.fromstring(output.encode("utf-8"))
    elif fmt in ("text", "markdown"):
        assert "\x1b" not in output, f"{where}: a terminal escape in the {fmt} output"
    elif fmt == "github":
        # The runner reads commands line by line, a line ending at '\n' (and '\r'); other
        # separators Python's splitlines() knows (U+001D, U+0085) do not end a command.
        for line in output.rstrip("\n").split("\n"):
            assert line.startswith("::") and "\r" not in line, f"{where}: forged line: {line!r}"
