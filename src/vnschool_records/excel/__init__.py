"""Grade-book workbook (Sổ theo dõi và đánh giá học sinh theo lớp, Excel): write and read back.

The class grade book of TT22/2021/TT-BGDĐT Art. 19 (and its TT58/2011 predecessor, the
sổ gọi tên và ghi điểm) as an ``.xlsx`` workbook that teachers fill in:

* :func:`write_gradebook` — one sheet per subject per semester with the columns the
  applicable regulation requires, student, training/attendance and exemption sheets,
  summary sheets from the year results, locked identity and computed cells, streamed in
  openpyxl's write-only mode;
* :func:`read_gradebook` — the filled workbook back into
  :class:`~vnschool_records.models.StudentYearRecord` values, with every data problem as a
  :class:`~vnschool_records.validation.Finding` at its sheet and cell (:class:`ImportResult`).

This package is the only place the SDK core imports openpyxl; ``import vnschool_records``
does not load it.
"""

from vnschool_records.excel._findings import FINDING_CODES
from vnschool_records.excel._findings_book import write_findings
from vnschool_records.excel._layout import FORMAT_VERSION
from vnschool_records.excel._read import ImportResult, read_gradebook
from vnschool_records.excel._write import GradebookInputError, write_gradebook

__all__ = [
    "FINDING_CODES",
    "FORMAT_VERSION",
    "GradebookInputError",
    "ImportResult",
    "read_gradebook",
    "write_findings",
    "write_gradebook",
]
