"""The command line. ``assure.cli.main`` runs it in-process; ``app`` is the typer app.

``app`` is built on first use: the console script runs ``main``, which builds only the command
it runs (for start-up speed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assure.cli.entry import main

if TYPE_CHECKING:
    from assure.cli.app import app

__all__ = ["app", "main"]


def __getattr__(name: str) -> object:
    if name == "app":
        from assure.cli.app import app as whole

        globals()["app"] = whole  # in place of the submodule the import has just set here
        return whole
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
