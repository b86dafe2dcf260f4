"""Comments by the post's author, as the source states it, in ``meta.post_author``: the
WordPress ``bypostauthor`` class and wpDiscuz's ``…-blog-post_author`` on every page of
../shared/corpora/html_comments and html_wordpress (counted here with CSS queries), the
export's author ids or e-mail in WXR and Disqus, the story's username on Hacker News, and
Reddit's own ``is_submitter``. SPEC has no column for it: ``meta`` holds what the source
says that no column takes."""

from __future__ import annotations

import json

import pytest
from selectolax.lexbor import LexborHTMLParser

from comments.model.records import Comment
from conftest import CORPORA, corpus, read

_MARKED = ".bypostauthor, .wc-blog-post_author, .wpd-blog-post_author"


def _comments(result):
    return [c for pt in result.threads for c in pt.comments]


def _pages():
    folders = [CORPORA / "html_comments", CORPORA / "html_wordpress"]
    return sorted(p.name for f in folders if f.exists() for p in f.iterdir() if p.suffix in (".html", ".md"))


@pytest.mark.parametrize("name", _pages() or ["(corpora absent)"])
def test_every_page_marks_exactly_the_comments_its_markup_gives_the_post_author(name):
    folder = "html_comments" if name.endswith(".html") else "html_wordpress"
    path = corpus(f"{folder}/{name}")
    tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
    ids = set()
    for node in tree.css(_MARKED):
        ident = node.attributes.get("id") or ""
        up = node.parent
        while up is not None and up.tag != "body":  # a sidebar widget repeats comment markup: not the thread
            if up.tag == "aside" or "widget" in (up.attributes.get("class") or ""):
                break
            up = up.parent
        else:
            ids.add(ident.rsplit("-", 1)[-1].split("_")[0])
    marked = {c.id for c in _comments(read(path)) if c.meta.get("post_author") is True}
    assert marked == ids


def test_flawlessfood_every_reply_is_the_blog_authors():
    comments = _comments(read(corpus("html_comments/flawlessfood.co.uk__olive.html")))
    replies = [c for c in comments if c.depth]
    assert len(comments) == 24 and len(replies) == 11
    assert all(c.by_post_author and c.author == "Kay" for c in replies)
    assert not any(c.by_post_author for c in comments if not c.depth)


def test_spektrum_only_reply_is_the_authors_and_the_sidebar_adds_none():
    comments = _comments(read(corpus("html_comments/spektrum.de__engelbart.html")))
    assert [(c.depth, c.author) for c in comments if c.by_post_author] == [(1, "Henning Lobin")]


_PAGE = """<!doctype html><html><body><article><p>Post.</p></article><div id="comments"><ol class="comment-list">
<li id="comment-1" class="comment byuser comment-author-anna depth-1"><article id="div-comment-1">
 <footer><b class="fn">Anna</b></footer><div class="comment-content"><p>Where is it sold?</p></div></article>
 <ol class="children"><li id="comment-2" class="comment byuser comment-author-host bypostauthor depth-2">
 <article id="div-comment-2"><footer><b class="fn">Host</b></footer>
 <div class="comment-content"><p>In the shop, thanks!</p></div></article></li></ol></li>
<li id="comment-3" class="comment depth-1"><article id="div-comment-3"><footer><b class="fn">Host fan</b></footer>
 <div class="comment-content"><p>Great.</p></div></article></li></ol></div>
<div id="wpd-comm-7_0" class="wpd-comment wpd_comment_level-1"><div id="comment-7"><div class="wpd-comment-text">
<p>Lovely.</p></div></div><div id="wpd-comm-8_7" class="wpd-comment wpd-reply wpd-blog-user wpd-blog-post_author
 wpd_comment_level-2"><div id="comment-8"><div class="wpd-comment-text"><p>Thank you.</p></div></div></div></div>
</body></html>"""


def test_team_page_marks_wordpress_and_wpdiscuz_post_author_replies(tmp_path):
    path = tmp_path / "host.example__post.html"
    path.write_text(_PAGE, encoding="utf-8")
    by_id = {c.id: c for c in _comments(read(path))}
    assert {i for i, c in by_id.items() if c.meta.get("post_author")} == {"2", "8"}
    assert by_id["8"].parent_id == "7" and by_id["2"].parent_id == "1"
    assert "post_author" not in by_id["3"].meta  # a name like the host's is not the mark


_WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>B</title><link>https://blog.example.org</link>
<wp:author><wp:author_id>3</wp:author_id><wp:author_login>kay</wp:author_login>
<wp:author_email>Kay@Blog.example.org</wp:author_email></wp:author>
<wp:author><wp:author_id>4</wp:author_id><wp:author_login>other</wp:author_login>
<wp:author_email>other@blog.example.org</wp:author_email></wp:author>
<item><title>Post</title><link>https://blog.example.org/p/</link><dc:creator>kay</dc:creator>
<wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type>
<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>Reader</wp:comment_author>
 <wp:comment_author_email>reader@example.com</wp:comment_author_email><wp:comment_user_id>0</wp:comment_user_id>
 <wp:comment_content>Nice.</wp:comment_content><wp:comment_parent>0</wp:comment_parent></wp:comment>
<wp:comment><wp:comment_id>2</wp:comment_id><wp:comment_author>Kay</wp:comment_author>
 <wp:comment_author_email>kay@blog.example.org</wp:comment_author_email><wp:comment_user_id>3</wp:comment_user_id>
 <wp:comment_content>Thanks!</wp:comment_content><wp:comment_parent>1</wp:comment_parent></wp:comment>
<wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_author>Kay (logged out)</wp:comment_author>
 <wp:comment_author_email>kay@blog.example.org</wp:comment_author_email><wp:comment_user_id>0</wp:comment_user_id>
 <wp:comment_content>Again.</wp:comment_content><wp:comment_parent>1</wp:comment_parent></wp:comment>
<wp:comment><wp:comment_id>4</wp:comment_id><wp:comment_author>Other editor</wp:comment_author>
 <wp:comment_author_email>kay@blog.example.org</wp:comment_author_email><wp:comment_user_id>4</wp:comment_user_id>
 <wp:comment_content>Shared inbox.</wp:comment_content><wp:comment_parent>1</wp:comment_parent></wp:comment>
</item></channel></rss>"""


def test_wxr_post_author_by_user_id_else_e_mail(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(_WXR, encoding="utf-8")
    marked = {c.id: c.meta.get("post_author", False) for c in _comments(read(path))}
    assert marked == {"1": False, "2": True, "3": True, "4": False}  # user 4 is another account


def test_wxr_theme_unit_test_data_marks_the_creators_comments():
    comments = _comments(read(corpus("wordpress/wp-theme-test-data__themeunittestdata.wordpress.xml")))
    marked = [c for c in comments if c.by_post_author]
    assert {c.meta["comment_author_email"] for c in marked} == {"themeshaperwp+demos@gmail.com"}
    assert len(marked) == 4  # the same address on a post by themereviewteam is not its author


_DISQUS = """<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="1"><id>t</id><link>https://news.example.com/t</link><title>T</title>
 <author><name>Editor</name><email>ed@news.example.com</email><username>editor</username></author></thread>
<thread dsq:id="2"><id>u</id><link>https://news.example.com/u</link><title>U</title>
 <author><name>Editor</name><email>ed@news.example.com</email></author></thread>
<post dsq:id="10"><message>Hm.</message><author><name>Reader</name><username>reader</username></author>
 <thread dsq:id="1"/></post>
<post dsq:id="11"><message>Yes.</message><author><name>Editor</name><username>editor</username></author>
 <thread dsq:id="1"/><parent dsq:id="10"/></post>
<post dsq:id="12"><message>Guest.</message><author><name>Editor?</name><email>ed@news.example.com</email>
 <isAnonymous>true</isAnonymous></author><thread dsq:id="2"/></post>
<post dsq:id="13"><message>Me.</message><author><name>Editor</name><email>ED@news.example.com</email>
 <isAnonymous>false</isAnonymous></author><thread dsq:id="2"/><parent dsq:id="12"/></post>
</disqus>"""


def test_disqus_post_author_by_username_else_e_mail_of_a_signed_in_post(tmp_path):
    path = tmp_path / "disqus.xml"
    path.write_text(_DISQUS, encoding="utf-8")
    marked = {c.id: c.by_post_author for c in _comments(read(path))}
    assert marked == {"10": False, "11": True, "12": False, "13": True}


def test_hacker_news_story_author_commenting(tmp_path):
    items = [{"type": "story", "id": 1, "by": "op", "title": "Show HN"},
             {"type": "comment", "id": 2, "by": "hn1", "parent": 1, "story_id": 1, "text": "Cool."},
             {"type": "comment", "id": 3, "by": "op", "parent": 2, "story_id": 1, "text": "Thanks."}]
    path = tmp_path / "hn.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    assert {c.id: c.by_post_author for c in _comments(read(path, fmt="hackernews"))} == {"2": False, "3": True}


def test_reddit_is_submitter_as_given_counts():
    comments = _comments(read(corpus("reddit/reddit_fo7p5b_announcements_polls.json")))
    assert sum(c.by_post_author for c in comments) == sum(c.meta.get("is_submitter") is True for c in comments) > 0
    assert not Comment(meta={"post_author": False}).by_post_author


def test_convokit_post_speaker_commenting(tmp_path):
    """A ConvoKit corpus: the root utterance is the post; a comment by its speaker is the
    post author's ("[deleted]" on both is no one person)."""
    lines = [{"id": "p", "conversation_id": "p", "reply-to": None, "speaker": "op", "text": "Post", "timestamp": 1},
             {"id": "a", "conversation_id": "p", "reply-to": "p", "speaker": "reader", "text": "Q?", "timestamp": 2},
             {"id": "b", "conversation_id": "p", "reply-to": "a", "speaker": "op", "text": "A.", "timestamp": 3},
             {"id": "q", "conversation_id": "q", "reply-to": None, "speaker": "[deleted]", "text": "Gone", "timestamp": 4},
             {"id": "c", "conversation_id": "q", "reply-to": "q", "speaker": "[deleted]", "text": "x", "timestamp": 5}]
    path = tmp_path / "utterances.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert {c.id: c.by_post_author for c in _comments(read(path, fmt="convokit"))} == {"a": False, "b": True,
                                                                                       "c": False}
