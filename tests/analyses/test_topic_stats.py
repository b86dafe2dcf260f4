"""Topic counts and the taxonomy fit from one tokenising per comment: the same partials
as counting each comment on its own (tokenised twice, stemmed word by word)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from conftest import corpus, read

from comments.analyses import topic_stats as ts
from comments.classification.classify import classify
from comments.classification.suggest import is_substantive
from comments.classification.taxonomy import load
from comments.model.records import ParsedThread
from comments.text.tokens import Stems
from comments.text.tokens import words as tokens_of


def _reference(pt: ParsedThread, topics: list[str], stems: Stems) -> tuple[ts.Coverage, ts.TopicCounts]:
    """Every comment counted on its own, as the counts were defined."""
    found = [c for c in pt.comments if is_substantive(c)]
    cov = ts.Coverage(pt.thread.site or "", str(pt.thread.thread_id), len(found), sum(not c.topics for c in found))
    out = ts.TopicCounts(pt.thread.site or "", f"{pt.thread.site}/{pt.thread.thread_id}", len(pt.comments),
                         {"topics": Counter(), "tone": Counter()})
    for c in pt.comments:
        out.labels["topics"].update(c.topics or [ts.NONE])
        out.labels["tone"].update(c.tone or [ts.NONE])
        for t in c.topics or [ts.NONE]:
            for tone in c.tone or [ts.NONE]:
                out.topic_tone[(t, tone)] += 1
        present = sorted(set(c.topics or []))
        out.cooccurrence.update((a, b) for a in present for b in present)
        if c.created_at and len(c.created_at) >= 7:
            out.dated[c.created_at[:10]] += 1
            for t in topics:
                out.dated_topics[(c.created_at[:10], t)] += t in (c.topics or [])
        ws = stems.of_text(c.text, c.language or "de")
        out.words.update(ws)
        for t in c.topics or []:
            if t in topics:
                out.topic_words.setdefault(t, Counter()).update(ws)
        for t in set(c.topics or []) & set(topics):  # a comment counts once per topic, labels repeated or not
            out.topic_docs.setdefault(t, Counter()).update(set(ws))
    return cov, out


def _threads() -> list[ParsedThread]:
    threads = read(corpus("wordpress"), corpus("reddit"), corpus("plaintext_en")).threads
    classify(threads, keep_scores=False)
    # hostile label lists: repeated and unknown labels, no labels, odd timestamps
    first = threads[0]
    odd = [replace(c, topics=[*(c.topics or []), *(c.topics or []), "not_a_topic"], tone=None,
                   created_at="2021" if i % 2 else c.created_at) for i, c in enumerate(first.comments)]
    return [*threads, ParsedThread(replace(first.thread, thread_id="odd"), odd)]


def test_one_pass_gives_the_partials_of_counting_each_comment_alone():
    topics = load().ids
    fast, slow = Stems(), Stems()
    for pt in _threads():
        cov, got = ts.thread_text(pt, topics, fast)
        want_cov, want = _reference(pt, topics, slow)
        assert cov == want_cov == ts.thread_coverage(pt)
        assert got == want
        assert list(got.words) == list(want.words)  # first-sight order: the comparison codes stems in it
    assert fast._stem_of == slow._stem_of and fast._counts == slow._counts
    assert {s: fast.surface(s) for s in fast._stem_of.values()} == {s: slow.surface(s) for s in slow._stem_of.values()}


def test_each_distinct_word_is_looked_at_once_per_run(monkeypatch):
    from comments.text import tokens

    calls = Counter()
    real = tokens._WordStems.__missing__

    def counting(self, word):
        calls[(word, self.language)] += 1
        return real(self, word)

    monkeypatch.setattr(tokens._WordStems, "__missing__", counting)
    stems = Stems()
    threads = _threads()
    for pt in threads:
        ts.thread_text(pt, load().ids, stems)
    assert calls and max(calls.values()) == 1
    table = stems._words["de"]
    assert table["und"] is None and table["2024"] is None and table["x"] is None  # stop word, number, one letter
    assert ts.thread_text(threads[0], None, None)[1] is None  # the fit alone: no counts


def test_of_words_is_of_text():
    one, two = Stems(), Stems()
    text = "Das Haus und die Häuser, 2024 x Häuser!"
    assert one.of_words(tokens_of(text), "de") == two.of_text(text, "de")
    assert one._stem_of == two._stem_of and one._counts == two._counts
