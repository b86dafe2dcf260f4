"""The topics, depth and drift sections of a report: each writes its tables and
charts and says in sentences what its tables show, every number taken from them
(the compare section is in compare_report.py)."""

from __future__ import annotations

from collections import Counter

from comments.analyses.depth import shown_h
from comments.analyses.sentences import (FINDINGS, apart_kinds, MIN_CLAIM, claimable, compared_with, corpus_line,
                                         deleted_sentence, drift_lines, empty_threads, joined, leaders,
                                         not_loaded_sentence, num, orphaned, pct,
                                         no_topic_sentence, note_sentence, unshown_sentence, pingback_sentence, plural, post_author_sentence, ranked,
                                         rounded, tone_sentence, topic_tone_lines, unread_tone_sentence)
from comments.analyses.topic_stats import (DELETED, NOTE, UNSHOWN, MIN_MARKER_COMMENTS, PINGBACK, SET_APART, UNREAD,
                                          period_span)
from comments.classification.tone import TONES
from comments.reporting.empty import APART
from comments.text.textsafe import md

TOPIC_TABLES = ("topic_shares_by_site", "topic_shares_by_thread", "tone_shares_by_site", "topic_tone",
                "topic_cooccurrence", "topic_terms", "topics_over_time")
DEPTH_TABLES = ("depth_by_thread", "depth_by_site")
#: Bars the depth_by_site chart draws one per depth; deeper replies share one "≥ N" bar
#: (a 5,000-deep chain drew 5,001 groups of bars, minutes of matplotlib ticks).
DEPTH_BARS = 30
DRIFT_TABLES = ("drift_edges", "drift_by_thread", "drift_transitions", "drift_changes", "drift_chains")


def topics(report, a) -> None:
    """topics.md, the topic and tone tables and six charts."""
    r = a.results
    by_site, by_thread, topic_tone, co, terms, timeline = (r["by_site"], r["by_thread"], r["topic_tone"],
                                                           r["cooccurrence"], r["terms"], r["timeline"])
    for name in TOPIC_TABLES:
        report.table(name)
    apart = _apart(by_site)
    labels = [*a.topics, *apart, "none"]
    c = report.charts
    sites = c.site_order({s.group for s in by_site if s.total})  # sites without comments take no slot
    totals_by_site = {s.group: s.total for s in by_site}
    c.grouped_bars("topics_by_site", "Topic shares per site", sites, labels,
                   {(s.group, s.label): s.share for s in by_site if s.total}, c.topics, "site", "share of comments",
                   annotate={(s.group, s.label): s.count for s in by_site},
                   group_notes={g: f"({plural(n, 'comment')})" for g, n in totals_by_site.items()})
    sizes = {s.group: s.total for s in by_thread if s.total}
    groups = sorted(sizes, key=lambda g: (-sizes[g], g))[: report.max_threads]
    if groups:
        names = a.results["names"]
        twice = Counter(names.get(g, g) for g in groups)  # two threads of one title: their ids tell them apart
        rows = [f"({sizes[g]:,}) " + (f"{g.rsplit('/', 1)[-1] or g} · " if twice[names.get(g, g)] > 1 else "")
                + names.get(g, g) for g in groups]  # the count first: never cut off
        row_of = dict(zip(groups, rows))
        c.heatmap("topics_by_thread", f"Topic shares per thread (%): {len(groups):,} of "
                  f"{plural(len(sizes), 'thread')}, largest first", rows, labels,
                  {(row_of[s.group], s.label): int(rounded(s.share, 0, 100)) for s in by_thread if s.group in row_of},
                  "topic", "(comments) thread")
    unread = [UNREAD] if any(tone == UNREAD for _, tone in topic_tone) else []  # (see topic_stats.UNREAD)
    c.heatmap("topic_tone", "Topic × tone (comments)", labels, [*TONES, *apart, *unread, "none"], topic_tone, "tone",
              "topic")
    if any(co.values()):  # all zero: a field of zeros says nothing (empty.py says why it is left out)
        c.heatmap("topic_cooccurrence", "Topic co-occurrence (comments with both)", a.topics, a.topics, co,
                  "topic", "topic", cmap="Purples")
    c.term_bars("topic_terms", "Words that characterise each topic (log-odds z)", terms, c.topics, "z-score")
    if timeline:
        periods = sorted({p for p, *_ in timeline})
        span = period_span(periods) or periods  # the calendar: periods without a comment take their place
        at = {p: i for i, p in enumerate(span)}
        series = {t: _broken([(at[p], k / n if n else 0.0) for p, tt, k, n in timeline if tt == t]) for t in a.topics}
        dated = {at[p]: n for p, _, _, n in timeline}  # each period's base: the comments dated then
        c.lines("topics_over_time", "Topics over time (share of comments per period; a gap: none dated then)",
                series, c.topics, "period", "share of comments", xticks=list(enumerate(span)),
                counts=(sorted(dated.items()), "comments dated in the period (n"
                        + (f"; {apart_kinds(apart)} not counted)" if apart else ")")))
    report.markdown("topics", "\n\n".join(topic_lines(report, a)) + "\n")


def _apart(by_site) -> list[str]:
    """The labels counted apart (topic_stats.SET_APART: pingbacks, deleted comments …) that records of the input
    carry, from the topic shares by site."""
    return [x for x in SET_APART if any(s.label == x and s.count for s in by_site)]


def _broken(points: list[tuple[int, float]]) -> list[tuple[float, float]]:
    """A line's points with a NaN between two periods that are not next to each other, so
    the line breaks there instead of joining them as if adjacent."""
    out: list[tuple[float, float]] = []
    for x, y in points:
        if out and x - out[-1][0] > 1:
            out.append((x - 0.5, float("nan")))
        out.append((x, y))
    return out


def time_gaps(timeline, apart: list[str] = ()) -> str | None:
    """The sentence on the periods between the first and last of topics_over_time that
    have no dated comment (None when there is no such gap); ``apart``: the labels counted apart in the input, whose
    records topics_over_time does not count (a month of only pingbacks is a gap), named."""
    periods = sorted({p for p, *_ in timeline})
    span = period_span(periods)
    if not span or len(span) == len(periods):
        return None
    unit = "day" if len(periods[0]) == 10 else "month"
    missing = len(span) - len(periods)
    counted = f" (not counting {apart_kinds(apart)})" if apart else ""
    return (f"Dated comments{counted} fall in {plural(len(periods), unit)} from {periods[0]} to {periods[-1]}; "
            f"{plural(missing, unit)} in between {'has' if missing == 1 else 'have'} none, left as "
            f"{'a gap' if missing == 1 else 'gaps'} in the lines of the topics_over_time chart (topics_over_time.csv "
            f"lists the {unit}s with dated comments).")


def topic_lines(report, a) -> list[str]:
    """The topics summary, from topic_shares_by_site, topic_cooccurrence, topic_tone and topic_terms."""
    r = a.results
    by_site, topic_tone, co, terms = r["by_site"], r["topic_tone"], r["cooccurrence"], r["terms"]
    n = a.counts["comments"]
    totals: Counter = Counter()
    for s in by_site:
        totals[s.label] += s.count
    order = ranked({t: k for t, k in totals.items() if t not in ("none", *SET_APART) and k})
    counts = {**a.counts, "sites": len({s.group for s in by_site})}
    lines = [f"# Topics\n\n{corpus_line(counts, r.get('loaded'), f' (taxonomy: {md(a.taxonomy.name)})')}."]
    pingbacks = pingback_sentence(by_site)  # (in every share's base below, counted apart)
    if pingbacks:
        lines.append(pingbacks)
    deleted = deleted_sentence(by_site)  # (the same: in every share's base, counted apart)
    if deleted:
        lines.append(deleted)
    notes = note_sentence(by_site)  # (the same)
    if notes:
        lines.append(notes)
    unseen = unshown_sentence(by_site)  # (the same)
    if unseen:
        lines.append(unseen)
    misfit = report.misfit()
    if misfit:
        lines.append(misfit)
    if n:
        top = totals[order[0]] if order else 0
        if order and not misfit and not claimable(top):
            lines.append(f"Too few comments carry any one topic to name the most discussed (at most "
                         f"{plural(top, 'comment')} each, fewer than {MIN_CLAIM}; topic_shares_by_site.csv).")
        elif order and not misfit:
            tied = leaders({t: totals[t] for t in order})
            rest = " and ".join(f"{md(t)} ({totals[t]:,}, {pct(totals[t] / n)})" for t in order[len(tied):len(tied) + 2])
            lead = (f"The most discussed topic is **{md(tied[0])}** ({plural(top, 'comment')}, {pct(top / n)})"
                    if len(tied) == 1 else
                    f"The most discussed topics are {joined([f'**{md(t)}**' for t in tied])}, which tie at "
                    f"{plural(top, 'comment')} each ({pct(top / n)})")
            lines.append(lead + (f", followed by {rest}." if rest else "."))
        lines.append(no_topic_sentence(totals["none"], n, a.rows.get("topic_coverage", []), totals.get(PINGBACK, 0),
                                       totals.get(DELETED, 0), totals.get(NOTE, 0),
                                       totals.get(UNSHOWN, 0)))
        tone = tone_sentence(r["tone_site"])
        if tone:
            lines.append(tone)
        unread = unread_tone_sentence(r["tone_site"])
        if unread:
            lines.append(unread)
        pairs = ranked({(x, y): k for (x, y), k in co.items() if x < y and k})
        if pairs and not misfit:  # a taxonomy that does not fit names no pair of topics either
            x, y = pairs[0]
            k = co[(x, y)]
            lines.append(f"Topics overlap most between {md(x)} and {md(y)} ({plural(k, 'comment')} "
                         f"{'carries' if k == 1 else 'carry'} both)." if claimable(k) else
                         f"Too few comments carry two topics to name the pair that overlaps most (at most "
                         f"{plural(k, 'comment')} each pair, fewer than {MIN_CLAIM}; topic_cooccurrence.csv).")
        shown = [] if misfit else order[:FINDINGS]  # a taxonomy that does not fit has no findings per topic
        lines += topic_tone_lines(shown, totals, topic_tone, r["tone_site"])
        for t in shown:
            if terms.get(t):
                found = terms[t]
                more = f"; {len(found) - 8:,} more in topic_terms.csv" if len(found) > 8 else ""
                lines.append(f"Words that mark {md(t)} here ({APART}, each found in {MIN_MARKER_COMMENTS} or more of "
                             "its comments): " + ", ".join(md(w) for w, *_ in found[:8]) + more + ".")
        unmarked = [t for t in shown if t in terms and not terms[t]]
        if unmarked and any(terms.values()):  # none marked at all: the empty topic_terms.csv says so once
            lines.append(f"No word marks {joined([md(t) for t in unmarked])} clearly here (none is {APART} and found "
                         f"in {MIN_MARKER_COMMENTS} or more of {'its' if len(unmarked) == 1 else 'their'} comments; "
                         "see topic_terms.csv).")
        if len(order) > len(shown) and shown:
            rest = len(order) - len(shown)
            lines.append(f"{plural(rest, 'more topic')} {'is' if rest == 1 else 'are'} in topic_tone.csv "
                         "and topic_terms.csv.")
        gaps = time_gaps(r["timeline"], _apart(r["by_site"]))
        if gaps:
            lines.append(gaps)
    else:
        lines.append("There are no comments to analyse.")
    return lines


def depth(report, a) -> None:
    """depth.md, the depth tables, the depth and subthread charts and the reply-tree icicles."""
    per_thread, per_site = a.results["per_thread"], a.results["per_site"]
    for name in DEPTH_TABLES:
        report.table(name)
    c = report.charts
    sites = c.site_order(r.site for r in per_site if r.comments)
    groups, values = depth_shares(per_site)
    binned = len(groups) > DEPTH_BARS
    c.grouped_bars("depth_by_site", "Reply depth by site (share of each site's comments"
                   + (f"; depths ≥ {DEPTH_BARS} in one bar)" if binned else ")"),
                   groups, sites, values, c.sites,
                   "depth (0 = top-level)" + (f"; ≥ {DEPTH_BARS}: every deeper reply" if binned else ""),
                   "share of comments")
    sizes: dict[str, list[int]] = {site: [] for site in sites}
    for row in a.rows["subthread_sizes"]:
        if row["site"] in sizes:
            sizes[row["site"]].append(row["size"])
    c.rank_sizes("subthread_sizes", "Subthread sizes (top-level comment and its replies)", "Subthread sizes", sizes,
                 "rank of subthread", "comments in subthread")
    report.begin_trees()
    for i, (pt, (rects, depth_max)) in enumerate(zip(a.largest, a.icicles), 1):
        c.icicle(f"tree_{i:02d}", f"Reply tree: {pt.thread.site} · {pt.thread.title or pt.thread.thread_id}",
                 rects, depth_max)
    report.markdown("depth", "\n\n".join(depth_lines(report, per_thread, per_site, a.results.get("loaded"))) + "\n")


def depth_shares(per_site) -> tuple[list[str], dict[tuple[str, str], float]]:
    """The depth_by_site chart's bars: "depth 0" … one per depth, each site's share of its
    comments; depths from ``DEPTH_BARS`` on pooled into one "depth ≥ N" bar when deeper, so
    a 5,000-deep chain draws DEPTH_BARS + 1 bars, not 5,001 (the CSV keeps every depth)."""
    max_d = max((d for r in per_site for d in r.histogram), default=0)
    shown = DEPTH_BARS if max_d > DEPTH_BARS else max_d + 1  # depths drawn one bar each
    groups = [f"depth {d}" for d in range(shown)]
    values = {(g, r.site): r.histogram.get(d, 0) / r.comments if r.comments else 0.0
              for r in per_site for d, g in enumerate(groups)}
    if shown <= max_d:  # the deeper replies, pooled
        groups.append(f"depth ≥ {DEPTH_BARS}")
        for r in per_site:
            rest = sum(n for d, n in r.histogram.items() if d >= DEPTH_BARS)
            values[(groups[-1], r.site)] = rest / r.comments if r.comments else 0.0
    return groups, values


def _pingbacks_counted(r) -> str:
    """" 3 of the 8 comments are pingbacks or trackbacks …": a site's pingbacks (depth_by_site's
    ``pingbacks``), which its depth figures count as the source lists them; empty without any."""
    if not r.pingbacks:
        return ""
    return (f" {r.pingbacks:,} of the {plural(r.comments, 'comment')} "
            f"{'is a pingback or trackback' if r.pingbacks == 1 else 'are pingbacks or trackbacks'} (another page "
            "linking here, not a reader), counted in these figures (pingbacks in depth_by_site.csv).")


def _shape(site, per_thread) -> str:
    """A site's h-index and structural virality as depth_by_site.csv holds them: a thread's own, or with several
    threads their mean per thread (said so: a mean of 1.05 is no site's h-index), beside the largest thread's."""
    active = [r for r in per_thread if r.site == site.site and r.comments]
    if len(active) < 2:
        return f"h-index {shown_h(site.h_index)}, structural virality {num(site.structural_virality)}"
    top = min(active, key=lambda r: (-r.comments, str(r.thread_id)))
    return (f"mean per thread over its {plural(len(active), 'thread')} with comments: h-index {shown_h(site.h_index)}, "
            f"structural virality {num(site.structural_virality)} (its largest thread, {md(str(top.thread_id))} with "
            f"{plural(top.comments, 'comment')}: h-index {shown_h(top.h_index)}, structural virality "
            f"{num(top.structural_virality)})")


def depth_lines(report, per_thread, per_site, loaded=None) -> list[str]:
    """The depth summary, from depth_by_site and depth_by_thread (``loaded``:
    analyses.analysis.Loaded, what the input holds of each thread)."""
    lines = ["# Reply depth"]
    if report.misfit(names_topics=False):  # depth names no topic
        lines.append(report.misfit(names_topics=False))
    held = not_loaded_sentence(loaded, "depth_by_thread.csv")
    if held:
        lines.append(held)
    total = sum(r.comments for r in per_site)
    if total:
        shown = sorted((r for r in per_site if r.comments), key=lambda r: (-r.comments, r.site))
        for r in shown[:FINDINGS]:
            if not r.replies and r.orphans:  # replies all cut off from their parents: not a flat discussion
                lines.append(f"On **{md(r.site)}**, {plural(r.comments, 'comment')} in "
                             f"{plural(r.threads, 'thread')} and no reply whose parent is in the input: "
                             f"{orphaned(r.orphans)} and there is no reply structure to describe."
                             + _pingbacks_counted(r))
                continue
            if not r.replies:  # no depth, branching or subthread to describe: say so instead of zeros
                lines.append(f"On **{md(r.site)}**, {plural(r.comments, 'comment')} in "
                             f"{plural(r.threads, 'thread')} and no replies: every comment is top-level, "
                             "so there is no reply structure to describe." + _pingbacks_counted(r))
                continue
            lines.append(
                f"On **{md(r.site)}**, {plural(r.comments, 'comment')} in {plural(r.threads, 'thread')}: "
                f"{pct(r.reply_share)} are replies, "
                f"the deepest reply sits at depth {r.max_depth} (mean depth {num(r.mean_depth)}), "
                f"{pct(r.leaf_share)} of comments get no reply, and a comment with replies gets "
                f"{num(r.mean_branching, 1)} on average. The largest subthread has "
                f"{plural(r.largest_subthread, 'comment')}; " + _shape(r, per_thread) + "."
                + (f" {orphaned(r.orphans)}." if r.orphans else ""))
            if host := post_author_sentence(r.comments, r.replies, r.by_post_author, r.post_author_replies,
                                             "depth_by_site.csv"):
                lines[-1] += " " + host
            lines[-1] += _pingbacks_counted(r)
        if len(shown) > FINDINGS:
            rest = len(shown) - FINDINGS
            lines.append(f"{plural(rest, 'smaller site')} {'is' if rest == 1 else 'are'} in depth_by_site.csv.")
        deepest = max(per_thread, key=lambda r: (r.max_depth, r.comments))
        tied = sum(r.max_depth == deepest.max_depth for r in per_thread if r.comments)
        with_comments = sum(1 for r in per_thread if r.comments)
        orphans = sum(r.orphans for r in per_site)
        if not deepest.max_depth and orphans:
            lines.append("No thread has a reply whose parent is in the input: every comment is counted top-level "
                         "(the orphans column of depth_by_thread.csv counts the replies whose parent is missing).")
        elif not deepest.max_depth:
            lines.append("No thread has a reply: every comment is top-level.")
        elif tied > 1:  # several threads reach the same depth: say so rather than name one of them
            lines.append(f"{tied:,} threads reach depth {deepest.max_depth:,}; the largest of them is thread "
                         f"{md(deepest.thread_id)} on {md(deepest.site)} ({plural(deepest.comments, 'comment')}).")
        elif with_comments == 1:  # no superlative over a single candidate
            lines.append(f"The only thread with comments, {md(deepest.thread_id)} on {md(deepest.site)}, reaches "
                         f"depth {deepest.max_depth} ({plural(deepest.comments, 'comment')}).")
        else:
            lines.append(f"The deepest discussion is thread {md(deepest.thread_id)} on {md(deepest.site)} "
                         f"(depth {deepest.max_depth}, {plural(deepest.comments, 'comment')}).")
        beyond = sum(n for r in per_site for d, n in r.histogram.items() if d >= DEPTH_BARS)
        if deepest.max_depth > DEPTH_BARS:  # depth_shares pooled the deep replies: say so
            lines.append(f"The depth chart draws one bar per depth up to {DEPTH_BARS - 1} and the "
                         f"{plural(beyond, 'reply', 'replies')} at depth {DEPTH_BARS} or deeper as one bar; "
                         "depth_by_site.csv counts every depth.")
        empty = [r for r in per_thread if not r.comments]
        if empty and loaded is not None:
            lines.append(empty_threads(loaded, len(per_thread)) + ".")
        elif empty:
            lines.append(f"{len(empty):,} of the {plural(len(per_thread), 'thread')} "
                         f"{'has' if len(empty) == 1 else 'have'} no comments in the input.")
    else:
        lines.append("There are no comments, so there is no reply structure to describe.")
    lines.append("Nesting level = depth + 1; h-index after Gómez, Kaltenbrunner & López (2008); structural "
                 "virality after Goel et al. (2016), the mean distance between all pairs of nodes of the "
                 "reply tree rooted at the article.")
    return lines


def drift(report, a) -> None:
    """drift.md, the drift tables and four charts."""
    from comments.analyses.drift import NONE, top_chains

    r = a.results
    for name in DRIFT_TABLES:
        report.table(name)
    report.coverage_table()  # the base of the fit sentence drift_lines may write
    labels = [*a.topics, NONE]
    c = report.charts
    transitions = r["transitions"]
    c.heatmap("drift_transitions", "Parent topic → reply topic (replies)", labels, labels,
              {k: transitions.get(k, 0) for k in ((x, y) for x in labels for y in labels)},
              "reply topic", "parent topic", cmap="Oranges")
    by_site: dict[str, list[tuple[int, float]]] = {}
    judged: dict[str, list[int]] = {}  # each point's base: n = the replies whose parent has a topic
    for row in a.rows["drift_by_depth"]:
        by_site.setdefault(row["site"], []).append((row["depth"], row["drift_rate"]))
        judged.setdefault(row["site"], []).append(row["judged"])
    if by_site and not r["misfit"]:  # no reply to a comment with a topic, or labels of a taxonomy that does not
        # fit: no rate to draw (empty.py says why it is left out)
        c.lines("drift_by_depth", "Drift rate by depth (replies that keep none of their parent's topics; n = "
                "replies judged)", {site: by_site[site] for site in c.site_order(by_site)}, c.sites,
                "depth of the reply", "share of replies drifting", integer_x=True, bases=judged)
    c.scatter_means("drift_slope", "Replies' similarity to the article (or root comment) by depth",
                    f"Replies' similarity to {compared_with(r['summaries'], plotted=True)} by depth (the slope's points)", r["edges"].similarity_points(),
                    "depth of the reply (top-level comments left out)", "cosine similarity (lemmas + character n-grams)")
    series: dict[str, list[tuple[float, float]]] = {}
    for row in a.rows["position_deciles"]:  # (the topics, pingback when there are any, none)
        share = row["share"] if row["comments"] else float("nan")  # no comment in the decile: a gap, not 0
        series.setdefault(row["label"], []).append((row["position"], share))
    gaps = "; a gap: no comment there" if any(not row["comments"] for row in a.rows["position_deciles"]) else ""
    c.lines("drift_along_thread", f"Topic shares along the thread (position in the thread{gaps})", series, c.topics,
            "position in the thread (% of its comments)", "share of comments (k topics: 1/k each)", stacked=True)
    text = drift_lines(r["edges"], r["summaries"], r["significant"], r["changes"], top_chains(r["chains"], FINDINGS),
                       a.results["misfit"], a.results.get("draft"))
    report.markdown("drift", "\n\n".join(text) + "\n")
