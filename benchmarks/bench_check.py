"""Speed of `assure check`, measured as a user would see it.

1. Start-up: `assure check` on the largest shipped example against the bare import of the
   libraries it stands on (`python -c "import pydantic, typer, ruamel.yaml, rich.console,
   durable.engine"`): median of several runs of each. Target: at most 2x.
2. Throughput: 300 small SEFs (about 1 KB each, data only) in one `assure check` call.
   Target: at most 3 s in all.
3. Where the time goes: for the single file, stage by stage in a fresh process (the caches
   warm, as on every run but the first); for the 300 files, in process: YAML parsing,
   validation, the engine and grading, output.

Run: `python benchmarks/bench_check.py [--runs N]`. Prints a table; exits 1 if a target is
missed.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "self_assessments"
BARE = "import pydantic, typer, ruamel.yaml, rich.console, durable.engine"


def assure_cmd() -> list[str]:
    exe = shutil.which("assure", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "assure"]


def compile_bytecode() -> None:
    """Compile assure's modules as pip does when it installs a wheel.

    The libraries in the bare import were byte-compiled when pip installed them. An editable
    install is compiled on first import unless PYTHONDONTWRITEBYTECODE is set (as it is on
    some CI machines), and then every run would compile ~30 modules from source: that would
    measure the machine's settings, not assure.
    """
    import compileall

    import assure

    compileall.compile_dir(Path(assure.__file__).parent, quiet=1)


def timed(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# Run by stages() in a fresh interpreter: the imports are timed before anything else is
# imported (this module's own imports would hide part of their cost), then the same stages as
# for the 300 files, for one file.
STARTUP = f"""
import json, sys, time
t = time.perf_counter()
{BARE}
bare = time.perf_counter() - t
t = time.perf_counter()
import assure.cli
ours = time.perf_counter() - t
sys.path.insert(0, sys.argv[1])
from bench_check import phases
from pathlib import Path
split = phases([Path(sys.argv[2])])
print(json.dumps({{"the libraries (the bare import)": bare, "importing assure": ours, **split}}))
"""


def stages(path: Path) -> dict[str, float]:
    """Median of each stage of one check over several fresh processes."""
    runs = []
    for _ in range(5):
        done = subprocess.run(
            [sys.executable, "-c", STARTUP, str(Path(__file__).parent), str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(done.stdout))
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def small_sef(i: int, rng: random.Random) -> str:
    return f"""format: 1
framework: ilacs-2026
council: {{name: Council {i:03d}, la_code: '{100 + i % 800:03d}'}}
period: {{start: 2025-04-01, end: 2026-03-31}}
data:
  workforce:
    caseload_average: {rng.uniform(11, 26):.1f}
    turnover_pct: {rng.uniform(5, 30):.1f}
    agency_pct: {rng.uniform(0, 40):.1f}
    vacancy_pct: {rng.uniform(2, 35):.1f}
    supervision_in_standard_pct: {rng.uniform(40, 100):.0f}
  front_door:
    referrals_decided_1wd_pct: {rng.uniform(50, 100):.0f}
    rereferral_12m_pct: {rng.uniform(10, 35):.1f}
  help_and_protection:
    assessments_45wd_pct: {rng.uniform(50, 100):.0f}
    strategy_police_pct: {rng.uniform(70, 100):.0f}
    strategy_health_pct: {rng.uniform(30, 100):.0f}
    icpc_15wd_pct: {rng.uniform(40, 100):.0f}
    repeat_cp_plans_pct: {rng.uniform(10, 40):.1f}
  children_in_care:
    visits_in_standard_pct: {rng.uniform(50, 100):.0f}
    placements_3plus_pct: {rng.uniform(5, 18):.0f}
  care_leavers:
    in_touch_pct: {rng.uniform(60, 100):.0f}
    eet_17_18_pct: {rng.uniform(35, 80):.0f}
"""


def phases(files: list[Path]) -> dict[str, float]:
    """Time each stage in process (after start-up), summed over the files.

    The rule pack is loaded once (from the cache, as on every run but the first) for the first
    file's framework; later files of the same framework reuse it.
    """
    import datetime as dt
    import io

    from assure.check.checker import check
    from assure.output import jsonfmt
    from assure.ruleset.compiled import compile_pack
    from assure.ruleset.packs import load_pack
    from assure.sef.loader import validate_document
    from assure.sef.yaml_reader import load_yaml

    today = dt.date(2026, 11, 24)
    names = ("YAML parsing", "validation", "rule pack (once)", "engine and grading", "JSON output")
    out = dict.fromkeys(names, 0.0)
    for path in files:
        t0 = time.perf_counter()
        doc = load_yaml(path)
        t1 = time.perf_counter()
        loaded = validate_document(doc)
        t2 = time.perf_counter()
        pack = load_pack(loaded.sef.framework)  # functools-cached: only the first one loads
        compile_pack(pack)
        t3 = time.perf_counter()
        report = check(loaded, pack, today=today)
        t4 = time.perf_counter()
        io.StringIO().write(jsonfmt.render([report]))
        t5 = time.perf_counter()
        for name, secs in zip(names, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
            out[name] += secs
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    largest = max(EXAMPLES.glob("*.yaml"), key=lambda p: p.stat().st_size)
    cmd = assure_cmd()
    compile_bytecode()
    bare = timed([sys.executable, "-c", BARE], args.runs)
    one = timed([*cmd, "check", str(largest), "--format", "json"], args.runs)
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i in range(300):
            path = Path(tmp) / f"sef{i:03d}.yaml"
            path.write_text(small_sef(i, rng), encoding="utf-8")
            files.append(path)
        size = statistics.mean(p.stat().st_size for p in files)
        many = timed([*cmd, "check", "--format", "json", *map(str, files)], max(3, args.runs // 2))
        split = phases(files)
    single = stages(largest)
    ratio = one / bare
    print(f"bare import (median of {args.runs}):              {bare * 1000:7.0f} ms")
    print(
        f"assure check {largest.name} (median):  {one * 1000:7.0f} ms  = {ratio:.2f}x  "
        f"(target <= 2x)"
    )
    print(
        f"assure check 300 SEFs of {size:.0f} B, one call:   {many * 1000:7.0f} ms  "
        f"(target <= 3000 ms)"
    )
    print(f"where the time goes for {largest.name}, in one fresh process:")
    rest = one - sum(single.values())
    single["the rest (interpreter start and exit, typer's parsing)"] = rest
    for name, secs in single.items():
        print(f"  {name:<54} {secs * 1000:6.1f} ms")
    print("where the time goes for the 300 SEFs, in process:")
    for name, secs in split.items():
        print(f"  {name:<54} {secs * 1000:6.0f} ms")
    return 0 if ratio <= 2 and many <= 3 else 1


if __name__ == "__main__":
    sys.exit(main())
