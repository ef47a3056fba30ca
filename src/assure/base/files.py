"""Writing output files (``-o``) safely: never over an input, never half a file, never a
device replaced by a regular file, never a temporary file left behind.

One writer for every command (check, report, diff, init, schema), following ruff and the Unix
tools:

- a path that is one of the run's inputs (the same real path, or the same file through a hard
  link) is refused: ``assure check sef.yaml -o sef.yaml`` must not destroy the SEF;
- a character device or a FIFO (``-o /dev/null``, ``-o /dev/stdout``, a named pipe) is written
  into directly, as ``>`` does: it is never renamed over;
- a symbolic link is written through: the link stays a link and its target gets the content;
- a read-only file is refused (its mode bits are checked, so this holds for root too);
- a regular file is written to a temporary file beside it, then renamed over it, so a reader
  sees the old file or the new one, never half of one; the temporary file is removed if
  anything goes wrong, an interrupt (Ctrl-C) included.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from assure.base.problems import InputError, Problem


def write_output(path: Path, text: str | bytes, *, inputs: Iterable[Path] = ()) -> None:
    """Write ``text`` (str as UTF-8, or bytes: a workbook, a PDF) to ``path``; any problem is
    an ``InputError`` of one line."""
    shown = str(path)
    target = Path(os.path.realpath(path))  # through any symbolic link
    if _is_input(target, inputs):
        raise _error(
            "assure",
            f"-o {shown} is one of the inputs; choose another output file",
        )
    try:
        st: os.stat_result | None = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _error(shown, f"cannot write: {_reason(exc)}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise _error(shown, "is a folder; give the name of a file to write")
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_into(target, text, shown)  # a device or a FIFO: never rename over it
        return
    if st is not None and (not st.st_mode & 0o222 or not os.access(target, os.W_OK)):
        raise _error(shown, "the file is read-only; make it writable or choose another output file")
    _replace(target, text, shown, None if st is None else stat.S_IMODE(st.st_mode))


def write_atomic(path: Path, text: str | bytes, *, inputs: Iterable[Path] = ()) -> None:
    """The name this writer had before it learnt about devices and inputs."""
    write_output(path, text, inputs=inputs)


def _is_input(target: Path, inputs: Iterable[Path]) -> bool:
    try:
        out = target.stat()
    except OSError:
        out = None
    for given in inputs:
        if Path(os.path.realpath(given)) == target:
            return True
        if out is not None:
            with contextlib.suppress(OSError):
                st = given.stat()
                if (st.st_dev, st.st_ino) == (out.st_dev, out.st_ino):
                    return True
    return False


def _write_into(target: Path, text: str | bytes, shown: str) -> None:
    try:
        with target.open("wb") as out:
            out.write(_bytes(text))
    except OSError as exc:
        raise _error(shown, f"cannot write: {_reason(exc)}") from None


def _bytes(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text


def _replace(target: Path, text: str | bytes, shown: str, mode: int | None) -> None:
    import tempfile  # late: only a run that writes a file (-o) needs it; start-up speed

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _error(shown, f"cannot write: {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(_bytes(text))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode if mode is not None else 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise _error(shown, f"cannot write: {_reason(exc)}") from None
    except BaseException:  # an interrupt: leave nothing behind
        _remove(tmp)
        raise


def _remove(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def _error(file: str, message: str) -> InputError:
    return InputError([Problem(file, 0, 0, message)])


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
