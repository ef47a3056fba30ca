"""The lean YAML loader (issue 15) reads exactly what ruamel's own ``YAML(typ="safe")`` reads.

``sef.yaml_reader`` composes with libyaml through a loader class made once per run, keeps each
resolved tag for the run and skips counting the values of a short text. None of that may
change a value, a tag or a position: each document below is composed both ways and the node
trees compared, and loading it twice in one run (the second time from the kept tags) gives the
same document as the first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from assure.base.problems import InputError
from assure.sef import yaml_reader

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "self_assessments").glob("*.yaml"))

SNIPPETS = [
    "a: 1\nb: 1.5\nc: -3\nd: .5\ne: 1e3\nf: 0x1F\ng: 0o17\nh: 010\n",
    "a: true\nb: false\nc: yes\nd: no\ne: on\nf: True\ng: ~\nh: null\ni:\n",
    "a: 2026-03-31\nb: 2026-02-30\nc: 2026-03-31T10:00:00\nd: '2026-03-31'\n",
    "%YAML 1.1\n---\na: yes\nb: 010\nc: 1:30\n",
    "a: !!str 3\nb: !!int '3'\nc: !custom x\nd: !!float abc\n",
    "base: &b {x: 1, y: [1, 2]}\nother:\n  <<: *b\n  y: 3\nlist: [*b, *b]\n",
    "k: v\nk: w\n? [complex]\n: key\n",
    'text: |\n  two\n  lines\nfolded: >\n  one\n  line\nquoted: "\\u00e9\\ud83d\\ude00"\n',
    "- 1\n- [2, {3: 4}]\n- - nested\n  - more\n",
    "{a: 1, b: [x, y], c: {d: e}}\n",
    "",
    "# only a comment\n",
]


def _tree(node: Node | None) -> Any:
    """A node tree as plain data: tag, value and where each node starts and ends."""
    if node is None:
        return None
    marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line)
    if isinstance(node, MappingNode):
        return ("map", str(node.tag), marks, [(_tree(k), _tree(v)) for k, v in node.value])
    if isinstance(node, SequenceNode):
        return ("seq", str(node.tag), marks, [_tree(v) for v in node.value])
    return ("scalar", str(node.tag), marks, node.value)


@pytest.mark.parametrize(
    "text",
    [p.read_text(encoding="utf-8") for p in EXAMPLES] + SNIPPETS,
    ids=[p.name for p in EXAMPLES] + [f"snippet{i}" for i in range(len(SNIPPETS))],
)
def test_the_lean_loader_composes_what_ruamel_composes(text: str) -> None:
    loader_class = yaml_reader._c_loader()
    assert loader_class is not None  # ruamel.yaml.clib is a dependency
    assert _composed(lambda: loader_class(text).compose()) == _composed(
        lambda: YAML(typ="safe", pure=False).compose(text)
    )


def _composed(compose: Any) -> Any:
    """The tree, or the error (its type and message) that composing ends with."""
    try:
        return _tree(compose())
    except Exception as exc:  # a syntax error must be the same error both ways
        return type(exc).__name__, str(exc)


@pytest.mark.parametrize("text", SNIPPETS, ids=[f"snippet{i}" for i in range(len(SNIPPETS))])
def test_a_document_loads_the_same_the_second_time_in_a_run(text: str) -> None:
    def load() -> Any:
        try:
            doc = yaml_reader.load_yaml_text(text, "a.yaml", keep_going=True)
        except InputError as exc:
            return [str(p) for p in exc.problems]
        return doc.data, doc.values, doc.keys, [str(p) for p in doc.problems]

    first = load()
    assert load() == first


def test_a_short_text_is_not_counted_but_a_long_one_is() -> None:
    """Counting is skipped only where the limit cannot be passed (three values a character)."""
    limit = yaml_reader._MAX_WRITTEN
    short = "[" + ",".join(["1"] * (limit // 3 // 2 - 1)) + "]"
    assert len(short) <= limit // 3
    yaml_reader._count_values(short, fast=True)  # nothing to refuse, nothing parsed
    many = "[" + ",".join(["1"] * (limit + 1)) + "]"
    with pytest.raises(yaml_reader._Fatal, match="more than 25,000 values"):
        yaml_reader._count_values(many, fast=True)
