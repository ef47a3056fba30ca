"""A finding's figure explained in words: the rule's test on it and the national figures.

Read from a rule's condition (parsed, never evaluated) and the benchmark year; shared by the
report (``assure report``) and the spreadsheet formats of ``check``.
"""

from __future__ import annotations

from assure.lang.conditions import Arith, Compare, Field, Neg, Node, Num, parse, walk
from assure.ruleset import benchmarks
from assure.ruleset.benchmarks import BenchmarkYear
from assure.ruleset.rule import Rule
from assure.sef import measures
from assure.sef.measures import Better
from assure.sef.model import Sef

_OP_WORDS = {
    "<": "below",
    "<=": "at or below",
    ">": "above",
    ">=": "at or above",
    "==": "equal to",
    "!=": "other than",
}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_STAT_WORDS = {
    "mean": "the England mean",
    "p90": "the 90th percentile of councils",
    "p10": "the 10th percentile of councils",
    "fence": "the outlier fence of councils' figures that year",
    "percentile": "its rank among councils (0 best, 100 worst)",
}


def national_figures(path: str, bench: BenchmarkYear) -> str | None:
    """England's figures for the measure at ``path`` in the benchmark year, if published."""
    if not path.startswith("data.") or bench.year is None:
        return None
    key = "bench." + path.removeprefix("data.")
    mean = bench.fields.get(f"{key}.mean")
    if mean is None:
        return None
    parts = [f"England mean {measures.show(path, mean)}"]
    way = measures.better(path)
    stat = "p10" if way is Better.HIGHER else "p90"
    worst = bench.fields.get(f"{key}.{stat}")
    if worst is not None and way in (Better.HIGHER, Better.LOWER):
        parts.append(
            f"{'10th' if stat == 'p10' else '90th'} percentile of councils "
            f"{measures.show(path, worst)}"
        )
    return f"{'; '.join(parts)} ({bench.year})"


def describe_test(rule: Rule, path: str, bench: BenchmarkYear, sef: Sef) -> str | None:
    """The rule's test on this figure in words, read from its condition (never evaluated):
    ``a gap when below 100%; inadequate when below 80%``."""
    parts = []
    base = _comparison(rule.tree, path, bench, sef)
    if base:
        parts.append(f"a gap when {base}")
    for esc in rule.escalate:
        words = _comparison(parse(esc.condition), path, bench, sef)
        if words:
            parts.append(f"{esc.grade.label.lower()} when {words}")
    return "; ".join(parts) or None


def _comparison(tree: Node, path: str, bench: BenchmarkYear, sef: Sef) -> str | None:
    for node in walk(tree):
        if not isinstance(node, Compare):
            continue
        if node.left == Field(path):
            op, other = node.op, node.right
        elif node.right == Field(path):
            op, other = _FLIP[node.op], node.left
        else:
            continue
        words = _operand(other, path, bench, sef)
        if words is not None:
            return f"{_OP_WORDS[op]} {words}"
    return None


def _operand(node: Node, path: str, bench: BenchmarkYear, sef: Sef) -> str | None:
    if isinstance(node, Num):
        return measures.show(path, node.value)
    if isinstance(node, Field):
        return _field_words(node.name, path, bench, sef)
    if isinstance(node, Arith):
        left = _operand(node.left, path, bench, sef)
        right = (
            _operand(node.right, path, bench, sef)
            if not isinstance(node.right, Num)
            else (f"{node.right.value:g}")
        )
        if left is None or right is None:
            return None
        value = _evaluate(node, bench, sef)
        sign = {"*": "times", "/": "divided by"}.get(node.op, node.op)
        text = f"{left} {sign} {right}"
        return f"{text} = {measures.show(path, value)}" if value is not None else text
    if isinstance(node, Neg):
        inner = _operand(node.operand, path, bench, sef)
        return f"minus {inner}" if inner is not None else None
    return None


def _field_words(name: str, path: str, bench: BenchmarkYear, sef: Sef) -> str:
    if benchmarks.is_derived(name):
        stat = name.rsplit(".", 1)[-1]
        words = _STAT_WORDS.get(stat, f"the national {stat}")
        value = bench.fields.get(name)
        if value is None:
            return f"{words} (not published for {bench.year or 'this period'})"
        return f"{words} ({measures.show(path, value)})"
    value = sef.value_at(name)
    what = name.rsplit(".", 1)[-1].replace("_", " ")
    if name.startswith("local_standards."):
        what = f"the council's own {what}"
    shown = measures.show(name, value) if value is not None else "not stated"
    return f"{what} ({shown})"


def _evaluate(node: Node, bench: BenchmarkYear, sef: Sef) -> float | None:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Field):
        raw = (
            bench.fields.get(node.name)
            if node.name.startswith("bench.")
            else sef.value_at(node.name)
        )
        return float(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else None
    if isinstance(node, Neg):
        inner = _evaluate(node.operand, bench, sef)
        return -inner if inner is not None else None
    if isinstance(node, Arith):
        left, right = _evaluate(node.left, bench, sef), _evaluate(node.right, bench, sef)
        if left is None or right is None or (node.op == "/" and right == 0):
            return None
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        return left * right if node.op == "*" else left / right
    return None
