"""Comment sections pasted from a browser as plain text: button lines, relative dates,
"Name says:" first lines and indented replies (tests/fixtures/pasted/)."""

from __future__ import annotations

import re

import pytest

from conftest import CORPORA, FIXTURES, corpus, read

from comments.io.readers import plaintext, textbrowser
from comments.io.readers.base import Context


def _read(name: str):
    text = (FIXTURES / "pasted" / name).read_text(encoding="utf-8")
    (parsed,) = plaintext.read(text, Context(stem=name.split(".")[0]))
    return parsed, text


def test_button_lines_are_stripped_and_flagged():
    for name in ("headline_colon_de.txt", "says_indented_en.txt", "relative_dates_de.txt"):
        parsed, _ = _read(name)
        assert parsed.comments, name
        for c in parsed.comments:
            assert not any(textbrowser.is_button(line) for line in c.text.split("\n")), (name, c.text)
            assert "buttons_removed" in c.flags, (name, c.author)


def test_headline_with_colon_is_the_title_and_comments_are_read():
    parsed, text = _read("headline_colon_de.txt")
    assert parsed.thread.title == text.split("\n", 1)[0]
    assert [c.author for c in parsed.comments] == ["Jana Winter", "Peter Krause", "Sabine Otto", "Tobias Lang"]
    assert parsed.comments[3].text.startswith("Um 10:00 Uhr")


def test_says_line_is_no_title_and_indented_replies_get_their_parent():
    parsed, _ = _read("says_indented_en.txt")
    assert parsed.thread.title is None
    by_id = {c.id: c for c in parsed.comments}
    authors = [(c.author, by_id[c.parent_id].author if c.parent_id else None) for c in parsed.comments]
    assert authors == [("Hannah Reed", None), ("Oliver Grant", "Hannah Reed"), ("Hannah Reed", "Oliver Grant"),
                       ("Mia Torres", None)]
    assert parsed.comments[3].text == "The council consulted nobody on our side of town."


def test_relative_date_lines_open_comments_and_are_kept():
    parsed, text = _read("relative_dates_de.txt")
    assert [c.author for c in parsed.comments] == ["Lena Vogt", "Jonas Brandt", "Frieda Hahn"]
    assert [c.meta["date_text"] for c in parsed.comments] == ["vor 3 Stunden", "vor 1 Stunde", "gestern um 18:40"]
    assert all("relative_date" in c.flags and c.created_at is None for c in parsed.comments)
    assert all(c.text in text and "Melden" not in c.text for c in parsed.comments)


def test_relative_dates_stay_linear_on_long_white_space():
    """The relative-date pattern read "heute" + 1,500 spaces in 17 s (three ``\\s*`` over
    one run: cubic); a hostile line is now a quick miss, and the time forms still match."""
    import time

    for line in ("gestern um 14:05", "heute, 14:05 Uhr", "2 hours ago at 9:15 am", "yesterday 9:15pm", "heute um14:05"):
        assert textbrowser.RELATIVE_DATE.match(line), line
    started = time.process_time()
    for hostile in ("heute" + " " * 100_000 + "x", "vor 2 Stunden" + "\t " * 50_000 + "x", "gestern ," + " ," * 50_000):
        assert not textbrowser.RELATIVE_DATE.match(hostile)
    text = "Leserkommentare\n\nAnna\nheute" + " " * 5_000 + "x\nGut.\n\nBernd\nvor 2 Stunden\nStimmt.\n\nCarla\nheute\nJa.\n"
    (parsed,) = plaintext.read(text, Context(stem="hostile"))
    assert time.process_time() - started < 2 and [c.author for c in parsed.comments] == ["Bernd", "Carla"]


def test_a_headline_over_its_byline_is_the_title_and_the_article_ends_at_the_count_line():
    """A headline with a byline/date line under it reads like a "name over a date" comment
    header; the text above the "N Kommentare"/"N comments" line is the article: the headline
    is the title, the count is checked, the byline's date is the page's, and the comments
    are the ones below the count line."""
    want = {"byline_de.txt": (["Heike Brandt", "Jörg", "Heike Brandt", "Sabine_K"], "2022-03-03", "Teilen:"),
            "byline_en.txt": (["maria_p", "Tom Ellison", "quietreader"], "2024-02-21T07:30", "staff reported")}
    for name, (authors, published, article_end) in want.items():
        parsed, text = _read(name)
        t = parsed.thread
        assert t.title == text.split("\n", 1)[0], name
        assert [c.author for c in parsed.comments] == authors, name
        assert t.declared_count == len(authors), name
        assert t.published_at == published, name
        assert t.article_text and article_end in t.article_text, name
        assert not any(word in t.article_text for word in ("comments", "Kommentare", "Sort by")), t.article_text
        assert all(not c.text.startswith(("Sixty", "Bis Ende")) for c in parsed.comments), name


def test_disqus_button_runs_are_dropped_and_flagged():
    """Disqus renders "Reply" then "Share ›" under every comment (German: "Antworten",
    "Teilen"): the whole run goes, flagged ``buttons_removed``; the words inside a comment stay."""
    parsed, _ = _read("byline_en.txt")
    texts = [c.text for c in parsed.comments]
    assert texts[0] == "We switched last year. Productivity did not drop, sick days did."
    assert all(not c.text.endswith(("Reply", "Share ›")) and "buttons_removed" in c.flags for c in parsed.comments)
    german = "\n".join(line.replace("Antworten", "Antworten\nTeilen") for line in
                       (FIXTURES / "pasted" / "byline_de.txt").read_text(encoding="utf-8").split("\n"))
    (de,) = plaintext.read(german, Context(stem="byline_de"))
    assert de.comments[3].text == "Und wer keinen Computer hat, soll zum Steuerberater gehen und dafür bezahlen?"
    assert all("Teilen" not in c.text and "buttons_removed" in c.flags for c in de.comments)


def test_a_wrapped_count_link_leaves_no_residue_and_gives_the_date():
    """lynx wraps the "[N thoughts on …](/blog/2023/12-04-…)" link over three lines: it is
    one count line (left out of the article, count read) and its permalink dates the page."""
    parsed, text = _read("lynx_wrapped_link_en.txt")
    t = parsed.thread
    assert t.article_text == text.strip().split("\n", 1)[0].strip() == t.title
    assert t.declared_count == 5 == len(parsed.comments)
    assert t.published_at == "2023-12-04"


def test_the_count_link_names_the_thread_in_every_copy():
    """The count line's permalink is the post's address in the Markdown source and in its
    lynx copy alike: one ``thread_id`` and ``url`` for both (the site, which a relative link
    does not name, is the file's, as SPEC says); an absolute link names the site too."""
    permalink = "/bakingnotes/blog/2023/12-04-why-my-bread-dough-never-rises-in-winter-and-what-fixed-it"
    copy = read(FIXTURES / "pasted" / "lynx_wrapped_link_en.txt").threads[0].thread
    source = read(FIXTURES / "wp_bread.md").threads[0].thread
    assert (copy.thread_id, copy.url) == (source.thread_id, source.url) == (permalink, permalink)
    assert (copy.site, source.site) == ("lynx_wrapped_link_en", "wp_bread")
    text = (FIXTURES / "pasted" / "lynx_wrapped_link_en.txt").read_text(encoding="utf-8")
    (absolute,) = plaintext.read(text.replace("](/bakingnotes", "](https://www.bakingnotes.example/bakingnotes"),
                                 Context(stem="x"))
    assert (absolute.thread.site, absolute.thread.thread_id) == ("bakingnotes.example", "https://www.bakingnotes.example" + permalink)


@pytest.mark.parametrize("name", sorted(p.name for p in (CORPORA / "plaintext_en").glob("*.txt")) or ["(absent)"])
def test_text_browser_copies_match_their_html_page(name):
    """Every lynx/w3m copy in plaintext_en/ gets its HTML twin's date and an article without
    link residue (the twin's article is only the count link, so the copy's is its title)."""
    copy = read(corpus(f"plaintext_en/{name}")).threads[0].thread
    twin = read(corpus(f"html_wordpress/{name.split('.')[0]}.md")).threads[0].thread
    assert twin.published_at and copy.published_at == twin.published_at[:10]
    assert copy.article_text == copy.title == twin.title
    assert copy.declared_count == twin.declared_count
    assert copy.thread_id == twin.thread_id == copy.url == twin.url and copy.thread_id.startswith("/lemire/blog/")


def test_a_says_comment_above_the_count_line_stays_a_comment():
    """Only name-over-date lines above the count line are taken for a byline: a "Name sagt:"
    comment shown above it (a pinned comment) stays a comment."""
    text = (FIXTURES / "pasted" / "byline_de.txt").read_text(encoding="utf-8").replace(
        "3. März 2022 von Redaktion\n\n", "\nRedaktion sagt:\n3. März 2022 um 08:00 Uhr\nWir haben die Fristen ergänzt.\n\n", 1)
    (parsed,) = plaintext.read(text, Context(stem="byline_de"))
    assert [c.author for c in parsed.comments][:2] == ["Redaktion", "Heike Brandt"]
    assert parsed.comments[0].text.startswith("Wir haben die Fristen ergänzt.")


def test_quoted_mail_dates_implied_by_time_or_weekday_and_headline():
    """An intro with only a time ("meldete sich um 18:45") is on the day of the mail before
    it; one with a weekday ("Am Sonntagabend (21:05)") on the next such day: both flagged
    ``inferred_date``. A subject the intro names ("unter der Überschrift **…**") opens
    the text. A Markdown source's article shows no HTML or entities."""
    result = read(FIXTURES / "email_quotes_relative.md")
    (pt,) = result.threads
    got = [(c.author, c.created_at, c.flags) for c in pt.comments]
    assert got == [("Jana", "2022-03-04T12:10", ["inferred_date"]), (None, "2022-03-04T18:45", ["inferred_date"]),
                   (None, "2022-03-06T21:05", ["inferred_date"])]  # 2022-03-04 is a Friday
    assert pt.comments[2].text == "Lastenrad und Regen\n\nRegenverdeck kaufen, dann klappt das auch im März."
    assert pt.thread.article_text.startswith(
        "Seit einer Woche fahre ich Lastenrad. Das Schloss war billig teuer, die Versicherung & der Helm auch. "
        "Fragen gern per Mail an rad@example.org™.")


def test_quoted_mail_time_without_any_date_is_null_and_said():
    """No article date and no dated mail before: "on Monday at 07:30" cannot be placed, so
    ``created_at`` is null, flagged ``relative_date``, the intro kept in ``meta["date_text"]``."""
    result = read(FIXTURES / "email_quotes_undated.txt")
    first, second = result.comments
    assert (first.created_at, first.flags, first.meta["date_text"]) == (
        None, ["relative_date"], "Someone wrote on Monday at 07:30:")
    assert (second.created_at, second.flags) == (None, ["relative_date"])


def test_corpus_konstantinklein_dates_headline_and_article():
    """c2 "meldete sich um 17:35" after Peter's 27.05. 16:48; c3 "Am ganz frühen Montagmorgen
    (01:49)" the Monday after (2018-05-27 was a Sunday), its subject as first line; the
    article shows no raw HTML or entities."""
    result = read(corpus("plaintext_de/konstantinklein_kein-kommentar.md"))
    (pt,) = result.threads
    assert [c.created_at for c in pt.comments] == [
        "2018-05-27T16:48", "2018-05-27T17:35", "2018-05-28T01:49", "2018-05-28T10:46", "2018-05-29"]
    assert all(c.flags == ["inferred_date"] for c in pt.comments)
    assert pt.comments[2].text.split("\n")[0] == "Hugo und Email-Kommentare regeln! :)"
    article = pt.thread.article_text
    assert "Datenscheißschutz" in article and "kklein@posteo.de" in article and "geht™" in article
    assert not re.search(r"<\w|&#?\w+;", article)


@pytest.mark.parametrize("intro,after,expected", [
    ("meldete sich um 09:00:", "2018-05-27T16:48", "2018-05-28T09:00"),  # earlier that day: the next day
    ("Am Sonntag um 08:00 schrieb:", "2018-05-27T16:48", "2018-06-03T08:00"),  # a Sunday, earlier: next week's
    ("Am Montagmorgen (01:49) schrieb:", "2018-05-27T16:48", "2018-05-28T01:49"),
    ("Am Sonntag schrieb:", "2018-05-27T16:48", "2018-05-27"),
    ("um 10:00 schrieb:", "2018-05", None),  # a month only: no day to place it on
])
def test_implied_dates_are_never_before_the_mail_before(intro, after, expected):
    from comments.io.readers.plaintext_flat import _TIME, _WEEKDAY, _placed

    assert _placed(_TIME.search(intro), _WEEKDAY.search(intro), after) == expected
