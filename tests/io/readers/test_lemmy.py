"""Lemmy's ``comment/list`` answers, 0.19 and 0.18 (fields as in lemmy-js-client's ``CommentView``;
team-written fixtures): ``path`` gives the tree, the post is the thread."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, read

from comments.io.readers import detect

EXPORTS = FIXTURES / "exports"
V019 = EXPORTS / "lemmy.world__comment_list_post77001.json"
V018 = EXPORTS / "lemmy.ml__comment_list_018.json"


@pytest.mark.parametrize("path", [V019, V018])
def test_path_gives_the_reply_tree_and_status_the_deletions(path):
    """``0.1201.1205.1209`` is three deep; ``deleted`` (by its author) and ``removed`` (by a moderator)
    are statuses. It was "unknown format" (each comment nested one level down in its view)."""
    assert detect(path.read_text(encoding="utf-8")).name == "lemmy"
    result = read(path)
    assert [(c.id, c.parent_id, c.depth, c.author, c.status) for c in result.comments] == [
        ("1201", None, 0, "bernd", "visible"), ("1205", "1201", 1, "carla", "visible"),
        ("1209", "1205", 2, "dieter", "visible"), ("1210", None, 0, "erika", "deleted"),
        ("1213", "1210", 1, "frank", "removed"), ("1214", "1210", 1, "gina", "visible")]
    assert result.comments[1].text == "> 130 reicht\n\nNein, die Autobahn ist am sichersten."
    assert result.comments[0].meta["counts"]["score"] == 1 and result.comments[0].meta["path"] == "0.1201"
    assert not any(c.flags for c in result.comments)


def test_the_post_is_the_thread_and_its_linked_page_named():
    """The post's id, ``name`` and ``ap_id`` make the thread (site its instance); the page it links has no
    thread field and is named in a note; the time is kept as given (0.18 writes no offset)."""
    result = read(V018)
    (pt,) = result.threads
    t = pt.thread
    assert (t.format, t.site, t.thread_id, t.title, t.url) == (
        "lemmy", "lemmy.world", "77001", "Tempolimit auf Autobahnen: Regierung lehnt ab", "https://lemmy.world/post/77001")
    assert result.comments[0].created_at == "2024-03-05T09:30:00.123456"
    assert any("the post 77001 (the article): the page it links (url: https://www.tagesschau.de/inland/tempolimit-100.html)"
               in n for n in result.notes)


def test_next_page_and_replies_cut_by_max_depth_are_said(tmp_path):
    """A ``next_page`` cursor means more comments elsewhere (noted); ``child_count`` replies the answer
    lacks (``max_depth``) are unloaded, each counted once however many given ancestors count it; a
    remote user is ``name@instance``."""
    doc = json.loads(V019.read_text(encoding="utf-8"))
    doc["comments"] = [v for v in doc["comments"] if v["comment"]["id"] != 1209]  # depth 2 cut
    doc["comments"][0]["creator"].update(local=False, actor_id="https://feddit.org/u/bernd")
    path = tmp_path / "lemmy.world__page.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = read(path)
    (pt,) = result.threads
    assert pt.thread.unloaded_count == 1
    assert result.comments[0].author == "bernd@feddit.org"
    assert any("1 reply the comments' child_count counts is not in this answer" in n for n in result.notes)
    assert any("next_page Ba: the list goes on on another page" in n for n in result.notes)
    assert not [n for n in read(V018).notes if "next_page" in n or "child_count" in n]


def test_amp_written_by_lemmy_018_is_decoded(tmp_path):
    """Lemmy 0.18 stored ``&`` as ``&amp;``: the text reads as Lemmy shows it."""
    doc = json.loads(V018.read_text(encoding="utf-8"))
    doc["comments"][0]["comment"]["content"] = "Tempo &amp; Sicherheit"
    path = tmp_path / "lemmy.ml__amp.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert read(path).comments[0].text == "Tempo & Sicherheit"
