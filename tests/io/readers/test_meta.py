"""SPEC ``meta``: source fields no column takes are kept, as the source gives them, and
read back exactly from our own outputs."""

from __future__ import annotations

import csv
import io
import json
import lzma

import pytest

from comments.io.pipeline import read_inputs
from comments.io.writers import write
from conftest import FIXTURES, corpus, read


def test_reddit_score_and_other_fields_kept_but_not_the_mapped_ones():
    path = corpus("reddit/reddit_fo7p5b_announcements_polls.json")
    result = read(path)
    raw = json.loads(path.read_text())
    things = {}
    stack = [raw]
    while stack:  # every t1 thing of the fixture, independently of the reader
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if node.get("kind") == "t1":
                things[node["data"]["id"]] = node["data"]
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
    assert things
    for c in result.comments:
        source = things[c.id]
        assert c.meta == {k: v for k, v in source.items()
                          if k not in ("id", "name", "parent_id", "link_id", "author", "created_utc", "body", "replies")}
        assert c.meta["score"] == source["score"] and "body_html" in c.meta


def test_pushshift_subreddit_kept():
    result = read(FIXTURES / "pushshift.ndjson")
    assert [c.meta for c in result.comments][:2] == [{"subreddit": "europe"}] * 2


def test_hackernews_official_keeps_score_type_and_not_kids():
    items = {str(i["id"]): i for i in json.loads((FIXTURES / "hn_official.json").read_text())}
    result = read(FIXTURES / "hn_official.json")
    for c in result.comments:
        assert "kids" not in c.meta and "by" not in c.meta and "text" not in c.meta
        assert c.meta["type"] == items[c.id]["type"]


def test_csv_extra_columns(tmp_path):
    path = tmp_path / "site.example__votes.csv"
    path.write_text("id,parent_id,text,PositiveVotes,NegativeVotes\n1,,Hallo,3,0\n2,1,Antwort,,7\n", encoding="utf-8")
    result = read(path)
    assert [c.meta for c in result.comments] == [{"PositiveVotes": "3", "NegativeVotes": "0"},
                                                 {"PositiveVotes": "", "NegativeVotes": "7"}]


def test_repeated_rows_keep_their_differing_labels_as_lists(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text("ID_Post,ID_Parent_Post,Body,Votes,Category,Value\n"
                    "1,,Text,4,SentimentNegative,1\n1,,Text,4,OffTopic,0\n2,1,Reply,0,OffTopic,1\n", encoding="utf-8")
    result = read_inputs([str(path)])
    assert [c.meta for c in result.comments] == [
        {"Votes": "4", "Category": ["SentimentNegative", "OffTopic"], "Value": ["1", "0"]},
        {"Votes": "0", "Category": "OffTopic", "Value": "1"}]
    assert any("Category, Value" in n for n in result.notes)


def test_one_million_posts_votes_and_every_label_kept():
    path = corpus("labeled_de/one_million_posts/posts_labeled_dev.csv.xz")
    rows = list(csv.DictReader(io.StringIO(lzma.decompress(path.read_bytes()).decode("utf-8"), newline="")))
    labels: dict[str, list[tuple[str, str]]] = {}
    votes: dict[str, tuple[str, str]] = {}
    for r in rows:
        labels.setdefault(r["ID_Post"], []).append((r["Category"], r["Value"]))
        votes[r["ID_Post"]] = (r["PositiveVotes"], r["NegativeVotes"])
    result = read(path)
    assert len(result.comments) == len(labels)
    for c in result.comments:
        assert (c.meta["PositiveVotes"], c.meta["NegativeVotes"]) == votes[c.id]
        category, value = c.meta["Category"], c.meta["Value"]
        pairs = list(zip(category, value)) if isinstance(category, list) else [(category, value)]
        assert pairs == labels[c.id]


@pytest.mark.parametrize("name", ["out.jsonl", "out.csv", "out.parquet"])
def test_meta_read_back_exactly_from_our_outputs(tmp_path, name):
    dump = tmp_path / "dump.jsonl"
    rows = [{"id": "1", "text": "a", "score": 3, "likes": None, "ratio": 0.1, "tags": ["x", "=1"], "u": {"z": 1, "a": True}},
            {"id": "2", "parent": "1", "text": "b", "Value": "0", "ü": "-2"}]
    dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    source = read(dump)
    assert [c.meta for c in source.comments] == [{k: v for k, v in r.items() if k not in ("id", "parent", "text")}
                                                 for r in rows]
    path = tmp_path / name
    write(source.threads, str(path), None)
    back = read(path)
    assert [c.meta for c in back.comments] == [c.meta for c in source.comments]
    assert [list(c.meta) for c in back.comments] == [list(c.meta) for c in source.comments]  # key order too


def test_csv_meta_is_one_json_column(tmp_path):
    path = tmp_path / "out.csv"
    write(read(FIXTURES / "pushshift.ndjson").threads, str(path), None)
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    assert json.loads(rows[0]["meta"]) == {"subreddit": "europe"}


def test_a_broken_meta_cell_in_our_csv_is_one_error(tmp_path):
    path = tmp_path / "out.csv"
    write(read(FIXTURES / "pushshift.ndjson").threads, str(path), None)
    path.write_text(path.read_text(encoding="utf-8").replace('{""subreddit"":""europe""}', "[1]", 1), encoding="utf-8")
    result = read_inputs([str(path)])
    assert len(result.errors) == 1 and "meta" in result.errors[0]


def test_pseudonymize_reaches_personal_fields_in_meta():
    from comments.io.pseudonymize import pseudonymize

    result = read(FIXTURES / "staticman" / "nested-replies", FIXTURES / "json" / "remark42_find.json")
    emails = {c.meta["email"] for c in result.comments if "email" in c.meta}
    users = {c.meta["user"]["id"] for c in result.comments if "user" in c.meta}
    pseudonymize(result.threads, "salz")
    dumped = json.dumps([c.meta for c in result.comments], ensure_ascii=False)
    assert emails and users and not any(v in dumped for v in emails | users)
    assert all(c.meta["score"] in (5, 1) for c in result.comments if "score" in c.meta)  # not personal: kept


def test_wordpress_rest_keeps_link_and_other_fields():
    items = {str(i["id"]): i for i in json.loads((FIXTURES / "wp_rest.json").read_text())}
    for c in read(FIXTURES / "wp_rest.json").comments:
        taken = ("id", "post", "parent", "author_name", "date_gmt", "date", "type", "status", "content")
        assert c.meta == {k: v for k, v in items[c.id].items() if k not in taken} and "link" in c.meta


def test_wxr_keeps_email_url_ip_and_commentmeta(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><link>https://blog.example.org</link><item><title>Sperre</title><link>https://blog.example.org/sperre/</link>
<wp:post_id>7</wp:post_id><wp:post_type>post</wp:post_type>
<wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_author>Uta</wp:comment_author>
<wp:comment_author_email>uta@example.org</wp:comment_author_email><wp:comment_author_IP></wp:comment_author_IP>
<wp:comment_date_gmt>2021-09-16 08:00:00</wp:comment_date_gmt><wp:comment_content>Hallo</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent><wp:comment_karma>2</wp:comment_karma>
<wp:commentmeta><wp:meta_key>rating</wp:meta_key><wp:meta_value>5</wp:meta_value></wp:commentmeta>
</wp:comment></item></channel></rss>""", encoding="utf-8")
    [comment] = read(path).comments
    assert comment.meta == {"comment_author_email": "uta@example.org", "comment_author_IP": "", "comment_karma": "2",
                            "rating": "5"}


def test_disqus_keeps_ip_and_author_details():
    path = corpus("disqus/isso__disqus.xml")
    result = read(path)
    assert all(c.meta.get("ipAddress") for c in result.comments)
    assert {c.meta["author"].get("email") for c in result.comments} >= {"foo@bar.com"}
    assert all(c.meta["author"].get("name") == c.author or c.meta["author"].get("username") == c.author
               for c in result.comments)


@pytest.mark.parametrize("meta, ok", [('{"a": 1}', True), ('"{\\"a\\": 1}"', True), ("[1]", False), ('"[1]"', False)])
def test_meta_of_our_jsonl_read_back_or_one_error(tmp_path, meta, ok):
    path = tmp_path / "ours.jsonl"
    path.write_text('{"record": "comment", "site": "s", "thread_id": "t", "id": "1", "text": "x", "meta": %s}\n' % meta,
                    encoding="utf-8")
    result = read_inputs([str(path)])
    if ok:
        assert not result.errors and result.comments[0].meta == {"a": 1}
    else:
        assert len(result.errors) == 1 and "meta" in result.errors[0]
