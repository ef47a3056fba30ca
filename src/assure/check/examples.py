"""Run a rule's own examples: each ``fail`` must give its finding, each ``pass`` must not.

Shipped in the package (as sqlfluff ships its rule-test helpers) so that ``assure rules test``
and the test suite run the very same check, and so can the author of a local rule pack.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML

from assure.base.problems import InputError
from assure.check.checker import check
from assure.check.findings import Finding, Report
from assure.ruleset.packs import RulePack
from assure.ruleset.rule import Example, Rule
from assure.ruleset.sources import Records, Sources
from assure.sef.loader import load_sef_text

# Examples judge expiry against a fixed day, so they never change with the calendar.
EXAMPLE_TODAY = dt.date(2026, 4, 1)


@dataclass(frozen=True)
class ExampleResult:
    rule: str
    expect: str  # fail | pass
    index: int
    ok: bool
    detail: str

    @property
    def name(self) -> str:
        return f"{self.rule}::{self.expect}[{self.index}]"


def base_sef(pack: RulePack) -> dict[str, Any]:
    return {
        "format": 1,
        "framework": pack.spec.framework,
        "council": {"name": "Exampleshire"},
        "period": {"start": dt.date(2025, 4, 1), "end": dt.date(2026, 3, 31)},
    }


def merge(base: Any, extra: Any) -> Any:
    """Deep-merge: mappings merge key by key; lists and scalars replace."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = merge(base.get(key), value)
        return out
    return extra


def example_text(pack: RulePack, example: Example) -> str:
    buf = io.StringIO()
    yaml = YAML(typ="safe")
    yaml.default_flow_style = False
    yaml.dump(merge(base_sef(pack), example.sef), buf)
    return buf.getvalue()


def example_report(pack: RulePack, rule: Rule, example: Example, name: str) -> Report:
    """The report of one of a rule's examples, checked as ``assure rules test`` checks it."""
    loaded = load_sef_text(example_text(pack, example), f"{name}.yaml")
    today = dt.date.fromisoformat(example.today) if example.today else EXAMPLE_TODAY
    sources = None
    if example.annex_a is not None:
        sources = Sources(Records.from_values(dict(example.annex_a)))
    return check(loaded, pack, today=today, sources=sources)


def example_findings(
    pack: RulePack, rule: Rule, example: Example, index: int, expect: str
) -> list[Finding]:
    return example_report(pack, rule, example, f"{rule.id}.{expect}[{index}]").findings


def run_example(
    pack: RulePack, rule: Rule, example: Example, index: int, expect: str
) -> ExampleResult:
    def result(ok: bool, detail: str) -> ExampleResult:
        return ExampleResult(rule.id, expect, index, ok, detail)

    try:
        findings = example_findings(pack, rule, example, index, expect)
    except InputError as exc:
        return result(
            False, "the example is not a valid SEF: " + "; ".join(str(p) for p in exc.problems)
        )
    own = [f for f in findings if f.rule == rule.id]
    if expect == "fail":
        hits = [f for f in own if f.kind == rule.kind]  # not the rule's own "not evidenced"
        if hits and example.grade is not None and hits[0].grade != example.grade:
            return result(False, f"expected grade {example.grade.key}, got {hits[0].grade.key}")
        if hits:
            return result(True, hits[0].message)
        why = f"only a missing finding: {own[0].message}" if own else "no finding"
        return result(False, f"expected a {rule.kind} finding of {rule.id}, got {why}")
    if own:
        return result(
            False, f"expected no finding of {rule.id}, got {own[0].kind}: {own[0].message}"
        )
    return result(True, "no finding")


def run_rule(pack: RulePack, rule: Rule) -> list[ExampleResult]:
    out = [run_example(pack, rule, ex, i, "fail") for i, ex in enumerate(rule.examples.fail)]
    out += [run_example(pack, rule, ex, i, "pass") for i, ex in enumerate(rule.examples.passes)]
    return out
