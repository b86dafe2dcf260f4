"""report -j N: partials computed in worker processes give the very tables of one process."""

from __future__ import annotations

import pytest

from comments.analyses import parallel
from comments.analyses.stream import Request, analyse_inputs
from comments.classification.taxonomy import load
from conftest import RefusedPool, run
from test_stream import files  # noqa: F401 - the module-scoped JSONL fixture, shared

pytestmark = pytest.mark.skipif(not parallel.available(2), reason="needs fork for worker processes")


@pytest.fixture(scope="module")
def inputs(files, tmp_path_factory):
    """test_stream's classified and unclassified JSONL, and the classified one failing on
    a last line added."""
    bad = tmp_path_factory.mktemp("parallel") / "bad.jsonl"
    bad.write_text(open(files["other"], encoding="utf-8").read() + "{not json\n", encoding="utf-8")
    return {**files, "bad": str(bad)}


def _tables(analysis) -> dict:
    return {name: repr(list(rows)) for name, rows in analysis.rows.items()}  # NaN compared by repr


@pytest.mark.parametrize("batch", [1, 37, 400])
@pytest.mark.parametrize("names", [("raw", "other"), ("other", "raw"), ("raw", "plain"), ("raw", "bad", "other")])
def test_workers_give_the_tables_of_one_process(inputs, names, batch, monkeypatch):
    """Batches of one thread, of a few threads and of many (threads larger than a batch are
    analysed in the parent between them); an unclassified input (read again, classified)
    and one failing after its threads were handed on (read again without it)."""
    paths = [inputs[n] for n in names]
    one, one_result = analyse_inputs(Request(paths, jobs=1), load(), max_threads=4)
    monkeypatch.setattr(parallel, "BATCH", batch)
    monkeypatch.setattr(parallel, "LARGE", 3 * batch)
    spread = []
    monkeypatch.setattr(parallel.Partials, "_submit", _counting(parallel.Partials._submit, spread))
    two, two_result = analyse_inputs(Request(paths, jobs=2), load(), max_threads=4)
    assert _tables(two) == _tables(one)
    assert two.counts == one.counts and two.icicles == one.icicles
    assert [pt.thread.thread_id for pt in two.largest] == [pt.thread.thread_id for pt in one.largest]
    assert [[c.text for c in pt.comments] for pt in two.largest] == [[c.text for c in pt.comments] for pt in one.largest]
    assert two_result.summary() == one_result.summary() and two_result.errors == one_result.errors
    assert two_result.notes == one_result.notes
    if "plain" not in names:  # (classified here: analysed in this process)
        assert sum(spread) >= 1  # a batch went to the workers (the first one, the parent's own, not counted)


def _counting(submit, spread: list):
    def counted(self) -> None:
        spread.append(bool(self.batch) and self.pool is not None)  # (the first batch is the parent's own)
        submit(self)
    return counted


def test_report_all_with_two_jobs_writes_the_same_files(inputs, tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "BATCH", 50)
    outs = {}
    for jobs in ("1", "2"):
        done = run("report", "all", inputs["raw"], inputs["bad"], inputs["other"], "--out", str(tmp_path / jobs),
                   "-j", jobs)
        assert done.exit_code == 1 and done.stderr.count("error: ") == 1, done.stderr  # bad.jsonl, reported
        outs[jobs] = done.stderr.replace(str(tmp_path / jobs), "OUT")
    assert outs["1"] == outs["2"]
    made = sorted(p.name for p in (tmp_path / "1").iterdir())
    assert made == sorted(p.name for p in (tmp_path / "2").iterdir()) and "index.html" in made
    for name in made:
        if name.endswith((".csv", ".md", ".html")):
            assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


@pytest.mark.parametrize("died", [False, True])
def test_workers_that_cannot_start_or_die_leave_the_work_to_the_parent(inputs, died, monkeypatch):
    """No worker process (fork refused) or a worker killed: every batch is analysed in the
    parent instead, and the tables are those of one process."""
    paths = [inputs["raw"], inputs["other"]]
    one, _ = analyse_inputs(Request(paths, jobs=1), load(), max_threads=4)
    monkeypatch.setattr(parallel, "BATCH", 37)
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", lambda *a, **k: RefusedPool(died))
    two, _ = analyse_inputs(Request(paths, jobs=2), load(), max_threads=4)
    assert _tables(two) == _tables(one) and two.counts == one.counts
