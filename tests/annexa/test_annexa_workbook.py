"""Reading workbooks: lists by sheet name or headers, header variants, dates, ids, positions,
and one clear line (never a traceback) for files that are not a usable Annex A."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from annexa_helpers import AS_OF, WriteBook

from assure.annexa import WorkbookError, annex_a, read_workbook
from assure.annexa.problem import column_letter, show_value
from assure.annexa.spec import SPEC_DIR, load_specs
from assure.base.problems import InputError

LIST8 = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
    "Does the Child have a Disability",
    "Date Started to be Looked After",
    "Child's Category of Need",
    "Is this a second or subsequent period (Y/N)",
    "Start date of current legal status",
    "Child's Legal Status",
    "Date of Latest Statutory Review",
    "Date of Last Social Work Visit",
]


def test_the_problem_line_names_file_sheet_and_cell(book: WriteBook, tmp_path: Path) -> None:
    rows: list[list[Any]] = [LIST8]
    for i in range(12):  # data rows 2..13; the bad date lands in N14
        rows.append(
            [
                f"C{i}",
                "a) Male",
                "a) WBRI",
                date(2012, 1, 1),
                14,
                "b) No",
                "b) No",
                date(2024, 1, 1),
                "N1",
                "b) No",
                date(2024, 1, 1),
                "C2",
                date(2026, 1, 1),
                date(2026, 3, 1),
            ]
        )
    rows.append(
        [
            "C99",
            "b) Female",
            "a) WBRI",
            date(2012, 1, 1),
            14,
            "b) No",
            "b) No",
            date(2024, 1, 1),
            "N1",
            "b) No",
            date(2024, 1, 1),
            "C2",
            date(2026, 1, 1),
            "31/02/2026",
        ]
    )
    path = book({"List 8": rows})
    wb = read_workbook(path, shown="annexa.xlsx")
    assert [str(p) for p in wb.problems] == [
        'annexa.xlsx:List 8!N14: error: Date of Last Social Work Visit: "31/02/2026" is not a date'
    ]
    assert wb.problems[0].to_dict() == {
        "sheet": "List 8",
        "cell": "N14",
        "message": 'Date of Last Social Work Visit: "31/02/2026" is not a date',
    }


def test_text_dates_numeric_ids_header_variants_and_a_title_row(book: WriteBook) -> None:
    rows = [
        ["Midshire: List 7 child protection"],
        [],
        [
            "Child ID",
            "DOB",
            "Age",
            "CP Plan Start Date",
            "Date of Last Statutory Visit",
            "Previous CP Plans",
            "Seen Alone",
        ],
        [7105179, "01/02/2015", 11, "03/10/2025", "25/03/2026", 1, "a) Yes"],
        [7105180.0, date(2014, 5, 6), 11, date(2025, 12, 1), "2026-03-30", "0", "No"],
        ["7105181", "bad", 10, "01/01/2026", "30/03/2026", 0, "Y"],
    ]
    wb = read_workbook(book({"list7": rows}))
    data = wb.lists[7]
    assert data.header_row == 2
    assert data.values["child_id"] == ["7105179", "7105180", "7105181"]
    assert data.values["dob"][:2] == [date(2015, 2, 1), date(2014, 5, 6)]
    assert data.values["cp_start"] == [date(2025, 10, 3), date(2025, 12, 1), date(2026, 1, 1)]
    assert data.values["last_visit"] == [date(2026, 3, 25), date(2026, 3, 30), date(2026, 3, 30)]
    assert data.values["previous_plans"] == [1, 0, 0]
    assert data.values["seen_alone"] == ["yes", "no", "yes"]
    # a bad date of birth is reported at its cell, without showing it
    assert [str(p) for p in wb.problems] == [
        f"{wb.shown}:list7!B6: error: Date of Birth: (value not shown: personal data) "
        "is not a date (write dd/mm/yyyy)"
    ]


@pytest.mark.parametrize(
    "name", ["List 8", "List 8 - Children in care", "list8", "LIST_08", "Children in care"]
)
def test_sheet_name_spellings(book: WriteBook, name: str) -> None:
    wb = read_workbook(
        book(
            {
                name: [
                    ["Child Unique ID", "Date Started to be Looked After"],
                    ["1", date(2025, 1, 1)],
                ]
            }
        )
    )
    assert list(wb.lists) == [8]


def test_list_1_is_not_list_10_or_11(book: WriteBook) -> None:
    header = ["Child Unique ID", "Date of Contact", "Contact Source"]
    wb = read_workbook(
        book(
            {
                "List 10": [
                    [
                        "Child Unique ID",
                        "Date the Child Entered Care",
                        "Date of Decision that Child Should be Placed for Adoption",
                    ]
                ],
                "List 1": [header, ["1", date(2026, 1, 1), "Police"]],
            }
        )
    )
    assert set(wb.lists) == {1, 10}


def test_lists_found_by_headers_when_sheets_are_not_named(book: WriteBook) -> None:
    leavers = [
        [
            "ID",
            "Eligibility Category",
            "LA in Touch",
            "Latest Pathway Plan Review Date",
            "Activity Status",
            "Suitability of Accommodation",
        ],
        ["1", "a) Relevant child", "a) Yes", date(2026, 1, 1), "F1", "a) Suitable"],
    ]
    wb = read_workbook(book({"Sheet1": leavers, "Notes": [["Prepared for inspection"]]}))
    assert list(wb.lists) == [9]
    assert wb.lists[9].sheet == "Sheet1"


def test_control_characters_in_cells_are_escaped(book: WriteBook) -> None:
    rows = [["Child Unique ID", "Date of Contact"], ["1", 'bad\n"date"\x07']]
    wb = read_workbook(book({"List 1": rows}))
    line = str(wb.problems[0])
    assert "\n" not in line and "\x07" not in line
    assert line.endswith(
        '!B2: error: Date of Contact: "bad\\n\\"date\\"\\x07" is not a date (write dd/mm/yyyy)'
    )


def test_show_value_and_column_letters() -> None:
    assert show_value(7105179.0) == '"7105179"'
    assert show_value("x" * 70).endswith('..."')
    assert [column_letter(i) for i in (0, 13, 25, 26, 701)] == ["A", "N", "Z", "AA", "ZZ"]


def _ods(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    def cell(value: Any) -> str:
        if isinstance(value, date):
            return (
                '<table:table-cell office:value-type="date" '
                f'office:date-value="{value.isoformat()}">'
                f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
            )
        if isinstance(value, (int, float)):
            return (
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        text = escape(str(value))
        cell = '<table:table-cell office:value-type="string">'
        return f"{cell}<text:p>{text}</text:p></table:table-cell>"

    tables = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join(
            "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def test_an_ods_workbook(tmp_path: Path) -> None:
    rows = [
        [
            "Child Unique ID",
            "Child Protection Plan Start Date",
            "Date of the Last Statutory Visit",
            "Number of Previous Child Protection Plans",
        ],
        [7105179, date(2025, 11, 3), date(2026, 3, 25), 0],
        ["A2", "01/12/2025", "31/02/2026", 2],
    ]
    path = _ods(tmp_path / "annex.ods", {"List 7 - Child protection": rows})
    result = annex_a(path, AS_OF, cp_visit_interval_days=10)
    m = result.measures["data.help_and_protection.repeat_cp_plans_pct"]
    assert (m.numerator, m.denominator) == (1, 2)
    assert [str(p) for p in result.problems if "not a date" in p.message] == [
        f"{path}:List 7 - Child protection!C3: error: "
        'Date of the Last Statutory Visit: "31/02/2026" is not a date'
    ]


def _fails(path: Path, expected: str) -> None:
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path)
    line = str(caught.value)
    assert "\n" not in line and "Traceback" not in line
    assert line == f"{path}: error: {expected}" or line.startswith(f"{path}: error: {expected}")
    assert isinstance(caught.value, InputError)
    assert [str(p) for p in caught.value.problems] == [line]


def test_not_an_annex_a(book: WriteBook) -> None:
    path = book({"Budget": [["Cost centre", "Amount"], ["CS01", 1200]]})
    _fails(path, "no Annex A list found (sheets: 'Budget')")


def test_a_corrupt_workbook(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    _fails(path, "cannot be read as a workbook: the file is corrupt or not a spreadsheet")


def test_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "list8.csv"
    path.write_text("Child Unique ID,Date of Last Social Work Visit\n1,01/03/2026\n")
    _fails(path, "is a CSV or text file, not a workbook")
    renamed = tmp_path / "list8.xlsx"
    shutil.copy(path, renamed)
    _fails(renamed, "is a CSV or text file, not a workbook")


def test_an_empty_sheet(book: WriteBook) -> None:
    _fails(
        book({"Sheet1": []}), "the workbook's only sheet 'Sheet1' is empty: no Annex A list in it"
    )


def test_an_empty_list_sheet_among_others(book: WriteBook) -> None:
    path = book(
        {
            "List 8": [],
            "List 7": [
                ["Child Unique ID", "Child Protection Plan Start Date"],
                ["1", date(2026, 1, 1)],
            ],
        }
    )
    wb = read_workbook(path)
    assert list(wb.lists) == [7]
    assert f"{path}:List 8!A1: error: the sheet for List 8 (Children in care) is empty" in [
        str(p) for p in wb.problems
    ]


def test_an_encrypted_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "protected.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 4096)
    _fails(path, "the workbook is password-protected or encrypted")


def test_no_such_file_and_empty_file(tmp_path: Path) -> None:
    _fails(tmp_path / "missing.xlsx", "no such file")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    _fails(empty, "the file is empty (0 bytes)")


def test_reading_changes_nothing(book: WriteBook) -> None:
    path = book(
        {
            "List 7": [
                ["Child Unique ID", "Child Protection Plan Start Date"],
                ["1", date(2026, 1, 1)],
            ]
        }
    )
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    annex_a(path, AS_OF)
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before


def test_the_specs_load_and_cover_every_list() -> None:
    specs = load_specs()
    assert sorted(specs) == list(range(1, 12))
    assert len(specs[8].columns) == 34
    assert specs[9].column("in_touch").synonyms["a) yes"] == "yes"


def test_a_broken_spec_is_a_positioned_error(tmp_path: Path) -> None:
    folder = tmp_path / "specs"
    shutil.copytree(SPEC_DIR, folder)
    text = (folder / "list3.yaml").read_text()
    text = text.replace(
        "header_patterns: ['date.*referral', 'referral.*date']",
        "header_patterns: ['date.*(referral']",
    )
    text = text.replace("    type: int\n", "    type: integer\n    colour: red\n", 1)
    (folder / "list3.yaml").write_text(text)
    with pytest.raises(InputError) as caught:
        load_specs(folder)
    lines = str(caught.value).splitlines()
    assert any(
        line.startswith(f"{folder / 'list3.yaml'}:") and "not a valid regular expression" in line
        for line in lines
    )
    assert any("unknown key 'colour'" in line for line in lines)
    assert all(":" in line.split(" error: ")[0] for line in lines)
    bad = folder / "list4.yaml"
    bad.write_text("list: [unclosed\n")
    with pytest.raises(InputError, match=r"list4.yaml:\d+:\d+: error: not valid YAML"):
        load_specs(folder)
