"""The Dask engine gives the local engine's results: the same bytes for JSONL and CSV,
the same rows (floats within 1e-9 relative) in the Parquet dataset folders, the same
report tables, summaries and charts."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from conftest import LATE_RULES, jsonl_records, late_rule_jsonl, run



def _both(command: str | list[str], inputs, out_local, out_dask, scheduler) -> tuple:
    command = [command] if isinstance(command, str) else command
    local = run(*command, str(inputs), "-o", str(out_local), "-j", "1")
    dask = run(*command, str(inputs), "-o", str(out_dask), "--engine", "dask", "--scheduler", scheduler)
    assert local.exit_code == 0, local.stderr
    assert dask.exit_code == 0, dask.stderr
    assert dask.stderr.splitlines()[-1] == local.stderr.splitlines()[-1]  # the summary line
    return local, dask


@pytest.mark.parametrize("command", ["parse", "classify"])
@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_jsonl_and_csv_are_the_same_bytes(command, suffix, inputs, scheduler, tmp_path):
    local, dask = tmp_path / f"local{suffix}", tmp_path / f"dask{suffix}"
    _both(command, inputs, local, dask, scheduler)
    assert dask.read_bytes() == local.read_bytes()
    if suffix == ".csv":
        threads = "{}.threads.csv"
        assert (tmp_path / threads.format("dask")).read_bytes() == (tmp_path / threads.format("local")).read_bytes()
    assert b"duplicates across inputs" not in dask.read_bytes()


def _sorted_rows(path) -> list[dict]:
    return sorted(pq.read_table(path).to_pylist(), key=lambda r: (r["site"], r["thread_id"], r.get("position") or 0))


def _close(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == pytest.approx(b, rel=1e-9)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    return a == b


@pytest.mark.parametrize("command", ["parse", "classify"])
def test_parquet_dataset_folders_hold_the_same_rows(command, inputs, scheduler, tmp_path):
    local, dask = tmp_path / "local.parquet", tmp_path / "dask.parquet"
    _both(command, inputs, local, dask, scheduler)
    assert dask.is_dir() and len(list(dask.glob("part-*.parquet"))) >= 2  # hash buckets
    for name in ("{}.parquet", "{}.threads.parquet"):
        got, want = _sorted_rows(tmp_path / name.format("dask")), _sorted_rows(tmp_path / name.format("local"))
        assert len(got) == len(want) and all(_close(g, w) for g, w in zip(got, want))
    again = run("parse", str(dask), "-o", str(tmp_path / "back.jsonl"))  # the folder reads back whole
    assert again.exit_code == 0
    back = [json.loads(line) for line in (tmp_path / "back.jsonl").read_text().splitlines()]
    assert sum(r["record"] == "thread" and r["title"] is None and r["comment_count"] > 0 for r in back) == len(
        pq.read_table(tmp_path / "local.threads.parquet"))


def test_a_bad_input_is_one_error_and_the_rest_is_written(inputs, scheduler, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run("parse", str(inputs), str(tmp_path / "missing.jsonl"), "-o", str(out), "--engine", "dask",
                 "--scheduler", scheduler)
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        f"error: {tmp_path / 'missing.jsonl'}: no such file"]
    assert out.read_text().count('"record": "comment"') == 3001  # 3,000 and the orphan; the duplicate once


def _csv_rows(path) -> list[dict]:
    """A report table's rows, numbers as floats (the CSV writer's text of a float may
    differ in the last digit between two sums of the same partials in another order)."""
    def value(text: str):
        try:
            return float(text)
        except ValueError:
            return text

    with path.open(newline="", encoding="utf-8") as handle:
        return [{k: value(v) for k, v in row.items()} for row in csv.DictReader(handle)]


@pytest.mark.parametrize("command", [["report", "all"], ["compare", "--by", "thread"]])
def test_reports_are_the_same_as_the_local_engines(command, inputs, scheduler, tmp_path):
    """Every table (counts and labels exact, floats within 1e-9 relative), every summary
    and index.html the same, and the same charts."""
    local, dask = tmp_path / "local", tmp_path / "dask"
    _both(command, inputs, local, dask, scheduler)
    names = sorted(p.name for p in local.iterdir())
    assert names == sorted(p.name for p in dask.iterdir())
    tables = [n for n in names if n.endswith(".csv")]
    assert len(tables) >= (4 if "compare" in command else 18)
    for name in tables:
        got, want = _csv_rows(dask / name), _csv_rows(local / name)
        assert len(got) == len(want) and all(_close(g, w) for g, w in zip(got, want)), name
    texts = [n for n in names if n.endswith((".md", ".html"))]
    assert texts and all((dask / n).read_bytes() == (local / n).read_bytes() for n in texts)
    assert any(n.endswith(".svg") for n in names)


def test_tables_read_in_many_blocks_give_the_local_engines_results(tables, scheduler, tmp_path, monkeypatch):
    """The equality test on generic tables read in blocks of 16 KB (a JSONL dump in two
    files, one zstd-compressed; threads spread over blocks and both files; repeated rows):
    ``parse`` and ``classify`` give the same bytes, ``report all`` the same tables."""
    from comments.engine import blocks

    monkeypatch.setattr(blocks, "BLOCK_BYTES", 1 << 14)  # the driver reads it when a run starts
    for command in ("parse", "classify"):
        local, dask = tmp_path / f"{command}-local.jsonl", tmp_path / f"{command}-dask.jsonl"
        _both(command, tables / "jsonl", local, dask, scheduler)
        assert dask.read_bytes() == local.read_bytes()
    local, dask = tmp_path / "local", tmp_path / "dask"
    _both(["report", "all"], tables / "jsonl", local, dask, scheduler)
    names = sorted(p.name for p in local.iterdir())
    assert names == sorted(p.name for p in dask.iterdir())
    for name in (n for n in names if n.endswith(".csv")):
        got, want = _csv_rows(dask / name), _csv_rows(local / name)
        assert len(got) == len(want) and all(_close(g, w) for g, w in zip(got, want)), name


def test_classified_input_is_reported_as_given(inputs, scheduler, tmp_path):
    """Already classified comments keep their labels (no re-classification on the
    workers): every comment given one topic makes that topic's share 1 on every site."""
    assert run("classify", str(inputs), "-o", str(tmp_path / "c.jsonl"), "-j", "1").exit_code == 0
    folder = tmp_path / "classified"
    folder.mkdir()
    records = jsonl_records((tmp_path / "c.jsonl").read_text())
    for r in records:
        if r["record"] == "comment":
            r["topics"] = ["consumer_rights"]
    half = len(records) // 2  # two files, a thread cut between them
    for k, part in enumerate((records[:half], records[half:])):
        (folder / f"c{k}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in part))
    _both(["report", "topics"], folder, tmp_path / "local", tmp_path / "dask", scheduler)
    got, want = (_csv_rows(tmp_path / f"{e}/topic_shares_by_site.csv") for e in ("dask", "local"))
    assert got == want
    assert {r["share"] for r in got if r["label"] == "consumer_rights"} == {1.0}


@pytest.mark.parametrize("args", [["report", "all", "IN", "-o", "r", "--adapt"],
                                  ["compare", "IN", "-o", "r", "--pseudonymize"],
                                  ["parse", "IN", "--pseudonymize"],
                                  ["parse", "IN", "-o", "x.convokit"], ["parse", "IN", "--engine", "spark"]])
def test_what_the_dask_engine_does_not_do_is_a_usage_error(args, inputs, tmp_path):
    args = [str(inputs) if a == "IN" else str(tmp_path / a) if a in ("r", "x.jsonl", "x.convokit") else a
            for a in args]  # outputs in tmp_path: nothing lands in the working folder if a check fails
    result = run(*args, *(["--engine", "dask"] if "--engine" not in args else []))
    assert result.exit_code == 2
    assert "--engine" in result.stderr


def test_an_output_in_missing_folders_gets_them(inputs, scheduler, tmp_path):
    """``-o runs/2021/x.parquet`` with the Dask engine makes the folders first (its spill
    folder goes beside the output), as the local engine and ``report --out`` do."""
    out = tmp_path / "runs" / "2021" / "dask.parquet"
    result = run("parse", str(inputs), "-o", str(out), "--engine", "dask", "--scheduler", scheduler)
    assert result.exit_code == 0, result.stderr
    assert pq.read_table(out).num_rows > 0 and "comments-tmp" not in result.stderr


def test_a_run_removes_the_temporary_folders_a_killed_run_left(inputs, scheduler, tmp_path):
    """A run killed with -9 leaves its hidden ``.d.parquet.PID-….comments-tmp`` folders (dataset
    and spill); the next successful run of the same output removes those of dead processes,
    as the local engine does for its files, and keeps a live process's and other outputs'."""
    import os
    import subprocess
    import sys

    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True).stdout)
    out = tmp_path / "d.parquet"
    left = [tmp_path / f".d.parquet.{dead}-0a1b2c3d.comments-tmp", tmp_path / f".d.threads.parquet.{dead}-0a1b2c3e.comments-tmp",
            tmp_path / f".d.parquet.{dead}-0a1b2c3f.comments-tmp"]
    kept = [tmp_path / f".d.parquet.{os.getpid()}-0a1b2c40.comments-tmp", tmp_path / f".e.parquet.{dead}-0a1b2c41.comments-tmp"]
    for folder in left + kept:
        folder.mkdir()
        (folder / "part.0.parquet").write_bytes(b"PAR1 half written")
    result = run("parse", str(inputs), "-o", str(out), "--engine", "dask", "--scheduler", scheduler)
    assert result.exit_code == 0, result.stderr
    assert pq.read_table(out).num_rows > 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == sorted(p.name for p in kept)


def test_pingbacks_are_counted_apart_by_both_engines(scheduler, tmp_path):
    """A WordPress export's pingbacks (the generic JSONL `kind` column) get no topic or tone on the workers either,
    and the share tables count them apart (label `pingback`) the same way as the local engine."""
    folder = tmp_path / "in"
    folder.mkdir()
    rows = []
    for t in range(6):
        rows += [{"id": f"{t}-1", "parent_id": None, "thread_id": f"artikel-{t}", "site": f"blog{t % 2}.example",
                  "text": "Die Sanktionen gegen Kuba treffen wieder die Kunden, nicht die Politik, du Idiot."},
                 {"id": f"{t}-2", "parent_id": None, "thread_id": f"artikel-{t}", "site": f"blog{t % 2}.example",
                  "kind": "pingback", "text": "Pingback: Sanktionen, Exportkontrolle und Kuba: was für ein Idiot | Blog"},
                 {"id": f"{t}-3", "parent_id": f"{t}-2", "thread_id": f"artikel-{t}", "site": f"blog{t % 2}.example",
                  "text": "Danke für den Hinweis, der verlinkte Artikel dort ist wirklich gut geschrieben."}]
    (folder / "export.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                         encoding="utf-8")
    _both(["report", "all"], folder, tmp_path / "local", tmp_path / "dask", scheduler)
    for name in ("tone_shares_by_site", "topic_shares_by_site", "compare_sites"):
        got, want = (_csv_rows(tmp_path / e / f"{name}.csv") for e in ("dask", "local"))
        assert len(got) == len(want) and all(_close(g, w) for g, w in zip(got, want)), name
    shares = {(r["group"], r["label"]): r for r in _csv_rows(tmp_path / "dask" / "tone_shares_by_site.csv")}
    assert shares[("blog0.example", "pingback")]["comments"] == 3.0 and shares[("blog0.example", "pingback")]["of"] == 9
    assert shares[("blog0.example", "hostile")]["comments"] == 3.0  # the readers' only: no pingback is hostile
    topics = {(r["group"], r["label"]): r for r in _csv_rows(tmp_path / "dask" / "topic_shares_by_site.csv")}
    assert topics[("blog1.example", "geopolitics")]["comments"] == 3.0  # no reply inherits it from a pingback


def test_repeated_column_names_and_keys_keep_every_value_on_dask(scheduler, tmp_path):
    """A header naming ``text`` twice and an NDJSON line repeating ``text``: the Dask engine
    reads the first as the text and keeps the later ones in meta (``text~2``), with the
    local engine's note."""
    csv_in = tmp_path / "forum.example__a.csv"
    csv_in.write_text("id,parent_id,text,text\n1,,Tempolimit jetzt,Tempolimit jetzt [moderiert]\n2,1,Quelle?,\n",
                      encoding="utf-8")
    jsonl_in = tmp_path / "forum.example__b.jsonl"
    jsonl_in.write_text('{"id": "1", "parent_id": null, "text": "Erst das", "text": "dann das"}\n', encoding="utf-8")
    for source in (csv_in, jsonl_in):
        out = tmp_path / f"{source.stem}.out.jsonl"
        result = run("parse", str(source), "-o", str(out), "--engine", "dask", "--scheduler", scheduler)
        assert result.exit_code == 0, result.stderr
        first = [r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines()) if r["record"] == "comment"][0]
        assert (first["text"], first["meta"]) == (("Tempolimit jetzt", {"text~2": "Tempolimit jetzt [moderiert]"})
                                                  if source is csv_in else ("Erst das", {"text~2": "dann das"}))
        assert "later ones are kept" in result.stderr


def test_a_row_naming_another_thread_title_keeps_it_on_dask(scheduler, tmp_path):
    """Rows of one thread naming two titles: the Dask engine keeps the first row's as the
    thread's and the other in that comment's meta, with the local engine's records and note."""
    source = tmp_path / "zeitung.example__export.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [
        {"thread_id": "t", "title": "Tempolimit: Abstimmung heute", "id": "1", "parent_id": None, "text": "Endlich."},
        {"thread_id": "t", "title": "Tempolimit abgelehnt", "id": "2", "parent_id": "1", "text": "Schade."},
        {"thread_id": "t", "title": "Tempolimit: Abstimmung heute", "id": "3", "parent_id": None, "text": "Gut."}]),
        encoding="utf-8")
    outs = {}
    for engine in ("local", "dask"):
        out = tmp_path / f"{engine}.jsonl"
        result = run("parse", str(source), "-o", str(out), "--engine", engine,
                     *(["--scheduler", scheduler] if engine == "dask" else []))
        assert result.exit_code == 0, result.stderr
        assert "1 comment names another title for its thread" in result.stderr
        outs[engine] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert outs["dask"] == outs["local"]
    assert outs["dask"][0]["title"] == "Tempolimit: Abstimmung heute"
    assert [r["meta"] for r in outs["dask"][1:]] == [{}, {"title": "Tempolimit abgelehnt"}, {}]


@pytest.mark.parametrize("case", sorted(LATE_RULES))
def test_a_general_path_rule_needed_after_the_first_block_gives_the_local_records(case, scheduler, tmp_path,
                                                                                  monkeypatch):
    """Nested replies, PARENT.REPLY ids, permalinks, a Facepager seed row first met after the
    first 16 KB block and the 256 KB head: the Dask engine leaves the file to the whole-file
    (general) reader, as the local engine: the same bytes as the general path's records."""
    from comments.engine import blocks
    from comments.io import writers
    from comments.io.pipeline import read_inputs

    monkeypatch.setattr(blocks, "BLOCK_BYTES", 1 << 14)
    path = late_rule_jsonl(tmp_path / "late.jsonl", case)
    local, dask, general = tmp_path / "local.jsonl", tmp_path / "dask.jsonl", tmp_path / "general.jsonl"
    _both("parse", path, local, dask, scheduler)
    writers.write(read_inputs([str(path)]).threads, str(general), None)
    assert dask.read_bytes() == local.read_bytes() == general.read_bytes()


def test_a_morechildren_answer_resolves_its_stub_on_dask_too(scheduler, tmp_path):
    """A Reddit thread and the ``/api/morechildren`` answer for its stub, two inputs: the
    same bytes as the local engine (the stub resolved, its comments where it stood)."""
    from conftest import FIXTURES

    answer = {"json": {"data": {"things": [
        {"kind": "t1", "data": {"id": "h9", "parent_id": "t1_h1", "link_id": "t3_pq1abc", "author": "dan",
                                "created_utc": 1631700500, "body": "Fetched later.", "subreddit": "Xiaomi"}}]}}}
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_more.json").write_text(json.dumps(answer), encoding="utf-8")
    (folder / "thread.json").write_bytes((FIXTURES / "reddit_thread.json").read_bytes())
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    _both("parse", folder, local, dask, scheduler)
    assert dask.read_bytes() == local.read_bytes()
    rows = jsonl_records(local.read_text(encoding="utf-8"))
    assert [r["id"] for r in rows if r["record"] == "comment"] == ["h1", "h2", "h3", "h9", "h4"]


def _hn_items(folder, layout: str):
    """Hacker News official items as users save them: ``one-per-file`` — the fixture's story
    and comments one file per item, and a second story whose replies lie one per file, one
    reaching its story through a comment of the story's own file, one whose kids no input
    holds, one whose parent no input holds; ``list-and-items`` — the fixture as a list and
    again one file per item (each comment kept once)."""
    from conftest import FIXTURES

    items = json.loads((FIXTURES / "hn_official.json").read_text(encoding="utf-8"))
    files = {f"items/{item['id']}.json": item for item in items}
    if layout == "one-per-file":
        files |= {
            "story500.json": [{"by": "a", "id": 500, "kids": [501, 502], "descendants": 4, "time": 1700000000,
                               "title": "Second", "type": "story"},
                              {"by": "b", "id": 501, "kids": [503], "parent": 500, "text": "first <i>reply</i>",
                               "time": 1700000100, "type": "comment"}],
            "i502.json": {"by": "c", "id": 502, "parent": 500, "text": "second", "time": 1700000200, "type": "comment"},
            "i503.json": {"by": "d", "id": 503, "parent": 501, "kids": [504, 599], "text": "deeper",
                          "time": 1700000300, "type": "comment"},
            "i504.json": {"by": "e", "id": 504, "parent": 503, "text": "deepest", "time": 1700000400, "type": "comment"},
            "i700.json": {"by": "f", "id": 700, "parent": 699, "text": "lost", "time": 1700000400, "type": "comment"}}
    else:
        files["list.json"] = items
    for name, item in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(json.dumps(item), encoding="utf-8")
    return folder


@pytest.mark.parametrize("layout", ["one-per-file", "list-and-items"])
def test_hn_items_one_file_each_are_joined_to_their_story_as_the_local_engine_does(layout, scheduler, tmp_path):
    """HN items whose thread only their ``parent`` chain names (one file per item, as
    ``/v0/item/ID.json`` answers): the Dask engine joins them to the story that chain
    reaches in another input, as the local engine does — the same bytes, notes and summary
    (each input's were a thread of its own, flagged orphan, with a note saying so)."""
    folder = _hn_items(tmp_path / "in", layout)
    local, dask = _both("parse", folder, tmp_path / "local.jsonl", tmp_path / "dask.jsonl", scheduler)
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert dask.stderr == local.stderr
    joined = "1 orphan" if layout == "one-per-file" else "3 duplicates across inputs kept once"
    assert "whose input did not hold their thread joined" in dask.stderr and joined in dask.stderr
    if layout == "one-per-file":  # report's reading (the API's analyse: the depth tables, without charts)
        import comments
        from engine.test_api_engine import _same_frames

        local_corpus, lazy = comments.read(folder), comments.read(folder, engine="dask", scheduler=scheduler)
        want, got = comments.analyse(local_corpus, parts="depth"), comments.analyse(lazy, parts="depth")
        assert sorted(got.tables) == sorted(want.tables)
        for name in want.tables:
            _same_frames(got.tables[name], want.tables[name], name)
        assert lazy.summary() == local_corpus.summary() and lazy.notes == local_corpus.notes


#: Rows of a CSV table that only the whole-file reader reads right, each a case (the
#: LATE_RULES as CSV cells, and Reddit comments as PRAW exports them): what the local
#: engine makes of them after 300 KB of plain rows.
LATE_CSV = {
    "dotted": (["id", "thread_id", "author", "text"], [["Ugx1", "t9", "a", "oben"], ["Ugx1.r2", "t9", "b", "Antwort"]]),
    "permalink": (["id", "parent_id", "thread_id", "author", "text"],
                  [["p1", "", "https://zeitung.example/a7#comment-p1", "a", "oben"],
                   ["p2", "p1", "https://zeitung.example/a7?page=2#comment-p2", "b", "Antwort"]]),
    "seed": (["id", "parent_id", "thread_id", "author", "text", "object_type", "level"],
             [["s1", "", "t9", "", "Seite", "seed", "0"], ["s2", "s1", "t9", "b", "Antwort", "data", "1"]]),
    "praw": (["id", "parent_id", "link_id", "author", "body", "created_utc"],
             [["k2", "t1_k1", "t3_l9", "b", "Antwort", "1631700100"]]),
}


def late_rule_csv(path, case: str):
    """An Excel CSV (``sep=;`` line, BOM, CRLF, formulas, cells over several lines, a
    ragged row) of 2,400 plain rows, then the rows of ``case`` (:data:`LATE_CSV`)."""
    columns, late = LATE_CSV[case]
    plain = []
    for i in range(2400):
        cells = {"id": f"c{i}", "parent_id": f"c{i - 1}" if i % 5 else "", "thread_id": f"t{i // 50}",
                 "link_id": "t3_l9", "author": f"nutzer{i % 7}", "object_type": "data", "level": "1",
                 "created_utc": str(1631700000 + i)}
        if case == "praw":
            cells["parent_id"] = f"t1_c{i - 1}" if i % 5 else "t3_l9"
        text = ("=HYPERLINK(\"x\")" if i % 97 == 0 else "") + f"Kommentar Nummer {i}; " + "x" * 80 + \
            ("\nzweite Zeile" if i % 7 == 0 else "")
        cells["text"] = cells["body"] = text
        plain.append([cells[c] for c in columns] + (["übrig"] if i == 1500 else []))
    text = io.StringIO(newline="")
    text.write("sep=;\r\n")
    writer = csv.writer(text, delimiter=";")
    writer.writerow(columns)
    writer.writerows(plain + late)
    path.write_bytes(text.getvalue().encode("utf-8-sig"))
    assert path.stat().st_size > 300_000
    return path


@pytest.mark.parametrize("case", sorted(LATE_CSV))
def test_a_csv_row_needing_the_whole_file_reader_gives_the_local_records(case, scheduler, tmp_path, monkeypatch):
    """A CSV table whose first row needing a rule of the whole-file reader (a seed row, a
    ``PARENT.REPLY`` id, a permalink, PRAW's Reddit rows) comes after the head and the
    first 16 KB block: the Dask engine reads it whole as the local engine does — the same
    bytes, the same notes and summary (it gave other records, without the notes)."""
    from comments.engine import blocks

    monkeypatch.setattr(blocks, "BLOCK_BYTES", 1 << 14)
    path = late_rule_csv(tmp_path / f"{case}.csv", case)
    said = {"dotted": "PARENT.REPLY", "permalink": "own permalink", "seed": "Facepager seed row",
            "praw": "read as a Reddit dump"}[case]
    for suffix in (".jsonl", ".csv"):
        local, dask = _both("parse", path, tmp_path / f"local{suffix}", tmp_path / f"dask{suffix}", scheduler)
        assert (tmp_path / f"dask{suffix}").read_bytes() == (tmp_path / f"local{suffix}").read_bytes()
        assert said in local.stderr and "1 row has more cells than the header" in local.stderr
        assert dask.stderr == local.stderr


def test_pipes_are_one_clear_error_and_the_other_inputs_are_read(inputs, scheduler, tmp_path):
    """stdin, ``<(…)`` and FIFOs give their bytes once, to the process that opens them: a
    worker opening ``/dev/stdin`` read its own stdin (head-only rule scan; on a real cluster,
    nothing), ``/dev/fd/63`` was "no such file". Now one error line saying why and what to
    do, the other inputs read and written as the local engine writes them alone."""
    import os

    from comments.engine.run import unshared

    fifo = tmp_path / "comments.fifo"
    os.mkfifo(fifo)
    for item in ("-", "/dev/stdin", "/dev/fd/63", str(fifo)):
        assert "cannot be read with --engine dask" in unshared(item) and "save it to a file" in unshared(item)
    assert unshared(str(inputs)) is None and unshared(str(tmp_path / "missing.json")) is None
    good = inputs / "dump0.jsonl"
    dask = run("parse", str(fifo), str(good), "-o", str(tmp_path / "dask.jsonl"), "--engine", "dask",
               "--scheduler", scheduler)
    local = run("parse", str(good), "-o", str(tmp_path / "local.jsonl"))
    assert dask.exit_code == 1
    assert dask.stderr.splitlines()[0].startswith(f"error: {fifo}: a pipe or device cannot be read with --engine dask")
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert dask.stderr.splitlines()[-1] == local.stderr.splitlines()[-1] + "; 1 input problem"


def test_stdin_is_one_error_and_a_regular_file_under_dev_is_read(inputs, scheduler, tmp_path):
    """review21b #3: a regular file under /dev/ (/dev/shm/x.json) was refused as "a pipe or
    device" by its path, and `--engine dask - other.json` was a usage error for the whole run
    while `/dev/stdin other.json` read the other. Now what an input is comes from stat (a
    character device is still refused), and `-` is one error line, the other input read as the
    local engine reads it alone."""
    import os
    import shutil
    import tempfile

    from comments.engine.run import unshared

    good = inputs / "dump0.jsonl"
    local = run("parse", str(good), "-o", str(tmp_path / "local.jsonl"))
    assert "cannot be read with --engine dask" in unshared("/dev/null")  # a character device
    for stdin in ("-", "/dev/stdin"):
        dask = run("parse", stdin, str(good), "-o", str(tmp_path / "dask.jsonl"), "--engine", "dask",
                   "--scheduler", scheduler, input='{"id": "a", "text": "read once, by the driver only"}\n')
        assert dask.exit_code == 1
        assert dask.stderr.splitlines()[0].startswith(f"error: {stdin}: stdin cannot be read with --engine dask")
        assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
        assert dask.stderr.splitlines()[-1] == local.stderr.splitlines()[-1] + "; 1 input problem"
    if not os.access("/dev/shm", os.W_OK):
        pytest.skip("no writable /dev/shm")
    with tempfile.TemporaryDirectory(dir="/dev/shm") as folder:
        shm = shutil.copyfile(good, os.path.join(folder, good.name))
        assert unshared(shm) is None
        dask = run("parse", shm, "-o", str(tmp_path / "shm.jsonl"), "--engine", "dask", "--scheduler", scheduler)
        local = run("parse", shm, "-o", str(tmp_path / "shm.local.jsonl"))
        assert dask.exit_code == local.exit_code == 0, dask.stderr
        assert dask.stderr == local.stderr and "1,001 comments" in dask.stderr
        assert (tmp_path / "shm.jsonl").read_bytes() == (tmp_path / "shm.local.jsonl").read_bytes()
