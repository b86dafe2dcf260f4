"""A local cluster closes without the nanny's "still alive … killing" warning, which a
loaded machine printed after the README's Dask example; every other message still shows."""

from __future__ import annotations

import logging

import pytest

from comments.engine import cluster


def test_closing_a_local_cluster_drops_only_the_known_shutdown_warning(monkeypatch):
    distributed = pytest.importorskip("distributed")
    nanny = logging.getLogger("distributed.nanny")
    order, seen = [], []

    class Collect(logging.Handler):
        def emit(self, record) -> None:
            seen.append(record.getMessage())

    class FakeCluster:  # what LocalCluster.close() logs when a worker takes over 4 s to stop
        def __init__(self, **options) -> None:
            self.options = options

        def close(self) -> None:
            order.append("cluster")
            nanny.warning("Worker process still alive after 4.0 seconds, killing")
            nanny.warning("Restarting worker")

    class FakeClient:
        def __init__(self, made) -> None:
            self.cluster = made

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            order.append("client")

    monkeypatch.setattr(distributed, "LocalCluster", FakeCluster)
    monkeypatch.setattr(distributed, "Client", FakeClient)
    monkeypatch.delenv(cluster.ADDRESS_VARIABLE, raising=False)
    handler = Collect()
    nanny.addHandler(handler)
    try:
        with cluster.client(None, 1) as made:
            assert made.cluster.options["n_workers"] == 1
        nanny.warning("Worker process still alive after 4.0 seconds, killing")  # outside a close: shown
    finally:
        nanny.removeHandler(handler)
    assert order == ["client", "cluster"]  # the client first, then the cluster
    assert seen == ["Restarting worker", "Worker process still alive after 4.0 seconds, killing"]


def test_an_interrupted_run_silences_the_teardown_and_workers_log_only_critical(monkeypatch):
    """dask20: Ctrl-C printed Dask's and asyncio's teardown tracebacks above the one
    ``interrupted:`` line, and a loaded machine's close printed a worker's heartbeat ERROR
    under a run that succeeded. The workers are made to log only CRITICAL, and an interrupt
    silences the client side's loggers before it goes on."""
    distributed = pytest.importorskip("distributed")
    made_with = {}

    class FakeCluster:
        def __init__(self, **options) -> None:
            made_with.update(options)

        def close(self) -> None:
            logging.getLogger("distributed.client").error("Task exception was never retrieved")

    class FakeClient:
        def __init__(self, made) -> None:
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            logging.getLogger("asyncio").error("Task exception was never retrieved")

    seen = []

    class Collect(logging.Handler):
        def emit(self, record) -> None:
            seen.append(record.name)

    monkeypatch.setattr(distributed, "LocalCluster", FakeCluster)
    monkeypatch.setattr(distributed, "Client", FakeClient)
    monkeypatch.delenv(cluster.ADDRESS_VARIABLE, raising=False)
    names = ["distributed", "distributed.client", "asyncio", "tornado", "tornado.application"]
    levels = {name: logging.getLogger(name).level for name in names}
    handler, leaves = Collect(), ["asyncio", "distributed.client", "tornado.application"]
    for name in leaves:  # Dask's loggers do not propagate to the root
        logging.getLogger(name).addHandler(handler)
    try:
        with cluster.client(None, 2):
            logging.getLogger("asyncio").error("before the interrupt: shown")
        with pytest.raises(KeyboardInterrupt):
            with cluster.client(None, 2):
                raise KeyboardInterrupt
        logging.getLogger("tornado.application").error("after it: silenced")
    finally:
        for name in leaves:
            logging.getLogger(name).removeHandler(handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
    assert made_with["silence_logs"] == logging.CRITICAL
    assert seen == ["asyncio", "asyncio", "distributed.client"]  # the first run's records only
