"""Comments given twice: a file named again is read once, and comments another input
gave first are kept once with one note per input (the count exact), not one per comment."""

from __future__ import annotations

import shutil

from comments.io.pipeline import repeat_summaries
from conftest import RAW, SEED, corpus, jsonl_records, read, run


def _notes(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("note:")]


def test_two_inputs_repeating_comments_give_one_note_each_with_the_exact_count(tmp_path):
    """A real Reddit thread and a copy of it under another name: the copy's comments
    repeat the first file's; one note says how many (the thread's comments)."""
    source = corpus("reddit/reddit_fo7p5b_announcements_polls.json")
    first, copy = tmp_path / "a.json", tmp_path / "b.json"
    shutil.copy(source, first)
    shutil.copy(source, copy)
    once = run("parse", str(first))
    n = sum(r["record"] == "comment" for r in jsonl_records(once.stdout))
    assert n > 100
    twice = run("parse", str(first), str(copy))
    assert twice.exit_code == 0, twice.stderr
    assert [n for n in _notes(twice.stderr) if ": 1 submission: " not in n] == [  # (each file's unkept fields: a note)
        f"note: {copy}: 1 article (a thread's own record: its title, text or date) repeats one read first from {first}: "
        "kept the first",
        f"note: {copy}: {n:,} comments repeat earlier ones (same site, thread and id): kept the first, read from {first}"]
    assert twice.stdout == once.stdout  # the same records, kept once (unloaded comments counted once)
    assert f"{n} duplicates across inputs kept once" in twice.stderr.splitlines()[-1]


def test_the_same_file_named_twice_is_read_once(tmp_path):
    """The seed file named, then its folder: read once (it was read twice, its 25 comments
    doubled as duplicate ids ID~2), one note."""
    once = run("parse", str(SEED))
    twice = run("parse", str(SEED), str(RAW))
    assert twice.exit_code == 0, twice.stderr
    assert f"note: {SEED}: the same file as {SEED}, given again: read once" in _notes(twice.stderr)
    seed = [r for r in jsonl_records(twice.stdout) if r.get("source") == str(SEED) or r.get("thread_id") ==
            jsonl_records(once.stdout)[0]["thread_id"]]
    assert [r for r in seed if r["record"] == "comment"] == [r for r in jsonl_records(once.stdout)
                                                              if r["record"] == "comment"]
    assert "duplicate_id" not in twice.stderr
    assert len(read(SEED, SEED).comments) == len(read(SEED).comments) == 25  # the API the same


def test_summaries_count_per_input_and_name_where_the_firsts_came_from():
    notes = ["x.json: not UTF-8",
             "b.json: comment 1 of thread t already read from a.json; kept once",
             "c.json: comment 9 already read from z; kept once of thread u already read from a.json; kept once",
             "b.json: comment 2 of thread t already read from a.json; kept once",
             "c.json: comment 3 of thread t already read from b.json; kept once",
             "d.json: comment 4 of thread t already read from a.json; kept once"]
    assert repeat_summaries(notes) == [
        "x.json: not UTF-8",
        "b.json: 2 comments repeat earlier ones (same site, thread and id): kept the first, read from a.json",
        "c.json: 2 comments repeat earlier ones (same site, thread and id): kept the first, read from 2 earlier inputs",
        "d.json: 1 comment repeats earlier ones (same site, thread and id): kept the first, read from a.json"]
    assert repeat_summaries(["x: nothing repeated"]) == ["x: nothing repeated"]


def test_summaries_stay_linear_on_long_hostile_ids():
    """Ids are the input's own text: the former pattern took 8.6 s on one 160 KB note."""
    import time

    note = f"b.jsonl: comment {': comment ' * 50_000} of thread t already read from a.jsonl; kept once"
    started = time.process_time()
    folded = repeat_summaries([note, note[:-1]])
    assert time.process_time() - started < 1
    assert folded == ["b.jsonl: 1 comment repeats earlier ones (same site, thread and id): kept the first, read from "
                      "a.jsonl", note[:-1]]


def test_standard_input_named_twice_is_read_once():
    """``- -``: standard input read once, with a note as a file named twice (the second read met
    a closed file: "unreadable record (ValueError: read of closed file)", exit 1)."""
    text = SEED.read_text(encoding="utf-8")
    once = run("parse", "-", input=text)
    twice = run("parse", "-", "-", input=text)
    assert twice.exit_code == 0, twice.stderr
    assert _notes(twice.stderr) == ["note: -: standard input, given again: read once"]
    assert twice.stdout == once.stdout
