"""Forum and comment templates read from their real markup (fixtures/forum_templates and
fixtures/comment_systems/nodebb.html: pages rendered after the systems' own template source,
team-written, MIT; the truth beside each): NodeBB's schema.org posts, Flarum's discussion in
``<noscript id="flarum-content">``."""

from __future__ import annotations

import json

from conftest import FIXTURES, read

PAGES = FIXTURES / "forum_templates"
NODEBB = FIXTURES / "comment_systems" / "nodebb.html"


def truth(path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def test_nodebb_topic_opener_is_the_article_and_its_posts_are_comments():
    """Post 0 (``data-index="0"``) is the article, its text box only; the others are comments with
    the parent the "@Name" pill names, the schema.org date, an edit time, the deleted post's status."""
    result = read(NODEBB)
    (pt,) = result.threads
    expected = truth(NODEBB)
    assert pt.thread.article_text == expected["article_text"]
    got = {c.id: c for c in result.comments}
    assert got["1004"].parent_id == "1003" and got["1007"].parent_id == "1006" and got["1002"].parent_id is None
    assert got["1002"].created_at.startswith("2024-03-05T09:02:00") and got["1002"].created_at.endswith("Z")
    assert got["1004"].meta["edited_at"].startswith("2024-03-05T11:31") and "edited_at" not in got["1002"].meta
    assert got["1006"].status == "deleted" and got["1006"].author == "Olaf"
    assert not any("@" in c.text or "Antwort" in c.text for c in result.comments)
    assert any("split over pages" in note for note in result.notes)  # the pagination in a <noscript>


def test_a_nodebb_post_showing_no_date_has_the_time_of_its_data_timestamp(tmp_path):
    """Without schema.org's meta and the timeago titles, the post's ``data-timestamp``
    (Unix milliseconds, NodeBB's) is its time, in UTC."""
    page = NODEBB.read_text(encoding="utf-8")
    page = page.replace('<meta itemprop="datePublished"', '<meta itemprop="x"').replace('class="timeago" title=', 'x=')
    path = tmp_path / "nodebb.html"
    path.write_text(page, encoding="utf-8")
    got = {c.id: c.created_at for c in read(path).comments}
    assert got["1002"] == "2024-03-05T09:02:00Z" and got["1007"] == "2024-03-06T08:10:00Z"


def test_flarum_discussion_in_its_noscript_is_read():
    """The posts are bare ``div``s (poster's ``h3``, ``div.Post-body``) inside the noscript the
    parser keeps as raw text; the first post on page 1 is the article; a deleted account's post
    ("[gelöscht]") is a visible comment under that name; "Nächste Seite »" (``?page=2``): split."""
    path = PAGES / "flarum-noscript.html"
    result = read(path)
    expected = truth(path)
    (pt,) = result.threads
    assert pt.thread.article_text == expected["article_text"]
    assert [(c.author, c.text, c.status, c.parent_id) for c in result.comments] == [
        (e["author"], e["text"], e["status"], e["parent_id"]) for e in expected["comments"]]
    assert any("split over pages" in note for note in result.notes)
    assert not any("JavaScript" in (c.text or "") for c in result.comments)


def test_flarum_page_2_has_no_opener_and_other_noscripts_stay_unread(tmp_path):
    """On page 2 (links to ?page=1 and ?page=3) the first post is a reply like the others; an
    ordinary noscript fallback ("enable JavaScript", a tracking pixel) is no text."""
    page = (PAGES / "flarum-noscript.html").read_text(encoding="utf-8")
    page = page.replace('?page=2">Nächste', '?page=3">Nächste').replace(
        '<hr>\n    </div>', '<hr>\n    </div><a href="?page=1">« Vorherige Seite</a>', 1)
    page = page.replace("<noscript>", '<noscript><img src="https://t.example/p.gif">Bitte JavaScript aktivieren', 1)
    path = tmp_path / "flarum2.html"
    path.write_text(page, encoding="utf-8")
    result = read(path)
    assert [c.author for c in result.comments] == ["Sabine Roth", "Martina K.", "Jens", "Martina K.", "Greg Howell",
                                                   "[gelöscht]"]
    (pt,) = result.threads
    assert "JavaScript" not in (pt.thread.article_text or "")


def test_xenforo2_page_2_posts_member_boxes_edit_notes_and_the_deleted_placeholder():
    """Page 2 of a thread: no opener, so no article (post 1004 is no article and a comment); the
    member box ("Mitglied", "Registriert … Beiträge 77"), "#21", the reactions, "Zum Vergrößern
    anklicken...." and "Zuletzt bearbeitet:" are no text (the edit time goes to meta.edited_at);
    a quoted passage stays as "> " lines with its poster in meta.quoted_author (the forum-quote
    rule); the soft-deleted placeholder (div.message--deleted, no id) is a deleted comment whose
    moderator's note goes to meta.deletion_note."""
    path = PAGES / "xenforo2.html"
    result = read(path)
    expected = truth(path)["comments"]
    (pt,) = result.threads
    assert pt.thread.article_text is None
    got = result.comments
    assert [c.id for c in got] == [e["id"] for e in expected]
    assert [(c.author, c.status) for c in got] == [(e["author"], e["status"]) for e in expected]
    assert [c.created_at[:19] for c in got] == [e["created_at"][:19] for e in expected]
    for c, e in zip(got, expected):
        own = "\n\n".join(p for p in c.text.split("\n\n") if not p.startswith("> "))
        assert own == e["text"]
    assert got[1].text.startswith("> vier pro Modul") and got[1].meta["quoted_author"] == "Martina K."
    assert got[2].meta["edited_at"] == "2024-03-05T12:31:00+0100" and "edited_at" not in got[0].meta
    assert got[4].meta["deletion_note"].startswith("Gelöscht von Moderator_Tim") and got[4].text == ""


def test_discourse_date_modified_is_an_edit_only_when_it_differs_from_date_published():
    """Discourse's crawler view gives every post a schema.org ``dateModified``, the same as its
    ``datePublished`` unless the post was edited (review18a: ``meta.edited_at`` on every post)."""
    got = {c.id: c.meta.get("edited_at") for c in read(FIXTURES / "comment_systems" / "discourse.html").comments}
    assert {key: value for key, value in got.items() if value} == {"10": "2024-03-06T08:02:00Z"}
    assert len(got) == 11
