"""Analyses over classified threads: depth, drift, topic and tone statistics, comparisons.

``analyse(threads)`` returns an :class:`Analysis` with one DataFrame per table the
reports write (``TABLES`` describes them), reduced from per-thread ``partial`` results by
``combine``. Imported lazily: the package loads numpy and pandas only when used.
"""

from __future__ import annotations

from comments.lazy import submodule

__all__ = ["Analysis", "TABLES", "analyse", "combine", "partial"]


def __getattr__(name: str):
    if name in __all__:
        from comments.analyses import analysis

        return getattr(analysis, name)
    return submodule(__name__, name)
