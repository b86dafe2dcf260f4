"""stream_inputs: the pipeline's threads, notes and problems, one thread at a time."""

from __future__ import annotations

import pytest

from comments.classification.classify import classify
from comments.io import writers
from comments.io.pipeline import read_inputs
from comments.io.streaming import InputDone, NotContiguous, StreamResult, stream_inputs
from conftest import FIXTURES, RAW, corpus, read


def _write(threads, path) -> str:
    writers.write(threads, str(path), None)
    return str(path)


@pytest.fixture(scope="module")
def classified(tmp_path_factory):
    """Our classified JSONL of real threads (data/raw and shared corpora), and a second file."""
    folder = tmp_path_factory.mktemp("streaming")
    first = read(RAW)
    classify(first.threads)
    second = read(corpus("reddit"), corpus("staticman"))
    return _write(first.threads, folder / "raw.jsonl"), _write(second.threads, folder / "corpora.jsonl")


def _streamed(*inputs, **options):
    result = StreamResult()
    events = list(stream_inputs(list(inputs), result, **options))
    return [e for e in events if not isinstance(e, InputDone)], [e for e in events if isinstance(e, InputDone)], result


def _shape(threads):
    return [(pt.thread.site, pt.thread.thread_id, pt.thread.comment_count,
             [(c.id, c.parent_id, c.depth, c.position, c.flags, c.topics, c.tone, c.text) for c in pt.comments])
            for pt in threads]


@pytest.mark.parametrize("names", [("raw",), ("raw", "corpora"), ("corpora", "fixtures")])
def test_the_same_threads_summary_and_notes_as_the_pipeline(classified, names):
    paths = {"raw": classified[0], "corpora": classified[1], "fixtures": str(FIXTURES / "wxr_small.xml")}
    inputs = [paths[n] for n in names]
    whole = read_inputs(inputs)
    threads, done, result = _streamed(*inputs)
    assert _shape(threads) == _shape(whole.threads)
    assert result.summary() == whole.summary()
    assert (result.notes, result.errors) == (whole.notes, whole.errors)
    assert [(d.item, d.ok) for d in done] == [(i, True) for i in sorted(inputs)]  # merged in sorted order
    assert sum(d.handed for d in done) == len(threads)

def test_a_thread_in_two_pieces_is_refused(classified, tmp_path):
    lines = open(classified[1], encoding="utf-8").read().splitlines(keepends=True)
    first_thread = next(i for i, line in enumerate(lines[1:], 1) if line.startswith('{"record": "thread"'))
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text("".join(lines[first_thread:] + lines[:first_thread]), encoding="utf-8")
    split = tmp_path / "split.jsonl"
    split.write_text("".join(lines[:2] + lines[first_thread:] + lines[2:first_thread]), encoding="utf-8")
    with pytest.raises(NotContiguous):
        _streamed(str(split))
    with pytest.raises(NotContiguous):  # the same thread in two inputs
        _streamed(classified[1], str(mixed))


def test_an_input_failing_after_some_threads_says_how_many_were_handed_on(classified, tmp_path):
    text = open(classified[1], encoding="utf-8").read()
    bad = tmp_path / "bad.jsonl"
    head, tail = text.rsplit('"id": "', 1)  # the last comment's id a number: its thread fails, the others were handed on
    bad.write_text(head + '"id": 1, "was": "' + tail, encoding="utf-8")
    odd = tmp_path / "odd.jsonl"  # a record of the wrong type, then a reading error: the reading error is reported
    odd.write_text(text.replace('"id": "', '"id": 1, "was": "', 1) + "{not json\n", encoding="utf-8")
    whole = read_inputs([classified[0], str(bad), str(odd)])
    threads, done, result = _streamed(classified[0], str(bad), str(odd))
    assert result.errors == whole.errors and len(whole.errors) == 2
    assert all("field id is a number, expected text" in e for e in whole.errors)
    assert [d.ok for d in done] == [True, False, False]
    assert done[1].handed > 0 and done[2].handed == 0
    assert result.summary() != whole.summary()  # the bad input's threads were handed on: the caller drops them
    again = _streamed(classified[0], str(bad), str(odd), skip={str(bad): result.errors[0], str(odd): result.errors[1]})
    assert _shape(again[0]) == _shape(whole.threads) and again[2].summary() == whole.summary()
    assert again[2].errors == whole.errors


def _capture_twice(page, path) -> None:
    """A WARC.gz capturing ``page`` twice, as a re-crawl writes it."""
    import io

    pytest.importorskip("warcio")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    head = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=UTF-8")], protocol="HTTP/1.1")
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(2):
            writer.write_record(writer.create_warc_record(f"https://crawl.example/{n}/", "response",
                                                          payload=io.BytesIO(page.read_bytes()), http_headers=head))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_report_and_compare_keep_a_record_repeated_in_one_input_once_and_say_so_as_parse_does(tmp_path, jobs):
    """note23: a record an input gives twice is kept once, with parse's note. A web archive capturing a real
    page twice gives its thread twice in a row; read a thread at a time (report, compare), each piece was
    placed with an empty record of what was read, so its 80 comments were kept twice (80 renamed ID~2,
    flagged duplicate_id, "page says 80, found 160") and the repeat went unsaid. Our JSONL with a comment
    line given again (a filtered concatenation) is said the same by every command too."""
    from conftest import jsonl_records, run

    archive = tmp_path / "recrawl.warc.gz"
    _capture_twice(corpus("html_comments/foxyfolksy.com__buttercream.html"), archive)
    once = run("parse", str(corpus("reddit/reddit_3hahrw_api_morechildren_flat.json")))
    lines = once.stdout.splitlines()
    comment = next(line for line in lines if jsonl_records(line)[0]["record"] == "comment")
    (ours := tmp_path / "ours.jsonl").write_text("\n".join(lines + [comment]) + "\n", encoding="utf-8")
    for path, said in ((archive, "80 comments repeat earlier ones of the same input"),
                       (ours, "1 comment repeats an earlier one of the same input")):
        parsed = run("parse", str(path), "-o", str(tmp_path / "parsed.jsonl"))
        notes = sorted(line for line in parsed.stderr.splitlines() if line.startswith("note:"))
        assert any(said in note for note in notes) and "duplicate_id" not in parsed.stderr
        for command in (("report", "depth"), ("compare",)):  # (any report: each reads the inputs alike)
            out = tmp_path / f"{path.stem}-{command[0]}-{jobs}"
            got = run(*command, str(path), "-o", str(out), "-j", jobs)
            assert got.exit_code == 0, got.stderr
            assert sorted(line for line in got.stderr.splitlines() if line.startswith("note:")) == notes
            assert got.stderr.splitlines()[-1] == parsed.stderr.splitlines()[-1]  # "1 thread; 80 comments; no repairs"
