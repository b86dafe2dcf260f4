"""Reddit threads and Pushshift dumps: `more` stubs, deleted placeholders, orphans."""

from __future__ import annotations

import json

from conftest import FIXTURES, corpus, read


def by_id(result):
    return {c.id: c for c in result.comments}


def test_reddit_thread_more_stubs_and_deleted_placeholders():
    result = read(FIXTURES / "reddit_thread.json")
    (pt,) = result.threads
    t = pt.thread
    assert (t.thread_id, t.title, t.declared_count, t.unloaded_count) == (
        "pq1abc", "Xiaomi is bricking phones in Cuba", 6, 2)
    assert t.article_text == "Anyone else & affected?"
    c = by_id(result)
    assert set(c) == {"h1", "h2", "h3", "h4"}  # the `more` stub is not a comment
    assert c["h1"].text == "Flash a custom ROM > problem solved"
    assert (c["h2"].status, c["h2"].author) == ("deleted", None)
    assert (c["h3"].parent_id, c["h3"].depth) == ("h2", 2)
    assert c["h4"].status == "removed"
    assert c["h1"].created_at == "2021-09-15T10:01:40Z"


def test_pushshift_ndjson_links_and_orphans():
    result = read(FIXTURES / "pushshift.ndjson")
    c = by_id(result)
    assert c["k2"].parent_id == "k1"
    assert c["k3"].parent_id is None and c["k3"].missing_parent_id == "k0" and c["k3"].flags == ["orphan"]


def test_continue_this_thread_stub_counts_the_stated_remainder(capsys):
    """A "continue this thread" stub (id ``_``, count 0) says the chain goes on without a
    count: unloaded_count is the submission's num_comments minus the comments present
    (9 − 3), said in a note, and the stub itself is no comment."""
    result = read(FIXTURES / "reddit_continue_chain.json")
    (pt,) = result.threads
    assert set(by_id(result)) == {"q1", "q2", "q3"}
    assert (pt.thread.declared_count, pt.thread.unloaded_count) == (9, 6)
    assert any("zz9chn: 6 unloaded comments from the stated count (the submission says 9, found 3; "
               'its `more` stubs count 1, 1 "continue this thread" link without a count)' in n for n in result.notes)


def test_more_stub_counts_beyond_the_stated_count_are_kept():
    """Stubs that count more than the stated remainder keep their sum (the stated count
    is not lowered onto them): 2 listed in the stub, 6 stated, 4 present."""
    result = read(FIXTURES / "reddit_thread.json")
    assert result.threads[0].thread.unloaded_count == 2
    assert not any("from the stated count" in n for n in result.notes)


def test_corpus_continue_stub_chain_depth10():
    """reddit_6otocc: a 10-deep chain ending in a "continue this thread" stub; the page
    says 32 comments and holds 10, so 22 are unloaded (the stub's count is 0)."""
    result = read(corpus("reddit/reddit_6otocc_comment_chain_depth10.json"))
    (pt,) = result.threads
    assert (len(pt.comments), pt.thread.declared_count, pt.thread.unloaded_count) == (10, 32, 22)
    assert any("6otocc: 22 unloaded comments from the stated count" in n for n in result.notes)


def test_corpus_continue_stub_among_counted_stubs():
    """reddit_fo7p5b: 221 counted `more` stubs (3,748) and one "continue this thread" stub
    under fldyu6q (at least 1) exceed the stated remainder (3,982 − 492 = 3,490): the
    stubs' 3,749 stand, and the differing count is still reported."""
    path = corpus("reddit/reddit_fo7p5b_announcements_polls.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    stubs = []
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("kind") == "more":
                stubs.append(node["data"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    expected = sum(max(s["count"], len(s["children"])) or (s["id"] == "_") for s in stubs)
    result = read(path)
    (pt,) = result.threads
    assert pt.thread.unloaded_count == expected == 3749
    assert "page says 3,982, found 492 + 3,749 unloaded" in result.summary()


def test_a_removed_body_is_removed_whoever_the_author_shows_as(tmp_path):
    """Pushshift dumps show a moderator's removal as body ``[removed]``, usually with the author
    ``[deleted]`` too: that is status ``removed`` (docs/formats.md), on the general and the
    fast path; only a ``[deleted]`` body, or a deleted author with no body, is ``deleted``."""
    import pyarrow.parquet as pq

    from comments.io import fastpath

    rows = [("r1", "alice", "[removed]"), ("r2", "[deleted]", "[removed]"), ("r3", "[deleted]", "[deleted]"),
            ("r4", "[deleted]", None), ("r5", "[deleted]", "Kept text, account gone."), ("r6", "bob", "Fine.")]
    dump = tmp_path / "RC_2021-09.jsonl"
    dump.write_text("".join(json.dumps({"id": i, "link_id": "t3_aa", "parent_id": "t3_aa", "author": a, "body": b,
                                        "created_utc": 1631786400 + n}) + "\n"
                            for n, (i, a, b) in enumerate(rows)), encoding="utf-8")
    want = {"r1": "removed", "r2": "removed", "r3": "deleted", "r4": "deleted", "r5": "visible", "r6": "visible"}
    assert {c.id: c.status for c in read(dump).comments} == want
    out = tmp_path / "fast.parquet"
    fastpath.convert(dump, out, None, "RC_2021-09", {}, str(dump))
    table = pq.read_table(out, columns=["id", "status"]).to_pydict()
    assert dict(zip(table["id"], table["status"])) == want


def _thing(id_, parent, body, created):
    return {"kind": "t1", "data": {"id": id_, "name": f"t1_{id_}", "parent_id": parent, "link_id": "t3_pq1abc",
                                   "author": f"user_{id_}", "created_utc": created, "body": body,
                                   "subreddit": "Xiaomi", "replies": ""}}


def test_a_morechildren_answer_given_with_its_thread_resolves_the_stub(tmp_path):
    """The thread JSON and the ``/api/morechildren`` answer for its ``more`` stub, given
    together (either order; inputs are read in name order): the fetched comments are no
    longer unloaded, and they stand where the stub stood (after h1's earlier replies,
    before the next top-level comment), not before the thread's own comments."""
    answer = {"json": {"errors": [], "data": {"things": [
        _thing("h9", "t1_h1", "Try the unofficial unlock tool.", 1631700500),
        _thing("h10", "t1_h9", "That voids the warranty.", 1631700600)]}}}
    path = tmp_path / "a_morechildren.json"
    path.write_text(json.dumps(answer), encoding="utf-8")
    alone = read(FIXTURES / "reddit_thread.json").threads[0].thread
    assert alone.unloaded_count == 2
    for inputs in ((FIXTURES / "reddit_thread.json", path), (path, FIXTURES / "reddit_thread.json")):
        result = read(*inputs)
        (pt,) = result.threads
        assert pt.thread.unloaded_count == 0
        assert [(c.id, c.parent_id, c.depth, c.position) for c in pt.comments] == [
            ("h1", None, 0, 0), ("h2", "h1", 1, 1), ("h3", "h2", 2, 2), ("h9", "h1", 1, 3), ("h10", "h9", 2, 4),
            ("h4", None, 0, 5)]
        assert not result.losses()  # 6 found, as the submission states


def test_a_morechildren_answer_holding_part_of_a_stub_leaves_the_rest_unloaded(tmp_path):
    """Only one of the stub's two listed comments fetched: half its count stays unloaded."""
    path = tmp_path / "part.json"
    path.write_text(json.dumps({"json": {"data": {"things": [_thing("h9", "t1_h1", "Only this one.", 1631700500)]}}}),
                    encoding="utf-8")
    assert read(FIXTURES / "reddit_thread.json", path).threads[0].thread.unloaded_count == 1


def test_an_arctic_shift_comment_tree_is_read(tmp_path):
    """Arctic Shift's ``/api/comments/tree`` answer, ``{"data": [t1 things with replies]}``
    (a ``more`` among them): its comments and their tree, not 0 comments with exit 0."""
    thread = json.loads((FIXTURES / "reddit_thread.json").read_text(encoding="utf-8"))
    things = thread[1]["data"]["children"]
    path = tmp_path / "tree.json"
    path.write_text(json.dumps({"data": things}), encoding="utf-8")
    result = read(path)
    (pt,) = result.threads
    assert [(c.id, c.parent_id, c.depth) for c in pt.comments] == [
        ("h1", None, 0), ("h2", "h1", 1), ("h3", "h2", 2), ("h4", None, 0)]
    assert pt.thread.unloaded_count == 2  # the `more` stub
    assert by_id(result)["h1"].text == "Flash a custom ROM > problem solved"


def test_a_document_holding_no_reddit_thing_is_an_error(tmp_path):
    """A document detected as Reddit (a ``"kind": "t1"`` in it) whose things are nowhere
    Reddit or Arctic Shift puts them: one error line, not an empty output with exit 0."""
    from comments.io.pipeline import read_inputs

    path = tmp_path / "odd.json"
    path.write_text(json.dumps({"result": {"items": [{"kind": "t1", "payload": {"id": "x"}}]}}), encoding="utf-8")
    result = read_inputs([str(path)])
    assert len(result.errors) == 1 and "holding no Reddit thing" in result.errors[0]
    assert not result.threads


#: A Reddit body as the API and the dumps give it: ``&``, ``<`` and ``>`` escaped once over the
#: Markdown the user wrote, which holds entity references of its own (Reddit's editor writes
#: ``&#x200B;`` for an empty paragraph) and a code span showing one as written.
_ESCAPED_BODY = ("First para\n\n&amp;#x200B;\n\nSecond&amp;nbsp;para &amp;amp; AT&amp;T, 5 &lt; 6 &gt; 4\n\n"
                 "Write `&amp;nbsp;` for a space, &amp;copy alone stays.")
_SHOWN_BODY = ("First para\n\n\u200b\n\nSecond\xa0para & AT&T, 5 < 6 > 4\n\n"
               "Write `&nbsp;` for a space, &copy alone stays.")


def test_entities_in_the_markdown_are_decoded_once_as_reddit_shows_them(tmp_path):
    """Reddit renders the Markdown's entity references (``&#x200B;`` a zero-width space,
    ``&nbsp;`` a no-break space, a typed ``&amp;`` an ``&``) but not inside code, and not a
    bare ``&copy`` (README's rule for Markdown texts): decoded once, after the API's own
    escaping — in a dump, a thread document's body and self text, and on the fast path."""
    from comments.io import fastpath
    import pyarrow.parquet as pq

    row = {"id": "z1", "parent_id": "t3_10abcd", "link_id": "t3_10abcd", "author": "u", "created_utc": 1673000100,
           "body": _ESCAPED_BODY, "subreddit": "germany"}
    dump = tmp_path / "RC_2023-01.ndjson"
    dump.write_text(json.dumps(row) + "\n", encoding="utf-8")
    assert read(dump).comments[0].text == _SHOWN_BODY
    fast = tmp_path / "fast.parquet"
    fastpath.parse_to_parquet(dump, fast, None, "RC_2023-01", {}, str(dump))
    assert pq.read_table(fast).column("text").to_pylist() == [_SHOWN_BODY]
    thread = json.loads((FIXTURES / "reddit_thread.json").read_text(encoding="utf-8"))
    thread[0]["data"]["children"][0]["data"]["selftext"] = _ESCAPED_BODY
    thread[1]["data"]["children"][1]["data"]["body"] = _ESCAPED_BODY
    path = tmp_path / "thread.json"
    path.write_text(json.dumps(thread), encoding="utf-8")
    result = read(path)
    assert result.threads[0].thread.article_text == _SHOWN_BODY
    assert by_id(result)["h4"].text == _SHOWN_BODY


def test_a_submissions_fields_no_thread_field_takes_are_named_in_one_note(tmp_path):
    """A link post's target (``url``, not the post's own page), its author, score and flair have
    no field in SPEC's thread record (no meta there): they were dropped without a word. Now one
    note per input names them (a self post's ``url``, its own page, is kept as the thread's url)."""
    link = {"id": "10efgh", "subreddit": "de", "title": "Tempolimit: neue Studie", "author": "jana_k",
            "created_utc": 1672600000, "num_comments": 1, "score": 412, "link_flair_text": "Verkehr",
            "is_self": False, "selftext": "", "url": "https://www.umweltbundesamt.de/tempolimit",
            "permalink": "/r/de/comments/10efgh/tempolimit_neue_studie/"}
    own = {**link, "id": "10abcd", "is_self": True, "selftext": "Was meint ihr?", "link_flair_text": None,
           "url": "https://www.reddit.com/r/de/comments/10abcd/frage/", "permalink": "/r/de/comments/10abcd/frage/"}
    reply = {"id": "k1", "link_id": "t3_10efgh", "parent_id": "t3_10efgh", "author": "tom", "body": "Endlich.",
             "created_utc": 1672600100, "subreddit": "de", "score": 3}
    path = tmp_path / "RS_2023-01.ndjson"
    path.write_text("".join(json.dumps(row) + "\n" for row in (link, own, reply)), encoding="utf-8")
    result = read(path)
    assert {pt.thread.thread_id: pt.thread.url for pt in result.threads} == {
        "10efgh": "https://www.reddit.com/r/de/comments/10efgh/tempolimit_neue_studie/",
        "10abcd": "https://www.reddit.com/r/de/comments/10abcd/frage/"}
    assert result.comments[0].meta["score"] == 3  # a comment's own fields: in its meta, as before
    assert [n for n in result.notes if "submission" in n] == [
        f"{path}: 2 submissions: the linked page of 1 link post (url; 10efgh: https://www.umweltbundesamt.de/tempolimit), "
        "author, score, flair (link_flair_text) and 1 other field not in the output (SPEC's thread record has no "
        "field for them; a comment's own fields are in its meta)"]


def test_corpus_submission_fields_are_noted():
    result = read(corpus("reddit/reddit_6otocc_comment_chain_depth10.json"))
    assert [n.split(": ", 1)[1] for n in result.notes if "submission:" in n] == [
        "1 submission: author, score, upvote ratio (upvote_ratio) and 27 other fields not in the output (SPEC's "
        "thread record has no field for them; a comment's own fields are in its meta)"]
