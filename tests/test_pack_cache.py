"""The rule-pack cache: used when the rule files are unchanged, rebuilt when one changes."""

from __future__ import annotations

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
