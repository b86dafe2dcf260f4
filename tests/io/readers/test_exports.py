"""Generic CSV/JSON/JSONL exports as tools and spreadsheets write them, read faithfully
(fix18d; fixtures under tests/fixtures/exports are team-written, MIT)."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, read, run

EXPORTS = FIXTURES / "exports"


@pytest.mark.parametrize("fmt", [None, "csv"])
def test_excel_sep_hint_names_the_delimiter_and_is_no_row(fmt):
    """Excel's "sep=;" first line: read as plain text titled "sep=;", 0 comments, exit 0."""
    result = read(EXPORTS / "excel_sep_hint.csv", fmt=fmt)
    c = {c.id: c for c in result.comments}
    assert list(c) == ["1", "2"] and c["2"].parent_id == "1"
    assert c["1"].text == "Erster „Kommentar“" and c["2"].text == "Zeile eins\nZeile zwei; mit Semikolon"
    assert c["2"].created_at == "2021-09-24T15:10"
    assert result.threads[0].thread.title is None
    assert any("'sep=;' is Excel's delimiter hint" in n for n in result.notes)


def _shape(result):
    return [(pt.thread.thread_id, pt.thread.site, [(c.id, c.parent_id, c.author, c.status, c.created_at, c.flags)
                                                   for c in pt.comments]) for pt in result.threads]


@pytest.mark.parametrize("name", ["praw_comments.csv", "praw_comments.json"])
def test_reddit_prefixed_ids_in_a_generic_export_read_as_the_dump(name):
    """t1_/t3_ parents and link_id: one flat list of orphans named after the file, before."""
    dump = _shape(read(EXPORTS / "praw_comments.jsonl"))
    assert _shape(read(EXPORTS / name)) == dump
    assert dump == [("abc12", "reddit.com", [
        ("k1", None, "ute", "visible", "2021-09-24T13:05:00Z", []), ("k2", "k1", "tom", "visible", "2021-09-24T13:06:40Z", []),
        ("k3", "k2", None, "deleted", "2021-09-24T13:08:20Z", []),
        ("k4", None, "eva", "visible", "2021-09-24T13:10:00Z", ["orphan"])])]


def _tree(result):
    return [(c.id, c.parent_id, c.depth, c.author, c.text, c.created_at, c.meta) for c in result.comments]


@pytest.mark.parametrize("name", ["nested_replies.jsonl", "nested_children.jsonl"])
def test_jsonl_replies_nested_in_their_comment_are_read_as_the_json_list_reads_them(name):
    """The replies were buried in meta and the comments read as top-level."""
    result = read(EXPORTS / name)
    assert _tree(result) == _tree(read(EXPORTS / "nested_replies.json"))
    assert [(c.id, c.parent_id, c.depth, c.meta) for c in result.comments] == [
        ("n1", None, 0, {}), ("n2", "n1", 1, {}), ("n3", "n2", 2, {}), ("n4", None, 0, {})]
    assert any("2 replies nested in a list inside their comment" in n for n in result.notes)
    assert not any("no parent column" in n for n in result.notes)


def test_jsonl_with_nested_replies_is_not_taken_by_the_fast_path(tmp_path):
    out = tmp_path / "out.jsonl"
    assert run("parse", str(EXPORTS / "nested_replies.jsonl"), "-o", str(out)).exit_code == 0
    comments = [r for r in map(__import__("json").loads, out.read_text().splitlines()) if r["record"] == "comment"]
    assert [(r["id"], r["parent_id"]) for r in comments] == [("n1", None), ("n2", "n1"), ("n3", "n2"), ("n4", None)]


@pytest.mark.parametrize("name", ["permalink_url.csv", "permalink_url.json"])
def test_a_column_of_each_comments_own_permalink_gives_one_thread_per_page(name):
    """One thread per comment before, every reply an orphan; the permalinks are kept."""
    result = read(EXPORTS / name)
    threads = {pt.thread.thread_id: [(c.id, c.parent_id, c.flags) for c in pt.comments] for pt in result.threads}
    assert threads == {"https://zeitung.example/artikel-7": [("1", None, []), ("2", "1", []), ("3", "2", [])],
                       "https://zeitung.example/artikel-8": [("4", None, [])]}
    c = {c.id: c for c in result.comments}
    assert c["3"].meta["url"] == "https://zeitung.example/artikel-7?page=2#comment-3"
    assert result.threads[0].thread.site == "zeitung.example"
    assert any("4 comments name their own permalink in 'url'" in n and "1 reply alone" in n for n in result.notes)


def test_wordpress_rest_author_names_are_decoded_once_and_the_embedded_post_titles_the_thread():
    """"O&#039;Brien" was kept escaped; the ?_embed post title was left in meta only."""
    result = read(EXPORTS / "wp_rest_embed.json")
    assert [c.author for c in result.comments] == ["O'Brien & Söhne", "Plain <Name>"]
    assert result.threads[0].thread.title == "Tempo – Limit"


def test_hacker_news_algolia_search_hits_are_comments_of_their_story():
    """Read as a generic list: the top-level comment was an orphan, the site the file's name."""
    result = read(EXPORTS / "hn_algolia_search.json")
    [pt] = result.threads
    assert (pt.thread.thread_id, pt.thread.site, pt.thread.title) == ("4100", "news.ycombinator.com", "Tempolimit beschlossen")
    assert [(c.id, c.parent_id, c.author, c.text, c.flags) for c in pt.comments] == [
        ("4101", None, "ada", "Ich bin 'erstaunt'.\n\nZweiter", []), ("4102", "4101", "bo", "Ich auch", [])]


@pytest.mark.parametrize("out", [None, "out.jsonl"])
def test_youtube_comment_downloader_epoch_dates_and_dotted_reply_ids(tmp_path, out):
    """The relative "2 years ago" was read (invalid_date) over the epoch column; replies were top-level."""
    if out is None:
        rows = [(c.id, c.parent_id, c.created_at, c.flags, c.meta["time"]) for c in read(EXPORTS / "youtube_cd.jsonl").comments]
    else:  # the CLI's fast path for generic JSONL leaves such a file to the reader
        assert run("parse", str(EXPORTS / "youtube_cd.jsonl"), "-o", str(tmp_path / out)).exit_code == 0
        import json
        rows = [(r["id"], r["parent_id"], r["created_at"], r["flags"], r["meta"]["time"])
                for r in map(json.loads, (tmp_path / out).read_text().splitlines()) if r["record"] == "comment"]
    assert rows == [("UgyK1", None, "2021-09-24T13:00:00Z", [], "2 years ago"),
                    ("UgyK1.8xyzQ", "UgyK1", "2021-09-24T13:01:40Z", ["inferred_parent"], "2 years ago"),
                    ("UgyK2", None, "2021-09-24T13:03:20Z", [], "1 year ago (edited)")]


def test_dotted_numbers_are_never_split_into_parents(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,text\n1,eins\n1.5,anderthalb\n")
    assert [(c.id, c.parent_id) for c in read(path).comments] == [("1", None), ("1.5", None)]


def test_facepager_seed_row_is_no_comment_and_its_columns_are_mapped():
    result = read(EXPORTS / "facepager.csv")
    assert [(c.id, c.parent_id, c.author, c.created_at, c.text) for c in result.comments] == [
        ("2", None, "Max", "2021-09-24T12:00:00Z", "Erster Kommentar"), ("3", "2", "Eva", "2021-09-24T12:05:00Z", "Antwort")]
    assert any("1 Facepager seed row" in n for n in result.notes)


@pytest.mark.parametrize("name", ["twarc2_columns.jsonl", "twarc2_list.json"])
def test_column_names_reach_nested_keys_with_a_dotted_path(name):
    """Before, --column author=author.username was "no column", and each line lost for its object author."""
    result = read(EXPORTS / name, columns={"author": "author.username", "parent_id": "referenced_tweets.0.id",
                                           "thread_id": "conversation_id"})
    assert [(c.id, c.parent_id, c.author, c.meta["author"]["id"]) for c in result.comments] == [
        ("2", None, "ute", "u2"), ("3", "2", "tom", "u3")]
    assert result.threads[0].thread.thread_id == "1"


def test_a_dotted_column_that_leads_nowhere_is_one_clear_error():
    result = run("parse", str(EXPORTS / "twarc2_columns.jsonl"), "--column", "author=author.nix")
    assert result.exit_code == 1
    assert "no column 'author.nix' (for author)" in result.stderr and "a dotted NAME reaches into JSON" in result.stderr
    assert "Traceback" not in result.stderr


def test_jsonl_with_only_empty_reply_lists_reads_alike_on_the_fast_and_general_paths(tmp_path):
    path = tmp_path / "flat.jsonl"
    path.write_text('{"id": "1", "text": "eins", "replies": []}\n{"id": "2", "parent_id": "1", "text": "zwei", "replies": []}\n')
    out = tmp_path / "out.jsonl"
    assert run("parse", str(path), "-o", str(out)).exit_code == 0
    import json
    cli = [(r["id"], r["parent_id"], r["meta"]) for r in map(json.loads, out.read_text().splitlines()) if r["record"] == "comment"]
    assert cli == [(c.id, c.parent_id, c.meta) for c in read(path).comments] == [("1", None, {}), ("2", "1", {})]


def test_jsonl_graph_reply_pages_are_read_as_the_json_list_reads_them():
    """Lines holding Graph API comments with their replies in a page object (``"comments":
    {"data": [...], "paging": …}``, one line per top comment of facebook_graph_nested.json):
    the replies stayed in meta. Now comments under their parent, the page's paging kept."""
    result = read(FIXTURES / "json" / "facebook_graph_comments.jsonl")
    assert [(c.id, c.parent_id, c.depth, c.text) for c in result.comments] == [
        ("1234567890_1001", None, 0, "130 reicht völlig."),
        ("1234567890_1002", "1234567890_1001", 1, "Nein, die Autobahn ist am sichersten."),
        ("1234567890_1004", None, 0, "Ich fahre Bahn.")]
    assert result.comments[0].meta["comments"] == {"paging": {"cursors": {"before": "MQZDZD", "after": "MQZDZD"}}}
    assert any("1 reply nested in a list inside their comment" in n for n in result.notes)
    as_json = {c.id: c.parent_id for c in read(FIXTURES / "json" / "facebook_graph_nested.json").comments}
    assert {c.id: c.parent_id for c in result.comments} == as_json
