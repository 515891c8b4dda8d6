"""Province codes of birth registration (Mã tỉnh nơi đăng ký khai sinh): data with sources.

The first three digits of a personal identification number are the code of the province
(or centrally-run city) where the birth was registered. The 63 codes below are those of
Thông tư 07/2016/TT-BCA, Phụ lục 1 — "0" followed by the statistics office's two-digit
province code. They are not contiguous (003, 005, 007, … are unused).

A number is issued for life (Luật Căn cước 2023, Điều 12), so numbers issued before the
2025 merger of provinces keep their codes, and "place of birth registration" decodes to
the province *as it was at registration time*: :data:`PROVINCE_NAMES` therefore keeps the
pre-2025 names. :data:`MERGED_2025` says which of the 34 provincial units of Quyết định
19/2025/QĐ-TTg (after Nghị quyết 202/2025/QH15, in effect 12/6/2025) each old code now
lies in; every new code is one of the old codes, so the 63 codes stay the accepted set.
Which code new birth registrations receive after 1/7/2025 was not found in a published
text; numbers with the old codes keep validating.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

__all__ = ["MERGED_2025", "PROVINCE_NAMES", "PROVINCE_SOURCE", "REFORM_2025_SOURCE"]

PROVINCE_SOURCE: Final = "Thông tư 07/2016/TT-BCA, Phụ lục 1"
REFORM_2025_SOURCE: Final = "Quyết định 19/2025/QĐ-TTg; Nghị quyết 202/2025/QH15"

PROVINCE_NAMES: Final = MappingProxyType(
    {
        "001": "Hà Nội",
        "002": "Hà Giang",
        "004": "Cao Bằng",
        "006": "Bắc Kạn",
        "008": "Tuyên Quang",
        "010": "Lào Cai",
        "011": "Điện Biên",
        "012": "Lai Châu",
        "014": "Sơn La",
        "015": "Yên Bái",
        "017": "Hòa Bình",
        "019": "Thái Nguyên",
        "020": "Lạng Sơn",
        "022": "Quảng Ninh",
        "024": "Bắc Giang",
        "025": "Phú Thọ",
        "026": "Vĩnh Phúc",
        "027": "Bắc Ninh",
        "030": "Hải Dương",
        "031": "Hải Phòng",
        "033": "Hưng Yên",
        "034": "Thái Bình",
        "035": "Hà Nam",
        "036": "Nam Định",
        "037": "Ninh Bình",
        "038": "Thanh Hóa",
        "040": "Nghệ An",
        "042": "Hà Tĩnh",
        "044": "Quảng Bình",
        "045": "Quảng Trị",
        "046": "Thừa Thiên Huế",
        "048": "Đà Nẵng",
        "049": "Quảng Nam",
        "051": "Quảng Ngãi",
        "052": "Bình Định",
        "054": "Phú Yên",
        "056": "Khánh Hòa",
        "058": "Ninh Thuận",
        "060": "Bình Thuận",
        "062": "Kon Tum",
        "064": "Gia Lai",
        "066": "Đắk Lắk",
        "067": "Đắk Nông",
        "068": "Lâm Đồng",
        "070": "Bình Phước",
        "072": "Tây Ninh",
        "074": "Bình Dương",
        "075": "Đồng Nai",
        "077": "Bà Rịa - Vũng Tàu",
        "079": "Hồ Chí Minh",
        "080": "Long An",
        "082": "Tiền Giang",
        "083": "Bến Tre",
        "084": "Trà Vinh",
        "086": "Vĩnh Long",
        "087": "Đồng Tháp",
        "089": "An Giang",
        "091": "Kiên Giang",
        "092": "Cần Thơ",
        "093": "Hậu Giang",
        "094": "Sóc Trăng",
        "095": "Bạc Liêu",
        "096": "Cà Mau",
    }
)
"""The 63 province codes of birth registration and their names before the 2025 merger."""

_NEW_UNITS: Final = {
    "001": ("Thành phố Hà Nội", ("001",)),
    "004": ("Cao Bằng", ("004",)),
    "008": ("Tuyên Quang", ("002", "008")),
    "011": ("Điện Biên", ("011",)),
    "012": ("Lai Châu", ("012",)),
    "014": ("Sơn La", ("014",)),
    "015": ("Lào Cai", ("010", "015")),
    "019": ("Thái Nguyên", ("006", "019")),
    "020": ("Lạng Sơn", ("020",)),
    "022": ("Quảng Ninh", ("022",)),
    "024": ("Bắc Ninh", ("024", "027")),
    "025": ("Phú Thọ", ("017", "025", "026")),
    "031": ("Thành phố Hải Phòng", ("030", "031")),
    "033": ("Hưng Yên", ("033", "034")),
    "037": ("Ninh Bình", ("035", "036", "037")),
    "038": ("Thanh Hóa", ("038",)),
    "040": ("Nghệ An", ("040",)),
    "042": ("Hà Tĩnh", ("042",)),
    "044": ("Quảng Trị", ("044", "045")),
    "046": ("Thành phố Huế", ("046",)),
    "048": ("Thành phố Đà Nẵng", ("048", "049")),
    "051": ("Quảng Ngãi", ("051", "062")),
    "052": ("Gia Lai", ("052", "064")),
    "056": ("Khánh Hòa", ("056", "058")),
    "066": ("Đắk Lắk", ("054", "066")),
    "068": ("Lâm Đồng", ("060", "067", "068")),
    "075": ("Đồng Nai", ("070", "075")),
    "079": ("Thành phố Hồ Chí Minh", ("074", "077", "079")),
    "080": ("Tây Ninh", ("072", "080")),
    "082": ("Đồng Tháp", ("082", "087")),
    "086": ("Vĩnh Long", ("083", "084", "086")),
    "091": ("An Giang", ("089", "091")),
    "092": ("Thành phố Cần Thơ", ("092", "093", "094")),
    "096": ("Cà Mau", ("095", "096")),
}

MERGED_2025: Final = MappingProxyType(
    {old: (new, name) for new, (name, olds) in _NEW_UNITS.items() for old in olds}
)
"""Old code → (code, name) of the provincial unit it belongs to since 1/7/2025."""
