"""Limits on memory, not on total size: whole documents up to --max-input-size, line
formats streamed with a per-line cap (and, when the option is given, within it too),
decompression bombs stopped at the limit."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import random
import subprocess
import sys
from pathlib import Path

import pytest

from comments.io import streams
from comments.model.errors import InputError
from comments.io.sources import open_source
from comments.io.streams import format_size, parse_size
from conftest import SEED, run

WXR_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            b'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>t</title>\n')


@pytest.mark.parametrize("text, size", [
    ("512M", 512 << 20), ("2G", 2 << 30), ("2GiB", 2 << 30), ("64k", 64 << 10), ("1.5G", 3 << 29), ("1000", 1000),
])
def test_sizes(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "two gigs", "-1G", "0", "1X"])
def test_bad_sizes(text):
    with pytest.raises(ValueError):
        parse_size(text)


def test_bad_size_option_names_it():
    result = run("parse", "--max-input-size", "lots", str(SEED))
    assert result.exit_code == 2
    assert "--max-input-size" in result.stderr


def _peak(args: list[str], timeout: int = 600) -> tuple[subprocess.CompletedProcess, int]:
    """Run the CLI in a fresh interpreter; its peak resident memory in MiB (VmHWM: of this
    program only, where ru_maxrss would include the forking test process)."""
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc/self/status (Linux) to measure peak memory")
    code = ("import atexit, re, sys\n"
            "hwm = lambda: re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
            "atexit.register(lambda: print('PEAK', hwm(), file=sys.stderr))\n"
            f"sys.argv = ['comments'] + {args!r}\n"
            "from comments.cli import main\nmain()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
    peak = next(int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK"))
    return done, peak // 1024


@pytest.mark.parametrize("suffix, pack", [
    (".gz", lambda d: gzip.compress(d, 1)), (".xz", lambda d: lzma.compress(d, preset=1)),
    (".bz2", lambda d: bz2.compress(d, 1)),
])
def test_decompression_bomb_is_stopped_at_the_limit(tmp_path, suffix, pack):
    size = 256 << 20 if suffix == ".gz" else 48 << 20  # bzip2 and xz compress slowly: a smaller bomb
    bomb = tmp_path / f"bomb.xml{suffix}"
    bomb.write_bytes(pack(WXR_HEAD + b" " * size))
    assert bomb.stat().st_size < size // 100
    _, base = _peak(["parse", str(SEED)])
    done, peak = _peak(["parse", "--max-input-size", "8M", str(bomb), str(SEED)])
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(bomb) in errors[0] and "--max-input-size" in errors[0], done.stderr
    assert '"record": "comment"' in done.stdout  # the good file is still read
    assert peak - base < 80, (peak, base)  # the bomb's megabytes never sat in memory


def test_document_over_the_limit_without_compression(tmp_path):
    big = tmp_path / "big.xml"
    big.write_bytes(WXR_HEAD + b" " * (3 << 20) + b"</channel></rss>")
    result = run("parse", "--max-input-size", "1M", str(big))
    assert result.exit_code == 1
    assert "--max-input-size" in result.stderr and "1 MiB" in result.stderr


def _ndjson(n: int) -> bytes:
    rng = random.Random(n)
    return b"".join(json.dumps({"id": str(i), "parent_id": str(i - 1) if i % 4 else None, "thread_id": "t",
                                "text": f"Kommentar Nummer {i} " + rng.randbytes(100).hex()}).encode() + b"\n"
                    for i in range(n))


def test_line_formats_have_no_total_cap_unless_the_option_is_given(tmp_path):
    data = _ndjson(20000)
    assert len(data) > 4 << 20
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(gzip.compress(data))
    result = run("parse", str(path))  # the default caps whole documents only
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count('"record": "comment"') == 20000
    capped = run("parse", "--max-input-size", "1M", str(path))
    error = capped.stderr.splitlines()[0]  # FILE:LINE: the line where reading stopped
    assert capped.exit_code == 1 and error.startswith(f"error: {path}:") and error.endswith(
        ": input larger than 1 MiB decompressed (gzip), the --max-input-size given (it caps the decompressed size, "
        "and when given, line formats too)")


def _zstd(data: bytes) -> bytes:
    import zstandard

    return zstandard.ZstdCompressor().compress(data)


_PACKERS = {"gzip": (".gz", gzip.compress), "bzip2": (".bz2", bz2.compress), "xz": (".xz", lzma.compress),
            "zstd": (".zst", _zstd)}


@pytest.mark.parametrize("packer", sorted(_PACKERS))
@pytest.mark.parametrize("name", ["export.jsonl", "thread.json", "big.jsonl"])
def test_the_limit_on_a_compressed_input_is_said_to_be_on_its_decompressed_size(tmp_path, packer, name):
    """A 600-byte .gz refused by a 1 KiB limit looked like a wrong message: the error now
    says the limit applies to the decompressed size, naming the compression — for line
    formats and whole documents, read whole with the head (small) or streamed (big)."""
    suffix, pack = _PACKERS[packer]
    data = _ndjson(2000) if name == "big.jsonl" else _SMALL[name].encode("utf-8")
    path = tmp_path / (name + suffix)
    path.write_bytes(pack(data))
    limit = len(data) - 1
    result = run("parse", "--max-input-size", str(limit), str(path))
    assert result.exit_code == 1
    error = result.stderr.splitlines()[0]
    said = f" larger than {format_size(limit)} decompressed ({packer})"
    assert error.startswith(f"error: {path}") and said in error and "decompressed size" in error, error
    plain = tmp_path / name
    plain.write_bytes(data)
    error = run("parse", "--max-input-size", str(limit), str(plain)).stderr.splitlines()[0]
    assert "decompressed" not in error and f" larger than {format_size(limit)}" in error


def test_csv_has_no_total_cap_unless_the_option_is_given(tmp_path):
    rows = "".join(f'{i},{i - 1 if i % 3 else ""},"Zeile {i}, mit Komma"\n' for i in range(20000))
    path = tmp_path / "dump.csv.xz"
    path.write_bytes(lzma.compress(("id,parent_id,text\n" + rows).encode()))
    result = run("parse", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count('"record": "comment"') == 20000
    capped = run("parse", "--max-input-size", "64K", str(path))
    assert capped.exit_code == 1
    assert "input larger than 64 KiB decompressed (xz), the --max-input-size given" in capped.stderr


_SMALL = {  # a few hundred bytes each: read whole with the first block
    "thread.json": '{"id": 7, "title": "Xiaomi sperrt Telefone", "comments": [{"id": 1, "text": "Die Sperre trifft '
                   'die Kunden, nicht die Regierungen."}, {"id": 2, "parent": 1, "text": "Sehe ich auch so."}]}\n',
    "export.jsonl": '{"id": "1", "parent_id": null, "text": "Die Sperre trifft die Kunden, nicht die Regierungen."}\n'
                    '{"id": "2", "parent_id": "1", "text": "Sehe ich auch so. Wer es kauft, dem gehört es."}\n',
    "export.csv": "id;parent_id;text\n1;;Die Sperre trifft die Kunden, nicht die Regierungen.\n"
                  "2;1;Sehe ich auch so. Wer es kauft, dem gehört es.\n",
}


@pytest.mark.parametrize("name", sorted(_SMALL))
@pytest.mark.parametrize("out", [None, "out.jsonl", "out.parquet"])
@pytest.mark.parametrize("packed", [False, True])
def test_a_small_limit_holds_for_small_inputs_on_every_path(tmp_path, name, out, packed):
    """--max-input-size 1 refuses a file of a few hundred bytes (read whole with the head,
    where the limit was never looked at), whether its format is a whole document or lines,
    compressed or not, to stdout (general path) or to a file (the fast path's): one error
    line naming the limit, exit 1; a limit it fits in reads it."""
    data = _SMALL[name].encode("utf-8")
    path = tmp_path / (name + (".gz" if packed else ""))
    path.write_bytes(gzip.compress(data) if packed else data)
    where = ["-o", str(tmp_path / out)] if out else []
    result = run("parse", "--max-input-size", "1", str(path), *where)
    assert result.exit_code == 1
    error = result.stderr.splitlines()[0]
    assert error.startswith(f"error: {path}: ") and " larger than 1 byte" in error and "--max-input-size" in error
    assert run("parse", "--max-input-size", str(len(data)), str(path), *where).exit_code == 0


def test_a_line_over_the_record_cap_is_left_out_naming_the_line(tmp_path, monkeypatch):
    monkeypatch.setattr(streams, "RECORD_LIMIT", 1 << 20)
    path = tmp_path / "long.jsonl"
    path.write_bytes(_ndjson(3) + b'{"id": "9", "text": "' + b"a" * (2 << 20) + b'"}\n' + _ndjson(2))
    result = run("parse", str(path))
    assert result.exit_code == 1
    assert "1 unreadable line was left out (line 4: longer than 1 MiB, the per-record limit" in result.stderr
    assert "5 comments" in result.stderr


def test_a_one_line_bomb_stops_at_the_real_record_cap(tmp_path):
    path = tmp_path / "line-bomb.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"id": "1", "text": "' + b"a" * (160 << 20), 1))
    done, peak = _peak(["parse", str(path), str(SEED)])
    assert done.returncode == 1
    assert "64 MiB" in done.stderr and "line 1" in done.stderr
    assert '"record": "comment"' in done.stdout
    assert peak < 600, peak


class _Counting(io.RawIOBase):
    """A readable that counts what was taken from it."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), len(self.data) - self.pos)
        buffer[:n] = self.data[self.pos:self.pos + n]
        self.pos += n
        return n


def test_lines_are_read_incrementally(tmp_path, monkeypatch):
    data = _ndjson(100000)
    assert len(data) > 20 << 20
    raw = _Counting(gzip.compress(data, 1))
    monkeypatch.setattr("sys.stdin", type("S", (), {"buffer": raw})())
    source = open_source("-")
    source.head_text = source.head()
    lines = iter(source.lines())
    first = [json.loads(next(lines)) for _ in range(10)]
    assert [r["id"] for r in first] == [str(i) for i in range(10)]
    assert raw.pos < len(raw.data) // 4  # the compressed stream was not read to the end
    assert sum(1 for _ in lines) == 100000 - 10


def test_truncated_input_is_an_error(tmp_path):
    path = tmp_path / "cut.xml.xz"
    path.write_bytes(lzma.compress(WXR_HEAD * 2000)[:-40])
    with pytest.raises(InputError, match="truncated"):
        open_source(str(path)).document(1 << 30)


def test_format_size():
    assert format_size(2 << 30) == "2 GiB" and format_size(1536 << 20) == "1.5 GiB" and format_size(10) == "10 bytes" and format_size(1) == "1 byte"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_the_head_never_splits_a_character(tmp_path, encoding):
    from comments.io.sources import HEAD_BYTES

    data = ("Grüße äöü\n" * 60000).encode(encoding)
    assert len(data) > HEAD_BYTES
    for extra in range(4):  # the head ends inside a character for some of these
        path = tmp_path / f"text{extra}.txt"
        path.write_bytes("x".encode(encoding)[-1:] * extra * (encoding == "utf-8") + data)
        source = open_source(str(path))
        head = source.head()
        source.close()
        assert "Grüße" in head[:20] and "Ã" not in head and "\ufffd" not in head


def test_a_yaml_integer_too_long_for_python_is_kept_as_its_digits(tmp_path):
    """An integer of more than 4,300 digits refused the whole YAML file with Python's raw
    ValueError; now it is read as its digits (text) with a note, the rest of the file read."""
    from conftest import run

    path = tmp_path / "comment-1.yml"
    path.write_text(f"_id: {'9' * 5000}\n_parent: page\nname: a\nmessage: hallo\nvotes: {'1' * 4400}\n",
                    encoding="utf-8")
    done = run("parse", str(path))
    assert done.exit_code == 0 and "Traceback" not in done.output, done.output
    (comment,) = [json.loads(line) for line in done.stdout.splitlines() if '"comment"' in line]
    assert comment["id"] == "9" * 5000 and comment["meta"]["votes"] == "1" * 4400 and comment["text"] == "hallo"
    assert "2 integers of more than 4,300 digits (first at line 1): kept as text" in done.stderr


def test_a_parquet_file_with_a_repeated_column_is_one_clean_line(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from conftest import run

    path = tmp_path / "dup.parquet"
    pq.write_table(pa.Table.from_arrays([pa.array(["comment"]), pa.array(["1"]), pa.array(["a"]), pa.array(["b"])],
                                        names=["record", "id", "text", "text"]), path)
    done = run("parse", str(path))
    assert done.exit_code == 1
    assert done.stderr.splitlines()[0] == (f"error: {path}: unreadable Parquet: 1 column name given more than once "
                                           "('text'); our output's columns are distinct")
