"""Any JSON list of comment objects: keys inferred from the data, in the shapes real
comment systems export (fixtures written by us in those shapes)."""

from __future__ import annotations

import json

from comments.io.pipeline import read_inputs
from conftest import FIXTURES, read, run

JSON = FIXTURES / "json"


def test_commento_export_parent_root_commenters_and_threads_per_url():
    doc = json.loads((JSON / "commento_export.json").read_text())
    names = {c["commenterHex"]: c["name"] for c in doc["commenters"]}
    result = read(JSON / "commento_export.json")
    assert {t.thread.format for t in result.threads} == {"json"}
    assert sorted(t.thread.thread_id for t in result.threads) == sorted({c["url"] for c in doc["comments"]})
    ours = {c.id: c for c in result.comments}
    for src in doc["comments"]:
        c = ours[src["commentHex"]]
        assert c.parent_id == (None if src["parentHex"] == "root" else src["parentHex"])
        assert c.author == names.get(src["commenterHex"], src["commenterHex"])
        assert c.text and "**" in src["markdown"] or c.text == src["markdown"].strip()
        assert c.meta["score"] == src["score"] and c.meta["html"] == src["html"]
        assert c.thread_id == src["url"] and c.site == src["domain"]
    assert ours[doc["comments"][0]["commentHex"]].meta["commenterHex"] == doc["comments"][0]["commenterHex"]


def _nested(node, parent=None, key="comments"):
    for child in node.get(key) or []:
        yield child, parent
        yield from _nested(child, child["id"], key)


def test_hn_pwa_item_nesting_html_and_the_story_as_article():
    doc = json.loads((JSON / "hnpwa_item.json").read_text())
    result = read(JSON / "hnpwa_item.json")
    thread = result.threads[0].thread
    assert (thread.thread_id, thread.title, thread.declared_count) == (str(doc["id"]), doc["title"], doc["comments_count"])
    expected = [(str(c["id"]), str(p) if p else None, c["level"]) for c, p in _nested(doc)]
    assert [(c.id, c.parent_id, c.depth) for c in result.comments] == expected
    assert all("<" not in c.text and c.text for c in result.comments)
    assert "\n\nAnything else is a rental." in result.comments[0].text
    assert "&mdash;" not in result.comments[1].text and "—" in result.comments[1].text
    assert next(c for c in result.comments if c.id == "28512600").status == "deleted"


def test_isso_replies_with_parent_keys():
    doc = json.loads((JSON / "isso_thread.json").read_text())
    result = read(JSON / "isso_thread.json")
    expected = [(str(c["id"]), str(c["parent"]) if c["parent"] else None) for c, _ in _nested(doc, key="replies")]
    assert [(c.id, c.parent_id) for c in result.comments] == expected
    # the second paragraph is a <blockquote>: a quoted line, marked "> "
    assert result.comments[1].text == "Ja, die Pressemitteilung von Xiaomi.\n\n> Geräte in Kuba sind betroffen."
    assert result.comments[0].meta["likes"] == 2


def test_remark42_api_answer_and_backup_lines(tmp_path):
    doc = json.loads((JSON / "remark42_find.json").read_text())
    result = read(JSON / "remark42_find.json")
    assert [(c.id, c.parent_id, c.author) for c in result.comments] == [
        (c["id"], c["pid"] or None, c["user"]["name"]) for c in doc["comments"]]
    assert result.threads[0].thread.thread_id == doc["comments"][0]["locator"]["url"]
    assert result.comments[1].text == "Absurd but legal, EAR says so."
    assert result.comments[1].meta["user"]["id"] == doc["comments"][1]["user"]["id"]
    backup = tmp_path / "remark42-backup.json"  # a backup: a header line, then one comment per line
    backup.write_text(json.dumps({"version": 1, "users": [], "posts": []}) + "\n"
                      + "".join(json.dumps(c) + "\n" for c in doc["comments"]), encoding="utf-8")
    again = read_inputs([str(backup)])
    assert [(c.id, c.parent_id) for c in again.comments] == [(c.id, c.parent_id) for c in result.comments]


def test_keys_inferred_from_values_when_names_are_unusual(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps([
        {"nodeId": "n1", "replyTarget": None, "words": "Remote kill switches must be banned in the EU.", "who": "a"},
        {"nodeId": "n2", "replyTarget": "n1", "words": "They already are, in a way, under consumer law.", "who": "b"},
        {"nodeId": "n3", "replyTarget": "n2", "words": "Only if somebody actually enforces it, sadly.", "who": "c"},
    ]), encoding="utf-8")
    result = read(path)
    assert [(c.id, c.parent_id, c.depth) for c in result.comments] == [("n1", None, 0), ("n2", "n1", 1), ("n3", "n2", 2)]
    assert result.comments[0].meta == {"who": "a"}


def test_column_overrides(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps([{"k": 1, "up": None, "t": "eins", "who": "a"}, {"k": 2, "up": 1, "t": "zwei", "who": "b"}]),
                    encoding="utf-8")
    assert "unknown format" in read_inputs([str(path)]).errors[0]
    cli = run("parse", str(path), "--column", "id=k", "--column", "parent_id=up", "--column", "text=t",
              "--column", "author=who")
    assert cli.exit_code == 0, cli.output
    comments = [json.loads(line) for line in cli.stdout.splitlines() if '"comment"' in line]
    assert [(c["id"], c["parent_id"], c["text"], c["author"]) for c in comments] == [
        ("1", None, "eins", "a"), ("2", "1", "zwei", "b")]


def test_unknown_json_names_the_keys_it_found(tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"foo": 1, "bar": [{"x": 1, "y": 2}]}), encoding="utf-8")
    result = read_inputs([str(path)])
    assert len(result.errors) == 1
    assert "unknown format" in result.errors[0] and "foo" in result.errors[0] and "x" in result.errors[0]


def test_every_reader_can_be_named_with_format():
    from comments.cli import FORMAT_NAMES
    from comments.io.readers import FORMATS

    assert set(FORMAT_NAMES) == set(FORMATS)
    cli = run("parse", "--format", "json", str(JSON / "isso_thread.json"))
    assert cli.exit_code == 0 and '"format": "json"' in cli.stdout


def test_plain_text_is_kept_and_html_stripped_per_comment(tmp_path):
    """An API answer may carry plain text (code, math) or HTML per comment: only HTML is stripped."""
    doc = {"title": "Templates", "comments": [
        {"id": 1, "parent": None, "text": "std::vector<int> and std::map<std::string, int>"},
        {"id": 2, "parent": 1, "text": "Für a<b und b>c gilt a<c, <3"},
        {"id": 3, "parent": 1, "text": "<p>Nimm <code>std::array&lt;int, 3&gt;</code>.</p><p>Oder nicht.</p>"},
    ]}
    path = tmp_path / "api.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert [c.text for c in read(path).comments] == [
        "std::vector<int> and std::map<std::string, int>", "Für a<b und b>c gilt a<c, <3",
        "Nimm std::array<int, 3>.\n\nOder nicht."]


def test_wrapped_comment_views_are_refused_naming_their_shape(tmp_path):
    """An API's ``comments`` where each entry wraps the comment with its author and page (a shape no
    reader knows; Lemmy's views have their own reader, tests/io/readers/test_lemmy.py). The one error
    line says so, not only the top-level key (which suggested there were no comments)."""
    view = {"comment": {"id": 12, "content": "Top **comment**", "published": "2023-06-01T10:00:00"},
            "author": {"id": 5, "name": "alice"}, "page": {"id": 99, "name": "Xiaomi"}, "counts": {"score": 5}}
    path = tmp_path / "views.json"
    path.write_text(json.dumps({"comments": [view, view]}), encoding="utf-8")
    out = run("parse", str(path))
    assert out.exit_code != 0
    (line,) = [x for x in out.stderr.splitlines() if x.startswith("error:")]
    assert '"comments" holds objects that wrap others in comment, author, page, counts' in line
    assert "Traceback" not in out.output


def test_firebase_maps_keyed_by_push_id_are_comments_with_their_key_as_id(tmp_path):
    """A Firebase / Realtime Database export stores comments as objects keyed by push ids,
    one map per page (``/comments/{page}/{push id}``): it was "unknown format", exit 1. Each
    object is a comment with its key as ``id`` (it has none of its own), its page as thread;
    a flat map is one thread named after the file."""
    doc = json.loads((JSON / "firebase_comments.json").read_text())
    result = read(JSON / "firebase_comments.json")
    expected = [(page, key, item["parentId"], item["author"], item["text"])
                for page, items in doc["comments"].items() for key, item in items.items()]
    assert [(c.thread_id, c.id, c.parent_id, c.author, c.text) for c in result.comments] == expected
    assert [c.depth for c in result.comments] == [0, 1, 2, 0]
    assert result.comments[0].created_at == "2024-03-05T13:05:12Z" and result.comments[0].meta == {}
    flat = tmp_path / "comments.json"
    flat.write_text(json.dumps({"title": "Tempolimit", "comments": doc["comments"]["tempolimit-debatte"]}))
    one = read(flat)
    assert [(c.thread_id, c.id) for c in one.comments] == [("comments", key) for key in
                                                           doc["comments"]["tempolimit-debatte"]]
    assert one.threads[0].thread.title == "Tempolimit"  # the holder's title: lost when it had no id or url
    records = tmp_path / "records.json"  # field-like keys: records of a document, not comments keyed by id
    records.write_text(json.dumps({"post": {"id": 1, "text": "Ein Artikel über das Tempolimit und Kuba."},
                                   "author": {"id": 2, "text": "Eine Redakteurin, die über Verkehr schreibt."}}))
    assert run("parse", str(records)).exit_code == 1
