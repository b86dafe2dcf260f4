"""The array topic pass (``topics_batch.transform_many``, what ``TopicClassifier.transform``
runs) sets the same topics and topic scores as the per-comment one
(``TopicClassifier.transform_each``), float for float: on real reply trees, with and without
the learned model, on hostile text, reactions, duplicate ids and empty threads."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import numpy as np
import pytest
from conftest import corpus, read

from comments.classification.classify import set_languages
from comments.classification.taxonomy import load
from comments.classification.topics import TopicClassifier
from comments.classification.topics_batch import in_context
from comments.model.records import Comment, ParsedThread, Thread

ROOT = Path(__file__).resolve().parents[2]
FRAGMENTS = ("Staatsanwält*innen", "US-Sanktionen", "EU-Kommission", "--no-preserve-root", "Root-Rechte",
             "iPhone-Kriege", "Kriege", "kriegen", "Let us know.", "use", "@troll_putin", "@IsraelinGermany",
             "info@example.de", "Putin", "Kuba", "Sanktionspolitik", "Bootloader-Entsperrung", "custom rom", "ADB",
             "Quelle?", "+1", "Danke!", "😉", "ẞ", "İstanbul", "ǅ", "Ⅻ", "Xiaomi", "Handy", "China", "the", "die",
             "Datenschutz", "privacy", "\n", " ", "", "-", "???", "Tempolimit", "Autobahn", "speed limit")


def _hostile_threads(n: int, seed: int = 5) -> list[ParsedThread]:
    """Threads of random fragments: replies to earlier comments, some bare reactions, some
    ids repeated and some parents missing."""
    rng = random.Random(seed)
    threads = []
    for t in range(n):
        comments = []
        for j in range(rng.randint(0, 30)):
            text = " ".join(rng.choice(FRAGMENTS) for _ in range(rng.choice((1, 2, 3, 8, 20))))
            parent = rng.choice([None, None, str(rng.randrange(j)) if j else None, "missing"])
            cid = str(j) if rng.random() > 0.05 else "dup"  # (never a parent: no reply cycle)
            comments.append(Comment(id=cid, parent_id=parent, text=text, position=j))
        threads.append(ParsedThread(Thread(thread_id=f"h{t}"), comments))
    return threads


def _classify_words(taxonomy):
    """``words_of`` as classify hands it over: a comment's tokens and its language's combined lexicon scores."""
    from comments.classification import tone
    from comments.classification.classify import _combined
    from comments.classification.lexicon_batch import effective
    from comments.text.tokens import tokenize

    def words_of(c):
        tokens = tokenize(c.text)
        return tokens, effective(_combined(taxonomy, tone.cue_language(c.language)), c.language).scores(
            c.text, tokens, c.language)
    return words_of


def _real_threads() -> list[ParsedThread]:
    paths = [corpus("reddit/reddit_fo7p5b_announcements_polls.json"), corpus("reddit/reddit_3hahrw_api_morechildren_flat.json"),
             corpus("html_wordpress/04-02-comment-setting-up-a-robust-minecraft-server-on-a-raspberry-pi.md"),
             corpus("html_comments/foxyfolksy.com__buttercream.html"), corpus("html_comments/spektrum.de__engelbart.html")]
    return read(*paths, ROOT / "data" / "raw" / "stadt-bremerhaven.de__xiaomi-kuba-syrien.txt").threads


def _both(threads: list[ParsedThread], taxonomy=None, keep_scores: bool = True, learned: bool = True):
    set_languages(threads)
    batch, each = copy.deepcopy(threads), copy.deepcopy(threads)
    for side, method in ((batch, "transform"), (each, "transform_each")):
        classifier = TopicClassifier(taxonomy or load(), learned=learned)
        classifier.keep_scores = keep_scores
        getattr(classifier, method)(side)
    got = [(c.id, c.topics, c.topic_scores) for pt in batch for c in pt.comments]
    want = [(c.id, c.topics, c.topic_scores) for pt in each for c in pt.comments]
    return got, want


@pytest.mark.parametrize("learned", [True, False], ids=["model", "terms"])
def test_batch_equals_each_on_real_threads(learned):
    got, want = _both(_real_threads(), learned=learned)
    assert len(got) > 500
    assert got == want
    assert any(topics for _, topics, _ in got)


@pytest.mark.parametrize("learned", [True, False], ids=["model", "terms"])
def test_batch_equals_each_on_hostile_threads(learned):
    got, want = _both(_hostile_threads(120), learned=learned)
    assert got == want
    assert any(topics for _, topics, _ in got)


def test_batch_equals_each_with_another_taxonomy_and_without_scores():
    threads = _hostile_threads(40, seed=9)
    got, want = _both(threads, load(ROOT / "examples" / "tempolimit.toml"))
    assert got == want
    got, want = _both(threads, keep_scores=False)
    assert got == want and all(scores is None for _, _, scores in got)


@pytest.mark.parametrize("threads", [[], [ParsedThread(Thread(thread_id="e"), [])],
                                     [ParsedThread(Thread(thread_id="o"), [Comment(id="1", text="Sanktionen gegen Kuba und Iran")])]],
                         ids=["none", "empty-thread", "one-comment"])
def test_batch_equals_each_on_tiny_inputs(threads):
    got, want = _both(threads)
    assert got == want


def test_in_context_reads_each_reply_with_its_parents_final_row():
    own = np.array([[0.6, 0.0], [0.2, 0.0], [0.0, 0.0], [0.7, 0.3]])
    final = in_context(own, np.array([False, False, False, True]), [-1, 0, 1, -1], [0, 1, 2, 0], 0.5, 0.5, 0.65)
    assert final[1].tolist() == [1.0 - 0.8 * (1.0 - 0.5 * 0.6), 0.0]  # strengthened by its parent
    assert final[2].tolist() == [0.65 * final[1][0], 0.0]  # inherits the parent's final score
    assert final[3].tolist() == [0.45, 0.3]  # a bare reaction: capped


def test_mention_pattern_finds_what_the_look_behind_first_pattern_finds():
    """``MENTION`` begins with the "@" it needs (faster to scan) and finds and removes the
    handles ``(?<![\\w.])@\\w+`` does, on hostile text."""
    import random
    import re

    from comments.classification.topics import MENTION

    reference = re.compile(r"(?<![\w.])@\w+")
    rng = random.Random(4)
    palette = ["@", "@@", "a", "é", "_", ".", " ", "\n", "1", "-", "x.y", "@user", "mail@host.de", "“@", "ß"]
    texts = ["".join(rng.choice(palette) for _ in range(rng.randint(0, 10))) for _ in range(20000)]
    for text in texts + ["@a", ".@a", "_@a", "@"]:
        assert MENTION.findall(text) == reference.findall(text), text
        assert MENTION.sub(" ", text) == reference.sub(" ", text), text


@pytest.mark.parametrize("learned", [True, False], ids=["model", "terms"])
def test_batch_reads_the_term_scores_classify_hands_it_as_each_does(learned):
    """As classify calls it: each comment's tokens and lexicon scores given (``words_of``), read
    for all comments at once (``_evidence_rows``), placed among the rows of pingbacks and of
    comments whose handles hold a seed term (read apart): the per-comment pass's floats."""
    threads = _hostile_threads(80, seed=13) + _real_threads()[:2]
    for pt in threads[::7]:
        for c in pt.comments[::3]:
            c.kind = "pingback"
    set_languages(threads)
    batch, each = copy.deepcopy(threads), copy.deepcopy(threads)
    taxonomy = load()
    words_of = _classify_words(taxonomy)
    TopicClassifier(taxonomy, learned=learned).transform(batch, words_of)
    TopicClassifier(taxonomy, learned=learned).transform_each(each)
    got = [(c.id, c.topics, c.topic_scores) for pt in batch for c in pt.comments]
    assert got == [(c.id, c.topics, c.topic_scores) for pt in each for c in pt.comments]
    assert any(topics for _, topics, _ in got)


def test_batch_reads_a_calls_words_at_once_as_each_does():
    """``words_many`` (classify's words of a whole call, popped by a C-level map) gives the same topics and
    scores as ``words_of`` comment by comment, and ``on_scored`` is called once with every comment of the call,
    thread after thread in walk order, each with its own tokens and lexicon scores (pingbacks, deleted comments,
    handles, reactions, repeated ids and empty threads among them)."""
    from comments.model.tree import walk_order
    from comments.text.tokens import tokenize

    threads = _hostile_threads(60, seed=21) + _real_threads()[:2]
    for pt in threads[::5]:
        for c in pt.comments[::4]:
            c.kind = "pingback"
        for c in pt.comments[1::6]:
            c.text = "[deleted]"
    set_languages(threads)
    batch, each = copy.deepcopy(threads), copy.deepcopy(threads)
    taxonomy = load()
    words_of = _classify_words(taxonomy)
    calls = []
    TopicClassifier(taxonomy).transform(batch, words_of, lambda *args: calls.append(args), True,
                                        lambda comments: list(map(words_of, comments)))
    TopicClassifier(taxonomy).transform_each(each)
    got = [(c.id, c.topics, c.topic_scores) for pt in batch for c in pt.comments]
    assert got == [(c.id, c.topics, c.topic_scores) for pt in each for c in pt.comments]
    assert any(topics for _, topics, _ in got)
    assert len(calls) == 1
    comments, tokens, found = calls[0]
    assert comments == [c for pt in batch for c in walk_order(pt.comments)]
    assert tokens == [tokenize(c.text) for c in comments]
    assert found == [words_of(c)[1] for c in comments]


def test_batch_reads_handles_known_from_an_earlier_call_as_each_does():
    """A classifier reading call after call (as classify does) knows, from the first call on, which handles
    hold a seed term ("@troll_putin") and which none: a later call passes over the comments whose handles
    hold none and reads the others without their handles, as the per-comment pass does."""
    threads = _hostile_threads(60, seed=17)
    for pt in threads:
        for c in pt.comments[::3]:
            c.text = "@kater_karlo " + c.text  # (a handle holding no seed term)
    set_languages(threads)
    batch, each = copy.deepcopy(threads), copy.deepcopy(threads)
    taxonomy = load()
    words_of = _classify_words(taxonomy)
    classifier = TopicClassifier(taxonomy)
    for part in (batch[:20], batch[20:40], batch[40:]):
        classifier.transform(part, words_of)
    assert {True, False} <= set(classifier._handle_hits.values())
    later = [c for pt in batch[20:] for c in pt.comments if "@troll_putin" in c.text]
    assert later and any(c.topics for c in later)
    TopicClassifier(taxonomy).transform_each(each)
    got = [(c.id, c.topics, c.topic_scores) for pt in batch for c in pt.comments]
    assert got == [(c.id, c.topics, c.topic_scores) for pt in each for c in pt.comments]
