"""The one module that talks to durable-rules.

durable-rules is a C Rete engine (the ``durable_rules_engine`` extension) with a Python host
(``durable.engine.Host``) around it. The host starts timer threads that pick up pending actions
while the calling thread is still handling them: that race crashed long batches (error 307,
"node deleted") and, under load, the whole process. So this module drives durable-rules' own C
engine directly, as the host does but on the calling thread only: it creates the ruleset from
its JSON, asserts a SEF's facts, and reads each firing back with ``start_action_for_state`` and
``complete_and_start_action`` until none is left. durable-rules still matches every condition.
The version is pinned (``durable-rules==2.0.28``) and tests/test_engine.py runs against it.

The engine's sharp edges, each with its guard here (and a test in tests/test_engine.py):

1. A fact no rule matches makes a batch answer "not handled", though the facts that matched
   were stored (the host raises, then fires them later on a background thread). → That answer
   is not an error here: the firings are read at once, on this thread.
2. The host swallows an exception in an action into the state. → No Python runs inside the
   engine: each firing is read back and handled here, so an error while handling one raises,
   the action is abandoned and the session's state deleted.
3. A pattern on ``id``/``sid`` matches the engine's own state objects and loops forever.
   → The compiler anchors on ``type`` and prefixes every field with ``f_``.
4. ``id`` is a fact's identity; a repeated id is "already observed". → Fact ids are document
   paths, unique; an observed fact raises ``EngineError``.
5. At most 255 properties per fact. → Checked before asserting, with a clear error.
6. Negation depends on arrival order. → No ``$not``; absence is ``$nex`` on one fact.
7. The host's ``register_rulesets`` deletes ``run`` from what it is given. → The ruleset is
   serialised from our specs, which are never handed over or changed.
8. The host inspects actions by argument count (two arguments: asynchronous, abandoned after
   5 s). → There are no Python actions: a firing names its rule, and the fact is ours.
9./10. The host cannot unregister a ruleset, and each host starts two threads that never
   stop. → No host at all: each ruleset is created once per process under a content
   hash; every session has a fresh ``sid`` whose state is deleted when it closes. No thread.
11. Not thread-safe. → One lock around every engine call.
12. One fact may pass at most 64 alpha nodes that fan out from a single node (error 303,
   ERR_MAX_STACK_SIZE, and a corrupted engine afterwards). A pack has hundreds of rules on the
   SEF fact, so rules of one fact type are spread over groups: each pattern also tests a
   ``g<k>`` property that every fact carries, so no node has more than ~sqrt(n) successors.
13. A state none of whose facts fired keeps uninitialised pointers that ``delete_state`` then
   frees (a segfault: the host's callers never met it, as something always fired for them).
   → Every session opens with a marker fact that a built-in rule (``__open``) fires on, once.
14. A rule fires once for each alternative of its pattern that holds (``x < 1 or y < 1`` twice
   when both do), and a join once per partner. → Each rule is reported once per fact.

Numbers: durable's JSON reader cannot read exponent form (``1e-06``, ``1e+16``): in a batch it
crashes the process. Every number is written positionally (``0.000001``), in facts and in rule
constants alike (``_plain``), and so is an integer beyond 64 bits, which orjson does not write.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import itertools
import math
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import orjson

Json = dict[str, Any]
MAX_PROPERTIES = 255
MAX_FAN_OUT = 32  # well below durable's 64 successors of one node

# durable's answers to an assert (rules.h): handled, not handled, already observed, deferred.
_HANDLED, _NOT_HANDLED, _OBSERVED, _DEFERRED = 0, 1, 2, 3
_OPEN = "__open"  # the built-in rule every session's marker fact fires (guard 13)
# A firing as durable writes it: {"RULE":{"m":{<the fact as we sent it>}...}}. Our facts start
# with "type" and "id" (orjson keeps their order), so the rule and fact id are read from the
# head of the message without parsing the rest; anything else is parsed in full.
_FIRING = re.compile(
    r'\{"(?P<rule>[A-Za-z0-9_#]+)":\{"m":\{"type":"[a-z_]+","id":"(?P<id>[^"\\]*)"'
)


class EngineError(RuntimeError):
    """durable-rules refused or failed; the message says why in plain words."""


@dataclass(frozen=True)
class Match:
    """One firing: the engine rule's name and the fact it matched (as we asserted it)."""

    rule: str
    fact: Json


@dataclass(frozen=True)
class EngineRule:
    name: str
    spec: Json  # durable JSON
    chains: bool = False  # assert a finding fact for fired() joins when it fires


class Ruleset:
    """A set of compiled rules, created in durable-rules once per process."""

    def __init__(self, rules: list[EngineRule]) -> None:
        self.rules = rules
        self.groups, self.specs = _grouped(rules)
        self.chains = frozenset(r.name for r in rules if r.chains)
        blob = orjson.dumps(
            [[r.name, _plain(r.spec), r.chains] for r in rules], option=orjson.OPT_SORT_KEYS
        )
        self.name = "assure_" + hashlib.sha256(blob).hexdigest()[:16]
        # What durable is given, written once here and kept with the cached pack: a run that
        # reads the pack from the cache hands it over without converting it again.
        opener = {_OPEN: {"all": [{"m": {"type": _OPEN}}]}}
        self.text = orjson.dumps(_plain({**self.specs, **opener})).decode()


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


# -- numbers durable can read -------------------------------------------------------------
# orjson writes a float positionally from 1e-5 up to 1e16; durable reads any positional number.
_SMALLEST, _LARGEST = 1e-5, 1e15
_INT64 = 2**63


def _number(value: float | int) -> Any:
    """``value`` itself when orjson writes it positionally, else the positional text."""
    if type(value) is int:
        if -_INT64 <= value < _INT64:
            return value
        return orjson.Fragment(str(value))
    if value == 0 or _SMALLEST <= abs(value) < _LARGEST:
        return value
    if not math.isfinite(value):
        raise EngineError(f"{value} is not a number durable-rules can compare")
    return orjson.Fragment(format(Decimal(repr(value)), "f"))


def _plain(value: Any) -> Any:
    """``value`` (JSON data) with every number in a form durable-rules reads."""
    kind = type(value)
    if kind is float or kind is int:
        return _number(value)
    if kind is dict:
        return {k: _plain(v) for k, v in value.items()}
    if kind is list:
        return [_plain(v) for v in value]
    return value


# -- the engine ---------------------------------------------------------------------------
_lock = threading.RLock()
_handles: dict[str, int] = {}
_sids = itertools.count(1)


def _native() -> Any:
    """durable-rules' C engine, imported on first use (it starts nothing)."""
    import durable_rules_engine

    return durable_rules_engine


def _handle(ruleset: Ruleset) -> int:
    handle = _handles.get(ruleset.name)
    if handle is None:
        native = _native()
        try:
            handle = int(native.create_ruleset(ruleset.name, ruleset.text))
        except native.error as exc:
            raise EngineError(f"durable-rules refused the rule set: {_text(exc)}") from exc
        _handles[ruleset.name] = handle
    return handle


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


def _prepared(fact: Json, extra: int) -> Json:
    """``check_fact`` and ``_plain`` in one pass over a (flat) fact: the fact as sent."""
    out: Json = {}
    n = 1 + extra
    for key, value in fact.items():
        if key.startswith("$"):
            break
        kind = type(value)
        if kind is str or kind is bool:
            pass
        elif kind is float:
            if not (value == 0 or _SMALLEST <= abs(value) < _LARGEST):
                value = _number(value)
        elif kind is int:
            if not -_INT64 <= value < _INT64:
                value = _number(value)
        elif kind is list or kind is dict:
            n += _count_properties(value)
            value = _plain(value)
        out[key] = value
        n += 1
    if "type" not in fact or "id" not in fact or n > MAX_PROPERTIES or len(out) < len(fact):
        check_fact(fact, extra)  # raises, saying which
    return out


class Session:
    """One SEF's facts in the engine: an isolated ``sid`` whose state is deleted on close."""

    def __init__(self, ruleset: Ruleset, handle: int) -> None:
        self.ruleset = ruleset
        self.handle = handle
        self.sid = f"s{next(_sids)}"
        self.facts: dict[str, Json] = {}  # what we asserted, by id: firings name them
        self.fired: set[tuple[str, str]] = set()  # (rule, fact id) already reported (guard 14)
        self._extra: Json = {f"g{k}": 1 for k in range(ruleset.groups)}
        self._extra["sid"] = self.sid
        self._opened = False

    def assert_facts(self, facts: list[Json]) -> list[Match]:
        """Assert facts; return every rule firing they caused, in the order durable gives."""
        if not facts:
            return []
        groups = self.ruleset.groups
        extra = self._extra
        batch = []
        if not self._opened:
            batch.append({"type": _OPEN, "id": _OPEN, "sid": self.sid})
            self._opened = True
        for fact in facts:
            plain = _prepared(fact, groups)
            self.facts[fact["id"]] = fact
            plain.update(extra)
            batch.append(plain)
        native = _native()
        with _lock:
            try:
                code, state = native.assert_facts(self.handle, orjson.dumps(batch).decode())
                if code not in (_HANDLED, _NOT_HANDLED, _OBSERVED):  # deferred: no state to read
                    raise EngineError(f"durable-rules deferred the facts (answer {code})")
                matches = self._drain(native, state)
            except native.error as exc:
                raise EngineError(f"durable-rules failed: {_text(exc)}") from exc
        if code == _OBSERVED:
            raise EngineError("durable-rules took two facts with the same id in one session")
        return matches

    def _drain(self, native: Any, state: int) -> list[Match]:
        """Read every firing of the state, handling each before the engine forgets it."""
        found: list[Match] = []
        started = native.start_action_for_state(self.handle, state)
        if started is None:
            return found
        message: str | None = started[1]
        try:
            while message is not None:
                head = _FIRING.match(message)
                if head is not None:  # the usual firing: read its rule and fact id only
                    self._one(native, head["rule"], head["id"], None, found)
                else:
                    self._fired(native, orjson.loads(message), found)
                message = native.complete_and_start_action(self.handle, state)
        except BaseException:
            native.abandon_action(self.handle, state)
            raise
        return found

    def _fired(self, native: Any, message: Json, found: list[Match]) -> None:
        for rule, result in message.items():
            # One result per firing ({"m": fact, "j1": finding, ...}), or a list of them.
            for one in result if isinstance(result, list) else (result,):
                self._one(native, rule, one["m"]["id"], one["m"], found)

    def _one(
        self, native: Any, rule: str, fact_id: str, sent: Json | None, found: list[Match]
    ) -> None:
        """Record that ``rule`` fired on the fact ``fact_id`` (once), chaining if it must."""
        key = (rule, fact_id)
        if rule == _OPEN or key in self.fired:
            return
        self.fired.add(key)
        fact = self.facts.get(fact_id)
        if fact is None:
            fact = {k: v for k, v in (sent or {}).items() if k != "sid"}
        found.append(Match(rule, fact))
        if rule in self.ruleset.chains:
            finding = {
                "type": "finding",
                "rule": rule,
                "id": f"finding:{rule}:{fact_id}",
                "sid": self.sid,
            }
            code, _ = native.assert_fact(self.handle, orjson.dumps(finding).decode())
            if code == _OBSERVED:
                raise EngineError(f"rule {rule} fired twice for {fact_id!r}")


@contextmanager
def session(ruleset: Ruleset) -> Iterator[Session]:
    with _lock:
        sess = Session(ruleset, _handle(ruleset))
        try:
            yield sess
        finally:
            # A state that was never written has nothing to delete; durable raises then (309).
            with contextlib.suppress(Exception):
                _native().delete_state(sess.handle, sess.sid)
