"""Rows with id/parent columns: our own JSONL and CSV output, and generic CSV/TSV/JSONL
exports whose column names are recognised (or given with ``--column FIELD=NAME``)."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import sys
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Callable

from comments.io.csvsafe import restore
from comments.io.records import check_record
from comments.model.errors import InputError
from comments.text.html_text import cell_text_and_links, put_links
from comments.model.records import (CLASSIFICATION_FIELDS, COMMENT_FIELDS, LIST_SEPARATOR, THREAD_FIELDS, Comment,
                            ParsedThread, Thread, meta_from_json, meta_key)
from comments.io.readers.base import (CHILD_KEYS, NUMBER_TEXT, PAGE_DATA, Context, Reader, container_field, dated, first_json_line,
                                   iter_json_lines, json_scalar_text, leftover, merge_repeated, nested,
                                   keep_repeated, join_replies, object_line, page_address, repeated_keys_note,
                                   reply_page, side_text, std_loads, str_or_none, text_head, url_site)
from comments.io.readers import reddit
from comments.io.streams import RECORD_LIMIT
from comments.text.plural import plural

NAME_JSONL = "jsonl"
NAME_CSV = "csv"

#: Column names recognised for each comment field, English and German (compared
#: lower-case, umlauts spelt out, without punctuation: ``Kommentar-ID`` = ``kommentar_id``),
#: first match wins; ``--column FIELD=NAME`` overrides.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("id", "comment_id", "commentid", "id_post", "post_id", "cid", "message_id", "uid", "reply_id",
           "kommentar_id", "kommentar_nr", "kommentarnummer", "beitrag_id", "beitrags_id", "beitrag_nr", "nr"),
    "parent_id": ("parent_id", "parent", "id_parent_post", "reply_to", "in_reply_to", "parent_comment_id",
                  "replyto", "parentid", "in_reply_to_id", "reply_to_id", "parent_post_id",
                  "eltern_id", "eltern", "antwort_auf", "antwort_auf_id", "in_antwort_auf", "bezug", "bezug_id",
                  "bezugs_id", "antwort_auf_kommentar", "uebergeordnet", "uebergeordnete_id"),
    "thread_id": ("thread_id", "thread", "article_id", "id_article", "story_id", "link_id", "conversation_id",
                  "post", "page", "url", "article_url", "article", "post_url", "page_url", "discussion_id",
                  "artikel_id", "artikel", "artikel_url", "diskussion", "diskussion_id", "faden", "seite_url"),
    "text": ("text", "body", "message", "comment_text", "comment", "content", "comment_content", "msg",
             "comment_body", "kommentar", "kommentartext", "kommentar_text", "beitrag", "beitragstext", "inhalt",
             "nachricht", "text_des_kommentars"),
    "author": ("author", "user", "username", "user_name", "name", "speaker", "by", "comment_author", "id_user",
               "author_name", "from_name", "nickname", "nutzer", "benutzer", "autor", "verfasser", "verfasserin",
               "nutzername", "benutzername", "autorin", "pseudonym", "absender"),
    "created_at": ("created_at", "date", "timestamp", "created_utc", "time_parsed", "time", "created", "created_time",
                   "createdat", "datetime",
                   "posted_at", "published", "published_at", "zeit", "datum", "zeitstempel", "erstellt",
                   "erstellt_am", "veroeffentlicht", "veroeffentlicht_am", "datum_uhrzeit", "geschrieben_am"),
    "site": ("site", "domain", "source_site", "website", "webseite", "portal"),
    "title": ("title", "article_title", "titel", "artikeltitel", "artikel_titel"),
    "subject": ("subject", "headline", "betreff", "comment_title", "comment_subject", "ueberschrift"),
    "status": ("status",),
    "kind": ("kind",),
}
#: The fields ``--column FIELD=NAME`` can name (tables and JSON lists read the same ones).
COLUMN_FIELDS: tuple[str, ...] = tuple(SYNONYMS)


def unknown_fields(columns: Mapping[str, str]) -> str | None:
    """The error for ``--column`` fields that are none of :data:`COLUMN_FIELDS` (None: all are);
    a misspelt field would otherwise be ignored and its column read as meta."""
    unknown = [key for key in columns if key not in COLUMN_FIELDS]
    if not unknown:
        return None
    return (f"{', '.join(map(repr, unknown))} {'is' if len(unknown) == 1 else 'are'} not a field; "
            f"FIELD is one of: {', '.join(COLUMN_FIELDS)}")


_LIST_FIELDS = ("flags", "topics", "tone")
#: parent ids that mean "no parent" in tables (spreadsheet exports write 0, -1 or null), unless a comment has that id
NO_PARENT = {"0", "-1", "nan", "None", "null", "NULL"}
_DICT_FIELDS = ("topic_scores", "tone_scores")


def with_subject(subject: Any, text: Any) -> Any:
    """A comment's own headline (One Million Posts' ``Headline``, a forum ``subject``)
    is part of what its author wrote: it opens the text, as the page shows it."""
    subject = str(subject).strip() if subject is not None else ""
    if not subject:
        return text
    body = str(text).strip() if text is not None else ""
    return f"{subject}\n\n{body}" if body else subject


def _intern(value: str | None) -> str | None:
    """Authors repeat across a dump: one string object each."""
    return sys.intern(value) if value is not None else None


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@lru_cache(maxsize=4096)
def _norm(name: str) -> str:
    """A column name as compared: lower-case, umlauts spelt out, letters and digits only
    (cached: :func:`column_map` compares each file's columns with every synonym, ~140 a call)."""
    return re.sub(r"[^a-z0-9]", "", name.lower().translate(_UMLAUTS))


#: Rows whose keys name the columns (a JSON export may omit a key where it is null).
SCHEMA_ROWS = 1000


def row_keys(rows: list[dict[str, Any]]) -> list[str]:
    """Every key of ``rows``, in order of first appearance (not a reader's own marks, which hold NUL: :data:`EXTRA`)."""
    return list(dict.fromkeys(k for row in rows for k in row if not k.startswith("\x00")))


def column_map(columns: list[str], overrides: dict[str, str], synonyms: dict[str, tuple[str, ...]] | None = None,
               fits: Callable[[str, str], bool] | None = None) -> dict[str, str]:
    """field → column of this file: the user's ``--column`` names, else the first synonym
    present (and, with ``fits``, whose values can be that field)."""
    by_norm = {_norm(c): c for c in columns}
    out: dict[str, str] = {}
    for fieldname, names in (synonyms or SYNONYMS).items():
        if fieldname in overrides:
            if overrides[fieldname] in columns:
                out[fieldname] = overrides[fieldname]
            continue
        for name in names:
            column = by_norm.get(_norm(name))
            if column is not None and column not in out.values() and (fits is None or fits(fieldname, column)):
                out[fieldname] = column
                break
    return out


def listing(columns: list[str], limit: int = 30) -> str:
    """Column names for an error line (quoted, at most ``limit``)."""
    shown = ", ".join(repr(c) for c in columns[:limit])
    return shown + (f", … ({len(columns)} in all)" if len(columns) > limit else "")


#: What each column a comment table needs holds (for the error naming a missing one).
_NEEDED = {"id": "each comment's own id", "text": "the comment text"}


def missing_columns(columns: list[str], overrides: dict[str, str]) -> str | None:
    """The error for a table lacking a column it needs — the text, and the id when the
    table names parents (or when it has neither) — naming exactly which is missing,
    the columns found and the ``--column`` fix; None when nothing is missing."""
    mapping = column_map(columns, overrides)
    missing = [f for f in ("id", "text") if f not in mapping
               and (f == "text" or "parent_id" in mapping or "text" not in mapping)]
    if not missing:
        return None
    what = " and no ".join(f"{f} column ({_NEEDED[f]})" for f in missing)
    fix = " ".join(f"--column {f}=NAME" for f in missing)
    return f"no {what} among the columns: {listing(columns)}; name {'it' if len(missing) == 1 else 'them'} with {fix}"


def path_value(obj: Any, name: str) -> Any:
    """The value at the dotted path ``name`` in a JSON object (``author.username``; a number
    picks a list item: ``referenced_tweets.0.id``), None when it leads nowhere; a key spelt
    with the dot is the source's own and wins (its caller's check)."""
    for part in name.split("."):
        if isinstance(obj, list) and part.isdigit() and int(part) < len(obj):
            obj = obj[int(part)]
        elif isinstance(obj, dict) and part in obj:
            obj = obj[part]
        else:
            return None
    return obj


def with_paths(obj: dict[str, Any], overrides: Mapping[str, str]) -> dict[str, Any]:
    """``obj`` with each dotted ``--column`` name that is not a key of its own (``author.username``)
    as a key holding the value it reaches (the object it reaches into stays as given). Why:
    ``--column`` could not reach a nested key, and the line was lost for its object author."""
    found = {name: path_value(obj, name) for name in overrides.values() if "." in name and name not in obj}
    return {**obj, **{k: v for k, v in found.items() if v is not None}} if found else obj


def absent_columns(overrides: dict[str, str], columns: list[str]) -> str | None:
    """The error for ``--column`` names that are not among ``columns`` (None: all are)."""
    absent = [f"{name!r} (for {field})" for field, name in overrides.items() if name not in columns]
    paths = " (a dotted NAME reaches into JSON objects of JSON lines and lists: author.username)" if any(
        "." in name for name in overrides.values()) else ""
    return f"no column {', '.join(absent)} among the columns: {listing(columns)}{paths}" if absent else None


#: A cell that is a number (an id, a count, a score): data, never a column name.
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def _data_cell(cell: str) -> bool:
    """A cell no header holds: a number, or text longer than a column name (a sentence)."""
    cell = cell.strip()
    return bool(_NUMBER.fullmatch(cell)) or len(cell) > 64 or len(cell.split()) > 5 or cell.endswith((".", "!", "?"))


def headerless(head: str) -> int | None:
    """The number of cells of a delimited table's first row when that row looks like data,
    not column names (a cell is a number or a sentence), else None. Why: a table without a
    header row cannot have its columns named, so it is said so (or read by position)."""
    first = first_row(head)
    return len(first) if first is not None and len(first) >= 2 and any(_data_cell(c) for c in first) else None


def first_row(head: str) -> list[str] | None:
    """The cells of a delimited table's first row — after Excel's ``sep=X`` line, which is no row
    (review23a F8: positions were counted on it) — or None when ``head`` is no delimited table."""
    dialect = _dialect(head)
    if dialect is None:
        return None
    try:
        return next(csv.reader(io.StringIO(sep_hint(head)[1].split("\n", 1)[0]), dialect), [])
    except csv.Error:
        return None


def by_position(overrides: Mapping[str, str] | None) -> bool:
    """Whether every column ``overrides`` names is a position (a number from 1: ``text=1``)."""
    return bool(overrides) and all(v.isdigit() and int(v) >= 1 for v in overrides.values())


def named_header(head: str, overrides: Mapping[str, str] | None) -> list[str] | None:
    """The first row (after Excel's ``sep=X`` line) when it looks like data (:func:`headerless`: a
    number in a cell) yet holds every column name ``overrides`` gives by position (``text,1,2``
    with ``--column text=1 --column author=2``): the user's numbers are its names, so it is the
    header, read by name (review23b #4: it was read as a row of data, "text" a comment); else None."""
    if not by_position(overrides) or not headerless(head) or (first := first_row(head)) is None:
        return None
    cells = {c.strip() for c in first}
    return first if all(v in cells for v in overrides.values()) else None  # type: ignore[union-attr]


def named_header_note(head: str, overrides: Mapping[str, str] | None) -> str | None:
    """The note saying a first row with numbers was read as the header (:func:`named_header`), else None."""
    first = named_header(head, overrides)
    if first is None:
        return None
    return (f"the first line ({listing(first)}) holds the column names given ({', '.join(dict.fromkeys(overrides.values()))})"  # type: ignore[union-attr]
            ": read as the header, its columns by name (positions count a table's columns only where its first "
            "line is a row of data)")


def positions(head: str, overrides: Mapping[str, str] | None) -> list[str] | None:
    """Column names "1", "2", … for a table without a header row (:func:`headerless`) whose
    columns ``--column`` names by position (``text=1``: every name a number from 1), else None
    (also when the first row holds those numbers as names: :func:`named_header`)."""
    if not by_position(overrides) or named_header(head, overrides) is not None:
        return None
    width = headerless(head)
    return [str(i) for i in range(1, width + 1)] if width else None


def header_columns(head: str, overrides: Mapping[str, str] | None = None) -> list[str] | None:
    """The column names of a table's first record (a JSON object's keys, or a CSV
    header; a table without a header whose columns ``overrides`` names by position:
    :func:`positions`), or None when ``head`` does not start like a table."""
    if (numbered := positions(head, overrides)) is not None:
        return numbered
    if sep_hint(head)[0] is not None:
        return header_columns(sep_hint(head)[1], overrides)
    first = first_json_line(head)
    if isinstance(first, dict):  # JSON lines: the keys of every whole line in ``head`` (dotted --column paths too)
        keys: dict[str, None] = dict.fromkeys(with_paths(first, overrides or {}))
        for line in head.split("\n")[1:-1]:
            try:
                obj = std_loads(line)
            except ValueError:
                break
            if isinstance(obj, dict):
                keys.update(dict.fromkeys(with_paths(obj, overrides or {})))
        return list(keys)
    lines = [line for line in head.split("\n")[:-1][:SNIFF_LINES] if line.strip()]  # whole lines only
    dialect = _dialect(head) if len(lines) >= 2 else None
    if dialect is None:
        return None
    try:
        rows = list(csv.reader(io.StringIO("\n".join(lines)), dialect))
    except csv.Error:
        return None
    # a table: every line has the header's number of cells, and the header's cells read as
    # names (short, not sentences), which two lines of prose with a comma each do not
    header = rows[0]
    names = all(0 < len(c.strip()) <= 64 and len(c.split()) <= 5 and not c.rstrip().endswith((".", "!", "?"))
                for c in header)
    return header if len(header) >= 2 and names and all(len(r) == len(header) for r in rows) else None


def _has_id_and_content(columns: list[str], overrides: dict[str, str] | None = None) -> bool:
    mapping = column_map(columns, overrides or {})
    return "id" in mapping and ("parent_id" in mapping or "text" in mapping)


# --- JSONL -----------------------------------------------------------------------

def sniff_jsonl(head: str, overrides: dict[str, str] | None = None) -> bool:
    first = first_json_line(head)
    if not isinstance(first, dict):
        return False
    return first.get("record") in ("thread", "comment") or _has_id_and_content(list(first), overrides) or (
        "text" in column_map(list(first), overrides or {}) and _object_lines(head) >= 2) or _named_text(first, overrides)


def _named_text(first: dict, overrides: dict[str, str] | None) -> bool:
    """The first object holds the text field the user named with ``--column`` as a string,
    and no list (a document holding a comment list is the JSON-list reader's): one comment
    per line even when the file has one line. Why: a one-comment JSONL is one JSON object,
    and refusing it for lacking id and text keys ignores the name the user gave."""
    named = (overrides or {}).get("text")
    return named is not None and isinstance(first.get(named), str) and not any(
        isinstance(value, list) for value in first.values())


def _object_lines(head: str, enough: int = 2) -> int:
    """How many of the first whole lines of ``head`` are JSON objects (up to ``enough``):
    lines of comments without ids, not one JSON document that has a text-like key."""
    found = 0
    for line in head.split("\n")[:-1]:
        if line.strip():
            found += object_line(line)
            if found >= enough:
                break
    return found


def read_jsonl(text: str, ctx: Context) -> list[ParsedThread]:
    numbers = LineNumbers()
    rows = _objects(iter_json_lines(text, ctx, keys=True), numbers, unnest=True)
    if any("." in name for name in ctx.columns.values()):
        rows = (with_paths(row, ctx.columns) for row in rows)
    first = next(rows, None)
    if first is None:
        return []
    ours = "record" in first
    return _assemble(itertools.chain([first], rows), ctx, NAME_JSONL, ours, numbers.used(not ours))


class LineNumbers(deque):
    """The line numbers of the objects :func:`_objects` gave and their reader has not yet
    taken (first in, first out); not kept once :meth:`used` says nobody takes them."""

    keep = True

    def used(self, taken: bool) -> LineNumbers | None:
        """Self when the reader takes the numbers, else None (and none is kept)."""
        if not taken:
            self.keep = False
            self.clear()
        return self if taken else None


def _objects(lines, numbers: LineNumbers | None = None, unnest: bool = False):
    """The JSON objects of NDJSON lines, one at a time (lines that are no object are
    left out by :func:`iter_json_lines` and counted in its context); each object's line
    number goes to ``numbers`` (its reader takes them in the same order). ``unnest``: the
    replies nested in an object's ``replies``/``children``… lists follow it as objects of
    their own (:func:`comments.io.readers.base.nested`, as the JSON-list reader reads them),
    each marked with the object holding it (:data:`NESTED_IN`), the lists taken out (also
    from a page object, ``{"data": [...], "paging": …}``, whose other fields stay)."""
    for number, top in lines:
        if not (unnest and not _CHILD_KEYS.isdisjoint(top) and any(reply_list(k, v) for k, v in top.items())):
            if numbers is not None and numbers.keep:
                numbers.append(number)
            yield top
            continue
        for obj, holder in nested([top], pages=True):
            if numbers is not None and numbers.keep:
                numbers.append(number)
            row = {k: v for k, v in obj.items() if not reply_list(k, v)}
            for key in _CHILD_KEYS.intersection(obj):  # a page of replies: its other fields (paging, counts) stay
                if reply_page(page := obj[key]) is not None and (rest := {k: v for k, v in page.items() if k != PAGE_DATA}):
                    row[key] = rest
            if holder is not None:
                row[NESTED_IN] = holder
            yield row


#: A row key (never a column name: it holds NUL) holding the object whose reply list held the row.
NESTED_IN = "\x00nested_in"


_CHILD_KEYS = frozenset(CHILD_KEYS)


def reply_list(key: str, value: Any) -> bool:
    """A :data:`CHILD_KEYS` list of reply objects (or an empty one), or a page of them
    (``{"data": [...], "paging": …}``: Graph API, Cusdis, :func:`reply_page`): read as
    comments, not kept in meta (a page's other fields are)."""
    return key in CHILD_KEYS and (isinstance(value, list) and all(isinstance(x, dict) for x in value)
                                  or reply_page(value) is not None)


def unreadable_row(get: Callable[[str], Any], mapping: Mapping[str, str], ctx: Context,
                   numbers: LineNumbers | None) -> bool:
    """Whether a row is left out for a field holding an object or list
    (:func:`container_field`): counted in ``ctx`` under its line number when known."""
    number = numbers.popleft() if numbers else None
    reason = container_field(get, mapping)
    if reason is None:
        return False
    if number is not None:
        ctx.lose_line(number, reason)
    else:
        ctx.problem(reason)
    return True


# --- CSV -------------------------------------------------------------------------

#: Delimiters a table may use, and how many of its first lines ``csv.Sniffer`` compares.
DELIMITERS = ",;\t|"
SNIFF_LINES = 10


#: Excel's first line naming the delimiter (``sep=;``, also quoted): not a row of the table.
_SEP_HINT = re.compile(r'"?sep=([^\r\n"])"?[ \t]*\r?(?:\n|$)', re.I)


def sep_hint(head: str) -> tuple[str | None, str]:
    """(the delimiter Excel's ``sep=X`` first line names, the head after that line), or
    (None, ``head``) without one. Why: such a file was read as plain text titled "sep=;",
    every row dropped."""
    m = _SEP_HINT.match(head)
    return (m.group(1), head[m.end():]) if m else (None, head)


def _dialect(head: str) -> type[csv.Dialect] | None:
    """Excel's CSV rules with the delimiter ``csv.Sniffer`` finds in the first lines (the
    one used alike on every line; the header line alone when the lines disagree); None
    when the first line is a JSON/XML document or has no delimiter. Only the delimiter
    is taken: the sniffer's other guesses (quote doubling) need quotes in the sample.
    Excel's ``sep=X`` first line names the delimiter (the dialect's ``hint``: that line is skipped)."""
    hint, rest = sep_hint(head)
    if hint is not None:
        return type("Dialect", (csv.excel,), {"delimiter": hint, "hint": True}) if rest.strip() else None
    lines = head.split("\n")
    first = lines[0]
    if not first or first.lstrip().startswith(("{", "[", "<")):
        return None
    sample = "\n".join(lines[:-1][:SNIFF_LINES]) or first  # whole lines only
    for text in dict.fromkeys((sample, first)):
        if not any(d in text for d in DELIMITERS):
            continue  # the sniffer cannot find one (and costs ~2 ms a try: a YAML file was sniffed twice)
        try:
            delimiter = csv.Sniffer().sniff(text, delimiters=DELIMITERS).delimiter
        except csv.Error:
            continue
        return type("Dialect", (csv.excel,), {"delimiter": delimiter})
    return None


#: No delimiter found (forced ``-f csv``, or ``--column`` naming the header): a table of one
#: column, each line its cell (quotes as Excel's); a unit separator never splits real text.
ONE_COLUMN = type("OneColumn", (csv.excel,), {"delimiter": "\x1f"})


def table_dialect(head: str, ctx: Context | None = None) -> type[csv.Dialect]:
    """The dialect of a file read as CSV (detected or ``-f csv``): the sniffed delimiter, else
    one column; a JSON/XML document or an empty first line is no table (InputError).
    Excel's ``sep=X`` first line: its delimiter, the line skipped (:func:`csv_reader`), noted in ``ctx``."""
    dialect, first = _dialect(head), head.split("\n", 1)[0].strip()
    if dialect is not None and getattr(dialect, "hint", False):
        if ctx is not None:  # the line as written: its tab is white space to strip(), and was lost ('sep=')
            line = head.split("\n", 1)[0].strip(" \r")
            ctx.note(f"first line {line!r} is Excel's delimiter hint: the table read with the delimiter "
                     f"{dialect.delimiter!r}, that line not as a row")
        return dialect
    if dialect is None and (not first or first.startswith(("{", "[", "<"))):
        raise InputError("not a CSV table with a header row")
    return ONE_COLUMN if dialect is None or _text_column(head) else dialect


def sniff_csv(head: str, overrides: dict[str, str] | None = None) -> bool:
    dialect = _dialect(head)
    head = sep_hint(head)[1]
    if dialect is None:  # one column: a table where --column names its header, or a quoted text column
        return (bool(overrides) and head.split("\n", 1)[0].strip() in overrides.values()) or _text_column(head)
    header = positions(head, overrides) or next(csv.reader(io.StringIO(head.split("\n", 1)[0]), dialect), [])
    return "record" in header or _has_id_and_content(header, overrides) or _text_table(head, header, overrides) or (
        len(header) == 1 and _text_column(head))


#: A record of a one-column table: a quoted cell (quotes inside doubled, line breaks kept), or
#: a line with no quote mark at all.
_QUOTED_CELL = re.compile(r'"((?:[^"]|"")*)"[ \t]*\n|([^"\n]*)\n')
#: a quoted cell whose closing quote lies beyond the head's end
_OPEN_CELL = re.compile(r'"(?:[^"]|"")*')


def _text_column(head: str) -> bool:
    """A table of one column whose header names the text (``text``, ``Kommentar`` …), saved the
    way spreadsheets and ``csv`` writers save a column of comments: every cell quoted, or only
    the cells that must be (Python's and Excel's default) — then, for one delimiter (``,``,
    ``;``, tab, ``|``), no unquoted cell holds it or a quote mark, and every quoted cell holds
    it, a quote mark or a line break. At least one cell is quoted. Why: such a column, mostly
    unquoted, read as one article with no comment section; prose under a heading "Text" has
    commas in unquoted lines, quote marks inside them, or quoted lines with no need for quotes."""
    first, _, rest = head.partition("\n")
    header = first.strip()
    header = header[1:-1] if len(header) > 1 and header[0] == header[-1] == '"' else header
    if "text" not in column_map([header], {}):
        return False
    quoted: list[str] = []
    plain: set[str] = set()
    pos = 0
    end = rest.rfind("\n") + 1  # whole records only
    while pos < end:
        m = _QUOTED_CELL.match(rest, pos, end)
        if m is None:  # the head may end inside a quoted cell of several lines: a quoted record
            if _OPEN_CELL.fullmatch(rest, pos, end):
                quoted.append("\n")  # it spans a line break
                break
            return False
        pos = m.end()
        if m.group(1) is not None:
            quoted.append(m.group(1))
        elif m.group(2).strip():
            plain.add(m.group(2))
    if not quoted or not plain:
        return bool(quoted)
    kept = "".join(plain)
    return '"' not in kept and any(d not in kept and all(d in c or '"' in c or "\n" in c or "\r" in c or not c
                                                          for c in quoted) for d in DELIMITERS)


def _text_table(head: str, header: list[str], overrides: dict[str, str] | None) -> bool:
    """A table with a text column but no id column (a list of comments exported without
    their ids): its header reads as column names and every first line has its cells.
    Why: read as plain text it became one article without comments, every row dropped."""
    return "text" in column_map(header, overrides or {}) and header_columns(head, overrides) is not None


def read_csv(text: str, ctx: Context) -> list[ParsedThread]:
    head = text_head(text)
    dialect = table_dialect(head, ctx)
    if (note := named_header_note(head, ctx.columns)) is not None:
        ctx.note(note)
    header, rows = _csv_rows(io.StringIO(text, newline="") if isinstance(text, str) else text, dialect, ctx,
                             positions(head, ctx.columns))
    threads = _our_threads(header, ctx)
    if threads is None:  # a third-party table: cells exactly as written, no ' removed
        return _assemble(rows, ctx, NAME_CSV, ours=False)
    return _assemble(threads + [our_row(r) for r in rows], ctx, NAME_CSV, ours=True)


def read_table(text: str, ctx: Context, delimiter: str | None = None, columns: Mapping[str, str] | None = None
               ) -> tuple[list[str], list[dict[str, Any]], list[int]]:
    """A labelled table (``train --data``, ``evaluate --gold``) read the way ``parse`` reads a CSV:
    Excel's ``sep=X`` first line, the sniffed delimiter (or ``delimiter``), unclosed quotes and
    unreadable records in ``ctx``; a table without a header row whose ``columns`` (``{use:
    column}``) are all positions has the column names "1", "2", … (:func:`positions`). Returns
    the header, the rows (header → cell; a missing cell None, cells beyond the header under
    :data:`EXTRA`) and the line numbers of rows whose cells do not match the header. Why: each
    command had its own reading, and train crashed on a ``sep=;`` line or a ragged row that
    parse reads and names, and read a headerless table's first row as its header."""
    head = text_head(text)
    dialect = table_dialect(head, ctx)
    if delimiter is not None and not getattr(dialect, "hint", False):
        dialect = type("Dialect", (csv.excel,), {"delimiter": delimiter})
    if (note := named_header_note(head, columns)) is not None:
        ctx.note(note)
    csv.field_size_limit(RECORD_LIMIT)
    reader, watched = csv_reader(io.StringIO(text, newline=""), dialect)
    header = csv_header(reader, positions(head, columns), ctx)
    rows: list[dict[str, Any]] = []
    ragged: list[int] = []
    for row in csv_cells(reader, header, ctx, watched):
        rows.append(row)
        if EXTRA in row or any(v is None for v in row.values()):
            ragged.append(reader.line_num)
    return header, rows, ragged


def _csv_rows(handle, dialect, ctx: Context | None, header: list[str] | None = None
              ) -> tuple[list[str], list[dict[str, Any]]]:
    """Header and rows; rows with more or fewer cells than the header are read (missing
    cells empty, extra cells joined or kept: see :func:`csv_cells`) and noted with their line numbers.
    ``header``: the column names of a table without a header row (its first row is data)."""
    csv.field_size_limit(RECORD_LIMIT)
    reader, watched = csv_reader(handle, dialect)
    header = csv_header(reader, header, ctx)
    return header, list(csv_cells(reader, header, ctx, watched))


def csv_header(reader, header: list[str] | None, ctx: Context | None) -> list[str]:
    """The column names: ``header`` (a table without a header row), else the reader's first
    row (InputError when the csv module cannot read it). A name the header repeats keeps
    its first column; later ones are named ``NAME~2``, ``NAME~3`` … (so their cells go to
    meta, not over the first: csv.DictReader keeps the last, pandas renames ``NAME.1``),
    noted in ``ctx``."""
    try:
        header = header or next(reader, [])
    except csv.Error as exc:
        raise InputError(f"invalid CSV ({exc})", f"line {reader.line_num}") from None
    if len(set(header)) == len(header):
        return header
    renamed: list[tuple[str, str]] = []
    names = keep_repeated(((name, None) for name in header), renamed)
    if ctx is not None:
        ctx.note(repeated_keys_note([(0, name, new) for name, new in renamed]))
    return list(names)


class Watched:
    """The lines a csv reader reads, noting when they run out: the csv module (not strict)
    ends a record at the end of the input only when a quote in it was never closed (every
    other record ends at its line end), so a record handed out after that is one."""

    __slots__ = ("lines", "ended", "taken")

    def __init__(self, lines) -> None:
        self.lines, self.ended, self.taken = lines, False, []  # taken: the lines of the record being read

    def __iter__(self) -> Iterator[str]:
        for line in self.lines:
            self.taken.append(line)
            yield line
        self.ended = True


def _split_record(taken: list[str], width: int, dialect) -> list[list[str]] | None:
    """The physical lines of a record read over several lines, each read on its own, when a
    quote opened in its first line was never closed there: the first line holds an odd number
    of quote marks, every later line an even number (a closed multi-line cell ends on a line
    with an odd number: its closing quote), and each line alone has exactly ``width`` cells.
    Such a quote swallowed the rows after it up to the next quote or the end (else None)."""
    quote = dialect.quotechar
    if len(taken) < 2 or not quote or dialect.quoting == csv.QUOTE_NONE:
        return None
    if taken[0].count(quote) % 2 == 0 or any(line.count(quote) % 2 for line in taken[1:]):
        return None
    rows = [next(csv.reader([line.rstrip("\r\n")], dialect), []) for line in taken]
    return rows if all(len(r) == width for r in rows) else None


def csv_reader(lines, dialect) -> tuple[Any, Watched]:
    """A ``csv.reader`` over ``lines`` and the :class:`Watched` lines it reads, which tell
    whether its last record ended inside a quote never closed (its rows cannot: a closed
    multi-line cell may end in a line break too, and an unclosed one lacks it when the
    file has no final newline)."""
    watched = Watched(lines)
    reader = csv.reader(iter(watched), dialect)
    if getattr(dialect, "hint", False):  # Excel's "sep=X" line: no row (line numbers still count it)
        next(reader, None)
    return reader, watched


def csv_cells(reader, header: list[str], ctx: Context | None,
              watched: Watched | None = None) -> Iterator[dict[str, Any]]:
    """The rows after the header as header → cell, one at a time. Rows with more or fewer
    cells than the header are read (missing cells empty; extra cells kept under :data:`EXTRA`,
    see :func:`beyond_header`) and noted once at the
    end with their line numbers; a record the csv module cannot read is left
    out and counted in ``ctx`` (:meth:`Context.lose_line`), the rest still read (without
    ``ctx``: InputError naming the line). A quote opened in the last record and never
    closed (told by ``watched``, the lines ``reader`` reads), which makes the csv module
    read every line after it into one cell, is a problem naming those lines; on its last
    line alone, a note."""
    ragged: list[int] = []
    extra: list[int] = []
    resplit: list[int] = []
    rejoined: list[int] = []
    row: list[str] = []
    unclosed = False
    start = first = reader.line_num + 1  # the physical line the last record began on
    # a short record that ended at a lone CR: its cells but the last, the last cell's pieces (joined once), its line
    held: tuple[list[str], list[str], int] | None = None
    stream = watched.lines if watched is not None and hasattr(watched.lines, "cr_end") else None  # tells lone CRs
    width = len(header)
    while True:
        if watched is not None:
            watched.taken.clear()  # from here on: the lines of the next record
        try:
            row = next(reader)
        except StopIteration:
            if held is not None:
                yield _short_row(header, held[0] + ["\n".join(held[1])], held[2], ragged)
            break
        except csv.Error as exc:
            if ctx is None:
                raise InputError(f"invalid CSV ({exc})", f"line {reader.line_num}") from None
            ctx.lose_line(reader.line_num, f"invalid CSV ({exc})")
            first = reader.line_num + 1
            continue
        start, first = first, reader.line_num + 1
        taken = watched.taken if watched is not None else []
        if held is not None:
            cells, tail, held_start = held
            held = None
            if row and len(cells) + len(row) <= width:  # the rest of a record a lone CR cut
                if len(row) > 1:  # the held last cell is complete: join its pieces once (linear in its CRs)
                    cells, tail = cells + ["\n".join([*tail, row[0]])] + row[1:-1], [row[-1]]
                else:
                    tail.append(row[0])
                start = held_start
                if len(cells) + 1 == width and rejoined[-1:] != [start]:  # once per record, however many CRs
                    rejoined.append(start)
                if stream is not None and stream.cr_end and len(taken) < 2:  # cut again (no resplit: one line)
                    held = (cells, tail, start)
                    continue
                row = cells + ["\n".join(tail)]
            else:
                yield _short_row(header, cells + ["\n".join(tail)], held_start, ragged)
        if not row:
            continue
        if split := _split_record(taken, len(header), reader.dialect):
            resplit.append(start)
            for part in split:
                yield dict(zip(header, part))
            continue
        if stream is not None and stream.cr_end and width > 1 and len(row) <= width:
            held = (row[:-1], [row[-1]], start)  # the csv module ends a record at a lone CR, as Excel does: maybe a cell's line break
            continue
        unclosed = watched is not None and watched.ended
        if len(row) == width:
            yield dict(zip(header, row))
        elif len(row) > width:  # (an empty last one too: "&#128077;" ending an unquoted ';' text)
            # cells beyond the header, kept (:func:`beyond_header`); without quote marks (old CMS exports: "&#8211;"
            # in a ';' table) they may be the rest of a last text column, split at unquoted delimiters
            unquoted = bool(taken) and not any(reader.dialect.quotechar in line for line in taken)
            extra.append(reader.line_num)
            yield {**dict(zip(header, row)), EXTRA: (row[width:], reader.dialect.delimiter if unquoted else None)}
        else:
            yield _short_row(header, row, reader.line_num, ragged)
    if ctx is not None and unclosed and start < reader.line_num:
        ctx.problem(f"line {start}: a quote is never closed: lines {start}–{reader.line_num} were read into one "
                    "cell of one record (rows among them are no comments of their own)")
    elif ctx is not None and unclosed:
        ctx.note(f"line {start}: a quote is never closed (the last record, read to the end of its line)")
    if resplit and ctx is not None:
        ctx.note(f"a quote opened and never closed ran into the rows after it ({'line' if len(resplit) == 1 else 'lines'} "
                 f"{_line_list(resplit)}): each of those lines, read on its own, has the header's {len(header):,} cells, so each was "
                 "read as its own row, the stray quote mark left out")
    if rejoined and ctx is not None:
        where = f"{'line' if len(rejoined) == 1 else 'lines'} {_line_list(rejoined)}"
        ctx.note(f"a carriage return (CR) alone inside an unquoted cell ended the record early (the csv module, as "
                 f"Excel, ends a record there; {where}): the record and the lines after it up to the header's cells "
                 "were read as one row, each CR kept as a line break in the cell")
    if extra and ctx is not None:
        ctx.note(f"{plural(len(extra), 'row')} {'has' if len(extra) == 1 else 'have'} more cells than the "
                 f"header's {len(header):,} (lines {_line_list(extra)}): in a row without quote marks whose last "
                 f"column, {header[-1]!r}, is the text they are the rest of it (split at an unquoted "
                 f"{reader.dialect.delimiter!r}) and joined back, flag joined_cells; else kept in meta extra_cells, "
                 "flag extra_cells")
    if ragged and ctx is not None:
        ctx.note(f"{plural(len(ragged), 'row')} {'has' if len(ragged) == 1 else 'have'} fewer cells than the "
                 f"header's {len(header):,} (lines {_line_list(ragged)}): missing cells read as empty")


def _short_row(header: list[str], row: list[str], line: int, ragged: list[int]) -> dict[str, Any]:
    """``row`` as header → cell, missing cells empty; its ``line`` noted in ``ragged`` when short."""
    if len(row) == len(header):
        return dict(zip(header, row))
    ragged.append(line)
    return {**dict.fromkeys(header), **dict(zip(header, row))}


#: A row key (never a column name: it holds NUL) holding a row's cells beyond the header and the
#: delimiter that split them when the row has no quote marks (else None): see :func:`beyond_header`.
EXTRA = "\x00extra"


def beyond_header(row: dict[str, Any], text_column: str | None) -> tuple[list[str], list[str]]:
    """A row's cells beyond the header (:data:`EXTRA`, taken out of ``row``) as (the cells to keep
    in meta ``extra_cells``, flags). Nothing is dropped: in a row without quote marks whose LAST
    column is the text, they are the rest of the text, split at unquoted delimiters, and joined
    back into ``row`` (flag ``joined_cells``); otherwise they are kept apart (flag ``extra_cells``)."""
    cells, delimiter = row.pop(EXTRA, ([], None))
    if not cells:
        return [], []
    if delimiter is not None and text_column is not None and list(row)[-1] == text_column:
        row[text_column] = delimiter.join([row[text_column] or "", *cells])
        return [], ["joined_cells"]
    return cells, ["extra_cells"]


def _line_list(numbers: list[int], shown: int = 10) -> str:
    """Line numbers for a note: the first ``shown``, then "…"."""
    return ", ".join(map(str, numbers[:shown])) + (", …" if len(numbers) > shown else "")


def our_row(cells: dict[str, Any]) -> dict[str, Any]:
    """A record from the cells of a row of a CSV our writers wrote: formula guards removed
    (:func:`~comments.io.csvsafe.restore`), lists split at ``;``, numbers and JSON maps read."""
    return _from_csv_cells({k: restore(v) if isinstance(v, str) else v for k, v in cells.items()})


def _from_csv_cells(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    extra, repaired = beyond_header(row, "text")
    for key, value in row.items():
        if key in _LIST_FIELDS:  # an empty cell is an empty list (a classified comment without topics)
            value = [v for v in (value or "").split(LIST_SEPARATOR) if v]
        elif key == "meta":
            try:
                value = meta_from_json(value)
            except ValueError:
                raise InputError(f"meta cell is not a JSON object: {value[:40]!r}") from None
        elif value == "" and key != "text":
            value = None
        elif key in _DICT_FIELDS and value:
            value = json.loads(value)
        elif key in ("polarity",) and value:
            value = float(value)
        elif key in ("depth", "position", "comment_count", "unloaded_count", "declared_count") and value:
            value = int(value)
        out[key] = value
    if repaired:
        out["flags"] = [*(out.get("flags") or []), *repaired]
    if extra:
        meta = out.get("meta") or {}
        out["meta"] = {**meta, meta_key(meta, "extra_cells"): extra}
    return out


def _our_threads(header: list[str], ctx: Context) -> list[dict[str, Any]] | None:
    """The thread rows of our sibling ``NAME.threads.csv`` when this table is ours — SPEC's
    exact comment header and a sibling with SPEC's exact thread header — else None."""
    if header not in (list(COMMENT_FIELDS), list(COMMENT_FIELDS) + list(CLASSIFICATION_FIELDS)):
        return None
    path = ctx.path
    if not isinstance(path, Path) or not path.name.endswith(".csv") or path.name.endswith(".threads.csv"):
        return None
    sibling = path.with_name(path.name[: -len(".csv")] + ".threads.csv")
    try:
        thread_header, rows = _csv_rows(io.StringIO(side_text(sibling), newline=""), csv.excel, None)
    except (OSError, InputError) as exc:
        why = "is missing" if isinstance(exc, FileNotFoundError) else f"cannot be read ({exc})"
        thread_header, rows = None, []
    else:
        why = "lacks our thread header"
    if thread_header != list(THREAD_FIELDS):
        ctx.note(f"our comment columns, but {sibling.name} {why}: read as a third-party table, cells as "
                 "written (a formula guard ' is kept, thread titles and counts are not known)")
        return None
    return [our_row(r) for r in rows]


# --- shared ----------------------------------------------------------------------

def row_thread(get: Callable[[str], Any], stem: str) -> tuple[str | None, str, str | None]:
    """A generic row's (site, thread_id, thread url): a thread column holding a page address
    names the site and the address (:func:`url_site`); no thread column: the file's stem."""
    thread_id = str_or_none(get("thread_id")) or stem
    linked = url_site(thread_id)
    thread_id = page_address(thread_id) if linked else thread_id  # a comment's own permalink: its page
    return str_or_none(get("site")) or linked, thread_id, thread_id if linked else None


def row_comment(get: Callable[[str], Any], row: dict[str, Any], taken: set[str], thread_id: str,
                date_column: str | None = None, text_column: str | None = None,
                aside: dict[str, str] | None = None, nested_parent: str | None = None) -> Comment:
    """A generic row's comment (``get``: field → the row's cell under the file's mapping, whose
    text is the column ``text_column``); a date it cannot read is flagged and kept in meta
    under ``date_column`` (:func:`dated`); cells beyond the header: :func:`beyond_header`.
    What we add to ``meta`` (links, extra cells) never replaces a column of the row's: it
    goes under another key (:func:`meta_key`), recorded in ``aside`` for the note.
    ``nested_parent``: the id of the comment whose reply list held the row (no parent column needed)."""
    extra, repaired = beyond_header(row, text_column)
    raw_text = get("text")
    if json_scalar_text(raw_text) is not None:  # a JSON number or true/false: its JSON text, flagged
        raw_text, repaired = json_scalar_text(raw_text), [*repaired, NUMBER_TEXT]
    parent = str_or_none(get("parent_id")) or nested_parent
    text, links = cell_text_and_links(str(raw_text)) if raw_text is not None else ("", [])
    meta = leftover(row, taken)
    if extra:
        set_aside(meta, "extra_cells", extra, aside)
    comment = Comment(
        id=str_or_none(get("id")),
        parent_id=None if parent == thread_id else parent,
        author=_intern(str_or_none(get("author"))),
        kind=str_or_none(get("kind")) or "comment",
        status=str_or_none(get("status")) or "visible",
        text=with_subject(get("subject"), text),
        meta=meta,
        flags=repaired,
    )
    noted(aside, "links", put_links(comment.meta, links))
    return dated(comment, get("created_at"), date_column)


def set_aside(meta: dict[str, Any], name: str, value: Any, aside: dict[str, str] | None) -> None:
    """``value`` into ``meta`` under ``name``, or another key when the source has a field of
    that name (:func:`meta_key`; recorded in ``aside``)."""
    key = meta_key(meta, name)
    meta[key] = value
    noted(aside, name, key)


def noted(aside: dict[str, str] | None, name: str, key: str | None) -> None:
    """Record in ``aside`` that our field ``name`` went under ``key`` (a source field has its name)."""
    if aside is not None and key is not None and key != name:
        aside.setdefault(name, key)


#: The fields we add to ``meta``: the names :func:`meta_key` tries for each, and what it holds.
OUR_META = {"links": (("links", "text_links"), "the link targets of comment texts"),
            "extra_cells": (("extra_cells",), "cells beyond the header")}


def aside_note(aside: dict[str, str]) -> str:
    """The note for fields of the source's that have the names of one we add to ``meta``:
    the source's are kept as given, ours are under the first free name (``aside``: our
    field → the key it went under)."""
    out = []
    for name, key in aside.items():
        names, what = OUR_META[name]
        last = int(key.rsplit("~", 1)[1]) if "~" in key else 0
        taken = [*names, *(f"{names[-1]}~{n}" for n in range(2, last))] if last else list(names[:names.index(key)])
        out.append(f"the source's own field{'s' if len(taken) > 1 else ''} {', '.join(map(repr, taken))} "
                   f"kept in meta as given: {what} are in meta {key!r}")
    return "; ".join(out)


#: A comment's ``meta`` key (never a source's: it holds NUL) holding its row's title column and
#: title until its thread's title is known (the Dask engine merges a thread's blocks later).
ROW_TITLE = "\x00title"


@dataclass
class Retitled:
    """Rows naming another title for their thread than its first row: the thread keeps the
    first row's title (a thread record has one), each other title goes into that row's
    comment ``meta`` under the source's title column (SPEC: meta holds the source's fields
    no column takes). Why: "Title B" was dropped without a word. Counted for one note."""

    count: int = 0
    first: tuple[str | None, str | None, str, str] | None = None  # thread, comment, title, key

    def keep(self, comment: Comment, thread: Thread, key: str | None, title: str | None) -> None:
        """``title`` (the row's, read with :func:`str_or_none`) into ``comment.meta`` when it is not ``thread``'s."""
        if title is None or key is None or title == thread.title:
            return
        comment.meta.setdefault(key, title)
        self.add(1, (thread.thread_id, comment.id, title, key))

    def add(self, count: int, first: tuple[str | None, str | None, str, str] | None) -> None:
        self.count += count
        if self.first is None:
            self.first = first

    def note(self) -> str | None:
        if not self.count or self.first is None:
            return None
        thread, comment, title, key = self.first
        return (f"{plural(self.count, 'comment')} name{'s' if self.count == 1 else ''} another title for {'its' if self.count == 1 else 'their'} "
                f"thread than the thread's first row (first: thread {thread!r}, comment {comment!r}: {title!r}): the thread "
                f"keeps the first row's title, the other is kept in the comment's meta {key!r}")


def _assemble(rows: Iterable[dict[str, Any]], ctx: Context, fmt: str, ours: bool,
              numbers: LineNumbers | None = None) -> list[ParsedThread]:
    """Threads from rows, consumed one at a time (rows may be a generator; ``numbers``:
    their line numbers, in order, as :func:`_objects` gives them)."""
    threads: dict[tuple[str, str], ParsedThread] = {}
    if ours:
        recorded: set[tuple[str, str]] = set()
        for row in rows:
            if row.get("record") == "thread":
                thread = Thread.from_dict(row)
                check_record(thread)  # here, at its line
                key = (thread.site or "", thread.thread_id or "")
                recorded.add(key)
                if key in threads:  # its comments came first: keep them, take the metadata
                    threads[key].thread = thread
                else:
                    threads[key] = ParsedThread(thread)
            else:
                try:
                    comment = Comment.from_dict(row)
                except (TypeError, ValueError) as exc:
                    raise InputError(f"comment {row.get('id')!r} is not a valid record ({exc})") from None
                key = (comment.site or "", comment.thread_id or "")
                if key not in threads:
                    threads[key] = ParsedThread(Thread(thread_id=comment.thread_id, site=comment.site, format=fmt))
                check_record(comment, len(threads[key].comments) + 1, threads[key].thread.thread_id)
                threads[key].comments.append(comment)
        _check_counts([threads[k] for k in recorded], ctx)
        return list(threads.values())
    rows = iter(rows)
    head = list(itertools.islice(rows, SCHEMA_ROWS))
    if not head:
        return []
    rows = itertools.chain(head, rows)
    if not (ctx.columns or ctx.forced) and reddit.exported(head):
        return reddit.read_rows(rows, ctx)
    holders = sum(NESTED_IN in r for r in head)  # replies nested in their comment's list: their parent is known
    mapping = table_mapping(row_keys(head), ctx, nested=bool(holders))
    seen: dict[tuple, Comment] = {}
    repeats: dict[int, list[dict[str, Any]]] = {}
    aside: dict[str, str] = {}
    retitled = Retitled()
    taken = set(mapping.values())
    nested_count = permalinks = 0
    seeds: list[str | None] = []
    for row in rows:
        holder = row.pop(NESTED_IN, None)
        nested_parent = str_or_none(holder.get(mapping["id"])) if holder is not None and "id" in mapping else None
        nested_count += holder is not None
        get = lambda f, row=row: row.get(mapping[f]) if f in mapping else None  # noqa: E731
        if unreadable_row(get, mapping, ctx, numbers):
            continue
        if row.get("object_type") == "seed" and "level" in row:  # Facepager: the object queried, no comment
            seeds.append(str_or_none(get("id")))
            continue
        fingerprint = tuple(str_or_none(get(f)) for f in ("id", "parent_id", "thread_id", "author")) + (
            get("text"), get("created_at"))
        if get("id") is not None and fingerprint in seen:
            first = seen[fingerprint]  # the same record again (e.g. one row per label): not a new comment
            again = leftover(row, taken)
            if "invalid_date" in first.flags:  # the same date given, kept in meta as the first row's
                again.setdefault(mapping["created_at"], get("created_at"))
            if mapping.get("title") in first.meta:  # another title, kept in meta as the first row's (Retitled)
                again.setdefault(mapping["title"], str_or_none(get("title")))
            # the same text, the same links: the first row's (row_comment put them where put_links puts these)
            put_links(again, first.meta.get(meta_key(again, "links", "text_links")) or [])
            repeats.setdefault(id(first), [first.meta]).append(again)
            continue
        site, thread_id, url = row_thread(get, ctx.stem)
        key = (site or "", thread_id)
        if key not in threads:
            threads[key] = ParsedThread(Thread(thread_id=thread_id, site=site, title=str_or_none(get("title")),
                                               url=url, format=fmt))
        threads[key].comments.append(row_comment(get, row, taken, thread_id, mapping.get("created_at"),
                                                 mapping.get("text"), aside, nested_parent))
        if url is not None and str_or_none(get("thread_id")) != thread_id:  # the permalink, kept
            threads[key].comments[-1].meta.setdefault(mapping["thread_id"], str_or_none(get("thread_id")))
            permalinks += 1
        retitled.keep(threads[key].comments[-1], threads[key].thread, mapping.get("title"), str_or_none(get("title")))
        if get("id") is not None:
            seen[fingerprint] = threads[key].comments[-1]
    for pt in threads.values():  # "0", "-1" … mean "no parent" unless a comment has that id
        ids = {c.id for c in pt.comments}
        for c in pt.comments:
            if c.parent_id in NO_PARENT and c.parent_id not in ids:
                c.parent_id = None
    if seeds:
        ctx.note(seed_note(threads, seeds))
    if "parent_id" not in mapping and (dotted := dotted_parents(threads)):
        ctx.note(f"yet {plural(dotted, 'comment')} whose id is another comment's id, a dot and more "
                 "(youtube-comment-downloader's PARENT.REPLY) read as replies to it, flag inferred_parent")
    joined = join_replies(threads) if permalinks else 0  # only where permalinks say so: the fast path and Dask leave such files here
    if permalinks or joined:
        ctx.note(permalink_note(permalinks, joined, mapping.get("thread_id")))
    if nested_count:
        ctx.note(f"{plural(nested_count, 'reply', 'replies')} nested in a list inside their comment "
                 f"({', '.join(CHILD_KEYS[:3])} …) read as replies to it")
    if aside:
        ctx.note(aside_note(aside))
    if retitled.note():
        ctx.note(retitled.note())
    if repeats:
        varying: dict[str, None] = {}
        for pt in threads.values():
            for c in pt.comments:
                if id(c) in repeats:
                    metas = repeats[id(c)]
                    varying.update((k, None) for m in metas[1:] for k in set(m) | set(metas[0])
                                   if m.get(k) != metas[0].get(k))
                    c.meta = merge_repeated(metas)
        ctx.note(repeated_note(sum(len(m) - 1 for m in repeats.values()), varying))
    return list(threads.values())


def seed_note(threads: dict[Any, ParsedThread], seeds: list[str | None]) -> str:
    """Replies to a Facepager seed row made top-level; the note saying the seed rows were no comments."""
    ids = set(seeds)
    for pt in threads.values():
        for c in pt.comments:
            if c.parent_id in ids and c.parent_id is not None:
                c.parent_id = None
    them = "it" if len(seeds) == 1 else "them"
    return (f"{plural(len(seeds), 'Facepager seed row')} (object_type seed: the object queried, ids "
            f"{', '.join(map(repr, seeds[:5]))}) read as no comment; replies to {them} are top-level")


def dotted_id(value: Any) -> bool:
    """An id that may be ``PARENT.REPLY`` (:func:`dotted_parents`): a dot, and not a number."""
    return isinstance(value, str) and "." in value and not _NUMBER.fullmatch(value)


def dotted_parents(threads: dict[Any, ParsedThread]) -> int:
    """Comments without a parent whose id is ``PARENT.REPLY`` where ``PARENT`` is exactly
    another comment's id in the thread (youtube-comment-downloader's reply ids), given
    that parent, flag ``inferred_parent``; numbers ("1.5") are never split. Returns how many."""
    count = 0
    for pt in threads.values():
        ids = {c.id for c in pt.comments}
        for c in pt.comments:
            if c.parent_id is None and dotted_id(c.id):
                parent = c.id.rsplit(".", 1)[0]
                if parent in ids and parent != c.id:
                    c.parent_id = parent
                    c.flag("inferred_parent")
                    count += 1
    return count


def permalink_note(permalinks: int, joined: int, column: str | None) -> str:
    """The note for comments whose page column is their own permalink (``#comment-N`` taken
    off: the page is the thread) and replies moved into their parent's thread (:func:`join_replies`)."""
    said = []
    if permalinks:
        one = permalinks == 1
        said.append(f"{plural(permalinks, 'comment')} name{'s' if one else ''} {'its' if one else 'their'} own "
                    f"permalink in {column!r} (#fragment): the page is the thread, the permalink kept in meta {column!r}")
    if joined:
        said.append(f"{plural(joined, 'reply', 'replies')} alone under {'its' if joined == 1 else 'their'} own address "
                    "read in the thread of the comment it replies to")
    return "; ".join(said)


def table_mapping(keys: list[str], ctx: Context, nested: bool = False) -> dict[str, str]:
    """field → column of a third-party table with these ``keys``; InputError naming a
    ``--column`` name it lacks or a column it needs (:func:`missing_columns`); a note when
    it has no parent column (every comment then top-level: said, not silent), or no id
    column either (ids ``c1``, ``c2``… as SPEC gives comments a source does not number)."""
    absent = absent_columns(ctx.columns, keys)
    if absent:
        raise InputError(absent, where="header")
    missing = missing_columns(keys, ctx.columns)
    if missing:
        raise InputError(missing, where="header")
    mapping = column_map(keys, ctx.columns)
    note = None if nested and "id" in mapping else mapping_note(keys, mapping)
    if note:
        ctx.note(note)
    return mapping


def mapping_note(keys: list[str], mapping: dict[str, str]) -> str | None:
    """The note for a table read without a parent column (every comment top-level), or
    without an id column either (ids made), naming the columns and the fix; else None."""
    if "id" not in mapping:  # then there is no parent column either (missing_columns)
        return (f"no id or parent column among the columns: {listing(keys)}: comments are numbered c1, c2, … in "
                "row order within each thread, every one top-level (name them with --column id=NAME "
                "--column parent_id=NAME)")
    if "parent_id" not in mapping:
        return (f"no parent column among the columns: {listing(keys)}: every comment is read as top-level "
                "(name it with --column parent_id=NAME)")
    return None


def repeated_note(repeated: int, varying) -> str:
    """The note for ``repeated`` rows read once, naming the ``varying`` fields kept as lists
    (one wording for the local reader and the Dask engine's block reader)."""
    kept = f"; fields that differ between them kept as lists in meta: {', '.join(sorted(varying))}" if varying else ""
    return f"{plural(repeated, 'repeated row')} (same id and content as an earlier row) read once{kept}"


def _check_counts(threads: list[ParsedThread], ctx: Context) -> None:
    """A note when our thread records' ``comment_count`` disagrees with the comments
    present: a filtered file is fine, a truncated one is never silently taken as whole."""
    off = sorted((str(pt.thread.thread_id), pt.thread.comment_count, len(pt.comments)) for pt in threads
                 if isinstance(pt.thread.comment_count, int) and pt.thread.comment_count != len(pt.comments))
    if not off:
        return
    shown = "; ".join(f"thread {tid} says {plural(said, 'comment')}, {found:,} present" for tid, said, found in off[:5])
    more = f"; and {plural(len(off) - 5, 'more thread')}" if len(off) > 5 else ""
    ctx.note(f"comment counts differ from the thread records (filtered or truncated?): {shown}{more}")


JSONL_READER = Reader(NAME_JSONL, sniff_jsonl, read_jsonl, streams=lambda head: True)
CSV_READER = Reader(NAME_CSV, sniff_csv, read_csv, streams=lambda head: True)
