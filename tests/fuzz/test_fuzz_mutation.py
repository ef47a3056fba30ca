"""Mutation fuzzing over the shipped examples (self_assessments/*.yaml): line and byte
mutations of real SEFs, one to four at a time, from a fixed seed. See fuzz_harness for what
each input must satisfy. A handful also go through the real ``python -m assure``."""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from fuzz_harness import DIAGNOSTIC, FORMATS, Tally, budget, decide, engine_safe

pytestmark = pytest.mark.fuzz

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "self_assessments").glob("*.yaml"))
SEED = 20261130

CONTROL = [
    "\x00",
    "\x01",
    "\x07",
    "\x1b",
    "\x1b[2J",
    "\x1b]0;t\x07",
    "\x7f",
    "\x85",
    "\u2028",
    "\t",
    "\r",
]
TAGS = [
    "!x ",
    "!!str ",
    "!!int ",
    "!!float ",
    "!!binary ",
    "!!python/object:os.system ",
    "!<tag:x> ",
]
NUMBERS = ["99999999999999999999", "-1", "1_000", "0x1F", "0o17", ".inf", "-.nan", "1.5", "007"]
INJECT = ["@octocat", "![x](http://e.test/x.png)", "[c](javascript:alert(1))", "<b>", ":100:"]

Mutation = Callable[[random.Random, list[str]], list[str]]


def _line(rng: random.Random, lines: list[str]) -> int:
    return rng.randrange(len(lines)) if lines else 0


def delete(rng: random.Random, lines: list[str]) -> list[str]:
    i = _line(rng, lines)
    return lines[:i] + lines[i + 1 :]


def duplicate(rng: random.Random, lines: list[str]) -> list[str]:
    i = _line(rng, lines)
    return lines[: i + 1] + lines[i:]


def swap(rng: random.Random, lines: list[str]) -> list[str]:
    out = list(lines)
    if len(out) > 1:
        i, j = rng.randrange(len(out)), rng.randrange(len(out))
        out[i], out[j] = out[j], out[i]
    return out


def _insert(rng: random.Random, lines: list[str], text: str) -> list[str]:
    out = list(lines)
    i = _line(rng, out)
    if out:
        at = rng.randrange(len(out[i]) + 1)
        out[i] = out[i][:at] + text + out[i][at:]
    return out


def control(rng: random.Random, lines: list[str]) -> list[str]:
    return _insert(rng, lines, rng.choice(CONTROL))


def tag(rng: random.Random, lines: list[str]) -> list[str]:
    return _at_value(rng, lines, lambda v: rng.choice(TAGS) + v)


def anchor(rng: random.Random, lines: list[str]) -> list[str]:
    """An anchor on one value and an alias to it (or to nothing) in place of another."""
    out = _at_value(rng, lines, lambda v: "&a " + v)
    return _at_value(rng, out, lambda v: rng.choice(["*a", "*a", "*nothing", "[*a, *a, *a]"]))


def number(rng: random.Random, lines: list[str]) -> list[str]:
    """A huge, odd or badly written number in place of a value."""
    big = rng.choice([*NUMBERS, str(10 ** rng.randrange(15, 400))])
    return _at_value(rng, lines, lambda _: big)


def inject(rng: random.Random, lines: list[str]) -> list[str]:
    return _at_value(rng, lines, lambda v: f"'{rng.choice(INJECT)} {v.strip(chr(39))}'")


def nest(rng: random.Random, lines: list[str]) -> list[str]:
    """A value nested deep: 10 to 400 levels of flow lists or mappings."""
    depth = rng.choice([10, 60, 99, 101, 150, 400])
    if rng.random() < 0.5:
        return _at_value(rng, lines, lambda v: "[" * depth + v + "]" * depth)
    return _at_value(rng, lines, lambda v: "{a: " * depth + v + "}" * depth)


def indent(rng: random.Random, lines: list[str]) -> list[str]:
    out = list(lines)
    i = _line(rng, out)
    if out:
        out[i] = (
            " " * rng.choice([1, 2, 3, 250]) + out[i] if rng.random() < 0.7 else out[i].lstrip()
        )
    return out


def key(rng: random.Random, lines: list[str]) -> list[str]:
    """A key with a character that once broke the loader ('[', a quote, a newline escape)."""
    return _insert(
        rng, lines, rng.choice(["[", "]", '"', "'", "\\n", ":", "#", "&", "*", "%", "@"])
    )


def directive(rng: random.Random, lines: list[str]) -> list[str]:
    return [
        rng.choice(["%YAML 1.9", "%YAML 1.1", "%YAML 2.0", "%TAG ! tag:x,2000:", "---"]),
        "---",
        *lines,
    ]


def _at_value(rng: random.Random, lines: list[str], change: Callable[[str], str]) -> list[str]:
    """Change the value of a random 'key: value' line."""
    candidates = [
        i for i, line in enumerate(lines) if ": " in line and not line.lstrip().startswith("#")
    ]
    if not candidates:
        return lines
    out = list(lines)
    i = rng.choice(candidates)
    head, _, value = out[i].partition(": ")
    out[i] = f"{head}: {change(value)}"
    return out


LINE_MUTATIONS: list[Mutation] = [
    delete,
    duplicate,
    swap,
    control,
    tag,
    anchor,
    number,
    inject,
    nest,
    indent,
    key,
    directive,
]


def byte_mutation(rng: random.Random, data: bytes) -> bytes:
    """A byte flipped, inserted, deleted or the file cut short (invalid UTF-8 included)."""
    if not data:
        return data
    i = rng.randrange(len(data))
    kind = rng.randrange(4)
    if kind == 0:
        return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1 :]
    if kind == 1:
        return data[:i] + bytes([rng.randrange(256)]) + data[i:]
    if kind == 2:
        return data[:i] + data[i + 1 :]
    return data[:i]


def mutant(rng: random.Random) -> tuple[bytes, str]:
    source = rng.choice(EXAMPLES)
    lines = source.read_text(encoding="utf-8").splitlines()
    names = []
    for _ in range(rng.choice([1, 1, 2, 4])):
        mutation = rng.choice(LINE_MUTATIONS)
        lines = mutation(rng, lines)
        names.append(mutation.__name__)
    data = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    if rng.random() < 0.2:
        data = byte_mutation(rng, data)
        names.append("bytes")
    if rng.random() < 0.05:
        data = b"\xef\xbb\xbf" + data
        names.append("bom")
    return data, f"{source.name}: {', '.join(names)}"


TALLY = Tally()


def test_mutated_examples(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    formats = sorted(FORMATS)
    for n in range(budget()):
        data, _ = mutant(rng)
        decide(tmp_path, data, fmt=formats[n % len(formats)], to_file=n % 3 == 0, tally=TALLY)
        if n and n % 2000 == 0:
            print(TALLY.line("mutation (so far)"), flush=True)  # a long run shows progress
    print(TALLY.line("mutation"))
    assert TALLY.inputs == budget()
    assert len(TALLY.exits) >= 2  # the mutations reach both refused and checked SEFs


def test_mutated_examples_through_the_console_script(tmp_path: Path) -> None:
    """A few through the real entry point: the exit code a shell sees, and nothing else."""
    rng = random.Random(SEED + 1)
    seen = 0
    while seen < 8:
        data, what = mutant(rng)
        sef = tmp_path / "sef.yaml"
        sef.write_bytes(data)
        if not engine_safe(data.decode("utf-8", "replace")):
            continue  # D1: remove once the engine adapter formats exponent floats
        seen += 1
        digest = hashlib.sha256(data).hexdigest()
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "assure",
                "check",
                str(sef),
                "-f",
                "json",
                "-o",
                str(tmp_path / "out.json"),
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert result.returncode in (0, 1, 2), f"{what}: exit {result.returncode} {result.stderr}"
        for line in result.stderr.splitlines():
            assert DIAGNOSTIC.match(line) and "internal error" not in line, f"{what}: {line!r}"
        assert hashlib.sha256(sef.read_bytes()).hexdigest() == digest
        names = sorted(p.name for p in tmp_path.iterdir())
        assert names in (["sef.yaml"], ["out.json", "sef.yaml"]), f"{what}: {names}"
        (tmp_path / "out.json").unlink(missing_ok=True)
