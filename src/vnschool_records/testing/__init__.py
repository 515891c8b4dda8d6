"""Test kit (Bộ kiểm thử): contract tests vendors run against their sync backend.

:class:`BackendContractTests` is a base class whose name pytest does not collect; subclass
it as ``TestMyBackend`` and implement ``make_backend``. :func:`demo_school` builds a
deterministic, valid school for tests and benchmarks.
"""

from vnschool_records.testing._school import demo_school, edit_scores
from vnschool_records.testing.contract import BackendContractTests

__all__ = ["BackendContractTests", "demo_school", "edit_scores"]
