"""Document layout (Thể thức văn bản): agency lines, margins and signature blocks as data.

Decree 30/2020/NĐ-CP, Appendix I, Part I fixes the elements of an administrative document:
the national motto (ô 1), the agency block (ô 2), number and symbol (ô 3), place and date
(ô 4), title (ô 5), body (ô 6), the signatory's authority and title (ô 7), the seal (ô 8)
and the recipients (ô 9). The *content* of the agency lines depends on who manages the
school — a Phòng GD&ĐT before 1/7/2025, a commune-level People's Committee or the Sở GD&ĐT
after the two-tier reform — so they are data taken from :class:`~vnschool_records.models.School`
and never written into the drawing code.

>>> from vnschool_records.models import School
>>> s = School(code="79000001", name="Trường THCS Bình Khánh", levels=("THCS",),
...            province="Thành phố Hồ Chí Minh", commune="xã Bình Khánh",
...            parent_agency="Ủy ban nhân dân xã Bình Khánh")
>>> lay = Layout.for_school(s)
>>> lay.parent_agency_lines, lay.issuing_agency, lay.place_name
(('ỦY BAN NHÂN DÂN XÃ BÌNH KHÁNH',), 'TRƯỜNG THCS BÌNH KHÁNH', 'Bình Khánh')
>>> SignatureBlock(head_title="Hiệu trưởng", authority=Authority.KT,
...                signer_title="Phó hiệu trưởng", name="Lê Thị Mai").title_lines
('KT. HIỆU TRƯỞNG', 'PHÓ HIỆU TRƯỞNG')
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from vnschool_records.errors import PolicyOptionError
from vnschool_records.models import Name, NfcStr, School
from vnschool_records.render._format import upper_vi

__all__ = ["Authority", "Layout", "Margins", "SignatureBlock"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Margins(BaseModel):
    """Page margins in millimetres; the defaults are Decree 30's minimums (Appendix I, Part I)."""

    model_config = _FROZEN

    top: float = Field(default=20, ge=0)
    bottom: float = Field(default=20, ge=0)
    left: float = Field(default=30, ge=0)
    right: float = Field(default=15, ge=0)


class Authority(StrEnum):
    """Signing authority (quyền hạn ký) printed before the head's title (Decree 30, ô 7a)."""

    KT = "KT."
    """Ký thay: a deputy signs for the head."""
    TM = "TM."
    """Thay mặt: on behalf of a collective body."""
    Q = "Q."
    """Quyền: acting head."""
    TL = "TL."
    """Thừa lệnh: by order of the head."""
    TUQ = "TUQ."
    """Thừa ủy quyền: by the head's authorisation."""


class SignatureBlock(BaseModel):
    """Signature block (ô 7): authority, titles in capitals, the signer's name, the seal.

    ``head_title`` is the title of the head (``"Hiệu trưởng"``). With ``KT.``, ``TM.``,
    ``TL.`` and ``TUQ.`` the person who signs has a title of their own (``signer_title``,
    e.g. ``"Phó hiệu trưởng"``), printed on the second line; ``Q.`` prints only
    ``"Q. HIỆU TRƯỞNG"``.
    """

    model_config = _FROZEN

    head_title: NfcStr = Field(min_length=1)
    name: Name | None = None
    authority: Authority | None = None
    signer_title: NfcStr | None = None
    note: NfcStr | None = None
    """Hint under the title, e.g. "(Ký, ghi rõ họ tên và đóng dấu)"."""
    seal: bool = True

    @model_validator(mode="after")
    def _authority_needs_title(self) -> Self:
        needs_own = self.authority in {Authority.KT, Authority.TM, Authority.TL, Authority.TUQ}
        if needs_own and not self.signer_title:
            raise PolicyOptionError(
                f"authority {self.authority} needs the signer's own title (signer_title), "
                "e.g. 'KT. HIỆU TRƯỞNG' over 'PHÓ HIỆU TRƯỞNG' (Nghị định 30/2020/NĐ-CP, "
                "Phụ lục I, mục 7)"
            )
        if self.authority in {None, Authority.Q} and self.signer_title:
            raise PolicyOptionError(
                f"signer_title {self.signer_title!r} is printed only with KT., TM., TL. or TUQ."
            )
        return self

    @property
    def title_lines(self) -> tuple[str, ...]:
        """The capitalised title lines, authority first."""
        head = upper_vi(self.head_title)
        if self.authority is None:
            return (head,)
        first = f"{self.authority.value} {head}"
        if self.signer_title:
            return (first, upper_vi(self.signer_title))
        return (first,)


_COMMUNE_PREFIX = re.compile(r"^(xã|phường|thị trấn|đặc khu)\s+", re.IGNORECASE)


class Layout(BaseModel):
    """The agency lines, place name and page geometry every document of one school uses.

    ``duplex`` says whether sheets are printed on both sides; it decides how pages are
    counted as sheets (tờ) for the seal across sheets (Decree 30 Art. 33 cl. 1 đ).
    ``verify_url`` is where a reader can check an extract's content hash.
    """

    model_config = _FROZEN

    parent_agency_lines: tuple[NfcStr, ...] = ()
    issuing_agency: NfcStr = Field(min_length=1)
    place_name: NfcStr = Field(min_length=1)
    margins: Margins = Margins()
    duplex: bool = False
    verify_url: NfcStr | None = None

    @classmethod
    def for_school(cls, school: School, **overrides: object) -> Layout:
        """The layout of a school's documents, from the school's own data.

        The parent agency comes from ``School.parent_agency`` (capitalised); the place
        on the date line from ``School.place_name``, else the commune (without "xã",
        "phường"), else the province. No district is assumed anywhere.
        """
        if school.place_name:
            place = school.place_name
        elif school.commune:
            bare = _COMMUNE_PREFIX.sub("", school.commune).strip()
            # A unit named by a number is written in full ("Phường 5"), Decree 30 ô 4.
            place = school.commune[:1].upper() + school.commune[1:] if bare.isdigit() else bare
        else:
            place = school.province
        data: dict[str, object] = {
            "parent_agency_lines": (upper_vi(school.parent_agency),)
            if school.parent_agency
            else (),
            "issuing_agency": upper_vi(school.name),
            "place_name": place,
        }
        data.update(overrides)
        return cls.model_validate(data)
