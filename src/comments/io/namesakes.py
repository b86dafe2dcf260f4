"""Inputs that share a file name (``2024-01/kk.md`` and ``2024-02/kk.md``, ``post.html`` beside
``post.txt``, ``siteA/comments.csv`` and ``siteB/comments.csv``): copies of one page or different
threads, told by what they hold rather than by the name. Why: naming every such file by its
folder (session 21) made two snapshots of one page two threads, each comment counted twice,
and two sites' exports whose rows name thread 42 one thread of both sites' comments; naming
them by the file alone (main) dropped a folder per article's comments as repeats."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from comments.model.placeholders import is_gone
from comments.model.records import Comment, ParsedThread
from comments.io.sources import MemoryInput, file_stem, natural_key, path_name, shown_name, unrepeated
from comments.text.plural import plural

#: lynx's bullet of a third-level list item ("o "), a letter where a page shows "- " or "•":
#: the other list and quote marks are no word characters and go with the punctuation.
_LETTER_BULLET = re.compile(r"^[ \t]*o[ \t]+", re.M)
_NOT_WORD = re.compile(r"[\W_]+")


def content_key(c: Comment) -> tuple[str, str, str] | None:
    """What a copy of a comment keeps however it is rendered: its kind, author and words
    (case, spacing, punctuation, list bullets and quote marks left out); None for a comment
    without words, which no copy can be told by."""
    words = _NOT_WORD.sub("", _LETTER_BULLET.sub("", unicodedata.normalize("NFKC", c.text)).casefold())
    if not words:
        return None
    return c.kind, _NOT_WORD.sub("", unicodedata.normalize("NFKC", c.author or "").casefold()), words


def namesake_groups(items: list[str]) -> dict[str, str]:
    """Each file input whose file name (:func:`comments.io.sources.file_stem`, without a browser's
    repeat mark: ``NAME (1).txt`` may be ``NAME.txt`` downloaded again) another input shares → that
    name (inputs named alone are not in the result)."""
    groups: dict[str, list[str]] = {}
    for item in items:
        if item == "-" or isinstance(item, MemoryInput) or Path(item).is_dir():
            continue
        groups.setdefault(unrepeated(shown_name(file_stem(path_name(Path(item))))), []).append(item)
    return {item: stem for stem, members in groups.items() if len(members) > 1 for item in members}


@dataclass
class Member:
    """One read input of a group: its path, folder, the stem it was read with, and
    :func:`comments.io.pipeline.read_item`'s (source, context, reader, threads)."""

    item: str
    folder: str
    stem: str
    got: tuple[Any, Any, Any, list[ParsedThread]]

    @property
    def ctx(self) -> Any:
        return self.got[1]

    @property
    def threads(self) -> list[ParsedThread]:
        return self.got[3]


#: One comment as the rule compares it: its id of its source's (None: none, or one a text
#: reader numbered it with, which only says its place), a digest of :func:`content_key`
#: (None: no words), whether it is deleted or removed, and its day (``YYYY-MM-DD``; None: unknown).
CommentFact = tuple[str | None, bytes | None, bool, str | None]

#: Readers that number comments ``c1``, ``c2``… by their place (a text copy's, not the source's ids).
NUMBERING = frozenset({"plaintext", "staticman"})
_MADE_ID = re.compile(r"c[1-9][0-9]*")


def made_id(c: Comment, reader: str) -> bool:
    """The comment has no id of its source's: none yet, or one ``reader`` numbered it with."""
    return c.id is None or (reader in NUMBERING and _MADE_ID.fullmatch(c.id) is not None)


@dataclass(frozen=True)
class ThreadFacts:
    """What the rule looks at in one thread: whether it takes its name from the file
    (its source names no id or address of its own), its id and site as read, a digest of
    its article (a thread without comments that has one), of its title, and its comments' facts;
    what tells its page from another's: its title's words, a sketch of its article's words
    (:func:`sketch`) and its address."""

    by_file: bool
    thread_id: str | None
    site: str | None
    article: bytes | None
    comments: tuple[CommentFact, ...]
    title: bytes | None = None
    title_words: str = ""
    text: tuple[int, ...] = ()
    url: str = ""


@dataclass(frozen=True)
class Facts:
    """One read input of a group, as small as the rule needs it (the Dask engine gathers
    these, not the comments): its path, folder, the stem it was read with, whether
    ``--site`` names its site, and its threads' facts."""

    item: str
    folder: str
    stem: str
    site_given: bool
    threads: tuple[ThreadFacts, ...]


def _digest(*parts: object) -> bytes:
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).digest()


#: Words an article sketch keeps (:func:`sketch`): a bounded fact however long the article.
SKETCH = 64
#: Below this share of words in common (estimated, :func:`resemblance`) two articles are other
#: articles: copies of one page in lynx, w3m and HTML share 0.57–0.96 of their words (13 pages
#: of html_comments/), other articles at most 0.22.
OTHER_ARTICLE = 0.35


def sketch(text: str) -> tuple[int, ...]:
    """The :data:`SKETCH` smallest hashes of the distinct words of ``text`` (a bottom-k sketch:
    two sketches estimate the share of words two texts have in common)."""
    words = {w for w in _NOT_WORD.split(unicodedata.normalize("NFKC", text).casefold()) if w}
    hashes = (int.from_bytes(hashlib.blake2b(w.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")
              for w in words)
    return tuple(sorted(hashes)[:SKETCH])


def resemblance(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """The share of words two texts have in common (Jaccard), estimated from their sketches."""
    union = sorted(set(a) | set(b))[:SKETCH]
    both = set(a) & set(b)
    return sum(h in both for h in union) / len(union) if union else 1.0


def _address(url: str | None) -> str:
    """An address as two copies of one page give it: without scheme, ``www.``, fragment and final slash."""
    if not url:
        return ""
    rest = url.split("#", 1)[0].split("://", 1)[-1].casefold()
    return rest.removeprefix("www.").rstrip("/")


def facts(item: str, folder: str, stem: str, ctx: Any, threads: list[ParsedThread], reader: str = "") -> Facts:
    """The :class:`Facts` of one input read with ``ctx`` by ``reader`` (the stem it was read with: ``stem``)."""
    out = []
    for pt in threads:
        t = pt.thread
        article = _digest(t.title, (t.article_text or "").strip()) \
            if not pt.comments and (t.title or t.article_text) else None
        title = _NOT_WORD.sub("", unicodedata.normalize("NFKC", t.title or "").casefold())
        comments = tuple((None if made_id(c, reader) else c.id,
                          None if (key := content_key(c)) is None else _digest(*key), is_gone(c), _day(c.created_at))
                         for c in pt.comments)
        out.append(ThreadFacts(ctx.stem == stem and t.thread_id in (None, stem), t.thread_id, t.site, article,
                               comments, _digest(title) if title else None, title,
                               sketch(t.article_text) if t.article_text and t.article_text.strip() else (),
                               _address(t.url)))
    return Facts(item, folder, stem, ctx.site is not None, tuple(out))


def _day(moment: str | None) -> str | None:
    """The day of a comment's date (None: unknown or only a month or year)."""
    return moment[:10] if moment and len(moment) >= 10 and moment[4] == "-" else None


def _near(day: str | None, days: set[str | None]) -> bool:
    """``day`` and one of ``days`` can be one comment's: either unknown, or at most a day apart
    (a page and its copy may show one moment in two time zones)."""
    if day is None or None in days or day in days:
        return True
    try:
        moment = date.fromisoformat(day)
    except ValueError:
        return True
    return any(str(moment + timedelta(days=d)) in days for d in (-1, 1))


def other_pages(a: Facts, b: Facts) -> str | None:
    """What says inputs ``a`` and ``b`` hold other pages, each a thread of its own (None: nothing):
    other addresses, or other titles (neither holding the other's words) with other articles
    (:data:`OTHER_ARTICLE`), or with no article on either side. A text browser's title may be
    the site's name, so a title alone tells a copy from its page only where neither has an article."""
    if len(a.threads) != 1 or len(b.threads) != 1:
        return None
    s, t = a.threads[0], b.threads[0]
    if s.url and t.url and s.url != t.url:
        return "other addresses"
    if not s.title_words or not t.title_words or s.title_words in t.title_words or t.title_words in s.title_words:
        return None
    if s.text and t.text:
        return "other titles and articles" if resemblance(s.text, t.text) < OTHER_ARTICLE else None
    return None if s.text or t.text else "other titles"


@dataclass(frozen=True)
class Naming:
    """What the rule decided for one input (:func:`rename` applies it to its threads): the
    stem it was read with and the name chosen for its threads named from the file; the
    thread (and site, "" for none) such threads join instead (a text copy beside its page);
    the site its own threads take where the file name would give it (a folder per site);
    the ids its records name that join ``thread`` too (a REST export beside its page)."""

    stem: str
    chosen: str
    thread: str | None = None
    site: str = ""
    folder_site: str | None = None
    moved: tuple[str, ...] = ()


@dataclass
class Decision:
    """Each input's :class:`Naming`, in the group's order; the notes on the names (said where
    a name-only rule says them) and those on joined copies and sites (after the group's last input)."""

    namings: list[Naming]
    said: list[str]
    notes: list[str]


def rename(threads: list[ParsedThread], ctx: Any, naming: Naming) -> None:
    """Apply ``naming`` to the threads of one input read with ``ctx`` (in place; the
    context's stem stays, which a reader reading on in blocks still names its rows by)."""
    for pt in threads:
        t = pt.thread
        if ctx.stem == naming.stem and t.thread_id in (None, naming.stem):
            t.thread_id = naming.chosen
        if naming.thread is not None and (t.thread_id in (None, naming.chosen) or t.thread_id in naming.moved):
            t.thread_id = naming.thread
            if naming.site and t.site is None and ctx.site is None:
                t.site = naming.site
        if naming.folder_site is not None and t.thread_id not in (None, naming.chosen) and t.site is None \
                and ctx.site is None and "__" not in naming.chosen.rsplit("/", 1)[-1]:
            t.site = naming.folder_site


class _Sets:
    """Union–find over the members' indices: the members that hold one page."""

    def __init__(self, n: int) -> None:
        self.up = list(range(n))

    def find(self, i: int) -> int:
        while self.up[i] != i:
            self.up[i] = self.up[self.up[i]]
            i = self.up[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.up[max(a, b)] = min(a, b)


def settle(stem: str, members: list[Member], names: dict[str, str], notes: list[str]) -> list[str]:
    """Name the threads of inputs sharing the file name ``stem`` (:func:`decide`), in place,
    before they are merged. Returns the notes on the names (said where a name-only rule says
    them); the notes on joined copies and sites go to ``notes``."""
    decided = decide(stem, [facts(m.item, m.folder, m.stem, m.ctx, m.threads, m.got[2].name) for m in members], names,
                     os.getcwd())
    for m, naming in zip(members, decided.namings):
        rename(m.threads, m.ctx, naming)
        if m.ctx.stem == m.stem:  # a stem its reader chose (a Staticman page's folder) stays: it names the site
            m.ctx.stem = naming.chosen
        m.stem = naming.chosen
    notes.extend(decided.notes)
    return decided.said


def decide(stem: str, members: list[Facts], names: dict[str, str], cwd: str) -> Decision:
    """How to name the threads of inputs sharing the file name ``stem`` (``names``: each
    input's folder path name, :func:`comments.io.sources.thread_stems`; ``cwd``: the folder
    the notes name paths below). Inputs in different folders are one page (a page saved on
    two days: one thread, each comment once) only on evidence that holds for both (:func:`_one_page`):

    * most of both inputs' comments the same (author and words; at least two), or ids of
      their sources' that agree with the same words (at least two, most of the smaller one's);
      never when one such id carries other words in threads named from their files;
    * or the same address, or the same article (threads without comments);
    * records naming one thread id, nothing that tells them apart (an id with other words,
      or the same words under another id): one thread, as the records say.

    Never when something of the two says they differ (:func:`other_pages`: other addresses, or
    other titles with other articles); comments count as the same only when dated at most a
    day apart; records naming one thread for other comment ids in folders of other names
    (``heise/``, ``spiegel/``, not ``2024-01/``, ``2024-02/``) are two. A repeat download
    (``NAME (1).txt``) beside ``NAME.txt`` is in a place of its own: it joins on this evidence only.

    Otherwise (the same ids with other words, or too little in common) each folder is its
    own: a thread named from its file takes its folder path, and where the records of two
    folders name the same thread for different comments, each folder's threads take the
    folder as site (the folder per site). Inputs in one folder (``post.html``, ``post.txt``)
    keep one name; within them a thread named from its file (a text copy), or one its
    records name by an id that is no address, joins the one thread another input names by
    address or id when the two share comments or the title (:func:`_join_copies`)."""
    if not members:  # none of them could be read (their errors say why)
        return Decision([], [], [])
    said: list[str] = []
    sets = _Sets(len(members))
    folders = [m.folder for m in members]
    # a repeat download (NAME (1).txt) is a place of its own: it joins NAME.txt beside it only on evidence
    marked = [_marked(m) for m in members]
    places = [f"{m.folder}\0{m.stem}" if marked[i] else m.folder for i, m in enumerate(members)]
    first_folder: dict[str, int] = {}
    for i, place in enumerate(places):
        sets.join(i, first_folder.setdefault(place, i))
    tally = _Tally(len(members))
    by_thread: dict[str, int] = {}
    by_article: dict[bytes, int] = {}
    shared_ids: set[tuple[int, int]] = set()
    for i, m in enumerate(members):
        for t in m.threads:
            tid = None if t.by_file else t.thread_id
            if tid is not None:
                j = by_thread.setdefault(tid, i)
                if j != i:
                    if "://" in tid:  # one address: one page
                        sets.join(i, j)
                    shared_ids.add((j, i))
            if t.article is not None:
                sets.join(i, by_article.setdefault(t.article, i))
            tally.add(i, tid, t.comments)
    common = _common(folders, cwd)
    told: list[str] = []  # the notes on inputs their comments would join that something tells apart
    top = os.path.commonpath(sorted(set(folders)))
    for pair in tally.pairs():
        if places[pair[0]] != places[pair[1]] and _one_page(tally, *pair):
            why = other_pages(members[pair[0]], members[pair[1]])
            if why is None:
                sets.join(*pair)
            else:
                told.append(f"{members[pair[0]].item} and {members[pair[1]].item} share "
                            f"{plural(tally.same[pair], 'comment')} but have {why}: read as two threads")
    for pair in sorted(shared_ids):
        if tally.apart(pair) or other_pages(members[pair[0]], members[pair[1]]) is not None:
            continue  # one thread id, and something tells them apart
        if places[pair[0]] != places[pair[1]] and not tally.agree.get(pair) \
                and _folder_words(folders[pair[0]], top) != _folder_words(folders[pair[1]], top):
            continue  # other comments of thread 42 in folders of other names (heise/, spiegel/): sites, said below
        sets.join(*pair)
    clusters: dict[int, list[int]] = {}
    for i in range(len(members)):
        clusters.setdefault(sets.find(i), []).append(i)
    groups = list(clusters.values())
    if len(groups) == 1:
        chosen = [stem] * len(members)
    else:
        chosen = [""] * len(members)
        for group in groups:
            first = next((i for i in group if not marked[i]), group[0])  # NAME.txt names NAME (1).txt joining it
            for i in group:
                chosen[i] = names.get(members[first].item, members[first].stem if marked[first] else stem)
    state = [[[chosen[i] if t.by_file else t.thread_id, t.site] for t in m.threads] for i, m in enumerate(members)]
    namings = [Naming(m.stem, chosen[i]) for i, m in enumerate(members)]
    notes: list[str] = []
    for group in groups:
        notes.extend(_join_copies(group, members, chosen, state, namings, tally))
    named = [any(t[0] == chosen[i] for t in state[i]) for i in range(len(members))]  # after the joins
    said.extend(told)
    said.extend(_repeat_notes(stem, members, marked, sets))
    said.extend(_slices_note(stem, members, groups, shared_ids, tally, folders, common))
    if len(groups) == 1:
        if len(set(folders)) > 1 and any(named):
            said.append(f"{plural(len(members), 'file')} in {plural(len(set(folders)), 'folder')} share the name "
                        f"{stem} and hold one page (the same comments, address or article): read as one thread")
    else:
        said.extend(_folder_note(stem, members, chosen, folders, common, named))
    if len(groups) > 1:
        notes.extend(_site_by_folder(stem, groups, members, chosen, folders, common, state, namings))
    return Decision(namings, said, notes)


class _Tally:
    """What each pair of a group's inputs shares: comments with the same words dated at most a day
    apart (``same``),
    ids of their sources' with the same words or deleted (``agree``) or with other words
    (``differ``, ``by_file``: in threads named from their files), the same words under other
    ids of one thread its records name (``renumbered``: two sites' welcome note), each input's comments with
    words (``counted``) and with ids (``ids``). Each comment is looked up once (linear)."""

    def __init__(self, n: int) -> None:
        self.same: dict[tuple[int, int], int] = {}
        self.agree: dict[tuple[int, int], int] = {}
        self.differ: dict[tuple[int, int], int] = {}
        self.by_file: dict[tuple[int, int], int] = {}
        self.renumbered: dict[tuple[int, int], int] = {}
        self.counted = [0] * n
        self.ids = [0] * n
        self._by_id: dict[tuple[str, str], tuple[int, CommentFact]] = {}
        self._by_words: dict[bytes, tuple[int, str | None, str | None, set[str | None]]] = {}
        self._partners: dict[int, list[int]] | None = None

    def add(self, i: int, tid: str | None, comments: tuple[CommentFact, ...]) -> None:
        """The comments of one thread of input ``i`` (``tid``: None for one named from its file)."""
        for c in comments:
            cid, words, gone, day = c
            self.counted[i] += words is not None
            if cid is not None:
                self.ids[i] += 1
                j, other = self._by_id.setdefault(("" if tid is None else "\0" + tid, cid), (i, c))
                if j != i:
                    if gone or other[2] or words == other[1]:
                        _count(self.agree, (j, i))
                        _count(self.same, (j, i))
                    else:
                        _count(self.differ, (j, i))
                        if tid is None:
                            _count(self.by_file, (j, i))
                    continue
            if words is not None:
                j, jid, jtid, days = self._by_words.setdefault(words, (i, cid, tid, set()))
                if j == i:
                    days.add(day)
                elif _near(day, days):  # the same words dated a month apart: another comment ("Danke!")
                    _count(self.same, (j, i))
                    if tid is not None and jtid == tid and None not in (cid, jid) and cid != jid:
                        _count(self.renumbered, (j, i))

    def pairs(self) -> list[tuple[int, int]]:
        return sorted(self.same)

    def apart(self, pair: tuple[int, int]) -> bool:
        """Whether something tells the pair apart: an id with other words, or words under another id."""
        return pair in self.differ or pair in self.renumbered

    def partners(self, i: int) -> list[int]:
        """The inputs input ``i`` shares comments with."""
        if self._partners is None:
            self._partners = {}
            for a, b in self.same:
                self._partners.setdefault(a, []).append(b)
                self._partners.setdefault(b, []).append(a)
        return self._partners.get(i, [])

    def shares(self, i: int, j: int) -> int:
        """The comments inputs ``i`` and ``j`` share (either order)."""
        return self.same.get((min(i, j), max(i, j)), 0)


def _count(into: dict[tuple[int, int], int], pair: tuple[int, int]) -> None:
    into[pair] = into.get(pair, 0) + 1


def _one_page(tally: _Tally, a: int, b: int) -> bool:
    """Whether inputs ``a`` and ``b`` (in different folders) hold one page by their comments:
    most of both the same (two at least: one pinned note or a "Danke!" stands under many
    articles), or at least two ids that agree with the same words, most of the smaller one's
    ids (a later snapshot with more comments); never when an id carries other words in threads
    named from their files, and in threads named by their records only when more agree than differ."""
    pair = (a, b)
    n, differ = tally.same.get(pair, 0), tally.differ.get(pair, 0)
    if tally.by_file.get(pair, 0) or n <= differ:
        return False
    if n >= 2 and 2 * n > tally.counted[a] and 2 * n > tally.counted[b]:
        return True
    agree = tally.agree.get(pair, 0)
    return agree >= 2 and 2 * agree > min(tally.ids[a], tally.ids[b])


def _marked(m: Facts) -> bool:
    """The input is named as a browser names a repeat download (``NAME (1).txt``)."""
    name = m.stem.rsplit("/", 1)[-1]
    return unrepeated(name) != name


def _repeat_notes(stem: str, members: list[Facts], marked: list[bool], sets: _Sets) -> list[str]:
    """What was made of each input named as a repeat download (``NAME (1).txt``) whose threads take
    their name from the file, and why: the same page downloaded again (most comments the same, nothing telling them apart: one thread), or
    another page (its own thread, as the file name says)."""
    out = []
    for i, m in enumerate(members):
        if not marked[i] or not any(t.by_file for t in m.threads):  # records naming their threads: named by them
            continue
        with_ = [k for k in range(len(members)) if k != i and sets.find(k) == sets.find(i)]
        if with_:
            out.append(f"{m.item}: named as a browser names a repeat download of {stem} and holds the same page as "
                       f"{members[with_[0]].item} (most comments the same): read as one thread, each comment once")
        else:
            out.append(f"{m.item}: named as a browser names a repeat download of {stem}, but holds another page (too "
                       f"few comments the same, or another title, article or address): read as a thread of its own")
    return out


def _folder_words(folder: str, top: str) -> str:
    """The words of ``folder``'s path below the folders' common one ``top``, numbers and marks left
    out: ``2024-01`` and ``2024-02`` (parts of one export) give the same, ``heise`` and ``spiegel`` not."""
    below = os.path.relpath(folder, top)
    return _NOT_WORD.sub("", re.sub(r"[0-9]+", "", below.casefold()))


def _slices_note(stem: str, members: list[Facts], groups: list[list[int]], shared_ids: set[tuple[int, int]],
                 tally: _Tally, folders: list[str], common: str) -> list[str]:
    """The note on folders whose records name the same thread for other comment ids and whose names
    differ only in numbers (``2024-01/comments.csv``, ``2024-02/comments.csv``): read as parts of one
    export, one thread — a guess, said, with how to read them as sites."""
    group_of = {i: g for g, group in enumerate(groups) for i in group}
    tids = sorted({t.thread_id for a, b in shared_ids if folders[a] != folders[b] and group_of[a] == group_of[b]
                   and not tally.agree.get((a, b)) and not tally.same.get((a, b))
                   for t in members[a].threads if not t.by_file and t.thread_id is not None
                   and any(u.thread_id == t.thread_id and not u.by_file for u in members[b].threads)}, key=natural_key)
    if not tids:
        return []
    return [f"{plural(len(members), 'file')} in {plural(len(set(folders)), 'folder')} share the name {stem} and their "
            f"records name the same thread{'s' if len(tids) > 1 else ''} ({', '.join(tids[:3])}"
            f"{', …' if len(tids) > 3 else ''}) with other comments; the folders below {common} differ only in "
            f"numbers: read as parts of one export, one thread (--site NAME=PATH reads each folder as a site)"]


def _common(folders: list[str], cwd: str) -> str:
    """The deepest folder ``folders`` share, below the working folder ``cwd`` where it lies there."""
    common = os.path.commonpath(sorted(set(folders)))
    below = os.path.relpath(common, cwd)
    return common if below.startswith("..") else below


def _folder_note(stem: str, members: list[Facts], chosen: list[str], folders: list[str], common: str,
                 named: list[bool]) -> list[str]:
    """The note on threads named from their file that take their folder path (``named``: each
    input still holds one after text copies joined their pages; none: the name changed nothing)."""
    renamed = sorted({chosen[i] for i in range(len(members)) if named[i]}, key=natural_key)
    if not renamed:
        return []
    return [f"{plural(len(members), 'file')} in {plural(len(set(folders)), 'folder')} share the name {stem}: "
            f"each thread named from its file takes its folder path below {common} "
            f"({', '.join(renamed[:3])}{', …' if len(renamed) > 3 else ''})"]


def _join_copies(group: list[int], members: list[Facts], chosen: list[str], state: list[list[list]],
                 namings: list[Naming], tally: _Tally) -> list[str]:
    """Within one page's inputs, threads named from their file join the one thread another
    input names by address (else by its one id) — a saved page's canonical link beside its
    text copy — when they share comments with it (most of the smaller one's) or its title, and
    so does an input's one thread named by an id that is no address when most of the comments
    of both are the same (a WordPress REST export, thread ``4711``, beside its page). A text
    copy of another article beside the page keeps its own thread. ``state``: each thread's
    [id, site] so far, updated."""
    own = sorted({(tid, site or "") for i in group for tid, site in state[i] if tid not in (None, chosen[i])})
    addresses = {tid for tid, _ in own if "://" in tid}
    ids = addresses if addresses else {tid for tid, _ in own}
    if len(ids) != 1:
        return []
    tid = next(iter(ids))
    site = max(s for t, s in own if t == tid)  # a site the page names before none
    holder = next(i for i in group if any(t[0] == tid for t in state[i]))
    titles = {t.title for t in members[holder].threads if t.thread_id == tid and t.title is not None}
    joined, out = {holder}, []
    waiting = [i for i in group if i != holder]
    while True:
        found = [i for i in waiting if _joins(i, joined, tally, members, titles, chosen[i], state[i], tid, site)]
        if not found:
            break
        joined.update(found)
        waiting = [i for i in waiting if i not in found]
    whose = members[holder].item
    for i in sorted(joined):
        mine = {t[0] for t in state[i] if t[0] not in (None, chosen[i], tid)}
        moved = [t for t in state[i] if t[0] in (None, chosen[i]) or t[0] in mine]
        for t in moved:
            t[0] = tid
            if site and t[1] is None and not members[i].site_given:
                t[1] = site
        if moved:
            namings[i] = replace(namings[i], thread=tid, site=site, moved=tuple(sorted(mine)))
            what = f"its thread {next(iter(mine))} (the same comments)" if mine else "named no thread of its own:"
            out.append(f"{members[i].item}: {what} read as thread {tid}, which {whose} (the same file name) names")
    return out


def _joins(i: int, joined: set[int], tally: _Tally, members: list[Facts], titles: set[bytes], chosen: str,
           state: list[list], tid: str, site: str) -> bool:
    """Whether input ``i`` of one page's inputs joins the thread ``tid`` the inputs ``joined`` hold
    (:func:`_join_copies`)."""
    mine = {t[0] for t in state if t[0] not in (None, chosen, tid)}
    if mine:  # its records name a thread: one, no address, of the same site, and most comments the same
        return len(mine) == 1 and "://" not in next(iter(mine)) and all(t[1] in (None, site) for t in state) \
            and any(_one_page(tally, min(i, k), max(i, k)) for k in tally.partners(i) if k in joined)
    if not any(t[0] == chosen for t in state):
        return False
    if titles and any(t.title in titles for t in members[i].threads):
        return True
    for k in tally.partners(i):
        n = tally.shares(i, k)
        if k in joined and 2 * n >= min(tally.counted[i], tally.counted[k]):
            return True
    return False


def _site_by_folder(stem: str, groups: list[list[int]], members: list[Facts], chosen: list[str], folders: list[str],
                    common: str, state: list[list[list]], namings: list[Naming]) -> list[str]:
    """Where the records of two folders name the same thread id for different comments (a folder
    per site, each with its ``comments.csv``), every such thread takes its folder as site, since the
    file name gives them all one."""
    def by_folder(i: int, t: list) -> bool:  # its own thread, whose site the file name would give
        return t[0] not in (None, chosen[i]) and t[1] is None and not members[i].site_given \
            and "__" not in chosen[i].rsplit("/", 1)[-1]

    holders: dict[str, set[int]] = {}
    for g, group in enumerate(groups):
        for i in group:
            for t in state[i]:
                if by_folder(i, t):
                    holders.setdefault(t[0], set()).add(g)
    both = sorted((tid for tid, held in holders.items() if len(held) > 1), key=natural_key)
    if not both:
        return []
    sites = set()
    shared = path_name(Path(os.path.commonpath(sorted(set(folders)))))  # (not ``common``: it may be below ``cwd``)
    for i in range(len(members)):
        folder = chosen[i].rpartition("/")[0] or shared
        namings[i] = replace(namings[i], folder_site=folder)
        if any(by_folder(i, t) for t in state[i]):
            sites.add(folder)
    shown = sorted(sites, key=natural_key)
    return [f"{plural(len(members), 'file')} in {plural(len(set(folders)), 'folder')} share the name {stem} and "
            f"their records name the same thread{'s' if len(both) > 1 else ''} ({', '.join(both[:3])}"
            f"{', …' if len(both) > 3 else ''}) with other comments: each folder below {common} is taken as their "
            f"site ({', '.join(shown[:3])}{', …' if len(shown) > 3 else ''}); --site NAME=PATH names them otherwise"]
