"""``--format xlsx``: the findings as an Excel workbook (XlsxWriter, the optional extra ``xlsx``).

One sheet, ``Findings``, with the columns of ``--format csv`` (:mod:`assure.output.spreadsheet`),
a frozen header row, a filter on every column and one sheet, ``Areas``, with each file's area
grades. Every cell is written as text (``write_string``): nothing from a SEF becomes a formula.
"""

from __future__ import annotations

import io

from assure.check.findings import Report
from assure.output import Options
from assure.output.spreadsheet import COLUMNS, rows
from assure.sef import areas

WIDTHS = {"message": 60, "recommendation": 60, "source": 50, "title": 40, "threshold": 30}


class MissingDependency(RuntimeError):
    """XlsxWriter is not installed."""


def render_bytes(reports: list[Report], options: Options | None = None) -> bytes:
    try:
        import xlsxwriter  # late: an optional extra, needed only for this format
    except ImportError:
        raise MissingDependency(
            "--format xlsx needs XlsxWriter: pip install 'assure[xlsx]' (or use --format csv)"
        ) from None
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#DDE3EA", "text_wrap": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet = book.add_worksheet("Findings")
    for col, (key, title) in enumerate(COLUMNS):
        sheet.write_string(0, col, title, head)
        sheet.set_column(col, col, WIDTHS.get(key, 16), wrap)
    data = rows(reports)
    for r, row in enumerate(data, start=1):
        for col, (key, _) in enumerate(COLUMNS):
            sheet.write_string(r, col, str(row[key]))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(data), 1), len(COLUMNS) - 1)
    grades = book.add_worksheet("Areas")
    titles = ("File", "Council", "Judgement area", "Evidence supports", "Own grade", "Gaps")
    for col, title in enumerate(titles):
        grades.write_string(0, col, title, head)
        grades.set_column(col, col, 24)
    r = 1
    for report in reports:
        for j in report.judgements.values():
            evidence = j.grade.label if j.assessed else "not assessed"
            own = j.self_grade.label if j.self_grade else "not stated"
            cells = (report.file, report.council, areas.short(j.area), evidence, own)
            for col, value in enumerate(cells):
                grades.write_string(r, col, value)
            grades.write_number(r, 5, len(j.findings))
            r += 1
    book.close()
    return buffer.getvalue()
