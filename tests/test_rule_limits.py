"""Rule files that are too deep, too long or not computable: a positioned error, never a hang,
a traceback or an engine error (issue 10, D10). The limits are in docs/writing-rules.md."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from assure.base.problems import InputError
from assure.lang.compiler import MAX_ALTERNATIVES, CompileError, compile_condition
from assure.lang.conditions import MAX_NESTING, MAX_OPERATORS, ConditionError, parse
from assure.ruleset import packs

HP003 = Path("ilacs-2023") / "help_and_protection" / "HP003.yaml"
FIELD = "data.help_and_protection.strategy_police_pct"


BAD = {
    "500 nested parentheses": "(" * 500 + f"{FIELD} < 100" + ")" * 500,
    "3,000 chained not": "not " * 3000 + f"{FIELD} < 100",
    "3,000 chained +": f"{FIELD}" + " + 1" * 3000 + " < 100",
    "3,000 chained minus signs": f"{FIELD} < " + "-" * 3000 + "1",
    "a 5,000-digit number": f"{FIELD} < " + "9" * 5000,
    "1,000 or terms": " or ".join(f"{FIELD} < {i}" for i in range(1000)),
    "division by zero": f"{FIELD} / 0 > 1",
    "a nested count()": "count(claim where count(plan) > 1) > 2",
    "too many alternatives": " and ".join(f"({FIELD} < {i} or x > {i})" for i in range(8)),
    "a constant too large": f"{FIELD} < 99999999 * 99999999",
    "a 5,000-character condition": f"{FIELD} < 100 " + " " * 5000,
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_a_condition_beyond_the_limits_is_a_positioned_error(root: Path, case: str) -> None:
    path = root / HP003
    text = path.read_text()
    line = f"condition: {FIELD} < 100"
    assert line in text
    path.write_text(text.replace(line, f"condition: '{BAD[case]}'"))
    start = time.perf_counter()
    with pytest.raises(InputError) as err:
        packs.load_pack("ilacs-2023", root)
    assert time.perf_counter() - start < 2
    lines = [str(p) for p in err.value.problems]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path}:9:"), lines
    assert ": error: condition: " in lines[0], lines


def test_an_escalation_that_cannot_compile_is_a_positioned_error(root: Path) -> None:
    path = root / HP003
    text = path.read_text()
    line = f"  - condition: {FIELD} < 90"
    path.write_text(text.replace(line, "  - condition: count(claim) > 1"))
    with pytest.raises(InputError) as err:
        packs.load_pack("ilacs-2023", root)
    (problem,) = err.value.problems
    assert str(problem).startswith(f"{path}:12:")
    assert "escalate[0].condition: count() is not allowed in an escalation" in str(problem)


def test_the_error_points_at_the_first_operator_beyond_the_limit() -> None:
    # Exactly at the limit: 16 comparisons, 15 'or' and one 'and'.
    text = " or ".join(f"x < {i}" for i in range(MAX_OPERATORS // 2)) + " and z"
    parse(text)
    with pytest.raises(ConditionError) as err:
        parse(text + " or y")
    assert "operators" in str(err.value)
    assert err.value.offset == len(text) + 1
    with pytest.raises(ConditionError) as err:
        parse("(" * (MAX_NESTING + 1) + "x < 1" + ")" * (MAX_NESTING + 1))
    assert err.value.offset == MAX_NESTING


def test_every_limit_is_in_the_rule_writing_guide() -> None:
    guide = (Path(__file__).resolve().parents[1] / "docs" / "writing-rules.md").read_text()
    for figure in (MAX_NESTING, MAX_OPERATORS, MAX_ALTERNATIVES, "15 digits", "1,000"):
        assert str(figure) in guide


def test_conditions_at_the_limits_are_quick_in_durable_rules() -> None:
    # The largest conditions the limits let through: durable creates and matches them at once.
    # In a subprocess with a timeout: were a limit too loose, durable would hang, not raise.
    widest = " or ".join(f"x < {i}" for i in range(MAX_OPERATORS // 2))
    product = " and ".join(f"(x{i} < 1 or x{i} > 2)" for i in range(6))  # 2**6 alternatives
    deepest = "(" * (MAX_NESTING - 1) + "not x < 1" + ")" * (MAX_NESTING - 1)
    for condition in (widest, product, deepest):
        compile_condition(parse(condition), count_prefix="T")
    with pytest.raises(CompileError):
        compile_condition(parse(product + " and (y < 1 or y > 2)"), count_prefix="T")
    code = textwrap.dedent(
        f"""
        from assure.lang import engine
        from assure.lang.compiler import compile_condition
        from assure.lang.conditions import parse
        rules = [
            engine.EngineRule(f"R{{i}}", compile_condition(parse(c), count_prefix="T").rule("sef"))
            for i, c in enumerate({[widest, product, deepest]!r})
        ]
        fact = {{"type": "sef", "id": "sef", "f_x": 0, "f_y": 0}}
        fact.update({{f"f_x{{i}}": 3 for i in range(6)}})
        with engine.session(engine.Ruleset(rules)) as s:
            print(sorted(m.rule for m in s.assert_facts([fact])))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=20, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['R0', 'R1']"
