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
            "byline_en.txt": (["maria_p", "Tom Ellison", "quietreader"], "2024-02-21T07:30Z", "staff reported")}  # "07.30 GMT": the zone kept
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


def test_a_title_over_its_byline_opens_the_comment_under_it():
    """innerText of "Title" over "geschrieben von NAME am DATE", a blank line, the text
    (oekonomenstimme.org): each comment is its own title and the text under its byline, not
    the previous writer's words; the last text is kept and the page's "Sie müssen sich
    anmelden …" line ends the section."""
    parsed, _ = _read("titled_bylines_de.txt")
    c = parsed.comments
    assert [x.author for x in c] == ["marktfreund", "KMeyer", "marktfreund"]
    assert c[0].text == "Ein Einwand\n\nIch sehe das anders: Die Haushalte sparen jeden zusätzlichen Euro, " \
                        "solange die Zinsen so niedrig sind."
    assert c[1].text.startswith("Kein Widerspruch\n\nWer autonome") and c[1].text.endswith("Dazu später mehr.")
    assert c[2].text == "Kurz zurück\n\nDanke, das klärt meinen Punkt."
    assert c[2].created_at == "2016-02-03T12:02"


def test_typepad_signatures_still_close_the_text_above_them():
    """"Posted by: NAME | DATE" under its text (a blank line between) stays a signature."""
    text = (FIXTURES / "textdumps" / "typepad.w3m.txt").read_text(encoding="utf-8")
    (parsed,) = plaintext.read(text, Context(stem="typepad"))
    assert parsed.comments[0].author == "Laura Mitchell" and parsed.comments[0].text.startswith("I kept my Meyer")


def test_a_numbered_list_and_a_says_sentence_inside_a_comment_stay_its_text():
    """A flat "NAME schreibt:" section (innerText) whose comment quotes "Das Wörterbuch
    sagt:" over a numbered list: four comments, the list and the sentence in the second."""
    parsed, text = _read("says_list_de.txt")
    c = parsed.comments
    assert [x.author for x in c] == ["Lena-2041", "Moritz-2033", "Pia-2027", "Jonas-2011"]
    assert c[1].text == ("Was heißt eigentlich gerecht? Das Wörterbuch sagt:\n1. dem geltenden Recht entsprechend\n"
                         "2. dem Empfinden des Rechts entsprechend\n3. bestimmten Ansprüchen genügend")
    assert parsed.thread.declared_count == 4 and not parsed.thread.article_text
    unlisted = "\n".join(line for line in text.split("\n") if not re.match(r"\d\. [a-z]", line))
    (parsed,) = plaintext.read(unlisted, Context(stem="unlisted"))
    assert [x.author for x in parsed.comments] == ["Lena-2041", "Moritz-2033", "Pia-2027", "Jonas-2011"]
    assert parsed.comments[1].text == "Was heißt eigentlich gerecht? Das Wörterbuch sagt:"


def test_a_deleted_comments_placeholder_stays_between_dated_says_headers():
    text = ("3 Kommentare\n\nAnna sagt:\n3. März 2022 um 10:14 Uhr\nDanke für den Text.\nAntworten\n\n"
            "Dieser Kommentar wurde gelöscht.\n\nBernd sagt:\n3. März 2022 um 11:02 Uhr\nSehe ich auch so.\nAntworten\n")
    (parsed,) = plaintext.read(text, Context(stem="deleted"))
    assert [(c.author, c.status) for c in parsed.comments] == [("Anna", "visible"), (None, "deleted"), ("Bernd", "visible")]


def test_a_says_sentence_in_the_article_opens_no_comment():
    """An article's "Der Hersteller sagt:" over a paragraph (no date under it) on a page
    whose comments are names over dates: article text, not a comment."""
    parsed, _ = _read("says_in_article_de.txt")
    assert [x.author for x in parsed.comments] == ["Marlene", "Ute K.", "Claudia"]
    assert "Der Hersteller sagt:\n\nMit der Zeit" in parsed.thread.article_text


@pytest.mark.parametrize("name, authors", [
    ("section_from_name_en.txt", ["Harriet Cole", "Devon Marsh", "Harriet Cole"]),
    ("section_from_name_lynx_en.txt", ["Harriet Cole", "Devon Marsh", "Priya N.", "Tom Abbott"]),
    ("section_from_name_wpdiscuz_de.txt", ["Greta", "Paul", "Jana"]),
    ("section_from_name_w3m_de.txt", ["Hannelore", "Sabine", "Mirko", "Greta"]),
])
def test_a_section_copied_from_the_first_commenters_name(name, authors):
    """A mouse selection from the first commenter's name (innerText: a name over a blank
    line and a date, "Reply" under each; lynx: the first item's "1." not selected; w3m: its
    "•" and avatar label not selected; wpDiscuz:
    the name without its avatar's alt text): every comment read, none the title."""
    parsed, _ = _read(name)
    assert [c.author for c in parsed.comments] == authors
    assert parsed.thread.title is None and not parsed.thread.article_text
    assert all(c.created_at and c.text for c in parsed.comments)
    if "lynx" in name or "w3m" in name:
        assert parsed.comments[1].parent_id == parsed.comments[0].id and parsed.comments[2].parent_id is None


@pytest.mark.parametrize("relative", ["plaintext_en/01-16-comment-best-programming-language-for-high-performance-january-2017.lynx.txt",
                                      "plaintext_en/03-28-comment-java-is-not-a-safe-language.w3m.txt"])
def test_corpus_copies_cut_at_the_first_commenters_name_read_as_the_whole_page(relative):
    """The corpus's lynx and w3m copies cut where a selection of the comment section starts
    (the first header's line, its "1." left out): the same comments, texts and parents as
    the whole page."""
    text = corpus(relative).read_text(encoding="utf-8")
    (whole,) = plaintext.read(text, Context(stem="whole"))
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if re.match(r"\s*1\.\s+\S.*says:\s*$", line))
    cut = re.sub(r"^(\s*)1\.(\s+)", lambda m: " " * len(m.group(0)), lines[first], count=1)
    (part,) = plaintext.read("\n".join([cut] + lines[first + 1:]), Context(stem="part"))
    assert parsed_view(part) == parsed_view(whole) and len(whole.comments) >= 40
    assert part.thread.title is None


def parsed_view(parsed):
    return [(c.id, c.parent_id, c.author, c.created_at, c.text) for c in parsed.comments]
