"""Engines that run ``parse`` and ``classify``: ``local`` (one machine, the default,
:mod:`comments.io.pipeline`) and ``dask`` (a Dask cluster, :mod:`comments.engine.run`):
inputs read per file in parallel, threads shuffled by (site, thread) into hash buckets,
each bucket repaired, classified and written on a worker.

Dask is an optional dependency (``pip install 'comments[dask]'``); nothing here imports it
until the Dask engine runs.
"""

from __future__ import annotations

from comments.lazy import submodules

ENGINES = ("local", "dask")


class EngineError(Exception):
    """The engine cannot run as asked (Dask not installed, no scheduler at the address)."""


__getattr__ = submodules(__name__)  # comments.engine.MODULE after ``import comments`` (PEP 562)
