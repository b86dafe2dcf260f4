"""ConvoKit corpora: a folder with ``utterances.jsonl`` (plus ``conversations.json`` and
``speakers.json``), or an ``utterances.jsonl`` file. Conversations are threads.

As ConvoKit writes them, and as ConvoKit itself reads corpora written before its 2.0: the
conversation is ``conversation_id`` (``root`` before 2.0), the speaker ``speaker`` (``user``,
with ``users.json``, before 2.0), the parent ``reply-to`` (``reply_to`` in older corpora);
a conversation's or speaker's entry is its metadata, or holds it under ``meta``. Reddit's
``[deleted]``/``[removed]`` placeholders get the Reddit reader's status and author. The
root utterance, whose id is the conversation id, is the post — the thread's article, not a
comment — and its children are top-level comments. Utterance ``meta`` becomes the
comment's ``meta``; speaker, conversation and post metadata are kept there too
(``speaker_meta``, ``conversation_meta``, ``article``). Corpora we wrote (:func:`comments.io.writers.write_convokit`)
carry every record field in ``meta`` and are restored exactly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from comments.model.errors import InputError
from comments.text.html_text import markdown_paragraphs, reddit_markdown
from comments.text.plural import plural
from comments.model.records import Comment, ParsedThread, Thread, meta_key
from comments.io.readers.base import (Context, Reader, dated, first_json_line, iter_json_lines, load_json,
                                      placeholder_status, published, side_text, str_or_none)
from comments.io.sources import UTTERANCES

NAME = "convokit"
#: Our record fields restored from the utterance meta of a corpus we wrote.
_OURS = ("site", "thread_id", "kind", "status", "flags", "missing_parent_id", "language", "topics", "topic_scores",
         "tone", "tone_scores", "polarity", "meta", "author", "created_at")


def sniff(head: str) -> bool:
    first = first_json_line(head)
    if isinstance(first, list) or first is None and head.lstrip().startswith("["):
        first = _first_in_list(head)  # ``utterances.json``: the JSON list ConvoKit wrote before 1.3
    return isinstance(first, dict) and ("conversation_id" in first or "root" in first) and "text" in first and (
        "reply_to" in first or "reply-to" in first)


def _first_in_list(head: str) -> Any:
    """The first item of the JSON list ``head`` begins (None if it is cut off or not JSON)."""
    try:
        return json.JSONDecoder().raw_decode(head.lstrip()[1:].lstrip())[0]
    except ValueError:
        return None


#: Speaker ids that name no one: the same id on post and comment is no one person.
_NOBODY = frozenset({"[deleted]", "[unknown]", "[removed]"})


def read_folder(folder: Path, ctx: Context) -> list[ParsedThread]:
    """Read a corpus folder (called for directories :func:`comments.io.sources.convokit_folder` accepts)."""
    name = next((n for n in UTTERANCES if (folder / n).is_file()), UTTERANCES[0])
    try:
        text = side_text(folder / name)
    except (OSError, InputError) as exc:
        raise InputError(f"{name} unreadable ({exc})") from None
    return _assemble(text, ctx, _side(folder, "conversations.json"), _speakers(folder))


def read(text: str, ctx: Context) -> list[ParsedThread]:
    folder = ctx.path.parent if isinstance(ctx.path, Path) else None
    if folder is None:
        return _assemble(text, ctx, {}, {})
    return _assemble(text, ctx, _side(folder, "conversations.json"), _speakers(folder))


def _speakers(folder: Path) -> dict[str, Any]:
    """``speakers.json``, or ``users.json`` in corpora written before ConvoKit 2.0."""
    return _side(folder, "speakers.json" if (folder / "speakers.json").is_file() else "users.json")


def _side(folder: Path, name: str) -> dict[str, Any]:
    """``conversations.json`` / ``speakers.json`` beside the utterances (empty if absent)."""
    path = folder / name
    if not path.is_file():
        return {}
    try:
        data = json.loads(side_text(path))
    except (ValueError, OSError, InputError) as exc:
        raise InputError(f"{name}: invalid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(f"{name}: expected a JSON object")
    return data


def _meta_of(entry: Any) -> dict[str, Any]:
    meta = entry.get("meta") if isinstance(entry, dict) else None
    return meta if isinstance(meta, dict) else {}


def _side_meta(entry: Any) -> Any:
    """A conversation's or speaker's metadata: under ``meta``, or (older corpora) the entry
    itself, as ConvoKit reads it. An entry (or its ``meta``) that is no map — a text, a list —
    is its metadata as given (kept, not dropped: :class:`Odd` notes it); None: none."""
    if isinstance(entry, dict) and "meta" not in entry:
        return {k: v for k, v in entry.items() if k != "vectors"}
    meta = entry.get("meta") if isinstance(entry, dict) else entry
    return meta if meta not in (None, {}, "", []) else None


class Odd:
    """Fields of a shape ConvoKit does not write, kept as given (never dropped) and named in
    one note of the input: what each is, and where it went."""

    WHAT = {"meta": ("utterance whose meta is no map", "utterances whose meta is no map", "kept in meta 'meta'"),
            "speaker": ("utterance whose speaker is a map", "utterances whose speaker is a map",
                        "kept in meta 'speaker' (the author is its 'id', else none)"),
            "speaker_meta": ("speakers.json entry that is no map", "speakers.json entries that are no map",
                             "kept as meta 'speaker_meta' of the speaker's comments"),
            "conversation_meta": ("conversations.json entry that is no map", "conversations.json entries that are no map",
                                  "kept as meta 'conversation_meta' of its comments"),
}

    def __init__(self) -> None:
        self.seen: dict[str, dict[str, None]] = {}  # kind → the ids of its utterances or entries, in order

    def add(self, kind: str, where: Any) -> None:
        self.seen.setdefault(kind, {})[str(where)] = None

    def note(self, ctx: Context) -> None:
        parts = []
        for kind, ids in self.seen.items():
            one, many, how = self.WHAT[kind]
            parts.append(f"{plural(len(ids), one, many)} (first {next(iter(ids))!r}): {how}")
        if parts:
            ctx.note("; ".join(parts))


def _assemble(text: str, ctx: Context, conversations: dict[str, Any], speakers: dict[str, Any]) -> list[ParsedThread]:
    threads: dict[str, ParsedThread] = {}
    odd = Odd()
    for conv, value in conversations.items():  # conversations without comments are threads too
        cmeta = _side_meta(value)
        if cmeta is None:  # none given (ConvoKit writes {"meta": {}, "vectors": []})
            cmeta = {}
        elif not isinstance(cmeta, dict):
            cmeta = {}
            odd.add("conversation_meta", conv)
        threads[conv] = ParsedThread(Thread.from_dict(cmeta) if cmeta.get("record") == "thread"
                                     else Thread(thread_id=conv, title=str_or_none(cmeta.get("title")), format=NAME))
    for name, entry in speakers.items():
        if not isinstance(_side_meta(entry), (dict, type(None))):
            odd.add("speaker_meta", name)
    roots: dict[str, str] = {}
    article: dict[str, dict[str, Any]] = {}
    for number, utt in _utterances(text, ctx):
        conv = str_or_none(utt.get("conversation_id", utt.get("root"))) or ""
        pt = threads.get(conv)
        if pt is None:
            pt = threads[conv] = ParsedThread(Thread(thread_id=conv, format=NAME))
        uid = str_or_none(utt.get("id"))
        parent = str_or_none(utt.get("reply-to", utt.get("reply_to")))
        meta = _meta_of(utt)
        given = utt.get("meta")
        if given not in (None, "") and not isinstance(given, dict):
            meta = {"meta": given}  # a text or a list: kept under its key
            odd.add("meta", uid)
        if uid is not None and uid == conv and parent is None:
            roots[conv] = uid
            if meta.get("record") != "article":  # ours keeps the article in the thread record already
                _article(pt.thread, utt, meta, _side_meta(conversations.get(conv)), ctx)
                speaker = utt.get("speaker", utt.get("user"))
                article[conv] = {k: v for k, v in (("speaker", speaker), ("meta", meta)) if v not in (None, {}, "")}
            continue
        if meta.get("record") == "comment":
            comment = _ours(utt, meta)
        else:
            comment = _foreign(utt, meta, parent, speakers, conversations.get(conv), odd)
        pt.comments.append(comment)
    odd.note(ctx)
    for conv, root in roots.items():  # replies to the post are top-level comments
        for c in threads[conv].comments:
            if c.parent_id == root:
                c.parent_id = None
            if article.get(conv):
                c.meta.setdefault("article", article[conv])  # the post's speaker and meta, which no thread field takes
                poster = article[conv].get("speaker")
                if isinstance(poster, str) and poster not in _NOBODY and c.author == poster:
                    c.meta["post_author"] = True  # the post's speaker commenting (one speaker id space)
    return list(threads.values())


def _utterances(text: str, ctx: Context) -> Iterator[tuple[int, dict[str, Any]]]:
    """(number, utterance) of JSON Lines, or of a JSON list (``utterances.json``): items that
    are no object are left out, counted in one problem, as lines that are none are."""
    if not text.lstrip().startswith("["):
        yield from iter_json_lines(text, ctx)
        return
    items = load_json(text, ctx)
    items = items if isinstance(items, list) else [items]
    for number, utt in enumerate(items, 1):
        if isinstance(utt, dict):
            yield number, utt
    lost = [number for number, utt in enumerate(items, 1) if not isinstance(utt, dict)]
    if lost:
        ctx.problem(f"{plural(len(lost), 'utterance')} of the list {'is' if len(lost) == 1 else 'are'} no JSON object "
                    f"(first: item {lost[0]}): left out")


def _article(thread: Thread, utt: dict[str, Any], meta: dict[str, Any], cmeta: dict[str, Any], ctx: Context) -> None:
    """The root utterance is the post the comments belong to."""
    cmeta = cmeta if isinstance(cmeta, dict) else {}
    thread.article_text = _markdown(utt.get("text") or "", meta, cmeta) or None
    thread.published_at = published(ctx, thread.thread_id, utt.get("timestamp"))
    thread.title = thread.title or str_or_none(meta.get("title") or cmeta.get("title"))
    url = meta.get("url") or meta.get("permalink") or cmeta.get("url")
    thread.url = thread.url or (url if isinstance(url, str) else None)


def _ours(utt: dict[str, Any], meta: dict[str, Any]) -> Comment:
    """A comment we wrote: the record fields are in the meta, the id as given by the source."""
    comment = Comment(id=str_or_none(meta.get("id")), parent_id=str_or_none(meta.get("parent_id")),
                      text=utt.get("text") or "")
    for key in _OURS:
        if key in meta:
            setattr(comment, key, meta[key])
    comment.meta = dict(comment.meta or {})
    return comment


def _foreign(utt: dict[str, Any], meta: dict[str, Any], parent: str | None, speakers: dict[str, Any],
             conversation: Any, odd: Odd) -> Comment:
    """A comment of a corpus ConvoKit (or anyone) wrote: its meta, plus its speaker's and
    conversation's metadata when they have any (kept as given when no map: ``odd``). A
    speaker given as a map is kept in meta ``speaker`` (the author is its ``id``); a
    timestamp beyond the years 1-9999 is an unreadable date (flag ``invalid_date``, the
    value in meta ``timestamp``), not the whole corpus refused."""
    speaker = utt.get("speaker", utt.get("user"))
    extra = dict(meta)
    if isinstance(speaker, dict):
        extra[meta_key(extra, "speaker")] = speaker
        odd.add("speaker", utt.get("id"))
        speaker = speaker.get("id")
    speaker = str_or_none(speaker)
    smeta = _side_meta(speakers.get(speaker)) if speaker else {}
    if smeta:
        extra["speaker_meta"] = smeta
    cmeta = _side_meta(conversation)
    if cmeta:
        extra["conversation_meta"] = cmeta
    text = utt.get("text")
    status = placeholder_status(speaker, text if isinstance(text, str) else None)
    comment = Comment(
        id=str_or_none(utt.get("id")),
        parent_id=parent,
        text=_markdown(text or "", meta, cmeta),
        author=None if speaker in (None, "[unknown]", "[deleted]") else speaker,
        status=status,
        meta=extra,
    )
    return dated(comment, utt.get("timestamp"), "timestamp")


#: Utterance or conversation metadata only ConvoKit's Reddit corpora have (built from Pushshift dumps).
_REDDIT_KEYS = ("subreddit", "top_level_comment")


def _markdown(text: str, meta: dict[str, Any], cmeta: Any) -> str:
    """An utterance's text: a Reddit corpus's (its utterance or conversation metadata names a
    subreddit or a top-level comment) as Reddit shows it, its API escaping (``&gt;``) and
    entity references (``&#x200B;``) decoded (:func:`reddit_markdown`); any other as written,
    lines kept (:func:`markdown_paragraphs`). Why: ``&gt;`` stood in Reddit corpora's texts."""
    if any(key in meta for key in _REDDIT_KEYS) or (isinstance(cmeta, dict) and any(key in cmeta for key in _REDDIT_KEYS)):
        return reddit_markdown(text)
    return markdown_paragraphs(text)


READER = Reader(NAME, sniff, read)
