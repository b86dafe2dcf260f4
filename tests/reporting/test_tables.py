"""drift_edges.csv written from its columns: the same bytes as writing its rows one by one."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import given, settings, strategies as st

from comments.analyses.edges import COLUMNS, EdgeBlock, Edges
from comments.io.writers import write_table
from comments.reporting.tables import write_edges

HOSTILE = ["=1+1", "+x", "-", "@a", "\tt", "'=x", "'\"q", "a\x00b", "a\rb", "a\nb", 'quo"te', "x,y", "\ud800x", "", "ok",
           "x\x7f", "a\x1fb", "\x0b", "''-1", "'ok", "\u2028", "\x85"]


def _block(site: str, thread: str, ids: list[str], labelsets: list[tuple[str, ...]], seed: int) -> EdgeBlock:
    rng = np.random.default_rng(seed)
    n = len(ids)
    sims = [rng.random(n) for _ in range(3)]
    for s in sims:
        s[rng.random(n) < 0.3] = np.nan
    sims[0][: min(n, 1)] = np.inf  # not finite: written empty, as write_table cleans it
    safe = [i.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for i in ids]  # what pyarrow can hold
    return EdgeBlock(site, thread, pa.array(safe, pa.string()), pa.array(safe[::-1], pa.string()),
                     rng.integers(1, 40, n), labelsets, rng.integers(0, len(labelsets), n),
                     rng.integers(0, len(labelsets), n), rng.integers(-1, 2, n).astype(np.int8),
                     rng.integers(-1, 2, n).astype(np.int8), *sims)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(HOSTILE) | st.text(max_size=6), min_size=0, max_size=30),
       st.sampled_from(HOSTILE), st.integers(0, 1000))
def test_columns_write_the_bytes_rows_do(tmp_path_factory, ids, site, seed):
    folder = tmp_path_factory.mktemp("edges")
    labelsets = [(), ("a",), ("=b", "c"), ("\ud800", "d;e")]
    edges = Edges([_block(site, "=t1", ids, labelsets, seed), _block("x.de", "2", ids[::-1], labelsets, seed + 1)])
    write_table(folder / "rows.csv", COLUMNS, edges.rows())
    write_edges(folder / "columns.csv", COLUMNS, edges)
    assert (folder / "columns.csv").read_bytes() == (folder / "rows.csv").read_bytes()


def test_large_blocks_are_written_a_slice_at_a_time(tmp_path, monkeypatch):
    import comments.reporting.tables as tables

    monkeypatch.setattr(tables, "STEP", 7)
    ids = [f"c{i}" for i in range(50)]
    edges = Edges([_block("s", "t", ids, [(), ("a",)], 3)])
    write_table(tmp_path / "rows.csv", COLUMNS, edges.rows())
    write_edges(tmp_path / "columns.csv", COLUMNS, edges)
    assert (tmp_path / "columns.csv").read_bytes() == (tmp_path / "rows.csv").read_bytes()
    assert len((tmp_path / "columns.csv").read_text(encoding="utf-8").splitlines()) == 51
