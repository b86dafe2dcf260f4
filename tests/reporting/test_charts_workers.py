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
    for i in range(12):
        path = tmp_path / f"f{i}"
        writers.add(_job(path), [path])
        if i == 3:
            writers.kick()  # a child takes f0 … f3: wait for it (on a loaded machine the parent could take them first)
            (pid,) = writers.children
            _, status = os.waitpid(pid, 0)
            del writers.children[pid]
            assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        elif i % 4 == 3:
            writers.kick()
    writers.finish()
    writers.close()
    owners = {p.name: p.read_text().split(" by ")[1] for p in tmp_path.iterdir()}
    assert len(owners) == 12
    assert {owners[f"f{i}"] for i in range(4)} != {str(os.getpid())}  # written by the child


def test_a_job_done_is_let_go_at_the_next_section(tmp_path):
    """Every queued figure stayed referenced (and open in pyplot) until the whole report was written."""
    import gc
    import weakref

    class Figure:  # stands for a matplotlib figure: large, referenced only by its job
        def __init__(self, path: Path) -> None:
            self.path = path

        def draw(self) -> None:
            self.path.write_text("drawn")

    writers = Writers(2)
    figure = Figure(tmp_path / "topics_by_site.png")
    alive = weakref.ref(figure)
    writers.add(figure.draw, [figure.path])
    del figure
    writers.kick()  # the section's end: a child draws it
    (pid,) = writers.children
    os.waitpid(pid, 0)
    del writers.children[pid]
    writers.kick()  # the next section's end
    gc.collect()
    assert alive() is None and (tmp_path / "topics_by_site.png").read_text() == "drawn"
    writers.finish()
    writers.close()


def test_queued_charts_are_not_kept_open_in_pyplot_and_its_settings_stay_as_they_were(tmp_path):
    import matplotlib

    from comments.reporting.charts import Charts, colours

    before = matplotlib.rcParams["figure.max_open_warning"]
    writers = Writers(2)
    charts = Charts(tmp_path, colours(["geopolitics", "none"]), colours(["heise.de", "taz.de"]), writers)
    open_before = charts.plt.get_fignums()  # other tests' figures, if any
    for i in range(3):
        charts.rank_sizes(f"sizes_{i}", "Subthread sizes", "Subthread sizes", {"heise.de": [5, 2, 1]}, "rank", "size")
    assert charts.plt.get_fignums() == open_before and matplotlib.rcParams["figure.max_open_warning"] == before
    writers.finish()
    writers.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"sizes_{i}.{s}" for i in range(3) for s in ("png", "svg")]


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


def _wait_for(test, what: str, seconds: float = 60) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not test():
        assert time.monotonic() < deadline, f"waited {seconds} s for {what}"
        time.sleep(0.01)


def test_a_child_that_ends_early_is_followed_by_another_while_the_parent_works(tmp_path):
    """The first child ended with its section's jobs while the parent worked alone through
    the rest of the report (at 200,000 comments, 13 s of drawing on one of two cores)."""
    parent, go = os.getpid(), tmp_path / "go"
    writers = Writers(2)

    def first() -> None:  # a section's job, in the first child: held until the parent is at the end
        (tmp_path / "first").write_text("begun")
        _wait_for(go.exists, "the parent's go")

    writers.add(first, [tmp_path / "first"])
    writers.kick()
    (child,) = writers.children
    _wait_for((tmp_path / "first").exists, "the child's job to begin")

    def release() -> None:  # the parent's first job at the end: the first child ends meanwhile
        go.touch()
        _wait_for(lambda: os.waitid(os.P_PID, child, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None,
                  "the first child to end")

    def later(path: Path):
        def work() -> None:
            if os.getpid() == parent:  # the parent waits for another process to take one of these
                _wait_for(lambda: any(p.read_text() not in ("", str(parent)) for p in tmp_path.glob("later_*")),
                          "a second child")
            path.write_text(str(os.getpid()))
        return work

    writers.add(release, [go])
    for i in range(4):
        writers.add(later(tmp_path / f"later_{i}"), [tmp_path / f"later_{i}"])
    writers.finish()
    writers.close()
    owners = {(tmp_path / f"later_{i}").read_text() for i in range(4)}
    assert owners - {str(parent), str(child)}, owners  # a second child drew some
