"""streams: one compression map — every compression is recognised by its magic bytes
and decompressed to the same bytes, a cut-off stream is an input error, and plain
bytes pass through untouched."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import zlib

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


@settings(max_examples=40, deadline=None)
@given(frames=st.lists(st.binary(max_size=5000), min_size=1, max_size=4),
       sizes=st.lists(st.integers(1, 9000), min_size=1, max_size=12))
def test_zstd_reads_of_any_size_give_every_byte_once(frames, sizes):
    """Several frames (one of them maybe a large run that one step decompresses whole),
    read in steps of any size: the bytes in order, each once."""
    import zstandard

    from comments.io.streams import Zstd

    frames = frames + [b"r" * 70_000]
    packed = b"".join(zstandard.ZstdCompressor().compress(f) for f in frames)
    reader, got = Zstd(io.BytesIO(packed)), []
    for size in sizes * 40:
        got.append(reader.read(size))
    got.append(reader.read())
    assert b"".join(got) == b"".join(frames)


@settings(max_examples=60, deadline=None)
@given(frames=st.lists(st.binary(max_size=5000), min_size=1, max_size=4),
       sizes=st.lists(st.tuples(st.integers(0, 9000), st.booleans()), min_size=1, max_size=12),
       cut=st.one_of(st.none(), st.integers(1, 400)))
def test_zstd_readinto_gives_what_read_gives(frames, sizes, cut):
    """``readinto`` (the reads of a buffered reader and of the fast path's blocks) copies
    each step's output straight into the buffer: mixed with ``read`` at any sizes, the
    bytes in order, each once; a stream cut short gives the same bytes as ``read`` alone
    and then nothing, its error kept."""
    import zstandard

    from comments.io.streams import Zstd

    frames = frames + [b"r" * 70_000]
    packed = b"".join(zstandard.ZstdCompressor().compress(f) for f in frames)
    if cut is not None:
        packed = packed[:-cut]
    alone = Zstd(io.BytesIO(packed))
    expected = alone.read()
    reader, got = Zstd(io.BytesIO(packed)), []
    for size, into in sizes * 40:
        if into:
            buffer = bytearray(size + 3)
            n = reader.readinto(memoryview(buffer)[:size])
            assert buffer[size:] == b"\0\0\0"
            got.append(bytes(buffer[:n]))
        else:
            got.append(reader.read(size))
    got.append(reader.read())
    assert b"".join(got) == expected
    assert reader.readinto(bytearray(10)) == 0 and type(reader.error) is type(alone.error)
    if cut is None:
        assert expected == b"".join(frames) and reader.error is None


def test_out_of_memory_in_one_input_is_one_clean_error_line(tmp_path, monkeypatch):
    """A MemoryError while one compressed input is read: one ``error: FILE:LINE: out of
    memory`` line for it, no traceback or SystemError noise, the other inputs written."""
    import json

    import zstandard

    from comments.io import streams
    from conftest import jsonl_records, run

    for name, body in (("RC_a.zst", "erste"), ("RC_b.zst", "BOOM"), ("RC_c.zst", "dritte")):
        rows = [{"id": f"{name[3]}{i}", "link_id": f"t3_{name[3]}", "parent_id": f"t3_{name[3]}", "author": "anna",
                 "subreddit": "de", "created_utc": 1631786400, "body": f"{body} {i}"} for i in range(50)]
        data = "".join(json.dumps(r) + "\n" for r in rows).encode()
        (tmp_path / name).write_bytes(zstandard.ZstdCompressor().compress(data))
    real = streams.Zstd._step

    def step(self):  # (every read, ``read`` or ``readinto``, decompresses by steps)
        data = real(self)
        if data is not None and b"BOOM" in data:
            raise MemoryError
        return data

    monkeypatch.setattr(streams.Zstd, "_step", step)
    out = tmp_path / "out.jsonl"
    result = run("parse", *(str(tmp_path / n) for n in ("RC_a.zst", "RC_b.zst", "RC_c.zst")), "-o", str(out))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "RC_b.zst" in errors[0] and "out of memory while reading" in errors[0], result.stderr
    assert "Traceback" not in result.stderr and "SystemError" not in result.stderr
    kept = {r["thread_id"] for r in jsonl_records(out.read_text()) if r["record"] == "comment"}
    assert kept == {"a", "c"}


INCREMENTAL = {"gzip": lambda: zlib.decompressobj(wbits=31), "bzip2": bz2.BZ2Decompressor,
               "xz": lzma.LZMADecompressor, "zstd": lambda: zstandard.ZstdDecompressor().decompressobj()}
PACK_SMALL_BLOCKS = {**COMPRESS, "bzip2": lambda data: bz2.compress(data, compresslevel=1)}


@pytest.mark.parametrize("name", sorted(COMPRESS))
def test_a_cut_off_stream_gives_every_byte_decompressed_before_the_cut(name):
    """A cut-short ``.gz``/``.xz`` lost every byte of its last 1 MiB read (GzipFile and LZMAFile raise
    and drop what they had gathered; folders21, session 21): every byte the codec can give from the
    bytes before the cut comes first, then the error."""
    lines = b"".join(b'{"id": "%d", "text": "Kommentar Nummer %d zum Artikel, mit ein paar Worten mehr."}\n' % (i, i * 7919)
                     for i in range(60_000))
    packed = PACK_SMALL_BLOCKS[name](lines)
    cut = packed[: len(packed) * 2 // 3]
    expected = INCREMENTAL[name]().decompress(cut)
    assert len(expected) > len(lines) // 2  # the codec gives most of it
    stream, got = Decompressed(io.BytesIO(cut)), []
    with pytest.raises(InputError, match=f"damaged or truncated {name} data"):
        while data := stream.read(1 << 16):
            got.append(data)
    assert b"".join(got) == expected


def test_a_cut_gzipped_jsonl_keeps_every_complete_line_and_names_the_first_lost(tmp_path):
    """End to end: the complete lines are written, the error names the first line not read."""
    from typer.testing import CliRunner

    from comments.cli import app

    rows = [json.dumps({"id": str(i), "thread_id": f"t{i // 10}", "text": f"Ein Kommentar, Nummer {i * 7919}."})
            for i in range(40_000)]
    packed = gzip.compress(("\n".join(rows) + "\n").encode())
    cut = packed[: len(packed) // 2]
    complete = zlib.decompressobj(wbits=31).decompress(cut).count(b"\n")
    (tmp_path / "cut.jsonl.gz").write_bytes(cut)
    out = tmp_path / "o.jsonl"
    result = CliRunner().invoke(app, ["parse", str(tmp_path / "cut.jsonl.gz"), "-o", str(out)])
    assert result.exit_code == 1
    assert f"cut.jsonl.gz:{complete + 1}: damaged or truncated gzip data" in result.output
    written = [json.loads(line) for line in out.read_text().splitlines()]
    assert sum("parent_id" in r for r in written) == complete


def test_gzip_members_one_after_another_and_zero_padding_read_as_gzipfile_reads_them():
    """``cat a.gz b.gz`` is one gzip file; zero bytes after the last member are padding."""
    packed = gzip.compress(b"erste\n") + gzip.compress(b"zweite\n") + bytes(512)
    assert Decompressed(io.BytesIO(packed)).read_all(1 << 20) == b"erste\nzweite\n"
    with pytest.raises(InputError, match="damaged or truncated gzip"):
        Decompressed(io.BytesIO(gzip.compress(b"erste\n") + b"garbage")).read_all(1 << 20)


def test_a_bzip2_bomb_is_read_in_bounded_steps():
    """10^8 zero bytes are 113 bytes of bzip2: no single step decompresses it whole."""
    from comments.io.streams import Bzip2

    reader = Bzip2(io.BytesIO(bz2.compress(bytes(100_000_000))))
    step = reader._step()
    assert step is not None and len(step) <= Bzip2.BOUND


def test_a_gzip_stream_with_an_invalid_deflate_block_is_damaged_data_not_an_unreadable_record(tmp_path):
    """zlib's own complaint (a reserved block type, a distance too far back: a gzip member cut
    short with another after it) was said as "unreadable record (error: …)"."""
    from conftest import run

    data = gzip.compress(b'{"id": "1", "parent_id": null, "text": "x"}\n' * 100)
    path = tmp_path / "damaged.jsonl.gz"
    path.write_bytes(data[:10] + b"\x07" + data[11:])  # BFINAL=1, BTYPE=11 (reserved)
    got = run("parse", str(path))
    assert got.exit_code == 1 and "Traceback" not in got.stderr
    assert f"error: {path}: damaged or truncated gzip data (Error -3 while decompressing data: invalid block type)" \
        in got.stderr
