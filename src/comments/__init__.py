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

from typing import Any, Callable

__version__ = "0.1.0"

#: Public names → the module that defines them (imported on first access).
_API = {name: "comments.api" for name in (
    "Corpus", "DaskCorpus", "Evaluation", "ReadError", "Training", "FORMAT_NAMES", "read", "read_text", "classify", "evaluate",
    "train", "analyse", "write_report", "compare",
)}

#: The subpackages, reachable as attributes after ``import comments`` (docs/api.md writes
#: ``comments.analyses.TABLES``, ``comments.reporting.write_report``), imported on first access.
_PACKAGES = ("model", "io", "text", "classification", "analyses", "engine", "reporting", "api", "cli")

__all__ = ["__version__", *_API]


def submodule(package: str, name: str) -> Any:
    """The module ``package.name``, imported on first access (PEP 562); AttributeError when
    there is none. Why: ``comments.io.pipeline`` raised AttributeError until something had
    imported it, and importing every module up front would load pandas at ``import comments``."""
    if not name.startswith("_"):
        import importlib

        try:
            return importlib.import_module(f"{package}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{package}.{name}":
                raise
    raise AttributeError(f"module {package!r} has no attribute {name!r}")


def submodules(package: str) -> Callable[[str], Any]:
    """A package's module ``__getattr__``: its modules imported on first access (:func:`submodule`)."""

    def __getattr__(name: str) -> Any:
        return submodule(package, name)

    return __getattr__


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
