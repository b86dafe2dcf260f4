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

import gzip
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


def is_archive(source: Source) -> bool:
    """A WARC record's first line (after decompression), or a web archive's file (by name, or a
    gzip file whose first member is a WARC record: see :func:`comments.io.sources.open_source`)."""
    start = source.start or source.data
    return source.web_archive or start.lstrip()[:6] == b"WARC/1" or source.name.lower().endswith(
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
    unread: list[str] = field(default_factory=list)
    #: compressed data that breaks off (or decompresses past its bound): nothing after it was read
    broken: list[str] = field(default_factory=list)
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
        lost.extend(f"{where}: nothing after it could be read" for where in self.broken)
        if lost:
            ctx.problem("; ".join(lost) + ("; the other records were read" if self.damaged or self.broken else
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
                else:  # deflated: seeking back would decompress it again from the start, so it is decompressed once
                    with package.open(info) as deflated:
                        member, problem = _spill(iter(lambda: deflated.read(1 << 16), b""), info.file_size)
                    if problem:
                        tally.broken.append(f"{name}: {problem}")
                with member:
                    _read_warc(member, name + " ", ctx, read_page, tally, threads, member.seek(0, 2))
            except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, zlib.error) as exc:
                tally.damaged.append(f"{name}: unreadable ZIP member ({_reason(exc)})")


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
               threads: list[ParsedThread], size: int) -> None:
    """The records of one WARC (plain, one gzip member per record, or gzipped whole). Bytes before
    the first record and between records where no record starts (junk) are counted and skipped; a
    damaged record is said with its offset; reading goes on at the next record start after the last
    good record (so records a too long Content-Length swallowed are read too), never at one that failed.
    ``size``: the WARC's size; in a plain WARC a record claiming more than is left is damaged at once
    (not read to the end: many such records would each be read to the end)."""
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    first = _first_start(handle)
    if first is None:
        tally.junk.append((f"{label}offset 0", size))
        return
    if first:
        tally.junk.append((f"{label}offset 0", first))
    handle.seek(first)
    compressed = handle.read(2) == b"\x1f\x8b"
    whole = None  # `gzip crawl.warc`: the gzip data, read through the decompressed stream until damage
    if compressed and _one_stream(handle, first):
        tally.one_stream.append(label.strip() or "the archive")
        whole = _Window(handle, first, size - first)
        handle, compressed, size, first = gzip.GzipFile(fileobj=whole), False, 0, 0
    start: int | None = first
    try:
        while start is not None:
            handle.seek(start)
            records = _records(handle)
            last = start - 1  # the start of the last record read whole
            reason = None  # why reading stopped where no record was read (junk, or unreadable headers)
            try:
                for record in records:
                    offset = records.offset
                    if record.rec_type is None and not (record.rec_headers.protocol or "").startswith("WARC/"):
                        # no record starts here: warcio reads bytes after a gzip member that are no gzip data
                        # ("\n" between two archives joined, a server's page after the last one) as a record of
                        # no type and stops there; the rest of the archive is found by the resync below
                        failed, reason = offset, "no WARC record starts here"
                        break
                    if size and not compressed and offset + (record.length or 0) > size:
                        url = term(record.rec_headers.get_header("WARC-Target-URI") or record.rec_type)
                        tally.damaged.append(f"{label}offset {offset:,} ({url}): its Content-Length "
                                             f"({record.length:,}) runs past the end of the file")
                        failed = offset
                        break
                    _record(record, f"{label}offset {offset:,}", ctx, read_page, tally, threads)
                    records.read_to_end()
                    missing = getattr(record.raw_stream, "limit", 0)
                    if missing > 0:  # the file (or gzip member) ends inside the record
                        if tally.unread and tally.unread[-1].startswith(f"{label}offset {offset:,} "):
                            tally.unread.pop()  # its size was named: the damage says more
                        url = term(record.rec_headers.get_header("WARC-Target-URI") or record.rec_type)
                        tally.damaged.append(f"{label}offset {offset:,} ({url}): ends {missing:,} bytes before the "
                                             "length its Content-Length says")
                        failed = offset
                        break
                    if records.warned:
                        tally.damaged.append(f"{label}offset {offset:,}: not followed by a blank line (a wrong "
                                             "Content-Length?)")
                        records.warned = False
                    last = offset
                else:
                    return
            except (ArchiveLoadFailed, StatusAndHeadersParserException, EOFError, zlib.error, OSError, ValueError,
                    UnicodeDecodeError) as exc:
                failed, reason = max(records.offset, last + 1), _reason(exc)
            if whole is not None:  # seeking back in the gzip stream would decompress it again from its start
                whole.seek(0)
                handle, problem = _spill(_gunzipped(whole), max(ZIP_RATIO * whole.size, PAGE_LIMIT))
                size, whole = handle.seek(0, 2), None
                if problem:
                    tally.broken.append(f"{label}{problem}")
            start = _next_start(handle, last + 1, compressed, failed)
            if reason is None:
                continue
            end = size if start is None else start
            if end > failed and not _starts_record(handle, failed, compressed):  # junk, or a record's lost start
                tally.junk.append((f"{label}offset {failed:,}", end - failed))
            else:
                tally.damaged.append(f"{label}offset {failed:,}: {reason}")
    finally:
        if isinstance(handle, tempfile.SpooledTemporaryFile):
            handle.close()


def _first_start(handle: BinaryIO) -> int | None:
    """Where the first record starts: a line ``WARC/1.x`` or a gzip member holding one (at 0, or
    after junk: a proxy's or a download tool's bytes before the archive); None when none does."""
    handle.seek(0)
    head = handle.read(2)
    handle.seek(0)
    if head == b"\x1f\x8b" or handle.read(64).lstrip()[:7] == b"WARC/1.":
        return 0
    plain = _next_start(handle, 0, False, -1)
    member = _next_start(handle, 0, True, -1, plain)
    return member if member is not None else plain


def _starts_record(handle: BinaryIO, at: int, compressed: bool) -> bool:
    """A record starts at ``at`` (after blank lines): its first line, or a gzip member holding it."""
    if compressed:
        return _warc_member(handle, at)
    handle.seek(at)
    return handle.read(1024).lstrip()[:7] == b"WARC/1."


def _spill(pieces: Iterator[bytes], limit: int) -> tuple[BinaryIO, str | None]:
    """The decompressed ``pieces``, at most ``limit`` bytes, in a seekable spill (memory, then a
    temporary file that goes when closed); and why not all of them, if so."""
    out = tempfile.SpooledTemporaryFile(max_size=_SPOOL)
    problem = None
    try:
        for piece in pieces:
            if out.tell() + len(piece) > limit:
                problem = (f"the decompressed data passes {limit:,} bytes (over {ZIP_RATIO} times the size of "
                           "the compressed file)")
                break
            out.write(piece)
    except (EOFError, zlib.error, OSError, zipfile.BadZipFile) as exc:
        problem = f"the compressed data breaks off after {out.tell():,} bytes decompressed ({_reason(exc)})"
    out.seek(0)
    return out, problem


def _gunzipped(raw: BinaryIO) -> Iterator[bytes]:
    """The decompressed bytes of gzip data (one member or several), a piece at a time, up to where
    it breaks off (a gzip reader's last read before the break would be lost with the error)."""
    unpack = zlib.decompressobj(31)
    while True:
        data = unpack.unconsumed_tail or (unpack.unused_data if unpack.eof else b"") or raw.read(1 << 16)
        if unpack.eof:
            if not data:
                return
            unpack = zlib.decompressobj(31)  # the next member
        elif not data:
            raise EOFError("the gzip data ends before its end-of-stream marker")
        yield unpack.decompress(data, 1 << 20)


def _one_stream(handle: BinaryIO, at: int = 0) -> bool:
    """Whether the gzip data at ``at`` is one stream over several records (the whole file compressed
    at once), not one member per record (as the WARC standard has it, and warcio requires)."""
    handle.seek(at)
    unpack, seen = zlib.decompressobj(31), b""
    while not unpack.eof and len(seen) < _CHUNK:
        chunk = handle.read(1 << 16)
        if not chunk:
            break
        try:
            seen += unpack.decompress(chunk)
        except zlib.error:
            break
    handle.seek(at)
    return b"\nWARC/1." in seen


def _reason(exc: Exception) -> str:
    """An exception's first line, short; a record header that is binary data said as such."""
    text = str(exc).strip().split("\n")[0]
    head, sep, line = text.partition("first line: ")
    if sep and re.search(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]", line):
        return f"{head}first line: binary data (a damaged gzip member, or a wrong Content-Length before it?)"
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

    class Records(ArchiveIterator):
        """warcio's iterator, its 'Content-Length is invalid' warning kept for us instead of printed."""

        warned = False

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


def _next_start(handle: BinaryIO, position: int, compressed: bool, failed: int,
                end: int | None = None) -> int | None:
    """The offset of the first record start at or after ``position`` (and before ``end``) other
    than ``failed`` (which was tried): a line ``WARC/1.x`` (a gzip member holding one, in a
    ``.warc.gz``), or None at the end."""
    magic = b"\x1f\x8b\x08" if compressed else b"\nWARC/1."
    back = 0 if compressed else 1
    step = 1 << 14  # growing to _CHUNK: the next record is usually near (the work per damaged record stays small)
    while end is None or position < end:
        try:
            handle.seek(position)
            chunk = handle.read(step + len(magic))
        except (OSError, EOFError, zlib.error):  # one gzip stream, damaged: nothing after it can be read
            return None
        if len(chunk) < len(magic):
            return None
        at = chunk.find(magic)
        while at >= 0:
            found = position + at + back
            if found != failed and (not compressed or _warc_member(handle, position + at)):
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
        if not problem.startswith("cut"):  # a record cut short is said by _read_warc, which resumes after it
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
