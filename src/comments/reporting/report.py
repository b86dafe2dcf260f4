"""Reports: a Markdown summary in sentences, CSV tables and charts (PNG and SVG) per
question — topics, depth, drift, comparison — and ``index.html`` for all of them.

File names (in ``--out DIR``):

=========  =====================================================================
topics     topics.md; topic_shares_by_site.csv, topic_shares_by_thread.csv,
           tone_shares_by_site.csv, topic_tone.csv, topic_cooccurrence.csv,
           topic_terms.csv, topics_over_time.csv; charts topics_by_site,
           topics_by_thread, topic_tone, topic_cooccurrence, topic_terms,
           topics_over_time
depth      depth.md; depth_by_thread.csv, depth_by_site.csv; charts depth_by_site,
           subthread_sizes, tree_01 … (icicles of the largest threads)
drift      drift.md; drift_edges.csv, drift_by_thread.csv, drift_transitions.csv,
           drift_chains.csv; charts drift_transitions, drift_by_depth,
           drift_slope, drift_along_thread
compare    compare.md; compare_sites.csv, compare_threads.csv, compare_tests.csv,
           compare_words.csv; charts compare_topics, compare_tone,
           compare_structure
all        everything above, plus index.html (self-contained)
=========  =====================================================================
"""

from __future__ import annotations

from collections import Counter
from dataclasses import fields
from pathlib import Path

from comments.io.atomic import OutputFolder, create
from comments.reporting.charts import Charts, colours
from comments.model.records import ParsedThread
from comments.classification.taxonomy import Taxonomy
from comments.text.tokens import Stems
from comments.model.records import TONES
from comments.analyses.sentences import FINDINGS, drift_lines, misfit_sentence, mix_sentence, num, pct, plural
from comments.text.textsafe import md
from comments.io.writers import write_table


_pct, _num, _plural, _mix_sentence = pct, num, plural, mix_sentence


class Report:
    """One output folder, shared colours and the list of what was written."""

    def __init__(self, threads: list[ParsedThread], taxonomy: Taxonomy, out: Path, max_threads: int = 20,
                 by: str = "site") -> None:
        self.by = by  # compare sites (threads resampled) or threads (comments resampled)
        self.threads = sorted(threads, key=lambda p: (p.thread.site or "", str(p.thread.thread_id)))
        self.taxonomy = taxonomy
        self.topics = taxonomy.ids
        self.folder = OutputFolder(out)  # written aside, moved in when every file is complete
        self.target = out
        self.out = self.folder.tmp
        self.max_threads = max_threads
        sites = sorted({pt.thread.site or "" for pt in self.threads})
        self.charts = Charts(self.out, colours([*self.topics, "none"]), colours(sites))
        self.tone_colours = colours([*TONES, "none"])
        self.sections: dict[str, str] = {}  # name → Markdown
        self.stems = Stems()  # each comment stemmed once for all reports
        self.tables: list[str] = []

    @property
    def comments(self):
        return [c for pt in self.threads for c in pt.comments]

    def table(self, name: str, rows: list[dict]) -> None:
        columns = list(dict.fromkeys(k for r in rows for k in r)) if rows else ["empty"]
        write_table(self.out / f"{name}.csv", columns, rows)
        self.tables.append(f"{name}.csv")

    def markdown(self, name: str, text: str) -> None:
        with create(self.out / f"{name}.md") as handle:
            handle.write(text)
        self.sections[name] = text

    def drift_results(self):
        """Drift edges, summaries and chains, computed once for drift and compare."""
        if not hasattr(self, "_drift"):
            from comments.analyses.drift import drift_tables

            self._drift = drift_tables(self.threads, stems=self.stems)
        return self._drift

    def misfit(self) -> tuple[float, int] | None:
        """(share, substantive comments) when the taxonomy does not fit; writes topic_coverage.csv once."""
        if not hasattr(self, "_misfit"):
            from comments.analyses.topic_stats import coverage, misfit

            rows = coverage(self.threads)
            self.table("topic_coverage", [_row(r) for r in rows])
            self._misfit = misfit(rows)
        return self._misfit

    def largest(self) -> list[ParsedThread]:
        return sorted((pt for pt in self.threads if pt.comments), key=lambda p: -len(p.comments))[: self.max_threads]

    # --- topics ------------------------------------------------------------------

    def topics_report(self) -> None:
        from comments.analyses import topic_stats as ts

        by_site = ts.shares(self.threads, "topics", self.topics, "site")
        by_thread = ts.shares(self.threads, "topics", self.topics, "thread")
        tone_site = ts.shares(self.threads, "tone", list(TONES), "site")
        for name, rows in (("topic_shares_by_site", by_site), ("topic_shares_by_thread", by_thread),
                           ("tone_shares_by_site", tone_site)):
            self.table(name, [{"group": s.group, "label": s.label, "comments": s.count, "of": s.total,
                               "share": round(s.share, 4)} for s in rows])
        topic_tone = ts.topic_by_tone(self.threads, self.topics)
        self.table("topic_tone", [{"topic": t, "tone": o, "comments": n} for (t, o), n in topic_tone.items()])
        co = ts.cooccurrence(self.threads, self.topics)
        self.table("topic_cooccurrence", [{"topic_a": a, "topic_b": b, "comments": n} for (a, b), n in co.items()])
        terms = ts.characteristic_terms(self.threads, self.topics, stems=self.stems)
        self.table("topic_terms", [{"topic": t, "rank": i + 1, "term": w, "z": round(z, 3)}
                                   for t, ws in terms.items() for i, (w, z) in enumerate(ws)])
        timeline = ts.over_time(self.threads, self.topics)
        self.table("topics_over_time", [{"period": p, "topic": t, "comments": k, "of": n} for p, t, k, n in timeline])

        labels = [*self.topics, "none"]
        sites = sorted({s.group for s in by_site if s.total})  # sites without comments take no slot
        c = self.charts
        totals_by_site = {s.group: s.total for s in by_site}
        c.grouped_bars("topics_by_site", "Topic shares per site", sites, labels,
                       {(s.group, s.label): s.share for s in by_site}, c.topics, "site", "share of comments",
                       annotate={(s.group, s.label): s.count for s in by_site},
                       group_notes={g: f"({plural(n, 'comment')})" for g, n in totals_by_site.items()})
        sizes = {s.group: s.total for s in by_thread if s.total}
        groups = sorted(sizes, key=lambda g: (-sizes[g], g))[: self.max_threads]
        if groups:
            names = {f"{pt.thread.site}/{pt.thread.thread_id}": _title(pt) for pt in self.threads}
            rows = [f"({sizes[g]:,}) {names.get(g, g)}" for g in groups]  # the count first: never cut off
            row_of = dict(zip(groups, rows))
            c.heatmap("topics_by_thread", f"Topic shares per thread (%): {len(groups):,} of "
                      f"{plural(len(sizes), 'thread')}, largest first", rows, labels,
                      {(row_of[s.group], s.label): round(100 * s.share) for s in by_thread if s.group in row_of},
                      "topic", "(comments) thread")
        c.heatmap("topic_tone", "Topic × tone (comments)", labels, [*TONES, "none"], topic_tone, "tone", "topic")
        c.heatmap("topic_cooccurrence", "Topic co-occurrence (comments with both)", self.topics, self.topics, co,
                  "topic", "topic", cmap="Purples")
        c.term_bars("topic_terms", "Words that characterise each topic (log-odds z)", terms, c.topics, "z-score")
        if timeline:
            periods = sorted({p for p, *_ in timeline})
            series = {t: [(periods.index(p), k / n if n else 0.0) for p, tt, k, n in timeline if tt == t]
                      for t in self.topics}
            c.lines("topics_over_time", "Topics over time (share of comments per period)", series, c.topics,
                    "period", "share of comments", xticklabels=periods)

        n = len(self.comments)
        totals = Counter(t for cm in self.comments for t in (cm.topics or ["none"]))
        ranked = sorted((t for t in totals if t != "none"), key=lambda t: (-totals[t], t))
        lines = [f"# Topics\n\n{plural(n, 'comment')} in {plural(len(self.threads), 'thread')} from "
                 f"{plural(len({s.group for s in by_site}), 'site')} "
                 f"(taxonomy: {md(self.taxonomy.name)})."]
        misfit = misfit_sentence(self.misfit())
        if misfit:
            lines.append(misfit)
        if n:
            if ranked and not misfit:
                top = ranked[0]
                rest = " and ".join(f"{md(t)} ({totals[t]}, {_pct(totals[t] / n)})" for t in ranked[1:3])
                lines.append(f"The most discussed topic is **{md(top)}** ({plural(totals[top], 'comment')}, {_pct(totals[top] / n)})"
                             + (f", followed by {rest}." if rest else "."))
            lines.append(f"{plural(totals['none'], 'comment')} ({_pct(totals['none'] / n)}) {'carries' if totals['none'] == 1 else 'carry'} no topic of the taxonomy "
                         "(off-topic, or bare reactions like “Source?”).")
            pairs = sorted(((k, a, b) for (a, b), k in co.items() if a < b and k), reverse=True)
            if pairs:
                k, a, b = pairs[0]
                lines.append(f"Topics overlap most between {md(a)} and {md(b)} ({plural(k, 'comment')} {'carries' if k == 1 else 'carry'} both).")
            for t in ([] if misfit else ranked[:4]):  # a taxonomy that does not fit has no findings per topic
                tones = {o: v for (tt, o), v in topic_tone.items() if tt == t and o != "none" and v}
                if tones:
                    o, v = min(tones.items(), key=lambda x: (-x[1], x[0]))
                    lines.append(f"Comments about {md(t)} are most often {md(o)} ({v:,} of {totals[t]:,}).")
            for t in ([] if misfit else ranked[:4]):
                if terms.get(t):
                    lines.append(f"Words that mark {md(t)} here: " + ", ".join(md(w) for w, _ in terms[t][:8]) + ".")
        else:
            lines.append("There are no comments to analyse.")
        lines.append("\nTables: " + ", ".join(f"`{t}`" for t in self.tables if t.startswith(("topic", "tone"))) + ".")
        self.markdown("topics", "\n\n".join(lines) + "\n")

    # --- depth -------------------------------------------------------------------

    def depth_report(self) -> None:
        from comments.analyses.depth import depth_tables, subtree_sizes

        per_thread, per_site = depth_tables(self.threads)
        self.table("depth_by_thread", [r.row() for r in per_thread])
        self.table("depth_by_site", [r.row() for r in per_site])
        c = self.charts
        sites = [r.site for r in per_site if r.comments]
        max_d = max((d for r in per_site for d in r.histogram), default=0)
        values = {(f"depth {d}", r.site): r.histogram.get(d, 0) / r.comments if r.comments else 0.0
                  for r in per_site for d in range(max_d + 1)}
        c.grouped_bars("depth_by_site", "Reply depth by site (share of each site's comments)",
                       [f"depth {d}" for d in range(max_d + 1)], sites, values, c.sites, "depth (0 = top-level)",
                       "share of comments")
        sizes = []
        for pt in self.threads:
            below = subtree_sizes(pt)
            sizes += [(pt.thread.site or "", below[top.id]) for top in pt.comments if top.parent_id is None]
        fig, ax = c.plt.subplots(figsize=(7.5, 4.4))
        for site in sites:
            data = sorted((s for st, s in sizes if st == site), reverse=True)
            if data:
                ax.plot(range(1, len(data) + 1), data, marker=".", label=site, color=c.sites[site])
        ax.set(title="Subthread sizes (top-level comment and its replies)", xlabel="rank of subthread",
               ylabel="comments in subthread", xscale="log", yscale="log")
        from matplotlib.ticker import FuncFormatter, LogLocator

        for axis in (ax.xaxis, ax.yaxis):  # 1, 2, 5, 10, 20 … instead of 6×10⁰
            axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
            axis.set_minor_formatter(FuncFormatter(lambda v, _: ""))
            axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))
        if sizes:
            ax.legend(fontsize=9, frameon=False)
        c.save(fig, "subthread_sizes", "Subthread sizes")
        for i, pt in enumerate(self.largest(), 1):
            rects, depth_max = _icicle(pt, self.charts.topics)
            c.icicle(f"tree_{i:02d}", f"Reply tree: {_title(pt)}", rects, depth_max)

        lines = ["# Reply depth"]
        if misfit_sentence(self.misfit()):
            lines.append(misfit_sentence(self.misfit()))
        total = sum(r.comments for r in per_site)
        if total:
            shown = sorted((r for r in per_site if r.comments), key=lambda r: (-r.comments, r.site))
            for r in shown[:FINDINGS]:
                lines.append(
                    f"On **{md(r.site)}**, {plural(r.comments, 'comment')} in {_plural(r.threads, 'thread')}: "
                    f"{_pct(r.reply_share)} are replies, "
                    f"the deepest reply sits at depth {r.max_depth} (mean depth {_num(r.mean_depth)}), "
                    f"{_pct(r.leaf_share)} of comments get no reply, and a comment with replies gets "
                    f"{_num(r.mean_branching, 1)} on average. The largest subthread has {plural(r.largest_subthread, 'comment')}; "
                    f"h-index {_num(r.h_index, 1)}, structural virality {_num(r.structural_virality)}.")
            if len(shown) > FINDINGS:
                rest = len(shown) - FINDINGS
                lines.append(f"{plural(rest, 'smaller site')} {'is' if rest == 1 else 'are'} in depth_by_site.csv.")
            deepest = max(per_thread, key=lambda r: (r.max_depth, r.comments))
            lines.append(f"The deepest discussion is thread {md(deepest.thread_id)} on {md(deepest.site)} "
                         f"(depth {deepest.max_depth}, {plural(deepest.comments, 'comment')}).")
            empty = [r for r in per_thread if not r.comments]
            if empty:
                lines.append(f"{len(empty):,} of the {plural(len(per_thread), 'thread')} {'has' if len(empty) == 1 else 'have'} no comments.")
        else:
            lines.append("There are no comments, so there is no reply structure to describe.")
        lines.append("Nesting level = depth + 1; h-index after Gómez, Kaltenbrunner & López (2008); structural "
                     "virality after Goel et al. (2016), the mean distance between all pairs of nodes of the "
                     "reply tree rooted at the article.")
        self.markdown("depth", "\n\n".join(lines) + "\n")

    # --- drift -------------------------------------------------------------------

    def drift_report(self) -> None:
        from comments.analyses.drift import NONE

        from comments.analyses.drift import significant_slopes, subject_changes, top_chains, transitions_table

        edges, summaries, chains = self.drift_results()
        significant = significant_slopes(summaries)
        self.table("drift_edges", [_row(e) for e in edges])
        self.table("drift_by_thread", [{k: v for k, v in vars(s).items() if k not in ("transitions", "changes",
                                        "drift_rate_by_depth")} | {f"drift_rate_depth_{d}": r for d, r in
                                        s.drift_rate_by_depth.items()} for s in summaries])
        transitions = transitions_table(summaries)
        changes = subject_changes(summaries)
        labels = [*self.topics, NONE]
        self.table("drift_transitions",
                   [{"site": "(all)", "thread_id": "(all)", "parent_topic": a, "reply_topic": b,
                     "replies": transitions.get((a, b), 0)} for a in labels for b in labels]
                   + [{"site": s.site, "thread_id": s.thread_id, "parent_topic": a, "reply_topic": b, "replies": n}
                      for s in summaries for (a, b), n in sorted(s.transitions.items())])
        self.table("drift_changes", [{"parent_topic": a, "reply_topic": b, "replies": n}
                                     for (a, b), n in sorted(changes.items(), key=lambda x: (-x[1], x[0]))])
        self.table("drift_chains", [{"site": ch.site, "thread_id": ch.thread_id, "ids": " → ".join(ch.ids),
                                     "drift": ch.drift, "topics_first": ch.topics_first, "topics_last": ch.topics_last,
                                     "openings": " → ".join(ch.openings)} for ch in chains])
        c = self.charts
        c.heatmap("drift_transitions", "Parent topic → reply topic (replies)", labels, labels,
                  {k: transitions.get(k, 0) for k in ((a, b) for a in labels for b in labels)},
                  "reply topic", "parent topic", cmap="Oranges")
        by_site_depth: dict[str, dict[int, list[bool]]] = {}
        for e in edges:
            if e.kept_topic is not None:
                by_site_depth.setdefault(e.site, {}).setdefault(e.depth, []).append(not e.kept_topic)
        c.lines("drift_by_depth", "Drift rate by depth (replies that keep none of their parent's topics)",
                {s: [(d, sum(v) / len(v)) for d, v in sorted(ds.items())] for s, ds in sorted(by_site_depth.items())},
                c.sites, "depth of the reply", "share of replies drifting", integer_x=True)
        points = [(e.depth, e.sim_article if e.sim_article is not None else e.sim_root, e.site) for e in edges]
        points = [p for p in points if p[1] is not None]
        fig, ax = c.plt.subplots(figsize=(7.5, 4.4))
        sample = points if len(points) <= 3000 else points[:: len(points) // 3000 + 1]  # deterministic thinning
        for site in sorted({p[2] for p in points}):
            ax.scatter([p[0] for p in sample if p[2] == site], [p[1] for p in sample if p[2] == site], alpha=0.25,
                       s=12, color=c.sites.get(site))
            means: dict[int, list[float]] = {}
            for d, v, st in points:
                if st == site:
                    means.setdefault(d, []).append(v)
            xs = sorted(means)
            ax.plot(xs, [sum(means[x]) / len(means[x]) for x in xs], marker="o", color=c.sites.get(site),
                    label=f"{site} (mean)")
        ax.set(title="Similarity to the article (or root comment) by depth", xlabel="depth of the reply",
               ylabel="cosine similarity (lemmas + character n-grams)")
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if points:
            ax.legend(fontsize=9, frameon=False)
        c.save(fig, "drift_slope", "Similarity to the article by depth")
        series: dict[str, list[tuple[float, float]]] = {t: [] for t in labels}
        for decile in range(10):
            chunk = [cm for pt in self.threads for cm in pt.comments
                     if len(pt.comments) and int(10 * cm.position / len(pt.comments)) == decile]
            weight: Counter = Counter()
            for cm in chunk:  # a comment with k topics gives 1/k to each: the stack sums to 1
                for t in cm.topics or [NONE]:
                    weight[t] += 1 / len(cm.topics or [NONE])
            for t in labels:
                series[t].append((decile * 10 + 5, weight[t] / len(chunk) if chunk else 0.0))
        c.lines("drift_along_thread", "Topic shares along the thread (position in the thread)", series, c.topics,
                "position in the thread (% of its comments)", "share of comments (k topics: 1/k each)",
                stacked=True)

        self.markdown("drift", "\n\n".join(drift_lines(edges, summaries, significant, changes,
                                                       top_chains(chains, FINDINGS), self.misfit())) + "\n")

    # --- compare -----------------------------------------------------------------

    def compare_report(self) -> None:
        from comments.reporting.compare_report import write

        write(self, self.by)


def _row(record) -> dict:
    """A dataclass record as a table row (shallow: fast for a million edges)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def _title(pt: ParsedThread) -> str:
    return f"{pt.thread.site} · {pt.thread.title or pt.thread.thread_id}"


def _icicle(pt: ParsedThread, topic_colours: dict[str, str]) -> tuple[list[tuple[int, float, float, str]], int]:
    """Rectangles (depth, start, width, colour by first topic) of an icicle plot."""
    from comments.analyses.depth import subtree_sizes
    from comments.model.tree import children_index

    index = children_index(pt.comments)
    sizes = subtree_sizes(pt)
    rects, stack, start = [], [], 0.0
    for top in index.get(None, []):
        stack.append((top, start))
        start += sizes[top.id]
    max_depth = 0
    while stack:
        c, left = stack.pop()
        colour = topic_colours.get((c.topics or ["none"])[0], "#BBBBBB")
        rects.append((c.depth, left, float(sizes[c.id]), colour))
        max_depth = max(max_depth, c.depth)
        offset = left + 1.0  # the comment itself takes one unit under its own bar
        for kid in index.get(c.id, []):
            stack.append((kid, offset))
            offset += sizes[kid.id]
    return rects, max_depth


def run(threads: list[ParsedThread], taxonomy: Taxonomy, out: Path, which: str, max_threads: int = 20,
        by: str = "site") -> Report:
    """Write one report (``topics``, ``depth``, ``drift``, ``compare``) or ``all`` (+ index.html)."""
    report = Report(threads, taxonomy, out, max_threads, by)
    parts = ["topics", "depth", "drift", "compare"] if which == "all" else [which]
    with report.folder:
        for part in parts:
            getattr(report, f"{part}_report")()
        if which == "all":
            from comments.reporting.html_report import write_index

            write_index(report)
    return report
