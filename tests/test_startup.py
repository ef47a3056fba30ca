"""What ``assure check`` loads at start-up, and the pieces that keep it short.

A run imports the module of the command it runs and no other; typer's coercion of an option
left unset is not built; pydantic's plugin loader (and ``importlib.metadata`` with it) waits
until plugins can be loaded. Each keeps behaviour as it was: the CLI tests prove the output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from assure.cli import app, entry

ROOT = Path(__file__).resolve().parents[1]
NORTHSHIRE = ROOT / "self_assessments" / "northshire-2026.yaml"

# Runs a command in-process in a fresh interpreter, then prints the modules it loaded.
_LOADED = """
import json, sys
sys.argv = ["assure", *sys.argv[1:]]
from assure.cli import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\n@@" + json.dumps(sorted(sys.modules)) + "\\n")
"""


def loaded_by(*args: str) -> set[str]:
    """The modules a run loads with the cache warm (the first run fills it: building the
    rule pack and the SEF validator loads more, pydantic's plugins included)."""
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-c", _LOADED, *args], capture_output=True, text=True, cwd=ROOT
        )
    line = result.stderr.rsplit("@@", 1)[-1]
    return set(json.loads(line))


def test_check_loads_only_its_own_command() -> None:
    modules = loaded_by("check", str(NORTHSHIRE), "--format", "json")
    assert "assure.cli.check" in modules
    others = {"assure.cli.report", "assure.cli.rules", "assure.cli.annexa", "assure.cli.authoring"}
    assert not modules & others
    assert "assure.output.text" not in modules  # --format json: the text format is not loaded
    assert "importlib.metadata" not in modules  # no pydantic plugin is looked for


def test_the_help_lists_every_command_as_before() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in entry.COMMANDS:
        assert name in result.output


def test_a_command_alone_behaves_as_in_the_whole_app() -> None:
    whole = CliRunner().invoke(app, ["check", "--help"])
    alone = CliRunner().invoke(entry.build("check"), ["check", "--help"])
    assert alone.exit_code == whole.exit_code == 0
    assert alone.output == whole.output


def _printed(code: str, *, plugins: bool = True) -> str:
    """What ``code`` prints in a fresh interpreter (pydantic's plugins on or off)."""
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if not plugins:
        env["PYDANTIC_DISABLE_PLUGINS"] = "1"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert not run.stderr, run.stderr
    return run.stdout.strip()


def test_pydantic_plugins_are_still_looked_for_when_they_can_be() -> None:
    code = (
        "import sys, assure.cli.entry\n"
        "from pydantic import TypeAdapter\n"
        "assert TypeAdapter(int).validate_python('3') == 3\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    assert _printed(code) == "True"  # plugins on: pydantic's own loader
    assert _printed(code, plugins=False) == "False"


def test_any_other_name_asked_of_the_plugin_loader_is_pydantics_own() -> None:
    """A later pydantic may import more from its loader: the stand-in hands over, never fails."""
    code = (
        "import sys, assure.cli.entry\n"
        "stand_in = sys.modules['pydantic.plugin._loader']\n"
        "assert getattr(stand_in, '__file__', None) is None\n"
        "from pydantic.plugin._loader import _plugins\n"
        "print(sys.modules['pydantic.plugin._loader'].__file__.endswith('_loader.py'))\n"
    )
    assert _printed(code, plugins=False) == "True"


def test_start_up_actions_run_once() -> None:
    calls: list[int] = []
    entry.when_started(lambda: calls.append(1))
    entry.started()
    entry.started()
    assert calls == [1]
