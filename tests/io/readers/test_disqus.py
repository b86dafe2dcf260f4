"""Disqus XML exports: threads, parents, deleted and spam comments."""

from __future__ import annotations

from conftest import FIXTURES, corpus, read


def by_id(result):
    return {c.id: c for c in result.comments}


def test_disqus_threads_parents_deleted_and_spam():
    result = read(FIXTURES / "disqus_small.xml")
    (pt,) = result.threads
    assert (pt.thread.site, pt.thread.thread_id, pt.thread.title) == (
        "newsportal.example.com", "900", "Xiaomi locks phones in Crimea")
    c = by_id(result)
    assert c["1"].text == "Sanctions hit ordinary people first.\n\nSecond paragraph & more."
    assert (c["2"].parent_id, c["3"].parent_id, c["3"].depth) == ("1", "2", 2)
    assert c["3"].status == "deleted" and c["4"].status == "spam"


def test_one_site_per_export_and_post_fields_kept():
    """A thread whose forum links only ``localhost``, one without forum and one only a post
    names take the export's site (not the file stem); a post's own ``<id>`` and an
    unreadable ``isSpam`` stay in meta (flagged ``invalid_value``); meta values trimmed."""
    result = read(FIXTURES / "disqus_mixed_export.xml")
    assert {pt.thread.thread_id: pt.thread.site for pt in result.threads} == {
        "71": "stadtblog.example.de", "72": "stadtblog.example.de", "73": "stadtblog.example.de",
        "99": "stadtblog.example.de"}
    c = by_id(result)
    assert c["501"].meta["id"] == "8806312945511377201" and "id" not in c["502"].meta
    assert (c["501"].status, c["501"].flags, c["501"].meta["isSpam"]) == ("visible", ["invalid_value"], "ja")
    assert c["501"].meta["author"]["email"] == "leser@example.de"


def test_corpus_isso_one_site_remark42_ids_and_bad_values():
    """isso's export: thread 2 links example.org; threads 3 (no link), 7 (localhost) and
    1337 (named only by a post) take it too. remark42's: each post's ``<id>`` in meta, the
    unreadable ``isSpam="123"`` kept as given."""
    isso = read(corpus("disqus/isso__disqus.xml"))
    assert {pt.thread.thread_id: pt.thread.site for pt in isso.threads} == dict.fromkeys(
        ["2", "3", "7", "1337"], "example.org")
    remark = by_id(read(corpus("disqus/remark42__disqus.xml")))
    assert remark["299619020"].meta["id"] == "3565798471341011339"
    assert remark["x299986073"].meta["isSpam"] == "123" and "invalid_value" in remark["x299986073"].flags


def test_thread_title_entities_decoded_once():
    """Disqus writes a thread's title HTML-escaped inside CDATA: the title is the page's."""
    result = read(FIXTURES / "exports" / "disqus_anonymous.xml")
    assert result.threads[0].thread.title == "Xiaomi & co \u2013 gesperrt"


def _cut(tmp_path, source, lines: int):
    """``source``'s first ``lines`` lines, as an interrupted download leaves them."""
    cut = tmp_path / f"cut{lines}.xml"
    cut.write_text("".join(source.read_text(encoding="utf-8").splitlines(keepends=True)[:lines]), encoding="utf-8")
    return cut


def test_an_export_cut_short_is_a_loss_naming_where_not_a_repair(tmp_path):
    """An export cut inside a post, or between two posts: the posts before the cut are read,
    the loss is one error naming the line (exit 1), never "repaired" with exit 0 and the
    cut-off post dropped uncounted. The whole file still reads cleanly."""
    from conftest import jsonl_records, run

    source = FIXTURES / "disqus_mixed_export.xml"
    whole = run("parse", str(source))
    assert whole.exit_code == 0 and "error" not in whole.stderr
    inside = run("parse", str(_cut(tmp_path, source, 46)))  # inside post 503, its message complete
    assert inside.exit_code == 1
    assert (f"error: {tmp_path / 'cut46.xml'}: line 43: the file ends inside this <post> (dsq:id=\"503\") (cut short: "
            "truncated XML): it and anything after it are lost") in inside.stderr.splitlines()
    assert "repaired" not in inside.stderr
    assert [r["id"] for r in jsonl_records(inside.stdout) if r["record"] == "comment"] == ["501", "502"]
    between = run("parse", str(_cut(tmp_path, source, 42)))  # after post 502: whatever followed is unknown
    assert between.exit_code == 1
    assert (f"error: {tmp_path / 'cut42.xml'}: line 42: the file ends before </disqus> (cut short: truncated XML): "
            "whatever followed is lost") in between.stderr.splitlines()


def test_corpus_exports_cut_short_report_their_loss(tmp_path):
    """Both real Disqus exports (remark42's with a stray character before its declaration),
    cut at every 10th line: exit 1 and one error naming the cut, each time."""
    from conftest import run

    for name in ("disqus/isso__disqus.xml", "disqus/remark42__disqus.xml"):
        source = corpus(name)
        total = len(source.read_text(encoding="utf-8").splitlines())
        for lines in range(20, total, 10):
            result = run("parse", str(_cut(tmp_path, source, lines)))
            if "no element found" in result.stderr and result.exit_code == 1 and "ends " not in result.stderr:
                continue  # nothing readable before the cut: the whole file is the error
            assert result.exit_code == 1, (name, lines, result.stderr)
            assert "(cut short: truncated XML)" in result.stderr, (name, lines, result.stderr)
