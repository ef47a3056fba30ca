"""Check many SEF files one at a time, in the order given, optionally in worker processes.

``check_files`` yields, for each file in turn, its ``Report`` or the problems that stopped it
from being checked. Nothing of a file is kept once its item has been handed on, so a batch of
10,000 files needs no more memory than a batch of ten (the caller decides what it keeps).

With ``jobs`` > 1 the files are checked in that many worker processes (durable-rules is not
thread-safe: processes, never threads) and handed on in the order given. Workers are forked
with the rule pack already loaded; a report travels back without the pack's rules, which the
parent puts back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from assure.base.problems import InputError, Problem
from assure.check.checker import check
from assure.check.findings import Report
from assure.ruleset.packs import load_pack
from assure.sef.loader import load_sef

Item = Report | list[Problem]

# Below this many files per worker, starting workers costs more than they save (measured on
# a 2-core machine: benchmarks/bench_check.py, "--jobs crossover"; docs/performance.md).
MIN_FILES_PER_JOB = 150


class PackError(InputError):
    """The rule pack itself is wrong: the whole run stops (exit 2)."""


def check_one(path: Path, pack: str | None, today: dt.date) -> Item:
    try:
        loaded = load_sef(path, str(path))
    except InputError as exc:
        return exc.problems
    try:
        rules = load_pack(pack or loaded.sef.framework)
    except InputError as exc:
        raise PackError(exc.problems) from None
    return check(loaded, rules, today=today)


def check_files(
    paths: Sequence[Path], *, pack: str | None, today: dt.date, jobs: int = 1
) -> Iterator[Item]:
    """Each file's report (or problems), in the order given."""
    workers = min(jobs, len(paths) // MIN_FILES_PER_JOB) if jobs > 1 else 1
    if workers <= 1:
        for path in paths:
            yield check_one(path, pack, today)
        return
    yield from _in_workers(paths, pack, today, workers)


# -- worker processes ---------------------------------------------------------------------
_worker_args: tuple[str | None, dt.date] | None = None


def _start_worker(pack: str | None, today: dt.date) -> None:
    global _worker_args
    _worker_args = (pack, today)


def _work(path: Path) -> tuple[str, object]:
    assert _worker_args is not None
    pack, today = _worker_args
    try:
        item = check_one(path, pack, today)
    except PackError as exc:
        return "pack", exc.problems
    if isinstance(item, Report):
        # The pack's rules are the same for every report: the parent has them already.
        return "report", dataclasses.replace(item, rules=())
    return "problems", item


def _in_workers(
    paths: Sequence[Path], pack: str | None, today: dt.date, workers: int
) -> Iterator[Item]:
    import multiprocessing

    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    chunk = max(1, min(64, len(paths) // (workers * 8)))
    with context.Pool(workers, _start_worker, (pack, today)) as pool:
        for kind, value in pool.imap(_work, paths, chunksize=chunk):
            if kind == "pack":
                assert isinstance(value, list)
                raise PackError(value)
            if isinstance(value, Report):
                rules = tuple(load_pack(value.pack).sorted_rules())
                yield dataclasses.replace(value, rules=rules)
            else:
                assert isinstance(value, list)
                yield value
