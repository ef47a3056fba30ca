"""The LGA peer challenge's core themes and which findings fall under each, read from
``rules/themes.yaml`` (data, like the rules: see that file for the order of matching)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, ValidationError

from assure.base.problems import InputError
from assure.ruleset.packs import rules_root
from assure.ruleset.rule import Rule
from assure.sef.loader import schema_problems
from assure.sef.yaml_reader import load_yaml


class _Theme(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: int
    title: str
    short: str


class _ThemeFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    themes: list[_Theme]
    paths: dict[str, int]
    areas: dict[str, int]


@dataclass(frozen=True)
class Themes:
    titles: dict[int, str]
    short: dict[int, str]
    paths: tuple[tuple[str, int], ...]
    areas: dict[str, int]

    def theme_of(self, path: str, rule: Rule | None, area: str) -> int:
        """The theme of a finding at ``path`` from ``rule`` (its area when the rule is unknown)."""
        for prefix, theme in self.paths:
            if path.startswith(prefix):
                return theme
        if rule is not None and rule.theme is not None:
            return rule.theme
        return self.areas.get(rule.area if rule is not None else area, min(self.titles))


@functools.cache
def load_themes() -> Themes:
    doc = load_yaml(rules_root() / "themes.yaml")
    try:
        data = _ThemeFile.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(list(schema_problems(exc, doc, _ThemeFile))) from None
    return Themes(
        titles={t.id: t.title for t in data.themes},
        short={t.id: t.short for t in data.themes},
        paths=tuple(data.paths.items()),
        areas=data.areas,
    )
