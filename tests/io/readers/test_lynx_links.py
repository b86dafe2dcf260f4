"""``lynx -dump`` as most users run it, without ``-nolist``: a number before every link text and the
list of link addresses at the end (fix23b). Fixtures written by us (MIT): tests/fixtures/copies/mulchen.html,
a WordPress HTML5 comment list, and its ``lynx -dump`` and ``w3m -dump`` copies at 80 columns."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, read

from comments.io.readers import lynx_links

COPIES = FIXTURES / "copies"
URL = "https://gartennotizen.example.org/2024/04/mulchen-im-hochbeet/"


def _shape(comments):
    index = {c.id: k for k, c in enumerate(comments)}
    return [(index.get(c.parent_id), c.author, " ".join(c.text.split())) for c in comments]


def test_a_default_lynx_dump_reads_as_its_page():
    """Before: the 21 numbered addresses after "References" were read as comments' text and
    "[15]Kleingartenverein …" ran into Jens's reply: 2 comments of 4. Now the page's tree, authors
    and words; the comments' own "[1]" footnotes, "Zu [2]:", "Punkt [3]" and "c[0]" kept."""
    page = read(COPIES / "mulchen.html").comments
    dump = read(COPIES / "mulchen.lynx.txt")
    assert _shape(dump.comments) == _shape(page)
    hannelore, jens, verein, _ = dump.comments
    assert "sonst fault er [1]. Bei mir hat Stroh die Schnecken eher angezogen [2]." in " ".join(hannelore.text.split())
    assert hannelore.text.endswith("[1] Kreuter, Der Bio-Garten, S. 112\n[2] https://beete.example.net/schnecken/")
    assert "Zu [2]:" in jens.text and "Punkt [3] der Liste" in jens.text and "c[0] + c[1]·d" in verein.text
    assert not any(t in c.text for c in dump.comments for t in ("[10]", "[13]", "file://", "Antworten"))
    assert "References" not in (dump.threads[0].thread.article_text or "")
    assert any("the 21 link numbers before link texts and the list of 21 link addresses at the end are rendering, "
               "not text: taken off" in note for note in dump.notes)


def test_a_header_wrapped_at_80_columns_keeps_its_author():
    """Both browsers wrap "Kleingartenverein … Hochbeete und" / "Frühbeete sagt:" at 80 columns: one header."""
    for name in ("mulchen.lynx.txt", "mulchen.w3m.txt"):
        authors = [c.author for c in read(COPIES / name).comments]
        assert authors == ["Hannelore", "Jens", "Kleingartenverein Am Stadtrand Nord e.V. Abteilung Hochbeete und "
                           "Frühbeete", "Ute"], name


def test_a_saved_page_and_its_lynx_copy_under_another_name_are_one_thread():
    """newcomer21 F0 for copies named otherwise than the page (``mulchen.lynx.txt``): the comment
    permalinks in lynx's link list name the page's address, the canonical the page gives."""
    got = read(COPIES / "mulchen.html", COPIES / "mulchen.lynx.txt")
    assert [pt.thread.thread_id for pt in got.threads] == [URL]
    assert got.comment_total() == 4 and got.cross_input_duplicates == 4
    assert any(f"the thread's address {URL} is the one 4 comment permalinks in lynx's link list share" in note
               for note in got.notes)


def test_a_bibliography_at_the_end_is_no_link_list():
    """A post's own "References" with numbered sources: no addresses, so its "[1]" citations stay."""
    lines = ["As shown before [1], mulch keeps soil moist [2].", "", "References", "", "   1. Smith, J. (2020). Mulch.",
             "   2. https://example.org/mulch"]
    assert lynx_links.strip(lines) == (lines, [])


def test_only_the_ordered_occurrence_of_each_listed_number_is_lynxs():
    """lynx numbers each link once, in document order: a later "[1]" is a footnote, and so is a "[2]" unglued
    between lynx's [1] and [2] where a glued one follows."""
    lines = ["[1]Home [2]About", "Text with a footnote [1] and [2] here.", "[3]Jens says:", "",
             "References", "", "   1. https://a.example/", "   2. https://a.example/about", "   3. https://a.example/#c",
             "", "   Hidden links:", "   4. https://a.example/x"]
    body, (links,) = lynx_links.strip(lines)
    assert body == ["Home About", "Text with a footnote [1] and [2] here.", "Jens says:"]
    assert sorted(links.shown) == [1, 2, 3] and links.hidden == 1


def test_two_pasted_dumps_each_lose_their_numbers_by_their_own_list():
    """review24a F2: only the file's last list was known, so the first page kept its numbers ("[3]Bebs")
    and its list, or lost a footnote to the other page's numbering."""
    first = ["[1]Home", "[2]Anna says:", "Footnote [3] stays.", "", "References", "", "   1. https://a.example/",
             "   2. https://a.example/post/#comment-1"]
    second = ["[1]Start [2]Blog", "[3]Bebs says:", "", "References", "", "   Visible links:", "   1. https://b.example/",
              "   2. https://b.example/blog", "   3. https://b.example/post/#comment-7", "   Hidden links:",
              "   4. https://b.example/x"]
    body, (a, b) = lynx_links.strip(first + second)
    assert body == ["Home", "Anna says:", "Footnote [3] stays.", "", "Start Blog", "Bebs says:"]
    assert (a.start, a.end, a.page, sorted(a.shown), a.hidden) == (4, 8, 0, [1, 2], 0)
    assert (b.page, sorted(b.shown), b.hidden) == (4, [1, 2, 3], 1)


def test_a_list_of_addresses_above_the_dumps_own_is_text_unless_the_page_shows_its_numbers():
    """A "References" list inside a dump's page (its numbers not before link texts above it) is the page's text."""
    lines = ["A post citing two sources.", "", "References", "", "   1. https://doi.example/1",
             "   2. https://doi.example/2", "More of the post [1]here.", "", "References", "", "   1. https://a.example/"]
    body, links = lynx_links.strip(lines)
    assert body == lines[:6] + ["More of the post here."]
    assert links == [lynx_links.Links(8, {1: "https://a.example/"}, 0, 11)]


@pytest.mark.parametrize("times", [2, 3])
def test_one_lynx_dump_pasted_again_is_the_same_page_again(times, tmp_path):
    """The same default dump twice or three times (review24a F2): its 4 comments once, its own address, and a
    note on each page below the first that says so, at the line it starts."""
    dump = (COPIES / "mulchen.lynx.txt").read_text(encoding="utf-8")
    path = tmp_path / "mulchen.again.txt"
    path.write_text(dump * times, encoding="utf-8")
    got = read(path)
    assert _shape(got.comments) == _shape(read(COPIES / "mulchen.lynx.txt").comments)
    assert [pt.thread.url for pt in got.threads] == [URL]
    named = ["a second lynx dump"] if times == 2 else ["lynx dump 2 of 3", "lynx dump 3 of 3"]
    said = [n.split(": ", 1)[1] for n in got.notes if "lynx dump" in n and "starts at" in n]
    assert said == [f"{name} starts at line {k * dump.count(chr(10)) + 1} (below the link list of the one above): "
                    "the same page again, its 4 comments read once" for k, name in enumerate(named, 1)]
