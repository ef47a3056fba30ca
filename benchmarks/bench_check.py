"""Speed and memory of `assure check`, measured as a user would see it, beside its peer.

1. Start-up: `assure check` on the largest shipped example against the bare import of its
   runtime dependencies (`python -c "import pydantic, typer, ruamel.yaml, rich.console,
   durable_rules_engine, orjson"`): median of several runs of each. Target: at most 1.3x.
2. Throughput: 300 small SEFs (about 650 B each, data only) in one `assure check` call.
   Target: at most 1.2 s wall (the CPU time is printed too: it varies less on a busy machine).
3. Batch memory: peak RSS of one call over 300, 1,000 and N (default 10,000) small SEFs; the
   largest three times, each of which must end without an engine error. Target: at most 300 MB.
4. The peer: the same rules in OPA's Rego, run by regopy (benchmarks/peer_rego.py translates
   every rule Rego can express as plainly), on the same 300 files. "Per rule per SEF" is one
   whole call's wall time, start-up included, divided by rules x SEFs, for both tools, each with
   its own rule count. Target: assure at least 5x cheaper.
5. `--jobs`: one call over 300 to 3,000 small SEFs with 1 and 2 worker processes (the
   crossover behind `assure.check.batch.MIN_FILES_PER_JOB`).
6. Where the time goes: for the single file, stage by stage in a fresh process (the caches
   warm, as on every run but the first); for the 300 files, in process.

Run: `pip install -e '.[bench]'`, then `python benchmarks/bench_check.py [--runs N] [--big N]
[--quick]` (`--quick` leaves out the largest batch and the --jobs crossover). Prints a table;
exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "self_assessments"
BARE = "import pydantic, typer, ruamel.yaml, rich.console, durable_rules_engine, orjson"


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
import assure.cli.check  # what `assure check` imports (each command is imported when run)
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
    agency_pct: {rng.uniform(1, 40):.1f}
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


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds
    rss_mb: float  # peak resident memory
    code: int  # exit code
    stderr: str


def measured(cmd: list[str], cwd: Path | None = None) -> Run:
    """One run of ``cmd``: wall and CPU time, peak RSS (of that process alone), exit code."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, text)


def median_run(cmd: list[str], runs: int, cwd: Path | None = None) -> Run:
    measured(cmd, cwd)  # warm: the cache and the page cache
    done = [measured(cmd, cwd) for _ in range(runs)]
    return Run(
        statistics.median(r.wall for r in done),
        statistics.median(r.cpu for r in done),
        max(r.rss_mb for r in done),
        max(r.code for r in done),
        "".join(r.stderr for r in done),
    )


def write_sefs(folder: Path, count: int) -> list[str]:
    rng = random.Random(7)
    names = []
    for i in range(count):
        name = f"sef{i:05d}.yaml"
        (folder / name).write_text(small_sef(i, rng), encoding="utf-8")
        names.append(name)
    return names


def peer(folder: Path, names: list[str], runs: int) -> tuple[Run, Run, int, int]:
    """The Rego peer's whole call over ``names`` (policy compiled once; queried per SEF), its
    rule count, and on how many SEFs it agrees with assure."""
    sys.path.insert(0, str(Path(__file__).parent))
    import peer_rego

    from assure.ruleset import benchmarks
    from assure.ruleset.packs import load_pack

    pack = load_pack("ilacs-2026")
    bench = benchmarks.for_period(dt.date(2026, 3, 31))
    source, ids, data = peer_rego.policy(pack, bench.fields)
    (folder / "peer.rego").write_text(source, encoding="utf-8")
    (folder / "peer.json").write_text(json.dumps(data), encoding="utf-8")
    script = [sys.executable, str(Path(__file__).parent / "peer_rego.py"), "peer.rego", "peer.json"]
    run = median_run([*script, *names], runs, folder)
    per_query = median_run([*script[:2], "--query", *script[2:], *names], runs, folder)
    # The two must agree on which of those rules fire, or the comparison means nothing.
    sample = names[:50]
    rego = subprocess.run([*script, *sample], capture_output=True, text=True, cwd=folder)
    ours = subprocess.run(
        [*assure_cmd(), "check", "--format", "jsonl", *sample],
        capture_output=True,
        text=True,
        cwd=folder,
        env={**os.environ, "ASSURE_TODAY": "2026-11-24"},
    )
    agree = 0
    for theirs, mine in zip(rego.stdout.splitlines(), ours.stdout.splitlines(), strict=True):
        fired = {f["rule"] for f in json.loads(mine)["findings"] if f["kind"] == "threshold"}
        agree += sorted(fired & set(ids)) == json.loads(theirs)["fired"]
    return run, per_query, len(ids), agree


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--big", type=int, default=10_000, help="files in the largest batch")
    parser.add_argument("--quick", action="store_true", help="no largest batch, no --jobs")
    args = parser.parse_args()
    largest = max(EXAMPLES.glob("*.yaml"), key=lambda p: p.stat().st_size)
    cmd = assure_cmd()
    compile_bytecode()
    bare = timed([sys.executable, "-c", BARE], args.runs)
    one = timed([*cmd, "check", str(largest), "--format", "json"], args.runs)
    ratio = one / bare
    ok = ratio <= 1.3
    few = max(3, args.runs // 2)
    print(f"bare import (median of {args.runs}):                   {bare * 1000:7.0f} ms")
    print(
        f"assure check {largest.name} (median):       {one * 1000:7.0f} ms  = {ratio:.2f}x  "
        "(target <= 1.3x)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        names = write_sefs(folder, max(args.big, 1000) if not args.quick else 1000)
        size = statistics.mean((folder / n).stat().st_size for n in names[:300])
        check = [*cmd, "check", "--format", "json", "--fail-on", "never"]
        many = median_run([*check, *names[:300]], few, folder)
        ok &= many.wall <= 1.2 and many.code == 0
        print(
            f"assure check 300 SEFs of {size:.0f} B, one call: {many.wall * 1000:14.0f} ms  "
            f"(target <= 1200 ms; CPU {many.cpu * 1000:.0f} ms)"
        )
        print("peak RSS of one call (target <= 300 MB for the largest):")
        sizes = [300, 1000] + ([args.big] if not args.quick else [])
        for n in sizes:
            repeats = 3 if n == sizes[-1] and not args.quick else 1
            results = [measured([*check, *names[:n]], folder) for _ in range(repeats)]
            crashed = [r for r in results if r.code != 0 or r.stderr]
            peak = max(r.rss_mb for r in results)
            if n == sizes[-1]:
                ok &= peak <= 300 and not crashed
            wall = statistics.median(r.wall for r in results)
            print(
                f"  {n:>6} SEFs: {peak:6.0f} MB, {wall:6.1f} s"
                f"  ({repeats} run{'s' if repeats > 1 else ''}, "
                f"{'no crash' if not crashed else 'FAILED: ' + crashed[0].stderr[-300:]})"
            )
        try:
            theirs, per_query, peer_rules, agree = peer(folder, names[:300], few)
        except ImportError:
            print("the peer: regopy is not installed (pip install -e '.[bench]')")
        else:
            from assure.ruleset.packs import load_pack

            our_rules = len(load_pack("ilacs-2026").rules)
            ours_each = many.wall / (our_rules * 300)
            theirs_each = theirs.wall / (peer_rules * 300)
            query_each = per_query.wall / (peer_rules * 300)
            ok &= theirs_each / ours_each >= 5
            print(
                f"per rule per SEF (300 SEFs, one call each, start-up included; "
                f"agree on {agree} of 50):"
            )
            print(
                f"  assure, {our_rules} rules:                  {ours_each * 1e6:7.2f} us "
                f"({many.wall * 1000:.0f} ms)"
            )
            print(
                f"  Rego via regopy, {peer_rules} rules:         {theirs_each * 1e6:7.2f} us "
                f"({theirs.wall * 1000:.0f} ms)  = assure {theirs_each / ours_each:.1f}x cheaper "
                "(target >= 5x)"
            )
            print(
                f"  the same, query per SEF:           {query_each * 1e6:7.2f} us "
                f"({per_query.wall * 1000:.0f} ms)  = assure {query_each / ours_each:.1f}x cheaper"
            )
            print(
                f"  CPU: assure {many.cpu * 1000:.0f} ms, Rego {theirs.cpu * 1000:.0f} ms, "
                f"Rego query per SEF {per_query.cpu * 1000:.0f} ms"
            )
        if not args.quick:
            print("--jobs (one call, wall; CPU of the parent and workers together):")
            for n in (300, 1000, 3000):
                if n > len(names):
                    break
                serial = median_run([*check, *names[:n]], 1, folder)
                parallel = median_run([*check, "--jobs", "2", *names[:n]], 1, folder)
                print(
                    f"  {n:>5} SEFs: --jobs 1 {serial.wall:5.1f} s, --jobs 2 {parallel.wall:5.1f} s"
                    f"  ({serial.wall / parallel.wall:.2f}x)"
                )
        split = phases([folder / n for n in names[:300]])
    single = stages(largest)
    print(f"where the time goes for {largest.name}, in one fresh process:")
    rest = one - sum(single.values())
    single["the rest (interpreter start and exit, typer's parsing)"] = rest
    for name, secs in single.items():
        print(f"  {name:<54} {secs * 1000:6.1f} ms")
    print("where the time goes for the 300 SEFs, in process:")
    for name, secs in split.items():
        print(f"  {name:<54} {secs * 1000:6.0f} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
