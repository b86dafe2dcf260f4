"""Charts laid out and written in forked worker processes (``report -j N``): a figure
is pickled when it is complete and a worker lays it out and writes its PNG and SVG,
while the parent goes on with the next figure, the tables and the pages. The files
are those one process writes (same figure, same matplotlib settings: the workers are
forked from the parent that set them)."""

from __future__ import annotations

import gc
import multiprocessing
import pickle
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path


def _paint(payload: bytes, stem: str) -> None:
    """Unpickle one figure and write its files (in a worker)."""
    import matplotlib.pyplot as plt

    from comments.reporting.charts import save_figure

    fig = pickle.loads(payload)
    try:
        save_figure(fig, Path(stem))
    finally:
        plt.close(fig)


class Painters:
    """A pool of ``jobs`` forked chart writers (none where fork is not available: the
    figures are then written here, as ``save_figure`` does)."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pool: ProcessPoolExecutor | None = None
        self.pending: list[Future] = []

    def save(self, fig, stem: Path) -> None:
        if self.pool is None and "fork" in multiprocessing.get_all_start_methods():
            gc.freeze()  # what the parent holds stays shared with the workers (no collector pass writes to it)
            try:
                self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("fork"))
                self.pending.append(self.pool.submit(_paint, pickle.dumps(fig), str(stem)))  # forks the workers
            finally:
                gc.unfreeze()
            return
        if self.pool is None:
            from comments.reporting.charts import save_figure

            save_figure(fig, stem)
            return
        self.pending.append(self.pool.submit(_paint, pickle.dumps(fig), str(stem)))

    def wait(self) -> None:
        try:
            for future in self.pending:
                future.result()
        finally:
            self.pending = []
            if self.pool is not None:
                self.pool.shutdown(wait=True, cancel_futures=True)
                self.pool = None
