"""Every rule's message and recommendation, for each of its examples, rendered in every format,
reads as finished prose: no unfilled ``{field}``, no doubled brackets, no raw enum value or other
snake_case word, no "None".

Deliberately exempt (documented in docs/output-json.md, "Prose"): rule ids, file positions,
dotted field paths (``data.workforce.caseload_average``) and `code spans`, which name keys on
purpose; the machine fields of JSON/SARIF (keys, ``grade``, ``kind``, ``basis``, ``path``).
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from functools import cache
from html import unescape

import pytest

from assure.check.checker import regrade
from assure.check.examples import EXAMPLE_TODAY, example_report
from assure.check.findings import Report
from assure.output import FORMATS, Options, render
from assure.report import html_report, view
from assure.ruleset.packs import load_pack

PACK = "ilacs-2023"  # ilacs-2026 is the same rules less OV001
BAD = [
    (re.compile(r"[{}]"), "an unfilled placeholder"),
    (re.compile(r"\(\("), "doubled brackets"),
    (re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b"), "a snake_case word"),
    (re.compile(r"\bNone\b"), "None"),
]
EXEMPT = [
    re.compile(r"`[^`]*`"),  # code spans name keys on purpose
    re.compile(r"\S+\.yaml:\d+:\d+\s+\S+$"),  # --explain's position and field path
    re.compile(r"\S+\.yaml(:\d+:\d+)?"),  # files and positions
    re.compile(r"^\s*source: .*"),  # sources cite documents as published
    re.compile(r"\b[a-z_]+(\.[a-z0-9_]+|\[[^\]]*\])+"),  # dotted field paths
]


@cache
def reports() -> list[tuple[str, Report]]:
    pack = load_pack(PACK)
    out = []
    for rule in pack.sorted_rules():
        for i, example in enumerate(rule.examples.fail):
            name = f"{rule.id}.fail[{i}]"
            report = example_report(pack, rule, example, name)
            own = regrade(report, lambda item, rid=rule.id: item.rule == rid)
            if own.findings:
                out.append((name, own))  # the rule's own findings (others have their own examples)
    return out


def prose(fmt: str, reports: list[Report]) -> list[str]:
    """The sentences a person reads in one format's output (see the module's exemptions)."""
    if fmt == "xlsx":
        fmt = "csv"  # the same rows (tests/test_spreadsheet.py reads both back)
    if fmt == "report-html":
        out = []
        for report in reports:
            page = html_report.render(view.build(report, today=EXAMPLE_TODAY))
            page = re.sub(r'<section id="appendix">.*?</section>', "", page, flags=re.S)
            page = re.sub(r"<code>.*?</code>|<style>.*?</style>|<[^>]+>", "\n", page, flags=re.S)
            out += [unescape(line) for line in page.splitlines() if line.strip()]
        return out
    if fmt in ("text", "text-explain"):
        out = render("text", reports, Options(explain=fmt == "text-explain", width=100))
        return out.splitlines()
    text = render(fmt, reports)
    if fmt in ("json", "jsonl"):
        docs = (
            [json.loads(line) for line in text.splitlines()] if fmt == "jsonl" else json.loads(text)
        )
        return [
            f[k]
            for d in (docs if isinstance(docs, list) else [docs])
            for f in d["findings"]
            for k in ("title", "message", "recommendation")
        ]
    if fmt == "sarif":
        run = json.loads(text)["runs"][0]
        return [r["message"]["text"] for r in run["results"]] + [
            r["properties"]["recommendation"] for r in run["results"]
        ]
    if fmt == "junit":
        root = ET.fromstring(text)
        return [
            line
            for failure in root.iter("failure")
            for line in [failure.get("message", ""), *(failure.text or "").splitlines()[1:]]
        ]
    if fmt == "github":
        messages = [line.split("::", 2)[-1].replace("%0A", "\n") for line in text.splitlines()]
        return [re.sub(r"; at \S*\]", "]", m) for m in messages]
    if fmt == "csv":
        rows = csv.DictReader(io.StringIO(text))
        return [
            v
            for r in rows
            for k, v in r.items()
            if k not in ("File", "Position", "Field", "Source")
        ]
    return text.splitlines()  # markdown


def problems_in(line: str) -> list[str]:
    for pattern in EXEMPT:
        line = pattern.sub(" ", line)
    return [f"{what}: {m.group(0)!r}" for pattern, what in BAD for m in pattern.finditer(line)]


FORMS = [f for f in FORMATS if f != "xlsx"] + ["text-explain", "report-html"]


@pytest.mark.parametrize("fmt", FORMS)
def test_every_rule_example_reads_as_finished_prose(fmt: str) -> None:
    bad = []
    for line in prose(fmt, [report for _, report in reports()]):
        if fmt == "github" and line.startswith(("group", "endgroup")):
            continue
        bad += [f"{problem} in {line[:160]!r}" for problem in problems_in(line)]
    assert not bad, f"{len(bad)} problems, first 20:\n" + "\n".join(bad[:20])


def test_every_rule_with_fail_examples_is_rendered() -> None:
    rendered = {name.split(".")[0] for name, _ in reports()}
    with_examples = {r.id for r in load_pack(PACK).sorted_rules() if r.examples.fail}
    assert rendered == with_examples


def test_the_exemptions_do_not_hide_prose() -> None:
    assert problems_in("grades help_and_protection good") == [
        "a snake_case word: 'help_and_protection'"
    ]
    assert problems_in("signed by the DCS ((not stated))") == ["doubled brackets: '(('"]
    assert problems_in("Measure and state data.workforce.caseload_average first") == []
    assert problems_in("Add `self_grades.leadership` to the file") == []
