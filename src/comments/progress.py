"""Progress on long work: a bar with count, rate and ETA, in terminals and in Jupyter.

Shown on stderr when it is a terminal or when running in a Jupyter kernel; silent when
``enabled=False`` (``--quiet``, ``progress=False``), or when stderr is a file or pipe, so
logs and CI output never fill with redraws. rich (installed with Typer) draws it, and
renders live in notebooks too. This module imports nothing from the package: every
stage may use it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


def in_notebook() -> bool:
    """True inside a Jupyter kernel (checked without importing IPython)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = ipython.get_ipython() if hasattr(ipython, "get_ipython") else None
    return type(shell).__name__ == "ZMQInteractiveShell"


def wanted(enabled: bool | None = None) -> bool:
    """Resolve a progress setting: explicit wins, else terminal or notebook."""
    if enabled is not None:
        return enabled
    stream = sys.stderr
    return in_notebook() or bool(getattr(stream, "isatty", lambda: False)())


@contextmanager
def task(description: str, total: int | None = None, enabled: bool | None = None) -> Iterator[Callable[[int], None]]:
    """A progress bar for one step; yields ``advance(n)`` (a no-op when silent)."""
    if not wanted(enabled):
        yield lambda n=1: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = [
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _rate_column(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        handle = bar.add_task(description, total=total)
        yield lambda n=1: bar.advance(handle, n)


def _rate_column():
    """Items per second (rich's own speed column is for bytes)."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:  # type: ignore[no-untyped-def]
            speed = task.finished_speed or task.speed
            return Text("" if speed is None else f"{speed:,.0f}/s")

    return Rate()


def track(items: Iterable[T], description: str, total: int | None = None, enabled: bool | None = None) -> Iterator[T]:
    """Iterate ``items`` with a progress bar (``total`` defaults to ``len(items)``)."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with task(description, total=total, enabled=enabled) as advance:
        for item in items:
            yield item
            advance(1)
