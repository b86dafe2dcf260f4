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
