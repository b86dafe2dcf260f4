"""Inputs that share a file name, told apart by what they hold (session 22: review21a #2 and #5,
newcomer21 F0): snapshots of one page in dated folders are one thread, a folder per site whose
rows name the same thread id keeps its sites apart, and a saved page's text copy joins the
thread the page's canonical link names."""

from __future__ import annotations

import csv
import html as html_lib
import json
import re
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
    thread, and the folders' names differ only in numbers: one thread of site ``comments``, the guess said
    (session 24, review24a F8)."""
    _site_export(tmp_path / "m" / "2024-01", [("1", "", "42", "Anna", "Erster Kommentar"), ("2", "1", "42", "Bob", "Antwort")])
    _site_export(tmp_path / "m" / "2024-02", [("3", "", "42", "Carl", "Später"), ("4", "3", "42", "Dora", "Auch später")])
    got = read(tmp_path / "m")
    assert [(pt.thread.site, pt.thread.thread_id, len(pt.comments)) for pt in got.threads] == [("comments", "42", 4)]
    assert [n for n in got.notes if "share the name" in n] == [
        f"2 files in 2 folders share the name comments and their records name the same thread (42) with other "
        f"comments; the folders below {tmp_path / 'm'} differ only in numbers: read as parts of one export, one "
        f"thread (--site NAME=PATH reads each folder as a site)"]


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


def test_a_staticman_folder_saved_twice_keeps_its_page_and_site(tmp_path):
    """A Staticman page folder (one file per comment, the folder names the page and site) saved in two dated
    folders: every comment file shares its name with its copy, and the name chosen for the copies replaced the
    stem the reader had taken from the page's folder — 78 threads of one comment each, a site per file, 47
    orphans. Now one thread of the folder's site, each comment once."""
    page = corpus("staticman/pencil-53-review")
    alone = read(page)
    for day in ("2024-01", "2024-02"):
        shutil.copytree(page, tmp_path / day / page.name)
    got = read(tmp_path)
    assert [(pt.thread.site, pt.thread.thread_id) for pt in got.threads] == \
        [(pt.thread.site, pt.thread.thread_id) for pt in alone.threads] == [("pencil-53-review",
                                                                             "/mastering-paper/pencil-53-review/")]
    assert got.comment_total() == alone.comment_total() == 78 and not got.flag_counts()
    assert got.cross_input_duplicates == 78


# Session 23 (review23a F1, F2, F6, F7, F9, F11; mixed23 F4, F8): joined only on evidence that holds for both files.

PIN = "Bitte beachten Sie unsere Netiquette. Beleidigende Kommentare werden gelöscht."


def _jsonl(path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_one_shared_pinned_note_does_not_join_articles(tmp_path):
    """review23a F1: a folder per article, each file the site's pinned note (id 1) and 0–3 readers' comments
    (ids 2…): one thread of every article, its comments flagged duplicate_id "(an edited copy?)"; now a thread
    per article, every comment kept, nothing flagged. So with no authors and one "Danke!" shared."""
    comments = read(SEED).comments
    sizes = [0, 1, 3, 2, 0, 3, 1]
    at = 0
    for a, n in enumerate(sizes):
        rows = [{"id": "1", "author": "Redaktion", "text": PIN}]
        rows += [{"id": str(i + 2), "author": c.author, "text": c.text} for i, c in enumerate(comments[at:at + n])]
        at += n
        _jsonl(tmp_path / "pin" / f"art-{a:03d}" / "comments.jsonl", rows)
    got = read(tmp_path / "pin")
    assert [(pt.thread.thread_id, len(pt.comments)) for pt in got.threads] == [
        (f"art-{a:03d}/comments", n + 1) for a, n in enumerate(sizes)]
    assert not got.flag_counts() and not got.cross_input_duplicates
    _jsonl(tmp_path / "danke" / "a" / "comments.jsonl", [{"id": "1", "text": "Danke!"},
                                                        {"id": "2", "text": "Die Bahn ist wieder zu spät."}])
    _jsonl(tmp_path / "danke" / "b" / "comments.jsonl", [{"id": "1", "text": "Danke!"},
                                                        {"id": "2", "text": "Der Bus fährt heute nicht."},
                                                        {"id": "3", "text": "Stimmt."}])
    got = read(tmp_path / "danke")
    assert [(pt.thread.thread_id, len(pt.comments)) for pt in got.threads] == [("a/comments", 2), ("b/comments", 3)]
    assert not got.flag_counts() and not got.cross_input_duplicates


def test_a_pinned_note_with_a_site_wide_id_does_not_join_articles(tmp_path):
    """Ids unique across the site (the pin is 9000 everywhere, readers' ids differ): one id that agrees is no
    evidence; two articles whose only comment is the pin stay two threads too."""
    comments = read(SEED).comments
    for a, n in enumerate([2, 0, 0]):
        rows = [{"id": "9000", "author": "Redaktion", "text": PIN}]
        rows += [{"id": str(100 * a + i), "author": c.author, "text": c.text} for i, c in enumerate(comments[a:a + n])]
        _jsonl(tmp_path / "ids" / f"art-{a}" / "comments.jsonl", rows)
    got = read(tmp_path / "ids")
    assert [(pt.thread.thread_id, len(pt.comments)) for pt in got.threads] == [
        ("art-0/comments", 3), ("art-1/comments", 1), ("art-2/comments", 1)]


def test_sites_sharing_a_worded_welcome_under_other_ids_stay_apart(tmp_path):
    """review23a F9: ``siteA/comments.csv`` (ids 11–12) and ``siteB/comments.csv`` (ids 901–903), both naming
    thread 42, share only the admin's welcome (other ids): one thread of both sites' comments, no note; now
    each folder is the site of its thread, noted."""
    welcome = ("11", "", "42", "admin", "Willkommen in der Diskussion")
    _site_export(tmp_path / "s" / "siteA", [welcome, ("12", "11", "42", "Anna", "Heise eins")])
    _site_export(tmp_path / "s" / "siteB", [("901", *welcome[1:]), ("902", "901", "42", "Carl", "Spiegel eins"),
                                            ("903", "", "42", "Dora", "Spiegel zwei")])
    got = read(tmp_path / "s")
    assert [(pt.thread.site, pt.thread.thread_id, len(pt.comments)) for pt in got.threads] == [
        ("siteA", "42", 2), ("siteB", "42", 3)]
    assert sum("their records name the same thread (42) with other comments" in n for n in got.notes) == 1


def test_a_text_copy_of_another_article_beside_a_page_keeps_its_thread(tmp_path):
    """review23a F2 and F6's note: ``b/post.txt`` (the seed, another article) beside ``b/post.html`` (a real
    page) joined the page's thread (25 comments under its address, a false "page says 8, found 33"); it is
    its own thread now. ``a/post.txt`` (a copy of ``a/post.html``) still joins its page, and the note on
    folder paths names only the thread that exists (``b/post``)."""
    page = corpus("html_comments/stylegart.de__naturkosmetik.html")
    html = (FIXTURES / "copies" / "why-cmake.html").read_text(encoding="utf-8")
    url = "https://buildnotes.example.org/why-cmake/"
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "post.html").write_text(html.replace("<head>", f'<head><link rel="canonical" href="{url}">'),
                                              encoding="utf-8")
    shutil.copy(FIXTURES / "copies" / "why-cmake.txt", tmp_path / "a" / "post.txt")
    (tmp_path / "b").mkdir()
    shutil.copy(page, tmp_path / "b" / "post.html")
    shutil.copy(SEED, tmp_path / "b" / "post.txt")
    got = read(tmp_path)
    alone = read(page)
    assert sorted((pt.thread.thread_id, len(pt.comments)) for pt in got.threads) == sorted([
        (url, 5), (alone.threads[0].thread.thread_id, alone.comment_total()), ("b/post", read(SEED).comment_total())])
    assert not [n for n in got.notes if "page says" in n]
    assert [n for n in got.notes if "share the name post" in n] == [
        f"4 files in 2 folders share the name post: each thread named from its file takes its folder path below "
        f"{tmp_path} (b/post)"]


def test_a_wordpress_rest_export_beside_its_page_is_one_thread(tmp_path):
    """mixed23 F4: ``post.json`` (``/wp/v2/comments``: the page's ids, ``post`` 4711, ``link`` = the page's
    address + ``#comment-N``) beside ``post.html`` were two threads of one site, every comment twice, no
    note; the export's thread joins the page's address, each comment once, noted."""
    page = corpus("html_comments/foxyfolksy.com__buttercream.html")
    alone = read(page)
    url = alone.threads[0].thread.thread_id
    rows = [{"id": int(c.id), "post": 4711, "parent": int(c.parent_id or 0), "author_name": c.author,
             "date": (c.created_at or "")[:19], "link": f"{url}#comment-{c.id}", "status": "approved",
             "type": "comment", "content": {"rendered": "".join(
                 "<p>" + html_lib.escape(p).replace("\n", "<br />\n") + "</p>\n" for p in c.text.split("\n\n"))}}
            for c in alone.comments]
    shutil.copy(page, tmp_path / "post.html")
    (tmp_path / "post.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    got = read(tmp_path)
    assert [(pt.thread.thread_id, len(pt.comments)) for pt in got.threads] == [(url, alone.comment_total())]
    assert got.cross_input_duplicates == alone.comment_total() and not got.flag_counts()
    assert f"{tmp_path / 'post.json'}: its thread 4711 (the same comments) read as thread {url}, which " \
           f"{tmp_path / 'post.html'} (the same file name) names" in got.notes


def test_a_csv_export_beside_a_paged_page_keeps_its_unloaded_count(tmp_path):
    """mixed23 F8: ``post.csv`` (the page's 25 comments, read first) beside ``post.html`` (a wpDiscuz page
    stating 112) wiped the 87 unloaded comments, the loss unreported; the page's counts survive the join."""
    page = corpus("html_comments/backenmachtgluecklich.de__zitronenkuchen.html")
    alone = read(page)
    shutil.copy(page, tmp_path / "post.html")
    with open(tmp_path / "post.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "parent_id", "author", "created_at", "text"])
        writer.writerows([c.id, c.parent_id or "", c.author or "", c.created_at or "", c.text] for c in alone.comments)
    got = read(tmp_path)
    [pt] = got.threads
    assert alone.threads[0].thread.unloaded_count > 0
    assert (pt.thread.declared_count, pt.thread.unloaded_count, len(pt.comments)) == (
        alone.threads[0].thread.declared_count, alone.threads[0].thread.unloaded_count, alone.comment_total())


def test_a_later_snapshot_with_one_new_reply_keeps_the_newer_count(tmp_path):
    """review23a F7: the seed and the same page a day later with one new reply ("26 Kommentare"): the reply
    was ``c4~2`` flagged duplicate_id "(an edited copy?)" (the text copies number by place, and every later
    comment moved one down) and the thread said "page says 25, found 26" (the older count kept); the reply is
    kept unflagged as ``c4~2`` and the newer copy's count is kept, both noted."""
    text = SEED.read_text(encoding="utf-8")
    anchor = "      • Quelle?\n"
    assert text.count(anchor) == 1 and text.count("25 Kommentare") == 1
    later = text.replace("25 Kommentare", "26 Kommentare").replace(
        anchor, anchor + "\n      • Hier ist die Quelle: ein Bericht der Global Times vom Montag.\n")
    for day, body in (("d1", text), ("d2", later)):
        (tmp_path / day).mkdir()
        (tmp_path / day / "x.txt").write_text(body, encoding="utf-8")
    got = read(tmp_path)
    [pt] = got.threads
    assert (pt.thread.declared_count, len(pt.comments)) == (26, 26)
    assert not got.flag_counts() and got.cross_input_duplicates == 25  # the new reply is no "edited copy"
    assert [c.text for c in pt.comments if c.id == "c4~2"] == ["Hier ist die Quelle: ein Bericht der Global Times vom Montag."]
    assert f"{tmp_path / 'd2' / 'x.txt'}: thread x: its page states 26 comments, an earlier copy 25: this newer " \
           f"copy's count is kept (read later)" in got.notes


def test_a_comment_page_address_holding_every_comment_is_not_paged(tmp_path):
    """review23a F11: a WordPress page whose canonical and og:url end in ``/comment-page-1/`` and that holds
    all 8 comments it states was said to be "split over pages"; it is not."""
    html = corpus("html_comments/stylegart.de__naturkosmetik.html").read_text(encoding="utf-8")
    alone = read(corpus("html_comments/stylegart.de__naturkosmetik.html"))
    url = alone.threads[0].thread.url
    assert url.endswith("/") and html.count(f'"{url}"') >= 1
    (tmp_path / "p.html").write_text(html.replace(f'"{url}"', f'"{url}comment-page-1/"'), encoding="utf-8")
    got = read(tmp_path / "p.html")
    assert not [n for n in got.notes if "split over pages" in n]
    assert (got.threads[0].thread.url, got.threads[0].thread.unloaded_count) == (url, 0)


# Session 24 (review24a F1, F3, F4, F5, F7, F8): joined only when nothing of the files says they differ.

def _rest_rows(comments, url: str, more: list) -> list[dict]:
    """A WordPress REST ``/wp/v2/comments`` export of ``comments`` (the page's ids) and ``more`` (new ids)."""
    rows = [(int(c.id), int(c.parent_id or 0), c) for c in comments]
    rows += [(900000 + i, 0, c) for i, c in enumerate(more)]
    return [{"id": cid, "post": 4711, "parent": parent, "author_name": c.author, "date": (c.created_at or "")[:19],
             "link": f"{url}#comment-{cid}", "status": "approved", "type": "comment",
             "content": {"rendered": "<p>" + html_lib.escape(c.text).replace("\n", "<br />\n") + "</p>\n"}}
            for cid, parent, c in rows]


def test_an_export_beside_a_paged_page_counts_its_unloaded_comments_in_either_order(tmp_path):
    """review24a F4: a REST export (the page's 25 comments and 10 more) beside a wpDiscuz page stating 112 said
    "87 unloaded" (122 for 112) when the export was read after the page (``post.json`` after ``post.html``), but
    77 when read before it (``post.csv``); 112 − 35 = 77 in either order."""
    page = corpus("html_comments/backenmachtgluecklich.de__zitronenkuchen.html")
    alone = read(page)
    stated = alone.threads[0].thread.declared_count
    url = alone.threads[0].thread.thread_id
    more = read(SEED).comments[:10]
    rows = _rest_rows(alone.comments, url, more)
    for name in ("post.json", "post.csv"):
        folder = tmp_path / name.replace(".", "_")
        folder.mkdir()
        shutil.copy(page, folder / "post.html")
        if name == "post.json":
            (folder / name).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        else:
            with open(folder / name, "w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(["id", "parent_id", "author", "created_at", "text"])
                writer.writerows([r["id"], r["parent"] or "", r["author_name"], r["date"],
                                  html_lib.unescape(r["content"]["rendered"][3:-5].replace("<br />", ""))] for r in rows)
        got = read(folder)
        [pt] = got.threads
        total = alone.comment_total() + len(more)
        assert (pt.thread.declared_count, len(pt.comments), pt.thread.unloaded_count) == (stated, total, stated - total), name


def test_two_sites_naming_thread_42_for_other_comment_ids_stay_apart(tmp_path):
    """review24a F8: ``heise/comments.csv`` (ids 101–102) and ``spiegel/comments.csv`` (ids 5001–5003), both naming
    thread 42, were one thread 42 of both sites' comments, silently; folders of other names are each the site of
    its thread 42 now, said with --site."""
    _site_export(tmp_path / "s" / "heise", [("101", "", "42", "Anna", "Heise eins, ein Kommentar"),
                                            ("102", "101", "42", "Bob", "Heise Antwort dazu")])
    _site_export(tmp_path / "s" / "spiegel", [("5001", "", "42", "Carl", "Spiegel eins hier"),
                                              ("5002", "5001", "42", "Dora", "Spiegel Antwort dort"),
                                              ("5003", "", "7", "Eve", "Spiegel anders")])
    got = read(tmp_path / "s")
    assert [(pt.thread.site, pt.thread.thread_id, len(pt.comments)) for pt in got.threads] == [
        ("heise", "42", 2), ("spiegel", "42", 2), ("spiegel", "7", 1)]
    assert not got.flag_counts()
    assert sum("their records name the same thread (42) with other comments: each folder below" in n
               and "--site NAME=PATH" in n for n in got.notes) == 1


def _short_page(title: str, article: str, comments: list[tuple[str, str, str]]) -> str:
    """A WordPress article as lynx -nolist gives it: title, article, count, the numbered comment list."""
    lines = [title, "", article, "", f"{len(comments)} Kommentare", ""]
    for n, (author, when, text) in enumerate(comments, 1):
        lines += [f"    {n}. {author} sagt:", *([f"       {when}"] if when else []), f"       {text}"]
    return "\n".join(lines) + "\n"


def test_two_short_articles_sharing_generic_comments_stay_apart(tmp_path):
    """review24a F3: two different short articles (other titles and texts), each with Maria's "Toller Beitrag!"
    and the blog's "Danke!" (May and June) and one own question, were one thread: b's title and text dropped
    ("kept the first"), Jonas's question flagged "an edited copy?". Shared comments dated a month apart are other
    comments; without dates, the other title and article tell them apart (said)."""
    pages = {"a": ("Zitronenkuchen vom Blech", "Ein saftiger Kuchen für den Sommer, mit viel Zitrone und wenig Zucker.",
                   "Mai", "Kann ich statt Zitrone auch Orange nehmen?"),
             "b": ("Schokoladentorte ohne Mehl", "Eine Torte für Geburtstage, ganz ohne Mehl und trotzdem locker.",
                   "Juni", "Wie lange hält sich die Torte im Kühlschrank?")}
    for dated in (True, False):
        root = tmp_path / ("dated" if dated else "undated")
        for name, (title, article, month, question) in pages.items():
            (root / name).mkdir(parents=True)
            when = (lambda day: f"{day}. {month} 2021 um 10:00") if dated else (lambda day: "")
            (root / name / "post.txt").write_text(_short_page(title, article, [
                ("Maria", when(2), "Toller Beitrag!"), ("Backen macht glücklich", when(3), "Danke!"),
                ("Jonas", when(4), question)]), encoding="utf-8")
        got = read(root)
        assert sorted((pt.thread.thread_id, pt.thread.title, len(pt.comments)) for pt in got.threads) == [
            ("a/post", pages["a"][0], 3), ("b/post", pages["b"][0], 3)], dated
        assert not got.flag_counts() and not got.cross_input_duplicates
        told = [n for n in got.notes if "other titles and articles" in n]
        assert told == ([] if dated else [f"{root / 'a' / 'post.txt'} and {root / 'b' / 'post.txt'} share 2 comments "
                                          f"but have other titles and articles: read as two threads"])
        # the same page saved twice (no dates, or the same ones) is still one thread
        for name in ("a", "b"):
            (root / name / "post.txt").write_text((root / "a" / "post.txt").read_text(encoding="utf-8"), encoding="utf-8")
        assert [(pt.thread.thread_id, len(pt.comments)) for pt in read(root).threads] == [("post", 3)]


LEMIRE = "plaintext_en/01-16-comment-best-programming-language-for-high-performance-january-2017.lynx.txt"
SKAND = "       I really like this way of reasoning about languages. I have, however, a bone to pick\n"
NEW_THREAD = ("    1. Newbie says:\n       February 2, 2017 at 9:00 am\n       Is this still true today, with Rust?\n"
              "         1. Daniel Lemire says:\n            February 2, 2017 at 10:00 am\n"
              "            Rust is a fine choice too.\n")


def _top_levels_down(text: str) -> str:
    """The page's top-level comments numbered one further down (a new thread on top of a newest-first page)."""
    return re.sub(r"^ {3,4}([0-9]{1,2})\. ", lambda m: f"{int(m.group(1)) + 1:>5}. ", text, flags=re.M)


def _two_snapshots(root, text: str, later: str):
    """The lynx copy ``text`` saved in ``2017-01/`` and ``later`` in ``2017-02/``: (the corpus copy read
    alone, both read, their one thread)."""
    for day, body in (("2017-01", text), ("2017-02", later)):
        (root / day).mkdir()
        (root / day / "best.txt").write_text(body, encoding="utf-8")
    got = read(root)
    [pt] = got.threads
    return read(corpus(LEMIRE)), got, pt


def test_a_new_thread_on_top_and_an_edited_comment_in_a_later_snapshot(tmp_path):
    """review24a F1: dated lynx copies of a page, the later one with a new thread on top (Newbie and a reply)
    and the first comment edited (Skand's). Deciding per place-made id flagged the NEW comment "an edited
    copy?", left the edited one unflagged, and the new reply's parent was the old c1 (Skand), not Newbie. Now
    the words decide: Skand's edit is flagged and noted, Newbie and the reply are new, the reply under Newbie."""
    text = corpus(LEMIRE).read_text(encoding="utf-8")
    assert text.count(SKAND) == 1 and text.count("    1. Skand Hurkat says:\n") == 1
    later = _top_levels_down(text).replace("    2. Skand Hurkat says:\n", NEW_THREAD + "    2. Skand Hurkat says:\n")
    later = later.replace(SKAND, "       EDITED: I take back what I said about CMake; it is no build system for everyone.\n")
    alone, got, pt = _two_snapshots(tmp_path, text, later)
    assert len(pt.comments) == alone.comment_total() + 3  # Newbie, the reply, Skand's edit kept as well
    thread = alone.threads[0].thread.thread_id
    by_author = {c.author: c for c in pt.comments if c.author in ("Newbie", "Skand Hurkat") and "~" in c.id}
    assert set(by_author) == {"Newbie", "Skand Hurkat"}
    assert by_author["Skand Hurkat"].flags == ["duplicate_id"] and not by_author["Newbie"].flags
    [reply] = [c for c in pt.comments if c.text == "Rust is a fine choice too."]
    assert reply.parent_id == by_author["Newbie"].id and not reply.flags
    assert got.flag_counts() == {"duplicate_id": 1}
    later_file = tmp_path / "2017-02" / "best.txt"
    assert [n for n in got.notes if "an edited copy?" in n] == [
        f"{later_file}: 1 comment of thread {thread} is by the author of one read from {tmp_path / '2017-01' / 'best.txt'} "
        f"whose words this copy no longer holds (c1 as {by_author['Skand Hurkat'].id}): kept as well, with flag "
        f"duplicate_id (an edited copy?)"]


def test_a_comment_deleted_in_a_later_snapshot_is_said_not_called_an_edit(tmp_path):
    """review24a F5: the later copy lacks a comment (deleted): the note said it was "kept as well, as ID~2 with
    flag duplicate_id (an edited copy?)", with no such comment in the output. Now nothing is flagged and the
    note says the earlier copy's comment is not in the later one."""
    text = corpus(LEMIRE).read_text(encoding="utf-8")
    gone = "    5. trylks says:\n"
    start = text.index(gone)
    end = text.index("    6. Olaf says:\n")
    later = text[:start] + re.sub(r"^ {3,4}([0-9]{1,2})\. ", lambda m: f"{int(m.group(1)) - 1:>5}. ", text[end:], flags=re.M)
    alone, got, pt = _two_snapshots(tmp_path, text, later)
    assert len(pt.comments) == alone.comment_total() and not got.flag_counts()
    [trylks] = [c for c in alone.comments if c.author == "trylks"]
    assert not [n for n in got.notes if "an edited copy?" in n]
    assert f"{tmp_path / '2017-02' / 'best.txt'}: 1 comment of thread {alone.threads[0].thread.thread_id} read from " \
           f"{tmp_path / '2017-01' / 'best.txt'} is not in this copy of the page ({trylks.id}): kept, as read there" \
        in got.notes


def test_a_changed_repeat_download_is_one_page_said_and_another_page_its_own_thread(tmp_path):
    """review24a F7: ``x.txt`` and ``x (1).txt`` (the page downloaded again a day later, with a new reply) were two
    threads, every common comment twice, with no note. A repeat download holding the same page is read as one
    thread now, said; one holding another page keeps its own thread, said too."""
    text = SEED.read_text(encoding="utf-8")
    anchor = "      • Quelle?\n"
    later = text.replace("25 Kommentare", "26 Kommentare").replace(
        anchor, anchor + "\n      • Hier ist die Quelle: ein Bericht der Global Times vom Montag.\n")
    (tmp_path / "same").mkdir()
    (tmp_path / "same" / "x.txt").write_text(text, encoding="utf-8")
    (tmp_path / "same" / "x (1).txt").write_text(later, encoding="utf-8")
    got = read(tmp_path / "same")
    [pt] = got.threads
    assert (pt.thread.thread_id, pt.thread.declared_count, len(pt.comments)) == ("x", 26, 26)
    assert not got.flag_counts() and got.cross_input_duplicates == 25
    assert f"{tmp_path / 'same' / 'x (1).txt'}: named as a browser names a repeat download of x and holds the " \
           f"same page as {tmp_path / 'same' / 'x.txt'} (most comments the same): read as one thread, each comment " \
           f"once" in got.notes
    (tmp_path / "other").mkdir()
    shutil.copy(SEED, tmp_path / "other" / "x.txt")
    shutil.copy(FIXTURES / "copies" / "why-cmake.txt", tmp_path / "other" / "x (1).txt")
    got = read(tmp_path / "other")
    assert sorted((pt.thread.thread_id, len(pt.comments)) for pt in got.threads) == [
        ("x", 25), ("x (1)", read(FIXTURES / "copies" / "why-cmake.txt").comment_total())]
    assert f"{tmp_path / 'other' / 'x (1).txt'}: named as a browser names a repeat download of x, but holds " \
           f"another page (too few comments the same, or another title, article or address): read as a thread of " \
           f"its own" in got.notes
