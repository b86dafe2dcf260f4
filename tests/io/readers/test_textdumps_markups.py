"""Comment sections of 14 comment systems we have no corpus of (WordPress block and classic
themes, Divi, OceanWP, wpDiscuz 7, Blogger, Commento, Discourse, Drupal, JComments, phpBB,
Typepad, a news site), copied out of lynx and w3m (``lynx -dump -nolist -width=100``,
``w3m -dump -cols 100`` of team-written pages): every comment found, with its author, and
not the furniture around it (vote counts, button rows, member statistics, avatar alt text)."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES

from comments.io.readers import plaintext
from comments.io.readers.base import Context
from comments.io.readers.declared import declared_count

DUMPS = FIXTURES / "textdumps"
EXPECTED = json.loads((DUMPS / "expected.json").read_text(encoding="utf-8"))
#: Discourse shows "handle (Full Name)"; the handle is an acceptable author, so only the full name is checked.
HANDLES = {"discourse"}


def _read(name: str):
    ctx = Context(stem=name)
    (parsed,) = plaintext.read((DUMPS / f"{name}.txt").read_text(encoding="utf-8"), ctx)
    return parsed, ctx


@pytest.mark.parametrize("page", sorted(EXPECTED))
@pytest.mark.parametrize("browser", ["lynx", "w3m"])
def test_every_comment_and_its_author(page, browser):
    parsed, _ = _read(f"{page}.{browser}")
    authors = [c.author for c in parsed.comments]
    expected = EXPECTED[page]["authors"]
    assert len(authors) == len(expected)
    if page in HANDLES:
        assert all(f"({name})" in (got or "") for got, name in zip(authors, expected))
    else:
        assert authors == expected
    furniture = ("points", "Antworten", "Beiträge", "[x]", "Mitglied", "Reply", "Avatar")
    assert not any(word in (a or "") for a in authors for word in furniture)
    assert parsed.thread.declared_count == EXPECTED[page]["declared_count"]


@pytest.mark.parametrize("browser", ["lynx", "w3m"])
@pytest.mark.parametrize("page", ["phpbb", "discourse"])
def test_a_forum_threads_opening_post_is_the_article(page, browser):
    parsed, ctx = _read(f"{page}.{browser}")
    assert parsed.thread.article_text.startswith(EXPECTED[page]["article_start"])
    assert not any(c.text.startswith(EXPECTED[page]["article_start"][:40]) for c in parsed.comments)
    assert any("opens a forum thread" in n for n in ctx.notes)


def test_a_forums_tail_and_quotes_are_no_comment_text():
    parsed, _ = _read("phpbb.lynx")
    texts = [c.text for c in parsed.comments]
    assert not any(s in t for t in texts for s in ("Beiträge:", "Registriert:", "Re: ", "Zitieren", "____"))
    quoting = parsed.comments[1]
    assert quoting.text.startswith("Habt ihr vorher") and "quote_removed" in quoting.flags
    assert quoting.meta["quoted_author"] == "Martina K."


def test_vote_counts_and_buttons_leave_the_text():
    for name in ("commento.lynx", "jcomments.w3m", "news-de.lynx", "blogger.lynx", "generatepress.lynx"):
        parsed, _ = _read(name)
        first = parsed.comments[0].text
        assert first.startswith(("I kept my Meyer lemon", "Wir haben 2022")), name
        assert first.rstrip().endswith(("south window.", "Jahr.")), (name, first[-60:])


def test_reply_to_lines_give_the_parent():
    """wpDiscuz 7 prints "Antwort auf NAME" under a reply's date: that author's latest comment is its parent."""
    parsed, _ = _read("wpdiscuz7.lynx")
    c = parsed.comments
    assert c[1].parent_id == c[0].id and "inferred_parent" in c[1].flags
    assert c[5].parent_id == c[4].id and not c[5].text.startswith("Antwort auf")
    assert c[4].parent_id is None


def test_signature_closed_comments():
    """Typepad closes each comment with "Posted by: NAME | DATE"."""
    parsed, _ = _read("typepad.lynx")
    first = parsed.comments[0]
    assert first.text.startswith("I kept my Meyer lemon") and first.created_at == "2024-03-05T09:14"
    assert not any("Posted by" in c.text or "Feed You can follow" in c.text for c in parsed.comments)


def test_a_signatures_slashed_date_is_read_by_its_weekday_else_flagged():
    text = (DUMPS / "typepad.lynx.txt").read_text(encoding="utf-8")
    signatures = [line for line in text.splitlines() if "Posted by:" in line]
    name = signatures[0].split("|")[0]
    first = text.replace(signatures[0], f"{name}| Tue, 03/05/2024 09:14", 1)
    (parsed,) = plaintext.read(first, Context(stem="x"))
    assert parsed.comments[0].created_at == "2024-03-05T09:14"
    (parsed,) = plaintext.read(first.replace("Tue, 03/05/2024", "03/05/2024"), Context(stem="x"))
    assert parsed.comments[0].created_at is None and parsed.comments[0].meta["date"] == "03/05/2024 09:14"
    assert "invalid_date" in parsed.comments[0].flags


def test_a_comment_heading_without_comments_is_noted():
    """Comments nothing recognises are lost: a page with a comment heading says so."""
    text = "\n".join(line for line in (DUMPS / "typepad.lynx.txt").read_text(encoding="utf-8").split("\n")
                     if "Posted by" not in line)
    ctx = Context(stem="typepad")
    (parsed,) = plaintext.read(text, ctx)
    assert parsed.comments == []
    assert any("comment section ('Comments')" in n and "not in the output" in n for n in ctx.notes)


def test_a_vote_count_over_a_button_is_no_declared_count():
    assert declared_count("12 Kommentare\nText.\n0\n   Antworten", one_line=True) == 12
    assert declared_count("12 Kommentare\nText.\n0\n   Antworten") == 0  # what other readers keep


def test_a_long_section_parses_in_linear_time():
    """Header blocks are read with bounded look-backs: 4,000 Commento comments (each block
    with avatar initial, vote count and button row) parse as fast per comment as 1,000."""
    import time

    block = "   L\n   Laura Mitchell\n   0 points\n   2 years ago\n\n   Text {k} here.\n   (BUTTON) (BUTTON) (BUTTON)\n"

    def parse(n: int) -> float:
        text = "Title\n\nComments\n\n" + "".join(block.format(k=k) for k in range(n))
        started = time.process_time()
        (parsed,) = plaintext.read(text, Context(stem="long"))
        took = time.process_time() - started
        assert len(parsed.comments) == n and parsed.comments[-1].text == f"Text {n - 1} here."
        return took

    small, large = parse(1_000), parse(4_000)
    assert large < 8 * max(small, 0.05)


def test_dot_headers_nest_by_indentation():
    """Disqus prints "Name•2 years ago" under an "Avatar" bullet, replies indented: the
    relative date is kept as written, the indentation gives the parent."""
    parsed, _ = _read("disqus.lynx")
    c = parsed.comments
    assert c[0].author == "Laura Mitchell" and c[0].meta["date_text"] == "2 years ago"
    assert c[1].parent_id == c[0].id and c[2].parent_id == c[1].id and c[4].parent_id is None
    assert c[5].author == "Hannah Price"  # "Hannah PriceMod": the moderator badge glued on


@pytest.mark.parametrize("name", ["index.lynx", "nocomm.lynx", "products.w3m"])
def test_bylines_outside_a_comment_section_are_no_comments(name):
    """A blog index ("Anna Schmidt • 2 years ago" bylines), a "Related posts" list and a
    shop's product list (name over "2 days ago") have no comment heading or count above
    them: no comments, and the page says no comment section was recognised."""
    parsed, ctx = _read(name)
    assert parsed.comments == []
    assert any("no comment section recognised" in n for n in ctx.notes)


def test_dot_headers_under_a_count_are_comments_and_related_posts_end_them():
    parsed, _ = _read("withrel.lynx")
    assert [c.author for c in parsed.comments] == ["Laura Mitchell", "Tom B."]
    assert parsed.comments[-1].text == "Mine went into the spare bedroom by the south window."


@pytest.mark.parametrize("browser", ["lynx", "w3m"])
@pytest.mark.parametrize("page, before, text", [("disqus", "sunroom_sue", "This comment was deleted."),
                                                ("isso", "Fritz_aus_Kiel", "gelöscht")])
def test_a_deleted_comments_placeholder_is_a_comment_of_its_own(page, browser, before, text):
    """Disqus prints "This comment was deleted." alone, Isso "Anonym•vor einem Jahrgelöscht":
    a comment with status deleted and the placeholder as its text (as the HTML readers keep
    it), not words appended to the comment before it."""
    parsed, _ = _read(f"{page}.{browser}")
    c = parsed.comments
    k = next(k for k, x in enumerate(c) if x.status == "deleted")
    assert [x.status for x in c].count("deleted") == 1 and c[k].text == text
    assert c[k - 1].author == before and "deleted" not in c[k - 1].text and "gelöscht" not in c[k - 1].text
    assert c[k + 1].text.startswith(("Shame that got removed", "Schade, dass der Beitrag"))
    if page == "disqus":  # a top-level placeholder: Priya's reply under it is its child
        assert c[k].parent_id is None and c[k + 1].parent_id == c[k].id


@pytest.mark.parametrize("name, end", [("isso.lynx", "Grundstücksgrenze einhalten."),
                                       ("wpdiscuz7.w3m", "zur Grundstücksgrenze einhalten."),
                                       ("disqus.lynx", "makes a big difference."),
                                       ("disqus.w3m", "makes a big difference.")])
def test_the_last_comment_ends_before_the_page_footer(name, end):
    """'Load more comments', 'Mehr Kommentare laden' and the '© 2024 …' line end the comment
    section: the last comment ends at its own words, its buttons flagged as taken off."""
    last = _read(name)[0].comments[-1]
    assert last.text.endswith(end) and "buttons_removed" in last.flags


@pytest.mark.parametrize("browser", ["lynx", "w3m"])
def test_signatures_and_edit_notes_leave_the_text(browser):
    """phpBB prints the poster's signature under each post and "Zuletzt geändert von …",
    wpDiscuz "Zuletzt bearbeitet vor 1 Jahr von Olaf": taken off, kept in meta, flagged."""
    posts = _read(f"phpbb.{browser}")[0].comments
    jens = [c for c in posts if c.author == "Jens"]
    assert len(jens) >= 2 and all("signature_removed" in c.flags and "Vaillant" not in c.text for c in jens)
    assert jens[0].meta["signature"].startswith("WP: Vaillant aroTHERM")
    for page in ("phpbb", "wpdiscuz7"):
        olaf = next(c for c in _read(f"{page}.{browser}")[0].comments if c.author == "Olaf")
        assert olaf.text.rstrip().endswith("3,9.") and "edit_note_removed" in olaf.flags
        assert olaf.meta["edit_note"].startswith("Zuletzt")


def test_a_short_line_said_twice_is_no_signature():
    text = ("Title\n\nComments\n\nAnna Berg\nMarch 5, 2024\nFirst point.\nThanks!\n\n"
            "Bob Lang\nMarch 5, 2024\nI disagree.\n\nAnna Berg\nMarch 6, 2024\nSecond point.\nThanks!\n")
    (parsed,) = plaintext.read(text, Context(stem="short"))
    assert [c.text for c in parsed.comments] == ["First point.\nThanks!", "I disagree.", "Second point.\nThanks!"]


@pytest.mark.parametrize("browser", ["lynx", "w3m"])
@pytest.mark.parametrize("page", ["astra", "blogger", "disqus", "divi", "drupal-bartik", "drupal-olivero", "generatepress",
                                  "isso", "jcomments", "oceanwp", "wp-block-tt4", "wpdiscuz7"])
def test_every_deleted_comment_has_status_deleted(page, browser):
    """Each of these pages shows one deleted comment (the HTML readers give it status deleted):
    so do the text copies, the placeholder its text, whatever layout reads the page."""
    deleted = [c for c in _read(f"{page}.{browser}")[0].comments if c.status == "deleted"]
    assert len(deleted) == 1
    assert deleted[0].text in {"This comment was deleted.", "This comment has been deleted.", "gelöscht",
                               "Dieser Kommentar wurde gelöscht.", "Dieser Kommentar wurde vom Autor entfernt."}


@pytest.mark.parametrize("browser", ["lynx", "w3m"])
def test_drupals_month_first_dates_are_read_by_their_weekday(browser):
    """Drupal prints "Tue, 03/05/2024 - 09:14" (m/d/Y); the Tuesday is 5 March 2024, not
    3 May (a Friday), which a day-first reading gave silently."""
    parsed, _ = _read(f"drupal-olivero.{browser}")
    days = [c.created_at[:10] for c in parsed.comments]
    assert days == ["2024-03-05"] * 9 + ["2024-03-06"] * 3
    assert not any("invalid_date" in c.flags for c in parsed.comments)


def _without_weekdays(browser: str, last: str | None = None) -> list:
    text = (DUMPS / f"drupal-olivero.{browser}.txt").read_text(encoding="utf-8")
    text = text.replace("Tue, 03/05/2024", "03/05/2024").replace("Wed, 03/06/2024", "03/06/2024")
    if last:  # the last comment's date, one that only one order can read
        head, _, tail = text.rpartition("03/06/2024")
        text = head + last + tail
    (parsed,) = plaintext.read(text, Context(stem="x"))
    return parsed.comments


@pytest.mark.parametrize("browser", ["lynx", "w3m"])
def test_an_unambiguous_date_in_the_section_decides_the_order(browser):
    comments = _without_weekdays(browser, last="03/13/2024")
    assert [c.created_at[:10] for c in comments] == ["2024-03-05"] * 9 + ["2024-03-06"] * 2 + ["2024-03-13"]
    assert not any("invalid_date" in c.flags for c in comments)


@pytest.mark.parametrize("browser", ["lynx", "w3m"])
def test_a_date_nothing_decides_is_flagged_and_kept_as_shown(browser):
    comments = _without_weekdays(browser)
    assert len(comments) == 12  # the date lines still end the headers
    assert all(c.created_at is None and "invalid_date" in c.flags for c in comments)
    assert [c.meta["date"] for c in comments[:2]] == ["03/05/2024 - 09:14", "03/05/2024 - 10:02"]
    assert [c.author for c in comments] == [c.author for c in _read(f"drupal-olivero.{browser}")[0].comments]
