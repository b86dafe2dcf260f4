"""The fast path's (thread, id) lookup against the plain rule it implements."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from comments.io.fastpath_repair import _lookup


def _reference(codes, ids, parents):
    """First row of the thread with the row's id (itself without id); first row of the
    thread whose id is the row's parent id (-1: none)."""
    first_of: dict[tuple, int] = {}
    for row, (code, id_) in enumerate(zip(codes, ids)):
        if id_ is not None:
            first_of.setdefault((code, id_), row)
    first = [row if id_ is None else first_of[(code, id_)] for row, (code, id_) in enumerate(zip(codes, ids))]
    found = [-1 if p is None else first_of.get((code, p), -1) for code, p in zip(codes, parents)]
    return first, found


def test_lookup_matches_the_rule_across_threads_repeats_and_missing_ids():
    # two threads reusing the same ids, a repeated id, id-less rows, a parent only the other thread has
    codes = [0, 0, 0, 0, 0, 1, 1, 1, 1, 2]
    ids = ["1", "2", "2", None, "3", "1", "2", None, "9", "1"]
    parents = [None, "1", "1", "2", "7", None, "1", "9", "3", "1"]
    first, found = _lookup(np.array(codes), pa.array(ids, pa.string()), pa.array(parents, pa.string()))
    assert (first.tolist(), found.tolist()) == _reference(codes, ids, parents)


def test_lookup_on_random_threads():
    rng = np.random.default_rng(7)
    codes = np.sort(rng.integers(0, 40, 3000))
    ids = [None if rng.random() < 0.05 else f"c{rng.integers(0, 60)}" for _ in codes]
    parents = [None if rng.random() < 0.3 else f"c{rng.integers(0, 70)}" for _ in codes]
    first, found = _lookup(codes, pa.array(ids, pa.string()), pa.array(parents, pa.string()))
    assert (first.tolist(), found.tolist()) == _reference(codes.tolist(), ids, parents)


def test_lookup_with_every_id_once_in_the_batch():
    """Ids that never repeat (Reddit's) take the one-hash route: a parent is found only in
    its own thread, id-less rows and unknown or absent parents find nothing."""
    codes = [0, 0, 0, 1, 1, 1, 2, 2]
    ids = ["a", "b", None, "c", "d", "e", None, None]
    parents = [None, "a", "b", "a", "c", "zz", "d", None]  # "a" and "d" live in other threads for rows 3 and 6
    first, found = _lookup(np.array(codes), pa.array(ids, pa.string()), pa.array(parents, pa.string()))
    assert (first.tolist(), found.tolist()) == _reference(codes, ids, parents)
    assert found.tolist() == [-1, 0, 1, -1, 3, -1, -1, -1]
    rng = np.random.default_rng(11)
    codes = np.sort(rng.integers(0, 30, 2000))
    ids = [None if rng.random() < 0.05 else f"t{i}" for i in range(len(codes))]
    parents = [None if rng.random() < 0.3 else f"t{rng.integers(0, 2100)}" for _ in codes]
    first, found = _lookup(codes, pa.array(ids, pa.string()), pa.array(parents, pa.string()))
    assert (first.tolist(), found.tolist()) == _reference(codes.tolist(), ids, parents)


def test_plain_iso_dates_are_read_on_the_bytes_as_the_regex_reads_them():
    """A column of 20-byte dates is checked on its bytes (digits where the form has digits,
    ``--T::Z`` where it has those): the same rows as the regex keeps as they are, also for
    near misses (a letter for a digit, a space for the T, an offset, non-ASCII digits);
    any other column (another length, a null) is left to the regex."""
    import pyarrow.compute as pc

    from comments.io.fastpath_repair import _ISO_AS_IS, _plain_iso

    values = ["2021-09-02T10:00:00Z", "2021-09-02 10:00:00Z", "2021-09-02T10:00:0xZ", "2021-13-99T99:99:99Z",
              "2021-09-02T10:00:00z", "2021-09-02T10:00+0Z", "0000-00-00T00:00:00Z", "2021/09/02T10:00:00Z",
              "٢٠٢١-09-02T10:00Z"[:20], "2021-09-02T10:00:00\n"]
    values = [v for v in values if len(v.encode()) == 20]
    assert len(values) >= 8
    column = pa.array(values)
    assert _plain_iso(column).tolist() == pc.match_substring_regex(column, _ISO_AS_IS).to_pylist()
    assert _plain_iso(pa.array(["2021-09-02T10:00:00Z", None])) is None
    assert _plain_iso(pa.array(["2021-09-02T10:00Z", "2021-09-02T10:00:00Z"])) is None
