"""Reading into a :class:`Corpus`: the CLI's read → merge → repair pipeline
(:mod:`comments.io.pipeline`) for paths, folders, file objects and content in memory.

Heavy libraries (pandas, pyarrow) are imported only by the methods that need them, so
``import comments`` stays instant.
"""

from __future__ import annotations

import io
import os
import secrets
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Union

from comments.model.records import Comment, ParsedThread
from comments.text.plural import plural
from comments.text.textsafe import term

if TYPE_CHECKING:
    import pandas as pd

    from comments.api.dask_corpus import DaskCorpus
    from comments.io.pipeline import Result

#: What :func:`read` accepts as one input.
Input = Union[str, os.PathLike, IO[bytes], IO[str]]

#: The formats ``format=`` names (README "Formats").
FORMAT_NAMES = (
    "parquet", "wxr", "disqus", "wordpress-json", "guardian", "mastodon", "discourse", "lemmy", "bluesky", "telegram", "twitter", "reddit", "hackernews",
    "convokit", "jsonl", "staticman", "wordpress-html", "csv", "json", "plaintext",
)


class ReadError(ValueError):
    """``errors="raise"``: an input could not be read; the message is the CLI's error line
    (``FILE[:LINE]: what went wrong``)."""


class Corpus:
    """Repaired threads, and what happened while reading them (a view of the pipeline's
    :class:`~comments.io.pipeline.Result`).

    ``threads``: :class:`~comments.model.records.ParsedThread` in input order.
    ``problems``: one line per input that could not be (wholly) read — the CLI's
    ``error:`` lines. ``notes``: repairs and skips worth knowing (the CLI's ``note:``
    lines). ``warnings``: choices the caller should hear about (e.g. a random salt).
    """

    def __init__(self, result: Result, warnings: list[str] | None = None) -> None:
        self.result = result
        self.warnings = list(warnings or [])

    @property
    def threads(self) -> list[ParsedThread]:
        """The repaired threads with their comments, in input order."""
        return self.result.threads

    @property
    def problems(self) -> list[str]:
        """``FILE[:LINE]: what went wrong`` per input that could not be (wholly) read."""
        return self.result.errors

    @property
    def notes(self) -> list[str]:
        """Remarks about inputs (assumed encodings, skipped files, comments read twice)."""
        return self.result.notes

    @property
    def comments(self) -> list[Comment]:
        """Every comment, thread by thread in document order."""
        return self.result.comments

    @property
    def classified(self) -> bool:
        """True when there are comments and every one carries classification fields."""
        comments = self.comments
        return bool(comments) and all(c.classified for c in comments)

    def summary(self) -> str:
        """The CLI's closing line: threads, comments, repairs, losses, problems (controls,
        bidi and zero-width characters of the data shown escaped, as on the terminal)."""
        return term(self.result.summary())

    def with_threads(self, threads: list[ParsedThread]) -> Corpus:
        """A corpus of other threads (a list of ParsedThread: TypeError else) with this one's
        problems, notes and warnings."""
        from comments.io.pipeline import Result

        result = Result(threads_of(threads), list(self.problems), list(self.notes), self.result.cross_input_duplicates,
                        self.result.lost_lines, self.result.undated_threads)
        return Corpus(result, self.warnings)

    def __len__(self) -> int:
        """The number of threads."""
        return len(self.threads)

    def __iter__(self) -> Iterator[ParsedThread]:
        """The threads, in input order."""
        return iter(self.threads)

    def __repr__(self) -> str:
        n = sum(len(pt.comments) for pt in self.threads)
        sites = sorted({pt.thread.site or "" for pt in self.threads})
        shown = ", ".join(sites[:3]) + (f", … ({len(sites)} sites)" if len(sites) > 3 else "")
        extra = f", {plural(len(self.problems), 'problem')}" if self.problems else ""
        state = ", classified" if self.classified else ""
        return term(f"<Corpus: {plural(len(self.threads), 'thread')}, {plural(n, 'comment')} ({shown}){state}{extra}>")

    def comments_df(self, dates: str = "datetime") -> pd.DataFrame:
        """One row per comment, SPEC columns in SPEC order (see :func:`comments.api.frames.comments_frame`)."""
        from comments.api.frames import comments_frame

        return comments_frame(self.threads, dates)

    def threads_df(self, dates: str = "datetime") -> pd.DataFrame:
        """One row per thread, SPEC columns in SPEC order (see :func:`comments.api.frames.threads_frame`)."""
        from comments.api.frames import threads_frame

        return threads_frame(self.threads, dates)

    @classmethod
    def from_frames(cls, comments: pd.DataFrame, threads: pd.DataFrame | None = None) -> Corpus:
        """A corpus from frames shaped like :meth:`comments_df` / :meth:`threads_df` — a
        filtered or edited one, or one read back with pandas — as ConvoKit's
        ``Corpus.from_pandas`` does: trees repaired as ``read`` repairs them, classification
        columns kept, other columns in ``meta``; what was repaired is in ``notes``."""
        from comments.api.frames import threads_from_frames
        from comments.io.pipeline import Result

        threads_list, notes = threads_from_frames(comments, threads)
        return cls(Result(threads_list, [], notes))

    def write(self, path: str | os.PathLike) -> Path:
        """Write as ``comments parse -o`` does, by suffix: ``.jsonl``, ``.csv`` / ``.parquet``
        (threads in the ``NAME.threads.EXT`` sibling), else a ConvoKit corpus folder. Atomic:
        the previous output stays whole until the new one is complete."""
        from comments.io import writers

        out = Path(path)
        writers.write(self.threads, str(out), io.StringIO())
        return out


def read(*paths: Input, format: str | None = None, site: str | Mapping[str, str] | Sequence[str] | None = None,
         columns: Mapping[str, str | int] | None = None, pseudonymize: bool = False, salt: str | None = None,
         errors: str = "collect", progress: bool | None = None, max_input_size: int | str | None = None,
         follow_symlinks: bool = False, engine: str = "local", scheduler: str | None = None,
         workers: int | None = None, partition_size: int | None = None, block_size: int | None = None,
         spill: str | os.PathLike | None = None) -> Corpus | DaskCorpus:
    """Read files, folders (recursively) and file objects into one repaired :class:`Corpus`,
    exactly as the CLI reads them (same merge, same repairs, same notes).

    ``format``: one of :data:`FORMAT_NAMES` (default: detected per input). ``site``: a site
    name for every input whose source names none, or a ``{path: name}`` map (a file, or a
    folder for every file under it), or the CLI's ``--site`` values (``NAME``, ``NAME=PATH``). ``columns``: ``{field: column}`` for CSV/JSONL input (an int: a 1-based position in a table without a header row, as ``--column text=1``).
    ``pseudonymize``: authors, their names in texts and e-mail addresses become salted hashes;
    ``salt`` defaults to ``$COMMENTS_SALT``, else a random one (noted in ``corpus.warnings``).
    ``errors="collect"`` keeps going and lists unreadable inputs in ``corpus.problems``;
    ``errors="raise"`` raises :class:`ReadError` with the first. ``progress``: a bar while
    reading (default: only on a terminal or in a notebook). ``max_input_size``: the largest
    decompressed input, every input alike, in bytes or as ``--max-input-size`` takes it
    (``"512M"``, ``"2G"``; default: whole documents up to 2 GiB, line formats without a total cap).

    ``engine="dask"``: nothing is read now; a lazy :class:`~comments.api.dask_corpus.DaskCorpus`
    whose ``write``, ``analyse`` and ``compare`` run on a Dask cluster (``scheduler``: its
    address, else ``$DASK_SCHEDULER_ADDRESS``, else a LocalCluster of ``workers``
    processes), holding no more than a block and a bucket per worker (``block_size``,
    ``partition_size`` bytes) and never the corpus in this process; ``spill``: a folder
    every worker sees for the shuffle's files (see README "Python API on Dask")."""
    if max_input_size is not None:  # given: every input capped alike (see the docstring)
        max_input_size = _size(max_input_size)
    if errors not in ("collect", "raise"):
        raise ValueError(f"errors must be 'collect' or 'raise', not {errors!r}")
    if format is not None and format not in FORMAT_NAMES:
        raise ValueError(f"format {format!r} is not one of: {', '.join(FORMAT_NAMES)}")
    from comments.io.pipeline import read_inputs
    from comments.io.streams import DEFAULT_MAX_INPUT

    if engine not in ("local", "dask"):
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
    columns = _columns(columns)
    if engine == "dask":
        if pseudonymize:
            raise ValueError("pseudonymize needs the whole corpus in one place: not supported with engine='dask'")
        from comments.api.dask_corpus import dask_corpus

        options = {"fmt": format, "site": _sites(site), "columns": columns,
                   "max_input_size": max_input_size or DEFAULT_MAX_INPUT, "follow_symlinks": follow_symlinks}
        return dask_corpus(paths, options, scheduler, workers, partition_size, block_size, spill, errors, progress)

    items = [_item(p, i) for i, p in enumerate(paths)]
    result = read_inputs(items, fmt=format, site=_sites(site), columns=columns, progress=progress,
                         follow_symlinks=follow_symlinks, max_input_size=max_input_size or DEFAULT_MAX_INPUT)
    if errors == "raise" and result.errors:
        raise ReadError(result.errors[0])
    corpus = Corpus(result)
    if pseudonymize:
        _pseudonymize(corpus, salt)
    return corpus


def read_text(text: str | bytes, format: str | None = None, name: str = "text", **options: Any) -> Corpus:
    """Read content held in memory (str, or bytes — compressed or in any encoding the
    readers detect) as one input called ``name`` (its stem is the site and thread id
    when the content names none); options as :func:`read`."""
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    from comments.io.sources import MemoryInput

    return read(MemoryInput(name, io.BytesIO(data)), format=format, **options)


def as_corpus(value: Any) -> Any:
    """What :func:`~comments.analyse`, :func:`~comments.compare` and :func:`~comments.classify`
    take: a Corpus or DaskCorpus as it is, a thread (``ParsedThread``) or a list of threads as a
    Corpus of them (to analyse a subset: ``comments.analyse(corpus.threads[:3])`` or
    ``corpus.with_threads([...])``); TypeError for anything else. Why: a list failed with an
    AttributeError deep inside."""
    from comments.api.dask_corpus import DaskCorpus
    from comments.io.pipeline import Result

    if isinstance(value, (Corpus, DaskCorpus)):
        return value
    return Corpus(Result(threads_of(value)))


def _size(value: int | str) -> int:
    """``max_input_size`` as the CLI's ``--max-input-size`` takes it: bytes (an int ≥ 1) or a
    size text (``"512M"``); ValueError naming the argument else."""
    from comments.io.streams import InputLimit, parse_size

    if isinstance(value, str):
        try:
            return InputLimit(parse_size(value))
        except ValueError as exc:
            raise ValueError(f"max_input_size: {exc}") from None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"max_input_size must be a number of bytes ≥ 1 or a size such as '512M', not {value!r}")
    return InputLimit(value)


def threads_of(value: Any) -> list[ParsedThread]:
    """``value`` as a list of threads (a thread, or an iterable of them); TypeError naming what
    is expected for anything else."""
    threads = [value] if isinstance(value, ParsedThread) else value
    if isinstance(threads, (str, bytes, os.PathLike)) or not hasattr(threads, "__iter__"):
        raise TypeError(f"expected a Corpus, a DaskCorpus or a list of threads (ParsedThread), not "
                        f"{type(value).__name__} (read paths with comments.read)")
    threads = list(threads)
    wrong = next((t for t in threads if not isinstance(t, ParsedThread)), None)
    if wrong is not None:
        raise TypeError(f"expected a list of threads (ParsedThread), but an item is a {type(wrong).__name__!r}"
                        + (" (a comment: pass its thread, or corpus.with_threads)" if isinstance(wrong, Comment) else ""))
    return threads


def _columns(columns: Mapping[str, str | int] | None) -> dict[str, str]:
    """``columns`` as the CLI's ``--column FIELD=NAME`` gives them: a column name, or an int
    for a 1-based position in a table without a header row (``{"text": 1}`` = ``--column
    text=1``); ValueError up front for anything else. Why: an int reached the readers and
    every record failed on its own (``unreadable record (AttributeError …)``)."""
    out: dict[str, str] = {}
    for key, name in (columns or {}).items():
        if isinstance(name, bool) or not isinstance(name, (str, int)) or (isinstance(name, int) and name < 1):
            raise ValueError(f"columns: {key!r} must be a column name (str) or a 1-based column position "
                             f"(int ≥ 1), not {name!r}")
        out[key] = str(name).strip()
    if out:
        from comments.io.readers.tabular import unknown_fields

        if problem := unknown_fields(out):
            raise ValueError(f"columns: {problem}")
    return out


def _item(value: Input, index: int) -> str:
    """A pipeline input: paths as strings, file objects as named in-memory inputs."""
    if isinstance(value, (str, os.PathLike)):
        return os.fspath(value)
    if not hasattr(value, "read"):
        raise TypeError(f"cannot read a {type(value).__name__}: give a path, a folder or a file object")
    from comments.io.sources import MemoryInput

    name = getattr(value, "name", None)
    name = name if isinstance(name, str) else f"<input {index + 1}>"
    if isinstance(value, io.TextIOBase):
        return MemoryInput(name, io.BytesIO(value.read().encode("utf-8")))
    return MemoryInput(name, io.BufferedReader(_Borrowed(value)))  # type: ignore[arg-type]


class _Borrowed(io.RawIOBase):
    """A caller's binary file object, read through without closing it."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        data = self.handle.read(len(buffer))
        if isinstance(data, str):
            raise TypeError("a text file object that is not an io.TextIOBase: open the file in binary mode")
        buffer[: len(data)] = data
        return len(data)


def _sites(site: str | Mapping[str, str] | Sequence[str] | None) -> list[str] | None:
    """``site=`` as the ``--site`` values (``NAME`` or ``NAME=PATH``); malformed ones raise ValueError."""
    from comments.io.sites import Sites

    if site is None:
        return None
    if isinstance(site, str):
        values = [site]
    elif isinstance(site, Mapping):
        values = [f"{name}={os.fspath(path)}" for path, name in site.items()]
    else:
        values = list(site)
    Sites.parse(values)  # SiteError (a ValueError) before any input is read
    return values


#: Said when pseudonymising without a salt: the pseudonyms cannot be reproduced.
RANDOM_SALT = "a random salt was used, so pseudonyms differ between runs"


def _pseudonymize(corpus: Corpus, salt: str | None) -> None:
    """Replace authors (and their names in texts, e-mail addresses) by salted hashes, in place."""
    from comments.io.pseudonymize import pseudonymize

    salt = salt or os.environ.get("COMMENTS_SALT")
    if not salt:
        salt = secrets.token_hex(16)
        corpus.warnings.append(RANDOM_SALT)
    pseudonymize(corpus.threads, salt)
