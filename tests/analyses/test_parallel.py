"""report -j N: partials computed in worker processes give the very tables of one process."""

from __future__ import annotations

import pytest

from comments.analyses import parallel
from comments.analyses.stream import Request, analyse_inputs
from comments.classification.taxonomy import load
from comments.io import streaming
from conftest import RefusedPool, run
from test_stream import files  # noqa: F401 - the module-scoped JSONL fixture, shared

pytestmark = pytest.mark.skipif(not parallel.available(2), reason="needs fork for worker processes")


@pytest.fixture(scope="module")
def inputs(files, tmp_path_factory):
    """test_stream's classified and unclassified JSONL, and the classified one failing on
    its last record (a text that is a number: a broken line would only be left out)."""
    bad = tmp_path_factory.mktemp("parallel") / "bad.jsonl"
    lines = open(files["other"], encoding="utf-8").read().splitlines(keepends=True)
    assert '"text":' in lines[-1]
    bad.write_text("".join(lines[:-1] + [lines[-1].replace('"text":', '"text":7,"x":', 1)]), encoding="utf-8")
    middle = bad.parent / "middle.jsonl"  # a bad record halfway, in a thread read after others
    lines[len(lines) // 2] = lines[len(lines) // 2].replace('"text":', '"text":7,"x":', 1)
    middle.write_text("".join(lines), encoding="utf-8")
    return {**files, "bad": str(bad), "middle": str(middle)}


@pytest.fixture(scope="module")
def one_process(inputs):
    """The tables of one process for a tuple of input names, computed once per tuple (the
    reference of the 45 parameter combinations below; nothing there changes it)."""
    made: dict[tuple, tuple] = {}

    def tables_of(names: tuple):
        if names not in made:
            made[names] = analyse_inputs(Request([inputs[n] for n in names], jobs=1), load(), max_threads=4)
        return made[names]
    return tables_of


def _tables(analysis) -> dict:
    return {name: repr(list(rows)) for name, rows in analysis.rows.items()}  # NaN compared by repr


@pytest.mark.parametrize("split", [0, 700, 20_000])
@pytest.mark.parametrize("batch", [1, 37, 400])
@pytest.mark.parametrize("names", [("raw", "other"), ("other", "raw"), ("raw", "plain"), ("raw", "bad", "other"),
                                   ("raw", "middle", "other")])
def test_workers_give_the_tables_of_one_process(inputs, one_process, names, batch, split, monkeypatch):
    """Threads read here and handed to the workers in batches of one thread, of a few and
    of many (threads larger than a batch are analysed in the parent between them), or
    (``split``) our JSONL read by the workers in byte ranges of 700 bytes (most threads
    span several) or 20,000; an unclassified input (read again, classified) and one
    failing at its end or midway after its threads were handed on (read again without it)."""
    paths = [inputs[n] for n in names]
    one, one_result = one_process(names)
    monkeypatch.setattr(parallel, "BATCH", batch)
    monkeypatch.setattr(parallel, "LARGE", 3 * batch)
    monkeypatch.setattr(parallel, "RANGE", split)
    monkeypatch.setattr(parallel, "WARM", split)  # the first range is read in the parent
    if not split:
        monkeypatch.setattr(streaming, "_plain_file", lambda source: False)
    spread: list[bool] = []
    monkeypatch.setattr(parallel.Partials, "_submit", _counting(parallel.Partials._submit, spread))
    ranged: list[int] = []
    monkeypatch.setattr(parallel.Partials, "_take_range", _ranges(parallel.Partials._take_range, ranged))
    two, two_result = analyse_inputs(Request(paths, jobs=2), load(), max_threads=4)
    assert _tables(two) == _tables(one)
    assert two.counts == one.counts and two.icicles == one.icicles
    assert [pt.thread.thread_id for pt in two.largest] == [pt.thread.thread_id for pt in one.largest]
    assert [[c.text for c in pt.comments] for pt in two.largest] == [[c.text for c in pt.comments] for pt in one.largest]
    assert two_result.summary() == one_result.summary() and two_result.errors == one_result.errors
    assert two_result.notes == one_result.notes
    if "plain" in names:  # (read again, classified here: analysed in this process)
        pass
    elif split:
        if not one_result.errors:  # (else some were read in a first attempt, then again without the input)
            assert sum(ranged) == one_result.threads_seen  # every thread was read in a range
        assert len(ranged) >= (4 if split == 700 else 2)
    else:
        assert sum(spread) >= 1 and not ranged  # a batch went to the workers (not the parent's own first one)


def _ranges(take, ranged: list):
    def counted(self, done, *args) -> None:
        ranged.append(len(done.keys))
        take(self, done, *args)
    return counted


def _counting(submit, spread: list):
    def counted(self) -> None:
        spread.append(bool(self.batch) and self.pool is not None)  # (the first batch is the parent's own)
        submit(self)
    return counted


def test_report_all_with_two_jobs_writes_the_same_files(inputs, tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "BATCH", 50)
    monkeypatch.setattr(parallel, "RANGE", 3_000)  # our JSONL read by the workers in many ranges
    monkeypatch.setattr(parallel, "WARM", 5_000)
    outs = {}
    for jobs in ("1", "2", "3"):
        done = run("report", "all", inputs["raw"], inputs["bad"], inputs["other"], "--out", str(tmp_path / jobs),
                   "-j", jobs)
        assert done.exit_code == 1 and done.stderr.count("error: ") == 1, done.stderr  # bad.jsonl, reported
        outs[jobs] = done.stderr.replace(str(tmp_path / jobs), "OUT")
    assert outs["1"] == outs["2"] == outs["3"]
    made = sorted(p.name for p in (tmp_path / "1").iterdir())
    assert "index.html" in made
    for jobs in ("2", "3"):
        assert made == sorted(p.name for p in (tmp_path / jobs).iterdir())
        for name in made:
            if name.endswith((".csv", ".md", ".html")):
                assert (tmp_path / "1" / name).read_bytes() == (tmp_path / jobs / name).read_bytes(), (jobs, name)


def test_a_thread_in_two_pieces_across_ranges_is_read_whole(inputs, tmp_path, monkeypatch):
    """A thread whose comments are not together: no ranges (read whole, as with one process)."""
    lines = open(inputs["other"], encoding="utf-8").read().splitlines(keepends=True)
    moved = tmp_path / "pieces.jsonl"
    moved.write_text("".join(lines[1:] + lines[:1]), encoding="utf-8")  # the first thread's record at the end
    monkeypatch.setattr(parallel, "RANGE", 2_000)
    assert analyse_inputs(Request([str(moved)], jobs=1), load()) is None
    assert analyse_inputs(Request([str(moved)], jobs=2), load()) is None


@pytest.mark.parametrize("died", [False, True])
def test_workers_that_cannot_start_or_die_leave_the_work_to_the_parent(inputs, one_process, died, monkeypatch):
    """No worker process (fork refused) or a worker killed: every batch is analysed in the
    parent instead, and the tables are those of one process."""
    paths = [inputs["raw"], inputs["other"]]
    one, _ = one_process(("raw", "other"))
    monkeypatch.setattr(parallel, "BATCH", 37)
    monkeypatch.setattr(parallel, "RANGE", 2_000)  # our JSONL in ranges: the workers cannot read them either
    monkeypatch.setattr(parallel, "WARM", 2_000)
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", lambda *a, **k: RefusedPool(died))
    two, _ = analyse_inputs(Request(paths, jobs=2), load(), max_threads=4)
    assert _tables(two) == _tables(one) and two.counts == one.counts


@pytest.mark.parametrize("command", [("report", "depth"), ("compare",)])
def test_max_input_size_refuses_our_jsonl_read_in_ranges_as_one_process_does(inputs, tmp_path, monkeypatch, command):
    """``report -j 2`` hands our JSONL to the workers in byte ranges (never through the line
    reader that counts its bytes): --max-input-size refused it with one process and not with
    two. Now both refuse the file over the limit with the same error line and exit code,
    and read the one within it."""
    from pathlib import Path

    monkeypatch.setattr(parallel, "RANGE", 3_000)
    monkeypatch.setattr(parallel, "WARM", 5_000)
    small, large = sorted((inputs["raw"], inputs["other"]), key=lambda p: Path(p).stat().st_size)
    limit = str(Path(small).stat().st_size)
    ranged: list[int] = []
    monkeypatch.setattr(parallel.Partials, "_take_range", _ranges(parallel.Partials._take_range, ranged))
    outs = {}
    for jobs in ("1", "2"):
        done = run(*command, small, large, "--max-input-size", limit, "--out", str(tmp_path / jobs), "-j", jobs)
        assert done.exit_code == 1, done.stderr
        outs[jobs] = done.stderr.replace(str(tmp_path / jobs), "OUT")
    assert outs["1"] == outs["2"]
    assert ranged, "the input within the limit was read in ranges"
    assert f"error: {large}: input larger than " in outs["2"] and "the --max-input-size given" in outs["2"]
    for table in (p.name for p in (tmp_path / "1").iterdir() if p.suffix == ".csv"):
        assert (tmp_path / "1" / table).read_bytes() == (tmp_path / "2" / table).read_bytes()
