"""The whole ``assure`` typer app, for calling in-process (``typer.testing.CliRunner``).

The console script does not import this module: ``assure.cli.entry.main`` builds only the
command it runs.
"""

from assure.cli.entry import build, main

app = build()

__all__ = ["app", "main"]
