"""Nothing reaches a terminal or a Markdown viewer raw: escapes, controls and bidi
overrides are shown escaped in ``tree`` and on stderr; data in Markdown reports never
becomes markup, HTML, links or images."""

from __future__ import annotations

import json
import re

from markdown_it import MarkdownIt

from comments.text.textsafe import md, term
from conftest import run

ANSI = "\x1b]0;owned\x07\x1b[2J\x1b[31m\x9b31m\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\"
BIDI = "\u202eevil\u202c \u2066x\u2069 \u200f"
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u2028\u2029]")


def _dump(path, author: str, text: str, thread_id: str = "t1", title: str = "T", site: str = "s.org") -> None:
    rows = [{"record": "thread", "site": site, "thread_id": thread_id, "title": title, "comment_count": 2},
            {"record": "comment", "site": site, "thread_id": thread_id, "id": "1", "parent_id": None,
             "author": author, "text": text, "flags": []},
            {"record": "comment", "site": site, "thread_id": thread_id, "id": "2", "parent_id": "1",
             "author": "bob", "text": "reply", "flags": []}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_tree_shows_controls_escapes_and_bidi_escaped(tmp_path):
    path = tmp_path / "evil.jsonl"
    _dump(path, "mallory\n└─ 99 forged line\r", f"hi {ANSI} {BIDI} \x08\x08bs", thread_id=f"t{ANSI}",
          title=f"title\n{BIDI}")
    result = run("tree", str(path), "--width", "400")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 3  # header, the comment, its reply: the newline in the name forged nothing
    assert not RAW.search(result.stdout) and not RAW.search(result.stderr)
    assert "\\x1b]0;owned\\x07" in result.stdout and "\\u202e" in result.stdout and "\\x9b" in result.stdout
    assert "mallory\\n└─ 99 forged line\\r" in lines[1]


def test_every_stderr_line_is_escaped(tmp_path):
    evil = tmp_path / f"bad{ANSI.replace('/', '_')}{BIDI}\nerror: forged.json"
    evil.write_bytes(b"\x00\x01\x02 binary")
    dump = tmp_path / "ours.jsonl"
    _dump(dump, "a", "b", thread_id=f"t{ANSI}")
    lines = dump.read_text(encoding="utf-8").splitlines()
    dump.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")  # truncated: a note names the thread
    result = run("parse", str(evil), str(dump), "-o", str(tmp_path / f"out{BIDI}.jsonl"))
    assert result.exit_code == 1
    assert not RAW.search(result.stderr), repr(result.stderr)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "\\x1b]0;owned" in errors[0] and "\\nerror: forged.json" in errors[0]
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert any("thread t\\x1b]0;owned" in n for n in notes), result.stderr


def test_term_escapes_what_a_terminal_would_interpret():
    assert term("a\x1b[31mb\x07c\u202ed\x85e\ud800") == "a\\x1b[31mb\\x07c\\u202ed\\x85e\\ud800"
    assert term("Grüße „x“ 😉 \u00e9") == "Grüße „x“ 😉 \u00e9"


HOSTILE = {
    "site": "<script>alert(1)</script>$\\frac{$.org",  # `$`: no TeX in Markdown, no mathtext crash in charts
    "thread": "[click](javascript:alert(1))",
    "title": "![img](http://evil.example/x.png) <img src=x onerror=alert(1)>",
    "label": "<img src=x onerror=alert(2)>",
}


def _html(markdown: str) -> str:
    return MarkdownIt("commonmark").render(markdown)


def test_md_makes_data_literal_text():
    for value in [*HOSTILE.values(), "**bold** _it_ `code` # head | cell | ~~x~~ www.evil.org a@b.org http://x.y",
                  "line\n# heading\n- item\r\n> quote", "&lt; &amp; \\*"]:
        rendered = _html(f"On **{md(value)}** here.")
        assert rendered.count("<") == 4, rendered  # <p>, <strong> and their closing tags, nothing else
        text = re.sub(r"<[^>]+>", "", rendered).strip()
        import html

        expected = " ".join(re.split("\r\n|[\n\r]", value))
        assert html.unescape(text) == f"On {expected} here.", (value, text)


def test_markdown_reports_carry_no_markup_from_data(tmp_path):
    path = tmp_path / "evil.jsonl"
    texts = [f"Sanktionen der USA gegen China {HOSTILE['title']} sind Unsinn", "Stimmt, China und die USA [x](y)"]
    rows = [{"record": "thread", "site": HOSTILE["site"], "thread_id": HOSTILE["thread"], "title": HOSTILE["title"],
             "comment_count": 2}]
    rows += [{"record": "comment", "site": HOSTILE["site"], "thread_id": HOSTILE["thread"], "id": str(i),
              "parent_id": None if i == 0 else "0", "author": "a", "text": t, "flags": []} for i, t in enumerate(texts)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    taxonomy = tmp_path / "tax.toml"
    taxonomy.write_text('[topics."<b>sanktion</b>"]\nterms = ["sanktionen", "usa", "china"]\n', encoding="utf-8")
    refused = run("report", "all", str(path), "--out", str(tmp_path / "no"), "--taxonomy", str(taxonomy), "-j", "1")
    assert refused.exit_code == 2 and "an id is ASCII letters, digits, _ and -" in refused.stderr  # no markup in an id
    assert not (tmp_path / "no").exists()
    taxonomy.write_text(f'name = "{HOSTILE["label"]}"\n[topics.sanktion]\nlabel = "<b>x</b>"\n'
                        'terms = ["sanktionen", "usa", "china"]\n', encoding="utf-8")
    out = tmp_path / "report"
    result = run("report", "all", str(path), "--out", str(out), "--taxonomy", str(taxonomy), "-j", "1")
    assert result.exit_code == 0, result.output
    for name in ("topics.md", "depth.md", "drift.md", "compare.md"):
        rendered = _html((out / name).read_text(encoding="utf-8"))
        tags = set(re.findall(r"</?([a-z0-9]+)", rendered))
        assert tags <= {"p", "strong", "code", "h1", "ul", "li"}, (name, tags, rendered)
    topics = (out / "topics.md").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(2)&gt;" in topics
    index = (out / "index.html").read_text(encoding="utf-8")
    assert (out / "depth_by_site.png").exists()
    assert "<script" not in index and "<img src=x" not in index and "<b>x" not in index
    assert "&lt;img src=x onerror=alert(2)&gt;" in index  # shown as text, once escaped (not &amp;lt;)
