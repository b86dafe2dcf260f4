"""Inputs at the edge: paths, directories, stdin, compression and text encodings."""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from comments.errors import InputError

#: A folder holding this file is one ConvoKit corpus, read as a whole.
CONVOKIT_MARKER = "utterances.jsonl"


@dataclass
class Source:
    """One input: its name as the user gave it and its decompressed bytes."""

    name: str
    data: bytes
    path: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def stem(self) -> str:
        """File name without compression and format suffixes."""
        if self.path is None:
            return "stdin"
        name = self.path.name
        for suffix in (".gz", ".bz2", ".xz"):
            if name.endswith(suffix):
                name = name[: -len(suffix)]
        return Path(name).stem if not self.path.is_dir() else name


def expand(inputs: list[str]) -> list[str]:
    """Files to read, in order: directories recursively and sorted (hidden entries and
    ConvoKit corpus internals skipped: a corpus folder is one input)."""
    out: list[str] = []
    for item in inputs:
        path = Path(item)
        if item == "-" or not path.is_dir():
            out.append(item)
            continue
        out.extend(_walk(path))
    return out


def _walk(folder: Path) -> list[str]:
    if (folder / CONVOKIT_MARKER).is_file():
        return [str(folder)]
    out: list[str] = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            out.extend(_walk(entry))
        else:
            out.append(str(entry))
    return out


def open_source(item: str) -> Source:
    """Read one input (file, ConvoKit folder or ``-``) and undo compression."""
    if item == "-":
        return Source("<stdin>", decompress(sys.stdin.buffer.read(), "<stdin>"))
    path = Path(item)
    if path.is_dir():
        return Source(item, b"", path)
    if not path.exists():
        raise InputError("no such file")
    if not os.access(path, os.R_OK):
        raise InputError("permission denied")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    return Source(item, decompress(raw, item), path)


def decompress(raw: bytes, name: str) -> bytes:
    """Undo gzip/bzip2/xz compression, recognised by magic bytes."""
    try:
        if raw[:2] == b"\x1f\x8b":
            return gzip.decompress(raw)
        if raw[:3] == b"BZh":
            return bz2.decompress(raw)
        if raw[:6] == b"\xfd7zXZ\x00":
            return lzma.decompress(raw)
    except (OSError, EOFError, lzma.LZMAError, ValueError) as exc:
        raise InputError(f"damaged or truncated compressed data ({exc})") from None
    return raw


def decode(data: bytes, notes: list[str] | None = None) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 (BOM or zero-byte pattern),
    else Windows-1252. Line ends become ``\\n``. Binary data raises InputError."""
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
        if b"\x00" in data[:65536] or _control_share(data[:65536]) > 0.05:
            raise InputError("binary data, not text in a supported encoding (unknown format)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise InputError(
                    f"invalid UTF-8 at byte {exc.start} and not Windows-1252 either (unknown format)"
                ) from None
            notes.append(f"not UTF-8 (byte {exc.start}): decoded as Windows-1252")
    return text.replace("\r\n", "\n").replace("\r", "\n")


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


def _control_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    bad = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(sample)
