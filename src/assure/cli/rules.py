"""``assure rules list`` and ``assure rules show ID``: the catalogue, from the rule files."""

# No ``from __future__ import annotations`` in the command modules: typer reads each
# command's annotations on every run, and evaluating them from text costs milliseconds.

import csv
import io
import json
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from assure.base.problems import InputError, Problem
from assure.check.severity import Severity
from assure.ruleset.catalogue import markdown_catalogue, rule_doc, rule_row
from assure.ruleset.packs import RulePack, load_pack, pack_names
from assure.ruleset.rule import Rule

rules_app = typer.Typer(help="List the rules and show what each one checks.", no_args_is_help=True)

PackOpt = Annotated[str, typer.Option(help="Rule pack")]
ALL = "all"  # `rules list --pack all`: every rule of every pack, once (docs/rules.md)


def _pack_rules(pack: str) -> list[Rule]:
    if pack == ALL:
        every: dict[str, Rule] = {}
        for name in pack_names():
            for rule in _load(name).sorted_rules():
                every.setdefault(rule.id, rule)
        return [every[k] for k in sorted(every)]
    return _load(pack).sorted_rules()


def _packs_of(rules: list[Rule]) -> dict[str, list[str]]:
    """For each rule, the packs that judge by it."""
    loaded = {name: _load(name) for name in pack_names()}
    return {r.id: [n for n, p in loaded.items() if r.id in p.rules] for r in rules}


def _load(pack: str) -> RulePack:
    try:
        return load_pack(pack)
    except InputError as exc:
        for p in exc.problems:
            typer.echo(str(p), err=True)
        raise typer.Exit(2) from None


@rules_app.command("list")
def list_rules(
    pack: Annotated[
        str, typer.Option(help="Rule pack, or 'all' for every rule of every pack")
    ] = "ilacs-2026",
    area: Annotated[str | None, typer.Option(help="Only this judgement area")] = None,
    basis: Annotated[str | None, typer.Option(help="Only this basis (law, benchmark, ...)")] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="table | json | csv | markdown")
    ] = "table",
) -> None:
    """List the rules of a pack."""
    if output_format not in ("table", "json", "csv", "markdown"):
        typer.echo(
            f"--format: {output_format!r} is not one of table, json, csv, markdown", err=True
        )
        raise typer.Exit(2)
    rules = [
        r
        for r in _pack_rules(pack)
        if (area is None or r.area == area) and (basis is None or r.basis == basis)
    ]
    rows = [{**rule_row(r), "severity": Severity.of(r.grade).key} for r in rules]
    if output_format == "json":
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif output_format == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(
            buf, fieldnames=list(rows[0] if rows else ["id"]), lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
        typer.echo(buf.getvalue(), nl=False)
    elif output_format == "markdown":
        packs = _packs_of(rules) if pack == ALL else None
        typer.echo(markdown_catalogue(rules, pack, packs), nl=False)
    else:
        console = Console(highlight=False)
        if not console.is_terminal:
            # Piped: one plain line per rule, nothing cut or wrapped (grep, less, a file).
            typer.echo(plain_table(rows, pack), nl=False)
            return
        from rich.table import Table  # only the table view needs it

        table = Table(
            "id", "area", "basis", "severity", "title", title=f"{pack}: {len(rows)} rules"
        )
        for r in rows:
            table.add_row(r["id"], r["area"], r["basis"], r["severity"], Text(r["title"]))
        console.print(table)


def plain_table(rows: list[dict[str, object]], pack: str) -> str:
    """Columns padded with spaces, full ids and titles, one rule a line."""
    columns = ("id", "area", "basis", "severity", "title")
    cells = [list(columns)] + [[str(r[c]) for c in columns] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns) - 1)]
    lines = [f"{pack}: {len(rows)} rules"]
    for row in cells:
        lines.append(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[-1]
        )
    return "\n".join(lines) + "\n"


@rules_app.command("show")
def show_rule(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="Rule id, e.g. HP003")],
    pack: PackOpt = "ilacs-2026",
) -> None:
    """Show what a rule checks, why, its source and examples."""
    rules = {r.id: r for r in _pack_rules(pack)}
    rule = rules.get(rule_id.upper())
    if rule is None:
        others = [p for p in pack_names() if p != pack and rule_id.upper() in load_pack(p).rules]
        hint = f" (it is in {', '.join(others)}: use --pack)" if others else ""
        typer.echo(str(Problem(rule_id, 1, 1, f"no rule {rule_id!r} in {pack}{hint}")), err=True)
        raise typer.Exit(2)
    typer.echo(f"{rule.id}: {rule.title}\n")
    typer.echo(rule_doc(rule), nl=False)


@rules_app.command("test")
def test_rules(
    rule_ids: Annotated[list[str] | None, typer.Argument(metavar="[ID...]")] = None,
    pack: PackOpt = "ilacs-2026",
) -> None:
    """Run each rule's own fail and pass examples (for rule authors)."""
    from assure.check.examples import run_rule  # late: only rule authors run examples

    loaded = _load(pack)
    wanted = [i.upper() for i in rule_ids or []]
    failed = 0
    total = 0
    for rule in loaded.sorted_rules():
        if wanted and rule.id not in wanted:
            continue
        for res in run_rule(loaded, rule):
            total += 1
            if not res.ok:
                failed += 1
                typer.echo(f"FAIL {res.name}: {res.detail}")
    typer.echo(f"{total - failed} passed, {failed} failed")
    if failed:
        raise typer.Exit(1)
