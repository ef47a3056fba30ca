"""Compile rule conditions into durable-rules JSON rulesets.

durable-rules matches one fact against a pattern whose left-hand sides are plain properties,
so this module:

- anchors every pattern on the fact's ``type`` (never on ``id``/``sid``: a predicate on those
  matches the engine's own state objects and loops forever);
- pushes ``not`` down to the comparisons (durable has no general negation);
- moves arithmetic to the right-hand side, adding ``field > 0`` where it divides or multiplies
  by a field, so ``cases / open_cases < 0.1`` becomes ``cases < 0.1 * open_cases``;
- guards every needed field with ``$ex`` so that a comparison never runs on an absent fact;
- turns ``fired(X)`` into a join on the finding fact rule X asserted (forward chaining);
- turns ``count(scope where ...)`` into a rule of its own whose matches are counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assure.lang.conditions import (
    Absent,
    And,
    Arith,
    Bool,
    Compare,
    Count,
    Date,
    Fired,
    In,
    Neg,
    Node,
    Not,
    Num,
    Or,
    Present,
    Str,
    walk,
)
from assure.lang.conditions import Field as FieldRef
from assure.lang.factkeys import CountSpec, fact_key, list_size_key

__all__ = ["CompileError", "Compiled", "CountSpec", "compile_condition", "fact_key", "missing_rule"]

Json = dict[str, Any]

_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_DURABLE_OP = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "!=": "$neq"}
_ARITH = {"+": "$add", "-": "$sub", "*": "$mul", "/": "$div"}


# Rules of these scopes match one item each: no count() in them.
ITEM_SCOPES = frozenset({"claim", "plan", "evidence", "accepted", "judgement", "figure"})
# durable-rules expands a pattern into alternatives (its disjunctive normal form); it hangs on
# 513 of them and refuses about 8,000 (error 113). A condition may give this many.
MAX_ALTERNATIVES = 64
LARGEST_NUMBER = 1e15  # a constant worked out from the condition's numbers stays below this


class CompileError(ValueError):
    pass


def alternatives(pattern: Any) -> int:
    """How many alternatives durable-rules makes of a pattern ($or adds, $and multiplies)."""
    if isinstance(pattern, dict):
        if "$or" in pattern:
            return sum(alternatives(p) for p in pattern["$or"])
        if "$and" in pattern:
            n = 1
            for p in pattern["$and"]:
                n *= alternatives(p)
            return n
    return 1


def _bounded(pattern: Json) -> Json:
    n = alternatives(pattern)
    if n > MAX_ALTERNATIVES:
        raise CompileError(
            f"the condition expands to {n} alternatives (each 'or' under an 'and' multiplies "
            f"them); at most {MAX_ALTERNATIVES}: split it into simpler rules"
        )
    return pattern


@dataclass
class Compiled:
    """One rule condition compiled for durable-rules."""

    pattern: Json  # the test on the fact (without the type anchor)
    needed: list[str]  # fields that must be stated
    joins: list[str] = field(default_factory=list)  # rule ids from fired()
    counts: list[CountSpec] = field(default_factory=list)

    def rule(self, scope: str, *, guard_needed: bool = True) -> Json:
        tests: list[Json] = [{"type": scope}]
        if guard_needed:
            tests += [{"$ex": {fact_key(n): 1}} for n in self.needed]
        tests.append(self.pattern)
        main: Json = {"m": {"$and": tests}}
        joins = [
            {f"j{i}": {"$and": [{"type": "finding"}, {"rule": rid}]}}
            for i, rid in enumerate(self.joins, 1)
        ]
        return {"all": [main, *joins]}


def missing_rule(scope: str, needed: Sequence[str]) -> Json:
    absent: list[Json] = [{"$nex": {fact_key(n): 1}} for n in needed]
    test = absent[0] if len(absent) == 1 else {"$or": absent}
    return {"all": [{"m": {"$and": [{"type": scope}, test]}}]}


def compile_condition(tree: Node, *, count_prefix: str, item_scope: bool = False) -> Compiled:
    compiler = _Compiler(count_prefix, item_scope)
    top = tree.items if isinstance(tree, And) else (tree,)
    joins = [n.rule for n in top if isinstance(n, Fired)]
    rest = tuple(n for n in top if not isinstance(n, Fired))
    for node in rest:
        if any(isinstance(sub, Fired) for sub in walk(node)):
            raise CompileError("fired() may only stand in the top-level 'and' of a condition")
    if not rest:
        pattern: Json = {"$ex": {"type": 1}}
    else:
        parts = [compiler.test(n, positive=True) for n in rest]
        pattern = parts[0] if len(parts) == 1 else {"$and": parts}
    if compiler.guards:
        pattern = {"$and": [*compiler.guards, pattern]}
    needed = [n.name for n in walk(tree) if isinstance(n, FieldRef)]
    return Compiled(_bounded(pattern), list(dict.fromkeys(needed)), joins, compiler.counts)


class _Compiler:
    def __init__(self, count_prefix: str, item_scope: bool) -> None:
        self.count_prefix = count_prefix
        self.item_scope = item_scope
        self.guards: list[Json] = []
        self.counts: list[CountSpec] = []
        self.references: list[str] = []  # fields read on a right-hand side

    # -- boolean tests ------------------------------------------------------------------
    def test(self, node: Node, *, positive: bool) -> Json:
        if isinstance(node, Not):
            return self.test(node.operand, positive=not positive)
        if isinstance(node, And | Or):
            joined = "$and" if isinstance(node, And) == positive else "$or"
            return {joined: [self.test(n, positive=positive) for n in node.items]}
        if isinstance(node, Present | Absent):
            exists = isinstance(node, Present) == positive
            return {"$ex" if exists else "$nex": {fact_key(node.field.name): 1}}
        if isinstance(node, FieldRef):
            return {fact_key(node.name): positive}
        if isinstance(node, Compare):
            op = node.op if positive else _NEGATE[node.op]
            return self.compare(op, node.left, node.right)
        if isinstance(node, In):
            return self.membership(node, positive=positive)
        raise CompileError(f"{_describe(node)} is not a true/false test")

    def membership(self, node: In, *, positive: bool) -> Json:
        value = self.rvalue(node.item)
        key = fact_key(node.collection.name)
        inside = positive != node.negated
        if inside:
            return {"$iany": {key: {"$i": value}}}
        # durable's $iall is false on an empty list, so "not in" also accepts an empty one.
        return {
            "$or": [
                {"$iall": {key: {"$neq": {"$i": value}}}},
                {list_size_key(node.collection.name): 0},
            ]
        }

    def compare(self, op: str, left: Node, right: Node) -> Json:
        if not _has_field(left) and _has_field(right):
            left, right, op = right, left, _FLIP[op]
        if not _has_field(left):
            raise CompileError("a comparison needs a field on one side")
        while not isinstance(left, FieldRef | Count):
            left, right, op = self.isolate(left, right, op)
        key = self.count_key(left) if isinstance(left, Count) else fact_key(left.name)
        value = self.rvalue(right)
        if op == "==":
            return {key: value}
        return {_DURABLE_OP[op]: {key: value}}

    def isolate(self, left: Node, right: Node, op: str) -> tuple[Node, Node, str]:
        """Move one arithmetic step from the left side to the right, keeping the meaning."""
        if isinstance(left, Neg):
            return left.operand, Neg(right), _FLIP[op]
        if not isinstance(left, Arith):
            raise CompileError(f"cannot compare {_describe(left)}")
        a, b = left.left, left.right
        a_has = _has_field(a)
        if left.op == "+":
            return (a, Arith("-", right, b), op) if a_has else (b, Arith("-", right, a), op)
        if left.op == "-":
            if a_has:
                return a, Arith("+", right, b), op
            return b, Arith("-", a, right), _FLIP[op]
        if left.op == "*":
            keep, factor = (a, b) if a_has else (b, a)
            return keep, Arith("/", right, factor), self.divide_op(op, factor)
        if not a_has:
            raise CompileError("put the field in the numerator: 'x / y' with x a field")
        return a, Arith("*", right, b), self.divide_op(op, b)

    def divide_op(self, op: str, factor: Node) -> str:
        """The operator after both sides are divided or multiplied by ``factor``."""
        if isinstance(factor, Num):
            if factor.value == 0:
                raise CompileError("division or multiplication by zero")
            return op if factor.value > 0 else _FLIP[op]
        if isinstance(factor, FieldRef):
            # Only a positive field keeps the inequality; zero would divide by zero.
            self.guards.append({"$gt": {fact_key(factor.name): 0}})
            return op
        raise CompileError("multiply or divide only by a number or a single field")

    # -- values -------------------------------------------------------------------------
    def rvalue(self, node: Node) -> Any:
        node = _fold(node)
        if isinstance(node, Num):
            if not abs(node.value) < LARGEST_NUMBER:
                raise CompileError(
                    f"a number worked out from the condition is too large ({node.value:g}); "
                    f"keep constants below {LARGEST_NUMBER:.0f}"
                )
            return int(node.value) if node.value.is_integer() else node.value
        if isinstance(node, Str | Bool):
            return node.value
        if isinstance(node, Date):
            return node.value.isoformat()
        if isinstance(node, FieldRef):
            self.references.append(node.name)
            return {"$m": fact_key(node.name)}
        if isinstance(node, Count):
            return {"$m": self.count_key(node)}
        if isinstance(node, Neg):
            return {"$sub": {"$l": 0, "$r": self.rvalue(node.operand)}}
        if isinstance(node, Arith):
            return {_ARITH[node.op]: {"$l": self.rvalue(node.left), "$r": self.rvalue(node.right)}}
        raise CompileError(f"{_describe(node)} is not a value")

    def count_key(self, node: Count) -> str:
        if self.item_scope:
            raise CompileError("count() is for sef and area rules, and not inside another count()")
        key = fact_key(f"__count_{self.count_prefix}_{len(self.counts)}")
        inner = _Compiler(key, item_scope=True)
        pattern: Json = (
            {"$ex": {"type": 1}} if node.where is None else inner.test(node.where, positive=True)
        )
        # An item whose field is absent simply does not match a comparison on that field, so
        # `count(plan where overdue or status == "off_track")` counts an overdue plan with no
        # status. Only a field read on the right-hand side needs a guard: durable compares a
        # field with an absent reference as if it matched.
        tests: list[Json] = [{"type": node.scope}]
        tests += [{"$ex": {fact_key(n): 1}} for n in dict.fromkeys(inner.references)]
        tests += [*inner.guards, pattern]
        main = _bounded({"$and": tests})
        self.counts.append(CountSpec(key, node.scope, {"all": [{"m": main}]}))
        return key


def _fold(node: Node) -> Node:
    """Work out arithmetic on numbers now: durable does not match ``$add`` of two literals."""
    if isinstance(node, Neg):
        inner = _fold(node.operand)
        return Num(-inner.value) if isinstance(inner, Num) else Neg(inner)
    if isinstance(node, Arith):
        left, right = _fold(node.left), _fold(node.right)
        if isinstance(left, Num) and isinstance(right, Num):
            if node.op == "/" and right.value == 0:
                raise CompileError("division by zero")
            value = {
                "+": left.value + right.value,
                "-": left.value - right.value,
                "*": left.value * right.value,
                "/": left.value / right.value if right.value else 0.0,
            }[node.op]
            return Num(value)
        return Arith(node.op, left, right)
    return node


def _has_field(node: Node) -> bool:
    return any(isinstance(n, FieldRef | Count) for n in walk(node))


def _describe(node: Node) -> str:
    return type(node).__name__.lower()
