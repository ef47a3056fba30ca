"""``--format text``: what a person reads in a terminal.

By default it is concise: per judgement area one header line (the grade the evidence supports,
the council's own, the gaps counted by severity), then one line per serious or critical gap,
worst first, wrapped to the terminal's width, then the minor gaps by rule id on one line, and at
the end a table of the area grades (and, for several files, a table across files).
``--explain`` shows every finding in full (recommendation, source, field path); ``--statistics``
counts the findings by rule, as ruff's does. Severity words: :mod:`assure.check.severity`.

Text from the SEF (the council's name, ids, messages quoting it) passes ``terminal_safe``: an
escape sequence in a SEF must not set the terminal's title or clear the screen.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from rich.text import Text

from assure.check.findings import Finding, Judgement, Report
from assure.check.severity import STYLE, Severity
from assure.output import Options, Write
from assure.output.common import terminal_safe
from assure.sef import areas
from assure.sef.grades import Grade

# Area grades (outcomes, not gaps): the pass colour is theirs alone.
GRADE_STYLE = {
    Grade.OUTSTANDING: "bold green",
    Grade.GOOD: "green",
    Grade.REQUIRES_IMPROVEMENT: "yellow",
    Grade.INADEQUATE: "bold red",
}
GRADE_WORDS = {
    Grade.OUTSTANDING: "Outstanding",
    Grade.GOOD: "Good",
    Grade.REQUIRES_IMPROVEMENT: "Requires improvement",
    Grade.INADEQUATE: "Inadequate",
}
GRADE_SHORT = {
    Grade.OUTSTANDING: "Outst.",
    Grade.GOOD: "Good",
    Grade.REQUIRES_IMPROVEMENT: "RI",
    Grade.INADEQUATE: "Inad.",
}
DEFAULT_WIDTH = 100
INDENT = 13  # "  SER  HP003 " and the wrapped lines under it


def render(reports: list[Report], options: Options | None = None) -> str:
    """The text output, without colour (for a file, a pipe or a test)."""
    out: list[str] = []
    stream(reports, out.append, options)
    return "".join(out)


def stream(reports: Iterable[Report], out: Write, options: Options | None = None) -> None:
    """The text output without colour, handed to ``out`` one SEF at a time: of each report
    only its row of the closing table across files is kept."""
    opts = options or Options()
    plain = _Plain(opts.width or DEFAULT_WIDTH)
    write(plain, reports, opts, flush=lambda: plain.drain(out))


class _Printer(Protocol):
    """Where the text is printed: a rich ``Console`` (a terminal, in colour) or ``_Plain``."""

    @property
    def width(self) -> int: ...

    def print(self, line: Text = ..., /) -> None: ...


class _Plain:
    """Lines without colour, as a rich ``Console`` without colour prints them (every line here
    is a ``Text`` made on one line or with its own line breaks, so there is nothing to wrap),
    at a fraction of the cost: a console looks at the terminal and the environment for each
    line, which made plain text (to a pipe or a file) twice as slow to write as JSON."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[str] = []

    def print(self, line: Text | None = None) -> None:
        self.lines.append("" if line is None else line.plain)

    def drain(self, out: Write) -> None:
        if self.lines:
            out("\n".join(self.lines) + "\n")
            self.lines.clear()


def write(
    console: _Printer,
    reports: Iterable[Report],
    options: Options | None = None,
    *,
    flush: Callable[[], None] = lambda: None,
) -> None:
    """The text output on a console (in colour when it is a terminal), report by report;
    ``flush`` is called after each one and at the end."""
    opts = options or Options()
    width = max(opts.width or console.width or DEFAULT_WIDTH, 60)
    rows: list[FileRow] = []
    for i, report in enumerate(reports):
        if i:
            console.print()
        _report(console, report, opts, width)
        rows.append(FileRow.of(report))
        flush()
    if len(rows) > 1:
        console.print()
        for line in across_files(rows):
            console.print(line)
    flush()


def _report(console: _Printer, report: Report, opts: Options, width: int) -> None:
    head = Text()
    head.append(terminal_safe(report.council), style="bold")
    head.append(f" · {terminal_safe(report.file)} · {report.framework} · ")
    head.append(f"{report.period_start} to {report.period_end}")
    console.print(head)
    if opts.statistics:
        for line in statistics(report):
            console.print(line)
        return
    for judgement in report.judgements.values():
        if judgement.area == "overall" and not judgement.findings and not opts.explain:
            continue  # its grade is in the closing table
        console.print()
        console.print(area_header(judgement))
        if not judgement.assessed:
            continue
        if opts.explain:
            _explained(console, report, judgement)
        else:
            _concise(console, report, judgement, quiet=opts.quiet, width=width)
    console.print()
    for line in area_table(report):
        console.print(line)
    console.print(_summary(report))


def grade_text(grade: Grade | None) -> Text:
    if grade is None:
        return Text("not stated", style="dim")
    return Text(GRADE_WORDS[grade], style=GRADE_STYLE[grade])


def severity_counts(findings: list[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    parts = [f"{counts[s]} {s.key}" for s in Severity if counts[s]]
    return ", ".join(parts) if parts else "no gaps"


def area_header(j: Judgement) -> Text:
    """``Help and protection: evidence Requires improvement, own Good ▲1 · 4 serious, 12 minor``."""
    t = Text()
    t.append(areas.short(j.area), style="bold underline")
    if not j.assessed:
        t.append(": not assessed (no selected rule judges it)", style="dim")
        return t
    t.append(": evidence ")
    t.append_text(grade_text(j.grade))
    t.append(", own ")
    t.append_text(grade_text(j.self_grade))
    if j.gap > 0:
        t.append(f" ▲{j.gap}", style="bold yellow")
    elif j.gap < 0:
        t.append(f" ▼{-j.gap}", style="cyan")
    t.append(" · " + severity_counts(j.findings))
    return t


def _concise(console: _Printer, report: Report, j: Judgement, *, quiet: bool, width: int) -> None:
    serious = [f for f in j.findings if f.severity in (Severity.CRITICAL, Severity.SERIOUS)]
    serious.sort(key=lambda f: (-f.severity.rank, f.sort_key()))
    for f in serious:
        console.print(gap_line(report.file, f, width))
    minor = [f for f in j.findings if f.severity in (Severity.MINOR, Severity.NOTE)]
    if minor and not quiet:
        ids = ", ".join(dict.fromkeys(f.rule for f in minor))
        lead = (
            f"{len(minor)} minor"
            if all(f.severity is Severity.MINOR for f in minor)
            else (f"{len(minor)} minor or notes")
        )
        console.print(_wrapped("MIN", f"{lead} (keep it from outstanding): {ids}", width, "dim"))


def gap_line(file: str, f: Finding, width: int) -> Text:
    """``  SER  HP003 Police at 85% of strategy discussions …   sef.yaml:7:26``, wrapped."""
    where = f.where or f"{file}:{f.line}:{f.column}"
    accepted = f" (accepted: {f.accepted_reason})" if f.accepted else ""
    body = terminal_safe(f"{f.rule} {gist(f.message)}{accepted}  {where}")
    return _wrapped(f.severity.short, body, width, STYLE[f.severity], rule=f.rule)


def gist(message: str) -> str:
    """A message's first clause, for a line of the concise view: what was found, before the
    ';' or ':' that adds the detail (``--explain`` and every file format keep it all)."""
    cut = min((i for i in (message.find("; "), message.find(": ")) if i > 20), default=-1)
    return f"{message[:cut]} …" if cut > 0 else message


def _wrapped(code: str, body: str, width: int, style: str, *, rule: str | None = None) -> Text:
    lines = textwrap.wrap(
        body,
        width=width - 7,
        subsequent_indent=" " * (INDENT - 7),
        break_long_words=False,
        break_on_hyphens=False,
    ) or [""]
    t = Text("  ")
    t.append(f"{code:<4}", style=style)
    t.append(" ")
    first = lines[0]
    if rule and first.startswith(rule):
        t.append(rule, style="bold")
        t.append(first[len(rule) :])
    else:
        t.append(first)
    for line in lines[1:]:
        t.append("\n     " + line)
    return t


def _explained(console: _Printer, report: Report, j: Judgement) -> None:
    if not j.findings:
        console.print(Text("  no gaps found", style="dim"))
    for f in j.findings:
        console.print(explained(report.file, f))


def explained(file: str, f: Finding) -> Text:
    """One finding in full: severity, rule, title, message, where, what to do, source."""
    t = Text("  ")
    t.append(f"{f.severity.short:<4}", style=STYLE[f.severity])
    t.append(f" {f.rule} ", style="bold")
    t.append(f"{f.title} ", style="bold")
    t.append(f"[{f.severity.words}]", style="dim")
    t.append(f"\n       {terminal_safe(f.message)}")
    if f.accepted:
        t.append(f"  (accepted: {terminal_safe(f.accepted_reason or '')})", style="cyan")
    where = f.where or f"{file}:{f.line}:{f.column}"
    t.append(f"\n       {terminal_safe(f'{where}  {f.path}')}", style="dim")
    t.append(f"\n       → {terminal_safe(f.recommendation)}")
    t.append(f"\n       source: {f.source} ({f.basis.replace('_', ' ')})", style="dim")
    return t


def area_table(report: Report) -> list[Text]:
    """The closing table: each area's evidence grade, own grade and gaps by severity."""
    rows = [("Area", "Evidence supports", "Own grade", "Critical", "Serious", "Minor")]
    for j in report.judgements.values():
        counts = Counter(f.severity for f in j.findings)
        if not j.assessed:
            rows.append((areas.short(j.area), "not assessed", _own(j), "", "", ""))
            continue
        rows.append(
            (
                areas.short(j.area),
                GRADE_WORDS[j.grade],
                _own(j),
                str(counts[Severity.CRITICAL]),
                str(counts[Severity.SERIOUS]),
                str(counts[Severity.MINOR]),
            )
        )
    return _table(rows, right={3, 4, 5})


def _own(j: Judgement) -> str:
    if j.self_grade is None:
        return "not stated"
    mark = f" ▲{j.gap}" if j.gap > 0 else f" ▼{-j.gap}" if j.gap < 0 else ""
    return GRADE_WORDS[j.self_grade] + mark


@dataclass(frozen=True)
class FileRow:
    """What the closing table across files needs of one report (all that is kept of it)."""

    file: str
    grades: dict[str, str]  # area -> short grade ("n/a" when not assessed)
    counts: tuple[int, int, int]  # critical, serious, minor

    @classmethod
    def of(cls, r: Report) -> FileRow:
        counts = Counter(f.severity for f in r.findings)
        grades = {
            a: "n/a" if not j.assessed else GRADE_SHORT[j.grade] for a, j in r.judgements.items()
        }
        return cls(
            r.file,
            grades,
            (counts[Severity.CRITICAL], counts[Severity.SERIOUS], counts[Severity.MINOR]),
        )


def across_files(files: list[FileRow]) -> list[Text]:
    """For several files: one row per file, the evidence grade of each area, the gaps."""
    keys = list(dict.fromkeys(a for r in files for a in r.grades))
    header = ("File", *(areas.area(a).id_prefix.upper() for a in keys), "Crit", "Ser", "Min")
    rows: list[tuple[str, ...]] = [header]
    for r in files:
        cells = [r.grades.get(a, "-") for a in keys]
        rows.append((r.file, *cells, *(str(n) for n in r.counts)))
    n = len(header)
    return [
        Text(
            "Across files (the grade the evidence supports: "
            + ", ".join(f"{areas.area(a).id_prefix.upper()} {areas.short(a)}" for a in keys)
            + ")",
            style="bold",
        ),
        *_table(rows, right={n - 3, n - 2, n - 1}),
    ]


def _table(rows: Sequence[tuple[str, ...]], *, right: set[int]) -> list[Text]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for n, row in enumerate(rows):
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        out.append(Text("  " + "  ".join(cells).rstrip(), style="bold" if n == 0 else ""))
    return out


def statistics(report: Report) -> list[Text]:
    """Findings counted by rule, most first (``--statistics``, as ruff's)."""
    counts = Counter(f.rule for f in report.findings)
    first = {f.rule: f for f in reversed(report.findings)}
    out = []
    for rule, n in sorted(
        counts.items(), key=lambda kv: (-kv[1], -first[kv[0]].severity.rank, kv[0])
    ):
        f = first[rule]
        t = Text(f"{n:>5}  ")
        t.append(f"{rule:<6}", style="bold")
        t.append(f" {f.severity.short:<4}", style=STYLE[f.severity])
        t.append(f" {f.title}")
        out.append(t)
    out.append(_summary(report))
    return out


def _summary(report: Report) -> Text:
    n = len(report.findings)
    t = Text()
    t.append(f"{n} gap{'s' if n != 1 else ''}", style="bold")
    if n:
        t.append(": " + severity_counts(report.findings))
    return t
