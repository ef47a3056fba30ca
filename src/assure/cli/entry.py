"""The ``assure`` command line: one typer app; each command group lives in its own module.

A run imports only the module of the command it runs, and typer builds only that command:
``assure check`` does not pay for ``report``, ``annex-a`` or ``rules`` (start-up time matters
in pre-commit). ``assure --help``, an unknown command and shell completion get the whole app,
as does ``assure.cli.app`` (the app for calling in-process, built on first use).
"""

# No ``from __future__ import annotations`` in the command modules: typer reads each
# command's annotations on every run, and evaluating them from text costs milliseconds.

import importlib
import os
import sys
import types
from collections.abc import Callable
from typing import Annotated, Any

import typer
import typer.core

from assure import __version__
from assure.base.problems import escape

_PLAIN = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER", "Path": "PATH"}


def _display_type(self: typer.core.TyperOption, ctx: Any) -> str | None:
    """Help shows a flag bare (``--quiet``, not ``--quiet <bool>``) and a value by its metavar
    or a plain name (``TEXT``, ``FILE``), not a Python annotation (``<str>``)."""
    if self.is_flag or self.count:
        return None
    if self.metavar is not None:
        return self.metavar
    label = self.display_type(ctx).strip("<>").removeprefix("list[").removesuffix("]")
    return _PLAIN.get(label, label.upper() if label.isalpha() else label)


def _argument_type(self: typer.core.TyperArgument, ctx: Any) -> str | None:
    """An argument's metavar (``FILE...``) already says what it takes."""
    return None


# Typer 0.2x labels every parameter with its annotation; keep click's plain help instead.
typer.core.TyperOption.display_type_rich = _display_type  # type: ignore[method-assign]
typer.core.TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign,assignment]


class _Deferred:
    """Typer's coercion of one parameter, built when a value first needs it.

    Typer 0.29 builds a pydantic ``TypeAdapter`` for every parameter of the command run, even
    one left unset, whose value (None) it passes on untouched: for ``check``, a dozen adapters
    for nothing, about a twentieth of a run. Here an unset value is passed on as typer's own
    ``RuntimeParam.coerce`` does, and the adapter is built for the first real value.
    """

    def __init__(self, descriptor: Any) -> None:
        self.descriptor = descriptor
        self.built: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        if self.built is None:
            self.built = _BUILD(self.descriptor)
        return self.built.coerce(value, param=param, ctx=ctx)


_BUILD: Callable[[Any], Any] = getattr(typer.core, "build_runtime_param", lambda d: None)
if hasattr(typer.core, "build_runtime_param"):  # the typer versions that build adapters
    typer.core.build_runtime_param = _Deferred

_PLUGIN_LOADER = "pydantic.plugin._loader"


def _defer_pydantic_plugins() -> None:
    """Import pydantic's plugin loader only when plugins can be loaded.

    Each ``TypeAdapter`` typer builds asks pydantic for its plugins, with plugins turned off
    (typer sets ``PYDANTIC_DISABLE_PLUGINS`` meanwhile). The answer is then "none", but the
    module that gives it imports ``importlib.metadata`` first, and with it email, zipfile,
    csv and socket: a twentieth of an ``assure check``. Until a question comes with plugins
    on, this stand-in gives that answer; then it hands over to pydantic's own module for good.
    """
    if _PLUGIN_LOADER in sys.modules:
        return
    stand_in = types.ModuleType(_PLUGIN_LOADER)

    def hand_over() -> Any:
        if sys.modules.get(_PLUGIN_LOADER) is stand_in:
            del sys.modules[_PLUGIN_LOADER]
        return importlib.import_module(_PLUGIN_LOADER)

    def get_plugins() -> Any:
        if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in ("__all__", "1", "true"):
            return ()  # as pydantic's get_plugins, which reads the same setting first
        return hand_over().get_plugins()

    def other(name: str) -> Any:
        # Any other name a pydantic release may ask of its loader: its own module answers, so
        # the stand-in can never be the reason an import fails. (The import system probes a
        # module for dunder names such as ``__path__``: those are not questions for pydantic.)
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(hand_over(), name)

    stand_in.get_plugins = get_plugins  # type: ignore[attr-defined]
    stand_in.__getattr__ = other  # type: ignore[method-assign]
    sys.modules[_PLUGIN_LOADER] = stand_in


_defer_pydantic_plugins()


def _version(value: bool) -> None:
    if value:
        version_command()
        raise typer.Exit()


def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit"
        ),
    ] = False,
) -> None:
    """Check a children's-services self-evaluation (SEF) against Ofsted criteria, statutory
    guidance and national benchmarks."""


_on_start: list[Callable[[], object]] = []


def when_started(action: Callable[[], object]) -> None:
    """Run ``action`` once the command's start-up is over (``assure.__main__`` keeps the
    garbage collector quiet until then)."""
    _on_start.append(action)


# The commands that call started() themselves, after their first file; for any other, start-up
# is over once the command is built (``assure rules test`` runs hundreds of checks after it).
SAYS_STARTED = frozenset({"check", "validate"})


def started() -> None:
    """Say that start-up is over: the first file is checked, and with it the rule pack, the
    SEF validator and the national figures are loaded. A command over many files says so."""
    while _on_start:
        _on_start.pop()()


def version_command() -> None:
    """Print the version of assure."""
    typer.echo(f"assure {__version__}")


# Each command: its name, the module that defines it and the function (or, for a group of
# commands, the typer app) there; in the order --help lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("assure.cli.check", "check_command"),
    "validate": ("assure.cli.check", "validate_command"),
    "report": ("assure.cli.report", "report_command"),
    "diff": ("assure.cli.report", "diff_command"),
    "init": ("assure.cli.authoring", "init_command"),
    "schema": ("assure.cli.authoring", "schema_command"),
    "annex-a": ("assure.cli.annexa", "annex_a_command"),
    "rules": ("assure.cli.rules", "rules_app"),
    "version": (__name__, "version_command"),
}


def build(only: str | None = None) -> typer.Typer:
    """The typer app with every command, or with only the one called ``only``."""
    app = typer.Typer(
        name="assure",
        help="Check a children's-services self-evaluation (SEF) against Ofsted criteria, "
        "statutory guidance and national benchmarks.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=True,
    )
    app.callback()(_main)
    for name, (module, attribute) in COMMANDS.items():
        if only is not None and name != only:
            continue
        command = getattr(importlib.import_module(module), attribute)
        if isinstance(command, typer.Typer):
            app.add_typer(command, name=name)
        else:
            app.command(name)(command)
    return app


def main() -> None:
    # The first argument, when it names a command, is the command: build only that one (for
    # start-up speed). Options of the app itself (--version, --help) come before it.
    first = sys.argv[1] if len(sys.argv) > 1 else None
    app = build(first if first in COMMANDS else None)
    if first not in SAYS_STARTED:
        started()
    try:
        code = app(standalone_mode=False)  # usage errors come here, to be printed on one line
    except KeyboardInterrupt:
        sys.stderr.write("assure: interrupted\n")
        sys.exit(2)
    except Exception as exc:  # a bug of ours: one line, not a traceback (ASSURE_DEBUG=1 shows it)
        from assure.cli.common import usage_error  # late: for start-up speed

        usage = usage_error(exc)
        if usage is not None:
            sys.exit(usage)
        if os.environ.get("ASSURE_DEBUG"):
            raise
        sys.stderr.write(
            f"assure: internal error: {type(exc).__name__}: {escape(str(exc))}; please report it\n"
        )
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
