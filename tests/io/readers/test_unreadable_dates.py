"""A date a reader cannot read is never silently emptied: every reader flags it ``invalid_date``
(counted in the summary) and keeps the source's string in ``meta`` under its own key (SPEC:
``created_at`` is ISO 8601 or null); a day/month order that could be either is not guessed."""

from __future__ import annotations

import json

import pytest

import comments
from comments.io import fastpath
from comments.io.pipeline import read_inputs
from conftest import FIXTURES

CSV = ('Kommentar-ID;Antwort auf;Beitrag;Nutzer;Datum\n'
       '1;;"Die Sperre trifft Kunden.";anna;9/1/2011 10:48 PM\n'
       '2;1;"Quelle?";bernd;31/12/2011\n'
       '3;;"Kaputt";carla;gestern kaputt\n'
       '4;;"US";dora;12/31/2011 9:05 am\n')


def test_a_csv_flags_dates_it_cannot_read_and_keeps_them():
    corpus = comments.read_text(CSV, name="forum.csv")
    got = {c.id: (c.created_at, c.flags, c.meta) for c in corpus.comments}
    assert got == {
        "1": (None, ["invalid_date"], {"Datum": "9/1/2011 10:48 PM"}),  # 1 September or 9 January: not guessed
        "2": ("2011-12-31", [], {}),  # day first: 31 is no month
        "3": (None, ["invalid_date"], {"Datum": "gestern kaputt"}),
        "4": ("2011-12-31T09:05", [], {}),  # month first: 31 is no month
    }
    assert "2 invalid_date" in corpus.summary()


#: fixture, the date text replaced by an unreadable one, the key it is kept under.
CASES = [
    ("wp_rest.json", ('"date": "2021-09-17T10:00:00", "date_gmt": "2021-09-17T08:00:00"',
                      '"date": "gestern", "date_gmt": "kaputt"'), "date", "gestern"),
    ("hn_official.json", ('"time": 1631700100', '"time": "gestern"'), "time", "gestern"),
    ("reddit_thread.json", ('"created_utc": 1631700100', '"created_utc": "gestern"'), "created_utc", "gestern"),
    ("pushshift.ndjson", ('"created_utc": 1631800000', '"created_utc": "gestern"'), "created_utc", "gestern"),
    ("json/isso_thread.json", ('"created": 1631800000.52', '"created": "gestern"'), "created", "gestern"),
    ("disqus_small.xml", ("<createdAt>2021-09-16T09:00:00Z", "<createdAt>gestern"), "createdAt", "gestern"),
    ("wxr_small.xml", ("<wp:comment_date_gmt>2021-09-16 09:00:00", "<wp:comment_date_gmt>gestern"),
     "comment_date_gmt", "gestern"),
    ("staticman/list-of-comments.yaml", ("date: 2021-09-16T11:00:00+02:00", "date: gestern"), "date", "gestern"),
]


@pytest.mark.parametrize("name,change,key,raw", CASES, ids=[c[0] for c in CASES])
def test_every_reader_flags_a_date_it_cannot_read(tmp_path, name, change, key, raw):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert change[0] in text
    path = tmp_path / name.split("/")[-1]
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    result = read_inputs([str(path)])
    assert not result.errors, result.errors
    flagged = [c for pt in result.threads for c in pt.comments if "invalid_date" in c.flags]
    assert len(flagged) == 1 and flagged[0].created_at is None
    assert flagged[0].meta.get(key) == raw or (name == "wxr_small.xml" and flagged[0].meta.get("comment_date"))
    assert result.flag_counts()["invalid_date"] == 1
    others = [c for pt in result.threads for c in pt.comments if c is not flagged[0]]
    assert others and all(c.created_at for c in others if c.status == "visible")


def test_the_fast_path_flags_unreadable_dates_as_the_general_path_does(tmp_path):
    """The columnar fast path flags an unreadable date and keeps it in meta (it stepped aside
    to the general path before), with the same records."""
    import pyarrow.parquet as pq

    dump = tmp_path / "dump.jsonl"
    rows = [{"id": "1", "parent_id": None, "text": "Erster", "created_at": "2021-09-16 10:00:00"},
            {"id": "2", "parent_id": "1", "text": "Zweiter", "created_at": "9/1/2011", "votes": 3}]
    dump.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    summary = fastpath.parse_to_parquet(dump, tmp_path / "out.parquet", None, "dump", {}, str(dump))
    got = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert [(r["flags"], r["created_at"], json.loads(r["meta"])) for r in got] == [
        (c.flags, c.created_at, c.meta) for c in comments.read(dump).comments] == [
        ([], "2021-09-16T10:00:00", {}), (["invalid_date"], None, {"votes": 3, "created_at": "9/1/2011"})]
    assert summary.flags == {"invalid_date": 1}


def test_a_repeated_row_with_an_unreadable_date_keeps_that_one_date_in_meta(tmp_path):
    """A row repeated (One Million Posts: one row per label) with a date that cannot be read:
    the date given is one value in meta, not a list with a null for the repeat (the repeat's
    meta lacked it) and no note that the date differs."""
    dump = tmp_path / "dump.jsonl"
    row = {"id": "1", "parent_id": None, "text": "Erster", "created_at": "gestern", "label": "a"}
    dump.write_text(json.dumps(row) + "\n" + json.dumps(dict(row, label="b")) + "\n", encoding="utf-8")
    result = read_inputs([str(dump)])
    [comment] = result.threads[0].comments
    assert comment.meta == {"label": ["a", "b"], "created_at": "gestern"} and comment.flags == ["invalid_date"]
    assert result.notes[-1].endswith("kept as lists in meta: label")


FAR = "1" + "0" * 40  # seconds no calendar date has (years 1-9999)


def _reddit_listing(utc: str) -> str:
    return ('[{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": "abc", "title": "T", '
            '"selftext": "", "created_utc": 1600000000, "subreddit": "x", "permalink": "/r/x/comments/abc/t/"}}]}}, '
            '{"kind": "Listing", "data": {"children": ['
            f'{{"kind": "t1", "data": {{"id": "c1", "parent_id": "t3_abc", "link_id": "t3_abc", "author": "u", '
            f'"body": "hallo", "created_utc": {utc}}}}}, '
            '{"kind": "t1", "data": {"id": "c2", "parent_id": "t3_abc", "link_id": "t3_abc", "author": "u", '
            '"body": "hi", "created_utc": 1600000001}}]}}]')


@pytest.mark.parametrize("name,text", [
    ("generic.jsonl", "".join(json.dumps({"id": f"c{i}", "parent_id": None, "author": "u", "text": f"hallo {i}",
                                          "created_at": 1600000000 + i}).replace("1600000001", FAR) + "\n"
                              for i in range(4))),
    ("dump.ndjson", "".join(json.dumps({"id": f"c{i}", "parent_id": "t3_abc", "link_id": "t3_abc", "author": "u",
                                        "body": f"hallo {i}", "created_utc": 1600000000 + i}).replace("1600000001", FAR)
                            + "\n" for i in range(4))),
    ("listing.json", _reddit_listing(FAR)),
    ("infinite.json", _reddit_listing("1e400")),
])
def test_a_timestamp_no_calendar_has_is_one_unreadable_date_not_a_lost_file(tmp_path, name, text):
    """One far-off numeric timestamp refused the whole file (generic JSONL, Reddit NDJSON and
    JSON; ``1e400`` failed JSON parsing) while CSV flagged the comment: now every reader flags
    that comment ``invalid_date``, the rest read, for every output format."""
    from conftest import run

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = read_inputs([str(path)])
    assert not result.errors, result.errors
    bad = [c for c in result.comments if "invalid_date" in c.flags]
    assert len(bad) == 1 and bad[0].created_at is None and bad[0].id in ("c1", "1")
    assert all(c.created_at for c in result.comments if c is not bad[0])
    for suffix in (".jsonl", ".parquet"):
        done = run("parse", str(path), "-o", str(tmp_path / f"out{suffix}"))
        assert done.exit_code == 0 and "repairs: 1 invalid_date" in done.output, done.output


def test_the_fast_path_reads_a_far_timestamp_as_the_general_path_does():
    from comments.io.fastpath_read import readable_dates

    values, unread = readable_dates([1600000000, float(FAR), "gestern"])
    assert values.to_pylist() == ["2020-09-13T12:26:40Z", None, None] and unread.tolist() == [False, True, True]
