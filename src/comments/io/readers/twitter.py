"""X/Twitter API v2 tweets: a response (``data`` with ``includes.users``), NDJSON of such
responses, or twarc2's flattened NDJSON (one tweet a line, ``author`` expanded).

A conversation (``conversation_id``) is a thread; a tweet's parent is the tweet it
``replied_to`` (``referenced_tweets``), top-level when that is the conversation's first
tweet, which, when in the input, is the thread's article. The author is the account's
``username`` (from ``includes.users`` by ``author_id``, or the expanded ``author``), else
the ``author_id``. Why: read as a generic list, every tweet was a top-level comment."""

from __future__ import annotations

import html
from typing import Any

from comments.io.readers.base import (Context, Reader, dated, iter_json_lines, leftover, load_json, published,
                                      str_or_none, text_head)
from comments.model.records import Comment, ParsedThread, Thread

NAME = "twitter"
SITE = "twitter.com"
STATUS_URL = "https://twitter.com/i/web/status/"
#: Tweet fields that record columns take.
_TAKEN = ("id", "conversation_id", "text", "created_at")


#: Keys only X/Twitter API v2 tweets and responses have (beside ``conversation_id``, ``author_id``).
_TWEET_KEYS = ('"referenced_tweets"', '"edit_history_tweet_ids"', '"public_metrics"', '"includes"', '"__twarc"')


def sniff(head: str) -> bool:
    return (head.lstrip().startswith(("{", "[")) and '"conversation_id"' in head and '"author_id"' in head
            and any(key in head for key in _TWEET_KEYS))


def _lines(head: str) -> bool:
    stripped = head.strip()
    return stripped.startswith("{") and "\n{" in stripped


def read(text: str, ctx: Context) -> list[ParsedThread]:
    docs = (obj for _, obj in iter_json_lines(text, ctx)) if _lines(text_head(text)) else [load_json(text, ctx)]
    tweets: list[dict[str, Any]] = []
    users: dict[str, str] = {}
    referenced: list[dict[str, Any]] = []  # tweets the responses include (replied to, quoted)
    for doc in docs:
        if isinstance(doc, dict) and isinstance(doc.get("data"), (list, dict)):  # an API response
            data = doc["data"]
            tweets.extend(t for t in (data if isinstance(data, list) else [data]) if isinstance(t, dict))
            includes = doc.get("includes") if isinstance(doc.get("includes"), dict) else {}
            for user in includes.get("users") or []:
                if isinstance(user, dict) and str_or_none(user.get("id")) and str_or_none(user.get("username")):
                    users[str(user["id"]).strip()] = str(user["username"]).strip()
            referenced.extend(t for t in includes.get("tweets") or [] if isinstance(t, dict))
        elif isinstance(doc, dict):  # a tweet (twarc2 flat)
            tweets.append(doc)
        elif isinstance(doc, list):
            tweets.extend(t for t in doc if isinstance(t, dict))
    conversations = {str_or_none(t.get("conversation_id")) for t in tweets}
    tweets.extend(t for t in referenced if str_or_none(t.get("id")) in conversations)  # an included first tweet
    threads: dict[str, ParsedThread] = {}
    seen: set[str] = set()
    for tweet in tweets:
        tweet_id = str_or_none(tweet.get("id"))
        if tweet_id is not None and tweet_id in seen:  # an included tweet that is also in data
            continue
        seen.add(tweet_id or "")
        key = str_or_none(tweet.get("conversation_id")) or ""
        pt = threads.get(key)
        if pt is None:
            pt = threads[key] = ParsedThread(Thread(thread_id=key or None, site=SITE, format=NAME,
                                                    url=STATUS_URL + key if key else None))
        if tweet_id is not None and tweet_id == key:  # the conversation's first tweet: the article
            pt.thread.article_text = html.unescape(str(tweet.get("text") or "")) or None
            pt.thread.published_at = published(ctx, key, tweet.get("created_at"))
            continue
        pt.comments.append(_comment(tweet, key, users))
    return list(threads.values())


def _comment(tweet: dict[str, Any], conversation: str, users: dict[str, str]) -> Comment:
    replied = next((str_or_none(r.get("id")) for r in tweet.get("referenced_tweets") or []
                    if isinstance(r, dict) and r.get("type") == "replied_to"), None)
    author_id = str_or_none(tweet.get("author_id"))
    expanded = tweet.get("author") if isinstance(tweet.get("author"), dict) else {}
    comment = Comment(
        id=str_or_none(tweet.get("id")),
        parent_id=None if replied == conversation else replied,
        author=users.get(author_id or "") or str_or_none(expanded.get("username")) or author_id,
        meta=leftover(tweet, _TAKEN),
    )
    comment.text = html.unescape(str(tweet.get("text") or ""))  # the API escapes &, < and > in text
    return dated(comment, tweet.get("created_at"), "created_at")


READER = Reader(NAME, sniff, read)
