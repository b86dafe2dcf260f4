"""Shared test helpers: fixture paths, the shared corpora (skipped when absent) and a
CLI runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from comments.cli import app
from comments.io.pipeline import read_inputs

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
RAW = ROOT / "data" / "raw"
SEED = RAW / "stadt-bremerhaven.de__xiaomi-kuba-syrien.txt"
CORPORA = ROOT.parent / "shared" / "corpora"


def corpus(relative: str) -> Path:
    """A file of ../shared/corpora, or skip the test with the reason."""
    path = CORPORA / relative
    if not path.exists():
        pytest.skip(f"shared corpus not available: {path}")
    return path


def read(*paths, **options):
    """Read inputs through the whole pipeline; fail on input problems."""
    result = read_inputs([str(p) for p in paths], **options)
    assert not result.errors, result.errors
    return result


def run(*args: str, input: str | None = None):
    """Invoke the CLI the way a user would (stdout and stderr kept apart)."""
    return CliRunner().invoke(app, list(args), input=input)


def write_rows(path: Path, rows: list[dict]) -> Path:
    """``rows`` as the table ``path`` names: CSV (header from the first row), JSON Lines, or a JSON list."""
    if path.suffix == ".csv":
        import csv

        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        path.write_text(json.dumps(rows) if path.suffix == ".json" else "".join(json.dumps(r) + "\n" for r in rows),
                        encoding="utf-8")
    return path


def jsonl_records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def json_values(max_leaves: int = 15):
    """A hypothesis strategy: any JSON value (integers beyond 64 bits included)."""
    from hypothesis import strategies as st

    scalars = (st.none() | st.booleans() | st.integers(-(2**80), 2**80) | st.text(max_size=8)
               | st.floats(allow_nan=False, allow_infinity=False))
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=max_leaves)


def depth_of(parents: dict[str, str | None]) -> dict[str, int]:
    """Depth of every id from an id → parent map (parents outside the map = roots)."""
    out: dict[str, int] = {}
    for start in parents:
        path, node = [], start
        while node is not None and node not in out and node in parents:
            path.append(node)
            node = parents[node]
        base = out.get(node, -1) if node is not None else -1
        for n in reversed(path):
            base += 1
            out[n] = base
    return out


def assert_tree(result, parents: dict[str, str | None]):
    """Our comments are exactly ``parents`` (orphans as SPEC says) with matching depths."""
    ours = {c.id: c for c in result.comments}
    assert len(result.comments) == len(parents)
    assert set(ours) == set(parents)
    depths = depth_of({k: (v if v in parents else None) for k, v in parents.items()})
    for cid, parent in parents.items():
        c = ours[cid]
        if parent is not None and parent not in parents:
            assert (c.parent_id, c.missing_parent_id, "orphan" in c.flags) == (None, parent, True)
        else:
            assert c.parent_id == parent
        assert c.depth == depths[cid]


class RefusedPool:
    """A stand-in for ProcessPoolExecutor whose workers cannot be started (``submit``
    raises the OSError fork raises under strict memory overcommit) or, with ``died``, die
    on their work (the future holds BrokenProcessPool): for the fallbacks of ``-j N``."""

    def __init__(self, died: bool = False) -> None:
        self.died = died

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass

    def submit(self, fn, *args):
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        if not self.died:
            raise OSError(12, "Cannot allocate memory")
        future: Future = Future()
        future.set_exception(BrokenProcessPool("a worker died"))
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


#: Texts that break naive writers: quotes, CR/LF, controls, spreadsheet formulas, a surrogate
#: pair (and an escaped half), line separators, a 300 KB text, a long text of quotes.
HOSTILE = [
    'quote " and ""two"", comma, end', "line\nbreak\r\nand\rreturn", "nul \x00 bell \x07 esc \x1b del \x7f",
    "=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)", "\tTab first", "\rCR first", "'quoted first",
    "pair \U0001F600 and escaped \\ud83d", "\u2028\u2029 separators", "x" * 300_000,
    ("Zeile mit Ümlaut und „Zitat“, " * 5_000) + "\n" + '"' * 1_000,
]


def assert_same_outputs(fast: Path, slow: Path, suffix: str) -> None:
    """Two runs' outputs are the same: records for Parquet (and its threads file), bytes
    for JSONL and CSV (and the CSV threads file)."""
    import pyarrow.parquet as pq

    from comments.io.writers import sibling

    if suffix == ".parquet":
        for a, b in ((fast, slow), (sibling(fast), sibling(slow))):
            assert pq.read_table(a).to_pylist() == pq.read_table(b).to_pylist()
    else:
        assert fast.read_bytes() == slow.read_bytes()
        if suffix == ".csv":
            assert sibling(fast).read_bytes() == sibling(slow).read_bytes()


def reddit_rows(n: int, seed: int, subreddit: str | None = None) -> list[dict]:
    """Pushshift comment rows of many threads in time order (interleaved), with replies,
    deleted authors, entities, extra fields (``meta``) and a thread that keeps growing;
    each row's subreddit drawn from two, or ``subreddit`` for all."""
    import random

    rng = random.Random(seed)
    rows, seen = [], {}
    for i in range(n):
        link = "big" if rng.random() < 0.2 else f"l{rng.randrange(max(1, i // 5) + 1)}"
        earlier = seen.get(link, [])
        parent = f"t1_{rng.choice(earlier)}" if earlier and rng.random() < 0.6 else f"t3_{link}"
        row = {"id": f"c{i}", "link_id": f"t3_{link}", "parent_id": parent,
               "subreddit": subreddit or rng.choice(["de", "Finanzen"]),
               "author": rng.choice(["anna", "[deleted]", "bernd"]), "created_utc": 1631786400 + i,
               "body": rng.choice(["Steuern &amp; Abgaben", "zwei\nZeilen", "[removed]", 'ein "Zitat", ok', "=1+1"])}
        if rng.random() < 0.3:
            row["score"] = rng.randrange(-3, 9)
        seen.setdefault(link, []).append(f"c{i}")
        rows.append(row)
    return rows


def csv_rows(path: Path) -> list[dict]:
    """A CSV file's rows as dicts (header as keys)."""
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def made_once(tmp_path_factory, name: str, make) -> Path:
    """The folder ``name``, filled by ``make(folder)`` once per test run: under pytest-xdist
    the workers share it (the first to ask makes it under a lock, the others wait for it),
    so an expensive output that tests on several workers read is not made once per worker.
    A ``make`` that fails leaves no folder behind: the next asker tries again (and fails)."""
    import fcntl
    import os
    import shutil

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # this run's folder, above every worker's own
    folder, done = root / name, root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def raw_report(tmp_path_factory) -> Path:
    """The folder of ``comments report all data/raw`` (made once per test run)."""
    def make(out: Path) -> None:
        result = run("report", "all", str(RAW), "--out", str(out), "-q", "-j", "1")
        assert result.exit_code == 0, result.output
    return made_once(tmp_path_factory, "raw_report", make)


@pytest.fixture(scope="session")
def readme_train(tmp_path_factory) -> dict:
    """The README's ``comments train`` example on GermEval 2021 (about 25 s of CPU), run
    once per test run: its arguments (the data and model paths put in), the table the
    README shows, and the command's exit code, stdout and stderr."""
    import re
    import shlex

    data = corpus("labeled_de/germeval2021/GermEval21_TrainData.csv")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n(\$ comments train --data GermEval21_TrainData\.csv.*?)```", readme, re.S).group(1)
    command, _, shown = block.partition("\nlabel ")

    def arguments(folder: Path) -> list[str]:
        args = shlex.split(command.removeprefix("$ comments ").replace("\\\n", " "))
        return [str(data) if a == "GermEval21_TrainData.csv" else str(folder / "toxic") if a == "models/toxic" else a
                for a in args]

    def make(folder: Path) -> None:
        result = run(*arguments(folder))
        (folder / "run.json").write_text(json.dumps({"exit_code": result.exit_code, "stdout": result.stdout,
                                                     "stderr": result.stderr}), encoding="utf-8")
    folder = made_once(tmp_path_factory, "readme_train", make)
    return {"args": arguments(folder), "shown": "label " + shown,
            **json.loads((folder / "run.json").read_text(encoding="utf-8"))}


_GOOD = [
    {"id": "1", "parent_id": None, "thread_id": "t1", "author": "Anna",
     "text": "Das ist ein guter Artikel. Ich finde die Sperre der Telefone aber falsch."},
    {"id": "2", "parent_id": "1", "thread_id": "t1", "author": "Bernd",
     "text": "Sehe ich auch so. Wer das Gerät kauft, dem gehört es."},
    {"id": "4", "parent_id": None, "thread_id": "t1", "author": "Dieter",
     "text": "Custom ROM drauf und fertig. Bootloader entsperren geht ja noch."},
    {"id": "5", "parent_id": "4", "thread_id": "t1", "author": "Eva",
     "text": "Nicht bei jedem Modell, leider. Mi Unlock braucht ein Konto."},
]


def broken_jsonl(path, extra_bad: int = 0):
    """A generic export with a line cut off mid-text, a stray non-JSON line and, with
    ``extra_bad``, that many more stray lines at the end."""
    lines = [json.dumps(r, ensure_ascii=False) for r in _GOOD[:2]]
    lines.append('{"id": "3", "parent_id": "1", "thread_id": "t1", "author": "Clara", '
                 '"text": "Die Sanktionen sind halt Gesetz, da kann Xiaomi nicht viel')
    lines.append("-- export interrupted --")
    lines += [json.dumps(r, ensure_ascii=False) for r in _GOOD[2:]]
    lines += ['["a JSON array", "not a comment"]'] * extra_bad
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def context_model(folder):
    """The shipped tone model with every reply-context column after its cue features and strong weights on
    them (answers → informative, not questioning; corrects → critical; agrees → supportive), saved to
    ``folder``: a model whose labels show whether ``classify`` gave each reply its parent."""
    import numpy as np

    from comments.classification.classify import DEFAULT_TONE
    from comments.classification.learn import TextModel
    from comments.classification.tone_context import CONTEXT_FEATURES

    model = TextModel.load(DEFAULT_TONE)
    model.context = list(CONTEXT_FEATURES)
    model.hand_scale = np.concatenate([model.hand_scale, np.ones(len(CONTEXT_FEATURES))])
    weights = np.zeros((len(model.labels), len(CONTEXT_FEATURES)))
    for label, column, w in (("informative", "answers", 4.0), ("questioning", "answers", -4.0),
                             ("critical", "corrects", 4.0), ("supportive", "agrees", 4.0), ("critical", "reply", 0.5)):
        weights[model.labels.index(label), CONTEXT_FEATURES.index(column)] = w
    model.coef = np.hstack([model.coef, weights])
    model.floor = {}  # (the per-comment path of ``--model`` applies no floor: scores comparable across paths)
    model.save(folder)
    return TextModel.load(folder)


#: Rows a general-path rule reads, written after 300 KB of plain rows (past the 64 KB head
#: the fast path looked at, the 256 KB an input is sniffed by, and the Dask engine's first
#: block): case → (late rows, whether the plain rows have a parent column).
LATE_RULES = {
    "nested": ([{"id": "n1", "parent_id": None, "thread_id": "t9", "text": "oben",
                 "replies": [{"id": "n2", "text": "darunter", "replies": [{"id": "n3", "text": "tief"}]}]}], True),
    # a Graph API reply page ({"data": [...], "paging": …}) in place of a list (fix24h)
    "nested_page": ([{"id": "g1", "parent_id": None, "thread_id": "t9", "text": "oben",
                      "comments": {"data": [{"id": "g2", "text": "darunter",
                                             "comments": {"data": [{"id": "g3", "text": "tief"}]}}],
                                   "paging": {"cursors": {"after": "MQ"}}, "summary": {"total_count": 1}}}], True),
    "dotted": ([{"id": "Ugx1", "thread_id": "t9", "text": "oben"},
                {"id": "Ugx1.r2", "thread_id": "t9", "text": "Antwort"},
                {"id": "1.5", "thread_id": "t9", "text": "eine Zahl"}], False),
    "permalink": ([{"id": "p1", "parent_id": None, "thread_id": "https://zeitung.example/a7#comment-p1",
                    "text": "oben"},
                   {"id": "p2", "parent_id": "p1", "thread_id": "https://zeitung.example/a7?page=2#comment-p2",
                    "text": "Antwort"}], True),
    "seed": ([{"id": "s1", "parent_id": None, "thread_id": "t9", "object_type": "seed", "level": 0, "text": "Seite"},
              {"id": "s2", "parent_id": "s1", "thread_id": "t9", "object_type": "data", "level": 1, "text": "Antwort"}],
             True),
    # the same seed row after plain rows that have no object_type column (fix21d, session 21: the fast path looked
    # for seeds only where the head has the column, and kept the seed as a comment)
    "seed_unheaded": ([{"id": "s1", "parent_id": None, "thread_id": "t9", "object_type": "seed", "level": 0,
                        "text": "Seite"},
                       {"id": "s2", "parent_id": "s1", "thread_id": "t9", "object_type": "data", "level": 1,
                        "text": "Antwort"}], True),
}


def late_rule_jsonl(path: Path, case: str) -> Path:
    """A generic JSONL file whose first row needing the general path's ``case`` rule comes
    after 300 KB of plain rows (:data:`LATE_RULES`)."""
    late, parents = LATE_RULES[case]
    # a Facepager export has its object_type column in every row; "seed_unheaded" is a file whose head lacks it
    kind = {"object_type": "data"} if case == "seed" else {}
    plain = [{"id": f"c{i}", **({"parent_id": f"c{i - 1}" if i % 5 else None} if parents else {}),
              "thread_id": f"t{i // 50}", "author": f"nutzer{i % 7}", "text": f"Kommentar Nummer {i} " + "x" * 80, **kind}
             for i in range(2400)]
    path.write_text("".join(json.dumps(row) + "\n" for row in plain + late), encoding="utf-8")
    assert path.stat().st_size > 300_000
    return path
