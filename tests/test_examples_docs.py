"""docs/examples/ is what scripts/gen_examples.py makes from the shipped SEFs today."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "examples"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_examples", ROOT / "scripts" / "gen_examples.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_examples_are_up_to_date(tmp_path: Path) -> None:
    written = _generator().generate(tmp_path)
    names = sorted(p.name for p in written)
    assert {"northshire-2026.html", "midshire-2026.md", "eastbury-diff.md"} <= set(names)
    assert any("-since-" in n and n.endswith(".html") for n in names)
    stale = [
        n
        for n in names
        if not (DOCS / n).is_file()
        or (DOCS / n).read_text("utf-8") != (tmp_path / n).read_text("utf-8")
    ]
    extra = sorted(p.name for p in DOCS.glob("*") if p.name not in names) if DOCS.is_dir() else []
    assert not stale and not extra, (
        f"docs/examples is out of date ({stale or extra}); run: python scripts/gen_examples.py"
    )
