"""The ``assure`` console script and ``python -m assure``.

A command-line run is short and its process ends with it, so two things that cost a run
about a tenth of its time are skipped, as mypy's own entry point does:

- the cyclic garbage collector running over and over during start-up, while ~30 modules and
  the cached rule pack create objects that all live until the end (the threshold is raised,
  not removed: a batch of hundreds of SEFs still collects);
- the interpreter's teardown, which frees every object one by one and stops durable-rules'
  threads. Output is flushed first; files are already closed (``-o`` writes atomically).

``assure.cli.main`` is the same command without these, for calling in-process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from typing import NoReturn


def main() -> NoReturn:
    gc.set_threshold(100_000, 50, 100)
    from assure.cli import main as run

    try:
        run()
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc.code)
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
