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
        tones = c.tone or [ts.UNREAD if c.language == "other" else ts.NONE]  # (tone not read: another language)
        out.labels["topics"].update(c.topics or [ts.NONE])
        out.labels["tone"].update(tones)
        for t in c.topics or [ts.NONE]:
            for tone in tones:
                out.topic_tone[(t, tone)] += 1
        present = sorted(set(c.topics or []))
        out.cooccurrence.update((a, b) for a in present for b in present)
        if c.created_at and len(c.created_at) >= 7:
            out.dated[c.created_at[:10]] += 1
            for t in topics:
                out.dated_topics[(c.created_at[:10], t)] += t in (c.topics or [])
        ws = stems.of_text(ts.HANDLE.sub(" ", c.text), c.language or "de")  # @-handles are no words
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


def test_handles_and_anonymisation_placeholders_are_no_topic_or_compare_words():
    """GermEval writes every mention as "@USER" and every outlet as "@MEDIUM": compare's
    distinguishing words were "user" and "medium". Handles are left out of the word counts
    both topic words and compare words come from; the word "User" written as a word, and
    an e-mail address's words, are kept."""
    from comments.analyses.compare import distinguishing_words
    from comments.model.records import Comment, Thread
    from comments.model.tree import rebuild

    texts = ["@USER Die Grünen wollen das Land ruinieren, sagt @MEDIUM jeden Tag.",
             "@USER @USER Die Politik der Grünen kostet Deutschland viel Geld.",
             "@MEDIUM berichtet wieder einseitig über die Grünen und ihre Politik.",
             "Kein User hier schreibt an info@medium.de, die Politik ist egal."]
    comments = [Comment(id=str(i), text=t, topics=["politik"], language="de") for i, t in enumerate(texts)]
    pt = ParsedThread(Thread(thread_id="t1", site="germeval"), rebuild(comments))
    stems = Stems()
    _, counts = ts.thread_text(pt, ["politik"], stems)
    assert stems.of_words(["grünen"], "de")[0] in counts.words
    assert counts.words[stems.of_words(["user"], "de")[0]] == 1  # "Kein User hier": a word, not a handle
    assert counts.words[stems.of_words(["medium"], "de")[0]] == 1  # info@medium.de: an address, kept
    other = [Comment(id="x", text="Der Bootloader des Handys bleibt gesperrt, Xiaomi verweigert den Code.",
                     topics=["politik"], language="de")]
    _, rest = ts.thread_text(ParsedThread(Thread(thread_id="t2", site="android"), rebuild(other)), ["politik"], stems)
    words = distinguishing_words([("germeval", "germeval/t1", counts.words), ("android", "android/t2", rest.words)],
                                 lambda s: s, k=15)
    assert not {"user", "medium"} & {w for w, _ in words["germeval"]}
