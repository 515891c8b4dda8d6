"""Subjects (Môn học) and the subject catalogues of the 2006 and 2018 programmes.

The number of regular scores a subject needs depends on its periods per school year
(TT22/2021 Art. 6; TT58/2011 Art. 8 as amended by TT26/2020), so every subject carries
``periods_per_year``. The catalogues below give the programme's standard allocation; a
school whose own teaching plan (kế hoạch giáo dục) differs builds its own ``Subject``
values — they are plain data.

Sources:
    * 2018 programme: Chương trình GDPT 2018 (Thông tư 32/2018/TT-BGDĐT), time allocation
      per grade; assessment form per TT22/2021/TT-BGDĐT Art. 5.
    * 2006 programme: Chương trình GDPT 2006 (Quyết định 16/2006/QĐ-BGDĐT), time allocation
      per grade; assessment form per TT58/2011/TT-BGDĐT Art. 6 as amended by TT26/2020.

>>> [s.code for s in subject_catalogue("2018", 6) if s.kind is SubjectKind.COMMENT]
['gdtc', 'nghe_thuat', 'nd_gddp', 'hdtn_hn']
>>> find_subject("Toán").code, find_subject("ngoai_ngu_1").name
('toan', 'Ngoại ngữ 1')
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from functools import cache
from typing import Any, Final, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
)

from vnschool_records._text import nfc

__all__ = [
    "KEY_SUBJECT_CODES",
    "Programme",
    "Semester",
    "Subject",
    "SubjectKind",
    "find_subject",
    "subject_catalogue",
]


class Programme(StrEnum):
    """General-education programme (chương trình giáo dục phổ thông) a grade follows."""

    GDPT_2006 = "2006"
    """The 2006 programme, assessed under TT58/2011 (amended by TT26/2020)."""
    GDPT_2018 = "2018"
    """The 2018 programme, assessed under TT22/2021."""


class Semester(IntEnum):
    """Semester (học kì) I or II."""

    ONE = 1
    TWO = 2


_BOTH: Final = (Semester.ONE, Semester.TWO)


class SubjectKind(StrEnum):
    """How a subject is assessed."""

    SCORED = "scored"
    """Comments combined with scores (nhận xét kết hợp điểm số): a 0–10 average."""
    COMMENT = "comment"
    """Comments only (nhận xét): Đạt / Chưa đạt."""


class Subject(BaseModel):
    """Subject (Môn học / hoạt động giáo dục) with its code, kind and periods per year.

    ``semesters`` are the semesters the school teaches it in: both (the default), or one,
    when its teaching plan puts all its periods in one semester; then that semester's
    result is the year's (TT58/2011 Art. 10 cl. 3; under TT22/2021, whose Art. 9 is silent,
    the SDK applies the same rule). The default is left out when a subject is serialized,
    so data written before the field existed reads, dumps and hashes as it did.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(min_length=1, pattern=r"^[a-z0-9_]+$")
    name: str = Field(min_length=1)
    kind: SubjectKind
    periods_per_year: int = Field(ge=1, le=400)
    elective: bool = False
    semesters: tuple[Semester, ...] = _BOTH

    @field_validator("semesters")
    @classmethod
    def _one_or_both(cls, value: tuple[Semester, ...]) -> tuple[Semester, ...]:
        if not value:
            raise ValueError("a subject is taught in semester 1, semester 2 or both")
        return tuple(sorted(set(value)))

    @model_serializer(mode="wrap")
    def _without_default_semesters(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if self.semesters == _BOTH and isinstance(data, dict):
            del data["semesters"]
        return data

    @property
    def scored(self) -> bool:
        """Whether the subject is assessed with scores."""
        return self.kind is SubjectKind.SCORED

    @property
    def only_semester(self) -> Semester | None:
        """The one semester the subject is taught in, or ``None`` when taught in both."""
        return self.semesters[0] if len(self.semesters) == 1 else None


KEY_SUBJECT_CODES: Final = frozenset({"toan", "ngu_van", "ngoai_ngu", "ngoai_ngu_1"})
"""Toán, Ngữ văn and the foreign language: the key subjects of TT58 Art. 13 (as amended
by TT26/2020 Art. 1: "1 trong 3 môn Toán, Ngữ văn, Ngoại ngữ")."""

_S, _C = SubjectKind.SCORED, SubjectKind.COMMENT

# code: (name, kind, periods for each grade of the level, elective)
_Row = tuple[str, SubjectKind, dict[int, int], bool]

_TT22_THCS: Final[dict[str, _Row]] = {
    "ngu_van": ("Ngữ văn", _S, dict.fromkeys((6, 7, 8, 9), 140), False),
    "toan": ("Toán", _S, dict.fromkeys((6, 7, 8, 9), 140), False),
    "ngoai_ngu_1": ("Ngoại ngữ 1", _S, dict.fromkeys((6, 7, 8, 9), 105), False),
    "gdcd": ("Giáo dục công dân", _S, dict.fromkeys((6, 7, 8, 9), 35), False),
    "lich_su_dia_li": ("Lịch sử và Địa lí", _S, dict.fromkeys((6, 7, 8, 9), 105), False),
    "khtn": ("Khoa học tự nhiên", _S, dict.fromkeys((6, 7, 8, 9), 140), False),
    "cong_nghe": ("Công nghệ", _S, {6: 35, 7: 35, 8: 52, 9: 52}, False),
    "tin_hoc": ("Tin học", _S, dict.fromkeys((6, 7, 8, 9), 35), False),
    "gdtc": ("Giáo dục thể chất", _C, dict.fromkeys((6, 7, 8, 9), 70), False),
    "nghe_thuat": ("Nghệ thuật", _C, dict.fromkeys((6, 7, 8, 9), 70), False),
    "nd_gddp": ("Nội dung giáo dục của địa phương", _C, dict.fromkeys((6, 7, 8, 9), 35), False),
    "hdtn_hn": ("Hoạt động trải nghiệm, hướng nghiệp", _C, dict.fromkeys((6, 7, 8, 9), 105), False),
}

_THPT = (10, 11, 12)
_TT22_THPT: Final[dict[str, _Row]] = {
    "ngu_van": ("Ngữ văn", _S, dict.fromkeys(_THPT, 105), False),
    "toan": ("Toán", _S, dict.fromkeys(_THPT, 105), False),
    "ngoai_ngu_1": ("Ngoại ngữ 1", _S, dict.fromkeys(_THPT, 105), False),
    "lich_su": ("Lịch sử", _S, dict.fromkeys(_THPT, 52), False),
    "gdqp_an": ("Giáo dục quốc phòng và an ninh", _S, dict.fromkeys(_THPT, 35), False),
    "dia_li": ("Địa lí", _S, dict.fromkeys(_THPT, 70), True),
    "gd_ktpl": ("Giáo dục kinh tế và pháp luật", _S, dict.fromkeys(_THPT, 70), True),
    "vat_li": ("Vật lí", _S, dict.fromkeys(_THPT, 70), True),
    "hoa_hoc": ("Hoá học", _S, dict.fromkeys(_THPT, 70), True),
    "sinh_hoc": ("Sinh học", _S, dict.fromkeys(_THPT, 70), True),
    "cong_nghe": ("Công nghệ", _S, dict.fromkeys(_THPT, 70), True),
    "tin_hoc": ("Tin học", _S, dict.fromkeys(_THPT, 70), True),
    "gdtc": ("Giáo dục thể chất", _C, dict.fromkeys(_THPT, 70), False),
    "am_nhac": ("Âm nhạc", _C, dict.fromkeys(_THPT, 70), True),
    "mi_thuat": ("Mĩ thuật", _C, dict.fromkeys(_THPT, 70), True),
    "hdtn_hn": ("Hoạt động trải nghiệm, hướng nghiệp", _C, dict.fromkeys(_THPT, 105), False),
    "nd_gddp": ("Nội dung giáo dục của địa phương", _C, dict.fromkeys(_THPT, 35), False),
}

_TT58_THCS: Final[dict[str, _Row]] = {
    "toan": ("Toán", _S, dict.fromkeys((6, 7, 8, 9), 140), False),
    "vat_li": ("Vật lí", _S, dict.fromkeys((6, 7, 8, 9), 35), False),
    "hoa_hoc": ("Hoá học", _S, {8: 70, 9: 70}, False),
    "sinh_hoc": ("Sinh học", _S, {6: 70, 7: 70, 8: 70, 9: 70}, False),
    "ngu_van": ("Ngữ văn", _S, {6: 140, 7: 140, 8: 140, 9: 175}, False),
    "lich_su": ("Lịch sử", _S, {6: 35, 7: 70, 8: 52, 9: 52}, False),
    "dia_li": ("Địa lí", _S, {6: 35, 7: 70, 8: 52, 9: 52}, False),
    "ngoai_ngu": ("Ngoại ngữ", _S, dict.fromkeys((6, 7, 8, 9), 105), False),
    "gdcd": ("Giáo dục công dân", _S, dict.fromkeys((6, 7, 8, 9), 35), False),
    "cong_nghe": ("Công nghệ", _S, {6: 70, 7: 52, 8: 52, 9: 35}, False),
    "tin_hoc": ("Tin học", _S, dict.fromkeys((6, 7, 8, 9), 70), True),
    "the_duc": ("Thể dục", _C, dict.fromkeys((6, 7, 8, 9), 70), False),
    "am_nhac": ("Âm nhạc", _C, dict.fromkeys((6, 7, 8, 9), 35), False),
    "mi_thuat": ("Mĩ thuật", _C, dict.fromkeys((6, 7, 8, 9), 35), False),
}

_TT58_THPT: Final[dict[str, _Row]] = {
    "toan": ("Toán", _S, dict.fromkeys(_THPT, 105), False),
    "vat_li": ("Vật lí", _S, dict.fromkeys(_THPT, 70), False),
    "hoa_hoc": ("Hoá học", _S, dict.fromkeys(_THPT, 70), False),
    "sinh_hoc": ("Sinh học", _S, dict.fromkeys(_THPT, 52), False),
    "tin_hoc": ("Tin học", _S, dict.fromkeys(_THPT, 52), False),
    "ngu_van": ("Ngữ văn", _S, dict.fromkeys(_THPT, 105), False),
    "lich_su": ("Lịch sử", _S, dict.fromkeys(_THPT, 52), False),
    "dia_li": ("Địa lí", _S, dict.fromkeys(_THPT, 52), False),
    "ngoai_ngu": ("Ngoại ngữ", _S, dict.fromkeys(_THPT, 105), False),
    "gdcd": ("Giáo dục công dân", _S, dict.fromkeys(_THPT, 35), False),
    "cong_nghe": ("Công nghệ", _S, dict.fromkeys(_THPT, 52), False),
    "gdqp_an": ("Giáo dục quốc phòng – an ninh", _S, dict.fromkeys(_THPT, 35), False),
    "the_duc": ("Thể dục", _C, dict.fromkeys(_THPT, 70), False),
}

_CATALOGUES: Final = {
    (Programme.GDPT_2018, "THCS"): _TT22_THCS,
    (Programme.GDPT_2018, "THPT"): _TT22_THPT,
    (Programme.GDPT_2006, "THCS"): _TT58_THCS,
    (Programme.GDPT_2006, "THPT"): _TT58_THPT,
}


@cache
def subject_catalogue(
    programme: Programme | Literal["2006", "2018"], grade_level: int
) -> tuple[Subject, ...]:
    """Every subject of a programme taught in a grade, in the học bạ's row order.

    At THPT under the 2018 programme the catalogue lists every elective; a student's
    record carries the four it actually follows.
    """
    prog = Programme(programme)
    if not 6 <= grade_level <= 12:
        raise ValueError(f"grade level {grade_level} is not a secondary grade (6–12)")
    level = "THCS" if grade_level <= 9 else "THPT"
    rows = _CATALOGUES[(prog, level)]
    return tuple(
        Subject(
            code=code,
            name=name,
            kind=kind,
            periods_per_year=periods[grade_level],
            elective=elective,
        )
        for code, (name, kind, periods, elective) in rows.items()
        if grade_level in periods
    )


_BY_KEY: Final[dict[str, tuple[str, str]]] = {}
for _rows in _CATALOGUES.values():
    for _code, (_name, *_rest) in _rows.items():
        _BY_KEY.setdefault(_code, (_code, _name))
        _BY_KEY.setdefault(nfc(_name).casefold(), (_code, _name))
_BY_KEY.setdefault("hóa học", ("hoa_hoc", "Hoá học"))
_BY_KEY.setdefault("tiếng anh", ("ngoai_ngu_1", "Ngoại ngữ 1"))


class _Found(BaseModel):
    code: str
    name: str


def find_subject(code_or_name: str) -> _Found:
    """Look a subject up by code (``"toan"``) or Vietnamese name (``"Toán"``, any case).

    >>> find_subject("hóa học").code
    'hoa_hoc'
    >>> find_subject("Latin")
    Traceback (most recent call last):
    LookupError: no subject with code or name 'Latin' in the built-in catalogues
    """
    hit = _BY_KEY.get(code_or_name) or _BY_KEY.get(nfc(code_or_name).strip().casefold())
    if hit is None:
        raise LookupError(
            f"no subject with code or name {code_or_name!r} in the built-in catalogues"
        )
    return _Found(code=hit[0], name=hit[1])
