"""The one module that talks to durable-rules.

durable-rules is a C Rete engine with sharp edges (docs: shared tooling note, part B). Each guard
below answers one of them:

1. A fact no rule matches makes a whole batch raise, and the matched facts then fire later on a
   background thread. → Every ruleset gets a catch-all rule on ``type``.
2. An exception in an action is swallowed into the state. → Actions only append to a list, and
   a state carrying ``exception`` raises ``EngineError``.
3. A pattern on ``id``/``sid`` matches the engine's own state objects and loops forever.
   → The compiler anchors on ``type`` and prefixes every field with ``f_``.
4. ``id`` is a fact's identity; a repeated id raises. → Fact ids are document paths, unique.
5. At most 255 properties per fact. → Checked before asserting, with a clear error.
6. Negation depends on arrival order. → No ``$not``; absence is ``$nex`` on one fact.
7. ``register_rulesets`` mutates its argument. → We register a deep copy.
8. Actions are inspected by argument count. → Plain one-argument closures.
9./10. Rulesets cannot be unregistered and each Host starts threads. → One Host per process,
   each ruleset registered once under a content hash, a fresh ``sid`` per session, and the
   state deleted when the session closes.
11. Not thread-safe. → One lock around every engine call.
12. One fact may pass at most 64 alpha nodes that fan out from a single node (error 303,
   ERR_MAX_STACK_SIZE, and a corrupted engine afterwards). A pack has hundreds of rules on the
   SEF fact, so rules of one fact type are spread over groups: each pattern also tests a
   ``g<k>`` property that every fact carries, so no node has more than ~sqrt(n) successors.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import math
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]
MAX_PROPERTIES = 255
MAX_FAN_OUT = 32  # well below durable's 64 successors of one node


class EngineError(RuntimeError):
    """durable-rules refused or failed; the message says why in plain words."""


@dataclass(frozen=True)
class Match:
    """One firing: the engine rule's name and the fact it matched (as asserted)."""

    rule: str
    fact: Json


@dataclass(frozen=True)
class EngineRule:
    name: str
    spec: Json  # durable JSON, without "run"
    chains: bool = False  # assert a finding fact for fired() joins when it fires


class Ruleset:
    """A set of compiled rules, registered with durable-rules once per process."""

    def __init__(self, rules: list[EngineRule]) -> None:
        self.rules = rules
        self.groups, self.specs = _grouped(rules)
        blob = json.dumps([[r.name, r.spec, r.chains] for r in rules], sort_keys=True)
        self.name = "assure_" + hashlib.sha256(blob.encode()).hexdigest()[:16]


def _anchor(spec: Json) -> tuple[str | None, list[Json] | None]:
    """The fact type a rule's main pattern is anchored on, and that pattern's test list."""
    main = spec.get("all", [{}])[0].get("m")
    tests = main.get("$and") if isinstance(main, dict) else None
    if isinstance(tests, list) and tests and isinstance(tests[0].get("type"), str):
        return tests[0]["type"], tests
    return None, None


def _grouped(rules: list[EngineRule]) -> tuple[int, dict[str, Json]]:
    """Spread the rules of each fact type over ``g<k>`` groups (guard 12)."""
    by_type: dict[str, list[EngineRule]] = {}
    for rule in rules:
        kind, _ = _anchor(rule.spec)
        if kind is not None:
            by_type.setdefault(kind, []).append(rule)
    specs = {r.name: copy.deepcopy(r.spec) for r in rules}
    most = 0
    for members in by_type.values():
        if len(members) <= MAX_FAN_OUT:
            continue
        groups = math.ceil(math.sqrt(len(members)))
        most = max(most, groups)
        for i, rule in enumerate(members):
            _, tests = _anchor(specs[rule.name])
            assert tests is not None
            tests.insert(1, {f"g{i % groups}": 1})
    return most, specs


_lock = threading.RLock()
_host: Any = None
_registered: set[str] = set()
_sinks: dict[str, list[Match]] = {}


def _engine() -> Any:
    from durable import engine  # imported lazily: it starts nothing until a Host exists

    return engine


def _get_host() -> Any:
    global _host
    if _host is None:
        _host = _engine().Host()
    return _host


def _action(rule: EngineRule) -> Callable[[Any], None]:
    def act(c: Any) -> None:
        fact = c.m._d
        _sinks[fact["sid"]].append(Match(rule.name, dict(fact)))
        if rule.chains:
            c.assert_fact(
                {
                    "type": "finding",
                    "rule": rule.name,
                    "id": f"finding:{rule.name}:{fact['id']}",
                    "sid": fact["sid"],
                }
            )

    return act


def _ignore(c: Any) -> None:
    return None


def _register(ruleset: Ruleset) -> None:
    if ruleset.name in _registered:
        return
    defs: Json = {}
    for rule in ruleset.rules:
        # durable deletes "run" from what it is given (guard 7): give it a fresh top level.
        spec = {**ruleset.specs[rule.name], "run": _action(rule)}
        defs[rule.name] = spec
    defs["__seen"] = {"all": [{"m": {"$ex": {"type": 1}}}], "run": _ignore}
    try:
        _get_host().register_rulesets({ruleset.name: defs})
    except Exception as exc:
        raise EngineError(f"durable-rules refused the rule set: {_text(exc)}") from exc
    _registered.add(ruleset.name)


def _text(exc: BaseException) -> str:
    return str(getattr(exc, "message", None) or exc)


def _count_properties(value: Any) -> int:
    if isinstance(value, dict):
        return sum(1 + _count_properties(v) for v in value.values())
    if isinstance(value, list):
        return sum(_count_properties(v) for v in value)
    return 0


def check_fact(fact: Json, extra: int = 0) -> None:
    if "type" not in fact or "id" not in fact:
        raise EngineError("every fact needs a 'type' and an 'id'")
    n = _count_properties(fact) + 1 + extra  # + sid and the group markers
    if n > MAX_PROPERTIES:
        raise EngineError(
            f"fact {fact['id']!r} has {n} properties; durable-rules takes {MAX_PROPERTIES}"
        )
    if any(k.startswith("$") for k in fact):
        raise EngineError(f"fact {fact['id']!r} has a '$' property, which durable reserves")


class Session:
    """One SEF's facts in the engine: an isolated ``sid`` that is deleted on close."""

    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = ruleset
        self.sid = uuid.uuid4().hex

    def assert_facts(self, facts: list[Json]) -> list[Match]:
        """Assert facts; return every rule firing they caused (synchronously)."""
        if not facts:
            return []
        groups = self.ruleset.groups
        for fact in facts:
            check_fact(fact, groups)
        engine = _engine()
        markers = {f"g{k}": 1 for k in range(groups)}
        batch = [{**f, **markers, "sid": self.sid} for f in facts]
        sink = _sinks[self.sid]
        start = len(sink)
        try:
            state = _get_host().assert_facts(self.ruleset.name, batch)
        except (engine.MessageNotHandledException, engine.MessageObservedException) as exc:
            raise EngineError(f"durable-rules did not take the facts: {_text(exc)}") from exc
        if isinstance(state, dict) and "exception" in state:
            raise EngineError(f"a rule action failed: {state['exception']}")
        return sink[start:]


@contextmanager
def session(ruleset: Ruleset) -> Iterator[Session]:
    with _lock:
        _register(ruleset)
        sess = Session(ruleset)
        _sinks[sess.sid] = []
        try:
            yield sess
        finally:
            _sinks.pop(sess.sid, None)
            # A state that was never written has nothing to delete; durable raises then.
            with contextlib.suppress(Exception):
                _get_host().delete_state(ruleset.name, sess.sid)
