"""Web-archive copies of a page (Wayback Machine playback with full or site-relative
``/web/TIMESTAMP/`` addresses, archive.today's ``/o/ID/`` links) read with the original page's
site, url and comment links, the capture noted; the live page and its copy are one thread.
The pages are the team-written fixtures/comment_systems (MIT)."""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, read
from comments.text.archived import original

PAGES = FIXTURES / "comment_systems"
NAMES = sorted(p.stem for p in PAGES.glob("*.html"))
PREFIXES = {
    "wayback": "https://web.archive.org/web/20210923123456/",
    "wayback-relative": "/web/20210923123456/",
    "wayback-id": "https://web.archive.org/web/20210923123456id_/",
    "archive-today": "https://archive.ph/o/AbCdE/",
}


def archived(html: str, prefix: str) -> str:
    """``html`` as an archive serves it: every absolute address in href/src/content behind ``prefix``."""
    return re.sub(r'''((?:href|src|content)=["'])(https?://)''', lambda m: m.group(1) + prefix + m.group(2), html)


def shape(result) -> tuple:
    return ([(t.thread.site, t.thread.url, t.thread.thread_id, t.thread.title) for t in result.threads],
            [(c.id, c.parent_id, c.author, c.created_at, c.text, c.meta.get("links")) for c in result.comments])


@pytest.mark.parametrize("kind", sorted(PREFIXES))
@pytest.mark.parametrize("name", NAMES)
def test_archived_copy_reads_as_the_original_page(tmp_path, name, kind):
    page = PAGES / f"{name}.html"
    copy = tmp_path / f"{name}.html"
    copy.write_text(archived(page.read_text(encoding="utf-8"), PREFIXES[kind]), encoding="utf-8")
    live, got = read(page), read(copy)
    assert shape(got) == shape(live)
    assert "archive" not in (got.threads[0].thread.site or "")
    if live.threads[0].thread.url:  # the copy is said, with the capture time where the address states it
        said = [n for n in got.notes if "read with the original page's address" in n]
        assert said and ("2021-09-23T12:34:56Z" in said[0] if kind.startswith("wayback") else "archive.today" in said[0])


def test_live_page_and_its_wayback_copy_are_one_thread(tmp_path):
    page = PAGES / "disqus.html"
    copy = tmp_path / "web.archive.org_web_20210923123456_https_gardenbeat_net_lemons_in_pots_.html"
    copy.write_text(archived(page.read_text(encoding="utf-8"), PREFIXES["wayback"]), encoding="utf-8")
    result = read(page, copy)
    assert len(result.threads) == 1 and len(result.comments) == len(read(page).comments)
    assert result.cross_input_duplicates == len(result.comments)


def test_a_live_page_keeps_its_commenters_links_to_archived_copies(tmp_path):
    """Only an archive's copy has its links unwrapped: a commenter's link to web.archive.org stays."""
    html = (PAGES / "disqus.html").read_text(encoding="utf-8")
    link = "https://web.archive.org/web/2019/https://example.org/gone/"
    first = re.search(r'(<div[^>]*class="post-message"[^>]*>\s*<p>)', html)
    page = tmp_path / "page.html"
    page.write_text(html[:first.end()] + f'<a href="{link}">archived</a> ' + html[first.end():], encoding="utf-8")
    assert any(link in (c.meta.get("links") or []) for c in read(page).comments)


@pytest.mark.parametrize("url, expected", [
    ("https://web.archive.org/web/20210923123456/https://a.example/x/?p=1",
     ("https://a.example/x/?p=1", "a Wayback Machine capture of 2021-09-23T12:34:56Z")),
    ("/web/20210923123456im_/http://a.example/i.png", ("http://a.example/i.png", "a Wayback Machine capture of 2021-09-23T12:34:56Z")),
    ("//web.archive.org/web/2021/https:/a.example/", ("https://a.example/", "a Wayback Machine capture of 2021")),
    ("https://archive.today/o/Zz9/https://a.example/", ("https://a.example/", "an archive.today copy")),
    ("https://a.example/web/2021/https://b.example/", ("https://a.example/web/2021/https://b.example/", None)),
    ("https://archive.ph/AbCdE", ("https://archive.ph/AbCdE", None)),
])
def test_original_address(url, expected):
    assert original(url) == expected


def test_wget_converted_relative_canonical_gives_way_to_an_absolute_og_url(tmp_path):
    """``wget -m -k``/HTTrack rewrite the canonical link to a relative file path: the page's
    absolute og:url is its address; with no absolute one, the site is never ".."."""
    html = (PAGES / "disqus.html").read_text(encoding="utf-8")
    mirrored = tmp_path / "gardenbeat.net" / "lemons-in-pots" / "index.html"
    mirrored.parent.mkdir(parents=True)
    mirrored.write_text(re.sub(r'(rel="canonical" href=")[^"]*', r"\1../../lemons-in-pots/index.html", html),
                        encoding="utf-8")
    assert shape(read(mirrored)) == shape(read(PAGES / "disqus.html"))
    mirrored.write_text(re.sub(r'(rel="canonical" href="|og:url" content=")[^"]*', r"\1../../lemons-in-pots/index.html",
                               html), encoding="utf-8")
    (thread,) = read(mirrored).threads
    assert thread.thread.site == "gardenbeat.net"  # the mirror folder's, as for a page naming no address


HEADLESS = "none with an author or date recognised"


@pytest.mark.parametrize("name", NAMES)
def test_a_copy_without_class_attributes_says_when_no_comment_header_was_separated(tmp_path, name):
    """archive.today drops class and data-* attributes: where no comment keeps an author or a
    date, a note says the headers may be in the texts; the original pages never get it."""
    page = PAGES / f"{name}.html"
    bare = tmp_path / f"{name}.html"
    bare.write_text(re.sub(r'''\s(?:class|data-[\w-]+|itemprop|itemtype|itemscope)(?:=(?:"[^"]*"|'[^']*'|[^\s>]*))?''', "",
                           page.read_text(encoding="utf-8")), encoding="utf-8")
    assert not any(HEADLESS in n for n in read(page).notes)
    got = read(bare)
    live = [c for c in got.comments if c.status != "deleted"]
    headless = bool(live) and all(c.author is None and c.created_at is None for c in live)
    assert any(HEADLESS in n for n in got.notes) == headless


def test_stripped_wpdiscuz_page_gets_the_note(tmp_path):
    html = (PAGES / "wpdiscuz7.html").read_text(encoding="utf-8")
    bare = tmp_path / "wpdiscuz7.html"
    bare.write_text(re.sub(r'''\s(?:class|data-[\w-]+)(?:="[^"]*")?''', "", html), encoding="utf-8")
    got = read(bare)
    assert got.comments and any(HEADLESS in n for n in got.notes)
