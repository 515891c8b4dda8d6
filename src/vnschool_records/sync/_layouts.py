"""Import workbook layouts (Mẫu tệp nhập CSDL ngành): the columns of each sheet, as data.

No import-template specification is published; these layouts follow the templates schools
and vendors exchange with the sector database (CSDL ngành): the student list keyed by the
MOET student code ("Mã định danh Bộ GD&ĐT"), the per-class, per-subject score sheet
("Mẫu 1": ĐĐGtx1…, ĐĐGgk, ĐĐGck, Nhận xét) and the class summary ("Mẫu 3": one column per
subject, then KQHT and KQRL). Importers find the header row by its text, so a template that
moves or renames a column is a change to these values::

    my_layouts = replace(DEFAULT_LAYOUTS, students=replace(STUDENT_LAYOUT, columns=(...)))

Column sources: ``stt``; ``student:<field>`` (``student_id``, ``full_name``,
``date_of_birth`` written dd/mm/yyyy, ``sex``, ``ethnicity``, ``personal_id``);
``enrolment:<field>`` (``class_name``, ``grade_level``); ``score:<component>``
(``tx1`` …, ``gk``, ``ck``, ``tx1_level`` …, ``comment``); ``result:<field>``
(``learning``, ``training``, ``overall_average``, ``promotion``); ``result:subjects``
(one column per subject, expanded); ``status`` (``Xoá`` for a deleted record).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from vnschool_records.sync._backend import StoredRecord

__all__ = [
    "DEFAULT_LAYOUTS",
    "RESULT_LAYOUT",
    "SCORE_LAYOUT",
    "STUDENT_LAYOUT",
    "ImportColumn",
    "ImportLayout",
    "ImportLayouts",
]


@dataclass(frozen=True, slots=True)
class ImportColumn:
    """One column of an import sheet: its header text and where its value comes from."""

    header: str
    source: str


@dataclass(frozen=True, slots=True)
class ImportLayout:
    """One sheet of an import workbook: name and title patterns, and its columns.

    ``sheet`` and ``title`` may use ``{class_name}``, ``{subject}``, ``{semester}``,
    ``{term}`` and ``{school_year}``.
    """

    sheet: str
    title: str
    columns: tuple[ImportColumn, ...]


@dataclass(frozen=True, slots=True)
class ImportLayouts:
    """The three sheet layouts an :class:`ExcelImportBackend` writes."""

    students: ImportLayout
    scores: ImportLayout
    results: ImportLayout


_C = ImportColumn
_IDENTITY: Final = (
    _C("STT", "stt"),
    _C("Mã định danh Bộ GD&ĐT", "student:student_id"),
    _C("Họ và tên", "student:full_name"),
    _C("Ngày sinh", "student:date_of_birth"),
)

STUDENT_LAYOUT: Final = ImportLayout(
    sheet="HocSinh",
    title="DANH SÁCH HỌC SINH",
    columns=(
        *_IDENTITY,
        _C("Giới tính", "student:sex"),
        _C("Dân tộc", "student:ethnicity"),
        _C("Số định danh cá nhân", "student:personal_id"),
        _C("Lớp học", "enrolment:class_name"),
        _C("Khối học", "enrolment:grade_level"),
        _C("Trạng thái", "status"),
    ),
)

SCORE_LAYOUT: Final = ImportLayout(
    sheet="Diem_{class_name}_{subject}_HK{semester}",
    title="ĐIỂM MÔN {subject} LỚP {class_name} HỌC KÌ {semester} NĂM HỌC {school_year}",
    columns=(
        _C("STT", "stt"),
        _C("Lớp", "enrolment:class_name"),
        *_IDENTITY[1:],
        *(_C(f"ĐĐGtx{i}", f"score:tx{i}") for i in range(1, 6)),
        _C("ĐĐGgk", "score:gk"),
        _C("ĐĐGck", "score:ck"),
        *(_C(f"Mức ĐĐGtx{i}", f"score:tx{i}_level") for i in range(1, 5)),
        _C("Mức ĐĐGgk", "score:gk_level"),
        _C("Mức ĐĐGck", "score:ck_level"),
        _C("Nhận xét", "score:comment"),
    ),
)

RESULT_LAYOUT: Final = ImportLayout(
    sheet="KetQua_{class_name}_{term}",
    title="TỔNG HỢP KẾT QUẢ LỚP {class_name} {term} NĂM HỌC {school_year}",
    columns=(
        *_IDENTITY,
        _C("", "result:subjects"),
        _C("ĐTB", "result:overall_average"),
        _C("KQHT", "result:learning"),
        _C("KQRL", "result:training"),
        _C("Kết quả cuối năm", "result:promotion"),
    ),
)

DEFAULT_LAYOUTS: Final = ImportLayouts(STUDENT_LAYOUT, SCORE_LAYOUT, RESULT_LAYOUT)

Row = list[Any]
Sheet = tuple[str, str, list[str], list[Row]]


def _payload(state: Mapping[str, StoredRecord], key: str) -> dict[str, Any]:
    rec = state.get(key)
    if rec is None or rec.tombstone:
        return {}
    value: dict[str, Any] = json.loads(rec.data)
    return value


def _student_value(student: Mapping[str, Any], field: str) -> Any:
    value = student.get(field)
    if field == "date_of_birth" and isinstance(value, str) and len(value) == 10:
        y, m, d = value.split("-")
        return f"{d}/{m}/{y}"
    return value


class _Sheets:
    def __init__(self) -> None:
        self.names: set[str] = set()

    def name(self, pattern: str, **parts: Any) -> str:
        base = pattern.format(**parts).replace("/", "-")[:31]
        name, n = base, 1
        while name in self.names:
            n += 1
            name = f"{base[: 31 - len(str(n)) - 1]}~{n}"
        self.names.add(name)
        return name


def fill_rows(
    layouts: ImportLayouts, staged: Mapping[str, StoredRecord], state: Mapping[str, StoredRecord]
) -> Iterator[Sheet]:
    """The sheets of one batch's workbook: (name, title, header, rows)."""
    shape = {"student": 2, "enrolment": 3, "score": 6, "semester_result": 4, "year_result": 3}
    other = [
        [key, rec.kind, rec.version, "Xoá" if rec.tombstone else rec.data]
        for key, rec in staged.items()
        if len(key.split("/")) != shape.get(rec.kind, len(key.split("/")))
    ]
    staged = {
        k: r for k, r in staged.items() if len(k.split("/")) == shape.get(r.kind, len(k.split("/")))
    }
    enrol: dict[tuple[str, str], dict[str, Any]] = {}
    latest_enrol: dict[str, tuple[str, dict[str, Any]]] = {}
    for key, rec in state.items():
        if rec.kind == "enrolment" and not rec.tombstone and key.count("/") == 2:
            _, year, sid = key.split("/")
            payload = json.loads(rec.data)
            enrol[(year, sid)] = payload
            if sid not in latest_enrol or latest_enrol[sid][0] < year:
                latest_enrol[sid] = (year, payload)
    names = _Sheets()

    def cell(source: str, sid: str, year: str, extra: Mapping[str, Any], n: int) -> Any:
        kind, _, field = source.partition(":")
        if kind == "stt":
            return n
        if kind == "student":
            return _student_value(_payload(state, f"student/{sid}"), field)
        if kind == "enrolment":
            e = enrol.get((year, sid)) or latest_enrol.get(sid, ("", {}))[1]
            return e.get(field)
        return extra.get(source)

    # students ---------------------------------------------------------------
    touched = sorted(
        {k.split("/")[1] for k, r in staged.items() if r.kind == "student"}
        | {k.split("/")[2] for k, r in staged.items() if r.kind == "enrolment"}
    )
    if touched:
        lay = layouts.students
        rows = []
        for n, sid in enumerate(touched, start=1):
            year = latest_enrol.get(sid, ("", {}))[0]
            srec = state.get(f"student/{sid}")
            status: dict[str, Any] = {
                "status": "Xoá" if srec is not None and srec.tombstone else "Đang học"
            }
            rows.append([cell(c.source, sid, year, status, n) for c in lay.columns])
        yield names.name(lay.sheet), lay.title, [c.header for c in lay.columns], rows

    # scores -------------------------------------------------------------------
    groups: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    for key, rec in staged.items():
        if rec.kind == "score":
            _, year, sid, subject, sem, _comp = key.split("/")
            class_name = str(enrol.get((year, sid), {}).get("class_name", ""))
            groups[(year, class_name, subject, sem)].add(sid)
    lay = layouts.scores
    for (year, class_name, subject, sem), sids in sorted(groups.items()):
        rows = []
        for n, sid in enumerate(sorted(sids), start=1):
            extra: dict[str, Any] = {}
            for c in lay.columns:
                if c.source.startswith("score:"):
                    comp = c.source.split(":", 1)[1]
                    extra[c.source] = _payload(
                        state, f"score/{year}/{sid}/{subject}/{sem}/{comp}"
                    ).get("value")
            rows.append([cell(c.source, sid, year, extra, n) for c in lay.columns])
        parts = {"class_name": class_name, "subject": subject, "semester": sem, "school_year": year}
        yield (
            names.name(lay.sheet, term="", **parts),
            lay.title.format(term="", **parts),
            [c.header for c in lay.columns],
            rows,
        )

    # results ------------------------------------------------------------------
    rgroups: dict[tuple[str, str, str], list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for key, rec in staged.items():
        if rec.kind in ("semester_result", "year_result"):
            parts_ = key.split("/")
            year, sid = parts_[1], parts_[2]
            term = f"HK{parts_[3]}" if rec.kind == "semester_result" else "CN"
            class_name = str(enrol.get((year, sid), {}).get("class_name", ""))
            rgroups[(year, class_name, term)].append((sid, _payload(state, key)))
    lay = layouts.results
    for (year, class_name, term), members in sorted(rgroups.items()):
        subjects: list[str] = []
        for _sid, p in members:
            for code in (*p.get("subject_averages", {}), *p.get("comment_levels", {})):
                if code not in subjects:
                    subjects.append(code)
        header: list[str] = []
        for c in lay.columns:
            header.extend(subjects if c.source == "result:subjects" else [c.header])
        rows = []
        for n, (sid, p) in enumerate(sorted(members), start=1):
            row: list[Any] = []
            extra = {f"result:{k}": v for k, v in p.items() if not isinstance(v, dict | list)}
            for c in lay.columns:
                if c.source == "result:subjects":
                    values = {**p.get("subject_averages", {}), **p.get("comment_levels", {})}
                    row.extend(values.get(code) for code in subjects)
                else:
                    row.append(cell(c.source, sid, year, extra, n))
            rows.append(row)
        parts = {
            "class_name": class_name,
            "term": term,
            "school_year": year,
            "subject": "",
            "semester": "",
        }
        yield names.name(lay.sheet, **parts), lay.title.format(**parts), header, rows
    if other:
        yield "Khac", "THAY ĐỔI KHÁC", ["Khoá", "Loại", "Phiên bản", "Dữ liệu"], other
