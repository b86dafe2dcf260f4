"""Outputs are whole or untouched: killed or failing writes, symlinks at the target,
user files in report folders, disk-full errors naming the file, integers Parquet
cannot hold."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from comments.io import writers
from comments.io.atomic import MANIFEST, OutputError
from comments.model.records import Comment, ParsedThread, Thread
from comments.model.tree import rebuild
from conftest import FIXTURES, SEED, read, run

FORMATS = ["out.jsonl", "out.csv", "out.parquet"]


def _threads(n: int = 200, text: str = "hello") -> list[ParsedThread]:
    comments = [Comment(id=str(i), parent_id=str(i - 1) if i % 3 else None, text=f"{text} {i}", site="s.org",
                        thread_id="t1") for i in range(n)]
    return [ParsedThread(Thread(thread_id="t1", site="s.org", comment_count=n, format="jsonl", source="gen"),
                         rebuild(comments))]


def _outputs(path: Path) -> list[Path]:
    return [path, writers.sibling(path)] if path.suffix != ".jsonl" else [path]


def _snapshot(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in _outputs(path)}


def _visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


_KILLED_WRITER = textwrap.dedent("""
    import sys, time
    import pyarrow.parquet as pq
    from comments.io import writers
    from comments.model.records import Comment, ParsedThread, Thread

    out = sys.argv[1]
    rows = writers._comment_rows
    def slow_rows(threads):  # CSV: stop in the middle of the comments
        for i, row in enumerate(rows(threads)):
            if i == 500:
                print("writing", flush=True)
                time.sleep(120)
            yield row
    line, calls = writers._json_line, []
    def slow_line(record):  # JSONL
        calls.append(1)
        if len(calls) == 500:
            print("writing", flush=True)
            time.sleep(120)
        return line(record)
    if out.endswith(".csv"):
        writers._comment_rows = slow_rows
    writers._json_line = slow_line
    write_table = pq.write_table
    def slow_parquet(table, where, *a, **k):  # Parquet: comments written, threads not yet
        write_table(table, where, *a, **k)
        print("writing", flush=True)
        time.sleep(120)
    pq.write_table = slow_parquet
    comments = [Comment(id=str(i), text="new " * 50, site="s.org", thread_id="t1") for i in range(1000)]
    writers.write([ParsedThread(Thread(thread_id="t1", site="s.org", comment_count=1000), comments)], out, None)
""")


@pytest.mark.parametrize("name", FORMATS)
def test_kill_9_mid_write_leaves_the_previous_output(tmp_path, name):
    out = tmp_path / name
    writers.write(_threads(), str(out), None)
    before = _snapshot(out)
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "writing"
        leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".")]
        assert leftovers and all(p.stat().st_size for p in leftovers)  # really mid-write
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert _snapshot(out) == before
    assert _visible(tmp_path) == sorted(p.name for p in _outputs(out))
    back = read(out)
    assert len(back.comments) == 200 and not back.notes
    writers.write(_threads(50), str(out), None)  # the next run clears what the killed one left
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in _outputs(out))


@pytest.mark.parametrize("name", FORMATS)
def test_writer_failing_halfway_leaves_the_previous_output_and_no_temporary(tmp_path, name, monkeypatch):
    out = tmp_path / name
    writers.write(_threads(), str(out), None)
    before = _snapshot(out)

    def failing(threads):
        for i, row in enumerate(writers.clean(c.to_dict()) for pt in threads for c in pt.comments):
            if i == 10:
                raise OSError(28, "No space left on device")
            yield row

    monkeypatch.setattr(writers, "_comment_rows", failing)
    line = writers._json_line

    def failing_line(record):
        if record.get("id") == "10":
            raise OSError(28, "No space left on device")
        return line(record)

    monkeypatch.setattr(writers, "_json_line", failing_line)
    if name.endswith(".parquet"):  # the comments file is complete, the threads file fails
        import pyarrow.parquet as pq

        calls, write_table = [], pq.write_table

        def failing_parquet(table, where, *args, **kwargs):
            calls.append(where)
            write_table(table, where, *args, **kwargs)
            if len(calls) == 2:
                raise OSError(28, "No space left on device")

        monkeypatch.setattr(writers, "_comment_rows", lambda threads: [writers.clean(c.to_dict())
                                                                       for pt in threads for c in pt.comments])
        monkeypatch.setattr(pq, "write_table", failing_parquet)
    with pytest.raises(OutputError) as caught:
        writers.write(_threads(), str(out), None)
    assert str(caught.value) == f"{out}: No space left on device"
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in _outputs(out))


def _limited(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a full file system: writes fail with an error
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.mark.parametrize("name", [*FORMATS, "out.convokit"])
def test_full_disk_gives_one_error_line_naming_the_file(tmp_path, name):
    out = tmp_path / name
    writers.write(read(SEED).threads, str(out), None)
    before = {p.name: p.read_bytes() for p in (out.iterdir() if out.is_dir() else _outputs(out))}
    proc = subprocess.run([sys.executable, "-m", "comments", "parse", str(SEED), str(FIXTURES / "wxr_small.xml"),
                           "-o", str(out)], capture_output=True, text=True, preexec_fn=_limited(3000), timeout=300)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert lines[-1].startswith(f"error: {out}") and "File too large" in lines[-1], proc.stderr
    assert "Traceback" not in proc.stderr
    after = {p.name: p.read_bytes() for p in (out.iterdir() if out.is_dir() else _outputs(out))}
    assert after == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("name", [*FORMATS, "out.convokit"])
def test_a_symlink_at_the_output_is_replaced_not_written_through(tmp_path, name):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    out = tmp_path / name
    if name.endswith(".convokit"):
        out.mkdir()
        (out / "utterances.jsonl").symlink_to(victim)
        (out / MANIFEST).write_text(json.dumps({"files": ["utterances.jsonl"]}), encoding="utf-8")
        target = out / "utterances.jsonl"
    else:
        out.symlink_to(victim)
        target = out
    writers.write(_threads(), str(out), None)
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not target.is_symlink() and target.stat().st_size > 100


def test_report_keeps_user_files_and_refuses_to_overwrite_them(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    args = ["report", "depth", str(SEED), "--out", str(out), "-j", "1"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert "depth.md" in manifest["files"] and "notes.txt" not in manifest["files"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my notes"
    first = (out / "depth.md").read_bytes()
    assert run(*args).exit_code == 0  # our own files are replaced on a re-run
    assert (out / "depth.md").read_bytes() == first
    assert run("report", "topics", str(SEED), "--out", str(out), "-j", "1").exit_code == 0
    assert (out / "depth.md").exists() and (out / "topics.md").exists()  # one folder, several reports
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my notes"

    other = tmp_path / "other"
    other.mkdir()
    victim = tmp_path / "victim.md"
    victim.write_text("precious", encoding="utf-8")
    (other / "depth.md").symlink_to(victim)  # not ours: neither replaced nor written through
    (other / "depth_by_site.csv").write_text("mine", encoding="utf-8")
    result = run("report", "depth", str(SEED), "--out", str(other), "-j", "1")
    assert result.exit_code == 1
    assert "was not written by comments" in result.stderr and "Traceback" not in result.stderr
    assert victim.read_text(encoding="utf-8") == "precious"
    assert (other / "depth_by_site.csv").read_text(encoding="utf-8") == "mine"
    assert (other / "depth.md").is_symlink()
    assert _visible(other) == ["depth.md", "depth_by_site.csv"]  # nothing of the failed run moved in
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_report_interrupted_leaves_the_folder_as_it_was(tmp_path, monkeypatch):
    from comments.reporting import report as reporting
    from comments.classification.taxonomy import load

    out = tmp_path / "report"
    threads = read(SEED).threads
    from comments.classification.classify import classify

    classify(threads)
    reporting.run(threads, load(), out, "depth")
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(reporting.Report, "drift_report", broken)
    with pytest.raises(KeyboardInterrupt):
        reporting.run(threads, load(), out, "all")  # topics and depth were complete, drift was not
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_huge_reddit_more_count_is_refused_before_parquet_writes_anything(tmp_path):
    data = json.loads((FIXTURES / "reddit_thread.json").read_text(encoding="utf-8"))
    text = json.dumps(data).replace('"count": 2', '"count": 100000000000000000000000000000')
    source = tmp_path / "huge.json"
    source.write_text(text, encoding="utf-8")
    huge = read(source).threads[0].thread.unloaded_count
    assert huge > 2**63
    out = tmp_path / "out.parquet"
    result = run("parse", str(source), "-o", str(out))
    assert result.exit_code == 1
    assert f"error: {writers.sibling(out)}: thread" in result.stderr and "unloaded_count" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["huge.json"]
    for name in ("out.jsonl", "out.csv"):
        assert run("parse", str(source), "-o", str(tmp_path / name)).exit_code == 0
        assert read(tmp_path / name).threads[0].thread.unloaded_count == huge  # JSONL and CSV hold any integer


_TERMINATED_CLI = textwrap.dedent("""
    import sys, time
    from comments import cli
    from comments.io import writers

    line, calls = writers._json_line, []
    def slow_line(record):
        calls.append(1)
        if len(calls) == 500:
            print("writing", flush=True)
            time.sleep(120)
        return line(record)
    writers._json_line = slow_line
    sys.argv = ["comments", "parse", sys.argv[1], "-o", sys.argv[2], "-q"]
    cli.main()
""")


def test_sigterm_removes_the_temporary_and_keeps_the_previous_output(tmp_path):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    writers.write(_threads(1000), str(source), None)
    writers.write(_threads(10), str(out), None)
    before = out.read_bytes()
    proc = subprocess.Popen([sys.executable, "-c", _TERMINATED_CLI, str(source), str(out)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "writing"
        assert [p for p in tmp_path.iterdir() if p.name.startswith(".out.jsonl.")]
        proc.terminate()
        assert proc.wait(timeout=60) == 128 + signal.SIGTERM
    finally:
        proc.kill()
        proc.wait()
    assert "Traceback" not in proc.stderr.read()
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_an_output_folder_that_does_not_exist_is_made_and_a_file_in_its_way_is_one_error_line(tmp_path):
    out = tmp_path / "missing" / "out.jsonl"
    result = run("parse", str(SEED), "-o", str(out))
    assert result.exit_code == 0 and out.stat().st_size > 0
    (tmp_path / "taken").write_bytes(b"")
    blocked = tmp_path / "taken" / "out.jsonl"
    result = run("parse", str(SEED), "-o", str(blocked))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"error: {blocked}: {tmp_path / 'taken'} is a file, not a folder"]
