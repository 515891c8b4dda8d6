"""vnschool_records: record-keeping policy of Vietnamese secondary schools (THCS, THPT)."""

from vnschool_records._version import __version__

__all__ = ["__version__"]
