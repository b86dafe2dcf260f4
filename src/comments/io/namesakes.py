"""Inputs that share a file name (``2024-01/kk.md`` and ``2024-02/kk.md``, ``post.html`` beside
``post.txt``, ``siteA/comments.csv`` and ``siteB/comments.csv``): copies of one page or different
threads, told by what they hold rather than by the name. Why: naming every such file by its
folder (session 21) made two snapshots of one page two threads, each comment counted twice,
and two sites' exports whose rows name thread 42 one thread of both sites' comments; naming
them by the file alone (main) dropped a folder per article's comments as repeats."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from comments.model.placeholders import is_gone
from comments.model.records import Comment, ParsedThread
from comments.io.sources import MemoryInput, file_stem, natural_key, path_name, shown_name
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
    """Each file input whose file name (:func:`comments.io.sources.file_stem`) another input
    shares → that name (inputs named alone are not in the result)."""
    groups: dict[str, list[str]] = {}
    for item in items:
        if item == "-" or isinstance(item, MemoryInput) or Path(item).is_dir():
            continue
        groups.setdefault(shown_name(file_stem(path_name(Path(item)))), []).append(item)
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

    def named_by_file(self, pt: ParsedThread) -> bool:
        """The thread takes its name from the file (its source names no id or address of its own)."""
        return self.ctx.stem == self.stem and pt.thread.thread_id in (None, self.stem)

    def site_by_file(self, pt: ParsedThread) -> bool:
        """The thread's site would come from the file name (no ``--site``, no site of its source's,
        no ``SITE__`` in the name)."""
        return pt.thread.site is None and self.ctx.site is None and "__" not in self.stem.rsplit("/", 1)[-1]


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
    """Name the threads of inputs sharing the file name ``stem`` (``names``: each input's folder
    path name, :func:`comments.io.sources.thread_stems`), in place, before they are merged:

    * inputs in one folder (``post.html``, ``post.txt``) are one page, as are inputs in
      different folders that hold the same comments (the same id with the same words, or the
      same author and words: at least half of the smaller one's) or the same address or
      article — a page saved on two days is one thread, each comment once;
    * records naming one thread id, no comment shared: one thread, as the records say;
    * otherwise (the same ids with other words, or nothing in common) each folder is its
      own: a thread named from its file takes its folder path, and where the records of two
      folders name the same thread for different comments, each folder's threads take the
      folder as site (the folder per site);
    * within one page, a thread named from its file (a text copy) joins the one thread the
      page's other input names by its own id or address (a saved page with a canonical link).

    Returns the notes on the names (said where a name-only rule says them: the Dask engine's);
    the notes on joined copies and sites go to ``notes``."""
    said: list[str] = []
    sets = _Sets(len(members))
    folders = [m.folder for m in members]
    first_folder: dict[str, int] = {}
    for i, folder in enumerate(folders):
        sets.join(i, first_folder.setdefault(folder, i))
    same: dict[tuple[int, int], int] = {}
    differ: dict[tuple[int, int], int] = {}
    by_id: dict[tuple[str, str], tuple[int, Comment]] = {}
    by_words: dict[tuple[str, str, str], int] = {}
    by_thread: dict[str, int] = {}
    by_article: dict[tuple, int] = {}
    counted = [0] * len(members)
    shared_ids: set[tuple[int, int]] = set()
    for i, m in enumerate(members):
        for pt in m.threads:
            own = not m.named_by_file(pt)
            tid = pt.thread.thread_id if own else None
            if tid is not None:
                j = by_thread.setdefault(tid, i)
                if j != i:
                    if "://" in tid:  # one address: one page
                        sets.join(i, j)
                    shared_ids.add((j, i))
            if not pt.comments and (pt.thread.title or pt.thread.article_text):
                article = (pt.thread.title, (pt.thread.article_text or "").strip())
                sets.join(i, by_article.setdefault(article, i))
            for c in pt.comments:
                words = content_key(c)
                counted[i] += words is not None
                if tid is not None and c.id is not None:
                    j, other = by_id.setdefault((tid, c.id), (i, c))
                    if j != i:
                        alike = is_gone(c) or is_gone(other) or words == content_key(other)
                        tally = same if alike else differ
                        tally[(j, i)] = tally.get((j, i), 0) + 1
                        continue
                if words is not None:
                    j = by_words.setdefault(words, i)
                    if j != i:
                        same[(j, i)] = same.get((j, i), 0) + 1
    for pair, n in same.items():
        if n > differ.get(pair, 0) and 2 * n >= min(counted[pair[0]], counted[pair[1]]):
            sets.join(*pair)
    for pair in shared_ids:
        if pair not in same and pair not in differ:  # one thread id, nothing that tells them apart
            sets.join(*pair)
    clusters: dict[int, list[int]] = {}
    for i in range(len(members)):
        clusters.setdefault(sets.find(i), []).append(i)
    groups = list(clusters.values())
    if len(groups) == 1:
        chosen = [stem] * len(members)
        if len(set(folders)) > 1 and any(m.named_by_file(pt) for m in members for pt in m.threads):
            said.append(f"{plural(len(members), 'file')} in {plural(len(set(folders)), 'folder')} share the name "
                        f"{stem} and hold one page (the same comments, address or article): read as one thread")
    else:
        chosen = [""] * len(members)
        for group in groups:
            for i in group:
                chosen[i] = names.get(members[group[0]].item, stem)
        said.extend(_folder_note(stem, members, chosen, folders))
    for i, m in enumerate(members):
        for pt in m.threads:
            if m.named_by_file(pt):
                pt.thread.thread_id = chosen[i]
        m.ctx.stem = chosen[i]
        m.stem = chosen[i]
    for group in groups:
        notes.extend(_join_copies(group, members))
    if len(groups) > 1:
        notes.extend(_site_by_folder(stem, groups, members, chosen, folders))
    return said


def _common(folders: list[str]) -> str:
    """The deepest folder ``folders`` share, below the working folder where it lies there."""
    common = os.path.commonpath(sorted(set(folders)))
    below = os.path.relpath(common)
    return common if below.startswith("..") else below


def _folder_note(stem: str, members: list[Member], chosen: list[str], folders: list[str]) -> list[str]:
    """The note on threads named from their file that take their folder path (none when no
    thread is named from its file: the name changed nothing)."""
    renamed = sorted({chosen[i] for i, m in enumerate(members) if any(m.named_by_file(pt) for pt in m.threads)},
                     key=natural_key)
    if not renamed:
        return []
    return [f"{plural(len(members), 'file')} in {plural(len(set(folders)), 'folder')} share the name {stem}: "
            f"each thread named from its file takes its folder path below {_common(folders)} "
            f"({', '.join(renamed[:3])}{', …' if len(renamed) > 3 else ''})"]


def _join_copies(group: list[int], members: list[Member]) -> list[str]:
    """Within one page's inputs, threads named from their file join the one thread another
    input names by its own id or address (a saved page's canonical link beside its text copy)."""
    own = sorted({(pt.thread.thread_id, pt.thread.site or "") for i in group for pt in members[i].threads
                  if not members[i].named_by_file(pt)})
    if len({tid for tid, _ in own}) != 1:
        return []
    tid, site = own[-1]  # a site the page names before none
    whose = next(members[i].item for i in group if any(pt.thread.thread_id == tid for pt in members[i].threads))
    out = []
    for i in group:
        m = members[i]
        moved = [pt for pt in m.threads if m.named_by_file(pt)]
        for pt in moved:
            pt.thread.thread_id = tid
            if site and pt.thread.site is None and m.ctx.site is None:
                pt.thread.site = site
        if moved:
            out.append(f"{m.item}: named no thread of its own: read as thread {tid}, which {whose} (the same file "
                       f"name) names")
    return out


def _site_by_folder(stem: str, groups: list[list[int]], members: list[Member], chosen: list[str],
                    folders: list[str]) -> list[str]:
    """Where the records of two folders name the same thread id for different comments (a folder
    per site, each with its ``comments.csv``), every such thread takes its folder as site, since the
    file name gives them all one."""
    holders: dict[str, set[int]] = {}
    for g, group in enumerate(groups):
        for i in group:
            m = members[i]
            for pt in m.threads:
                if not m.named_by_file(pt) and m.site_by_file(pt):
                    holders.setdefault(pt.thread.thread_id, set()).add(g)
    both = sorted((tid for tid, held in holders.items() if len(held) > 1), key=natural_key)
    if not both:
        return []
    common = _common(folders)
    sites = set()
    for i, m in enumerate(members):
        folder = chosen[i].rpartition("/")[0] or path_name(Path(common))
        for pt in m.threads:
            if not m.named_by_file(pt) and m.site_by_file(pt):
                pt.thread.site = folder
                sites.add(folder)
    shown = sorted(sites, key=natural_key)
    return [f"{plural(len(members), 'file')} in {plural(len(set(folders)), 'folder')} share the name {stem} and "
            f"their records name the same thread{'s' if len(both) > 1 else ''} ({', '.join(both[:3])}"
            f"{', …' if len(both) > 3 else ''}) with other comments: each folder below {common} is taken as their "
            f"site ({', '.join(shown[:3])}{', …' if len(shown) > 3 else ''}); --site NAME=PATH names them otherwise"]
