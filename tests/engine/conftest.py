"""A LocalCluster of two worker processes, shared by the engine tests (``--scheduler``)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def scheduler():
    """The address of a LocalCluster of two single-threaded worker processes. Dask is in
    the test extra, so these tests never skip in CI."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address
