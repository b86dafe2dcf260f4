"""With ``--engine dask`` an output is complete or untouched, as with the local engine:
when every input fails nothing is written (the same summary line, "nothing written",
exit 1); when the run fails or is interrupted after the workers wrote their parts, the
previous output (a file, or an ``x.parquet/`` dataset folder) stays as it was; and in
every case no temporary file or folder, and no folder made for the output, is left."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from comments.engine import cluster
from comments.io.atomic import DATASET_MARK
from conftest import run


def _failing_inputs(folder) -> list[str]:
    """A truncated JSON export and an RSS feed: both exist, neither holds comments."""
    broken = folder / "export.json"
    broken.write_text('{"comments": [{"id": 1, "text": "Die Sperre trifft die Kun', encoding="utf-8")
    feed = folder / "feed.xml"
    feed.write_text('<?xml version="1.0"?>\n<rss><channel><item><title>Nachrichten</title></item></channel></rss>\n',
                    encoding="utf-8")
    return [str(broken), str(feed)]


def _previous(out) -> dict[str, bytes]:
    """A previous output at ``out``: a file, a report folder, or a Dask dataset folder."""
    if out.suffix == ".parquet":
        for folder in (out, out.with_name(out.name.replace(".parquet", ".threads.parquet"))):
            folder.mkdir()
            (folder / DATASET_MARK).write_text("written by comments\n", encoding="utf-8")
            (folder / "part-00000.parquet").write_bytes(b"PAR1 last week's rows PAR1")
    elif out.suffix:
        out.write_text("last week's output\n", encoding="utf-8")
        if out.suffix == ".csv":
            out.with_name(out.stem + ".threads.csv").write_text("last week's threads\n", encoding="utf-8")
    else:
        out.mkdir()
        (out / "depth.md").write_text("last week's report\n", encoding="utf-8")
    return _files(out.parent)


def _files(folder) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden temporaries too) by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("command, name", [("parse", "x.jsonl"), ("parse", "x.csv"), ("parse", "x.parquet"),
                                           ("classify", "x.jsonl"), ("report depth", "report"),
                                           ("compare", "report")])
def test_inputs_that_all_fail_leave_the_previous_output_as_the_local_engine_does(command, name, scheduler,
                                                                                  tmp_path):
    inputs = _failing_inputs(tmp_path)
    stderr = {}
    for engine in ("local", "dask"):
        folder = tmp_path / engine
        folder.mkdir()
        out = folder / name
        before = _previous(out)
        option = "--out" if command.startswith(("report", "compare")) else "-o"
        extra = ["--engine", "dask", "--scheduler", scheduler] if engine == "dask" else []
        result = run(*command.split(), *inputs, option, str(out), *extra)
        assert result.exit_code == 1, result.stderr
        assert _files(folder) == before  # untouched, and nothing beside it
        stderr[engine] = result.stderr.splitlines()
    assert stderr["dask"] == stderr["local"]  # the same errors, and the same summary line
    assert stderr["dask"][-1] == "0 threads; 0 comments; no repairs; 2 input problems; nothing written"


def test_folders_made_for_an_output_of_nothing_are_removed(scheduler, tmp_path):
    out = tmp_path / "new" / "week" / "x.parquet"
    result = run("parse", *_failing_inputs(tmp_path), "-o", str(out), "--engine", "dask", "--scheduler", scheduler)
    assert result.exit_code == 1 and result.stderr.endswith("nothing written\n")
    assert not (tmp_path / "new").exists()


def _client_failing_after_the_parts(monkeypatch, error: BaseException, wait: bool) -> None:
    """The cluster's client, failing with ``error`` when the driver gathers the merged
    buckets: after the workers wrote every part (``wait``), or at once while they still
    write them (an interrupt while the parts are written)."""
    real = cluster.client

    class Failing:
        def __init__(self, client) -> None:
            self.client = client

        def __getattr__(self, name):
            return getattr(self.client, name)

        def gather(self, futures):
            if futures and str(futures[0].key).startswith("merge_bucket"):
                if wait:
                    self.client.gather(futures)
                raise error
            return self.client.gather(futures)

    @contextmanager
    def client(*args, **kwargs):
        with real(*args, **kwargs) as made:
            yield Failing(made)

    monkeypatch.setattr(cluster, "client", client)


@pytest.mark.parametrize("name", ["x.jsonl", "x.csv", "x.parquet"])
@pytest.mark.parametrize("wait", [True, False])
def test_an_interrupted_run_keeps_the_previous_output_and_says_so(name, wait, inputs, scheduler, tmp_path,
                                                                   monkeypatch):
    out = tmp_path / "out" / name
    out.parent.mkdir()
    before = _previous(out)
    _client_failing_after_the_parts(monkeypatch, KeyboardInterrupt(), wait)
    result = run("parse", str(inputs), "-o", str(out), "--engine", "dask", "--scheduler", scheduler)
    assert result.exit_code == 130
    sibling = {"x.parquet": "x.threads.parquet", "x.csv": "x.threads.csv"}.get(name)  # both named (cli20)
    kept = f"{out}, {out.parent / sibling} are" if sibling else f"{out} is"
    assert result.stderr.splitlines()[-1] == f"interrupted: nothing written; the previous {kept} kept"
    assert _files(out.parent) == before


@pytest.mark.parametrize("name", ["x.jsonl", "x.parquet"])
def test_a_failed_run_keeps_the_previous_output(name, inputs, scheduler, tmp_path, monkeypatch):
    out = tmp_path / "out" / name
    out.parent.mkdir()
    before = _previous(out)
    _client_failing_after_the_parts(monkeypatch, OSError(28, "No space left on device"), True)
    result = run("parse", str(inputs), "-o", str(out), "--engine", "dask", "--scheduler", scheduler)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith("error: ") and "No space left on device" in result.stderr
    assert _files(out.parent) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no spill folder either
