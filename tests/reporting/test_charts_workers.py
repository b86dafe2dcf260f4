"""A report's charts and tables written by forked processes: every job done once, the
same bytes as one process writes, and a child that dies leaves its work to the parent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from comments.analyses.analysis import analyse
from comments.reporting.charts_workers import Writers
from comments.reporting.report import write_report
from conftest import RAW, read


def _job(path: Path, die_in_child: bool = False):
    parent = os.getpid()

    def work() -> None:
        with open(path, "x") as handle:  # exclusive, as report files are: a rerun must remove it first
            handle.write("begun")
            if die_in_child and os.getpid() != parent:
                os._exit(9)  # killed halfway through the file
            handle.write(f" by {os.getpid()}")
    return work


def test_every_job_is_done_once_and_children_share_the_work(tmp_path):
    writers = Writers(3)
    closed = []
    for i in range(12):
        path = tmp_path / f"f{i}"
        writers.add(_job(path), [path], after=lambda i=i: closed.append(i))
        if i % 4 == 3:
            writers.kick()
    writers.finish()
    writers.close()
    owners = {p.read_text().split(" by ")[1] for p in tmp_path.iterdir()}
    assert len(list(tmp_path.iterdir())) == 12 and sorted(closed) == list(range(12))
    assert owners - {str(os.getpid())}  # some files were written by children


def test_a_child_that_dies_leaves_its_jobs_to_the_parent(tmp_path):
    writers = Writers(2)
    paths = [tmp_path / f"f{i}" for i in range(4)]
    for path in paths:
        writers.add(_job(path, die_in_child=True), [path])
    writers.kick()  # a child takes a job and dies in it
    (pid,) = writers.children  # wait for it before the parent claims jobs itself (else it may take them all first)
    _, status = os.waitpid(pid, 0)
    del writers.children[pid]
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 9  # the child did die halfway through a file
    writers.finish()
    assert [p.read_text() for p in paths] == [f"begun by {os.getpid()}"] * 4


def test_a_failing_job_raises_in_the_parent(tmp_path):
    writers = Writers(2)

    def fail() -> None:
        raise OSError("disk full")

    writers.add(fail, [tmp_path / "x"])
    writers.kick()
    with pytest.raises(OSError, match="disk full"):
        writers.finish()
    writers.close()


def test_report_files_are_the_same_bytes_for_any_number_of_writers(tmp_path):
    analysis = analyse(read(RAW).threads, progress=False)
    files = {}
    for jobs in (1, 2, 3):
        out = tmp_path / str(jobs)
        write_report(analysis, out, jobs=jobs)
        files[jobs] = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    assert len(files[1]) > 40 and any(name.endswith(".svg") for name in files[1])
    assert files[2] == files[1] and files[3] == files[1]
