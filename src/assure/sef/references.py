"""References between items (a claim's evidence ids, a plan's claim ids), checked on the raw
document, so that a file with schema errors also has its unknown ids reported in the same run.

The validated model checks the same references (``loader._consistency``); this reads the YAML as
written, skipping anything that is not shaped as expected (the schema errors say so).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from assure.sef.paths import PathKey


def raw_reference_problems(data: Any) -> Iterable[tuple[PathKey, str, str, set[str]]]:
    """``(path, kind, id, known ids)`` for each reference to an id that no item has."""
    if not isinstance(data, dict):
        return
    evidence = data.get("evidence")
    evidence_ids = (
        {e["id"] for e in evidence if isinstance(e, dict) and isinstance(e.get("id"), str)}
        if isinstance(evidence, list)
        else set()
    )
    areas = data.get("areas")
    areas = areas if isinstance(areas, dict) else {}
    claim_ids: set[str] = set()
    for area in areas.values():
        for claim in _items(area, "know"):
            if isinstance(claim.get("id"), str):
                claim_ids.add(claim["id"])
    for name, area in areas.items():
        for i, claim in enumerate(_list(area, "know")):
            if not isinstance(claim, dict):
                continue
            for j, ref in enumerate(_list(claim, "evidence")):
                if isinstance(ref, str) and ref not in evidence_ids:
                    yield ("areas", name, "know", i, "evidence", j), "evidence", ref, evidence_ids
        for i, plan in enumerate(_list(area, "plans")):
            if not isinstance(plan, dict):
                continue
            for j, ref in enumerate(_list(plan, "addresses")):
                if isinstance(ref, str) and ref not in claim_ids:
                    yield ("areas", name, "plans", i, "addresses", j), "claim", ref, claim_ids


def _list(node: Any, key: str) -> list[Any]:
    value = node.get(key) if isinstance(node, dict) else None
    return value if isinstance(value, list) else []


def _items(node: Any, key: str) -> list[dict[str, Any]]:
    return [x for x in _list(node, key) if isinstance(x, dict)]
