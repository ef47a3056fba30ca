"""Ofsted's Annex A workbook: the lists of children a council gives inspectors, read and turned
into the inspection figures under the SEF's own field names.

Public API::

    read_workbook(path, *, shown=None) -> Workbook            # raises WorkbookError (InputError)
    compute(workbook, as_of, *, since=None, cp_visit_interval_days=None) -> AnnexAResult
    annex_a(path, as_of, *, since=None, cp_visit_interval_days=None, shown=None) -> AnnexAResult
    check_pii(workbook) -> list[CellProblem]                   # warnings only
    AnnexAResult.to_json(include_ids=True) / .render_text()
"""

from assure.annexa.measures import MEASURES, UNALLOCATED_FIELD, annex_a, compute, default_since
from assure.annexa.pii import check_pii, nhs_number_valid
from assure.annexa.problem import CellProblem, WorkbookError
from assure.annexa.result import AnnexAResult, CaseFinding, Measure
from assure.annexa.workbook import ListData, Workbook, read_workbook

FIELDS: tuple[str, ...] = (*(m.field for m in MEASURES), UNALLOCATED_FIELD)

__all__ = [
    "FIELDS",
    "AnnexAResult",
    "CaseFinding",
    "CellProblem",
    "ListData",
    "Measure",
    "Workbook",
    "WorkbookError",
    "annex_a",
    "check_pii",
    "compute",
    "default_since",
    "nhs_number_valid",
    "read_workbook",
]
