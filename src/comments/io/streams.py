"""Decompressed byte streams with limits on memory, not on total size.

Every input is read through one stream: gzip, bzip2, xz and zstd are recognised by
their magic bytes and decompressed incrementally, so a decompression bomb is stopped at
the limit instead of filling memory. Whole-document formats (JSON, XML, HTML, YAML) are
refused above ``--max-input-size``; line formats (NDJSON, CSV) are read line by line
with no total cap and only a per-record cap (:data:`RECORD_LIMIT`).
"""

from __future__ import annotations

import bz2
import io
import lzma
import re
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from comments.model.errors import InputError
from comments.text.plural import plural

#: Default ``--max-input-size``: the largest decompressed whole document read.
DEFAULT_MAX_INPUT = 2 << 30
#: The longest line (one record) of a line format.
RECORD_LIMIT = 64 << 20
#: What a raw NUL byte of a text input is read as: three noncharacters in a row (never
#: interchanged): the pipeline removes it and flags the comment ``nul_removed``, only in an input
#: that held a raw NUL (``Source.nuls``, ``LineStream.nuls``: a source's own U+FDD0… is kept as
#: given); a NUL escaped in JSON is a character.
NUL_MARK = "\ufdd0\ufdd1\ufdd2"


def mark_nuls(text: str) -> str:
    """``text`` with each raw NUL as :data:`NUL_MARK` (the one rule of the whole-text and the
    line decoders)."""
    return text.replace("\x00", NUL_MARK) if "\x00" in text else text
#: Largest frame window accepted in zstd input (Pushshift / Arctic Shift dumps declare 2 GiB).
ZSTD_MAX_WINDOW = 2**31
CHUNK = 1 << 20
OPTION = "--max-input-size"

_MAGIC = {b"\x1f\x8b": "gzip", b"BZh": "bzip2", b"\xfd7zXZ\x00": "xz", b"\x28\xb5\x2f\xfd": "zstd"}
_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


class InputLimit(int):
    """A ``--max-input-size`` the user gave (not the default): it caps every input, line
    formats (NDJSON, CSV) and the columnar fast path too; the default caps only whole
    documents, as a monthly Reddit dump decompresses to hundreds of GB."""


def line_limit(limit: int | None) -> int | None:
    """The cap on a line-format input's decompressed bytes: the limit when the user gave
    it (:class:`InputLimit`), else none."""
    return int(limit) if isinstance(limit, InputLimit) else None


def too_large(limit: int, compression: str | None = None, lines: bool = False) -> InputError:
    """The error for an input over ``limit`` decompressed bytes, naming the option; for a
    compressed input it says that the limit is on the decompressed size (a 50 KB .gz file
    refused by a 1 MB limit is otherwise a puzzle)."""
    size = format_size(limit) + (f" decompressed ({compression})" if compression else "")
    if lines:
        caps = "it caps the decompressed size, and when given, line formats too" if compression else \
            "when given, it caps line formats too"
        return InputError(f"input larger than {size}, the {OPTION} given ({caps})")
    caps = f"{OPTION} caps the decompressed size; " if compression else ""
    return InputError(f"document larger than {size}: {caps}whole-document formats (JSON, XML, HTML, YAML) are held "
                      f"in memory; raise the limit with {OPTION} SIZE (e.g. 4G)")


def parse_size(text: str) -> int:
    """``512M``, ``2G``, ``1.5GiB``, ``100000`` → bytes (binary units)."""
    m = re.fullmatch(r"\s*(\d{1,15}(?:\.\d{1,6})?)\s*([kmgt]?)(?:i?b)?\s*", text.lower())
    if not m:
        raise ValueError(f"not a size: {text!r} (use e.g. 512M, 2G)")
    size = int(float(m.group(1)) * _UNITS[m.group(2)])
    if size <= 0:
        raise ValueError(f"size must be positive: {text!r}")
    return size


def format_size(size: int) -> str:
    """Bytes as the largest exact-enough binary unit (``2 GiB``, ``512 MiB``)."""
    for unit, factor in (("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} byte{'' if size == 1 else 's'}"


class _Prefixed(io.RawIOBase):
    """Bytes already read (the magic number) followed by the rest of a stream."""

    def __init__(self, prefix: bytes, rest: BinaryIO) -> None:
        self.prefix, self.rest = prefix, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.prefix:
            n = min(len(buffer), len(self.prefix))
            buffer[:n] = self.prefix[:n]
            self.prefix = self.prefix[n:]
            return n
        data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class Stepwise(io.RawIOBase):
    """Compressed members (zstd frames, gzip members, bzip2 and xz streams) one after another,
    decompressed in small steps (bounded output per step even for a bomb of RLE blocks); a member
    cut short or damaged ends the reads, its error kept in ``error`` (not raised: a buffered reader
    above would drop the bytes it had gathered in that read, the last complete lines of a
    truncated dump). The stdlib's GzipFile, BZ2File and LZMAFile raise instead, and a cut-short
    ``.gz`` lost every complete line of its last 1 MiB read (folders21, session 21)."""

    STEP = 1024  # compressed bytes per step: at most ~32 MiB of output even for RLE blocks
    NAME = ""  # the compression's name, in the error for a member cut short
    #: data after a complete member that is no member is the end of the input (as BZ2File and
    #: LZMAFile read it), not damage
    TRAILING_OK = False

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.obj = self._new()
        self.fed = False  # input given to the current member
        self.members = 0  # members decompressed whole
        self.pending, self.at = b"", 0  # decompressed; read up to ``at``
        self.unused = b""
        #: why the data ended before its frame did (cut short, damaged): the reads end there, as
        #: at the end of the input, after every byte decompressed before it (:func:`ended_damaged`)
        self.error: Exception | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        """:meth:`read` into ``buffer``: each step's output copied straight into it (a
        whole 16 MB read was joined, cut and copied again: three copies, 5% of the CPU of
        a Reddit dump's parse)."""
        with memoryview(buffer) as given, given.cast("B") as view:  # released even on an error (as in :meth:`read`)
            return self._fill(view)

    def _fill(self, view: memoryview) -> int:
        """The bytes pending, then each step's, copied into ``view`` until it is full or
        the reads end; the rest of the last step's output stays pending."""
        size = len(view)
        have = len(self.pending) - self.at
        if self.error is not None and not have:
            return 0
        filled = min(have, size)
        view[:filled] = memoryview(self.pending)[self.at:self.at + filled]
        self.at += filled
        if self.at == len(self.pending):
            self.pending, self.at = b"", 0
        while filled < size and (out := self._step()) is not None:
            n = min(len(out), size - filled)
            view[filled:filled + n] = memoryview(out)[:n]
            filled += n
            if n < len(out):
                self.pending, self.at = out, n
        return filled

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` decompressed bytes. The output is gathered as a list of bytes,
        not in a growing ``bytearray``: when memory runs out mid-read, a bytearray here was
        freed with a buffer still exported, and Python printed ``SystemError: deallocated
        bytearray object has exported buffers`` beside the input's clean error line."""
        size = size if size is not None and size >= 0 else 1 << 62
        have = len(self.pending) - self.at
        if self.error is not None and not have:
            return b""
        if have >= size:  # a large step's output is handed out a slice at a time, never moved
            self.at += size
            return self.pending[self.at - size:self.at]
        parts = [self.pending[self.at:]] if have else []
        while have < size and (out := self._step()) is not None:
            parts.append(out)
            have += len(out)
        data = parts[0] if len(parts) == 1 else b"".join(parts)
        self.pending, self.at = data, min(size, len(data))
        return data[:size]

    def _step(self) -> bytes | None:
        """The output of one step (:data:`STEP` compressed bytes; maybe none), or None where
        the reads end: the end of the input, or the frame cut short or damaged (the error
        kept in ``error``)."""
        if self.fed and not self.obj.eof and self._holding():
            data = b""  # output left from input given before
        else:
            data = self.unused or self.raw.read(self.STEP)
            self.unused = b""
            if not data:
                if self.fed and not self.obj.eof:
                    self.error = EOFError(f"compressed file ended before the end of a {self.NAME} {self.MEMBER}")
                return None
            if self.obj.eof:  # the next member
                self.obj, self.fed = self._new(), False
                self.members += 1
                data = self._between(data)
                if not data:
                    return b""
        try:
            out = self._decompress(data)
        except self.ERRORS as exc:
            if not (self.TRAILING_OK and self.members and not self.fed):
                self.error = exc
            return None
        self.fed = True
        if self.obj.eof:
            self.unused = self.obj.unused_data
        return out

    def _new(self) -> Any:
        """A decompressor for one member."""
        raise NotImplementedError

    def _between(self, data: bytes) -> bytes:
        """``data`` read after a complete member, as the next member's start."""
        return data

    def _decompress(self, data: bytes) -> bytes:
        return self.obj.decompress(data)

    def _holding(self) -> bool:
        """The decompressor holds output of input already given (a bounded step left it)."""
        return False


class _Bounded(Stepwise):
    """bzip2 and xz: a few bytes can stand for gigabytes (10^8 zero bytes are 113 bytes of bzip2),
    so each step's output is bounded and the rest taken in the steps after."""

    BOUND = 1 << 22

    def _decompress(self, data: bytes) -> bytes:
        return self.obj.decompress(data, self.BOUND)

    def _holding(self) -> bool:
        return not self.obj.needs_input

    def close(self) -> None:
        self.raw.close()
        super().close()


class Zstd(Stepwise):
    """zstd frames (Pushshift and Arctic Shift dumps declare windows of up to 2 GiB)."""

    NAME, MEMBER = "zstd", "frame"

    def __init__(self, raw: BinaryIO) -> None:
        import zstandard

        self.dctx = zstandard.ZstdDecompressor(max_window_size=ZSTD_MAX_WINDOW)
        self.ERRORS = zstandard.ZstdError
        super().__init__(raw)

    def _new(self) -> Any:
        return self.dctx.decompressobj()


class Gzip(Stepwise):
    """gzip members (``cat a.gz b.gz`` is one gzip file); zero bytes after a member are padding,
    as GzipFile reads them; other data after it is damage."""

    NAME, MEMBER, ERRORS = "gzip", "member", (zlib.error,)

    def _new(self) -> Any:
        return zlib.decompressobj(wbits=31)

    def _between(self, data: bytes) -> bytes:
        return data.lstrip(b"\x00")


class Bzip2(_Bounded):
    """bzip2 streams (pbzip2 writes several); data after a complete stream ends the input, as BZ2File reads it."""

    NAME, MEMBER, ERRORS, TRAILING_OK = "bzip2", "stream", (OSError, ValueError), True

    def _new(self) -> Any:
        return bz2.BZ2Decompressor()


class Xz(_Bounded):
    """xz streams; data after a complete stream ends the input, as LZMAFile reads it."""

    NAME, MEMBER, ERRORS, TRAILING_OK = "xz", "stream", (lzma.LZMAError,), True

    def _new(self) -> Any:
        return lzma.LZMADecompressor(format=lzma.FORMAT_XZ)


_STEPWISE: dict[str, type[Stepwise]] = {"gzip": Gzip, "bzip2": Bzip2, "xz": Xz, "zstd": Zstd}


def compression_of(magic: bytes) -> str | None:
    """The compression an input's first bytes announce (gzip, bzip2, xz, zstd), or None."""
    return next((name for sig, name in _MAGIC.items() if magic.startswith(sig)), None)


def decompressing(raw: BinaryIO, compression: str | None) -> BinaryIO:
    """``raw`` read through the decompressor for ``compression`` (None: as it is).
    The one place that maps a compression to its reader (streams, the fast path)."""
    if compression in _STEPWISE:
        return io.BufferedReader(_STEPWISE[compression](raw), CHUNK)
    return raw


def ended_damaged(stream: BinaryIO) -> Exception | None:
    """Why a compressed stream of :func:`decompressing` ended early (cut short or damaged), None
    when it ended at its end (or is not compressed): asked once its reads give nothing."""
    raw = getattr(stream, "raw", None)
    return raw.error if isinstance(raw, Stepwise) else None


def damaged(exc: Exception, compression: str | None) -> InputError:
    """The InputError for a decompressor's complaint about damaged or truncated data; any
    other exception is raised again."""
    ours = isinstance(exc, (OSError, EOFError, lzma.LZMAError, ValueError, zlib.error)) or \
        type(exc).__module__.startswith("zstandard") or "zstd" in type(exc).__name__.lower()  # ZstdError and kin
    if not ours:
        raise exc
    return InputError(f"damaged or truncated {compression} data ({exc})")


class Damaged(InputError):
    """Compressed data that ends damaged or truncated after ``line - 1`` complete lines of a
    line format: those were read (and are kept); the line ``line`` and what follows are lost."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"{message}: the {plural(line - 1, 'complete line')} before this line were read "
                         f"and kept, the rest of the input is lost")
        self.line = line


class Decompressed:
    """A readable stream of the decompressed bytes; damaged data raises InputError."""

    def __init__(self, raw: BinaryIO) -> None:
        magic = b""
        while len(magic) < 6:
            more = raw.read(6 - len(magic))
            if not more:
                break
            magic += more
        self.compression = compression_of(magic)
        self.raw = raw
        self.failed: InputError | None = None
        self.stream: BinaryIO = decompressing(io.BufferedReader(_Prefixed(magic, raw), CHUNK), self.compression)

    def read(self, size: int = CHUNK) -> bytes:
        """Up to ``size`` decompressed bytes (fewer only at the end). Damaged data raises
        InputError — after the bytes decompressed before it were returned (a truncated dump's
        complete lines can still be read)."""
        if self.failed is not None:
            raise self.failed
        out = bytearray()
        while len(out) < size:
            try:
                data = self.stream.read(size - len(out))
            except Exception as exc:  # noqa: BLE001 - only a decompressor's complaint is caught (damaged())
                failed = damaged(exc, self.compression)
                if out:  # said on the next read
                    self.failed = failed
                    break
                raise failed from None
            if not data:
                error = ended_damaged(self.stream)
                if error is not None:
                    self.failed = damaged(error, self.compression)
                    if not out:
                        raise self.failed
                break
            out += data
        return bytes(out)

    def read_all(self, limit: int, already: int = 0) -> bytes:
        """Everything left, refusing more than ``limit`` bytes in all (counting ``already``)."""
        parts: list[bytes] = []
        total = already
        while True:
            data = self.read(min(CHUNK, limit - total + 1))
            if not data:
                return b"".join(parts)
            total += len(data)
            if total > limit:
                raise too_large(limit, self.compression)
            parts.append(data)

    def close(self) -> None:
        for handle in (self.stream, self.raw):
            try:
                handle.close()
            except Exception:  # closing a damaged stream may complain again: already reported
                pass


def utf8_or_cp1252(data: bytes, where: str = "") -> tuple[str, int | None]:
    """UTF-8, else Windows-1252: the text and, for the latter, the offset of the first
    byte that is not UTF-8; InputError when neither decodes."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        try:
            return data.decode("cp1252"), exc.start
        except UnicodeDecodeError:
            raise InputError(f"invalid UTF-8 at byte {exc.start} {where}and not Windows-1252 either") from None


class LineStream:
    """The lines of a line-format input (NDJSON, CSV), decoded one at a time.

    ``head`` is the decoded start of the input (for format checks); iterating yields
    every line with its ``\\n`` (line ends normalised as :func:`comments.io.sources.decode`
    does), each decoded as UTF-8 or, where that fails, Windows-1252 (noted once).
    ``line`` is the number of the last line read, for error messages.
    """

    def __init__(self, stream: Decompressed, start: bytes, head: str, notes: list[str],
                 record_limit: int | None = None, total_limit: int | None = None,
                 compression: str | None = None) -> None:
        self.stream, self.start, self.head, self.notes = stream, start, head, notes
        self.compression = compression or stream.compression  # the input's, also when read whole with its head
        self.record_limit = record_limit or RECORD_LIMIT
        self.total_limit = total_limit  # a --max-input-size the user gave: the whole input's bytes
        self.line = 0
        self.nuls = False  # a line held a raw NUL (read as NUL_MARK: the pipeline removes it)
        self._used = False
        #: the line last handed out ended at a lone CR inside a record that ends in "\n" (a CSV
        #: reader tells a cell split by one); never in a CR-only (classic Mac) input, whose CRs are its line ends
        self.cr_end = False
        #: a lone CR ends a line (CSV, as the csv module and Excel read it); NDJSON lines end at "\n" only
        self.split_cr = True
        #: a line over the per-record limit is skipped (read past a chunk at a time, never held) and its
        #: number put in ``overlong``, a blank line given in its place; else it raises InputError
        self.skip_overlong = False
        self.overlong: list[int] = []
        #: compressed data that ended damaged or truncated: the lines before it were given, the
        #: partial line at the damage left out (the caller reports it: :attr:`Damaged.line`)
        self.damaged: Damaged | None = None

    def __iter__(self) -> Iterator[str]:
        if self._used:
            raise RuntimeError("a LineStream is read once")
        self._used = True
        fallback = 0
        first_fallback = 0
        lf_records: bool | None = None  # the first line ends in "\n" with no lone CR before: records end in "\n"
        for raw in self._raw_lines():
            self.line += 1
            if raw is _OVERLONG:
                self.overlong.append(self.line)
                yield "\n"
                continue
            try:
                text, bad = utf8_or_cp1252(raw, "of the line ")
            except InputError as exc:
                raise InputError(exc.message, f"line {self.line}") from None
            if "\x00" in text:
                self.nuls, text = True, mark_nuls(text)
            if bad is not None:
                fallback += 1
                first_fallback = first_fallback or self.line
            if "\r" in text and not self.split_cr:
                yield text.replace("\r\n", "\n")  # a CR inside stays there (inside a JSON string, say)
                continue
            if lf_records is None:
                lf_records = text.endswith("\n") and "\r" not in text.replace("\r\n", "\n")
            if "\r" in text:  # CRLF and a lone CR end a line, as in decode()
                parts = text.replace("\r\n", "\n").split("\r")  # only the last part can end in "\n"
                self.cr_end = lf_records
                yield from (part + "\n" for part in parts[:-1])
                self.cr_end = False
                if parts[-1]:
                    yield parts[-1]
                continue
            yield text
        if fallback:
            self.notes.append(f"not UTF-8 ({plural(fallback, 'line')}, first line {first_fallback:,}): decoded as Windows-1252")

    def _raw_lines(self) -> Iterator[bytes]:
        buf = bytearray(self.start[3:] if self.start.startswith(b"\xef\xbb\xbf") else self.start)
        total = len(self.start)
        self.start = b""
        while True:
            if self.total_limit is not None and total > self.total_limit:
                raise too_large(self.total_limit, self.compression, lines=True)
            pos = 0
            cut = buf.find(b"\n")
            while cut >= 0:
                yield bytes(buf[pos: cut + 1])
                pos = cut + 1
                cut = buf.find(b"\n", pos)
            del buf[:pos]
            if len(buf) > self.record_limit and self.skip_overlong:
                buf, total = self._past_line_end(total)
                yield _OVERLONG
                continue
            if len(buf) > self.record_limit:
                raise InputError(f"a line longer than {format_size(self.record_limit)}, the per-record limit of line "
                                 f"formats (NDJSON, CSV; {OPTION} limits whole documents only)",
                                 f"line {self.line + 1}")
            try:
                data = self.stream.read(CHUNK)
            except InputError as exc:
                if self.compression is None or not exc.message.startswith("damaged or truncated"):
                    raise
                self.damaged = Damaged(exc.message, self.line + 1)  # the partial line in ``buf`` is lost
                return
            if not data:
                if buf:
                    yield bytes(buf)
                return
            total += len(data)
            buf += data

    def _past_line_end(self, total: int) -> tuple[bytearray, int]:
        """Read on past the end of a line over the limit, one chunk at a time: what follows its
        line end, and the bytes read in all."""
        while True:
            data = self.stream.read(CHUNK)
            total += len(data)
            if self.total_limit is not None and total > self.total_limit:
                raise too_large(self.total_limit, self.compression, lines=True)
            cut = data.find(b"\n")
            if not data or cut >= 0:
                return bytearray(data[cut + 1:] if data else b""), total


#: What the raw lines give for a line skipped for its length (:attr:`LineStream.skip_overlong`).
_OVERLONG: Any = object()
