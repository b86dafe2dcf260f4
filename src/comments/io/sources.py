"""Inputs at the edge: paths, directories, stdin, compression and text encodings."""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from comments.model.errors import InputError
from comments.text.plural import plural
from comments.io.streams import DEFAULT_MAX_INPUT, Decompressed, LineStream, mark_nuls, too_large, utf8_or_cp1252

#: A folder holding this file is one ConvoKit corpus, read as a whole.
CONVOKIT_MARKER = "utterances.jsonl"
#: The utterances file of a ConvoKit corpus folder: JSON Lines, or a JSON list in corpora written
#: by ConvoKit 1.x (its loader still reads one when there is no ``.jsonl``).
UTTERANCES = (CONVOKIT_MARKER, "utterances.json")
#: Files beside an ``utterances.json`` that make its folder a ConvoKit corpus (``users.json`` before 2.0).
_CONVOKIT_SIDE = ("speakers.json", "users.json", "conversations.json", "corpus.json", "index.json")


def convokit_folder(folder: Path) -> bool:
    """A ConvoKit corpus folder: ``utterances.jsonl``, or ``utterances.json`` with a file ConvoKit
    writes beside it (a folder of other JSON files that holds one so named is not one). Why: a 1.x
    corpus was read file by file, its utterances as generic JSON and the rest as four errors."""
    return (folder / UTTERANCES[0]).is_file() or (folder / UTTERANCES[1]).is_file() and any(
        (folder / name).is_file() for name in _CONVOKIT_SIDE)


#: Bytes of decompressed input looked at before the format is known.
HEAD_BYTES = 1 << 18


@dataclass
class Source:
    """One input: its name as the user gave it and its decompressed content, read on
    demand from ``stream`` (``start`` holds the first bytes, already read)."""

    name: str
    data: bytes = b""
    path: Path | None = None
    notes: list[str] = field(default_factory=list)
    stream: Decompressed | None = None
    start: bytes = b""
    at_end: bool = True
    head_text: str = ""
    reading: LineStream | None = None
    #: the whole input's cap when read line by line (a --max-input-size the user gave)
    line_limit: int | None = None
    #: gzip, bzip2, xz, zstd or None, as the first bytes said (kept once the stream is closed)
    compression: str | None = None
    #: the input held raw NUL bytes (read as :data:`NUL_MARK`, which only then the pipeline removes)
    nuls: bool = False
    #: a web archive file, its bytes as stored (not decompressed: read record by record)
    web_archive: bool = False

    @property
    def held_nuls(self) -> bool:
        """Whether raw NULs were read (whole or line by line): only then is :data:`NUL_MARK` theirs."""
        return self.nuls or self.reading is not None and self.reading.nuls

    def decode(self, data: bytes) -> str:
        """:func:`decode` of this input's bytes (its notes kept), remembering whether it held raw NULs."""
        text = _decode(data, self.notes)
        self.nuls = self.nuls or "\x00" in text
        return mark_nuls(text)

    @property
    def stem(self) -> str:
        """File name without compression and format suffixes."""
        if self.path is None:  # stdin, or content in memory named by its caller
            if self.name == "<stdin>":
                return "stdin"
            name = Path(self.name).name or self.name
        else:
            name = path_name(self.path)
        return shown_name(name if self.path is not None and self.path.is_dir() else file_stem(name))

    def head(self) -> str:
        """The decoded start of the input, for format detection (cut at a line end or,
        in UTF-16, a character boundary, so no character is split)."""
        data = self.start or self.data
        if self.at_end:
            return decode(data)
        if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
            data = data[: len(data) // 2 * 2]
            try:
                return decode(data)
            except InputError:
                return decode(data[:-2])  # a surrogate pair split at the cut
        cut = data.rfind(b"\n")
        return decode(data[: cut + 1] if cut > 0 else data)

    def document(self, limit: int) -> bytes:
        """The whole decompressed input, refused above ``limit`` bytes (a small input read
        whole with its head too)."""
        if len(self.start or self.data) > limit:
            raise too_large(limit, self.compression)
        if self.stream is not None:
            rest = b"" if self.at_end else self.stream.read_all(limit, len(self.start))
            self.data, self.start, self.at_end = self.start + rest, b"", True
            self.close()
        return self.data

    def lines(self) -> LineStream:
        """The input line by line (line formats: never held whole)."""
        if self.stream is None:  # all of it was read with the head
            self.stream, self.start, self.data = Decompressed(io.BytesIO(b"")), self.data, b""
        start, self.start = self.start, b""
        self.reading = LineStream(self.stream, start, self.head_text, self.notes, total_limit=self.line_limit,
                                  compression=self.compression)
        return self.reading

    def line_number(self) -> int | None:
        """The line being read when reading line by line, else None."""
        return self.reading.line if self.reading is not None and self.reading.line else None

    @property
    def streamable(self) -> bool:
        """Line by line needs a byte-oriented encoding (UTF-8 or Windows-1252); a web archive
        (kept compressed, read record by record) is not read line by line."""
        if self.web_archive:
            return False
        data = (self.start or self.data)[:4096]
        return not data.startswith((b"\xff\xfe", b"\xfe\xff")) and not _looks_utf16(data)

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None


COMPRESSED_SUFFIXES = (".gz", ".gzip", ".bz2", ".bzip2", ".xz", ".zst", ".zstd")
#: File names of web archives (WARC, WARC.gz, WACZ): read by :mod:`comments.io.readers.warc`.
WEB_ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".wacz")

#: Extensions of the inputs we read (and of text kept in them); anything else after a
#: dot is part of the name (``blog.de__artikel-eins`` is not ``blog`` + ``.de__artikel-eins``).
INPUT_SUFFIXES = frozenset((
    ".txt", ".text", ".log", ".md", ".markdown", ".rst", ".html", ".htm", ".xhtml", ".shtml", ".mhtml", ".mht",
    ".xml", ".wxr", ".rss", ".atom", ".json", ".jsonl", ".ndjson", ".jl", ".csv", ".tsv", ".tab", ".psv",
    ".yaml", ".yml", ".parquet", ".pq", ".toml", ".warc", ".wacz"))


_UNDECODED = re.compile("[\ud800-\udfff]")


def shown_name(name: str) -> str:
    """``name`` (a path, or part of one) with each byte that is not UTF-8 (a lone surrogate, as
    Python decodes such file names) written ``\\udcXX``, as the terminal shows it
    (:func:`comments.text.textsafe.term`). Why: a Latin-1 ``blög`` and ``blög`` file name
    became one site and thread (U+FFFD) in every written format, and the API's frames
    raised UnicodeEncodeError; escaped, they stay apart and read back as they were written."""
    return _UNDECODED.sub(lambda m: f"\\u{ord(m.group()):04x}", name)


def undecoded_note(name: str) -> str | None:
    """The note on an input whose name holds bytes that are not UTF-8 (:func:`shown_name`), else None."""
    if _UNDECODED.search(name) is None:
        return None
    return ("its file name is not UTF-8: the site, thread and source named from it write each such byte as "
            "\\udcXX, as the name is shown here")


def path_name(path: Path) -> str:
    """``path``'s last part, of the folder it stands for where it has none: ``.``, ``./`` and
    ``..`` name the working folder or its parent (``Path(".").name`` is empty, and the site and
    thread of every comment in a folder given as ``.`` were empty)."""
    if path.name not in ("", ".", ".."):
        return path.name
    whole = path.resolve()
    return whole.name or str(whole)


def file_stem(name: str) -> str:
    """A file name without a known compression suffix and then a known input extension
    (SPEC: the site is this stem up to ``__``); a dot inside a domain is never cut."""
    lower = name.lower()
    for suffix in COMPRESSED_SUFFIXES:
        if lower.endswith(suffix) and len(name) > len(suffix):
            name, lower = name[: -len(suffix)], lower[: -len(suffix)]
            break
    dot = lower.rfind(".")
    if dot > 0 and lower[dot:] in INPUT_SUFFIXES:
        name = name[:dot]
    return name


def thread_stems(items: list[str], notes: list[str] | None = None) -> dict[str, str]:
    """The names of file inputs whose file name (:func:`file_stem`) another input in another
    folder shares: the path from the deepest folder they share, ``/``-separated, without
    extensions (``art/article-000/comments.json`` and ``art/article-001/comments.json`` →
    ``article-000/comments``, ``article-001/comments``), one note per shared name. Why: a
    scraper's folder per article, each holding ``comments.json``, became one thread, and
    every article's comments after the first were dropped as repeats. Names no other folder
    shares are not in the result (copies of one page in one folder, ``post.html`` and
    ``post.txt``, stay one thread)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for item in items:
        if item == "-" or isinstance(item, MemoryInput):
            continue
        path = Path(item)
        if path.is_dir():
            continue
        groups.setdefault(shown_name(file_stem(path_name(path))), []).append(
            (item, os.path.dirname(os.path.abspath(item))))
    out: dict[str, str] = {}
    for stem, members in groups.items():
        folders = {folder for _, folder in members}
        if len(folders) < 2:
            continue
        common = os.path.commonpath(sorted(folders))
        for item, folder in members:
            below = shown_name(Path(os.path.relpath(folder, common)).as_posix())
            out[item] = stem if below == "." else f"{below}/{stem}"
        if notes is not None:
            below_cwd = os.path.relpath(common)
            common = common if below_cwd.startswith("..") else below_cwd
            shown = sorted({out[item] for item, _ in members}, key=natural_key)
            notes.append(f"{plural(len(members), 'file')} in {plural(len(folders), 'folder')} share the name {stem}: "
                         f"each thread named from its file takes its folder path below {common} "
                         f"({', '.join(shown[:3])}{', …' if len(shown) > 3 else ''})")
    return out


def natural_key(item) -> tuple:
    """``item``'s path with its runs of digits compared as numbers (``page2`` before
    ``page10``, ``RC_2021-9`` before ``RC_2021-10``), the path itself breaking ties: the
    order inputs are read in whatever order they are named, and the order a user who
    numbers pages or months means."""
    text = str(item)
    return tuple(int(part) if i % 2 else part for i, part in enumerate(_DIGITS.split(text))), text


_DIGITS = re.compile(r"(\d+)")


def expand(inputs: list[str], notes: list[str] | None = None, follow_symlinks: bool = False,
           empty: list[str] | None = None) -> list[str]:
    """Files to read, in order: the inputs in natural order (:func:`natural_key`: the same
    inputs give the same merged output whatever order they are named in: a thread spread
    over several files takes its comments, source and URL in one order; ``page2`` before
    ``page10``), directories recursively and in natural order
    (hidden entries and ConvoKit corpus internals skipped: a corpus folder is one input). Inside a folder only
    regular files are read; symlinks are followed only with ``follow_symlinks`` (each
    folder once: loops are cut). Paths named by the user are always followed. Folders
    that hold no file to read are added to ``empty`` (when given). A file named again
    (the same file under any path, or inside a folder given too) is read once, noted."""
    notes = notes if notes is not None else []
    out: list[str] = []
    for item in sorted(inputs, key=natural_key):
        path = Path(item)
        if item == "-" or isinstance(item, MemoryInput) or not path.is_dir():
            out.append(item)
            continue
        found = _walk(path, notes, follow_symlinks, set())
        if not found and empty is not None:
            empty.append(item)
        out.extend(found)
    return _once(out, notes)


def _once(items: list[str], notes: list[str]) -> list[str]:
    """``items`` without a regular file already among them (same device and inode, or the
    same bytes: :func:`same_bytes`), or a second ``-`` (standard input), each left out with
    a note naming the path it was read under."""
    first: dict[tuple[int, int], str] = {}
    out = []
    for item in items:
        if item == "-" and "-" in out:  # stdin can be read once: a second read met a closed file (an exception text)
            notes.append("-: standard input, given again: read once")
            continue
        try:
            info = None if item == "-" or isinstance(item, MemoryInput) else os.stat(item)
        except (OSError, ValueError):
            info = None  # not there: reading it says so
        if info is not None and stat.S_ISREG(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in first:
                notes.append(f"{item}: the same file as {first[key]}, given again: read once")
                continue
            first[key] = item
        out.append(item)
    return _unrepeated(out, notes)


def _unrepeated(items: list[str], notes: list[str]) -> list[str]:
    """``items`` without the files :func:`same_bytes` finds, each left out with a note."""
    again = same_bytes(items)
    notes.extend(f"{item}: the same bytes as {again[item]} (a browser's repeat download): read once"
                 for item in items if item in again)
    return [item for item in items if item not in again]


def same_bytes(items: list[str], chunk: int = 1 << 20) -> dict[str, str]:
    """Each file of ``items`` named as a browser names a repeat download (``NAME (1).txt``)
    whose bytes another input of that name holds exactly → that input (``NAME.txt`` where
    there is one; files of no bytes aside: each is an error of its own). Why: a repeat download
    was a second thread, every comment twice, without a note. Files of the same bytes under
    other names are the user's naming (two threads, two ``--site`` paths) and go to the rules
    on copies. Only files whose size and name another shares are read (a streamed BLAKE2 digest)."""
    sizes: dict[tuple[int, str], list[str]] = {}
    for item in items:
        try:
            info = None if item == "-" or isinstance(item, MemoryInput) else os.stat(item)
        except (OSError, ValueError):
            continue
        if info is not None and stat.S_ISREG(info.st_mode) and info.st_size:
            sizes.setdefault((info.st_size, _REPEAT_NAME.sub("", file_stem(path_name(Path(item))))), []).append(item)
    out: dict[str, str] = {}
    for members in sizes.values():
        if len(members) < 2 or not any(_marked(item) for item in members):
            continue
        alike: dict[bytes, list[str]] = {}
        for item in members:
            digest = hashlib.blake2b(digest_size=32)
            try:
                with open(item, "rb") as handle:
                    while block := handle.read(chunk):
                        digest.update(block)
            except OSError:
                continue  # reading it says why
            alike.setdefault(digest.digest(), []).append(item)
        for same in alike.values():
            kept = min(same, key=_marked)
            out.update((item, kept) for item in same if item != kept and _marked(item))
    return out


#: The mark a browser adds to the name of a file downloaded again (``NAME (1).txt``): of the
#: files holding the same bytes, the one without it is read (its name names the thread).
_REPEAT_NAME = re.compile(r" \([0-9]+\)$")


def download_number(name: str) -> int:
    """The number of a browser's repeat mark in a file's name (``NAME (2).txt`` → 2; none: 0): the
    later download has the higher number, whatever order the names sort in."""
    m = _REPEAT_NAME.search(file_stem(path_name(Path(name))))
    return int(m.group(0).strip(" ()")) if m else 0


def unrepeated(stem: str) -> str:
    """``stem`` without a browser's repeat mark (``NAME (1)`` → ``NAME``): the name inputs that may
    be one page downloaded twice share (:func:`comments.io.namesakes.namesake_groups`)."""
    return _REPEAT_NAME.sub("", stem)


def _marked(item: str) -> bool:
    """The file's name carries a browser's repeat mark (``NAME (1).txt``)."""
    return _REPEAT_NAME.search(file_stem(path_name(Path(item)))) is not None


#: Files a site mirror (wget -m, HTTrack) holds beside the pages, skipped inside a folder (noted):
#: read, a robots.txt or a crawl log became an article without comments.
_CRAWLER_FILES = {"robots.txt": "the site's robots.txt", "hts-log.txt": "HTTrack's crawl log",
                  "hts-err.txt": "HTTrack's error log", "hts-cache": "HTTrack's cache",
                  "hts-in_progress.lock": "HTTrack's lock file"}


#: Files an operating system or an application leaves in any folder, skipped inside a folder (one note names
#: them all): read, ``Thumbs.db`` made every run exit 1 (binary), ``desktop.ini`` and an Office lock file became
#: a site and a thread in every report, and an editor's backup ``x.json~`` was read as data a second time
#: (folders21, session 21). Named as an input, each is read as asked.
_SYSTEM_FILES = {"thumbs.db": "Windows' thumbnail cache", "ehthumbs.db": "Windows' thumbnail cache",
                 "ehthumbs_vista.db": "Windows' thumbnail cache", "desktop.ini": "Windows' folder settings",
                 "icon\r": "macOS's folder icon"}
#: Unfinished downloads: what the browser had fetched before it stopped, not the whole page.
_PARTIAL_SUFFIXES = {".crdownload": "Chrome's", ".part": "Firefox's", ".partial": "Edge's", ".download": "Safari's"}


def _system_file(name: str) -> str | None:
    """What ``name`` is when an operating system or application left it (a lock file, a backup, a
    thumbnail cache), else None."""
    lower = name.lower()
    if lower in _SYSTEM_FILES:
        return _SYSTEM_FILES[lower]
    if name.startswith("~$"):
        return "an Office lock file"
    if name.endswith("~"):
        return "an editor's backup copy"
    return None


def _partial_download(name: str) -> str | None:
    """The browser whose unfinished download ``name`` is (``page.html.crdownload``), else None."""
    for suffix, browser in _PARTIAL_SUFFIXES.items():
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return browser
    return None


def _left_out(entry: os.DirEntry) -> str | None:
    """Why a folder walk leaves ``entry`` out by its name (a crawler's file, what an OS or application
    leaves, an unfinished download), else None."""
    lower = entry.name.lower()
    if lower in _CRAWLER_FILES:
        return f"{_CRAWLER_FILES[lower]}, not a page"
    if not entry.is_file():
        return None
    if (what := _system_file(entry.name)) is not None:
        return f"{what}, not comments (name it as an input to read it)"
    if (browser := _partial_download(entry.name)) is not None:
        return (f"{browser} unfinished download, not the whole file (finish the download, or name it as an input "
                "to read what it holds)")
    return None


def _walk(folder: Path, notes: list[str], follow: bool, seen: set[tuple[int, int]]) -> list[str]:
    try:
        info = folder.stat()
    except OSError as exc:
        notes.append(f"{folder}: skipped: {exc.strerror or exc}")
        return []
    if (info.st_dev, info.st_ino) in seen:
        notes.append(f"{folder}: skipped: a symlink loop (folder already read)")
        return []
    seen.add((info.st_dev, info.st_ino))
    if convokit_folder(folder):
        _note_beside_corpus(folder, notes)
        return [str(folder)]
    out: list[str] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: natural_key(e.name))
    except OSError as exc:
        notes.append(f"{folder}: skipped: {exc.strerror or exc}")
        return []
    pages = {name.rsplit(".", 1)[0]: name for name in (e.name for e in entries)
             if name.lower().endswith(_PAGE_SUFFIXES)}
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        page = _saved_page_of(entry.name, pages)
        if page is not None and entry.is_dir():
            frames = sorted(str(f.relative_to(folder)) for f in path.rglob("*")
                            if f.suffix.lower() in _PAGE_SUFFIXES and f.is_file())
            inside = (f"; it holds {plural(len(frames), 'HTML file')}, frames of the page such as a comment widget "
                      f"(give them as inputs to read them): {', '.join(frames[:5])}{', …' if len(frames) > 5 else ''}"
                      if frames else "")
            notes.append(f"{path}: skipped: the images, scripts and styles of the saved page {page}{inside}")
            continue
        if (why := _left_out(entry)) is not None:
            notes.append(f"{path}: skipped: {why}")
            continue
        if entry.is_symlink() and not follow:
            notes.append(f"{path}: skipped: a symlink inside an input folder (use --follow-symlinks to read it)")
            continue
        try:
            if entry.is_dir():
                out.extend(_walk(path, notes, follow, seen))
            elif entry.is_file():
                out.append(str(path))
            elif entry.is_symlink():
                notes.append(f"{path}: skipped: a broken symlink")
            else:
                notes.append(f"{path}: skipped: not a regular file ({_kind(path)})")
        except OSError as exc:
            notes.append(f"{path}: skipped: {exc.strerror or exc}")
    return out


def _note_beside_corpus(folder: Path, notes: list[str]) -> None:
    """One note naming the files in and under a ConvoKit corpus folder that are not the corpus's own
    (:data:`UTTERANCES`, :data:`_CONVOKIT_SIDE`; hidden entries aside): the folder is read as one corpus,
    and a CSV or page left beside it was dropped without a word."""
    own = set(UTTERANCES) | set(_CONVOKIT_SIDE)
    try:
        others = sorted((str(f.relative_to(folder)) for f in folder.rglob("*")
                         if f.is_file() and not any(p.startswith(".") for p in f.relative_to(folder).parts)
                         and f.relative_to(folder).as_posix() not in own), key=natural_key)
    except OSError:
        others = []
    if others:
        notes.append(f"{folder}: read as one ConvoKit corpus; {plural(len(others), 'other file')} in it not read "
                     f"(give them as inputs to read them): {', '.join(others[:5])}{', …' if len(others) > 5 else ''}")


#: A browser's "Save page, complete" writes ``NAME.html`` and a folder ``NAME_files``
#: (Chrome, Edge, Safari; Firefox in English) or ``NAME-Dateien`` (Firefox in German) of
#: the page's images, scripts and styles: not comment sections, read as part of the page.
_PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_RESOURCE_FOLDERS = ("_files", "-files", "-Dateien", "_Dateien", "_archivos", "-fichiers", "_fichiers",
                     "-bestanden", "_bestanden", "_file")


def _saved_page_of(name: str, pages: dict[str, str]) -> str | None:
    """The saved page whose resource folder ``name`` is, else None."""
    for suffix in _RESOURCE_FOLDERS:
        if name.endswith(suffix) and name[: -len(suffix)] in pages:
            return pages[name[: -len(suffix)]]
    return None


def _kind(path: Path) -> str:
    mode = path.stat().st_mode
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a file"


class MemoryInput(str):
    """An input already in memory (the Python API's ``read_text`` and file objects): the
    string is its name in notes and errors; ``handle`` gives its (possibly compressed) bytes."""

    handle: BinaryIO

    def __new__(cls, name: str, handle: BinaryIO) -> MemoryInput:
        item = super().__new__(cls, name)
        item.handle = handle
        return item


def open_source(item: str) -> Source:
    """Open one input (file, ConvoKit folder, ``-`` or a :class:`MemoryInput`): its first
    decompressed bytes are read; the rest is read on demand (see :meth:`Source.document`,
    :meth:`Source.lines`)."""
    if isinstance(item, MemoryInput):
        return _opened(Source(str(item)), item.handle)
    if item == "-":
        return _stdin_archive(_opened(Source("<stdin>"), sys.stdin.buffer))
    path = Path(item)
    if path.is_dir():
        return Source(item, b"", path)
    if not path.exists():
        raise InputError("no such file")
    if not os.access(path, os.R_OK):
        raise InputError("permission denied")
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if _web_archive(path, handle):  # read record by record (a damaged gzip member is one lost record):
        with handle:                # its reader opens it itself
            return Source(item, handle.read(HEAD_BYTES), path, web_archive=True)
    return _opened(Source(item, b"", path), handle)


def _stdin_archive(source: Source) -> Source:
    """A gzipped web archive on standard input whose data is damaged past its start: the error
    to come says so in the user's words, not zlib's. Why: ``parse - < x.warc.gz`` said
    "Error -3 while decompressing data: incorrect data check"; a pipe is one stream, read
    through the damage it cannot be, while the file given by name is read record by record."""
    stream = source.stream
    failed = getattr(stream, "failed", None)
    if failed is None or source.compression != "gzip" or not source.start.startswith(b"WARC/1"):
        return source
    words = str(failed)
    cut = any(w in words for w in ("end-of-stream", "ended before", "EOF", "cut short"))
    why = ("it ends cut short" if cut else "bytes were changed: a gzip checksum fails" if "data check" in words
           else "bytes were changed")
    stream.failed = InputError(
        f"a web archive (gzip) on standard input is damaged ({why}): standard input is read as one stream, "
        "which cannot go on past the damage; give the file by name (comments parse FILE.warc.gz) to read it "
        "record by record, keeping every intact page")
    return source


def _web_archive(path: Path, handle: BinaryIO) -> bool:
    """A web archive by name, or a gzip file whose first member starts as a WARC record (left
    at the start)."""
    if path.name.lower().endswith(WEB_ARCHIVE_SUFFIXES):
        return True
    try:
        if not handle.seekable():  # a pipe: its bytes cannot be looked at twice
            return False
        start = handle.read(4096)
        handle.seek(0)
        return start[:2] == b"\x1f\x8b" and zlib.decompressobj(31).decompress(start, 16).startswith(b"WARC/1")
    except (OSError, zlib.error):
        return False


def _opened(source: Source, handle) -> Source:
    try:
        source.stream = Decompressed(handle)
        source.compression = source.stream.compression
        source.start = source.stream.read(HEAD_BYTES)
    except InputError:
        handle.close()
        raise
    except OSError as exc:
        handle.close()
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    # a short input whose compressed data ended damaged is not at its end: the next read says so (a whole
    # document is then refused, a line format keeps its complete lines)
    source.at_end = len(source.start) < HEAD_BYTES and source.stream.failed is None
    if source.at_end:
        source.data = source.start
        source.close()
    return source


def decompress(raw: bytes, name: str, limit: int = DEFAULT_MAX_INPUT) -> bytes:
    """Undo gzip/bzip2/xz/zstd compression, recognised by magic bytes; at most ``limit`` bytes."""
    stream = Decompressed(io.BytesIO(raw))
    return stream.read_all(limit)


def decode(data: bytes, notes: list[str] | None = None) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 (BOM or zero-byte pattern),
    else Windows-1252. Line ends become ``\\n`` (in JSON a lone CR stays: NDJSON lines end at
    ``\\n``, and a CR left raw inside a string is part of it); a stray raw NUL becomes
    :data:`NUL_MARK` (removed and flagged by the pipeline). Binary data raises InputError."""
    return mark_nuls(_decode(data, notes))


def _decode(data: bytes, notes: list[str] | None = None) -> str:
    """:func:`decode` with raw NULs left as they are."""
    notes = notes if notes is not None else []
    if data.startswith(b"\xef\xbb\xbf"):
        text = _strict(data[3:], "utf-8")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(data, "utf-16")
        notes.append("decoded as UTF-16")
    elif _looks_utf16(data):
        enc = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        text = _strict(data, enc)
        notes.append(f"decoded as {enc.upper()}")
    else:
        if _binary(data[:65536]):
            raise InputError("binary data, not text in a supported encoding (unknown format)")
        try:
            text, bad = utf8_or_cp1252(data)
        except InputError as exc:
            raise InputError(exc.message + " (unknown format)") from None
        if bad is not None and not _declares_windows_1252(data[:4096]):
            notes.append(f"not UTF-8 (byte {bad}): decoded as Windows-1252")
    text = text.replace("\r\n", "\n")
    if _JSON_START.match(text[:256]):  # JSON: a lone CR is blank between values or (unescaped) inside a string
        return text
    return text.replace("\r", "\n")


#: An HTML page's ``<meta charset>`` (or ``http-equiv`` content) naming Windows-1252 or a label the
#: HTML standard reads as Windows-1252 (ISO-8859-1, ASCII): such a page decoded so is read as declared.
_WINDOWS_1252_META = re.compile(
    rb"<meta\b[^>]{0,300}?charset\s*=\s*[\"']?\s*(?:windows-1252|cp1252|x-cp1252|iso-8859-1|iso8859-1|"
    rb"iso_8859-1|latin-?1|l1|us-ascii|ascii)\b", re.I)


def _declares_windows_1252(head: bytes) -> bool:
    """True when the page says it is Windows-1252 (no note is due for decoding it so)."""
    return _WINDOWS_1252_META.search(head) is not None


#: How JSON text starts (an object's first key, a list's first value), not a "[Name]" line of prose.
_JSON_START = re.compile(r'\s*(?:\{\s*["}]|\[\s*[\[{"\]\d-])')


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"invalid {encoding.upper()} at byte {exc.start}") from None


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return (odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even)) or (
        even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd)
    )


def _binary(sample: bytes) -> bool:
    """Binary data, by the share of NUL and other control bytes in the sample (a text file with a
    stray NUL or two is text: the pipeline removes them and flags the comment)."""
    return sample.count(0) > max(8, len(sample) // 100) or _control_share(sample) > 0.05


def _control_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    bad = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(sample)
