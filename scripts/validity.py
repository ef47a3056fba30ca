#!/usr/bin/env python3
"""Measure how well the grades `assure` works out from published figures go with Ofsted's.

    python scripts/validity.py [SHARED_FOLDER] [--assure EXECUTABLE] [--output FILE]

SHARED_FOLDER (default ``../shared``, beside the project) holds ``backtest/outcomes.csv`` and
``backtest/sefs/*.yaml``: SEFs built only from the DfE's published figures for the year before
real ILACS inspections, and the grades Ofsted gave. They stay out of the project: this script
reads them at run time and writes only aggregate counts and tables to ``docs/validity.md``.

It runs the back-test the same way as the shared back-test tool: ``assure check --format json
--fail-on never`` over every SEF; an area's evidence grade is the worst cap among the findings
that judge a stated figure (every kind but missing, structure, self_assessment, accepted and
cross_check); "overall" is the worst of the four areas.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
SHORT = ("outstanding", "good", "requires improvement", "inadequate")
STEP = {g: i for i, g in enumerate(GRADES)}
AREAS = ("leadership", "help_and_protection", "children_in_care", "care_leavers")
TITLES = {
    "leadership": "Leaders' impact",
    "help_and_protection": "Help and protection",
    "children_in_care": "Children in care",
    "care_leavers": "Care leavers",
    "overall": "Overall (worst of the four)",
}
# Findings that do not judge a stated figure: the back-test SEFs hold figures only.
NOT_FIGURES = {"missing", "structure", "self_assessment", "accepted", "cross_check"}
RI, INADEQUATE = STEP["requires_improvement"], STEP["inadequate"]


def fail(message: str) -> None:
    print(f"validity.py: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def auc(pos: list[int], neg: list[int]) -> float:
    """P(a worse-judged council gets a worse evidence grade), ties counted half."""
    if not pos or not neg:
        return float("nan")
    score = sum(1.0 if p > q else 0.5 if p == q else 0.0 for p in pos for q in neg)
    return score / (len(pos) * len(neg))


def evidence_grade(report: dict[str, object], area: str) -> int:
    findings = report.get("findings", [])
    assert isinstance(findings, list)
    caps = [
        STEP[f["grade"]]
        for f in findings
        if f.get("area") == area and f.get("kind") not in NOT_FIGURES and f.get("grade") in STEP
    ]
    return max(caps, default=0)


def run_check(assure: str, files: list[Path]) -> dict[str, dict[str, object]]:
    try:
        done = subprocess.run(
            [assure, "check", *map(str, files), "--format", "json", "--fail-on", "never"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        fail(f"cannot run {assure}: {exc.strerror}; install the project (.venv) or pass --assure")
    if done.returncode not in (0, 1):
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        fail(f"assure check exited {done.returncode}: {last}")
    reports = json.loads(done.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    return {Path(r["file"]).name: r for r in reports}


def table(got: list[int], want: list[int]) -> list[str]:
    head = "| evidence grade ↓ / Ofsted → | " + " | ".join(SHORT) + " | all |"
    lines = [head, "|---|" + "---:|" * (len(GRADES) + 1)]
    for i, name in enumerate(SHORT):
        row = [
            sum(1 for g, w in zip(got, want, strict=True) if g == i and w == j) for j in range(4)
        ]
        lines.append(f"| {name} | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
    totals = [sum(1 for w in want if w == j) for j in range(4)]
    lines.append("| all | " + " | ".join(map(str, totals)) + f" | {len(want)} |")
    return lines


def share(hits: int, of: int) -> str:
    return f"{hits}/{of}" + (f" ({100 * hits / of:.0f}%)" if of else "")


def caught(got: list[int], want: list[int]) -> list[str]:
    """Per Ofsted grade: how many get requires improvement or worse, and inadequate."""
    lines = [
        "| Ofsted's grade | councils | evidence: requires improvement or worse "
        "| evidence: inadequate |",
        "|---|---:|---:|---:|",
    ]
    for j, name in enumerate(SHORT):
        mine = [g for g, w in zip(got, want, strict=True) if w == j]
        lines.append(
            f"| {name} | {len(mine)} | {share(sum(g >= RI for g in mine), len(mine))} "
            f"| {share(sum(g == INADEQUATE for g in mine), len(mine))} |"
        )
    return lines


def _rule(steps: list[int]) -> int:
    """assure's overall effectiveness: inadequate if any is, else the middle rounded worse."""
    ranked = sorted(steps)
    return INADEQUATE if ranked[-1] == INADEQUATE else ranked[len(ranked) // 2]


def overall_rules(rows: list[dict[str, str]]) -> list[str]:
    """How Ofsted's overall effectiveness relates to the judgements (aggregate counts only)."""
    n = len(rows)
    four = three = worst = better = leadership = 0
    any_inad = any_inad_o = practice = practice_o = lead = lead_o = 0
    for r in rows:
        steps = [STEP[r[a]] for a in AREAS]
        overall = STEP[r["overall"]]
        four += overall == _rule(steps)
        three += overall == _rule(steps[:3])  # children in care and care leavers counted once
        worst += overall == max(steps)
        better += overall < max(steps)
        leadership += overall == steps[0]
        if max(steps) == INADEQUATE:
            any_inad += 1
            any_inad_o += overall == INADEQUATE
        if max(steps[1:]) == INADEQUATE:
            practice += 1
            practice_o += overall == INADEQUATE
        if steps[0] == INADEQUATE:
            lead += 1
            lead_o += overall == INADEQUATE
    return [
        f"| equals `assure`'s rule applied to the four judgement columns | {share(four, n)} |",
        "| equals the same rule with children in care and care leavers counted once "
        f"| {share(three, n)} |",
        f"| equals the worst judgement | {share(worst, n)} |",
        f"| is better than the worst judgement | {share(better, n)} |",
        f"| equals the leadership judgement | {share(leadership, n)} |",
        f"| is inadequate, where any judgement is inadequate | {share(any_inad_o, any_inad)} |",
        "| is inadequate, where a practice (experiences and progress) judgement is inadequate "
        f"| {share(practice_o, practice)} |",
        f"| is inadequate, where leadership is inadequate | {share(lead_o, lead)} |",
    ]


def render(truth: list[dict[str, str]], by_file: dict[str, dict[str, object]]) -> str:
    want_by = {a: [STEP[r[a]] for r in truth] for a in (*AREAS, "overall")}
    got_by: dict[str, list[int]] = {a: [] for a in (*AREAS, "overall")}
    for r in truth:
        report = by_file[r["file"]]
        grades = [evidence_grade(report, a) for a in AREAS]
        for a, g in zip(AREAS, grades, strict=True):
            got_by[a].append(g)
        got_by["overall"].append(max(grades))
    years = Counter(r["inspection_date"][:4] for r in truth)
    ofsted_overall = Counter(r["overall"] for r in truth)
    n = len(truth)

    out = [
        "# How well the grades go with Ofsted's: the back-test",
        "",
        "Written by `python scripts/validity.py` (do not edit by hand). It runs `assure check` "
        "over "
        f"{n} real ILACS inspections ({min(years)}-{max(years)}) and compares, for each judgement, "
        "the grade the council's published figures support with the grade Ofsted gave.",
        "",
        "## AUC per judgement",
        "",
        "AUC: the chance that a council Ofsted judged requires improvement or inadequate gets a "
        "worse evidence grade than one judged good or outstanding (ties count half). 0.5 is "
        "chance, 1.0 perfect.",
        "",
        "| judgement | AUC | judged RI or inadequate | judged good or outstanding |",
        "|---|---:|---:|---:|",
    ]
    for a in (*AREAS, "overall"):
        got, want = got_by[a], want_by[a]
        pos = [g for g, w in zip(got, want, strict=True) if w >= RI]
        neg = [g for g, w in zip(got, want, strict=True) if w < RI]
        out.append(f"| {TITLES[a]} | {auc(pos, neg):.3f} | {len(pos)} | {len(neg)} |")
    out += [
        "",
        "Ofsted's overall effectiveness is compared with the worst evidence grade of the four "
        "areas (as the back-test has always done), not with `assure`'s own overall judgement.",
        "",
        "## Caught and wrongly capped",
        "",
    ]
    got, want = got_by["overall"], want_by["overall"]
    inad = [g for g, w in zip(got, want, strict=True) if w == INADEQUATE]
    outst = [g for g, w in zip(got, want, strict=True) if w == 0]
    ri = [g for g, w in zip(got, want, strict=True) if w == RI]
    good = [g for g, w in zip(got, want, strict=True) if w == 1]
    out += [
        f"- Councils Ofsted judged inadequate overall that get requires improvement or worse: "
        f"**{share(sum(g >= RI for g in inad), len(inad))}**.",
        f"- Councils Ofsted judged outstanding overall that get an inadequate cap: "
        f"**{share(sum(g == INADEQUATE for g in outst), len(outst))}**.",
        f"- Councils Ofsted judged requires improvement overall that get requires improvement or "
        f"worse: **{share(sum(g >= RI for g in ri), len(ri))}**; judged good that do: "
        f"**{share(sum(g >= RI for g in good), len(good))}**; judged good that get an inadequate "
        f"cap: **{share(sum(g == INADEQUATE for g in good), len(good))}**.",
        "",
        "Per judgement, by Ofsted's grade:",
        "",
    ]
    for a in (*AREAS, "overall"):
        out += [f"**{TITLES[a]}**", "", *caught(got_by[a], want_by[a]), ""]
    out += ["## Evidence grade against Ofsted's grade", ""]
    for a in ("overall", *AREAS):
        out += [f"### {TITLES[a]}", "", *table(got_by[a], want_by[a]), ""]
    out += [
        "## Method",
        "",
        f"- **The set.** {n} ILACS inspections (the 2018 framework; the SEFs are checked with "
        "the ilacs-2023 pack) from January 2018 to December 2021, by year: "
        + ", ".join(f"{y}: {c}" for y, c in sorted(years.items()))
        + ". Ofsted's overall grades: "
        + ", ".join(f"{SHORT[STEP[g]]} {ofsted_overall[g]}" for g in GRADES)
        + ". One SEF per inspection, built only from the DfE's published figures for that "
        "council: the latest 30 September workforce snapshot before the inspection and children "
        "in need figures for the year ending 31 March before it. The set and Ofsted's grades are "
        "kept outside the project and read at run time; nothing council by council is recorded "
        "here.",
        "- **The evidence grade.** `assure check --format json --fail-on never` over every SEF. "
        "An area's evidence grade is the worst cap among its findings that judge a stated "
        "figure: every kind but `missing`, `structure`, `self_assessment`, `accepted` and "
        "`cross_check` (the files hold figures only: no claims, evidence, plans or self-grades). "
        '"Overall" is the worst of the four areas.',
        "- **AUC.** Each judgement split in two: requires improvement or inadequate against good "
        "or outstanding.",
        "- **Not fitted.** The thresholds come from the national distribution of each figure "
        "(worst quarter, Tukey's outlier fence, computed per year over all councils) and from "
        "the sources the rules cite, not from these councils' outcomes. Later inspections are "
        "scored the same way on a set the project does not hold.",
        "",
        "## Limits",
        "",
        "- **Figures only.** Inspectors judge practice: case files, children's experiences, "
        "what leaders know. These SEFs hold only the published workforce, children in need and "
        "(where published) children looked after figures; no audit, supervision, oversight or "
        "timeliness figure a council would state, and nothing it wrote. A SEF a council writes "
        "gives the rules far more to judge.",
        "- **Published later than inspectors saw them.** Each figure is the DfE's published "
        "figure for the year before the inspection, released months after the period; "
        "inspectors saw the council's own, more recent data.",
        "- **2018-2021 only.** Tables for children in care and care leavers start with the year "
        "ending March 2021, so most of these SEFs have none, and those two areas are judged on "
        "almost nothing (their AUCs are near chance). Before 2023 Ofsted made one judgement for "
        "children in care and care leavers together; the outcomes repeat it in both columns.",
        "- **Small numbers.** With 18 or so councils at each end, one council moves a share by "
        "five or six points; read the AUCs to about ±0.05.",
        "",
        "## How overall effectiveness is worked out",
        "",
        "`assure` (framework ilacs-2023; `assure.check.grading.overall_effectiveness`) makes "
        "overall effectiveness inadequate when any judgement is inadequate, and otherwise the "
        "middle of the four judgements, rounded towards the worse (the third best of four). It "
        "follows what Ofsted did in the same inspections:",
        "",
        "| Ofsted's overall effectiveness, in these inspections | count |",
        "|---|---:|",
        *overall_rules(truth),
        "",
        "Before 2023 the children in care and care leavers columns repeat one judgement, so of the "
        "four columns two are the same judgement; counted once, the rule gives Ofsted's overall "
        "grade more often.",
        "",
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "shared",
        nargs="?",
        type=Path,
        default=ROOT.parent / "shared",
        help="the shared folder holding backtest/ (default: ../shared beside the project)",
    )
    parser.add_argument(
        "--assure",
        default=str(ROOT / ".venv" / "bin" / "assure"),
        help="the assure executable (default: .venv/bin/assure)",
    )
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        default=ROOT / "docs" / "validity.md",
        help="where to write (default: docs/validity.md)",
    )
    args = parser.parse_args(argv)
    outcomes = args.shared / "backtest" / "outcomes.csv"
    if not outcomes.is_file():
        fail(f"{outcomes}: no back-test outcomes there; give the shared folder as the argument")
    with outcomes.open(newline="", encoding="utf-8") as fh:
        truth = sorted(csv.DictReader(fh), key=lambda r: r["file"])
    files = [args.shared / "backtest" / "sefs" / r["file"] for r in truth]
    missing = [f for f in files if not f.is_file()]
    if missing:
        fail(f"{missing[0]}: listed in outcomes.csv but not there ({len(missing)} missing)")
    by_file = run_check(args.assure, files)
    text = render(truth, by_file)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
