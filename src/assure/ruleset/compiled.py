"""A rule pack compiled into one durable-rules ruleset, with what the checker needs to read the
firings back: which engine rule plays which role for which rule (its base condition, a missing
fact, an escalation step, a ``count()``), and the national figures the pack compares with.

Compiled once per pack and kept in the start-up cache with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from assure.lang import engine
from assure.lang.factkeys import CountSpec
from assure.ruleset.benchmarks import is_derived
from assure.ruleset.packs import RulePack
from assure.ruleset.rule import PLACEHOLDER, Rule


@dataclass(frozen=True)
class Role:
    rule: Rule
    role: str  # base | missing | escalate | count
    index: int = 0


@dataclass
class CompiledPack:
    pack: RulePack
    ruleset: engine.Ruleset
    roles: dict[str, Role]
    counts: dict[str, tuple[CountSpec, Rule]]
    needed: dict[str, list[str]]
    # Of each rule's fields, those a SEF states (not worked out for it): a missing one is
    # "not evidenced", and the first is where a finding points.
    stated: dict[str, tuple[str, ...]]
    # Every field a condition or a message of the pack reads: the reference figures a SEF is
    # compared with are put on its fact only where read (durable takes 255 properties a fact).
    reads: frozenset[str] = frozenset()


def compile_pack(pack: RulePack) -> CompiledPack:
    """The pack's rules as one durable-rules ruleset, compiled once and cached with the pack."""
    if not isinstance(pack.compiled, CompiledPack):
        pack.compiled = _compile(pack)
        pack.save()
    return pack.compiled


def _compile(pack: RulePack) -> CompiledPack:
    # The parser and compiler are needed only here: a cached pack is already compiled.
    from assure.lang.compiler import ITEM_SCOPES, CompileError, compile_condition, missing_rule
    from assure.lang.conditions import Field as FieldRef
    from assure.lang.conditions import Fired, parse, walk

    chained = {n.rule for r in pack.rules.values() for n in walk(r.tree) if isinstance(n, Fired)}
    rules: list[engine.EngineRule] = []
    roles: dict[str, Role] = {}
    counts: dict[str, tuple[CountSpec, Rule]] = {}
    needed: dict[str, list[str]] = {}
    stated_fields: dict[str, tuple[str, ...]] = {}
    item_scope = ITEM_SCOPES
    for rule in pack.sorted_rules():
        compiled = compile_condition(
            rule.tree, count_prefix=rule.id, item_scope=rule.scope in item_scope
        )
        needed[rule.id] = compiled.needed
        rules.append(engine.EngineRule(rule.id, compiled.rule(rule.scope), rule.id in chained))
        roles[rule.id] = Role(rule, "base")
        for n, spec in enumerate(compiled.counts):
            name = f"{rule.id}#count{n}"
            rules.append(engine.EngineRule(name, spec.pattern))
            roles[name] = Role(rule, "count", n)
            counts[name] = (spec, rule)
        stated = stated_fields[rule.id] = tuple(f for f in compiled.needed if not is_derived(f))
        if rule.on_missing is not None and stated:
            name = f"{rule.id}#missing"
            rules.append(engine.EngineRule(name, missing_rule(rule.scope, stated)))
            roles[name] = Role(rule, "missing")
        for n, esc in enumerate(rule.escalate, 1):
            esc_compiled = compile_condition(
                parse(esc.condition),
                count_prefix=f"{rule.id}e{n}",
                item_scope=rule.scope in item_scope,
            )
            if esc_compiled.counts:
                raise CompileError(f"{rule.id}: count() is not allowed in an escalation")
            name = f"{rule.id}#e{n}"
            rules.append(engine.EngineRule(name, esc_compiled.rule(rule.scope)))
            roles[name] = Role(rule, "escalate", n)
    reads = {f for fields in needed.values() for f in fields}
    for rule in pack.rules.values():
        for text in (rule.message, *(e.message or "" for e in rule.escalate)):
            reads.update(m.group(1) for m in PLACEHOLDER.finditer(text))
        for esc in rule.escalate:
            reads.update(n.name for n in walk(parse(esc.condition)) if isinstance(n, FieldRef))
    ruleset = engine.Ruleset(rules)
    return CompiledPack(pack, ruleset, roles, counts, needed, stated_fields, frozenset(reads))
