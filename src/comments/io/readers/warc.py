"""Web archives: WARC files (``.warc``, ``.warc.gz``, as crawlers write them: Heritrix, ``wget
--warc-file``, Common Crawl, the Internet Archive) and WACZ packages (Browsertrix, ArchiveWeb.page:
a ZIP holding ``archive/*.warc.gz``). Records are read with warcio (Webrecorder, Apache-2.0); each
captured HTML page (``response``/``resource`` records) goes through the HTML page reader with the
record's ``WARC-Target-URI`` as its address when the page names none.

Why: researchers keep news pages this way; extracting them record by record by hand lost the
address of each page and the comments of every page but the ones picked.

Safety: records are streamed (never the whole archive in memory), a page's body is capped, HTTP
bodies are decoded here with bounded decompression, a damaged record is reported by its offset and
reading resumes at the next record; a WACZ is read in place (nothing extracted to disk, only
``archive/NAME.warc[.gz]`` members, each at most as large as it declares).
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import io
import re
import struct
import tempfile
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import BinaryIO, Iterator

from comments.model.errors import InputError
from comments.model.records import ParsedThread
from comments.io.readers.base import Context
from comments.io.sources import WEB_ARCHIVE_SUFFIXES, Source, decode
from comments.io.streams import format_size
from comments.text.plural import plural
from comments.text.textsafe import term

#: The largest HTTP body read as one page (decoded): larger records are reported and skipped.
PAGE_LIMIT = 64 << 20
#: The largest record read for a page (its HTTP headers and body as stored).
RECORD_LIMIT = PAGE_LIMIT + (1 << 16)
#: A WACZ member declaring more than this many times its compressed size is not read (a ZIP bomb).
ZIP_RATIO = 200
_CHUNK = 1 << 20
#: Decompressed data (a WARC gzipped whole after damage, a deflated WACZ member) is kept in memory up to
#: this size, beyond it in a temporary file: seeking back in it must not decompress it again from the start.
_SPOOL = 16 << 20
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_MEMBER = re.compile(r"archive/[^/\\]+\.warc(?:\.gz)?")
#: A UTF-8 byte order mark, as an editor or a shell's redirection may put before a file's first line: no junk.
_BOM = b"\xef\xbb\xbf"
#: A WARC record's version line found inside a line (after stray bytes): it must end the line.
_VERSION = re.compile(rb"WARC/1\.\d{1,3}\r?\n")
#: Lines only a WARC record's header holds: a stretch holding one is a damaged record, not junk.
_HEADER_LINE = re.compile(rb"(?:^|\n)(?:[^\n]{0,16}WARC/1\.\d|WARC-Type:|WARC-Record-ID:)", re.I)
_TARGET = re.compile(rb"\nWARC-Target-URI:[ \t]*<?([^\s>]{1,2000})", re.I)


def is_archive(source: Source) -> bool:
    """A WARC record's first line (after decompression), or a web archive's file (by name, or a
    gzip file whose first member is a WARC record: see :func:`comments.io.sources.open_source`)."""
    start = source.start or source.data
    return source.web_archive or _lead(start)[:6] == b"WARC/1" or source.name.lower().endswith(
        WEB_ARCHIVE_SUFFIXES)


def is_wacz(start: bytes, name: str) -> bool:
    """A ZIP named ``.wacz``, or one whose first entries are a WACZ's (``archive/…warc``, ``datapackage.json``)."""
    return start[:4] == b"PK\x03\x04" and (name.lower().endswith(".wacz") or b"archive/" in start[:4096]
                                            and b".warc" in start[:4096])


@dataclass
class Tally:
    """What an archive held besides the pages read: skipped records by kind, damaged records
    by offset, capture times; said in one note and one problem line (not one per record)."""

    pages: int = 0
    skipped: Counter = field(default_factory=Counter)
    damaged: list[str] = field(default_factory=list)
    #: stretches where no record starts (junk before, between or after records), by offset: their sizes
    junk: list[tuple[str, int]] = field(default_factory=list)
    #: bytes of blank lines where no record starts (archives joined with a line end between them)
    blank: int = 0
    unread: list[str] = field(default_factory=list)
    #: records read despite damage found after their content (not followed by a blank line, a gzip
    #: member's check failing at its end): offset, address and what
    doubtful: list[str] = field(default_factory=list)
    #: compressed data that breaks off, cannot be decompressed, decompresses past its bound or fails its
    #: check: each said with what it cost
    broken: list[str] = field(default_factory=list)
    #: whether compressed data broke off (or could not be decompressed): records after it not read
    cut_off: bool = False
    #: pages read without a WARC-Block-Digest to check their text by
    unchecked: int = 0
    #: the first and last capture time (WARC-Date) of the pages read
    captured: tuple[str, str] | None = None
    #: WARCs compressed as one gzip stream: their offsets are of the decompressed data
    one_stream: list[str] = field(default_factory=list)
    #: page notes of the HTML reader, each with the addresses of the pages it was said of
    said: dict[str, list[str]] = field(default_factory=dict)

    def notes(self, ctx: Context) -> None:
        """The archive's notes and its one problem line into ``ctx``."""
        when = ""
        if self.captured:
            first, last = map(term, self.captured)
            when = f", captured {first}" + (f" to {last}" if last != first else "")
        if self.pages:
            ctx.note(f"web archive: read {plural(self.pages, 'page')} (each with the address it was captured "
                     f"from{when}; the capture time is no comment date)")
        if self.one_stream:
            ctx.note(f"web archive: {', '.join(self.one_stream)} compressed as one gzip stream, not one gzip member "
                     "per record as WARC files are: read whole; offsets named are of the decompressed data")
        if self.skipped:
            kinds = ", ".join(plural(n, kind) for kind, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])))
            ctx.note(f"web archive: {plural(sum(self.skipped.values()), 'record')} skipped, not pages: {kinds}")
        if self.blank:
            ctx.note(f"web archive: {plural(self.blank, 'byte')} of blank lines between records passed over "
                     "(archives joined with a line end between them?); nothing lost")
        for said, urls in self.said.items():
            where = term(urls[0]) if len(urls) == 1 else (f"{len(urls):,} pages, first {term(urls[0])}")
            ctx.note(f"{where}: {said}")
        if self.unread:
            ctx.note(f"web archive: {plural(len(self.unread), 'page')} not read: {'; '.join(self.unread[:5])}"
                     + (f"; and {len(self.unread) - 5:,} more" if len(self.unread) > 5 else ""))
        lost = []
        if self.damaged:
            lost.append(f"{plural(len(self.damaged), 'damaged web archive record')} left out "
                        f"({_first_five(self.damaged)})")
        if self.junk:
            places = [f"{where}, {plural(size, 'byte')}" for where, size in self.junk]
            lost.append(f"{plural(sum(size for _, size in self.junk), 'byte')} where no record starts skipped, "
                        f"in {plural(len(self.junk), 'place')} ({_first_five(places)})")
        if self.doubtful:
            lost.append(f"{plural(len(self.doubtful), 'record')} read despite damage ({_first_five(self.doubtful)})")
        lost.extend(self.broken)
        if lost:
            ctx.problem("; ".join(lost) + ("; the other records were read" if self.damaged or self.cut_off else
                                          "; every record in the archive was read"))


def _first_five(items: list[str]) -> str:
    return "; ".join(items[:5]) + (f"; and {len(items) - 5:,} more" if len(items) > 5 else "")


def read_archive(source: Source, ctx: Context, read_page, limit: int) -> list[ParsedThread]:
    """Every HTML page (and JSON answer) of the WARC or WACZ ``source``, read by
    ``read_page(text, ctx, address, is_json)``; its skipped and damaged records said in ``ctx``."""
    tally = Tally()
    threads: list[ParsedThread] = []
    handle = _raw(source, limit)
    try:
        head = handle.read(4)
        handle.seek(0)
        if head == b"PK\x03\x04" or head == b"PK\x05\x06":
            _read_wacz(handle, ctx, read_page, tally, threads)
        else:
            _read_warc(handle, "", ctx, read_page, tally, threads, handle.seek(0, 2))
    finally:
        handle.close()
    if not tally.pages and not tally.damaged and not tally.unread and not tally.skipped and not tally.broken \
            and tally.junk:
        raise InputError(f"no web archive record found in its {plural(sum(n for _, n in tally.junk), 'byte')}")
    if not tally.pages and not tally.damaged and not tally.unread and not tally.junk and not tally.broken:
        raise InputError("web archive without an HTML page or JSON answer: " + (", ".join(
            plural(n, kind) for kind, n in sorted(tally.skipped.items())) or "no records"))
    tally.notes(ctx)
    return threads


def _raw(source: Source, limit: int) -> BinaryIO:
    """The archive's own bytes, seekable: the file itself (a ``.warc.gz`` compressed, so that
    offsets are those of ``warcio extract``), else the input read whole (standard input)."""
    if source.path is not None:
        try:
            return source.path.open("rb")
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}") from None
    return io.BytesIO(source.document(limit))


def _read_wacz(handle: BinaryIO, ctx: Context, read_page, tally: Tally, threads: list[ParsedThread]) -> None:
    """The WARCs of a WACZ, read from the ZIP in place."""
    try:
        package = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"unreadable WACZ (ZIP) package: {exc}") from None
    with package:
        members = sorted((i for i in package.infolist() if _MEMBER.fullmatch(i.filename)), key=lambda i: i.filename)
        if not members:
            raise InputError("a ZIP archive without archive/*.warc or archive/*.warc.gz: not a WACZ package")
        for info in members:
            name = term(info.filename)
            if info.file_size > ZIP_RATIO * max(info.compress_size, 1) and info.file_size > PAGE_LIMIT:
                tally.damaged.append(f"{name}: declares {format_size(info.file_size)} from "
                                     f"{format_size(info.compress_size)}, a ZIP bomb's ratio: not read")
                continue
            try:
                if info.compress_type == zipfile.ZIP_STORED and not info.flag_bits & 1:  # WACZ stores its WARCs
                    member: BinaryIO = _Window(handle, _data_start(handle, info), info.file_size)
                    problem = None
                elif info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & 1:
                    # seeking back would decompress it again from the start, so it is decompressed once; here, not
                    # by zipfile, whose failed CRC check would lose the last piece read with the error
                    member, problem = _spill(_inflated(_Window(handle, _data_start(handle, info), info.compress_size),
                                                       info), info.file_size, "the size the member declares")
                else:  # another compression zipfile knows
                    with package.open(info) as packed:
                        member, problem = _spill(iter(lambda: packed.read(1 << 16), b""), info.file_size,
                                                 "the size the member declares")
                with member:
                    _read_warc(member, name + " ", ctx, read_page, tally, threads, member.seek(0, 2), problem)
            except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, zlib.error) as exc:
                tally.damaged.append(f"{name}: unreadable ZIP member ({_reason(exc)})")


def _inflated(raw: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A deflated ZIP member's bytes, a piece at a time; its CRC-32 and size checked after the last
    piece is given."""
    crc, size, _ = yield from _deflate(raw)
    _check(crc, size, info.CRC, info.file_size)


def _deflate(raw: BinaryIO, data: bytes = b"") -> Iterator[bytes]:
    """Raw deflate data (``data``, then ``raw``) decompressed a piece at a time; returns its CRC-32,
    its size and the bytes after its end."""
    unpack, crc, size = zlib.decompressobj(-15), 0, 0
    while not unpack.eof:
        data = data or raw.read(1 << 16)
        if not data:
            raise EOFError("the compressed data ends before its end-of-stream marker")
        piece = unpack.decompress(data, 1 << 20)
        data = unpack.unconsumed_tail
        crc, size = zlib.crc32(piece, crc), size + len(piece)
        if piece:
            yield piece
    return crc, size, unpack.unused_data


def _check(crc: int, size: int, want_crc: int, want_size: int) -> None:
    """Raise :class:`_Checksum` when decompressed data is not what its CRC-32 and size say."""
    if crc != want_crc:
        raise _Checksum("CRC-32")
    if size & 0xFFFFFFFF != want_size & 0xFFFFFFFF:
        raise _Checksum("length")


def _data_start(handle: BinaryIO, info: zipfile.ZipInfo) -> int:
    """Where a ZIP member's bytes start: after its local header (whose name and extra field
    lengths may differ from the central directory's)."""
    handle.seek(info.header_offset)
    header = handle.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("no local header where the directory says")
    names, extra = struct.unpack("<HH", header[26:30])
    return info.header_offset + 30 + names + extra


class _Window(io.RawIOBase):
    """A stored ZIP member as a seekable file of its own: a window on the package's bytes
    (seeking is free, where zipfile's member would read again from its start)."""

    def __init__(self, handle: BinaryIO, start: int, size: int) -> None:
        self.handle, self.start, self.size, self.position = handle, start, size, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self.position, self.size)[whence]
        self.position = max(0, min(self.size, base + offset))
        return self.position

    def readinto(self, buffer) -> int:
        want = min(len(buffer), self.size - self.position)
        if want <= 0:
            return 0
        self.handle.seek(self.start + self.position)
        data = self.handle.read(want)
        buffer[: len(data)] = data
        self.position += len(data)
        return len(data)


def _read_warc(handle: BinaryIO, label: str, ctx: Context, read_page, tally: Tally,
               threads: list[ParsedThread], size: int, broken: _Break | None = None) -> None:
    """The records of one WARC (plain, one gzip member per record, or gzipped whole). Bytes before
    the first record and between records where no record starts (junk) are counted and skipped (a
    byte order mark is no junk: the record after it is read); a stretch that holds a record's header
    lines is a damaged record, said with its offset and address; reading goes on at the next record
    start after the last good record (so records a too long Content-Length swallowed are read too),
    never at one that failed. ``size``: the WARC's size; in a plain WARC a record claiming more than is
    left is damaged at once (not read to the end: many such records would each be read to the end).
    ``broken``: how the data (a deflated WACZ member, decompressed) broke off, said once with the record
    it cuts."""
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    first = _first_start(handle)
    if first is None:
        tally.junk.append((f"{label}offset 0", size))
        if broken is not None:
            tally.cut_off = tally.cut_off or broken.cut
            tally.broken.append(broken.said(label, 0, 0))
        return
    if first:
        _skipped(tally, handle, label, 0, first)
    handle.seek(first)
    compressed = handle.read(2) == b"\x1f\x8b"
    whole = None  # `gzip crawl.warc`: the gzip data, read through the decompressed stream until damage
    if compressed and _one_stream(handle, first):
        tally.one_stream.append(label.strip() or "the archive")
        whole = _Window(handle, first, size - first)
        handle, compressed, size, first = gzip.GzipFile(fileobj=whole), False, 0, 0
    pages = tally.pages, tally.unchecked
    tried: set[int] = set()  # where reading failed: never resumed at again
    start: int | None = first
    try:
        while start is not None:
            handle.seek(start)
            records = _records(handle)
            last = start - 1  # the start of the last record read whole
            reason = None  # why reading stopped where no record was read (junk, or unreadable headers)
            done = None  # the record last handed to _record
            late = None  # a record handled whose data failed after its content (a gzip member's check)
            try:
                for record in _parsed(records):
                    offset = records.offset
                    where = f"{label}offset {offset:,}"
                    if record.rec_type is None or record.length is None:
                        # no record starts here: warcio reads bytes after a gzip member that are no gzip data
                        # ("\n" between two archives joined, a server's page after the last one) as a record of
                        # no type and stops there; a header without WARC-Type or Content-Length (damaged data
                        # holding a WARC/1.0 line) would be read to the end of the file; the rest of the
                        # archive is found by the resync below
                        failed, reason = offset, ("its header has no WARC-Type or no Content-Length"
                                                  if (record.rec_headers.protocol or "").startswith("WARC/") else
                                                  "no WARC record starts here")
                        break
                    if size and not compressed and offset + (record.length or 0) > size:
                        if broken is not None and broken.cut:  # the data breaks off inside it: said once
                            broken.inside = f"offset {offset:,} ({_url(record)})"
                        else:
                            tally.damaged.append(f"{where} ({_url(record)}): its Content-Length "
                                                 f"({record.length:,}) runs past the end of the file")
                        failed = offset
                        break
                    _record(record, where, ctx, read_page, tally, threads)
                    done = offset  # its page read (or left out and said): never read again
                    records.read_to_end()
                    missing = getattr(record.raw_stream, "limit", 0)
                    if missing > 0:  # the file (or gzip member) ends inside the record
                        if tally.unread and tally.unread[-1].startswith(f"{where} "):
                            tally.unread.pop()  # its size was named: the damage says more
                        tally.damaged.append(f"{where} ({_url(record)}): ends {missing:,} bytes before the "
                                             "length its Content-Length says")
                        failed = offset
                        break
                    if records.warned:
                        if not (tally.damaged and tally.damaged[-1].startswith(f"{where} ")):  # left out: said
                            tally.doubtful.append(f"{where} ({_url(record)}): not followed by a blank line (a "
                                                  "wrong Content-Length?), the line after it skipped")
                        records.warned = False
                    last = offset
                else:
                    return
            except (ArchiveLoadFailed, StatusAndHeadersParserException, EOFError, zlib.error, OSError, ValueError,
                    UnicodeDecodeError) as exc:
                if done is not None and records.offset == done and getattr(record.raw_stream, "limit", 1) == 0:
                    # failed after its content was read whole (a gzip member's check at its end)
                    checked = ("its text matches its WARC-Block-Digest" if getattr(record.raw_stream, "matches", None)
                               else "no WARC-Block-Digest to check its text by: it may be damaged")
                    late = f"{label}offset {done:,} ({_url(record)}): {_reason(exc)}, found after it was read ({checked})"
                    last = done
                failed, reason = max(records.offset, last + 1), _reason(exc)
            if whole is not None:  # seeking back in the gzip stream would decompress it again from its start
                whole.seek(0)
                handle, broken = _spill(_gunzipped(whole), max(ZIP_RATIO * whole.size, PAGE_LIMIT),
                                        f"over {ZIP_RATIO} times the size of the compressed file")
                size, whole = handle.seek(0, 2), None
                start = _next_start(handle, last + 1, compressed, tried)  # the record the stream failed in, read
                if late or start is not None and start <= failed:  # again from the spill (a failed check at the
                    continue  # stream's end fails the last read, whatever record it was in)
            if late:  # said as read, not as left out (unless its page was left out: said); not read again
                if not (tally.damaged and tally.damaged[-1].startswith(late.split(" (")[0] + " ")):
                    tally.doubtful.append(late)
                start = _next_start(handle, last + 1, compressed, tried)
                continue
            tried.add(failed)
            start = _next_start(handle, last + 1, compressed, tried)
            end = size if start is None else start
            if reason is None or end <= failed:
                continue
            held = _record_at(handle, failed, compressed, end)  # the address of a record whose header is there
            if broken is not None and start is None and broken.cut and held is not None:  # the break is inside it:
                broken.inside = f"offset {failed:,}" + (f" ({held})" if held != "?" else "")  # said once
            elif held is None:
                _skipped(tally, handle, label, failed, end - failed)
            else:
                reason = (_member_fault(handle, failed, end) or reason) if compressed else reason
                tally.damaged.append(f"{label}offset {failed:,}{f' ({held})' if held != '?' else ''}: {reason}")
    finally:
        if isinstance(handle, tempfile.SpooledTemporaryFile):
            handle.close()
        if broken is not None:
            tally.cut_off = tally.cut_off or broken.cut
            tally.broken.append(broken.said(label, tally.pages - pages[0], tally.unchecked - pages[1]))


def _parsed(records) -> Iterator:
    """warcio's records; a header warcio trips over (damaged data where a field it needs is missing or
    malformed) raised as an unreadable header, as warcio raises its own parse errors."""
    from warcio.exceptions import ArchiveLoadFailed

    iterator = iter(records)
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            return
        except (AttributeError, TypeError, IndexError, KeyError):
            raise ArchiveLoadFailed("its header cannot be read (a field in it is damaged)") from None
        yield record


def _url(record) -> str:
    """A record's address (or its type, when it has none), safe to print."""
    return term(record.rec_headers.get_header("WARC-Target-URI") or record.rec_type or "?")


def _member_fault(handle: BinaryIO, at: int, end: int) -> str | None:
    """What is wrong with the gzip member at ``at`` (the next record's member starts at ``end``), in
    the user's words: where warcio, failing in a member's first block, reads it as uncompressed bytes
    and names only a binary first line."""
    handle.seek(at)
    unpack, left = zlib.decompressobj(31), end - at
    try:
        while left > 0 and not unpack.eof:
            data = handle.read(min(left, 1 << 16))
            if not data:
                break
            left -= len(data)
            while data and not unpack.eof:
                unpack.decompress(data, 1 << 20)
                data = unpack.unconsumed_tail
    except zlib.error as exc:
        return _reason(exc)
    return None if unpack.eof else "its gzip data breaks off (the next record or the end of the file comes first)"


def _skipped(tally: Tally, handle: BinaryIO, label: str, at: int, size: int) -> None:
    """Bytes at ``at`` where no record starts counted as junk — unless they are a byte order mark (and
    white space), which an editor or a shell puts before a file's first line, or blank lines (archives
    joined with a line end between them: ``cat a.warc.gz <(echo) b.warc.gz``): no junk, nothing lost,
    the blank lines said in a note."""
    if size <= 4096:
        handle.seek(at)
        stretch = handle.read(size)
        if not stretch.replace(_BOM, b"").strip():
            if not (_BOM in stretch and size <= 16):  # a BOM before the first line: said nowhere, as in text
                tally.blank += size
            return
    tally.junk.append((f"{label}offset {at:,}", size))


def _lead(data: bytes) -> bytes:
    """``data`` without the white space and byte order mark before its first line."""
    return data.lstrip().removeprefix(_BOM).lstrip()


def _record_at(handle: BinaryIO, at: int, compressed: bool, end: int) -> str | None:
    """Whether a (damaged) record stands at ``at``, where reading failed: its address, '?' when its
    header names none, None when nothing there is a record's (junk). A record is there when the bytes
    hold a WARC header line (its version line, even after stray bytes, or a WARC-Type or WARC-Record-ID
    field: bytes of its start were lost or changed), or, in a ``.warc.gz``, a gzip member starts there
    (its compressed data damaged). ``end``: where the next record starts."""
    handle.seek(at)
    head = handle.read(min(4096, end - at))
    if compressed:
        if head[:3] != b"\x1f\x8b\x08":
            return None
        unpack, text = zlib.decompressobj(31), b""
        try:  # piece by piece: what decompresses before damage is kept
            for piece in range(0, len(head), 256):
                text += unpack.decompress(head[piece:piece + 256], 4096)
        except zlib.error:
            pass
        if not text:
            return "?"  # a gzip member whose start cannot be decompressed: a record's, as far as can be told
        head = text
    if not _HEADER_LINE.search(head[:2048]):
        return None
    target = _TARGET.search(b"\n" + head)
    return term(target.group(1).decode("utf-8", "replace")) if target else "?"


def _first_start(handle: BinaryIO) -> int | None:
    """Where the first record starts: a line ``WARC/1.x`` or a gzip member holding one (at 0, or
    after junk: a proxy's or a download tool's bytes before the archive); None when none does."""
    handle.seek(0)
    head = handle.read(64)
    if head[:2] == b"\x1f\x8b" or head.lstrip()[:7] == b"WARC/1.":
        return 0
    if _lead(head)[:7] == b"WARC/1.":  # after a byte order mark, which is no junk
        return head.index(b"WARC/1.")
    plain = _next_start(handle, 0, False, frozenset())
    member = _next_start(handle, 0, True, frozenset(), plain)
    return member if member is not None else plain


@dataclass
class _Break:
    """Where compressed data stops being readable: ``cut`` (it ends before its end marker: a download
    cut short), ``damaged`` (data that cannot be decompressed), ``bound`` (it decompresses past its bound)
    or ``checksum`` (all of it decompressed, but its CRC or length check fails: bytes were changed)."""

    kind: str
    #: the decompressed bytes read before it
    at: int
    detail: str = ""
    #: the record it cuts (offset and address): said with the break, not again as a damaged record
    inside: str = ""

    @property
    def cut(self) -> bool:
        return self.kind != "checksum"

    def said(self, label: str, pages: int, unchecked: int) -> str:
        """The break in the user's words, with what it cost (``pages`` read from the data, ``unchecked``
        of them without a WARC-Block-Digest)."""
        if self.kind == "checksum":
            said = [f"{label}the compressed data fails its {self.detail} check (bytes in it were changed after it was "
                    "written)"]
            if pages > unchecked:
                said.append(f"{plural(pages - unchecked, 'page')} read from it "
                            f"{'matches its' if pages - unchecked == 1 else 'match their'} WARC-Block-Digest")
            if unchecked:
                said.append(f"{plural(unchecked, 'page')} read from it {'has' if unchecked == 1 else 'have'} no "
                            f"WARC-Block-Digest to check ({'its' if unchecked == 1 else 'their'} text may be damaged)")
            return ": ".join(said[:2]) + "".join(f", {more}" for more in said[2:])
        what = {"cut": f"breaks off after {self.at:,} bytes decompressed (the file ends there)",
                "damaged": f"cannot be decompressed after {self.at:,} bytes ({self.detail})",
                "bound": f"passes {self.at:,} bytes decompressed ({self.detail})"}[self.kind]
        inside = f", inside the record at {self.inside}, left out" if self.inside else ""
        return f"{label}the compressed data {what}{inside}: nothing after it could be read"


class _Checksum(zlib.error):
    """A gzip member whose CRC-32 or length does not match its data."""


def _spill(pieces: Iterator[bytes], limit: int, bound: str) -> tuple[BinaryIO, _Break | None]:
    """The decompressed ``pieces``, at most ``limit`` bytes (``bound`` says why), in a seekable spill
    (memory, then a temporary file that goes when closed); and why not all of them, if so."""
    out = tempfile.SpooledTemporaryFile(max_size=_SPOOL)
    problem = None
    try:
        for piece in pieces:
            if out.tell() + len(piece) > limit:
                out.write(piece[: limit - out.tell()])
                problem = _Break("bound", limit, bound)
                break
            out.write(piece)
    except EOFError:
        problem = _Break("cut", out.tell())
    except _Checksum as exc:
        problem = _Break("checksum", out.tell(), str(exc))
    except zipfile.BadZipFile as exc:
        problem = _Break("checksum", out.tell(), "CRC-32") if "CRC" in str(exc) else _Break(
            "damaged", out.tell(), _reason(exc))
    except (zlib.error, OSError) as exc:
        problem = _Break("damaged", out.tell(), _reason(exc))
    out.seek(0)
    return out, problem


def _gunzipped(raw: BinaryIO) -> Iterator[bytes]:
    """The decompressed bytes of gzip data (one member or several), a piece at a time, up to where
    it breaks off; each member's CRC-32 and length checked here after its last piece is given (zlib's
    own check would lose that piece with the error). Bytes after the last member that are no gzip data
    are given as they are (junk after the archive, counted as such)."""
    pending = b""
    while True:
        while (head := _gzip_header(pending)) is None:
            more = raw.read(1 << 16) if len(pending) < 1 << 16 else b""  # a header's names are short
            if not more:
                if pending:
                    raise EOFError("the gzip data ends inside a member's header")
                return
            pending += more
        if head < 0:  # no gzip member: junk after the last one
            yield pending
            yield from iter(lambda: raw.read(1 << 16), b"")
            return
        crc, size, pending = yield from _deflate(raw, pending[head:])
        while len(pending) < 8:
            more = raw.read(1 << 16)
            if not more:
                raise EOFError("the gzip data ends inside its checksum")
            pending += more
        _check(crc, size, *struct.unpack("<II", pending[:8]))
        pending = pending[8:]


def _gzip_header(data: bytes) -> int | None:
    """The size of the gzip member header ``data`` starts with (RFC 1952); None when more bytes are
    needed to tell, -1 when ``data`` starts with no gzip member."""
    if len(data) < 10:
        return -1 if data and not b"\x1f\x8b\x08".startswith(data[:3]) else None
    if data[:3] != b"\x1f\x8b\x08":
        return -1
    flags, at = data[3], 10
    if flags & 4:  # FEXTRA
        if len(data) < at + 2:
            return None
        at += 2 + int.from_bytes(data[at:at + 2], "little")
    for flag in (8, 16):  # FNAME, FCOMMENT: zero-terminated
        if flags & flag:
            end = data.find(b"\0", at)
            if end < 0:
                return None
            at = end + 1
    at += 2 if flags & 2 else 0  # FHCRC
    return at if len(data) >= at else None


def _one_stream(handle: BinaryIO, at: int = 0) -> bool:
    """Whether the gzip data at ``at`` is one stream over several records (the whole file compressed
    at once), not one member per record (as the WARC standard has it, and warcio requires)."""
    handle.seek(at)
    unpack, seen = zlib.decompressobj(31), b""
    while not unpack.eof and len(seen) < _CHUNK:
        chunk = handle.read(1 << 12)  # small pieces: what decompresses before damage (a failed check) is seen
        if not chunk:
            break
        try:
            seen += unpack.decompress(chunk)
        except zlib.error:
            break
    handle.seek(at)
    return b"\nWARC/1." in seen


def _digest(value: str | None) -> tuple[str, bytes] | None:
    """A WARC digest (``sha1:BASE32``, also base16 or base64, any case) as hashlib's algorithm name and
    the digest's bytes; None when there is none or it cannot be read (then it is not checked)."""
    algorithm, sep, text = (value or "").strip().partition(":")
    try:
        size = hashlib.new(algorithm.lower().replace("-", "")).digest_size
    except (ValueError, TypeError):
        return None
    if not size or algorithm.lower().startswith("shake"):
        return None
    text = text.strip()
    for decoded in (lambda t: base64.b32decode(t.upper() + "=" * (-len(t) % 8)), lambda t: base64.b16decode(
            t.upper()), lambda t: base64.b64decode(t + "=" * (-len(t) % 4), altchars=b"-_" if "-" in t or "_" in t
                                                   else None)):
        try:
            digest = decoded(text)
        except (binascii.Error, ValueError):
            continue
        if len(digest) == size:
            return algorithm.lower().replace("-", ""), digest
    return None


#: zlib's and gzip's messages in the user's words
_ZLIB = (("incorrect data check", "its gzip data fails its CRC-32 check (bytes were changed)"),
         ("incorrect length check", "its gzip data fails its length check (bytes were changed)"),
         ("end-of-stream marker", "its gzip data breaks off (the next record or the end of the file comes first)"),
         ("Error -3 while decompressing", "its gzip data cannot be decompressed"))


def _reason(exc: Exception) -> str:
    """An exception's first line, short, in the user's words for damaged gzip data; a record header
    that is binary data said as such."""
    text = str(exc).strip().split("\n")[0]
    for said, words in _ZLIB:
        if said in text:
            return words + (f" ({term(text.partition(': ')[2][:60])})" if said.startswith("Error") else "")
    head, sep, line = text.partition("first line: ")
    if sep and re.search(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]", line):
        return "its first line is binary data (a damaged gzip member, or a wrong Content-Length before it?)"
    if sep and head.startswith("Invalid WARC record"):  # bytes of its start lost or changed
        return f"its first line is no WARC version line ({term(line[:60])})"
    return term(text[:100]) or type(exc).__name__


def _records(handle: BinaryIO):
    """warcio's record iterator over ``handle`` (see :class:`Records`)."""
    global _RECORDS
    if _RECORDS is None:
        _RECORDS = _records_class()
    return _RECORDS(handle)


_RECORDS = None


def _records_class():
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import DecompressingBufferedReader
    from warcio.limitreader import LimitReader
    from warcio.recordloader import ArcWarcRecordLoader

    class Reader(DecompressingBufferedReader):
        """warcio's reader, damaged gzip data raised (said once per record by us) where warcio prints
        zlib's message and reads on as if the member ended there."""

        def _decompress(self, data):
            if self.decompressor and data and self.num_block_read:
                return self.decompressor.decompress(data)
            return super()._decompress(data)

    class Verified(LimitReader):
        """A page record's block, hashed as it is read: ``matches`` tells (once read to its end)
        whether it is what its WARC-Block-Digest says."""

        def __init__(self, stream, limit: int, algorithm: str, digest: bytes) -> None:
            super().__init__(stream, limit)
            self.hash, self.digest, self.matches = hashlib.new(algorithm), digest, None

        def _update(self, buff):
            self.hash.update(buff)
            buff = super()._update(buff)
            if self.limit == 0 and self.matches is None:
                self.matches = self.hash.digest() == self.digest
            return buff

    class Loader(ArcWarcRecordLoader):
        """warcio's loader with only a page record's block digest checked (payload digests differ by
        tool for chunked answers), by us, whatever the digest's encoding."""

        def wrap_digest_verifying_stream(self, stream, rec_type, rec_headers, digest_checker, length=None):
            digest = _digest(rec_headers.get_header("WARC-Block-Digest")) if rec_type in (
                "response", "resource") and length else None
            return (stream if digest is None else Verified(stream, length, *digest)), False

    class Records(ArchiveIterator):
        """warcio's iterator, its 'Content-Length is invalid' warning kept for us instead of printed,
        damaged gzip data raised, a page record's block digest checked."""

        warned = False

        def __init__(self, handle: BinaryIO) -> None:
            super().__init__(handle, check_digests=True)
            self.loader, self.reader = Loader(verify_http=False, arc2warc=False), Reader(self.fh)

        def _consume_blanklines(self):
            empty, first = 0, True
            while True:
                line = self.reader.readline()
                if not line:
                    return None, empty
                if not line.rstrip() or first:
                    empty += len(line)
                    self.warned = self.warned or bool(line.rstrip())
                    first = False
                    continue
                return line, empty

    return Records


def _next_start(handle: BinaryIO, position: int, compressed: bool, tried: set[int] | frozenset[int],
                end: int | None = None) -> int | None:
    """The offset of the first record start at or after ``position`` (and before ``end``) not in
    ``tried`` (where reading failed): a line ``WARC/1.x`` (also after stray bytes on its line, a byte
    order mark or junk glued to it, when ``WARC/1.x`` ends the line), a gzip member holding one in a
    ``.warc.gz``; or None at the end."""
    magic = b"\x1f\x8b\x08" if compressed else b"WARC/1."
    step = 1 << 14  # growing to _CHUNK: the next record is usually near (the work per damaged record stays small)
    while end is None or position < end:
        before = 0 if compressed or not position else 1  # the byte before, to tell a line's start
        try:
            handle.seek(position - before)
            chunk = handle.read(before + step + 16)
        except (OSError, EOFError, zlib.error):  # one gzip stream, damaged: nothing after it can be read
            return None
        if len(chunk) < before + len(magic):
            return None
        at = chunk.find(magic, before)
        while 0 <= at < before + step:
            found = position - before + at
            if found not in tried and (_warc_member(handle, found) if compressed else
                                    (chunk[at - 1:at] == b"\n" if at else found == 0) or _VERSION.match(chunk, at)):
                return found
            at = chunk.find(magic, at + 1)
        position += step
        step = min(2 * step, _CHUNK)
    return None


def _warc_member(handle: BinaryIO, at: int) -> bool:
    """A gzip member at ``at`` whose text starts as a WARC record."""
    handle.seek(at)
    try:
        return zlib.decompressobj(31).decompress(handle.read(4096), 16).startswith(b"WARC/1")
    except zlib.error:
        return False


def _record(record, where: str, ctx: Context, read_page, tally: Tally, threads: list[ParsedThread]) -> None:
    """One record: an HTML page read into ``threads``, anything else counted as skipped."""
    kind = record.rec_type or "unknown"
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    if kind not in ("response", "resource"):
        tally.skipped[f"{kind} record"] += 1
        return
    if url.lower().startswith("dns:"):
        tally.skipped["DNS answer"] += 1
        return
    http = record.http_headers
    if kind == "response" and url.lower().startswith(("http:", "https:")):
        if http is None or not http.protocol.upper().startswith("HTTP/"):
            tally.unread.append(f"{where} ({term(url)}): a response record without an HTTP answer")
            return
        status = http.get_statuscode()
        if not status.startswith("2"):
            tally.skipped[f"HTTP {status[:3] or '?'} answer"] += 1
            return
        ctype = http.get_header("Content-Type") or ""
    else:
        ctype = record.rec_headers.get_header("Content-Type") or ""
    mime = ctype.split(";")[0].strip().lower()
    if url.lower().split("?")[0].endswith("/robots.txt"):
        tally.skipped["robots.txt file"] += 1
        return
    data = mime.endswith(("/json", "+json"))  # an API answer: WordPress REST, Reddit .json …
    if mime not in _HTML_TYPES and not data:
        tally.skipped[_kind_of(mime)] += 1
        return
    body, problem = _body(record, http if kind == "response" else None)
    if problem:
        if problem.startswith(_DAMAGED):  # its text is not what was captured: an error, not a note
            tally.damaged.append(f"{where} ({term(url)}): {problem.removeprefix(_DAMAGED)}")
        elif not problem.startswith("cut"):  # a record cut short is said by _read_warc, which resumes after it
            tally.unread.append(f"{where} ({term(url)}): {problem}")
        return
    page = Context(source=ctx.source, stem=ctx.stem, site=ctx.site, columns=ctx.columns, path=ctx.path,
                   forced=ctx.forced)
    try:
        pages = read_page(_text(body, ctype), page, url or None, data)
    except InputError as exc:
        tally.unread.append(f"{where} ({term(url)}): {exc}")
        return
    finally:
        _said(page, ctx, url, tally)
    tally.pages += 1
    tally.unchecked += getattr(record.raw_stream, "matches", None) is None
    date = record.rec_headers.get_header("WARC-Date")
    if date:
        tally.captured = (min(tally.captured[0], date), max(tally.captured[1], date)) if tally.captured else (
            date, date)
    threads.extend(pages)


def _said(page: Context, ctx: Context, url: str, tally: Tally) -> None:
    """What the reader said of one page into the archive's context: its notes grouped (one
    line per note, naming the pages), its problems each with the page's address, its counts added."""
    for note in page.notes:  # (an UndatedThreads note too: said as its text)
        tally.said.setdefault(str(note), []).append(url)
    ctx.problems.extend(f"{term(url)}: {problem}" for problem in page.problems)
    ctx.lost.count += page.lost.count  # the summary's counts (the lines and dates are named in the page's lines)
    ctx.undated.count += page.undated.count
    ctx.site_unused = ctx.site_unused or page.site_unused


def _kind_of(mime: str) -> str:
    """How a skipped response is counted: by the first part of its type (images, scripts …)."""
    if not mime:
        return "answer without a Content-Type"
    major = mime.split("/")[0]
    if major in ("image", "audio", "video", "font"):
        return f"{major} file"
    return f"{mime} answer"


def _body(record, http) -> tuple[bytes, str | None]:
    """The record's payload, HTTP chunking and compression undone, capped at
    :data:`PAGE_LIMIT`; or a reason it cannot be read (``cut …`` when the record ends early)."""
    from warcio.bufferedreaders import ChunkedDataException, ChunkedDataReader

    stream = record.raw_stream
    over = f"over the {format_size(PAGE_LIMIT)} a page may have: not read"
    if (record.length or 0) > RECORD_LIMIT:
        return b"", f"declares {format_size(record.length)}, {over}"
    raw = stream.read(RECORD_LIMIT + 1)
    missing = getattr(stream, "limit", 0)
    if missing > 0 and not stream.read(1):
        return b"", f"cut short: {missing:,} bytes fewer than its Content-Length says"
    if len(raw) > RECORD_LIMIT:
        return b"", over
    if getattr(stream, "matches", None) is False and not _payload_matches(record, raw):
        return b"", (f"{_DAMAGED}its text does not match its WARC-Block-Digest (bytes were changed after it was "
                     "captured)")
    if http is not None and (http.get_header("Transfer-Encoding") or "").lower().strip() == "chunked":
        try:
            raw = ChunkedDataReader(io.BytesIO(raw), raise_exceptions=True).read()
        except ChunkedDataException as exc:
            return b"", f"broken chunked transfer encoding ({_reason(exc)})"
    if http is None:
        return (raw, None) if len(raw) <= PAGE_LIMIT else (b"", over)
    encoding = (http.get_header("Content-Encoding") or "").lower().strip()
    try:
        body = _decompressed(raw, encoding)
    except (zlib.error, ValueError, OSError) as exc:
        return b"", f"its {encoding} body cannot be decompressed ({_reason(exc)})"
    if body is None:
        return b"", f"its body is {encoding or 'encoded'}-compressed, which no installed library decodes"
    if len(body) > PAGE_LIMIT:
        return b"", f"{over} (decompressed)"
    return body, None


#: how :func:`_body` says a record whose text is not what was captured (an error, not a page not read)
_DAMAGED = "damaged: "


def _payload_matches(record, raw: bytes) -> bool:
    """Whether a record whose block digest fails has the payload its WARC-Payload-Digest says (as
    stored, or with chunked transfer undone): then only its HTTP headers differ from what was hashed, as
    when a tool rewrote them, and the page is intact."""
    from warcio.bufferedreaders import ChunkedDataException, ChunkedDataReader

    digest = _digest(record.rec_headers.get_header("WARC-Payload-Digest"))
    if digest is None:
        return False
    algorithm, want = digest
    if hashlib.new(algorithm, raw).digest() == want:
        return True
    try:
        return hashlib.new(algorithm, ChunkedDataReader(io.BytesIO(raw), raise_exceptions=True).read()).digest() == want
    except (ChunkedDataException, ValueError):
        return False


def _decompressed(raw: bytes, encoding: str) -> bytes | None:
    """``raw`` with its Content-Encoding undone (at most one byte over :data:`PAGE_LIMIT`)."""
    if encoding in ("", "identity"):
        return raw
    if encoding in ("gzip", "x-gzip", "deflate"):
        wbits = 31 if encoding != "deflate" else (15 if raw[:1] == b"x" else -15)
        return zlib.decompressobj(wbits).decompress(raw, PAGE_LIMIT + 1)
    if encoding == "br":
        try:
            import brotli  # type: ignore[import-not-found]
        except ImportError:
            return None
        try:  # bounded (Brotli 1.1's output_buffer_limit); an older module's unbounded call is not made
            return brotli.Decompressor().process(raw, output_buffer_limit=PAGE_LIMIT + 1)
        except TypeError:
            return None
        except brotli.error as exc:
            raise ValueError(str(exc)) from None
    return None


def _text(body: bytes, ctype: str) -> str:
    """The page's text: its HTTP charset, else its ``<meta charset>``, else our detection
    (UTF-8, UTF-16, Windows-1252)."""
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", ctype, re.I)
    declared = m.group(1) if m else None
    if declared is None and (meta := _CHARSET.search(body[:4096])):
        declared = meta.group(1).decode("ascii", "replace")
    if declared:
        try:
            return body.decode(declared).replace("\r\n", "\n")
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(body)
