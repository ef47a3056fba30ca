"""Rule packs: one folder per framework edition under ``rules/``, one YAML file per rule.

A pack may extend another, taking its rules, removing some by id and overriding others with a
file of the same id (the data-to-insight validators' year-by-year pattern).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assure.base import cache
from assure.base.problems import InputError, Problem
from assure.ruleset.rule import Rule
from assure.sef import areas
from assure.sef.loader import schema_problems
from assure.sef.paths import PathKey, display_path
from assure.sef.yaml_reader import Document, load_yaml


class PackSpec(BaseModel):
    # Built on first validation: a run whose pack comes from the cache never validates one.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    name: str
    title: str
    framework: Literal["ilacs-2023", "ilacs-2026"]
    overall: bool
    extends: str | None = None
    remove: list[str] = Field(default_factory=list)
    benchmarks: str = "england"


@dataclass(eq=False)  # identity-hashed: a loaded pack is compiled once (compiled.compile_pack)
class RulePack:
    """The rules one framework edition judges by, after inheritance."""

    spec: PackSpec
    rules: dict[str, Rule] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    # Filled by assure.ruleset.compiled.compile_pack and kept in the cache with the rules, so a run
    # with unchanged rule files neither parses nor compiles them.
    compiled: Any = None
    # The cache entry this pack was read from or written to: its name and stamp.
    cached_as: tuple[str, cache.Stamp] | None = None

    def save(self) -> None:
        """Write this pack (with what has been compiled for it) back to its cache entry."""
        if self.cached_as is not None:
            cache.write(*self.cached_as, self)

    @property
    def name(self) -> str:
        return self.spec.name

    def sorted_rules(self) -> list[Rule]:
        return [self.rules[k] for k in sorted(self.rules)]


def rules_root() -> Path:
    """Where the packs are: inside the installed wheel, else beside ``src/`` (editable)."""
    package = Path(__file__).resolve().parents[1]  # src/assure, or site-packages/assure
    packaged = package / "rules"  # pip installs wheels unzipped
    if packaged.is_dir():
        return packaged
    source_tree = package.parents[1] / "rules"
    if source_tree.is_dir():
        return source_tree
    raise InputError([Problem("rules", 1, 1, "the rule packs are not installed; reinstall assure")])


def pack_names(root: Path | None = None) -> list[str]:
    base = root or rules_root()
    return sorted(p.parent.name for p in base.glob("*/pack.yaml"))


@functools.cache
def load_pack(name: str, root: Path | None = None) -> RulePack:
    """The named pack, from the cache when no rule file (nor the code) has changed since."""
    base = root or rules_root()
    entry = cache.entry(f"pack-{name}", base)
    built_from = _stamp(base)
    cached = cache.read(entry, built_from)
    if isinstance(cached, RulePack) and cached.name == name:
        cached.cached_as = (entry, built_from)
        return cached
    pack = _load_pack_files(name, base, root)
    pack.cached_as = (entry, built_from)
    pack.save()
    return pack


def _stamp(base: Path) -> cache.Stamp:
    """Every rule file of every pack (a pack may extend another) and all of assure's code."""
    return cache.stamp([*cache.code_files(), *cache.files_under(base, ".yaml")])


def _load_pack_files(name: str, base: Path, root: Path | None) -> RulePack:
    folder = base / name
    if not (folder / "pack.yaml").is_file():
        known = ", ".join(pack_names(base)) or "none"
        raise InputError(
            [Problem(str(folder), 1, 1, f"no rule pack {name!r}; known packs: {known}")]
        )
    spec = _load_spec(folder / "pack.yaml")
    pack = RulePack(spec)
    if spec.extends:
        parent = load_pack(spec.extends, root)
        pack.rules.update(parent.rules)
        pack.files.update(parent.files)
    problems: list[Problem] = []
    for rid in spec.remove:
        if pack.rules.pop(rid, None) is None:
            problems.append(
                Problem(
                    str(folder / "pack.yaml"),
                    1,
                    1,
                    f"remove: {rid} is not a rule of {spec.extends}",
                )
            )
        pack.files.pop(rid, None)
    for path in sorted(folder.glob("*/*.yaml")):
        try:
            rule = load_rule(path)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        pack.rules[rule.id] = rule
        pack.files[rule.id] = path
    problems.extend(_cross_check(pack))
    if problems:
        raise InputError(problems)
    return pack


def _load_spec(path: Path) -> PackSpec:
    doc = load_yaml(path)
    try:
        return PackSpec.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(list(schema_problems(exc, doc, PackSpec))) from None


def load_rule(path: Path) -> Rule:
    """Load and check one rule file; every problem names the file, line and column."""
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise InputError([Problem(str(path), 1, 1, "a rule file is a mapping (id, title, ...)")])
    try:
        rule = Rule.model_validate(doc.data)
    except ValidationError as exc:
        problems = list(schema_problems(exc, doc, Rule))
        raise InputError([_condition_position(p, exc, doc.data) for p in problems]) from None
    expected = areas.folder(rule.area)
    problems = []
    if path.stem != rule.id:
        problems.append(
            Problem(
                str(path),
                *doc.position(("id",)),
                f"the file is named {path.stem!r} but the rule id is {rule.id!r}",
            )
        )
    if path.parent.name != expected:
        problems.append(
            Problem(
                str(path),
                *doc.position(("area",)),
                f"a rule of area {rule.area!r} belongs in the folder {expected!r}",
            )
        )
    problems.extend(_compile_problems(path, doc, rule))
    if problems:
        raise InputError(problems)
    return rule


def _compile_problems(path: Path, doc: Document, rule: Rule) -> list[Problem]:
    """A condition that parses but cannot be compiled, at its place in the rule file."""
    from assure.lang.compiler import ITEM_SCOPES, CompileError, compile_condition
    from assure.lang.conditions import parse

    item_scope = rule.scope in ITEM_SCOPES
    places: list[tuple[PathKey, str, str]] = [(("condition",), rule.condition, rule.id)]
    places += [
        (("escalate", i, "condition"), esc.condition, f"{rule.id}e{i + 1}")
        for i, esc in enumerate(rule.escalate)
    ]
    problems = []
    for at, text, prefix in places:
        try:
            compiled = compile_condition(parse(text), count_prefix=prefix, item_scope=item_scope)
            if at[0] == "escalate" and compiled.counts:
                raise CompileError("count() is not allowed in an escalation")
        except CompileError as exc:
            where = display_path(at, doc.data)
            problems.append(Problem(str(path), *doc.position(at), f"{where}: {exc}"))
    return problems


def _condition_position(problem: Problem, exc: ValidationError, data: object) -> Problem:
    from assure.lang.conditions import ConditionError  # late: a cached pack never parses

    # Condition errors carry the character offset; point at it when the text is on one line.
    for err in exc.errors():
        error = (err.get("ctx") or {}).get("error")
        if isinstance(error, ConditionError) and problem.message.endswith(str(error)):
            return Problem(
                problem.file,
                problem.line,
                problem.column + error.offset,
                f"{problem.message} (at character {error.offset + 1} of the condition)",
            )
    return problem


def _cross_check(pack: RulePack) -> list[Problem]:
    from assure.lang.conditions import Fired, walk  # late: a cached pack never parses

    problems = []
    for rule in pack.rules.values():
        for node in walk(rule.tree):
            if isinstance(node, Fired) and node.rule not in pack.rules:
                problems.append(
                    Problem(
                        str(pack.files[rule.id]),
                        1,
                        1,
                        f"fired({node.rule}) names a rule not in {pack.name}",
                    )
                )
        if rule.area == "overall" and not pack.spec.overall:
            problems.append(
                Problem(
                    str(pack.files[rule.id]),
                    1,
                    1,
                    f"{pack.name} has no overall judgement; remove {rule.id}",
                )
            )
    return problems
