"""plural: one helper for every counted noun; the CLI's summary line and the Corpus repr use it."""

from __future__ import annotations

from conftest import FIXTURES, read, run

from comments.text.plural import plural


def test_plural_forms():
    assert plural(1, "thread") == "1 thread" and plural(0, "thread") == "0 threads"
    assert plural(1, "reply", "replies") == "1 reply" and plural(2, "reply", "replies") == "2 replies"
    assert plural(1234, "comment") == "1,234 comments" and plural(1234, "comment", grouped=False) == "1234 comments"


def test_summary_line_and_repr_of_one_thread():
    result = run("parse", str(FIXTURES / "email_quotes.txt"))
    assert result.exit_code == 0 and result.stderr.splitlines()[-1] == "1 thread; 2 comments; no repairs"
    import comments

    assert repr(comments.read(str(FIXTURES / "email_quotes.txt"))).startswith("<Corpus: 1 thread, 2 comments (")
    assert read(FIXTURES / "email_quotes.txt").summary() == "1 thread; 2 comments; no repairs"
