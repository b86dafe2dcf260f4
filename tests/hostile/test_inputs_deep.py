"""Very deep reply chains: 100,000 levels where formats link by parent id, and
1,000+ levels in nested formats. Never a crash, never a silent cut."""

from __future__ import annotations

import json

import pytest

from conftest import read

N = 100_000


def chain_check(result, n):
    comments = result.comments
    assert len(comments) == n
    assert max(c.depth for c in comments) == n - 1
    assert all(not c.flags for c in comments)


def write_jsonl(path, n):
    with path.open("w") as f:
        for i in range(n):
            f.write(json.dumps({"id": str(i), "parent_id": str(i - 1) if i else None, "text": "Antwort"}) + "\n")


def write_csv(path, n):
    with path.open("w") as f:
        f.write("id,parent_id,text\n")
        f.writelines(f"{i},{i - 1 if i else ''},Antwort\n" for i in range(n))


def write_ndjson(path, n):
    with path.open("w") as f:
        for i in range(n):
            parent = f"t1_{i - 1}" if i else "t3_root"
            f.write(json.dumps({"id": str(i), "parent_id": parent, "link_id": "t3_root", "body": "x",
                                "author": "a", "created_utc": 1631700000 + i}) + "\n")


def write_wxr(path, n):
    with path.open("w") as f:
        f.write('<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
                "<item><title>t</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type>")
        for i in range(n):
            f.write(f"<wp:comment><wp:comment_id>{i + 1}</wp:comment_id><wp:comment_content>x</wp:comment_content>"
                    f"<wp:comment_parent>{i}</wp:comment_parent></wp:comment>")
        f.write("</item></channel></rss>")


def write_disqus(path, n):
    with path.open("w") as f:
        f.write('<?xml version="1.0"?><disqus xmlns="http://disqus.com" '
                'xmlns:dsq="http://disqus.com/disqus-internals"><thread dsq:id="t"><link>https://a.example/x</link></thread>')
        for i in range(n):
            parent = f'<parent dsq:id="{i - 1}"/>' if i else ""
            f.write(f'<post dsq:id="{i}"><message>x</message><thread dsq:id="t"/>{parent}</post>')
        f.write("</disqus>")


@pytest.mark.parametrize("writer,name", [(write_jsonl, "chain.jsonl"), (write_csv, "chain.csv"),
                                         (write_ndjson, "chain.ndjson"), (write_wxr, "chain.xml"),
                                         (write_disqus, "chain_disqus.xml")])
def test_100000_deep_chain_in_parent_linked_formats(tmp_path, writer, name):
    path = tmp_path / name
    writer(path, N)
    chain_check(read(path), N)


DEEP = 1500


def test_reddit_json_nested_1500_levels(tmp_path):
    def opening(i):
        parent = f"t1_c{i - 1}" if i else "t3_r"
        return (f'{{"kind": "t1", "data": {{"id": "c{i}", "parent_id": "{parent}", "link_id": "t3_r", "body": "x", '
                f'"author": "a", "created_utc": 1, "replies": {{"kind": "Listing", "data": {{"children": [')

    text = ('[{"kind": "Listing", "data": {"children": [' + "".join(opening(i) for i in range(DEEP))
            + "]}}}}" * DEEP + "]}}]")
    path = tmp_path / "deep.json"
    path.write_text(text)
    chain_check(read(path), DEEP)


def test_hackernews_algolia_nested_1500_levels(tmp_path):
    opening = "".join(f'{{"id": {i + 2}, "type": "comment", "author": "a", "text": "x", "parent_id": {i + 1}, '
                      f'"story_id": 1, "children": [' for i in range(DEEP))
    path = tmp_path / "hn.json"
    path.write_text('{"id": 1, "type": "story", "title": "t", "story_id": 1, "children": [' + opening + "]}" * DEEP + "]}")
    chain_check(read(path), DEEP)


def test_wordpress_html_nested_1500_levels(tmp_path):
    parts = ['<ol class="comment-list">']
    for i in range(DEEP):
        parts.append(f'<li id="comment-{i}" class="comment depth-{i + 1}"><div class="comment-content"><p>x{i}</p></div>'
                     '<ol class="children">')
    parts.append("</ol></li>" * DEEP + "</ol>")
    path = tmp_path / "deep.html"
    path.write_text("".join(parts))
    result = read(path)
    chain_check(result, DEEP)
    assert result.comments[-1].text == f"x{DEEP - 1}"


def test_html_quotes_nested_4000_levels_stay_linear(tmp_path):
    """Each quoted line's "> " prefix is capped (">>>>>>>> " at most): 4,000 nested quotes
    (near the page's nesting limit) give text linear in the input, every word kept."""
    n = 4_000
    body = "".join(f"<blockquote><p>q{i}</p>" for i in range(n)) + "</blockquote>" * n
    path = tmp_path / "quotes.html"
    path.write_text(f'<ol class="comment-list"><li id="comment-1" class="comment"><div class="comment-content">'
                    f"{body}<p>mine</p></div></li></ol>")
    (c,) = read(path).comments
    lines = c.text.split("\n\n")
    assert len(lines) == n + 1 and lines[0] == "> q0" and lines[-1] == "mine"
    assert lines[-2] == ">>>>>>>> q3999" and len(c.text) < 20 * (n + 1)


def _deep(levels: int):
    """``levels`` nested lists, built without recursion (the test's own stack is deep already)."""
    value: list = []
    for _ in range(levels - 1):
        value = [value]
    return value


def _write_deep_inputs(folder, levels: int) -> list:
    """A value nested ``levels`` deep in an NDJSON line, a JSON list's record and a Staticman file
    (written as text: json.dumps would recurse)."""
    deep = "[" * levels + "]" * levels
    rows = [f'{{"id": "{i}", "parent_id": null, "author": "a", "text": "Kommentar {i}", "extra": {deep if i == 1 else 0}}}'
            for i in range(3)]
    (folder / "lines.jsonl").write_text("".join(r + "\n" for r in rows))
    (folder / "list.json").write_text("[" + ", ".join(rows) + "]")
    (folder / "staticman.json").write_text(f'{{"_id": "c1", "_parent": "p", "name": "a", "message": "hi", "x": {deep}}}')
    return [folder / name for name in ("lines.jsonl", "list.json", "staticman.json")]


@pytest.mark.parametrize("suffix, levels", [(".jsonl", 990), (".csv", 990), (".parquet", 990), (".jsonl", 1100),
                                            (".parquet", 1100)])
def test_values_nested_near_the_recursion_limit_lose_their_record_not_the_run(tmp_path, suffix, levels):
    """990 levels passed the readers and crashed the writer (RecursionError, nothing written);
    now the record (or line) is left out where it is read, one error line each, the rest written.
    Past orjson's 1,024 levels an NDJSON line said "invalid JSON (depth limit exceeded …)": now
    the same words as every reader's limit (README)."""
    from conftest import run

    _write_deep_inputs(tmp_path, levels)
    out = tmp_path / f"out{suffix}"
    done = run("parse", str(tmp_path / "lines.jsonl"), str(tmp_path / "list.json"), str(tmp_path / "staticman.json"),
               "-o", str(out))
    assert done.exit_code == 1 and out.exists(), done.output
    assert "lines.jsonl: 1 unreadable line was left out (line 2: nested deeper than 500 levels)" in done.output
    assert "list.json: comment 1 of thread list: nested deeper than 500 levels: left out" in done.output
    assert "staticman.json: comment c1 of thread p: nested deeper than 500 levels: left out" in done.output
    assert "4 comments" in done.output


def test_values_nested_under_the_limit_are_kept(tmp_path):
    """498 levels under the record's own object (500 with it and meta): read as given."""
    from conftest import run

    paths = _write_deep_inputs(tmp_path, 498)
    assert len(read(*paths).comments) == 7
    done = run("parse", *map(str, paths), "-o", str(tmp_path / "out.jsonl"))
    assert done.exit_code == 0 and "7 comments" in done.output, done.output


@pytest.mark.slow
def test_values_nested_deep_with_the_dask_engine(tmp_path):
    """The Dask engine pickles records for its workers: the same records left out, no worker traceback."""
    from conftest import run

    _write_deep_inputs(tmp_path, 990)
    out = tmp_path / "out.jsonl"
    done = run("parse", "--engine", "dask", str(tmp_path / "lines.jsonl"), str(tmp_path / "list.json"), "-o", str(out))
    assert done.exit_code == 1 and "Traceback" not in done.output, done.output
    assert sum(1 for line in out.read_text().splitlines() if '"record": "comment"' in line) == 4


def test_from_frames_leaves_out_deep_meta():
    import pandas as pd

    from comments.api.corpus import Corpus

    frame = pd.DataFrame([{"thread_id": "t", "id": "1", "parent_id": None, "text": "hallo", "author": "a",
                           "meta": {"x": _deep(990)}},
                          {"thread_id": "t", "id": "2", "parent_id": None, "text": "hallo", "author": "a",
                           "meta": {"x": 1}}])
    corpus = Corpus.from_frames(frame)
    assert [c.id for c in corpus.comments] == ["2"]
    assert any("nested deeper than 500 levels" in n for n in corpus.notes)


@pytest.mark.parametrize("levels", [1100, 100_000])
def test_a_one_line_json_document_nested_too_deep_loses_only_that_record(tmp_path, levels):
    """An API response saved as it came, ``{"comments": [...]}`` on one line, one record holding a
    value nested beyond the parser's 1,024 levels: read as the JSON document it is (only that record
    left out, named), as the same document pretty-printed is. It was taken for a JSON-lines file
    (its nested ``id``/``text`` keys read as the line's) and lost whole as "1 unreadable line". A
    JSON-lines file of such lines still leaves out only the deep line (no RecursionError)."""
    from conftest import run

    deep = '{"a":' * levels + "1" + "}" * levels
    one = tmp_path / "api.json"
    one.write_text(f'{{"comments": [{{"id": "x", "text": "hallo"}}, {{"id": "y", "text": "tief", "z": {deep}}}]}}')
    done = run("parse", str(one))
    assert done.exit_code == 1, done.output
    assert "api.json: comment y of thread api: nested deeper than 500 levels: left out" in done.stderr
    assert [r["id"] for r in map(json.loads, done.stdout.splitlines()) if r["record"] == "comment"] == ["x"]
    lines = tmp_path / "lines.jsonl"
    lines.write_text(f'{{"id": "y", "text": "tief", "z": {deep}}}\n{{"id": "x", "text": "hallo"}}\n')
    done = run("parse", str(lines))
    assert done.exit_code == 1 and "1 unreadable line was left out (line 1" in done.stderr, done.output
    assert [r["id"] for r in map(json.loads, done.stdout.splitlines()) if r["record"] == "comment"] == ["x"]
