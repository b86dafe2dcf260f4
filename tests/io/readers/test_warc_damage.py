"""Web archives with damage, said truly (review23a F5, F10): a byte order mark before a record is no
junk and stray bytes glued to a record's first line cost only those bytes (the record is read); a
record whose first bytes were changed is a damaged record named with its address, never "every record
in the archive was read"; flipped bytes in gzip data are one error line for the file (no zlib lines on
stderr), naming the record they cost; a page whose text does not match its WARC-Block-Digest is left
out, never kept as garbage; a gzip checksum failure is no "break"; a WARC gzipped whole and cut short
is said once. Archives are written at test time with warcio from the team's pages and, where
../shared is present, the html_comments pages of the shared corpus."""

from __future__ import annotations

import gzip
import hashlib
import io
import zipfile
import zlib

import pytest

from comments.io.pipeline import read_inputs
from conftest import CORPORA, run
from test_warc_junk import TEAM, comments_of, records

BOM = b"\xef\xbb\xbf"


def pages_of(where: str) -> list:
    if where == "team":
        return TEAM
    pages = sorted(CORPORA.glob("html_comments/*.html"))[:6]
    if not pages:
        pytest.skip(f"shared corpus not available: {CORPORA}")
    return pages


def clean(tmp_path, pages: list):
    path = tmp_path / "clean.warc"
    path.write_bytes(b"".join(records(pages, gz=False)))
    got = read_inputs([str(path)])
    assert not got.errors and len(got.threads) == len(pages)
    return got


def read_bytes(tmp_path, data: bytes, name: str):
    path = tmp_path / name
    path.write_bytes(data)
    return read_inputs([str(path)])


def wacz(data: bytes, member: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        package.writestr(f"archive/{member}", data)
        package.writestr("datapackage.json", '{"profile": "data-package"}')
    return out.getvalue()


def bom_variants(pages: list) -> dict[str, tuple[bytes, str]]:
    """The pages' WARC with a byte order mark where editors and shells put one."""
    plain, members = b"".join(records(pages, gz=False)), records(pages, gz=True)
    half = len(pages)  # request + response per page: the second half's records
    return {"plain": (BOM + plain, ".warc"),
            "plain, a blank line after the mark": (BOM + b"\r\n" + plain, ".warc"),
            "named .txt": (BOM + plain, ".txt"),
            "one gzip stream holding it": (gzip.compress(BOM + plain), ".warc.gz"),
            "before the gzip data": (BOM + b"".join(members), ".warc.gz"),
            "before one gzip stream": (BOM + gzip.compress(plain), ".warc.gz"),
            "two archives joined, the second with one": (
                b"".join(records(pages, gz=False)[:half]) + BOM + b"".join(records(pages, gz=False)[half:]), ".warc"),
            "in a WACZ": (wacz(BOM + plain, "data.warc"), ".wacz")}


@pytest.mark.parametrize("where", ["team", "corpus"])
def test_a_byte_order_mark_before_a_record_is_no_junk(tmp_path, where):
    """F5: a UTF-8 byte order mark before `WARC/1.0` was "777 bytes where no record starts skipped"
    (the warcinfo record), "every record … was read"; before a later record it cost that record's page.
    Now the record after it is read and nothing is said: a byte order mark holds nothing."""
    pages = pages_of(where)
    want = clean(tmp_path, pages)
    for layout, (data, suffix) in bom_variants(pages).items():
        got = read_bytes(tmp_path, data, "crawl" + suffix)
        assert got.errors == [], layout
        assert comments_of(got) == comments_of(want), layout


@pytest.mark.parametrize("where", ["team", "corpus"])
def test_stray_bytes_glued_to_a_record_cost_only_those_bytes(tmp_path, where):
    """F5: two bytes before a response's `WARC/1.0` (glue2.warc) were "63,319 bytes where no record
    starts skipped … every record in the archive was read" with that page missing. The record after
    them is intact: read, and the two bytes named."""
    pages = pages_of(where)
    want = clean(tmp_path, pages)
    parts = records(pages, gz=False)
    at = len(b"".join(parts[:3]))  # before the second response
    got = read_bytes(tmp_path, b"".join(parts[:3]) + b"xx" + b"".join(parts[3:]), "glued.warc")
    assert comments_of(got) == comments_of(want)
    assert got.errors == [f"{tmp_path / 'glued.warc'}: 2 bytes where no record starts skipped, in 1 place "
                          f"(offset {at:,}, 2 bytes); every record in the archive was read"]


@pytest.mark.parametrize("where", ["team", "corpus"])
def test_a_record_whose_first_bytes_changed_is_a_damaged_record(tmp_path, where):
    """F5: `WARC/1.0` of a response overwritten (`xxRC/1.0`): its bytes to the next record are a
    damaged record left out, named with its address; never "every record … was read"."""
    pages = pages_of(where)
    want = clean(tmp_path, pages)
    parts = records(pages, gz=False)
    at = len(b"".join(parts[:3]))
    got = read_bytes(tmp_path, b"".join(parts[:3]) + b"xxRC" + parts[3][4:] + b"".join(parts[4:]), "changed.warc")
    url = f"https://crawl.example/1/{pages[1].stem}/"
    assert got.errors == [f"{tmp_path / 'changed.warc'}: 1 damaged web archive record left out (offset {at:,} "
                          f"({url}): its first line is no WARC version line (xxRC/1.0)); the other records were read"]
    assert len(got.threads) == len(pages) - 1
    assert set(comments_of(got)) < set(comments_of(want))


def flipped(data: bytes, at: int, count: int = 40) -> bytes:
    return data[:at] + bytes(b ^ 0x5A for b in data[at:at + count]) + data[at + count:]


def garbage_flip(data: bytes, start: int, size: int, garbage) -> bytes:
    """``data`` with 40 bytes flipped at the first place from a third into its compressed stretch
    (``start``, ``size``) where ``garbage`` says zlib decodes them to garbage rather than failing."""
    for at in range(start + size // 3, start + size - 100, 97):
        if garbage(damaged := flipped(data, at)):
            return damaged
    pytest.fail("no flip found that decompresses to garbage")


def no_garbage_kept(tmp_path, damaged: bytes, name: str, want, pages: list) -> str:
    """The archive read: no comment but the clean archive's, a page fewer at least; its one error."""
    got = read_bytes(tmp_path, damaged, name)
    assert set(comments_of(got)) <= set(comments_of(want)) and len(got.threads) < len(pages)
    assert len(got.errors) == 1 and "mojibake" not in "".join(got.notes)
    return got.errors[0]


@pytest.mark.parametrize("where", ["team", "corpus"])
def test_flipped_bytes_in_a_gzip_member_are_one_error_naming_the_record(tmp_path, where):
    """F10: 40 bytes flipped inside a response's gzip member (flip.warc.gz) printed zlib's "Error -3
    while decompressing data" 7 times on stderr and called the record one that "ends 31,625 bytes
    before the length its Content-Length says". Now: one error line naming the record, its address
    and what is wrong with its gzip data; the other records read."""
    pages = pages_of(where)
    want = clean(tmp_path, pages)
    parts = records(pages, gz=True)
    at = len(b"".join(parts[:3]))
    path = tmp_path / "flip.warc.gz"
    path.write_bytes(b"".join(parts[:3]) + flipped(parts[3], len(parts[3]) // 2) + b"".join(parts[4:]))
    got = run("parse", str(path), "-o", str(tmp_path / "out.jsonl"))
    assert "Error -3" not in got.stderr and "Traceback" not in got.stderr and got.exit_code == 1
    errors = [line for line in got.stderr.splitlines() if line.startswith("error:")]
    url = f"https://crawl.example/1/{pages[1].stem}/"
    assert errors == [f"error: {path}: 1 damaged web archive record left out (offset {at:,} ({url}): its gzip "
                      "data " + errors[0].split(": its gzip data ")[1]]
    assert errors[0].endswith("; the other records were read")
    assert any(words in errors[0] for words in ("fails its CRC-32 check", "cannot be decompressed"))
    result = read_inputs([str(path)])
    assert len(result.threads) == len(pages) - 1 and set(comments_of(result)) < set(comments_of(want))


@pytest.mark.parametrize("where", ["team", "corpus"])
def test_flipped_bytes_in_a_one_stream_warc_keep_no_garbage(tmp_path, where):
    """F10: 40 bytes flipped in a WARC gzipped whole (flip1.warc.gz): the page holding the flip was
    read from the garbage zlib gave (1 of 6 comments, its text ending in garbage, flagged only
    mojibake) while the error called it left out, and the CRC failure at the stream's end was said as
    "breaks off after N bytes". Now every comment kept is one of the clean archive's, the damaged page
    is left out, and a checksum failure is said as such."""
    pages = pages_of(where)
    want = clean(tmp_path, pages)
    plain = b"".join(records(pages, gz=False))
    whole = gzip.compress(plain, mtime=0)

    def garbage(damaged: bytes) -> bool:
        try:
            zlib.decompress(damaged, 31)
        except zlib.error as exc:
            return "incorrect data check" in str(exc)
        return False

    error = no_garbage_kept(tmp_path, garbage_flip(whole, 0, len(whole), garbage), "flip1.warc.gz", want, pages)
    assert "breaks off" not in error and "nothing after it could be read" not in error
    assert "the compressed data fails its CRC-32 check (bytes in it were changed after it was written)" in error
    assert "damaged web archive record" in error and "every record in the archive was read" not in error


def test_a_page_whose_text_does_not_match_its_digest_is_left_out(tmp_path):
    """A byte changed inside a page's text in a plain WARC (no gzip check to fail): the page is left out
    as damaged, the others read; a page whose HTTP headers a tool rewrote (its block digest fails, its
    payload digest holds) is read; a digest in base16 or lower case is checked as well."""
    parts = records(TEAM, gz=False)
    want = clean(tmp_path, TEAM)
    body = parts[3].index(b"\r\n\r\n", parts[3].index(b"HTTP/1.1")) + 400
    changed = parts[3][:body] + bytes([parts[3][body] ^ 1]) + parts[3][body + 1:]
    got = read_bytes(tmp_path, b"".join(parts[:3] + [changed] + parts[4:]), "changed.warc")
    url = f"https://crawl.example/1/{TEAM[1].stem}/"
    at = len(b"".join(parts[:3]))
    assert got.errors == [f"{tmp_path / 'changed.warc'}: 1 damaged web archive record left out (offset {at:,} "
                          f"({url}): its text does not match its WARC-Block-Digest (bytes were changed after it was "
                          "captured)); the other records were read"]
    assert len(got.threads) == len(TEAM) - 1
    rewritten = parts[3].replace(b"Content-Type: text/html; charset=UTF-8", b"content-type: text/html; charset=UTF-8")
    assert rewritten != parts[3]
    got = read_bytes(tmp_path, b"".join(parts[:3] + [rewritten] + parts[4:]), "rewritten.warc")
    assert got.errors == [] and comments_of(got) == comments_of(want)
    import base64
    import re
    lower = []
    for part in parts:
        m = re.search(rb"WARC-Block-Digest: sha1:([A-Z2-7]+)", part)
        hexed = base64.b16encode(base64.b32decode(m.group(1))).lower() if m else None
        lower.append(part.replace(m.group(0), b"WARC-Block-Digest: SHA1:" + hexed) if m else part)
    got = read_bytes(tmp_path, b"".join(lower), "hex.warc")
    assert got.errors == [] and comments_of(got) == comments_of(want)


def test_a_cut_one_stream_warc_is_said_once(tmp_path):
    """F10: a WARC gzipped whole and cut short was said twice — "1 damaged web archive record left out
    (offset N: Compressed file ended …)" and "the compressed data breaks off …". Now once, naming the
    record the cut is in."""
    parts = records(TEAM, gz=False)
    whole = gzip.compress(b"".join(parts), mtime=0)
    cut = whole[: len(whole) * 3 // 4]
    got = read_bytes(tmp_path, cut, "cut.warc.gz")
    decompressed = zlib.decompressobj(31).decompress(cut)
    inside = max(i for i in range(len(parts)) if len(b"".join(parts[:i])) < len(decompressed))
    at = len(b"".join(parts[:inside]))
    assert len(got.errors) == 1
    error = got.errors[0]
    assert "damaged web archive record" not in error and error.count("breaks off") == 1
    assert f"the compressed data breaks off after {len(decompressed):,} bytes decompressed (the file ends there), " \
        f"inside the record at offset {at:,} (" in error
    assert error.endswith(": nothing after it could be read; the other records were read")


def test_a_checksum_failing_in_the_trailer_only_loses_nothing(tmp_path):
    """The CRC-32 at the end of a one-stream WARC changed: every record decompresses whole, each page
    matches its digest; said as a failed check, not as data cut off (a gzip reader's last piece before
    the error was lost with it)."""
    want = clean(tmp_path, TEAM)
    whole = gzip.compress(b"".join(records(TEAM, gz=False)), mtime=0)
    got = read_bytes(tmp_path, whole[:-8] + bytes(b ^ 0xFF for b in whole[-8:-4]) + whole[-4:], "crc.warc.gz")
    assert comments_of(got) == comments_of(want)
    assert got.errors == [f"{tmp_path / 'crc.warc.gz'}: the compressed data fails its CRC-32 check (bytes in it "
                          f"were changed after it was written): {len(TEAM)} pages read from it match their "
                          "WARC-Block-Digest; every record in the archive was read"]


def deflated_wacz(plain: bytes) -> tuple[bytes, int, int]:
    """A WACZ deflating its WARC (as a zip tool repacking it does); where the member's data starts and
    its size."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(zipfile.ZipInfo("archive/data.warc", (2024, 5, 6, 7, 8, 10)), plain,
                         compress_type=zipfile.ZIP_DEFLATED)
        package.writestr("datapackage.json", '{"profile": "data-package"}')
    data = out.getvalue()
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("archive/data.warc")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    return data, start, info.compress_size


@pytest.mark.parametrize("where", ["team", "corpus"])
def test_flipped_bytes_in_a_deflated_wacz_member_keep_no_garbage(tmp_path, where):
    """The same flip inside a WACZ whose WARC is deflated: zipfile's failed CRC-32 check lost the last
    piece it read with the error and was said as the data breaking off; the page holding the flip kept.
    Now no page of garbage, the failed check said as such."""
    pages = pages_of(where)
    want = clean(tmp_path, pages)
    data, start, size = deflated_wacz(b"".join(records(pages, gz=False)))
    plain = b"".join(records(pages, gz=False))

    def garbage(damaged: bytes) -> bool:
        unpack = zlib.decompressobj(-15)
        try:
            text = unpack.decompress(damaged[start:start + size])
        except zlib.error:
            return False
        return unpack.eof and text != plain

    damaged = garbage_flip(data, start, size, garbage)
    error = no_garbage_kept(tmp_path, damaged, "crawl.wacz", want, pages)
    text = zlib.decompressobj(-15).decompress(damaged[start:start + size])
    if len(text) <= len(plain):
        assert "archive/data.warc the compressed data fails its CRC-32 check (bytes in it were changed after it " \
            "was written)" in error
    else:  # the garbage is longer than the member says it is
        assert f"archive/data.warc the compressed data passes {len(plain):,} bytes decompressed (the size the " \
            "member declares)" in error
    assert "breaks off" not in error and "every record in the archive was read" not in error


def test_a_cut_deflated_wacz_member_is_said_once(tmp_path):
    """A deflated WACZ member whose data ends early (a ZIP repaired from a cut download): the break
    is said once, with the record it cuts, not again as a record running past the end."""
    plain = b"".join(records(TEAM, gz=False))
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = deflate.compress(plain) + deflate.flush()
    cut = stream[: len(stream) * 2 // 3]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:  # the cut stream stored, then made "deflated"
        package.writestr("archive/data.warc", cut)
        package.writestr("datapackage.json", '{"profile": "data-package"}')
    data = bytearray(out.getvalue())
    for head, method, crc in ((b"PK\x03\x04", 8, 14), (b"PK\x01\x02", 10, 16)):
        at = data.index(head)  # the member's local header, then its central directory entry
        data[at + method:at + method + 2] = (8).to_bytes(2, "little")
        data[at + crc:at + crc + 4] = zlib.crc32(plain).to_bytes(4, "little")
        data[at + crc + 8:at + crc + 12] = len(plain).to_bytes(4, "little")
    got = read_bytes(tmp_path, bytes(data), "cut.wacz")
    assert len(got.errors) == 1 and 1 <= len(got.threads) < len(TEAM)
    error = got.errors[0]
    assert error.count("archive/data.warc") == 1 and "damaged web archive record" not in error
    assert "archive/data.warc the compressed data " in error and ", inside the record at offset " in error
    assert error.endswith(": nothing after it could be read; the other records were read")


def test_a_gzip_members_failed_check_is_said_truly(tmp_path):
    """A gzip member's CRC-32 changed (flip.warc.gz printed zlib's "Error -3 … incorrect data check"
    and called the record one that "ends N bytes before the length its Content-Length says"): the
    record is left out, said with its address and the failed check, for a small member (failing in
    warcio's first block) and a large one (failing while its page is read); a request record's member
    likewise — a damaged record, never junk."""
    padding = "".join(hashlib.sha256(b"%d" % n).hexdigest() for n in range(2000))  # incompressible: 128 KB
    big = tmp_path / "big.html"
    big.write_text(TEAM[1].read_text(encoding="utf-8").replace("</body>", f"<!-- {padding} --></body>"),
                   encoding="utf-8")
    for pages in (TEAM, [TEAM[0], big, TEAM[2]]):
        parts = records(pages, gz=True)
        want = clean(tmp_path, pages)
        url = f"https://crawl.example/1/{pages[1].stem}/"
        for n in (2, 3):  # the request, the response
            changed = parts[n][:-8] + bytes(b ^ 0xFF for b in parts[n][-8:-4]) + parts[n][-4:]
            path = tmp_path / "crc.warc.gz"
            got = read_bytes(tmp_path, b"".join(parts[:n] + [changed] + parts[n + 1:]), path.name)
            assert got.errors == [f"{path}: 1 damaged web archive record left out (offset {len(b''.join(parts[:n])):,}"
                                  f" ({url}): its gzip data fails its CRC-32 check (bytes were changed)); the other "
                                  "records were read"]
            assert set(comments_of(got)) < set(comments_of(want)) if n == 3 else comments_of(got) == comments_of(want)


def test_a_record_read_though_not_followed_by_a_blank_line_is_not_said_left_out(tmp_path):
    """F10: a record whose end is not followed by the blank line a record ends with was said as "1
    damaged web archive record left out (offset N: not followed by a blank line …)" although its page
    was read. Now it is said as read despite damage, with its address."""
    parts = records(TEAM, gz=False)
    want = clean(tmp_path, TEAM)
    assert parts[3].endswith(b"\r\n\r\n")
    got = read_bytes(tmp_path, b"".join(parts[:3] + [parts[3][:-4] + b"junk\r\n\r\n"] + parts[4:]), "line.warc")
    assert comments_of(got) == comments_of(want)
    at, url = len(b"".join(parts[:3])), f"https://crawl.example/1/{TEAM[1].stem}/"
    assert got.errors == [f"{tmp_path / 'line.warc'}: 1 record read despite damage (offset {at:,} ({url}): not "
                          "followed by a blank line (a wrong Content-Length?), the line after it skipped); every record "
                          "in the archive was read"]


@pytest.mark.parametrize("damage", ["flipped", "cut"])
def test_a_damaged_warc_gz_on_standard_input_is_said_in_the_users_words(tmp_path, damage):
    """``parse - < damaged.warc.gz`` said zlib's words ("Error -3 while decompressing data:
    incorrect data check"); now what is damaged, and that the file given by name keeps the intact pages."""
    members = records(TEAM, gz=True)
    if damage == "flipped":
        third = bytearray(members[2])
        third[-8] ^= 0xFF  # its CRC-32: a byte flipped in the deflate data gives zlib's checksum error or
        # another ("invalid distance …") by where it falls, and WARC-Date/Record-ID make the bytes differ per run
        data = b"".join(members[:2]) + bytes(third) + b"".join(members[3:])
    else:
        data = b"".join(members)[:-400]
    got = run("parse", "-", input=data)  # type: ignore[arg-type] - CliRunner takes bytes as stdin
    why = "bytes were changed: a gzip checksum fails" if damage == "flipped" else "it ends cut short"
    assert got.exit_code == 1
    assert [line for line in got.stderr.splitlines() if line.startswith("error:")] == [
        f"error: -: a web archive (gzip) on standard input is damaged ({why}): standard input is read as one "
        "stream, which cannot go on past the damage; give the file by name (comments parse FILE.warc.gz) to "
        "read it record by record, keeping every intact page"]
    assert "Error -3" not in got.stderr and "Traceback" not in got.stderr
    named = read_bytes(tmp_path, data, "crawl.warc.gz")
    assert named.threads  # by name, the intact pages are kept
