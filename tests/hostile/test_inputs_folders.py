"""Input folders: regular files only; symlinks inside skipped unless --follow-symlinks
(loops cut once); paths named on the command line are followed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from comments.io.sources import expand
from conftest import SEED, run

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs and symlinks")


def _cli(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """The CLI in a subprocess: a hang (a FIFO read) fails the test instead of blocking it."""
    return subprocess.run([sys.executable, "-m", "comments", *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    shutil.copy(SEED, root / SEED.name)
    os.mkfifo(root / "pipe")
    secret = tmp_path / "outside.txt"
    secret.write_text("Geheim: root:x:0:0\n")
    (root / "leak.txt").symlink_to(secret)
    (root / "sub" / "up1").symlink_to("..")
    (root / "sub" / "up2").symlink_to("..")
    (root / "sub" / "broken").symlink_to(tmp_path / "gone")
    return root


def test_fifos_and_symlinks_in_folders_are_skipped_with_a_note(folder):
    done = _cli("parse", str(folder))
    assert done.returncode == 0, done.stderr
    assert f"note: {folder / 'pipe'}: skipped: not a regular file (a FIFO)" in done.stderr
    assert f"note: {folder / 'leak.txt'}: skipped: a symlink" in done.stderr
    assert "--follow-symlinks" in done.stderr
    assert "Geheim" not in done.stdout
    assert '"record": "comment"' in done.stdout


def test_follow_symlinks_reads_them_and_cuts_loops_once(folder):
    done = _cli("parse", "--follow-symlinks", str(folder))
    assert done.returncode == 0, done.stderr
    assert "Geheim" in done.stdout  # the user asked for it
    loops = [line for line in done.stderr.splitlines() if "symlink loop" in line]
    assert len(loops) == 2, done.stderr  # up1 and up2, each once: no exponential walk
    assert f"{folder / 'sub' / 'broken'}: skipped: a broken symlink" in done.stderr
    assert done.stdout.count(SEED.stem) == done.stdout.count(SEED.stem)  # read without error
    notes: list[str] = []
    files = expand([str(folder)], notes, follow_symlinks=True)
    assert sorted(Path(f).name for f in files) == sorted(["leak.txt", SEED.name])


def test_many_loops_stay_linear(tmp_path):
    root = tmp_path / "maze"
    root.mkdir()
    for i in range(12):  # 12 links to the parent: 12**depth paths if followed blindly
        (root / f"l{i}").symlink_to(".")
    notes: list[str] = []
    assert expand([str(root)], notes, follow_symlinks=True) == []
    assert len(notes) == 12


def test_sockets_are_skipped(tmp_path):
    root = tmp_path / "s"
    root.mkdir()
    shutil.copy(SEED, root / SEED.name)
    path = root / "sock"
    if len(str(path)) > 100:
        pytest.skip("socket path too long for AF_UNIX")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        notes: list[str] = []
        assert expand([str(root)], notes) == [str(root / SEED.name)]
        assert notes == [f"{path}: skipped: not a regular file (a socket)"]
    finally:
        server.close()


def test_named_paths_are_followed(tmp_path):
    link = tmp_path / "named.txt"
    link.symlink_to(SEED)
    result = run("parse", str(link))
    assert result.exit_code == 0, result.stderr
    assert '"record": "comment"' in result.stdout


def test_a_named_fifo_is_read(tmp_path):
    fifo = tmp_path / "stream"
    os.mkfifo(fifo)
    proc = subprocess.Popen([sys.executable, "-m", "comments", "parse", str(fifo)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    with open(fifo, "wb") as writer:
        writer.write(SEED.read_bytes())
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert '"record": "comment"' in out
