"""The two record kinds of SPEC.md: threads and comments.

Plain dataclasses; field names and order are the contract with users' scripts.
"""

from __future__ import annotations

from collections.abc import Container, Iterator

import json
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

#: Fields every parsed comment has, in output order (SPEC "comment record").
COMMENT_FIELDS = (
    "record", "site", "thread_id", "id", "parent_id", "depth", "position", "author",
    "created_at", "kind", "status", "text", "flags", "missing_parent_id", "meta",
)
#: Fields ``classify`` adds.
CLASSIFICATION_FIELDS = ("language", "topics", "topic_scores", "tone", "tone_scores", "polarity")
#: The tone labels, in output order (the tone classifier's labels; topic labels come from the taxonomy).
TONES = ("informative", "questioning", "critical", "sarcastic", "hostile", "supportive")
#: The label fields of a classified comment, each with its score field.
LABEL_FIELDS = ("topics", "tone")
SCORE_FIELDS = {"topics": "topic_scores", "tone": "tone_scores"}
#: What joins a list cell (``flags``, ``topics``, ``tone``) in our CSV output: labels and flags are
#: ids, so none holds it (a taxonomy, a training CSV or a model naming one is refused, see
#: :func:`label_problem`); the CSV reader and ``Corpus.from_frames`` split at it.
LIST_SEPARATOR = ";"


def label_problem(name: str) -> str | None:
    """Why ``name`` cannot be a label (a topic id, a tone or model label), or None: a label
    is an id, non-empty and without :data:`LIST_SEPARATOR`, so our CSV's joined cells read back."""
    if not name.strip():
        return "a label must not be empty"
    if LIST_SEPARATOR in name:
        return f"a label must not contain {LIST_SEPARATOR!r} (our CSV output joins labels with it): {name!r}"
    return None


#: Fields of a thread record, in output order.
THREAD_FIELDS = (
    "record", "site", "thread_id", "title", "url", "published_at", "article_text",
    "declared_count", "comment_count", "unloaded_count", "format", "source",
)


#: The deepest nesting a value read from an input may have (each object or array inside another one
#: level): the writers' encoders (json, pickle for Dask's workers) recurse, and Python stops them near
#: 1,000 levels less the caller's frames; a record nested deeper is left out where it is read.
MAX_VALUE_NESTING = 500
NESTED_TOO_DEEP = f"nested deeper than {MAX_VALUE_NESTING} levels"


def nested_deeper(value: Any, limit: int = MAX_VALUE_NESTING) -> bool:
    """Whether ``value`` holds objects or arrays more than ``limit`` levels deep (walked level by
    level with a list of its own: no recursion, each value visited once)."""
    level, depth = [value] if isinstance(value, (dict, list, tuple)) else [], 0
    while level:
        depth += 1
        if depth > limit:
            return True
        level = [v for item in level for v in (item.values() if isinstance(item, dict) else item)
                 if isinstance(v, (dict, list, tuple))]
    return False


def may_nest_deeper(text: str | bytes, limit: int = MAX_VALUE_NESTING) -> bool:
    """Whether JSON ``text`` opens enough objects and arrays to nest deeper than ``limit``
    (cheap: two counts; parse and call :func:`nested_deeper` only when True)."""
    opens = (b"[", b"{") if isinstance(text, (bytes, bytearray)) else ("[", "{")
    return text.count(opens[0]) + text.count(opens[1]) > limit


def meta_json(meta: dict[str, Any] | None) -> str:
    """``meta`` as one JSON text (key order kept) for table outputs: a JSON column in
    CSV and Parquet keeps every value's type, which a string map would not."""
    return json.dumps(meta or {}, ensure_ascii=False, separators=(",", ":"))


def meta_key(meta: dict[str, Any], *names: str, counters: dict[str, int] | None = None) -> str:
    """Where a value we add to a comment's ``meta`` goes without replacing a field of the
    source's: the first of ``names`` ``meta`` does not hold, else the last one with ``~2``,
    ``~3``… (as SPEC renames a duplicate id). Why: a source column named ``links`` or
    ``extra_cells`` was overwritten by ours. ``counters`` (one map per record or header)
    remembers the last number given per name, so a name repeated n times costs O(n), not
    O(n²)."""
    for name in names:
        if name not in meta:
            return name
    last = names[-1]
    key, n = numbered(last, meta, counters.get(last, 2) if counters is not None else 2)
    if counters is not None:
        counters[last] = n + 1
    return key


def numbered(name: str, taken: Container[str], n: int = 2) -> tuple[str, int]:
    """(``name~k``, k) for the first k from ``n`` on whose name ``taken`` does not hold: SPEC's rule for a
    name given twice (a repeated comment id becomes ``ID~2``, ``ID~3``…), the one loop for ids
    (``tree.dedupe_ids``, a place-numbered copy's ids in ``io.pipeline``) and ``meta`` names (:func:`meta_key`).
    ``n``: where to start (a caller that remembers the last k given skips the names it gave)."""
    while f"{name}~{n}" in taken:
        n += 1
    return f"{name}~{n}", n


def meta_from_json(text: str | None) -> dict[str, Any]:
    """The ``meta`` map back from :func:`meta_json` (an empty cell is an empty map)."""
    value = json.loads(text) if text else {}
    if not isinstance(value, dict):  # a ValueError, as json's own errors
        raise ValueError("meta is not a JSON object")
    return value


#: ``meta`` keys that say a comment is by the post's author (SPEC has no column for it).
POST_AUTHOR_KEYS = ("post_author", "is_submitter")


@dataclass(slots=True)
class Comment:
    """One reader comment (or pingback/trackback) as the source gives it."""

    id: str | None = None
    parent_id: str | None = None
    text: str = ""
    author: str | None = None
    created_at: str | None = None
    kind: str = "comment"
    status: str = "visible"
    site: str | None = None
    thread_id: str | None = None
    depth: int = 0
    position: int = 0
    flags: list[str] = field(default_factory=list)
    missing_parent_id: str | None = None
    #: The source's fields that no column above takes, as the source gives them.
    meta: dict[str, Any] = field(default_factory=dict)
    language: str | None = None
    topics: list[str] | None = None
    topic_scores: dict[str, float] | None = None
    tone: list[str] | None = None
    tone_scores: dict[str, float] | None = None
    polarity: float | None = None
    #: Reader-specific linking hint resolved after all inputs are merged
    #: (e.g. Staticman's ``replying_to`` index). Never written out.
    link: Any = field(default=None, repr=False, compare=False)

    record = "comment"

    def flag(self, name: str) -> None:
        """Record a repair once."""
        if name not in self.flags:
            self.flags.append(name)

    @property
    def by_post_author(self) -> bool:
        """Written by the post's author, as the source states it: ``meta.post_author`` (set by
        the readers from the page's markup or the export's author ids), or Reddit's own
        ``is_submitter`` (kept in ``meta`` as given)."""
        return any(self.meta.get(key) in (True, "true", "True") for key in POST_AUTHOR_KEYS)

    @property
    def classified(self) -> bool:
        return self.topics is not None or self.tone is not None

    def to_dict(self) -> dict[str, Any]:
        """The output record: parse fields, plus classification fields once set."""
        out: dict[str, Any] = {name: getattr(self, name) for name in COMMENT_FIELDS}
        out["flags"] = list(self.flags)
        out["meta"] = dict(self.meta)
        if self.classified:
            out.update({name: getattr(self, name) for name in CLASSIFICATION_FIELDS})
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Comment:
        known = _field_names(cls)
        values = {k: v for k, v in data.items() if k in known}
        values["flags"] = list(values.get("flags") or [])
        meta = values.get("meta")
        if meta is not None and not isinstance(meta, (dict, str)):
            raise ValueError("meta is not a map")
        values["meta"] = meta_from_json(meta) if isinstance(meta, str) else dict(meta or {})
        return cls(**values)


@lru_cache(maxsize=None)
def _field_names(cls) -> frozenset[str]:
    """The fields ``from_dict`` takes from a record (once per class, not per record)."""
    return frozenset(f.name for f in fields(cls)) - {"link"}


@dataclass(slots=True)
class Thread:
    """The article or post a list of comments belongs to."""

    thread_id: str | None = None
    site: str | None = None
    title: str | None = None
    url: str | None = None
    published_at: str | None = None
    article_text: str | None = None
    declared_count: int | None = None
    comment_count: int = 0
    unloaded_count: int = 0
    format: str | None = None
    source: str | None = None

    record = "thread"

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in THREAD_FIELDS}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Thread:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class Stub:
    """Comments a source says exist but did not give (a Reddit ``more`` stub, an HN item's
    ``kids`` not in the input): ``count`` of them were added to the thread's
    ``unloaded_count`` when read, ``ids`` names those it lists, ``parent`` the comment they
    reply to (None: the article); ``ordered``: the stub stood in a document's order, right
    after the comment ``after`` (None: first), where the comments resolving it then go;
    ``stated``: the reply count ``parent`` states (Ghost ``count.replies``, YouTube
    ``totalReplyCount`` …) when the stub is that count less the replies given, ``deep`` when it
    counts every reply under ``parent``, not only its direct ones. Kept so that another input
    giving them resolves them (:func:`comments.io.pipeline.resolve_stubs`)."""

    count: int
    ids: tuple[str, ...] = ()
    parent: str | None = None
    ordered: bool = False
    after: str | None = None
    stated: int | None = None
    deep: bool = False

    def remaining(self, present: set[str] | dict) -> int:
        """What stays unloaded when the comments ``present`` are in the thread: nothing when
        every listed id is, else the count in proportion to the listed ids still missing."""
        if not self.ids:
            return self.count
        missing = sum(1 for i in self.ids if i not in present)
        return -(-self.count * missing // len(self.ids))


@dataclass
class ParsedThread:
    """A thread with its comments in document order: what every reader returns.
    ``stubs``: the comments its source said exist but did not give (see :class:`Stub`);
    ``homeless``: its source did not say which thread these comments are in (HN official
    items whose ``parent`` chain leaves the input): the pipeline joins them to the thread
    their chain reaches in another input; ``paged``: one page of a paginated comment section,
    whose ``unloaded_count`` is the count it states less the comments on it (the pipeline counts
    the pages of one thread as the stated count less the comments of them all, not each page's
    gap added up)."""

    thread: Thread
    comments: list[Comment] = field(default_factory=list)
    stubs: list[Stub] = field(default_factory=list)
    homeless: bool = False
    paged: bool = False
    #: the input (as the user named it) the thread was first read from: what an error about the thread names
    #: (``thread.source`` is the file it was first parsed from: our output read back keeps the original's)
    read_from: str | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.thread.site or "", self.thread.thread_id or "")

    def children(self) -> dict[str | None, list[Comment]]:
        """Parent id (None = the article) → its replies in position order."""
        from comments.model.tree import children_index

        return children_index(self.comments)

    def walk(self) -> Iterator[tuple[Comment, int]]:
        """Pre-order walk with depth (see :func:`comments.model.tree.walk`)."""
        from comments.model.tree import walk

        return walk(self.comments)

    def subtree_sizes(self) -> dict[str | None, int]:
        """Comment id → size of its subtree, itself included."""
        from comments.model.tree import subtree_sizes

        return subtree_sizes(self.comments)
