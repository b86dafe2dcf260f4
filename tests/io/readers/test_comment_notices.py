"""Elements that carry a comment class but are no comment — a theme's "Comments are closed."
notice, comment navigation, a "load more" box (fixtures/notices/, team-written, MIT) — are
not read as comments, and the reader says so; real comments beside them are kept."""

from __future__ import annotations

from conftest import FIXTURES, read

PAGES = FIXTURES / "notices"


def test_a_closed_notice_in_a_div_comment_is_no_comment_and_no_duplicate():
    """``<div class="comment" id="nav-2">Comments are closed.</div>`` after a WordPress list:
    before, its "2" made it a second copy of comment 2 (or a comment of its own)."""
    result = read(PAGES / "closed-wp-classic.html")
    assert [(c.id, c.author) for c in result.comments] == [("31", "Laura Mitchell"), ("32", "Tom B.")]
    assert not any("shown twice" in note for note in result.notes)
    assert any("1 element marked as a comment" in note and "'Comments are closed.'" in note for note in result.notes)
    assert all("closed" not in c.text for c in result.comments)


def test_a_closed_page_in_german_has_no_comments():
    """An ``li.comment`` without id and a ``div.comment`` holding only ``p.nocomments``
    ("Kommentare sind geschlossen."): a page without comments, said twice in the notes."""
    result = read(PAGES / "closed-de-kubrick.html")
    assert result.comments == []
    assert any("2 elements marked as a comment" in note and "Kommentare sind geschlossen." in note
               for note in result.notes)
    assert any("no comment section recognised" in note for note in result.notes)


def test_comments_by_class_with_an_author_box_are_kept_beside_notices():
    """``div.comment#c-N`` items that name their author are comments; a "load more" box and
    a closed notice in the same markup are not."""
    result = read(PAGES / "minimal-names.html")
    assert [(c.id, c.author, c.text) for c in result.comments] == [
        ("501", "Priya", "A grow light on a timer fixed the leaf drop for me."),
        ("502", "Dave Kerr", "Same here, twelve hours a day.")]
    assert any("2 elements marked as a comment" in note for note in result.notes)


def test_a_moderation_note_without_its_class_makes_the_comment_pending(tmp_path):
    """Genesis prints "Your comment is awaiting moderation." as ``p.alert`` (no class says so), a
    German theme "Dein Kommentar wartet auf Freischaltung." as the last paragraph: the note is no
    text and the comment is ``pending``; the sentence within a commenter's words stays text;
    Drupal's ``article.unpublished`` is pending too."""
    page = tmp_path / "pending.html"
    page.write_text("""<html><body><ol class="comment-list">
<li class="comment" id="comment-1"><div class="comment-content">
<p class="alert">Your comment is awaiting moderation.</p>
<p>First words.</p></div></li>
<li class="comment" id="comment-2"><div class="comment-content"><p>Zweite Worte.</p>
<p>Dein Kommentar wartet auf Freischaltung.</p></div></li>
<li class="comment" id="comment-3"><div class="comment-content"><p>Mine said "Your comment is awaiting moderation."
for a day.</p></div></li></ol>
<article id="comment-4" class="comment js-comment unpublished"><p>Unpublished words.</p></article></body></html>""",
                    encoding="utf-8")
    got = [(c.id, c.text, c.status) for c in read(page).comments]
    assert got == [("1", "First words.", "pending"), ("2", "Zweite Worte.", "pending"),
                   ("3", 'Mine said "Your comment is awaiting moderation." for a day.', "visible"),
                   ("4", "Unpublished words.", "pending")]


WIDGETS = {
    "utterances": '<script src="https://utteranc.es/client.js" repo="a/b" issue-term="pathname" async></script>',
    "Disqus": '<div id="disqus_thread"></div><script>var d=document;</script>',
    "Remark42": '<div id="remark42"></div>',
    "Coral": '<div id="coral_thread"></div>',
    "Talkyard": '<div class="talkyard-comments" data-discussion-id="p1"></div>',
    "Cusdis": '<div id="cusdis_thread" data-host="https://cusdis.com" data-app-id="x"></div>'
              '<script async defer src="https://cusdis.com/js/cusdis.es.js"></script>',
    "Hyvor Talk web component": '<hyvor-talk-comments website-id="1" page-id="p"></hyvor-talk-comments>',
    "Ghost comments": '<script defer src="https://cdn.jsdelivr.net/ghost/comments-ui@~0.12/umd/comments-ui.min.js" '
                      'data-ghost-comments="https://blog.example/" data-post-id="1"></script>',
}


def test_a_page_whose_comments_are_in_a_giscus_iframe_says_so():
    """giscus (Hugo PaperMod): the saved page holds the iframe and script, no comment: the note
    names the widget instead of "no comment section recognised"; the article is read."""
    result = read(FIXTURES / "widgets" / "giscus-hugo.html")
    assert result.comments == []
    assert any("comments are in a giscus iframe that the saved page does not hold" in n for n in result.notes)
    assert not any("no comment section recognised" in n for n in result.notes)
    assert result.threads[0].thread.article_text.startswith("Seit Januar dürfen")


def test_each_comment_widget_is_named_by_its_script_iframe_or_container(tmp_path):
    """The embed code each system documents; a page with none keeps the generic note."""
    for name, embed in {**WIDGETS, None: '<div id="comments-closed">Keine Kommentare.</div>'}.items():
        page = tmp_path / "post.html"
        page.write_text(f"<html><body><article><p>Text.</p></article>{embed}</body></html>", encoding="utf-8")
        notes = read(page).notes
        if name is None:
            assert any("no comment section recognised" in n for n in notes)
            assert not any("iframe" in n for n in notes)
        else:
            shown = name if " web " in name else f"{name} iframe"
            assert any(f"comments are in a {shown} that" in n for n in notes), name


def test_comments_on_simple_markup_are_kept_and_only_the_navigation_is_a_notice():
    """``li.comment`` without id and ``div.comment#cN`` holding a bold name and a paragraph, no author
    or date class: comments (review18a n1/n2 found none); an ``li.comment`` holding only an "Older
    comments" link is the theme's navigation."""
    result = read(PAGES / "simple-markup.html")
    assert [c.text for c in result.comments] == [
        "Anna wrote:\n\nGreat post, thanks!", "Bob wrote:\n\nI disagree with most of it.", "Nice.",
        "Carla\n\nWe built ours from old scaffold boards.", "Dieter\n\nLarch lasts longer than pine."]
    assert any("1 element marked as a comment" in n and "'Older comments'" in n for n in result.notes)
