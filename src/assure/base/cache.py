"""The on-disk cache of what start-up would otherwise rebuild on every run.

Two things are kept: each rule pack, parsed and compiled (``packs``), and the SEF model's
compiled validator (``loader``). Together they are most of a cold run's work.

A cache file holds two pickles: the *stamp*, then the value. The stamp names the size and
modification time of every file the value was built from, as CPython's ``.pyc`` files do, so
checking a cache costs one ``stat`` per file instead of reading and hashing them all, and an
edited, added or removed file is never served from a stale cache.

Unpickling runs code, so a file is read only when this user alone can have written it.
``ASSURE_NO_CACHE=1`` turns the cache off; ``ASSURE_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from assure import __version__

Stamp = tuple[Any, ...]


def folder() -> Path | None:
    """Where cache files live, or None when caching is off."""
    if os.environ.get("ASSURE_NO_CACHE"):
        return None
    home = os.environ.get("ASSURE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "assure"
    )
    return Path(home)


def entry(kind: str, where: Path) -> str:
    """A cache entry's name: what it holds and, so that two installs (or a test's copy of the
    rules) each keep their own instead of overwriting each other's, where it was built from."""
    return f"{kind}-{zlib.crc32(str(where).encode()):08x}"


@functools.cache
def code_files() -> tuple[str, ...]:
    """Every module of assure. A cached value depends on all of them: a list of the modules
    that shape it would go stale the day one more module does (as ``fact_key`` once did).
    Checking them costs one ``stat`` each, well under a millisecond."""
    return tuple(files_under(package_folder(), ".py"))


def files_under(folder: Path, suffix: str) -> list[str]:
    """Every file under ``folder`` whose name ends with ``suffix``, sorted. Every run lists
    the package and the rule packs: ``os.walk`` and plain strings take a third of the time of
    ``Path.rglob`` and ``Path`` objects."""
    found = []
    for where, folders, names in os.walk(folder):
        folders[:] = [f for f in folders if f != "__pycache__"]  # only compiled files there
        found += [os.path.join(where, name) for name in names if name.endswith(suffix)]
    return sorted(found)


def package_folder() -> Path:
    """Where assure's code is installed (src/assure in a checkout)."""
    import assure

    return Path(assure.__file__).parent


def stamp(files: Iterable[str | Path], *versions: str) -> Stamp:
    """What a cached value depends on: these files as they are now, and these versions."""
    parts: list[Any] = [__version__, sys.version, *versions]  # sys.version names the build
    for path in files:
        name = os.fspath(path)
        try:
            st = os.stat(name)
        except OSError:
            parts.append((name, None))
        else:
            parts.append((name, st.st_size, st.st_mtime_ns))
    return tuple(parts)


def read(name: str, expected: Stamp) -> Any | None:
    """The value cached under ``name`` if it was built from exactly ``expected``, else None."""
    base = folder()
    if base is None:
        return None
    path = base / f"{name}.pickle"
    if not trusted(path):
        return None
    with contextlib.suppress(Exception), path.open("rb") as src:  # damaged: simply rebuilt
        if pickle.load(src) == expected:
            return pickle.load(src)
    return None


def write(name: str, built_from: Stamp, value: Any) -> None:
    """Keep ``value`` under ``name``: best effort and atomic (a read-only home costs speed only)."""
    base = folder()
    if base is None:
        return
    import tempfile  # only a run that builds something writes

    with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=base, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                pickle.dump(built_from, out, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, base / f"{name}.pickle")
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def trusted(path: Path) -> bool:
    """True if only this user can have written the file and its folder."""
    try:
        folder_st, file_st = path.parent.stat(), path.stat()
    except OSError:
        return False
    mine = all(st.st_uid == os.getuid() for st in (folder_st, file_st))
    return mine and not any(st.st_mode & 0o022 for st in (folder_st, file_st))
