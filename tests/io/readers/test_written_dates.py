"""English export dates (12-hour clocks, weekdays, zone names, JavaScript's ``Date.toString()``,
millisecond epochs) read alike by every reader that takes a free-form date: CSV, a JSON list,
JSON Lines (general and columnar path) and Staticman YAML. Why: ``Nov 24, 2026 11:05 PM`` was read
as 11:05 (RFC 2822's parser took PM for a zone) and ``GMT+0100`` was dropped, with no flag."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest
import yaml

from comments.io import fastpath
from conftest import FIXTURES, read

TABLE = FIXTURES / "dates" / "english_exports.csv"
ROWS = list(csv.DictReader(TABLE.open(encoding="utf-8")))
EXPECTED = {r["id"]: r["expected"] or None for r in ROWS}
RAW = {r["id"]: r["date"] for r in ROWS}


def _value(raw: str) -> object:
    """The date as a JSON or YAML exporter writes it: a millisecond epoch as a number."""
    return int(raw) if raw.isdigit() else raw


def _inputs(tmp_path, kind: str):
    if kind == "csv":
        return TABLE
    rows = [{"id": r["id"], "author": r["author"], "date": _value(r["date"]), "text": r["text"]} for r in ROWS]
    if kind == "json":
        path = tmp_path / "blog.example__export.json"
        path.write_text(json.dumps(rows), encoding="utf-8")
        return path
    if kind == "jsonl":
        path = tmp_path / "blog.example__export.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        return path
    folder = tmp_path / "tempolimit"  # Staticman: one YAML file per comment
    folder.mkdir()
    for r in rows:
        entry = {"_id": f"id-{r['id']}", "name": r["author"], "message": r["text"], "date": r["date"]}
        (folder / f"comment-{r['id']}.yml").write_text(yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8")
    return folder


def _key(comment) -> str:
    return comment.id.removeprefix("id-")


@pytest.mark.parametrize("kind", ["csv", "json", "jsonl", "staticman"])
def test_every_reader_reads_the_english_export_dates(tmp_path, kind):
    result = read(_inputs(tmp_path, kind))
    comments = {_key(c): c for pt in result.threads for c in pt.comments}
    assert {k: c.created_at for k, c in comments.items()} == EXPECTED
    for key, comment in comments.items():
        if EXPECTED[key] is None:  # a zone stated that we cannot read, a 12-digit epoch: flagged, the source's value kept
            raw = RAW[key] if kind == "csv" else _value(RAW[key])
            assert comment.flags == ["invalid_date"] and comment.meta["date"] == raw, key
        else:
            assert comment.flags == [], (key, comment.flags)


def _columnar(tmp_path, rows: list[dict]) -> list[dict]:
    dump = tmp_path / "blog.example__export.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "fast.parquet"
    fastpath.parse_to_parquet(dump, out, None, "blog.example__export", {}, str(dump))
    return pq.read_table(out).to_pylist()


def test_the_columnar_path_reads_them_as_the_general_path(tmp_path):
    """Its columns take one type each: the dates as text, then millisecond epochs as numbers."""
    rows = _columnar(tmp_path, [{"id": r["id"], "date": r["date"], "text": r["text"]} for r in ROWS])
    assert {r["id"]: r["created_at"] for r in rows} == EXPECTED
    assert [r["id"] for r in rows if r["flags"]] == [k for k, iso in EXPECTED.items() if iso is None] == ["22", "30", "31"]
    stamps = [{"id": str(i), "timestamp": ms, "text": "x"} for i, ms in enumerate([1522722700116, 1522722800000])]
    assert [r["created_at"] for r in _columnar(tmp_path, stamps)] == ["2018-04-03T02:31:40.116Z", "2018-04-03T02:33:20Z"]
