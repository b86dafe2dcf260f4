"""A post's title and byline are no part of its article text: Drupal (Bartik, Olivero) and
Substack mark the body (``field--name-body``, ``available-content``); a theme that marks only
the whole post (``<article>``) has its head (h1, byline, post meta) left out of the text. The
title stays the thread's title."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, read

SYSTEMS = FIXTURES / "comment_systems"


@pytest.mark.parametrize(("name", "title", "start", "byline"), [
    ("drupal-bartik", "Wärmepumpe im Altbau: Lohnt sich das wirklich?", "Viele Eigentümer älterer Häuser",
     "Gespeichert von"),
    ("drupal-olivero", "How to grow lemons in pots and keep them alive over winter", "Lemon trees are surprisingly",
     "Hannah Price"),
    ("substack", "How to grow lemons in pots and keep them alive over winter", "Lemon trees are surprisingly",
     "A winter survival guide"),
])
def test_the_article_text_is_the_body_without_title_and_byline(name, title, start, byline):
    thread = read(SYSTEMS / f"{name}.html").threads[0].thread
    assert thread.title == title
    assert thread.article_text.startswith(start)
    assert title not in thread.article_text and byline not in thread.article_text
    assert thread.article_text.endswith(("eingebaut wird.", "yellow in January."))


def test_a_whole_post_without_a_body_class_loses_its_head(tmp_path):
    page = tmp_path / "post.html"
    body = " ".join(["The spring feed matters more than the winter one for a potted lemon."] * 6)
    page.write_text(f"""<!DOCTYPE html><html><head><title>Feeding potted lemons</title></head><body>
<article class="node node--type-article"><header><h1>Feeding potted lemons</h1>
<div class="byline">By Hannah Price · March 4, 2024</div></header>
<p>{body}</p><p>Use a citrus fertiliser with iron and magnesium.</p></article>
<section class="comments"><div class="comment" id="c-1"><span class="author">Greg</span><p>Thanks!</p></div></section>
</body></html>""", encoding="utf-8")
    thread = read(page).threads[0].thread
    assert thread.title == "Feeding potted lemons"
    assert thread.article_text == f"{body}\n\nUse a citrus fertiliser with iron and magnesium."
