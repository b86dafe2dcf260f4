"""Cross-site and cross-thread comparison: one row per site and per thread, tests of
whether topic and tone mixes differ, bootstrap intervals, and distinguishing words.

Each table reduces per-thread partials: ``thread_partial`` keeps what the comparison
needs of one thread (its comments' labels, depths and polarities, a
:class:`ThreadCompare`); site rows, tests and word lists combine them
(``comparison_rows``, ``label_tests``, ``distinguishing_words``; stats.py takes
per-cluster sums and counts).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np

from comments.analyses.depth import DepthStats, deepest
from comments.model.records import ParsedThread
from comments.model.placeholders import unshown
from comments.analyses.sentences import MIN_CLAIM, apart_kinds
from comments.analyses.stats import MIN_CLUSTERS, MIN_ITEMS, Interval, LabelTest, adjust, cluster_mean, label_tests_over
from comments.model.records import TONES
from comments.analyses.topic_stats import (MANY_AUTHORS, MIN_MARKER_COMMENTS, NONE, PRIOR_SCALE, SET_APART, UNREAD,
                                          WORDS_FDR, clear_words, log_odds_z, tone_labels_of, topic_labels)
from comments.text.plural import plural


@dataclass
class ThreadCompare:
    """One thread's partial of the comparison, as arrays: per comment, its topic and tone
    lists (coded: ``*_sets`` holds the distinct lists, ``*_codes`` one code per
    comment), depth and polarity (NaN for none)."""

    site: str
    thread_id: str | None
    title: str | None
    group: str  # site/thread_id
    topic_sets: list[tuple[str, ...]]
    topic_codes: np.ndarray
    tone_sets: list[tuple[str, ...]]
    tone_codes: np.ndarray
    depths: np.ndarray
    polarity: np.ndarray  # float64, NaN for a comment without polarity
    languages: dict = field(default_factory=dict)  # language (de, en, other) → comments

    @property
    def comments(self) -> int:
        return len(self.depths)

    def readers(self) -> int:
        """Comments that are no pingback, trackback or deleted comment (the comments the label tests count)."""
        return self.comments - sum(self.count("topics", x) for x in SET_APART)

    def has(self, field: str, label: str) -> np.ndarray:
        """Per comment, whether its ``field`` (topics or tone) carries ``label`` (``none``:
        carries nothing)."""
        sets = self.topic_sets if field == "topics" else self.tone_sets
        codes = self.topic_codes if field == "topics" else self.tone_codes
        hit = np.array([not s if label == NONE else label in s for s in sets], dtype=bool)
        return hit[codes] if len(sets) else np.zeros(len(codes), dtype=bool)

    def count(self, field: str, label: str) -> int:
        """Comments whose ``field`` carries ``label`` (``none``: carries nothing), from the
        field's per-label counts, made once per thread: the site rows and the tests ask
        for every label of every thread."""
        return self._counts(field).get(None if label == NONE else label, 0)

    def _counts(self, field: str) -> dict[str | None, int]:
        """label → comments whose ``field`` carries it (None: carries nothing), counted
        once per distinct label list of the thread (a comment counts once per label)."""
        cache = self.__dict__.setdefault("_label_counts", {})
        found = cache.get(field)
        if found is None:
            sets = self.topic_sets if field == "topics" else self.tone_sets
            codes = self.topic_codes if field == "topics" else self.tone_codes
            found = cache[field] = {}
            for labels, n in zip(sets, np.bincount(codes, minlength=len(sets)).tolist()):
                for label in dict.fromkeys(labels or (None,)):
                    found[label] = found.get(label, 0) + n
        return found

    def polarities(self) -> list[float]:
        """The polarities that are given, in comment order."""
        return self.polarity[~np.isnan(self.polarity)].tolist()


def _coded(lists) -> tuple[list[tuple[str, ...]], np.ndarray]:
    code: dict[tuple[str, ...], int] = {}
    codes = np.array([code.setdefault(tuple(x or ()), len(code)) for x in lists], dtype=np.int32)
    return list(code), codes


def thread_partial(pt: ParsedThread) -> ThreadCompare:
    """The partial of one thread."""
    cs = pt.comments
    # a pingback's topic and tone, and a comment in another language's tone, are unread, not "none" (read, none found)
    topic_sets, topic_codes = _coded(map(topic_labels, cs))
    tone_sets, tone_codes = _coded(map(tone_labels_of, cs))
    return ThreadCompare(pt.thread.site or "", pt.thread.thread_id, pt.thread.title,
                         f"{pt.thread.site}/{pt.thread.thread_id}", topic_sets, topic_codes, tone_sets, tone_codes,
                         np.array([c.depth for c in cs], dtype=np.int64),
                         np.array([np.nan if c.polarity is None or unshown(c) else c.polarity for c in cs],
                                  dtype=np.float64),  # (spam, pending: no reader saw them, as in the shares)
                         dict(Counter(c.language or "unknown" for c in cs)))


def _units(parts: list[ThreadCompare], field: str, label: str, by: str) -> tuple[list[int], list[int], list[str]]:
    """(hits, sizes, groups) per resampling unit: whole threads of a site when comparing
    sites (comments of a thread are not independent), single comments of a thread when
    comparing threads; threads without comments take no part. Pingbacks are in no unit:
    they carry no label that is read, so they would only dilute a share (a site's 8
    pingbacks made its no-topic share the lowest)."""
    hits: list[int] = []
    sizes: list[int] = []
    groups: list[str] = []
    for p in parts:
        read = p.readers()
        if not read:
            continue
        if by == "site":
            hits.append(p.count(field, label))
            sizes.append(read)
            groups.append(p.site)
        else:
            mask = ~np.any([p.has(field, x) for x in SET_APART], axis=0)
            hits.extend(p.has(field, label)[mask].astype(np.int64).tolist())
            sizes.extend([1] * read)
            groups.extend([p.group] * read)
    return hits, sizes, groups


def label_tests(parts: list[ThreadCompare], field: str, labels: list[str], by: str = "site") -> list[LabelTest]:
    """One permutation test per label (``none`` included) of whether its share of
    comments differs between the groups, Benjamini–Hochberg across the labels. Groups
    below the minimum (threads, comments) take no part; the note says so."""
    size: Counter = Counter()
    clusters: Counter = Counter()
    for p in parts:
        if p.readers():
            g = p.site if by == "site" else p.group
            size[g] += p.readers()
            clusters[g] += 1 if by == "site" else p.readers()
    kept = {g for g in size if tested(size[g], clusters[g], by)}
    kinds = apart_kinds(pingbacks(parts))  # the rule counts readers' comments: say which it does not count
    silent = _silent(parts, set(size), by)
    left_out = len(set(size) - kept) + sum(silent.values())
    if len(size) < 2:
        note = f"fewer than two {by}s have " + (f"a comment that counts ({kinds} not counted)" if kinds else "comments")
    elif left_out:  # every group of the input: compared, or left out with its reason
        reasons = [_rule(size, clusters, kept, by, kinds)] if len(set(size) - kept) else []
        said = [f"{k:,} {why}" for why, k in silent.items() if k]
        if said:  # "150 of them hold only deleted comments", "73 of them hold no comment at all, 1 only …"
            k = next(k for k in silent.values() if k)
            reasons.append(", ".join(said).replace(" ", f" of them {'holds' if k == 1 else 'hold'} ", 1))
        note = f"{left_out:,} of {plural(len(size) + sum(silent.values()), by)} left out: " + "; ".join(reasons)
    else:
        note = ""
    parts = [p for p in parts if (p.site if by == "site" else p.group) in kept]
    every = [*labels, NONE]
    units = [_units(parts, field, label, by) for label in every]  # (the same sizes and groups for every label)
    sizes, groups = units[0][1:] if units else ([], [])
    counts = [sum(hits) for hits, _, _ in units]
    # a label on 2 of 552 comments (or lacking on 2) is no difference to claim, however small its p: not tested
    few = {i for i, k in enumerate(counts) if 0 < min(k, sum(sizes) - k) < MIN_CLAIM} if len(set(groups)) > 1 else set()
    testable = [i for i in range(len(every)) if i not in few]
    done = iter(label_tests_over([every[i] for i in testable], [units[i][0] for i in testable], sizes, groups))
    tests = [LabelTest(label, len(set(groups)), None, None, None,
                       note=f"fewer than {MIN_CLAIM} comments {'carry' if counts[i] < MIN_CLAIM else 'lack'} it")
             if i in few else next(done) for i, label in enumerate(every)]
    return adjust([replace(test, comments=k, note="; ".join(x for x in (note, test.note) if x) if i in few else
                           note or test.note) for i, (test, k) in enumerate(zip(tests, counts))])


def tested(comments: int, clusters: int, by: str = "site") -> bool:
    """Whether a group with ``comments`` comments in ``clusters`` resampling units (threads
    of a site; by thread, its comments) takes part in the label tests."""
    return comments >= MIN_ITEMS and clusters >= (MIN_CLUSTERS if by == "site" else MIN_ITEMS)


def _silent(parts: list[ThreadCompare], counted: set, by: str) -> dict[str, int]:
    """The groups (sites, threads) holding no comment the tests count, which take no part in them: why (no comment
    at all; only records counted apart, named) → how many groups."""
    held: dict[str, list[ThreadCompare]] = {}
    for p in parts:
        g = p.site if by == "site" else p.group
        if g not in counted:
            held.setdefault(g, []).append(p)
    empty = sum(not any(p.comments for p in ps) for ps in held.values())
    only = [p for ps in held.values() if any(p.comments for p in ps) for p in ps]
    return {"no comment at all": empty, f"only {apart_kinds(pingbacks(only))}": len(held) - empty}


def _rule(size: Counter, clusters: Counter, kept: set, by: str, kinds: str = "") -> str:
    """Why groups were left out, worded exactly: a site needs both enough threads and
    enough comments (a 492-comment site of one thread is left out), and how many groups
    miss each; by thread both limits count comments. ``kinds``: the records counted apart in the input
    (sentences.apart_kinds: pingbacks, deleted, unpublished comments …), which the limits do not count (a page of
    20 comments, 8 of them pingbacks, has 12)."""
    counted = f" ({kinds} not counted)" if kinds else ""
    if by != "site":
        return f"each thread needs at least {MIN_ITEMS} comments{counted}"
    out = [g for g in size if g not in kept]
    few_threads = sum(clusters[g] < MIN_CLUSTERS for g in out)
    few_comments = sum(size[g] < MIN_ITEMS for g in out)
    misses = ([f"{few_threads:,} {'has' if few_threads == 1 else 'have'} fewer than {MIN_CLUSTERS} threads"]
              if few_threads else []) + ([f"{few_comments:,} fewer than {MIN_ITEMS} comments"] if few_comments else [])
    return (f"each site needs at least {MIN_CLUSTERS} threads and at least {MIN_ITEMS} comments{counted}; "
            + ", ".join(misses))


def tone_labels(parts: list[ThreadCompare]) -> list[str]:
    """The tone labels compared: the six, and :data:`UNREAD` when some comment is in another
    language (its own column and test, never folded into ``none``)."""
    return [*TONES, UNREAD] if any(p.count("tone", UNREAD) for p in parts) else list(TONES)


def pingbacks(parts: list[ThreadCompare]) -> list[str]:
    """[:data:`PINGBACK`] when some record is a pingback or trackback (its own share column, topic and tone: not
    tested, since it says nothing of what readers talk about or how), else []."""
    return [x for x in SET_APART if any(p.count("topics", x) for p in parts)]


def _shares(parts: list[ThreadCompare], topics: list[str], tones: list[str]) -> dict:
    """Share of the comments of ``parts`` carrying each topic and tone (``none`` too; pingbacks apart, when there
    are any: their columns are in ``topics`` and ``tones``)."""
    n = sum(p.comments for p in parts)
    out = {}
    for t in [*topics, NONE]:
        out[f"topic_{t}"] = sum(p.count("topics", t) for p in parts) / n if n else None
    for t in [*tones, NONE]:  # none as for topics: compare_tests tests both fields' none
        out[f"tone_{t}"] = sum(p.count("tone", t) for p in parts) / n if n else None
    return out


def comparison_rows(parts: list[ThreadCompare], topics: list[str], depth: tuple[list[DepthStats], list[DepthStats]],
                    drift_summaries: list) -> tuple[list[dict], list[dict]]:
    """One row per site and one per thread: structure (``depth``: the per-thread and
    per-site depth rows), topic and tone shares, polarity and drift, with cluster
    (thread) bootstrap intervals for the site means."""
    per_thread_depth, per_site_depth = depth
    drift_by_thread = {(d.site, d.thread_id): d for d in drift_summaries}
    last = deepest(per_thread_depth)
    apart = pingbacks(parts)
    topics, tones = [*topics, *apart], [*tone_labels(parts), *apart]
    by_key = {(p.site, p.thread_id): p for p in parts}
    thread_rows = []
    for stats in per_thread_depth:
        p = by_key[(stats.site, stats.thread_id)]
        d = drift_by_thread.get((stats.site, str(stats.thread_id)))
        polarity = p.polarities()
        thread_rows.append({
            "site": stats.site, "thread_id": stats.thread_id, "title": p.title, **stats.row(last),
            **_shares([p], topics, tones), "mean_polarity": sum(polarity) / len(polarity) if polarity else None,
            **_language([p]),
            "stickiness": d.stickiness if d else None, "mean_sim_parent": d.mean_sim_parent if d else None,
            "mean_sim_article": d.mean_sim_article if d else None, "drift_slope": d.slope if d else None,
        })
    by_site: dict[str, list[ThreadCompare]] = {}
    for p in parts:
        by_site.setdefault(p.site, []).append(p)
    site_rows = []
    for stats in per_site_depth:
        site_parts = by_site.get(stats.site, [])
        depth_mean = _per_thread([p.depths.astype(np.float64).tolist() for p in site_parts])
        polarity = _per_thread([p.polarities() for p in site_parts], POLARITY_ITEMS)
        sticky = [r["stickiness"] for r in thread_rows if r["site"] == stats.site and r["stickiness"] is not None]
        site_rows.append({
            **stats.site_row(last), **_shares(site_parts, topics, tones),
            "mean_depth_ci_low": depth_mean.low, "mean_depth_ci_high": depth_mean.high,
            "mean_polarity": polarity.mean, "mean_polarity_ci_low": polarity.low,
            "mean_polarity_ci_high": polarity.high, "interval_note": interval_note(depth_mean, polarity),
            "mean_stickiness": sum(sticky) / len(sticky) if sticky else None, **_language(site_parts),
        })
    return site_rows, thread_rows


def _language(parts: list[ThreadCompare]) -> dict:
    """The language most of the group's comments are in (ties A→Z) and its share: words
    that set a group apart may only be its language's words."""
    counts: Counter = Counter()
    for p in parts:
        counts.update(p.languages)
    total = sum(counts.values())
    if not total:
        return {"language": None, "language_share": None}
    main = min(counts, key=lambda k: (-counts[k], k))
    return {"language": main, "language_share": round(counts[main] / total, 4)}


def thread_intervals(parts: list[ThreadCompare], thread_rows: list[dict]) -> None:
    """``compare --by thread``: each thread row's mean depth and polarity with the 95 %
    interval from resampling its comments (comments are the unit)."""
    by_key = {(p.site, p.thread_id): p for p in parts}
    for row in thread_rows:
        p = by_key[(row["site"], row["thread_id"])]
        depth = unit_interval(p.depths.astype(np.float64).tolist())
        polarity = unit_interval(p.polarities(), POLARITY_ITEMS)
        row.update({"mean_depth_ci_low": depth.low, "mean_depth_ci_high": depth.high,
                    "mean_polarity_ci_low": polarity.low, "mean_polarity_ci_high": polarity.high,
                    "interval_note": interval_note(depth, polarity)})


#: what a mean polarity's interval counts (pingbacks, deleted comments and comments in another
#: language have no polarity), as its note names them
POLARITY_ITEMS = "comments with a polarity score"


def interval_note(depth: Interval, polarity: Interval) -> str:
    """Why a row's mean depth or mean polarity has no interval: the one reason when both
    share it, else each figure's own ("mean polarity: too few comments with a polarity
    score for an interval: 12 < 20" beside a mean depth that has one)."""
    if depth.note == polarity.note:
        return depth.note
    return "; ".join(f"{what}: {i.note}" for what, i in (("mean depth", depth), ("mean polarity", polarity)) if i.note)


def unit_interval(values: list[float | None], items: str = "comments") -> Interval:
    """The mean of ``values`` (None skipped) with the 95 % interval from resampling them
    (each value its own unit: the minimum is of ``items``, never of threads)."""
    kept = [v for v in values if v is not None]
    return cluster_mean(kept, [1] * len(kept), min_clusters=1, items=items)


def _per_thread(values_per_thread: list[list[float | None]], items: str = "comments") -> Interval:
    """A site's pooled mean (None skipped), with the 95 % interval from resampling its threads."""
    sums, counts = [], []
    for values in values_per_thread:
        kept = [v for v in values if v is not None]
        sums.append(sum(kept))
        counts.append(len(kept))
    return cluster_mean(sums, counts, items=items)


def distinguishing_words(bags: list[tuple[str, str, Counter]], surface, k: int = 15, by: str = "site",
                         testable: dict[str, bool] | None = None) -> dict[str, list[tuple[str, float, float]]]:
    """Per site (``by="thread"``: per site/thread), the words that set its comments apart
    from all other sites' as (word, z, adjusted p): log-odds ratio with informative Dirichlet
    prior, z-scores, two-sided p; Benjamini–Hochberg over every (group, word) tested
    (:func:`~comments.analyses.topic_stats.corrected`), so a vocabulary of thousands of words
    does not pass hundreds by chance; only over-represented words that pass it and are no
    stop words (as the topic marker words: :func:`~comments.analyses.topic_stats.clear_words`;
    an empty list when none passes), from per-thread ``(site, site/thread, stem counts)`` bags; ``surface`` names a
    stem. Each thread weighs the same within its site (its word counts scaled to the site's
    mean words per thread), so one huge thread cannot decide a site's words. ``testable``,
    when given, is filled with each tested group's :func:`_testable` (whether any word could
    have set it apart)."""
    groups, total = _weighted(bags, by)
    tests = _log_odds_tests(groups, total)
    if testable is not None:
        testable.update(_testable(groups, total, tests))
    passed = tests.passing()
    for group, words in _support(bags, by, passed).items():  # (bags without comment counts: not filtered)
        passed[group] = [x for x in passed[group] if x[0] in words]
    return {site: clear_words(passing, surface, k) for site, passing in passed.items()}


#: the comments of a group, and the different authors (where known), a word must come from to set it apart
#: (as topic marker words: a word one reader repeats marks the reader, not the site or thread)
MIN_WORD_COMMENTS = MIN_MARKER_COMMENTS
MIN_WORD_AUTHORS = 2


def _support(bags: list[tuple[str, str, object]], by: str, passed: dict[str, list[tuple]]) -> dict[str, set[str]]:
    """Per group whose bags count comments, its ``passed`` words found in at least
    :data:`MIN_WORD_COMMENTS` of its comments from at least :data:`MIN_WORD_AUTHORS` authors
    (a comment without an author counts as one of its own)."""
    found: dict[str, dict[str, tuple[int, set[int]]]] = {}
    for site, group, bag in bags:
        key = site if by == "site" else group
        if getattr(bag, "docs", None) is None or not passed.get(key):
            continue
        code = bag.vocabulary.code
        words = found.setdefault(key, {})
        for word, (docs, who) in bag.support({w: code[w] for w, *_ in passed[key] if w in code}).items():
            seen = words.get(word, (0, set()))
            words[word] = (seen[0] + docs, seen[1] | who)
    return {key: {w for w, (docs, who) in words.items()
                  if docs >= MIN_WORD_COMMENTS and (MANY_AUTHORS in who or len(who) >= MIN_WORD_AUTHORS)}
            for key, words in found.items()}


def _weighted(bags: list[tuple[str, str, Counter]], by: str) -> tuple[list[tuple[str, Counter]], Counter]:
    """(group, its word counts) per group A→Z, each thread weighing the same within its group
    (its counts scaled to the group's mean words per thread), and the counts of all groups
    together (added in the groups' first-seen order, as each group's rest once was)."""
    per_site: dict[str, list[Counter]] = {}
    for site, group, bag in bags:
        if bag:
            per_site.setdefault(site if by == "site" else group, []).append(bag)
    counts: dict[str, Counter] = {}
    for site, site_bags in per_site.items():
        mean = sum(sum(b.values()) for b in site_bags) / len(site_bags)
        weighted: Counter = Counter()
        for b in site_bags:
            scale = mean / sum(b.values())
            weighted.update({w: n * scale for w, n in b.items()})
        counts[site] = weighted
    total: Counter = Counter()
    for b in counts.values():
        total.update(b)
    return sorted(counts.items()), total


@dataclass
class _Tests:
    """The (group, word) log-odds tests of :func:`distinguishing_words`: every group is tested
    on every word of the pooled vocabulary (``per_group`` words, ``m`` tests in all), but only
    the pairs that can matter are computed: a group's own words (``scored``: (word, z), highest
    first, as :func:`~comments.analyses.topic_stats.log_odds` orders them), and the words
    absent from it whose p is at most :data:`SMALL_P` (a word absent from a group is never
    over-represented in it, z < 0; its p only ranks the others in Benjamini–Hochberg, and a
    p above the FDR can change no adjusted p below it). ``small``: those p at most
    :data:`SMALL_P`, sorted, with the index of their group (``owner``). ``evaluated``: pairs
    computed, at most the groups' distinct words plus the absent pairs kept."""

    scored: dict[str, list[tuple[str, float]]]
    p: dict[str, np.ndarray]  # per group, the p of its scored words, in their order
    small: np.ndarray
    owner: np.ndarray
    per_group: int
    m: int
    evaluated: int

    def passing(self) -> dict[str, list[tuple[str, float, float]]]:
        """Per group, its over-represented words at Benjamini–Hochberg adjusted p <
        :data:`WORDS_FDR` over all ``m`` tests, as (word, z, adjusted p)."""
        adjusted = _bh_below(self.small, self.m)
        out = {}
        for group, pairs in self.scored.items():
            p = self.p[group]
            # adjusted p of a pair = the adjusted p at its value's last rank among the small ones
            q = adjusted[np.searchsorted(self.small, p, side="right") - 1] if len(self.small) else p
            out[group] = [(w, z, float(x)) for (w, z), x, pv in zip(pairs, q.tolist(), p.tolist())
                          if pv <= SMALL_P and x < WORDS_FDR and z > 0]
        return out


#: absent (group, word) pairs are computed down to this p (a p above the FDR changes no adjusted p below it)
SMALL_P = WORDS_FDR


def _two_sided(z) -> np.ndarray:
    from scipy.special import ndtr

    return 2.0 * ndtr(-np.abs(np.asarray(z, dtype=float)))


def _bh_below(p_sorted: np.ndarray, m: int) -> np.ndarray:
    """Benjamini–Hochberg adjusted p (as scipy's ``false_discovery_control``) of the smallest
    p-values of ``m`` tests, ``p_sorted`` ascending: exact for every value whose adjusted p is
    below the largest given p, since the untold larger ones only enter through their own
    ranks."""
    if not len(p_sorted):
        return p_sorted
    ranks = np.arange(1, len(p_sorted) + 1, dtype=float)
    adjusted = p_sorted * (m / ranks)
    np.minimum.accumulate(adjusted[::-1], out=adjusted[::-1])
    return np.clip(adjusted, 0.0, 1.0)


def _log_odds_tests(groups: list[tuple[str, Counter]], total: Counter) -> _Tests:
    """The tests of each group against the rest (``total`` less its own counts), linear in the
    words: each group's own words, then the absent words from the most frequent down until
    their p exceeds :data:`SMALL_P` (an absent word's |z| grows with its count elsewhere)."""
    size = len(total)
    if len(groups) < 2 or size < 2:
        empty = np.zeros(0)
        return _Tests({g: [] for g, _ in groups}, {g: empty for g, _ in groups}, empty, empty.astype(np.int64),
                      0, 0, 0)
    n = sum(total.values())
    alpha0 = PRIOR_SCALE * n
    frequent = sorted(total, key=lambda w: -total[w])
    scored, p_of, small, owner, evaluated = {}, {}, [], [], 0
    for index, (group, bag) in enumerate(groups):
        n_a = sum(bag.values())
        n_b = n - n_a
        pairs = []
        for word, ya in bag.items():
            yb = total[word] - ya
            pairs.append((word, log_odds_z(ya, yb, ya + yb, n_a, n_b, n, alpha0)))
        pairs.sort(key=lambda x: (-x[1], x[0]))
        scored[group] = pairs
        p_of[group] = p = _two_sided([z for _, z in pairs])
        absent = []
        for word in frequent:
            if word in bag:
                continue
            z = log_odds_z(0, total[word], total[word], n_a, n_b, n, alpha0)
            if _two_sided(z) > SMALL_P:
                break
            absent.append(z)
        evaluated += len(pairs) + len(absent) + 1
        kept = np.concatenate([p[p <= SMALL_P], _two_sided(absent)])
        small.append(kept)
        owner.append(np.full(len(kept), index, dtype=np.int64))
    values, owners = np.concatenate(small), np.concatenate(owner)
    order = np.argsort(values, kind="stable")
    return _Tests(scored, p_of, values[order], owners[order], size, len(groups) * size, evaluated)


def _best_case_p(bag: Counter, n_b: float) -> np.ndarray:
    """Per word of ``bag``, the smallest p (two-sided, of the :func:`log_odds` z) a word
    with its count in ``bag`` could get against ``rest``: the z maximised over the word's
    count in the rest (of ``n_b`` words: 0 or any amount up to all of it; with few words on the other side a
    word found there a little beats one found nowhere else, whose prior alone has a large
    variance)."""
    from scipy.special import ndtr

    n_a = sum(bag.values())
    total = n_a + n_b
    alpha0 = PRIOR_SCALE * total
    ya, word = np.unique(np.fromiter(bag.values(), dtype=np.float64, count=len(bag)), return_inverse=True)
    ya = ya[:, None]
    yb = np.concatenate([[0.0], np.geomspace(1e-3, n_b, 400)])[None, :]
    alpha = alpha0 * (ya + yb) / total
    rest_a, rest_b = n_a + alpha0 - ya - alpha, n_b + alpha0 - yb - alpha
    # A word that is every word on both sides (a one-word group against a one-word rest) has
    # no other words to be told apart from: such cases, and their rounding to ≤ 0, are no case.
    possible = (rest_a > 0) & (rest_b > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((ya + alpha) / rest_a) - np.log((yb + alpha) / rest_b)
        z = np.where(possible, delta / np.sqrt(1.0 / (ya + alpha) + 1.0 / (yb + alpha)), -np.inf)
    # A group of one word (its count is every word of the group) has no other word to set that
    # one apart from: near the degenerate corner its best case is the prior's artefact, not a case.
    best = np.where(ya[:, 0] >= n_a, -np.inf, np.max(z, axis=1))
    return np.minimum(1.0, 2.0 * ndtr(-best[word.ravel()]))


def _testable(groups: list[tuple[str, Counter]], total: Counter, tests: _Tests) -> dict[str, bool]:
    """Per group tested, whether any word could set it apart: Benjamini–Hochberg over the
    other groups' p-values as they are and its own words' best cases
    (:func:`_best_case_p`). False means no word of it could pass whatever its words were:
    too few words on one side to tell any apart, so "no word sets it apart" is no finding.

    A best case passes when some p ``t`` at or above it has ``t·m/rank(t) < FDR`` in that
    list; only p-values up to the FDR can, and of the others' only those that could for some
    group (``near``). Linear in the groups (review21b: a loop scanning every p per group took
    24 s for 16,000 threads with words of their own): each group checks its own best cases
    against its own p's (``small`` split by group once); the others' ``near`` p's are ruled
    in or out at once by suffix minima over ``near`` (:func:`_others_decide`), and checked
    one by one only when those bounds cannot tell."""
    if not tests.m:
        return {}
    n = sum(total.values())
    best = [np.sort(_best_case_p(bag, n - sum(bag.values()))) for _, bag in groups]
    sizes = [len(bag) for _, bag in groups]
    small, owner = tests.small, tests.owner
    rank = np.searchsorted(small, small, side="right").astype(float)  # tests at or below each (ties: all of them)
    fewest = tests.m - tests.per_group  # a group's own tests, at most per_group, are replaced by its best cases
    near = small * fewest < WORDS_FDR * (rank + max(sizes)) * (1 + 1e-9)
    others = _Near(small[near], owner[near], rank[near], fewest, fewest + max(sizes))
    by_owner = np.argsort(owner, kind="stable")  # (small is sorted: each group's own p's stay sorted)
    own_of = np.split(small[by_owner], np.cumsum(np.bincount(owner, minlength=len(groups)))[:-1]) \
        if len(small) else [small] * len(groups)
    out = {}
    for index, (group, _) in enumerate(groups):
        mine = best[index][best[index] <= SMALL_P]
        if not len(mine):
            out[group] = False
            continue
        own, scale = own_of[index], fewest + sizes[index]

        def passes(t: np.ndarray) -> bool:
            ranks = (np.searchsorted(small, t, side="right") - np.searchsorted(own, t, side="right")
                     + np.searchsorted(mine, t, side="right")).astype(float)
            return bool(np.any(t * (scale / ranks) < WORDS_FDR))

        out[group] = passes(mine) or others.decide(index, mine, own, scale, passes)
    return out


@dataclass
class _Near:
    """The p-values of :func:`_testable` near rejection (sorted, with their owners and ranks
    among all small p's), with suffix minima that bound, for every group at once, whether one
    of them at or above a group's smallest best case could pass for it."""

    p: np.ndarray
    owner: np.ndarray
    rank: np.ndarray
    fewest: int
    most: int

    def __post_init__(self) -> None:
        # rank a p needs, less its rank: with the fewest tests (a lower bound) and the most (an upper bound)
        self.need_low = _suffix_min(self.p * (self.fewest / WORDS_FDR) / (1 + 1e-9) - self.rank)
        high = self.p * (self.most / WORDS_FDR) * (1 + 1e-9) - self.rank
        self.need_high, self.argmin_high = _suffix_min(high), _suffix_argmin(high)

    def decide(self, index: int, mine: np.ndarray, own: np.ndarray, scale: int, passes) -> bool:
        """Whether one of the others' near p's at or above ``mine[0]`` passes for group
        ``index``: its rank there is its rank among all small p's, less the group's own p's
        below it, plus its best cases below it (between 1 and len(mine))."""
        start = int(np.searchsorted(self.p, mine[0], side="left"))
        if start == len(self.p) or self.need_low[start] >= len(mine):
            return False  # not even with every best case below it and the fewest tests
        at = int(self.argmin_high[start])
        if self.owner[at] != index and self.need_high[start] < 1 - len(own) and passes(self.p[at:at + 1]):
            return True
        t = self.p[start:][self.owner[start:] != index]
        return passes(t) if len(t) else False


def _suffix_min(values: np.ndarray) -> np.ndarray:
    """Per position, the smallest value from it to the end."""
    return np.minimum.accumulate(values[::-1])[::-1]


def _suffix_argmin(values: np.ndarray) -> np.ndarray:
    """Per position, the index of a smallest value from it to the end."""
    backwards = values[::-1]
    last = np.maximum.accumulate(np.where(backwards == np.minimum.accumulate(backwards), np.arange(len(values)), 0))
    return (len(values) - 1 - last)[::-1]


class Vocabulary:
    """Stems coded as small integers, once per run, so that per-thread word counts can be
    kept as two arrays (:class:`WordBag`) rather than a dict."""

    def __init__(self) -> None:
        self.code: dict[str, int] = {}
        self.words: list[str] = []

    def bag(self, counts: Counter, docs: Counter | None = None, authors: dict | None = None) -> WordBag:
        """``counts`` coded, in its own order (sums over a bag come out as from the Counter);
        ``docs`` and ``authors`` (a thread's ``word_docs``/``word_authors``) kept beside them."""
        code, words = self.code, self.words
        ids = []
        for w in counts:
            i = code.get(w)
            if i is None:
                i = code[w] = len(words)
                words.append(w)
            ids.append(i)
        return WordBag(self, np.array(ids, dtype=np.int32), np.array(list(counts.values()), dtype=np.int64),
                       None if docs is None else np.fromiter((docs[w] for w in counts), np.int64, count=len(counts)),
                       None if authors is None else
                       np.fromiter((authors.get(w, MANY_AUTHORS) for w in counts), np.int64, count=len(counts)))


@dataclass
class WordBag:
    """One thread's word counts as arrays, read like the Counter they were made from
    (``items``, ``values``, truth) by :func:`distinguishing_words`."""

    vocabulary: Vocabulary
    ids: np.ndarray
    counts: np.ndarray
    docs: np.ndarray | None = None  # per word: the thread's comments containing it
    authors: np.ndarray | None = None  # per word: its one author's key, or MANY_AUTHORS

    def support(self, wanted: dict[str, int]) -> dict[str, tuple[int, set[int]]]:
        """For the ``wanted`` words (word → code) found in this thread: (comments containing
        it, its author keys, MANY_AUTHORS standing for two or more)."""
        codes = np.fromiter(wanted.values(), np.int64, count=len(wanted))
        words = self.vocabulary.words
        return {words[self.ids[k]]: (int(self.docs[k]), {int(self.authors[k])})
                for k in np.flatnonzero(np.isin(self.ids, codes)).tolist()}

    def __len__(self) -> int:
        return len(self.ids)

    def values(self) -> list[int]:
        return self.counts.tolist()

    def items(self):
        words = self.vocabulary.words
        return zip([words[i] for i in self.ids.tolist()], self.counts.tolist())

