"""Links in comments are kept: the targets of a comment's ``<a href>`` go to ``meta.links``
(resolved against the page's address where the reader knows it; ``javascript:``, ``data:`` and
in-page ``#`` anchors left out; each once, in order) and the text stays as it was (the link's
words only). Fixtures written here (tests/fixtures/links/) show each reader's markup: a WXR and
a Disqus export, a WordPress page, a CSV cell holding HTML; the real files of ../shared/corpora/
show it where they have links."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from comments.io import fastpath
from conftest import FIXTURES, corpus, read, run, write_rows

LINKS = FIXTURES / "links"
PDF = "https://www.bremerhaven.de/sixcms/media.php/94/gutachten.pdf"


def by_id(path) -> dict:
    return {c.id: c for c in read(path).comments}


def test_wxr_links_go_to_meta_and_the_text_stays():
    """The finding: "Siehe <a href=…/gutachten.pdf>das Gutachten</a>" lost its address. A
    relative link is resolved against the post's address; a spam comment's link is kept, its
    ``javascript:`` and ``#comment-31`` anchors are not; a comment without links gets no key."""
    c = by_id(LINKS / "wxr_links.xml")
    assert c["31"].text == "Siehe das Gutachten, Seite 12.\n\nUnd die Karte: unsere Karte, nochmal das Gutachten."
    assert c["31"].meta["links"] == [PDF, "https://www.nordsee-nachrichten.example/2026/11/karte-windpark/"]
    assert c["31"].meta["comment_author_url"] == "https://hauke.example/"  # the source's own field, as before
    assert c["32"].status == "spam" and c["32"].meta["links"] == ["http://billig-strom.example/?ref=nn"]
    assert c["32"].text == "Super Artikel! Strom jetzt 50% günstiger mehr @Hauke"
    assert "links" not in c["33"].meta


def test_disqus_keeps_the_address_its_shortened_link_text_hides():
    """Disqus shortens a link's text ("https://www.bremerhaven.de/..."): the text keeps it as
    shown, ``meta.links`` has the whole address; "../leserbriefe/" is resolved against the thread."""
    c = by_id(LINKS / "disqus_links.xml")
    assert c["9001"].text == "Die Stadt hat es veröffentlicht: https://www.bremerhaven.de/...\n\nDazu die Leserbriefe."
    assert c["9001"].meta["links"] == [PDF, "https://www.kuestenbote.example/lokales/leserbriefe/"]
    assert "links" not in c["9002"].meta


def test_wordpress_page_links_in_the_text_not_the_furniture():
    """On a page the links of the comment's text count; the author's website, the permalink and
    the reply button are furniture. "../laermschutz/" is resolved against the canonical address."""
    c = by_id(LINKS / "wp_page_links.html")
    assert c["41"].text == "Siehe das Gutachten und unseren Bericht zum Lärmschutz.\n\nOben im Artikel steht es auch."
    assert c["41"].meta["links"] == [PDF, "https://www.wattenblatt.example/artikel/laermschutz/"]
    assert c["42"].meta == {}


def test_pingback_link_is_its_url_not_a_text_link():
    c = by_id(FIXTURES / "wp_page_quotes_votes.html")
    assert c["503"].meta == {"url": "https://backblog.example.de/strudel-rundschau/"}


def test_csv_cell_html_links_round_trip_through_every_output(tmp_path):
    """A table cell holding HTML: its links in ``meta``; JSONL, CSV, Parquet and ConvoKit outputs
    read back with the list intact."""
    src = LINKS / "cells_links.csv"
    c = by_id(src)
    assert c["51"].text == "Siehe das Gutachten." and c["51"].meta == {"links": [PDF]}
    assert c["52"].meta == {}
    for ext in ("jsonl", "csv", "parquet", "convokit"):
        out = tmp_path / f"out.{ext}"
        done = run("parse", "-q", "-o", str(out), str(src))
        assert done.exit_code == 0, done.output
        back = by_id(out)
        assert back["51"].meta == {"links": [PDF]} and back["51"].text == "Siehe das Gutachten.", ext
        assert back["52"].meta == {}, ext


def test_jsonl_fast_path_gives_the_links_the_general_path_gives(tmp_path):
    """The columnar fast path (``-o x.parquet`` from JSONL) adds the same ``meta.links``."""
    rows = [{"id": "1", "parent_id": None, "thread_id": "t", "author": "A",
             "text": f'<p>Siehe <a href="{PDF}">das Gutachten</a> und <a href="#oben">oben</a>.</p>'},
            {"id": "2", "parent_id": "1", "thread_id": "t", "author": "B", "text": "Danke, href ist kein Link."},
            {"id": "3", "parent_id": "1", "thread_id": "t", "author": "C", "links": "eigene Spalte",
             "text": '<a href="https://b.example/">b</a>'}]
    src = tmp_path / "dump.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    general = {c.id: c.meta for c in read(src).comments}
    assert general == {"1": {"links": [PDF]}, "2": {},
                       "3": {"links": "eigene Spalte", "text_links": ["https://b.example/"]}}
    out = tmp_path / "fast.parquet"
    fastpath.parse_to_parquet(src, out, None, "dump", {}, str(src))
    fast = {r["id"]: json.loads(r["meta"]) for r in pq.read_table(out).select(["id", "meta"]).to_pylist()}
    assert fast == general


def test_a_repeated_record_keeps_its_links_once(tmp_path):
    """One row per label (One Million Posts' shape) with a text holding a link: one comment,
    its links a value (not a list per row), the differing label a list; the fast path agrees."""
    row = {"id": "1", "parent_id": None, "thread_id": "t", "text": f'<p><a href="{PDF}">Gutachten</a></p>'}
    src = tmp_path / "labels.jsonl"
    src.write_text(json.dumps(row) + "\n" + json.dumps({**row, "label": "ArgumentsUsed"}) + "\n", encoding="utf-8")
    (c,) = read(src).comments
    assert c.meta == {"links": [PDF], "label": [None, "ArgumentsUsed"]}
    out = tmp_path / "fast.parquet"
    fastpath.parse_to_parquet(src, out, None, "labels", {}, str(src))
    (fast,) = pq.read_table(out).column("meta").to_pylist()
    assert fast == json.dumps(c.meta, separators=(",", ":"))


def test_hackernews_and_wordpress_json_links():
    """The other HTML readers: Hacker News item text, WordPress REST ``content.rendered``."""
    from comments.io.readers import hackernews, wp_json
    from comments.io.readers.base import Context

    item = {"id": 2, "parent": 1, "by": "pg", "type": "comment", "time": 1160418628,
            "text": 'See <a href="https:&#x2F;&#x2F;example.com&#x2F;paper.pdf" rel="nofollow">paper</a>'}
    (pt,) = [t for t in hackernews.read(json.dumps(item), Context("hn")) if t.comments]
    assert pt.comments[0].meta["links"] == ["https://example.com/paper.pdf"] and pt.comments[0].text == "See paper"
    rest = [{"id": 5, "post": 9, "parent": 0, "author_name": "Ina", "date_gmt": "2026-11-16T08:00:00",
             "link": "https://blog.example/post/#comment-5",
             "content": {"rendered": '<p>Mehr <a href="/quellen/">hier</a>.</p>\n'}}]
    (pt,) = wp_json.read(json.dumps(rest), Context("wp"))
    assert pt.comments[0].meta["links"] == ["https://blog.example/quellen/"] and pt.comments[0].text == "Mehr hier."


#: Comments with links in their text and the links they hold, per corpus file (the pages'
#: avatar, author, permalink and reply links are furniture: not counted).
CORPUS_LINKS = {
    "html_comments/grossefragen.wordpress.com__projekt.html": (11, 55),
    "html_comments/spektrum.de__engelbart.html": (18, 23),
    "html_comments/franziska-elea.de__vuitton.html": (4, 4),
    "html_comments/backenmachtgluecklich.de__zitronenkuchen.html": (0, 0),  # wpDiscuz avatar links only
    "html_comments/foxyfolksy.com__buttercream.html": (0, 0),
    "html_wordpress/04-02-comment-setting-up-a-robust-minecraft-server-on-a-raspberry-pi.md": (18, 18),
    "wordpress/wp-theme-test-data__themeunittestdata.wordpress.xml": (2, 7),
    "disqus/remark42__disqus.xml": (2, 2),
}


@pytest.mark.parametrize("relative, expected", sorted(CORPUS_LINKS.items()))
def test_corpus_links(relative, expected):
    comments = read(corpus(relative)).comments
    linked = [c.meta["links"] for c in comments if "links" in c.meta]
    assert (len(linked), sum(map(len, linked))) == expected
    for links in linked:
        assert len(set(links)) == len(links)
        assert not any(u.lower().startswith(("javascript:", "data:", "#")) for u in links)


def test_corpus_link_targets_as_the_source_gives_them():
    """A Disqus link whose text is shortened ("http://blogs.msdn.com/b/b8/...") keeps its whole
    address; a WXR comment's links in order, a typo in the source ("hhttps:") kept as given."""
    c = {x.id: x for x in read(corpus("disqus/remark42__disqus.xml")).comments}
    assert c["299744309"].text.endswith("http://blogs.msdn.com/b/b8/...")
    assert c["299744309"].meta["links"] == [
        "http://blogs.msdn.com/b/b8/archive/2011/08/29/improvements-in-windows-explorer.aspx"]
    c = {x.id: x for x in read(corpus("wordpress/wp-theme-test-data__themeunittestdata.wordpress.xml")).comments}
    assert c["881"].meta["links"][0] == "https://developer.mozilla.org/en-US/docs/HTML/Element/blockquote#Notes"
    assert c["881"].meta["links"][-1] == "hhttps://wordpressfoundation.org/"


SOURCE_FIELDS = {"links": "eigene Spalte", "text_links": "auch eigene", "text_links~2": "noch eine"}


@pytest.mark.parametrize("fields,ours", [({"links": "eigene Spalte"}, "text_links"),
                                         ({"links": "eigene Spalte", "text_links": "auch eigene"}, "text_links~2"),
                                         (SOURCE_FIELDS, "text_links~3")])
@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".json"])
def test_a_source_field_named_as_ours_is_never_overwritten(tmp_path, fields, ours, suffix):
    """A source's own ``links``/``text_links`` fields keep their values; the text's links go
    under the first free name (``text_links~2``…), said once in a note (CSV, JSONL, JSON)."""
    rows = [{"id": "1", "thread_id": "t", "author": "A", **fields,
             "text": f'<p>Siehe <a href="{PDF}">das Gutachten</a>.</p>'},
            {"id": "2", "thread_id": "t", "author": "B", **fields, "text": '<a href="https://b.example/">b</a>'}]
    result = read(write_rows(tmp_path / f"dump{suffix}", rows))
    assert [c.meta for c in result.comments] == [{**fields, ours: [PDF]}, {**fields, ours: ["https://b.example/"]}]
    [note] = [n for n in result.notes if "own field" in n]
    assert note.endswith(f"kept in meta as given: the link targets of comment texts are in meta {ours!r}")
    assert all(repr(name) in note for name in fields)

