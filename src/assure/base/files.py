"""Writing output files: atomically, so a reader never sees half a report."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from assure.base.problems import InputError, Problem


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``.

    The rename is atomic on one file system, so the file is either the old one or the new one.
    A problem (no such folder, no permission) is an ``InputError`` naming the file.
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError([Problem(str(path), 1, 1, f"cannot write: {_reason(exc)}")]) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise InputError([Problem(str(path), 1, 1, f"cannot write: {_reason(exc)}")]) from None


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
