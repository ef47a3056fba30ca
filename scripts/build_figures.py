#!/usr/bin/env python3
"""Rebuild src/assure/figures/dfe_figures.json from the DfE figures CSVs.

    python scripts/build_figures.py [FIGURES_CSV [NEIGHBOURS_CSV]] [--out PATH] [--check]

FIGURES_CSV defaults to ../shared/data/la-figures.csv and NEIGHBOURS_CSV to
../shared/data/statistical-neighbours.csv, both relative to the repository root. Adding a year
of DfE figures: add its rows to the CSV and re-run; the output is deterministic, so an unchanged
CSV rewrites the same bytes. ``--check`` writes nothing and exits 1 if the committed file is out
of date. Problems in the CSVs are printed one per line (``file:line:col: error: ...``), exit 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assure.base.problems import InputError
from assure.figures.build import build, dumps

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "assure" / "figures" / "dfe_figures.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("figures", nargs="?", type=Path, default=DATA / "la-figures.csv")
    parser.add_argument(
        "neighbours", nargs="?", type=Path, default=DATA / "statistical-neighbours.csv"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if --out is out of date")
    args = parser.parse_args(argv)
    try:
        text = dumps(build(args.figures, args.neighbours))
    except InputError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    if args.check:
        current = args.out.read_text("utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out}: out of date; run scripts/build_figures.py", file=sys.stderr)
            return 1
        return 0
    try:
        args.out.write_text(text, "utf-8", newline="\n")
    except OSError as exc:
        print(
            f"{args.out}:1:1: error: cannot write ({exc.strerror}); give a writable --out path",
            file=sys.stderr,
        )
        return 2
    print(f"wrote {args.out} ({len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
