"""The rule-pack cache: used when the rule files are unchanged, rebuilt when one changes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from assure.base import cache as cache_mod
from assure.ruleset import packs


@pytest.fixture
def rules_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(packs.rules_root(), root)
    monkeypatch.setenv("ASSURE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ASSURE_NO_CACHE", raising=False)
    packs.load_pack.cache_clear()
    yield root
    packs.load_pack.cache_clear()


def test_second_load_comes_from_the_cache(rules_copy: Path) -> None:
    first = packs.load_pack("ilacs-2026", rules_copy)
    cached = list((rules_copy.parent / "cache").glob("pack-ilacs-2026-*.pickle"))
    assert len(cached) == 1
    packs.load_pack.cache_clear()
    second = packs.load_pack("ilacs-2026", rules_copy)
    assert second is not first and set(second.rules) == set(first.rules)
    assert second.rules["HP003"] == first.rules["HP003"]


def test_an_edited_rule_is_never_served_from_the_cache(rules_copy: Path) -> None:
    packs.load_pack("ilacs-2026", rules_copy)
    rule = rules_copy / "ilacs-2023" / "help_and_protection" / "HP003.yaml"
    rule.write_text(rule.read_text().replace("title: Police", "title: The police"))
    packs.load_pack.cache_clear()
    again = packs.load_pack("ilacs-2026", rules_copy)
    assert again.rules["HP003"].title.startswith("The police")


def test_a_damaged_cache_is_rebuilt(rules_copy: Path) -> None:
    packs.load_pack("ilacs-2026", rules_copy)
    (cache,) = (rules_copy.parent / "cache").glob("pack-ilacs-2026-*.pickle")
    cache.write_bytes(b"not a pickle")
    packs.load_pack.cache_clear()
    assert "HP003" in packs.load_pack("ilacs-2026", rules_copy).rules


def test_cache_can_be_turned_off(rules_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSURE_NO_CACHE", "1")
    packs.load_pack("ilacs-2026", rules_copy)
    assert not (rules_copy.parent / "cache").exists()


def test_a_cache_others_could_have_written_is_not_read(rules_copy: Path) -> None:
    # Unpickling runs code: a group- or world-writable cache is ignored and rebuilt.
    packs.load_pack("ilacs-2026", rules_copy)
    (cache,) = (rules_copy.parent / "cache").glob("pack-ilacs-2026-*.pickle")
    cache.chmod(0o666)
    assert not cache_mod.trusted(cache)
    packs.load_pack.cache_clear()
    assert "HP003" in packs.load_pack("ilacs-2026", rules_copy).rules


@pytest.mark.parametrize(
    "module", ["lang/factkeys.py", "sef/areas.py", "check/grading.py", "output/text.py"]
)
def test_an_edit_to_any_module_of_assure_rebuilds_the_cache(
    rules_copy: Path, module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cache once listed its modules by hand and missed factkeys.py: an edit to fact_key
    # with a warm cache then failed with IndexError. Now every module is part of the stamp.
    path = cache_mod.package_folder() / module
    packs.load_pack("ilacs-2026", rules_copy)
    packs.load_pack.cache_clear()
    built: list[str] = []
    real = packs._load_pack_files
    monkeypatch.setattr(packs, "_load_pack_files", lambda *a: built.append(a[0]) or real(*a))
    packs.load_pack("ilacs-2026", rules_copy)
    assert built == []  # unchanged: from the cache
    stat = path.stat()
    try:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        packs.load_pack.cache_clear()
        packs.load_pack("ilacs-2026", rules_copy)
    finally:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert built[0] == "ilacs-2026"  # the module changed: rebuilt (with its parent), not stale
