"""Bulk work without the cyclic garbage collector (Thu gom rác khi xử lý hàng loạt).

Parsing a district's records or syncing a school allocates hundreds of thousands of small
objects and no reference cycles. With the cyclic collector on, CPython re-scans every live
object each time a generation fills, so the cost grows with everything already built —
half the time of a 20,000-student parse. Reference counting frees all of it anyway. The
SDK's explicit bulk operations therefore pause the collector for their duration and put
it back as they found it, however they end (Mercurial's ``util.nogc`` does the same).

Other threads keep running meanwhile; only cycle collection waits. If two bulk operations
overlap, the collector is back on once the first one that found it on has finished.

A bulk *load* builds objects that live on: ``parse_records``' caller keeps the records; a
sync client keeps its journal's acknowledged state and the items it derived. Left in the
young generation, all of them would be scanned at the first allocation after the
collector is back on (a 20,000-student district: 1.6 million objects, a tenth of the
parse), then again when promoted to the middle generation, and only then rest in the
oldest. ``gc_paused(promote=True)`` moves every tracked object straight to the
oldest generation as it ends (``gc.freeze()`` then ``gc.unfreeze()``: two list splices,
no scan), where full collections look at them as they would at any long-lived data. It
does so only if nothing is frozen already (``gc.get_freeze_count() == 0``), so an
application's own ``gc.freeze()`` is never undone. The cost is that cyclic garbage made
just before or during the block waits for the next full collection.

>>> import gc
>>> with gc_paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["gc_paused"]


@contextlib.contextmanager
def gc_paused(*, promote: bool = False) -> Iterator[None]:
    """Pause the cyclic collector for the block; restore it if it was on.

    ``promote=True``: when the block ends, move the objects it built (and every other
    tracked object) to the oldest generation, unless the application froze objects.

    >>> with gc_paused(promote=True):
    ...     built = [[] for _ in range(1000)]
    >>> gc.get_count()[0] < 1000, gc.get_freeze_count()
    (True, 0)
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if promote and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()
