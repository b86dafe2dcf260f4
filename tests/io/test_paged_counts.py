"""Unloaded comments when inputs repeat or continue a thread (review21a #7): the same page given twice
(two captures in one web archive, two saved files) counts its unloaded comments once; the pages of one
paginated comment section count the comments their page states less the comments of all of them, not
each page's gap added up; and no false "another count than stated" follows. On the team's two pages of
a paginated WordPress thread (fixtures/wp_paged) and, where ../shared is present, the paginated
html_comments pages and a Reddit thread captured twice."""

from __future__ import annotations

import io

import pytest

from comments.io.pipeline import count_differs, read_inputs
from conftest import FIXTURES, corpus

warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

PAGED = sorted((FIXTURES / "wp_paged").glob("*.html"))  # the post (says 12, shows 4) and its comment-page-1 (4 more)


def capture(path, pages: list, ctype: str = "text/html; charset=UTF-8", url: str | None = None) -> None:
    """A WARC.gz capturing each of ``pages`` in turn (one may come twice: a re-crawl)."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n, page in enumerate(pages):
            head = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url or f"https://crawl.example/{n}/", "response",
                                                          payload=io.BytesIO(page.read_bytes()), http_headers=head))


def counts(result) -> list[tuple]:
    return [(pt.thread.thread_id, pt.thread.declared_count, len(pt.comments), pt.thread.unloaded_count,
             count_differs(pt.thread)) for pt in result.threads]


def test_one_page_of_a_paginated_thread_counts_the_rest_as_unloaded():
    """comment-page-1 is one of several pages by its address, though it links to no other comment page."""
    for page in PAGED:
        got = read_inputs([str(page)])
        assert counts(got) == [("https://gartenblog.de/2024/05/hochbeet-selber-bauen/",
                                12, 4, 8, False)]


@pytest.mark.parametrize("order", [1, -1])
def test_the_pages_of_one_thread_count_what_all_of_them_hold(tmp_path, order):
    thread = "https://gartenblog.de/2024/05/hochbeet-selber-bauen/"
    files = read_inputs([str(p) for p in PAGED[::order]])
    path = tmp_path / "pages.warc.gz"
    capture(path, PAGED[::order])
    for got in (files, read_inputs([str(path)])):
        assert counts(got) == [(thread, 12, 8, 4, False)] and got.unloaded_total() == 4


def test_one_page_captured_twice_counts_its_unloaded_once(tmp_path):
    page = PAGED[1]
    path = tmp_path / "recrawl.warc.gz"
    capture(path, [page, page])
    got, once = read_inputs([str(path)]), read_inputs([str(page)])
    assert counts(got) == counts(once) == [("https://gartenblog.de/2024/05/hochbeet-selber-bauen/", 12, 4, 8, False)]
    assert not got.differing()[0] and "another count" not in got.summary()


def test_every_page_and_both_pages_twice(tmp_path):
    """A crawl that fetched both pages, then both again: 8 comments, 4 unloaded."""
    path = tmp_path / "twice.warc.gz"
    capture(path, PAGED + PAGED)
    assert counts(read_inputs([str(path)])) == [("https://gartenblog.de/2024/05/hochbeet-selber-bauen/", 12, 8, 4,
                                                 False)]


def test_real_paginated_pages_captured_twice_count_as_once(tmp_path):
    """backenmachtgluecklich (page 1 of 112) and grossefragen (page 2 of 142), each captured twice in
    one WARC, as a re-crawl writes it: the same unloaded counts as each page read once, no mismatch."""
    pages = [corpus("html_comments/backenmachtgluecklich.de__zitronenkuchen.html"),
             corpus("html_comments/grossefragen.wordpress.com__projekt.html")]
    path = tmp_path / "recrawl.warc.gz"
    capture(path, [pages[0], pages[0], pages[1], pages[1]])
    got = read_inputs([str(path)])
    once = [read_inputs([str(p)]) for p in pages]
    assert sorted(counts(got)) == sorted(c for r in once for c in counts(r))
    assert got.unloaded_total() == sum(r.unloaded_total() for r in once) == 112 - 25 + 142 - 23
    assert not got.differing()[0]


def test_a_reddit_thread_captured_twice_counts_its_more_stubs_once(tmp_path):
    page = corpus("reddit/reddit_fo7p5b_announcements_polls.json")
    path = tmp_path / "reddit.warc.gz"
    capture(path, [page, page], "application/json; charset=UTF-8",
            "https://www.reddit.com/r/announcements/comments/fo7p5b/.json")
    got, once = read_inputs([str(path)]), read_inputs([str(page)])
    assert counts(got) == counts(once) and got.unloaded_total() == once.unloaded_total() > 0
