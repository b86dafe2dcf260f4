"""Every page of html_comments/ and html_wordpress/ rendered at test time by lynx and
w3m (as a user copies a comment section out of a text browser; also at their defaults: 80 columns,
lynx with its link numbers and link list), its plain-text parse
compared with the HTML parse of the same page: count, parents, depths, authors."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import CORPORA, corpus, read

#: Each browser's dump command (UTF-8 stated: the Markdown pages declare no charset).
COMMANDS = {
    "lynx": ["lynx", "-dump", "-nolist", "-width=100", "-assume_charset=utf-8", "-display_charset=utf-8"],
    "w3m": ["w3m", "-dump", "-cols", "100", "-I", "utf-8", "-O", "utf-8"],
    # as most users run them: lynx with its link numbers and link list, both at 80 columns
    "lynx-defaults": ["lynx", "-dump", "-assume_charset=utf-8", "-display_charset=utf-8"],
    "w3m-defaults": ["w3m", "-dump", "-I", "utf-8", "-O", "utf-8"],
}
PAGES = sorted([f"html_comments/{p.name}" for p in (CORPORA / "html_comments").glob("*.html")]
               + [f"html_wordpress/{p.name}" for p in (CORPORA / "html_wordpress").glob("*.md")]) or ["(absent)"]

#: Renderings that lose the tree: the page's markup gives the nesting only through CSS.
LOST = {
    "html_comments/backenmachtgluecklich.de__zitronenkuchen.html":
        "wpDiscuz nests replies as <div>s indented by CSS margins only: text browsers print every comment flush "
        "left without list markers or numbers, so the comments, authors and dates survive but not who replied to whom",
}
#: Renderings our reader does not read right yet (strict: an improvement must be recorded here).
NOT_YET: dict[tuple[str, str], str] = {
    ("html_comments/oekonomenstimme.org__keynes.html", "lynx-defaults"):
        "at 80 columns lynx wraps the site's own header lines (title, 'Name, date') so that the reader finds 2 of 32",
}


def render(page: str, browser: str, tmp_path) -> str:
    program = COMMANDS[browser][0]
    if shutil.which(program) is None:
        pytest.skip(f"{program} is not installed (apt-get install {program})")
    source = tmp_path / "page.html"  # the Markdown pages are HTML lists too: render them as HTML
    source.write_bytes(corpus(page).read_bytes())
    out = subprocess.run(COMMANDS[browser] + [str(source)], capture_output=True, timeout=120, check=True)
    return out.stdout.decode("utf-8")


def shape(comments) -> list[tuple[int | None, int, str | None]]:
    """(position of the parent, depth, author) of every comment, in document order (a pingback's
    author is the title of its link, which the HTML reader reads from the link element)."""
    index = {c.id: k for k, c in enumerate(comments)}
    return [(index.get(c.parent_id), c.depth, c.author if c.kind == "comment" else c.kind) for c in comments]


CASES = [pytest.param(page, browser, marks=pytest.mark.xfail(strict=True, reason=NOT_YET[page, browser]))
         if (page, browser) in NOT_YET else (page, browser) for page in PAGES for browser in sorted(COMMANDS)]


@pytest.mark.parametrize("page,browser", CASES)
def test_text_browser_dump_gives_the_html_tree(page, browser, tmp_path):
    dump = tmp_path / f"page.{browser}.txt"
    dump.write_text(render(page, browser, tmp_path))
    html = read(corpus(page)).comments
    text = read(dump).comments
    if page in LOST:  # the weaker property: the same comments and authors, and no made-up replies
        assert [c.author for c in text] == [c.author for c in html], LOST[page]
        assert all(c.parent_id is None for c in text) and any(c.parent_id for c in html)
        assert all(c.text for c in text)
        return
    assert shape(text) == shape(html)
    assert all(c.text for c in text if c.kind == "comment"), "every comment keeps its words"


@pytest.mark.parametrize("name", sorted(p.name for p in (CORPORA / "plaintext_en").glob("*.txt")) or ["(absent)"])
def test_stored_text_browser_copies_keep_every_comments_words(name):
    path = corpus(f"plaintext_en/{name}")
    html = read(CORPORA / "html_wordpress" / (name.rsplit(".", 2)[0] + ".md")).comments
    text = read(path).comments
    assert len(text) == len(html) and all(c.text for c in html)
    assert all(c.text for c in text)


def test_emailed_comments_keep_their_words():
    path = corpus("plaintext_de/konstantinklein_kein-kommentar.md")
    comments = read(path).comments
    assert comments and all(c.text.strip() for c in comments)


def test_a_date_line_is_not_a_list_number():
    from comments.io.readers.plaintext_outline import _marker

    assert _marker("   1. März 2015 22:07") is None and _marker("12. Dezember 2019") is None
    assert _marker("   1. Anna sagt:")[2] == 1 and _marker("2. 2015 war ein gutes Jahr")[2] == 2
