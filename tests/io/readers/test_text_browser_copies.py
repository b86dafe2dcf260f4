"""Text-browser copies of the html_comments pages (lynx -nolist and w3m, at their default width
and at 200 columns, rendered at test time) read as faithfully as the page: the section ends
where the list does, host replies stay comments of their own, pasted pages are noticed
(session 23, fix23f; findings mixed23 F3, F2, F13, F6, F11, F7 and review23a F4)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import CORPORA, corpus, read

#: Each renderer as a user runs it (default width, and a wide terminal).
RENDERERS = {
    "lynx": ["lynx", "-dump", "-nolist", "-force_html", "-assume_charset=utf-8", "-display_charset=utf-8"],
    "lynx200": ["lynx", "-dump", "-nolist", "-force_html", "-width=200", "-assume_charset=utf-8", "-display_charset=utf-8"],
    "w3m": ["w3m", "-dump", "-T", "text/html", "-I", "utf-8", "-O", "utf-8"],
    "w3m200": ["w3m", "-dump", "-T", "text/html", "-cols", "200", "-I", "utf-8", "-O", "utf-8"],
}


#: lynx as most users run it: with its link numbers and link list (not among RENDERERS: only where a test says).
LYNX_LIST = ["lynx", "-dump", "-force_html", "-assume_charset=utf-8", "-display_charset=utf-8"]


def render(page: str, renderer: str, path=None) -> str:
    """``page`` of html_comments (or the HTML file ``path``) as ``renderer`` dumps it."""
    command = LYNX_LIST if renderer == "lynx-list" else RENDERERS[renderer]
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed (apt-get install {command[0]})")
    path = path or corpus(f"html_comments/{page}.html")  # skips when the corpus is absent
    out = subprocess.run(command + [str(path)], capture_output=True, timeout=120, check=True)
    return out.stdout.decode("utf-8")


def copy(tmp_path, page: str, renderer: str, text: str | None = None, name: str = "copy.txt"):
    """The comments read from ``text`` (the page's whole rendering by default), written as a file."""
    path = tmp_path / name
    path.write_text(render(page, renderer) if text is None else text, encoding="utf-8")
    return read(path)


def words(text: str | None) -> str:
    return " ".join((text or "").split())


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
@pytest.mark.parametrize("page", ["foxyfolksy.com__buttercream", "exxpress.at__zaehne"])
def test_the_last_comment_ends_where_the_list_does(page, renderer, tmp_path):
    """w3m prints a top-level list in column 0: the footer under it (newsletter box, menu,
    "Copyright … All Rights Reserved") and a like counter under a wrapped "…" were the last
    comment's text (mixed23 F3)."""
    html = read(corpus(f"html_comments/{page}.html")).comments
    text = copy(tmp_path, page, renderer).comments
    assert [words(c.text) for c in text] == [words(c.text) for c in html]


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
def test_host_replies_under_a_wrapped_avatar_header_stay_comments(renderer, tmp_path):
    """youhadmeatgardening's host replies open with an avatar's alt text (two e-mail addresses) before
    "YHMAG Edit@r says:": at 80 columns lynx and w3m wrap "says:" (or "Edit@r says:") onto the next
    line, and the 8 replies were glued into the readers' comments above them (mixed23 F2)."""
    page = "youhadmeatgardening.com__lemon"
    html = read(corpus(f"html_comments/{page}.html")).comments
    text = copy(tmp_path, page, renderer).comments
    assert [(c.author, c.depth) for c in text] == [(c.author, c.depth) for c in html]
    assert [words(c.text) for c in text] == [words(c.text) for c in html]
    assert sum(c.author == "YHMAG Edit@r" for c in text) == 8


def test_a_wrapped_header_needs_the_date_under_it():
    """A comment's text line ending in "says:" under a list item is no header's second half."""
    from comments.io.readers.plaintext_outline import SAYS
    from comments.io.readers.textbrowser import join_wrapped_says

    lines = ["  • Anna says:", "    March 5, 2024 at 10:00 am", "", "    My grandmother always",
             "    says:", "    water them less."]
    assert join_wrapped_says(lines, SAYS) == (lines, [])
    lines = ["  □ info@site.com'info@site.com' Host", "    says:", "    March 6, 2024 at 9:00 am"]
    assert join_wrapped_says(lines, SAYS) == (["  □ info@site.com'info@site.com' Host says:", lines[2]], [1])


def test_a_header_of_its_own_takes_no_second_header():
    """A full "Name says:" line (the page's widest) over a deeper "Name says:" line is two headers, not one
    wrapped: the line before must not end like a sentence or a header (":"), which also covers the guard
    cb7766b left inside a code comment (review24a F9: every SAYS match ends with ":")."""
    from comments.io.readers.plaintext_outline import SAYS
    from comments.io.readers.textbrowser import join_wrapped_says

    lines = ["  • Sonja Garland says:", "      Maria says:", "    May 5, 2024"]
    assert SAYS.match(f"{lines[0].strip()} {lines[1].strip()}")  # joined, it would read as one header
    assert join_wrapped_says(lines, SAYS) == (lines, [])


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
def test_wpdiscuz_statistics_state_the_comments_not_the_threads(renderer, tmp_path):
    """wpDiscuz prints "63 Kommentar Themen" over "49 Themen Antworten": the page's 112 comments
    (its count bubble), not 63 (mixed23 F6)."""
    page = "backenmachtgluecklich.de__zitronenkuchen"
    assert read(corpus(f"html_comments/{page}.html")).threads[0].thread.declared_count == 112
    assert copy(tmp_path, page, renderer).threads[0].thread.declared_count == 112


def test_wpdiscuz_statistics_in_english_and_a_thread_count_alone():
    from comments.io.readers.declared import declared_count

    assert declared_count("12 Comment Threads\n7 Thread Replies\n0 Followers") == 19
    assert declared_count("30 Kommentare\n\n12 Kommentar Themen") == 30  # a thread count alone states no comments


@pytest.mark.parametrize("renderer", ["w3m", "w3m200"])
def test_an_avatars_label_does_not_open_a_titled_comments_text(renderer, tmp_path):
    """w3m prints oekonomenstimme's avatar (an image without alt text) as "[5381513903]" on the item's
    line, before the comment's title: it opened all 32 texts (mixed23 F11)."""
    text = copy(tmp_path, "oekonomenstimme.org__keynes", renderer).comments
    assert len(text) == 32
    assert not [c.text[:20] for c in text if c.text.startswith("[")]
    assert text[0].text.startswith("Ein Argument")


@pytest.mark.parametrize("bullet", [True, False])
@pytest.mark.parametrize("renderer", ["lynx", "w3m"])
def test_a_selection_from_the_first_commenters_name_reads_whole(renderer, bullet, tmp_path):
    """SciLogs prints each comment's header as a list of its own ("1." alone, then "□ Antworten",
    "□ Dietmar Hilsebein", "□ 8. April 2019 @ 11:38"); a mouse selection from the first name (with
    lynx's "+"/w3m's "□" or without) read as no comment section, or his comment as the article
    (mixed23 F13)."""
    page = "spektrum.de__engelbart"
    dump = render(page, renderer)
    whole = copy(tmp_path, page, renderer, dump, "whole.txt").comments
    lines = dump.split("\n")
    at = next(k for k, line in enumerate(lines) if line.strip().endswith("Dietmar Hilsebein"))
    first = lines[at] if bullet else " " * (len(lines[at]) - len(lines[at].lstrip())) + "Dietmar Hilsebein"
    part = copy(tmp_path, page, renderer, "\n".join([first] + lines[at + 1:]), "selection.txt")
    assert len(whole) == 54
    assert [(c.author, c.created_at, c.depth, words(c.text)) for c in part.comments] == \
        [(c.author, c.created_at, c.depth, words(c.text)) for c in whole]


PAIRS = [("happyface313.com__plantur", "franziska-elea.de__vuitton"),  # name-over-date headers above "says:" ones
         ("grossefragen.wordpress.com__projekt", "zulang.wordpress.com__genitalverstuemmelung"),
         ("foxyfolksy.com__buttercream", "foxyfolksy.com__buttercream"),  # one page twice
         ("spektrum.de__engelbart", "youhadmeatgardening.com__lemon"),
         ("backenmachtgluecklich.de__zitronenkuchen", "californiaglobe.com__amazon")]  # wpDiscuz: no list


@pytest.mark.parametrize("renderer", ["lynx", "w3m", "lynx-list"])
@pytest.mark.parametrize("first,second", PAIRS + [("foxyfolksy.com__buttercream", "youhadmeatgardening.com__lemon"),
                                                  ("zulang.wordpress.com__genitalverstuemmelung",) * 2])
def test_two_pasted_pages_read_the_first_and_say_what_was_not_read(first, second, renderer, tmp_path):
    """Two text-browser pages pasted into one file: the first page's comments, each once, and a
    note naming the second page's count, or saying it is the same page again (review23a F4: one page's comments lost silently, or the
    same page's read twice). Two lynx dumps with their link lists: each page's link numbers taken off by its own
    list, the first page's address from its own (review24a F2: "[111]Bebs", the other page's address, a
    wrong count, the same page "not read")."""
    alone = [copy(tmp_path, page, renderer, name=f"{k}.txt") for k, page in enumerate((first, second))]
    both = copy(tmp_path, first, renderer, render(first, renderer) + render(second, renderer), "both.txt")
    assert [(c.author, words(c.text)) for c in both.comments] == [(c.author, words(c.text)) for c in alone[0].comments]
    assert [pt.thread.url for pt in both.threads] == [pt.thread.url for pt in alone[0].threads]
    note = [n for n in both.notes if "second page" in n or "second lynx dump" in n]
    said = "read once" if first == second else "were not read"
    assert len(note) == 1 and f"its {len(alone[1].comments)} comments {said}" in note[0]


#: A comment that uses a footer phrase, its wrapped line as short as a footer line: (page, the comment
#: paragraphs' selector, which one, its new words). review24a F0: the thread ended there (80 → 20 comments).
FOOTER_WORDS = [
    pytest.param("foxyfolksy.com__buttercream", ".comment-content p", 20, "Does anyone know where to buy Dutch cocoa "
                 "online? I checked the store but their privacy policy scared me off.", id="privacy-policy"),
    pytest.param("foxyfolksy.com__buttercream", ".comment-content p", 20,
                 "Recipe © 2019 my grandmother, she made this every Christmas.", id="copyright"),
    pytest.param("franziska-elea.de__vuitton", "div.comment-body p", 6,
                 "Hast du schon die neue Datenschutzerklärung von LV gelesen? Unglaublich.", id="datenschutz"),
    pytest.param("backenmachtgluecklich.de__zitronenkuchen", "div.wc-comment-text p", 8,
                 "Ich habe eure Datenschutzerklärung gelesen, alles gut.", id="wpdiscuz")]  # flush left, no list


@pytest.mark.parametrize("renderer", sorted(RENDERERS) + ["lynx-list"])
@pytest.mark.parametrize("page,selector,k,said", FOOTER_WORDS)
def test_a_footer_phrase_inside_a_comment_ends_no_page(page, selector, k, said, renderer, tmp_path):
    """A page on its own keeps all its comments, and no second page is named, where a comment mentions a
    privacy policy, a "©" or a Datenschutzerklärung: a footer line ends a page only outside every comment."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(corpus(f"html_comments/{page}.html").read_text(encoding="utf-8"))
    tree.css(selector)[k].replace_with(LexborHTMLParser(f"<p>{said}</p>").body.child)
    html = tmp_path / "page.html"
    html.write_text(tree.html, encoding="utf-8")
    rendered = render(page, renderer, html)
    text = copy(tmp_path, page, renderer, rendered)
    assert [words(c.text) for c in text.comments] == [words(c.text) for c in read(html).comments]
    assert any(said in words(c.text) for c in text.comments)
    assert not [n for n in text.notes if "second page" in n]
    # pasted above another page, it is the page's own footer (or lynx's link list) below the list that ends it
    other = copy(tmp_path, "youhadmeatgardening.com__lemon", renderer, name="other.txt")
    both = copy(tmp_path, page, renderer, rendered + render("youhadmeatgardening.com__lemon", renderer), "both.txt")
    assert [words(c.text) for c in both.comments] == [words(c.text) for c in text.comments]
    note = [n for n in both.notes if "second page" in n or "second lynx dump" in n]
    assert len(note) == 1 and f"its {len(other.comments)} comments were not read" in note[0]


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
@pytest.mark.parametrize("page", sorted(p.stem for p in (CORPORA / "html_comments").glob("*.html")) or ["(absent)"])
def test_one_page_has_no_second_page(page, renderer, tmp_path):
    """No note where nothing is lost: every page alone, in every renderer."""
    assert not [n for n in copy(tmp_path, page, renderer).notes if "second page" in n]


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
@pytest.mark.parametrize("page", sorted(p.stem for p in (CORPORA / "html_comments").glob("*.html")) or ["(absent)"])
def test_a_copys_title_is_no_browser_furniture(page, renderer, tmp_path):
    """lynx opens a page with its list of <link>s ("#Foxy Folksy » Feed … alternate alternate"), w3m
    with skip links, image labels and menus: those were the titles (mixed23 F7). lynx's list names
    the post in its own comment feed ("Foxy Folksy » TITLE Comments Feed")."""
    title = copy(tmp_path, page, renderer).threads[0].thread.title or ""
    assert not re.match(r"(?i)#|skip to|\[|[•◦□☆*+-](?:\s|$)|iframe:", title), title
    assert "alternate alternate" not in title and " » Feed" not in title


@pytest.mark.parametrize("page,title", [
    ("foxyfolksy.com__buttercream", "Chocolate Buttercream Frosting without Powdered Sugar (Ermine Icing)"),
    ("spektrum.de__engelbart", "Die Ablehnung von “Gendersprache” – medial produziert"),
    ("zulang.wordpress.com__genitalverstuemmelung", "3 Jahre legalisierte Genitalverstümmelung")])
@pytest.mark.parametrize("renderer", ["lynx", "lynx200"])
def test_lynx_names_the_post_in_its_comment_feed(page, title, renderer, tmp_path):
    assert copy(tmp_path, page, renderer).threads[0].thread.title == title


def test_a_markdown_heading_is_the_title_without_its_hashes(tmp_path):
    """A text file opening with a Markdown heading ("# Mein Titel") is titled by it; session 23's
    rule for lynx's <link> list ("#Site » Feed …", no space after "#") took the article's first
    paragraph instead (review24b F3, session 24)."""
    page = tmp_path / "post.md"
    page.write_text("# Mein Titel\n\nDas ist der Artikel über etwas.\n\nAnna sagt:\nEin Kommentar zum Thema.\n\n"
                    "Bernd sagt:\nNoch einer dazu.\n", encoding="utf-8")
    [parsed] = read(page).threads
    assert parsed.thread.title == "Mein Titel"
    assert [c.author for c in parsed.comments] == ["Anna", "Bernd"]


@pytest.mark.parametrize("renderer", ["lynx", "w3m"])
def test_a_note_names_the_line_in_the_file_below_wrapped_says_headers(renderer, tmp_path):
    """youhadmeatgardening at 80 columns wraps "says:" onto a line of its own above 8 (w3m) or 9 (lynx)
    host replies; the reader joins each back (textbrowser.join_wrapped_says). A note naming a line
    below them named it short by the joins above ("a second page starts after the footer at line 603"
    where the footer is line 612, note23); both notes now count them back in through one mapping,
    and the line named holds what the note says."""
    page = render("youhadmeatgardening.com__lemon", renderer)
    assert len(re.findall(r"\n\s*(?:Edit@r )?says:\n", page)) >= 8  # the wrapped headers above the footer
    both = copy(tmp_path, "youhadmeatgardening.com__lemon", renderer, page + render("foxyfolksy.com__buttercream",
                                                                                    renderer))
    (note,) = [n for n in both.notes if "second page" in n]
    line, shown = re.search(r"after the footer at line (\d+) \((.+?)\)", note).groups()
    assert page.split("\n")[int(line) - 1].strip() == shown == ("* " if renderer == "lynx" else "• ") + "Privacy Policy"
    lines = page.split("\n")  # the list pasted again under the first page's comments: a list no longer readable
    heading = next(i for i, text in enumerate(lines) if text.startswith("25 thoughts on"))
    again = "\n".join(lines[:lines.index(next(t for t in lines if t.startswith("Leave a Reply")))] + lines[heading:])
    (note,) = [n for n in copy(tmp_path, "youhadmeatgardening.com__lemon", renderer, again, "again.txt").notes
               if "stops being readable" in n]
    line = int(re.search(r"readable at line (\d+),", note).group(1))
    assert again.split("\n")[line - 1].startswith("25 thoughts on") and line > heading + 1
