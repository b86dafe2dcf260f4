"""Inputs sharing a file name are named on Dask as the local engine names them (issue 13:
"``.jsonl``/``.csv`` outputs are the same bytes as the local engine's"; session 22 left them
named by their folder path alone on Dask): snapshots of one page in dated folders are one
thread, a folder per site whose rows name the same thread id keeps its sites apart, a text
copy joins the page beside it, a folder per article keeps its articles apart — the same
bytes, notes and report tables as the local engine's, tables read in blocks included."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from conftest import FIXTURES, SEED, corpus, read, run

from .test_dask_engine import _close, _csv_rows


def _table(path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def shared_names(tmp_path_factory):
    """A researcher's folder in which files share names: the seed page saved in two dated
    folders, a page snapshot with two more comments a day later (JSONL), two sites' exports
    both naming thread 42 for their own comments, a folder per article holding
    ``kommentare.csv`` (no thread column: named from the file) with another file read between
    them, and a saved page with a canonical link beside its text copy. The tables are long
    enough to be read in several blocks of 16 KB."""
    root = tmp_path_factory.mktemp("names") / "in"
    comments = read(SEED).comments
    for day, ids in (("2024-01", range(1, 7)), ("2024-02", range(1, 9))):
        (root / "snap" / day).mkdir(parents=True)
        shutil.copy(SEED, root / "snap" / day / SEED.name)
        rows = [{"id": str(i), "author": comments[i - 1].author, "text": comments[i - 1].text} for i in ids]
        (root / "snap" / day / "page.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    for k, site in enumerate(("siteA", "siteB")):
        _table(root / "sites" / site / "comments.csv", [
            {"id": f"c{i}", "parent_id": f"c{i - 1}" if i % 3 else "", "thread_id": "42",
             "author": f"{comments[(i + k) % len(comments)].author}", "created_at": f"2024-01-{1 + i % 28:02d}T10:00:00Z",
             "text": f"{site}: {comments[(i * 7 + k) % len(comments)].text}"} for i in range(1, 120)])
    for k in range(2):
        _table(root / "art" / f"article-00{k}" / "kommentare.csv", [
            {"id": f"a{k}-{i}", "parent_id": f"a{k}-{i - 1}" if i % 2 else "", "author": comments[i % 25].author,
             "text": f"Artikel {k}: {comments[i % len(comments)].text}"} for i in range(1, 90)])
    _table(root / "art" / "article-000" / "extra.csv", [
        {"id": "e1", "parent_id": "", "author": "Leserin", "text": "Ein Kommentar in einer anderen Datei."}])
    url = "https://buildnotes.example.org/why-cmake/"
    html = (FIXTURES / "copies" / "why-cmake.html").read_text(encoding="utf-8")
    (root / "pages").mkdir()
    (root / "pages" / "why-cmake.html").write_text(html.replace("<head>", f'<head><link rel="canonical" href="{url}">'),
                                                   encoding="utf-8")
    shutil.copy(FIXTURES / "copies" / "why-cmake.txt", root / "pages" / "why-cmake.txt")
    return root


def _both(command: list[str], inputs, out_local, out_dask, scheduler) -> tuple:
    local = run(*command, str(inputs), "-o", str(out_local), "-j", "1")
    dask = run(*command, str(inputs), "-o", str(out_dask), "--engine", "dask", "--scheduler", scheduler)
    assert local.exit_code == 0, local.stderr
    assert dask.exit_code == 0, dask.stderr
    return local, dask


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_files_sharing_a_name_give_the_local_engines_bytes_and_notes(suffix, shared_names, scheduler, tmp_path,
                                                                     monkeypatch):
    from comments.engine import blocks

    monkeypatch.setattr(blocks, "BLOCK_BYTES", 1 << 14)  # the driver reads it when a run starts
    local, dask = tmp_path / f"local{suffix}", tmp_path / f"dask{suffix}"
    got_local, got_dask = _both(["parse"], shared_names, local, dask, scheduler)
    assert dask.read_bytes() == local.read_bytes()
    if suffix == ".csv":
        assert (tmp_path / "dask.threads.csv").read_bytes() == (tmp_path / "local.threads.csv").read_bytes()
    assert got_dask.stderr == got_local.stderr  # every note, in the local engine's order
    if suffix == ".jsonl":  # what the local engine makes of these folders (tests/io/test_namesakes.py)
        threads = [json.loads(line) for line in local.read_text(encoding="utf-8").splitlines()]
        threads = [(r["site"], r["thread_id"], r["comment_count"]) for r in threads if r["record"] == "thread"]
        assert ("siteA", "42", 119) in threads and ("siteB", "42", 119) in threads
        assert ("kommentare", "article-000/kommentare", 89) in threads and ("page", "page", 8) in threads
        assert [t for t in threads if t[1] == "https://buildnotes.example.org/why-cmake/"] == [
            ("buildnotes.example.org", "https://buildnotes.example.org/why-cmake/", 5)]
        assert [t[1] for t in threads].index("extra") < [t[1] for t in threads].index("article-000/kommentare")
        assert "share the name stadt-bremerhaven.de__xiaomi-kuba-syrien and hold one page" in got_local.stderr


@pytest.mark.parametrize("command", [["report", "all"], ["compare", "--by", "site"]])
def test_reports_over_files_sharing_a_name_are_the_local_engines(command, shared_names, scheduler, tmp_path):
    local, dask = tmp_path / "local", tmp_path / "dask"
    _both(command, shared_names, local, dask, scheduler)
    names = sorted(p.name for p in local.iterdir())
    assert names == sorted(p.name for p in dask.iterdir())
    for name in (n for n in names if n.endswith(".csv")):
        got, want = _csv_rows(dask / name), _csv_rows(local / name)
        assert len(got) == len(want) and all(_close(g, w) for g, w in zip(got, want)), name
    texts = [n for n in names if n.endswith((".md", ".html"))]
    assert texts and all((dask / n).read_bytes() == (local / n).read_bytes() for n in texts)


CORPUS_FILES = ("plaintext_de/konstantinklein_kein-kommentar.md", "html_comments/spektrum.de__engelbart.html",
                "reddit/reddit_6otocc_comment_chain_depth10.json", "disqus/isso__disqus.xml",
                "plaintext_en/03-28-comment-java-is-not-a-safe-language.w3m.txt",
                "html_wordpress/03-28-comment-java-is-not-a-safe-language.md", "hackernews/algolia_item_17.json",
                "staticman/pencil-53-review")


def test_corpus_pages_saved_in_two_dated_folders_are_read_as_the_local_engine_reads_them(scheduler, tmp_path):
    """Real pages of eight formats (a Staticman page folder of one file per comment among them),
    each saved in ``2024-01/`` and ``2024-02/``: one thread each on both engines (they were two
    on Dask), the same bytes and notes."""
    sources = [corpus(name) for name in CORPUS_FILES]
    for day in ("2024-01", "2024-02"):
        (tmp_path / "in" / day).mkdir(parents=True)
        for source in sources:
            (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / "in" / day / source.name)
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    got_local, got_dask = _both(["parse"], tmp_path / "in", local, dask, scheduler)
    assert dask.read_bytes() == local.read_bytes()
    assert got_dask.stderr == got_local.stderr
    alone = run("parse", *map(str, sources))
    assert got_dask.stderr.splitlines()[-1].split(";")[:2] == alone.stderr.splitlines()[-1].split(";")[:2]
