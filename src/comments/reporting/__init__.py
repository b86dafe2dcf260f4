"""Reporting: tables, charts, prose and HTML written from the analyses.

``write_report(analysis, out, parts=("all",))`` writes a report folder from an
:class:`comments.analyses.Analysis`; ``compare(threads, by="site")`` analyses and
(given ``out``) writes the comparison. Imported lazily, so that importing the package
(as ``comments tree`` does for the tree view) loads no plotting or numeric library.
"""

from __future__ import annotations

from comments.lazy import submodule

__all__ = ["Report", "Section", "compare", "write_report"]


def __getattr__(name: str):
    if name in ("Report", "Section", "write_report"):
        from comments.reporting import report

        return getattr(report, name)
    if name == "compare":
        from comments.reporting.compare_report import compare

        return compare
    return submodule(__name__, name)
