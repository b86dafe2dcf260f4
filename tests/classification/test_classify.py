"""Topics, tone, polarity and language on realistic comments, and the seed dev set."""

from __future__ import annotations

import re

import pytest

from comments.classification.classify import classify
from comments.classification.evaluate import averages, evaluate, read_gold
from comments.text.language import detect
from comments.classification.lexicon import Lexicon, Term
from comments.model.records import Comment, ParsedThread, Thread
from comments.classification.polarity import polarity
from comments.classification.taxonomy import TaxonomyError, load
from comments.classification.tone import classify as tone_of
from comments.model.tree import rebuild
from conftest import FIXTURES, ROOT, SEED, RefusedPool, read


def thread(*pairs: tuple[str | None, str]) -> list[ParsedThread]:
    """A thread from (parent index or None, text) pairs."""
    comments = [Comment(id=str(i), parent_id=p, text=t) for i, (p, t) in enumerate(pairs)]
    return [ParsedThread(Thread(thread_id="t", site="s"), rebuild(comments))]


def test_default_taxonomy_has_the_spec_topics():
    assert load().ids == ["geopolitics", "bootloader_unlocking", "open_source", "consumer_rights"]


def test_lexicon_term_syntax():
    lex = Lexicon([Term("sanktion", "a"), Term("*abschalt", "b"), Term("=eu", "c"), Term("custom rom", "d", 2.0)])
    assert lex.scores("Die Sanktionspolitik der EU") == {"a": 1.0, "c": 1.0}
    assert lex.scores("Fernabschaltung, Custom-ROMs und Europa") == {"b": 1.0, "d": 2.0}
    assert lex.scores("Sanktionen, Sanktionen, Sanktionen") == {"a": 1.0}  # one word counts once


def test_seed_dev_set_topic_and_tone_f1():
    result = read(SEED)
    classify(result.threads)
    scores, unmatched, _ = evaluate(result.comments, read_gold(FIXTURES / "seed_gold.csv"))
    assert not unmatched
    topics = averages([s for s in scores if s.kind == "topics"])
    tone = averages([s for s in scores if s.kind == "tone"])
    # the seed is a check, not training or tuning data: the models are chosen by grouped cross-validation
    # on the labelled corpus (README, "Default models"); 0.82 keeps it a regression guard (0.849 with wave 4;
    # 0.824 with the source-selected model of session 5: two more consumer_rights false positives; 0.824 with the
    # wave-5 models, tone 0.765; 0.836 with the topic model refitted in session 15: one consumer_rights false
    # positive less; 0.824 with session 16's geopolitics terms: one more again; 0.836 with the models rebuilt in
    # session 19: one less)
    assert topics["micro_f1"] >= 0.82
    assert tone["micro_f1"] >= 0.70


def test_reply_is_read_with_the_comment_it_answers():
    threads = thread(
        (None, "Wieso eigentlich die Krim? Die Krim wird doch von Russland kontrolliert, Sanktionen hin oder her."),
        ("0", "? die ukraine ist nicht in der nato"),
        ("0", "Quelle?"),
        ("0", "Naja, das Gebiet wird aber weiterhin von Kiew beansprucht, das bleibt eine Zwickmühle für alle."),
    )
    classify(threads)
    first, nato, source, claim = threads[0].comments
    assert "geopolitics" in first.topics and "geopolitics" in nato.topics
    assert source.topics == [] and "questioning" in source.tone
    assert "geopolitics" in claim.topics  # no own seed term: inherited from the comment it answers


def test_labels_do_not_depend_on_other_threads_in_the_run():
    alone = read(SEED).threads
    classify(alone)
    together = read(SEED, FIXTURES / "wxr_small.xml").threads
    classify(together)
    pick = [pt for pt in together if pt.thread.site == "stadt-bremerhaven.de"][0]
    assert [(c.topics, c.topic_scores, c.tone, c.polarity) for c in pick.comments] == [
        (c.topics, c.topic_scores, c.tone, c.polarity) for c in alone[0].comments]


@pytest.mark.parametrize("text,label", [
    ("Ja, genauuu. Total erfolgreich, die Sanktionspolitik.", "sarcastic"),
    ("Was für ein dummer, verlogener Kommentar", "hostile"),
    ("Alles was passieren kann wird irgendwann gef****t.", "hostile"),
    ("Ziemlicher d*ck-move von Xiaomi.", "hostile"),
    ("Laut Global Times wurden 15 Prozent der Geräte gesperrt: https://example.com/bericht", "informative"),
    ("Quelle?", "questioning"),
    ("Weiß jemand, ob Mi Unlock noch funktioniert?", "questioning"),
    ("Die Konsequenz ist richtig, am besten installiert man direkt ein freies Betriebssystem.", "supportive"),
    ("Das geht absolut gar nicht, eine Frechheit gegenüber den Kunden.", "critical"),
])
def test_tone_cues(text, label):
    assert label in tone_of(text).tone


def test_polarity_handles_inflection_negation_and_irony():
    assert polarity("Was für ein dummer, verlogener Kommentar") < 0  # textblob-de: 0.0
    assert tone_of("Ja, genauuu. Total erfolgreich, die Sanktionspolitik.").polarity < 0  # textblob-de: +0.5
    assert polarity("Das ist nicht gut") < 0 < polarity("Das ist gut")
    assert polarity("Das ist sehr schlecht") < polarity("Das ist schlecht") < 0


def test_polarity_follows_the_stance_the_tone_model_finds():
    dismissal = "Blödsinn. Die Sperre ist legal, gut begründet und sinnvoll."
    assert polarity(dismissal) > 0  # the words praise
    assert "critical" in tone_of(dismissal).tone and tone_of(dismissal).polarity < 0  # the comment blames
    report = ("Laut Reuters sind 2021 Geräte in Kuba, Iran und Syrien gesperrt worden, die Opfer der Sanktionen "
              "sind die Kunden: https://www.reuters.com/technology/xiaomi-2021-09-22/")
    assert polarity(report) < 0  # "Opfer", "Sanktionen"
    assert tone_of(report).tone == ["informative"] and tone_of(report).polarity == 0.0  # bad news, reported


def test_language_detection():
    assert detect("Das ist gar nicht das Problem") == "de"
    assert detect("This is what happens when you buy closed hardware") == "en"
    assert detect("😀") == "other"
    threads = thread((None, "Die Sanktionen treffen die Kunden, nicht die Regierungen."), ("0", "Quelle?"))
    classify(threads)
    assert [c.language for c in threads[0].comments] == ["de", "de"]  # too short: the thread's language


def test_another_debate_with_its_own_taxonomy():
    taxonomy = load(ROOT / "examples" / "tempolimit.toml")
    threads = thread(
        (None, "Ein Tempolimit spart jedes Jahr Millionen Tonnen CO2 und senkt den Spritverbrauch."),
        ("0", "Freie Fahrt für freie Bürger! Diese Bevormundung durch die Verbotspartei nervt."),
        ("0", "Weniger Unfälle und weniger Verkehrstote wären Grund genug."),
    )
    classify(threads, taxonomy)
    assert [c.topics for c in threads[0].comments] == [["climate"], ["freedom"], ["safety"]]


@pytest.mark.parametrize("content,message", [
    ("name = 'x'\n", "no [topics.ID] tables"),
    ("[topics.a]\nterms = 'not a list'\n", "line 2: topics.a: `terms` must be a list of strings"),
    ("[topics.a\n", "invalid TOML"),
])
def test_bad_taxonomy_files(tmp_path, content, message):
    path = tmp_path / "t.toml"
    path.write_text(content)
    with pytest.raises(TaxonomyError, match=re.escape(message)):
        load(path)


#: German comments on two topics and on none, for the ``--adapt`` tests (also test_other_languages.py)
GEO = ["Die Sanktionen der USA und die Zölle im Handelskrieg", "Embargo und Strafzölle gegen China",
       "Sanktionspolitik und Zölle treffen Kuba", "Exportkontrolle, Zölle und Sanktionen"]
BOOT = ["Bootloader entsperren mit Mi Unlock und Custom ROM", "Custom ROM flashen nach dem Rooten",
        "Mit TWRP und Magisk den Bootloader öffnen"]
SMALL_TALK = ["Das Wetter war gestern schön", "Ich habe heute Kuchen gebacken", "Der Urlaub am Meer war toll"]


def adapt_pairs(n: int = 60) -> list[tuple[None, str]]:
    """``n`` top-level comments, each a sentence of GEO, BOOT or SMALL_TALK in turn (seeded)."""
    import random

    rng = random.Random(1)
    return [(None, f"{rng.choice((GEO, BOOT, SMALL_TALK)[i % 3])} {i}") for i in range(n)]


def test_adapt_learns_words_beyond_the_seed_terms():
    pairs = adapt_pairs()
    pairs.append((None, "Die neuen Zölle sind ein Problem für alle"))
    plain, adapted = thread(*pairs), thread(*pairs)
    classify(plain)
    classify(adapted, adapt=True)
    assert plain[0].comments[-1].topics == []  # "Zölle" is no seed term
    assert adapted[0].comments[-1].topics == ["geopolitics"]
    assert adapted[0].comments[2].topics == []  # small talk stays without topic


def big_thread(seed: list[Comment], copies: int) -> ParsedThread:
    """One thread of many reply trees: English ones first, then the seed's German trees
    repeated, with short comments whose language can't be told ("Lol ok")."""
    comments = [Comment(id=f"en{i}", parent_id=None if i % 3 == 0 else f"en{i - i % 3}",
                        text="Is this the end of the phone for people in Cuba? I think so.") for i in range(120)]
    for k in range(copies):
        comments += [Comment(id=f"{k}-{c.id}", parent_id=c.parent_id and f"{k}-{c.parent_id}", text=f"{c.text} {k}")
                     for c in seed]
        comments.append(Comment(id=f"{k}-lol", parent_id=f"{k}-{seed[0].id}", text="Lol ok"))
    return ParsedThread(Thread(thread_id="big", site="s"), rebuild(comments))


@pytest.mark.slow
def test_worker_processes_give_the_same_labels(monkeypatch):
    """Small threads go to the workers whole, a large one as groups of reply trees
    with its majority language counted over its first comments — as in one process."""
    import comments.classification.classify as classify_mod

    monkeypatch.setattr(classify_mod, "BATCH", 300)  # small numbers: the same code paths, quickly
    monkeypatch.setattr(classify_mod, "MAJORITY_SAMPLE", 200)
    seed = read(SEED).threads[0].comments
    threads = []
    for t in range(classify_mod.PARALLEL_MIN // len(seed) + 1):  # enough comments to use the workers
        comments = [Comment(id=c.id, parent_id=c.parent_id, text=f"{c.text} {t}") for c in seed]
        threads.append(ParsedThread(Thread(thread_id=str(t), site="s"), rebuild(comments)))
    threads.insert(3, big_thread(seed, 60))
    one = [[Comment(id=c.id, parent_id=c.parent_id, text=c.text) for c in pt.comments] for pt in threads]
    single = [ParsedThread(Thread(thread_id=pt.thread.thread_id, site="s"), rebuild(cs))
              for pt, cs in zip(threads, one)]
    classify(threads, jobs=2)
    classify(single, jobs=1)
    assert [c.to_dict() for pt in threads for c in pt.comments] == [c.to_dict() for pt in single for c in pt.comments]
    big = threads[3].comments
    assert len(big) > 5 * classify_mod.BATCH
    german = sum(c.language == "de" for c in big)
    assert german > len(big) / 2  # German overall, but English among the first 200 comments:
    assert {c.language for c in big if c.text == "Lol ok"} == {"en"}
    assert all(c.topics is not None and c.tone is not None for c in big)


def test_classifying_leaves_no_reference_cycles():
    """The garbage collector is paused during bulk work, so anything left in a
    reference cycle would stay in memory until the run ends (a million comments'
    words, once)."""
    import gc

    def run() -> None:
        classify(read(SEED).threads)

    run()  # warm caches first: they are meant to stay
    gc.collect()
    gc.disable()  # as during bulk work: nothing may be collected behind our back
    try:
        run()
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_every_comment_owns_its_label_lists(monkeypatch):
    """keep_scores=False (reports) once handed comments with the same labels one shared
    list: appending to one comment's tone changed every other comment's (issue 10)."""
    import comments.classification.classify as classify_mod

    texts = ["Danke!", "Danke!", "Ok.", "Ok.", "Was soll das?", "Was soll das?"]
    for jobs in (1, 2):
        monkeypatch.setattr(classify_mod, "PARALLEL_MIN", 1)
        monkeypatch.setattr(classify_mod, "BATCH", 2)
        threads = [ParsedThread(Thread(thread_id=f"t{i}", site="s"), [Comment(id="0", text=t)])
                   for i, t in enumerate(texts)]
        classify(threads, jobs=jobs, keep_scores=False)
        comments = [pt.comments[0] for pt in threads]
        assert comments[0].tone == comments[1].tone and comments[0].topics == comments[1].topics
        before = [(list(c.tone), list(c.topics)) for c in comments]
        comments[0].tone.append("changed")
        comments[0].topics.append("changed")
        assert [(c.tone, c.topics) for c in comments[1:]] == before[1:]
        lists = [id(c.tone) for c in comments] + [id(c.topics) for c in comments]
        assert len(set(lists)) == len(lists)


def test_combined_lexicon_follows_the_taxonomy_not_its_address(tmp_path):
    """The seed-and-cue lexicon was cached by ``id(taxonomy)``: a taxonomy created where a
    freed one had lived was scored with the freed one's terms."""
    for i, word in enumerate(["walfang", "bergbau", "segeln", "imkerei", "orgelbau"]):
        path = tmp_path / f"t{i}.toml"
        path.write_text(f'[topics.t{i}]\nstrong = ["{word}"]\n', encoding="utf-8")
        taxonomy = load(path)
        pt = thread((None, f"Ein Kommentar über {word.capitalize()} und sonst nichts."))
        classify(pt, taxonomy)
        assert pt[0].comments[0].topics == [f"t{i}"], word
        del taxonomy
    # the same object given other terms (the API hands out mutable taxonomies)
    taxonomy = load(tmp_path / "t0.toml")
    classify(thread((None, "Walfang")), taxonomy)
    taxonomy.lexicon = Lexicon([Term("bergbau", "t0", 2.0)])
    pt = thread((None, "Ein Kommentar über Bergbau und sonst nichts."))
    classify(pt, taxonomy)
    assert pt[0].comments[0].topics == ["t0"]


@pytest.mark.parametrize("died", [False, True])
def test_workers_that_cannot_start_or_die_leave_the_chunks_to_this_process(died, monkeypatch):
    """No worker process (fork refused) or a worker killed: its chunks are classified here,
    with the labels and scores of one process, instead of the run failing."""
    import comments.classification.classify as classify_mod

    monkeypatch.setattr(classify_mod, "PARALLEL_MIN", 1)
    monkeypatch.setattr(classify_mod, "BATCH", 5)
    monkeypatch.setattr(classify_mod, "ProcessPoolExecutor", lambda *a, **k: RefusedPool(died))
    seed = read(SEED).threads[0].comments
    made = [[Comment(id=c.id, parent_id=c.parent_id, text=f"{c.text} {t}") for c in seed] for t in range(2)]
    workers = [ParsedThread(Thread(thread_id=str(t), site="s"), rebuild(cs)) for t, cs in enumerate(made)]
    single = [ParsedThread(Thread(thread_id=str(t), site="s"),
                           rebuild([Comment(id=c.id, parent_id=c.parent_id, text=c.text) for c in cs]))
              for t, cs in enumerate(made)]
    classify(workers, jobs=2)
    classify(single, jobs=1)
    assert [c.to_dict() for pt in workers for c in pt.comments] == [c.to_dict() for pt in single for c in pt.comments]


def _copies(threads: list[ParsedThread]) -> list[ParsedThread]:
    return [ParsedThread(Thread(thread_id=pt.thread.thread_id, site="s"),
                         rebuild([Comment(id=c.id, parent_id=c.parent_id, text=c.text) for c in pt.comments]))
            for pt in threads]


def test_batches_of_any_size_and_a_token_table_starting_afresh_give_the_same_labels(monkeypatch):
    """Words read a batch of units at once (classify._prepare) give the labels read unit by
    unit; with a token table that starts afresh every few words (the comments waiting for
    the tone pass are scored first, their token ids void afterwards), as with one that never
    does; a large thread's reply-tree groups and a reply tree larger than BATCH in between."""
    import comments.classification.classify as classify_mod
    import comments.text.token_table as token_table

    seed = read(SEED).threads[0].comments
    threads = [ParsedThread(Thread(thread_id=str(t), site="s"), rebuild(
        [Comment(id=c.id, parent_id=c.parent_id, text=f"{c.text} {t} zero-day die EU") for c in seed]))
        for t in range(12)]
    threads.insert(5, big_thread(seed, 8))
    for prepare, limit, batch, tone_batch in ((1, 1_000_000, 5_000, 2_000), (30, 40, 5_000, 2_000),
                                              (1_000, 7, 30, 17), (60, 1_000_000, 10, 3),
                                              (2_000, 300, 10, 3), (2_000, 600, 30, 17), (2_000, 900, 10, 7)):
        monkeypatch.setattr(classify_mod, "BATCH", batch)  # (how a large thread is split: the same for both)
        monkeypatch.setattr(classify_mod, "PREPARE", 2_000)
        monkeypatch.setattr(classify_mod, "TONE_BATCH", 2_000)
        monkeypatch.setattr(token_table, "LIMIT", 1_000_000)
        expected = _copies(threads)
        classify(expected)
        monkeypatch.setattr(classify_mod, "PREPARE", prepare)
        monkeypatch.setattr(classify_mod, "TONE_BATCH", tone_batch)
        monkeypatch.setattr(token_table, "LIMIT", limit)
        token_table.table().ids([["fill"] * 3])  # (a table left full by an earlier test starts afresh)
        got = _copies(threads)
        classify(got)
        assert [c.to_dict() for pt in got for c in pt.comments] == \
            [c.to_dict() for pt in expected for c in pt.comments], (prepare, limit, batch)


def test_pingbacks_and_trackbacks_get_no_topic_and_no_tone():
    """A pingback is another page's title and excerpt, not a reader's words: a moderator's list of hostile
    comments or a topic share must not count "Pingback: Russland-Sanktionen: Was für ein Idiot | Blog"."""
    comments = [
        Comment(id="1", text="Die Sanktionen gegen Russland treffen die Falschen, du Idiot."),
        Comment(id="2", kind="pingback",
                text="Pingback: Russland-Sanktionen und die NATO: Was für ein Idiot | Hacker News"),
        Comment(id="3", kind="trackback", text="Trackback: Sanktionen gegen Russland – Ein Kommentar"),
    ]
    threads = [ParsedThread(Thread(thread_id="t", site="s"), rebuild(comments))]
    classify(threads)
    reader, pingback, trackback = threads[0].comments
    assert "geopolitics" in reader.topics and "hostile" in reader.tone
    for c in (pingback, trackback):
        assert (c.topics, c.tone, c.polarity) == ([], [], None), c
        assert c.language in ("de", "en")


def _with_pingback() -> list[ParsedThread]:
    """A blog thread where another blog's pingback (its title names sanctions, export control and the US) is answered
    by readers who only say the linked article is good."""
    comments = [
        Comment(id="1", text="Danke für den ausführlichen Artikel, hat mir beim Einrichten sehr geholfen."),
        Comment(id="2", kind="pingback", text="Pingback: Xiaomi sperrt Handys auf der Krim: US-Sanktionen, "
                                              "Exportkontrolle und der lange Arm der USA | Techblog"),
        Comment(id="3", parent_id="2",
                text="Das habe ich dort auch gelesen, und der Artikel drüben erklärt es wirklich gut."),
        Comment(id="4", parent_id="3", text="Stimmt, die Zusammenfassung dort ist ausführlich und gut geschrieben."),
    ]
    return [ParsedThread(Thread(thread_id="t", site="s"), rebuild(comments))]


def test_a_pingbacks_words_give_its_replies_no_topic_through_thread_context():
    """A pingback gets no topic, and its words (another page's title) must not give one to its replies either: on
    main the reply inherited geopolitics from the pingback's "US-Sanktionen, Exportkontrolle" (review, session 14)."""
    threads = _with_pingback()
    classify(threads)
    assert [c.topics for c in threads[0].comments] == [[], [], [], []]
    from comments.classification.taxonomy import load as load_taxonomy
    from comments.classification.topics import TopicClassifier

    each = _with_pingback()  # the per-comment path (a corpus-adapted classifier's) reads it the same way
    for c in each[0].comments:
        c.language = "de"
    TopicClassifier(load_taxonomy()).transform_each(each)
    assert each[0].comments[2].topics == [] and max(each[0].comments[2].topic_scores.values()) < 0.5


def test_pingbacks_get_no_topic_and_no_tone_in_worker_processes_too(monkeypatch):
    """classify --jobs N sends comments to workers: they are classified as what they are (on main a worker rebuilt
    every record as a reader's comment, so a pingback got topics and tone: hostile, critical)."""
    from comments.classification import classify as classify_mod

    monkeypatch.setattr(classify_mod, "PARALLEL_MIN", 1)
    monkeypatch.setattr(classify_mod, "BATCH", 2)
    threads = []
    for k in range(4):
        comments = [Comment(id="1", text="Die Sanktionen gegen Russland treffen die Falschen, du Idiot."),
                    Comment(id="2", kind="pingback",
                            text="Pingback: Russland-Sanktionen und die NATO: Was für ein Idiot | Hacker News")]
        threads.append(ParsedThread(Thread(thread_id=f"t{k}", site="s"), rebuild(comments)))
    classify(threads, jobs=2)
    for pt in threads:
        reader, pingback = pt.comments
        assert "hostile" in reader.tone and "geopolitics" in reader.topics
        assert (pingback.topics, pingback.tone, pingback.polarity) == ([], [], None), pt.thread.thread_id


#: tweets written the way GermEval 2018 stores them: one a line, each line break as "|LBR|"
LBR_TWEETS = ("@Innenminister Wieder mal nur Ankündigungen. |LBR| Wann kommt endlich die Umsetzung?",
              "Was für ein Theater im Bundestag!|LBR||LBR|Schämt euch, alle miteinander.",
              "@Tagesschau Danke für den Bericht |LBR| Sehr informativ, gerne mehr davon.")


def test_germeval_line_break_placeholder_is_read_as_a_line_break_and_kept_in_the_text():
    """classify reads "|LBR|" as the line break it stands for (as the shipped models were trained),
    not as the word "lbr", and gives every text back as written."""
    written = thread(*((None, t) for t in LBR_TWEETS))
    broken = thread(*((None, t.replace("|LBR|", "\n")) for t in LBR_TWEETS))
    classify(written)
    classify(broken)
    for a, b, text in zip(written[0].comments, broken[0].comments, LBR_TWEETS):
        assert a.text == text  # nothing of the text is lost or changed
        assert (a.language, a.topics, a.topic_scores, a.tone, a.tone_scores, a.polarity) == \
            (b.language, b.topics, b.topic_scores, b.tone, b.tone_scores, b.polarity)


def test_pingbacks_do_not_thin_the_threads_topic_shares():
    """The topic model reads the thread's share of comments touching each topic: 25 pingbacks
    (zeros) in the seed thread halved it and took consumer_rights from 3 readers (17 → 14;
    review, session 15). The share is of the readers' comments, on both classify paths."""
    import copy

    from comments.classification.taxonomy import load as load_taxonomy
    from comments.classification.topics import TopicClassifier

    seed = read(SEED).threads
    crowded = copy.deepcopy(seed)
    crowded[0].comments += [Comment(id=f"pb{i}", kind="pingback", text=f"Pingback: Blog {i} | Xiaomi, Kuba und Sanktionen")
                            for i in range(25)]
    crowded[0].comments = rebuild(crowded[0].comments)

    def readers(threads):
        return [(c.id, c.topics) for c in threads[0].comments if c.kind == "comment"]

    plain, busy = copy.deepcopy(seed), copy.deepcopy(crowded)
    classify(plain)
    classify(busy)
    assert readers(busy) == readers(plain) and sum("consumer_rights" in t for _, t in readers(plain)) >= 10
    for threads in (seed, crowded):  # the per-comment path (an adapted classifier's) the same way
        for c in threads[0].comments:
            c.language = "de"
        TopicClassifier(load_taxonomy()).transform_each(threads)
    assert readers(crowded) == readers(seed)


def _with_placeholders() -> list[ParsedThread]:
    """An r/AskHistorians-like thread and a German forum thread with the placeholders their sources leave: Reddit's
    "[removed]" (a moderator) and "[deleted]" (status deleted), a German "[gelöscht]", a Disqus isDeleted comment and
    one removed by a moderator whose words the dump kept (on integ these got critical, hostile and informative)."""
    reddit = [
        Comment(id="a", text="Did medieval peasants really never travel more than a few miles from their village?"),
        Comment(id="b", parent_id="a", text="[removed]"),
        Comment(id="c", parent_id="a", text="[deleted]", status="deleted", author="[deleted]"),
        Comment(id="d", parent_id="c", text="Sorry, but this is just wrong and lazy. Sources please, this sub has rules."),
    ]
    forum = [
        Comment(id="e", text="Die Sanktionen gegen Russland treffen die Falschen, Xiaomi sperrt die Handys auf der Krim."),
        Comment(id="f", parent_id="e", text="[gelöscht]"),
        Comment(id="g", parent_id="e", text="Dieser Kommentar wurde gelöscht.", status="deleted"),
        Comment(id="h", parent_id="e", text="Die Sanktionen sind Unsinn, du Idiot. NATO-Propaganda!", status="removed"),
        Comment(id="i", parent_id="h", text="Bleib sachlich, die Sanktionen gegen Russland haben Gründe."),
    ]
    return [ParsedThread(Thread(thread_id="1a2b3c", site="reddit.com/r/AskHistorians"), rebuild(reddit)),
            ParsedThread(Thread(thread_id="krim", site="forum.example.de"), rebuild(forum))]


GONE_IDS = {"b", "c", "f", "g", "h"}


def _gone_and_readers(threads):
    gone = [c for pt in threads for c in pt.comments if c.id in GONE_IDS]
    readers = {c.id: (c.topics, c.tone, c.polarity) for pt in threads for c in pt.comments if c.id not in GONE_IDS}
    return gone, readers


def test_deleted_and_removed_comments_get_no_topic_tone_or_polarity_on_every_classify_path(monkeypatch):
    """A deleted or removed comment has no reader's words: no topics, no tone, polarity null (SPEC's null), on the
    one-process path, in worker processes (classify --jobs N), on the per-comment path of an adapted classifier
    and under a --model; the readers' comments are classified the same on every path."""
    from comments.classification import classify as classify_mod

    serial = _with_placeholders()
    classify(serial)
    gone, readers = _gone_and_readers(serial)
    assert len(gone) == len(GONE_IDS)
    for c in gone:
        assert (c.topics, c.tone, c.polarity) == ([], [], None), c.id
    assert "hostile" not in {t for c in gone for t in c.tone}
    assert "geopolitics" in readers["e"][0] and readers["a"][1]  # the readers are still read

    monkeypatch.setattr(classify_mod, "PARALLEL_MIN", 1)
    monkeypatch.setattr(classify_mod, "BATCH", 2)
    workers = _with_placeholders()
    classify(workers, jobs=2)
    assert [c.to_dict() for pt in workers for c in pt.comments] == [c.to_dict() for pt in serial for c in pt.comments]

    each = _with_placeholders()  # a classifier adapted to the corpus: the per-comment path (transform_each)
    classify(each, adapt=True)
    assert all((c.topics, c.tone, c.polarity) == ([], [], None) for c in _gone_and_readers(each)[0])

    modelled = _with_placeholders()
    classify(modelled)
    classify_mod.apply_model(modelled, classify_mod.DEFAULT_TONE)
    assert all((c.topics, c.tone, c.polarity) == ([], [], None) for c in _gone_and_readers(modelled)[0])


def test_placeholders_change_no_readers_classification():
    """The readers' comments of a thread read the same with and without its placeholders in it (a placeholder's
    zeros thin no thread share of the topic model)."""
    with_gone = _with_placeholders()
    without = _with_placeholders()
    for pt in without:
        keep = [c for c in pt.comments if c.id not in GONE_IDS or any(r.parent_id == c.id for r in pt.comments)]
        pt.comments = rebuild(keep)
    classify(with_gone)
    classify(without)
    kept = {c.id for pt in without for c in pt.comments} - GONE_IDS
    assert {k: v for k, v in _gone_and_readers(with_gone)[1].items() if k in kept} == \
        {k: v for k, v in _gone_and_readers(without)[1].items() if k in kept}


def test_held_ids_give_each_chunk_its_comments_ids_across_batches():
    """``_HeldIds.take`` gives the comments' own token ids in the order asked, also when a chunk spans
    two prepared batches, and drops a batch once no comment asked for later can be in it."""
    import numpy as np

    from comments.classification.classify import _HeldIds

    held = _HeldIds()
    first, second = np.array([5, 6, 7, 8, 9]), np.array([1, 2, 3])
    held.add([10, 11, 12], first, np.array([2, 0, 3]))
    held.add([20, 21], second, np.array([1, 2]))
    starts = [held.pop(k) for k in (11, 12, 20)]
    assert held.take(starts, [[], ["a", "b", "c"], ["x"]]).tolist() == [7, 8, 9, 1]
    assert held.take([held.pop(21)], [["y", "z"]]).tolist() == [2, 3]
    assert len(held.arrays) == 1  # (the first batch is dropped)


def test_a_soft_hyphen_does_not_split_a_word_for_topics_and_tone():
    """German news sites write "&shy;" into long words: "Boot\\u00adloader" is the bootloader, and
    "Handels\\u00adkrieg" scores as "Handelskrieg" (the comment's text keeps the soft hyphen)."""
    texts = ["Der Boot\u00adloader ist gesperrt und das ist ein Problem für alle Nutzer hier im Forum.",
             "Der Bootloader ist gesperrt und das ist ein Problem für alle Nutzer hier im Forum.",
             "Der Handels\u00adkrieg zwischen den USA und China trifft am Ende die Kunden in Europa.",
             "Der Handelskrieg zwischen den USA und China trifft am Ende die Kunden in Europa."]
    threads = [ParsedThread(Thread(thread_id=str(i), site="s"), [Comment(id="1", text=t)]) for i, t in enumerate(texts)]
    classify(threads)
    (hyphen, plain, trade_hyphen, trade) = [pt.comments[0] for pt in threads]
    assert "bootloader_unlocking" in hyphen.topics and hyphen.topics == plain.topics
    assert hyphen.topic_scores == plain.topic_scores and hyphen.tone == plain.tone
    assert "geopolitics" in trade_hyphen.topics and trade_hyphen.topic_scores == trade.topic_scores
    assert "\u00ad" in hyphen.text


def test_a_topic_shows_the_score_that_set_it():
    """With the default taxonomy a comment gets the topic model's topics and the term rule's: a topic
    set by the term rule alone shows the term score (the model's probability was shown: geopolitics
    labelled at 0.088); a bare reaction, which gets no topic, shows a score below the topic's threshold."""
    from comments.classification.topics import _default_model

    model = _default_model()
    threshold = dict(zip(model.labels, model.thresholds.tolist()))
    texts = ["Wegen der Sanktionen ist mein Handy jetzt gesperrt.", "Die Sanktionen der EU!",
             "The sanctions are to blame, not Xiaomi!", "Die Sanktionen sind das Problem."]
    threads = [ParsedThread(Thread(thread_id=str(i), site="s"), [Comment(id="1", text=t)]) for i, t in enumerate(texts)]
    classify(threads)
    comments = [pt.comments[0] for pt in threads]
    assert "geopolitics" in comments[0].topics and comments[0].topic_scores["geopolitics"] >= 0.5
    assert comments[1].topics == []
    for c in comments:
        for label, cut in threshold.items():
            assert (label in c.topics) == (c.topic_scores[label] >= cut), (c.text, label)


def test_a_comment_without_a_word_to_score_has_no_polarity(tmp_path):
    """Reddit's comment chain: ten replies "1" … "10" got polarity 0.0, so the thread's mean
    polarity read 0.00 ("neutral") from comments that say nothing; and emoji or punctuation only
    likewise. Now null there, in every output format; a word, even a neutral one, keeps 0.0."""
    import json

    from conftest import corpus, run

    out = tmp_path / "chain.jsonl"
    result = run("classify", str(corpus("reddit/reddit_6otocc_comment_chain_depth10.json")), "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    numbered = [r for r in rows if r.get("record") == "comment" and (r.get("text") or "").strip().isdigit()]
    assert len(numbered) == 10 and all(r["polarity"] is None for r in numbered)
    from comments.classification.tone import classify_columns

    _, _, polarity = classify_columns(["😡😡😡", "!!!", "Ja.", "Das ist furchtbar schlecht.", "10/10"],
                                      languages=["de"] * 5)
    # ("Ja." is a bare agreement: the reaction rule gives it supportive and +0.2)
    assert polarity[:2] == [None, None] and polarity[2] == 0.2 and polarity[3] < 0 and polarity[4] is None


def test_held_ids_do_not_pile_up_when_no_comment_is_read(monkeypatch):
    """Comments the tone pass does not read (French: language other) still let their batches' token ids go: the
    arrays held stay bounded however many batches are read (review19a: one array per batch was kept, linear growth)."""
    import comments.classification.classify as classify_mod

    most = []

    class Counted(classify_mod._HeldIds):
        def add(self, keys, ids, lengths):
            super().add(keys, ids, lengths)
            most.append(len(self.arrays))

    monkeypatch.setattr(classify_mod, "_HeldIds", Counted)
    monkeypatch.setattr(classify_mod, "PREPARE", 60)  # small numbers: the same code paths, quickly
    monkeypatch.setattr(classify_mod, "TONE_BATCH", 40)
    french = ["Je ne suis pas du tout d'accord avec cet article, le gouvernement se trompe encore une fois.",
              "Merci pour cette analyse très claire de la situation économique en France et en Europe."]
    threads = [ParsedThread(Thread(thread_id=str(t), site="s"),
                            rebuild([Comment(id=f"{t}-{k}", text=french[k % 2]) for k in range(20)])) for t in range(60)]
    classify(threads)
    assert {c.language for pt in threads for c in pt.comments} == {"other"}
    assert len(most) >= 15 and max(most) <= 2


def test_assign_sets_the_languages_told_and_the_majority_for_the_others():
    """``_assign``: a unit whose comments all tell their language gets them as told (set by a C-level map,
    no majority counted); one with comments too short to tell gives those the majority (the unit's, or the
    one handed over), an empty one ``other``."""
    from comments.classification.classify import _assign

    told = [Comment(id=str(k), text=t) for k, t in enumerate(["a", "b", "c"])]
    _assign(told, ["de", "en", "other"])
    assert [c.language for c in told] == ["de", "en", "other"]
    _assign(told, ["en", "en", "de"], majority="de")
    assert [c.language for c in told] == ["en", "en", "de"]
    mixed = [Comment(id=str(k), text=t) for k, t in enumerate(["a", "b", "c", " ", "+1"])]
    _assign(mixed, ["en", "en", "de", None, None])
    assert [c.language for c in mixed] == ["en", "en", "de", "other", "en"]
    _assign(mixed, ["en", "en", "de", None, None], majority="de")
    assert [c.language for c in mixed] == ["en", "en", "de", "other", "de"]
    _assign([], [])
