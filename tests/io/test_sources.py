"""Inputs: encodings, compression, binary data."""

from __future__ import annotations

import bz2
import gzip
import lzma
from pathlib import Path

import pytest

from comments.model.errors import InputError
from comments.io.sources import decode, decompress

TEXT = "id,parent_id,text\n1,,Grüße aus Köln – „Zitat“\n"


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"),
    lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    lambda t: t.encode("utf-16"),
    lambda t: t.encode("utf-16-le"),
    lambda t: t.replace("\n", "\r\n").encode("utf-8"),
])
def test_text_encodings_and_line_ends(encode):
    assert decode(encode(TEXT)) == TEXT


def test_windows_1252_is_decoded_with_a_note():
    notes: list[str] = []
    assert decode(TEXT.encode("cp1252"), notes) == TEXT
    assert "Windows-1252" in notes[0]


@pytest.mark.parametrize("pack", [gzip.compress, bz2.compress, lzma.compress])
def test_compressed_inputs(pack):
    assert decompress(pack(TEXT.encode()), "x") == TEXT.encode()


def test_truncated_compressed_data_is_an_input_error():
    with pytest.raises(InputError, match="truncated"):
        decompress(gzip.compress(TEXT.encode() * 100)[:30], "x")


def test_binary_garbage_is_unknown_format():
    import random

    rng = random.Random(1)
    data = bytes(rng.randrange(256) for _ in range(4000))
    with pytest.raises(InputError, match="binary"):
        decode(data)


def test_a_folder_with_nothing_to_read_is_an_error_and_the_other_inputs_are_read(tmp_path):
    from comments.io.pipeline import read_inputs

    (tmp_path / "empty").mkdir()
    (tmp_path / "only_hidden").mkdir()
    (tmp_path / "only_hidden" / ".x.jsonl").write_text('{"id": "1", "text": "hidden"}\n', encoding="utf-8")
    good = tmp_path / "good.jsonl"
    good.write_text('{"id": "1", "text": "Hallo"}\n', encoding="utf-8")
    result = read_inputs([str(tmp_path / "empty"), str(tmp_path / "only_hidden"), str(good)])
    assert result.errors == [f"{tmp_path / 'empty'}: no file to read in this folder",
                             f"{tmp_path / 'only_hidden'}: no file to read in this folder"]
    assert [c.text for c in result.comments] == ["Hallo"]


@pytest.mark.parametrize("folder", ["_files", "-Dateien"])
def test_a_page_saved_complete_is_read_without_its_resource_folder(tmp_path, folder):
    """A browser's "Save page, complete" writes NAME.html and NAME_files/ (Firefox in German: NAME-Dateien/) of
    images, scripts, styles and iframes: the folder is skipped with a note, not read as more sites and threads."""
    import shutil

    from conftest import FIXTURES
    from comments.io.pipeline import read_inputs

    page = tmp_path / "Xiaomi sperrt Handys – Blog.html"
    shutil.copy(FIXTURES / "wp_comments.html", page)
    resources = tmp_path / f"Xiaomi sperrt Handys – Blog{folder}"
    resources.mkdir()
    (resources / "jquery.min.js").write_text("var x=1;function f(){return x}\n", encoding="utf-8")
    (resources / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (resources / "saved_resource.html").write_text("<html><body><p>Werbung</p></body></html>", encoding="utf-8")
    other = tmp_path / "notes_files"  # no page of that name: a folder of the user's, read as such
    other.mkdir()
    (other / "more.jsonl").write_text('{"id": "1", "text": "Hallo"}\n', encoding="utf-8")
    result = read_inputs([str(tmp_path)])
    assert not result.errors, result.errors
    assert sorted(pt.thread.site for pt in result.threads) == ["handyblog.example.org", "more"]
    assert any(f"{resources}: skipped: the images, scripts and styles of the saved page {page.name}; it holds "
               f"1 HTML file, frames of the page such as a comment widget (give them as inputs to read them): "
               f"{resources.name}/saved_resource.html" in n for n in result.notes), result.notes


def test_a_page_that_declares_windows_1252_is_decoded_without_a_note():
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"/></head>'
            "<body><p>Grüße aus Köln – „Zitat“</p></body></html>")
    notes: list[str] = []
    assert decode(page.encode("cp1252"), notes) == page
    assert notes == []
    undeclared = page.replace("; charset=windows-1252", "")
    decode(undeclared.encode("cp1252"), notes)
    assert "Windows-1252" in notes[0]


def test_mirror_folder_skips_robots_txt_and_httrack_files_with_a_note(tmp_path):
    """wget -m / HTTrack folders: robots.txt, hts-log.txt and hts-cache/ are no pages (each
    noted as skipped); the pages are read, and the same names given directly still are."""
    from comments.io.sources import expand

    site = tmp_path / "gardenbeat.net"
    (site / "hts-cache").mkdir(parents=True)
    (site / "hts-cache" / "new.txt").write_text("200\tadded\thttps://gardenbeat.net/\n")
    for name, text in [("robots.txt", "User-agent: *\nDisallow: /wp-admin/\n"),
                       ("hts-log.txt", "HTTrack3.49-2 launched on Thu, 23 Sep 2021 14:34:56\n"),
                       ("index.html", "<!DOCTYPE html><html><body><p>x</p></body></html>")]:
        (site / name).write_text(text)
    notes: list[str] = []
    assert expand([str(tmp_path)], notes) == [str(site / "index.html")]
    assert sorted(n.split(": skipped: ")[1] for n in notes) == [
        "HTTrack's cache, not a page", "HTTrack's crawl log, not a page", "the site's robots.txt, not a page"]
    assert expand([str(site / "robots.txt")]) == [str(site / "robots.txt")]


def test_inputs_are_read_in_natural_order_whatever_order_they_are_named_in(tmp_path):
    """Pages of one thread saved as page1, page2, page10 (review, session 18): sorted as
    strings page10 came before page2, so its comments' positions went out of order; numbers
    in names are compared as numbers, for named inputs and inside folders alike."""
    from comments.io.sources import expand, natural_key

    names = ["thread-page10.html", "thread-page2.html", "thread-page1.html", "RC_2021-10.zst", "RC_2021-9.zst"]
    for name in names:
        (tmp_path / name).write_text("x")
    want = ["RC_2021-9.zst", "RC_2021-10.zst", "thread-page1.html", "thread-page2.html", "thread-page10.html"]
    assert [Path(p).name for p in expand([str(tmp_path / n) for n in names])] == want
    assert [Path(p).name for p in expand([str(tmp_path)])] == want
    assert sorted(["a01", "a1", "a001"], key=natural_key) == ["a001", "a01", "a1"]  # ties: the names themselves


@pytest.mark.parametrize("folder", ["nested-replies", "parent-field"])
@pytest.mark.parametrize("given", [".", "./"])
def test_a_folder_given_as_dot_is_named_by_the_folder_it_is(monkeypatch, folder, given):
    """``comments parse .`` inside a Staticman page folder gave every comment site "" and thread "":
    ``Path(".").name`` is empty; the folder's own name stands in, as for ``../FOLDER``."""
    from conftest import FIXTURES, read

    path = FIXTURES / "staticman" / folder
    named = [(pt.thread.site, pt.thread.thread_id) for pt in read(path).threads]
    monkeypatch.chdir(path)
    assert [(pt.thread.site, pt.thread.thread_id) for pt in read(given).threads] == named
    assert named[0][0] == folder


def test_path_name_of_the_working_folder_and_its_parent(monkeypatch, tmp_path):
    from comments.io.sources import Source, path_name

    (tmp_path / "blog.example__post").mkdir()
    monkeypatch.chdir(tmp_path / "blog.example__post")
    assert path_name(Path(".")) == Source(".", b"", Path(".")).stem == "blog.example__post"
    assert path_name(Path("..")) == tmp_path.name and path_name(Path("x.json")) == "x.json"


def test_files_an_os_or_app_leaves_and_unfinished_downloads_are_skipped_in_folders_with_a_note(tmp_path):
    """A folder copied off Windows/Office or filled by a browser (folders21, session 21): Thumbs.db made
    every run exit 1, desktop.ini, an Office lock file and a half-downloaded page became sites and
    threads, and an editor's backup was read as data a second time. Inside a folder each is skipped
    with a note saying what it is; named as an input, a file is read as asked."""
    from comments.io.sources import expand

    folder = tmp_path / "export"
    folder.mkdir()
    comment = '{"id": "1", "text": "Danke für den Artikel."}\n'
    files = {"comments.jsonl": comment, "comments.jsonl~": comment, "Thumbs.db": "\x00\x01OLE",
             "desktop.ini": "[.ShellClassInfo]\r\nIconResource=x\r\n", "~$bericht.docx": "\x00lock",
             "page.html.crdownload": "<html><body><p>Erster Kommentar</p>", "page2.html.part": "<html><body>"}
    for name, text in files.items():
        (folder / name).write_text(text)
    notes: list[str] = []
    assert expand([str(folder)], notes) == [str(folder / "comments.jsonl")]
    said = {n.split(": skipped: ")[0].rsplit("/", 1)[1]: n.split(": skipped: ")[1] for n in notes}
    assert said["Thumbs.db"].startswith("Windows' thumbnail cache, not comments")
    assert said["desktop.ini"].startswith("Windows' folder settings")
    assert said["~$bericht.docx"].startswith("an Office lock file")
    assert said["comments.jsonl~"].startswith("an editor's backup copy")
    assert said["page.html.crdownload"].startswith("Chrome's unfinished download")
    assert said["page2.html.part"].startswith("Firefox's unfinished download")
    assert len(notes) == 6
    assert expand([str(folder / "desktop.ini")]) == [str(folder / "desktop.ini")]


def test_a_folder_of_junk_only_exits_clean_in_the_cli(tmp_path):
    """End to end: the junk no longer fails the run or becomes a site; the comments are read."""
    from typer.testing import CliRunner

    from comments.cli import app

    (tmp_path / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (tmp_path / "blog.example__post.jsonl").write_text('{"id": "1", "text": "Guter Punkt."}\n')
    (tmp_path / "desktop.ini").write_text("[.ShellClassInfo]\r\n")
    out = tmp_path / "o.jsonl"
    result = CliRunner().invoke(app, ["parse", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 comment" in result.output and "Thumbs.db: skipped" in result.output
    assert out.read_text().count('"site"') == 2  # one thread record and one comment, both of site blog.example
