"""Linear time on pathological text: every command runs on crafted comments (long runs of
one character, quote marks, whitespace, one huge word, deep ``>`` quoting, many ``*``
and ``@``) in a subprocess with a 60 s hang guard. Quadratic work on these sizes takes
minutes (100,000 ``‚`` in tone's quote pattern, 200,000 ``a`` in the e-mail pattern);
benchmarks/bench_linear.py measures the n → 4n ratio.

The guard is CPU time (``RLIMIT_CPU`` in the child), not wall time: on a loaded machine the
same work takes several times longer by the clock but not by the CPU, and a test of ours
must not fail because other programs run. The wall-clock timeout only stops a child that
waits instead of computing."""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from comments.io.pseudonymize import replace_emails
from comments.io.readers.xmlsafe import _chunks
from comments.classification.tone import _SURFACE, quotes

GUARD = 60  # CPU seconds per child process
WALL = 900  # seconds: only against a child that hangs without computing
N = 100_000


def pathological(n: int) -> dict[str, str]:
    """The crafted texts, each about ``n`` characters (the known offenders at 2n)."""
    half = n // 2
    return {
        "low_quote": "‚" * (2 * n), "letters": "a" * (2 * n), "spaces": " " * (2 * n) + "x",
        "tabs": "\t" * n + "x", "quote_marks": '„"‚‘' * (n // 4), "apostrophes": "'" * n, "newlines": "x" + "\n" * n + "x",
        "deep_quoting": "> " * half + "x", "quote_lines": "> x\n" * (n // 4), "stars": "*" * n, "word_stars": "a*" * half,
        "ats": "@" * n, "at_letters": "a@" * half, "email_like": "a." * half + "@", "ellipsis": "…" * n,
        "bangs": "!?" * half, "digits": "1" * n, "decimals": "1." * half, "hyphens": "a-" * half,
        "url": "http://" + "a" * n, "caps": "A" * n, "winks": ";)" * half, "emoji": "😉" * n,
        "huge_word": "Donaudampfschiff" * (n // 16), "html_lt": "<" * n, "mentions": "@Anna " * (n // 6),
        "closing_tags": "</" * half, "entities": "&a" * half, "open_p": "<p " * (n // 3),
    }


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("linear")
    texts = pathological(N)
    rows = [{"id": "root", "parent_id": None, "thread_id": "t", "author": "Anna", "text": "Guter Artikel."}]
    rows += [{"id": name, "parent_id": "root", "thread_id": "t", "author": "Bernd", "text": text}
             for name, text in texts.items()]
    dump = folder / "hostile.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    plain = folder / "hostile.txt"
    body = "".join(f"Bernd\n16. September 2021 um 10:{i % 60:02d}\n{text}\n\n" for i, text in enumerate(texts.values()))
    deep = "\n".join("> " * depth + "Zitat" for depth in range(1, 3000))
    plain.write_text(f"Artikel\n\n{len(texts) + 2} Kommentare\n\n{body}Anna\n16. September 2021 um 11:00\n{deep}\n",
                     encoding="utf-8")
    return {"jsonl": dump, "plain": plain, "folder": folder}


def _limit_cpu() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (GUARD, GUARD + 5))


def _cli(*args: str) -> subprocess.CompletedProcess:
    """The command in a child killed (SIGXCPU) after ``GUARD`` CPU seconds."""
    return subprocess.run([sys.executable, "-m", "comments", *args], capture_output=True, text=True, timeout=WALL,
                          preexec_fn=_limit_cpu)


def _comments(stdout: str) -> dict[str, dict]:
    rows = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    return {r["id"]: r for r in rows if r["record"] == "comment"}


@pytest.mark.slow
@pytest.mark.parametrize("command", [
    ["parse"], ["parse", "--pseudonymize", "--salt", "s"], ["classify", "-j", "1"],
    ["classify", "-j", "1", "--pseudonymize", "--salt", "s"],
])
def test_records_commands(files, command):
    done = _cli(*command, str(files["jsonl"]), str(files["plain"]))
    assert done.returncode == 0, done.stderr
    comments = _comments(done.stdout)
    assert set(pathological(10)) <= set(comments)
    assert comments["letters"]["text"] == "a" * (2 * N)  # not shortened: no e-mail, no name in it
    if "classify" in command:
        assert all(isinstance(c["tone"], list) for c in comments.values())


def test_tree(files):
    done = _cli("tree", "--width", "100", str(files["jsonl"]), str(files["plain"]))
    assert done.returncode == 0, done.stderr
    assert "Bernd" in done.stdout


@pytest.mark.slow
def test_report_all(files):
    out = files["folder"] / "report"
    done = _cli("report", "all", "-j", "1", "--pseudonymize", "--salt", "s", "-o", str(out), str(files["jsonl"]))
    assert done.returncode == 0, done.stderr
    assert (out / "index.html").is_file()


def test_broken_export_with_many_unclosed_elements(tmp_path):
    head = ('<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" '
            'xmlns:dsq="http://disqus.com/disqus-internals">\n')
    path = tmp_path / "broken.xml"
    path.write_text(head + '<post dsq:id="1"><message>x</message>\n' * 30000 + "</disqus>", encoding="utf-8")
    done = _cli("parse", str(path))
    assert done.returncode == 1 and f"error: {path}" in done.stderr


def test_linear_matchers_agree_with_the_patterns_they_replace():
    import random

    rng = random.Random(11)
    email = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
    quoted = next(p for name, *_, p in _SURFACE if name == "quoted")
    chunk = re.compile(r"<(post|thread)\b[^>]*?(?:/>|>.*?</\1\s*>)", re.S)
    for _ in range(20000):
        t = "".join(rng.choice("ab.@-+ _\nä1x") for _ in range(rng.randrange(30)))
        assert replace_emails(t, lambda s: f"<{s}>") == email.sub(lambda m: f"<{m.group(0)}>", t), t
        q = "".join(rng.choice("„“”\"»«‚‘’'ab \n") for _ in range(rng.randrange(25)))
        assert quotes(q) == quoted.findall(q), q
        x = "".join(rng.choice(["<post>", "</post>", "<post/>", "<thread a='/'>", "</thread >", "x", "\n", "<posts>",
                                 "/>", ">"]) for _ in range(rng.randrange(10)))
        assert [c for c in _chunks(x, ("post", "thread")) if c[2] is not None] == [(m.start(), m.group(1), m.group(0)) for m in chunk.finditer(x)]


def test_many_lone_crs_in_one_csv_cell_stay_linear(tmp_path):
    """600,000 lone CRs in one unquoted cell (each a line break the csv module ends a record at)
    are joined once, not re-concatenated per CR: quadratic work on this cell takes minutes, on
    the slow path and on the columnar fast path (``-o .parquet``) alike."""
    pieces = 600_000
    path = tmp_path / "crs.csv"
    path.write_bytes(b"id,parent_id,text\r\n1,," + b"\r".join([b"x" * 10] * pieces) + b"\r\n2,1,ok\r\n")
    done = _cli("parse", str(path))
    assert done.returncode == 0, done.stderr
    comments = _comments(done.stdout)
    assert comments["1"]["text"] == "\n".join(["x" * 10] * pieces) and comments["2"]["parent_id"] == "1"
    out = tmp_path / "crs.parquet"
    done = _cli("parse", "-q", "-o", str(out), str(path))
    assert done.returncode == 0, done.stderr
    import pyarrow.parquet as pq
    assert sorted(len(t) for t in pq.read_table(out).column("text").to_pylist()) == [2, 11 * pieces - 1]


@pytest.mark.parametrize("kind", ["wxr", "page", "csv"])
def test_100000_links_in_one_comment_stay_linear(tmp_path, kind):
    """100,000 links in one comment (half of them repeats of earlier ones, a quarter relative,
    resolved against the page): each target once in ``meta.links``, in order, in time linear in
    the input (a list scan per link to drop repeats is quadratic: minutes at this size)."""
    n = 100_000
    hrefs = [f"https://spam{i % (n // 2)}.example/x" if i % 4 else f"/seite/{i}" for i in range(n)]
    body = "".join(f'<a href="{h}">L</a> ' for h in hrefs)
    page = "https://blog.example/post/"
    if kind == "wxr":
        path = tmp_path / "links.xml"
        path.write_text('<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
                        f"<item><link>{page}</link><wp:post_id>1</wp:post_id><wp:comment><wp:comment_id>1"
                        f"</wp:comment_id><wp:comment_content><![CDATA[{body}]]></wp:comment_content></wp:comment>"
                        "</item></channel></rss>", encoding="utf-8")
    elif kind == "page":
        path = tmp_path / "links.html"
        path.write_text(f'<html><head><link rel="canonical" href="{page}"></head><body><ol class="comment-list">'
                        f'<li id="comment-1" class="comment"><div class="comment-content">{body}</div></li></ol>'
                        "</body></html>", encoding="utf-8")
    else:
        page = None
        path = tmp_path / "links.csv"
        path.write_text('id,parent_id,text\n1,,"' + body.replace('"', '""') + '"\n', encoding="utf-8")
    done = _cli("parse", str(path))
    assert done.returncode == 0, done.stderr
    links = _comments(done.stdout)["1"]["meta"]["links"]
    expected = list(dict.fromkeys("https://blog.example" + h if page and h.startswith("/") else h for h in hrefs))
    assert links == expected


def _plain_copies(n: int) -> dict[str, tuple[str, list[tuple[str | None, str]]]]:
    """Plain-text comment sections (flat "Name says:", a lynx outline, e-mail quoting) whose
    comments open or end with ``n`` blank or button lines, or whose header carries ``n`` words
    of avatar junk: (the file's text, the (author, text) of every comment read from it)."""
    head = "Artikel\n\nEin Text.\n\n3 Kommentare\n\n"
    when = "16. September 2021 um 10:{:02d}\n"
    return {
        "flat_trailing": (head + "Anna says:\n" + when.format(12) + "Erster Kommentar.\n" + "Antworten\n\n" * n
                          + "Bernd says:\n" + when.format(15) + "Zweiter.\n" + "\n" * n
                          + "Carla says:\n" + when.format(20) + "Dritter.\n",
                          [("Anna", "Erster Kommentar."), ("Bernd", "Zweiter."), ("Carla", "Dritter.")]),
        "flat_leading": (head + "Anna says:\n" + when.format(12) + "\n" * n + "Erster Kommentar.\n\n"
                         + "Bernd says:\n" + when.format(15) + "Zweiter.\n",
                         [("Anna", "Erster Kommentar."), ("Bernd", "Zweiter.")]),
        "outline_trailing": (head + "  1. Anna says:\n     " + when.format(12) + "     Erster Kommentar.\n"
                             + "     Antworten\n\n" * n + "       + Bernd says:\n         " + when.format(15)
                             + "         Antwort.\n" + "\n" * n + "  2. Carla says:\n     " + when.format(20)
                             + "     Dritter.\n",
                             [("Anna", "Erster Kommentar."), ("Bernd", "Antwort."), ("Carla", "Dritter.")]),
        "outline_avatar_junk": (head + "  1. " + "a@b " * n + "Anna says:\n     " + when.format(12) + "     Erster.\n"
                                + "  2. Carla says:\n     " + when.format(20) + "     Dritter.\n",
                                [(None, ("a@b " * n).strip() + " Anna says:\n" + when.format(12) + "Erster."),
                                 ("Carla", "Dritter.")]),
        "quoted_blocks": (head + "Anna schrieb am 16.09.:\n\n> Erster.\n\n" + "> x\n\n" * n
                          + "Bernd schrieb:\n\n> Zweiter.\n",
                          [("Anna", "Erster." + "\n\nx" * n), ("Bernd", "Zweiter.")]),
    }


@pytest.mark.parametrize("layout", sorted(_plain_copies(1)))
def test_plain_text_copies_with_long_runs_of_blank_and_button_lines_stay_linear(tmp_path, layout):
    """100,000 blank or button lines around a comment of a copied comment section, or 100,000
    avatar words before its name: each comment's words read as before, in time linear in the
    lines (a list shortened one line at a time takes minutes here: 52 s at 100,000 newlines)."""
    text, expected = _plain_copies(N)[layout]
    path = tmp_path / f"{layout}.txt"
    path.write_text(text, encoding="utf-8")
    done = _cli("parse", str(path))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert [(r["author"], r["text"]) for r in rows if r["record"] == "comment"] == expected


@pytest.mark.slow
def test_many_mentions_among_many_authors_stay_linear(tmp_path):
    """40,000 readers each answering "@A" (the first comment's author, the shortest name): each
    reply attached to A's comment (flag ``inferred_parent``) in time linear in the comments
    (every longer name tried first, all names sorted again per mention: minutes here)."""
    n = 40_000  # 30 s of CPU at 20,000 when quadratic, 1 s linear
    path = tmp_path / "mentions.txt"
    path.write_text("Artikel\n\nEin Text.\n\n3 Kommentare\n\nA says:\n16. September 2021 um 10:00\nErster.\n\n" + "".join(
        f"Leser{i} says:\n16. September 2021 um 10:{i % 60:02d}\n@A ja.\n\n" for i in range(1, n)), encoding="utf-8")
    done = _cli("parse", str(path))
    assert done.returncode == 0, done.stderr
    rows = [r for r in map(json.loads, done.stdout.splitlines()) if r["record"] == "comment"]
    assert len(rows) == n and rows[0]["author"] == "A" and rows[0]["parent_id"] is None
    assert all(r["parent_id"] == rows[0]["id"] and r["flags"] == ["inferred_parent"] for r in rows[1:])


def _nested_divs(n: int) -> str:
    return "<html><body><ol class='commentlist'><li class='comment' id='comment-1'><p>kept</p></li>" + \
        "<div>" * n + "x" + "</div>" * n + "</ol></body></html>"


def _deep_thread(levels: int) -> str:
    parts = ["<html><body><ol class='commentlist'>"]
    for i in range(1, levels + 1):
        parts.append(f"<li class='comment' id='comment-{i}'><div class='comment-content'><p>c{i}</p></div>"
                     "<ul class='children'>")
    parts.append("</ul></li>" * levels + "</ol></body></html>")
    return "".join(parts)


@pytest.mark.parametrize("n", [50_000, 200_000])
def test_deeply_nested_html_is_refused_at_once_naming_its_depth(tmp_path, n):
    """A page nested deeper than the tree builder can take in linear time (lexbor: 200,000
    nested <div> took 221 s) is refused with one error line naming the depth, at n and 4n."""
    divs, thread = tmp_path / "site.example__divs.html", tmp_path / "site.example__thread.html"
    divs.write_text(_nested_divs(n), encoding="utf-8")
    thread.write_text(_deep_thread(n // 10), encoding="utf-8")  # 5,000 and 20,000 nested comments
    done = _cli("parse", str(divs), str(thread))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"error: {divs}: HTML elements nested {n + 1:,} deep, over the limit of 4,096: page not read" in done.stderr
    depth = re.search(rf"error: {re.escape(str(thread))}: HTML elements nested ([\d,]+) deep", done.stderr)
    assert depth and int(depth.group(1).replace(",", "")) >= 2 * (n // 10)


def test_html_under_the_nesting_limit_is_read_in_linear_time():
    """Below the limit the parse costs time linear in the page: 4n subtrees 4,000 deep take
    about 4× what n take (quadratic would be 16×)."""
    import time

    from comments.io.readers.base import Context
    from comments.io.readers.wp_html import read

    def cost(copies: int) -> float:
        page = "<html><body>" + ("<div>" * 4000 + "x" + "</div>" * 4000) * copies + _deep_thread(3) + "</body></html>"
        start = time.process_time()
        (parsed,) = read(page, Context())
        assert [c.text for c in parsed.comments] == ["c1", "c2", "c3"]
        return time.process_time() - start

    cost(1)
    assert cost(24) < 8 * max(cost(6), 0.01)


def test_comment_systems_markup_is_read_in_linear_time():
    """The recognition by class and schema.org, empty anchors, reply boxes after their parent
    (Drupal), author boxes and page headings: 4n comments (half of them replies nested 50 deep,
    each level with a heading and an author box holding the rest of the thread) take about 4×
    what n take."""
    import time

    from comments.io.readers.base import Context
    from comments.io.readers.wp_html import read

    def thread(k: int) -> str:
        flat = "".join(f'<a id="comment-{k:04d}{i:03d}1"></a><article class="comment"><h2>t</h2><p class="comment__author">A{i}'
                       f'</p><div class="field--label-hidden"><p>x{i}</p></div></article><div class="indented">'
                       f'<li class="post" id="post-{k:04d}{i:03d}9"><span class="author">B<p>y</p></span><p>z</p></li></div>'
                       for i in range(50))
        nested = "".join(f'<div class="post" id="post-{k:04d}{i:03d}7"><div class="author">C{i}' for i in range(50))
        return flat + nested + "</div></div>" * 50

    def cost(copies: int) -> float:
        page = ("<html><body><h1>Title</h1><div id='posts'>" + "".join(thread(k) for k in range(1, copies + 1))
                + "</div></body></html>")  # Disqus's #posts: a discussion, where a ``post`` class is a comment
        start = time.process_time()
        (parsed,) = read(page, Context())
        assert len(parsed.comments) == 150 * copies
        return time.process_time() - start

    cost(1)
    best = lambda n: min(cost(n) for _ in range(3))  # noqa: E731 - the best of three: one noisy run is no trend
    assert best(40) < 8 * max(best(10), 0.01)  # linear: 4×; quadratic: 16×


def test_forum_template_markup_is_read_in_linear_time():
    """NodeBB posts, XenForo edit and deletion notes, Flarum's discussion box and posts, each
    holding the rest of the thread 50 deep (the notes' times and texts, the page links are read
    once, not once per level): 4n posts take about 4× what n take."""
    import time

    from comments.io.readers.base import Context
    from comments.io.readers.wp_html import read

    def thread(k: int) -> str:
        nested = "".join(f'<li component="post" data-pid="{k:04d}{i:03d}" itemtype="http://schema.org/Comment">'
                         f'<div class="message-lastEdit"><div class="messageNotice--deleted"><div id="flarum-content">'
                         f'<div><h3>U{i}</h3><div class="Post-body"><a href="?page=2">p</a>' for i in range(50))
        return nested + "</div></div></div></div></div></li>" * 50 + '<time datetime="2024-03-05">x</time>'

    def cost(copies: int) -> float:
        page = "<html><body><ul>" + "".join(thread(k) for k in range(1, copies + 1)) + "</ul></body></html>"
        start = time.process_time()
        (parsed,) = read(page, Context())
        assert len(parsed.comments) >= 50 * copies
        return time.process_time() - start

    cost(1)
    best = lambda n: min(cost(n) for _ in range(3))  # noqa: E731 - the best of three: one noisy run is no trend
    assert best(40) < 8 * max(best(10), 0.01)  # linear: 4×; quadratic: 16×


_MISNESTED = {  # HTML5 tree-builder rules that build a deep tree from flat-looking markup
    "ignored_end_tag": lambda n: "<span><div></span>x" * n,  # </span> ignored while a <div> is open inside it
    "reopened_formatting": lambda n: "".join(f"<div><b id={i}></div>x" for i in range(n)),  # reconstructed <b>s
    "adoption_agency": lambda n: "<em><div></em>" * n,  # the <em> copied into each <div>
}


@pytest.mark.parametrize("shape", sorted(_MISNESTED))
def test_misnested_html_is_refused_in_time_linear_in_the_page(tmp_path, shape):
    """Markup that the tree builder nests (or rebuilds) ever deeper, though the tags look flat,
    is refused before lexbor parses it (lexbor took 81 s on 40,000 ``<div><b id=N></div>x``),
    with one error line; the check's time at 4n is about 4× that at n, and the page's comment
    section before the misnesting does not matter."""
    import time

    from comments.io.readers.base import Context
    from comments.io.readers.wp_html import read
    from comments.model.errors import InputError

    def cost(n: int) -> float:
        page = _deep_thread(1).replace("</body></html>", _MISNESTED[shape](n) + "</body></html>")
        start = time.process_time()
        with pytest.raises(InputError, match="page not read"):
            read(page, Context())
        return time.process_time() - start

    cost(5000)
    assert cost(40_000) < 16 * max(cost(10_000), 0.01)
    path = tmp_path / "site.example__bad.html"
    path.write_text(_deep_thread(1).replace("</body></html>", _MISNESTED[shape](10_000) + "</body></html>"))
    done = _cli("parse", str(path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert re.fullmatch(rf"error: {re.escape(str(path))}: HTML (elements nested [\d,]+ deep|tags misnested)[^\n]*"
                        r"page not read", done.stderr.splitlines()[0]), done.stderr


def test_misnested_formatting_below_the_budget_is_read_as_main_did():
    """A few ``<b>`` left open across blocks (ordinary sloppy markup) stay under the budget and are read."""
    from comments.io.readers.base import Context
    from comments.io.readers.wp_html import read

    page = _deep_thread(3).replace("</body></html>", "<div><b>fett</div>x" * 2000 + "</body></html>")
    (parsed,) = read(page, Context())
    assert [c.text for c in parsed.comments] == ["c1", "c2", "c3"]


def test_an_anchor_left_open_in_every_comment_is_read():
    """(found by the review of the merged guard) an ``<a>`` left unclosed in each comment — old-style
    ``<a name="cN">`` before it, or ``see <a href=…>link</p>`` — nests nothing: the tree builder closes the
    open ``a`` at the next ``<a>``; the guard counted each as one more level and refused pages main read."""
    from comments.io.readers.base import Context
    from comments.io.readers.wp_html import read
    from comments.text.html_text import nesting_depth

    inside = "".join(f'<li id="comment-{i}" class="comment"><div><p>siehe <a href="/x{i}">Link</p><p>mehr {i}</p>'
                     f"</div></li>" for i in range(1, 1501))
    named = "".join(f'<a name="c{i}"><li id="comment-{i}" class="comment"><p>Kommentar {i}</p></li>'
                    for i in range(1, 1501))
    for body in (inside, named):
        page = f"<html><body><h1>Titel</h1><ol class=\"commentlist\">{body}</ol></body></html>"
        depth, over = nesting_depth(page)
        assert depth < 20 and not over
        (parsed,) = read(page, Context())
        assert len(parsed.comments) == 1500


@pytest.mark.parametrize("unit", ['<a href="/u">x<span>y<div>z', '<a href="/u"><div>x<span>y', "<b><span>x<div>y</b>",
                                  '<a href="/u"><div><b>x', '<a href="/u"><div>x'])
def test_the_guard_counts_the_adoption_agencys_depth_as_lexbor_builds_it(unit):
    """An ``<a>`` (or a misnested ``</b>``) over a block with an inline element between or under
    them: the adoption agency moves the block out of that element, and closes the copy it makes
    with what is open inside it — as deep as the tree lexbor builds, not two levels per repeat
    (2,500 repeats of ``<a><span>x<div>`` are 2,500 levels, under the limit: read, not refused)."""
    from selectolax.lexbor import LexborHTMLParser

    from comments.text.html_text import nesting_depth

    page = "<html><body>" + unit * 2500 + "</body></html>"
    deepest, stack = 0, [(LexborHTMLParser(page).body, 1)]
    while stack:  # the depth of lexbor's tree below <body>
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        child = node.child
        while child is not None:
            if child.tag and not child.tag.startswith("-"):
                stack.append((child, depth + 1))
            child = child.next
    depth, over = nesting_depth(page)
    assert deepest - 2 <= depth <= deepest and not over
