"""Identifiers (Mã định danh): personal id, student code and school code, same verbs everywhere.

Each module — :mod:`.personal_id`, :mod:`.student_code`, :mod:`.school_code` — exposes
``compact``, ``validate``, ``is_valid`` and ``format`` (the :class:`IdentifierModule`
Protocol, after python-stdnum). ``validate`` returns the compact form or raises an
:class:`~vnschool_records.errors.IdentifierError` subclass that names the part and the rule.

>>> from vnschool_records.identifiers import personal_id
>>> personal_id.is_valid("001205012345")
True
"""

from vnschool_records.identifiers import personal_id, school_code, student_code
from vnschool_records.identifiers._common import CodeFormat, IdentifierModule
from vnschool_records.identifiers._provinces import MERGED_2025, PROVINCE_NAMES
from vnschool_records.identifiers.personal_id import PersonalIdParts

__all__ = [
    "MERGED_2025",
    "PROVINCE_NAMES",
    "CodeFormat",
    "IdentifierModule",
    "PersonalIdParts",
    "personal_id",
    "school_code",
    "student_code",
]
