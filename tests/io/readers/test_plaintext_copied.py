"""Pages copied from a browser (lynx, w3m, innerText) in the layouts of real blogs, written
anew (tests/fixtures/copied/): WordPress.com's German date, a related-posts list above the
comments, like/dislike counters and star ratings printed as text, an opening "@ Name" line,
a section with no nesting in the copy; pingbacks among innerText comments, wpDiscuz copied as
innerText, zones printed after a date's clock, an image caption with a date over the comments."""

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


def test_pingbacks_in_an_innertext_copy_are_records_of_their_own():
    """ "Pingback: TITLE" lines under a comment's "Reply" are pingbacks (trackbacks), as the HTML
    reader makes them — the linking page's title their author —, not lines of that comment's text."""
    parsed, ctx = _read("pingbacks_inner_en.txt")
    assert [(c.kind, c.author) for c in parsed.comments] == [
        ("comment", "Mark Ellis"), ("comment", "Rosa Lind"),
        ("pingback", "Court Rules on Marketplace Liability | Daily Tech Links"),
        ("pingback", "Court Rules on Marketplace Liability – Law Roundup"), ("comment", "Carl Meyer"),
        ("trackback", "Marketplace liability, explained – The Small Shop Blog")]
    assert parsed.comments[1].text == "Sellers will simply have to carry insurance now."
    assert parsed.comments[4].text == "A similar case is pending in another state."
    assert parsed.comments[2].text == "Pingback: Court Rules on Marketplace Liability | Daily Tech Links"
    assert all("buttons_removed" in c.flags for c in parsed.comments if c.kind == "comment")
    assert any("the 3 comment headers all stand in one column" in n for n in ctx.notes)  # pingbacks nest nowhere


def test_pingbacks_in_a_lynx_list_take_the_linking_title_as_author():
    text = ("2 Responses\n\n   1. Ann Lee says:\n      May 3, 2021 at 9:00 am\n      Good read.\n      Reply\n"
            "   2. Pingback: A very long linking post title that lynx wrapped over\n      two lines – Some Blog\n")
    (parsed,) = plaintext.read(text, Context(stem="x"))
    assert [(c.kind, c.author) for c in parsed.comments] == [
        ("comment", "Ann Lee"), ("pingback", "A very long linking post title that lynx wrapped over two lines – Some Blog")]


def test_wpdiscuz_copied_as_innertext_reads_names_over_their_texts():
    """innerText of a wpDiscuz page: a name over a blank line, the text, the vote/reply row, the
    date. The first name stands under the plug-in's header, and a text may end in the writer's name."""
    parsed, _ = _read("wpdiscuz_inner_de.txt")
    assert [(c.author, c.created_at) for c in parsed.comments] == [
        ("Greta", "2018-03-12T18:00"), ("Paul", "2018-03-10T09:49"), ("Jana", "2018-03-10T10:13")]
    assert parsed.comments[0].text.endswith("sofort weg.\nLiebe Grüße\nGreta")
    assert parsed.comments[1].text == "Kann man den Teig auch einfrieren?\n\nDanke schon mal!"
    assert all(c.flags == ["buttons_removed"] for c in parsed.comments)
    assert parsed.thread.title == "Saftiger Apfelkuchen vom Blech"
    assert "Greta" not in parsed.thread.article_text


def test_wpdiscuz_selection_ending_at_the_last_buttons_keeps_the_last_comment():
    """A selection ending at the last comment's button row, above its date: that comment is read, undated."""
    parsed, _ = _read("wpdiscuz_inner_cut_de.txt")
    assert [(c.author, c.created_at) for c in parsed.comments] == [
        ("Greta", "2018-03-12T18:00"), ("Paul", "2018-03-10T09:49"), ("Jana", None)]
    assert parsed.comments[2].text == "Hallo Paul, ja, das geht gut.\nViele Grüße\nJana"


def test_zones_printed_after_the_clock_are_kept():
    parsed, _ = _read("zones_inner_en.txt")
    assert [c.created_at for c in parsed.comments] == ["2026-11-24T23:05-05:00", "2026-11-25T01:15-05:00"]
    parsed, _ = _read("zones_lynx_de.txt")
    assert [c.created_at for c in parsed.comments] == ["2026-11-24T23:05+01:00", "2026-07-25T08:00+02:00"]


def test_spaced_at_name_in_a_flat_copy_links_to_the_one_earlier_comment_of_that_author():
    """innerText (one column): "@ Name" replies to that author's comment where exactly one earlier
    comment has that author (flag ``inferred_parent``); with two, it stays top-level; "@ Name" over
    the date it quotes is the text's first lines, not a header; a caption with a date above the
    comments ("Beitragsbild: … vom 2.4.2019, Ausriss.") is no comment; "@" between day and time is read."""
    parsed, ctx = _read("at_name_inner_de.txt")
    comments = parsed.comments
    assert [c.author for c in comments] == ["Helga Brandt", "Konrad Weiß", "Konrad Weiß", "Ute Sommer", "Jonas Kehl"]
    assert [c.created_at for c in comments][:2] == ["2019-04-08T11:38", "2019-04-08T12:20"]
    assert comments[3].text.startswith("@ Konrad Weiß\n8. April 2019 @ 12:20\n\nWelchen")
    assert comments[3].parent_id is None and "inferred_parent" not in comments[3].flags
    assert comments[4].parent_id == comments[0].id and "inferred_parent" in comments[4].flags
    assert "Beitragsbild" in parsed.thread.article_text
    assert all("buttons_removed" in c.flags for c in comments)  # the "Antworten" over each name
    assert any("4 comments read as top-level (the others answer" in n for n in ctx.notes)


def test_two_pages_of_a_lynx_dump_pasted_into_one_file_say_what_was_not_read():
    """linear21 #2: the real lynx dump of a 70-comment thread pasted twice (numbering restarts at "1."):
    68 comments of the second copy were lost with no note. Reading it as a second list broke Astra's
    replies (session 21); the loss is now said, with the line and the count, and the single dump is
    read as before without the note."""
    from conftest import corpus

    text = corpus("plaintext_en/01-16-comment-best-programming-language-for-high-performance-january-2017.lynx.txt") \
        .read_text(encoding="utf-8")
    lines = text.split("\n")
    once, ctx = Context(stem="lemire"), Context(stem="lemire")
    (single,) = plaintext.read(text, once)
    assert len(single.comments) == 70 and not [n for n in once.notes if "stops being readable" in n]
    (twice,) = plaintext.read("\n".join(lines + lines[5:]), ctx)
    assert [c.text for c in twice.comments[:70]] == [c.text for c in single.comments]
    said = [n for n in ctx.notes if "stops being readable" in n]
    assert len(said) == 1 and said[0].startswith("the comment list stops being readable at line ")
    assert ", and 68 comment headers below it were not read (two pages of comments pasted into one file?" in said[0]
