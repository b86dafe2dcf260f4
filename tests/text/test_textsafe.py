"""textsafe: any text becomes one terminal line with no control, bidi or separator
character left raw, and Markdown that renders as exactly that text (never as markup)."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from comments.text.textsafe import md, term, term_lines

RAW = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
HOSTILE = st.lists(st.one_of(st.text(max_size=5), st.sampled_from(
    ["\x1b[31m", "\x1b]0;title\x07", "\u202e", "\u2066", "\n", "\r", "<script>", "[a](javascript:x)", "![i](x)",
     "**", "`", "www.example.org", "a@b.org", "$x$", "&amp;", "|", "#", "<http://x.org>", "1. ", "12. ", "https://x.org",
     "WWW.x.de", "reddit.com/r/de", "_", "a_b", "ü_", "- ", "+ ", "* ", "=== ", "--- ", "1) ", "    ", "  ",
     "![", "](", "(", ")", "!", "-", "> ", "~~~", "[x]: /u"])), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(HOSTILE)
def test_term_leaves_nothing_raw_and_keeps_one_line(text):
    out = term(text)
    assert not RAW.search(out) and "\n" not in out


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf")), max_size=60))
def test_term_keeps_harmless_text_as_it_is(text):
    assert term(text) == text


@settings(max_examples=100, deadline=None)
@given(st.lists(HOSTILE.map(lambda t: t.replace("\n", "")), min_size=1, max_size=4))
def test_term_lines_keeps_our_line_breaks_only(lines):
    assert term_lines("\n".join(lines)).split("\n") == [term(line) for line in lines]


@settings(max_examples=300, deadline=None)
@given(HOSTILE)
def test_markdown_renders_as_the_text_itself(text):
    from markdown_it import MarkdownIt

    out = md(text)
    assert "\n" not in out and "<" not in out
    rendered = MarkdownIt("commonmark").render(f"x {out}").strip()
    assert rendered.startswith("<p>") and rendered.endswith("</p>")
    inner = rendered[3:-4]
    assert "<" not in inner  # no element: no link, image, emphasis, code or raw HTML
    assert _spaced(html.unescape(inner)[2:]) == _spaced(md_plain(text))


def _spaced(text: str) -> str:
    """Runs of white space as one space (Markdown renders them so)."""
    return re.sub(r"\s+", " ", text).strip()


def md_plain(text: str) -> str:
    """What a reader should see: the text with controls escaped and line breaks as spaces."""
    from comments.text.textsafe import term_free

    return re.sub("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]", " ", term_free(text))


def test_site_names_read_as_written_in_the_raw_markdown():
    """compare.md showed `reddit\\.com/r/de`: every dot was escaped. Only what could turn
    into markup is: the dot of "www." and of a leading "1.", the colon of "://", the "@"."""
    assert md("reddit.com/r/de") == "reddit.com/r/de"
    assert md("derstandard.at: Forum") == "derstandard.at: Forum"
    assert md("www.evil.org, WWW.Evil.org") == "www\\.evil.org, WWW\\.Evil.org"
    assert md("https://x.org") == "https\\://x.org" and md("a@b.org") == "a\\@b.org"
    assert md("1. Bundesliga") == "1\\. Bundesliga" and md("Platz 3. Reihe") == "Platz 3. Reihe"
    assert md("GermEval21_TrainData") == "GermEval21_TrainData"  # "_" inside a word emphasises nothing
    assert md("_x_ a_ _b __c__") == "\\_x\\_ a\\_ \\_b \\_\\_c\\_\\_"


def _inline(rendered: str) -> str:
    """The text of one rendered paragraph or cell, or a failure naming the element found."""
    assert "<" not in rendered, rendered  # no element: no list, heading, code block, link or image
    return _spaced(html.unescape(rendered))


@settings(max_examples=300, deadline=None)
@given(HOSTILE)
def test_markdown_renders_as_the_text_itself_where_a_line_starts_too(text):
    """A text can open a line (a report's own bullet or table cell aside): there a leading
    ``-``/``+``/``=``, ``1)`` or four spaces would make a list, a heading or code."""
    from markdown_it import MarkdownIt

    out, want = md(text), _spaced(md_plain(text))
    for page, strip in ((out, "p"), (f"x\n{out}", "p"), (f"| a |\n| --- |\n| {out} |", "td")):
        rendered = MarkdownIt("commonmark").enable("table").render(page).strip()
        if not want:
            continue
        found = re.search(rf"<{strip}>(.*)</{strip}>", rendered, re.S)
        assert found, (text, page, rendered)
        got = _inline(found.group(1))
        assert got == (f"x {want}" if page.startswith("x\n") else want), (text, page, rendered)


def test_comment_text_keeps_dashes_bangs_and_parentheses_as_written():
    """Comment text in .md escaped every ``-``, ``!``, ``(`` and ``)``; only where CommonMark
    gives them meaning are they escaped now (a list marker opening the text; ``![``/``](``
    cannot form since brackets are escaped)."""
    assert md("Nein (wirklich)! Das ist C-Klasse-Niveau :-) 2-3 Mal") == \
        "Nein (wirklich)! Das ist C-Klasse-Niveau :-) 2-3 Mal"
    assert md("- erstens, + zweitens") == "\\- erstens, + zweitens"
    assert md("+1 von mir") == "\\+1 von mir" and md("=== Ende ===") == "\\=== Ende ==="
    assert md("1) Nein. 2) Doch.") == "1\\) Nein. 2) Doch."
    assert md("![bild](http://x.org/a.png) [hier](javascript:alert(1))") == \
        "!\\[bild\\](http\\://x.org/a.png) \\[hier\\](javascript:alert(1))"
    assert md("      - eingerückt") == "   \\- eingerückt"
