"""The command line. ``assure.cli.main`` runs it in-process; ``app`` is the typer app."""

from assure.cli.app import app, main

__all__ = ["app", "main"]
