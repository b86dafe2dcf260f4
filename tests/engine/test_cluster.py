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
