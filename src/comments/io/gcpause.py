"""Pause Python's cyclic garbage collector during bulk work.

Reading and classifying create millions of small, acyclic objects; the collector's
repeated scans of them cost more than the work itself (classification runs ~1.6×
faster without them). Reference counting still frees everything as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def frozen() -> Iterator[None]:
    """Everything alive now left out of the collector's scans until the block ends (``gc.freeze``):
    a report's drawing makes enough short-lived matplotlib objects to trigger full collections,
    each scanning the whole analysis held in memory (at 200,000 comments about a second of CPU).
    Cycles are still collected among objects made in the block; nothing is frozen twice."""
    first = gc.get_freeze_count() == 0
    if first:
        gc.freeze()
    try:
        yield
    finally:
        if first:
            gc.unfreeze()
