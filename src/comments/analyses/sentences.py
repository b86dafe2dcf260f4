"""The sentences of the Markdown summaries, each computed from the rows of the tables
it summarises (tests/analyses/test_sentences.py re-derives every number from the CSVs).

At most ``FINDINGS`` items (sites, threads, topics, labels, chains) per kind of finding,
largest first, the rest left to the CSV; per-thread effects only when they
survive Benjamini–Hochberg across threads, otherwise one sentence with the count and
the CSV to look in.
"""

from __future__ import annotations

from collections import Counter

from comments.text.plural import plural
from comments.text.textsafe import md

FINDINGS = 5  # at most this many sites, threads, topics, labels or chains per kind of finding

#: The comments (or replies) a "most …"/"leading" claim must rest on: below it a summary
#: says there are too few to name one ("most frequent change … (1 reply)" is noise).
MIN_CLAIM = 5


def claimable(n: int, misfit=None) -> bool:
    """Whether a "most …" claim about topics resting on ``n`` comments or replies is made:
    at least :data:`MIN_CLAIM` of them, and a taxonomy that fits (``misfit`` None; when most
    comments get no topic, no topic leads anything)."""
    return misfit is None and n >= MIN_CLAIM


def rounded(x: float, digits: int = 2, scale: int = 1) -> str:
    """``x`` × ``scale`` with ``digits`` decimals, rounded half-up on the decimal number the
    CSV holds (``repr``: 0.575 is "0.58", where binary ``f"{0.575:.2f}"`` gives "0.57"), so
    a sentence and its table agree; never a negative zero ("-0.00" is 0.00)."""
    import math
    from decimal import ROUND_HALF_UP, Decimal

    if not math.isfinite(x):
        return f"{x * scale:.{digits}f}"
    value = (Decimal(repr(float(x))) * scale).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{abs(value) if value == 0 else value:f}"


def pct(x: float | None) -> str:
    """A share as a whole percentage (half-up, :func:`rounded`); a share that is not 0 or 1
    never reads "0 %" or "100 %" ("< 1 %", "> 99 %": 1 comment of 360 is not none)."""
    if x is None:
        return "–"
    shown = rounded(x, 0, 100)
    if shown == "0" and x > 0:
        return "< 1 %"
    if shown == "100" and x < 1:
        return "> 99 %"
    return f"{shown} %"


def span(low: float, high: float, digits: int = 2) -> str:
    """An interval as "0.12 to 0.40" ("-0.39 to -0.14", never "-0.39–-0.14"), as slopes' are."""
    return f"{rounded(low, digits)} to {rounded(high, digits)}"


def num(x: float | None, digits: int = 2) -> str:
    """``x`` with ``digits`` decimals (half-up, :func:`rounded`); "–" for None."""
    return "–" if x is None else rounded(x, digits)


def ranked(scores: dict) -> list:
    """The keys of ``scores``, largest score first, ties A→Z: the one order every summary
    uses, so two reports never name different winners of the same tie."""
    return sorted(scores, key=lambda k: (-(scores[k] or 0), k))


def leaders(scores: dict) -> list:
    """The keys sharing the largest score (A→Z); empty when there are none."""
    order = ranked(scores)
    return [k for k in order if (scores[k] or 0) == (scores[order[0]] or 0)] if order else []


def joined(names: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def apart_kinds(labels) -> str:
    """The records counted apart under ``labels`` (of topic_stats.SET_APART, the one list of them), named in a
    sentence: "pingbacks, deleted and unpublished comments"; nouns first, then the kinds of comment."""
    from comments.analyses.topic_stats import DELETED, NOTE, PINGBACK, SET_APART, UNSHOWN

    names = {PINGBACK: "pingbacks", NOTE: "editorial notes", DELETED: "deleted", UNSHOWN: "unpublished"}
    kinds = sorted((x for x in SET_APART if x in labels), key=lambda x: x in (DELETED, UNSHOWN))  # (stable)
    if not kinds:
        return ""
    return joined([names[x] for x in kinds]) + (" comments" if kinds[-1] in (DELETED, UNSHOWN) else "")


def misfit_sentence(misfit: tuple[float, int] | None, names_topics: bool = True,
                    draft: tuple[int, int, int] | None = None) -> str | None:
    """What every report says when the taxonomy leaves most substantive comments without a
    topic (``names_topics``: the section would name a leading topic, and says it does not).
    ``draft``: (topics, threads with comments, substantive comments of the largest site) when
    the taxonomy in use already is a draft from ``taxonomy suggest``; the advice is then what
    suggest advises, fitted to the case, and names suggest only where it can run."""
    if misfit is None:
        return None
    from comments.classification.suggest import MAX_TOPICS, MIN_COMMENTS  # here: the module imports numpy

    share, total = misfit
    found = (f"**The taxonomy does not fit this corpus**: {pct(share)} of its {plural(total, 'substantive comment')} "
             f"{'gets' if total == 1 else 'get'} no topic (topic_coverage.csv){', so no leading topic is named' if names_topics else ''}; ")
    if total < MIN_COMMENTS:  # suggest would refuse this corpus (a draft in use was made on another): say what it needs
        return found + (f"`comments taxonomy suggest` needs at least {MIN_COMMENTS} substantive comments to draft a "
                        "taxonomy, so add more comments of this debate or write a taxonomy TOML by hand, and classify "
                        "again with `--taxonomy FILE`.")
    if draft is None:
        return found + ("draft a taxonomy for this corpus with `comments taxonomy suggest INPUT... -o draft.toml` and "
                        "classify again with `--taxonomy draft.toml`.")
    topics, threads, largest = draft
    ways = (["draft one taxonomy per debate (`comments taxonomy suggest` on one thread's or site's comments at a "
             "time)"] if threads > 1 and largest >= MIN_COMMENTS else [])  # only where suggest can run
    if topics < MAX_TOPICS:
        ways.append(f"draft again with more topics (`--topics {min(MAX_TOPICS, max(15, 2 * topics))}`)")
    advice = (": " + ", or ".join(ways) if ways else
              ", and suggest cannot draft more topics: read topic_coverage.csv for the threads it misses")
    over = f" for {plural(threads, 'thread')}" if threads > 1 else ""
    return found + (f"the taxonomy in use already is a draft from `comments taxonomy suggest` "
                    f"({plural(topics, 'topic')}{over}), "
                    f"so the corpus may hold many unrelated debates{advice}.")


#: Which comments a drift slope is fitted on (analyses.edges.slope_similarity), as the summary says it.
SLOPE_OVER = "replies only, as in the drift_slope chart and drift_edges.csv: top-level comments are left out"


def drift_lines(edges, summaries, significant, changes: Counter, chains, misfit,
                draft: tuple[int, int] | None = None) -> list[str]:
    """The drift summary: stickiness, changes of subject, significant slopes, top chains."""
    from comments.analyses.drift import NO_TEXT

    lines = ["# Topic drift"]
    note = misfit_sentence(misfit, names_topics=False, draft=draft)
    if note:
        lines.append(note)
    if not edges:
        lines.append("There are no replies, so nothing can drift.")
        return lines
    judged, kept, changed, both = _edge_counts(edges)
    left = _unjudged(edges)
    unjudged = sum(left.values())
    # the replies to a comment with a topic add up: those judged and, named, those not (kept_topic empty)
    base = plural(judged + unjudged, 'reply', 'replies') + " whose parent has a topic"
    aside = f" ({unjudged_words(left)}: not judged, kept_topic empty)" if unjudged else ""
    if judged and misfit and judged < MIN_CLAIM:  # a stickiness of 2 replies next to "does not fit" is noise
        parents = _judged_parents(edges)
        same = (f", {'both' if judged == 2 else 'all'} answering the same comment"
                if judged > 1 and len(parents) == 1 else "")
        who = (f"{judged:,} of the {base}{aside} {'is' if judged == 1 else 'are'} judged" if unjudged else
               f"{plural(judged, 'reply', 'replies')} {'answers' if judged == 1 else 'answer'} a comment with a topic")
        lines.append(f"{plural(len(edges), 'reply', 'replies')}. Only {who}{same}: too few to measure "
                     f"stickiness (fewer than {MIN_CLAIM}; kept_topic in drift_edges.csv).")
    elif judged and misfit:  # topics the taxonomy gives few comments, often wrongly: no stickiness, no test on them
        who = (f"Of the {base}, {judged:,} could keep it{aside}" if unjudged else
               f"{plural(judged, 'reply answers', 'replies answer')} a comment with a topic")
        lines.append(f"{plural(len(edges), 'reply', 'replies')}. {who}, but the taxonomy does not fit this corpus, "
                     "so no stickiness is given and none is tested against chance (kept_topic in drift_edges.csv; "
                     "drift_by_thread.csv leaves stickiness, its baseline and the drift rates by depth empty).")
    elif judged:
        lines.append(f"{plural(len(edges), 'reply', 'replies')}. Of the {base}, "
                     + (f"{judged:,} {'is' if judged == 1 else 'are'} judged{aside}, and " if unjudged else "")
                     + f"{kept:,} ({pct(kept / judged)}) {'keeps' if kept == 1 else 'keep'} at least one of its "
                       "topics (stickiness).")
        lines.append(baseline_sentence(summaries, judged, kept))
    elif unjudged:
        lines.append(f"{plural(len(edges), 'reply', 'replies')}. Of the {base}, none is judged{aside}, so there "
                     "is no stickiness to measure.")
    else:  # no "0 (–) keep": stickiness needs a parent with a topic
        lines.append(f"{plural(len(edges), 'reply', 'replies')}, none of them to a comment with a topic, so none "
                     "can keep its parent's topic (no stickiness to measure).")
    # whether a reply keeps or changes the subject rests on the labels a misfit withholds: no word of it then
    if changed and not misfit:
        (a, b) = ranked(changes)[0]
        n = changes[(a, b)]
        if claimable(n, misfit):
            most = f"the most frequent change is from {md(a)} to {md(b)} ({plural(n, 'reply', 'replies')}; "
        else:
            most = (f"too few replies make any one change to name the most frequent (at most "
                    f"{plural(n, 'reply', 'replies')} each, fewer than {MIN_CLAIM}; ")
        keep = "keeps none of its parent's topics" if changed == 1 else "keep none of the parent's topics"
        lines.append(f"{plural(changed, 'reply', 'replies')} of the {both:,} where parent and reply both have a topic "
                     f"{'changes' if changed == 1 else 'change'} the subject ({keep}); {most}drift_changes.csv).")
    elif both and not misfit:
        lines.append(f"None of the {plural(both, 'reply', 'replies')} where parent and reply both have a topic "
                     "changes the subject: each keeps at least one of its parent's topics.")
    # 1 of 2 is no rate; nor is a rate of topics a taxonomy that does not fit gives (the rest of the stickiness)
    by_depth = depth_drift_sentence(edges) if judged >= MIN_CLAIM and not misfit else None
    if by_depth:
        lines.append(by_depth)
    uncompared = not_compared_sentence(summaries, stickiness=bool(judged) and not misfit)
    if uncompared:
        lines.append(uncompared)
    lines += slope_lines(summaries, significant)
    long = [ch for ch in chains if len(ch.ids) >= 3]  # a reply and its parent are a reply–parent pair, not a chain
    typical = _parent_similarity(edges)
    scale = (f" For scale: a reply's mean similarity to its parent is {num(typical)} (sim_parent in drift_edges.csv), "
             f"so an ordinary reply already sits {num(1 - typical)} from the comment it answers; a chain's drift "
             "near that is what any reply shows. " + LEXICAL if typical is not None else " " + LEXICAL)
    if long:
        lines.append("Chains of three or more comments whose last comment shares the fewest words with the first "
                     "(drift = 1 − similarity of the last comment to the first; only chains whose first and last "
                     "comments have at least five distinct content words):")
        lines.append("\n".join(f"- {md(ch.site)} · {md(ch.thread_id)} (drift {num(ch.drift)}): "
                               + " → ".join(o if o in NO_TEXT.values() else f"“{md(o)}”" for o in ch.openings)
                               for ch in long))
        lines.append(scale.strip())
    elif chains:
        lines.append("No reply chain runs over more than one reply with enough words at both ends, so no chain "
                     "drift is shown: a reply and the comment it answers are a reply–parent pair, whose distance "
                     "every reply has (drift_chains.csv lists them)." + scale)
    lines.append("Similarity is the cosine between TF-IDF vectors of content-word lemmas and of character 3–5-grams "
                 "(each comment in its own language), fitted on each thread's article and comments alone; where a "
                 "thread has no article text, replies are compared with their top-level comment.")
    return lines


#: what a similarity can and cannot tell, said beside every drift figure built on it: two comments' shared words,
#: not whether the subject changed (a direct answer in other words scores as low: "No. The code is the same and it
#: is well tested." to "Did you make any changes?", 0.004)
LEXICAL = ("A low similarity says the comments share few words, not that the subject changed: a direct answer in "
           "other words scores as low, so read a chain before calling it a change of subject.")


#: drift_by_thread's count columns of replies without a parent similarity, as the summary names them
NOT_COMPARED_WORDS = (("not_compared_placeholder", "have a deleted or removed comment or a pingback on one side"),
                      ("not_compared_unpublished", "have a comment no reader saw (spam or pending) on one side"),
                      ("not_compared_quote_only", "only quote"),
                      ("not_compared_no_words", "have no content word on one side (only emoji or numbers, a bare "
                                                "address, an empty text)"),
                      ("not_compared_reaction", "are bare reactions (a thanks or an agreement such as “Agreed!”, "
                                                "which stays on no subject and leaves none)"),
                      ("not_compared_other_language", "are in another language than their parent"))
#: the same for one reply ("1 has no content word", not "1 have")
ONE_NOT_COMPARED = {"have a": "has a", "only quote": "only quotes", "have no": "has no", "are in": "is in",
                    "their parent": "its parent", "are bare reactions": "is a bare reaction"}


def _one(words: str) -> str:
    """A NOT_COMPARED_WORDS reason said of one reply."""
    for many, one in ONE_NOT_COMPARED.items():
        words = words.replace(many, one)
    return words


def not_compared_sentence(summaries, stickiness: bool = True) -> str | None:
    """How many replies have no similarity to their parent, and why (the drift_by_thread
    counts), and, where a stickiness is given (``stickiness``), that they are not counted in
    it either; None when every reply is compared."""
    counts = [(sum(getattr(s, name, 0) for s in summaries), words) for name, words in NOT_COMPARED_WORDS]
    total = sum(n for n, _ in counts)
    if not total:
        return None
    unseen = sum(getattr(s, "not_compared_unpublished", 0) for s in summaries)
    why = "; ".join(f"{n:,} {_one(words) if n == 1 else words}" for n, words in counts if n)
    return (f"{plural(total, 'reply is', 'replies are')} not compared with {'its' if total == 1 else 'their'} parent "
            f"(sim_parent empty, the "
            f"reason in not_compared of drift_edges.csv): {why}."
            + (f" Placeholders, {'comments no reader saw, ' if unseen else ''}bare reactions and replies without "
               "a content word are not counted for stickiness either." if stickiness else ""))


def baseline_sentence(summaries, judged: int, kept: int) -> str:
    """The stickiness next to the one chance gives (analyses.drift.stickiness_test): a
    random comment of the same thread in each reply's place; tested from :data:`MIN_CLAIM`
    judged replies on (2 of 3 replies keeping a topic is no finding)."""
    from comments.analyses.drift import stickiness_test

    share, p, method = stickiness_test(summaries, judged, kept)
    where = "expected_kept and keep_chances in drift_by_thread.csv"
    said = (f"By chance — a comment drawn at random from the same thread in each reply's place — {pct(share)} would "
            f"keep one (the baseline from each thread's topic shares; {where})")
    if judged < MIN_CLAIM:
        return said + f"; {plural(judged, 'reply is', 'replies are')} too few to test against it (fewer than {MIN_CLAIM})."
    if p is None:
        return said + ("; the baseline leaves nothing to test." if all(s.expected_kept_var <= 0 for s in summaries)
                       else "; its variance is too small to test that many replies.")
    observed = kept / judged
    how = "exact Poisson-binomial test" if method == "exact" else method
    if p < 0.05:
        return (f"{said}: replies keep their parent's topic significantly {'more' if observed > share else 'less'} "
                f"often than that (p = {p:.3g}, {how}).")
    return (f"{said}: replies keep their parent's topic not significantly {'more' if observed >= share else 'less'} "
            f"often than that (p = {p:.3g}, {how}), so the stickiness says little about replies "
            "staying on topic.")


def depth_drift_sentence(edges) -> str | None:
    """The replies that keep none of their parent's topics, by depth, with the base each
    share of the drift_by_depth chart rests on, and how many of them have no topic at all
    (a bare reaction drifts without changing the subject). None when none drifts."""
    import numpy as np

    blocks = getattr(edges, "blocks", None)
    if blocks is None:
        return None
    judged: Counter = Counter()
    drifting: Counter = Counter()
    topicless = 0
    for b in blocks:
        seen = b.kept >= 0
        off = b.kept == 0
        judged.update(b.depth[seen].tolist())
        drifting.update(b.depth[off].tolist())
        empty = np.array([not ls for ls in b.labelsets], dtype=bool)
        topicless += int(empty[b.topics[off]].sum()) if off.any() else 0
    total = sum(drifting.values())
    if not total:
        return None
    depths = sorted(judged)
    shown = ", ".join(f"depth {d}: {drifting[d]:,} of {judged[d]:,}" for d in depths[:FINDINGS])
    more = "; deeper ones in drift_edges.csv" if len(depths) > FINDINGS else ""
    bare = (f"; {topicless:,} of them {'has no topic itself' if topicless == 1 else 'have no topic themselves'} "
            f"(off-topic, or a bare reaction "
            f"like “Source?”): keeping no topic is then no change of subject" if topicless else "")
    return (f"{plural(total, 'reply', 'replies')} whose parent has a topic {'keeps' if total == 1 else 'keep'} none "
            f"of its topics (the drift_by_depth chart; kept_topic in drift_edges.csv), by depth: {shown}{more}{bare}.")


def _unjudged(edges) -> Counter:
    """``not_compared`` reason → replies whose parent has a topic that are not judged (kept_topic empty)."""
    if hasattr(edges, "unjudged"):  # analyses.edges.Edges: counted on its arrays
        return edges.unjudged()
    return Counter(e.not_compared for e in edges if e.parent_topics and e.kept_topic is None)


#: why a reply to a comment with a topic is not judged, by its ``not_compared`` reason, as the summary says it
UNJUDGED_WORDS = {"reaction": ("is a bare reaction", "are bare reactions"),
                  "placeholder": ("is a placeholder or pingback", "are placeholders or pingbacks"),
                  "unpublished": ("is spam or pending (no reader saw it)", "are spam or pending (no reader saw them)"),
                  "no_words": ("has no content word", "have no content word"),
                  "quote_only": ("only quotes and has no word of its own", "only quote and have no word of their own")}


def unjudged_words(left: Counter) -> str:
    """"8 are bare reactions and 1 is a placeholder …": the replies to a comment with a topic left out of the
    stickiness, by reason (most first)."""
    parts = [f"{n:,} {UNJUDGED_WORDS.get(why, ('is not judged', 'are not judged'))[n != 1]}"
             for why, n in sorted(left.items(), key=lambda wn: (-wn[1], str(wn[0])))]
    return joined(parts)


def _judged_parents(edges) -> set:
    """The (site, thread, parent id) answered by the replies whose parent has a topic."""
    import numpy as np

    if hasattr(edges, "blocks"):
        return {(b.site, b.thread_id, p) for b in edges.blocks
                for p in b.parents.take(np.flatnonzero(b.kept >= 0)).to_pylist()}
    return {(e.site, e.thread_id, e.parent_id) for e in edges if e.kept_topic is not None}


def _parent_similarity(edges) -> float | None:
    """The mean similarity of a reply to its parent over every reply that has one."""
    import numpy as np

    if hasattr(edges, "blocks"):
        values = [b.sim_parent[~np.isnan(b.sim_parent)] for b in edges.blocks]
        n = sum(len(v) for v in values)
        return float(sum(float(v.sum()) for v in values) / n) if n else None
    found = [e.sim_parent for e in edges if e.sim_parent is not None]
    return sum(found) / len(found) if found else None


def compared_with(summaries, plotted: bool = False) -> str:
    """What the slopes' similarity is measured against: the article, or where a thread has
    no article text (mean_sim_article empty in drift_by_thread.csv) each reply's top-level
    comment, so no sentence names an article that is not there. Over the threads with a
    fitted slope, or (``plotted``) over those with any point in the drift_slope chart
    (slope_points), which a chart caption describes."""
    fitted = [s for s in summaries if (s.slope_points if plotted else s.slope is not None)]
    without = sum(s.mean_sim_article is None for s in fitted)
    if not without:
        return "the article"
    if without == len(fitted):
        return "their top-level comment (there is no article text)"
    return "the article (their top-level comment in threads without article text)"


def slope_lines(summaries, significant) -> list[str]:
    """What the drift summary says of the threads' slopes: which threads have none, which
    have one without a test (too few replies, an exact fit), and which tested slopes are
    significant. A slope is *fitted* when it is not None, *tested* when it has a p; threads
    without replies have nothing to fit and are not counted."""
    from comments.analyses.drift import SLOPE_MIN_POINTS

    fitted = [s for s in summaries if s.slope is not None]
    tested = [s for s in fitted if s.slope_p is not None]
    few = sum(s.slope_p is None and s.slope_points < SLOPE_MIN_POINTS for s in fitted)
    exact = len(fitted) - len(tested) - few
    lines, untested = [], []
    none = sum(s.replies > 0 and s.slope is None for s in summaries)  # no replies: nothing to fit, not said
    if none:
        untested.append(f"{plural(none, 'thread')} with replies {'has' if none == 1 else 'have'} no slope (fewer "
                        "than three replies with a similarity, or all at one depth)")
    if few or exact:
        why = ([f"{few:,} {'rests' if few == 1 else 'rest'} on too few replies for a p-value (fewer than "
                f"{SLOPE_MIN_POINTS})"] if few else []) + (
            [f"{exact:,} {'is an exact fit' if exact == 1 else 'are exact fits'} (the similarities are flat or lie "
             "on a line: no residual variance to test against)"] if exact else [])
        untested.append(f"of the {plural(len(fitted), 'thread')} with a fitted slope, {' and '.join(why)}")
    if untested:
        lines.append(f"{'Not every thread has' if tested else 'No thread has'} a tested slope (slope, slope_points "
                     f"and slope_p in drift_by_thread.csv): {'; '.join(untested)}.")
    word = "fitted" if len(tested) == len(fitted) else "tested"
    target = compared_with(tested)
    if significant:
        which = (f"{len(significant):,} of the {plural(len(tested), 'thread')}" if len(significant) < len(tested)
                 else "the one thread" if len(tested) == 1 else f"all {len(tested):,} threads")
        lines.append(f"In {which} with a {word} slope, the replies' similarity to {target} changes with their "
                     f"depth significantly after Benjamini–Hochberg correction across threads ({SLOPE_OVER}; "
                     "drift_by_thread.csv):")
        lines.append("\n".join(
            f"- {md(s.site)} · {md(s.thread_id)}: similarity to "
            f"{'the article' if s.mean_sim_article is not None else 'the top-level comment'} "
            f"{'falls' if s.slope < 0 else 'rises'} by "
            f"{num(abs(s.slope), 3)} per level (95 % CI {span(s.slope_low, s.slope_high, 3)}, "
            f"adjusted p = {s.slope_p_adjusted:.3g})" for s in significant[:FINDINGS]))
        if len(significant) > FINDINGS:
            rest = len(significant) - FINDINGS
            lines.append(f"{plural(rest, 'more significant thread')} {'is' if rest == 1 else 'are'} in "
                         "drift_by_thread.csv.")
    elif len(tested) == 1:
        lines.append(f"In the one thread with a {word} slope, the replies' similarity to {target} does not "
                     f"change significantly with their depth ({SLOPE_OVER}; slope and p-value in drift_by_thread.csv).")
    elif tested:
        lines.append(f"In none of the {plural(len(tested), 'thread')} with a {word} slope does the replies' "
                     f"similarity to {target} change significantly with their depth after Benjamini–Hochberg "
                     f"correction across threads ({SLOPE_OVER}; slopes and p-values in drift_by_thread.csv).")
    return lines


def _edge_counts(edges) -> tuple[int, int, int, int]:
    """(replies whose parent has a topic, of those keeping one, replies changing the
    subject, replies where parent and reply both have a topic)."""
    if hasattr(edges, "judged"):  # analyses.edges.Edges: counted on its arrays
        return (*edges.judged(), *edges.changed())
    judged = [e for e in edges if e.kept_topic is not None]
    return (len(judged), sum(bool(e.kept_topic) for e in judged), sum(bool(e.changed_subject) for e in edges),
            sum(e.changed_subject is not None for e in edges))


def w_text(w: float) -> str:
    """Cohen's w with two decimals, or as many more as it takes for the shown number to
    fall in the same size band as ``w`` (0.498 medium next to 0.505 large, not 0.50 twice)."""
    from comments.analyses.stats import effect_name

    import math

    for digits in range(2, 7):
        shown = f"{w:.{digits}f}"
        if effect_name(float(shown)) == effect_name(w):
            return shown
    return f"{math.floor(w * 1e6) / 1e6:.6f}"  # within 1e-6 below a band edge: truncated, so it stays below


def direction(shares: dict[str, float] | None, unit: str = "comments") -> str:
    """Which way a label's share differs, from the compared groups' shares of it (group →
    share, as compare_sites/compare_threads hold them): of two groups both shares, the
    higher first ("22 % of a's comments vs 0 % of b's"); of more, the highest and the
    lowest (groups tied there named together). Empty without shares."""
    if not shares:
        return ""
    top = leaders(shares)
    bottom = leaders({g: -(v or 0.0) for g, v in shares.items()})
    if len(shares) == 2 and len(top) == 1:
        return f"{pct(shares[top[0]])} of {md(top[0])}'s {unit} vs {pct(shares[bottom[0]])} of {md(bottom[0])}'s"
    return (f"highest on {joined([md(g) for g in top])} ({pct(shares[top[0]])}), "
            f"lowest on {joined([md(g) for g in bottom])} ({pct(shares[bottom[0]])})")


def mix_sentence(field: str, tests, by: str = "site", misfit: bool = False,
                 shares: dict[str, dict[str, float]] | None = None) -> str:
    """What the per-label permutation tests say, significant labels only (after
    Benjamini–Hochberg), at most five; otherwise where to look. A significant label whose
    effect is negligible (Cohen's w < 0.1) is said apart, not headlined as a difference;
    ``misfit``: the taxonomy does not fit, and the topic tests say what they rest on.
    ``shares`` (label → compared group → share of its comments): each difference named
    says which way it goes (:func:`direction`)."""
    shares = shares or {}

    def way(label: str) -> str:
        said = direction(shares.get(label))
        return f"{said}; " if said else ""

    done = [t for t in tests if t.p_value is not None]
    kind = "topic" if field == "topics" else "tone"
    caveat = (" These topic tests rest on the few comments the taxonomy gives a topic: it does not fit this "
              "corpus (see below)." if misfit and field == "topics" else "")
    rare = [t for t in tests if t.p_value is None and f"fewer than {MIN_CLAIM} comments" in t.note]
    caveat = (f" Not tested: {joined([md(t.label) for t in rare])}, {'its' if len(rare) == 1 else 'each'} share "
              f"resting on fewer than {MIN_CLAIM} comments (or all but that few; comments in compare_tests.csv), too "
              f"few to claim a difference.{caveat}" if rare else caveat)
    if not done:
        reason = next((t.note for t in tests if t.note and t not in rare), "nothing to compare")
        return f"{kind.capitalize()} mix: no test, {reason}.{caveat if rare else ''}"
    found = sorted((t for t in done if t.p_adjusted < 0.05),  # largest effect first, not alphabetical
                   key=lambda t: (-(t.cohens_w or 0.0), t.p_adjusted, t.label))
    groups = plural(done[0].groups, by)
    left_out = f" ({done[0].note})" if done[0].note else ""  # which groups took no part, and why
    method = ("permutation of whole threads between sites" if by == "site"
              else "permutation of comments between threads")
    # ``none`` (no label at all) is tested with the labels but is no topic or tone: said apart
    unlabelled = next((t for t in found if t.label == "none"), None)
    found = [t for t in found if t.label != "none"]
    slight = [t for t in found if t.effect == "negligible"]  # significant, but too small to call a difference
    found = [t for t in found if t.effect != "negligible"]
    without = f"comments with no {'topic' if field == 'topics' else 'tone label'}"
    stats = (f"({way('none')}p = {unlabelled.p_adjusted:.3g}, Cohen's w = {w_text(unlabelled.cohens_w)}, {unlabelled.effect})"
             if unlabelled else "")
    small = ", ".join(f"{md(t.label)} ({way(t.label)}p = {t.p_adjusted:.3g}, w {w_text(t.cohens_w)})" for t in slight[:FINDINGS])
    small += f"; {len(slight) - FINDINGS} more in compare_tests.csv" if len(slight) > FINDINGS else ""
    if not found:
        only = f"; only the share of {without} does {stats}" if unlabelled else ""
        if slight:
            return (f"No {kind} label's share differs between the {groups} compared{left_out} by more than a "
                    f"negligible effect after Benjamini–Hochberg correction ({plural(len(done), 'label')} tested by "
                    f"{method}; compare_tests.csv): {small} "
                    f"{'differs' if len(slight) == 1 else 'differ'} significantly, but the effect is negligible "
                    f"(Cohen's w below 0.1){only}.{caveat}")
        return (f"No {kind} label's share differs significantly between the "
                f"{groups} compared{left_out} after Benjamini–Hochberg correction ({plural(len(done), 'label')} tested "
                f"by {method}; compare_tests.csv){only}.{caveat}")
    parts = [f"{md(t.label)} ({way(t.label)}p = {t.p_adjusted:.3g}, Cohen's w = {w_text(t.cohens_w)}, {t.effect})"
             for t in found[:FINDINGS]]
    more = f"; {len(found) - FINDINGS} more in compare_tests.csv" if len(found) > FINDINGS else ""
    also = (f"; {small} {'differs' if len(slight) == 1 else 'differ'} significantly too, but the effect is "
            "negligible (Cohen's w below 0.1)" if slight else "")
    return (f"The share of comments differs between the {groups} compared{left_out} for "
            f"{plural(len(found), field[:-1] if field == 'topics' else 'tone label')}"
            f" ({method}, Benjamini–Hochberg across {plural(len(done), 'label')}): "
            + ", ".join(parts) + more + also + (f"; the share of {without} differs too {stats}" if unlabelled else "")
            + "." + caveat)


def _label_count(shares, label: str) -> tuple[int, int]:
    """(comments carrying ``label``, all comments) from share rows by site (each site's total once)."""
    return sum(s.count for s in shares if s.label == label), sum({s.group: s.total for s in shares}.values())


def unread_tone_sentence(tone_site) -> str | None:
    """How many comments are in another language and carry no tone, from the tone shares
    by site (label ``other_language``); None when there are none."""
    from comments.analyses.topic_stats import UNREAD

    unread, total = _label_count(tone_site, UNREAD)
    if not unread:
        return None
    return (f"{plural(unread, 'comment')} ({pct(unread / total)}) {'is' if unread == 1 else 'are'} in a language "
            f"other than German and English and {'carries' if unread == 1 else 'carry'} no tone label: tone is read "
            f"in German and English only (label `{UNREAD}` in tone_shares_by_site.csv).")


def pingback_sentence(shares) -> str | None:
    """How many records are pingbacks or trackbacks, from topic shares by site (label ``pingback``): counted in every
    share's base ("of N comments") but apart from the comments without a topic or tone; None when there are none."""
    from comments.analyses.topic_stats import PINGBACK

    k, total = _label_count(shares, PINGBACK)
    if not k:
        return None
    return (f"Of these {plural(total, 'comment')}, {k:,} ({pct(k / total)}) "
            f"{'is a pingback or trackback' if k == 1 else 'are pingbacks or trackbacks'} (another page linking here: "
            f"its title and excerpt, not a reader's words), so no topic or tone is read in {'it' if k == 1 else 'them'}; "
            "every share's base counts them, apart from the comments without a topic or tone "
            f"(label `{PINGBACK}` in the share tables).")


def deleted_sentence(shares) -> str | None:
    """How many comments are deleted or removed ("[deleted]", "[removed]": no reader's words), from topic or tone
    shares by site (label ``deleted``): left out of the topic and tone labels, counted apart; None when there are
    none."""
    from comments.analyses.topic_stats import DELETED

    k, total = _label_count(shares, DELETED)
    if not k:
        return None
    return (f"Of these {plural(total, 'comment')}, {k:,} ({pct(k / total)}) {'was' if k == 1 else 'were'} deleted or "
            "removed (status deleted/removed, or only a placeholder such as “[deleted]”: no reader's words), so no "
            f"topic, tone or polarity is read in {'it' if k == 1 else 'them'}; they are left out of every topic and "
            f"tone label and counted apart (label `{DELETED}` in the share tables).")


def note_sentence(shares) -> str | None:
    """How many records are the site's own notes (status ``note``: WordPress 6.9's block notes, WooCommerce's order
    notes — no reader wrote them), from topic or tone shares by site (label ``editorial_note``): left out of the topic and tone
    labels, counted apart; None when there are none."""
    from comments.analyses.topic_stats import NOTE

    k, total = _label_count(shares, NOTE)
    if not k:
        return None
    return (f"Of these {plural(total, 'comment')}, {k:,} ({pct(k / total)}) {'is an editorial note' if k == 1 else 'are editorial notes'} "
            "(status note: the site's own notes, such as WordPress's block notes on a draft or WooCommerce's order "
            "notes, not a reader's words), so no topic, "
            f"tone or polarity is read in {'it' if k == 1 else 'them'}; they are left out of every topic and tone label "
            f"and counted apart (label `{NOTE}` in the share tables).")


def unshown_sentence(shares) -> str | None:
    """How many comments readers never saw (status ``spam`` or ``pending``: marked spam, held for moderation), from
    topic or tone shares by site (label ``unpublished``): their labels are in the output, but they are no part of
    the discussion the shares describe, so they are counted apart; None when there are none."""
    from comments.analyses.topic_stats import UNSHOWN

    k, total = _label_count(shares, UNSHOWN)
    if not k:
        return None
    return (f"Of these {plural(total, 'comment')}, {k:,} ({pct(k / total)}) {'was' if k == 1 else 'were'} never shown "
            "to readers (status spam or pending: marked spam, or held for moderation), so although classify labels "
            f"{'it' if k == 1 else 'them'}, {'it is' if k == 1 else 'they are'} left out of every topic and tone label, "
            f"of drift and of the compare tests, and counted apart (label `{UNSHOWN}` in the share tables).")


def orphaned(n: int) -> str:
    """The clause of ``n`` comments that are replies whose parent is not in the input (the
    depth tables' ``orphans`` column): repaired to top level, so depth reads too low."""
    return (f"{plural(n, 'comment')} {'is a reply' if n == 1 else 'are replies'} whose parent is not in the input, "
            "repaired to top level (flag orphan), so depth is understated")


def corpus_line(counts: dict, loaded, aside: str = "") -> str:
    """"25 comments in 5 threads from 5 sites", and where fewer sites or threads than that
    have comments, which do: "all from a.de; 4 of the 5 threads have no comments in the
    input" (``loaded``: analyses.analysis.Loaded), so a count of sites is never read as
    the sites the comments come from; ``aside`` (" (taxonomy: x)") follows the counts."""
    line = (f"{plural(counts['comments'], 'comment')} in {plural(counts['threads'], 'thread')} from "
            f"{plural(counts['sites'], 'site')}")
    if loaded is None or not counts["comments"]:
        return line + aside
    if len(loaded.sites) < counts["sites"]:
        named = [md(s) for s in loaded.sites[:FINDINGS]]
        more = len(loaded.sites) - len(named)
        line += (f", all from {named[0]}" if len(named) == 1 else
                 f", all from {plural(len(loaded.sites), 'site')} of them ({joined(named + ([f'{more:,} more'] if more else []))})")
    line += aside
    if loaded.empty:
        line += f"; {empty_threads(loaded, counts['threads'])}"
    return line


def empty_threads(loaded, threads: int) -> str:
    """"4 of the 5 threads have no comments in the input (none states a count: …)": a
    thread without comments is what the input holds, not a discussion nobody joined."""
    e = loaded.empty
    k = e - loaded.empty_stated - loaded.empty_listed  # pages stating no count (an export lists every comment)
    who = ("it is a page that states" if e == 1 else "they are pages that state" if k == e else
           f"{k:,} of them {'is a page that states' if k == 1 else 'are pages that state'}")
    why = f" ({who} no comment count, so the input may hold no comment section for {'it' if k == 1 else 'them'})" \
        if k else ""
    return f"{e:,} of the {plural(threads, 'thread')} {'has' if e == 1 else 'have'} no comments in the input{why}"


def not_loaded_sentence(loaded, table: str) -> str | None:
    """The threads whose source states more comments than the input holds (``unloaded_count``):
    "thread T on s holds 23 of the 142 comments the page states (119 not loaded)"; every
    share in the report is of the comments read. None when the input holds them all."""
    if loaded is None or not loaded.short:
        return None

    def of(n, stated, missing, whose="its") -> str:
        if stated is not None and n + missing != stated:  # a Reddit thread whose "more" stubs add up to another count
            return (f"{n:,} of the {plural(n + missing, 'comment')} {whose} source lists ({missing:,} not loaded), "
                    f"{'more' if n + missing > stated else 'fewer'} than the {stated:,} it states")
        return (f"{n:,} of the {plural(stated, 'comment')} {whose} source states" if stated is not None else
                f"{n:,} of the {plural(n + missing, 'comment')} {whose} source lists") + f" ({missing:,} not loaded)"

    def held(site, tid, n, stated, missing) -> str:
        return f"thread {md(tid)} on {md(site)}: {of(n, stated, missing)}"

    short = loaded.short
    missing = sum(t[4] for t in short)
    where = f"stated_count and not_loaded in {table}"
    if len(short) == 1:
        site, tid, n, stated, gap = short[0]
        return (f"The input holds {of(n, stated, gap, 'the')} of thread {md(tid)} on {md(site)}; the rest are on "
                f"pages or behind links the input does not include, so its figures are of the "
                f"{plural(n, 'comment')} read ({where}).")
    listed = "\n".join(f"- {held(*t)}" for t in short[:FINDINGS])
    rest = len(short) - FINDINGS
    return (f"{plural(len(short), 'thread')} hold fewer comments than their sources state ({missing:,} not loaded "
            f"in all; the rest are on pages or behind links the input does not include), so their figures are "
            f"of the comments read ({where}{f'; {rest:,} more there' if rest > 0 else ''}):\n" + listed)


def no_topic_sentence(none: int, n: int, coverage: list[dict], pingbacks: int = 0, deleted: int = 0,
                      notes: int = 0, unshown: int = 0) -> str:
    """How many comments carry no topic (``coverage``: the topic_coverage rows), on the base the taxonomy-fit figure uses named
    beside the base of all comments: "138 of the 146 comments (95 %) carry no topic: 118 of
    the 126 substantive ones (the taxonomy-fit base, topic_coverage.csv) and 20 of the 20
    that are not" — so two percentages on different bases never read as one figure.
    ``pingbacks``, ``deleted`` comments, editorial ``notes`` (not read for topics) and ``unshown`` ones (spam, pending)
    are counted apart, in neither part."""
    sub = sum(c["substantive"] for c in coverage)
    sub_none = sum(c["without_topic"] for c in coverage)
    rest, rest_none = n - sub - pingbacks - deleted - notes - unshown, none - sub_none
    verb = "carries" if none == 1 else "carry"
    head = (f"The only comment {verb} no topic of the taxonomy" if n == 1 else  # not "1 of the 1 comment (100 %)"
            f"{none:,} of the {plural(n, 'comment')} ({pct(none / n)}) {verb} no topic of the taxonomy")
    if not coverage or not (0 <= rest_none <= rest) or not 0 <= sub_none <= sub:
        return head + " (off-topic, or bare reactions like “Source?”)."
    def of(k: int, total: int) -> str:  # "none of the 24", "all 20", "the one", "118 of the 126"
        if k == total == 2:
            return "both"
        return ("none of the" if not k else "the one" if total == 1 else "all" if k == total else f"{k:,} of the") + (
            f" {total:,}" if total > 1 else "")

    parts = ([f"{of(sub_none, sub)} substantive {'one' if sub == 1 else 'ones'} (the base of the taxonomy-fit "
              "figure, topic_coverage.csv)"] if sub else [])
    if rest:
        parts.append(f"{of(rest_none, rest)} that {'is' if rest == 1 else 'are'} not substantive (empty "
                     "comments, bare reactions like “Source?”)")
    apart = (f"; {'the pingback is' if pingbacks == 1 else f'the {pingbacks:,} pingbacks are'} not read for topics "
             "and counted apart" if pingbacks else "")
    apart += (f"; {'the deleted comment is' if deleted == 1 else f'the {deleted:,} deleted comments are'} not read "
              "for topics and counted apart" if deleted else "")
    apart += (f"; {'the editorial note is' if notes == 1 else f'the {notes:,} editorial notes are'} not read "
              "for topics and counted apart" if notes else "")
    apart += (f"; {'the comment no reader saw (spam or pending) is' if unshown == 1 else f'the {unshown:,} comments no reader saw (spam or pending) are'} "
              "counted apart" if unshown else "")
    return head + ": " + " and ".join(parts) + apart + "."


def tone_sentence(tone_site) -> str | None:
    """The one sentence on tone a report makes: the most frequent tone label(s) and their
    share of all comments (tone_shares_by_site.csv); "all" for n of n."""
    from comments.analyses.topic_stats import SET_APART, UNREAD

    total = sum({s.group: s.total for s in tone_site}.values())
    if not total:
        return None
    counts: Counter = Counter()
    for s in tone_site:
        if s.label not in ("none", UNREAD, *SET_APART):  # no tone label: nothing found, not read, no reader's words
            counts[s.label] += s.count
    counts = Counter({k: v for k, v in counts.items() if v})
    where = "a comment can carry several tone labels or none; tone_shares_by_site.csv"
    if not counts:
        return f"None of the {plural(total, 'comment')} carries a tone label ({where})."
    top = leaders(counts)
    k = counts[top[0]]
    if not claimable(k):  # "critical: 2 of the 3 comments" names no most frequent tone
        if total < MIN_CLAIM:  # not "5 or more of the 3 comments" (review21b)
            return (f"{'The only comment is' if total == 1 else f'The {total:,} comments are'} too few to name the "
                    f"most frequent tone label (the most "
                    f"frequent is carried by {k:,}; {MIN_CLAIM} are needed; {where}).")
        return (f"No tone label is carried by {MIN_CLAIM} or more of the {plural(total, 'comment')} (the most: "
                f"{k:,}), too few to name the most frequent ({where}).")
    who = (f"all {total:,} comments" if k == total and total > 1 else
           f"{k:,} of the {plural(total, 'comment')} ({pct(k / total)}){' each' if len(top) > 1 else ''}")
    named = joined([f"**{md(t)}**" for t in top])
    nxt = leaders(Counter({t: n for t, n in counts.items() if t not in top}))  # a tie for second: all of it
    each = " each" if len(nxt) > 1 else ""
    then = (f", followed by {joined([md(t) for t in nxt])} ({counts[nxt[0]]:,}{each}, {pct(counts[nxt[0]] / total)}"
            f"{each})" if nxt else "")
    return (f"The most frequent tone {'is' if len(top) == 1 else 'labels are'} {named}: {who} "
            f"{'carry' if k > 1 or len(top) > 1 else 'carries'} {'it' if len(top) == 1 else 'them'}{then} ({where}).")


def tone_totals(tone_site) -> tuple[Counter, int]:
    """Comments carrying each tone label over all sites, and all comments."""
    counts: Counter = Counter()
    for s in tone_site:
        counts[s.label] += s.count
    return counts, sum({s.group: s.total for s in tone_site}.values())


def topic_tone_lines(shown: list[str], topic_totals: Counter, topic_tone: dict, tone_site) -> list[str]:
    """What the topics' tones say: a topic's most frequent tone is named only where its
    share among the topic's comments differs from its share among the other comments
    (Fisher's exact test, Benjamini–Hochberg across the topics tested; the other comments
    are those read for tone: no pingbacks, no comments in another language), so "comments about
    X are most often critical" is never said of a corpus where nearly every comment is;
    the other topics in one sentence, those with too few comments in another."""
    from scipy.stats import fisher_exact

    from comments.analyses.stats import benjamini_hochberg
    from comments.analyses.topic_stats import SET_APART, UNREAD

    overall, n = tone_totals(tone_site)
    n -= overall[UNREAD] + sum(overall[x] for x in SET_APART)  # those read for tone (a pingback can carry none)
    tested, few, alone = [], [], []  # (topic, tone, k, of, rest k, rest of, p)
    for t in shown:
        tones = {o: v for (tt, o), v in topic_tone.items() if tt == t and o not in ("none", UNREAD) and v}
        if not tones:
            continue
        most = leaders(tones)
        v, of = tones[most[0]], topic_totals[t]
        if not claimable(v):
            few.append(t)
            continue
        if n - of <= 0:
            alone.append(t)
            continue
        for o in most:
            a, c = v, overall[o] - v
            p = fisher_exact([[a, of - a], [c, (n - of) - c]])[1]
            tested.append((t, o, a, of, c, n - of, float(p)))
    lines = []
    adjusted = benjamini_hochberg([x[-1] for x in tested])
    differ = [(x, q) for x, q in zip(tested, adjusted) if q < 0.05]
    same = sorted({x[0] for x, q in zip(tested, adjusted) if q >= 0.05} - {x[0] for x, _ in differ},
                  key=shown.index)
    for (t, o, a, of, c, rest, _), q in differ:
        share = f"all {of:,}" if a == of else f"{a:,} of {of:,}, {pct(a / of)}"
        way = "more" if a / of > c / rest else "less"
        lines.append(f"Comments about {md(t)} are most often {md(o)} ({share}), {way} often than the other "
                     f"comments ({c:,} of {rest:,}, {pct(c / rest)}; Fisher's exact test, adjusted p = {q:.3g}).")
    if same:
        lines.append(f"No tone is named for comments about {joined([md(t) for t in same])}: "
                     f"{'its' if len(same) == 1 else 'their'} most frequent tone is not significantly more or less "
                     f"frequent there than among the other comments (Fisher's exact test, Benjamini–Hochberg across "
                     f"{plural(len(tested), 'test')}; topic_tone.csv), so it says nothing about the topic.")
    if alone:
        lines.append(f"Every comment carries {joined([md(t) for t in alone])}, so "
                     f"{'its' if len(alone) == 1 else 'their'} tone cannot be told from the other comments'.")
    if few:
        lines.append(f"Too few comments about {joined([md(t) for t in few])} carry any one tone to name "
                     f"{'its' if len(few) == 1 else 'their'} most frequent (fewer than {MIN_CLAIM}; "
                     "topic_tone.csv).")
    return lines


#: Percentage points by which readers' own reply share must differ from the whole's for a
#: summary to give it too (the host's answers change the picture of the discussion).
READERS_APART = 0.10


def post_author_sentence(comments: int, replies: int, by_author: int, author_replies: int, table: str) -> str | None:
    """How many of a site's or thread's replies are by the post's author (the columns
    ``by_post_author`` and ``post_author_replies`` of ``table``), and readers' own reply share
    when the author's comments move the reply share by :data:`READERS_APART` or more; None when
    the source marks no comment as the author's. Why: a blog author thanking every commenter
    read as a lively discussion ("46 % are replies": all 11 were the author's)."""
    if not by_author:
        return None
    if not author_replies:
        out = (f"{plural(by_author, 'comment')} {'is' if by_author == 1 else 'are'} by the post's author, "
               f"none of {'it a reply' if by_author == 1 else 'them replies'}")
    elif replies == 1:
        out = "The only reply is by the post's author"
    else:
        out = (f"All {replies:,} replies are by the post's author" if author_replies == replies else
               f"{author_replies:,} of the {replies:,} replies {'is' if author_replies == 1 else 'are'} by the "
               "post's author")
        if by_author > author_replies:
            out += f" ({plural(by_author, 'comment')} by the author in all)"
    readers = comments - by_author
    share = (replies - author_replies) / readers if readers else None
    if share is not None and abs(share - replies / comments) >= READERS_APART - 1e-9:  # 10 points is 10 points
        out += (f"; none of the readers' own {plural(readers, 'comment')} is a reply" if not share else
                f"; readers' own {plural(readers, 'comment')} {'is' if readers == 1 else 'are'} {pct(share)} replies")
    return out + f" (by_post_author, post_author_replies in {table})."
