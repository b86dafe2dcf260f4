"""Every command reads a page and its copy as ``parse`` does (mixed23 F9, session 23): ``post.html``
beside its text copy ``post.txt`` or its spreadsheet export ``post.csv`` was one thread in ``parse``,
``tree``, ``classify`` and the API, but two threads with every comment twice in ``report`` and
``compare`` (which read a thread at a time and skipped the grouping of inputs that share a file
name). And a file given twice under two names (a browser's ``NAME (1).txt``, mixed23 F12) is read
once, noted, in every command."""

from __future__ import annotations

import csv
import re
import shutil

import pytest

from conftest import FIXTURES, ROOT, corpus, read, run

import comments

SEED = ROOT / "data" / "raw" / "stadt-bremerhaven.de__xiaomi-kuba-syrien.txt"
URL = "https://buildnotes.example.org/why-cmake/"
_SUMMARY = re.compile(r"^\d[\d,]* threads?; \d[\d,]* comments?;.*$", re.M)


def _export(page, target) -> None:
    """``page``'s comments as a spreadsheet program saves them: German headers, ``;``, CRLF, a BOM,
    the page's ids and words (what a site's comment export or a copy into Excel gives)."""
    got = read(page)
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        out.writerow(["Kommentar-ID", "Antwort auf", "Autor", "Datum", "Kommentar"])
        for c in got.comments:
            out.writerow([c.id, c.parent_id or "", c.author or "", (c.created_at or "")[:16].replace("T", " "),
                          c.text])


def _fixture_page(folder) -> None:
    """Our saved page (with the canonical link every WordPress page has) and its text copy."""
    folder.mkdir()
    html = (FIXTURES / "copies" / "why-cmake.html").read_text(encoding="utf-8")
    (folder / "post.html").write_text(html.replace("<head>", f'<head><link rel="canonical" href="{URL}">'),
                                      encoding="utf-8")


def _summary(stderr: str) -> str:
    found = _SUMMARY.findall(stderr)
    assert len(found) == 1, stderr
    return found[0]


def _every_command(inputs: list[str], out, reports=("depth", "all")) -> dict[str, str]:
    """The summary line (threads, comments, repairs, duplicates) of each command on ``inputs``."""
    got = {}
    for name, args in (("parse", ["parse", *inputs, "-o", str(out / "p.jsonl")]), ("tree", ["tree", *inputs]),
                       ("classify", ["classify", *inputs, "-o", str(out / "c.jsonl")]),
                       *((f"report {which}", ["report", which, *inputs, "-o", str(out / which)]) for which in reports),
                       ("compare", ["compare", *inputs, "-o", str(out / "compare")]),
                       ("compare -j 2", ["compare", *inputs, "-j", "2", "-o", str(out / "compare2")])):
        done = run(*args)
        assert done.exit_code == 0, (name, done.stderr)
        got[name] = _summary(done.stderr)
    return got


def _depth_rows(folder) -> list[tuple[str, str]]:
    with (folder / "depth_by_thread.csv").open(encoding="utf-8") as handle:
        return [(row["thread_id"], row["comments"]) for row in csv.DictReader(handle)]


@pytest.mark.slow
def test_a_page_with_its_text_copy_or_its_export_is_one_thread_in_every_command(tmp_path):
    """Our page + its text copy, and the page + its CSV export: the summary of parse, tree, classify,
    report depth/all and compare is the same, one thread; the report's tables count each comment once."""
    _fixture_page(tmp_path / "t")
    shutil.copy(FIXTURES / "copies" / "why-cmake.txt", tmp_path / "t" / "post.txt")
    _fixture_page(tmp_path / "x")
    _export(tmp_path / "x" / "post.html", tmp_path / "x" / "post.csv")
    for pair in ("t", "x"):
        inputs = [str(tmp_path / pair / "post.html"), str(tmp_path / pair / f"post.{'txt' if pair == 't' else 'csv'}")]
        (tmp_path / f"out{pair}").mkdir()
        lines = _every_command(inputs, tmp_path / f"out{pair}")
        n = len(read(inputs[0]).comments) + (pair == "t")  # the text copy holds one comment more
        assert set(lines.values()) == {lines["parse"]}, lines
        assert lines["parse"].startswith(f"1 thread; {n} comments; no repairs; 4 duplicates across inputs kept once")
        assert _depth_rows(tmp_path / f"out{pair}" / "depth") == [(URL, str(n))]
        assert f"1 thread, {n} comments" in (tmp_path / f"out{pair}" / "compare" / "compare.md").read_text(
            encoding="utf-8")
        api = comments.read(*inputs)
        assert (len(api.threads), sum(len(pt.comments) for pt in api.threads)) == (1, n)


@pytest.mark.slow
@pytest.mark.parametrize("copy", ["csv", "folder"])
def test_a_corpus_page_and_its_export_count_each_comment_once_in_report_and_compare(tmp_path, copy):
    """mixed23 F9 on a real page (foxyfolksy, 80 comments) and its Excel export, named as two files or
    as a folder holding both: report depth and compare said ``2 threads; 160 comments``; now parse's."""
    page = corpus("html_comments/foxyfolksy.com__buttercream.html")
    shutil.copy(page, tmp_path / "post.html")
    _export(page, tmp_path / "post.csv")
    inputs = [str(tmp_path)] if copy == "folder" else [str(tmp_path / "post.html"), str(tmp_path / "post.csv")]
    (tmp_path.parent / f"out-{copy}").mkdir()
    lines = _every_command(inputs, tmp_path.parent / f"out-{copy}", reports=("depth",))
    assert set(lines.values()) == {"1 thread; 80 comments; no repairs; 80 duplicates across inputs kept once"}, lines
    assert [n for _, n in _depth_rows(tmp_path.parent / f"out-{copy}" / "depth")] == ["80"]


def test_the_stream_report_reads_a_page_and_its_copy_as_the_pipeline_does(tmp_path):
    """The thread-at-a-time reading (``report``) merges inputs sharing a file name with the pipeline's
    code: the same threads, comments, duplicates and notes as :func:`read_inputs`."""
    from comments.io.streaming import InputDone, StreamResult, stream_inputs

    _fixture_page(tmp_path / "t")
    shutil.copy(FIXTURES / "copies" / "why-cmake.txt", tmp_path / "t" / "post.txt")
    whole = read(tmp_path / "t")
    streamed = StreamResult()
    threads = [pt for pt in stream_inputs([str(tmp_path / "t")], streamed) if not isinstance(pt, InputDone)]
    assert [(pt.thread.thread_id, [c.id for c in pt.comments]) for pt in threads] == \
        [(pt.thread.thread_id, [c.id for c in pt.comments]) for pt in whole.threads]
    assert streamed.summary() == whole.summary() and streamed.notes == whole.notes
    assert whole.cross_input_duplicates == 4


def test_a_repeat_download_with_the_same_bytes_is_read_once_in_every_command(tmp_path):
    """mixed23 F12: ``NAME.txt`` and the browser's ``NAME (1).txt`` holding the same bytes were two threads,
    every comment twice, no note; now one input, read under the name without the browser's mark, noted."""
    folder = tmp_path / "dl"
    folder.mkdir()
    shutil.copy(SEED, folder / "stadt-bremerhaven.de__xiaomi (1).txt")
    shutil.copy(SEED, folder / "stadt-bremerhaven.de__xiaomi.txt")
    alone = read(SEED)
    got = read(folder)
    assert [(pt.thread.thread_id, len(pt.comments)) for pt in got.threads] == [
        ("stadt-bremerhaven.de__xiaomi", alone.comment_total())]
    note = (f"{folder / 'stadt-bremerhaven.de__xiaomi (1).txt'}: the same bytes as "
            f"{folder / 'stadt-bremerhaven.de__xiaomi.txt'} (a browser's repeat download): read once")
    assert got.notes.count(note) == 1
    (tmp_path / "out").mkdir()
    for name, args in (("parse", ["parse", str(folder)]), ("report", ["report", "depth", str(folder), "-o",
                                                                      str(tmp_path / "out" / "d")]),
                       ("compare", ["compare", str(folder), "-o", str(tmp_path / "out" / "c")])):
        done = run(*args)
        assert done.exit_code == 0, (name, done.stderr)
        assert f"note: {note}" in done.stderr.splitlines(), name
        assert _summary(done.stderr).startswith(f"1 thread; {alone.comment_total()} comments;"), name


def test_exports_of_two_threads_under_a_repeat_download_name_stay_apart(tmp_path):
    """A second download named ``comments (1).csv`` that holds another thread's comments (an export
    endpoint always answers ``comments.csv``) is its own thread: only the same bytes make one input
    (a ``(1)`` name alone says nothing about what the file holds)."""
    comments_ = read(SEED).comments
    for name, part in (("comments.csv", comments_[:5]), ("comments (1).csv", comments_[5:9])):
        with (tmp_path / name).open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(["id", "author", "text"])
            out.writerows([c.id, c.author, c.text] for c in part)
    got = read(tmp_path)
    assert sorted((pt.thread.thread_id, len(pt.comments)) for pt in got.threads) == [("comments", 5),
                                                                                     ("comments (1)", 4)]
    assert not [n for n in got.notes if "same bytes" in n]
