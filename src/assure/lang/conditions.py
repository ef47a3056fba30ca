"""The condition language of rule files: a tokenizer and a recursive-descent parser.

Conditions are data. They are parsed into the small tree below and compiled for durable-rules
by ``assure.lang.compiler``; no text from a rule is ever evaluated as Python. The grammar is in
docs/writing-rules.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

COUNT_SCOPES = ("claim", "plan", "evidence", "accepted")

# Limits that keep a condition within what the parser and durable-rules handle quickly (durable
# hangs on a pattern of 513 alternatives and fails at about 8,000): docs/writing-rules.md.
MAX_LENGTH = 1000  # characters
MAX_NESTING = 8  # parentheses, not, unary minus and count() inside one another
MAX_OPERATORS = 32  # and, or, comparisons and arithmetic operators in one condition
MAX_DIGITS = 15  # digits in one number


class ConditionError(ValueError):
    """A condition that does not parse; ``offset`` is the 0-based character it failed at."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Str:
    value: str


@dataclass(frozen=True)
class Bool:
    value: bool


@dataclass(frozen=True)
class Date:
    value: dt.date


@dataclass(frozen=True)
class Field:
    name: str  # dotted, as written: data.workforce.caseload_average


@dataclass(frozen=True)
class Arith:
    op: str  # + - * /
    left: Node
    right: Node


@dataclass(frozen=True)
class Neg:
    operand: Node


@dataclass(frozen=True)
class Compare:
    op: str  # < <= > >= == !=
    left: Node
    right: Node


@dataclass(frozen=True)
class In:
    item: Node
    collection: Field
    negated: bool


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class Present:
    field: Field


@dataclass(frozen=True)
class Absent:
    field: Field


@dataclass(frozen=True)
class Fired:
    rule: str


@dataclass(frozen=True)
class Count:
    scope: str
    where: Node | None


Node = (
    Num
    | Str
    | Bool
    | Date
    | Field
    | Arith
    | Neg
    | Compare
    | In
    | And
    | Or
    | Not
    | Present
    | Absent
    | Fired
    | Count
)

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<num>\d+(?:\.\d+)?)
  | (?P<str>"[^"\\]*"|'[^'\\]*')
  | (?P<op><=|>=|==|!=|<|>|\+|-|\*|/|\(|\)|,)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
    """,
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in", "where", "true", "false"}
_FUNCTIONS = {"date", "present", "absent", "fired", "count"}
_RULE_ID = re.compile(r"^[A-Z]{2,4}\d{3}$")


@dataclass(frozen=True)
class _Tok:
    kind: str  # num str op name kw end
    text: str
    at: int


def _tokens(text: str) -> Iterator[_Tok]:
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise ConditionError(f"unexpected character {text[pos]!r}", pos)
        kind = m.lastgroup or ""
        if kind != "ws":
            word = m.group()
            if kind == "name" and word in _KEYWORDS:
                kind = "kw"
            yield _Tok(kind, word, pos)
        pos = m.end()
    yield _Tok("end", "", len(text))


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = list(_tokens(text))
        self.i = 0
        self.depth = 0
        self.operators = 0

    def nest(self, tok: _Tok) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ConditionError(
                f"nested more than {MAX_NESTING} deep (parentheses, not, minus, count); "
                "split the condition into simpler rules",
                tok.at,
            )

    def operator(self, tok: _Tok) -> None:
        self.operators += 1
        if self.operators > MAX_OPERATORS:
            raise ConditionError(
                f"more than {MAX_OPERATORS} operators (and, or, comparisons, arithmetic); "
                "split the condition into simpler rules",
                tok.at,
            )

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def take(self, kind: str, text: str | None = None) -> _Tok | None:
        tok = self.tok
        if tok.kind == kind and (text is None or tok.text == text):
            self.i += 1
            return tok
        return None

    def expect(self, kind: str, text: str, what: str) -> _Tok:
        tok = self.take(kind, text)
        if tok is None:
            raise ConditionError(
                f"expected {what}, found {self.tok.text or 'the end'!r}", self.tok.at
            )
        return tok

    def parse(self) -> Node:
        node = self.or_()
        if self.tok.kind != "end":
            raise ConditionError(f"unexpected {self.tok.text!r}", self.tok.at)
        return node

    def or_(self) -> Node:
        items = [self.and_()]
        while (tok := self.take("kw", "or")) is not None:
            self.operator(tok)
            items.append(self.and_())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_(self) -> Node:
        items = [self.not_()]
        while (tok := self.take("kw", "and")) is not None:
            self.operator(tok)
            items.append(self.not_())
        return items[0] if len(items) == 1 else And(tuple(items))

    def not_(self) -> Node:
        tok = self.take("kw", "not")
        if tok is None:
            return self.compare()
        self.nest(tok)
        node = Not(self.not_())
        self.depth -= 1
        return node

    def compare(self) -> Node:
        left = self.sum_()
        tok = self.tok
        if tok.kind == "op" and tok.text in ("<", "<=", ">", ">=", "==", "!="):
            self.i += 1
            self.operator(tok)
            return Compare(tok.text, left, self.sum_())
        negated = False
        if tok.kind == "kw" and tok.text == "not" and self.toks[self.i + 1].text == "in":
            self.i += 1
            negated = True
        if self.take("kw", "in"):
            target = self.sum_()
            if not isinstance(target, Field):
                raise ConditionError("'in' needs a list field on its right", tok.at)
            return In(left, target, negated)
        return left

    def sum_(self) -> Node:
        node = self.product()
        while self.tok.kind == "op" and self.tok.text in "+-":
            op = self.tok.text
            self.operator(self.tok)
            self.i += 1
            node = Arith(op, node, self.product())
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.tok.kind == "op" and self.tok.text in "*/":
            op = self.tok.text
            self.operator(self.tok)
            self.i += 1
            node = Arith(op, node, self.unary())
        return node

    def unary(self) -> Node:
        tok = self.take("op", "-")
        if tok is None:
            return self.atom()
        self.nest(tok)
        inner = self.unary()
        self.depth -= 1
        return Num(-inner.value) if isinstance(inner, Num) else Neg(inner)

    def atom(self) -> Node:
        tok = self.tok
        if self.take("num"):
            if sum(c.isdigit() for c in tok.text) > MAX_DIGITS:
                raise ConditionError(f"a number has at most {MAX_DIGITS} digits", tok.at)
            return Num(float(tok.text))
        if self.take("str"):
            return Str(tok.text[1:-1])
        if self.take("kw", "true"):
            return Bool(True)
        if self.take("kw", "false"):
            return Bool(False)
        if self.take("op", "("):
            self.nest(tok)
            node = self.or_()
            self.expect("op", ")", "')'")
            self.depth -= 1
            return node
        if self.take("name"):
            if tok.text in _FUNCTIONS and self.tok.text == "(":
                return self.call(tok)
            return Field(tok.text)
        raise ConditionError(
            f"expected a value or a field, found {tok.text or 'the end'!r}", tok.at
        )

    def call(self, name: _Tok) -> Node:
        self.expect("op", "(", "'('")
        fn = name.text
        node: Node
        if fn == "date":
            arg = self.tok
            if not self.take("str"):
                raise ConditionError('date() takes a quoted date: date("2026-03-31")', arg.at)
            try:
                node = Date(dt.date.fromisoformat(arg.text[1:-1]))
            except ValueError:
                raise ConditionError(f"{arg.text} is not a date (YYYY-MM-DD)", arg.at) from None
        elif fn in ("present", "absent"):
            arg = self.tok
            if not self.take("name"):
                raise ConditionError(f"{fn}() takes a field name", arg.at)
            node = Present(Field(arg.text)) if fn == "present" else Absent(Field(arg.text))
        elif fn == "fired":
            arg = self.tok
            if not self.take("name") or not _RULE_ID.match(arg.text):
                raise ConditionError("fired() takes a rule id such as HP003", arg.at)
            node = Fired(arg.text)
        else:
            arg = self.tok
            if not self.take("name") or arg.text not in COUNT_SCOPES:
                raise ConditionError(
                    f"count() takes one of {', '.join(COUNT_SCOPES)}, then 'where'", arg.at
                )
            self.nest(name)
            where = self.or_() if self.take("kw", "where") else None
            self.depth -= 1
            node = Count(arg.text, where)
        self.expect("op", ")", "')'")
        return node


def parse(text: str) -> Node:
    """Parse a condition; raise ConditionError with the offset of the first problem."""
    if not text.strip():
        raise ConditionError("the condition is empty", 0)
    if len(text) > MAX_LENGTH:
        raise ConditionError(
            f"the condition is {len(text)} characters long; at most {MAX_LENGTH}", MAX_LENGTH
        )
    return _Parser(text).parse()


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, parents before children (not into count() bodies)."""
    yield node
    children: tuple[Node, ...] = ()
    if isinstance(node, Arith | Compare):
        children = (node.left, node.right)
    elif isinstance(node, Neg | Not):
        children = (node.operand,)
    elif isinstance(node, And | Or):
        children = node.items
    elif isinstance(node, In):
        children = (node.item, node.collection)
    for child in children:
        yield from walk(child)


def to_text(node: Node) -> str:
    """The condition as text that parses back to the same tree (arithmetic in brackets).

    Used to show a changed tree (the clause-dropping test writes its mutants with it).
    """
    if isinstance(node, Num):
        return f"{node.value:g}" if node.value == int(node.value) else repr(node.value)
    if isinstance(node, Str):
        return f'"{node.value}"' if '"' not in node.value else f"'{node.value}'"
    if isinstance(node, Bool):
        return "true" if node.value else "false"
    if isinstance(node, Date):
        return f'date("{node.value.isoformat()}")'
    if isinstance(node, Field):
        return node.name
    if isinstance(node, Arith):
        return f"({to_text(node.left)} {node.op} {to_text(node.right)})"
    if isinstance(node, Neg):
        return f"-({to_text(node.operand)})"
    if isinstance(node, Compare):
        return f"{_operand(node.left)} {node.op} {_operand(node.right)}"
    if isinstance(node, In):
        word = "not in" if node.negated else "in"
        return f"{_operand(node.item)} {word} {node.collection.name}"
    if isinstance(node, And):
        return " and ".join(_bracket(i, (Or,)) for i in node.items)
    if isinstance(node, Or):
        return " or ".join(to_text(i) for i in node.items)
    if isinstance(node, Not):
        return f"not {_bracket(node.operand, (And, Or, Compare, In))}"
    if isinstance(node, Present):
        return f"present({node.field.name})"
    if isinstance(node, Absent):
        return f"absent({node.field.name})"
    if isinstance(node, Fired):
        return f"fired({node.rule})"
    where = f" where {to_text(node.where)}" if node.where is not None else ""
    return f"count({node.scope}{where})"


def _operand(node: Node) -> str:
    return _bracket(node, (And, Or, Not, Compare, In))


def _bracket(node: Node, kinds: tuple[type, ...]) -> str:
    text = to_text(node)
    return f"({text})" if isinstance(node, kinds) else text
