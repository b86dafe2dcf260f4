"""The compare section of the reports: ``compare --by site`` (default: sites compared,
threads the resampling unit) or ``--by thread`` (threads compared, comments the unit —
for corpora with too few threads per site for site intervals).

Its tables (compare_sites.csv, compare_threads.csv, compare_tests.csv,
compare_words.csv) come from the Analysis (analyses/compare.py: reductions over
per-thread partials); this module writes them, draws three charts and says what they show.
"""

from __future__ import annotations

from comments.analyses.sentences import (FINDINGS, MIN_CLAIM, claimable, deleted_sentence, joined, leaders, span,
                                         mix_sentence, not_loaded_sentence, note_sentence, unshown_sentence, num, orphaned, pct, pingback_sentence,
                                         plural, post_author_sentence)
from comments.analyses.topic_stats import DELETED, NOTE, PINGBACK, SET_APART, UNREAD, UNSHOWN, Coverage, Share
from comments.analyses.topic_stats import misfit as misfit_of
from comments.text.textsafe import md
from comments.model.records import TONES
from comments.reporting.charts import Style, styles
from comments.reporting.empty import APART, SPREAD, apart_counts, untestable, worded

TABLES = ("compare_sites", "compare_threads", "compare_tests", "compare_words")


def write(report, a) -> None:
    """compare.md, its four tables and three charts into the report's folder."""
    by = a.by
    r = a.results
    site_rows, thread_rows = r["site_rows"], r["thread_rows"]
    for name in TABLES:
        report.table(name)
    if by == "thread":
        groups = [row | {"group": f"{row['site']}/{row['thread_id']}", "name": _thread_name(row)}
                  for row in thread_rows]
    else:
        groups = [row | {"group": row["site"], "name": row["site"]} for row in site_rows]
    active = sorted((row for row in groups if row["comments"]), key=lambda row: (-row["comments"], row["group"]))
    _charts(report, a.topics, active, by)
    report.markdown("compare", "\n\n".join(lines(report, a, active)) + "\n")


#: what each label counted apart stands for (a chart's axis note)
WHAT = {PINGBACK: "pingbacks and trackbacks, not read", DELETED: "deleted or removed comments, not read",
        NOTE: "editorial notes, not read", UNSHOWN: "spam and pending comments, no reader saw them"}


def _apart(row: dict, label: str = DELETED) -> int:
    """A compare row's records set apart under ``label`` (deleted or removed comments, editorial notes), from its
    ``topic_LABEL`` share (absent: none)."""
    return round((row.get(f"topic_{label}") or 0.0) * row["comments"])


def lines(report, a, active: list[dict]) -> list[str]:
    """The comparison summary, from compare_sites/compare_threads, compare_tests and compare_words."""
    by, r = a.by, a.results
    unit = "thread" if by == "site" else "comment"
    out = ["# Comparison of sites and threads" if by == "site" else "# Comparison of threads"]
    out.append(f"{plural(len(r['site_rows']), 'site')}, {plural(len(r['thread_rows']), 'thread')}, "
               f"{plural(a.counts['comments'], 'comment')}; compared by {by} (resampling unit: {unit}).")
    held = not_loaded_sentence(r.get("loaded"), "compare_threads.csv")
    if held:
        out.append(held)
    pingbacks = pingback_sentence([Share(row["site"], PINGBACK, row["pingbacks"], row["comments"])
                                   for row in r["site_rows"]])
    if pingbacks:
        out.append(pingbacks)
    deleted = deleted_sentence([Share(row["site"], DELETED, _apart(row), row["comments"]) for row in r["site_rows"]])
    if deleted:
        out.append(deleted)
    for sentence, label in ((note_sentence, NOTE), (unshown_sentence, UNSHOWN)):
        said = sentence([Share(row["site"], label, _apart(row, label), row["comments"]) for row in r["site_rows"]])
        if said:
            out.append(said)
    misfit = report.misfit()
    from comments.analyses.compare import tested

    readers = {row["name"]: row["comments"] - row["pingbacks"] - sum(_apart(row, x) for x in (DELETED, NOTE, UNSHOWN))
               for row in active}  # the tests' base
    compared = [row for row in active
                if tested(readers[row["name"]], row["threads"] if by == "site" else readers[row["name"]], by)]
    for field, rows in r["tests"].items():
        prefix = "topic" if field == "topics" else "tone"
        shares = {t.label: {row["name"]: (row[f"{prefix}_{t.label}"] or 0.0) * row["comments"] / readers[row["name"]]
                            for row in compared} for t in rows}  # (of the readers' comments, as the tests count)
        out.append(mix_sentence(field, rows, by, misfit=bool(misfit), shares=shares))
    if misfit:
        out.append(misfit)
    words = r["words"]
    coverage = _coverage_by_group(a, by)
    from comments.classification.suggest import MIN_COMMENTS

    substantive = sum(c.substantive for rows in coverage.values() for c in rows)
    try_suggest = "; try `comments taxonomy suggest`" if substantive >= MIN_COMMENTS else ""  # only if it can run
    table = "compare_sites.csv" if by == "site" else "compare_threads.csv"
    for row in active[:FINDINGS]:
        tied = leaders({t: row[f"topic_{t}"] for t in a.topics})
        top = tied[0] if tied else None
        group_misfit = misfit_of(coverage.get(row["group"], []))
        cover = coverage.get(row["group"], [])
        sub = sum(c.substantive for c in cover)
        if misfit and sub:  # the base the fit rule uses: its substantive comments
            leading = (f"{pct(sum(c.without_topic for c in cover) / sub)} of its "
                       f"{plural(sub, 'substantive comment')} have no topic")
        elif misfit:
            leading = "it has no substantive comment to give a topic"
        elif group_misfit:
            leading = (f"the taxonomy does not fit it ({pct(group_misfit[0])} of its "
                       f"{plural(group_misfit[1], 'substantive comment')} get no topic{try_suggest}), "
                       "so no leading topic is named")
        elif top and row[f"topic_{top}"] and not claimable(round(row[f"topic_{top}"] * row["comments"])):
            k = round(row[f"topic_{top}"] * row["comments"])  # a share of 1 or 2 comments names no leading topic
            leading = (f"too few comments carry any one topic to name the leading one (at most "
                       f"{plural(k, 'comment')} each, fewer than {MIN_CLAIM}; {table})")
        elif top and row[f"topic_{top}"]:
            leading = (f"the leading topic is {md(top)} ({pct(row[f'topic_{top}'])})" if len(tied) == 1 else
                       f"{joined([md(t) for t in tied])} tie as the leading topics ({pct(row[f'topic_{top}'])} each)")
        else:
            leading = "no comment has a topic"
        note = row["interval_note"] or ""
        interval = (f"95 % CI {span(row['mean_depth_ci_low'], row['mean_depth_ci_high'])} over {unit}s"
                    if row["mean_depth_ci_low"] is not None else note.removeprefix("mean depth: ").split("; mean polarity: ")[0])
        size = (f"{plural(row['threads'], 'thread')}, " if by == "site" else "") + plural(row["comments"], "comment")
        k = row["pingbacks"]
        size += f", {k:,} of them {'a pingback' if k == 1 else 'pingbacks'}, not read for topic or tone" if k else ""
        orphans = f"; {orphaned(row['orphans'])}" if row.get("orphans") else ""
        polarity = ("no mean polarity (no comment has a polarity score)" if row["mean_polarity"] is None else
                    f"mean polarity {num(row['mean_polarity'])}" + (
                        f" (95 % CI {span(row['mean_polarity_ci_low'], row['mean_polarity_ci_high'])})"
                        if row.get("mean_polarity_ci_low") is not None else
                        f" (no interval: {note.split('mean polarity: ')[-1]})" if "mean polarity: " in note else
                        " (no interval either)" if row["mean_depth_ci_low"] is None else f" (no interval: {note})"))
        out.append(f"On **{md(row['name'])}** ({size}) {leading}; mean depth {num(row['mean_depth'])} ({interval}"
                   f"{orphans}), {polarity}.")
        if host := post_author_sentence(row["comments"], row["replies"], row["by_post_author"],
                                        row["post_author_replies"], table):
            out[-1] += " " + host
        if words.get(row["group"]):
            found = words[row["group"]]
            more = f"; {len(found) - 8:,} more in compare_words.csv" if len(found) > 8 else ""
            out.append(f"Words that set {md(row['name'])} apart ({APART}, each {SPREAD}): "
                       + ", ".join(md(w) for w, *_ in found[:8]) + more + ".")
        elif len(active) > 1 and untestable(row) and not worded(row):
            out.append(f"No word of {md(row['name'])} is compared: none of its {plural(row['comments'], 'comment')} "
                       f"has a reader's words ({_apart_words(row)}: counted apart, words_testable in {table}).")
        elif len(active) > 1 and untestable(row) and not sum(map(worded, active)) - worded(row):
            out.append(f"No word of {md(row['name'])} is set apart: no other {by} has a comment with a reader's "
                       f"words to compare it with (words_testable in {table}).")
        elif len(active) > 1 and untestable(row):
            mine = worded(row)
            others = sum(map(worded, active)) - mine
            side = "theirs" if others < mine else "its own"  # the smaller side limits the test
            sizes = (f"{plural(mine, 'comment')} with a reader's words vs {others:,}" if mine != row["comments"]
                     or others != sum(r["comments"] for r in active) - row["comments"] else
                     f"{plural(mine, 'comment')} vs {plural(others, 'comment')}")
            out.append(f"Too few comments to tell words apart for {md(row['name'])} "
                       f"({sizes} on the other "
                       f"{by if len(active) == 2 else by + 's'}; the smaller side, {side}, is too small): "
                       "none of its words occurs often enough to be over-represented beyond chance after the "
                       "correction over every word tested, even where it is rare elsewhere, so the test could not "
                       f"find one and none is named (words_testable in {table}).")
        elif len(active) > 1:
            out.append(f"No word sets {md(row['name'])} apart (none is {APART} and {SPREAD}; see "
                       "compare_words.csv).")
    if len(active) > FINDINGS:
        rest = len(active) - FINDINGS
        out.append(f"{plural(rest, 'smaller ' + by)} {'is' if rest == 1 else 'are'} in {table}.")
    caveat = words_caveat(active[:FINDINGS], words, by)
    if caveat:
        out.append(caveat)
    if any(row["mean_polarity"] is not None for row in active[:FINDINGS]):
        out.append(POLARITY)
    return out


#: the labels counted apart as a compare row's words count them: no reader's words, or none a reader saw
APART_WORDS = {PINGBACK: ("pingback", "pingbacks"), DELETED: ("deleted", "deleted"),
               NOTE: ("editorial note", "editorial notes"), UNSHOWN: ("spam or pending", "spam or pending")}


def _apart_words(row: dict) -> str:
    """"10 spam or pending", "2 pingbacks and 1 deleted": the comments of a row counted apart."""
    return joined([f"{n:,} {APART_WORDS[x][n != 1]}" for x, n in apart_counts(row).items()])


def words_caveat(shown: list[dict], words: dict, by: str) -> str | None:
    """What the word lists named above rest on: words pooled over a group's comments, so
    with fewer than MIN_CLUSTERS threads per site one thread's own subject can set a site
    apart; and groups in different languages, whose words differ by language first."""
    from comments.analyses.stats import MIN_CLUSTERS

    named = [row for row in shown if words.get(row["group"])]
    if not named:
        return None
    out = []
    few = [row for row in named if by == "site" and row["threads"] < MIN_CLUSTERS]
    if few:
        out.append(f"The word test counts words, not threads: {'a site' if len(few) == 1 else 'these sites'} "
                   f"{'has' if len(few) == 1 else 'have'} fewer than {MIN_CLUSTERS} threads "
                   f"({joined([md(r['name']) + ': ' + format(r['threads'], ',') for r in few])}), so "
                   f"{'its' if len(few) == 1 else 'their'} words may be one thread's own subject rather than the "
                   "site's")
    languages = {row["language"] for row in shown if row.get("language")}
    if len(languages) > 1:
        each = "; ".join(f"{lang}: {joined([md(r['name']) for r in shown if r.get('language') == lang])}"
                         for lang in sorted(languages))
        out.append(f"the {by}s compared are in different languages (most comments {each}; language in "
                   f"{'compare_sites.csv' if by == 'site' else 'compare_threads.csv'}), so words set a {by} apart "
                   f"partly because they are words of its language, not of its subject")
    if not out:
        return None
    text = "; ".join(out)
    return text[0].upper() + text[1:] + "."


#: Said once under the groups: what a mean polarity's number means.
POLARITY = ("Polarity runs from −1 (negative) through 0 (neutral) to +1 (positive): a lexicon score per comment "
            "(the TextBlob and textblob-de lexicons, with negation and colloquial words), averaged over the comments "
            "that have one; a mean near 0 can hide strong comments of both signs.")

def _coverage_by_group(a, by: str) -> dict[str, list[Coverage]]:
    """The topic_coverage rows of each compared group (a site, or site/thread), so the
    taxonomy-fit rule applies per group as it does corpus-wide."""
    out: dict[str, list[Coverage]] = {}
    for row in a.rows.get("topic_coverage", []):
        key = row["site"] if by == "site" else f"{row['site']}/{row['thread_id']}"
        out.setdefault(key, []).append(Coverage(**row))
    return out


def _thread_name(row: dict) -> str:
    title = (row.get("title") or "").strip()
    return f"{row['site']} · {title or row['thread_id']}"


def _charts(report, topics: list[str], active: list[dict], by: str) -> None:
    c = report.charts
    if not active:
        return
    shown = active[:12]
    names = [r["name"] for r in shown]
    site_style = styles(c.sites)
    colour = {r["name"]: site_style.get(r["site"], Style("#777777")) for r in shown}
    note = f" ({len(shown)} of {len(active)} {by}s, largest first)" if len(shown) < len(active) else ""
    pingbacks = [x for x in SET_APART if any(r.get(f"topic_{x}") for r in shown)]  # drawn apart, as counted
    apart = "".join(f"; {x}: {WHAT[x]}" for x in pingbacks)
    labels = topics + pingbacks + ["none"]
    c.grouped_bars("compare_topics", f"Topic mix by {by}{note}", labels, names,
                   {(t, r["name"]): r.get(f"topic_{t}") or 0.0 for r in shown for t in labels},
                   colour, "topic" + (f" ({apart[2:]})" if apart else ""), f"share of the {by}'s comments")
    tones = [*TONES, *([UNREAD] if any(r.get(f"tone_{UNREAD}") for r in shown) else []), *pingbacks, "none"]
    c.grouped_bars("compare_tone", f"Tone mix by {by}{note}", tones, names,
                   {(t, r["name"]): r.get(f"tone_{t}") or 0.0 for r in shown for t in tones},
                   colour, "tone (none: no tone label" + (f"; {UNREAD}: tone not read" if UNREAD in tones else "")
                   + apart + ")", f"share of the {by}'s comments")
    fig, axes = c.subplots(1, 3, figsize=(13, 1.6 + 0.6 * len(shown)), sharey=True)
    ys = list(range(len(shown)))
    for ax, (key, label) in zip(axes, (("mean_depth", "mean reply depth"), ("reply_share", "share of replies"),
                                       ("mean_polarity", "mean polarity"))):
        vals = [r[key] or 0.0 for r in shown]
        ax.barh(ys, vals, color=[colour[n].colour for n in names], hatch=[colour[n].hatch or None for n in names],
                edgecolor=["white" if colour[n].hatch else "none" for n in names])  # names read horizontally
        with_ci = [i for i, r in enumerate(shown) if key in ("mean_depth", "mean_polarity")
                   and r[f"{key}_ci_low"] is not None]
        if with_ci:  # error bars only where an interval exists (no zero-width caps that look like one)
            ax.errorbar([vals[i] for i in with_ci], [ys[i] for i in with_ci], fmt="none", ecolor="black", capsize=4,
                        xerr=[[vals[i] - shown[i][f"{key}_ci_low"] for i in with_ci],
                              [shown[i][f"{key}_ci_high"] - vals[i] for i in with_ci]])
        if key == "reply_share":
            _readers_share(ax, ys, shown)
        ax.set(title=label, xlabel=label)
    axes[0].set_yticks(ys, [c.short(n, 34) for n in names])
    axes[0].invert_yaxis()  # largest first, at the top
    unit = "threads" if by == "site" else "comments"
    intervals = any(r[f"{k}_ci_low"] is not None for r in shown for k in ("mean_depth", "mean_polarity"))
    what = f"95 % intervals from resampling {unit}" if intervals else f"no intervals: too few {unit} per {by}"
    fig.suptitle(f"Structure and polarity by {by}{note} ({what})", fontweight="bold")
    c.save(fig, "compare_structure", f"Structure and polarity by {by}")


def _readers_share(ax, ys: list[int], shown: list[dict]) -> None:
    """Readers' own reply share (the post's author's comments left out) as a mark on the
    reply-share bars of the groups where the source marks the author's comments."""
    marked = [(y, (r["replies"] - r["post_author_replies"]) / (r["comments"] - r["by_post_author"]))
              for y, r in zip(ys, shown) if r.get("by_post_author") and r["comments"] > r["by_post_author"]]
    if marked:
        ax.scatter([x for _, x in marked], [y for y, _ in marked], marker="D", s=36, color="white",
                   edgecolors="black", zorder=3, label="readers' own\n(post's author left out)")
        ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.3), frameon=False)  # under: not on a bar


def compare(threads, *, by: str = "site", taxonomy=None, out=None, max_threads: int = 20,
            progress: bool | None = None):
    """Compare sites (``by="site"``: threads resampled) or threads (``by="thread"``:
    comments resampled): an Analysis with the compare_sites, compare_threads,
    compare_tests and compare_words tables (and the depth and drift tables they build
    on); given ``out``, the compare report (compare.md, CSVs, charts) is written there."""
    from comments.analyses.analysis import analyse
    from comments.reporting.report import write_report

    analysis = analyse(threads, taxonomy=taxonomy, parts=("compare",), by=by, max_threads=max_threads,
                       progress=progress)
    if out is not None:
        write_report(analysis, out, ("compare",), max_threads, progress)
    return analysis
