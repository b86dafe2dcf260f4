"""Pages copied from a browser (lynx, w3m, innerText) in the layouts of real blogs, written
anew (tests/fixtures/copied/): WordPress.com's German date, a related-posts list above the
comments, like/dislike counters and star ratings printed as text, an opening "@ Name" line,
a section with no nesting in the copy."""

from __future__ import annotations

from conftest import FIXTURES

from comments.io.readers import plaintext
from comments.io.readers.base import Context


def _read(name: str):
    ctx = Context(stem=name.split(".")[0])
    (parsed,) = plaintext.read((FIXTURES / "copied" / name).read_text(encoding="utf-8"), ctx)
    return parsed, ctx


def test_wordpress_com_german_date_opens_a_flat_comment():
    """ "13 Dezember, 2015 um 01:10" under a name is a header in a flat copy, as in lynx's list layout."""
    parsed, _ = _read("wpcom_date_de.txt")
    assert [(c.author, c.created_at) for c in parsed.comments] == [
        ("Ines Kaltenbach", "2015-12-13T01:10"), ("Bernd", "2015-12-15T00:59"), ("Ines Kaltenbach", "2015-12-15T01:27")]
    assert parsed.comments[2].text == "Dann bitte auf dem alten Parkplatz am Bahnhof."
    assert parsed.thread.declared_count == 3


def test_related_posts_list_is_no_comments():
    parsed, _ = _read("related_posts_de.txt")
    assert [c.author for c in parsed.comments] == ["Paula", "Mira"]
    assert parsed.thread.article_text.endswith("meinen neuen Mantel aus Wolle.")  # the article ends at the share box


def test_vote_counters_go_to_meta_and_are_flagged():
    parsed, _ = _read("votes_lynx_de.txt")
    texts = [c.text for c in parsed.comments]
    assert texts == ["Das sollte man als geldwerten Vorteil versteuern.", "Nicht mit meinem Steuergeld!",
                     "Der Wagen gehört verkauft.", "Wer hat das genehmigt?"]
    assert [c.meta.get("counts") for c in parsed.comments] == [[26, 1], [57, 1], [3], None]
    assert ["buttons_removed" in c.flags for c in parsed.comments] == [True, True, True, False]


def test_one_number_ending_one_comment_stays_its_text():
    """Counters are read page-wide: one comment ending in a number is no counter page."""
    parsed, _ = _read("one_vote_lynx_de.txt")
    assert parsed.comments[0].text == "Meine Lösung ist\n42"
    assert "counts" not in parsed.comments[0].meta and not parsed.comments[0].flags


def test_star_rating_alt_text_is_meta_not_text():
    parsed, _ = _read("stars_lynx_en.txt")
    assert [c.meta.get("rating") for c in parsed.comments] == [5, 4.5, None]
    assert parsed.comments[0].text == "Lovely bread, the olives on top look great."
    assert parsed.comments[1].text == "Soft and full of flavour."
    assert all("stars" not in c.text for c in parsed.comments)


def test_opening_at_name_line_is_kept():
    """ "@ Name" under lynx's header list is the comment's first line, not a list item dropped with it,
    nor a reply header where a quoted date follows it."""
    parsed, _ = _read("at_name_lynx_de.txt")
    assert [c.author for c in parsed.comments] == ["Klaus Berger", "Hanna Vogt", "Klaus Berger"]
    assert parsed.comments[1].text.startswith("@ Klaus Berger\nMir ist ein Fehler")
    assert parsed.comments[2].text.startswith("@ Hanna Vogt\n8. April 2019 @ 14:01\nDas ist")


def test_one_column_section_is_noted():
    parsed, ctx = _read("one_column_en.txt")
    assert [c.parent_id for c in parsed.comments] == [None, None, None]
    assert any("all stand in one column" in n and "3 comments read as top-level" in n for n in ctx.notes)


def test_vote_counters_a_paragraph_below_the_text_w3m():
    parsed, _ = _read("votes_w3m_de.txt")
    assert [c.text for c in parsed.comments] == ["Das sollte man als geldwerten Vorteil versteuern.",
                                                 "Nicht mit meinem Steuergeld!", "Wer hat das genehmigt?"]
    assert [c.meta.get("counts") for c in parsed.comments] == [[26, 1], [57, 1], None]


def test_two_pages_of_a_lynx_copy_pasted_one_below_the_other_keep_every_comment():
    """linear21: a lynx copy of two comment pages in one file (the numbering restarts at "1."
    for the second page) kept the first page and the second's first comment, read as a reply
    to the last comment, and dropped the rest at the code line lynx prints at column 0 — no
    note, exit 0. The restart begins a new run of top-level comments."""
    parsed, _ = _read("two_pages_lynx_en.txt")
    assert [(c.id, c.author, c.parent_id) for c in parsed.comments] == [
        ("c1", "Harriet Cole", None), ("c2", "Tomas Brandt", "c1"), ("c3", "Priya Raman", None),
        ("c4", "Oskar Lind", None), ("c5", "Harriet Cole", "c4"), ("c6", "Mei Chen", None)]
    assert "cmake --build build" in parsed.comments[3].text and "Nobody misses" in parsed.comments[3].text


def test_a_lynx_copy_pasted_twice_keeps_both_copies():
    """The finder's construction on the stored lynx and w3m copies: the comment list pasted
    again below itself (numbering from "1." again) is read twice over, every character kept
    (lynx: 72 of 140 comments were kept before)."""
    from conftest import corpus

    for name in ("01-16-comment-best-programming-language-for-high-performance-january-2017.lynx.txt",
                 "03-28-comment-java-is-not-a-safe-language.w3m.txt"):
        lines = corpus(f"plaintext_en/{name}").read_text(encoding="utf-8").split("\n")
        first = next(i for i, line in enumerate(lines) if line.lstrip().startswith("1. "))
        ctx = Context(stem="copy")
        (once,) = plaintext.read("\n".join(lines), ctx)
        (twice,) = plaintext.read("\n".join(lines[:first] + lines[first:] * 2), Context(stem="copy"))
        assert len(twice.comments) == 2 * len(once.comments)
        assert [c.text for c in twice.comments] == [c.text for c in once.comments] * 2


def test_a_reply_below_a_column_0_code_line_of_the_last_comment_is_kept():
    """The finder's lp40 (a second page cut after its first comment's replies): the code line
    lynx prints at column 0 ended the section, because only a later top-level "N+1." told it
    apart from page chrome, and the replies below it were lost. A later comment header of the
    list (a reply) continues it too."""
    text = (FIXTURES / "copied" / "two_pages_lynx_en.txt").read_text(encoding="utf-8")
    cut = text[:text.index("    2. Mei Chen")] + "\nLeave a Reply\n"
    (parsed,) = plaintext.read(cut, Context(stem="cut"))
    assert [c.author for c in parsed.comments][-2:] == ["Oskar Lind", "Harriet Cole"]
    assert "Nobody misses the old scripts." in parsed.comments[-2].text
