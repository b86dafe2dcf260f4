""".zst inputs (Pushshift / Arctic Shift dumps): recognised by magic bytes, read line by
line, frames with a 2 GiB window accepted."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

zstandard = pytest.importorskip("zstandard")

from comments.io.sources import open_source  # noqa: E402
from conftest import run  # noqa: E402


def _pushshift(n: int) -> bytes:
    rows = []
    for i in range(n):
        parent = "t3_abc" if i % 3 == 0 else f"t1_c{i - 1}"
        rows.append({"id": f"c{i}", "link_id": "t3_abc", "parent_id": parent, "body": f"Kommentar {i}",
                     "author": f"user{i % 7}", "created_utc": 1600000000 + i, "subreddit": "de", "score": i})
    return "".join(json.dumps(r) + "\n" for r in rows).encode()


def _compress(data: bytes, window_log: int | None = None, level: int = 3) -> bytes:
    """Streamed compression: no content size in the frame header, as the dumps have."""
    if window_log is None:
        compressor = zstandard.ZstdCompressor(level=level, write_content_size=False)
    else:
        params = zstandard.ZstdCompressionParameters(window_log=window_log, compression_level=level,
                                                     write_content_size=False)
        compressor = zstandard.ZstdCompressor(compression_params=params)
    out = io.BytesIO()
    with compressor.stream_writer(out, closefd=False) as writer:
        writer.write(data)
    return out.getvalue()


def _comments(stdout: str) -> list[dict]:
    return [r for r in map(json.loads, stdout.splitlines()) if r["record"] == "comment"]


def test_zst_without_content_size(tmp_path: Path):
    path = tmp_path / "RC_2024-01.zst"
    data = _compress(_pushshift(3000), level=19)
    assert zstandard.get_frame_parameters(data).content_size == zstandard.CONTENTSIZE_UNKNOWN
    path.write_bytes(data)
    result = run("parse", str(path))
    assert result.exit_code == 0, result.stderr
    comments = _comments(result.stdout)
    assert len(comments) == 3000
    assert comments[1]["parent_id"] == "c0" and comments[3]["parent_id"] is None


def test_zst_with_a_2_gib_window(tmp_path: Path):
    data = _compress(_pushshift(2000), window_log=31)
    assert zstandard.get_frame_parameters(data).window_size == 2**31
    with pytest.raises(zstandard.ZstdError, match="too much memory"):  # what default decoders do
        zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)).read(100)
    path = tmp_path / "RS_2023-12.zst"
    path.write_bytes(data)
    result = run("parse", str(path))
    assert result.exit_code == 0, result.stderr
    assert len(_comments(result.stdout)) == 2000


def test_zst_frames_are_read_across(tmp_path: Path):
    whole = _pushshift(1000)
    cut = whole.index(b"\n", len(whole) // 2) + 1
    path = tmp_path / "two-frames.jsonl.zst"
    path.write_bytes(_compress(whole[:cut]) + _compress(whole[cut:]))
    result = run("parse", str(path))
    assert result.exit_code == 0, result.stderr
    assert len(_comments(result.stdout)) == 1000
    assert open_source(str(path)).stem == "two-frames"


def test_zst_is_streamed_over_the_document_limit(tmp_path: Path, monkeypatch):
    from comments.io import streams

    monkeypatch.setattr(streams, "DEFAULT_MAX_INPUT", 1 << 20)  # the default caps documents only (given: every input)
    data = _pushshift(20000)
    assert len(data) > 3 << 20
    path = tmp_path / "big.zst"
    path.write_bytes(_compress(data))
    result = run("parse", str(path))
    assert result.exit_code == 0, result.stderr
    assert len(_comments(result.stdout)) == 20000


def test_damaged_zst_is_one_error(tmp_path: Path):
    """A dump cut short is one error naming its first line not read; its complete lines
    are kept (as a broken line costs only itself), the other input read too."""
    path = tmp_path / "cut.zst"
    path.write_bytes(_compress(_pushshift(5000))[:-100])
    complete = zstandard.ZstdDecompressor().decompressobj().decompress(path.read_bytes()).count(b"\n")
    good = tmp_path / "good.zst"
    good.write_bytes(_compress(_pushshift(10)))
    result = run("parse", str(path), str(good))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and f"{path}:{complete + 1}: " in errors[0] and "zstd" in errors[0], result.stderr
    assert 1000 < complete < 5000 and len(_comments(result.stdout)) == complete  # good.zst's 10 repeat its first 10


def test_zst_fast_path_to_parquet_matches_the_general_path(tmp_path: Path):
    pq = pytest.importorskip("pyarrow.parquet")
    rows = "".join(json.dumps({"id": str(i), "parent_id": str(i - 1) if i % 2 else None, "thread_id": f"t{i // 50}",
                               "text": f"Text {i}", "created_at": 1600000000 + i}) + "\n" for i in range(500))
    path = tmp_path / "generic.jsonl.zst"
    path.write_bytes(_compress(rows.encode(), window_log=31))
    out = tmp_path / "out.parquet"
    assert run("parse", str(path), "-o", str(out)).exit_code == 0
    general = _comments(run("parse", str(path)).stdout)
    table = pq.read_table(out).to_pylist()
    assert [r["id"] for r in table] == [c["id"] for c in general]
    assert [r["parent_id"] for r in table] == [c["parent_id"] for c in general]


@pytest.mark.slow
def test_memory_grows_with_the_comments_kept_not_with_the_file(tmp_path: Path):
    """20,000 lines of 10 KB each (200 MB decompressed, mostly JSON whitespace that no
    record keeps) must be read in far less memory than the file's size. (Fields we do
    not map are kept in ``meta``: they count as comments kept.)"""
    sys = __import__("sys")
    limits = Path(__file__).with_name("test_inputs_limits.py")
    sys.path.insert(0, str(limits.parent))
    try:
        from test_inputs_limits import _peak
    finally:
        sys.path.remove(str(limits.parent))
    filler = " " * 10_000
    compressor = zstandard.ZstdCompressor(level=1, write_content_size=False)
    path = tmp_path / "RC_big.zst"
    with path.open("wb") as handle, compressor.stream_writer(handle) as writer:
        for i in range(20_000):
            row = {"id": f"c{i}", "link_id": "t3_abc", "parent_id": "t3_abc", "body": f"Kommentar {i}",
                   "author": "a", "created_utc": 1600000000 + i, "subreddit": "de"}
            writer.write(json.dumps(row).replace(", ", "," + filler, 1).encode() + b"\n")
    assert path.stat().st_size < 5 << 20
    done, peak = _peak(["parse", "-q", str(path)])
    assert done.returncode == 0, done.stderr
    assert done.stdout.count('"record": "comment"') == 20_000
    assert peak < 150, peak  # MiB: the 200 MB of text never sat in memory
