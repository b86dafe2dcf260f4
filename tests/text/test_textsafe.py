"""textsafe: any text becomes one terminal line with no control, bidi, zero-width or
separator character left raw, Markdown that renders as exactly that text (never as
markup), HTML/chart text with its lines kept, and JSON whose strings carry them as
``\\u`` escapes."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from comments.text.textsafe import HIDDEN, json_safe, md, shown, term, term_lines

RAW = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: Invisible characters (zero-width, word joiner, BOM, soft hyphen, fillers) besides RAW's.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f\u3164\u180e"
RAW_ALL = re.compile(f"[{HIDDEN}]")
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one emoji: man, woman, girl joined by ZWJ
HOSTILE = st.lists(st.one_of(st.text(max_size=5), st.sampled_from(
    ["\x1b[31m", "\x1b]0;title\x07", "\u202e", "\u2066", "\n", "\r", *INVISIBLE, FAMILY, "<script>", "[a](javascript:x)", "![i](x)",
     "**", "`", "www.example.org", "a@b.org", "$x$", "&amp;", "|", "#", "<http://x.org>", "1. ", "12. ", "https://x.org",
     "WWW.x.de", "reddit.com/r/de", "_", "a_b", "ü_", "- ", "+ ", "* ", "=== ", "--- ", "1) ", "    ", "  ",
     "![", "](", "(", ")", "!", "-", "> ", "~~~", "[x]: /u"])), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(HOSTILE)
def test_term_leaves_nothing_raw_and_keeps_one_line(text):
    out = term(text)
    assert not RAW_ALL.search(out.replace(FAMILY, "")) and "\n" not in out


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf")), max_size=60))
def test_term_keeps_harmless_text_as_it_is(text):
    text = RAW_ALL.sub("", text)  # the few visible-category fillers (U+034F, U+3164 …) aside
    assert term(text) == text and shown(text) == text


def test_zero_width_and_invisible_characters_are_made_visible():
    """U+200B/C/D, U+2060, U+FEFF, U+00AD passed through term and md (audit 16, finding 10)."""
    text = "ad\u200bmin\u200c\u2060x\ufeffsoft\u00adhy a\u200db \u034f\u3164"
    want = "ad\\u200bmin\\u200c\\u2060x\\ufeffsoft\\xadhy a\\u200db \\u034f\\u3164"
    assert term(text) == want and shown(text) == want
    assert md(text) == want.replace("\\", "\\\\")  # the escape's backslash escaped: it reads as written


def test_joiners_that_are_part_of_the_text_stay():
    """A ZWJ inside an emoji sequence is one emoji, on a terminal and in Markdown alike;
    ZWNJ inside a Persian word and ZWJ in Devanagari are spelling. Anywhere else they are
    made visible (a ZWJ before or after a lone emoji, between Latin letters)."""
    from markdown_it import MarkdownIt

    assert term(FAMILY) == FAMILY and shown(FAMILY) == FAMILY and md(FAMILY) == FAMILY
    assert MarkdownIt("commonmark").render(md(f"wir {FAMILY}!")).strip() == f"<p>wir {FAMILY}!</p>"
    persian, hindi = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u0915\u094d\u200d\u0937"
    assert term(persian) == persian and term(hindi) == hindi
    assert term("\u200d\U0001f469 \U0001f468\u200d x\u200dy") == "\\u200d\U0001f469 \U0001f468\\u200d x\\u200dy"


def test_shown_keeps_lines_and_tabs_for_html_and_charts():
    assert shown("a\r\nb\tc\rd\x1b\u202e\u2028") == "a\nb\tc\\rd\\x1b\\u202e\\u2028"


@settings(max_examples=300, deadline=None)
@given(st.recursive(st.none() | HOSTILE | st.text() | st.integers(),
                    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(HOSTILE, kids, max_size=3),
                    max_leaves=8))
def test_json_safe_is_the_same_data_with_nothing_raw(value):
    """JSON on stdout (parse, evaluate --json): hidden characters as JSON escapes, so a
    terminal shows them; still valid JSON that parses back to the very same value."""
    import json

    for indent in (None, 2):
        out = json_safe(json.dumps(value, ensure_ascii=False, indent=indent))
        assert json.loads(out) == value
        assert not RAW_ALL.search(out.replace(FAMILY, "").replace("\n", "").replace("\t", ""))


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
    """What a reader should see: line breaks as spaces, the text's controls escaped."""
    return term(re.sub("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]", " ", text))


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
