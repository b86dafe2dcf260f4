"""analyses/compare.py: the words that set a compared group apart."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from comments.analyses.compare import distinguishing_words
from comments.analyses.topic_stats import Z_CLEAR, log_odds
from comments.classification.suggest import topic_stop_words
from comments.text.textsafe import md


def test_only_clear_words_set_a_group_apart_and_no_stop_words():
    """Two sites whose comments differ in fillers and stop words and in one content word
    each: only the content word passes (z ≥ 1.96, no stop word), although the fillers
    have z > 0 (they used to be listed)."""
    a = Counter({"mal": 300, "immer": 200, "eben": 120, "don’t": 80, "haushalt": 60, "steuer": 40})
    b = Counter({"mal": 100, "immer": 90, "eben": 40, "don’t": 20, "urlaub": 60, "steuer": 13})
    words = distinguishing_words([("a.de", "a.de/1", a), ("b.de", "b.de/1", b)], lambda w: w)
    raw = dict(log_odds(a, b))
    assert raw["mal"] >= Z_CLEAR and raw["don’t"] >= Z_CLEAR and 0 < raw["steuer"] < Z_CLEAR  # were listed
    assert [w for w, *_ in words["a.de"]] == ["haushalt"]
    assert [w for w, *_ in words["b.de"]] == ["urlaub"]
    stops = topic_stop_words("de") | topic_stop_words("en")
    assert {"mal", "immer", "eben"} <= stops and "don't" in stops  # the typographic apostrophe is the same word


def test_no_clear_word_gives_an_empty_list():
    a = Counter({"und": 50, "preis": 10})
    b = Counter({"und": 52, "preis": 9})
    assert distinguishing_words([("a", "a/1", a), ("b", "b/1", b)], str) == {"a": [], "b": []}


@pytest.mark.parametrize("size", [400, 1728])
def test_words_drawn_from_one_list_set_no_group_apart(tmp_path, size):
    """compare's "Words that set X apart" took every word at z ≥ 1.96, with no correction
    for testing thousands of words: groups whose comments are drawn from one word list got
    words of their own by chance. Benjamini–Hochberg over every word tested leaves none; the
    summary says so for each site — where a word could have passed (400 words: each about 18
    times per site). Spread over 1,728 words (about 4 times each) no word could pass whatever
    the words were, and the summary says there are too few comments instead."""
    import random

    from comments.analyses.analysis import analyse
    from comments.model.records import Comment, ParsedThread, Thread
    from comments.model.tree import rebuild
    from comments.reporting.report import write_report
    from comments.text.tokens import words as tokens

    syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "be", "so", "fi", "gu", "de", "pa"]
    vocabulary = [a + b + c for a in syllables for b in syllables for c in syllables][:size]  # up to 1,728 words
    rng = random.Random(13)
    threads = [ParsedThread(Thread(thread_id=f"t{t}", site=site), rebuild(
        [Comment(id=str(i), text=" ".join(rng.choices(vocabulary, k=30)), language="en") for i in range(40)]))
        for site in ("a.example", "b.example", "c.example") for t in range(6)]
    bags = [(pt.thread.site, f"{pt.thread.site}/{pt.thread.thread_id}",
             Counter(w for c in pt.comments for w in tokens(c.text))) for pt in threads]
    testable: dict[str, bool] = {}
    words = distinguishing_words(bags, str, testable=testable)
    assert words == {"a.example": [], "b.example": [], "c.example": []}
    assert testable == dict.fromkeys(words, size == 400)
    site_bags = {s: sum((b for site, _, b in bags if site == s), Counter()) for s in words}
    uncorrected = [w for s, bag in site_bags.items()
                   for w, z in log_odds(bag, sum((b for o, b in site_bags.items() if o != s), Counter()))
                   if z >= Z_CLEAR]
    assert len(uncorrected) > 20  # what z ≥ 1.96 alone reported
    a = analyse(threads, parts=("compare",))
    assert a.rows["compare_words"] == []
    write_report(a, tmp_path, ("compare",))
    text = (tmp_path / "compare.md").read_text(encoding="utf-8")
    assert "Words that set" not in text
    for site in words:
        if size == 400:
            assert f"No word sets {md(site)} apart (none is over-represented beyond chance after Benjamini–Hochberg" in text
        else:  # no claim of "no word" where the test could not have found one
            assert f"Too few comments to tell words apart for {md(site)} (240 comments vs 480 comments on the " \
                   "other sites; the smaller side, its own, is too small)" in text and "No word sets" not in text
    sites = a.rows["compare_sites"]
    assert [r["words_testable"] for r in sites] == [size == 400] * 3
    assert all(r["words_testable"] is None for r in a.rows["compare_threads"])  # compared by site


def _two_sites(seed: int, letters: int, sites: tuple[str, str], added: dict[str, tuple[int, int]]) -> list:
    """Five threads of 600 words per site drawn from one list of ``letters``² words, plus
    ``added`` words (word → count per thread on the first site, on the second)."""
    rng = __import__("random").Random(seed)
    vocabulary = [f"wort{chr(97 + i)}{chr(97 + j)}" for i in range(letters) for j in range(letters)]
    bags = []
    for site in sites:
        for t in range(5):
            bag = Counter(rng.choices(vocabulary, k=600))
            for word, (first, second) in added.items():
                bag[word] += first if site == sites[0] else second
            bags.append((site, f"{site}/{t}", bag))
    return bags


def test_a_word_that_does_set_a_group_apart_passes_the_correction():
    bags = _two_sites(5, 26, ("a", "b"), {"tempolimit": (12, 2)})  # 60 against 10 in as many words
    words = distinguishing_words(bags, str)
    assert [w for w, *_ in words["a"]] == ["tempolimit"] and words["b"] == []
    word, z, q = words["a"][0]
    assert z > Z_CLEAR and 0 <= q < 0.05


def _classified_threads():
    from comments.classification.classify import classify
    from conftest import FIXTURES, SEED, read

    result = read(SEED, FIXTURES / "wxr_small.xml", FIXTURES / "disqus_small.xml", FIXTURES / "hn_official.json")
    classify(result.threads)
    return result.threads


def test_label_counts_are_made_once_per_thread_and_match_the_per_comment_flags(monkeypatch):
    """The site rows and the label tests ask every thread for every label's count: it
    comes from the thread's counts per distinct label list (one comment counts once per
    label, ``none`` counts comments without any), not from a per-comment flag array per
    label — the same numbers as ``has``."""
    from comments.analyses import compare
    from comments.model.records import TONES

    threads = _classified_threads()
    parts = [compare.thread_partial(pt) for pt in threads]
    topics = sorted({t for pt in threads for c in pt.comments for t in c.topics or ()})
    assert topics and any(not c.topics for pt in threads for c in pt.comments)
    expected = {(i, f, label): int(p.has(f, label).sum()) for i, p in enumerate(parts)
                for f, labels in (("topics", topics), ("tone", list(TONES))) for label in [*labels, compare.NONE]}
    # a label list repeating a label still counts its comment once
    p = parts[0]
    p.topic_sets[0] = (*p.topic_sets[0], *p.topic_sets[0][:1]) if p.topic_sets[0] else p.topic_sets[0]

    def refuse(*_):
        raise AssertionError("a per-comment flag array was built to count a label")

    monkeypatch.setattr(compare.ThreadCompare, "has", refuse)
    for (i, f, label), n in expected.items():
        assert parts[i].count(f, label) == n, (i, f, label)
    shares = compare._shares(parts, topics, list(TONES))
    total = sum(q.comments for q in parts)
    assert shares["topic_none"] == sum(n for (_, f, lab), n in expected.items()
                                       if f == "topics" and lab == compare.NONE) / total
    tests = compare.label_tests(parts, "tone", list(TONES), "site")
    assert [t.label for t in tests] == [*TONES, compare.NONE]


def test_no_topic_is_not_counted_as_a_topic_that_differs():
    """compare --by thread said "differs … for 4 topics (…): consumer_rights …, none …":
    `none` (no topic at all) is tested with the topics but is no topic; it is said apart."""
    from comments.analyses.sentences import mix_sentence
    from comments.analyses.stats import LabelTest

    tests = [LabelTest("consumer_rights", 20, 40.0, 0.0001, 0.30, 0.0004), LabelTest("none", 20, 30.0, 0.0001, 0.24, 0.0004),
             LabelTest("open_source", 20, 25.0, 0.0003, 0.19, 0.00107), LabelTest("geopolitics", 20, 9.0, 0.02, 0.09, 0.0262)]
    sentence = mix_sentence("topics", tests, by="thread")
    assert "for 2 topics" in sentence and "none (p" not in sentence  # geopolitics: significant, negligible w
    assert sentence.endswith("; geopolitics (p = 0.0262, w 0.09) differs significantly too, but the effect is "
                             "negligible (Cohen's w below 0.1); the share of comments with no topic differs too "
                             "(p = 0.0004, Cohen's w = 0.24, small).")
    only = mix_sentence("topics", [LabelTest("none", 20, 30.0, 0.0001, 0.24, 0.0004),
                                   LabelTest("open_source", 20, 2.0, 0.5, 0.05, 0.5)], by="thread")
    assert only.startswith("No topic label's share differs significantly") and \
        only.endswith("; only the share of comments with no topic does (p = 0.0004, Cohen's w = 0.24, small).")


def test_a_significant_label_with_a_negligible_effect_is_no_headlined_difference():
    """compare headlined "differs … for 1 tone label: supportive (p = 0.03, w = 0.07,
    negligible)": a significant test whose Cohen's w is below 0.1 is said apart; and when
    the taxonomy does not fit, the topic sentence says what its tests rest on."""
    from comments.analyses.sentences import mix_sentence
    from comments.analyses.stats import LabelTest

    tests = [LabelTest("supportive", 12, 40.0, 0.001, 0.07, 0.003), LabelTest("critical", 12, 2.0, 0.4, 0.02, 0.4)]
    sentence = mix_sentence("tone", tests)
    assert not sentence.startswith("The share of comments differs")
    assert sentence == ("No tone label's share differs between the 12 sites compared by more than a negligible effect "
                        "after Benjamini–Hochberg correction (2 labels tested by permutation of whole threads between "
                        "sites; compare_tests.csv): supportive (p = 0.003, w 0.07) differs significantly, but the "
                        "effect is negligible (Cohen's w below 0.1).")
    topics = mix_sentence("topics", [replace(t, label=f"t{i}") for i, t in enumerate(tests)], misfit=True)
    assert topics.endswith("These topic tests rest on the few comments the taxonomy gives a topic: it does not fit "
                           "this corpus (see below).")
    assert "rest on" not in mix_sentence("tone", tests, misfit=True)


def test_comments_in_another_language_are_kept_apart_from_tone_none():
    """methods.md: a comment in another language has its tone unread, not "none". On the
    real html_comments pages compare_sites.csv folded them into tone_none (foxyfolksy.com
    0.05 = 4/80, where tone_shares_by_site.csv says none 3/80 and other_language 1/80):
    each site's tone_none and tone_other_language now are the topics report's shares, and
    compare_tests tests other_language on its own."""
    from comments.analyses import compare
    from comments.analyses import topic_stats as ts
    from comments.classification.classify import classify
    from comments.classification.taxonomy import load
    from comments.text.tokens import Stems
    from conftest import corpus, read

    threads = read(corpus("html_comments")).threads
    classify(threads)
    assert any(c.language == "other" and not c.tone for pt in threads for c in pt.comments)
    parts = [compare.thread_partial(pt) for pt in threads]
    counts = [ts.thread_text(pt, load().ids, Stems())[1] for pt in threads]
    tones = compare.tone_labels(parts)  # (tested; pingbacks, californiaglobe's 8, are a share column only)
    columns = [*tones, *compare.pingbacks(parts)]
    assert tones == [*compare.TONES, ts.UNREAD] and columns == ts.tone_labels(counts) == [*tones, ts.PINGBACK]
    want = {(s.group, s.label): s.share for s in ts.shares(counts, "tone", columns, "site")}
    for site in {p.site for p in parts}:
        got = compare._shares([p for p in parts if p.site == site], [], columns)
        for label in [*columns, ts.NONE]:
            assert got[f"tone_{label}"] == want[(site, label)], (site, label)
    assert [t.label for t in compare.label_tests(parts, "tone", tones)] == [*tones, ts.NONE]


def test_a_german_filler_sets_no_site_apart():
    """The only word that "set apart" a local news site (50 comments against 94 on recipe
    blogs) was "halt", a filler particle neither stop-word list has; it is left out as a
    topic stop word, while a content word over-represented as strongly is kept."""
    bags = _two_sites(3, 20, ("lokal", "rezepte"), {"halt": (12, 1), "hafenstraße": (12, 1)})
    words = distinguishing_words(bags, str)
    assert [w for w, *_ in words["lokal"]] == ["hafenstraße"]
    assert "halt" in topic_stop_words("de")  # a filler (suggest.FILLERS), which neither stop-word list has


def test_pingbacks_take_no_part_in_the_label_tests():
    """A thread's 25 pingbacks (no label read) diluted its shares, so its no-topic share was
    "lowest" and the test "large" (review, session 15): the tests count readers only, and
    give the same results with or without them."""
    import copy

    from comments.analyses.compare import label_tests, thread_partial
    from comments.classification.classify import classify
    from comments.model.records import Comment
    from comments.model.tree import rebuild
    from conftest import SEED, read

    one = read(SEED).threads[0]
    two = copy.deepcopy(one)
    two.thread.thread_id, two.comments = "copy", two.comments[:21]
    threads = [one, two]
    classify(threads)
    crowded = copy.deepcopy(threads)
    crowded[1].comments = rebuild(crowded[1].comments + [
        Comment(id=f"pb{i}", kind="pingback", text=f"Pingback: Blog {i} | Xiaomi", topics=[], tone=[])
        for i in range(25)])

    def results(ts):
        parts = [thread_partial(pt) for pt in ts]
        return [(t.label, t.groups, t.p_value, t.effect) for field in ("topics", "tone")
                for t in label_tests(parts, field, ["geopolitics", "consumer_rights"] if field == "topics"
                                     else ["critical", "informative"], by="thread")]

    assert results(crowded) == results(threads) and results(threads)[0][1] == 2


def test_a_group_of_one_word_against_a_few_is_tested_without_a_crash():
    """A one-comment site whose only word is "reply", compared with a three-comment site
    (exports18, session 18): the best case of that word being every word on both sides
    made a 0/0 log-odds, a NaN p-value, and `compare` and `report all` stopped with
    scipy's "`ps` must include only numbers between 0 and 1". Such a case is no case:
    every best-case p is a probability and the comparison goes on."""
    import numpy as np

    from comments.analyses.compare import _best_case_p

    bag, rest = Counter({"reply": 1}), Counter({"zeile": 2, "semikolon": 1, "formel": 1})
    p = _best_case_p(bag, sum(rest.values()))
    assert np.all((p >= 0) & (p <= 1)) and not np.any(np.isnan(p))
    testable: dict = {}
    assert distinguishing_words([("a", "a/1", bag), ("b", "b/1", rest)], str, testable=testable) == {"a": [], "b": []}
    # a group of one word has no other word to set it apart from: not testable (review18b: its
    # best case near the degenerate corner gave p 0.0009 and "no word sets a apart" as a finding)
    assert testable == {"a": False, "b": False} and list(p) == [1.0]
    assert _best_case_p(Counter({"reply": 1, "x": 1}), sum(rest.values())).min() > 0.05


def test_log_odds_of_a_vocabulary_of_one_word_is_empty():
    """Two groups whose every word is one and the same ("Danke" against "Danke"): no other
    word to tell it from, so no z (it was a math domain error from log(0))."""
    assert all(log_odds(Counter({"danke": i}), Counter({"danke": j})) == [] for i in range(1, 30) for j in range(0, 30))
    assert [w for w, _ in log_odds(Counter({"danke": 3}), Counter({"bitte": 2}))] == ["danke", "bitte"]


def _zipf_threads(groups: int, seed: int = 5, sites: int = 0) -> list[tuple[str, str, Counter]]:
    """Per-thread word counts like comment threads': a Zipf vocabulary of 3,000 words, threads
    of 5 to 3,000 words, each with a few words of its own used often (so some pass), some
    threads tiny (no word of theirs could pass). ``sites``: threads spread over that many sites."""
    import random

    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(3000)]
    weights = [1.0 / (i + 1) for i in range(len(vocabulary))]
    bags = []
    for t in range(groups):
        n = rng.choice([5, 12, 40, 300, 1200, 3000])
        bag = Counter(rng.choices(vocabulary, weights, k=n))
        for w in rng.sample(vocabulary[200:], 3):
            bag[w] += n // 40
        site = f"s{t % sites}" if sites else f"s{t}"
        bags.append((site, f"{site}/t{t}", +bag))
    return bags


def _pair_by_pair(bags, by: str) -> tuple[dict, dict]:
    """The method as it was computed before linear21: every group against every word of the
    pooled vocabulary, Benjamini–Hochberg over all those pairs, and each group's best cases
    against all other pairs (quadratic; the reference the linear computation must equal)."""
    import numpy as np
    from scipy.special import ndtr
    from scipy.stats import false_discovery_control

    from comments.analyses.compare import WORDS_FDR, _best_case_p, _weighted
    from comments.analyses.topic_stats import corrected

    groups, total = _weighted(bags, by)
    scored = {}
    for g, bag in groups:
        rest = Counter()
        for other, b in groups:
            if other != g:
                rest.update(b)
        scored[g] = log_odds(bag, rest)
    p = 2.0 * ndtr(-np.abs(np.array([z for pairs in scored.values() for _, z in pairs], dtype=float)))
    testable, start = {}, 0
    for g, bag in groups:
        n = len(scored[g])
        others = np.concatenate([p[:start], p[start + n:]])
        best = _best_case_p(bag, sum(total.values()) - sum(bag.values()))
        q = false_discovery_control(np.concatenate([others, best]), method="bh")
        testable[g] = bool(np.any(q[len(others):] < WORDS_FDR))
        start += n
    return corrected(scored), testable


@pytest.mark.parametrize("groups, sites", [(24, 0), (40, 0), (30, 4)])
def test_linear_tests_equal_every_pair_tested(groups, sites):
    """linear21: `compare --by thread` scored every word of the pooled vocabulary for every
    thread (omp 4,000 posts: 318 threads × 21,365 words, 64 s CPU and 2 GB; 8,000 posts never
    finished). Scoring only a group's own words and the absent words that can rank among the
    small p-values gives the same passing words, z, adjusted p and words_testable as testing
    every pair, with the test count m still groups × vocabulary."""
    from comments.analyses.compare import _log_odds_tests, _testable, _weighted

    bags = _zipf_threads(groups, sites=sites)
    by = "site" if sites else "thread"
    reference, reference_testable = _pair_by_pair(bags, by)
    weighted, total = _weighted(bags, by)
    tests = _log_odds_tests(weighted, total)
    assert tests.m == len(weighted) * len(total)
    passing = tests.passing()
    rounded = lambda d: {g: [(w, round(z, 9), float(f"{q:.9g}")) for w, z, q in v] for g, v in d.items()}  # noqa: E731
    assert rounded(passing) == rounded(reference)
    assert sum(map(len, passing.values())) > 10  # some words pass: the comparison is not of empty lists
    testable = _testable(weighted, total, tests)
    assert testable == reference_testable
    assert set(testable.values()) == ({True} if sites else {True, False})  # tiny threads: no word could pass


def test_tests_computed_are_bounded_by_each_groups_words():
    """The work is linear: the pairs computed are each group's own words plus the absent words
    whose p is small, not groups × vocabulary (200 threads of a 3,000-word vocabulary)."""
    from comments.analyses.compare import _log_odds_tests, _weighted

    weighted, total = _weighted(_zipf_threads(200), "thread")
    tests = _log_odds_tests(weighted, total)
    own = sum(len(bag) for _, bag in weighted)
    assert own <= tests.evaluated <= 2 * own + len(weighted)
    assert tests.evaluated < tests.m / 5


def _testable_group_by_group(groups, total, tests) -> dict:
    """words_testable as session 21 computed it: per group, its best cases against every
    other group's p near rejection, ranked among all small p's (a scan of every p per group:
    quadratic in the groups, the reference the linear computation must equal)."""
    import numpy as np

    from comments.analyses.compare import SMALL_P, WORDS_FDR, _best_case_p

    n = sum(total.values())
    sizes = [len(bag) for _, bag in groups]
    small, owner = tests.small, tests.owner
    rank = np.searchsorted(small, small, side="right").astype(float)
    fewest = tests.m - tests.per_group
    near = small * fewest < WORDS_FDR * (rank + max(sizes)) * (1 + 1e-9)
    out = {}
    for index, (group, bag) in enumerate(groups):
        best = np.sort(_best_case_p(bag, n - sum(bag.values())))
        mine = best[best <= SMALL_P]
        if not len(mine):
            out[group] = False
            continue
        own = small[owner == index]
        t = np.concatenate([mine, small[near][(owner[near] != index) & (small[near] >= mine[0])]])
        ranks = (np.searchsorted(small, t, side="right") - np.searchsorted(own, t, side="right")
                 + np.searchsorted(mine, t, side="right")).astype(float)
        out[group] = bool(np.any(t * ((fewest + sizes[index]) / ranks) < WORDS_FDR))
    return out


def _own_word_threads(threads: int, seed: int) -> list[tuple[str, str, Counter]]:
    """Threads that really differ (review21b #2): words of a shared vocabulary, and a few of
    their own used often (some threads tiny, some sharing a word with a few others)."""
    import random

    rng = random.Random(seed)
    vocabulary = [f"c{i}" for i in range(rng.choice([30, 300, 2000]))]
    bags = []
    for t in range(threads):
        bag = Counter(rng.choices(vocabulary, k=rng.choice([1, 3, 12, 40, 200])))
        for j in range(rng.choice([0, 1, 5])):
            bag[f"p{t}_{j}"] += rng.choice([1, 3, 10, 40])
        if rng.random() < 0.3:
            bag[f"shared{t % 3}"] += rng.choice([2, 8])
        bags.append((f"s{t % 4}", f"s{t % 4}/t{t}", +bag))
    return bags


@pytest.mark.parametrize("seed", range(4))
def test_words_testable_equals_the_group_by_group_check(seed):
    """review21b #2: words_testable scanned every p once per group (16,000 threads with words
    of their own: 24 s in that step, ×4 per doubling). The linear check gives the same answer
    per group as the scan, on threads that differ and, with made-up p-values many of which are
    near rejection, where the others' p's decide (a group passing only thanks to them)."""
    import numpy as np

    from comments.analyses.compare import _log_odds_tests, _testable, _Tests, _weighted

    bags = _own_word_threads(20 + 15 * seed, seed)
    for by in ("thread", "site"):
        weighted, total = _weighted(bags, by)
        tests = _log_odds_tests(weighted, total)
        assert _testable(weighted, total, tests) == _testable_group_by_group(weighted, total, tests)
    weighted, total = _weighted(bags, "thread")
    rng = np.random.default_rng(seed)
    decided_by_others = 0
    for _ in range(15):
        small = np.sort(rng.uniform(0, 0.05, int(rng.integers(0, 600))) ** rng.choice([1, 2, 4]))
        if rng.random() < 0.3:
            small = np.sort(np.round(small, 3))  # ties
        owner = rng.integers(0, len(weighted), len(small)).astype(np.int64)
        tests = _Tests({}, {}, small, owner, len(total), len(weighted) * len(total), 0)
        got = _testable(weighted, total, tests)
        assert got == _testable_group_by_group(weighted, total, tests)
        alone = _Tests({}, {}, small[:0], owner[:0], len(total), tests.m, 0)
        decided_by_others += sum(got.values()) - sum(_testable(weighted, total, alone).values())
    assert decided_by_others > 0  # the others' p's made some group testable: that branch was checked


def test_a_filler_is_matched_by_its_written_form_not_by_a_stem_of_the_other_language():
    """Fillers are exact forms (suggest.FILLERS): "im Nahen Osten" stems to "nah" (an English
    filler), "Meister" to "meist", "hält" to "halt" — content words that the stem matched;
    the filler written as such is still left out (review23b, session 23)."""
    from comments.analyses.topic_stats import clear_words

    forms = {"nah": "nahen", "meist": "meister", "halt": "hält", "eh": "eh", "genau": "genauigkeit"}
    scored = [(stem, 9.0 - i) for i, stem in enumerate(forms)]
    assert [w for w, *_ in clear_words(scored, forms.get, 10)] == ["nahen", "meister", "hält", "genauigkeit"]
    assert [w for w, *_ in clear_words([("halt", 5.0)], str, 10)] == []  # the filler as written


def test_stop_words_and_fillers_are_matched_by_the_written_form_in_both_languages():
    """A German word whose stem is an English stop word is a content word ("Kinder" stems to
    "kind", "Themen" to "them", "backen" to "back", "ändern" to "and"); an inflected filler
    is still a filler ("die meisten", "hoping"); a stop word as written, or by a stem of its
    own language, still goes (review24b F1, F2, session 24)."""
    from comments.analyses.topic_stats import clear_words

    forms = {"kind": "kinder", "million": "millionen", "them": "themen", "back": "backen", "and": "ändern",
             "meist": "meisten", "hope": "hoping", "guess": "guessing", "der": "der", "the": "the",
             "lieb": "liebe", "dank": "danke", "run": "running"}
    scored = [(stem, 20.0 - i) for i, stem in enumerate(forms)]
    kept = [w for w, *_ in clear_words(scored, forms.get, 20)]
    # a stem that is a stop word of the language whose stemmer made it still goes ("Liebe Grüße", "danke")
    assert kept == ["kinder", "millionen", "themen", "backen", "ändern"]
