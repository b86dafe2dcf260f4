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


def test_stderr_counts_are_grouped_and_pluralised_like_the_reports(tmp_path):
    """The summary line groups thousands as the reports do ("1,200 comments", not "1200"),
    and the encoding note counts its lines with the plural helper ("1 line", not "1 line(s)")."""
    import json

    lines = [json.dumps({"id": f"c{i}", "parent_id": f"c{i - 1}" if i % 3 else None, "thread_id": "tempolimit",
                         "author": f"Leser{i % 40}", "created_at": "2021-09-16T10:00:00Z",
                         "text": f"Beitrag {i}: Ein Tempolimit auf Autobahnen spart Sprit und senkt die Unfallzahlen."})
             for i in range(1200)]
    lines[7] = lines[7].replace("Ein Tempolimit", "Grüße an alle, ein Tempolimit")
    data = "\n".join(lines).encode("utf-8").replace("Grüße".encode("utf-8"), "Grüße".encode("cp1252")) + b"\n"
    path = tmp_path / "kommentare.jsonl"
    path.write_bytes(data)
    result = run("parse", str(path))
    assert result.exit_code == 0, result.output
    err = result.stderr.splitlines()
    assert f"note: {path}: not UTF-8 (1 line, first line 8): decoded as Windows-1252" in err, err
    assert err[-1].startswith("1 thread; 1,200 comments; "), err
