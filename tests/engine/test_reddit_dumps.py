"""Reddit dumps (Pushshift / Arctic Shift): RS_ submissions and RC_ comments, zstd NDJSON,
read as threads by link_id, the submission as the article, a thread's comments joined
across monthly files, the same with both engines."""

from __future__ import annotations

import json

import pytest
import zstandard

from conftest import run


def _zst(path, rows) -> None:
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    path.write_bytes(zstandard.ZstdCompressor(level=3).compress(data))


@pytest.fixture(scope="module")
def dumps(tmp_path_factory):
    """One month of submissions, two months of comments: thread abc continues in
    February (a reply to a January comment); thread zzz has no submission in the dumps."""
    folder = tmp_path_factory.mktemp("reddit")
    _zst(folder / "RS_2021-01.zst", [
        {"id": "abc", "name": "t3_abc", "subreddit": "de", "title": "Xiaomi sperrt Geräte in Kuba",
         "selftext": "Was haltet ihr davon?", "permalink": "/r/de/comments/abc/xiaomi/", "created_utc": 1609500000,
         "num_comments": 3, "author": "op", "score": 5},
        {"id": "emp", "name": "t3_emp", "subreddit": "de", "title": "Niemand antwortet", "selftext": "",
         "permalink": "/r/de/comments/emp/niemand/", "created_utc": 1609500001, "num_comments": 0, "author": "op"}])
    _zst(folder / "RC_2021-01.zst", [
        {"id": "c1", "link_id": "t3_abc", "parent_id": "t3_abc", "body": "Erster &amp; bester", "author": "anna",
         "created_utc": 1609500100, "subreddit": "de", "score": 3},
        {"id": "c2", "link_id": "t3_abc", "parent_id": "t1_c1", "body": "[removed]", "author": "bernd",
         "created_utc": 1609500200, "subreddit": "de"}])
    _zst(folder / "RC_2021-02.zst", [
        {"id": "c3", "link_id": "t3_abc", "parent_id": "t1_c2", "body": "Noch im Februar", "author": "anna",
         "created_utc": 1612200000, "subreddit": "de"},
        {"id": "d1", "link_id": "t3_zzz", "parent_id": "t3_zzz", "body": "Ohne Beitrag", "author": "bernd",
         "created_utc": 1612200001, "subreddit": "de"}])
    return folder


def _records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_threads_are_joined_across_monthly_files(dumps):
    result = run("parse", str(dumps))
    assert result.exit_code == 0, result.stderr
    records = _records(result.stdout)
    threads = {r["thread_id"]: r for r in records if r["record"] == "thread"}
    assert set(threads) == {"abc", "emp", "zzz"}
    abc = threads["abc"]
    assert (abc["site"], abc["title"], abc["article_text"]) == ("reddit.com/r/de", "Xiaomi sperrt Geräte in Kuba",
                                                               "Was haltet ihr davon?")
    assert (abc["published_at"], abc["declared_count"], abc["comment_count"]) == ("2021-01-01T11:20:00Z", 3, 3)
    assert (threads["emp"]["comment_count"], threads["zzz"]["title"]) == (0, None)
    comments = {r["id"]: r for r in records if r["record"] == "comment"}
    assert [(comments[i]["parent_id"], comments[i]["depth"]) for i in ("c1", "c2", "c3")] == [
        (None, 0), ("c1", 1), ("c2", 2)]  # the February reply finds its January parent
    assert comments["c2"]["status"] == "removed" and comments["c1"]["text"] == "Erster & bester"
    assert not any(c["flags"] for c in comments.values())
    assert "3 threads; 4 comments; no repairs" in result.stderr


def test_a_single_submission_file_is_a_dump(tmp_path):
    _zst(tmp_path / "RS_2021-03.zst", [{"id": "one", "subreddit": "de", "title": "Allein", "selftext": "Text",
                                        "permalink": "/r/de/comments/one/allein/", "created_utc": 1614556800}])
    result = run("parse", str(tmp_path / "RS_2021-03.zst"))
    assert result.exit_code == 0, result.stderr
    assert _records(result.stdout)[0]["title"] == "Allein"


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_the_dask_engine_joins_them_the_same(dumps, scheduler, tmp_path, suffix):
    local, dask = tmp_path / f"local{suffix}", tmp_path / f"dask{suffix}"
    assert run("parse", str(dumps), "-o", str(local)).exit_code == 0
    result = run("parse", str(dumps), "-o", str(dask), "--engine", "dask", "--scheduler", scheduler)
    assert result.exit_code == 0, result.stderr
    assert dask.read_bytes() == local.read_bytes()


def test_the_dask_engine_reads_a_record_given_twice_once(scheduler, tmp_path):
    """A byte-identical line in one dump is one comment on both engines, noted the same;
    the same id with other content stays two (``~2``)."""
    one = {"id": "c1", "link_id": "t3_abc", "parent_id": "t3_abc", "body": "Erster", "author": "anna",
           "created_utc": 1609500100, "subreddit": "de", "score": 3}
    two = dict(one, id="c2", parent_id="t1_c1", body="Zweiter    \n\n    code")
    _zst(tmp_path / "RC_2021-01.zst", [one, two, one, dict(two, score=4)])
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    by_local = run("parse", str(tmp_path / "RC_2021-01.zst"), "-o", str(local))
    by_dask = run("parse", str(tmp_path / "RC_2021-01.zst"), "-o", str(dask), "--engine", "dask",
                  "--scheduler", scheduler)
    assert by_dask.exit_code == 0, by_dask.stderr
    assert dask.read_bytes() == local.read_bytes()
    got = [r for r in _records(dask.read_text()) if r["record"] == "comment"]
    assert [(c["id"], c["text"]) for c in got] == [("c1", "Erster"), ("c2", "Zweiter\n\n    code"),
                                                   ("c2~2", "Zweiter\n\n    code")]
    assert "1 comment repeats an earlier one of the same input" in by_dask.stderr
    assert "1 comment repeats an earlier one of the same input" in by_local.stderr


def test_the_dask_engine_keeps_a_truncated_dumps_complete_lines(scheduler, tmp_path):
    """A zstd dump cut short: both engines write its complete lines, the same bytes, and
    say where it ended (exit 1)."""
    rows = [{"id": f"c{i}", "link_id": "t3_abc", "parent_id": "t3_abc", "body": f"Kommentar {i} " * 30,
             "author": "anna", "created_utc": 1609500100 + i, "subreddit": "de"} for i in range(4000)]
    data = zstandard.ZstdCompressor(level=3).compress("".join(json.dumps(r) + "\n" for r in rows).encode())
    dump = tmp_path / "RC_2021-01.zst"
    dump.write_bytes(data[:len(data) // 2])
    complete = zstandard.ZstdDecompressor().decompressobj().decompress(dump.read_bytes()).count(b"\n")
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    by_local = run("parse", str(dump), "-o", str(local))
    by_dask = run("parse", str(dump), "-o", str(dask), "--engine", "dask", "--scheduler", scheduler)
    assert (by_local.exit_code, by_dask.exit_code) == (1, 1)
    assert dask.read_bytes() == local.read_bytes()
    assert sum(1 for r in _records(dask.read_text()) if r["record"] == "comment") == complete > 0
    assert f"error: {dump}:{complete + 1}: damaged or truncated zstd data" in by_dask.stderr


@pytest.fixture(scope="module")
def recrawled(tmp_path_factory):
    """Two months of submissions and of comments: thread abc's submission is in both RS
    files (a re-crawl: its comment count grew), its comments span both RC files, and one
    of them is in both; thread zzz has comments only."""
    folder = tmp_path_factory.mktemp("recrawl")
    submission = {"id": "abc", "name": "t3_abc", "subreddit": "de", "title": "Xiaomi sperrt Geräte in Kuba",
                  "selftext": "Was haltet ihr davon?", "permalink": "/r/de/comments/abc/xiaomi/",
                  "url": "https://www.reddit.com/r/de/comments/abc/xiaomi/", "created_utc": 1609500000,
                  "num_comments": 2, "author": "op", "score": 5, "retrieved_on": 1609500060}
    _zst(folder / "RS_2021-01.zst", [submission])
    _zst(folder / "RS_2021-02.zst", [dict(submission, num_comments=3, score=9, retrieved_on=1612200060)])
    c1 = {"id": "c1", "link_id": "t3_abc", "parent_id": "t3_abc", "body": "Erster", "author": "anna",
          "created_utc": 1609500100, "subreddit": "de", "score": 3}
    _zst(folder / "RC_2021-01.zst", [c1, {"id": "z1", "link_id": "t3_zzz", "parent_id": "t3_zzz",
                                          "body": "Ohne Beitrag", "author": "bernd", "created_utc": 1609500101,
                                          "subreddit": "de"}])
    _zst(folder / "RC_2021-02.zst", [{"id": "c2", "link_id": "t3_abc", "parent_id": "t1_c1", "body": "Im Februar",
                                      "author": "bernd", "created_utc": 1612200000, "subreddit": "de"}, c1])
    return folder


def test_any_order_of_the_inputs_gives_the_same_bytes(recrawled):
    """Every order of the four dumps: the same records and notes; the thread's url and
    source are the submission's (its permalink, the first RS file), not those of the
    comment file that sorts first; the submission the second RS file repeats is noted, and
    its newer stated count (the re-crawl's 3) kept, as for any two snapshots (session 23)."""
    import itertools

    names = ["RS_2021-01.zst", "RS_2021-02.zst", "RC_2021-01.zst", "RC_2021-02.zst"]
    outputs = set()
    for order in itertools.permutations(names):
        result = run("parse", *(str(recrawled / name) for name in order))
        assert result.exit_code == 0, result.stderr
        outputs.add((result.stdout, result.stderr))
    [(stdout, stderr)] = outputs
    threads = {r["thread_id"]: r for r in _records(stdout) if r["record"] == "thread"}
    assert (threads["abc"]["source"], threads["abc"]["url"], threads["abc"]["declared_count"]) == (
        str(recrawled / "RS_2021-01.zst"), "https://www.reddit.com/r/de/comments/abc/xiaomi/", 3)
    assert threads["zzz"]["source"] == str(recrawled / "RC_2021-01.zst")
    assert [r["id"] for r in _records(stdout) if r["record"] == "comment"] == ["c1", "c2", "z1"]
    assert (f"note: {recrawled / 'RS_2021-02.zst'}: 1 article (a thread's own record: its title, text or date) "
            f"repeats one read first from {recrawled / 'RS_2021-01.zst'}: kept the first; "
            f"the copies differ in declared_count") in stderr.splitlines()
    assert (f"note: {recrawled / 'RS_2021-02.zst'}: thread abc: its page states 3 comments, an earlier copy 2: "
            "this newer copy's count is kept (read later)") in stderr.splitlines()
    assert stderr.splitlines()[-1].endswith(  # c1 is in both comment files; c3 is in neither
        "; 1 duplicates across inputs kept once; 1 thread with another count than stated (abc: page says 3, found 2)")


def test_any_order_gives_the_same_bytes_on_the_fast_path_and_the_dask_engine(recrawled, scheduler, tmp_path):
    """Comment dumps alone (the columnar fast path) in either order, and all four dumps on
    the Dask engine in reverse order: the bytes the local engine writes in sorted order."""
    comments = [str(recrawled / "RC_2021-01.zst"), str(recrawled / "RC_2021-02.zst")]
    outs = []
    for k, order in enumerate((comments, comments[::-1])):
        outs.append(tmp_path / f"fast{k}.jsonl")
        assert run("parse", *order, "-o", str(outs[-1])).exit_code == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()
    everything = sorted(str(p) for p in recrawled.iterdir())
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    by_local = run("parse", *everything, "-o", str(local))
    by_dask = run("parse", *everything[::-1], "-o", str(dask), "--engine", "dask", "--scheduler", scheduler)
    assert by_dask.exit_code == 0, by_dask.stderr
    assert dask.read_bytes() == local.read_bytes()
    assert by_dask.stderr == by_local.stderr


def test_a_submission_repeated_in_one_dump_is_kept_once_with_a_note(scheduler, tmp_path):
    """A re-crawl appended to the same RS file: the first copy is kept (the last one replaced
    it, silently), one note says which fields differ; the Dask engine says the same."""
    first = {"id": "abc", "name": "t3_abc", "subreddit": "de", "title": "Xiaomi sperrt Geräte in Kuba",
             "selftext": "Was haltet ihr davon?", "permalink": "/r/de/comments/abc/xiaomi/", "created_utc": 1609500000,
             "num_comments": 1}
    comment = {"id": "c1", "link_id": "t3_abc", "parent_id": "t3_abc", "body": "Erster", "author": "anna",
               "created_utc": 1609500100, "subreddit": "de"}
    dump = tmp_path / "RS_2021-01.zst"
    _zst(dump, [first, comment, dict(first, num_comments=4, title="Xiaomi sperrt Geräte (Update)")])
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    by_local = run("parse", str(dump), "-o", str(local))
    by_dask = run("parse", str(dump), "-o", str(dask), "--engine", "dask", "--scheduler", scheduler)
    assert by_local.exit_code == 0, by_local.stderr
    [thread] = [r for r in _records(local.read_text()) if r["record"] == "thread"]
    assert (thread["title"], thread["declared_count"], thread["comment_count"]) == ("Xiaomi sperrt Geräte in Kuba", 1, 1)
    note = (f"note: {dump}: 1 article (a thread's own record: its title, text or date) repeats one read earlier in "
            f"the same input: kept the first; the copies differ in declared_count, title")
    assert note in by_local.stderr.splitlines() and note in by_dask.stderr.splitlines()
    assert dask.read_bytes() == local.read_bytes()
