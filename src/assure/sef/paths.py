"""Dotted paths for people: ``areas.leadership.plans[ld-p2].owner``.

A list item that has an ``id`` is written by its id, others by index, so a path stays the same
when items are reordered.
"""

from __future__ import annotations

from typing import Any

PathKey = tuple[str | int, ...]  # a value's place in a document: keys and list indexes


def display_path(path: PathKey, data: Any) -> str:
    if all(type(part) is str for part in path):  # no list item to name: the usual case
        return ".".join(path) or "(document)"  # type: ignore[arg-type]
    out = ""
    node = data
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            out += f"[{ident}]" if isinstance(ident, str) and ident else f"[{part}]"
            node = item
        else:
            out += f".{part}" if out else part
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(document)"
