"""comments — a reader-comment discourse analyzer.

Data flows one way: read (``io``) → rebuild and repair the reply tree (``model``) →
classify (``classification``) → analyse (``analyses``) → report (``reporting``).

The public Python API (README "Python API") is exported here and loaded on first use,
so ``import comments`` and ``comments --help`` stay instant::

    import comments
    corpus = comments.read("data/raw/")
    df = comments.classify(corpus).comments_df()
"""

from __future__ import annotations

from typing import Any

from comments.lazy import submodule

__version__ = "0.1.0"

#: Public names → the module that defines them (imported on first access).
_API = {name: "comments.api" for name in (
    "Corpus", "DaskCorpus", "Evaluation", "ReadError", "Training", "FORMAT_NAMES", "read", "read_text", "classify", "evaluate",
    "train", "analyse", "write_report", "compare", "suggest_taxonomy", "tree",
)}

#: The subpackages, reachable as attributes after ``import comments`` (docs/api.md writes
#: ``comments.analyses.TABLES``, ``comments.reporting.write_report``), imported on first access.
_PACKAGES = ("model", "io", "text", "classification", "analyses", "engine", "reporting", "api", "cli")

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    """Load a public name from its module, or a subpackage, on first access (PEP 562)."""
    module = _API.get(name)
    if module is None:
        return submodule(__name__, name)
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API) | set(_PACKAGES))
