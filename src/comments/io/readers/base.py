"""What every reader shares: the reading context and small helpers."""

from __future__ import annotations

import json
import re
import sys
import threading
from dataclasses import dataclass, field
from collections.abc import Iterable, Iterator
from typing import Any, Callable
from urllib.parse import urlparse

from comments.model import dates
from comments.io.streams import format_size
from comments.model.errors import InputError
from comments.io.sources import decode
from comments.model.records import NESTED_TOO_DEEP, Comment, ParsedThread, may_nest_deeper, meta_key, nested_deeper
from comments.text.plural import plural
from comments.text.textsafe import term


@dataclass
class LostLines:
    """Lines of a line format (NDJSON, CSV) that could not be read: left out, the rest of
    the input still read, and said in one problem line — how many, and the first few by
    number and reason (a truncated export loses its last line, not the whole file)."""

    count: int = 0
    first: list[tuple[int, str]] = field(default_factory=list)
    shown: int = 5
    #: what is numbered: a line, or a record of a JSON array (which has no line numbers)
    unit: str = "line"

    def add(self, number: int, reason: str) -> None:
        self.count += 1
        if len(self.first) < self.shown:
            self.first.append((number, reason))

    def __str__(self) -> str:
        lines = "; ".join(f"{self.unit} {n}: {reason}" for n, reason in self.first)
        more = f"; and {self.count - len(self.first):,} more" if self.count > len(self.first) else ""
        verb = "was" if self.count == 1 else "were"
        return f"{plural(self.count, 'unreadable ' + self.unit)} {verb} left out ({lines}{more})"


@dataclass
class UndatedThreads:
    """Thread dates (``published_at``) a reader could not read: left empty and said in one
    note naming the threads and the dates as given, and counted in the parse summary. Why:
    thread records have no ``flags`` or ``meta`` (SPEC), so the loss was silent."""

    count: int = 0
    first: list[tuple[str, str]] = field(default_factory=list)
    shown: int = 3

    def add(self, thread_id: str | None, raw: Any) -> None:
        self.count += 1
        if len(self.first) < self.shown:
            self.first.append((thread_id or "(no id)", str(raw)))

    def __str__(self) -> str:
        shown = "; ".join(f"thread {tid}: {term(repr(raw))}" for tid, raw in self.first)
        more = f"; and {self.count - len(self.first):,} more" if self.count > len(self.first) else ""
        return (f"{plural(self.count, 'thread date')} could not be read and left out of published_at "
                f"({shown}{more})")


@dataclass
class Context:
    """What a reader knows besides the text: the input's name and the user's options."""

    source: str = "<memory>"
    stem: str = "input"
    site: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    path: Any = None
    lost: LostLines = field(default_factory=LostLines)
    #: ``--format`` named the reader (it reads as that format, not as another its content fits)
    forced: bool = False
    #: ``site`` (``--site``) was not used for a thread whose source names its own (noted once)
    site_unused: bool = False
    undated: UndatedThreads = field(default_factory=UndatedThreads)

    def note(self, message: str) -> None:
        """A remark for stderr about this input (a repair, an assumption)."""
        self.notes.append(message)

    def problem(self, message: str) -> None:
        """Part of this input could not be read (exit code 1); the rest still is."""
        self.problems.append(message)

    def lose_line(self, number: int, reason: str) -> None:
        """A line of a line format that cannot be read: left out, counted, and reported as
        one problem (exit code 1) after the rest of the input is read."""
        if not self.lost.count:
            self.problems.append(self.lost)  # type: ignore[arg-type] - said as str(): its text grows
        self.lost.add(number, reason)

    def lose_lines(self, lost: LostLines) -> None:
        """Lines another reading of this input left out (see :meth:`lose_line`)."""
        for number, reason in lost.first:
            self.lose_line(number, reason)
        self.lost.count += lost.count - len(lost.first)


@dataclass(frozen=True)
class Reader:
    """A source format: ``sniff`` looks at the first 64 KiB of decoded text, ``read``
    turns the whole text into threads; ``link`` resolves reader-specific parent hints
    after all inputs of a thread are merged (Staticman's ``replying_to``)."""

    name: str
    sniff: Callable[[str], bool]
    read: Callable[[str, Context], list[ParsedThread]]
    link: Callable[[list[Comment]], None] | None = None
    binary: bool = False
    #: For line formats: True when text with this head is read line by line (``read``
    #: then gets a :class:`comments.io.streams.LineStream`, never the whole text).
    streams: Callable[[str], bool] | None = None


def side_text(path: Any) -> str:
    """A side file's text (a ``NAME.threads.csv``, ConvoKit's ``conversations.json``, a
    Staticman page folder's files) decoded as inputs are: a UTF-8 BOM (Excel's "CSV UTF-8"),
    UTF-16 or Windows-1252. Why: a BOM left in made our own CSV read as a third-party table
    (formula guards kept) and a side JSON fail. OSError/InputError for the caller to handle."""
    with open(path, "rb") as handle:
        return decode(handle.read())


def dated(comment: Comment, raw: Any, key: str | None = None) -> Comment:
    """``comment`` with ``created_at`` read from the source's date ``raw``. A date that cannot
    be read (``gestern kaputt``, ``9/1/2011`` — day and month could be either, a timestamp
    beyond the years 1-9999 such as ``1e40``) is flagged ``invalid_date`` (counted as a
    repair) and kept as given in ``meta[key]`` (SPEC: ``created_at`` is ISO 8601 or null;
    ``meta`` holds what no column takes). Why: it became an empty date with no flag and no
    count, and one far-off timestamp refused the whole input."""
    comment.created_at = _normal_date(raw)
    if comment.created_at is None and raw is not None and str(raw).strip():
        comment.flag("invalid_date")
        if key is not None:
            comment.meta.setdefault(key, raw)
    return comment


def _normal_date(raw: Any) -> str | None:
    """``dates.normalize(raw)``; None for a timestamp beyond the years 1-9999."""
    try:
        return dates.normalize(raw)
    except InputError:
        return None


def published(ctx: Context, thread_id: str | None, raw: Any) -> str | None:
    """A thread's ``published_at`` read from the source's date ``raw``: the thread records'
    counterpart of :func:`dated`. A date that cannot be read is left out, named with its
    thread in one note of the input and counted in the summary (:class:`UndatedThreads`)."""
    when = _normal_date(raw)
    if when is None and raw is not None and str(raw).strip():
        if not ctx.undated.count:
            ctx.notes.append(ctx.undated)  # type: ignore[arg-type] - said as str(): its text grows
        ctx.undated.add(thread_id, raw)
    return when


def text_head(text: Any, size: int = 65536) -> str:
    """The first ``size`` characters of a text or of a streamed input."""
    return text[:size] if isinstance(text, str) else text.head[:size]


def site_from_url(url: str | None) -> str | None:
    """``https://www.example.org/x`` → ``example.org``."""
    if not url:
        return None
    try:
        host = urlparse(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    labels = (host or "").rstrip(".").split(".")
    if len(labels) < 2 or not all(labels):  # no host, or a relative path's ".." (wget -k's converted links)
        return None
    return host[4:] if host.startswith("www.") else host


def url_site(thread_id: str) -> str | None:
    """The site a thread column names when its value is a page address (``url``/``article_url``
    columns): the source's own URL wins over ``--site`` and the file name (SPEC)."""
    return site_from_url(thread_id) if "://" in thread_id else None


_SUBREDDIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_]{1,20}")


def reddit_site(subreddit: Any) -> str:
    """``reddit.com/r/NAME``: each subreddit is its own site (``reddit.com`` without a valid name)."""
    name = str(subreddit or "").strip()
    if name.lower().startswith("r/"):
        name = name[2:]
    return f"reddit.com/r/{name}" if _SUBREDDIT.fullmatch(name) else "reddit.com"


def common_site(urls: list[str | None]) -> str | None:
    """One site for several links of one source (a Disqus forum, a WXR channel): the host
    most of them name; ties go to the shortest host, then the alphabetically first."""
    from collections import Counter

    hosts = Counter(h for h in map(site_from_url, urls) if h)
    if not hosts:
        return None
    return min(hosts, key=lambda h: (-hosts[h], len(h), h))


#: The note on an article (a thread's own record: a Reddit submission, a page's title and
#: text) given again, after ``SOURCE: ``; ``comments.io.pipeline.repeat_summaries`` folds them per input.
ARTICLE_OF, ARTICLE_FROM, ARTICLE_KEPT, ARTICLE_DIFFER = ("the article of thread ", " already read from ", "; kept once",
                                                          "; its copies differ in ")


def article_repeat(thread: Any, first: Any, differ: Iterable[str]) -> str:
    """The note (without its input's name) on thread ``thread``'s article read again, ``first``
    the input that gave it first, ``differ`` the fields its two copies differ in."""
    differ = list(differ)
    return f"{ARTICLE_OF}{thread}{ARTICLE_FROM}{first}{ARTICLE_KEPT}" + (ARTICLE_DIFFER + ", ".join(differ) if differ else "")


def unkept_note(what: str, parts: list[str], rest: int) -> str:
    """The note on an article's fields no thread field takes (``what``: which articles; ``parts``:
    the fields named, ``rest``: how many others): SPEC's thread record has no ``meta``, so they
    are not in the output, and the user is told so once per input."""
    parts = parts + ([plural(rest, "other field")] if rest else [])
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return (f"{what}: {listed} not in the output (SPEC's thread record has no field for them; a comment's own "
            "fields are in its meta)")


def given_fields(data: dict[str, Any], taken: Iterable[str]) -> list[str]:
    """The keys of ``data`` with a value (not null, empty text, list or object) that ``taken`` leaves."""
    taken = set(taken)
    return [k for k, v in data.items() if k not in taken and v not in (None, "", [], {})]


def placeholder_status(author: Any, body: Any) -> str:
    """Reddit's placeholders: a ``[removed]`` body is ``removed`` (by a moderator or Reddit,
    whoever the author shows as); a ``[deleted]`` body, or a ``[deleted]`` author with no body,
    is ``deleted``; anything else ``visible``."""
    if body == "[removed]":
        return "removed"
    if body == "[deleted]" or (author == "[deleted]" and body is None):
        return "deleted"
    return "visible"


def container_field(get: Callable[[str], Any], fields: Iterable[str]) -> str | None:
    """Why a record cannot be read: a field of it (``get``: field → value) holds a JSON
    object or list where text or a number belongs (``text is an object``); None when none
    does. Why: such a value became the text ``"['a']"`` of an id, or cost the whole file.
    The record is left out and counted; the others are read."""
    for name in fields:
        value = get(name)
        if isinstance(value, (dict, list)):
            return f"{name} is {'an object' if isinstance(value, dict) else 'a list'}"
    return None


#: The flag of a comment whose text was a JSON number or true/false: read as its JSON text.
NUMBER_TEXT = "number_as_text"


def json_scalar_text(value: Any) -> str | None:
    """A JSON number or boolean as its JSON text (``5``, ``2.5``, ``true``); None otherwise."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    return None


def str_or_none(value: Any) -> str | None:
    """Ids as strings; empty and null as None (ints become their decimal text)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


_DEPTH_ERROR = re.compile(r"recursion|depth|nest", re.I)
#: orjson's error for a number beyond a double (``1e400``), which JSON allows and the stdlib reads
#: as infinity (the writers write it null, flagged ``non_finite``): never the whole input refused.
_INFINITE = re.compile(r"infinity", re.I)


def load_json(text: str, ctx: Context | None = None) -> Any:
    """Parse JSON of any nesting depth; syntax errors as one InputError with position.

    orjson stops at 1024 levels and the stdlib parser at the interpreter's recursion
    limit, so deep documents are parsed again by the stdlib in a thread with a large
    stack and a raised recursion limit; so are documents with integers beyond 64 bits,
    which orjson would read as floats (a 20-digit id would silently change).
    With ``ctx``, control characters written raw inside strings (an exporter that did
    not escape a tab, a CR or a line break) are read as they are, with one note counting
    them, as :func:`iter_json_lines` reads them in NDJSON; anything else JSON forbids is
    still an error at its line and column.
    """
    try:
        return _parse_json(text)
    except _BAD_JSON as exc:
        if ctx is None:
            raise _json_error(text, exc) from None
        return _lenient_json(text, exc, ctx)


def _parse_json(text: str) -> Any:
    """:func:`load_json` without the error's position: the parser's own error."""
    import orjson

    if _LONG_NUMBER.search(text):
        return _deep_json(text)  # integers beyond 64 bits exactly (orjson turns them into floats)
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if not _DEPTH_ERROR.search(str(exc)) and not _INFINITE.search(str(exc)):
            raise
    return _deep_json(text)  # deep, or a number beyond a double (1e400): the stdlib reads it as infinity


def _lenient_json(text: str, exc: json.JSONDecodeError, ctx: Context) -> Any:
    """A document the strict parser refused (``exc``), parsed again with the raw control
    characters of its strings escaped (one pass: linear); the same parser decides the
    rest, and its error is placed in the document as given."""
    try:
        value, escaped = _parse_escaped(text, _parse_json)
    except _BAD_JSON as again:
        raise _json_error(text, again if isinstance(getattr(again, "pos", None), int) else exc) from None
    if not escaped:
        raise _json_error(text, exc) from None
    line, col = _line_col(text, escaped[0])
    ctx.note(f"{plural(len(escaped), 'control character')} (tab, carriage return, line break, …) written raw inside "
             f"JSON strings, which JSON does not allow (first at line {line:,}, column {col:,}): read with those "
             "characters")
    return value


def _line_col(text: str, pos: int) -> tuple[int, int]:
    """The line and column (from 1) of character ``pos``."""
    return text.count("\n", 0, pos) + 1, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _json_error(text: str, exc: Exception) -> InputError:
    pos = getattr(exc, "pos", None)
    message = getattr(exc, "msg", str(exc))
    if pos is None:
        return InputError(f"invalid JSON: {message}")
    line, col = _line_col(text, pos)
    if pos >= len(text.rstrip()):
        message = "truncated JSON (unexpected end of data)"
    else:
        message = f"invalid JSON: {message}"
    return InputError(message, f"line {line}, column {col}")


def std_loads(text: str | bytes, **options: Any) -> Any:
    """``json.loads``, with an integer too long for Python (over ``sys.get_int_max_str_digits()``
    digits: its conversion is quadratic) as a ``JSONDecodeError`` at the number: json raises a
    bare ValueError there, which every ``except JSONDecodeError`` let through (a traceback, or a
    whole file lost for one line). The one JSON parse of the stdlib the readers use."""
    try:
        return json.loads(text, **options)
    except json.JSONDecodeError:
        raise
    except ValueError as exc:
        limit = sys.get_int_max_str_digits()
        if not limit or "integer string conversion" not in str(exc):
            raise
        doc = text.decode("utf-8", "replace") if isinstance(text, (bytes, bytearray)) else text
        at = re.search(f"[0-9]{{{limit + 1}}}", doc)
        raise json.JSONDecodeError(f"a number of more than {limit:,} digits", doc, at.start() if at else 0) from None


def _deep_json(text: str) -> Any:
    """The stdlib parser in a thread with a large stack (see :func:`load_json`); its
    ``JSONDecodeError`` as it is, too deep a document as an InputError."""
    result: dict[str, Any] = {}

    def work() -> None:
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, 2_000_000))
        try:
            result["value"] = std_loads(text)
        except RecursionError:
            result["error"] = InputError("JSON nested too deeply to read")
        except Exception as exc:  # raised again in the caller's thread: never a thread traceback
            result["error"] = exc
        finally:
            sys.setrecursionlimit(old)

    old_size = threading.stack_size()
    threading.stack_size(1 << 30)
    try:
        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
    finally:
        threading.stack_size(old_size)
    if "error" in result:
        raise result["error"]
    return result["value"]


#: Lines that are not JSON an NDJSON export may open with (a stray banner such as
#: "-- Export vom 20.09.2021 --"): skipped by the sniffing, left out and named by the reader.
STRAY_LINES = 2


def first_json_line(text: str) -> Any:
    """The first non-empty line parsed as JSON (for NDJSON sniffing), after at most
    ``STRAY_LINES`` lines that are not JSON when a JSON object follows them. A line longer
    than the sniffed head gives a dict of its top-level-looking keys (values None);
    anything else that is not JSON gives None."""
    stray = 0
    lines = text.split("\n")  # NDJSON lines end at "\n" only: "\x85" or U+2028 may stand in a value
    for at, line in enumerate(lines):
        if line.strip():
            try:
                value = std_loads(line, strict=False)  # raw control characters in a string: read as iter_json_lines does
            except (ValueError, RecursionError):  # not JSON, or a record too deep or with too long a number
                start = line.lstrip()
                if start.startswith("{") and "\n" not in text.strip():
                    return dict.fromkeys(_top_keys(line[:4096]))
                if stray < STRAY_LINES and (not start.startswith(("{", "[")) or start.startswith('{"')
                                            and object_line(next((n for n in lines[at + 1:] if n.strip()), ""))):
                    stray += 1  # a banner, or an object line cut short with an NDJSON object after it
                    continue
                return None
            return value if not stray or isinstance(value, dict) else None
    return None


#: a JSON string (a key when a colon follows), or a bracket opening or closing a level
_JSON_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"(\s*:)?|[{}\[\]]')


def _top_keys(line: str) -> list[str]:
    """The keys of the top-level object of a JSON line whose start alone is given (too long
    or too deep to parse): keys of nested objects are not its keys. Why: a one-line document
    ``{"comments": [{"id": …, "text": …}]}`` nested too deep somewhere looked like a JSON-lines
    record with ``id`` and ``text``, and was lost whole as "1 unreadable line"."""
    depth, keys = 0, []
    for m in _JSON_TOKEN.finditer(line):
        token = m.group(0)
        if token in "{[":
            depth += 1
        elif token in "}]":
            depth -= 1
        elif depth == 1 and m.group(2) and len(m.group(1)) <= 64 and "\\" not in m.group(1):
            keys.append(m.group(1))
    return keys


def object_line(line: str) -> bool:
    """Whether ``line`` alone is a JSON object (an NDJSON line, not part of a pretty-printed document)."""
    try:
        return isinstance(std_loads(line, strict=False), dict)
    except (ValueError, RecursionError):
        return False


#: orjson reads integers beyond 64 bits as floats (digits lost); such lines go to json.
_LONG_NUMBER = re.compile(r"[0-9]{19}")  # JSON numbers are ASCII digits: a third faster than \d{19} on str


#: A control character JSON allows only escaped (a line's own "\n" end aside).
_RAW_CONTROL = re.compile(r"[\x00-\x1f]")
#: What a JSON line that cannot be read raises (orjson's error is a subclass of json's).
_BAD_JSON = json.JSONDecodeError


def _loads_line(line: str) -> Any:
    """One JSON line; integers beyond 64 bits (which orjson turns into floats) exactly."""
    import orjson

    try:
        if _LONG_NUMBER.search(line):
            return std_loads(line)
        try:
            return orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            if not _INFINITE.search(str(exc)):
                raise
            return std_loads(line)
    except RecursionError:  # the stdlib's own depth limit (a long number or 1e400 in a deep line)
        raise json.JSONDecodeError("depth limit exceeded", line, 0) from None


def _json_problem(exc: json.JSONDecodeError, line: str = "") -> str:
    """What is wrong with one JSON line, placed by character only: the decoder's own
    "line 2 column 1" counts within the line and contradicted the file's line number.
    A line that ends inside a value says so (a cut-off export)."""
    msg = getattr(exc, "msg", None) or str(exc).split(":", 1)[0]
    pos = getattr(exc, "pos", None)
    if isinstance(pos, int) and line and line.lstrip().startswith(("{", "[")) and pos >= len(line.rstrip()) - 1:
        return "truncated: the line ends inside a value"
    return f"{msg} at character {pos + 1}" if isinstance(pos, int) else msg


def iter_json_lines(text: str, ctx: Context | None = None, keys: bool = False) -> Iterator[tuple[int, Any]]:
    """(line number, object) for each non-empty line of NDJSON, one line at a time (a
    big dump is never split into a list of lines). A bad line raises InputError naming
    it; with ``ctx``, a line that is not a JSON object is left out and counted there
    (:meth:`Context.lose_line`) and the rest is read. ``text`` may be a
    :class:`comments.io.streams.LineStream`. ``keys``: a key repeated within an object
    keeps every value (:func:`distinct_keys`), noted once in ``ctx``."""
    if hasattr(text, "split_cr"):
        text.split_cr = False  # NDJSON lines end at "\n": a CR is inside a value
        text.skip_overlong = ctx is not None  # a line over the per-record limit is left out and counted
    lenient: list[int] = []
    repeated: list[tuple[int, str, str]] = []  # (line, key, the name a later value went under)
    for number, line in _cr_split(_numbered(text)):
        _lose_overlong(text, ctx)
        try:
            obj = _loads_lenient(line, lenient, number)
        except _BAD_JSON as exc:
            if ctx is None:
                raise InputError(NESTED_TOO_DEEP if _too_deep(exc) else f"invalid JSON line ({_json_problem(exc, line)})",
                                 f"line {number}") from None
            ctx.lose_line(number, _invalid(exc, line))
            continue
        if ctx is not None and not isinstance(obj, dict):
            ctx.lose_line(number, _not_object(obj))
            continue
        if may_nest_deeper(line) and nested_deeper(obj):  # the writers could not encode it
            if ctx is None:
                raise InputError(NESTED_TOO_DEEP, f"line {number}")
            ctx.lose_line(number, NESTED_TOO_DEEP)
            continue
        if keys and isinstance(obj, dict):
            obj = distinct_keys(line, obj, repeated, number)
        yield number, obj
    _lose_overlong(text, ctx)
    if repeated and ctx is not None:
        ctx.note(repeated_keys_note(repeated))
    if lenient and ctx is not None:
        ctx.note(f"{plural(len(lenient), 'line')} with control characters (tab, carriage return, …) written raw inside "
                 f"a JSON string, which JSON does not allow (first line {lenient[0]:,}): read with those characters")


#: The end of a key in JSON text: its closing quote, white space, a colon.
_KEY_END = re.compile(r'"\s*:')


def distinct_keys(line: str, obj: dict[str, Any], repeated: list[tuple[int, str, str]], number: int) -> dict[str, Any]:
    """``obj`` (parsed from ``line`` by a parser where the last of a repeated key wins),
    or, when ``line`` repeats a key within one object, ``line`` parsed again so that the
    first value keeps the key and later ones go under ``KEY~2``, ``KEY~3`` … (as SPEC
    renames a repeated id; a generic reader puts them in ``meta``), each noted in
    ``repeated``. Why: the value given first was lost without a word. Cheap for the usual
    line: its key ends (``":``) are counted, and only a line with more of them than its
    objects have keys (a repeated key, or ``\":`` inside a string) is parsed again."""
    ends = line.count('":')
    if '" ' in line or '"\t' in line or '"\r' in line or '"\n' in line:  # white space may stand before a colon
        ends = len(_KEY_END.findall(line))
    if ends <= len(obj) or ends <= _key_count(obj, ends):
        return obj
    found: list[tuple[str, str]] = []
    try:
        again = json.loads(line, strict=False, object_pairs_hook=lambda items: keep_repeated(items, found))
    except (ValueError, RecursionError):  # read by the lenient or deep reader: kept as read
        return obj
    repeated.extend((number, key, name) for key, name in found)
    return again if found else obj


def keep_repeated(items: Iterable[tuple[str, Any]], found: list[tuple[str, str]]) -> dict[str, Any]:
    """``items`` as a map in which a repeated key keeps its first value and later ones go
    under ``KEY~2``, ``KEY~3`` … (:func:`meta_key`), each (key, the name it went under)
    added to ``found``: a JSON object's keys and a table header's names alike."""
    out: dict[str, Any] = {}
    counters: dict[str, int] = {}
    for key, value in items:
        if key in out:
            name = meta_key(out, key, counters=counters)
            found.append((key, name))
            key = name
        out[key] = value
    return out


def _key_count(value: Any, limit: int) -> int:
    """How many keys the objects in ``value`` have, nested ones included, counted until
    ``limit`` is reached (a walk with its own stack: a line nested as deep as the JSON
    reader allows is no RecursionError)."""
    count, stack = 0, [value]
    while stack and count < limit:
        item = stack.pop()
        if isinstance(item, dict):
            count += len(item)
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, (dict, list)))
    return count


def repeated_keys_note(repeated: list[tuple[int, str, str]]) -> str:
    """The note for keys repeated within a JSON object or a table's header (``repeated``:
    (line, key, the name the later value or column went under), line 0 for a header)."""
    line, key, name = repeated[0]
    where = "the header" if line == 0 else f"line {line:,}"
    names = ", ".join(dict.fromkeys(repr(n) for _, _, n in repeated[:10]))
    if line == 0:
        return (f"the header repeats {plural(len(repeated), 'column name')} (first {key!r}): the first column "
                f"of a name is read, later ones are kept in meta as {names}")
    lines = len({n for n, _, _ in repeated})
    return (f"{plural(lines, 'line')} repeat{'s' if lines == 1 else ''} a key within one object (first: {where}, "
            f"{key!r}): the first value is read, later ones are kept under {names} (in meta)")


def _lose_overlong(text: Any, ctx: Context | None) -> None:
    """Count the lines a line stream skipped for their length as lines left out."""
    skipped = getattr(text, "overlong", None)
    if skipped and ctx is not None:
        for number in skipped:
            ctx.lose_line(number, f"longer than {format_size(text.record_limit)}, the per-record limit of line formats")
        skipped.clear()


def _cr_split(numbered: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """The lines, except that one holding a lone CR that does not read as one JSON value is
    the pieces between its CRs (a file with classic Mac line ends); one that does read has
    its CR inside a string."""
    for number, line in numbered:
        if "\r" not in line:  # line ends are "\n" by now: a CR here is a lone one
            yield number, line
            continue
        try:
            _loads_lenient(line, [], number)  # as the line will be read
        except _BAD_JSON:
            yield from ((number, piece) for piece in line.split("\r") if piece.strip())
            continue
        except RecursionError:
            pass
        yield number, line


def _loads_lenient(line: str, lenient: list[int], number: int) -> Any:
    """One JSON line; one whose strings hold raw control characters (an exporter that did not
    escape a tab or a CR) is read with them, its ``number`` added to ``lenient``."""
    try:
        return _loads_line(line)
    except _BAD_JSON as exc:
        if not _RAW_CONTROL.search(line.rstrip("\n")):
            raise
        try:  # the same strict parser on the line with its strings' raw control characters escaped: nothing else
            obj, escaped = _parse_escaped(line, _loads_line)  # (NaN, …) gets through
        except RecursionError:
            raise exc from None
        except _BAD_JSON as again:  # something besides the control characters: that, placed in the line as given
            if not isinstance(getattr(again, "pos", None), int):
                raise exc from None
            raise
        if not escaped:
            raise
        lenient.append(number)
        return obj


def _parse_escaped(text: str, parse: Callable[[str], Any]) -> tuple[Any, list[int]]:
    """``text`` (a JSON line or document) parsed by ``parse`` with the raw control characters
    of its strings escaped (one pass: linear), and where each escaped one stood. An error of
    that parse is raised placed in ``text`` as given (one without a position as it is); no
    parse when no string holds a raw control character (the list comes back empty)."""
    escaped: list[int] = []
    fixed = _JSON_STRING.sub(lambda m: _escape_controls(m, escaped), text)
    if not escaped:  # nothing to escape: the first parse's error stands (the caller raises it)
        return None, escaped
    try:
        return parse(fixed), escaped
    except _BAD_JSON as again:
        if not isinstance(getattr(again, "pos", None), int):
            raise
        raise json.JSONDecodeError(again.msg, text, _unescaped_pos(again.pos, escaped)) from None


#: A JSON string, closed or running to the line's end (linear: the alternatives never overlap).
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?', re.DOTALL)


#: A raw control character in a JSON string, or an escape pair (left as it is: a backslash
#: before a control character is an invalid escape, not a control to escape).
_STRING_CONTROL = re.compile(r"\\.|[\x00-\x1f]", re.DOTALL)


def _escape_controls(match: re.Match, escaped: list[int]) -> str:
    """One JSON string with its raw control characters written as ``\\u00XX`` escapes (five
    characters longer each), their places in the line added to ``escaped``."""
    def escape(control: re.Match) -> str:
        if len(control.group()) == 2:
            return control.group()
        escaped.append(match.start() + control.start())
        return f"\\u{ord(control.group()):04x}"

    text = match.group()
    return _STRING_CONTROL.sub(escape, text) if _RAW_CONTROL.search(text) else text


def _unescaped_pos(pos: int, escaped: list[int]) -> int:
    """A character position in the escaped line (see :func:`_escape_controls`) in the line as given."""
    at = pos
    for k, place in enumerate(escaped):
        if place + 5 * k >= pos:
            break
        at = max(place, pos - 5 * (k + 1))
    return at


def line_problem(line: str) -> str | None:
    """Why :func:`iter_json_lines` (with a context) leaves ``line`` out, in its words; None
    when it reads it (for the fast path, which must leave out the very same lines)."""
    try:
        obj = _loads_lenient(line, [], 0)
    except _BAD_JSON as exc:
        return _invalid(exc, line)
    if not isinstance(obj, dict):
        return _not_object(obj)
    return NESTED_TOO_DEEP if may_nest_deeper(line) and nested_deeper(obj) else None


def _invalid(exc: json.JSONDecodeError, line: str) -> str:
    """Why a line that did not parse is left out: a line past the parser's depth limit (orjson's
    1,024 levels) in the words of every nesting limit (README: nested deeper than 500 levels)."""
    return NESTED_TOO_DEEP if _too_deep(exc) else f"invalid JSON ({_json_problem(exc, line)})"


def _too_deep(exc: json.JSONDecodeError) -> bool:
    """The parser stopped at its depth limit, not at a syntax error."""
    return bool(_DEPTH_ERROR.search(getattr(exc, "msg", None) or str(exc)))


def _not_object(obj: Any) -> str:
    return f"a JSON {_JSON_KINDS.get(type(obj), 'value')}, not an object"


_JSON_KINDS = {list: "array", str: "string", int: "number", float: "number", bool: "boolean", type(None): "null"}


def _numbered(text: Any) -> Iterator[tuple[int, str]]:
    """(line number, line) of the non-empty lines of a text or a LineStream."""
    if not isinstance(text, str):
        for line in text:
            if line.strip():
                yield text.line, line
        return
    start, number, size = 0, 0, len(text)
    while start < size:
        end = text.find("\n", start)
        if end < 0:
            end = size
        number += 1
        line = text[start:end]
        start = end + 1
        if line.strip():
            yield number, line


def page_address(value: str) -> str:
    """A page address without its fragment: ``…/artikel-1#comment-2`` is a comment's own
    permalink (an anchor on the page), the thread is the page."""
    return value.split("#", 1)[0] if "#" in value and "://" in value else value


def join_replies(threads: dict[Any, ParsedThread]) -> int:
    """Comments alone in a thread named by a page address (a column of each comment's own
    permalink: Mastodon statuses, a page's comments on its pages ``?page=2``) whose parent
    is a comment of exactly one other thread, moved into that parent's thread (following a
    chain of such comments to its first); returns how many moved. Why: one thread per
    comment, every reply an orphan. Threads left empty are taken out of ``threads``."""
    where: dict[str, list[Any]] = {}
    for key, pt in threads.items():
        for c in pt.comments:
            if c.id is not None:
                where.setdefault(c.id, []).append(key)
    alone = {pt.comments[0].id: key for key, pt in threads.items()
             if len(pt.comments) == 1 and pt.thread.url and pt.comments[0].parent_id is not None
             and pt.comments[0].id is not None}
    lone = {cid: threads[key].comments[0] for cid, key in alone.items()}
    targets: dict[str, Any] = {}
    for cid, key in alone.items():
        target, seen, at = key, {cid}, lone[cid]
        while at.parent_id is not None and len(where.get(at.parent_id, ())) == 1 and at.parent_id not in seen:
            target = where[at.parent_id][0]
            seen.add(at.parent_id)
            if at.parent_id not in lone:
                break
            at = lone[at.parent_id]
        if target != key:
            targets[cid] = target
    for cid, target in targets.items():
        threads[alone[cid]].comments.clear()
        threads[target].comments.append(lone[cid])
    for cid in targets:
        del threads[alone[cid]]
    return len(targets)


#: Lists inside a comment object that hold its replies (JSON lists and JSON lines alike).
CHILD_KEYS = ("comments", "replies", "children", "kids", "responses", "answers", "subcomments")


def nested(objects: Iterable[dict[str, Any]], pages: bool = False
           ) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
    """(object, the object whose reply list holds it, None for a top-level one) for ``objects``
    and the replies nested in their :data:`CHILD_KEYS` lists, in document order (pre-order,
    iteratively: no depth limit), one top-level object at a time. The one rule for nested
    replies in a JSON list and in JSON lines; ``pages``: a reply list may also be a page
    object (:func:`reply_page`), as the JSON-list reader reads them."""
    for top in objects:
        stack: list[tuple[dict[str, Any], dict[str, Any] | None]] = [(top, None)]
        while stack:
            obj, parent = stack.pop()
            yield obj, parent
            for key in CHILD_KEYS:
                kids = obj.get(key)
                if pages and isinstance(kids, dict):
                    kids = reply_page(kids)
                if isinstance(kids, list):
                    stack.extend((k, obj) for k in reversed(kids) if isinstance(k, dict))


def unloaded_note(count: int, fields: Iterable[str]) -> str:
    """The note for replies a source states (in ``fields``: Ghost ``count.replies``, YouTube
    ``totalReplyCount``) that are not in the file, counted in ``unloaded_count``."""
    return (f"{plural(count, 'reply', 'replies')} that their comments state ({', '.join(fields)}) "
            f"{'is' if count == 1 else 'are'} not in the file: counted in unloaded_count")


#: The key of a page object's list of records (Facebook/Instagram Graph API, Cusdis).
PAGE_DATA = "data"


def reply_page(value: Any) -> list[Any] | None:
    """The replies of a reply list given as one page of an API answer, ``{"data": [...],
    "paging": …}`` (Facebook and Instagram Graph API ``comments{…}``/``replies{…}``, Cusdis'
    ``replies: {data, commentCount, …}``); None when ``value`` is no such page. Why: only
    lists were read, so such replies stayed in the parent's ``meta``, silently not comments."""
    if isinstance(value, dict) and isinstance(kids := value.get(PAGE_DATA), list) and all(
            isinstance(k, dict) for k in kids):
        return kids
    return None


def leftover(obj: dict[str, Any], taken: Iterable[str]) -> dict[str, Any]:
    """The source fields no record column takes (SPEC ``meta``), in source order."""
    skip = set(taken)
    return {k: v for k, v in obj.items() if k not in skip and not k.startswith("\x00")}  # (NUL: a reader's own marks)


def merge_repeated(metas: list[dict[str, Any]]) -> dict[str, Any]:
    """One ``meta`` for a record the source repeats (One Million Posts: one row per
    label): a field equal in every row stays a value; a field that differs becomes the
    list of its values, one per row in row order (null where a row lacks it)."""
    if len(metas) == 1:
        return metas[0]
    keys = list(dict.fromkeys(k for m in metas for k in m))
    out: dict[str, Any] = {}
    missing = object()
    for key in keys:
        values = [m.get(key, missing) for m in metas]
        if all(v is not missing and v == values[0] and type(v) is type(values[0]) for v in values):
            out[key] = values[0]
        else:
            out[key] = [None if v is missing else v for v in values]
    return out
