"""Cross-site and cross-thread comparison: one row per site and per thread, tests of
whether topic and tone mixes differ, bootstrap intervals, and distinguishing words."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from comments.depth import depth_tables
from comments.drift import drift_tables
from comments.model import ParsedThread
from comments.tokens import Stems
from comments.tone import TONES
from comments.topic_stats import NONE, log_odds

BOOTSTRAP = 2000
SEED = 7


@dataclass
class MixTest:
    """Chi-square test of independence of site and label, with Cramér's V."""

    field: str
    sites: int
    chi2: float | None
    dof: int | None
    p_value: float | None
    cramers_v: float | None
    note: str = ""


def mix_test(threads: list[ParsedThread], field: str, labels: list[str]) -> MixTest:
    """Do the sites' label mixes differ? Label occurrences (``none`` included) per site.
    Comments may carry several labels, so the counts are not fully independent: read
    the p-value as a guide."""
    per_site: dict[str, Counter] = {}
    for pt in threads:
        counts = per_site.setdefault(pt.thread.site or "", Counter())
        for c in pt.comments:
            counts.update(getattr(c, field) or [NONE])
    active = {s: c for s, c in per_site.items() if sum(c.values())}
    if len(active) < 2:
        return MixTest(field, len(active), None, None, None, None,
                       "fewer than two sites have comments: nothing to compare")
    columns = [label for label in [*labels, NONE] if any(c.get(label) for c in active.values())]
    table = [[counts.get(label, 0) for label in columns] for _, counts in sorted(active.items())]
    if len(columns) < 2:
        return MixTest(field, len(active), None, None, None, None, "only one label occurs: nothing to compare")
    from scipy.stats import chi2_contingency

    chi2, p, dof, _ = chi2_contingency(table, correction=False)
    n = sum(map(sum, table))
    v = (chi2 / (n * (min(len(table), len(columns)) - 1))) ** 0.5
    return MixTest(field, len(active), float(chi2), int(dof), float(p), float(v))


NORMAL_ABOVE = 20_000  # beyond this many values the bootstrap interval equals the normal one


def bootstrap_mean(values: list[float], rounds: int = BOOTSTRAP, seed: int = SEED) -> tuple[float | None, float | None, float | None]:
    """Mean with a 95 % percentile bootstrap interval (fixed seed: reproducible); for
    more than 20,000 values the normal approximation mean ± 1.96·s/√n, which the
    bootstrap converges to, at a fraction of the cost."""
    import numpy as np

    if not values:
        return None, None, None
    data = np.asarray(values, dtype=np.float64)
    mean = float(data.mean())
    if len(data) < 2:
        return mean, None, None
    if len(data) > NORMAL_ABOVE:
        half = 1.96 * float(data.std(ddof=1)) / len(data) ** 0.5
        return mean, mean - half, mean + half
    rng = np.random.default_rng(seed)
    step = max(1, min(rounds, 20_000_000 // len(data)))  # resamples per batch, bounded memory
    means = []
    for start in range(0, rounds, step):
        batch = min(step, rounds - start)
        means.append(data[rng.integers(0, len(data), size=(batch, len(data)))].mean(axis=1))
    low, high = np.percentile(np.concatenate(means), [2.5, 97.5])
    return mean, float(low), float(high)


def comparison_rows(threads: list[ParsedThread], topics: list[str],
                    drift_summaries: list | None = None) -> tuple[list[dict], list[dict]]:
    """One row per site and one per thread: structure, topic and tone shares, polarity
    and drift, with bootstrap intervals for the site means (``drift_summaries``: when
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
    comments_by_site: dict[str, list] = {}
    for pt in threads:
        comments_by_site.setdefault(pt.thread.site or "", []).extend(pt.comments)
    site_rows = []
    for stats in per_site_depth:
        comments = comments_by_site.get(stats.site, [])
        polarity = [c.polarity for c in comments if c.polarity is not None]
        depth_mean, depth_low, depth_high = bootstrap_mean([float(c.depth) for c in comments])
        pol_mean, pol_low, pol_high = bootstrap_mean(polarity)
        sticky = [r["stickiness"] for r in thread_rows if r["site"] == stats.site and r["stickiness"] is not None]
        site_rows.append({
            **stats.row(), **shares(comments),
            "mean_depth_ci_low": depth_low, "mean_depth_ci_high": depth_high,
            "mean_polarity": pol_mean, "mean_polarity_ci_low": pol_low, "mean_polarity_ci_high": pol_high,
            "mean_stickiness": sum(sticky) / len(sticky) if sticky else None,
        })
    return site_rows, thread_rows


def distinguishing_words(threads: list[ParsedThread], k: int = 15,
                         stems: Stems | None = None) -> dict[str, list[tuple[str, float]]]:
    """Per site, the words that set its comments apart from all other sites' (log-odds
    ratio with informative Dirichlet prior, z-scores)."""
    stems = stems or Stems()
    counts: dict[str, Counter] = {}
    for pt in threads:
        bag = counts.setdefault(pt.thread.site or "", Counter())
        for c in pt.comments:
            bag.update(stems.of(c))
    out = {}
    for site, bag in sorted(counts.items()):
        rest = Counter()
        for other, b in counts.items():
            if other != site:
                rest.update(b)
        out[site] = [(stems.surface(w), z) for w, z in log_odds(bag, rest)[:k] if z > 0] if rest and bag else []
    return out
