"""The start-up cache: a value is served only while every file it was built from is unchanged."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from assure.base import cache
from assure.sef import loader
from assure.sef.model import Sef


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ASSURE_CACHE_DIR", str(folder))
    monkeypatch.delenv("ASSURE_NO_CACHE", raising=False)
    return folder


def test_a_value_is_read_back_while_its_files_are_unchanged(
    cache_dir: Path, tmp_path: Path
) -> None:
    source = tmp_path / "rule.yaml"
    source.write_text("id: HP003\n")
    cache.write("thing", cache.stamp([source]), {"compiled": [1, 2]})
    assert cache.read("thing", cache.stamp([source])) == {"compiled": [1, 2]}


def test_an_edited_file_makes_the_value_stale(cache_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "rule.yaml"
    source.write_text("id: HP003\n")
    cache.write("thing", cache.stamp([source]), "old")
    source.write_text("id: HP004\n")  # same size: the modification time tells
    st = source.stat()
    os.utime(source, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert cache.read("thing", cache.stamp([source])) is None


def test_an_added_or_removed_file_makes_the_value_stale(cache_dir: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "a.yaml", tmp_path / "b.yaml"
    one.write_text("a")
    cache.write("thing", cache.stamp([one]), "old")
    two.write_text("b")
    assert cache.read("thing", cache.stamp([one, two])) is None
    one.unlink()
    assert cache.read("thing", cache.stamp([one])) is None


def test_a_new_library_version_makes_the_value_stale(cache_dir: Path, tmp_path: Path) -> None:
    cache.write("thing", cache.stamp([], "pydantic 2.14"), "old")
    assert cache.read("thing", cache.stamp([], "pydantic 2.15")) is None


def test_nothing_is_written_when_the_cache_is_off(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSURE_NO_CACHE", "1")
    cache.write("thing", cache.stamp([]), "value")
    assert cache.read("thing", cache.stamp([])) is None
    assert not cache_dir.exists()


def test_a_damaged_or_foreign_file_is_ignored(cache_dir: Path) -> None:
    cache.write("thing", cache.stamp([]), "value")
    path = cache_dir / "thing.pickle"
    path.write_bytes(b"\x80\x05not a pickle")
    assert cache.read("thing", cache.stamp([])) is None
    cache.write("thing", cache.stamp([]), "value")
    path.chmod(0o666)  # others could have written it: unpickling it could run their code
    assert not cache.trusted(path)
    assert cache.read("thing", cache.stamp([])) is None


def _sef(**data: object) -> dict[str, object]:
    period = {"start": dt.date(2025, 4, 1), "end": dt.date(2026, 3, 31)}
    return {"format": 1, "council": {"name": "X"}, "period": period, "data": data}


def test_the_cached_sef_validator_judges_as_pydantic_does(cache_dir: Path) -> None:
    loader.sef_validator.cache_clear()
    built = loader.sef_validator()
    assert len(list(cache_dir.glob("sef-validator-*.pickle"))) == 1
    loader.sef_validator.cache_clear()
    cached = loader.sef_validator()
    assert cached is not built
    good = _sef(workforce={"caseload_average": 16.5}, front_door={"mash_agencies": ["police"]})
    assert cached.validate_python(good) == Sef.model_validate(good)
    for bad in (
        _sef(workforce={"caseload_average": "16"}),  # strict: text is not a number
        _sef(workforce={"turnover_pct": 101}),
        _sef(workforce={"caseload_avg": 16}),  # unknown key
        {**_sef(), "self_grades": {"leadership": "brilliant"}},
    ):
        with pytest.raises(ValidationError) as ours:
            cached.validate_python(bad)
        with pytest.raises(ValidationError) as theirs:
            Sef.model_validate(bad)
        kw = {"include_url": False, "include_context": False}  # ctx holds exception objects
        assert ours.value.errors(**kw) == theirs.value.errors(**kw)
    loader.sef_validator.cache_clear()
