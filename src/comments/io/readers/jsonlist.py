"""Any JSON list of comment objects: exports and API answers of comment systems no other
reader knows (Commento ``commentHex``/``parentHex``, isso and remark42 API answers,
Hacker News PWA-API items with nested ``comments``, …), a JSON array or an object
holding one, or NDJSON.

The keys are inferred from the data: the id key (by name, else a key with unique values
in every object), the parent key (by name, else a key whose values are the ids of other
objects), the text key (by name, else the longest text), author, date, thread and status;
``--column FIELD=NAME`` overrides. Replies nested in a list inside their parent (``comments``,
``replies``, ``children``; also a Graph-API page ``{"data": [...]}``) get that parent; a parent
object (Facebook ``parent``) is its id; Ghost's ``in_reply_to_id`` refines ``parent_id``; reply
counts a comment states beyond the replies given go to ``unloaded_count``. YouTube Data API
answers are read by :mod:`comments.io.readers.youtube`. A root object that holds the comment list is
the article (title, url, text). A text that is HTML becomes plain text (plain text is kept:
:func:`comments.text.html_text.cell_text`), its link targets go to ``meta.links``; every
field no column takes stays in ``meta`` (so do objects a column took one value of, like remark42's ``user``,
and ids a column replaced by a name, like Commento's ``commenterHex``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from comments.model.errors import InputError
from comments.text.html_text import cell_text, cell_text_and_links, put_links
from comments.text.plural import plural
from comments.model.records import Comment, ParsedThread, Stub, Thread
from comments.io.readers.base import (CHILD_KEYS, NUMBER_TEXT, PAGE_DATA, Context, LostLines, Reader,
                                      container_field, dated, iter_json_lines, join_replies, json_scalar_text, leftover,
                                      load_json, nested, page_address, published, reply_page, site_from_url,
                                      str_or_none, unloaded_note)
from comments.io.readers import reddit, youtube
from comments.io.readers.tabular import _norm as norm
from comments.io.readers.tabular import aside_note, column_map, noted, permalink_note, row_keys, with_paths

NAME = "json"

#: Key names per field, compared lower-case without punctuation, best first.
NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "commenthex", "commentid", "cid", "uuid", "uid", "key", "hash"),
    "parent_id": ("parentid", "parenthex", "parent", "pid", "replyto", "inreplyto", "parentcommentid", "replytoid",
                  "inreplytoid", "parentkey"),
    "text": ("text", "body", "message", "comment", "content", "markdown", "html", "orig", "msg", "commenttext",
             "contenthtml", "bodyhtml"),
    "author": ("author", "user", "username", "by", "name", "commenter", "commenterhex", "authorname", "login",
               "nickname", "nick", "displayname", "bynickname", "member", "from"),
    "created_at": ("createdat", "created", "creationdate", "date", "time", "timestamp", "published", "postedat",
                   "datetime", "createdutc", "createdon", "createddate", "createdtime"),
    "thread_id": ("threadid", "thread", "url", "uri", "path", "page", "pageid", "postid", "storyid", "articleid",
                  "locator", "slug", "topicid"),
    "status": ("status", "state"),
}
NO_PARENT = {"", "root", "0", "-1", "null", "none"}
_DECLARED = ("comments_count", "total_replies", "num_comments", "descendants", "comment_count", "count")
_HEAD_KEY = re.compile(r'"([^"\\]{1,64})"\s*:\s*("(?:[^"\\]|\\.){0,400}"?)?')
#: A key holding an object that reads as an id (a Firebase push id ``-Mabc…``, digits): a map keyed by ids.
_ID_KEYED = re.compile(r'"(?:-[\w-]{5,}|[\w-]*\d[\w-]*)"\s*:\s*\{')
_ID_LIKE = re.compile(r"(^|_)id$|[a-z]Id$|Hex$|uuid", re.I)


def sniff(head: str, overrides: dict[str, str] | None = None) -> bool:
    """JSON whose head has an id-like and a text-like key (or the keys ``--column`` names)."""
    stripped = head.lstrip()
    if not stripped.startswith(("{", "[")):
        return False
    keys: dict[str, str] = {}
    for m in _HEAD_KEY.finditer(head[:65536]):
        keys.setdefault(m.group(1), m.group(2) or "")
    named = overrides or {}
    id_like = named.get("id") in keys or any(norm(k) in NAMES["id"] or _ID_LIKE.search(k) for k in keys) or bool(
        _ID_KEYED.search(head[:65536]))
    text_like = named.get("text") in keys or any(
        norm(k) in NAMES["text"] or (len(v) > 40 and " " in v) for k, v in keys.items())
    return (id_like and text_like) or youtube.sniff(head[:65536])


def read(text: str, ctx: Context) -> list[ParsedThread]:
    root = _load(text, ctx)
    if not ctx.columns and youtube.answer(root):
        return youtube.read(root, ctx)
    comments_list, holder = _comment_list(root, ctx.columns)
    if comments_list is None:
        raise InputError("unknown format: JSON without a list of comment objects (keys found: "
                         + _keys_found(root) + ")" + _wrapped(root))
    flat = [(with_paths(obj, ctx.columns), holder) for obj, holder in _flatten(comments_list)]
    if not (ctx.columns or ctx.forced) and reddit.exported([obj for obj, _ in flat]):
        return reddit.read_rows((obj for obj, _ in flat), ctx)
    keys = _infer([obj for obj, _ in flat], ctx.columns)
    if "id" not in keys and "text" not in keys:
        raise InputError("unknown format: JSON objects without plausible id and text keys (keys found: "
                         + ", ".join(row_keys([o for o, _ in flat])[:30]) + "); name them with --column FIELD=NAME")
    core = [keys[f] for f in ("id", "text") if f in keys]
    other = [obj for obj, _ in flat if not any(obj.get(k) is not None for k in core)]
    if other:  # a backup's header line and the like: not comments, and said so
        flat = [(obj, parent) for obj, parent in flat if any(obj.get(k) is not None for k in core)]
        verdict = "is not a comment" if len(other) == 1 else "are not comments"
        ctx.note(f"{plural(len(other), 'JSON object')} without {' or '.join(core)} {verdict} "
                 f"(keys: {', '.join(row_keys(other)[:10])})")
    authors = _author_table(root, keys.get("author"))
    article = _article(holder, keys, ctx) if isinstance(holder, dict) else None
    threads: dict[str, ParsedThread] = {}
    ids = {str_or_none(_scalar(obj.get(keys["id"]))) for obj, _ in flat} if "id" in keys else set()
    taken = [*keys.values(), "deleted", "isDeleted", "dead"]  # remark42's "delete" where it marks: _read_marks
    aside: dict[str, str] = {}
    lost = LostLines(unit="record")
    permalinks = 0
    tree = _Tree()
    for number, (obj, nested_parent) in enumerate(flat, 1):
        reason = container_field(lambda f, obj=obj: _named(obj, keys, f), keys)
        if reason is not None:  # that record's error; the others are read
            if not lost.count:
                ctx.problems.append(lost)  # type: ignore[arg-type] - said as str(): its text grows
            lost.add(number, reason)
            continue
        given = _thread_of(obj, keys, article, ctx)
        thread_key = page_address(given)  # a comment's own permalink (#comment-N): its page
        pt = threads.get(thread_key)
        if pt is None:
            pt = threads[thread_key] = ParsedThread(article if article and thread_key == article.thread_id else Thread(
                thread_id=thread_key, url=thread_key if "/" in thread_key else None,
                site=site_from_url(thread_key) if "//" in thread_key else _domain(obj), format=NAME))
        pt.comments.append(_comment(obj, keys, nested_parent, ids, authors, taken, aside, tree))
        tree.declared(obj, pt)
        if given != thread_key:
            pt.comments[-1].meta.setdefault(keys["thread_id"], given)
            permalinks += 1
    joined = join_replies(threads) if permalinks else 0  # only where permalinks say so: the fast path and Dask leave such files here
    if permalinks or joined:
        ctx.note(permalink_note(permalinks, joined, keys.get("thread_id")))
    if aside:
        ctx.note(aside_note(aside))
    tree.more_pages += isinstance(holder, dict) and _next_page(holder)
    tree.say(keys, ctx)
    return list(threads.values())


def _load(text: str, ctx: Context) -> Any:
    stripped = text.strip()
    if stripped.startswith("{") and "\n{" in stripped:
        try:
            return load_json(text, ctx)
        except InputError as whole:  # NDJSON: one comment per line (remark42 backups)
            lines = Context()
            objects = [obj for _, obj in iter_json_lines(text, lines)]
            if not objects:  # no line reads: a broken document, not lines
                raise whole from None
            if lines.lost.count:
                ctx.lose_lines(lines.lost)
            return objects
    return load_json(text, ctx)


def _comment_list(root: Any, overrides: dict[str, str]) -> tuple[list[dict[str, Any]] | None, Any]:
    """The largest list of objects nearest the root, and the object holding it (breadth first)."""
    queue: list[tuple[Any, Any]] = [(root, None)]
    best: tuple[int, list, Any] | None = None
    depth_seen = 0
    while queue and depth_seen < 4:
        next_level: list[tuple[Any, Any]] = []
        for node, parent in queue:
            if isinstance(node, list):
                objects = [x for x in node if isinstance(x, dict)]
                if objects and len(objects) == len(node) and _infer(objects[:200], overrides).keys() & {"id", "text"}:
                    if best is None or len(objects) > best[0]:
                        best = (len(objects), objects, parent)
            elif isinstance(node, dict):
                keyed = _keyed_objects(node, overrides)
                if keyed is not None and (best is None or len(keyed) > best[0]):
                    best = (len(keyed), keyed, parent)
                else:
                    next_level.extend((v, node) for k, v in node.items() if isinstance(v, (list, dict)))
        if best is not None:
            return best[1], best[2]
        queue = next_level
        depth_seen += 1
    return None, None


def _keyed_objects(node: dict[str, Any], overrides: dict[str, str]) -> list[dict[str, Any]] | None:
    """The comment objects of a map keyed by their ids, as a Firebase / Realtime Database export
    stores them (``{"-Mabc…": {"author": …, "text": …, "parentId": …}, …}``), each with its key
    as ``id`` when it has no id of its own; None when ``node`` is not such a map. Why: only lists
    were looked for, so such an export was "unknown format". A map of records with field-like
    keys (``{"post": {…}, "author": {…}}``) is no such map: a key must not name a field."""
    if not node or not all(isinstance(v, dict) for v in node.values()) or any(norm(k) in _FIELD_KEYS for k in node):
        return None
    objects = list(node.values())
    if "text" not in (found := _infer(objects[:200], overrides)):
        groups = [_keyed_objects(v, overrides) for v in objects]  # /comments/{page}/{push id}: one map per page
        if not all(groups):
            return None
        name = "thread" if not any("thread" in o for group in groups for o in group) else "$thread"  # type: ignore[union-attr]
        return [{name: page, **obj} for page, group in zip(node, groups) for obj in group]  # type: ignore[union-attr]
    if "id" in found:
        return objects
    name = "id" if not any("id" in o for o in objects) else "$key"
    return [{name: key, **obj} for key, obj in node.items()]


#: Keys that name a field or a part of a document, not a record: a map with one is not keyed by ids.
_FIELD_KEYS = {name for names in NAMES.values() for name in names} | {
    "post", "article", "story", "data", "meta", "comments", "replies", "children", "items", "users", "authors",
    "title", "links", "config", "settings"}


def _flatten(objects: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """(object, the object it is nested in) in document order (:func:`nested`, reply pages too)."""
    return list(nested(objects, pages=True))


def _wrapped(root: Any) -> str:
    """What the nearest list of objects holds when each object only wraps others
    (``{"comment": {…}, "author": {…}}``; Lemmy's API comment views have a reader of their own), said in the error: the
    user sees why the comments were not found, not only the top-level keys. "" when none."""
    queue: list[tuple[str, Any]] = [("", root)]
    for _ in range(4):
        deeper: list[tuple[str, Any]] = []
        for path, node in queue:
            if isinstance(node, list) and node and all(isinstance(x, dict) for x in node[:200]):
                keys = row_keys(node[:200])
                if keys and all(isinstance(x.get(k), (dict, list, type(None))) for x in node[:200] for k in keys):
                    return (f"; {path or 'the list'} holds objects that wrap others in {', '.join(keys[:10])}"
                            ": each comment nested one level down, which no reader reads")
                return ""
            if isinstance(node, dict):
                deeper.extend((f'"{k}"', v) for k, v in list(node.items())[:100] if isinstance(v, (list, dict)))
        queue = deeper
    return ""


def _keys_found(root: Any) -> str:
    if isinstance(root, dict):
        return ", ".join(list(root)[:30]) or "none"
    objects = [x for x in root if isinstance(x, dict)] if isinstance(root, list) else []
    return ", ".join(row_keys(objects)[:30]) or "none"


def _infer(objects: list[dict[str, Any]], overrides: dict[str, str]) -> dict[str, str]:
    """field → key of these objects: by name first, then by what the values look like."""
    present = Counter(k for o in objects for k in o if o[k] not in (None, "") or k in CHILD_KEYS)
    keys = [k for k in row_keys(objects) if k not in CHILD_KEYS]
    out = column_map(keys, overrides, NAMES, lambda fieldname, key: _fits(fieldname, key, objects))
    n = max(1, len(objects))
    if "id" not in out:  # a key with a unique scalar in (nearly) every object, named like an id
        for k in keys:
            values = [o.get(k) for o in objects if isinstance(o.get(k), (str, int))]
            if _ID_LIKE.search(k) and len(values) >= 0.95 * n and len(set(values)) == len(values) and k not in out.values():
                out["id"] = k
                break
    if "text" not in out:  # the longest text, if it reads like prose
        lengths = {k: sum(len(o[k]) for o in objects if isinstance(o.get(k), str)) / n for k in keys
                   if k not in out.values()}
        best = max(lengths, key=lengths.get, default=None)
        if best is not None and lengths[best] >= 20 and any(" " in str(o.get(best, "")) for o in objects):
            out["text"] = best
    if "parent_id" not in out and "id" in out:  # values that are other objects' ids
        ids = {str(o.get(out["id"])) for o in objects}
        for k in keys:
            if k in out.values() or not re.search(r"parent|reply|pid", k, re.I):
                continue
            if _mostly_ids((o.get(k) for o in objects), ids):
                out["parent_id"] = k
                break
    answered = [k for k in keys if norm(k) in _ANSWERED and k not in out.values()]
    if "parent_id" in out and "id" in out and answered:  # Ghost: parent_id the top comment, in_reply_to_id the reply
        ids = {str(o.get(out["id"])) for o in objects}
        for k in answered:
            if _mostly_ids((_ref(o.get(k)) for o in objects), ids):
                out["reply_to"] = k
                break
    if "status" not in out and _ISSO_KEYS <= set(keys) and all(
            o.get("mode") in _ISSO_MODES and not isinstance(o.get("mode"), bool) for o in objects if "mode" in o):
        out["mode"] = "mode"
    if "thread_id" in out and "thread_id" not in overrides and "id" in out:
        out = _thread_key(objects, out, keys)
    return {f: k for f, k in out.items() if present.get(k) or f in overrides}


def _mostly_ids(values: Iterable[Any], ids: set[str]) -> bool:
    """Whether the scalar values given are ids of the objects (``ids``), half of them at least."""
    refs = [str(v) for v in values if v not in (None, "") and not isinstance(v, (dict, list))]
    return bool(refs) and sum(r in ids for r in refs) >= 0.5 * len(refs)


#: Key names (normalised) of the reply a comment answers, beside a parent key naming its top comment.
_ANSWERED = ("inreplytoid", "inreplyto", "replytoid", "replyto", "replytocommentid")


def _thread_key(objects: list[dict[str, Any]], out: dict[str, str], keys: list[str]) -> dict[str, str]:
    """``out`` with another thread key when the one taken is each record's own address (its
    value ends in the record's id: GitHub's ``url`` …/issues/comments/1001) and another key of
    an address shared by records is there (``issue_url``: the issue the comments are on). Why:
    every comment was a thread of its own. Without such a key the file is one thread."""
    own = out["thread_id"]

    def last_segment(value: Any) -> str | None:
        text = _scalar(value)
        return text.rstrip("/").rsplit("/", 1)[-1] if isinstance(text, str) and "/" in text else None

    records = [o for o in objects if o.get(own) is not None]
    if len(records) < 2 or not all(last_segment(o.get(own)) == str(o.get(out["id"])) for o in records):
        return out
    candidates = []
    for k in keys:
        values = [o.get(k) for o in objects]
        if (k in out.values() or not re.search(r"url|uri|thread|issue|page|post|topic", k, re.I) or _PERSONAL.search(k)
                or not all(isinstance(v, str) and "/" in v for v in values)):
            continue
        if not any(last_segment(o.get(k)) == str(o.get(out["id"])) for o in objects):  # named like a thread first
            candidates.append((not _THREADLIKE.search(k), len(set(values)), k))
    result = {f: k for f, k in out.items() if f != "thread_id"}
    if candidates:
        result["thread_id"] = min(candidates)[2]
    return result


#: Address keys of a person or a picture (``author_url``, ``avatar_url``): never a thread.
_PERSONAL = re.compile(r"author|user|avatar|profile|image|picture|photo|icon|channel|member", re.I)
#: Address keys named like the thread a comment is on.
_THREADLIKE = re.compile(r"thread|issue|page|post|topic|article|story|discussion", re.I)


def _fits(fieldname: str, key: str, objects: list[dict[str, Any]]) -> bool:
    """Values of ``key`` can be this field (an id is a scalar, a text is text, …)."""
    values = [o[key] for o in objects if o.get(key) not in (None, "")]
    if not values:
        return fieldname in ("parent_id", "text")
    if fieldname == "parent_id":  # a parent given as an object names it by its id (Facebook Graph ``parent``)
        values = [_ref(v) if isinstance(v, dict) and _ref(v) is not None else v for v in values]
    # an object or list is that record's error, not a sign of another field (a nested
    # author or thread object names itself: :func:`_scalar`)
    named = fieldname in ("author", "thread_id")
    plain = [v for v in values if not isinstance(v, list if named else (dict, list))]
    if not plain:
        return False
    if fieldname in ("id", "parent_id"):
        return all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in plain)
    if fieldname == "text":  # a number or true/false among texts is read as its JSON text (flagged)
        return any(isinstance(v, str) for v in plain) and all(isinstance(v, (str, int, float)) for v in plain)
    if named:
        return all(isinstance(v, (str, int, dict)) and not isinstance(v, bool) for v in plain)
    return all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in plain)


def _named(obj: dict[str, Any], keys: dict[str, str], fieldname: str) -> Any:
    """The value of ``fieldname`` in ``obj``, a nested object standing for its name/id
    where one may (:func:`_scalar`: remark42's ``user``; a parent object by its id,
    :func:`_ref`; an object naming none stays one)."""
    value = obj.get(keys[fieldname]) if fieldname in keys else None
    if isinstance(value, dict) and fieldname in _PARENTS:
        named = _ref(value)
        return value if named is None else named
    if isinstance(value, dict) and fieldname in ("author", "thread_id", "status"):
        return _scalar(value)
    return value


#: The fields naming a comment's parent.
_PARENTS = ("parent_id", "reply_to")


def _ref(value: Any) -> Any:
    """A parent given as an object (Facebook Graph ``parent: {"id": …, "message": …}``) by
    its id; None for an object without one; any other value as it is."""
    if isinstance(value, dict):
        ident = value.get("id")
        return ident if isinstance(ident, (str, int)) and not isinstance(ident, bool) else None
    return value


def _scalar(value: Any) -> Any:
    """A nested object's name/id/url (remark42 ``user``, ``locator``)."""
    if isinstance(value, dict):
        for key in ("name", "username", "login", "url", "uri", "id"):
            if value.get(key) not in (None, ""):
                return value[key]
        return None
    return value


def _author_table(root: Any, author_key: str | None) -> dict[str, str]:
    """Commento and the like list their commenters beside the comments: hex → name."""
    if not isinstance(root, dict) or not author_key:
        return {}
    for value in root.values():
        if isinstance(value, list) and value and all(isinstance(x, dict) for x in value[:50]):
            if author_key in value[0] and "name" in value[0] and author_key != "name":
                return {str(x.get(author_key)): x["name"] for x in value if x.get("name")}
    return {}


def _article(holder: dict[str, Any], keys: dict[str, str], ctx: Context) -> Thread | None:
    """The object holding the comment list, when it is the article (it has a title or an
    id and text of its own: an HN item, an isso thread)."""
    ident = str_or_none(_scalar(holder.get(keys.get("id", "id"))))
    if ident is None and "title" not in holder:
        return None
    raw = holder.get(keys.get("text", "text"))
    declared = next((holder[k] for k in _DECLARED if isinstance(holder.get(k), int)), None)
    page = holder.get("webpage_url")  # yt-dlp's .info.json: the video's page (its "url" may be a media stream's)
    page = page if isinstance(page, str) and "//" in page else None
    url = page or (holder.get("url") if isinstance(holder.get("url"), str) else None)
    # no id or url of its own: the file's stem, as its comments' thread (its title was lost: no thread matched None)
    return Thread(thread_id=ident or url or ctx.stem, title=str_or_none(holder.get("title")), url=url,
                  site=site_from_url(page),
                  published_at=published(ctx, ident or url, holder.get(keys.get("created_at", "created_at"))),
                  article_text=cell_text(raw) or None if isinstance(raw, str) else None,
                  declared_count=declared, format=NAME)


def _domain(obj: dict[str, Any]) -> str | None:
    domain = obj.get("domain")
    return domain if isinstance(domain, str) and "." in domain else None


def _thread_of(obj: dict[str, Any], keys: dict[str, str], article: Thread | None, ctx: Context) -> str:
    if article is not None and article.thread_id:
        return article.thread_id
    value = str_or_none(_scalar(obj.get(keys["thread_id"]))) if "thread_id" in keys else None
    return value or ctx.stem


def _comment(obj: dict[str, Any], keys: dict[str, str], nested_parent: dict[str, Any] | None, ids: set,
             authors: dict[str, str], taken: list[str], aside: dict[str, str], tree: _Tree) -> Comment:
    get = lambda f: obj.get(keys[f]) if f in keys else None  # noqa: E731
    parent = str_or_none(_ref(get("parent_id")))
    if parent is not None and parent not in ids and parent.lower() in NO_PARENT:
        parent = None  # Commento's "root", 0, …: replies to the article
    if parent is None and nested_parent is not None and "id" in keys:
        parent = str_or_none(nested_parent.get(keys["id"]))
    tree.under[parent] += 1
    answered = str_or_none(_ref(get("reply_to")))
    kept_answered = answered is not None and answered not in ids and parent is not None
    if answered is not None and not kept_answered:
        parent = answered  # Ghost's in_reply_to_id: the reply answered, below the top comment parent_id names
    tree.unplaced += kept_answered
    author = str_or_none(_scalar(get("author")))
    raw = get("text")
    comment = Comment(
        id=str_or_none(_scalar(get("id"))),
        parent_id=parent,
        author=authors.get(author, author) if author is not None else None,
        status=_status(obj, get),
        meta=leftover(obj, [k for k in [*taken, *CHILD_KEYS, *_read_marks(obj)] if not isinstance(obj.get(k), dict)
                            and not (k == keys.get("author") and author in authors)]),
    )
    if kept_answered:
        comment.meta[keys["reply_to"]] = get("reply_to")
    for key in CHILD_KEYS:  # a page of replies (read as comments): its other fields (paging, counts) stay
        if reply_page(page := comment.meta.get(key)) is not None:
            rest = {k: v for k, v in page.items() if k != PAGE_DATA}
            tree.more_pages += _next_page(rest)
            if rest:
                comment.meta[key] = rest
            else:
                del comment.meta[key]
    if json_scalar_text(raw) is not None:
        raw = json_scalar_text(raw)
        comment.flag(NUMBER_TEXT)
    comment.text, links = cell_text_and_links(raw) if isinstance(raw, str) else ("", [])
    noted(aside, "links", put_links(comment.meta, links))
    return dated(comment, get("created_at"), keys.get("created_at"))


def _status(obj: dict[str, Any], get: Any) -> str:
    """The status the source gives (its status column, isso's ``mode``), ``deleted`` for a
    placeholder marked deleted (Commento ``deleted``, Disqus ``isDeleted``, remark42 ``delete``:
    SPEC), ``dead`` for a Hacker News item marked dead; else ``visible``."""
    if obj.get("deleted") is True or obj.get("isDeleted") is True:
        return "deleted"
    if _REMARK42_KEYS <= obj.keys() and obj["delete"] is True:  # elsewhere "delete" may be a permission
        return "deleted"
    if obj.get("dead") is True:
        return "dead"
    mode = get("mode")
    if mode in _ISSO_MODES and not isinstance(mode, bool):
        return _ISSO_MODES[mode]
    return str_or_none(get("status")) or "visible"


def _read_marks(obj: dict[str, Any]) -> tuple[str, ...]:
    """The keys :func:`_status` read as a mark of this record (remark42's ``delete``), not kept in ``meta``."""
    return ("delete",) if _REMARK42_KEYS <= obj.keys() else ()


#: The keys of remark42's comment objects: only such objects read ``delete: true`` as deleted (remark42 backups
#: write it, the text then emptied); elsewhere "delete" may be a permission ("may delete"), kept in ``meta``.
_REMARK42_KEYS = {"delete", "locator", "user"}
#: isso's ``mode`` (isso/views/comments.py): 1 accepted, 2 in the moderation queue, 4 deleted but
#: kept because replies refer to it (its text and author emptied).
_ISSO_MODES = {1: "visible", 2: "pending", 4: "deleted"}
#: The keys of isso's comment objects besides ``mode``: only such objects read ``mode`` as isso's.
_ISSO_KEYS = {"mode", "hash", "likes", "dislikes"}


class _Tree:
    """What the records say about replies beyond their parents: how many replies each states it
    has (:data:`_REPLY_COUNTS`) against how many the file holds under it, and replies whose
    answered reply (``in_reply_to_id``) is not in the file. Why: Ghost gives a comment's first
    3 replies and ``count.replies: 5``; the 2 others were neither counted nor said."""

    def __init__(self) -> None:
        self.under: Counter[str | None] = Counter()
        self.stated: list[tuple[str, int, Comment, ParsedThread]] = []
        self.seen: dict[str, list[int]] = {}
        self.unplaced = 0
        #: pages of comments or replies naming a next page (Graph API ``paging.next``)
        self.more_pages = 0

    def declared(self, obj: dict[str, Any], pt: ParsedThread) -> None:
        """The reply count ``obj`` (just read as the last comment of ``pt``) states, if any."""
        for path in _REPLY_COUNTS:
            value: Any = obj
            for key in path:
                value = value.get(key) if isinstance(value, dict) else None
            if path == ("comment_count",) and not _GRAPH_KEYS <= obj.keys():
                continue  # a CMS join's row carries its article's comment_count: no reply count (review24c F1)
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                name = ".".join(path)
                self.seen.setdefault(name, []).append(value)
                if value:
                    self.stated.append((name, value, pt.comments[-1], pt))
                return

    def say(self, keys: dict[str, str], ctx: Context) -> None:
        """Replies stated and not in the file: a :class:`Stub` under their comment and in the
        thread's ``unloaded_count``, said in one note; answered replies not in the file, noted."""
        repeated = self.seen.get("comment_count", [])
        if len(repeated) >= 3 and len(set(repeated)) == 1:  # one count on every record: the article's, not each one's
            self.stated = [s for s in self.stated if s[0] != "comment_count"]
        missing, named = 0, []
        for name, n, comment, pt in self.stated:
            gap = n - self.under[comment.id]
            if gap > 0 and comment.id is not None:
                pt.stubs.append(Stub(gap, parent=comment.id, stated=n, deep=name == "count.replies"))
                pt.thread.unloaded_count += gap
                missing += gap
                if name not in named:
                    named.append(name)
        if missing:
            ctx.note(unloaded_note(missing, named))
        if self.more_pages:
            ctx.note(f"{plural(self.more_pages, 'page')} of comments or replies name{'s' if self.more_pages == 1 else ''}"
                     " a next page (paging.next): the comments on it are not in the file")
        if self.unplaced:
            ctx.note(f"{plural(self.unplaced, 'reply', 'replies')} answer{'s' if self.unplaced == 1 else ''} "
                     "a reply not in the file "
                     f"({keys['reply_to']}): placed under the comment {keys['parent_id']} names, "
                     f"the answered id kept in meta")


def _next_page(page: dict[str, Any]) -> bool:
    """Whether a page object names a next page (Graph API ``paging.next``, an address)."""
    paging = page.get("paging")
    return isinstance(paging, dict) and isinstance(paging.get("next"), str) and bool(paging["next"])


#: Where a comment states how many replies it has (a path of keys), best first: Ghost ``count.replies``
#: (all replies under a top comment), isso ``total_replies``, Mastodon statuses' ``replies_count``, a page
#: of replies' own count (Cusdis ``replies.commentCount``, Graph API ``summary.total_count``), Facebook
#: Graph ``comment_count``. Not Discourse's ``reply_count``: its replies are in the file, linked by
#: post number, which this reader does not read (they would count as not loaded).
#: The keys of a Facebook Graph comment: only such objects read ``comment_count`` as their replies' count.
_GRAPH_KEYS = {"comment_count", "created_time", "message"}
_REPLY_COUNTS: tuple[tuple[str, ...], ...] = (
    ("count", "replies"), ("total_replies",), ("replies_count",),
    *((key, "commentCount") for key in ("replies", "comments")),
    *((key, "summary", "total_count") for key in ("replies", "comments")), ("comment_count",))


READER = Reader(NAME, sniff, read)
