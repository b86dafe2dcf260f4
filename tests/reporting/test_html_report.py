"""index.html pieces: summaries through markdown-it (raw HTML stays text), reply trees as balanced items."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from comments.model.records import Comment, ParsedThread, Thread
from comments.model.tree import rebuild
from comments.reporting.html_report import MAX_DEPTH_SHOWN, summary_html, tree_items
from comments.text.textsafe import md


def test_summary_markdown_is_rendered_and_data_stays_text():
    text = f"# Topics\n\nOn **{md('<b>x</b> [a](http://e)')}**, `code`.\n\n- one\n- two {md('*y*')}\n"
    html = summary_html(text)
    assert "<h1>" not in html and "Topics" not in html  # the page has the heading
    assert "<strong>&lt;b&gt;x&lt;/b&gt; [a](http://e)</strong>" in html and "<code>code</code>" in html
    assert "<ul>\n<li>one</li>\n<li>two *y*</li>\n</ul>" in html
    assert "<a " not in html and "<b>" not in html
    assert summary_html("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def _chain(n: int) -> ParsedThread:
    comments = [Comment(id=str(i), parent_id=str(i - 1) if i else None, text=f"reply {i}") for i in range(n)]
    return ParsedThread(Thread(thread_id="t", site="s"), rebuild(comments))


def test_deep_chains_collapse_with_a_note_and_every_details_is_closed():
    items, size = tree_items(_chain(MAX_DEPTH_SHOWN + 10), {})
    opened = sum(kind == "open" for kind, _ in items)
    assert opened == MAX_DEPTH_SHOWN == sum(kind == "close" for kind, _ in items)
    notes = [value for kind, value in items if kind == "note"]
    assert notes == [f"… replies deeper than {MAX_DEPTH_SHOWN} levels not shown"]
    assert size > 0


def test_the_budget_cuts_the_listing_and_counts_the_rest():
    comments = [Comment(id=str(i), text="word " * 50) for i in range(100)]
    pt = ParsedThread(Thread(thread_id="t", site="s"), rebuild(comments))
    items, _ = tree_items(pt, {}, budget=2000)
    shown = sum(kind == "open" for kind, _ in items)
    assert 0 < shown < 100
    assert items[-1] == ("note", f"… {100 - shown} more comments not shown (the tables count every comment; "
                                 "comments parse INPUT -o FILE lists them all)")
    depth = 0
    for kind, _ in items:
        depth += {"open": 1, "close": -1}.get(kind, 0)
        assert depth >= 0
    assert depth == 0


def test_the_page_lists_each_table_once_and_every_summary_file_lists_its_own(raw_report):
    """index.html listed the topics tables twice: in topics.md's "Tables:" line and under the charts."""
    import re
    from collections import Counter

    page = (raw_report / "index.html").read_text(encoding="utf-8")
    listed = Counter(name for line in re.findall(r"Tables: ([^\n]*)", page)
                     for name in re.findall(r">(\w+\.csv)</a>", line))
    written = {p.name for p in raw_report.glob("*.csv")}
    assert set(listed) == written and set(listed.values()) == {1}
    for section in ("topics", "depth", "drift", "compare"):  # the Markdown reader still learns the file names
        last = (raw_report / f"{section}.md").read_text(encoding="utf-8").rstrip().rsplit("\n\n", 1)[-1]
        assert last.startswith("Tables: `") and re.findall(r"\w+\.csv", last) == re.findall(
            r">(\w+\.csv)</a>", re.search(rf'id="{section}".*?class="files">Tables: (.*?)</p>', page, re.S).group(1))


def test_each_table_name_is_a_relative_link_to_its_file(raw_report):
    """index.html named the tables as plain text ("Tables: x.csv"); each is now a link to
    the file beside the page, so the report folder works offline."""
    import re

    page = (raw_report / "index.html").read_text(encoding="utf-8")
    lines = re.findall(r'class="files">Tables: (.*?)</p>', page, re.S)
    assert lines
    for line in lines:
        links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', line)
        assert links and re.sub(r'<a href="[^"]+">[^<]+</a>|, ', "", line) == ""  # every name a link, nothing else
        for href, name in links:
            assert href == name and (raw_report / href).is_file()  # relative, to a written file


def _page_structure(page: str) -> dict:
    """What a text browser relies on: the elements each comment's <details> sits in, the
    text between adjacent badges, and whether a caption's text sits in a block of its own."""
    from html.parser import HTMLParser

    found = {"parents": [], "between_badges": [], "caption_blocks": 0, "captions": 0, "nav_items": 0}

    class Parser(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack: list[str] = []
            self.after_badge: str | None = None

        def handle_starttag(self, tag, attrs):
            if tag == "details":
                found["parents"].append(tuple(self.stack[-2:]))
            if tag == "span" and "badge" in (dict(attrs).get("class") or ""):
                if self.after_badge is not None:
                    found["between_badges"].append(self.after_badge)
                self.after_badge = None
            elif tag != "span":
                self.after_badge = None
            if tag == "div" and self.stack[-1:] == ["figcaption"]:
                found["caption_blocks"] += 1
            found["captions"] += tag == "figcaption"
            found["nav_items"] += tag == "li" and "nav" in self.stack
            if tag not in ("img", "meta", "br"):
                self.stack.append(tag)

        def handle_endtag(self, tag):
            if tag in self.stack:
                del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag):]
            if tag == "span" and self.after_badge is None and "summary" in self.stack:
                self.after_badge = ""

        def handle_data(self, data):
            if self.after_badge is not None:
                self.after_badge += data

    Parser().feed(page)
    return found


def test_the_page_reads_in_a_text_browser_structure(raw_report):
    """lynx showed badges run together ("consumer_rightsquestioningcritical"), the tree
    picture's caption running into the first comment and replies at their parent's indent."""
    page = (raw_report / "index.html").read_text(encoding="utf-8")
    found = _page_structure(page)
    assert found["parents"] and set(found["parents"]) <= {("ul", "li")}  # every comment an item of a list
    assert sum(p == ("ul", "li") for p in found["parents"]) == page.count("<details")
    nested = re.search(r"</div><ul>\s*<li><details", page)
    assert nested, "a reply's list sits inside its parent's <details>"
    assert found["between_badges"] and all(gap.strip() == "" and gap for gap in found["between_badges"])
    assert found["captions"] and found["caption_blocks"] == found["captions"]
    assert found["nav_items"] == 5


@pytest.mark.skipif(not shutil.which("lynx"), reason="lynx is not installed (Debian package `lynx`)")
def test_the_page_reads_in_lynx(raw_report):
    done = subprocess.run(["lynx", "-dump", "-nolist", "-width=200", "-display_charset=utf-8",
                           str(raw_report / "index.html")], capture_output=True, text=True, timeout=120)
    text = done.stdout
    items = [line for line in text.splitlines() if line.lstrip().startswith(("* ", "+ ", "o "))]
    indents = {len(line) - len(line.lstrip()) for line in items}
    assert len(indents) >= 3, "replies are indented under their parent"  # nav, top comments, replies
    assert not re.search(r"\.svg[a-z]", text)  # no caption runs into the next text
    tones = "informative|critical|supportive|questioning|sarcastic|hostile"
    assert re.search(rf"[*+o] .*\b({tones})\b", text)  # a tone badge, a word of its own
    assert not re.search(rf"({tones})({tones})", text)  # never run together
