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
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from assure.base.problems import InputError, Problem


def write_output(path: Path, text: str | bytes, *, inputs: Iterable[Path] = ()) -> None:
    """Write ``text`` (str as UTF-8, or bytes: a workbook, a PDF) to ``path``; any problem is
    an ``InputError`` of one line."""
    with OutputFile(path, inputs=inputs) as out:
        out.write(text)


class OutputFile:
    """An output file written piece by piece, as a batch's output is produced, with every
    promise above: the path is checked when this is made (before any work), the file is
    opened at the first piece, and a regular file is renamed into place only when the whole
    output is written (``commit``, or leaving the ``with`` block without an exception). So
    ``-o`` costs no memory for the output, however many files are checked."""

    def __init__(self, path: Path, *, inputs: Iterable[Path] = ()) -> None:
        self.shown = str(path)
        self.target = Path(os.path.realpath(path))  # through any symbolic link
        self.started = False
        self._out: BinaryIO | None = None
        self._tmp: str | None = None
        if _is_input(self.target, inputs):
            raise _error(
                "assure",
                f"-o {self.shown} is one of the inputs; choose another output file",
            )
        try:
            st: os.stat_result | None = self.target.stat()
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise _error(self.shown, f"cannot write: {_reason(exc)}") from None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise _error(self.shown, "is a folder; give the name of a file to write")
        # A device or a FIFO is written into, never renamed over.
        self.direct = st is not None and not stat.S_ISREG(st.st_mode)
        if (
            not self.direct
            and st is not None
            and (not st.st_mode & 0o222 or not os.access(self.target, os.W_OK))
        ):
            raise _error(
                self.shown, "the file is read-only; make it writable or choose another output file"
            )
        self.mode = None if st is None else stat.S_IMODE(st.st_mode)

    def write(self, text: str | bytes) -> None:
        with self._or_abort():
            if self._out is None:
                self._open()
            assert self._out is not None
            self._out.write(text.encode("utf-8") if isinstance(text, str) else text)

    @contextlib.contextmanager
    def _or_abort(self) -> Iterator[None]:
        """Any failure (a full disk, an interrupt) aborts: one line for an OS error."""
        try:
            yield
        except OSError as exc:
            self.abort()
            raise _error(self.shown, f"cannot write: {_reason(exc)}") from None
        except BaseException:
            self.abort()
            raise

    def _open(self) -> None:
        self.started = True
        if self.direct:
            self._out = self.target.open("wb")
            return
        import tempfile  # late: only a run that writes a file (-o) needs it; start-up speed

        fd, self._tmp = tempfile.mkstemp(
            prefix=f".{self.target.name}.", suffix=".tmp", dir=self.target.parent
        )
        self._out = os.fdopen(fd, "wb")

    def commit(self) -> None:
        """Finish: the file now holds everything written (nothing happens if nothing was)."""
        out, tmp = self._out, self._tmp
        if out is None:
            return
        with self._or_abort():
            out.flush()
            if tmp is not None:
                os.fsync(out.fileno())
            out.close()
            self._out = None
            if tmp is not None:
                os.chmod(tmp, self.mode if self.mode is not None else 0o666 & ~_umask())
                os.replace(tmp, self.target)
                self._tmp = None

    def abort(self) -> None:
        """Stop: a regular file is left as it was, and no temporary file is left behind."""
        if self._out is not None:
            with contextlib.suppress(OSError):
                self._out.close()
            self._out = None
        if self._tmp is not None:
            _remove(self._tmp)
            self._tmp = None

    def __enter__(self) -> OutputFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None:
            self.commit()
        else:  # an error or an interrupt (Ctrl-C): leave nothing behind
            self.abort()


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
