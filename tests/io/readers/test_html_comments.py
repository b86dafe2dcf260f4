"""Rendered comment pages of ten markups (../shared/corpora/html_comments/) and the
WordPress lists in html_wordpress/: trees and texts computed here with CSS queries
written per markup, and counts read from the corpora README."""

from __future__ import annotations

import re

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import CORPORA, assert_tree, corpus, read

#: page → (comment container selector, id regex, text: (body selector or None, paragraphs only))
PAGES = {
    "foxyfolksy.com__buttercream.html": ('li[id^="comment-"]', r"comment-(\d+)", ("div.comment-content", False)),
    "youhadmeatgardening.com__lemon.html": ('li[id^="comment-"]', r"comment-(\d+)", ("div.comment-content", False)),
    "flawlessfood.co.uk__olive.html": ('li[id^="comment-"]', r"comment-(\d+)", ("div.comment-content", False)),
    "californiaglobe.com__amazon.html": ('li[id^="comment-"]', r"comment-(\d+)", ("div.comment-content", False)),
    "spektrum.de__engelbart.html": ('li[id^="li-comment-"]', r"li-comment-(\d+)", ("div.comment-text", False)),
    "backenmachtgluecklich.de__zitronenkuchen.html": ('div[id^="wc-comm-"]', r"wc-comm-(\d+)_(\d+)",
                                                      ("div.wc-comment-text", False)),
    "oekonomenstimme.org__keynes.html": ('li[id^="comment-"]', r"comment-(\d+)", (None, True)),
    "happyface313.com__plantur.html": ('li[id^="li-comment-"]', r"li-comment-(\d+)", ("div.extra-wrap", True)),
    "grossefragen.wordpress.com__projekt.html": ('li[id^="li-comment-"]', r"li-comment-(\d+)",
                                                 ("div.comment-body", False)),
    "exxpress.at__zaehne.html": ('li[id^="comment-"]', r"comment-(\d+)", ("div.comment-body", True)),
    "stylegart.de__naturkosmetik.html": ('li[id^="li-comment-"]', r"li-comment-(\d+)", ("div.comment-text", False)),
    "zulang.wordpress.com__genitalverstuemmelung.html": ('li[id^="li-comment-"]', r"li-comment-(\d+)",
                                                         ("div.comment-content", True)),
    "franziska-elea.de__vuitton.html": ('li[id^="comment-"]', r"comment-(\d+)", ("div.comment-body", True)),
}


def readme_row(name: str) -> dict[str, int]:
    """Comment count, replies and max depth as the corpora README states them."""
    row = next(line for line in (CORPORA / "README.md").read_text().splitlines() if f"html_comments/{name}" in line)
    notes = row.split("|")[5]
    return {"count": int(re.search(r"(\d+) (?:comments|entries)", notes).group(1)),
            "replies": int(re.search(r"(\d+) repl", notes).group(1)),
            "max_depth": int(re.search(r"max depth (\d+)", notes).group(1))}


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def unmark(text: str, node) -> str:
    """Our text without the "> " and "- "/"N. " prefixes the reader gives the lines of the
    quotes and list items that the source ``node`` holds (its plain text has neither)."""
    if node is not None and node.css_first("blockquote") is not None:
        text = re.sub(r"(?m)^>+ ", "", text)
    if node is not None and any("comment" not in (li.attributes.get("class") or "") for li in node.css("li")):
        text = re.sub(r"(?m)^ *(?:-|\d+\.) ", "", text)
    return text


def in_aside(node) -> bool:
    node = node.parent
    while node is not None:
        if node.tag == "aside":
            return True
        node = node.parent
    return False


def source_text(node, body: str | None, paragraphs: bool) -> str:
    """The comment's words as the page shows them: its body, or the body's own
    ``<p>`` children (the author/date/like box beside them left out), the title
    first where the site gives comments one (a generated "AW: …" subject is not text)."""
    base = node.css_first(body) if body else node
    if base is None:
        return ""
    if not paragraphs:
        return base.text()
    out = []
    if body is None:
        title = node.css_first("h2")
        if title is not None and not title.text().strip().startswith("AW:"):
            out.append(title.text())
    child = base.child
    while child is not None:
        if child.tag in ("p", "blockquote") and not (child.attributes.get("id") or "").startswith("comment-like"):
            out.append(child.text())
        child = child.next
    return " ".join(out)


def expected(name: str):
    """(id → parent, id → text) computed with this page's own selectors."""
    container, id_pattern, (body, paragraphs) = PAGES[name]
    tree = LexborHTMLParser(corpus(f"html_comments/{name}").read_text())
    nodes = [n for n in tree.css(container) if not in_aside(n) and re.fullmatch(id_pattern, n.attributes["id"])]
    ids = {n.mem_id: re.fullmatch(id_pattern, n.attributes["id"]).group(1) for n in nodes}
    parents, texts, bodies = {}, {}, {}
    for n in nodes:
        cid = ids[n.mem_id]
        m = re.fullmatch(id_pattern, n.attributes["id"])
        if m.lastindex == 2:  # wpDiscuz names the parent
            parents[cid] = None if m.group(2) == "0" else m.group(2)
        else:
            up = n.parent
            while up is not None and up.mem_id not in ids:
                up = up.parent
            parents[cid] = ids[up.mem_id] if up is not None else None
        pingback = "pingback" in (n.attributes.get("class") or "")
        texts[cid] = source_text(n, "div.comment-body" if pingback else body, paragraphs and not pingback)
        bodies[cid] = n.css_first(body) if body else n
    return parents, texts, bodies


@pytest.mark.parametrize("name", sorted(PAGES))
def test_comment_page_tree_and_texts(name):
    parents, texts, bodies = expected(name)
    stated = readme_row(name)
    result = read(corpus(f"html_comments/{name}"))
    assert_tree(result, parents)
    comments = result.comments
    assert len(comments) == stated["count"]
    assert sum(c.parent_id is not None for c in comments) == stated["replies"]
    assert max(c.depth for c in comments) == stated["max_depth"]
    for c in comments:
        assert squeeze(texts[c.id]), (c.id, "the page shows words for every comment")
        assert c.text, (c.id, "a comment whose source has text gets text")
        # exactly the body: no furniture, nothing lost (quotes and list items marked)
        assert squeeze(unmark(c.text, bodies[c.id])) == squeeze(texts[c.id]), c.id
        assert "\n\n\n" not in c.text and c.text == c.text.strip()
    article = result.threads[0].thread.article_text or ""
    assert not any(c.text in article for c in comments if len(c.text) > 30)  # the post, not its comments
    people = [c for c in comments if c.kind == "comment"]
    assert all(c.author for c in people) and all(c.created_at for c in people)  # every theme shows both
    assert not any(c.text.startswith(c.author) and c.author not in texts[c.id][:80] for c in people)


def test_paragraphs_and_entities_survive():
    result = read(corpus("html_comments/stylegart.de__naturkosmetik.html"))
    c = {c.id: c for c in result.comments}["27691"]
    assert c.text == ("Ich verwende sehr viel Naturkosmetik, denn wir haben nur eine Haut und die sollte gesund "
                      "gepflegt werden.\n\nLiebe Grüße,\nMelanie")


def test_sidebar_recent_comments_are_not_the_thread():
    path = corpus("html_comments/spektrum.de__engelbart.html")
    tree = LexborHTMLParser(path.read_text())
    sidebar = {n.attributes["id"][len("li-comment-"):] for n in tree.css('li[id^="li-comment-"]') if in_aside(n)}
    assert len(sidebar) == 5
    ours = {c.id for c in read(path).comments}
    assert not sidebar & ours


@pytest.mark.parametrize("name,declared", [("backenmachtgluecklich.de__zitronenkuchen.html", 112),
                                           ("grossefragen.wordpress.com__projekt.html", 142)])
def test_paged_section_says_declared_and_found(name, declared):
    path = corpus(f"html_comments/{name}")
    text = path.read_text()
    # what the page states: wpDiscuz's header number, or "142 Antworten zu …"
    assert re.search(rf'wpd-cc-value">{declared}<|\b{declared} Antworten', text)
    result = read(path)
    (pt,) = result.threads
    assert pt.thread.declared_count == declared and pt.thread.comment_count == readme_row(name)["count"]
    assert any("split over pages" in n and f"page says {declared}" in n for n in result.notes)
    # the comments on the other pages are the ones the source says exist but the file lacks
    assert pt.thread.unloaded_count == declared - pt.thread.comment_count
    assert f"{pt.thread.unloaded_count:,} unloaded" in result.summary()


def test_thread_metadata_from_the_page():
    path = corpus("html_comments/foxyfolksy.com__buttercream.html")
    tree = LexborHTMLParser(path.read_text())
    canonical = tree.css_first('link[rel="canonical"]').attributes["href"]
    (pt,) = read(path).threads
    assert pt.thread.url == canonical and pt.thread.site == "foxyfolksy.com"
    assert pt.thread.title and pt.thread.title.startswith("Chocolate Buttercream")
    assert pt.thread.declared_count == 80


@pytest.mark.parametrize("name", sorted(p.name for p in (CORPORA / "html_wordpress").glob("*.md")) or ["(absent)"])
def test_wordpress_list_texts_are_the_comment_content(name):
    path = corpus(f"html_wordpress/{name}")
    tree = LexborHTMLParser(path.read_text())
    texts = {n.attributes["id"][len("comment-"):]: n.css_first("div.comment-content")
             for n in tree.css('li[id^="comment-"]')}
    result = read(path)
    for c in result.comments:
        source = texts[c.id].text() if texts[c.id] is not None else ""
        if squeeze(source):
            assert c.text and squeeze(unmark(c.text, texts[c.id])) == squeeze(source), c.id


def test_a_protocol_relative_canonical_link_gets_a_scheme(tmp_path):
    """``<link rel=canonical href="//host/…">``: the thread's id and url take the scheme of
    og:url, else of the page's own absolute links to that host; without either it stays as
    the page gives it (no scheme is made up)."""
    from conftest import FIXTURES

    page = (FIXTURES / "protocol_relative.html").read_text(encoding="utf-8")
    want = "https://www.kuchenblog.example.de/rezepte/apfelkuchen-vom-blech.html"
    variants = {"og_url": page, "links": re.sub(r"<meta property=\"og:url\"[^>]*>", "", page)}
    variants["neither"] = variants["links"].replace("https://www.kuchenblog.example.de/", "/")
    got = {}
    for name, text in variants.items():
        (tmp_path / f"{name}.html").write_text(text, encoding="utf-8")
        (pt,) = read(tmp_path / f"{name}.html").threads
        assert len(pt.comments) == 2 and pt.thread.site == "kuchenblog.example.de"
        assert pt.thread.thread_id == pt.thread.url
        got[name] = pt.thread.url
    assert got == {"og_url": want, "links": want, "neither": want.removeprefix("https:")}


@pytest.mark.parametrize("name", sorted(p.name for p in (CORPORA / "html_comments").glob("*.html")) or ["(absent)"])
def test_every_page_url_is_absolute(name):
    """Every real page gets an absolute url: the one its head names (backenmachtgluecklich.de's
    canonical link is protocol-relative, its og:url is not), else (exxpress.at) the address
    that all its comment permalinks share; the url is then the thread's id."""
    path = corpus(f"html_comments/{name}")
    (pt,) = read(path).threads
    page = path.read_text(encoding="utf-8", errors="replace")
    assert re.match(r"https?://", pt.thread.url) and pt.thread.thread_id == pt.thread.url, pt.thread.url
    if not re.search(r"rel=\"canonical\"|og:url", page):
        permalinks = set(re.findall(r'href="([^"#]+)#comment-\d+"', page))
        assert permalinks == {pt.thread.url}


#: Labels of share/like buttons, related-post lists and recipe-card links found inside these pages'
#: post elements (by their plugins' classes); none is article text.
WIDGET_LABELS = ("Teilen mit:", "Liken", "Jump to Recipe", "Sharing is caring", "Share It!", "Pin It!", "twittern",
                 "Spread the news", "Zum Rezept", "Wird geladen", "Ähnliche Beiträge", "534shares")


@pytest.mark.parametrize("name", [pytest.param(name, marks=pytest.mark.xfail(
    strict=True, reason="the post's element holds the comments, and a column of teasers is marked .article-body"))
    if name.startswith("exxpress") else name for name in sorted(PAGES)])
def test_article_text_is_the_post_without_plugin_widgets(name):
    """Every page's post is read (two were empty: a body split in sibling ``.the-content``
    parts, an XHTML ``div.article > div.text``), without share buttons or related posts."""
    page = LexborHTMLParser(corpus(f"html_comments/{name}").read_text(encoding="utf-8", errors="replace"))
    article = read(corpus(f"html_comments/{name}")).threads[0].thread.article_text or ""
    assert len(article) > 2000, name
    assert not [label for label in WIDGET_LABELS if label in article], name
    first = next(p.text().strip() for p in page.css("p") if len(p.text().strip()) > 120)  # the post's first paragraph
    assert squeeze(first)[:100] in squeeze(article), name


def test_html_wordpress_files_have_no_heading_as_article():
    """The lemire.me files hold the comment list under its "[N thoughts on …](…)" heading only."""
    paths = sorted((CORPORA / "html_wordpress").glob("*.md"))
    if not paths:
        pytest.skip(f"shared corpus not available: {CORPORA / 'html_wordpress'}")
    for path in paths:
        (pt,) = read(path).threads
        assert pt.thread.article_text is None and pt.thread.declared_count == len(pt.comments), path.name
