"""A thread date (``published_at``) a reader cannot read is never silently emptied: thread
records have no ``flags`` or ``meta`` (SPEC), so every reader leaves it out through one helper
(:func:`comments.io.readers.base.published`) that names the thread and the date as given in
one note of the input and counts it in the parse summary."""

from __future__ import annotations

import json

import pytest

from comments.io.pipeline import read_inputs
from comments.io.readers.base import Context, published
from conftest import CORPORA, FIXTURES, corpus, run

#: (reader family, file, the thread date as written → an unreadable one, thread id, how many).
#: Real pages from the corpora where one has a thread date, else the readers' fixtures.
CASES = [
    ("wp_html", CORPORA / "html_wordpress/01-01-comment-peer-reviewed-papers-are-getting-increasingly-boring.md",
     [('date: "2021-01-01 12:00:00"', 'date: "Neujahr, mittags"')],
     "/lemire/blog/2021/01-01-peer-reviewed-papers-are-getting-increasingly-boring", "Neujahr, mittags"),
    ("plaintext", CORPORA / "plaintext_de/konstantinklein_kein-kommentar.md",
     [("date = 2018-05-27T11:13:20+02:00", 'date = "Pfingstsonntag"')], "konstantinklein_kein-kommentar",
     "Pfingstsonntag"),
    ("reddit", CORPORA / "reddit/reddit_6otocc_comment_chain_depth10.json",
     [('"created_utc": 1500706594.0', '"created_utc": "vor 7 Jahren"')], "6otocc", "vor 7 Jahren"),
    ("disqus", CORPORA / "disqus/isso__disqus.xml",
     [("<createdAt>2012-12-12T12:12:12Z</createdAt>", "<createdAt>zwölfter Zwölfter</createdAt>")], "2",
     "zwölfter Zwölfter"),
    ("wxr", CORPORA / "wordpress/isso__wordpress.xml",
     [("<pubDate>Tue, 14 Jan 2014 17:31:03 +0000</pubDate>", "<pubDate>Dienstag früh</pubDate>"),
      ("<wp:post_date_gmt>2014-01-14 17:31:03</wp:post_date_gmt>", "<wp:post_date_gmt>kaputt</wp:post_date_gmt>"),
      ("<wp:post_date>2014-01-14 17:31:03</wp:post_date>", "<wp:post_date>kaputt</wp:post_date>")], "18", "kaputt"),
    ("hackernews", FIXTURES / "hn_official.json", [('"time": 1631700000', '"time": "gestern"')], "28500000", "gestern"),
    ("jsonlist", FIXTURES / "json/hnpwa_item.json", [('"time":1631791200', '"time":"3 years ago"')], "28512345",
     "3 years ago"),
]


@pytest.mark.parametrize("family,path,changes,thread_id,raw", CASES, ids=[c[0] for c in CASES])
def test_every_reader_says_a_thread_date_it_cannot_read(tmp_path, family, path, changes, thread_id, raw):
    path = corpus(str(path.relative_to(CORPORA))) if path.is_relative_to(CORPORA) else path
    text = path.read_text(encoding="utf-8")
    before = read_inputs([str(path)])
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    changed = tmp_path / path.name
    changed.write_text(text, encoding="utf-8")
    result = read_inputs([str(changed)])
    assert not result.errors, result.errors
    assert result.threads[0].thread.format == before.threads[0].thread.format
    dated_before = {pt.thread.thread_id for pt in before.threads if pt.thread.published_at}
    dated_after = {pt.thread.thread_id for pt in result.threads if pt.thread.published_at}
    assert len(dated_before - dated_after) == 1 and dated_after < dated_before, (dated_before, dated_after)
    # the rest of the input is read as before
    assert [len(pt.comments) for pt in result.threads] == [len(pt.comments) for pt in before.threads]
    note = [n for n in result.notes if "could not be read and left out of published_at" in n]
    assert len(note) == 1 and repr(raw) in note[0] and note[0].startswith(str(changed) + ": 1 thread date ")
    if thread_id is not None:
        assert dated_before - dated_after == {thread_id} and f"thread {thread_id}: " in note[0]
    assert result.undated_threads == 1 and "1 unreadable thread date left out" in result.summary()
    assert before.undated_threads == 0 and "thread date" not in before.summary()


def test_convokit_utterances_say_an_unreadable_post_date(tmp_path):
    """ConvoKit's root utterance is the post: its timestamp is the thread's date."""
    utts = [{"id": "p1", "speaker": "anna", "conversation_id": "p1", "reply_to": None, "timestamp": "n/a",
             "text": "Xiaomi sperrt Telefone in sanktionierten Ländern.", "meta": {}, "vectors": []},
            {"id": "k1", "speaker": "bernd", "conversation_id": "p1", "reply_to": "p1", "timestamp": 1631790100,
             "text": "Quelle?", "meta": {}, "vectors": []}]
    path = tmp_path / "utterances.jsonl"
    path.write_text("".join(json.dumps(u) + "\n" for u in utts), encoding="utf-8")
    result = read_inputs([str(path)])
    assert result.threads[0].thread.format == "convokit" and result.threads[0].thread.published_at is None
    assert result.threads[0].comments[0].created_at  # the comment's date is read
    assert result.undated_threads == 1 and any("thread p1: 'n/a'" in n for n in result.notes)


def test_the_note_names_the_first_three_and_counts_the_rest():
    ctx = Context()
    assert published(ctx, "a", "2021-09-16 10:00") == "2021-09-16T10:00"
    assert published(ctx, "a", None) is None and published(ctx, "a", "  ") is None  # no date given: nothing lost
    for n in range(5):
        assert published(ctx, f"t{n}", f"kaputt\x1b[31m{n}") is None
    assert ctx.undated.count == 5 and len(ctx.notes) == 1
    note = str(ctx.notes[0])
    assert note.startswith("5 thread dates could not be read") and "thread t2: 'kaputt\\x1b[31m2'" in note
    assert "t3" not in note and note.endswith("; and 2 more)") and "\x1b" not in note


def test_wordpress_no_date_placeholders_are_no_loss(tmp_path):
    """A draft's ``0000-00-00 00:00:00`` and ``pubDate`` in the year -0001 mean "no date"."""
    text = corpus("wordpress/isso__wordpress.xml").read_text(encoding="utf-8")
    for old, new in [("Tue, 14 Jan 2014 17:31:03 +0000", "Mon, 30 Nov -0001 00:00:00 +0000"),
                     ("<wp:post_date_gmt>2014-01-14 17:31:03", "<wp:post_date_gmt>0000-00-00 00:00:00"),
                     ("<wp:post_date>2014-01-14 17:31:03", "<wp:post_date>0000-00-00 00:00:00")]:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "drafts.xml"
    path.write_text(text, encoding="utf-8")
    result = read_inputs([str(path)])
    assert result.threads[0].thread.published_at is None and result.undated_threads == 0


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_the_cli_says_and_counts_them_with_either_engine(tmp_path, engine):
    if engine == "dask":
        pytest.importorskip("distributed")
    path = tmp_path / "hn.json"
    path.write_text((FIXTURES / "hn_official.json").read_text(encoding="utf-8")
                    .replace('"time": 1631700000', '"time": "gestern"', 1), encoding="utf-8")
    out = run("parse", str(path), "-o", str(tmp_path / "out.jsonl"), "--engine", engine, "-j", "1")
    assert out.exit_code == 0, out.stderr
    assert "1 unreadable thread date left out" in out.stderr and "thread 28500000: 'gestern'" in out.stderr
