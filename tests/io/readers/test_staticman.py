"""Staticman: every parent convention, detected by content, and YAML read safely."""

from __future__ import annotations

import json
import re
import shutil
import time
import tracemalloc

import yaml

from comments.io.pipeline import read_inputs
from conftest import FIXTURES, corpus, read, run

STATICMAN = FIXTURES / "staticman"


def _expected(folder):
    """Parent of each comment from the files themselves: the id in its reply field."""
    docs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.iterdir())]
    ids = {d["_id"] for d in docs}
    out = {}
    for d in docs:
        ref = d.get("reply_to") or d.get("parent") or (d["_parent"] if d.get("_parent") in ids else None)
        out[d["_id"]] = ref or None
    return out


def test_body_and_reply_to_holding_the_parent_id():
    folder = STATICMAN / "nested-replies"
    result = read(folder)
    assert {c.id: c.parent_id for c in result.comments} == _expected(folder)
    assert max(c.depth for c in result.comments) == 2 and len(result.threads) == 1
    assert all(c.text and c.author for c in result.comments)
    first = next(c for c in result.comments if c.author == "Jonas")
    assert first.text == "Die Fernsperre zeigt, wem das Telefon wirklich gehört.\n\nNicht dem Käufer."
    assert first.meta == {"email": "2c8d8a1e0f6b4b1e9b7f3a6c1d2e4f50", "url": ""}  # no reply_to: it only said "none"
    assert first.created_at == "2021-09-18T21:20:00Z"  # epoch seconds


def test_parent_fields_holding_the_parent_id_and_the_page_in_parent():
    folder = STATICMAN / "parent-field"
    result = read(folder)
    assert {c.id: c.parent_id for c in result.comments} == _expected(folder)
    assert [pt.thread.thread_id for pt in result.threads] == ["/posts/xiaomi-kill-switch/"]  # the reply is on the page
    assert next(c for c in result.comments if c.author == "Sam").meta == {"likes": 4}


def test_replying_to_index_in_one_file_holding_a_list():
    result = read(STATICMAN / "list-of-comments.yaml")
    assert [(c.id, c.parent_id) for c in result.comments] == [("a1", None), ("a3", None), ("a2", "a1")]


def test_each_file_of_a_folder_detected_by_content_alone(tmp_path):
    """Files renamed so that nothing but their content says Staticman."""
    for i, path in enumerate(sorted((STATICMAN / "nested-replies").iterdir())):
        shutil.copy(path, tmp_path / f"x{i}.txt")
    result = read(*sorted(tmp_path.iterdir()))
    assert {t.thread.format for t in result.threads} == {"staticman"}
    assert len(result.comments) == 5 and sum(c.parent_id is not None for c in result.comments) == 3


BOMB = """_id: b1
name: x
message: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
_parent: /page/
"""


def test_alias_bomb_is_one_error_fast_and_small(tmp_path):
    good = tmp_path / "comment-2.yml"
    shutil.copy(STATICMAN / "nested-replies" / "comment-1632000000000.yml", good)
    bomb = tmp_path / "comment-1.yml"
    bomb.write_text(BOMB, encoding="utf-8")
    tracemalloc.start()
    started = time.process_time()  # CPU, not wall: other programs on the machine must not fail it
    result = read_inputs([str(bomb), str(good)])
    elapsed = time.process_time() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 2 and peak < 20 << 20
    assert len(result.errors) == 1 and str(bomb) in result.errors[0] and "alias" in result.errors[0]
    assert len(result.comments) == 1  # the other input is still read
    cli = run("parse", str(bomb))
    assert cli.exit_code == 1 and "Traceback" not in cli.output


def test_moderate_aliases_are_fine(tmp_path):
    path = tmp_path / "comment-1.yml"
    path.write_text("_id: q\nname: &n Anna\nmessage: Hallo\nsigned: *n\n_parent: /p/\n", encoding="utf-8")
    assert read(path).comments[0].meta == {"signed": "Anna"}


def test_python_tags_are_refused_not_run(tmp_path):
    path = tmp_path / "comment-1.yml"
    path.write_text("_id: q\nname: x\n_parent: /p/\nmessage: !!python/object/apply:os.system ['touch pwned']\n",
                    encoding="utf-8")
    result = read_inputs([str(path)])
    assert len(result.errors) == 1 and "invalid YAML" in result.errors[0]
    assert not (tmp_path / "pwned").exists()


def test_recursive_alias_is_refused(tmp_path):
    path = tmp_path / "comment-1.yml"
    path.write_text("_id: q\nname: x\n_parent: /p/\nmessage: hi\nloop: &a [*a]\n", encoding="utf-8")
    result = read_inputs([str(path)])
    assert len(result.errors) == 1 and "itself" in result.errors[0]


def test_date_order_is_by_instant_across_utc_offsets(tmp_path):
    """10:30+02:00 is before 09:00Z: the reply index counts top-level comments in that order."""
    docs = [("a", "2021-09-16T09:00:00Z", None), ("b", "2021-09-16T10:30:00+02:00", None),
            ("c", "2021-09-16T12:00:00Z", "1")]
    for ident, when, index in docs:
        extra = f"replying_to: '{index}'\n" if index else ""
        (tmp_path / f"comment-{ident}.yml").write_text(
            f"_id: {ident}\n_parent: /p/\nname: {ident}\nmessage: Text {ident}\ndate: {when}\n{extra}", encoding="utf-8")
    result = read(tmp_path)
    assert [(c.id, c.parent_id) for c in result.comments] == [("b", None), ("a", None), ("c", "b")]


def test_staticman_json_format_one_object_per_file(tmp_path):
    """Staticman can write JSON instead of YAML; a one-line file is not a JSON-lines table."""
    for path in sorted((STATICMAN / "nested-replies").iterdir()):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        (tmp_path / (path.stem + ".json")).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = read(tmp_path)
    assert {t.thread.format for t in result.threads} == {"staticman"}
    assert {c.id: c.parent_id for c in result.comments} == _expected(STATICMAN / "nested-replies")


def test_staticman_replying_to_is_index_of_top_level_in_date_order(tmp_path):
    folder = tmp_path / "xiaomi-sperre"
    shutil.copytree(FIXTURES / "staticman" / "xiaomi-sperre", folder)
    result = read(folder)
    c = {c.id: c for c in result.comments}
    # top-level in date order: 0a1b (10:00), 0a1d (10:30)
    assert c["0a1c"].parent_id == "0a1b"
    assert c["0a1e"].parent_id == "0a1d"
    assert [x.id for x in result.comments] == ["0a1b", "0a1d", "0a1c", "0a1e"]
    assert c["0a1b"].text == "Open Source ist die einzige Lösung.\n\nLineageOS läuft super."


def test_entities_decoded_once_as_markdown_shows_them():
    """Comments imported from Disqus keep its escaping (``&gt;``, ``&amp;``, ``&#8211;``):
    decoded once, as the Markdown page shows them; a link's ``&not=1&copy=2`` and a bare
    ``&copy`` (no ``;``: no entity in Markdown) stay as written. Nothing is flagged."""
    result = read(STATICMAN / "disqus-import")
    texts = {c.id: c for c in result.comments}
    first = texts["comment-2001000001"]
    assert first.text == ("Turn off palm rejection first (under Settings > Pencil & Touch).\n\n"
                          "That fixed the skipping for me – mostly.")
    assert first.flags == []
    assert texts["comment-2001000002"].text == (
        "Cheaper at [the usual shop](https://shop.example.com/item?ref=tl&not=1&copy=2) &copy right now.")


def test_corpus_made_mistakes_disqus_import_entity():
    """pencil-53-review: the one Disqus-imported comment with ``&gt;`` reads ``>``; no
    text of the folder keeps an entity."""
    result = read(corpus("staticman/pencil-53-review"))
    text = {c.id: c.text for c in result.comments}["comment-1985525230"]
    assert "(found under Settings > Control Center)" in text
    assert not any(re.search(r"&[#\w]+;", c.text) for c in result.comments)


def test_entities_inside_markdown_code_stay_as_written():
    """Markdown shows code as typed: ``&lt;`` inside a code span, a fenced or an indented
    block stays ``&lt;``; outside code it is decoded once (as the Markdown page shows it)."""
    texts = {c.id: c.text for c in read(STATICMAN / "disqus-import").comments}
    assert texts["comment-2001000003"] == (
        "If the pencil still skips, check the driver filter & the log:\n\n"
        "```\ngrep 'stylus' /var/log/input.log | awk '$3 &gt; 50'\n```\n\n"
        "A `&lt;canvas&gt;` with `touch-action: none` helps too – and ``a `&amp;` b`` stays as typed.\n\n"
        "    if (pressure &lt; 0.1) skip();\n\nThanks <3")  # the indented block keeps its indentation, as on Reddit


def test_code_spans_are_found_in_linear_time():
    """Backtick runs that never close (untrusted text): each length's runs are passed once."""
    import time

    from comments.io.readers.staticman import markdown_entities

    text = "".join("`" * (k % 50 + 1) + " &amp; " for k in range(20_000)) + "\\" * 50_000 + "&lt;"
    started = time.process_time()
    out = markdown_entities(text)
    assert time.process_time() - started < 5
    assert out.endswith("<")


def test_indented_markdown_keeps_its_indentation(tmp_path):
    """A Staticman message is Markdown: an indented code block and a list item's continuation
    keep their leading spaces (they were trimmed, the code turned into prose), as Reddit and
    ConvoKit texts keep them; trailing spaces, blank-line runs and the text's ends still go."""
    message = ("Try this:\n\n    for f in *.yml; do\n        grep -l name \"$f\"\n    done   \n\n\n\n"
               "- first step\n  goes on here\n\nDone.  ")
    (tmp_path / "comment-1.yml").write_text(
        "_id: c1\n_parent: /post/\nname: Ana\ndate: 2021-09-18T21:20:00Z\nmessage: " + json.dumps(message) + "\n")
    [c] = read(tmp_path).comments
    assert c.text == ("Try this:\n\n    for f in *.yml; do\n        grep -l name \"$f\"\n    done\n\n"
                      "- first step\n  goes on here\n\nDone.")
