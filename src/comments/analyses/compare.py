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
from dataclasses import dataclass, replace

from comments.analyses.depth import DepthStats
from comments.model.records import ParsedThread
from comments.analyses.stats import MIN_CLUSTERS, MIN_ITEMS, Interval, LabelTest, adjust, cluster_mean, label_test
from comments.model.records import TONES
from comments.analyses.topic_stats import NONE, log_odds


@dataclass
class ThreadCompare:
    """One thread's partial of the comparison: per comment, its labels, depth and polarity."""

    site: str
    thread_id: str | None
    title: str | None
    group: str  # site/thread_id
    topics: list[list[str]]
    tone: list[list[str]]
    depths: list[int]
    polarity: list[float | None]

    @property
    def comments(self) -> int:
        return len(self.depths)


def thread_partial(pt: ParsedThread) -> ThreadCompare:
    """The partial of one thread."""
    cs = pt.comments
    return ThreadCompare(pt.thread.site or "", pt.thread.thread_id, pt.thread.title,
                         f"{pt.thread.site}/{pt.thread.thread_id}", [list(c.topics or []) for c in cs],
                         [list(c.tone or []) for c in cs], [c.depth for c in cs], [c.polarity for c in cs])


def _unit_groups(parts: list[ThreadCompare], field: str, by: str) -> list[tuple[str, list[list[str]]]]:
    """(group, label lists) per resampling unit: whole threads of a site when comparing
    sites (comments of a thread are not independent), single comments of a thread
    when comparing threads."""
    units = []
    for p in parts:
        labels = getattr(p, field)
        if by == "site":
            units.append((p.site, labels))
        else:
            units.extend((p.group, [one]) for one in labels)
    return [(g, ls) for g, ls in units if ls]


def label_tests(parts: list[ThreadCompare], field: str, labels: list[str], by: str = "site") -> list[LabelTest]:
    """One permutation test per label (``none`` included) of whether its share of
    comments differs between the groups, Benjamini–Hochberg across the labels. Groups
    below the minimum (threads, comments) take no part; the note says so."""
    units = _unit_groups(parts, field, by)
    size: Counter = Counter()
    clusters: Counter = Counter()
    for g, ls in units:
        size[g] += len(ls)
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
    units = [(g, ls) for g, ls in units if g in kept]
    tests = []
    for label in [*labels, NONE]:
        def has(values, label=label):
            return not values if label == NONE else label in values

        hits = [sum(map(has, ls)) for _, ls in units]
        test = label_test(label, hits, [len(ls) for _, ls in units], [g for g, _ in units])
        tests.append(replace(test, note=note or test.note))
    return adjust(tests)


def _shares(topic_lists: list[list[str]], tone_lists: list[list[str]], topics: list[str]) -> dict:
    n = len(topic_lists)
    out = {}
    for t in topics:
        out[f"topic_{t}"] = sum(t in ts for ts in topic_lists) / n if n else None
    out["topic_none"] = sum(not ts for ts in topic_lists) / n if n else None
    for t in TONES:
        out[f"tone_{t}"] = sum(t in ts for ts in tone_lists) / n if n else None
    return out


def comparison_rows(parts: list[ThreadCompare], topics: list[str], depth: tuple[list[DepthStats], list[DepthStats]],
                    drift_summaries: list) -> tuple[list[dict], list[dict]]:
    """One row per site and one per thread: structure (``depth``: the per-thread and
    per-site depth rows), topic and tone shares, polarity and drift, with cluster
    (thread) bootstrap intervals for the site means."""
    per_thread_depth, per_site_depth = depth
    drift_by_thread = {(d.site, d.thread_id): d for d in drift_summaries}
    by_key = {(p.site, p.thread_id): p for p in parts}
    thread_rows = []
    for stats in per_thread_depth:
        p = by_key[(stats.site, stats.thread_id)]
        d = drift_by_thread.get((stats.site, str(stats.thread_id)))
        polarity = [v for v in p.polarity if v is not None]
        thread_rows.append({
            "site": stats.site, "thread_id": stats.thread_id, "title": p.title, **stats.row(),
            **_shares(p.topics, p.tone, topics), "mean_polarity": sum(polarity) / len(polarity) if polarity else None,
            "stickiness": d.stickiness if d else None, "mean_sim_parent": d.mean_sim_parent if d else None,
            "mean_sim_article": d.mean_sim_article if d else None, "drift_slope": d.slope if d else None,
        })
    by_site: dict[str, list[ThreadCompare]] = {}
    for p in parts:
        by_site.setdefault(p.site, []).append(p)
    site_rows = []
    for stats in per_site_depth:
        site_parts = by_site.get(stats.site, [])
        depth_mean = _per_thread([[float(d) for d in p.depths] for p in site_parts])
        polarity = _per_thread([p.polarity for p in site_parts])
        sticky = [r["stickiness"] for r in thread_rows if r["site"] == stats.site and r["stickiness"] is not None]
        site_rows.append({
            **stats.row(), **_shares([ts for p in site_parts for ts in p.topics],
                                     [ts for p in site_parts for ts in p.tone], topics),
            "mean_depth_ci_low": depth_mean.low, "mean_depth_ci_high": depth_mean.high,
            "mean_polarity": polarity.mean, "mean_polarity_ci_low": polarity.low,
            "mean_polarity_ci_high": polarity.high, "interval_note": depth_mean.note or polarity.note,
            "mean_stickiness": sum(sticky) / len(sticky) if sticky else None,
        })
    return site_rows, thread_rows


def thread_intervals(parts: list[ThreadCompare], thread_rows: list[dict]) -> None:
    """``compare --by thread``: each thread row's mean depth and polarity with the 95 %
    interval from resampling its comments (comments are the unit)."""
    by_key = {(p.site, p.thread_id): p for p in parts}
    for row in thread_rows:
        p = by_key[(row["site"], row["thread_id"])]
        depth = unit_interval([float(d) for d in p.depths])
        polarity = unit_interval(p.polarity)
        row.update({"mean_depth_ci_low": depth.low, "mean_depth_ci_high": depth.high,
                    "mean_polarity_ci_low": polarity.low, "mean_polarity_ci_high": polarity.high,
                    "interval_note": depth.note or polarity.note})


def unit_interval(values: list[float | None]) -> Interval:
    """The mean of ``values`` (None skipped) with the 95 % interval from resampling them."""
    kept = [v for v in values if v is not None]
    return cluster_mean(kept, [1] * len(kept))


def _per_thread(values_per_thread: list[list[float | None]]) -> Interval:
    """A site's pooled mean (None skipped), with the 95 % interval from resampling its threads."""
    sums, counts = [], []
    for values in values_per_thread:
        kept = [v for v in values if v is not None]
        sums.append(sum(kept))
        counts.append(len(kept))
    return cluster_mean(sums, counts)


def distinguishing_words(bags: list[tuple[str, str, Counter]], surface, k: int = 15,
                         by: str = "site") -> dict[str, list[tuple[str, float]]]:
    """Per site (``by="thread"``: per site/thread), the words that set its comments apart
    from all other sites' (log-odds ratio with informative Dirichlet prior, z-scores),
    from per-thread ``(site, site/thread, stem counts)`` bags; ``surface`` names a stem.
    Each thread weighs the same within its site (its word counts scaled to the site's
    mean words per thread), so one huge thread cannot decide a site's words."""
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
    out = {}
    for site, bag in sorted(counts.items()):
        rest = Counter()
        for other, b in counts.items():
            if other != site:
                rest.update(b)
        out[site] = [(surface(w), z) for w, z in log_odds(bag, rest)[:k] if z > 0] if rest and bag else []
    return out
