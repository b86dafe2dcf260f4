"""Discourse topic answers (``/t/ID.json``, fields as in Discourse's API documentation; team-written
fixtures): post numbers resolved to parents, post 1 the article, small actions set apart."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, read, run

from comments.io.readers import detect

EXPORTS = FIXTURES / "exports"
TOPIC = EXPORTS / "forum.example.org__discourse_t_301234.json"
YOUNG = EXPORTS / "forum.example.org__discourse_t_2.json"


def shape(result):
    return [(c.id, c.parent_id, c.depth, c.author, c.status) for c in result.comments]


@pytest.mark.parametrize("path, ids", [(TOPIC, ("9003", "9004", "9007", "9008", "9010", "9011")),
                                       (YOUNG, ("4", "5", "6", "7", "8", "9"))])
def test_reply_to_post_number_names_a_post_number_not_an_id(path, ids):
    """Post 3 answers post 2, 4 answers 3, 6 answers 4: the tree is three deep. On a young forum post ids
    (3…9) equal other posts' numbers: the generic JSON reader took ``reply_to_post_number`` as an id and
    hung dieter's answer under the opening post; it came out flat elsewhere, with no note."""
    result = read(path)
    assert detect(path.read_text(encoding="utf-8")).name == "discourse"
    b, c, d, e, b2, system = ids
    assert shape(result) == [(b, None, 0, "bernd", "visible"), (c, b, 1, "carla", "visible"),
                             (d, c, 2, "dieter", "visible"), (e, None, 0, "erika", "visible"),
                             (b2, d, 3, "bernd", "deleted"), (system, None, 0, "system", "note")]
    assert not any(c.flags for c in result.comments)


def test_opening_post_is_the_article_and_the_title_kept():
    """Post 1 is the topic's opening, not a comment: its text the article text, its time the publication
    time, the topic's ``title`` the thread's; its author named in a note (the thread record has no author)."""
    result = read(TOPIC)
    (pt,) = result.threads
    t = pt.thread
    assert (t.format, t.site, t.thread_id, t.title) == ("discourse", "forum.example.org", "301234",
                                                         "Tempolimit auf Autobahnen?")
    assert t.article_text == "Sollte es ein generelles Tempolimit auf Autobahnen geben? Diskussion hier."
    assert t.published_at == "2024-03-05T09:14:22.123Z"
    assert "9001" not in [c.id for c in result.comments]
    assert any("the opening post 9001 (the article): its author (anna)" in n for n in result.notes)
    assert result.comments[2].text.endswith("Pro Kilometer ja, aber die Schwere der Unfälle ist höher.")


def test_small_action_post_is_a_note_not_a_readers_comment():
    """The forum's closing notice (``post_type`` 3, ``action_code``) is the site's note (status ``note``),
    which the analyses set apart as they do WordPress's notes."""
    result = read(TOPIC)
    (system,) = [c for c in result.comments if c.author == "system"]
    assert (system.status, system.meta["action_code"]) == ("note", "autoclosed.enabled")


def test_posts_the_stream_lists_but_the_answer_lacks_are_unloaded(tmp_path):
    """A long topic's first answer gives 20 posts of a longer ``stream``: the others are counted as
    unloaded, and an answer to one of them is an orphan — each said in a note."""
    doc = json.loads(TOPIC.read_text(encoding="utf-8"))
    posts = doc["post_stream"]["posts"]
    doc["post_stream"]["posts"] = [p for p in posts if p["post_number"] != 3]  # carla's post not given
    doc["post_stream"]["stream"] += [9012, 9013]
    path = tmp_path / "forum.example.org__t_301234.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = read(path)
    (pt,) = result.threads
    assert pt.thread.unloaded_count == 3
    (dieter,) = [c for c in result.comments if c.author == "dieter"]
    assert (dieter.parent_id, dieter.flags, dieter.meta["reply_to_post_number"]) == (None, ["orphan"], 3)
    assert any("3 posts the topic lists are not in this answer" in n for n in result.notes)
    assert any("1 post of topic 301234 answers a post this answer does not give" in n for n in result.notes)


def test_a_later_page_without_the_opening_post_keeps_its_answers_to_it_top_level(tmp_path):
    """``/t/ID.json?page=2`` lacks post 1: the topic's own time dates the thread; the stream's first id (the
    opening post) is the article, not an unloaded comment."""
    doc = json.loads(TOPIC.read_text(encoding="utf-8"))
    doc["post_stream"]["posts"] = doc["post_stream"]["posts"][1:]
    path = tmp_path / "forum.example.org__t_301234.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    (pt,) = read(path).threads
    assert (pt.thread.article_text, pt.thread.published_at, pt.thread.unloaded_count) == (
        None, "2024-03-05T09:14:22.046Z", 0)
    assert len(pt.comments) == 6


def test_depth_report_describes_the_reply_tree(tmp_path):
    """The finder's report: depth.md said "no replies" for a topic three replies deep."""
    proc = run("report", "depth", str(TOPIC), "--out", str(tmp_path / "out"), "-q", "-j", "1")
    assert proc.exit_code == 0, proc.stderr
    text = (tmp_path / "out" / "depth.md").read_text(encoding="utf-8")
    assert "no reply structure" not in text and "the deepest reply sits at depth 3" in text
