"""A Dask client: an existing cluster (``--scheduler`` / ``DASK_SCHEDULER_ADDRESS``) or a
``LocalCluster`` of worker processes made for the run and closed after it."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

from comments.engine import EngineError

ADDRESS_VARIABLE = "DASK_SCHEDULER_ADDRESS"


@contextmanager
def client(scheduler: str | None, workers: int) -> Iterator[object]:
    """A connected ``distributed.Client``; a local cluster of ``workers`` single-threaded
    processes when no scheduler address is given (the classifiers are pure Python: one
    thread per process uses a core each)."""
    try:
        import dask  # noqa: F401
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineError("--engine dask needs Dask: pip install 'comments[dask]'") from None
    address = scheduler or os.environ.get(ADDRESS_VARIABLE) or None
    if address:
        try:
            made = Client(address, timeout="20s")
        except OSError as exc:
            raise EngineError(f"no Dask scheduler at {address}: {exc}") from None
        try:
            yield made
        finally:
            made.close()
        return
    # no dashboard; the scheduler's own HTTP endpoint on a free local port (its default, 8787,
    # is taken by any other cluster on the machine, which Dask warns about on stderr). The
    # workers log only CRITICAL: what fails in a task reaches the client as its exception
    # (our one error line), while their ERROR records are the close racing a heartbeat on a
    # loaded machine — tracebacks under a run that succeeded (dask20).
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}, silence_logs=logging.CRITICAL)
    try:
        with Client(cluster) as made:  # the client closes first, then the cluster
            try:
                yield made
            except KeyboardInterrupt:
                silence_dask()
                raise
    finally:
        with quiet_shutdown():
            cluster.close()


#: The loggers whose records an interrupted run's teardown fills with tracebacks (Dask's,
#: and those of the event loop it runs on): cancelled futures, closed streams.
NOISY = ("distributed", "tornado", "asyncio")


def silence_dask() -> None:
    """After Ctrl-C the process ends with one ``interrupted: …`` line: silence the loggers
    that would print the teardown's tracebacks above it (for the rest of the process)."""
    for name in [*NOISY, *logging.root.manager.loggerDict]:
        if name.split(".")[0] in NOISY:
            logging.getLogger(name).setLevel(logging.CRITICAL + 1)


#: The one message a cluster's close logs on a loaded machine: a worker process given 4 s
#: to stop (Dask's fixed nanny timeout) is killed, its work long done and gathered.
SHUTDOWN_MESSAGE = "Worker process still alive after"


def _not_shutdown(record) -> bool:
    return not str(record.msg).startswith(SHUTDOWN_MESSAGE)


@contextmanager
def quiet_shutdown() -> Iterator[None]:
    """Drop only the nanny's "still alive … killing" warning while a local cluster closes
    (every other message still shows)."""
    nanny = logging.getLogger("distributed.nanny")
    nanny.addFilter(_not_shutdown)
    try:
        yield
    finally:
        nanny.removeFilter(_not_shutdown)
