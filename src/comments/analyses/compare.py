"""Cross-site and cross-thread comparison: one row per site and per thread, tests of
whether topic and tone mixes differ, bootstrap intervals, and distinguishing words.

Each table reduces per-thread partials: a thread's depth row, label hit counts and
word counts are computed from that thread alone (``comparison_rows``' thread rows,
``label_tests``' per-unit hits, ``distinguishing_words``' per-thread bags); site rows,
tests and word lists combine them (stats.py takes per-cluster sums and counts).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from comments.analyses.depth import depth_tables
from comments.analyses.drift import drift_tables
from comments.model.records import ParsedThread
from comments.analyses.stats import MIN_CLUSTERS, MIN_ITEMS, Interval, LabelTest, adjust, cluster_mean, label_test
from comments.text.tokens import Stems
from comments.model.records import TONES
from comments.analyses.topic_stats import NONE, log_odds


def _unit_groups(threads: list[ParsedThread], by: str) -> list[tuple[str, list]]:
    """(group, comments) per resampling unit: whole threads of a site when comparing
    sites (comments of a thread are not independent), single comments of a thread
    when comparing threads."""
    units = []
    for pt in threads:
        if by == "site":
            units.append((pt.thread.site or "", pt.comments))
        else:
            group = f"{pt.thread.site}/{pt.thread.thread_id}"
            units.extend((group, [c]) for c in pt.comments)
    return [(g, cs) for g, cs in units if cs]


def label_tests(threads: list[ParsedThread], field: str, labels: list[str], by: str = "site") -> list[LabelTest]:
    """One permutation test per label (``none`` included) of whether its share of
    comments differs between the groups, Benjamini–Hochberg across the labels. Groups
    below the minimum (threads, comments) take no part; the note says so."""
    units = _unit_groups(threads, by)
    size: Counter = Counter()
    clusters: Counter = Counter()
    for g, cs in units:
        size[g] += len(cs)
        clusters[g] += 1
    min_clusters = MIN_CLUSTERS if by == "site" else MIN_ITEMS
    kept = {g for g in size if size[g] >= MIN_ITEMS and clusters[g] >= min_clusters}
    left_out = len(set(size) - kept)
    if len(size) < 2:
        note = f"fewer than two {by}s have comments"
    elif left_out:
        unit = "threads" if by == "site" else "comments"
        note = (f"{left_out} {by}{'' if left_out == 1 else 's'} left out (fewer than {min_clusters} {unit} "
                f"or {MIN_ITEMS} comments)")
    else:
        note = ""
    units = [(g, cs) for g, cs in units if g in kept]
    tests = []
    for label in [*labels, NONE]:
        def has(c, label=label):
            values = getattr(c, field) or []
            return not values if label == NONE else label in values

        hits = [sum(map(has, cs)) for _, cs in units]
        test = label_test(label, hits, [len(cs) for _, cs in units], [g for g, _ in units])
        tests.append(replace(test, note=note or test.note))
    return adjust(tests)


def comparison_rows(threads: list[ParsedThread], topics: list[str],
                    drift_summaries: list | None = None) -> tuple[list[dict], list[dict]]:
    """One row per site and one per thread: structure, topic and tone shares, polarity
    and drift, with cluster (thread) bootstrap intervals for the site means (``drift_summaries``: when
    already computed)."""
    per_thread_depth, per_site_depth = depth_tables(threads)
    if drift_summaries is None:
        _, drift_summaries, _ = drift_tables(threads, chains=0)
    drift_by_thread = {(d.site, d.thread_id): d for d in drift_summaries}

    def shares(comments) -> dict:
        n = len(comments)
        out = {}
        for t in topics:
            out[f"topic_{t}"] = sum(t in (c.topics or []) for c in comments) / n if n else None
        out["topic_none"] = sum(not c.topics for c in comments) / n if n else None
        for t in TONES:
            out[f"tone_{t}"] = sum(t in (c.tone or []) for c in comments) / n if n else None
        return out

    by_key = {(p.thread.site or "", p.thread.thread_id): p for p in threads}
    thread_rows = []
    for stats in per_thread_depth:
        pt = by_key[(stats.site, stats.thread_id)]
        d = drift_by_thread.get((stats.site, str(stats.thread_id)))
        polarity = [c.polarity for c in pt.comments if c.polarity is not None]
        thread_rows.append({
            "site": stats.site, "thread_id": stats.thread_id, "title": pt.thread.title, **stats.row(),
            **shares(pt.comments), "mean_polarity": sum(polarity) / len(polarity) if polarity else None,
            "stickiness": d.stickiness if d else None, "mean_sim_parent": d.mean_sim_parent if d else None,
            "mean_sim_article": d.mean_sim_article if d else None, "drift_slope": d.slope if d else None,
        })
    threads_by_site: dict[str, list[ParsedThread]] = {}
    for pt in threads:
        threads_by_site.setdefault(pt.thread.site or "", []).append(pt)
    site_rows = []
    for stats in per_site_depth:
        site_threads = threads_by_site.get(stats.site, [])
        comments = [c for pt in site_threads for c in pt.comments]
        depth = _per_thread(site_threads, lambda c: float(c.depth))
        polarity = _per_thread(site_threads, lambda c: c.polarity)
        sticky = [r["stickiness"] for r in thread_rows if r["site"] == stats.site and r["stickiness"] is not None]
        site_rows.append({
            **stats.row(), **shares(comments),
            "mean_depth_ci_low": depth.low, "mean_depth_ci_high": depth.high,
            "mean_polarity": polarity.mean, "mean_polarity_ci_low": polarity.low,
            "mean_polarity_ci_high": polarity.high, "interval_note": depth.note or polarity.note,
            "mean_stickiness": sum(sticky) / len(sticky) if sticky else None,
        })
    return site_rows, thread_rows


def unit_interval(comments, value) -> Interval:
    """A thread's mean of ``value(comment)`` with the 95 % interval from resampling its
    comments (``compare --by thread``: comments are the unit)."""
    values = [v for v in map(value, comments) if v is not None]
    return cluster_mean(values, [1] * len(values))


def _per_thread(threads: list[ParsedThread], value) -> Interval:
    """A site's pooled mean of ``value(comment)`` (None skipped), with the 95 % interval
    from resampling its threads."""
    sums, counts = [], []
    for pt in threads:
        values = [v for v in map(value, pt.comments) if v is not None]
        sums.append(sum(values))
        counts.append(len(values))
    return cluster_mean(sums, counts)


def distinguishing_words(threads: list[ParsedThread], k: int = 15, stems: Stems | None = None,
                         by: str = "site") -> dict[str, list[tuple[str, float]]]:
    """Per site (``by="thread"``: per site/thread), the words that set its comments apart from all other sites' (log-odds
    ratio with informative Dirichlet prior, z-scores). Each thread weighs the same
    within its site (its word counts scaled to the site's mean words per thread), so
    one huge thread cannot decide a site's words."""
    stems = stems or Stems()
    per_site: dict[str, list[Counter]] = {}
    for pt in threads:
        bag: Counter = Counter()
        for c in pt.comments:
            bag.update(stems.of(c))
        if bag:
            key = pt.thread.site or "" if by == "site" else f"{pt.thread.site}/{pt.thread.thread_id}"
            per_site.setdefault(key, []).append(bag)
    counts: dict[str, Counter] = {}
    for site, bags in per_site.items():
        mean = sum(sum(b.values()) for b in bags) / len(bags)
        weighted: Counter = Counter()
        for b in bags:
            scale = mean / sum(b.values())
            weighted.update({w: n * scale for w, n in b.items()})
        counts[site] = weighted
    out = {}
    for site, bag in sorted(counts.items()):
        rest = Counter()
        for other, b in counts.items():
            if other != site:
                rest.update(b)
        out[site] = [(stems.surface(w), z) for w, z in log_odds(bag, rest)[:k] if z > 0] if rest and bag else []
    return out
