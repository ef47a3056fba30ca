"""The ``assure`` console script and ``python -m assure``.

A command-line run is short and its process ends with it, so two things that cost a run
about a tenth of its time are skipped, as mypy's own entry point does:

- the cyclic garbage collector running over and over during start-up, while ~30 modules
  and then the first file's check (the rule pack and the SEF validator read from the cache,
  the national figures) create objects that all live until the end. The usual thresholds
  return once the command says its start-up is over (``assure.cli.entry.started``: ``check``
  and ``validate`` say so after their first file), so a batch of hundreds of SEFs uses no
  more memory;
- the interpreter's teardown, which frees every object one by one and stops durable-rules'
  threads. Output is flushed first; files are already closed (``-o`` writes atomically).

``assure.cli.main`` is the same command without these, for calling in-process. Under a tracer
or profiler (coverage, cProfile) the process ends normally, so that they can write their data.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from typing import NoReturn


def main() -> NoReturn:
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    from assure.cli import entry
    from assure.cli import main as run

    def started() -> None:
        gc.freeze()  # what start-up made lives to the end: later collections need not walk it
        gc.set_threshold(*thresholds)

    gc.freeze()
    entry.when_started(started)

    try:
        run()
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc.code)
    if sys.gettrace() or sys.getprofile():
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        # A reader that has gone (assure check ... | head) wanted no more: not an error.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def _exit_code(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    sys.stderr.write(f"{value}\n")  # sys.exit("message") prints it and exits 1
    return 1


if __name__ == "__main__":
    main()
