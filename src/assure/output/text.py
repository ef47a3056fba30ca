"""``--format text``: the report a person reads in a terminal, grouped by judgement area.

Text from the SEF (the council's name, ids, messages quoting it) passes ``terminal_safe``: an
escape sequence in a SEF must not set the terminal's title or clear the screen.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from assure.check.findings import Finding, Judgement, Report
from assure.output.common import terminal_safe
from assure.sef.grades import AREA_TITLES, Grade

GRADE_STYLE = {
    Grade.OUTSTANDING: "bold green",
    Grade.GOOD: "green",
    Grade.REQUIRES_IMPROVEMENT: "yellow",
    Grade.INADEQUATE: "bold red",
}
SHORT = {
    Grade.OUTSTANDING: "OUT",
    Grade.GOOD: "GOOD",
    Grade.REQUIRES_IMPROVEMENT: "RI",
    Grade.INADEQUATE: "INAD",
}


def render(console: Console, report: Report, *, quiet: bool = False) -> None:
    head = Text()
    head.append(terminal_safe(report.council), style="bold")
    head.append(f" · {terminal_safe(report.file)} · {report.framework} · ")
    head.append(f"{report.period_start} to {report.period_end}")
    console.print(head)
    for judgement in report.judgements.values():
        _judgement(console, report, judgement, quiet=quiet)
    console.print(_summary(report))


def _judgement(console: Console, report: Report, j: Judgement, *, quiet: bool) -> None:
    line = Text("\n")
    line.append(AREA_TITLES[j.area], style="bold underline")
    console.print(line)
    grades = Text("  evidence supports: ")
    grades.append(j.grade.label, style=GRADE_STYLE[j.grade])
    grades.append("   council's own grade: ")
    if j.self_grade is None:
        grades.append("not stated", style="dim")
    else:
        grades.append(j.self_grade.label, style=GRADE_STYLE[j.self_grade])
        if j.gap > 0:
            grades.append(
                f"   ▲ {j.gap} grade{'s' if j.gap > 1 else ''} above the evidence",
                style="bold yellow",
            )
        elif j.gap < 0:
            grades.append(f"   ▼ {-j.gap} below the evidence", style="cyan")
    console.print(grades)
    shown = [f for f in j.findings if not quiet or f.grade >= Grade.REQUIRES_IMPROVEMENT]
    if not shown and not quiet:
        console.print(Text("  no gaps found", style="dim"))
    for f in shown:
        console.print(_finding(report.file, f))


def _finding(file: str, f: Finding) -> Text:
    t = Text("  ")
    t.append(f"{SHORT[f.grade]:<4}", style=GRADE_STYLE[f.grade])
    t.append(f" {f.rule} ", style="bold")
    t.append(f"[{f.kind}] ", style="dim")
    t.append(terminal_safe(f.message))
    if f.accepted:
        t.append(f"  (accepted: {terminal_safe(f.accepted_reason or '')})", style="cyan")
    t.append(f"\n       {terminal_safe(f'{file}:{f.line}:{f.column}  {f.path}')}", style="dim")
    t.append(f"\n       → {terminal_safe(f.recommendation)}")
    t.append(f"\n       source: {f.source} ({f.basis.replace('_', ' ')})", style="dim")
    return t


def _summary(report: Report) -> Text:
    counts = {g: sum(1 for f in report.findings if f.grade == g) for g in Grade}
    t = Text("\n")
    t.append(f"{len(report.findings)} findings", style="bold")
    parts = [f"{n} {g.key.replace('_', ' ')}" for g, n in sorted(counts.items(), reverse=True) if n]
    if parts:
        t.append(": " + ", ".join(parts))
    return t
