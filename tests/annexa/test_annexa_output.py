"""Outputs: the JSON shape, the text summary, the PII check, and that no output carries a
child's name, date of birth or postcode."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from annexa_helpers import AS_OF

from assure.annexa import FIELDS, annex_a, check_pii, nhs_number_valid, read_workbook

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "self_assessments" / "midshire-annex-a.xlsx"


@pytest.fixture(scope="module")
def pii_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    from gen_annex_a import make_workbook

    path = tmp_path_factory.mktemp("pii") / "with-pii.xlsx"
    expected = make_workbook(path, seed=5, size=700, with_pii=True)
    return path, expected


def test_json_has_the_agreed_shape() -> None:
    result = annex_a(SHIPPED, AS_OF, cp_visit_interval_days=10)
    doc = result.to_json()
    assert list(doc)[:4] == ["format", "file", "as_of", "since"]
    assert {"format", "file", "as_of", "lists", "measures", "problems", "cases"} <= set(doc)
    assert doc["format"] == 1 and doc["as_of"] == "2026-03-31"
    assert doc["lists"]["8"] == {"sheet": "List 8 - Children in care", "rows": result.lists[8].rows}
    for name, m in doc["measures"].items():
        assert name in FIELDS
        assert set(m) == {"value", "numerator", "denominator", "list", "definition"}
    assert set(doc["measures"]) == set(FIELDS)  # the shipped example has every list
    for p in doc["problems"]:
        assert set(p) == {"sheet", "cell", "message"}
    json.dumps(doc)  # serialisable as it is


def test_the_shipped_workbook_is_the_generator_s(tmp_path: Path) -> None:
    from gen_annex_a import make_workbook

    expected = make_workbook(tmp_path / "again.xlsx", seed=2026, size=1500)
    assert (tmp_path / "again.xlsx").read_bytes() == SHIPPED.read_bytes()
    result = annex_a(SHIPPED, expected.as_of, cp_visit_interval_days=10)
    got = {k: (m.numerator, m.denominator) for k, m in result.measures.items()}
    assert {k: got[k] for k in expected.measures} == expected.measures


def test_text_summary_has_figures_and_no_ids() -> None:
    result = annex_a(SHIPPED, AS_OF, cp_visit_interval_days=10)
    text = result.render_text()
    assert "data.children_in_care.visits_in_standard_pct" in text
    assert "Children in care not visited for over 12 weeks:" in text
    for case in result.cases.values():
        for cid in case.ids:
            assert cid not in text
    ids_json = json.dumps(result.to_json(include_ids=True))
    no_ids_json = json.dumps(result.to_json(include_ids=False))
    some = next(c for c in result.cases.values() if c.ids)
    assert f'"{some.ids[0]}"' in ids_json and f'"{some.ids[0]}"' not in no_ids_json


def test_no_output_carries_names_dates_of_birth_or_postcodes(pii_book: tuple[Path, object]) -> None:
    path, expected = pii_book
    result = annex_a(path, AS_OF, cp_visit_interval_days=10)
    outputs = [
        result.render_text(max_problems=10_000),
        json.dumps(result.to_json(include_ids=True)),
        json.dumps(result.to_json(include_ids=False)),
        "\n".join(str(p) for p in check_pii(read_workbook(path))),
    ]
    names, postcodes, dobs = expected.names, expected.postcodes, expected.dobs  # type: ignore[attr-defined]
    assert names and postcodes and dobs
    for out in outputs:
        for name in names:
            assert name not in out
        for code in postcodes:
            assert code not in out
        for dob in dobs:
            assert dob.isoformat() not in out and dob.strftime("%d/%m/%Y") not in out


def test_a_bad_date_of_birth_is_not_echoed(tmp_path: Path) -> None:
    from annexa_helpers import write_book

    path = write_book(
        tmp_path / "a.xlsx",
        {
            "List 7": [
                ["Child Unique ID", "Date of Birth", "Child Protection Plan Start Date"],
                ["1", "31/02/2015", date(2026, 1, 1)],
            ]
        },
    )
    out = annex_a(path, AS_OF).render_text()
    assert "31/02/2015" not in out and "value not shown: personal data" in out


def test_pii_check_names_the_columns(pii_book: tuple[Path, object]) -> None:
    path, _ = pii_book
    warnings = check_pii(read_workbook(path))
    found = {(w.sheet, w.message.split("'")[1]) for w in warnings}
    assert ("List 1 - Contacts", "Child Name") in found
    assert ("List 8 - Children in care", "NHS Number") in found
    assert ("List 8 - Children in care", "Placement postcode") in found
    assert all(w.severity == "warning" for w in warnings)
    line = next(str(w) for w in warnings if "NHS Number" in w.message)
    assert line.startswith(
        f"{path}:List 8 - Children in care!B3: warning: 'NHS Number' holds NHS numbers"
    )


def test_pii_check_spots_nhs_numbers_in_an_unnamed_column(tmp_path: Path) -> None:
    from annexa_helpers import write_book

    path = write_book(
        tmp_path / "a.xlsx",
        {
            "List 7": [
                ["Child Unique ID", "Child Protection Plan Start Date", "Ref"],
                ["1", date(2026, 1, 1), "943 476 5919"],
                ["2", date(2026, 1, 1), "123"],
            ]
        },
    )
    messages = [w.message for w in check_pii(read_workbook(path))]
    assert messages == [
        "'Ref' holds NHS numbers (10 digits with a valid check digit): personal data "
        "that should not be shared beyond the inspection; remove the column before "
        "sending the workbook on"
    ]
    assert check_pii(read_workbook(SHIPPED)) != []  # placement postcodes are in the template


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("9434765919", True),
        ("943 476 5919", True),
        ("9434765918", False),
        ("4010232137", True),
        ("1234567890", False),
        ("12345", False),
    ],
)
def test_nhs_check_digit(number: str, valid: bool) -> None:
    assert nhs_number_valid(number) is valid


def test_computed_figures_point_at_their_column() -> None:
    result = annex_a(SHIPPED, AS_OF, cp_visit_interval_days=10)
    visits = result.measures["data.children_in_care.visits_in_standard_pct"]
    # List 8 has a title row: its headers are on row 3; the visit column is Ofsted's column N
    assert visits.location == "List 8 - Children in care!N3"
    assert visits.column == "Date of Last Social Work Visit"
    assert result.measures["data.front_door.unallocated_cases"].column == "Allocated Worker"


def test_figures_by_sef_field() -> None:
    result = annex_a(SHIPPED, AS_OF)
    figures = result.figures()
    assert "data.help_and_protection.cp_visits_in_standard_pct" not in figures  # needs the SEF
    assert figures["data.front_door.unallocated_cases"] == result.cases["unallocated_cases"].count
    assert all(isinstance(v, (int, float)) for v in figures.values())
