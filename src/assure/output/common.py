"""What the machine formats share: the rules behind a report, levels, locations."""

from __future__ import annotations

import re

from assure.check.findings import Finding, Report
from assure.check.severity import Severity
from assure.ruleset.rule import Rule
from assure.sef.grades import Grade


def level(grade: Grade) -> str:
    """SARIF's level for a cap, from its severity (critical → error, serious → warning)."""
    return Severity.of(grade).level


def pack_rules(reports: list[Report]) -> list[Rule]:
    """Every rule of the packs the reports were checked with, once per id, sorted by id.

    Two packs may share an id (a later edition overrides a rule); the first pack named wins.
    """
    rules: dict[str, Rule] = {}
    for report in reports:
        for rule in report.rules:
            rules.setdefault(rule.id, rule)
    return [rules[k] for k in sorted(rules)]


def location(file: str, f: Finding) -> str:
    """``sef.yaml:12:5``, or for a finding on the Annex A workbook ``annexa.xlsx:List 8!N1``."""
    return f.where or f"{file}:{f.line}:{f.column}"


def one_line(text: str) -> str:
    return " ".join(text.split())


# Characters XML 1.0 does not allow at all (C0 controls but tab, newline and carriage return;
# U+FFFE, U+FFFF; lone surrogates): ElementTree writes them as they are and the file is then
# not XML. They are written as a visible escape (``\x01``) instead.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub(
        lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text
    )


# Terminal control sequences (CSI such as clear-screen, OSC such as set-title, other escapes)
# and every other C0 or C1 control character: text from a SEF must not drive the terminal.
_TERMINAL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, ended by BEL or ST (or not at all)
    r"|\x1b[ -~]?"  # any other escape
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # other controls (tab and newline become spaces below)
)


def terminal_safe(text: str) -> str:
    """``text`` without terminal control sequences, on one line."""
    return _TERMINAL.sub("", text).replace("\t", " ").replace("\n", " ")
