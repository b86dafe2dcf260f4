"""io/atomic.py: outputs are whole or untouched.

A write that fails (an exception in the block, a disk error, a SIGKILLed process)
leaves the previous output byte-identical and, once the next run has cleaned up, no
temporary; a symlink at the target is replaced, never written through; folder outputs
move in complete or not at all and never touch files that are not ours."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments.io import atomic
from comments.io.atomic import (DATASET_MARK, MANIFEST, OutputError, OutputFolder, clean_stale, create, read_manifest,
                                replacing, replacing_folders, temp_name)
from conftest import SEED

OLD = SEED.read_bytes()  # a real comment page as "the previous output"


def _write(path: Path, data: bytes) -> None:
    with replacing(path) as (tmp,):
        with create(tmp, "wb") as handle:
            handle.write(data)


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_temp_name_is_hidden_beside_the_target_and_names_the_process(tmp_path):
    target = tmp_path / "out.jsonl"
    names = {temp_name(target) for _ in range(50)}
    assert len(names) == 50
    for name in names:
        assert name.parent == tmp_path and name.name.startswith(f".out.jsonl.{os.getpid()}-")
        assert name.name.endswith(".comments-tmp")


def test_a_successful_write_replaces_the_output_and_leaves_no_temporary(tmp_path):
    out = tmp_path / "out.txt"
    out.write_bytes(OLD)
    _write(out, b"neu\n")
    assert out.read_bytes() == b"neu\n" and _hidden(tmp_path) == []


@pytest.mark.parametrize("error", [RuntimeError("classifier broke"), KeyboardInterrupt(), ValueError("bad")])
def test_an_exception_halfway_leaves_the_previous_output_and_no_temporary(tmp_path, error):
    out = tmp_path / "out.txt"
    out.write_bytes(OLD)
    with pytest.raises(type(error)):
        with replacing(out) as (tmp,):
            with create(tmp, "wb") as handle:
                handle.write(OLD[: len(OLD) // 2])
                assert tmp.exists()
                raise error
    assert out.read_bytes() == OLD and _hidden(tmp_path) == []


def test_a_disk_error_names_the_output_not_the_temporary(tmp_path):
    out = tmp_path / "out.txt"
    out.write_bytes(OLD)
    with pytest.raises(OutputError) as caught:
        with replacing(out) as (tmp,):
            with create(tmp, "wb") as handle:
                handle.write(b"x")
                raise OSError(28, "No space left on device", str(tmp))
    assert str(caught.value) == f"{out}: No space left on device"
    assert (caught.value.path, caught.value.reason) == (str(out), "No space left on device")
    assert out.read_bytes() == OLD and _hidden(tmp_path) == []


def test_several_outputs_change_together_or_not_at_all(tmp_path):
    first, second = tmp_path / "out.parquet", tmp_path / "out.threads.parquet"
    first.write_bytes(b"old comments")
    second.write_bytes(b"old threads")
    with pytest.raises(RuntimeError):
        with replacing(first, second) as (tmp1, tmp2):
            tmp1.write_bytes(b"new comments")  # the first is complete, the second never comes
            raise RuntimeError("threads failed")
    assert (first.read_bytes(), second.read_bytes()) == (b"old comments", b"old threads")
    assert _hidden(tmp_path) == []
    with replacing(first, second) as (tmp1, tmp2):
        tmp1.write_bytes(b"new comments")
        tmp2.write_bytes(b"new threads")
    assert (first.read_bytes(), second.read_bytes()) == (b"new comments", b"new threads")


def test_a_folder_at_a_file_output_is_refused_untouched(tmp_path):
    out = tmp_path / "out.jsonl"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="is a folder"):
        with replacing(out):
            pytest.fail("the block must not run")
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine" and _hidden(tmp_path) == []


def test_a_symlink_at_the_output_is_replaced_never_written_through(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(OLD)
    out = tmp_path / "out.txt"
    out.symlink_to(victim)
    _write(out, b"new")
    assert victim.read_bytes() == OLD
    assert not out.is_symlink() and out.read_bytes() == b"new"


def test_create_refuses_an_existing_path_and_a_planted_symlink(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(OLD)
    planted = tmp_path / ".out.txt.1-abcd.comments-tmp"
    planted.symlink_to(victim)
    with pytest.raises(FileExistsError):
        create(planted)
    with pytest.raises(FileExistsError):
        create(victim, "wb")
    assert victim.read_bytes() == OLD


def test_outputs_get_the_usual_permissions(tmp_path):
    """The temporary is created like a plain ``open`` would (0666 less the umask), not
    with a private 0600 mode that would survive the rename."""
    out = tmp_path / "out.txt"
    old = os.umask(0o022)
    try:
        _write(out, b"x")
        (tmp_path / "report").mkdir()
        with OutputFolder(tmp_path / "report") as folder:
            with create(folder.path("a.md")) as handle:
                handle.write("# a\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "report" / "a.md").stat().st_mode) == 0o644


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_one_error_naming_the_output(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "out.txt").write_bytes(OLD)
    folder.chmod(0o555)
    try:
        with pytest.raises(OutputError) as caught:
            _write(folder / "out.txt", b"new")
    finally:
        folder.chmod(0o755)
    assert str(caught.value) == f"{folder / 'out.txt'}: Permission denied"
    assert (folder / "out.txt").read_bytes() == OLD


_KILLED = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from comments.io.atomic import create, replacing

    out = Path(sys.argv[1])
    with replacing(out) as (tmp,):
        with create(tmp, "wb") as handle:
            for _ in range(64):
                handle.write(b"new line of a large output\\n" * 4096)
            handle.flush()
            print(tmp, flush=True)
            time.sleep(120)
""")


def _killed_writer(out: Path) -> Path:
    """Start a process writing ``out`` and SIGKILL it mid-write; its temporary's path."""
    proc = subprocess.Popen([sys.executable, "-c", _KILLED, str(out)], stdout=subprocess.PIPE, text=True)
    try:
        tmp = Path(proc.stdout.readline().strip())
        assert tmp.stat().st_size > 1 << 20  # really mid-write: megabytes written, not renamed
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    return tmp


def test_a_killed_writer_leaves_the_previous_output_and_the_next_run_clears_its_temporary(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_bytes(OLD)
    tmp = _killed_writer(out)
    assert out.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == ["out.jsonl"]
    assert _hidden(tmp_path) == [tmp.name]  # what SIGKILL leaves: hidden, named after the dead process
    _write(out, b"next run\n")
    assert out.read_bytes() == b"next run\n" and _hidden(tmp_path) == []


_KILLED_FOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from comments.io.atomic import OutputFolder, create

    with OutputFolder(Path(sys.argv[1])) as out:
        for name in ("depth.md", "topics.md"):
            with create(out.path(name)) as handle:
                handle.write("new report line\\n" * 200_000)
        print(out.tmp, flush=True)
        time.sleep(120)
""")


def test_a_killed_folder_writer_leaves_the_folder_and_the_next_run_clears_its_temporary(tmp_path):
    out = tmp_path / "report"
    _report(out, {"depth.md": "old depth\n", "topics.md": "old topics\n"})
    before = _tree(out)
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_FOLDER, str(out)], stdout=subprocess.PIPE, text=True)
    try:
        tmp = Path(proc.stdout.readline().strip())
        assert sum(p.stat().st_size for p in tmp.iterdir()) > 1 << 20
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert _tree(out) == before and _hidden(tmp_path) == [tmp.name]
    _report(out, {"depth.md": "next\n"})
    assert (out / "depth.md").read_text(encoding="utf-8") == "next\n" and _hidden(tmp_path) == []


def test_clean_stale_keeps_temporaries_of_live_processes_and_other_files(tmp_path):
    out = tmp_path / "out.csv"
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(done.stdout)
    stale = tmp_path / f".out.csv.{dead}-0000.comments-tmp"
    live = tmp_path / f".out.csv.{os.getpid()}-0000.comments-tmp"
    other = tmp_path / f".other.csv.{dead}-0000.comments-tmp"  # another output's
    mine = tmp_path / ".out.csv.notes"  # a user's hidden file
    stale_dir = tmp_path / f".out.csv.{dead}-1111.comments-tmp"
    for path in (stale, live, other, mine):
        path.write_text("x", encoding="utf-8")
    stale_dir.mkdir()
    (stale_dir / "part.parquet").write_text("x", encoding="utf-8")
    clean_stale(out)
    assert _hidden(tmp_path) == sorted([live.name, other.name, mine.name])
    clean_stale(tmp_path / "missing" / "out.csv")  # a folder that does not exist: nothing to do


# --- folders ------------------------------------------------------------------------


def _report(folder: Path, files: dict[str, str], fail: BaseException | None = None) -> None:
    with OutputFolder(folder) as out:
        for name, text in files.items():
            with create(out.path(name)) as handle:
                handle.write(text)
        if fail is not None:
            raise fail


def test_a_folder_output_moves_in_complete_with_a_manifest(tmp_path):
    out = tmp_path / "report"
    _report(out, {"depth.md": "# Tiefe\n", "depth_by_site.csv": "site,n\n"})
    assert _tree(out) == {MANIFEST: (out / MANIFEST).read_bytes(), "depth.md": b"# Tiefe\n",
                          "depth_by_site.csv": b"site,n\n"}
    assert read_manifest(out) == {"depth.md", "depth_by_site.csv"}
    assert json.loads((out / MANIFEST).read_text(encoding="utf-8"))["written_by"] == "comments"
    assert _hidden(tmp_path) == []


@pytest.mark.parametrize("error", [RuntimeError("drift failed"), KeyboardInterrupt()])
def test_a_folder_output_that_fails_leaves_the_folder_as_it_was(tmp_path, error):
    out = tmp_path / "report"
    _report(out, {"depth.md": "old depth\n", "topics.md": "old topics\n"})
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    before = _tree(out)
    with pytest.raises(type(error)):
        _report(out, {"depth.md": "new depth\n", "topics.md": "new topics\n", "drift.md": "half"}, error)
    assert _tree(out) == before and _hidden(tmp_path) == []


def test_a_disk_error_in_a_folder_output_names_the_final_file(tmp_path):
    out = tmp_path / "report"
    with pytest.raises(OutputError) as caught:
        with OutputFolder(out) as folder:
            raise OSError(28, "No space left on device", str(folder.path("drift.md")))
    assert str(caught.value) == f"{out / 'drift.md'}: No space left on device"
    assert not out.exists() and _hidden(tmp_path) == []  # the folder this run made goes too


def test_our_files_are_replaced_a_users_files_never(tmp_path):
    out = tmp_path / "report"
    _report(out, {"depth.md": "first\n"})
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    _report(out, {"depth.md": "second\n", "topics.md": "topics\n"})  # one folder, several reports
    assert (out / "depth.md").read_text(encoding="utf-8") == "second\n"
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my notes"
    assert read_manifest(out) == {"depth.md", "topics.md"}
    before = _tree(out)
    with pytest.raises(OutputError) as caught:
        _report(out, {"depth.md": "third\n", "notes.txt": "overwritten"})
    assert str(caught.value).startswith(f"{out / 'notes.txt'}: exists and was not written by comments")
    assert _tree(out) == before and _hidden(tmp_path) == []


def test_files_of_ours_a_re_run_does_not_write_are_removed_after_the_new_ones_are_in(tmp_path):
    """A smaller corpus's report left the previous report's tree_02 … tree_20 behind, and
    the manifest still listed them. Only a numbered series this run writes is cleared:
    another report's files in the same folder (topics.md) stay ours and listed."""
    out = tmp_path / "report"
    _report(out, {"depth.md": "big\n", "topics.md": "t\n", "tree_01.png": "1", "tree_02.png": "2",
                  "tree_01.svg": "1", "tree_03.svg": "3", "chart_02.png": "c"})
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    with OutputFolder(out) as folder:
        for name, text in {"depth.md": "small\n", "tree_01.png": "one", "tree_01.svg": "one"}.items():
            with create(folder.path(name)) as handle:
                handle.write(text)
    kept = ["chart_02.png", "depth.md", "topics.md", "tree_01.png", "tree_01.svg"]
    assert sorted(p.name for p in out.iterdir()) == sorted([MANIFEST, "notes.txt", *kept])
    assert read_manifest(out) == set(kept)
    assert folder.written == ["depth.md", "tree_01.png", "tree_01.svg"]
    assert folder.removed == ["tree_02.png", "tree_03.svg"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my notes"  # not ours: never touched
    assert _hidden(tmp_path) == []


def test_a_symlink_to_one_of_our_files_is_replaced_not_written_through(tmp_path):
    victim = tmp_path / "victim.md"
    victim.write_bytes(OLD)
    out = tmp_path / "report"
    _report(out, {"depth.md": "first\n"})
    (out / "depth.md").unlink()
    (out / "depth.md").symlink_to(victim)
    _report(out, {"depth.md": "second\n"})
    assert victim.read_bytes() == OLD
    assert not (out / "depth.md").is_symlink() and (out / "depth.md").read_text(encoding="utf-8") == "second\n"


def test_a_symlinked_output_folder_is_written_where_it_points(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    _report(tmp_path / "link", {"a.md": "a\n"})
    assert (real / "a.md").read_text(encoding="utf-8") == "a\n" and _hidden(tmp_path) == []


@pytest.mark.parametrize("manifest", ['{"files": ["../../etc/passwd", "a/b", "", "..", ".", 3, "ok.md"]}',
                                      "not json", '["a.md"]', '{"files": "a.md"}'])
def test_read_manifest_trusts_only_plain_file_names(tmp_path, manifest):
    (tmp_path / MANIFEST).write_text(manifest, encoding="utf-8")
    assert read_manifest(tmp_path) == ({"ok.md"} if "ok.md" in manifest else set())


def test_a_file_where_the_folder_should_be_is_one_error(tmp_path):
    (tmp_path / "report").write_bytes(OLD)
    with pytest.raises(OutputError) as caught:
        OutputFolder(tmp_path / "report")
    assert str(caught.value) == f"{tmp_path / 'report'}: exists and is a file, not a folder"
    assert (tmp_path / "report").read_bytes() == OLD


# --- dataset folders (the Dask engine's Parquet folders) -------------------------------


def _dataset(path: Path, parts: dict[str, bytes]) -> None:
    with replacing_folders(path) as (tmp,):
        for name, data in parts.items():
            (tmp / name).write_bytes(data)


def test_dataset_folders_are_replaced_whole(tmp_path):
    out = tmp_path / "comments.parquet"
    _dataset(out, {"part.0.parquet": b"a", "part.1.parquet": b"b"})
    _dataset(out, {"part.0.parquet": b"c"})
    assert _tree(out) == {DATASET_MARK: b"written by comments\n", "part.0.parquet": b"c"}
    assert _hidden(tmp_path) == []


def test_a_failing_dataset_write_leaves_every_folder_as_it_was(tmp_path):
    first, second = tmp_path / "comments.parquet", tmp_path / "threads.parquet"
    _dataset(first, {"part.0.parquet": b"old comments"})
    _dataset(second, {"part.0.parquet": b"old threads"})
    before = (_tree(first), _tree(second))
    with pytest.raises(RuntimeError):
        with replacing_folders(first, second) as (tmp1, tmp2):
            (tmp1 / "part.0.parquet").write_bytes(b"new")
            raise RuntimeError("worker died")
    assert (_tree(first), _tree(second)) == before and _hidden(tmp_path) == []


@pytest.mark.parametrize("error, caught", [(OSError(16, "Device or resource busy"), OutputError),
                                           (KeyboardInterrupt(), KeyboardInterrupt)])
def test_a_rename_failing_halfway_puts_every_previous_folder_back(tmp_path, monkeypatch, error, caught):
    """All or none: when the second new folder cannot move in, the first one, already
    moved in, goes again and both previous folders come back."""
    first, second = tmp_path / "comments.parquet", tmp_path / "threads.parquet"
    _dataset(first, {"part.0.parquet": b"old comments"})
    _dataset(second, {"part.0.parquet": b"old threads"})
    before = (_tree(first), _tree(second))
    real_replace, calls = os.replace, []

    def failing(src, dst):
        calls.append((src, dst))
        if len(calls) == 4:  # two step aside, the first new one moves in, the second fails
            raise error
        return real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", failing)
    with pytest.raises(caught):
        with replacing_folders(first, second) as (tmp1, tmp2):
            (tmp1 / "part.0.parquet").write_bytes(b"new comments")
            (tmp2 / "part.0.parquet").write_bytes(b"new threads")
    assert [Path(dst) for _, dst in calls[2:4]] == [first, second]
    assert (_tree(first), _tree(second)) == before and _hidden(tmp_path) == []


def test_a_folder_not_written_by_us_is_never_replaced(tmp_path):
    out = tmp_path / "comments.parquet"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work", encoding="utf-8")
    with pytest.raises(OutputError, match="is a folder not written by comments"):
        _dataset(out, {"part.0.parquet": b"x"})
    assert _tree(out) == {"thesis.tex": b"years of work"} and _hidden(tmp_path) == []


def test_a_previous_file_output_is_replaced_by_a_dataset_folder(tmp_path):
    out = tmp_path / "comments.parquet"
    _write(out, b"single parquet file")
    _dataset(out, {"part.0.parquet": b"a"})
    assert out.is_dir() and _tree(out)["part.0.parquet"] == b"a" and _hidden(tmp_path) == []


# --- the invariant ------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.binary(max_size=300), st.sampled_from([None, "raise", "oserror", "interrupt"])),
                min_size=1, max_size=6))
def test_the_output_is_always_the_last_complete_write(tmp_path_factory, writes):
    folder = tmp_path_factory.mktemp("runs")
    out = folder / "out.bin"
    last = None
    for data, failure in writes:
        try:
            with replacing(out) as (tmp,):
                with create(tmp, "wb") as handle:
                    handle.write(data[: len(data) // 2])
                    if failure == "raise":
                        raise RuntimeError("failed")
                    if failure == "oserror":
                        raise OSError(5, "Input/output error")
                    if failure == "interrupt":
                        raise KeyboardInterrupt
                    handle.write(data[len(data) // 2:])
        except (RuntimeError, OutputError, KeyboardInterrupt):
            assert failure is not None
        else:
            last = data
        assert (out.read_bytes() if out.exists() else None) == last
        assert _hidden(folder) == []


def test_missing_folders_above_an_output_are_made_and_a_file_in_the_way_is_named(tmp_path):
    """``-o out/2021/all.jsonl`` makes ``out/2021`` as ``report --out`` makes its folder; a
    file where a folder should be is one error naming the output and that file."""
    _write(tmp_path / "out" / "2021" / "all.jsonl", OLD)
    assert (tmp_path / "out" / "2021" / "all.jsonl").read_bytes() == OLD
    (tmp_path / "notes").write_bytes(OLD)
    with pytest.raises(OutputError) as caught:
        _write(tmp_path / "notes" / "2021" / "all.jsonl", b"new")
    assert str(caught.value) == f"{tmp_path / 'notes' / '2021' / 'all.jsonl'}: {tmp_path / 'notes'} is a file, not a folder"
    assert (tmp_path / "notes").read_bytes() == OLD


def test_a_library_error_never_shows_the_temporary_name(tmp_path):
    """Arrow's message quotes the file it opened ("Failed to open local file '….comments-tmp'"):
    the error names the output and says the reason in plain words."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = tmp_path / "out" / "all.parquet"
    table = pa.table({"id": ["c1", "c2"], "text": ["Tempo 130 reicht völlig.", "Sehe ich anders."]})
    with pytest.raises(OutputError) as caught:
        with replacing(out) as (tmp,):
            (tmp_path / "out").rmdir()  # the folder went away while the run worked
            pq.write_table(table, tmp)
    assert str(caught.value) == f"{out}: No such file or directory"
    assert not (tmp_path / "out").exists()


def test_a_ctrl_c_while_dataset_folders_move_in_waits_until_both_are_in_place(tmp_path, monkeypatch):
    """SIGINT between the two folders' renames: both new folders in place, no previous one
    left aside, then the KeyboardInterrupt (it used to undo the first move and say "kept")."""
    from comments.io import atomic

    comments, threads = tmp_path / "x.parquet", tmp_path / "x.threads.parquet"
    with atomic.replacing_folders(comments, threads) as (a, b):
        (a / "part-00000.parquet").write_text("previous")
        (b / "part-00000.parquet").write_text("previous")
    real, calls = os.replace, []

    def replace(source, target):
        calls.append(target)
        if len(calls) == 3:  # two step aside, then the first new folder moves in
            os.kill(os.getpid(), signal.SIGINT)
        return real(source, target)

    monkeypatch.setattr(atomic.os, "replace", replace)
    monkeypatch.setattr(atomic, "LEDGER", atomic.Ledger())
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt), atomic.replacing_folders(comments, threads) as (a, b):
            (a / "part-00000.parquet").write_text("new")
            (b / "part-00000.parquet").write_text("new")
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the handler is given back
    finally:
        signal.signal(signal.SIGINT, previous)
    assert (comments / "part-00000.parquet").read_text() == (threads / "part-00000.parquet").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.parquet", "x.threads.parquet"]
    assert atomic.LEDGER.done == [comments, threads] and atomic.LEDGER.kept() == []


@pytest.fixture
def ctrl_c(monkeypatch):
    """Ctrl-C raises KeyboardInterrupt (as in the CLI) and a fresh ledger; restored after."""
    monkeypatch.setattr(atomic, "LEDGER", atomic.Ledger())
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_the_previous_dataset_folder_is_deleted_after_ctrl_c_is_let_go(tmp_path, monkeypatch, ctrl_c):
    """The old folder steps aside by a rename; it is deleted only after the new folders are in
    place and Ctrl-C is no longer held (deleting a large one takes seconds: Ctrl-C waited)."""
    comments, threads = tmp_path / "x.parquet", tmp_path / "x.threads.parquet"
    _dataset(comments, {"part.0.parquet": b"previous"})
    _dataset(threads, {"part.0.parquet": b"previous"})
    real, seen = atomic.shutil.rmtree, []

    def rmtree(path, *args, **kwargs):
        seen.append((Path(path).name, signal.getsignal(signal.SIGINT), _tree(comments), _tree(threads)))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(atomic.shutil, "rmtree", rmtree)
    notes: list[str] = []
    with replacing_folders(comments, threads, notes=notes) as (a, b):
        (a / "part.0.parquet").write_bytes(b"new")
        (b / "part.0.parquet").write_bytes(b"new")
    new = {DATASET_MARK: b"written by comments\n", "part.0.parquet": b"new"}
    assert len(seen) == 2 and all(name.startswith((".x.parquet.", ".x.threads.parquet.")) for name, *_ in seen)
    assert all(handler is signal.default_int_handler and c == t == new for _, handler, c, t in seen)
    assert notes == [] and _hidden(tmp_path) == []


def test_a_ctrl_c_held_during_the_moves_still_deletes_the_previous_folders(tmp_path, monkeypatch, ctrl_c):
    """Ctrl-C during the renames: the new folders are in place, the interrupt comes when it is
    let go, and the previous folders are still deleted (not left as hidden copies)."""
    out = tmp_path / "x.parquet"
    _dataset(out, {"part.0.parquet": b"previous"})
    real = os.replace

    def replace(source, target):
        os.kill(os.getpid(), signal.SIGINT)
        return real(source, target)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt), replacing_folders(out) as (tmp,):
        (tmp / "part.0.parquet").write_bytes(b"new")
    assert _tree(out)["part.0.parquet"] == b"new" and _hidden(tmp_path) == []
    assert atomic.LEDGER.done[-1] == out and atomic.LEDGER.kept() == []


def test_a_previous_folder_that_cannot_be_deleted_is_a_note_not_an_error(tmp_path, monkeypatch):
    out = tmp_path / "x.parquet"
    _dataset(out, {"part.0.parquet": b"previous"})

    def rmtree(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(atomic.shutil, "rmtree", rmtree)
    notes: list[str] = []
    with replacing_folders(out, notes=notes) as (tmp,):
        (tmp / "part.0.parquet").write_bytes(b"new")
    assert _tree(out)["part.0.parquet"] == b"new"
    left = [p for p in tmp_path.iterdir() if p.name.startswith(".x.parquet.")]
    assert len(left) == 1 and _tree(left[0])["part.0.parquet"] == b"previous"
    assert notes == [f"{out}: the previous output could not be removed (Permission denied); it is left as {left[0]}"]


def _failing_with_ctrl_c(monkeypatch, fail_at: int):
    """os.replace that presses Ctrl-C on its first call and fails with a disk error on call ``fail_at``."""
    real, calls = os.replace, []

    def replace(source, target):
        calls.append(target)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)
        if len(calls) == fail_at:
            raise OSError(28, "No space left on device", str(target))
        return real(source, target)

    monkeypatch.setattr(atomic.os, "replace", replace)


def test_a_disk_error_during_the_dataset_moves_wins_over_a_held_ctrl_c(tmp_path, monkeypatch, ctrl_c):
    """An OSError while the folders move in, with a Ctrl-C held, surfaced as "interrupted";
    the file error is what the user must see, and every previous folder is back."""
    comments, threads = tmp_path / "x.parquet", tmp_path / "x.threads.parquet"
    _dataset(comments, {"part.0.parquet": b"previous"})
    _dataset(threads, {"part.0.parquet": b"previous"})
    before = (_tree(comments), _tree(threads))
    _failing_with_ctrl_c(monkeypatch, 4)  # two step aside, the first new one moves in, the second fails
    with pytest.raises(OutputError) as caught, replacing_folders(comments, threads) as (a, b):
        (a / "part.0.parquet").write_bytes(b"new")
        (b / "part.0.parquet").write_bytes(b"new")
    assert str(caught.value) == f"{threads}: No space left on device"
    assert (_tree(comments), _tree(threads)) == before and _hidden(tmp_path) == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_disk_error_during_file_and_folder_moves_wins_over_a_held_ctrl_c(tmp_path, monkeypatch, ctrl_c):
    first, second = tmp_path / "a.csv", tmp_path / "a.threads.csv"
    _write(first, b"old a")
    _write(second, b"old b")
    _failing_with_ctrl_c(monkeypatch, 2)
    with pytest.raises(OutputError) as caught, replacing(first, second) as (t1, t2):
        t1.write_bytes(b"new a")
        t2.write_bytes(b"new b")
    assert str(caught.value) == f"{second}: No space left on device"
    report = tmp_path / "report"
    with OutputFolder(report) as folder:
        folder.path("summary.md").write_text("old")
    _failing_with_ctrl_c(monkeypatch, 2)  # the manifest moves in, then summary.md fails
    with pytest.raises(OutputError) as caught, OutputFolder(report) as folder:
        folder.path("summary.md").write_text("new")
    assert str(caught.value) == f"{report / 'summary.md'}: No space left on device"
    assert (report / "summary.md").read_text() == "old"


def test_the_cli_says_the_disk_error_not_interrupted(tmp_path, monkeypatch, ctrl_c):
    from conftest import run

    out = tmp_path / "out.csv"
    assert run("parse", str(SEED), "-o", str(out)).exit_code == 0
    before = out.read_bytes()
    _failing_with_ctrl_c(monkeypatch, 1)
    result = run("parse", str(SEED), "-o", str(out))
    assert result.exit_code == 1 and "interrupted" not in result.stderr
    assert f"error: {out}: No space left on device" in result.stderr and out.read_bytes() == before
