"""Saved WordPress comment pages: nesting, authors, escaped markup kept as text."""

from __future__ import annotations

import json

from conftest import FIXTURES, read


def by_id(result):
    return {c.id: c for c in result.comments}


def test_wordpress_html_nesting_authors_and_escaped_markup_stays_text():
    result = read(FIXTURES / "wp_comments.html")
    (pt,) = result.threads
    assert pt.thread.site == "handyblog.example.org" and pt.thread.declared_count == 3
    c = by_id(result)
    assert c["81"].author == "Karl & Co"
    assert c["81"].created_at == "2021-09-18T12:00:00+02:00"
    assert c["81"].text == "Das ist ein Kill Switch.\n\n<script>alert(1)</script> bleibt Text."
    assert (c["82"].parent_id, c["82"].author) == ("81", "Petra")
    assert c["82"].text == "Genau\n\nso\n\nist es."
    assert (c["83"].kind, c["83"].parent_id) == ("pingback", None)


_MARKDOWN = """---
title: "Tempolimit"
date: "2023-03-01 12:00:00"
---

{before}

<ol class="comment-list">
<li id="comment-11" class="comment depth-1"><div class="comment-author vcard"><b class="fn">Anna</b></div>
<div class="comment-content"><p>Endlich.</p></div></li>
</ol>
"""


def test_a_markdown_comment_list_whose_only_lead_is_its_heading_has_no_article(tmp_path):
    """"[2 thoughts on “Tempolimit”](/blog/…)" over the list is the section's heading (its count the
    stated one), not the post: it was the article text; a real lead paragraph still is."""
    path = tmp_path / "tempolimit.md"
    path.write_text(_MARKDOWN.format(before="[1 thought on &ldquo;Tempolimit&rdquo;](/blog/2023/03-01-tempolimit)"),
                    encoding="utf-8")
    (pt,) = read(path).threads
    assert pt.thread.article_text is None and pt.thread.declared_count == 1 and len(pt.comments) == 1
    lead = "Der Bundestag stimmt heute über ein Tempolimit auf Autobahnen ab."
    path.write_text(_MARKDOWN.format(before=lead), encoding="utf-8")
    (pt,) = read(path).threads
    assert pt.thread.article_text == lead
    counted = "Update: I answered the first 10 comments below; the post itself is at the link above."
    path.write_text(_MARKDOWN.format(before=counted), encoding="utf-8")  # a count phrase, not the heading's link shape
    (pt,) = read(path).threads
    assert pt.thread.article_text == counted


def test_a_front_matter_key_given_again_keeps_its_first_value(tmp_path):
    """``URL:`` after ``url:`` (and a second ``title:``) overrode the first, so the thread's id
    and site came from the later key, silently; now the first is read and the repeat said."""
    from conftest import run

    path = tmp_path / "site.example__fm.html"
    path.write_text("---\ntitle: Real title\nurl: https://good.example/p\ntitle: Injected title\n"
                    "URL: https://evil.example/x\n---\n<html><body><ol class='commentlist'><li class='comment' "
                    "id='comment-1'><div class='comment-content'><p>Kommentar</p></div></li></ol></body></html>",
                    encoding="utf-8")
    done = run("parse", str(path))
    assert done.exit_code == 0, done.output
    thread = json.loads(done.stdout.splitlines()[0])
    assert (thread["site"], thread["thread_id"], thread["title"]) == ("good.example", "https://good.example/p",
                                                                      "Real title")
    assert "the front matter repeats 2 keys (first 'title'): the first value is read" in done.stderr


def test_smiley_images_keep_their_alt_text_in_a_saved_page():
    """A saved WordPress page: smilies and emoji images are their alt text in the comment
    ("Tolle Firma 😉 wirklich 🙂", ":roll:"); an avatar's or a photo's alt is not."""
    result = read(FIXTURES / "exports" / "wp_smiley.html")
    assert [(c.id, c.parent_id, c.text) for c in result.comments] == [
        ("301", None, "Tolle Firma 😉 wirklich 🙂"), ("302", "301", "Ja klar :roll:")]


def test_a_short_marked_post_body_and_a_spelled_out_count_are_read():
    """A Twenty-Twenty-One-style page (newcomer21 F2, F3): its ``.entry-content`` of 2 short paragraphs (about
    160 characters) was dropped as a teaser (article_text null, no note), and its heading "Ein Gedanke zu „…“",
    WordPress's German wording for one comment, stated no count."""
    [pt] = read(FIXTURES / "wp_short" / "gartenblog.de__hochbeet.html").threads
    assert pt.thread.article_text == ("Letztes Jahr haben wir zwei Hochbeete aus Lärchenholz gebaut. Hier ist, was "
                                      "gut lief & was nicht.\n\nDie Füllung: unten Äste, dann Laub, Kompost und oben "
                                      "Gartenerde.")
    assert (pt.thread.declared_count, len(pt.comments)) == (1, 1)


def test_a_short_guessed_container_is_not_the_article_and_the_note_says_so(tmp_path):
    """Where the theme marks no body, a short ``<article>`` may be a teaser: not the article, but a note names it."""
    from comments.io.pipeline import read_inputs

    page = (FIXTURES / "wp_short" / "gartenblog.de__hochbeet.html").read_text(encoding="utf-8")
    path = tmp_path / "post.html"
    path.write_text(page.replace('<div class="entry-content">', '<div class="text">'), encoding="utf-8")
    result = read_inputs([str(path)])
    assert result.threads[0].thread.article_text is None
    assert any("article element holds" in n and "not read as the article" in n for n in result.notes), result.notes


def test_the_pages_of_a_paginated_thread_are_one_thread():
    """WordPress writes ``…/comment-page-1/`` into the canonical and og:url of every comment page (newcomer21 F0b):
    the page and its comment-page-1, read together as the tool's note advises, were two threads."""
    threads = read(*sorted((FIXTURES / "wp_paged").glob("*.html"))).threads
    assert [pt.thread.thread_id for pt in threads] == ["https://gartenblog.de/2024/05/hochbeet-selber-bauen/"]
    assert len(threads[0].comments) == 8 and threads[0].thread.url == threads[0].thread.thread_id
