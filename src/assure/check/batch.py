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
from dataclasses import dataclass
from pathlib import Path

from assure.base.problems import InputError, Problem
from assure.check.checker import check
from assure.check.findings import Report
from assure.ruleset.packs import load_pack
from assure.ruleset.sources import sources_for
from assure.sef.loader import load_sef
from assure.sef.warnings import sef_warnings

Item = Report | list[Problem]

# Below this many files per worker, starting workers costs more than they save (measured on
# a 2-core machine: benchmarks/bench_check.py, "--jobs crossover"; docs/performance.md).
MIN_FILES_PER_JOB = 150


class PackError(InputError):
    """The rule pack itself is wrong: the whole run stops (exit 2)."""


@dataclass(frozen=True)
class Batch:
    """How every file of a run is checked (the same for each; picklable for the workers)."""

    today: dt.date
    pack: str | None = None  # None: each SEF's own framework
    annex_a: Path | None = None  # the Annex A workbook (one SEF only)
    tolerance: float | None = None  # percentage points a figure may differ from the records
    strict: bool = False  # warnings are errors: the file is not checked


def check_one(path: Path, batch: Batch) -> Item:
    try:
        loaded = load_sef(path, str(path))
        warnings = tuple(sef_warnings(loaded, batch.today))
        if batch.strict and warnings:
            return [w.as_problem() for w in warnings]
        sources = sources_for(loaded, batch.annex_a, batch.tolerance)
    except InputError as exc:
        return exc.problems
    try:
        rules = load_pack(batch.pack or loaded.sef.framework)
    except InputError as exc:
        raise PackError(exc.problems) from None
    report = check(loaded, rules, today=batch.today, sources=sources)
    return dataclasses.replace(report, warnings=warnings) if warnings else report


def check_files(paths: Sequence[Path], batch: Batch, *, jobs: int = 1) -> Iterator[Item]:
    """Each file's report (or problems), in the order given."""
    workers = min(jobs, len(paths) // MIN_FILES_PER_JOB) if jobs > 1 else 1
    if workers <= 1:
        for path in paths:
            yield check_one(path, batch)
        return
    yield from _in_workers(paths, batch, workers)


# -- worker processes ---------------------------------------------------------------------
_worker_batch: Batch | None = None


def _start_worker(batch: Batch) -> None:
    global _worker_batch
    _worker_batch = batch


def _work(path: Path) -> tuple[str, object]:
    assert _worker_batch is not None
    try:
        item = check_one(path, _worker_batch)
    except PackError as exc:
        return "pack", exc.problems
    if isinstance(item, Report):
        # The pack's rules are the same for every report: the parent has them already.
        return "report", dataclasses.replace(item, rules=())
    return "problems", item


def _in_workers(paths: Sequence[Path], batch: Batch, workers: int) -> Iterator[Item]:
    import multiprocessing

    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    chunk = max(1, min(64, len(paths) // (workers * 8)))
    with context.Pool(workers, _start_worker, (batch,)) as pool:
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
