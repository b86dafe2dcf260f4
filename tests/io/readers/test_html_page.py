"""HTML pages written here: detection by structure in markups the corpora lack, the
parse summary's report of empty texts and of stated vs found counts."""

from __future__ import annotations

import pytest

from conftest import read, run

PAGE = """<!DOCTYPE html><html><head><title>Post | Blog</title>
<meta property="og:url" content="https://blog.example.net/post/"></head><body>
<aside class="widget"><ul><li id="comment-9" class="comment">Neuester Kommentar aus einem anderen
Beitrag</li></ul></aside>
<h2 class="comments-title">5 Kommentare</h2>
<div class="commentlist">
 <div id="div-comment-1" class="comment depth-1"><span class="comment-author">Ann</span>
  <div class="text"><p>Erster &amp; bester.</p><p>Zweiter Absatz.</p></div></div>
 <div id="div-comment-2" class="comment depth-2"><span class="comment-author">Bo</span>
  <div class="text"><p>Antwort <b>fett</b></p></div><a class="comment-reply-link">Antworten</a></div>
 <div id="div-comment-3" class="comment depth-1"><span class="comment-author">Cy</span>
  <span class="comment-date">3. März 2021</span></div>
</div>
<div id="recent-comments-3"><ol><li id="li-comment-12" class="comment">Anderswo</li></ol></div>
<a href="https://blog.example.net/post/comment-page-2/#comments">Ältere Kommentare</a>
<a href="https://blog.example.net/post/comment-page-1/#comments">1</a>
</body></html>"""


def test_flat_list_nests_by_depth_classes_and_skips_widgets(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE)
    result = read(path)
    (pt,) = result.threads
    c = {c.id: c for c in result.comments}
    assert set(c) == {"1", "2", "3"}  # the widget's comment is another post's
    assert (c["1"].parent_id, c["2"].parent_id, c["3"].parent_id) == (None, "1", None)
    assert c["1"].text == "Erster & bester.\n\nZweiter Absatz." and c["1"].author == "Ann"
    assert c["2"].text == "Antwort fett"
    assert (c["3"].text, c["3"].created_at) == ("", "2021-03-03")
    # "| Blog" is the site's name (its host blog.example.net): no part of the post's title
    assert (pt.thread.site, pt.thread.url, pt.thread.title) == ("blog.example.net", "https://blog.example.net/post/",
                                                                 "Post")
    assert pt.thread.declared_count == 5


def test_summary_reports_empty_texts_and_stated_count(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE)
    result = run("parse", str(path), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 0
    assert "1 comment with empty text" in result.stderr
    assert "page says 5, found 3" in result.stderr
    assert "split over pages" in result.stderr


def test_html_page_without_comments_is_said(tmp_path):
    path = tmp_path / "plain.html"
    path.write_text("<!doctype html><html><body><p>Nur ein Artikel.</p></body></html>")
    result = run("parse", str(path), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 0 and "no comment section recognised" in result.stderr


def test_four_thousand_levels_of_nested_divs(tmp_path):
    """Up to the page's nesting limit (4,096 elements: lexbor's time grows with the square of the
    depth) every level is kept and walked without recursion."""
    n = 4_000
    parts = ["<!DOCTYPE html><html><body><div id='comments'>"]
    for i in range(n):
        parts.append(f'<div id="wc-comm-{i + 1}_{i}" class="wc-comment"><div id="comment-{i + 1}">'
                     f'<div class="wc-comment-author">A{i}</div><div class="wc-comment-text"><p>x{i}</p></div></div>')
    parts.append("</div>" * n + "</div></body></html>")
    path = tmp_path / "deep.html"
    path.write_text("".join(parts))
    comments = read(path).comments
    assert len(comments) == n and max(c.depth for c in comments) == n - 1
    assert (comments[-1].parent_id, comments[-1].text, comments[-1].author) == (str(n - 1), f"x{n - 1}", f"A{n - 1}")
    assert all(not c.flags for c in comments)


def test_xhtml_page_with_xml_declaration_is_a_page(tmp_path):
    path = tmp_path / "x.html"
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
                    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
                    '<body><ul class="comments"><li id="comment-7"><span class="metadata">geschrieben von Ida am '
                    '3. Mai 2014, 10:00</span><p>Gut.</p><ul class="comments"><li class="7" id="comment-8"><p>Ja.</p>'
                    '</li></ul></li></ul></body></html>')
    c = {c.id: c for c in read(path).comments}
    assert (c["7"].author, c["7"].created_at, c["7"].text) == ("Ida", "2014-05-03T10:00", "Gut.")
    assert (c["8"].parent_id, c["8"].text) == ("7", "Ja.")


def test_wpdiscuz_7_markup(tmp_path):
    """wpDiscuz 7 writes wpd-comm-N_PARENT; its labels, votes and reply buttons are furniture."""
    def comment(n, parent, inner=""):
        return (f'<div id="wpd-comm-{n}_{parent}" class="comment wpd-comment wpd_comment_level-1">'
                f'<div class="wpd-comment-wrap" id="comment-{n}"><div class="wpd-comment-header">'
                f'<div class="wpd-comment-author">P{n}</div><div class="wpd-comment-label">Gast</div>'
                f'<div class="wpd-comment-date">12. März 2021 10:0{n}</div></div>'
                f'<div class="wpd-comment-text"><p>Text {n}</p></div><div class="wpd-comment-footer">'
                f'<div class="wpd-vote"><div class="wpd-vote-result">3</div></div>'
                f'<div class="wpd-reply-button">Antworten</div></div></div>'
                f'<div class="wpd-comment-replies">{inner}</div></div>')

    path = tmp_path / "wpd.html"
    path.write_text("<!DOCTYPE html><html><body><div id='wpd-threads'>"
                    + comment(1, 0, comment(2, 1, comment(3, 2))) + comment(4, 0) + "</div></body></html>")
    c = {c.id: c for c in read(path).comments}
    assert [(k, c[k].parent_id, c[k].depth) for k in "1234"] == [("1", None, 0), ("2", "1", 1), ("3", "2", 2),
                                                                  ("4", None, 0)]
    assert all(c[k].text == f"Text {k}" and c[k].author == f"P{k}" for k in "1234")
    assert c["3"].created_at == "2021-03-12T10:03"


_POST = """<!DOCTYPE html><html lang="de"><head><title>Zitronenkuchen</title></head><body>
<main class="main"><div class="the-content"><p>{one}</p>
<a class="wprm-recipe-jump wprm-recipe-link" href="#recipe">Zum Rezept</a></div>
<div class="ad">Anzeige</div>
<div class="the-content"><p>{two}</p>
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Teilen mit:</h3><ul><li>Twitter</li></ul>
<div class="sharedaddy sd-like"><span>Liken</span></div></div>
<div class="dpsp-content-wrapper"><p class="dpsp-share-text">Sharing is caring!</p><span>534shares</span></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3>Ähnliche Beiträge</h3></div></div>
<ol class="comment-list"><li id="comment-1" class="comment depth-1"><article id="div-comment-1" class="comment-body">
<footer class="comment-meta"><b class="fn">Anna</b><time datetime="2020-01-01T10:00:00+00:00">1. Januar</time></footer>
<div class="comment-content"><p>Sehr lecker, danke!</p></div></article></li></ol></main></body></html>"""


def test_article_is_the_body_split_in_parts_without_share_buttons(tmp_path):
    """A theme that splits the post into sibling parts around an ad: all parts, in order (only the
    longest was read: the start of the post was lost); share and like buttons, related posts and a
    recipe card's jump link are plugin widgets, not the article."""
    one = "Oft braucht es für den großen Genuss gar keine besonders raffinierte Technik. " * 3
    two = "Der Teig wird auf dem Blech gebacken und noch warm mit Zitronensirup getränkt. " * 5
    path = tmp_path / "kuchen.html"
    path.write_text(_POST.format(one=one.strip(), two=two.strip()), encoding="utf-8")
    result = read(path)
    assert result.threads[0].thread.article_text == one.strip() + "\n\n" + two.strip()
    assert [c.text for c in result.comments] == ["Sehr lecker, danke!"]


def test_article_inside_a_post_element_that_holds_the_comments(tmp_path):
    """A theme that puts the comment section inside the post's element: the post was empty (every
    marked element holds comments); now the element's text without its comment section and reply form."""
    body = "Die Kosten für Festspielbesuche des Bundespräsidenten sorgen für Kritik. " * 6
    page = (f'<!DOCTYPE html><html><head><title>Festspiele</title></head><body><div class="entry-content">'
            f'<p>{body.strip()}</p><div id="comments" class="comments-area"><h2>2 Kommentare</h2>'
            '<ul class="comments-list"><li id="comment-7" class="comment depth-1"><div id="div-comment-7" class="comment-body">'
            '<cite class="fn">Karl</cite><p>Eine Frechheit.</p></div></li></ul>'
            '<div id="respond" class="comment-respond"><h3>Schreibe einen Kommentar</h3></div></div></div></body></html>')
    path = tmp_path / "festspiele.html"
    path.write_text(page, encoding="utf-8")
    result = read(path)
    assert result.threads[0].thread.article_text == body.strip()
    assert [(c.author, c.text) for c in result.comments] == [("Karl", "Eine Frechheit.")]


@pytest.mark.parametrize("lead", ['<h3>You may also like</h3>', '<h3>Ähnliche Beiträge</h3>',
                                  '<div class="related-posts"><h3>Mehr</h3></div>'])
def test_a_teaser_block_reusing_the_body_class_is_no_part_of_the_article(tmp_path, lead):
    """A related-post teaser block that reuses the body's class (".entry-content") beside the body
    was read as a sibling part: another post's teaser became this post's text. A sibling marked as
    a teaser (by its heading's words or a related/teaser class) is left out; real parts are kept."""
    body = "This is the real post body, about growing lemons from seed indoors. " * 6
    teaser = "OTHER POST: a different article teaser that is not this post. " * 3
    path = tmp_path / "sib.html"
    path.write_text(f"""<!DOCTYPE html><html lang="en"><head><title>T</title></head><body><main><div class="post-wrap">
<div class="entry-content"><p>{body}</p></div>
<div class="entry-content">{lead}<p>{teaser}</p></div></div>
<div id="comments" class="comments-area"><ol class="comment-list"><li id="comment-1" class="comment depth-1">
<article id="div-comment-1" class="comment-body"><footer class="comment-meta"><b class="fn">Ann</b></footer>
<div class="comment-content"><p>Nice one</p></div></article></li></ol></div></main></body></html>""", encoding="utf-8")
    result = read(path)
    assert result.threads[0].thread.article_text == body.strip()
    assert [c.text for c in result.comments] == ["Nice one"]
