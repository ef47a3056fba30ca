"""Speed of the DfE council figures (assure.figures), measured as a run of `assure check` sees it.

1. Load: in a fresh process that has already imported what `assure check` imports (the checker
   and its libraries, then frozen out of the garbage collector as the console script does), the
   time to import assure.figures and call load(), and then to make the first compare() of every
   published field (the first use of a field-year unpacks its council values). Median over
   fresh processes, as CPU time of the process and as wall time. Target: import, load and the
   first compares together at most 10 ms of CPU time. (The target is on CPU time because on a
   shared, loaded machine the wall time also measures the other processes; both are printed.)
   Also shown, for scale: the same from a bare interpreter (json, datetime, typing etc. count).
2. Query: in process, once loaded and warm: compare() with a council (rank, England, the
   neighbours' and the region's medians), find_council() by name, quantile().

Run: `python benchmarks/bench_figures.py [--runs N]`. Prints a table; exits 1 if the target is
missed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

TARGET_MS = 10.0

# What a check run has imported before it asks for the figures: the checker (under its current
# flat name or its name after the package move) or, failing both, the standard modules it uses;
# then, as the console script does, the start-up objects are frozen out of the collector.
PRELUDE = """
import importlib
for name in ("assure.check.checker", "assure.checker"):
    try:
        importlib.import_module(name)
        break
    except ImportError:
        continue
else:
    import bisect, dataclasses, datetime, json, os, re, typing
import gc
gc.freeze()
"""

CHILD = """
import datetime, time
c0, t0 = time.process_time(), time.perf_counter()
import assure.figures
figures = assure.figures.load()
c1, t1 = time.process_time(), time.perf_counter()
end = datetime.date(2025, 3, 31)
for field in figures.fields():
    figures.compare(field, 15.0, end, la_code="384")
c2, t2 = time.process_time(), time.perf_counter()
print((c1 - c0) * 1000, (c2 - c0) * 1000, (t1 - t0) * 1000, (t2 - t0) * 1000)
"""


def compile_bytecode() -> None:
    """Byte-compile assure as pip does for a wheel (PYTHONDONTWRITEBYTECODE would hide it)."""
    import compileall

    import assure

    compileall.compile_dir(assure.__path__[0], quiet=1)


def fresh(prelude: str, runs: int) -> list[float]:
    """Medians (ms) over fresh processes: CPU load, CPU load+queries, wall load, wall both."""
    samples: list[list[float]] = [[], [], [], []]
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", prelude + CHILD], capture_output=True, text=True, check=True
        ).stdout.split()
        for column, text in zip(samples, out, strict=True):
            column.append(float(text))
    return [statistics.median(column) for column in samples]


def per_call(fn: Callable[[], object], repeat: int = 2000) -> float:
    """Median microseconds per call over batches."""
    batches = []
    for _ in range(7):
        t0 = time.perf_counter()
        for _ in range(repeat):
            fn()
        batches.append((time.perf_counter() - t0) / repeat * 1e6)
    return statistics.median(batches)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    compile_bytecode()
    import datetime as dt

    from assure.figures import load

    cpu_load, cpu_total, wall_load, wall_total = fresh(PRELUDE, args.runs)
    bare = fresh("", args.runs)
    figures = load()
    end = dt.date(2025, 3, 31)
    figures.find_council("wakefield")  # build the name index once
    compare_us = per_call(
        lambda: figures.compare("workforce.caseload_average", 21.4, end, la_code="384")
    )
    find_us = per_call(lambda: figures.find_council("Brighton & Hove"))
    quantile_us = per_call(lambda: figures.quantile("workforce.caseload_average", 2024, 0.9))
    rows = [
        ("", "CPU", "wall"),
        ("after a check's imports: import + load()", f"{cpu_load:.1f} ms", f"{wall_load:.1f} ms"),
        ("  + first compare() of all 16 fields", f"{cpu_total:.1f} ms", f"{wall_total:.1f} ms"),
        ("bare interpreter: import + load()", f"{bare[0]:.1f} ms", f"{bare[2]:.1f} ms"),
        ("  + first compare() of all 16 fields", f"{bare[1]:.1f} ms", f"{bare[3]:.1f} ms"),
        ("compare() with a council, warm", "", f"{compare_us:.1f} us"),
        ("find_council() by name, warm", "", f"{find_us:.1f} us"),
        ("quantile(), warm", "", f"{quantile_us:.2f} us"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"assure.figures: medians of {args.runs} fresh processes; target <= {TARGET_MS:g} ms CPU")
    for name, cpu, wall in rows:
        print(f"  {name:<{width}}  {cpu:>9}  {wall:>9}")
    if cpu_total > TARGET_MS:
        print(f"MISSED: loading the figures costs {cpu_total:.1f} ms (target {TARGET_MS:g} ms)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
