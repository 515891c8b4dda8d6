"""Built-in Vietnamese names for the demo school (common names; no real people)."""

from __future__ import annotations

from typing import Final

FAMILY: Final = (
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Huỳnh", "Hoàng",
    "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh",
)  # fmt: skip

MIDDLE_MALE: Final = ("Văn", "Minh", "Quốc", "Gia", "Đức", "Hoàng", "Thành", "Anh", "Hữu", "Tấn")
MIDDLE_FEMALE: Final = (
    "Thị", "Ngọc", "Thanh", "Thu", "Bảo", "Khánh", "Phương", "Mỹ", "Hoài", "Thảo",
)  # fmt: skip

GIVEN_MALE: Final = (
    "An", "Bảo", "Dũng", "Đức", "Huy", "Khoa", "Khang", "Minh", "Nam", "Phúc", "Quân", "Sơn",
    "Tài", "Thắng", "Trí", "Tuấn", "Việt", "Vinh", "Hiếu", "Long", "Khôi", "Lộc", "Phát", "Hòa",
)  # fmt: skip
GIVEN_FEMALE: Final = (
    "Anh", "Ánh", "Chi", "Diệp", "Hà", "Hân", "Hoa", "Hương", "Lan", "Linh", "Mai", "My",
    "Ngân", "Nhi", "Phương", "Quỳnh", "Thảo", "Trang", "Uyên", "Vy", "Yến", "Thư", "Thúy", "Ân",
)  # fmt: skip

BIRTHPLACES: Final = (
    ("079", "Thành phố Hồ Chí Minh"),
    ("079", "Thành phố Hồ Chí Minh"),
    ("079", "Thành phố Hồ Chí Minh"),
    ("080", "Long An"),
    ("083", "Bến Tre"),
    ("075", "Đồng Nai"),
    ("001", "Thành phố Hà Nội"),
    ("048", "Thành phố Đà Nẵng"),
)
"""(pre-2025 province code of birth registration, province name), weighted by repetition."""
