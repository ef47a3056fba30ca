"""Benchmark: read and measure a 60,000-row Annex A workbook (a big council).

    python benchmarks/bench_annexa.py [--rows 60000] [--seed 7]

Generates the workbook into a temporary folder (not timed), then times reading it and computing
every measure, and reports the peak resident memory of the process (resource.getrusage).
Targets: under 3 s and under 500 MB.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))

from gen_annex_a import make_workbook  # noqa: E402

from assure.annexa import compute, read_workbook  # noqa: E402


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Annex A read + measure benchmark")
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "annex-a-big.xlsx"
        started = time.perf_counter()
        expected = make_workbook(path, seed=args.seed, size=args.rows)
        generated = time.perf_counter() - started
        rss_before = peak_rss_mb()
        started = time.perf_counter()
        workbook = read_workbook(path)
        read = time.perf_counter() - started
        result = compute(
            workbook, expected.as_of, cp_visit_interval_days=expected.cp_visit_interval_days
        )
        total = time.perf_counter() - started
        size_mb = path.stat().st_size / 1e6
    rows = sum(info.rows for info in result.lists.values())
    print(
        f"workbook: {rows:,} rows over {len(result.lists)} lists, {size_mb:.1f} MB "
        f"(generated in {generated:.1f} s)"
    )
    print(f"read: {read:.2f} s; read + measure: {total:.2f} s (target < 3 s)")
    print(
        f"peak RSS: {peak_rss_mb():.0f} MB (before reading: {rss_before:.0f} MB; target < 500 MB)"
    )
    print(f"measures: {len(result.measures)}; problems: {len(result.problems)}")
    ok = total < 3.0 and peak_rss_mb() < 500
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
