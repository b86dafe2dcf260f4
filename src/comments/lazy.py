"""Modules of a package imported on first access (PEP 562), so ``import comments`` stays
instant and every documented module is still reachable as an attribute."""

from __future__ import annotations

from typing import Any, Callable


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
