"""Inputs that share a file name, told apart by what they hold (session 22: review21a #2 and #5,
newcomer21 F0): snapshots of one page in dated folders are one thread, a folder per site whose
rows name the same thread id keeps its sites apart, and a saved page's text copy joins the
thread the page's canonical link names."""

from __future__ import annotations

import json
import shutil

from conftest import FIXTURES, ROOT, corpus, jsonl_records, read, run

SEED = ROOT / "data" / "raw" / "stadt-bremerhaven.de__xiaomi-kuba-syrien.txt"


def _snapshots(root, source, name: str, days=("2024-01", "2024-02")) -> None:
    for day in days:
        (root / day).mkdir(parents=True)
        shutil.copy(source, root / day / name)


def test_one_page_saved_in_two_dated_folders_is_one_thread(tmp_path):
    """review21a #5: ``2024-01/kk.md`` and ``2024-02/kk.md`` (the same page saved twice) were two threads,
    every comment counted twice; they are one thread, each comment once, the repeats and the reason noted."""
    for source in (SEED, corpus("plaintext_de/konstantinklein_kein-kommentar.md")):
        alone = read(source)
        root = tmp_path / source.stem
        _snapshots(root, source, "kk" + source.suffix)
        got = read(root)
        assert (got.thread_total(), got.comment_total()) == (1, alone.comment_total())
        assert got.threads[0].thread.thread_id == "kk"
        assert got.cross_input_duplicates == alone.comment_total()
        assert [n for n in got.notes if "share the name" in n] == [
            "2 files in 2 folders share the name kk and hold one page (the same comments, address or article): "
            "read as one thread"]


def _rows(comments, ids, thread: str | None = None) -> str:
    lines = []
    for i in ids:
        c = comments[i - 1]
        row = {"id": str(i), "author": c.author, "text": c.text, **({"thread_id": thread} if thread else {})}
        lines.append(json.dumps(row, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def test_a_later_snapshot_with_more_comments_joins_the_earlier_one(tmp_path):
    """A page saved again after two more comments came (ids 1–6, then 1–8, the same words): one thread of
    8 comments, the 6 repeats kept once; the same ids with other people's words stay two threads."""
    comments = read(SEED).comments
    for day, ids in (("14", range(1, 7)), ("15", range(1, 9))):
        (tmp_path / "snap" / day).mkdir(parents=True)
        (tmp_path / "snap" / day / "page.jsonl").write_text(_rows(comments, ids), encoding="utf-8")
    got = read(tmp_path / "snap")
    assert [(pt.thread.thread_id, len(pt.comments)) for pt in got.threads] == [("page", 8)]
    assert got.cross_input_duplicates == 6 and not got.flag_counts()
    (tmp_path / "other" / "16").mkdir(parents=True)
    (tmp_path / "other" / "16" / "page.jsonl").write_text(_rows(comments[10:], range(1, 7)), encoding="utf-8")
    shutil.copytree(tmp_path / "snap" / "14", tmp_path / "other" / "14")
    apart = read(tmp_path / "other")
    assert [(pt.thread.thread_id, len(pt.comments)) for pt in apart.threads] == [("14/page", 6), ("16/page", 6)]


def _site_export(folder, rows: list[tuple[str, str, str, str, str]]) -> None:
    folder.mkdir(parents=True)
    lines = ["id,parent_id,thread_id,author,text"] + [",".join(json.dumps(v) if " " in v else v for v in r)
                                                        for r in rows]
    (folder / "comments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_folder_per_site_whose_rows_name_the_same_thread_keeps_the_sites_apart(tmp_path):
    """review21a #2: ``siteA/comments.csv`` and ``siteB/comments.csv``, both naming thread 42 for their own
    comments, were one thread of site ``comments`` holding ``1~2``/``2~2`` ("an edited copy?"): each folder is
    now the site of its threads, said in one note, nothing flagged."""
    _site_export(tmp_path / "exp" / "siteA", [("1", "", "42", "Anna", "Heise eins"), ("2", "1", "42", "Bob", "Heise Antwort")])
    _site_export(tmp_path / "exp" / "siteB", [("1", "", "42", "Carl", "Spiegel eins"),
                                              ("2", "1", "42", "Dora", "Spiegel Antwort"), ("3", "", "7", "Eve", "Spiegel anders")])
    out = run("parse", str(tmp_path / "exp"))
    assert out.exit_code == 0, out.stderr
    records = jsonl_records(out.stdout)
    assert [(r["site"], r["thread_id"], r["comment_count"]) for r in records if r["record"] == "thread"] == [
        ("siteA", "42", 2), ("siteB", "42", 2), ("siteB", "7", 1)]
    assert not [r for r in records if r["record"] == "comment" and r["flags"]]
    assert out.stderr.splitlines()[-1] == "3 threads; 5 comments; no repairs"
    assert sum("their records name the same thread (42) with other comments: each folder below" in line
               for line in out.stderr.splitlines()) == 1
    assert "each thread named from its file takes its folder path" not in out.stderr  # no thread took it


def test_monthly_exports_of_one_thread_stay_one_thread(tmp_path):
    """Two months' exports of one site, both naming thread 42 for different comment ids: the records say one
    thread, and nothing tells the folders apart: one thread of site ``comments``, no note on names."""
    _site_export(tmp_path / "m" / "2024-01", [("1", "", "42", "Anna", "Erster Kommentar"), ("2", "1", "42", "Bob", "Antwort")])
    _site_export(tmp_path / "m" / "2024-02", [("3", "", "42", "Carl", "Später"), ("4", "3", "42", "Dora", "Auch später")])
    got = read(tmp_path / "m")
    assert [(pt.thread.site, pt.thread.thread_id, len(pt.comments)) for pt in got.threads] == [("comments", "42", 4)]
    assert not [n for n in got.notes if "share the name" in n]


def test_a_saved_page_with_a_canonical_link_and_its_text_copy_are_one_thread(tmp_path):
    """newcomer21 F0: ``why-cmake.html`` with ``<link rel="canonical">`` (as every WordPress page has) and
    its text copy ``why-cmake.txt`` were two threads (the URL, and ``why-cmake``), the comments counted
    twice with no note; the copy now joins the page's thread, its repeats kept once and noted."""
    html = (FIXTURES / "copies" / "why-cmake.html").read_text(encoding="utf-8")
    assert html.count("<head>") == 1 and "canonical" not in html
    url = "https://buildnotes.example.org/why-cmake/"
    (tmp_path / "why-cmake.html").write_text(html.replace("<head>", f'<head><link rel="canonical" href="{url}">'),
                                             encoding="utf-8")
    shutil.copy(FIXTURES / "copies" / "why-cmake.txt", tmp_path / "why-cmake.txt")
    got = read(tmp_path)
    assert [(pt.thread.site, pt.thread.thread_id) for pt in got.threads] == [("buildnotes.example.org", url)]
    plain = read(FIXTURES / "copies" / "why-cmake.html", FIXTURES / "copies" / "why-cmake.txt")
    assert got.comment_total() == plain.comment_total() == 5
    assert got.cross_input_duplicates == plain.cross_input_duplicates == 4
    assert f"{tmp_path / 'why-cmake.txt'}: named no thread of its own: read as thread {url}, which " \
           f"{tmp_path / 'why-cmake.html'} (the same file name) names" in got.notes
