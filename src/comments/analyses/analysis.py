"""``analyse(threads) -> Analysis``: every table the reports write, as pandas DataFrames.

Built in two steps so that a distributed engine can run the first on its workers:
``partial(thread)`` computes everything one thread contributes (a
:class:`ThreadPartial`: its depth row, topic counts, drift edges and chains,
comparison data, coverage, subthread sizes and position deciles), and
``combine(partials)`` reduces them (sums of counts, pooled histograms, the
Benjamini–Hochberg step and rankings over all threads) into an :class:`Analysis`.
Only the reply-tree pictures need whole threads again: the ``max_threads`` largest,
which :func:`analyse` keeps in ``Analysis.largest``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, fields, replace
from typing import Any

from comments import progress as progress_bars
from comments.analyses import compare as cmp
from comments.analyses import depth as depth_mod
from comments.analyses import drift as drift_mod
from comments.analyses import edges as edges_mod
from comments.analyses import structure
from comments.analyses import topic_stats as ts
from comments.analyses.sentences import apart_kinds
from comments.classification.taxonomy import Taxonomy
from comments.model.records import ParsedThread
from comments.text.tokens import Stems

PARTS = ("topics", "depth", "drift", "compare")

#: Every table of an Analysis: name → what one row is. CSV marks those the reports write.
TABLES = {
    "topic_shares_by_site": "CSV. group (site), label (topic, none, or pingback/deleted: pingbacks and "
                            "trackbacks, deleted or removed comments, not read), comments, "
                            "of (the site's comments), share",
    "topic_shares_by_thread": "CSV. group (site/thread_id), label, comments, of, share",
    "tone_shares_by_site": "CSV. group (site), label (tone, none, pingback, deleted, or other_language: "
                           "tone not read), comments, of, share",
    "topic_tone": "CSV. topic, tone, comments carrying both (none: neither; pingback, deleted: not read)",
    "topic_cooccurrence": "CSV. topic_a, topic_b, comments carrying both",
    "topic_terms": "CSV. topic, rank, term, z (log-odds z-score of the term in the topic's comments), p_adjusted "
                   "(Benjamini–Hochberg over every topic's words tested)",
    "topics_over_time": "CSV. period (month or day), topic, comments with the topic, of (comments in the period; "
                        f"{apart_kinds(ts.SET_APART)} not counted)",
    "topic_coverage": "CSV. site, thread_id, substantive comments, without_topic",
    "depth_by_thread": "CSV. site, thread_id, comments, top_level, replies, orphans (replies whose parent is not in "
                       "the input, counted top-level), by_post_author (comments the source marks as the post's author's), "
                       "post_author_replies (replies among them), pingbacks (pingbacks and trackbacks, counted in every "
                       "figure here), reply_share, max_depth, mean_depth, "
                       "max_width, mean_branching, largest_subthread, leaf_share, h_index, structural_virality, "
                       "depth_0, depth_1, … (comments per depth)",
    "depth_by_site": "CSV. as depth_by_thread without thread_id, one row per site (threads pooled)",
    "drift_edges": "CSV. one reply: site, thread_id, id, parent_id, depth, parent_topics, topics, kept_topic, "
                   "changed_subject, sim_parent, sim_article, sim_root, not_compared (why sim_parent is empty: "
                   "placeholder, unpublished, quote_only, no_words, reaction, other_language); parent_topics and topics "
                   "empty for a spam or pending comment (counted apart, as in the topic tables)",
    "drift_by_thread": "CSV. site, thread_id, replies, stickiness, mean similarities, slope of similarity on depth "
                       "(CI, p, the replies it is fitted on, BH-adjusted p), not_compared_* (replies without a parent "
                       "similarity, by reason), stickiness_baseline, expected_kept, expected_kept_var, keep_chances (JSON: "
                       "chance → replies, for the exact stickiness test), drift_rate_depth_N; where the taxonomy does "
                       "not fit, the stickiness figures and rates are empty and note says why",
    "drift_transitions": "CSV. site, thread_id ((all) for the totals), parent_topic, reply_topic, replies",
    "drift_changes": "CSV. parent_topic, reply_topic, replies that change the subject",
    "drift_chains": "CSV. site, thread_id, ids, drift, topics_first, topics_last, openings",
    "compare_sites": "CSV. one row per site: site, depth columns, topic_*/tone_* shares, mean polarity and depth with "
                     "cluster-bootstrap intervals, mean stickiness (empty where the taxonomy does not fit, note says why)",
    "compare_threads": "CSV. one row per thread: depth columns, shares, mean polarity, drift figures (stickiness "
                       "empty where the taxonomy does not fit, note says why)",
    "compare_tests": "CSV. by, field, label, groups (the sites or threads taking part in the test, those at or "
                     "above its minimum; 0: no test), statistic, p_value, cohens_w, p_adjusted, note, comments (carrying the "
                     "label in those groups; fewer than 5, or all but 5: no test), effect",
    "compare_words": "CSV. group, rank, term, z, p_adjusted (Benjamini–Hochberg over every group's words tested)",
    "subthread_sizes": "site, thread_id, size (comments under one top-level comment, itself included)",
    "position_deciles": "decile, position (%), label, weight (k topics: 1/k each), comments, share",
    "drift_by_depth": "site, depth, judged (replies whose parent has a topic), drifting, drift_rate (where the "
                      "taxonomy does not fit: drifting and drift_rate empty, note says why)",
}


#: The columns of the tables whose rows always have the same keys: an empty table is
#: still written with its header (a reader of the CSV gets the schema, not a bare file).
COLUMNS = {
    "topic_tone": ["topic", "tone", "comments"],
    "topic_cooccurrence": ["topic_a", "topic_b", "comments"],
    "topic_terms": ["topic", "rank", "term", "z", "p_adjusted"],
    "topics_over_time": ["period", "topic", "comments", "of"],
    "drift_transitions": ["site", "thread_id", "parent_topic", "reply_topic", "replies"],
    "drift_changes": ["parent_topic", "reply_topic", "replies"],
    "drift_chains": ["site", "thread_id", "ids", "drift", "topics_first", "topics_last", "openings"],
    "compare_words": ["group", "rank", "term", "z", "p_adjusted"],
}


_DEPTH = ["threads", "comments", "top_level", "replies", "orphans", "by_post_author", "post_author_replies",
          "pingbacks", "reply_share", "max_depth", "mean_depth", "max_width", "mean_branching", "largest_subthread",
          "leaf_share", "h_index", "structural_virality"]
_SHARES = ["group", "label", "comments", "of", "share"]
#: The columns a table's DataFrame has even without rows (:data:`COLUMNS`, and the leading ones of
#: the tables whose other columns follow the data: depth_N, topic_*/tone_* shares, drift_rate_depth_N).
FRAME_COLUMNS = COLUMNS | {
    "topic_coverage": ["site", "thread_id", "substantive", "without_topic"],
    "topic_shares_by_site": _SHARES, "topic_shares_by_thread": _SHARES, "tone_shares_by_site": _SHARES,
    "depth_by_thread": ["site", "thread_id", "threads", "comments", "stated_count", "not_loaded", *_DEPTH[2:]],
    "depth_by_site": ["site", *_DEPTH],
    "subthread_sizes": ["site", "thread_id", "size"],
    "drift_edges": edges_mod.COLUMNS,
    "drift_by_thread": ["site", "thread_id", "replies", "stickiness", "mean_sim_parent", "mean_sim_article", "slope",
                        "slope_low", "slope_high", "slope_p", "slope_points", "slope_p_adjusted",
                        *(f"not_compared_{why}" for why in ("placeholder", "quote_only", "no_words", "other_language",
                                                            "reaction", "unpublished")),
                        "stickiness_baseline", "expected_kept", "expected_kept_var"],
    "position_deciles": ["decile", "position", "label", "weight", "comments", "share"],
    "drift_by_depth": ["site", "depth", "judged", "drifting", "drift_rate"],
    "compare_sites": ["site", *_DEPTH],
    "compare_threads": ["site", "thread_id", "title", "threads", "comments", "stated_count", "not_loaded", *_DEPTH[2:]],
    "compare_tests": ["by", "field", "label", "groups", "statistic", "p_value", "cohens_w", "p_adjusted", "note",
                      "comments", "effect"],
}

_TEXT = ("site", "thread_id", "id", "parent_id", "title", "group", "label", "topic", "tone", "topic_a", "topic_b",
         "term", "period", "not_compared", "parent_topic", "reply_topic", "ids", "openings", "by", "field", "note",
         "effect", "interval_note", "language")
_COUNTS = ("comments", "of", "rank", "substantive", "without_topic", "threads", "stated_count", "not_loaded",
           "top_level", "replies", "orphans", "by_post_author", "post_author_replies", "pingbacks", "max_depth",
           "max_width", "largest_subthread", "size", "depth", "slope_points", "decile", "position", "judged",
           "drifting", "groups")
_LISTS = ("parent_topics", "topics", "topics_first", "topics_last", "keep_chances")  # (keep_chances: chance → replies)
#: A table column's pandas dtype by its name (any table): a column keeps it whatever its values
#: (all missing, or floats that happen to be whole), so a table's schema never depends on the data.
DTYPES = (dict.fromkeys(_TEXT, "string") | dict.fromkeys(_COUNTS, "Int64") | dict.fromkeys(_LISTS, "object")
          | dict.fromkeys(("kept_topic", "changed_subject", "words_testable"), "boolean"))
#: Column names by pattern, after :data:`DTYPES`: the depth histogram's counts; every other
#: number of the tables is a share, mean, score, interval bound or similarity (Float64).
_COUNT_COLUMNS = re.compile(r"depth_\d+|not_compared_\w+")


def column_dtype(name: str) -> str:
    """The pandas dtype of a table column called ``name``."""
    if name in DTYPES:
        return DTYPES[name]
    return "Int64" if _COUNT_COLUMNS.fullmatch(name) else "Float64"


@dataclass
class ThreadPartial:
    """Everything one thread contributes to the tables, computed from that thread alone."""

    site: str
    thread_id: str | None
    name: str  # "site · title" (or the thread id), for charts
    comments: int
    coverage: ts.Coverage
    depth: depth_mod.DepthStats | None = None
    subthreads: list[int] = field(default_factory=list)
    deciles: Counter = field(default_factory=Counter)
    topics: ts.TopicCounts | None = None
    drift: tuple | None = None  # (EdgeBlock: the edges as columns, ThreadDrift, chains)
    compare: cmp.ThreadCompare | None = None
    declared: int | None = None  # the count the source states (declared_count), if any
    unloaded: int = 0  # comments the source says exist but the input does not hold (unloaded_count)
    page: bool = False  # read from a page or its copy (format PAGE_FORMATS): a comment section may go unrecognised


def wanted_parts(parts) -> list[str]:
    """``("all",)`` or names from PARTS, in report order."""
    names = [parts] if isinstance(parts, str) else list(parts)
    if "all" in names:
        return list(PARTS)
    unknown = [p for p in names if p not in PARTS]
    if unknown:
        raise ValueError(f"unknown report part {unknown[0]!r}: choose from all, {', '.join(PARTS)}")
    return [p for p in PARTS if p in names]


class TaxonomyMismatch(ValueError):
    """Comments classified with topics the report's taxonomy does not have. The message names the input the
    thread was read from (the file the user gave), the thread and, when another, the file it was first parsed from
    (``source``: classify output read back keeps the original page's)."""


def partials(pts: list[ParsedThread], taxonomy: Taxonomy, parts=("all",),
             stems: Stems | None = None) -> list[ThreadPartial]:
    """:func:`partial` of each thread, their drift computed together
    (``drift.threads_drift``: a range of small threads' pairs compared in one call)."""
    names, stems = wanted_parts(parts), stems or Stems()
    drifts = drift_mod.threads_drift(pts, 5, stems) if "drift" in names or "compare" in names else [None] * len(pts)
    return [partial(pt, taxonomy, parts, stems, drift) for pt, drift in zip(pts, drifts)]


def partial(pt: ParsedThread, taxonomy: Taxonomy, parts=("all",), stems: Stems | None = None,
            drift=None) -> ThreadPartial:
    """One thread's partial results for the given report parts (``stems``: a shared cache;
    ``drift``: its ``drift.thread_drift`` when already computed).
    TaxonomyMismatch when a comment carries a topic the taxonomy lacks: ``classify`` output
    made with another taxonomy, whose topics would otherwise be left out of every table."""
    known = set(taxonomy.ids)
    unknown = sorted({t for c in pt.comments for t in (c.topics or ()) if t not in known})
    if unknown:
        source = pt.thread.source
        given = pt.read_from or source  # a thread not read from a file (made in Python): its source, if any
        parsed = f", parsed from {source}" if source and given and source != given else ""
        raise TaxonomyMismatch(
            f"{given + ': ' if given else ''}thread {pt.thread.thread_id}{parsed}: classified with topics the taxonomy "
            f"{taxonomy.name!r} does not have ({', '.join(unknown[:5])}{', …' if len(unknown) > 5 else ''}): "
            "give the taxonomy it was classified with (--taxonomy FILE; taxonomy= in Python)")
    names = wanted_parts(parts)
    stems = stems or Stems()
    counted = "topics" in names or "compare" in names
    coverage, counts = ts.thread_text(pt, taxonomy.ids if counted else None, stems)  # one tokenising for both
    out = ThreadPartial(pt.thread.site or "", pt.thread.thread_id,
                        f"{pt.thread.site} · {pt.thread.title or pt.thread.thread_id}", len(pt.comments),
                        coverage, topics=counts, declared=pt.thread.declared_count,
                        unloaded=pt.thread.unloaded_count or 0, page=pt.thread.format in PAGE_FORMATS)
    if "depth" in names or "compare" in names:
        out.depth = depth_mod.thread_stats(pt)
        out.subthreads = structure.subthread_sizes(pt)
    if "drift" in names or "compare" in names:
        out.drift = drift if drift is not None else drift_mod.thread_drift(pt, 5, stems)
        out.deciles = structure.decile_counts(pt)
    if "compare" in names:
        out.compare = cmp.thread_partial(pt)
    return out


#: Formats read from a page as a browser shows it (HTML, or text copied from one): a thread
#: without comments may be a page whose comment section was not recognised. Exports and
#: dumps (WXR, Disqus, Reddit, tables …) list every comment, so theirs simply have none.
PAGE_FORMATS = frozenset({"plaintext", "wordpress-html"})


@dataclass
class Loaded:
    """What the input holds of the corpus, for the sentences that say so: the sites with
    comments, the threads without any (and whether they state a count), and the threads
    whose source states more comments than the input holds (site, thread id, comments
    read, stated count or None, not loaded), largest gap first."""

    sites: list[str] = field(default_factory=list)
    empty: int = 0
    empty_stated: int = 0  # of the empty threads, those whose source states a count (0 or more)
    empty_listed: int = 0  # of the empty threads without a stated count, those of an export (not a page): none there
    short: list[tuple[str, str, int, int | None, int]] = field(default_factory=list)

    @classmethod
    def of(cls, partials: list[ThreadPartial]) -> Loaded:
        empty = [p for p in partials if not p.comments]
        short = sorted(((p.site, str(p.thread_id), p.comments, p.declared, p.unloaded) for p in partials if p.unloaded),
                       key=lambda t: (-t[4], t[0], t[1]))
        return cls(sorted({p.site for p in partials if p.comments}), len(empty),
                   sum(p.declared is not None for p in empty), short=short,
                   empty_listed=sum(p.declared is None and not p.page for p in empty))


class Analysis:
    """The analyses behind the reports: ``tables`` (name → DataFrame, see ``TABLES``), each
    also an attribute (``analysis.depth_by_site``); ``rows`` holds the same tables as
    lists of dicts (what the CSVs are written from); the other attributes are the
    results the report sentences and charts are computed from."""

    def __init__(self, taxonomy: Taxonomy, parts: list[str], by: str) -> None:
        self.taxonomy = taxonomy
        self.topics = taxonomy.ids
        self.parts = parts
        self.by = by
        self.rows: dict[str, list[dict]] = {}
        self.largest: list[ParsedThread] = []  # the threads whose reply trees the reports draw
        self.icicles: list[tuple[list[structure.Rect], int]] = []
        self.counts: dict[str, int] = {}  # comments, threads, sites
        self.sites: list[str] = []  # every site, threads without comments too; most comments first
        self.results: dict[str, Any] = {}
        self._frames: dict[str, Any] = {}

    @property
    def tables(self) -> dict[str, Any]:
        """Name → pandas DataFrame (nullable dtypes), one per table computed."""
        return {name: self.frame(name) for name in self.rows}

    def frame(self, name: str):
        """One table as a DataFrame with pandas' nullable dtypes (built once)."""
        if name not in self._frames:
            import pandas as pd

            rows = self.rows[name]
            if isinstance(rows, LazyRows):
                columns, rows = rows.columns, list(rows)
            else:
                columns = list(dict.fromkeys(k for r in rows for k in r)) or list(FRAME_COLUMNS.get(name, []))
            frame = pd.DataFrame(rows, columns=columns)
            self._frames[name] = frame.astype({c: column_dtype(c) for c in columns})
        return self._frames[name]

    def __getattr__(self, name: str):
        rows = self.__dict__.get("rows", {})
        if name in rows:
            return self.frame(name)
        raise AttributeError(name)

    def __repr__(self) -> str:
        return (f"<Analysis of {self.counts.get('comments', 0):,} comments in {self.counts.get('threads', 0):,} "
                f"threads: {', '.join(self.rows)}>")


class LazyRows:
    """A table too long to keep as dicts (one row per reply): its rows are made one at a
    time whenever it is iterated; ``columns`` are known without a pass."""

    def __init__(self, columns: list[str], length: int, make) -> None:
        self.columns = columns
        self._length = length
        self._make = make

    def __len__(self) -> int:
        return self._length

    def __iter__(self):
        return iter(self._make())

    def __eq__(self, other) -> bool:
        return list(self) == list(other)


def _row(record) -> dict:
    """A dataclass record as a table row (shallow: fast for a million edges)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def _share_rows(shares: list[ts.Share]) -> list[dict]:
    return [{"group": s.group, "label": s.label, "comments": s.count, "of": s.total, "share": None if s.share is None else round(s.share, 4)}
            for s in shares]


def _topics(a: Analysis, topic_parts: list[ts.TopicCounts], words: ts.WordTotals, surface) -> None:
    topics = a.topics
    labels = ts.topic_labels_of(topic_parts, topics)  # (pingbacks counted apart, when there are any)
    by_site = ts.shares(topic_parts, "topics", labels, "site")
    by_thread = ts.shares(topic_parts, "topics", labels, "thread")
    tone_site = ts.shares(topic_parts, "tone", ts.tone_labels(topic_parts), "site")
    topic_tone = ts.topic_by_tone(topic_parts, topics)
    co = ts.cooccurrence(topic_parts, topics)
    terms = words.terms(topics, surface)
    timeline = ts.over_time(topic_parts, topics)
    a.rows["topic_shares_by_site"] = _share_rows(by_site)
    a.rows["topic_shares_by_thread"] = _share_rows(by_thread)
    a.rows["tone_shares_by_site"] = _share_rows(tone_site)
    a.rows["topic_tone"] = [{"topic": t, "tone": o, "comments": n} for (t, o), n in topic_tone.items()]
    a.rows["topic_cooccurrence"] = [{"topic_a": x, "topic_b": y, "comments": n} for (x, y), n in co.items()]
    a.rows["topic_terms"] = [{"topic": t, "rank": i + 1, "term": w, "z": round(z, 3), "p_adjusted": float(f"{q:.3g}")}
                             for t, ws in terms.items() for i, (w, z, q) in enumerate(ws)]
    a.rows["topics_over_time"] = [{"period": p, "topic": t, "comments": k, "of": n} for p, t, k, n in timeline]
    a.results.update(by_site=by_site, by_thread=by_thread, tone_site=tone_site, topic_tone=topic_tone,
                     cooccurrence=co, terms=terms, timeline=timeline)


#: drift_by_thread's figures resting on whether a reply keeps its parent's topic, which drift.md does not give where
#: the taxonomy does not fit (nor drift_rate_depth_N, nor drift_by_depth's drifting and drift_rate)
MISFIT_BLANK = ("stickiness", "stickiness_baseline", "expected_kept", "expected_kept_var", "keep_chances")
#: the ``note`` of those rows
MISFIT_NOTE = ("the taxonomy does not fit this corpus (topic_coverage.csv): no stickiness, baseline or drift rate "
               "from its labels")


def _drift(a: Analysis, drifts: list[tuple], deciles: Counter) -> None:
    edges = edges_mod.Edges([d[0] for d in drifts])
    summaries = [d[1] for d in drifts]
    chains = [ch for d in drifts for ch in d[2]]
    significant = drift_mod.significant_slopes(summaries)
    labels = [*a.topics, drift_mod.NONE]
    transitions = drift_mod.transitions_table(summaries)
    changes = drift_mod.subject_changes(summaries)
    a.rows["drift_edges"] = LazyRows(edges_mod.COLUMNS, len(edges), edges.rows)
    misfit = a.results.get("misfit") is not None
    a.rows["drift_by_thread"] = [
        {k: v for k, v in vars(s).items() if k not in ("transitions", "changes", "drift_rate_by_depth")}
        | {f"drift_rate_depth_{d}": r for d, r in s.drift_rate_by_depth.items()} for s in summaries]
    if misfit:  # the figures drift.md withholds where the taxonomy does not fit: empty here too, with the reason
        for row in a.rows["drift_by_thread"]:
            row.update({k: None for k in row if k in MISFIT_BLANK or k.startswith("drift_rate_depth_")},
                       note=MISFIT_NOTE)
    a.rows["drift_transitions"] = (
        [{"site": "(all)", "thread_id": "(all)", "parent_topic": x, "reply_topic": y,
          "replies": transitions.get((x, y), 0)} for x in labels for y in labels]
        + [{"site": s.site, "thread_id": s.thread_id, "parent_topic": x, "reply_topic": y, "replies": n}
           for s in summaries for (x, y), n in sorted(s.transitions.items())])
    a.rows["drift_changes"] = [{"parent_topic": x, "reply_topic": y, "replies": n}
                               for (x, y), n in sorted(changes.items(), key=lambda item: (-item[1], item[0]))]
    a.rows["drift_chains"] = [{"site": ch.site, "thread_id": ch.thread_id, "ids": " → ".join(ch.ids),
                               "drift": ch.drift, "topics_first": ch.topics_first, "topics_last": ch.topics_last,
                               "openings": " → ".join(ch.openings)} for ch in chains]
    pingbacks = [x for x in ts.SET_APART if any(t == x for _, t, _ in deciles)]  # (counted apart)
    a.rows["position_deciles"] = structure.decile_shares(deciles, [*a.topics, *pingbacks, drift_mod.NONE])
    a.rows["drift_by_depth"] = structure.drift_rate_by_site_depth(edges)
    if misfit:
        for row in a.rows["drift_by_depth"]:
            row.update(drifting=None, drift_rate=None, note=MISFIT_NOTE)
    a.results.update(edges=edges, summaries=summaries, chains=chains, significant=significant,
                     transitions=transitions, changes=changes)


def _compare(a: Analysis, partials: list[ThreadPartial], bags: dict, depth_tables, surface) -> None:
    parts = [p.compare for p in partials]
    site_rows, thread_rows = cmp.comparison_rows(parts, a.topics, depth_tables, [p.drift[1] for p in partials])
    if a.by == "thread":
        cmp.thread_intervals(parts, thread_rows)
    tests = {"topics": cmp.label_tests(parts, "topics", a.topics, a.by),
             "tone": cmp.label_tests(parts, "tone", cmp.tone_labels(parts), a.by)}
    testable: dict[str, bool] = {}  # False: no word could set the group apart (too few words)
    words = cmp.distinguishing_words([(p.site, p.topics.group, bags[p.topics.group]) for p in partials], surface,
                                     by=a.by, testable=testable)
    for rows, by in ((site_rows, "site"), (thread_rows, "thread")):
        for row in rows:
            key = row["site"] if by == "site" else f"{row['site']}/{row['thread_id']}"
            # a group with comments but no word (all deleted, say) has none that could set it apart
            row["words_testable"] = testable.get(key, False if row["comments"] else None) if by == a.by else None
    if a.results.get("misfit") is not None:  # the stickiness drift.md and drift_by_thread withhold: not here either
        for rows, key in ((site_rows, "mean_stickiness"), (thread_rows, "stickiness")):
            for row in rows:
                row.update({key: None, "note": MISFIT_NOTE})
    a.rows["compare_sites"] = site_rows
    a.rows["compare_threads"] = thread_rows
    a.rows["compare_tests"] = [{"by": a.by, "field": name, **_row(t), "effect": t.effect}
                               for name, rows in tests.items() for t in rows]
    a.rows["compare_words"] = [{"group": s, "rank": i + 1, "term": w, "z": round(z, 3), "p_adjusted": float(f"{q:.3g}")}
                               for s, ws in words.items() for i, (w, z, q) in enumerate(ws)]
    a.results.update(site_rows=site_rows, thread_rows=thread_rows, tests=tests, words=words)


class Accumulator:
    """``combine`` one partial at a time (as threads are read): a partial's word counts
    are added up at once (the topic words) or kept as arrays (each thread's words, for
    the comparison), so what is kept per thread is small; ``finish`` gives the Analysis."""

    def __init__(self, taxonomy: Taxonomy, parts=("all",), by: str = "site") -> None:
        self.taxonomy = taxonomy
        self.parts = wanted_parts(parts)
        self.by = by
        self.partials: list[ThreadPartial] = []
        self.words = ts.WordTotals.of(taxonomy.ids)
        self.vocabulary = cmp.Vocabulary()
        self.bags: dict[str, cmp.WordBag] = {}  # site/thread_id → its words
        self.deciles: Counter = Counter()  # (decile, topic, k) → comments, over all partials
        self.first: dict[tuple, tuple] = {}  # (decile, topic, k) → (thread order, place) where first seen

    def add(self, p: ThreadPartial) -> None:
        """Take one thread's partial (the caller's object is not changed)."""
        if p.topics is not None:
            self.words.add(p.topics)
            if "compare" in self.parts:
                self.bags[p.topics.group] = self.vocabulary.bag(p.topics.words, p.topics.word_docs,
                                                                p.topics.word_authors)
            p = replace(p, topics=replace(p.topics, words=Counter(), topic_words={}, topic_docs={},
                                                   topic_forms={}, topic_form_docs={}, word_docs=Counter(),
                                                   word_authors={}))
        here = (p.site, str(p.thread_id))
        for i, (key, n) in enumerate(p.deciles.items()):
            self.deciles[key] += n
            if key not in self.first or (here, i) < self.first[key]:
                self.first[key] = (here, i)
        self.partials.append(replace(p, deciles=Counter()))

    def _deciles(self) -> Counter:
        """The summed position counts, keys in the order the partials, sorted, first name
        them (the order their shares are added up in)."""
        return Counter({key: self.deciles[key] for key in sorted(self.deciles, key=self.first.__getitem__)})

    def finish(self, surface=None) -> Analysis:
        """The Analysis of every partial taken (in any order); ``surface(stem)`` names a
        stem by its most frequent written form (default: the stem itself)."""
        surface = surface or (lambda stem: stem)
        a = Analysis(self.taxonomy, self.parts, self.by)
        partials = sorted(self.partials, key=lambda p: (p.site, str(p.thread_id)))
        a.counts = {"comments": sum(p.comments for p in partials), "threads": len(partials),
                    "sites": len({p.site for p in partials})}
        sizes: Counter = Counter()
        for p in partials:
            sizes[p.site] += p.comments
        a.sites = sorted(sizes, key=lambda site: (-sizes[site], site))  # largest first: every site chart's order
        a.results["loaded"] = Loaded.of(partials)
        coverage = [p.coverage for p in partials]
        a.rows["topic_coverage"] = [_row(r) for r in coverage]
        a.results["misfit"] = ts.misfit(coverage)
        by_site: Counter = Counter()
        for r in coverage:
            by_site[r.site] += r.substantive
        # a draft made from these comments: its advice is to draft again; one made elsewhere: to draft for these
        made_here = self.taxonomy.drafted_from == sum(by_site.values())
        a.results["draft"] = ((len(self.taxonomy.ids), sum(1 for p in partials if p.comments),
                               max(by_site.values(), default=0)) if self.taxonomy.is_draft and made_here else None)
        if "topics" in a.parts:
            _topics(a, [p.topics for p in partials], self.words, surface)
            a.results["names"] = {p.topics.group: p.name for p in partials}
        depth_tables = None
        held = {(p.site, str(p.thread_id)): (p.declared, p.unloaded) for p in partials}
        if "depth" in a.parts or "compare" in a.parts:
            depth_tables = depth_mod.combine([p.depth for p in partials])
            a.results.update(per_thread=depth_tables[0], per_site=depth_tables[1])
        if "depth" in a.parts:
            last = depth_mod.deepest(depth_tables[0])
            a.rows["depth_by_thread"] = [_held(r.row(last), held) for r in depth_tables[0]]
            a.rows["depth_by_site"] = [r.site_row(last) for r in depth_tables[1]]
            a.rows["subthread_sizes"] = LazyRows(["site", "thread_id", "size"], sum(len(p.subthreads) for p in partials),
                                                 lambda: _subthread_rows(partials))
        if "drift" in a.parts or "compare" in a.parts:
            _drift(a, [p.drift for p in partials], self._deciles())
        if "compare" in a.parts:
            _compare(a, partials, self.bags, depth_tables, surface)
            a.rows["compare_threads"] = [_held(r, held) for r in a.rows["compare_threads"]]
            a.results["thread_rows"] = a.rows["compare_threads"]
        return a


def _held(row: dict, held: dict) -> dict:
    """A thread's table row with, after its comments, the count its source states
    (stated_count, empty when none) and the comments the source lists but the input does
    not hold (not_loaded): the base of every share in the row is the comments read."""
    stated, unloaded = held.get((row["site"], str(row["thread_id"])), (None, 0))
    out = {}
    for key, value in row.items():
        out[key] = value
        if key == "comments":
            out.update(stated_count=stated, not_loaded=unloaded)
    return out


def _subthread_rows(partials: list[ThreadPartial]):
    for p in partials:
        for s in p.subthreads:
            yield {"site": p.site, "thread_id": p.thread_id, "size": s}


def combine(partials: list[ThreadPartial], taxonomy: Taxonomy, parts=("all",), by: str = "site",
            surface=None) -> Analysis:
    """Reduce per-thread partials (any order) into an Analysis; ``surface(stem)`` names a
    stem by its most frequent written form (default: the stem itself)."""
    acc = Accumulator(taxonomy, parts, by)
    for p in partials:
        acc.add(p)
    return acc.finish(surface)


def largest(threads: list[ParsedThread], limit: int) -> list[ParsedThread]:
    """The ``limit`` threads with most comments (ties: site, thread order)."""
    return sorted((pt for pt in threads if pt.comments), key=lambda p: -len(p.comments))[:limit]


def analyse(threads: list[ParsedThread], *, taxonomy: Taxonomy | None = None, parts=("all",), by: str = "site",
            max_threads: int = 20, progress: bool | None = None) -> Analysis:
    """Every table of the given report parts for classified ``threads`` (see ``TABLES``);
    ``by``: what ``compare`` compares (site, or thread); the ``max_threads`` largest
    threads are kept for their reply-tree pictures."""
    if by not in ("site", "thread"):
        raise ValueError(f"by must be site or thread, not {by!r}")
    if taxonomy is None:
        from comments.classification.taxonomy import load

        taxonomy = load()
    names = wanted_parts(parts)
    ordered = sorted(threads, key=lambda p: (p.thread.site or "", str(p.thread.thread_id)))
    stems = Stems()
    partials = [partial(pt, taxonomy, names, stems)
                for pt in progress_bars.track(ordered, "Analysing threads", enabled=progress)]
    a = combine(partials, taxonomy, names, by, stems.surface)
    a.largest = largest(ordered, max_threads)
    if "depth" in names:
        a.icicles = [structure.icicle(pt) for pt in a.largest]
    return a
