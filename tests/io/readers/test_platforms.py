"""Platform exports SPEC names no reader for: Mastodon thread contexts, X/Twitter API v2
responses and twarc2 NDJSON, Telegram Desktop chat exports (team-written fixtures, MIT)."""

from __future__ import annotations

import json

from conftest import FIXTURES, read

from comments.io.readers import detect

EXPORTS = FIXTURES / "exports"


def rows(result):
    return [(c.id, c.parent_id, c.author, c.text) for c in result.comments]


def test_mastodon_context_is_one_thread_with_the_root_as_its_article():
    """ancestors + descendants: one thread; the root post is the article (id, text, time,
    address), replies to it top-level, deeper replies under their ``in_reply_to_id``; the
    author is the account's ``acct``; a custom emoji keeps its ``:shortcode:``."""
    result = read(EXPORTS / "mastodon_context.json")
    (pt,) = result.threads
    t = pt.thread
    assert (t.format, t.thread_id, t.site, t.url) == ("mastodon", "1001", "mastodon.social",
                                                     "https://mastodon.social/@op/1001")
    assert (t.article_text, t.published_at) == ("Xiaomi sperrt Handys & zensiert", "2021-09-24T12:00:00.000Z")
    assert rows(result) == [("1002", None, "anna@other.social", "Erste Antwort"),
                            ("1003", "1002", "ben", "@anna ja :blobcat:"),
                            ("1004", "1002", "op", "Danke")]
    assert not any("orphan" in c.flags for c in result.comments)
    assert result.comments[2].meta["post_author"] is True  # the root's author answering
    assert result.comments[0].meta["account"]["display_name"] == "Anna"


def test_mastodon_roots_author_and_counts_are_named_in_a_note(tmp_path):
    """SPEC's thread record has no author field (nor meta): the root status's author and its
    counts were dropped without a word. Now one note names them; a context fetched for the root
    itself (no ancestors: the root is not in the file) loses nothing and says nothing."""
    result = read(EXPORTS / "mastodon_context.json")
    assert [n for n in result.notes if "root status" in n] == [
        f"{EXPORTS / 'mastodon_context.json'}: the root status 1001 (the article): its author (account: op), "
        "favourites (favourites_count), replies (replies_count) and 2 other fields not in the output (SPEC's thread "
        "record has no field for them; a comment's own fields are in its meta)"]
    doc = json.loads((EXPORTS / "mastodon_context.json").read_text(encoding="utf-8"))
    path = tmp_path / "context.json"
    path.write_text(json.dumps({"ancestors": [], "descendants": doc["descendants"]}), encoding="utf-8")
    assert not [n for n in read(path).notes if "root status" in n]


def test_twitter_v2_response_replies_by_referenced_tweets():
    """``referenced_tweets`` replied_to → parent; ``conversation_id`` → thread, its first tweet
    (included) the article; authors from ``includes.users``; a quoted tweet of another
    conversation in ``includes`` is no comment."""
    result = read(EXPORTS / "twitter_v2.json")
    (pt,) = result.threads
    assert (pt.thread.format, pt.thread.thread_id, pt.thread.article_text) == ("twitter", "1", "Xiaomi sperrt Handys")
    assert pt.thread.published_at == "2021-09-24T12:00:00.000Z"
    assert rows(result) == [("2", None, "b", "@op stimmt & mehr"), ("3", "2", "c", "@b eher nicht")]


def test_twarc2_flat_ndjson_is_read_the_same_way():
    result = read(EXPORTS / "twarc2_flat.jsonl")
    (pt,) = result.threads
    assert pt.thread.thread_id == "1" and pt.thread.format == "twitter"
    assert rows(result) == [("2", None, "b", "@op stimmt"), ("3", "2", "c", "@b eher nicht")]
    assert result.comments[0].meta["public_metrics"] == {"like_count": 1}


def test_telegram_export_joins_formatted_text_and_leaves_out_service_messages():
    """A formatted message's text list is joined (links' addresses kept as links), service
    messages are no comments (counted in a note), ``date_unixtime`` is the time (UTC)."""
    result = read(EXPORTS / "telegram_result.json")
    (pt,) = result.threads
    assert (pt.thread.format, pt.thread.thread_id, pt.thread.title) == ("telegram", "1234", "Tech-Chat")
    assert rows(result) == [("1", None, "Alice", "Hallo"), ("2", "1", "Bob", "Siehe https://x.org und hier, wichtig"),
                            ("4", "2", "Dan", "Antwort")]
    assert result.comments[1].meta["links"] == ["https://x.org", "https://y.org/a"]
    assert result.comments[0].created_at == "2021-09-24T12:00:00Z"
    assert any("1 service message" in note for note in result.notes)


def test_platform_readers_are_detected_by_content():
    for name, fmt in (("mastodon_context.json", "mastodon"), ("twitter_v2.json", "twitter"),
                      ("twarc2_flat.jsonl", "twitter"), ("telegram_result.json", "telegram"),
                      ("guardian_discussion.json", "guardian")):
        assert detect((EXPORTS / name).read_text(encoding="utf-8")[:65536]).name == fmt, name


def test_telegram_full_export_gives_one_thread_per_chat(tmp_path):
    """A full Telegram export (``chats.list``): each chat its own thread."""
    chat = json.loads((EXPORTS / "telegram_result.json").read_text(encoding="utf-8"))
    other = {**chat, "id": 777, "name": "Andere Gruppe", "messages": chat["messages"][:1]}
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"about": "export", "chats": {"about": "chats", "list": [chat, other]}}), encoding="utf-8")
    result = read(path)
    assert [(pt.thread.thread_id, pt.thread.title, len(pt.comments)) for pt in result.threads] == [
        ("1234", "Tech-Chat", 3), ("777", "Andere Gruppe", 1)]


def test_a_csv_of_tweets_stays_a_table(tmp_path):
    """A table with tweet columns is read by the CSV reader, not sent to the JSON tweet reader."""
    path = tmp_path / "tweets.csv"
    path.write_text('id,conversation_id,author_id,text,referenced_tweets\n2,1,u2,"@op stimmt, ja",\n', encoding="utf-8")
    result = read(path)
    assert result.threads[0].thread.format == "csv"
    assert [c.text for c in result.comments] == ["@op stimmt, ja"]


def test_mastodon_context_of_a_mid_thread_status_says_why_its_replies_are_orphans():
    """A context fetched for a status inside a thread (ancestors and descendants) never holds that status
    itself: its reply is an orphan, as SPEC says, and one note now names the status and the reason (the
    finder saw an unexplained orphan). A context of the root needs no such note."""
    path = EXPORTS / "mastodon_context_of_mid.json"
    result = read(path)
    (orphan,) = [c for c in result.comments if "orphan" in c.flags]
    assert (orphan.id, orphan.missing_parent_id) == ("112000000000000004", "112000000000000003")
    assert f"{path}: status 112000000000000003 is the one this context was fetched for, which a /context answer " \
           "never holds: the 1 reply to it is flagged orphan" in result.notes
    assert not [n for n in read(EXPORTS / "mastodon_context.json").notes if "fetched for" in n]
