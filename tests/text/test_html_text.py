"""html_text: markup to plain text never crashes, is idempotent on its own output,
keeps escaped markup as text and never lets script or style content through."""

from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comments.text.html_text import cell_text, html_to_text, is_markup, normalize_paragraphs

TAGS = st.sampled_from(["p", "div", "br", "b", "i", "a href='x'", "pre", "li", "blockquote", "span"])
FRAGMENT = st.lists(st.one_of(st.text(max_size=20), TAGS.map(lambda t: f"<{t}>"),
                              TAGS.map(lambda t: f"</{t.split()[0]}>"), st.sampled_from(["&amp;", "&lt;", "&#x27;"])),
                    max_size=15).map("".join)
WORDS = st.lists(st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=8), min_size=1,
                 max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), FRAGMENT), st.booleans())
def test_never_crashes_and_gives_trimmed_text(markup, raw_newlines):
    out = html_to_text(markup, raw_newlines)
    assert isinstance(out, str) and out == out.rstrip() and "\n\n\n" not in out
    # a <pre> block keeps its first line's indentation (code); everything else is trimmed
    assert out == (out.lstrip("\n") if "<pre" in markup.lower() else out.strip())


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_normalize_paragraphs_is_idempotent(text):
    once = normalize_paragraphs(text)
    assert normalize_paragraphs(once) == once


@settings(max_examples=200, deadline=None)
@given(WORDS)
def test_escaped_markup_stays_text(words):
    text = " ".join(words)
    shown = f"<script>{text}</script>"
    assert html_to_text(f"<p>{html.escape(shown)}</p>") == shown


@settings(max_examples=200, deadline=None)
@given(WORDS, st.sampled_from(["script", "style", "template", "noscript"]))
def test_script_and_style_content_is_dropped(words, tag):
    kept = " ".join(words)
    assert html_to_text(f"<p>{kept}</p><{tag}>alert(1) secret</{tag}>") == kept


def test_paragraphs_and_line_breaks():
    assert html_to_text("<p>a  b</p><p>c<br>d</p>") == "a b\n\nc\nd"
    assert html_to_text("one\n\ntwo\nthree", raw_newlines=True) == "one\n\ntwo\nthree"
    assert html_to_text("<pre>x\ny</pre>") == "x\ny"  # newlines inside <pre> are kept


def test_pre_keeps_indentation_and_aligned_columns():
    code = "for x in xs:\n    print(x)   # aligned\n\tdone()\n\n\nlast()"
    got = html_to_text(f"<p>Try   this:</p><pre>\n{html.escape(code)}\n  </pre><p>then</p>")
    assert got == f"Try this:\n\n{code}\n\nthen"
    assert html_to_text("<pre>   </pre>") == "" and html_to_text("<pre> <b> a  b</b></pre>") == "  a  b"
    assert html_to_text("<pre>a\r\n  b\rc</pre>") == "a\n  b\nc"  # CR LF and a lone CR are line breaks


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \ta<&b\n", max_size=40))
def test_pre_text_is_kept_as_written_but_its_outer_blank_lines(text):
    assert html_to_text(f"<pre>{html.escape(text)}</pre>") == text.lstrip("\n").rstrip(" \t\n")


def test_nul_in_markup_is_the_replacement_character_not_a_line_break():
    assert html_to_text("<p>a\x00b</p>") == "a\ufffdb"


#: Plain text a reader writes in a CSV or JSON cell, with what looks like tags but is not markup.
PLAIN = [
    "Die Formel a<b und b>c gilt, also a<c.", "std::vector<int> and std::map<std::string, int>",
    "Wrap it in <b> tags or write <script> blocks; x < y and y > z.", "x<y>z", "I <3 you -> really",
    "Er rief <<Halt!>> und „ging“", "if (a && b) return c&d; R&D, AT&T;", "List<T> where T : </s> token",
    "Zeile eins\nZeile <zwei>", "&foo; ist keine Entität, &amp ohne Semikolon auch nicht",
]


def test_plain_text_with_angle_brackets_is_kept_exactly():
    """A user's own table holds plain text: nothing that merely looks like a tag is dropped."""
    for text in PLAIN:
        assert not is_markup(text), text
        assert cell_text(text) == text


@pytest.mark.parametrize("markup, text", [
    ("<p>Das ist <b>gut</b>.</p><p>Zweiter Absatz</p>", "Das ist gut.\n\nZweiter Absatz"),
    ("Erste Zeile<br>zweite<BR/>dritte<br />", "Erste Zeile\nzweite\ndritte"),
    ('<p class="c">Absatz ohne Ende', "Absatz ohne Ende"),
    ("Tom &amp; Jerry sagen &quot;hallo&quot; &#39;x&#x27; a&lt;b", "Tom & Jerry sagen \"hallo\" 'x' a<b"),
    ('Siehe <a href="https://x.example">hier</a> und <em>dort</em>', "Siehe hier und dort"),
    ("Code: <code>vector&lt;int&gt;</code>", "Code: vector<int>"),
    ("oben<hr>unten", "oben\n\nunten"),
])
def test_cms_exports_that_are_html_are_stripped(markup, text):
    """A CMS export stores comment HTML: it is still read as HTML."""
    assert is_markup(markup)
    assert cell_text(markup) == text



@pytest.mark.parametrize("cell, text", [
    # a Latin-1 CMS form stores characters outside Latin-1 as entities; the typed line break stays
    ("Erste Zeile &#8222;zitiert&#8220;\r\nZweite Zeile", "Erste Zeile „zitiert“\nZweite Zeile"),
    ("Tom &amp; Jerry\n\nNeuer Absatz mit <b>fett</b>", "Tom & Jerry\n\nNeuer Absatz mit fett"),
    # block tags lay the text out: a newline inside them is white space, as in a browser
    ("<p>Absatz eins\nweiter</p><p>zwei</p>", "Absatz eins weiter\n\nzwei"),
    ("eins<br>\nzwei", "eins\nzwei"),
])
def test_typed_line_breaks_of_a_cell_without_block_tags_are_kept(cell, text):
    assert cell_text(cell) == text


@given(FRAGMENT)
@settings(max_examples=300, deadline=None)
def test_links_never_change_the_text(markup):
    """The link targets come alongside: the text is html_to_text's, byte for byte."""
    from comments.text.html_text import html_to_text_and_links

    text, links = html_to_text_and_links(markup, base="https://blog.example/post/")
    assert text == html_to_text(markup)
    assert len(links) == len(set(links)) and all(isinstance(u, str) and u for u in links)


@pytest.mark.parametrize("markup, base, links", [
    ('Siehe <a href="https://www.bremerhaven.de/gutachten.pdf">das Gutachten</a>', None,
     ["https://www.bremerhaven.de/gutachten.pdf"]),
    ('<a href="/a">1</a> <a href="b?x=1&amp;y=2">2</a> <a href="//cdn.example/c">3</a>', "https://s.example/p/q",
     ["https://s.example/a", "https://s.example/p/b?x=1&y=2", "https://cdn.example/c"]),
    ('<a href="/a">relativ, keine Seite bekannt</a>', None, ["/a"]),
    ('<a href="javascript:alert(1)">x</a><a href=" JavaScript:x">y</a><a href="data:text/html,x">z</a>'
     '<a href="#comment-3">@Anna</a><a>kein Ziel</a><a href="">leer</a>', "https://s.example/", []),
    ('<a href="https://a.example/">1</a> <a href="https://b.example/">2</a> <a href="https://a.example/">3</a>', None,
     ["https://a.example/", "https://b.example/"]),
    ('<a href="https://a.example/lang\ner/pfad\t">umbrochen</a>', None, ["https://a.example/langer/pfad"]),
    ('<a href="https://a.example/" href="https://b.example/">erstes zählt</a>', None, ["https://a.example/"]),
    ('<noscript><a href="https://tracker.example/">x</a></noscript><a href="mailto:redaktion@x.example">Mail</a>',
     None, ["mailto:redaktion@x.example"]),
    ("Kein Link, nur a<b und http://x.example im Text", None, []),
])
def test_link_targets(markup, base, links):
    """Targets in order, each once, resolved against the page when known; script, data and
    in-page anchors lead nowhere outside the text and are left out."""
    from comments.text.html_text import cell_text_and_links, html_to_text_and_links

    assert html_to_text_and_links(markup, base=base)[1] == links
    if is_markup(markup):
        assert cell_text_and_links(markup, base=base) == (cell_text(markup), links)


@pytest.mark.parametrize("markup, text", [
    ('Siehe <a href="https://a.example/lang\ner">hier</a>\nund dort', "Siehe hier\nund dort"),
    ("I <3 this recipe!\nMade it twice.\n\nTip: oven -> 180 degrees", "I <3 this recipe!\nMade it twice.\n\nTip: oven -> 180 degrees"),
    ("Preis < 5 Euro\n\nund mehr > 3", "Preis < 5 Euro\n\nund mehr > 3"),
])
def test_typed_line_breaks_are_read_between_tags_only(markup, text):
    """WordPress-style text: a typed newline is a break in text, never inside a tag's attribute, and a "<" that
    opens no tag ("<3", "< 5") is text whose breaks count."""
    assert html_to_text(markup, raw_newlines=True) == text


def test_an_inline_quotation_keeps_the_marks_a_browser_shows():
    """<q> is shown in quotation marks: without them a quoted insult reads as the commenter's own words."""
    assert html_to_text("Er sagte <q>du Idiot</q> zu mir, <q>ganz <b>ruhig</b></q>.") == \
        "Er sagte \u201cdu Idiot\u201d zu mir, \u201cganz ruhig\u201d."


def test_a_query_string_in_a_link_keeps_what_browsers_keep():
    """The HTML parser decodes "&not" and "&reg" in an attribute where browsers leave them (before "=")."""
    from comments.text.html_text import html_to_text_and_links

    markup = '<a href="https://s.de/p?id=5&lang=de&not=1&reg=2&amp;sect=3&#38;x=4">Quelle</a>'
    assert html_to_text_and_links(markup)[1] == ["https://s.de/p?id=5&lang=de&not=1&reg=2&sect=3&x=4"]
    assert html_to_text_and_links("<a href=https://u.de/?a=1&copy=2>x</a>")[1] == ["https://u.de/?a=1&copy=2"]


def test_forum_quote_headers_are_no_text_and_their_links_no_links():
    """A comment body stored as HTML (a forum's export, Discourse's ``cooked``) quotes as the page
    does: the passage "> " lines, the header ("X hat geschrieben: ↑", "greg:", "X said:",
    "Originally Posted by X") and its links left out (as the HTML page reader leaves them)."""
    from comments.text.html_text import html_to_text_and_links

    discourse = ('<aside class="quote no-group" data-username="greg" data-post="1" data-topic="5120">\n<div class="title">\n'
                 '<div class="quote-controls"></div>\n<img alt="" src="/a.png" class="avatar"> greg:</div>\n<blockquote>\n'
                 "<p>the older leaves are turning yellow</p>\n</blockquote>\n</aside>\n<p>That is magnesium.</p>")
    phpbb = ('<blockquote cite="./viewtopic.php?p=88120"><div><cite><a href="./memberlist.php?u=4">Martina K.</a> hat '
             'geschrieben: <a href="./viewtopic.php?p=88120#p88120">↑</a><span>05.03.2024</span></cite>Wir haben 2022 '
             'eingebaut.</div></blockquote>Habt ihr <a href="https://example.org/hk">Heizkörper</a> getauscht?')
    xenforo = ('<blockquote data-quote="Martina K." class="bbCodeBlock bbCodeBlock--expandable bbCodeBlock--quote">'
               '<div class="bbCodeBlock-title"><a href="/goto/post?id=1">Martina K. said:</a></div><div class="bbCodeBlock-content">'
               '<div class="bbCodeBlock-expandContent">Quoted words.</div><div class="bbCodeBlock-expandLink">'
               '<a role="button">Click to expand...</a></div></div></blockquote>My answer.')
    vbulletin = ('<div class="bbcode_container"><div class="bbcode_quote"><div class="quote_container"><div class="bbcode_postedby">'
                 '<img src="q.png" alt="Originally Posted by"> Originally Posted by <strong>Petra</strong></div>'
                 '<div class="message">Quoted.</div></div></div></div>Answer.')
    assert html_to_text_and_links(discourse) == ("> the older leaves are turning yellow\n\nThat is magnesium.", [])
    assert html_to_text_and_links(phpbb) == ("> Wir haben 2022 eingebaut.\n\nHabt ihr Heizkörper getauscht?",
                                             ["https://example.org/hk"])
    assert html_to_text_and_links(xenforo) == ("> Quoted words.\n\nMy answer.", [])
    assert html_to_text_and_links(vbulletin) == ("> Quoted.\n\nAnswer.", [])


def test_a_quote_header_left_open_keeps_the_words_after_it():
    """Markup that never closes a quote's ``cite``: the header ends with its quote, and a "header"
    longer than a header is kept as text (nothing after it is lost)."""
    from comments.text.html_text import html_to_text

    assert html_to_text("<blockquote><cite>X wrote:</blockquote>text after") == "text after"
    long = "Quoted " * 60
    assert html_to_text(f"<blockquote><cite>X wrote: {long}</blockquote>after") == f"> X wrote: {long.strip()}\n\nafter"


def test_a_cite_after_the_quoted_words_names_the_source_and_stays():
    """WordPress's quote block ends with the quoted source's ``cite``: text, unlike a forum's header."""
    from comments.text.html_text import html_to_text

    block = '<blockquote class="wp-block-quote"><p>Only one thing is impossible.</p><cite>Mark Twain</cite></blockquote>'
    assert html_to_text(block) == "> Only one thing is impossible.\n\n> Mark Twain"


def test_emoji_and_smiley_images_keep_their_alt_text():
    """WordPress renders emoji and smilies as images; their alt text is what the writer typed
    (a wink is a sarcasm cue). Any other image's alt (a photo's description) is not text."""
    markup = ('<p>Tolle Firma <img src="1f609.png" alt="&#x1f609;" class="wp-smiley" /> wirklich '
              '<img class="emoji" alt="🙂" src="x.svg"> <img src="foto.jpg" alt="Ein Foto"> '
              '<img src="icon_rolleyes.gif" alt=":roll:" class="wp-smiley"></p>')
    assert html_to_text(markup) == "Tolle Firma 😉 wirklich 🙂 :roll:"
    assert html_to_text('<img class="emoji" alt="">x') == "x"
