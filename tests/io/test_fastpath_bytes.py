"""The byte scans of the fast path find every row the general path's Python rules would
change (white space ``str.strip`` removes, characters that need escapes or quotes)."""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from comments.io.fastpath_bytes import PY_SPACE, edge_space, patched, picked, rows_holding, rows_starting

#: Text with every kind of white space, quotes, controls and multi-byte characters.
values = st.lists(st.one_of(st.none(), st.text(st.sampled_from(
    list(" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000"
         "a\"\\,<&=ßé„“😉\u200b\x7f\x01")), max_size=6)), max_size=30)


@settings(deadline=None)
@given(values, st.integers(0, 3))
def test_edge_space_holds_every_row_str_strip_changes(texts, cut):
    col = pa.array(texts, pa.string()).slice(cut)  # a slice: offsets that do not start at 0
    found = edge_space(col)
    for value, hit in zip(col.to_pylist(), found):
        if value is not None and value != value.strip():
            assert hit, repr(value)


@settings(deadline=None)
@given(values, st.integers(0, 3), st.sampled_from([1, 2, 3, 7, 1 << 18]))
def test_rows_holding_is_exact_for_ascii_bytes(texts, cut, chunk):
    col = pa.array(texts, pa.string()).slice(cut)
    found = rows_holding(col, b'"\\', below=32, chunk=chunk)  # scanned in chunks of any size
    expected = [v is not None and re.search(r'[\x00-\x1f"\\]', v) is not None for v in col.to_pylist()]
    assert found.tolist() == expected
    found = rows_holding(col, b"<&\n", chunk=chunk)
    assert found.tolist() == [v is not None and re.search("[<&\n]", v) is not None for v in col.to_pylist()]
    starts = rows_starting(col, b"=\t")
    assert starts.tolist() == [bool(v) and v[0] in "=\t" for v in col.to_pylist()]


@settings(deadline=None)
@given(values)
def test_patched_replaces_exactly_the_rows_given(texts):
    col = pa.array(texts, pa.string())
    rows = np.array([i % 3 == 0 for i in range(len(texts))], bool)
    out = patched(col, rows, [f"<{v}>" for v in picked(col, rows)])
    assert out.to_pylist() == [f"<{v}>" if i % 3 == 0 else v for i, v in enumerate(texts)]


def test_the_space_class_is_pythons():
    assert all(re.fullmatch(f"[{PY_SPACE}]", chr(c)) for c in range(0x3001) if chr(c).isspace())
