"""HTML readers faithful to the page: quotes and list items recognisable in the text,
the post's date, comments on other pages counted as unloaded, votes and ratings, pingback
links, the page address from comment permalinks, titles without the site's name, mojibake
flagged. A page written here (tests/fixtures/wp_page_quotes_votes.html) shows each class of
markup; the real pages of ../shared/corpora/ show it where the corpus has them."""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, corpus, read

PAGE = FIXTURES / "wp_page_quotes_votes.html"


def page(tmp_path, text: str):
    path = tmp_path / "page.html"
    path.write_text(text, encoding="utf-8")
    return read(path)


def by_id(result) -> dict:
    return {c.id: c for c in result.comments}


def test_quotes_and_lists_keep_their_marks():
    """A quoted passage is not the commenter's own words: each of its lines starts with "> "
    (">> " in a quote's quote); list items keep "- " / "1. "."""
    c = by_id(read(PAGE))
    assert c["502"].text == "> Walnüsse statt Rosinen\n\n>> Rosinen gehören hinein!\n\nDas probiere ich auch."
    assert c["501"].text == ("Gelungen! Meine Änderungen:\n\n- mehr Zimt\n- Walnüsse statt Rosinen\n\n"
                             "1. Teig rasten lassen\n2. dünn ausziehen")


def test_votes_ratings_and_pingback_links_go_to_meta():
    """Counters as the page states them (a blank counter states nothing), a star rating
    image's value, a pingback's link target and the linking page's title as author."""
    c = by_id(read(PAGE))
    assert c["501"].meta == {"rating": 4, "likes": 7}
    assert c["502"].meta == {"likes": 2, "dislikes": 1}
    assert c["503"].kind == "pingback" and c["503"].author == "Strudel-Rundschau – Backblog"
    assert c["503"].meta == {"url": "https://backblog.example.de/strudel-rundschau/"}
    assert c["503"].text == "Pingback: Strudel-Rundschau – Backblog"  # the text stays as shown


def test_thread_from_the_page_head_and_permalinks():
    result = read(PAGE)
    (pt,) = result.threads
    t = pt.thread
    # no canonical link or og:url: the address all comment permalinks share
    assert t.url == t.thread_id == "https://kuchenwerkstatt.example.at/apfelstrudel/"
    assert t.title == "Apfelstrudel wie bei Oma"  # " | Kuchenwerkstatt" is og:site_name
    assert t.published_at == "2021-03-02T09:15:00+01:00"  # the Article's, not the WebPage's or Recipe's
    # page 1 of 2, the page says 12: the 9 others are unloaded, and said
    assert (t.declared_count, t.comment_count, t.unloaded_count) == (12, 3, 9)
    assert any("split over pages (page says 12, found 3" in n for n in result.notes)
    assert "Folge mir auf Instagram!\nAlle neuen Rezepte" in t.article_text
    assert "Frisch aus dem Ofen\nFoto: Kuchenwerkstatt" in t.article_text


def test_published_at_sources_in_order(tmp_path):
    """JSON-LD's Article first, then article:published_time, then a <time> in the post's header."""
    text = PAGE.read_text(encoding="utf-8")
    no_ld = re.sub(r"<script type=\"application/ld\+json\">.*?</script>", "", text, flags=re.S)
    assert page(tmp_path, no_ld).threads[0].thread.published_at == "2021-03-02T08:00:00Z"
    no_meta = re.sub(r"<meta property=\"article:published_time\"[^>]*>", "", no_ld)
    assert page(tmp_path, no_meta).threads[0].thread.published_at == "2021-03-02T09:15:00+01:00"
    broken = text.replace('"@graph":[', '"@graph":[,')  # not JSON: the next source is read
    assert page(tmp_path, broken).threads[0].thread.published_at == "2021-03-02T08:00:00Z"


def test_a_suffix_that_is_not_the_site_name_stays(tmp_path):
    text = PAGE.read_text(encoding="utf-8").replace("Oma | Kuchenwerkstatt", "Oma | Schritt für Schritt")
    assert page(tmp_path, text).threads[0].thread.title == "Apfelstrudel wie bei Oma | Schritt für Schritt"


def test_an_unpaged_section_has_nothing_unloaded(tmp_path):
    text = re.sub(r'<div class="navigation">.*?</div>', "", PAGE.read_text(encoding="utf-8"), flags=re.S)
    (pt,) = page(tmp_path, text).threads
    assert (pt.thread.declared_count, pt.thread.unloaded_count) == (12, 0)


def test_mojibake_is_flagged_and_counted(tmp_path):
    text = PAGE.read_text(encoding="utf-8").replace("Das probiere ich auch.", "Das â€œprobiereâ€\x9d ich fÃ¼r mich.")
    result = page(tmp_path, text)
    c = by_id(result)
    assert c["502"].flags == ["mojibake"] and "â€œprobiereâ€\x9d" in c["502"].text  # kept as given
    assert not c["501"].flags
    assert any("1 comment with mojibake" in n for n in result.notes)


# --- the real pages -----------------------------------------------------------------------


def test_corpus_quotes_are_marked():
    java = by_id(read(corpus("html_wordpress/03-28-comment-java-is-not-a-safe-language.md")))
    assert java["397912"].text.startswith("> Starting with Java 8, you have Optional objects")
    assert "\n\nOptional can also be null." in java["397912"].text
    spektrum = by_id(read(corpus("html_comments/spektrum.de__engelbart.html")))
    assert "\n\n> 1.)\n> Die Wörter werden länger" in spektrum["2815"].text
    assert spektrum["2779"].text.split("\n\n")[1].startswith("> Wenn Genderstereotype")


@pytest.mark.parametrize("name,key,counts", [
    ("exxpress.at__zaehne.html", "likes", {"896069": 3}),
    ("flawlessfood.co.uk__olive.html", "rating", {"1167": 5}),
    ("foxyfolksy.com__buttercream.html", "rating", {"57224": 5}),
    ("backenmachtgluecklich.de__zitronenkuchen.html", "votes", {"52951": 0}),
])
def test_corpus_votes_and_ratings(name, key, counts):
    path = corpus(f"html_comments/{name}")
    page_text = path.read_text(encoding="utf-8")
    c = by_id(read(path))
    for cid, value in counts.items():
        assert c[cid].meta[key] == value
    stated = {"likes": r'cld-like-count-wrap cld-count-wrap">\d', "rating": r'wprm-comment-rating"[^>]*alt="\d stars"',
              "votes": r'wc-vote-result">-?\d'}[key]
    assert sum(key in x.meta for x in c.values()) == len(re.findall(stated, page_text))


def test_corpus_pingbacks_keep_link_and_title():
    path = corpus("html_comments/californiaglobe.com__amazon.html")
    pings = [c for c in read(path).comments if c.kind == "pingback"]
    assert len(pings) == 8
    assert all(c.meta["url"].startswith("http") and c.author and c.text == f"Pingback: {c.author}" for c in pings)
    assert pings[0].meta["url"] == "https://news.ycombinator.com/item?id=24174276"


@pytest.mark.parametrize("name,published", [
    ("foxyfolksy.com__buttercream.html", "2018-01-28T03:38:45Z"),
    ("californiaglobe.com__amazon.html", "2020-08-14T21:30:04Z"),
    ("backenmachtgluecklich.de__zitronenkuchen.html", "2020-02-17T08:00:00Z"),  # JSON-LD has a Recipe only
    ("zulang.wordpress.com__genitalverstuemmelung.html", "2015-12-12T05:00:37Z"),
])
def test_corpus_published_at(name, published):
    assert read(corpus(f"html_comments/{name}")).threads[0].thread.published_at == published


def test_corpus_titles_and_article_breaks():
    backen = read(corpus("html_comments/backenmachtgluecklich.de__zitronenkuchen.html")).threads[0].thread
    assert backen.title == "Saftiger Zitronenkuchen vom Blech"
    assert "Folge mir auf Instagram!\nAlle neuen Rezepte" in backen.article_text
    spektrum = read(corpus("html_comments/spektrum.de__engelbart.html")).threads[0].thread
    assert spektrum.title == "Die Ablehnung der Gendersprache"
    franziska = read(corpus("html_comments/franziska-elea.de__vuitton.html")).threads[0].thread
    assert franziska.title.endswith("– Fashionblog aus Köln")  # not the site's name: kept


@pytest.mark.parametrize("name,count", [
    ("01-16-comment-best-programming-language-for-high-performance-january-2017.md", 8),
    ("04-02-comment-setting-up-a-robust-minecraft-server-on-a-raspberry-pi.md", 13),
    ("03-28-comment-java-is-not-a-safe-language.md", 0),
])
def test_corpus_mojibake_flagged(name, count):
    result = read(corpus(f"html_wordpress/{name}"))
    flagged = [c for c in result.comments if "mojibake" in c.flags]
    assert len(flagged) == count
    assert all(re.search("â€|Â´", c.text) for c in flagged)


@pytest.mark.parametrize("block", ["[" * 100_000, '{"@type": {"a": 1}, "datePublished": 5}', '"text"',
                                   '{"@graph": [3, null, {"@type": [{}, "Recipe"], "datePublished": "2020-01-01"}]}'])
def test_json_ld_of_any_shape_is_no_crash(tmp_path, block):
    """JSON-LD is page content: nested 100,000 deep, of another shape, or naming no post, it
    gives no date, and the next source (article:published_time) is read."""
    text = re.sub(r"(<script type=\"application/ld\+json\">).*?(</script>)", lambda m: m.group(1) + block + m.group(2),
                  PAGE.read_text(encoding="utf-8"), flags=re.S)
    assert page(tmp_path, text).threads[0].thread.published_at == "2021-03-02T08:00:00Z"


LIST_QUOTES = FIXTURES / "wp_list_quotes.html"
#: Bernd answers point by point: each item of his list holds a quote, then his words; then he
#: quotes a list (Jetpack's Markdown renders "1. > …" and "> - …" so)
POINT_BY_POINT = ("Der Reihe nach:\n\n"
                  "1. > weniger Lärm\n\nNachts fährt hier ohnehin kaum jemand.\n\n"
                  "2. > sicherere Schulwege\n\n   > bessere Luft\n\nDafür gibt es schon Zebrastreifen.\n\n"
                  "> - Alle drei stimmen.\n\nDas sehe ich anders.")


def test_a_quote_inside_a_list_item_is_nested_as_a_reader_sees_it(tmp_path):
    """The item holds the quote ("1. > q", the quote's other lines under the item's text), not
    the quote the item ("> 1. q"); a quoted list stays "> - q". Page reader and CSV cell agree."""
    c = by_id(read(LIST_QUOTES))
    assert c["72"].text == POINT_BY_POINT
    assert c["71"].text == ("Die Verwaltung nennt drei Gründe:\n\n- weniger Lärm\n- sicherere Schulwege\n"
                            "- bessere Luft\n\nAlle drei stimmen.")
    html = LIST_QUOTES.read_text(encoding="utf-8")
    body = html[html.index("<p>Der Reihe nach:"):html.index("</div>", html.index("<p>Der Reihe nach:"))]
    cell = tmp_path / "export.csv"
    cell.write_text('id,author,text\n72,Bernd K.,"' + body.replace('"', '""') + '"\n', encoding="utf-8")
    assert read(cell).comments[0].text == POINT_BY_POINT


def test_an_item_without_text_gives_no_mark_to_the_paragraph_after_its_list(tmp_path):
    """A gallery's image-only items (flawlessfood.co.uk's recipe steps): the paragraph after
    the list is no list item ("- If you are serving…" before)."""
    from comments.text.html_text import html_to_text

    assert html_to_text('<ul><li><figure><img src="a.jpg"></figure></li></ul><p>If you are serving</p>') == \
        "If you are serving"
    assert html_to_text("<blockquote><ul><li></blockquote><p>Eigene Worte</p>") == "Eigene Worte"
