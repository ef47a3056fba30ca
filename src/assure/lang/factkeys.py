"""How fields are named inside engine facts, and what a compiled ``count()`` is.

Kept apart from the compiler so that a run whose rule pack comes from the cache (already
compiled) does not import the condition parser and compiler at all.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]


@functools.cache  # a few hundred names, looked up tens of thousands of times in a batch
def fact_key(name: str) -> str:
    """The property a dotted field is stored under in a fact.

    The prefix keeps every field of ours apart from durable's reserved ``id``/``sid`` and our
    ``type`` anchor; dots become ``__`` because durable reads a dot as a nested object.
    """
    return "f_" + name.replace(".", "__")


def list_size_key(name: str) -> str:
    return fact_key(name) + "__n"


@dataclass
class CountSpec:
    """A ``count(...)`` inside a rule: a durable rule of its own, counted per SEF or area."""

    key: str  # the fact property the count is written to
    scope: str
    pattern: Json
