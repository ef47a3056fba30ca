"""The peer for benchmarks/bench_check.py: the same rules in OPA's Rego, run by regopy.

``policy(pack)`` translates every rule of a pack that Rego can express as plainly as assure
does (one comparison per field of the SEF document, joined by and, or and not; the national
figures as data) into one Rego module; a rule that counts items, joins findings (fired), tests
presence or list membership is left out and counted. Run as a script, this module is the whole
peer call: it reads each SEF (YAML), sets it as Rego's input and asks for the rules that fire.

    python benchmarks/peer_rego.py [--query] POLICY.rego DATA.json SEF.yaml...

prints, per SEF, the rule ids that fired (JSON, one line per SEF). The policy is compiled once
into a bundle and evaluated per SEF (the fast way); ``--query`` asks ``Interpreter.query`` per
SEF instead, which compiles the query each time (the simple way, about 4x slower per SEF).
Needs ``pip install -e '.[bench]'`` (regopy is a benchmark-only dependency).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

PACKAGE = "assure_peer"


def policy(pack: Any, bench_fields: dict[str, Any]) -> tuple[str, list[str], dict[str, Any]]:
    """The Rego module for ``pack``, the ids of the rules in it, and its data document."""
    from assure.lang import conditions as c

    expressible = (c.Field, c.Compare, c.Num, c.Str, c.Bool, c.Date, c.Not, c.And, c.Or)
    expressible += (c.Arith, c.Neg)
    lines = [f"package {PACKAGE}", ""]
    ids = []
    for rule in pack.sorted_rules():
        nodes = list(c.walk(rule.tree))
        if rule.scope != "sef" or not all(isinstance(n, expressible) for n in nodes):
            continue
        if not all(_field_ok(n.name) for n in nodes if isinstance(n, c.Field)):
            continue
        ids.append(rule.id)
        for alternative in _alternatives(rule.tree, positive=True):
            body = "; ".join(alternative)
            lines.append(f'deny contains "{rule.id}" if {{ {body} }}')
    data: dict[str, Any] = {}
    for name, value in bench_fields.items():
        node = data
        *parents, last = name.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return "\n".join(lines) + "\n", ids, data


def _field_ok(name: str) -> bool:
    # Fields of the SEF document itself, or national figures; not derived ones.
    return name.split(".")[0] in {"data", "bench", "local_standards", "period", "council"}


def _alternatives(node: Any, *, positive: bool) -> list[list[str]]:
    """The condition as alternatives (Rego rules of one name are or-ed), each a list of tests."""
    from assure.lang import conditions as c

    negate = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
    if isinstance(node, c.Not):
        return _alternatives(node.operand, positive=not positive)
    if isinstance(node, c.And | c.Or):
        parts = [_alternatives(n, positive=positive) for n in node.items]
        if isinstance(node, c.And) == positive:  # a conjunction
            out: list[list[str]] = [[]]
            for part in parts:
                out = [a + b for a in out for b in part]
            return out
        return [alt for part in parts for alt in part]
    if isinstance(node, c.Compare):
        op = node.op if positive else negate[node.op]
        return [[f"{_value(node.left)} {op} {_value(node.right)}"]]
    if isinstance(node, c.Field):
        return [[f"{_value(node)} == {'true' if positive else 'false'}"]]
    raise ValueError(f"not a test: {node}")


def _value(node: Any) -> str:
    from assure.lang import conditions as c

    if isinstance(node, c.Field):
        root = "data" if node.name.startswith("bench.") else "input"
        return f"{root}.{node.name}"
    if isinstance(node, c.Num):
        return repr(int(node.value) if node.value.is_integer() else node.value)
    if isinstance(node, c.Str):
        return json.dumps(node.value)
    if isinstance(node, c.Date):
        return json.dumps(node.value.isoformat())
    if isinstance(node, c.Bool):
        return "true" if node.value else "false"
    if isinstance(node, c.Neg):
        return f"(0 - {_value(node.operand)})"
    if isinstance(node, c.Arith):
        return f"({_value(node.left)} {node.op} {_value(node.right)})"
    raise ValueError(f"not a value: {node}")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def main(argv: list[str]) -> int:
    import regopy
    from ruamel.yaml import YAML

    per_query = argv[:1] == ["--query"]
    policy_file, data_file, *files = argv[1:] if per_query else argv
    rego = regopy.Interpreter()
    rego.add_module(PACKAGE, Path(policy_file).read_text(encoding="utf-8"))
    rego.add_data_json(Path(data_file).read_text(encoding="utf-8"))
    bundle = rego.build(f"data.{PACKAGE}.deny")
    yaml = YAML(typ="safe", pure=False)
    out = sys.stdout
    for name in files:
        doc = yaml.load(Path(name).read_text(encoding="utf-8"))
        rego.set_input_term(json.dumps(doc, default=_plain))
        output = rego.query(f"data.{PACKAGE}.deny") if per_query else rego.query_bundle(bundle)
        result = json.loads(str(output))
        fired = result["expressions"][0] if "expressions" in result else []
        out.write(json.dumps({"file": name, "fired": sorted(fired)}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
