"""analyses/compare.py: the words that set a compared group apart."""

from __future__ import annotations

from collections import Counter

from comments.analyses.compare import distinguishing_words
from comments.analyses.topic_stats import Z_CLEAR, log_odds
from comments.classification.suggest import topic_stop_words


def test_only_clear_words_set_a_group_apart_and_no_stop_words():
    """Two sites whose comments differ in fillers and stop words and in one content word
    each: only the content word passes (z ≥ 1.96, no stop word), although the fillers
    have z > 0 (they used to be listed)."""
    a = Counter({"mal": 300, "immer": 200, "eben": 120, "don’t": 80, "haushalt": 60, "steuer": 40})
    b = Counter({"mal": 100, "immer": 90, "eben": 40, "don’t": 20, "urlaub": 60, "steuer": 13})
    words = distinguishing_words([("a.de", "a.de/1", a), ("b.de", "b.de/1", b)], lambda w: w)
    raw = dict(log_odds(a, b))
    assert raw["mal"] >= Z_CLEAR and raw["don’t"] >= Z_CLEAR and 0 < raw["steuer"] < Z_CLEAR  # were listed
    assert [w for w, _ in words["a.de"]] == ["haushalt"]
    assert [w for w, _ in words["b.de"]] == ["urlaub"]
    stops = topic_stop_words("de") | topic_stop_words("en")
    assert {"mal", "immer", "eben"} <= stops and "don't" in stops  # the typographic apostrophe is the same word


def test_no_clear_word_gives_an_empty_list():
    a = Counter({"und": 50, "preis": 10})
    b = Counter({"und": 52, "preis": 9})
    assert distinguishing_words([("a", "a/1", a), ("b", "b/1", b)], str) == {"a": [], "b": []}


def test_no_topic_is_not_counted_as_a_topic_that_differs():
    """compare --by thread said "differs … for 4 topics (…): consumer_rights …, none …":
    `none` (no topic at all) is tested with the topics but is no topic; it is said apart."""
    from comments.analyses.sentences import mix_sentence
    from comments.analyses.stats import LabelTest

    tests = [LabelTest("consumer_rights", 20, 40.0, 0.0001, 0.30, 0.0004), LabelTest("none", 20, 30.0, 0.0001, 0.24, 0.0004),
             LabelTest("open_source", 20, 25.0, 0.0003, 0.19, 0.00107), LabelTest("geopolitics", 20, 9.0, 0.02, 0.09, 0.0262)]
    sentence = mix_sentence("topics", tests, by="thread")
    assert "for 3 topics" in sentence and "none (p" not in sentence
    assert sentence.endswith("; the share of comments with no topic differs too (p = 0.0004, Cohen's w = 0.24, "
                             "small).")
    only = mix_sentence("topics", [LabelTest("none", 20, 30.0, 0.0001, 0.24, 0.0004),
                                   LabelTest("open_source", 20, 2.0, 0.5, 0.05, 0.5)], by="thread")
    assert only.startswith("No topic label's share differs significantly") and \
        only.endswith("; only the share of comments with no topic does (p = 0.0004, Cohen's w = 0.24, small).")
