"""Why a report's table is empty or one of its charts is left out, in a sentence at
the end of the section's summary: each reason is computed from the analysis (no
comments, no dates, no replies, no word passes the test), so a reader of the Markdown
or of index.html never meets a bare header or a missing chart without being told why.
"""

from __future__ import annotations

from comments.analyses.topic_stats import SET_APART

#: Charts a section leaves out when it has nothing to draw, with the table whose
#: reason they share (None: the section has no comments to draw).
OPTIONAL_CHARTS = {
    "topics": {"topics_by_thread": None, "topic_cooccurrence": "topic_cooccurrence", "topic_terms": "topic_terms",
               "topics_over_time": "topics_over_time"},
    "compare": {"compare_topics": None, "compare_tone": None, "compare_structure": None},
    "drift": {"drift_by_depth": "drift_by_depth"},
}

#: the rule for the words that set a compared group apart (analyses.compare.distinguishing_words) and,
#: with the comments a word must be found in, for the words that mark a topic (analyses.topic_stats)
APART = ("over-represented beyond chance after Benjamini–Hochberg correction over every word tested, "
         "stop words left out")
#: the compared groups' words also need (analyses.compare.MIN_WORD_COMMENTS, MIN_WORD_AUTHORS; no digits, as above)
SPREAD = "found in several of its comments, by more than one author where authors are known"


def apart_counts(row: dict) -> dict[str, int]:
    """A compare row's comments counted apart, by label (its topic shares of them times its comments)."""
    return {x: round((row.get(f"topic_{x}") or 0) * row["comments"]) for x in SET_APART if row.get(f"topic_{x}")}


def worded(row: dict) -> int:
    """A compare row's comments whose words the word test reads: all but those counted apart (pingbacks, deleted
    comments, editorial notes, spam and pending: ``topic_stats.thread_text`` puts their words in no count)."""
    return row["comments"] - sum(apart_counts(row).values())


def untestable(row: dict) -> bool:
    """Whether no word could set the compared group of ``row`` (a compare_sites or
    compare_threads row) apart, whatever its words (``words_testable`` False:
    analyses.compare._testable)."""
    return row.get("words_testable") is False


def reason(a, table: str | None) -> str:
    """Why ``table`` (None: a section's charts) of the Analysis ``a`` has no rows."""
    if not a.counts["threads"]:
        return "there are no threads"
    if not a.counts["comments"]:
        return "there are no comments"
    if table == "topics_over_time":
        return "no comment has a date"
    if table in ("topic_terms", "topic_cooccurrence") and not _has_topic(a):
        return "no comment has a topic"
    if table == "topic_cooccurrence":  # its rows are there, every count 0
        return "no comment has two topics"
    if table == "drift_by_depth":
        if not len(a.results["edges"]):
            return "no comment is a reply"
        if a.rows.get("drift_by_depth") and a.results.get("misfit"):  # the rates drift.md withholds: not drawn
            return ("the taxonomy does not fit this corpus, so no drift rate is drawn from its labels (drift_by_thread.csv "
                    "leaves the rates empty)")
        return "no reply answers a comment with a topic, so there is no drift rate to draw"
    if table == "topic_terms":
        # no digits: the summaries' numbers all come from the tables (tests/analyses/test_sentences.py)
        return f"no word marks a topic clearly (none is {APART} and found in several of the topic's comments)"
    if table == "compare_words":
        by = a.by
        rows = [r for r in a.results["site_rows" if by == "site" else "thread_rows"] if r["comments"]]
        # (spam, pending, deleted comments and pingbacks: no reader's words to set a group apart by)
        readers = sum(1 for r in rows if worded(r))
        if readers == 0 and len(rows) > 1:
            return f"no {by} has comments with a reader's words, so there is no {by} to set apart"
        if readers < 2 and len(rows) > 1:
            return f"only one {by} has comments with a reader's words, so there is no other {by} to set it apart from"
        if len(rows) < 2:
            return f"only one {by} has comments, so there is no other {by} to set it apart from"
        few = sum(map(untestable, rows))
        table = "compare_sites.csv" if by == "site" else "compare_threads.csv"
        if few == len(rows):
            return (f"the {by}s have too few comments to tell words apart (no word of any {by} could be "
                    f"over-represented beyond chance, whatever its words: words_testable in {table})")
        if few:
            return (f"no word sets a {by} apart where the test could find one (none is {APART} and {SPREAD}); "
                    f"the other {by}s "
                    f"have too few comments to tell words apart (words_testable in {table})")
        return f"no word sets a {by} apart (none is {APART} and {SPREAD})"
    if table in ("drift_edges", "drift_changes", "drift_chains"):
        edges = a.results["edges"]
        if not len(edges):
            return "no comment is a reply"
        if table == "drift_changes":
            if not edges.changed()[1]:
                return "no reply has a topic where its parent has one too"
            if a.results.get("misfit"):  # the labels a misfit withholds: no word on keeping or changing the subject
                return "the taxonomy does not fit this corpus, so no change of topic is told from its labels"
            return "no reply where parent and reply both have a topic changes the subject"
        if table == "drift_chains":
            return "no reply chain has at least five distinct content words in both its first and its last comment"
    return "there is nothing to count"


def _has_topic(a) -> bool:
    """Whether any comment of ``a`` has a topic (pingbacks, deleted comments and comments
    without one aside: disqus/'s one deleted comment read as "a topic" here)."""
    return any(s.count for s in a.results["by_site"] if s.label not in ("none", *SET_APART))


def lines(a, section: str, tables: list[str], charts: list[str]) -> list[str]:
    """One sentence per reason: which of the section's ``tables`` (CSV names it wrote)
    are empty and which of its optional charts (not among ``charts``, the ones drawn)
    are left out, and why."""
    by_reason: dict[str, tuple[list[str], list[str]]] = {}
    for name in tables:
        table = name.removesuffix(".csv")
        if not len(a.rows.get(table, ())):
            by_reason.setdefault(reason(a, table), ([], []))[0].append(name)
    for chart, table in OPTIONAL_CHARTS.get(section, {}).items():
        if chart not in charts:
            by_reason.setdefault(reason(a, table), ([], []))[1].append(chart)
    out = []
    for why, (empty, omitted) in by_reason.items():
        said = []
        if empty:
            said.append(f"the table{'' if len(empty) == 1 else 's'} {_names(empty)} "
                        f"{'is' if len(empty) == 1 else 'are'} empty")
        if omitted:
            said.append(f"the {_names(omitted)} chart{'' if len(omitted) == 1 else 's'} "
                        f"{'is' if len(omitted) == 1 else 'are'} left out")
        text = " and ".join(said)
        out.append(f"{text[0].upper()}{text[1:]}: {why}.")
    return out


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
