"""Forum quotes in rendered pages (fixtures/quotes/, team-written, MIT; markup as phpBB,
Discourse, XenForo and vBulletin render it): the quoted passage is "> " lines, the quote's
header ("X hat geschrieben:", "X schrieb:", "greg:") no text, its poster in
``meta.quoted_author``; Discourse's full name after the handle is the author."""

from __future__ import annotations

import re

from comments.text.html_text import html_to_text
from conftest import FIXTURES, read

QUOTES = FIXTURES / "quotes"


def test_a_phpbb_quote_is_quoted_lines_and_its_poster_meta():
    comments = {c.id: c for c in read(FIXTURES / "comment_systems" / "phpbb.html").comments}
    jens = comments["88127"]
    assert jens.text == ("> Wir haben 2022 in einem Haus von 1958 eine Luft-Wasser-Wärmepumpe eingebaut.\n\n"
                         "Habt ihr vorher die Heizkörper getauscht? Bei uns sagt der Installateur, ohne größere "
                         "Heizkörper geht es nicht.")
    assert jens.meta["quoted_author"] == "Martina K."
    assert not any("geschrieben" in c.text or "↑" in c.text for c in comments.values())


def test_a_phpbb_edit_note_is_meta_not_text():
    olaf = {c.id: c for c in read(FIXTURES / "comment_systems" / "phpbb.html").comments}["88176"]
    assert olaf.text == "Kleine Korrektur zu gestern: Die Jahresarbeitszahl unserer Anlage liegt bei 3,4, nicht bei 3,9."
    assert olaf.meta["edit_note"].startswith("Zuletzt geändert von Olaf am Mi 6. Mär 2024, 09:02")
    assert "edit_note_removed" in olaf.flags


def test_a_discourse_quote_and_the_full_name_after_the_handle():
    hannah, sue = read(QUOTES / "discourse-quote.html").comments
    assert hannah.text == ("> the older leaves are turning yellow between the veins\n\n"
                           "That pattern is usually magnesium. A spoon of Epsom salt in a can of water once a month "
                           "fixed it for me.")
    assert (hannah.author, hannah.meta["handle"], hannah.meta["quoted_author"]) == ("Hannah Price", "hannah", "greg")
    assert (sue.author, "handle" in sue.meta) == ("sunroom_sue", False)  # no full name shown: the handle is the name


def test_a_xenforo_quote_without_its_header_and_expand_link():
    martina, jens = read(QUOTES / "xenforo-quote.html").comments
    assert jens.text == ("> Bei mir hat ein hellerer Platz am Südfenster geholfen.\n\n"
                         "Wie warm ist es bei dir am Fenster? Bei uns sind es nachts nur zwölf Grad.")
    assert jens.meta["quoted_author"] == "Martina K."
    assert "quoted_author" not in martina.meta


def test_a_vbulletin_quote_box_is_quoted_lines(tmp_path):
    """vBulletin 4 writes a quote as ``div.bbcode_quote`` (no blockquote), the poster in
    ``div.bbcode_postedby``'s ``strong``."""
    page = tmp_path / "vb.html"
    page.write_text("""<html><body><section class="comments">
<div class="comment" id="c-77"><span class="author">Olaf</span><div class="content">
<div class="bbcode_container"><div class="bbcode_quote"><div class="quote_container"><div class="bbcode_quote_container"></div>
<div class="bbcode_postedby"><img title="Originally Posted by" src="images/misc/quote_icon.png" alt="Originally Posted by">
Originally Posted by <strong>Petra Lindner</strong> <a href="showthread.php?p=9912#post9912" rel="nofollow"><img class="inlineimg"
src="images/buttons/viewpost-right.png" alt="View Post"></a></div>
<div class="message">Gibt es Erfahrungen mit Geräten auf dem Flachdach?</div></div></div></div>
Ja, mit einer Wanne aus Gummigranulat darunter ist es leise genug.</div></div>
</section></body></html>""", encoding="utf-8")
    (olaf,) = read(page).comments
    assert olaf.text == ("> Gibt es Erfahrungen mit Geräten auf dem Flachdach?\n\n"
                         "Ja, mit einer Wanne aus Gummigranulat darunter ist es leise genug.")
    assert olaf.meta["quoted_author"] == "Petra Lindner"


def test_a_quote_blocks_closing_cite_stays_in_a_comment(tmp_path):
    """A comment quoting a book with WordPress's quote block: its ``cite`` after the words is text."""
    page = tmp_path / "wp.html"
    page.write_text("""<html><body><ol class="comment-list"><li id="comment-5" class="comment"><article class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Ina</b></div></footer>
<div class="comment-content"><blockquote class="wp-block-quote"><p>Only one thing is impossible.</p><cite>Mark Twain</cite>
</blockquote><p>So true.</p></div></article></li></ol></body></html>""", encoding="utf-8")
    (ina,) = read(page).comments
    assert ina.text == "> Only one thing is impossible.\n\n> Mark Twain\n\nSo true."
    assert "quoted_author" not in ina.meta


def test_quoted_words_in_a_cite_stay_text_and_only_a_header_is_meta():
    """A reader sets quoted words in ``<blockquote><cite>…</cite></blockquote>`` (review18a q1/q2: the
    quote was lost, and a 500-character one read differently as stored HTML): a ``cite`` is a quote's
    header only when its words are one ("Anna hat geschrieben: ↑", "Bernd:"); the page walker and
    ``html_to_text`` read each comment alike."""
    page = QUOTES / "cite-quoted-words.html"
    comments = read(page).comments
    anna, bernd, carla, dirk = comments
    assert anna.text == ("> Der Weg ist das Ziel, und wer nicht losgeht, kommt nie an. Das hat mein Großvater immer "
                         "gesagt, wenn wir im Garten standen und über den Winter sprachen.\n\nGenau so sehe ich das auch.")
    assert bernd.text.startswith("> Im Februar schneiden") and len(bernd.text) > 500
    assert bernd.text.endswith("zurückkommt.\n\nDas steht so in meinem Gartenbuch.")
    assert (carla.text, carla.meta["quoted_author"]) == ("> Genau so sehe ich das auch.\n\nIch nicht.", "Anna")
    assert (dirk.text, dirk.meta["quoted_author"]) == ("> Das steht so in meinem Gartenbuch.\n\nWelches Buch?", "Bernd")
    assert not any("quoted_author" in c.meta for c in (anna, bernd))
    boxes = re.findall(r'<div class="comment-content">(.*?)</div></article>', page.read_text(encoding="utf-8"), re.S)
    assert [html_to_text(box) for box in boxes] == [c.text for c in comments]


def test_a_bracket_after_the_name_is_the_full_name_only_in_discourses_author_box(tmp_path):
    """WordPress/Drupal themes print "Peter (Gast)", "Jens (nicht überprüft)": the author stays the
    name (review18a: it became "Gast", the name a handle); Discourse's "hannah (Hannah Price)" still
    gives the full name, its handle in ``meta.handle``."""
    page = tmp_path / "guests.html"
    page.write_text("""<html><body><article><h1>Post</h1><p>Article text here.</p></article>
<div id="comments"><ol class="comment-list">
<li id="comment-1" class="comment"><div class="comment-author vcard"><span class="fn">Peter</span> (Gast)</div>
<div class="comment-meta"><time datetime="2024-03-05T10:00:00Z">5. März</time></div>
<div class="comment-content"><p>Hallo zusammen.</p></div></li>
<li id="comment-3" class="comment"><div class="comment-author"><b class="fn">Jens</b> (nicht überprüft)</div>
<div class="comment-meta"><time datetime="2024-03-05T11:00:00Z">5. März</time></div>
<div class="comment-content"><p>Gut.</p></div></li></ol></div></body></html>""", encoding="utf-8")
    assert [(c.author, c.meta) for c in read(page).comments] == [("Peter", {}), ("Jens", {})]
    hannah = read(QUOTES / "discourse-quote.html").comments[0]
    assert (hannah.author, hannah.meta["handle"]) == ("Hannah Price", "hannah")
