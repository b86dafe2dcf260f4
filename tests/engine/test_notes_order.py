"""The Dask engine says what the local engine says, in the same order (docs/dask.md: "notes
… are the local engine's"): notes on comments and articles another input gave first stand
with their input, not after every other note; ``--site NAME=PATH`` with no input under
PATH is noted by both engines. Compared line for line on the CLI's stderr and the API's
``notes`` (unfolded, one note per repeated comment, over threads in many buckets)."""

from __future__ import annotations

import json
import random

import pytest
import zstandard

import comments
from conftest import run


def _zst(path, rows) -> None:
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    path.write_bytes(zstandard.ZstdCompressor(level=3).compress(data))


@pytest.fixture(scope="module")
def repeats(tmp_path_factory):
    """Two monthly Reddit comment dumps and one of submissions (the next month repeats a
    comment of every fourth thread, as a re-crawl does; one comment and one submission
    given twice in one dump; five submissions removed or deleted), and three Markdown
    copies of one page saved under ``a/``, ``b/``, ``c/``: inputs whose own notes come
    after the repeated ones."""
    folder = tmp_path_factory.mktemp("repeats") / "in"
    folder.mkdir()
    rng = random.Random(3)
    words = "Sanktionen Bootloader Kuba Krim Kunde Hersteller Software Politik Handy leider genau nicht".split()

    def text() -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(4, 20))) + "."

    january, february, submissions = [], [], []
    for t in range(40):
        tid, ids = f"t{t:03d}", []
        submissions.append({"id": tid, "subreddit": "de", "title": f"Beitrag {t}",
                            "selftext": "[removed]" if t % 9 == 0 else text(), "permalink": f"/r/de/comments/{tid}/b/",
                            "created_utc": 1609500000 + t, "num_comments": 4,
                            "author": "[deleted]" if t % 7 == 0 else "op"})
        for i in range(4):
            parent = f"t1_{rng.choice(ids)}" if ids and rng.random() < .6 else f"t3_{tid}"
            ids.append(f"{tid}c{i}")
            january.append({"id": ids[-1], "link_id": f"t3_{tid}", "parent_id": parent, "body": text(),
                            "author": f"user{rng.randrange(50)}", "created_utc": 1609500100 + 10 * t + i,
                            "subreddit": "de"})
        if t % 4 == 1:
            february.append(dict(january[-1]))
        february.append({"id": f"{tid}d", "link_id": f"t3_{tid}", "parent_id": f"t1_{ids[0]}", "body": text(),
                         "author": "spät", "created_utc": 1612200000 + t, "subreddit": "de"})
    january.append(dict(january[13]))
    submissions.append(dict(submissions[5]))
    _zst(folder / "RC_2021-01.zst", january)
    _zst(folder / "RC_2021-02.zst", february)
    _zst(folder / "RS_2021-01.zst", submissions)
    for sub, title in (("a", "Notizen"), ("b", "Notizen, zweite Fassung"), ("c", "Anderes")):
        (folder / sub).mkdir()
        (folder / sub / "README.md").write_text(f"# {title}\n\n{text()}\n", encoding="utf-8")
    return folder


def test_the_cli_says_the_local_engines_notes_line_for_line(repeats, scheduler, tmp_path):
    args = [str(repeats), "--site", f"blog.example={repeats / 'RS_2021-01.zst'}",
            "--site", f"nowhere.example={repeats / 'nothing'}"]
    local = run("parse", *args, "-o", str(tmp_path / "local.jsonl"))
    dask = run("parse", *args, "-o", str(tmp_path / "dask.jsonl"), "--engine", "dask", "--scheduler", scheduler)
    assert local.exit_code == dask.exit_code == 0, dask.stderr
    lines = local.stderr.splitlines()
    assert dask.stderr.splitlines() == lines
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    # the case made: each input's repeats stand with it, before the next input's notes
    said = [line.split(": ", 2)[1] for line in lines if line.startswith(f"note: {repeats}")]
    assert said == sorted(said, key=lambda name: name.replace("/RC_", "/0").replace("/RS_", "/1"))
    assert sum("RC_2021-02.zst: 10 comments repeat earlier ones" in line for line in lines) == 1
    # a/README.md, b/README.md, c/README.md: one file name in three folders, three threads (folders21 F0)
    assert sum("repeats one read first from" in line for line in lines) == 0
    assert sum("3 files in 3 folders share the name README" in line for line in lines) == 1
    assert lines[-2] == f"note: --site nowhere.example={repeats / 'nothing'}: no input lies under this path"


@pytest.mark.parametrize("block_size", [None, 1500])
@pytest.mark.parametrize("which", ["all", "comment dumps"])
def test_the_api_notes_are_the_local_ones_in_the_local_order(repeats, scheduler, tmp_path, block_size, which):
    """Unfolded: one note per repeated comment, from threads in many hash buckets (and,
    in blocks of 1,500 bytes, from pieces of one input read in different blocks); the
    comment dumps alone to Parquet go the columnar way."""
    paths = [repeats] if which == "all" else [repeats / "RC_2021-01.zst", repeats / "RC_2021-02.zst"]
    local = comments.read(*paths)
    big = comments.read(*paths, engine="dask", scheduler=scheduler, block_size=block_size, partition_size=4096)
    big.write(tmp_path / ("x.jsonl" if which == "all" else "x.parquet"))
    assert sum(note.startswith(f"{repeats / 'RC_2021-02.zst'}: comment ") for note in local.notes) == 10
    assert big.notes == local.notes


def test_a_site_path_no_input_lies_under_is_noted_by_the_dask_engine(repeats, scheduler, tmp_path):
    """The finder's case: ``--site NAME=PATH`` with a mistyped PATH, on the CLI and the API."""
    typo = tmp_path / "nothing"
    for engine in (["--engine", "dask", "--scheduler", scheduler], []):
        got = run("parse", str(repeats / "a"), "--site", f"notes.example={typo}", "-o", str(tmp_path / "x.jsonl"),
                  *engine)
        assert got.exit_code == 0, got.stderr
        assert got.stderr.splitlines()[-2] == f"note: --site notes.example={typo}: no input lies under this path"
    got = comments.read(repeats / "a", site={str(typo): "notes.example"}, engine="dask", scheduler=scheduler)
    got.write(tmp_path / "y.jsonl")
    assert got.notes[-1] == f"--site notes.example={typo}: no input lies under this path"
