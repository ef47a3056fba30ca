"""Read an Annex A workbook (.xlsx or .ods) with python-calamine: find the lists, their header
rows and columns, and turn each cell into a typed value, with every problem at its cell.

Nothing is written: the workbook is opened read-only and closed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import python_calamine

from assure.annexa.problem import (
    CellProblem,
    WorkbookError,
    at_cell,
    cell_ref,
    one_line,
    show_value,
    whole_file,
)
from assure.annexa.spec import (
    ColumnSpec,
    ListSpec,
    load_specs,
    normalise_header,
    normalise_value,
    strip_template_prefix,
)

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
HEADER_SEARCH_ROWS = 12
PROBLEMS_PER_COLUMN = 5
_EXCEL_EPOCH = date(1899, 12, 30)
_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]0?0:00(?::00(?:\.0+)?)?)?\s*$")
_YMD = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]0?0:00(?::00(?:\.0+)?)?)?\s*$")
_INT = re.compile(r"^\s*[+]?(\d+)(?:\.0*)?\s*$")
_ID_FLOAT = re.compile(r"^(\d+)\.0+$")
_PENDING: Any = object()  # a cell the fast path could not convert


@dataclass
class ListData:
    """One list as read: typed values by column key, one entry per data row."""

    spec: ListSpec = field(repr=False)
    sheet: str
    header_row: int  # 0-based row index of the headers
    columns: dict[str, int]  # column key -> 0-based column index
    row_index: list[int]  # 0-based sheet row of each data row
    values: dict[str, list[Any]] = field(repr=False)
    missing: list[ColumnSpec] = field(default_factory=list, repr=False)

    @property
    def rows(self) -> int:
        return len(self.row_index)

    def has(self, key: str) -> bool:
        return key in self.columns

    def cell(self, key: str, i: int) -> str:
        return cell_ref(self.row_index[i], self.columns[key])

    def header_cell(self, key: str | None = None) -> str:
        col = self.columns.get(key, 0) if key else 0
        return cell_ref(self.header_row, col)


@dataclass
class Workbook:
    """What was read: the lists found, the sheets, and every problem."""

    path: Path
    shown: str
    lists: dict[int, ListData]
    problems: list[CellProblem]
    sheet_names: list[str]
    raw: dict[str, list[list[Any]]] = field(repr=False, default_factory=dict)
    header_rows: dict[str, int] = field(default_factory=dict)


def _fail(shown: str, message: str) -> WorkbookError:
    return WorkbookError(whole_file(shown, message))


def _open(path: Path, shown: str) -> python_calamine.CalamineWorkbook:
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise _fail(shown, "no such file: give the path of the Annex A workbook") from None
    except IsADirectoryError:
        raise _fail(
            shown, "is a folder, not a workbook: give the Annex A .xlsx or .ods file"
        ) from None
    except OSError as exc:
        raise _fail(shown, f"cannot read the file: {exc.strerror or exc}") from None
    suffix = path.suffix.lower()
    if not head:
        raise _fail(shown, "the file is empty (0 bytes): it is not a workbook")
    if head == OLE_SIGNATURE and suffix != ".xls":
        raise _fail(
            shown,
            "the workbook is password-protected or encrypted: save an unprotected copy "
            "(Excel: File > Info > Protect Workbook > Encrypt with Password, clear it) "
            "and read that",
        )
    if suffix in (".csv", ".tsv", ".txt") or (
        head[:4] != ZIP_SIGNATURE and head != OLE_SIGNATURE and _looks_like_text(path)
    ):
        raise _fail(
            shown,
            "is a CSV or text file, not a workbook: Annex A is a workbook with one sheet per list; "
            "give the .xlsx or .ods file",
        )
    if head[:4] != ZIP_SIGNATURE and head != OLE_SIGNATURE:
        raise _fail(
            shown, "is not a workbook (.xlsx or .ods): the file is corrupt or another format"
        )
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise _fail(shown, "the workbook is password-protected: save an unprotected copy") from None
    except Exception as exc:  # calamine raises several types for damaged files
        reason = one_line(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        raise _fail(
            shown,
            f"cannot be read as a workbook: the file is corrupt or not a spreadsheet ({reason})",
        ) from None


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as handle:
        sample = handle.read(2048)
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def _header_texts(row: list[Any]) -> list[str]:
    return [normalise_header(v) if isinstance(v, str) else "" for v in row]


def match_headers(spec: ListSpec, row: list[Any]) -> dict[str, int]:
    """Column key -> column index for the cells of one row read as headers."""
    texts = _header_texts(row)
    taken: set[int] = set()
    found: dict[str, int] = {}
    for col in spec.columns:  # whole spellings first
        for i, text in enumerate(texts):
            if text and i not in taken and text in col.headers:
                found[col.key] = i
                taken.add(i)
                break
    for col in spec.columns:  # then patterns, for what is left
        if col.key in found or not col.header_patterns:
            continue
        for i, text in enumerate(texts):
            if text and i not in taken and any(p.search(text) for p in col.header_patterns):
                found[col.key] = i
                taken.add(i)
                break
    return found


def _find_header_row(spec: ListSpec, rows: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    best: tuple[int, dict[str, int]] | None = None
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = match_headers(spec, row)
        if len(found) >= 2 and (best is None or len(found) > len(best[1])):
            best = (r, found)
    return best


def _distinctive_keys(specs: dict[int, ListSpec]) -> dict[int, set[str]]:
    counts = Counter(col.key for spec in specs.values() for col in spec.columns)
    return {n: {c.key for c in s.columns if counts[c.key] == 1} for n, s in specs.items()}


def _list_by_name(name: str, specs: dict[int, ListSpec]) -> int | None:
    for number, spec in specs.items():
        if any(p.search(name.strip()) for p in spec.sheet_patterns[:1]):
            return number
    for number, spec in specs.items():
        if any(p.search(name.strip()) for p in spec.sheet_patterns[1:]):
            return number
    return None


def _list_by_headers(
    rows: list[list[Any]], specs: dict[int, ListSpec], distinctive: dict[int, set[str]]
) -> int | None:
    best: tuple[int, int] | None = None
    for number, spec in specs.items():
        for row in rows[:HEADER_SEARCH_ROWS]:
            found = match_headers(spec, row)
            score = len(set(found) & distinctive[number])
            needed = max(2, (len(distinctive[number]) + 1) // 2)
            if score >= needed and (best is None or score > best[1]):
                best = (number, score)
    return best[0] if best else None


class _Parser:
    """Turns one column's cells into typed values, collecting problems (a few per column)."""

    def __init__(self, shown: str, sheet: str) -> None:
        self.shown = shown
        self.sheet = sheet
        self.problems: list[CellProblem] = []

    def column(
        self, col: ColumnSpec, index: int, rows: list[list[Any]], row_index: list[int]
    ) -> list[Any]:
        """One column's typed values. Most cells take a fast path (a real date, a whole
        number, a known category spelling); the rest go through the full conversion."""
        cells = [rows[r][index] if index < len(rows[r]) else "" for r in row_index]
        pending = _PENDING
        if col.type == "date":
            out = [v if v.__class__ is date else pending for v in cells]
        elif col.type == "int":
            out = [
                int(v) if v.__class__ is float and v >= 0 and v.is_integer() else pending
                for v in cells
            ]
        elif col.type == "text":
            out = [(v.strip() or None) if v.__class__ is str else pending for v in cells]
        elif col.type == "category":
            known = col.synonyms
            out = [known.get(v.lower(), pending) if v.__class__ is str else pending for v in cells]
        else:
            out = [pending] * len(cells)
        if not col.blank and col.type == "text":
            out = [pending if v is None else v for v in out]
        convert = {
            "id": _to_id,
            "date": _to_date,
            "int": _to_int,
            "text": _to_text,
            "category": _category_converter(col),
        }[col.type]
        reported = 0
        extra = 0
        first_extra: tuple[int, str] | None = None
        for i, value in enumerate(out):
            if value is not pending:
                continue
            value = cells[i]
            r = row_index[i]
            if value == "" or value is None or (isinstance(value, str) and not value.strip()):
                out[i] = None
                if col.blank:
                    continue
                message = f"{col.name}: is blank; every row needs it"
            else:
                converted, why = convert(value)
                out[i] = converted
                if not why:
                    continue
                shown = "(value not shown: personal data)" if col.personal else show_value(value)
                message = f"{col.name}: {shown} {why}"
            if reported < PROBLEMS_PER_COLUMN:
                self.problems.append(at_cell(self.shown, self.sheet, r, index, message))
                reported += 1
            else:
                extra += 1
                first_extra = first_extra or (r, message)
        if extra and first_extra:
            r, _ = first_extra
            self.problems.append(
                at_cell(
                    self.shown,
                    self.sheet,
                    r,
                    index,
                    f"{col.name}: {extra} more cell(s) with problems in this column (first here)",
                )
            )
        return out


def _to_text(value: Any) -> tuple[Any, str]:
    if isinstance(value, float) and value.is_integer():
        return str(int(value)), ""
    text = str(value).strip()
    return (text or None), ""


def _to_id(value: Any) -> tuple[Any, str]:
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value)), ""
        return None, "is not an id (a number with a fraction)"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value), ""
    if isinstance(value, (date, datetime)):
        return None, "is a date, not an id"
    text = str(value).strip()
    m = _ID_FLOAT.match(text)
    if m:
        return m.group(1), ""
    if not text:
        return None, ""
    return text, ""


def _to_date(value: Any) -> tuple[date | None, str]:
    kind = type(value)
    if kind is date:
        return value, ""
    if kind is datetime:
        return value.date(), ""
    if isinstance(value, str):
        m = _DMY.match(value)
        if m:
            d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            m = _YMD.match(value)
            if not m:
                return None, "is not a date (write dd/mm/yyyy)"
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        try:
            parsed = date(y, mo, d)
        except ValueError:
            return None, "is not a date"
        if not 1900 <= y <= 2100:
            return None, "is not a plausible date"
        return parsed, ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 73051 and float(value).is_integer():  # an Excel serial day, 1900-2099
            return _EXCEL_EPOCH + timedelta(days=int(value)), ""
        return None, "is not a date"
    if isinstance(value, timedelta):
        return None, "is a time, not a date"
    return None, "is not a date"


def _to_int(value: Any) -> tuple[int | None, str]:
    if isinstance(value, bool):
        return None, "is not a whole number"
    if isinstance(value, int):
        return value, ""
    if isinstance(value, float):
        if value.is_integer() and value >= 0:
            return int(value), ""
        return None, "is not a whole number"
    if isinstance(value, str):
        m = _INT.match(value)
        if m:
            return int(m.group(1)), ""
    return None, "is not a whole number"


def _category_converter(col: ColumnSpec) -> Any:
    memo: dict[Any, tuple[str | None, str]] = {}
    synonyms = col.synonyms
    patterns = col.patterns
    codes = col.codes

    def convert(value: Any) -> tuple[str | None, str]:
        hit = memo.get(value)
        if hit is not None:
            return hit
        text, _ = _to_text(value)
        text = str(text or "")
        norm = normalise_value(text)
        code = synonyms.get(norm) or synonyms.get(strip_template_prefix(norm))
        if code is None:
            for pcode, pattern in patterns:
                if pattern.search(text):
                    code = pcode
                    break
        if code is None:
            code = col.unmatched
        if code is None:
            listed = ", ".join(codes[:8])
            result: tuple[str | None, str] = (None, f"is not a value this column takes ({listed})")
        else:
            result = (code, "")
        memo[value] = result
        return result

    return convert


def read_workbook(
    path: str | Path, *, shown: str | None = None, specs: dict[int, ListSpec] | None = None
) -> Workbook:
    """Read an Annex A workbook; raise ``WorkbookError`` (an ``InputError``) if it is unusable.

    ``shown`` is how the file is named in problems (default: the path as given).
    """
    path = Path(path)
    shown = shown if shown is not None else str(path)
    specs = specs if specs is not None else load_specs()
    book = _open(path, shown)
    problems: list[CellProblem] = []
    raw: dict[str, list[list[Any]]] = {}
    try:
        names = list(book.sheet_names)
        for name in names:
            try:
                raw[name] = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception as exc:  # a damaged sheet: say so, read the others
                problems.append(
                    at_cell(shown, name, 0, 0, f"cannot read this sheet: {one_line(str(exc))}")
                )
    finally:
        book.close()
    non_empty = {
        n: rows for n, rows in raw.items() if any(any(not _is_blank(v) for v in r) for r in rows)
    }
    if not non_empty:
        if len(raw) == 1:
            only = one_line(next(iter(raw)))
            raise _fail(
                shown, f"the workbook's only sheet '{only}' is empty: no Annex A list in it"
            )
        raise _fail(shown, "every sheet in the workbook is empty: no Annex A list in it")

    claimed: dict[int, str] = {}
    for name in names:
        number = _list_by_name(name, specs)
        if number is None:
            continue
        if number in claimed:
            problems.append(
                at_cell(
                    shown,
                    name,
                    0,
                    0,
                    f"a second sheet for List {number}: read "
                    f"'{one_line(claimed[number])}', not this one",
                    "warning",
                )
            )
            continue
        if name not in non_empty:
            problems.append(
                at_cell(
                    shown,
                    name,
                    0,
                    0,
                    f"the sheet for {specs[number].label} is empty",
                )
            )
            claimed[number] = name
            continue
        claimed[number] = name
    distinctive = _distinctive_keys(specs)
    for name, rows in non_empty.items():
        if name in claimed.values():
            continue
        open_specs = {n: s for n, s in specs.items() if n not in claimed}
        number = _list_by_headers(rows, open_specs, distinctive)
        if number is not None:
            claimed[number] = name
    lists: dict[int, ListData] = {}
    header_rows: dict[str, int] = {}
    for number, name in sorted(claimed.items()):
        sheet_rows = non_empty.get(name)
        if sheet_rows is None:
            continue
        data = _read_list(specs[number], name, sheet_rows, shown, problems)
        if data is not None:
            lists[number] = data
            header_rows[name] = data.header_row
    if not lists:
        found = ", ".join(f"'{one_line(n)}'" for n in names[:6])
        raise _fail(
            shown,
            f"no Annex A list found (sheets: {found}): name each sheet 'List 1' ... 'List 11' "
            "or keep Ofsted's column headers",
        )
    return Workbook(path, shown, lists, problems, names, raw, header_rows)


def _read_list(
    spec: ListSpec, sheet: str, rows: list[list[Any]], shown: str, problems: list[CellProblem]
) -> ListData | None:
    header = _find_header_row(spec, rows)
    if header is None:
        problems.append(
            at_cell(
                shown,
                sheet,
                0,
                0,
                f"no header row for {spec.label} in the first {HEADER_SEARCH_ROWS} rows "
                f"(looked for headers such as '{spec.columns[0].name}')",
            )
        )
        return None
    header_row, columns = header
    row_index = [
        r
        for r in range(header_row + 1, len(rows))
        if any(v != "" and v is not None for v in rows[r])
    ]
    parser = _Parser(shown, sheet)
    values: dict[str, list[Any]] = {}
    for col in spec.columns:
        if col.key in columns:
            values[col.key] = parser.column(col, columns[col.key], rows, row_index)
    problems.extend(parser.problems)
    missing = [c for c in spec.columns if c.key not in columns]
    return ListData(spec, sheet, header_row, columns, row_index, values, missing)
