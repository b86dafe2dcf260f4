"""Any JSON list of comment objects: keys inferred from the data, in the shapes real
comment systems export (fixtures written by us in those shapes)."""

from __future__ import annotations

import json

import pytest

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


def _paged(items, parent=None):
    """(record, its parent's id) of Graph-API style pages: replies in ``replies``/``comments``
    objects of the shape ``{"data": [...], "paging": …}`` (fixtures written from the platforms' docs)."""
    for item in items:
        yield item, parent
        for key in ("replies", "comments"):
            if isinstance(item.get(key), dict):
                yield from _paged(item[key]["data"], item["id"])


@pytest.mark.parametrize("name, author", [
    ("cusdis_open_comments.json", lambda c: c["by_nickname"]),
    ("instagram_graph_comments.json", lambda c: c["username"]),
    ("facebook_graph_nested.json", lambda c: c.get("from", {}).get("name"))])
def test_replies_in_a_page_object_are_comments_of_their_parent(name, author):
    """Cusdis' open API, Instagram and Facebook Graph nest replies as ``{"data": [...]}`` pages:
    they were left in the parent's meta (3 of Cusdis' 5 comments lost, every author anonymous)."""
    doc = json.loads((JSON / name).read_text())
    top = doc["data"]["data"] if isinstance(doc["data"], dict) else doc["data"]
    expected = [(str(c["id"]), p, author(c)) for c, p in _paged(top)]
    result = read(JSON / name)
    assert sorted((c.id, c.parent_id, c.author) for c in result.comments) == sorted(expected)
    assert len(expected) > len(top) and not any("data" in c.meta.get(k, {}) for c in result.comments
                                                for k in ("replies", "comments"))
    assert all(c.created_at for c in result.comments) and not any(c.flags for c in result.comments)


def test_a_page_objects_other_fields_stay_in_meta():
    result = read(JSON / "cusdis_open_comments.json")
    top = next(c for c in result.comments if c.id == "5c1d-top-1")
    assert top.meta["replies"] == {"commentCount": 2, "pageSize": 10, "pageCount": 1}
    assert result.threads[0].thread.unloaded_count == 0  # each page states as many as it gives
    nested = read(JSON / "facebook_graph_nested.json").comments[0]
    assert nested.meta["comments"] == {"paging": {"cursors": {"before": "MQZDZD", "after": "MQZDZD"}}}


def test_facebook_graph_parent_objects_authors_and_dates():
    """``parent`` is an object holding the parent's id, ``from.name`` the author, ``created_time``
    the date (``+0000``): the tree was flat, every author anonymous, no dates."""
    doc = json.loads((JSON / "facebook_graph_comments.json").read_text())
    result = read(JSON / "facebook_graph_comments.json")
    assert [(c.id, c.parent_id, c.depth, c.author, c.created_at) for c in result.comments] == [
        (c["id"], c.get("parent", {}).get("id"), d, c.get("from", {}).get("name"),
         c["created_time"].replace("+0000", "Z")) for c, d in zip(doc["data"], (0, 1, 2, 0))]
    assert result.threads[0].thread.unloaded_count == 0  # comment_count 1 each, and each reply is there
    assert result.comments[1].meta["parent"]["message"] == doc["data"][0]["message"]


def test_ghost_members_answered_reply_names_and_replies_not_loaded():
    """Ghost: ``member.name`` the author, ``in_reply_to_id`` the reply answered (``parent_id`` is
    the top comment), ``count.replies`` 5 with 3 replies given: 2 unloaded, noted."""
    result = read(JSON / "ghost_members_comments_post.json")
    assert [(c.id, c.parent_id, c.author, c.status) for c in result.comments] == [
        ("c1", None, "Bernd", "published"), ("r1", "c1", "Carla", "published"), ("r2", "r1", "Dieter", "published"),
        ("r3", "c1", "Gina", "published"), ("c2", None, "Erika", "deleted")]
    assert result.threads[0].thread.unloaded_count == 2
    assert any("2 replies that their comments state (count.replies) are not in the file" in n for n in result.notes)


def test_an_answered_reply_not_in_the_file_keeps_the_top_comment_as_parent(tmp_path):
    doc = json.loads((JSON / "ghost_members_comments_post.json").read_text())
    replies = doc["comments"][0]["replies"]
    del replies[0]  # r2 answers r1, which this page does not give; r4 answers r3, which it does
    replies.append({**replies[-1], "id": "r4", "in_reply_to_id": "r3", "html": "<p>Ich nicht.</p>"})
    path = tmp_path / "ghost.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = read(path)
    r2 = next(c for c in result.comments if c.id == "r2")
    assert (r2.parent_id, r2.meta["in_reply_to_id"], r2.flags) == ("c1", "r1", [])
    assert any("1 reply answers a reply not in the file (in_reply_to_id): placed under the comment parent_id names"
               in n for n in result.notes)
    assert next(c for c in result.comments if c.id == "r4").parent_id == "r3"
    assert result.threads[0].thread.unloaded_count == 2


def test_github_issue_comments_are_one_thread_of_their_issue():
    """Each comment's ``url`` is its own API address (it ends in its id): ``issue_url`` is the thread."""
    doc = json.loads((JSON / "github_issue_comments.json").read_text())
    result = read(JSON / "github_issue_comments.json")
    assert [pt.thread.thread_id for pt in result.threads] == [doc[0]["issue_url"]]
    assert [(c.id, c.author) for c in result.comments] == [(str(c["id"]), c["user"]["login"]) for c in doc]
    assert result.comments[0].meta["url"] == doc[0]["url"] and result.threads[0].thread.site == "api.github.com"


def test_own_addresses_without_a_shared_one_make_one_thread(tmp_path):
    path = tmp_path / "own.json"
    path.write_text(json.dumps([{"id": n, "url": f"https://api.example.org/comments/{n}", "body": f"Kommentar {n}"}
                                for n in (1, 2)]), encoding="utf-8")
    result = read(path)
    assert [pt.thread.thread_id for pt in result.threads] == ["own"]


def test_deleted_placeholders_of_isso_and_remark42_are_deleted():
    """isso ``mode: 4`` (deleted, kept for its replies) and a remark42 backup's ``"delete": true``
    (text emptied) were visible comments with empty text (SPEC: placeholders are ``deleted``)."""
    isso = read(JSON / "isso_api.json")
    assert [(c.id, c.status) for c in isso.comments] == [("1", "visible"), ("2", "visible"), ("3", "deleted"),
                                                         ("4", "visible")]
    assert "mode" not in isso.comments[0].meta
    remark = read(JSON / "remark42_backup-remark-20240306")
    assert [(c.id, c.status) for c in remark.comments] == [("a1-uuid", "visible"), ("b2-uuid", "visible"),
                                                           ("c3-uuid", "deleted")]


def test_an_isso_like_mode_outside_isso_is_no_status(tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps([{"id": 1, "text": "Ein Kommentar hier.", "mode": 4},
                                {"id": 2, "text": "Noch einer dazu.", "mode": 2}]), encoding="utf-8")
    result = read(path)
    assert [(c.status, c.meta) for c in result.comments] == [("visible", {"mode": 4}), ("visible", {"mode": 2})]


def test_yt_dlp_info_json_names_its_page_and_site():
    """``webpage_url`` is the video's page; the site came from the file name."""
    doc = json.loads((JSON / "ytdlp_tempolimit.info.json").read_text())
    thread = read(JSON / "ytdlp_tempolimit.info.json").threads[0].thread
    assert (thread.thread_id, thread.url, thread.site) == (doc["id"], doc["webpage_url"], "youtube.com")


def test_a_page_naming_a_next_page_is_noted():
    """Graph API ``paging.next``: the comments on the next page are not in the file, and said so."""
    said = "1 page of comments or replies names a next page (paging.next): the comments on it are not in the file"
    assert any(said in n for n in read(JSON / "facebook_graph_comments.json").notes)
    assert not any("paging.next" in n for n in read(JSON / "facebook_graph_nested.json").notes)  # cursors only


def test_an_authors_address_is_never_the_thread_of_comments_with_their_own_address(tmp_path):
    rows = [{"id": n, "url": f"https://api.example.org/comments/{n}", "author_url": "https://example.org/u/anna",
             "page_url": "https://example.org/artikel-1", "body": f"Kommentar {n}"} for n in (1, 2, 3)]
    path = tmp_path / "own.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    assert [pt.thread.thread_id for pt in read(path).threads] == ["https://example.org/artikel-1"]


def test_a_backup_header_line_is_said_as_one_object_not_a_comment(tmp_path):
    """A remark42 backup opens with a header line that is no comment: said in the singular."""
    backup = tmp_path / "backup-remark-20240306"
    backup.write_text('{"version": 1, "users": [], "posts": []}\n'
                      '{"id": "a1", "pid": "", "text": "<p>First comment here.</p>", "user": {"name": "Ann"}, '
                      '"locator": {"site": "remark", "url": "https://example.org/post/"}, "time": "2024-03-06T10:00:00Z"}\n'
                      '{"id": "a2", "pid": "a1", "text": "<p>A reply to it.</p>", "user": {"name": "Ben"}, '
                      '"locator": {"site": "remark", "url": "https://example.org/post/"}, "time": "2024-03-06T11:00:00Z"}\n',
                      encoding="utf-8")
    result = read_inputs([str(backup)])
    assert not result.errors and [c.parent_id for c in result.comments] == [None, "a1"]
    assert any("1 JSON object without id or text is not a comment (keys: version, users, posts)" in n
               for n in result.notes), result.notes


def test_an_article_count_on_every_row_and_a_delete_permission_are_no_reply_count_or_deletion(tmp_path):
    """A CMS join's rows carry their post's ``comment_count`` (two rows, two posts: no count shared by three
    rows to tell it by) and a ``delete`` permission: only a Facebook Graph comment's ``comment_count`` counts
    its replies, only a remark42 record's ``delete`` deletes (review24c F1, F3, session 24)."""
    rows = [{"id": 1, "post_id": 7, "post_title": "A", "comment_count": 2, "author": "Ann", "text": "First on A.",
             "delete": True},
            {"id": 2, "post_id": 7, "post_title": "A", "comment_count": 2, "author": "Ben", "text": "Second on A."},
            {"id": 3, "post_id": 8, "post_title": "B", "comment_count": 1, "author": "Cy", "text": "Only one on B."}]
    path = tmp_path / "join.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    result = read_inputs([str(path)])
    assert not result.errors and result.unloaded_total() == 0
    assert not any("comment_count" in note for note in result.notes), result.notes
    assert [c.status for c in result.comments] == ["visible"] * 3
    assert result.comments[0].meta.get("delete") is True
