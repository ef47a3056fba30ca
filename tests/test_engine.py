"""The durable-rules adapter and the guards against the engine's sharp edges."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

import pytest

from assure.lang import engine
from assure.lang.engine import EngineError, EngineRule, Ruleset


def _rule(
    name: str, test: dict[str, object], scope: str = "sef", chains: bool = False
) -> EngineRule:
    return EngineRule(name, {"all": [{"m": {"$and": [{"type": scope}, test]}}]}, chains)


def _run(rules: list[EngineRule], facts: list[dict[str, object]]) -> list[tuple[str, str]]:
    with engine.session(Ruleset(rules)) as s:
        return sorted((m.rule, str(m.fact["id"])) for m in s.assert_facts(facts))


def test_unmatched_fact_in_batch_neither_raises_nor_fires_later() -> None:
    # Guard 1: a batch with a fact no rule matches is "not handled" by durable, though the
    # facts that matched were stored; every firing is read at once, on this thread.
    rules = [_rule("LOW", {"$lt": {"f_x": 5}})]
    facts: list[dict[str, object]] = [
        {"type": "other", "id": "c"},
        {"type": "sef", "id": "a", "f_x": 1},
        {"type": "sef", "id": "b", "f_x": 9},
    ]
    assert _run(rules, facts) == [("LOW", "a")]
    assert _run(rules, facts[:1]) == []


def test_error_while_reading_a_firing_is_raised_not_swallowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Guard 2: durable's host swallows an action's exception into the state. Here no Python
    # runs inside the engine: an error while handling a firing propagates, the action is
    # abandoned and the state deleted, so the next session is unaffected.
    rules = [_rule("BROKEN_ACTION", {"$gt": {"f_x": 0}})]
    fact: dict[str, object] = {"type": "sef", "id": "a", "f_x": 1}

    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    with monkeypatch.context() as patch:
        patch.setattr(engine.Session, "_one", broken)
        with pytest.raises(RuntimeError, match="boom"):
            _run(rules, [fact])
    assert _run(rules, [fact]) == [("BROKEN_ACTION", "a")]


def test_compiled_conditions_never_test_id_or_sid() -> None:
    # Guard 3: a pattern on id/sid loops forever; every field of ours is under f_.
    from assure.lang.compiler import compile_condition
    from assure.lang.conditions import parse

    compiled = compile_condition(
        parse("id == 'x' and sid == 'y' and type == 'z'"), count_prefix="T", item_scope=True
    )
    blob = str(compiled.rule("claim"))
    assert "'id'" not in blob and "'sid'" not in blob
    assert "'f_id'" in blob and "'f_sid'" in blob and "'f_type'" in blob


def test_same_fact_ids_in_separate_sessions_do_not_collide() -> None:
    # Guards 4 and 9: ids are identities within a sid; every session has a fresh sid.
    rules = [_rule("ANY", {"$ex": {"f_x": 1}})]
    fact = {"type": "sef", "id": "sef", "f_x": 1}
    assert _run(rules, [fact]) == _run(rules, [fact]) == [("ANY", "sef")]


def test_duplicate_fact_id_in_one_session_is_an_engine_error() -> None:
    rules = [_rule("ANY", {"$ex": {"f_x": 1}})]
    with pytest.raises(EngineError):
        _run(rules, [{"type": "sef", "id": "s", "f_x": 1}, {"type": "sef", "id": "s", "f_x": 2}])


def test_too_many_properties_is_refused_before_the_engine() -> None:
    # Guard 5: durable takes at most 255 properties per fact.
    fact: dict[str, object] = {"type": "sef", "id": "big"}
    fact.update({f"f_{i}": i for i in range(300)})
    with pytest.raises(EngineError, match="255"):
        _run([_rule("ANY", {"$ex": {"f_1": 1}})], [fact])


def test_negation_by_absence_does_not_depend_on_arrival_order() -> None:
    # Guard 6: no cross-fact $not; absence is $nex on the one fact, so order cannot matter.
    rules = [_rule("NOEV", {"$nex": {"f_ev": 1}})]
    a = [{"type": "sef", "id": "1"}, {"type": "sef", "id": "2", "f_ev": 3}]
    assert _run(rules, a) == _run(rules, list(reversed(a))) == [("NOEV", "1")]


def test_registering_does_not_mutate_our_rules() -> None:
    # Guard 7: durable's host deletes 'run' from what it is given; our specs are only read.
    rule = _rule("COPY", {"$gt": {"f_x": 1}})
    before = repr(rule.spec)
    _run([rule], [{"type": "sef", "id": "a", "f_x": 2}])
    assert repr(rule.spec) == before and "run" not in rule.spec


def test_no_python_actions_and_no_host() -> None:
    # Guard 8 (and 10): durable's host inspects Python actions by argument count and starts
    # timer threads; the adapter hands durable no callable and never loads the host.
    ruleset = Ruleset([_rule("PLAIN", {"$gt": {"f_x": 1}})])
    assert all("run" not in spec for spec in ruleset.specs.values())
    assert _run(ruleset.rules, [{"type": "sef", "id": "a", "f_x": 2}]) == [("PLAIN", "a")]
    assert "durable.engine" not in sys.modules


def test_one_host_for_many_sessions() -> None:
    # Guards 9/10: no host and no thread at all (durable's host starts two per host, and
    # its timers raced the main thread: error 307, crashes): the count cannot change.
    threads = threading.active_count()
    rules = [_rule("T", {"$gt": {"f_x": 1}})]
    for _ in range(50):
        assert _run(rules, [{"type": "sef", "id": "a", "f_x": 2}]) == [("T", "a")]
    assert threading.active_count() == threads
    assert [t for t in threading.enumerate() if t.name.startswith("Thread-")] == []


def test_forward_chaining_joins_findings_in_the_same_batch() -> None:
    rules = [
        _rule("A", {"$gt": {"f_x": 1}}, chains=True),
        _rule("B", {"$gt": {"f_y": 1}}, chains=True),
        EngineRule(
            "AB",
            {
                "all": [
                    {"m": {"$and": [{"type": "sef"}, {"$ex": {"f_x": 1}}]}},
                    {"j1": {"$and": [{"type": "finding"}, {"rule": "A"}]}},
                    {"j2": {"$and": [{"type": "finding"}, {"rule": "B"}]}},
                ]
            },
        ),
    ]
    assert _run(rules, [{"type": "sef", "id": "s", "f_x": 2, "f_y": 2}]) == [
        ("A", "s"),
        ("AB", "s"),
        ("B", "s"),
    ]
    assert _run(rules, [{"type": "sef", "id": "s", "f_x": 2, "f_y": 0}]) == [("A", "s")]


def test_facts_need_type_and_id() -> None:
    with pytest.raises(EngineError, match="type"):
        _run([_rule("T", {"$gt": {"f_x": 1}})], [{"id": "x", "f_x": 1}])


def test_hundreds_of_rules_on_one_fact_do_not_overflow_the_engine_stack() -> None:
    # Guard 12: durable fails with error 303 (and is corrupt afterwards) when more than 64
    # successors of one alpha node match; rules are spread over groups to stay below it.
    rules = [_rule(f"MANY{i}", {"$lt": {"f_x": 100 + i}}) for i in range(300)]
    got = _run(rules, [{"type": "sef", "id": "s", "f_x": 1}])
    assert len(got) == 300


def test_match_reports_the_fact_without_group_markers_leaking_into_findings() -> None:
    rules = [_rule(f"G{i}", {"$lt": {"f_x": 100 + i}}) for i in range(40)]
    with engine.session(Ruleset(rules)) as s:
        (first, *_) = s.assert_facts([{"type": "sef", "id": "s", "f_x": 1}])
    assert first.fact["f_x"] == 1


def _in_subprocess(code: str) -> subprocess.CompletedProcess[str]:
    """Run engine code in a child: a segfault there is a failing exit code, not a dead pytest."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_sessions_where_nothing_fires_are_deleted_safely() -> None:
    # Guard 13: a state none of whose facts fired holds uninitialised pointers that
    # delete_state frees; the session's marker firing initialises them.
    done = _in_subprocess(
        """
        from assure.lang import engine
        for n in range(40):
            rules = [engine.EngineRule(f"R{n}", {"all": [{"m": {"$and": [
                {"type": "sef"}, {"$gt": {"f_x": 100 + n}}]}}]})]
            ruleset = engine.Ruleset(rules)
            for i in range(50):
                with engine.session(ruleset) as s:
                    assert s.assert_facts([{"type": "sef", "id": "a", "f_x": 1}]) == []
        print("ok")
        """
    )
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr


def test_a_rule_is_reported_once_per_fact_however_many_alternatives_hold() -> None:
    # Guard 14: durable fires a rule once per alternative that holds.
    rules = [_rule("EITHER", {"$or": [{"$lt": {"f_x": 5}}, {"$lt": {"f_y": 5}}]}, chains=True)]
    assert _run(rules, [{"type": "sef", "id": "a", "f_x": 1, "f_y": 1}]) == [("EITHER", "a")]


@pytest.mark.parametrize(
    ("value", "threshold", "above"),
    [
        (0.00001, 0.0001, False),
        (0.0000001, 0, True),
        (-1e-300, 0, False),
        (1e16, 25, True),
        (1e20, 25, True),
        (1e300, 1e14, True),
        (-1e300, -25, False),
        (10**30, 25, True),
        (123.25, 123.2, True),
    ],
)
def test_numbers_durable_cannot_read_in_exponent_form_are_written_positionally(
    value: float, threshold: float, above: bool
) -> None:
    # Issue 10, D1: durable crashes on 1e-05 or 1e+16 (exponent form) in a batch. In a child
    # process, so that a regression fails this test instead of killing the run.
    done = _in_subprocess(
        f"""
        from assure.lang import engine
        rules = [engine.EngineRule("ABOVE", {{"all": [{{"m": {{"$and": [
            {{"type": "sef"}}, {{"$gt": {{"f_x": {threshold!r}}}}}]}}}}]}})]
        with engine.session(engine.Ruleset(rules)) as s:
            facts = [{{"type": "sef", "id": "a", "f_x": {value!r}}}, {{"type": "sef", "id": "b"}}]
            print(len(s.assert_facts(facts)))
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ("1" if above else "0")


def test_rule_constants_in_exponent_form_are_written_positionally() -> None:
    done = _in_subprocess(
        """
        from assure.lang import engine
        from assure.lang.compiler import compile_condition
        from assure.lang.conditions import parse
        compiled = compile_condition(parse("x > 0.000001 * 0.001"), count_prefix="T")
        rules = [engine.EngineRule("TINY", compiled.rule("sef"))]
        with engine.session(engine.Ruleset(rules)) as s:
            facts = [
                {"type": "sef", "id": "a", "f_x": 0.000001},
                {"type": "sef", "id": "b", "f_x": 0},
            ]
            print([m.fact["id"] for m in s.assert_facts(facts)])
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['a']"


def test_an_engine_failure_is_an_engine_error(monkeypatch: pytest.MonkeyPatch) -> None:
    native = engine._native()

    def failing(handle: int, text: str) -> None:
        raise native.error("Could not assert facts, error code: 307")

    monkeypatch.setattr(native, "assert_facts", failing)
    with pytest.raises(EngineError, match="307"):
        _run([_rule("X", {"$gt": {"f_x": 1}})], [{"type": "sef", "id": "a", "f_x": 2}])


def test_a_usual_firing_is_read_from_the_head_of_its_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No per-firing JSON parse: the rule and fact id are read from the start of the message.
    def parsed(*args: object) -> None:
        raise AssertionError("a usual firing was parsed in full")

    monkeypatch.setattr(engine.Session, "_fired", parsed)
    rules = [_rule("HEAD", {"$gt": {"f_x": 1}}), _rule("HEAD#e1", {"$gt": {"f_x": 2}})]
    facts: list[dict[str, object]] = [
        {"type": "sef", "id": "areas.leadership.know[0]", "f_x": 3, "f_text": '"}{'}
    ]
    assert _run(rules, facts) == [
        ("HEAD", "areas.leadership.know[0]"),
        ("HEAD#e1", "areas.leadership.know[0]"),
    ]


def test_the_adapter_is_tested_against_the_pinned_durable_rules() -> None:
    # The adapter drives durable-rules' C engine directly: its calls and answers are those of
    # this release, pinned in pyproject.toml.
    from importlib.metadata import requires, version

    assert version("durable-rules") == "2.0.28"
    assert "durable-rules==2.0.28" in (requires("assure") or [])


def test_sessions_from_several_threads_are_serialised() -> None:
    # Guard 11: durable is not thread-safe; one lock around every engine call keeps sessions
    # from two threads apart (assure itself parallelises with processes).
    rules = [_rule("THREADS", {"$gt": {"f_x": 1}})]
    results: list[list[tuple[str, str]]] = []

    def work(n: int) -> None:
        for i in range(30):
            results.append(_run(rules, [{"type": "sef", "id": f"t{n}-{i}", "f_x": 2}]))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 90
    assert all(len(r) == 1 and r[0][0] == "THREADS" for r in results)
