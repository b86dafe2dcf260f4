"""streams: one compression map — every compression is recognised by its magic bytes
and decompressed to the same bytes, a cut-off stream is an input error, and plain
bytes pass through untouched."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma

import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from comments.io.streams import Decompressed, compression_of, decompressing
from comments.model.errors import InputError

COMPRESS = {"gzip": gzip.compress, "bzip2": bz2.compress, "xz": lzma.compress,
            "zstd": lambda data: zstandard.ZstdCompressor().compress(data)}


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(COMPRESS)), st.binary(max_size=3000))
def test_every_compression_is_recognised_and_undone(name, data):
    packed = COMPRESS[name](data)
    assert compression_of(packed[:6]) == name
    assert decompressing(io.BytesIO(packed), name).read() == data
    stream = Decompressed(io.BytesIO(packed))
    assert stream.compression == name and stream.read_all(1 << 20) == data


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200).filter(lambda b: compression_of(b[:6]) is None))
def test_plain_bytes_pass_through(data):
    assert decompressing(io.BytesIO(data), None).read() == data
    assert Decompressed(io.BytesIO(data)).read_all(1 << 20) == data


@pytest.mark.parametrize("name", sorted(COMPRESS))
def test_a_cut_off_stream_is_an_input_error(name):
    packed = COMPRESS[name](b"ein Kommentar " * 2000)
    with pytest.raises(InputError, match="damaged or truncated"):
        Decompressed(io.BytesIO(packed[: len(packed) // 2])).read_all(1 << 20)


def test_the_limit_holds_for_whole_documents():
    with pytest.raises(InputError, match="larger than"):
        Decompressed(io.BytesIO(gzip.compress(b"x" * 5000))).read_all(1000)
