"""Comment sections pasted from a browser as plain text: button lines, relative dates,
"Name says:" first lines and indented replies (tests/fixtures/pasted/)."""

from __future__ import annotations

from conftest import FIXTURES

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
