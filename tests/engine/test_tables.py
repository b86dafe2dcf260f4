"""Generic tables (JSONL, CSV, our own output, Parquet) read in blocks on the workers give
the local engine's records, notes and summary, however small the blocks: a thread spread
over blocks and files, repeated rows, "0" parents, ragged and multi-line CSV rows, thread
records in another block than their comments."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
import zstandard

from comments.engine.blocks import read_blocks
from comments.engine.run import Request, run as run_dask
from comments.engine.tasks import ReadOptions
from comments.io.pipeline import Result, repeat_summaries
from conftest import run, write_rows

BLOCK = 1 << 14


def _same_as_local(scheduler, inputs: list[str], tmp_path, suffix: str = ".jsonl", **sizes):
    """The Dask engine's output bytes, notes and summary are the local engine's."""
    local = run("parse", *inputs, "-o", str(tmp_path / f"local{suffix}"))
    assert local.exit_code == 0, local.stderr
    out = tmp_path / f"dask{suffix}"
    totals = run_dask(Request(inputs, str(out), scheduler=scheduler, block_size=BLOCK, partition_size=1 << 15,
                              **sizes), io.StringIO())
    assert out.read_bytes() == (tmp_path / f"local{suffix}").read_bytes()
    assert totals.summary() == local.stderr.splitlines()[-1]
    assert [f"note: {n}" for n in repeat_summaries(totals.notes)] == [line for line in local.stderr.splitlines()
                                                    if line.startswith("note:")]
    return local


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_generic_tables_in_blocks_give_the_local_engines_bytes(tables, kind, scheduler, tmp_path):
    """Threads spread over blocks and files, repeated rows across blocks, "0" parents,
    multi-line and ragged CSV rows: the same records and notes."""
    paths = sorted(str(p) for p in (tables / kind).iterdir())
    seen: list[int] = []
    assert read_blocks(paths[0], ReadOptions(None, None, {}, 2 << 30), Result(),
                       lambda *args: seen.append(args[4]), block_bytes=BLOCK)
    assert len(seen) > 10  # read in many blocks, not whole
    local = _same_as_local(scheduler, paths, tmp_path)
    notes = "\n".join(local.stderr.splitlines())
    assert "repeated rows (same id and content as an earlier row) read once; fields that differ between them " \
           "kept as lists in meta: label" in notes
    assert ("rows have more cells than the header's" in notes) == (kind == "csv")
    records = [json.loads(line) for line in (tmp_path / "dask.jsonl").read_text().splitlines()]
    assert not any(r.get("parent_id") == "0" for r in records)
    assert not any(r.get("title") for r in records if r["record"] == "thread")  # not a column of the first rows
    spread = {r["thread_id"] for r in records if r["record"] == "comment" and r["id"].startswith("a")} & {
        r["thread_id"] for r in records if r["record"] == "comment" and r["id"].startswith("b")}
    assert spread  # threads merged across the two files
    linked = {r["thread_id"]: (r["site"], r["url"]) for r in records if r["record"] == "thread" and "://" in r["thread_id"]}
    assert linked and all(site == url.split("/")[2].removeprefix("www.") and url == thread
                          for thread, (site, url) in linked.items())


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_our_own_tables_in_blocks_keep_thread_records_and_the_count_check(tables, suffix, scheduler, tmp_path):
    """Our output read back in blocks: thread records (before their comments in JSONL, in
    the sibling table in CSV) give the threads their metadata; a record stating another
    count is noted once, as the local engine notes it."""
    made = tmp_path / "made"
    made.mkdir()
    ours = made / f"ours{suffix}"
    assert run("parse", str(tables / "jsonl"), "-o", str(ours)).exit_code == 0
    target = ours if suffix == ".jsonl" else made / "ours.threads.csv"
    text = target.read_text(encoding="utf-8")
    marker = '"comment_count": ' if suffix == ".jsonl" else None
    if marker:  # the last thread's record says one comment more than there are
        at = text.rindex(marker) + len(marker)
        end = text.index(",", at)
        text = text[:at] + str(int(text[at:end]) + 1) + text[end:]
    else:
        rows = list(csv.reader(io.StringIO(text, newline="")))
        column = rows[0].index("comment_count")
        rows[-1][column] = str(int(rows[-1][column]) + 1)
        out = io.StringIO(newline="")
        csv.writer(out).writerows(rows)
        text = out.getvalue()
    target.write_text(text, encoding="utf-8")
    local = _same_as_local(scheduler, [str(ours)], tmp_path)
    assert "comment counts differ from the thread records" in local.stderr


def test_parquet_by_row_groups_gives_the_local_engines_bytes(tables, scheduler, tmp_path):
    """Our Parquet output with many row groups, read a batch at a time, and its threads."""
    made = tmp_path / "made"
    made.mkdir()
    assert run("parse", str(tables / "jsonl"), "-o", str(made / "x.parquet")).exit_code == 0
    table = pq.read_table(made / "x.parquet")
    pq.write_table(table, made / "x.parquet", row_group_size=300)
    assert pq.ParquetFile(made / "x.parquet").metadata.num_row_groups > 10
    _same_as_local(scheduler, [str(made / "x.parquet")], tmp_path)


def test_a_bad_row_deep_in_a_table_is_the_local_engines_error(tables, scheduler, tmp_path):
    """The first bad line stops its file with the local engine's line number; the file's
    earlier blocks are not written; the other file is."""
    good, source = sorted((tables / "jsonl").iterdir())[::-1]
    lines = zstandard.ZstdDecompressor().decompress(source.read_bytes(), max_output_size=1 << 26).splitlines(True)
    lines[2000] = b'["not", "an object"]\n'
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"".join(lines))
    local = run("parse", str(good), str(bad), "-o", str(tmp_path / "local.jsonl"))
    assert local.exit_code == 1
    out = tmp_path / "dask.jsonl"
    totals = run_dask(Request([str(good), str(bad)], str(out), scheduler=scheduler, block_size=BLOCK), io.StringIO())
    assert [f"error: {e}" for e in totals.errors] == [line for line in local.stderr.splitlines()
                                                      if line.startswith("error:")]
    assert totals.errors == [f"{bad}: 1 unreadable line was left out (line 2001: a JSON array, not an object)"]
    assert totals.summary() == local.stderr.splitlines()[-1] and "1 unreadable line left out" in totals.summary()
    assert out.read_bytes() == (tmp_path / "local.jsonl").read_bytes()


def test_input_notes_group_counts_over_999_as_the_local_reader_does():
    """The notes the engine words after gathering an input's buckets: 1,200 repeated rows
    and a thread record saying 2,500 comments where 1,200 arrived, 1,500 rows naming another
    thread title (no cluster needed)."""
    from types import SimpleNamespace

    from comments.engine.tables import input_notes

    from comments.io.readers.tabular import Retitled

    retitled = Retitled()
    retitled.add(1500, ("bahn", "c7", "Bahnstreik beendet", "titel"))
    stats = SimpleNamespace(repeated=1200, varying={"likes": None}, off=[(0, "bahn", 2500, 1200)], retitled=retitled)
    assert input_notes(stats) == [
        "1,500 comments name another title for their thread than the thread's first row (first: thread 'bahn', "
        "comment 'c7': 'Bahnstreik beendet'): the thread keeps the first row's title, the other is kept in the "
        "comment's meta 'titel'",
        "1,200 repeated rows (same id and content as an earlier row) read once; fields that differ between them "
        "kept as lists in meta: likes",
        "comment counts differ from the thread records (filtered or truncated?): thread bahn says 2,500 comments, "
        "1,200 present"]


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_a_source_field_named_as_ours_is_kept_and_noted_as_by_the_local_engine(kind, scheduler, tmp_path):
    """A table's own ``links``/``text_links`` columns keep their cells over many blocks; the
    texts' links go to ``text_links~2``, with the local engine's one note."""
    rows = [{"id": str(i), "thread_id": f"t{i % 3}", "author": "A", "links": "eigene", "text_links": "auch",
             "text": f'<p>Nr. {i}: <a href="https://b.example/{i}">b</a></p>'} for i in range(600)]
    path = write_rows(tmp_path / f"site.example__export.{kind}", rows)
    local = _same_as_local(scheduler, [str(path)], tmp_path)
    assert local.stderr.count("the link targets of comment texts are in meta 'text_links~2'") == 1
    records = [json.loads(line) for line in (tmp_path / "dask.jsonl").read_text().splitlines()]
    assert all(r["meta"]["text_links"] == "auch" and r["meta"]["text_links~2"] == [f"https://b.example/{r['id']}"]
               for r in records if r["record"] == "comment")


def test_a_page_and_its_text_copy_keep_each_comment_once_as_on_the_local_engine(scheduler, tmp_path):
    """The Dask engine merges threads with the local engine's rules: a lynx copy's repeats
    of the page's comments are kept once, with the same note."""
    from conftest import FIXTURES

    copies = FIXTURES / "copies"
    local = _same_as_local(scheduler, [str(copies / "why-cmake.html"), str(copies / "why-cmake.txt")], tmp_path)
    assert "4 comments of thread why-cmake repeat comments read from" in local.stderr
    assert "1 thread; 5 comments" in local.stderr


def test_an_object_text_deep_in_a_table_costs_its_line_as_on_the_local_engine(tables, scheduler, tmp_path):
    """A record whose text is a JSON object, read in a late block: left out with its own line
    number, the rest of the file written, as the local engine does."""
    source = sorted((tables / "jsonl").iterdir())[0]
    lines = zstandard.ZstdDecompressor().decompress(source.read_bytes(), max_output_size=1 << 26).splitlines(True)
    row = json.loads(lines[2000])
    row[next(k for k in row if k in ("text", "body", "comment"))] = {"x": 1}
    lines[2000] = json.dumps(row).encode() + b"\n"
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"".join(lines))
    local = run("parse", str(bad), "-o", str(tmp_path / "local.jsonl"))
    assert local.exit_code == 1
    out = tmp_path / "dask.jsonl"
    totals = run_dask(Request([str(bad)], str(out), scheduler=scheduler, block_size=BLOCK), io.StringIO())
    assert totals.errors[0].startswith(f"{bad}: 1 unreadable line was left out (line 2001: ")
    assert totals.errors[0].endswith(" is an object)")
    assert [f"error: {e}" for e in totals.errors] == [line for line in local.stderr.splitlines()
                                                      if line.startswith("error:")]
    assert out.read_bytes() == (tmp_path / "local.jsonl").read_bytes()


def test_our_record_of_a_wrong_type_names_its_line_as_on_the_local_engine(scheduler, tmp_path):
    """Our own JSONL with a comment's depth as text on a middle line: both engines name that line."""
    from conftest import SEED

    lines = run("parse", str(SEED)).stdout.splitlines()
    record = json.loads(lines[11])
    record["depth"] = "2"
    lines[11] = json.dumps(record)
    path = tmp_path / "ours.jsonl"
    path.write_text("\n".join(lines) + "\n")
    local = run("parse", str(path), "-o", str(tmp_path / "local.jsonl"))
    dask = run("parse", str(path), "-o", str(tmp_path / "dask.jsonl"), "--engine", "dask", "--scheduler", scheduler)
    assert (local.exit_code, dask.exit_code) == (1, 1)
    [error] = [e for e in dask.stderr.splitlines() if e.startswith("error:")]
    assert error.startswith(f"error: {path}:12: comment ") and error in local.stderr
