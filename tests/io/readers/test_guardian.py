"""The Guardian's Discussion API JSON (team-written fixture, MIT)."""

from __future__ import annotations

from conftest import FIXTURES, read


def test_guardian_replies_hang_under_the_comment_they_answer():
    """A reply to a reply names its parent in ``responseTo.commentId``: it hangs there, not under
    the container comment; times are ``isoDateTime`` (UTC), authors ``userProfile.displayName``."""
    result = read(FIXTURES / "exports" / "guardian_discussion.json")
    (pt,) = result.threads
    t = pt.thread
    assert (t.format, t.site, t.title, t.declared_count) == ("guardian", "theguardian.com",
                                                             "Xiaomi phones censor words", 4)
    assert t.url == "https://www.theguardian.com/technology/2021/sep/24/xiaomi-phones"
    c = {x.id: x for x in result.comments}
    assert [(x.id, x.parent_id, x.author) for x in result.comments] == [
        ("151000001", None, "Alpha"), ("151000002", "151000001", "Beta"), ("151000003", "151000002", "Gamma"),
        ("151000004", None, "Delta")]
    assert c["151000003"].depth == 2
    assert c["151000001"].created_at == "2021-09-24T12:03:00Z"
    assert c["151000001"].text == "Remote kill switches & censorship lists.\n\nWho is surprised?"
    assert c["151000001"].meta["date"] == "24 September 2021 1:03pm"  # the page's local wording kept
    assert c["151000001"].meta["numRecommends"] == 5
    assert "displayName" not in c["151000001"].meta["userProfile"]
    assert c["151000004"].status == "blocked"
