"""The condition language: parsed safely, compiled for durable-rules, judged by the engine."""

from __future__ import annotations

from typing import Any

import pytest

from assure.lang import engine
from assure.lang.compiler import CompileError, compile_condition, fact_key, list_size_key
from assure.lang.conditions import ConditionError, parse


def holds(condition: str, **fields: Any) -> bool:
    """True when the engine fires the compiled condition on a fact with these fields."""
    compiled = compile_condition(parse(condition), count_prefix="T")
    fact: dict[str, Any] = {"type": "sef", "id": "sef"}
    for name, value in fields.items():
        dotted = name.replace("__", ".")
        fact[fact_key(dotted)] = value
        if isinstance(value, list):
            fact[list_size_key(dotted)] = len(value)
    rules = [engine.EngineRule("COND", compiled.rule("sef"))]
    with engine.session(engine.Ruleset(rules)) as s:
        return bool(s.assert_facts([fact]))


@pytest.mark.parametrize(
    ("condition", "fields", "expected"),
    [
        ("x < 10", {"x": 9}, True),
        ("x < 10", {"x": 10}, False),
        ("x <= 10", {"x": 10}, True),
        ("x >= 10.5", {"x": 10.5}, True),
        ("x != 3", {"x": 3}, False),
        ("x == 3", {"x": 3}, True),
        ("flag", {"flag": True}, True),
        ("flag", {"flag": False}, False),
        ("not flag", {"flag": False}, True),
        ("flag == false", {"flag": False}, True),
        ("x > 1 and y > 1", {"x": 2, "y": 0}, False),
        ("x > 1 or y > 1", {"x": 2, "y": 0}, True),
        ("not (x > 1 or y > 1)", {"x": 0, "y": 0}, True),
        ("not (x > 1 and y > 1)", {"x": 2, "y": 2}, False),
        ("present(x)", {"x": 1}, True),
        ("present(x)", {}, False),
        ("absent(x)", {}, True),
        ("not absent(x)", {"x": 0}, True),
        # comparing two facts
        ("a__caseload > b__target", {"a__caseload": 19.0, "b__target": 17}, True),
        ("a__caseload > b__target", {"a__caseload": 16.0, "b__target": 17}, False),
        # arithmetic moved to the right-hand side, with a guard on the divisor
        ("audited / open * 100 < 10", {"audited": 40, "open": 2600}, True),
        ("audited / open * 100 < 10", {"audited": 400, "open": 2600}, False),
        ("audited / open * 100 < 10", {"audited": 0, "open": 0}, False),
        ("x - 5 > 10", {"x": 16}, True),
        ("x + 5 > 10", {"x": 4}, False),
        ("10 - x > 2", {"x": 7}, True),
        ("-x < -5", {"x": 6}, True),
        ("x * -2 > -10", {"x": 4}, True),
        ("x * -2 > -10", {"x": 6}, False),
        ("x / 2 >= y", {"x": 10, "y": 5}, True),
        # list membership, including the empty list
        ('"police" in agencies', {"agencies": ["health", "police"]}, True),
        ('"police" in agencies', {"agencies": ["health"]}, False),
        ('"police" not in agencies', {"agencies": ["health"]}, True),
        ('"police" not in agencies', {"agencies": []}, True),
        ('"police" not in agencies', {"agencies": ["police"]}, False),
        ('not "police" in agencies', {"agencies": []}, True),
        # dates compare as dates
        ('due < date("2026-03-31")', {"due": "2026-01-31"}, True),
        ("due < end", {"due": "2026-04-01", "end": "2026-03-31"}, False),
        # strings
        ('kind == "weakness"', {"kind": "weakness"}, True),
        # a needed field that is absent never fires the threshold rule
        ("x < 10", {}, False),
        ("x > 1 or y > 1", {"x": 2}, False),
    ],
)
def test_condition_semantics(condition: str, fields: dict[str, Any], expected: bool) -> None:
    assert holds(condition, **fields) is expected


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("x <", 3),
        ("x < 10 )", 7),
        ("x < 10 and", 10),
        ("x ? 3", 2),
        ("date('2026-02-30') < x", 5),
        ("count(widgets) > 1", 6),
        ("fired(lowercase)", 6),
        ("", 0),
        ("__import__('os').system('x')", 16),
    ],
)
def test_bad_conditions_are_refused_with_a_position(text: str, offset: int) -> None:
    with pytest.raises(ConditionError) as err:
        parse(text)
    assert err.value.offset == offset


@pytest.mark.parametrize(
    "text",
    [
        "x / y / z > 1 and (x + 1) * (y + 1) > w",  # divides by an expression
        "1 < 2",  # no field
        "x > 1 or fired(HP001)",  # fired() outside the top-level and
        "x + 1",  # not a test
    ],
)
def test_conditions_that_cannot_compile_are_refused(text: str) -> None:
    with pytest.raises(CompileError):
        compile_condition(parse(text), count_prefix="T")


def test_needed_fields_exclude_presence_tests() -> None:
    compiled = compile_condition(parse("present(a) and b > c or absent(d)"), count_prefix="T")
    assert compiled.needed == ["b", "c"]


def test_absent_field_on_the_right_hand_side_does_not_match() -> None:
    # durable treats a comparison with an absent reference as true; the guard prevents it.
    assert holds("y > x", y=3) is False


def test_to_text_parses_back_to_the_same_tree_for_every_rule() -> None:
    from assure.lang.conditions import to_text
    from assure.ruleset.packs import load_pack, pack_names

    conditions = [
        text
        for name in pack_names()
        for rule in load_pack(name).rules.values()
        for text in (rule.condition, *(e.condition for e in rule.escalate))
    ]
    assert len(conditions) > 100
    for text in conditions:
        assert parse(to_text(parse(text))) == parse(text), text
    written = to_text(parse("not (a and b) or (x + 1) * 2 < 3"))
    assert written == "not (a and b) or ((x + 1) * 2) < 3"
