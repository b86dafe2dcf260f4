"""Drift figures on a constructed thread, checked by hand."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest

from comments.analyses.drift import drift_tables, thread_drift
from comments.model.records import Comment, ParsedThread, Thread
from comments.model.tree import rebuild

ARTICLE = "Xiaomi sperrt Smartphones in Kuba wegen Sanktionen der USA."


def build() -> ParsedThread:
    rows = [  # id, parent, topics, text
        ("a", None, ["geopolitics"], "Die Sanktionen der USA treffen Kuba hart."),
        ("b", "a", ["geopolitics"], "Kuba treffen die Sanktionen der USA hart."),  # its parent's words, not quoted in a run
        ("c", "b", ["bootloader_unlocking"], "Bootloader entsperren, Custom ROM flashen, fertig mit Mi Unlock."),
        ("d", "c", [], "Custom ROM flashen geht nur mit entsperrtem Bootloader und viel Geduld."),
        ("e", None, [], "Das Wetter heute ist schön."),
        ("f", "e", ["consumer_rights"], "Kunden zahlen am Ende für jede Fernabschaltung."),
    ]
    comments = [Comment(id=i, parent_id=p, topics=t, text=x) for i, p, t, x in rows]
    return ParsedThread(Thread(thread_id="t", site="s", article_text=ARTICLE), rebuild(comments))


def test_edges_similarities_and_topic_keeping():
    edges, summary, chains = thread_drift(build())
    by = {e.id: e for e in edges}
    assert set(by) == {"b", "c", "d", "f"}
    assert by["b"].sim_parent == pytest.approx(1.0) and by["b"].kept_topic is True
    assert by["c"].sim_parent < 0.1 and by["c"].kept_topic is False
    assert by["d"].kept_topic is False and by["d"].sim_parent > 0.2  # shares "custom rom flashen bootloader"
    assert by["f"].kept_topic is None  # its parent has no topic to keep
    assert by["c"].sim_article < 0.1
    assert by["b"].sim_article > 0.3
    # stickiness: of b, c, d (parents with topics), only b keeps one
    assert summary.stickiness == pytest.approx(1 / 3)
    assert summary.drift_rate_by_depth == {1: 0.0, 2: 1.0, 3: 1.0}
    assert summary.transitions == {("geopolitics", "geopolitics"): 1, ("geopolitics", "bootloader_unlocking"): 1,
                                   ("bootloader_unlocking", "none"): 1, ("none", "consumer_rights"): 1}


def test_similarity_to_the_article_falls_with_depth():
    _, summary, _ = thread_drift(build())
    assert summary.slope < 0
    assert summary.slope_low <= summary.slope <= summary.slope_high


def test_furthest_drifting_chain_comes_first():
    _, _, chains = thread_drift(build())
    assert chains[0].ids == ["a", "b", "c", "d"]
    assert chains[0].drift > 0.9
    assert chains[0].openings[0] == "Die Sanktionen der USA treffen Kuba hart."


def test_without_article_replies_are_compared_with_their_root_comment():
    pt = build()
    pt.thread.article_text = None
    edges, summary, _ = thread_drift(pt)
    by = {e.id: e for e in edges}
    assert by["b"].sim_article is None and by["b"].sim_root == pytest.approx(1.0)
    assert summary.slope is not None


def test_tables_cover_every_thread():
    edges, summaries, chains = drift_tables([build(), ParsedThread(Thread(thread_id="empty", site="s"), [])])
    assert len(summaries) == 2 and summaries[0].replies == 0 and summaries[0].stickiness is None
    assert len(edges) == 4


def test_a_reply_changes_subject_only_with_a_topic_of_its_own_and_none_of_its_parents():
    edges, summary, _ = thread_drift(build())
    by = {e.id: e for e in edges}
    assert by["b"].changed_subject is False  # keeps geopolitics
    assert by["c"].changed_subject is True  # geopolitics → bootloader_unlocking
    assert by["d"].changed_subject is None  # no topic of its own: not a change of subject
    assert by["f"].changed_subject is None  # its parent has no topic
    assert summary.changes == {("geopolitics", "bootloader_unlocking"): 1}


def test_a_reply_that_keeps_a_topic_and_adds_one_is_no_change_of_subject():
    comments = [Comment(id="a", parent_id=None, topics=["x"], text="Alpha beta gamma."),
                Comment(id="b", parent_id="a", topics=["x", "y"], text="Alpha delta epsilon.")]
    edges, summary, _ = thread_drift(ParsedThread(Thread(thread_id="t", site="s"), rebuild(comments)))
    assert next(iter(edges)).changed_subject is False and not summary.changes
    assert summary.transitions[("x", "y")] == 1  # the transition table still counts the pair


def test_similarity_does_not_collapse_without_shared_stems():
    comments = [Comment(id="a", parent_id=None, text="Die Smartphonehersteller sperren Geräte aus der Ferne."),
                Comment(id="b", parent_id="a", text="Smartphones gesperrt? Fernsperrung ist Herstellerwillkür.")]
    edges, _, _ = thread_drift(ParsedThread(Thread(thread_id="t", site="s"), rebuild(comments)))
    assert next(iter(edges)).sim_parent > 0.1


def test_chains_need_text_at_both_ends():
    comments = [Comment(id="a", parent_id=None, text="Quelle?"),
                Comment(id="b", parent_id="a", text="Die Sanktionen der USA treffen Kuba und seine Bürger hart."),
                Comment(id="c", parent_id="b", text="Custom ROM flashen geht nur mit entsperrtem Bootloader.")]
    _, _, chains = thread_drift(ParsedThread(Thread(thread_id="t", site="s"), rebuild(comments)))
    assert chains == []  # "Quelle?" cannot be compared with anything


def test_slopes_are_reported_only_when_significant_after_benjamini_hochberg():
    from comments.analyses.drift import ThreadDrift, significant_slopes

    def summary(name, p):
        return ThreadDrift("s", name, 10, None, None, None, -0.1, -0.2, -0.05, p)

    rows = [summary("strong", 0.001), summary("weak", 0.04), *(summary(f"n{i}", 0.5 + i / 100) for i in range(8))]
    found = significant_slopes(rows)
    # BH over 10 threads: 0.001 × 10 = 0.01 < 0.05; 0.04 × 10 / 2 = 0.2 is not
    assert [s.thread_id for s in found] == ["strong"]
    assert rows[0].slope_p_adjusted == pytest.approx(0.01) and rows[1].slope_p_adjusted == pytest.approx(0.2)


def test_slope_p_value_comes_from_linregress():
    from scipy.stats import linregress

    _, summary, _ = thread_drift(build())
    assert summary.slope_p is not None and 0 <= summary.slope_p <= 1
    assert summary.slope == pytest.approx(linregress(*zip(*_article_points(build()))).slope)


def _article_points(pt):
    from comments.analyses.drift import _Similarity
    from comments.text.tokens import Stems

    sim = _Similarity(pt, Stems())
    values = sim.each([np.full(len(pt.comments), sim.article)])[0]
    return [(c.depth, v) for c, v in zip(pt.comments, values.tolist()) if v == v and c.depth]  # NaN: no similarity


@pytest.mark.parametrize("article", [ARTICLE, None])
def test_the_slope_is_fitted_on_the_points_the_chart_draws_and_the_table_holds(article):
    """The slope took in the top-level comments (depth 0) against the article, which the
    drift_slope chart and drift_edges.csv do not have: now all three are the replies."""
    from scipy.stats import linregress

    from comments.analyses.edges import Edges

    pt = build()
    pt.thread.article_text = article
    block, summary, _ = thread_drift(pt)
    points = Edges([block]).similarity_points()
    assert {d for d, _, _ in points} == {1, 2, 3} and len(points) == 4  # b, c, d, f: every reply, no top-level one
    fit = linregress([d for d, _, _ in points], [s for _, s, _ in points])
    assert summary.slope == pytest.approx(fit.slope) and summary.slope_p == pytest.approx(fit.pvalue)
    column = "sim_article" if article else "sim_root"
    rows = [(e.depth, getattr(e, column)) for e in block]  # the drift_edges table's columns
    assert summary.slope == pytest.approx(linregress(*zip(*rows)).slope)


# --- the vectorised similarity against a direct dense computation on real threads -------------


def _dense_reference(pt):
    """The joined lemma and char_wb TF-IDF rows of a thread, computed densely by hand."""
    import simplemma

    from tfidf_reference import char_wb, dense_tfidf

    from comments.analyses.drift import compared_texts
    from comments.text.tokens import content_words

    texts = compared_texts(pt)  # each comment's own words (no quoted lines, addresses), then the article
    lemmas = [" ".join(simplemma.lemmatize(w, lang=lang).lower() for w in content_words(text, lang, numbers=False, function_only=True))
              .split() for text, lang in texts]
    views = [dense_tfidf(lemmas), dense_tfidf([char_wb(text.lower()) for text, _ in texts])]
    views = [v for v in views if v.shape[1]]
    return np.hstack(views) / np.sqrt(len(views))


def _real_threads(folder: str, most: int = 120):
    from conftest import corpus, read

    found = read(corpus(folder)).threads
    return [pt for pt in found if any(c.parent_id for c in pt.comments) and len(pt.comments) <= most]


@pytest.mark.parametrize("folder", ["html_comments", "html_wordpress", "staticman", "reddit"])
def test_similarity_equals_the_dense_computation_on_real_threads(folder):
    from comments.analyses.drift import thread_matrix

    threads = _real_threads(folder)
    assert threads
    for pt in threads:
        matrix, dense = thread_matrix(pt), _dense_reference(pt)
        assert matrix.shape == dense.shape  # one column per distinct gram and lemma: no hash collision
        assert np.abs((matrix @ matrix.T).toarray() - dense @ dense.T).max() < 1e-9


def test_empty_and_one_comment_threads_have_no_edges():
    for comments in ([], [Comment(id="a", parent_id=None, text="Nur ein Kommentar.")]):
        edges, summary, chains = thread_drift(ParsedThread(Thread(thread_id="t", site="s"), rebuild(comments)))
        assert len(edges) == 0 and list(edges) == [] and summary.replies == 0 and chains == [] and summary.mean_sim_parent is None


def test_texts_without_any_character_give_no_similarity():
    comments = [Comment(id="a", parent_id=None, text=" "), Comment(id="b", parent_id="a", text="\n\t"),
                Comment(id="c", parent_id="a", text="Doch, hier steht etwas.")]
    edges, _, _ = thread_drift(ParsedThread(Thread(thread_id="t", site="s", article_text="  "), rebuild(comments)))
    assert [(e.sim_parent, e.sim_article, e.sim_root) for e in edges] == [(None, None, None)] * 2


def test_non_latin_threads_are_compared_by_their_characters():
    comments = [Comment(id="a", parent_id=None, text="Санкции США против Кубы бьют по людям."),
                Comment(id="b", parent_id="a", text="Санкции США против Кубы бьют и по бизнесу."),
                Comment(id="c", parent_id="a", text="日本語 の テキスト です 本当 に 長い 😀"),  # (7 words: no bare reaction)
                Comment(id="d", parent_id="c", text="日本語 の テキスト です ね とても 良い 😀😀")]
    pt = ParsedThread(Thread(thread_id="t", site="s"), rebuild(comments))
    edges, _, _ = thread_drift(pt)
    by = {e.id: e.sim_parent for e in edges}
    assert by["b"] > 0.5 and by["d"] > 0.2 and by["c"] == pytest.approx(0.0, abs=1e-12)
    dense = _dense_reference(pt)
    row = {c.id: i for i, c in enumerate(pt.comments)}
    for e in edges:
        assert e.sim_parent == pytest.approx(float(dense[row[e.id]] @ dense[row[e.parent_id]]), abs=1e-12)


def test_drift_figures_are_the_same_in_every_process_whatever_the_hash_seed():
    import subprocess
    import sys

    from conftest import SEED

    code = ("import sys; from comments.io.pipeline import read_inputs; from comments.analyses.drift import drift_tables\n"
            "edges, summaries, chains = drift_tables(read_inputs([sys.argv[1]]).threads)\n"
            "print(repr([(e.id, e.sim_parent, e.sim_article, e.sim_root) for e in edges]), repr(summaries),"
            " repr(chains))\n")
    found = {subprocess.run([sys.executable, "-c", code, str(SEED)], env={"PYTHONHASHSEED": seed, "PATH": ""},
                            capture_output=True, text=True, check=True).stdout for seed in ("0", "1", "977")}
    assert len(found) == 1


def test_edges_are_one_column_block_per_thread_that_iterates_as_records():
    from comments.analyses.edges import Edge, EdgeBlock, Edges

    one, _, _ = thread_drift(build())
    pt = build()
    pt.thread.thread_id = "u"
    two, _, _ = thread_drift(pt)
    assert isinstance(one, EdgeBlock) and one.kept.tolist() == [1, 0, 0, -1]
    assert one.changed.tolist() == [0, 1, -1, -1] and one.ids.to_pylist() == ["b", "c", "d", "f"]
    empty, _, _ = thread_drift(ParsedThread(Thread(thread_id="e", site="s"), []))
    both = Edges([one, empty, two])
    assert len(both) == 8 and len(both.blocks) == 2 and all(isinstance(e, Edge) for e in both)
    records = list(both)
    assert [e.thread_id for e in records] == ["t"] * 4 + ["u"] * 4 and records[4].id == records[0].id == "b"
    assert [e.sim_parent for e in records][:4] == one.sim_parent.tolist()
    assert [e.parent_topics for e in records][:4] == [["geopolitics"], ["geopolitics"], ["bootloader_unlocking"], []]


def _messy_thread(n: int, seed: int) -> ParsedThread:
    """A generated thread of ``n`` comments: deep chains, far parents, empty and
    non-Latin texts, repeated texts, topics on some comments, and an article."""
    import random

    rng = random.Random(seed)
    words = ("Kuba Sanktionen Bootloader Sperre Hersteller Quelle Export Handy the phone unlock works again "
             "Санкции США 日本語 😀 über Fernsperrung").split()
    comments = []
    for i in range(n):
        parent = None if i == 0 or rng.random() < 0.2 else f"c{i - 1 - min(int(rng.expovariate(0.1)), i - 1)}"
        if i > 10 and rng.random() < 0.02:
            parent = f"c{rng.randrange(3)}"  # a reply to one of the first comments, far back
        text = "" if rng.random() < 0.03 else " ".join(rng.choice(words) for _ in range(rng.randint(1, 30)))
        comments.append(Comment(id=f"c{i}", parent_id=parent, text=text, topics=rng.choice([None, [], ["a"], ["b"]])))
    return ParsedThread(Thread(thread_id="big", site="s", article_text="Kuba Sanktionen Export " * 40),
                        rebuild(comments))


@functools.cache
def _messy_thread_and_matrix(n: int):
    """``_messy_thread(n, 3)`` and its whole-thread matrix, made once for the parameters below
    (``thread_drift`` only reads the thread)."""
    pt = _messy_thread(n, 3)
    return pt, thread_drift.__globals__["thread_matrix"](pt)


@pytest.mark.parametrize("keep", [0, None])
@pytest.mark.parametrize("chunk", [1, 997, 1 << 15])
def test_chunked_similarity_equals_the_whole_thread_matrix(chunk, keep):
    """Cosines computed a chunk of comments at a time (with the chunk forced small), the
    rows built from the kept pairs or from the texts again (``keep`` 0), are the cosines
    of the whole thread's rows fitted at once."""
    pt, matrix = _messy_thread_and_matrix(20000 if chunk > 1 else 1500)
    edges, summary, chains = thread_drift(pt, chunk=chunk, keep=keep)
    row = {c.id: i for i, c in enumerate(pt.comments)}
    replies = [(row[i], row[p]) for i, p in zip(edges.ids.to_pylist(), edges.parents.to_pylist())]
    a, b = np.array(replies).T
    expected = np.asarray(matrix[a].multiply(matrix[b]).sum(axis=1)).ravel()
    empty = np.diff(matrix.indptr) == 0
    expected[empty[a] | empty[b]] = np.nan
    compared = edges.not_compared == 0  # the pairs drift leaves out (no content word, other language) aside
    assert np.isnan(expected[compared]).sum() == 0 and np.isnan(edges.sim_parent[~compared]).all()
    assert np.allclose(edges.sim_parent[compared], expected[compared], rtol=0, atol=1e-12)
    article = np.asarray(matrix[a].multiply(matrix[[len(pt.comments)]]).sum(axis=1)).ravel()
    found = ~np.isnan(edges.sim_article)
    assert found.sum() > len(edges) // 2
    assert np.allclose(edges.sim_article[found], article[found], rtol=0, atol=1e-12)
    assert np.isnan(edges.sim_parent).sum() > 0 and (edges.sim_parent > 0.5).sum() > 100


@pytest.mark.parametrize("keep", [0, 1 << 16, None])
def test_chunk_size_and_kept_pairs_change_no_figure(keep):
    """Small chunks, the pairs let go (0) or let go part way (64 KiB) change no bit."""
    pt = _messy_thread(3000, 5)
    small, large = thread_drift(pt, chunk=50, keep=keep), thread_drift(pt)
    for name in ("sim_parent", "sim_article", "sim_root", "kept", "changed", "depth"):
        assert np.array_equal(getattr(small[0], name), getattr(large[0], name), equal_nan=True)
    assert repr(small[1]) == repr(large[1]) and small[2] == large[2]


@pytest.mark.parametrize("folder", ["html_comments", "html_wordpress", "staticman", "reddit", "disqus", "hackernews",
                                    "wordpress", "plaintext_de", "plaintext_en"])
def test_kept_pairs_and_the_second_pass_give_the_same_bits_on_every_corpus_thread(folder):
    """Every thread of a corpus: its figures with the pairs kept equal, to the last bit,
    those computed again chunk by chunk from the texts."""
    from conftest import corpus, read

    threads = read(corpus(folder)).threads
    assert threads
    for pt in threads:
        kept, again = thread_drift(pt), thread_drift(pt, chunk=4096, keep=0)
        for name in ("sim_parent", "sim_article", "sim_root", "kept", "changed"):
            assert np.array_equal(getattr(kept[0], name), getattr(again[0], name), equal_nan=True)
        assert repr(kept[1]) == repr(again[1]) and kept[2] == again[2]


def test_slope_interval_and_p_are_scipys_to_the_last_bit():
    """The undecorated ``linregress`` and ``stdtrit`` give what ``linregress`` and
    ``t.ppf`` give, on many random depth/similarity samples (ties, few points, flat)."""
    from scipy.stats import linregress, t

    from comments.analyses.drift import _slope

    rng = np.random.default_rng(5)
    for size in (3, 4, 7, 50, 400):
        for _ in range(20):
            depths = rng.integers(0, 6, size)
            sims = rng.random(size) if rng.random() < 0.9 else np.full(size, 0.5)
            if len(np.unique(depths)) < 2:
                continue
            fit = linregress(depths.astype(np.float64), sims)
            if size < 4 or np.ptp(sims) == 0:  # too few points, or flat: the slope without interval or p
                assert _slope(depths, sims) == (float(fit.slope), None, None, None)
                continue
            half = float(t.ppf(0.975, size - 2)) * float(fit.stderr)
            p = float(fit.pvalue) if np.isfinite(fit.pvalue) else 1.0
            expected = (float(fit.slope), float(fit.slope) - half, float(fit.slope) + half, p)
            assert repr(_slope(depths, sims)) == repr(expected)


def test_a_thread_that_fits_reads_each_text_once(monkeypatch):
    """Drift reads each comment (and the article) once when the thread's pairs are kept:
    the chunk bounds come from the texts' lengths, not from reading every text (and its
    language) a second time."""
    from comments.analyses import drift

    pt = _messy_thread(1500, 4)
    reads: list[int] = []
    original = drift._ThreadTexts.__getitem__

    def counted(self, i):
        reads.append(i)
        return original(self, i)

    monkeypatch.setattr(drift._ThreadTexts, "__getitem__", counted)
    edges, _, _ = thread_drift(pt, chunk=997)
    assert sorted(reads) == list(range(len(pt.comments) + 1))
    assert len(edges) == sum(c.parent_id is not None for c in pt.comments)


def test_an_exact_fit_or_three_replies_make_no_finding():
    """Three replies whose similarities lie on a line (the new user's example.tld · 18:
    "falls by 0.012 per level, 95 % CI -0.012 to -0.012, adjusted p = 1.04e-09") and a
    longer exact fit have no residual variance: the slope is kept, interval and p are
    not, so no thread is reported as significant on them; real noise on four or more points is
    tested as before."""
    from comments.analyses.drift import ThreadDrift, _slope, significant_slopes

    step = -0.011621326293285692
    three = _slope(np.array([1, 2, 3]), np.array([0.04 + step * d for d in (1, 2, 3)]))
    assert three[0] == pytest.approx(step) and three[1:] == (None, None, None)
    exact = _slope(np.array([1, 1, 2, 3, 4, 5]), np.array([0.3 + step * d for d in (1, 1, 2, 3, 4, 5)]))
    assert exact[0] == pytest.approx(step) and exact[1:] == (None, None, None)
    noisy = _slope(np.array([1, 1, 2, 3, 4]), np.array([0.31, 0.27, 0.22, 0.26, 0.18]))
    assert None not in noisy and noisy[1] < noisy[0] < noisy[2] and 0 < noisy[3] < 1
    rows = [ThreadDrift("example.tld", "18", 3, None, None, None, *three),
            ThreadDrift("s", "t", 5, None, None, None, *noisy)]
    assert [s.thread_id for s in significant_slopes(rows)] in ([], ["t"]) and rows[0].slope_p_adjusted is None


def test_the_chains_of_all_threads_put_three_or_more_comments_first():
    """methods.md: chains of three or more comments first, then by drift, across threads as
    within each: on the real html_comments threads the furthest drifting chains are parent
    and one reply (drift 0.98), which came before every longer chain."""
    from comments.analyses.drift import top_chains

    _, _, chains = drift_tables(_real_threads("html_comments"))
    assert any(len(ch.ids) == 2 for ch in chains) and sum(len(ch.ids) >= 3 for ch in chains) >= 5
    top = top_chains(chains, 5)
    assert all(len(ch.ids) >= 3 for ch in top)
    longer = sorted((ch for ch in chains if len(ch.ids) >= 3), key=lambda ch: -ch.drift)
    assert [ch.drift for ch in top] == [ch.drift for ch in longer[:5]]
    assert max(ch.drift for ch in chains if len(ch.ids) == 2) > top[0].drift  # the old rule would have led with it


# --- what the values mean on real-looking threads (researcher15's cases, team-written in
# tests/fixtures/drift_meaning.jsonl: an English and a German thread with the same cases) ---


@functools.cache
def _meaning() -> dict[str, tuple]:
    """Thread id → (edges by id, summary, chains) of the fixture's two threads."""
    from conftest import read

    found = {}
    for pt in read(Path(__file__).parents[1] / "fixtures" / "drift_meaning.jsonl").threads:
        edges, summary, chains = thread_drift(pt)
        found[pt.thread.thread_id] = ({e.id: e for e in edges}, summary, chains)
    return found


@pytest.mark.parametrize("thread, quoting, off_topic", [("en1", "quote_bananas", "bananas"),
                                                         ("de1", "quote_bananen", "bananen")])
def test_quoted_lines_are_someone_elses_words(thread, quoting, off_topic):
    """A reply that quotes its parent and then talks about bananas is as far from it as the
    same words without the quote (main: 0.695 with the quote); a reply that only quotes
    has no similarity, and says why."""
    by, summary, _ = _meaning()[thread]
    assert by[quoting].sim_parent == pytest.approx(by[off_topic].sim_parent, abs=1e-9)
    assert by[quoting].sim_parent < 0.05
    only = "quote_only" if thread == "en1" else "nur_zitat"
    assert by[only].sim_parent is None and by[only].not_compared == "quote_only"
    assert summary.not_compared_quote_only == (2 if thread == "en1" else 1)  # en1's "same" repeats its parent whole
    if thread == "en1":  # a quote with words of its own on the subject is compared on those words
        assert 0.2 < by["quote_agree"].sim_parent < 0.9


@pytest.mark.parametrize("thread, deleted, answer", [("en1", "deleted", "to_deleted"), ("de1", "geloescht", "antwort")])
def test_placeholders_and_pingbacks_are_no_drift_edges(thread, deleted, answer):
    """A [deleted]/[removed]/[gelöscht] comment or a pingback has no similarity and keeps no
    topic; a reply to one has no parent similarity (main: 0.437 from the letters of "delete")
    but is still compared with the article; neither is a topic transition."""
    by, summary, _ = _meaning()[thread]
    gone = [deleted] + (["removed", "pingback"] if thread == "en1" else [])
    for i in gone:
        assert (by[i].sim_parent, by[i].sim_article, by[i].kept_topic, by[i].not_compared) == \
            (None, None, None, "placeholder")
    assert by[answer].sim_parent is None and by[answer].not_compared == "placeholder"
    assert by[answer].sim_article > 0.05 and by[answer].kept_topic is None
    assert summary.not_compared_placeholder == len(gone) + 1
    topicless = [e for e in by.values() if not e.topics and e.not_compared != "placeholder"]  # "+1", "lol", …
    assert summary.transitions[("consumer_rights", "none")] == len(topicless)  # not the placeholders
    assert summary.transitions[("none", "consumer_rights")] == 0  # nor the reply to one


@pytest.mark.parametrize("thread, bare", [("en1", ["plus", "emoji", "numbers", "empty", "url"]),
                                          ("de1", ["plus", "emoji", "zahlen", "link"])])
def test_texts_without_a_content_word_have_no_similarity_rather_than_zero(thread, bare):
    """"+1", emoji, numbers, an empty text and a bare address: no similarity (main gave "+1"
    0.0, maximal drift, and an empty text None), with the reason, and no topic judgement."""
    by, summary, _ = _meaning()[thread]
    for i in bare:
        assert (by[i].sim_parent, by[i].sim_article, by[i].sim_root) == (None, None, None), i
        assert by[i].not_compared == "no_words" and by[i].kept_topic is None
    assert summary.not_compared_no_words == len(bare)


def test_addresses_are_no_content_words():
    """https, www and a domain are no words of the comment: a bare link is no chain end
    (main listed it with drift 1.00), and a sentence with a link is compared on its words."""
    from comments.analyses.drift import own_text

    by, _, chains = _meaning()["en1"]
    assert not any(ch.ids[-1] in ("url", "link") for ch in chains)
    assert own_text("Read this: https://www.xiaomi.com/global/KA-1 and www.heise.de/x").split() == ["Read", "this:", "and"]
    assert by["url_words"].sim_parent > 0.1 and by["url_words"].not_compared is None


@pytest.mark.parametrize("thread, translation", [("en1", "german"), ("de1", "english")])
def test_a_reply_in_another_language_is_not_compared_with_its_parent(thread, translation):
    """A German translation of an English comment (and the reverse) is no drift: both
    languages known and different → no similarity, counted as an other-language pair
    (main: 0.091, and the chain listed as drifting 0.91)."""
    by, summary, chains = _meaning()[thread]
    assert by[translation].sim_parent is None and by[translation].sim_article is None
    assert by[translation].not_compared == "other_language"
    assert summary.not_compared_other_language == 1
    assert not any(ch.ids[-1] == translation for ch in chains)


def test_a_short_comment_of_unknown_language_is_still_compared():
    """Only languages both known count: a reply too short to tell (classify gave it the
    thread's language) is compared with its parent in another language."""
    comments = [Comment(id="a", parent_id=None, text="Muchas gracias, me alegro de que te guste la receta!",
                        language="other"),
                Comment(id="b", parent_id="a", text="gran guinda, me encantó mucho la receta de tu abuela", language="en")]
    edges, summary, _ = thread_drift(ParsedThread(Thread(thread_id="t", site="s"), rebuild(comments)))
    (edge,) = list(edges)
    assert edge.sim_parent is not None and edge.not_compared is None and summary.not_compared_other_language == 0


@pytest.mark.parametrize("thread", ["en1", "de1"])
def test_stickiness_leaves_out_reactions_placeholders_and_bare_links(thread):
    """Main: drift_rate_depth_1 0.4375 came only from "+1", "lol", emoji, placeholders and
    empty texts. Now those are not judged: every reply judged here keeps the topic (the
    banana replies inherit it from thread context: classify records no own evidence)."""
    by, summary, _ = _meaning()[thread]
    judged = [e for e in by.values() if e.kept_topic is not None]
    assert summary.stickiness == 1.0 and summary.drift_rate_by_depth[1] == 0.0
    assert {"plus", "emoji"}.isdisjoint(e.id for e in judged) and len(judged) >= 5
    if thread == "en1":
        assert by["lol"].kept_topic is None and by["lol"].sim_parent is None and by["lol"].not_compared == "reaction"


def test_report_tables_carry_the_reasons_and_counts(tmp_path):
    """drift_edges.csv says why a similarity is missing; drift_by_thread.csv counts each reason."""
    import comments

    analysis = comments.analyse(comments.read(Path(__file__).parents[1] / "fixtures" / "drift_meaning.jsonl"),
                                parts=("drift",))
    edges = analysis.drift_edges
    assert set(edges.not_compared.dropna()) == {"placeholder", "quote_only", "no_words", "other_language", "reaction"}
    assert edges.sim_parent.isna().sum() == edges.not_compared.notna().sum()
    row = analysis.drift_by_thread.set_index("thread_id").loc["en1"]
    assert (row.not_compared_placeholder, row.not_compared_quote_only, row.not_compared_no_words,
            row.not_compared_other_language, row.not_compared_reaction) == (4, 2, 5, 1, 1)


@pytest.mark.parametrize("folder", ["html_comments", "html_wordpress", "staticman", "reddit", "disqus", "hackernews",
                                    "wordpress", "plaintext_de", "plaintext_en"])
def test_grams_counted_per_chunk_of_text_give_the_same_bits_on_every_corpus_thread(folder, monkeypatch):
    """Every thread of a corpus (and a generated 3,000-comment one): its figures with the
    ``chars`` view counted from each chunk of text's grams equal, to the last bit, those
    from hashing every occurrence, with the pairs kept and let go."""
    from conftest import corpus, read

    from comments.text import similarity

    threads = read(corpus(folder)).threads + ([_messy_thread(3000, 5)] if folder == "reddit" else [])
    assert threads
    for pt in threads:
        found = []
        for counted, keep in ((0, None), (1 << 40, None), (0, 0)):
            monkeypatch.setattr(similarity, "COUNTED", counted)
            found.append(thread_drift(pt, chunk=4096 if keep == 0 else None, keep=keep))
        for other in found[1:]:
            for name in ("sim_parent", "sim_article", "sim_root", "kept", "changed"):
                assert np.array_equal(getattr(found[0][0], name), getattr(other[0], name), equal_nan=True)
            assert repr(found[0][1]) == repr(other[1]) and found[0][2] == other[2]



def test_the_chance_baseline_draws_from_the_comments_that_could_keep_a_topic():
    """Stickiness is observed on replies that can keep a topic (no pingbacks, placeholders,
    bare reactions); the baseline drew from every comment, so 25 pingbacks took the seed's
    from 84 % to 32 % and made its stickiness "significant" (review, session 15). The pool
    now leaves out what the observed replies leave out."""
    import copy

    from comments.classification.classify import classify
    from conftest import SEED, read

    seed = read(SEED).threads
    classify(seed)
    crowded = copy.deepcopy(seed)
    crowded[0].comments += [Comment(id=f"pb{i}", kind="pingback", text=f"Pingback: Blog {i} | Xiaomi und Sanktionen")
                            for i in range(25)]
    crowded[0].comments += [Comment(id="gone", text="[deleted]", status="deleted"),
                            Comment(id="wow", text="Quelle?", language="de", topics=[], tone=[])]
    crowded[0].comments = rebuild(crowded[0].comments)
    for c in crowded[0].comments:
        if c.kind != "comment" or c.id == "gone":
            c.topics, c.tone = [], []
    plain, busy = thread_drift(seed[0])[1], thread_drift(crowded[0])[1]
    assert plain.stickiness_baseline == pytest.approx(busy.stickiness_baseline, abs=1e-12)
    assert 0.7 < plain.stickiness_baseline < 0.95


@pytest.mark.parametrize("folder", ["reddit", "html_comments", None])
def test_a_replys_root_pair_computed_once_with_its_parent_pair_has_the_bits_of_its_own(folder):
    """A reply to a top-level comment takes its similarity to the root from the parent pair
    (the same two rows): every sim_root is, to the last bit, the cosine of (reply, root)
    computed as a pair of its own."""
    from comments.analyses.drift import _Similarity
    from comments.model.tree import root_rows
    from comments.text.tokens import Stems

    if folder is None:
        threads = [_messy_thread(1500, 3)]
    else:
        from conftest import corpus, read

        threads = read(corpus(folder)).threads
    deep = shallow = 0
    for pt in threads:
        edges = thread_drift(pt)[0]
        row = {c.id: i for i, c in enumerate(pt.comments)}
        parent = np.array([row.get(c.parent_id, -1) for c in pt.comments], dtype=np.int64)
        to_root = np.where(parent >= 0, root_rows(parent), -1)
        sim = _Similarity(pt, Stems())
        alone = sim.each([to_root])[0]
        alone[sim.other_language(np.arange(len(parent)), to_root)] = np.nan
        replies = np.flatnonzero(parent >= 0)
        from comments.classification.suggest import says_something, thread_names

        alone = alone[replies]
        names = thread_names(pt.comments)
        alone[[not says_something(pt.comments[i], names=names) for i in replies.tolist()]] = np.nan
        # (a reply that is a bare reaction is compared with nothing)
        assert np.array_equal(edges.sim_root, alone, equal_nan=True)
        deep += int((to_root[replies] != parent[replies]).sum())
        shallow += int((to_root[replies] == parent[replies]).sum())
    assert deep and shallow


def _bits(block) -> list:
    """An edge block's columns as bytes (the similarities to the last bit, NaN included)."""
    return [np.ascontiguousarray(getattr(block, name)).tobytes() for name in
            ("sim_parent", "sim_article", "sim_root", "kept", "changed", "not_compared", "depth", "topics")]


@pytest.mark.parametrize("keep", [None, 1 << 15])
@pytest.mark.parametrize("together", [1, 40, 1 << 13])
def test_threads_compared_together_have_the_bits_each_thread_has_alone(monkeypatch, keep, together):
    """``threads_drift`` compares a group of threads' pairs in one call over their rows
    stacked block-diagonally: every edge (its similarities to the last bit), summary and
    chain is what ``thread_drift`` gives the thread alone — threads without a word, with
    an article, too large to keep their rows (``keep``) among them, groups of any size."""
    import comments.analyses.drift as drift_mod
    from conftest import corpus, read

    threads = read(corpus("reddit")).threads + read(corpus("html_comments")).threads
    wordless = _messy_thread(30, 5)
    for c in wordless.comments:
        c.text = "+1 😂 12345"
    threads += [_messy_thread(300, 3), wordless, _messy_thread(12, 4)]
    alone = [thread_drift(pt, keep=keep) for pt in threads]
    monkeypatch.setattr(drift_mod, "TOGETHER", together)
    grouped = drift_mod.threads_drift(threads, keep=keep)
    assert len(grouped) == len(alone)
    compared = 0
    for (edges, summary, chains), (edges_alone, summary_alone, chains_alone) in zip(grouped, alone):
        assert _bits(edges) == _bits(edges_alone)
        assert repr(summary) == repr(summary_alone)
        assert repr(chains) == repr(chains_alone)
        compared += int((~np.isnan(edges.sim_parent)).sum())
    assert compared > 500


def _thread(rows, article: str | None = None) -> ParsedThread:
    comments = [Comment(id=i, parent_id=p, text=x, language="en") for i, p, x in rows]
    return ParsedThread(Thread(thread_id="t", site="s", article_text=article), rebuild(comments))


#: a blog reply that repeats the paragraph it answers without a "> " (Lemire's blog sets it in <em>, which
#: becomes a plain line), then says its own piece; the parent's words are from the same page
_PARENT = ("The hypothesis here is that research is not what it used to be because university folks are unaware "
           "of what goes on in industry.\n\nPerhaps this is a difference of philosophy in what the role of a "
           "university should be. Personally, I delineate teaching from research.")
_QUOTING = ("Perhaps this is a difference of philosophy in what the role of a university should be.\n\n"
            "Grant agencies pay for papers, not for software that companies could ship.")


def test_an_unmarked_quote_of_the_parent_is_not_the_replys_own_words():
    """Drift compares what a reply says: a run of the parent's words it repeats without a "> "
    mark is left out as a "> " line is (html_wordpress: 39 of 318 replies, 23 of the 40 most
    similar to their parent; 566585 had 0.775), by the one own-words rule the language module
    uses (``text.quotes.own_words``, here given the parent)."""
    from comments.analyses.drift import compared_texts
    from comments.text.quotes import own_words

    rows = [("p", None, _PARENT), ("q", "p", _QUOTING),
            ("plain", "p", "Grant agencies pay for papers, not for software that companies could ship."),
            ("only", "p", "Perhaps this is a difference of philosophy in what the role of a university should be.")]
    by = {e.id: e for e in thread_drift(_thread(rows))[0]}
    assert "philosophy" not in compared_texts(_thread(rows))[1][0]
    assert compared_texts(_thread(rows))[1][0] == own_words(_QUOTING, _PARENT)
    assert by["q"].sim_parent == pytest.approx(by["plain"].sim_parent, abs=0.005)  # (the quote's last "." stays)
    assert by["only"].sim_parent is None and by["only"].not_compared == "quote_only"
    # a long quotation in marks is the language module's quote, and drift's too
    assert "Xiaomi" not in compared_texts(_thread([("a", None, 'Die Firma schreibt: "Xiaomi has always complied with '
                                                   'the laws and regulations of every market it operates in."')]))[0][0]


def test_unmarked_quotes_on_the_real_blog_pages():
    """The blog's replies that open with their parent's words (566585, 267562, 280930; 0.775,
    0.709, 0.621 before) are compared on what they add; the plain-text copy of two of its
    pages (plaintext_en) the same."""
    from conftest import corpus, read

    edges, _, _ = drift_tables(read(corpus("html_wordpress")).threads)
    by = {e.id: e for e in edges}
    assert max(by[i].sim_parent for i in ("566585", "267562", "280930")) < 0.3
    edges, _, _ = drift_tables(read(corpus("plaintext_en")).threads)
    assert max(e.sim_parent or 0 for e in edges) < 0.6  # c59 repeated its parent's first sentence: 0.766


def test_a_bare_reaction_is_not_compared_and_out_of_the_means_and_slope():
    """A reply the tool itself calls a bare reaction (``says_something``: "Agreed!!", "Many thanks
    Daniel" to Daniel, an author of the thread) stays on no subject and leaves none: no similarity, counted
    as ``reaction``, out of the means and the slope as it is out of stickiness; a reply to it is compared."""
    rows = [("a", None, "The garbage collector in Java pauses the whole program for seconds on large heaps."),
            ("b", "a", "Agreed!!"), ("c", "b", "Azul Zing avoids the pauses, but customers pay for that collector."),
            ("d", "a", "Many thanks Daniel"), ("e", "a", "Large heaps pause less with the newer collectors in Java.")]
    pt = _thread(rows, "Java garbage collection pauses on large heaps.")
    pt.comments[0].author = "Daniel Lemire"
    edges, summary, _ = thread_drift(pt)
    by = {e.id: e for e in edges}
    for i in ("b", "d"):
        assert (by[i].sim_parent, by[i].sim_article, by[i].sim_root, by[i].not_compared) == (None, None, None,
                                                                                               "reaction"), i
    assert by["c"].sim_parent is not None and by["c"].not_compared is None
    assert summary.not_compared_reaction == 2 and summary.slope_points == 2
    assert summary.mean_sim_parent == pytest.approx((by["c"].sim_parent + by["e"].sim_parent) / 2)


def test_bare_reactions_on_real_pages():
    """staticman's "Agreed!" (0.007), the blog's "Agreed!!", "Agree!!!" and "Many thanks Daniel" (Daniel an
    author of the thread) and the recipe pages' "You are welcome Jessica..", "Glad to be of help, Nika!" and
    "Thank you Amanda!" are reactions, not the most drifting replies."""
    from conftest import corpus, read

    for folder, ids in (("staticman", ("comment-1160021192",)), ("html_wordpress", ("628195", "407249", "553518")),
                        ("html_comments/foxyfolksy.com__buttercream.html", ("26631", "55169")),
                        ("html_comments/flawlessfood.co.uk__olive.html", ("1255",))):
        edges, summaries, _ = drift_tables(read(corpus(folder)).threads)
        by = {e.id: e for e in edges}
        assert all(by[i].not_compared == "reaction" and by[i].sim_parent is None for i in ids), folder
        assert sum(s.not_compared_reaction for s in summaries) >= len(ids)


def test_a_short_answer_with_content_words_is_compared():
    """The analyses count content words with ``function_words``: "Welcome to the reddit app
    experience." and "Reddit, please listen. We need this." say something and are compared
    (the classifiers' wider English stop list, holding "experience", "need", "please", made them
    bare reactions), while "Agreed!!" stays one."""
    rows = [("a", None, "The reddit app experience on phones has become worse than old reddit in every way."),
            ("b", "a", "Welcome to the reddit app experience."), ("c", "a", "Reddit, please listen. We need this."),
            ("d", "a", "Agreed!!")]
    edges, summary, _ = thread_drift(_thread(rows, "The new reddit app and the old reddit site."))
    by = {e.id: e for e in edges}
    assert by["b"].not_compared is None and by["b"].sim_parent is not None
    assert by["c"].not_compared is None and by["c"].sim_parent is not None
    assert by["d"].not_compared == "reaction" and summary.not_compared_reaction == 1


def test_short_real_answers_on_real_pages_are_compared():
    """fix20k's short real answers, bare reactions by word count ("few words"), say something: drift compares
    them (the blog's "Which Java version are you using?" and "You have failed to install Java.", reddit's "The
    redesign is propaganda." and "It is normal here."); staticman's "Sweet!", an interjection with no subject, is a
    bare reaction since session 22 (review21b #7), and so is reddit's "Perfection"."""
    from conftest import corpus, read

    for folder, ids in (("html_wordpress", ("592988", "498267")), ("reddit", ("fldt7pe", "fldko96"))):
        edges, _, _ = drift_tables(read(corpus(folder)).threads)
        by = {e.id: e for e in edges}
        assert all(by[i].not_compared is None and by[i].sim_parent is not None for i in ids), folder
    for folder, ids in (("staticman", ("comment-1168921828",)), ("reddit", ("fle4xbq",))):
        edges, _, _ = drift_tables(read(corpus(folder)).threads)
        by = {e.id: e for e in edges}
        assert all(by[i].not_compared == "reaction" and by[i].sim_parent is None for i in ids), folder


def test_short_real_answers_are_compared():
    """The blog's "Mouse over function – parameters appear." and staticman's "Thanks, Michael. I
    appreciate your input." were bare reactions by the English stop list ("function",
    "appreciate", "input" on it); now compared, while "Agreed!!" and "Agreed!" stay reactions
    (read as the API reads them: languages set, topics given)."""
    import pandas as pd

    import comments
    from conftest import corpus

    for folder, compared, reactions in (("html_wordpress", ("398923", "439565"), ("628195",)),
                                        ("staticman", ("comment-1269797986",), ("comment-1160021192",))):
        edges = comments.analyse(comments.read(corpus(folder)), parts="drift").tables["drift_edges"]
        by = edges.set_index(edges["id"].astype(str))
        assert all(pd.isna(by.not_compared[i]) and pd.notna(by.sim_parent[i]) for i in compared), folder
        assert all(by.not_compared[i] == "reaction" for i in reactions), folder
