"""Source formats: one module per format, each a function from text to threads, and a
registry that detects the format from content (``--format`` overrides)."""

from __future__ import annotations

import csv
import io
import re

from comments.model.errors import InputError
from comments.io.readers import (
    bluesky,
    convokit,
    discourse,
    disqus,
    guardian,
    hackernews,
    jsonlist,
    lemmy,
    mastodon,
    parquet,
    plaintext,
    reddit,
    staticman,
    tabular,
    telegram,
    twitter,
    wp_html,
    wp_json,
    wxr,
)
from comments.io.readers.base import Context, Reader

#: Detection order: specific formats first, plain text last.
READERS: tuple[Reader, ...] = (
    parquet.READER,
    wxr.READER,
    disqus.READER,
    wp_json.READER,
    guardian.READER,
    mastodon.READER,
    discourse.READER,
    lemmy.READER,
    bluesky.READER,
    telegram.READER,
    reddit.READER,
    hackernews.READER,
    convokit.READER,
    twitter.READER,  # after ConvoKit: its utterances have conversation ids too
    staticman.JSON_READER,
    tabular.JSONL_READER,
    tabular.CSV_READER,  # before the markup sniffers: a cell may quote markup
    staticman.READER,
    jsonlist.READER,  # any other JSON list of comment objects
    wp_html.READER,
    plaintext.READER,
)
BY_NAME = {r.name: r for r in READERS}  # staticman: the YAML reader (it reads the JSON form too)
FORMATS = tuple(BY_NAME)

_STRUCTURED = ("{", "[", "<?xml", "<rss", "<disqus", "<feed", "%YAML", "---\n")


def detect(head: str, columns: dict[str, str] | None = None) -> Reader:
    """The reader for text starting with ``head``; InputError for structured data
    (JSON, XML, YAML, CSV) that no reader knows (naming, for a table, the column it
    lacks even with the user's ``columns``)."""
    if wp_html.mhtml.sniff(head):  # its MIME header lines would read as YAML or plain text
        return wp_html.READER
    for reader in READERS:
        if not reader.binary and reader.sniff(head):
            if reader is plaintext.READER and _structured(head):
                break
            return reader
    raise InputError("unknown format: " + _describe(head, columns or {}))


def detect_table(head: str, columns: dict[str, str]) -> Reader | None:
    """CSV, JSONL or a JSON list whose columns the user named with ``--column``."""
    if tabular.sniff_jsonl(head, columns):
        return tabular.JSONL_READER
    if tabular.sniff_csv(head, columns):
        return tabular.CSV_READER
    if jsonlist.sniff(head, columns):
        return jsonlist.READER
    return None


def detected(head: str, columns: dict[str, str] | None = None) -> Reader | None:
    """The reader detection picks for text starting with ``head`` (as without ``--format``),
    None when no reader fits. Why: a forced ``--format`` that disagrees is said so."""
    try:
        return (detect_table(head, columns) if columns else None) or detect(head, columns)
    except InputError:
        return None


def _structured(head: str) -> bool:
    stripped = head.lstrip()
    if tabular.sep_hint(stripped)[0] is not None:  # Excel's "sep=X" line opens a table, never prose (review23a F8:
        return True  # over a table without a header, read as an article titled "sep=")
    rows = [line for line in stripped.split("\n")[:50] if line.strip()]
    if len(rows) >= 3 and rows[0].count("\t") >= 1 and sum(r.count("\t") == rows[0].count("\t") for r in rows) >= 0.9 * len(rows):
        return True  # a tab-separated table, with or without a header
    if _table_header(stripped) is not None or _small_table(stripped) is not None:
        return True  # a delimited table (CSV/TSV) whose columns no reader recognised
    if stripped.startswith(("{", "[")):
        return plaintext.json_like(stripped)
    if stripped.startswith(_STRUCTURED[2:-2]):
        return True
    first = stripped.split("\n", 1)[0]
    return (stripped.startswith("<") and first.rstrip().endswith(">") and "<html" not in first.lower()) or _yaml_like(
        stripped) or _yaml_structure(stripped)


#: Heads longer than this are not parsed as YAML to tell structure from prose (a data file is short or has
#: the ``key: value`` lines :func:`_yaml_like` counts).
_YAML_PARSE_LIMIT = 1 << 16


def _yaml_structure(head: str) -> bool:
    """True for a head that is one YAML mapping of two or more identifier-like keys, one of
    them holding a list or mapping (``list:`` then ``- a``), which prose never parses as
    (a prose line stops the parse). Why: a short YAML file of this shape was read as an
    article with no comments, exit 0, where structured data no reader knows is unknown format."""
    if len(head) > _YAML_PARSE_LIMIT or not _YAML_KEY.match(head):
        return False
    from comments.io.readers.safeyaml import load

    try:
        data = load(head)
    except InputError:
        return False
    return (isinstance(data, dict) and len(data) >= 2 and all(_YAML_KEY.match(f"{k}: ") for k in data)
            and any(isinstance(v, (list, dict)) for v in data.values()))


#: A YAML mapping line: an identifier-like key, a colon, then a value or nothing (a nested block).
_YAML_KEY = re.compile(r"^\s*[A-Za-z_][\w.-]{0,63}:(?:\s|$)")
#: A YAML list item, and one that opens a mapping ("- id: 1").
_YAML_ITEM = re.compile(r"^\s*- ")
_YAML_ITEM_KEY = re.compile(r"^\s*- [A-Za-z_][\w.-]{0,63}:(?:\s|$)")


def _yaml_like(head: str) -> bool:
    """True for real YAML structure: most of the first non-blank lines are ``key: value`` with
    identifier-like keys (or ``- `` list items), the first a key or an item opening a mapping,
    more than three plain ``key:`` lines. Why: prose has colons too — a pasted comment section
    ("Tempolimit: Union lehnt …", "12. März 2024 um 14:05 Uhr"), a bulleted "- Anna: …" list —
    and refusing it as structured data would drop every comment. A ``---`` block closed by
    ``---`` is a page's front matter (the plain-text reader reads it): only what follows counts."""
    raw = head.split("\n")
    if raw and raw[0].rstrip() == "---":
        close = next((i for i in range(1, min(len(raw), 200)) if raw[i].rstrip() == "---"), None)
        raw = raw[close + 1:] if close is not None else raw[1:]
    elif raw and raw[0].rstrip() in ("%YAML 1.2", "%YAML 1.1"):
        raw = raw[1:]
    lines = [line for line in raw if line.strip() and not line.lstrip().startswith("#") and line.rstrip() != "---"][:20]
    if len(lines) < 4 or not (_YAML_KEY.match(lines[0]) or _YAML_ITEM_KEY.match(lines[0])) or any(
            len(line) >= 200 for line in lines):
        return False
    keys = sum(1 for line in lines if _YAML_KEY.match(line))
    structured = sum(1 for line in lines if _YAML_KEY.match(line) or _YAML_ITEM.match(line))
    return keys > 3 and structured >= 0.8 * len(lines)


_TABLE_DELIMITERS = ("\t", ";", ",", "|")


def _table_header(head: str) -> list[str] | None:
    """The header cells when ``head`` looks like a delimited table, else None: a header
    of 3+ short, distinct, non-empty names (none ending like a sentence or a "says:"
    line), (nearly) every following record with as many cells, and one column of
    single-token values (ids, numbers, names) as an export has and prose split at its
    commas has not. Why: such a file read as plain text would become one article with
    no comments, silently dropping every row."""
    lines = head.split("\n")
    text = "\n".join(lines[:-1][:40] if len(lines) > 1 else lines)  # whole lines only
    for delimiter in _TABLE_DELIMITERS:
        try:
            records = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if len(records) < 3 or len(records[0]) < 3:
            continue
        header = [cell.strip() for cell in records[0]]
        names_ok = all(0 < len(c) <= 40 and len(c.split()) <= 4 and not c.endswith((".", "!", "?", ":")) for c in header)
        rows = [r for r in records[1:] if len(r) == len(header)]
        keyed = any(all(len(r[j].strip()) <= 40 and len(r[j].split()) <= 1 for r in rows) for j in range(len(header)))
        if names_ok and keyed and len(set(header)) == len(header) and len(rows) >= 0.9 * (len(records) - 1):
            return header
    return None


#: A column name of a small table: a short identifier-like name.
_COLUMN_NAME = re.compile(r"[A-Za-z_][\w.-]{0,39}")


def _small_table(head: str) -> list[str] | None:
    """The header of a table too small or narrow for :func:`_table_header` (two columns,
    or one row), else None: identifier-like column names and every row with as many
    cells, each a single short token (``x,y`` then ``1,2``), which prose never is."""
    records = [line for line in head.split("\n")[:40] if line.strip()]
    if len(records) < 2:
        return None
    for delimiter in _TABLE_DELIMITERS:
        rows = [[cell.strip() for cell in line.split(delimiter)] for line in records]
        header = rows[0]
        if len(header) < 2 or len(set(header)) < len(header) or not all(_COLUMN_NAME.fullmatch(c) for c in header):
            continue
        if all(len(r) == len(header) and all(0 < len(c) <= 40 and len(c.split()) == 1 for c in r) for r in rows[1:]):
            return header
    return None


def _describe(head: str, columns: dict[str, str]) -> str:
    stripped = head.lstrip()
    if stripped.startswith(("{", "[")):
        keys = list(dict.fromkeys(re.findall(r'"([^"\\]{1,64})"\s*:', stripped[:65536])))[:30]
        found = f" (keys found: {', '.join(keys)})" if keys else " (no object keys found)"
        return ("JSON that matches no supported comment format: no plausible id and text keys" + found
                + "; name them with --column FIELD=NAME")
    if stripped.startswith("<"):
        return "XML that matches no supported comment format"
    stripped = tabular.sep_hint(stripped)[1]  # Excel's "sep=X" line names the delimiter: no row of the table
    header = _table_header(stripped) or _small_table(stripped)
    if header is not None:
        missing = tabular.missing_columns(header, columns) or "no id column among the columns: " + tabular.listing(header)
        return (f"a table lacking a column a comment table needs: {missing}"
                " (or --format plaintext to read it as plain text)")
    if tabular.headerless(stripped):  # a number or a sentence in the first line: a row, not column names
        return ("a table without a header line (its first line is a row of data, so its columns have no names "
                "--column could give): add a first line naming the columns, e.g. text, then --column text=NAME, "
                "or name them by position: --column text=1 (counted from 1)")
    if "\t" in stripped.split("\n", 1)[0]:
        return "a table without recognisable id/parent/text columns (name them with --column FIELD=NAME)"
    return ("structured data that matches no supported comment format; name the format with --format ("
            + ", ".join(FORMATS) + ")")


__all__ = ["BY_NAME", "FORMATS", "READERS", "Context", "Reader", "detect", "detect_table", "detected"]
