"""Comments whose input did not name their thread (Hacker News official items saved one
file per item, or in batches: only their ``parent`` chain says where they belong) joined to
the thread that chain reaches in another input, as the local engine joins them
(:func:`comments.io.pipeline.join_homeless`) — here across hash buckets, before they merge.

Why: the shuffle is by (site, thread); such a comment's thread is known only once every
input is read, so each input's stayed a thread of its own, flagged ``orphan`` (and the
story's replies counted as unloaded), where the local engine gives one thread.

How, between reading and merging, only when some input has such comments:
1. each bucket's pieces of the sites concerned are looked through for the ids on those
   chains (:func:`lookup`): which thread holds each, and where it first appears;
2. one task places the homeless pieces as their buckets would, stands in a thread for
   each one found (only the comments looked for), and runs the local engine's
   ``join_homeless`` on them (:func:`plan`) — the same walk, the same choices;
3. what it decided goes to the buckets as entries (:class:`tasks.Home`: the homeless thread
   as left, placed instead of its pieces; :class:`tasks.Join`: comments appended to a
   thread), applied before the repair (:func:`tasks.merge_pieces`).
The driver gets ids and notes, never comments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from comments.engine.blocks import Segment, Spill, load
from comments.engine.tasks import Home, Join, SortKey, bucket_of, place_pieces
from comments.io.pipeline import Result, join_homeless
from comments.model.records import Comment, ParsedThread, Thread

#: (site, id): a comment or a thread looked for.
Key = tuple[str, str]
#: Where one looked-for id was found: (not a thread's own id, the thread's first appearance, its key).
Found = tuple[bool, SortKey, Key]


@dataclass
class Joined:
    """What the driver learns: per bucket, where its entries lie; the notes placing the
    homeless pieces made (each with its piece's place) and the join's note; the comments
    kept once (duplicates across inputs)."""

    segments: list[list[Segment]]
    placed: list[tuple[SortKey, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    duplicates: int = 0


def lookup(segments: list[Segment], wanted: dict[str, set[str]], homeless: set[Key]) -> tuple[dict[Key, Found], set[Key]]:
    """In one bucket's pieces of other inputs: for each id ``wanted`` (per site), the
    thread holding it as the local engine's ``join_homeless`` finds it (a thread of that id
    first, else the first thread in the engine's order holding a comment of that id); and
    which ``homeless`` threads other inputs give too (then no longer homeless)."""
    firsts: dict[Key, SortKey] = {}
    hits: dict[Key, set[tuple[bool, Key]]] = {}
    clash: set[Key] = set()
    for pieces in load(segments):
        for piece in pieces:
            thread = piece.thread.thread
            key = (thread.site, thread.thread_id)
            if key not in firsts or piece.order < firsts[key]:
                firsts[key] = piece.order
            if key in homeless:
                clash.add(key)
            ids = wanted.get(thread.site)
            if not ids:
                continue
            if thread.thread_id in ids:
                hits.setdefault(key, set()).add((False, key))
            for c in piece.thread.comments:
                if c.id in ids:
                    hits.setdefault((thread.site, c.id), set()).add((True, key))
    return {q: min((comment, firsts[key], key) for comment, key in found) for q, found in hits.items()}, clash


def plan(segments: list[Segment], found: dict[Key, Found], clash: set[Key], buckets: int, spill: str) -> Joined:
    """Place the homeless pieces (``segments``, in input order), join them to the threads
    ``found`` with the local engine's ``join_homeless``, and spill each bucket's entries."""
    placed = place_pieces(segments)
    order = dict(placed.first)
    stand: dict[Key, ParsedThread] = {}
    for (site, ident), (comment, first, key) in found.items():
        if key not in stand:
            stand[key] = placed.merged.get(key) or ParsedThread(Thread(site=key[0], thread_id=key[1]))
            order[key] = min(first, order.get(key, first))
        if comment:
            stand[key].comments.append(Comment(id=ident))
    for key in clash:  # another input's thread of this key: not homeless, its comments a home
        stand.setdefault(key, placed.merged[key]).homeless = False
    threads = dict(sorted({**placed.merged, **stand}.items(), key=lambda item: order[item[0]]))
    before = {key: (len(pt.comments), len(pt.stubs), pt.thread.unloaded_count) for key, pt in stand.items()}
    result = Result()
    join_homeless(threads, result)
    out = Spill(Path(spill) / "homeless.entries", buckets)
    entries: dict[int, list] = {}
    for key in placed.merged:
        if key not in stand:
            reader = placed.links[key].name if key in placed.links else None
            entries.setdefault(bucket_of(*key, buckets), []).append(Home(key, order[key], threads.get(key), reader))
    for key, pt in stand.items():
        comments, stubs, unloaded = before[key]
        if len(pt.comments) > comments or len(pt.stubs) > stubs or pt.thread.unloaded_count != unloaded:
            entries.setdefault(bucket_of(*key, buckets), []).append(
                Join(key, pt.comments[comments:], pt.stubs[stubs:], pt.thread.unloaded_count - unloaded))
    for bucket, batch in sorted(entries.items()):
        out.add(bucket, batch, joined=True)
    return Joined(out.close(keep=True), placed.notes, result.notes,
                  placed.result.cross_input_duplicates + result.cross_input_duplicates)


def join(client, read: list, buckets: int, spill: str) -> Joined | None:
    """The homeless comments of the inputs ``read`` (each ``(FileMeta, segments per
    bucket)``) joined on the cluster (see the module's doc); None when there are none."""
    wanted: dict[str, set[str]] = {}
    for meta, _ in read:
        for site, ident, parent in meta.homeless:
            wanted.setdefault(site, set()).update((ident,) if parent is None else (ident, parent))
    if not wanted:
        return None
    homeless = [seg for _, per_bucket in read for segs in per_bucket for seg in segs if seg.homeless]
    keys = set(client.submit(_keys, homeless, pure=False).result())
    others = [[seg for _, per_bucket in read for seg in per_bucket[b] if not seg.homeless
               and not wanted.keys().isdisjoint(seg.sites)] for b in range(buckets)]
    found: dict[Key, Found] = {}
    clash: set[Key] = set()
    for hits, clashes in client.gather([client.submit(lookup, segs, wanted, keys, pure=False)
                                        for segs in others if segs]):
        for q, hit in hits.items():
            found[q] = min(hit, found.get(q, hit))
        clash |= clashes
    return client.submit(plan, homeless, found, clash, buckets, spill, pure=False).result()


def _keys(segments: list[Segment]) -> list[Key]:
    """The threads of homeless pieces."""
    return sorted({(p.thread.thread.site, p.thread.thread.thread_id) for pieces in load(segments) for p in pieces})
