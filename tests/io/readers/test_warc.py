"""Web archives: WARC, WARC.gz and WACZ files written at test time with warcio's writer, from the
team-written comment-system pages (fixtures/comment_systems, MIT) and, where ../shared is present,
from the html_comments pages of the shared corpus. The comments read from the archive equal those
read from the page itself, field by field; everything else an archive holds is counted, and a
damaged record is one problem naming its offset while the other records are still read."""

from __future__ import annotations

import dataclasses
import gzip
import importlib.util
import io
import re
import zipfile
import zlib

import pytest

from comments.io.pipeline import read_inputs
from conftest import FIXTURES, corpus, read, run

PAGES = FIXTURES / "comment_systems"
NAMES = sorted(p.stem for p in PAGES.glob("*.html"))
CORPUS_PAGES = ["foxyfolksy.com__buttercream.html", "youhadmeatgardening.com__lemon.html",
                "flawlessfood.co.uk__olive.html", "californiaglobe.com__amazon.html", "spektrum.de__engelbart.html",
                "backenmachtgluecklich.de__zitronenkuchen.html", "oekonomenstimme.org__keynes.html",
                "happyface313.com__plantur.html", "grossefragen.wordpress.com__projekt.html",
                "exxpress.at__zaehne.html", "stylegart.de__naturkosmetik.html",
                "zulang.wordpress.com__genitalverstuemmelung.html", "franziska-elea.de__vuitton.html"]
DATE = "2024-05-06T07:08:09Z"

warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402


def http(body: bytes, ctype: str = "text/html; charset=UTF-8", status: str = "200 OK",
         extra: list[tuple[str, str]] | None = None) -> StatusAndHeaders:
    return StatusAndHeaders(status, [("Content-Type", ctype), ("Server", "nginx")] + (extra or []),
                            protocol="HTTP/1.1")


def archive(captures: list[tuple[str, bytes, StatusAndHeaders | None]], gz: bool = True, others: bool = True) -> bytes:
    """A WARC as a crawler writes it: warcinfo, then per capture a request and its response
    (and, with ``others``, the kinds of records that are no pages: an image, a stylesheet, a
    revisit, metadata, a DNS answer, robots.txt, a 404)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "Heritrix/3.4"}))

    def response(url: str, body: bytes, head: StatusAndHeaders | None, kind: str = "response", **kw) -> None:
        writer.write_record(writer.create_warc_record(url, kind, payload=io.BytesIO(body), http_headers=head,
                                                      warc_headers_dict={"WARC-Date": DATE}, **kw))

    for url, body, head in captures:
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=request))
        response(url, body, head if head is not None else http(body))
    if others:
        response("https://example.org/logo.png", b"\x89PNG\r\n", http(b"", "image/png"))
        response("https://example.org/style.css", b"body{}", http(b"", "text/css"))
        response("https://example.org/robots.txt", b"User-agent: *\n", http(b"", "text/plain"))
        response("https://example.org/gone/", b"<html>not found</html>", http(b"", status="404 Not Found"))
        response("dns:example.org", b"example.org. 300 IN A 192.0.2.1\n", None, warc_content_type="text/dns")
        response("https://example.org/about", b"k: v\n", None, kind="metadata",
                 warc_content_type="application/warc-fields")
        writer.write_record(writer.create_revisit_record("https://example.org/logo.png", "sha1:AAAA",
                                                         "https://example.org/logo.png", DATE))
    return out.getvalue()


def wacz(warcs: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        for name, data in warcs.items():
            package.writestr(name, data)
        package.writestr("pages/pages.jsonl", '{"format": "json-pages-1.0"}\n')
        package.writestr("datapackage.json", '{"profile": "data-package"}')
    return out.getvalue()


def records(result, skip=("source",)) -> tuple[list[dict], list[dict]]:
    threads = [{k: v for k, v in dataclasses.asdict(pt.thread).items() if k not in skip} for pt in result.threads]
    comments = [dataclasses.asdict(c) for pt in result.threads for c in pt.comments]
    return threads, comments


def address_of(page) -> tuple[str, bool]:
    """The page's own address (a capture of it names the same), or an invented one when it names none."""
    url = read(page).threads[0].thread.url
    return (url, True) if url else ("https://blog.example.org/2024/05/a-post/", False)


def same_as_page(tmp_path, page, suffix: str) -> None:
    html = page.read_bytes()
    url, named = address_of(page)
    data = archive([(url, html, None)], gz=suffix != ".warc")
    path = tmp_path / f"crawl{suffix}"
    path.write_bytes(wacz({"archive/data.warc.gz": data}) if suffix == ".wacz" else data)
    got, alone = read(path), read(page)
    if named:  # the page's own address: every field the same
        assert records(got) == records(alone)
    else:  # the capture's address is the thread's (the page alone has only its file name)
        skip = ("source", "thread_id", "site", "url")
        assert records(got, skip)[0] == records(alone, skip)[0]
        assert got.threads[0].thread.url == url and got.threads[0].thread.site == "blog.example.org"
        strip = [{k: v for k, v in c.items() if k not in ("site", "thread_id")} for c in records(got)[1]]
        assert strip == [{k: v for k, v in c.items() if k not in ("site", "thread_id")} for c in records(alone)[1]]
    assert any(c.text for pt in got.threads for c in pt.comments) or not any(
        c.text for pt in alone.threads for c in pt.comments)


@pytest.mark.parametrize("name", NAMES)
def test_every_team_page_reads_the_same_from_a_warc_gz(tmp_path, name):
    same_as_page(tmp_path, PAGES / f"{name}.html", ".warc.gz")


@pytest.mark.parametrize("suffix", [".warc", ".warc.gz", ".wacz"])
def test_plain_gzipped_and_wacz_archives_read_alike(tmp_path, suffix):
    same_as_page(tmp_path, PAGES / "disqus.html", suffix)


@pytest.mark.parametrize("name", CORPUS_PAGES)
def test_real_pages_read_the_same_from_a_warc(tmp_path, name):
    same_as_page(tmp_path, corpus(f"html_comments/{name}"), ".warc.gz")


def test_other_records_are_counted_in_one_note_and_the_capture_time_is_no_comment_date(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    html = (PAGES / "disqus.html").read_bytes()
    path.write_bytes(archive([("https://gardenbeat.net/lemons-in-pots/", html, None)]))
    got = run("parse", str(path))
    assert got.exit_code == 0, got.stderr
    assert (f"note: {path}: web archive: 9 records skipped, not pages: 1 DNS answer, 1 HTTP 404 answer, "
            "1 image file, 1 metadata record, 1 request record, 1 revisit record, 1 robots.txt file, "
            "1 text/css answer, 1 warcinfo record") in got.stderr
    assert (f"note: {path}: web archive: read 1 page (each with the address it was captured from, captured "
            f"{DATE}; the capture time is no comment date)") in got.stderr
    assert "2024-05-06" not in got.stdout and "nginx" not in got.stdout and "PNG" not in got.stdout


def test_duplicate_captures_of_one_address_are_one_thread(tmp_path):
    html = (PAGES / "disqus.html").read_bytes()
    url = "https://gardenbeat.net/lemons-in-pots/"
    path = tmp_path / "twice.warc.gz"
    path.write_bytes(archive([(url, html, None), (url, html, None)], others=False))
    got = read(path)
    assert len(got.threads) == 1 and records(got)[1] == records(read(PAGES / "disqus.html"))[1]


def test_without_a_canonical_link_the_target_uri_is_the_address(tmp_path):
    html = b"<html><body><ol class='comment-list'><li id='comment-1' class='comment depth-1'><p>Great post.</p>" \
           b"</li></ol></body></html>"
    path = tmp_path / "crawl.warc"
    path.write_bytes(archive([("https://www.news.example/story?id=7", html, None)], gz=False, others=False))
    thread = read(path).threads[0].thread
    assert (thread.url, thread.site, thread.thread_id) == ("https://www.news.example/story?id=7", "news.example",
                                                           "https://www.news.example/story?id=7")


def _encoded(encoding: str, body: bytes) -> bytes:
    if encoding == "gzip":
        return gzip.compress(body)
    if encoding == "deflate":
        return zlib.compress(body)
    return body


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "chunked"])
def test_http_compression_and_chunking_are_undone(tmp_path, encoding):
    html = (PAGES / "isso.html").read_bytes()
    if encoding == "chunked":
        body = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (html[:1000], html[1000:])) + b"0\r\n\r\n"
        head = http(body, extra=[("Transfer-Encoding", "chunked")])
    else:
        body = _encoded(encoding, html)
        head = http(body, extra=[("Content-Encoding", encoding)])
    url, _ = address_of(PAGES / "isso.html")
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(archive([(url, body, head)], others=False))
    assert records(read(path)) == records(read(PAGES / "isso.html"))


def test_brotli_without_a_decoder_is_a_note_naming_the_record(tmp_path):
    if importlib.util.find_spec("brotli") is not None:
        pytest.skip("brotli is installed: br bodies are decoded")
    body = b"\x1b\x00\x00\x00garbage"
    path = tmp_path / "crawl.warc"
    path.write_bytes(archive([("https://gardenbeat.net/x/", body, http(body, extra=[("Content-Encoding", "br")]))],
                             gz=False, others=False))
    got = run("parse", str(path))
    assert got.exit_code == 0 and "Traceback" not in got.stderr
    assert re.search(r"web archive: 1 page not read: offset \d+ \(https://gardenbeat.net/x/\): its body is "
                     "br-compressed, which no installed library decodes", got.stderr)


def test_charset_from_the_http_header_or_the_meta_tag(tmp_path):
    text = ("<html><head>{meta}</head><body><ol class='comment-list'><li id='comment-1' class='comment depth-1'>"
            "<p>Schöne Grüße aus Köln</p></li></ol></body></html>")
    latin = text.format(meta="").encode("iso-8859-1")
    meta = text.format(meta='<meta charset="windows-1252">').encode("cp1252")
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(archive([("https://a.example/1", latin, http(latin, "text/html; charset=ISO-8859-1")),
                              ("https://a.example/2", meta, http(meta, "text/html"))], others=False))
    texts = [c.text for pt in read(path).threads for c in pt.comments]
    assert texts == ["Schöne Grüße aus Köln", "Schöne Grüße aus Köln"]


def test_a_captured_reddit_json_answer_is_read_as_reddit(tmp_path):
    body = (FIXTURES / "reddit_thread.json").read_bytes()
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(archive([("https://www.reddit.com/r/x/comments/abc/t/.json", body,
                               http(body, "application/json; charset=UTF-8"))], others=False))
    assert records(read(path)) == records(read(FIXTURES / "reddit_thread.json"))


def _members(data: bytes) -> list[bytes]:
    """The gzip members of a WARC.gz (one record each)."""
    out, pos = [], 0
    while pos < len(data):
        d = zlib.decompressobj(31)
        d.decompress(data[pos:])
        end = len(data) - len(d.unused_data)
        out.append(data[pos:end])
        pos = end
    return out


def _two_pages() -> tuple[bytes, list[tuple[str, bytes, None]]]:
    captures = [("https://gardenbeat.net/lemons-in-pots/", (PAGES / "disqus.html").read_bytes(), None),
                (address_of(PAGES / "isso.html")[0], (PAGES / "isso.html").read_bytes(), None)]
    return archive(captures, others=False), captures


def test_a_truncated_gzip_member_loses_that_record_only(tmp_path):
    data, _ = _two_pages()
    members = _members(data)  # warcinfo, request, response, request, response
    cut = sum(map(len, members[:2]))
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(b"".join(members[:2]) + members[2][: len(members[2]) // 2] + b"".join(members[3:]))
    got = run("parse", str(path), str(PAGES / "genesis.html"))
    assert got.exit_code == 1 and "Traceback" not in got.stderr
    assert f"error: {path}: 1 damaged web archive record left out (offset {cut:,} (https://gardenbeat.net/lemons-in-pots/):" \
        " its gzip data breaks off (the next record or the end of the file comes first)); " in got.stderr
    assert "the other records were read" in got.stderr
    assert "isso" in got.stdout.lower() or got.stdout.count('"record": "thread"') == 2
    isso = records(read(PAGES / "isso.html"))[1]
    result = read_inputs([str(path)])
    assert [c for c in records(result)[1] if c["thread_id"] == isso[0]["thread_id"]] == isso


@pytest.mark.parametrize("lie", [-400, +300, 2 << 30])
def test_a_lying_content_length_loses_at_most_that_record(tmp_path, lie):
    data, captures = _two_pages()
    plain = archive(captures, gz=False, others=False)
    head = plain.index(b"WARC-Type: response")
    at = plain.index(b"Content-Length: ", head)
    end = plain.index(b"\r\n", at)
    length = int(plain[at + 16:end])
    path = tmp_path / "lie.warc"
    path.write_bytes(plain[:at] + b"Content-Length: %d" % (length + lie) + plain[end:])
    result = read_inputs([str(path)])
    assert len(result.errors) == 1 and "damaged web archive record" in result.errors[0]
    assert "offset " in result.errors[0] and "the other records were read" in result.errors[0]
    isso = records(read(PAGES / "isso.html"))[1]  # the page after the lying record is read whole
    assert [c for c in records(result)[1] if c["thread_id"] == isso[0]["thread_id"]] == isso


def test_a_response_without_an_http_answer_is_a_note(tmp_path):
    data, captures = _two_pages()
    plain = archive(captures, gz=False, others=False).replace(b"HTTP/1.1 200 OK", b"<html>garbage", 1)
    path = tmp_path / "odd.warc"
    path.write_bytes(plain)
    got = run("parse", str(path))
    assert got.exit_code == 0 and "(https://gardenbeat.net/lemons-in-pots/): a response record without an HTTP " \
        "answer" in got.stderr
    assert got.stdout.count('"record": "thread"') == 1


def test_a_wacz_reads_only_its_archive_warcs_in_place(tmp_path):
    data, _ = _two_pages()
    evil = archive([("https://evil.example/x", b"<html><div id='comment-1'>x</div></html>", None)], others=False)
    path = tmp_path / "crawl.wacz"
    path.write_bytes(wacz({"archive/data.warc.gz": data, "../../evil.warc.gz": evil, "archive/../x.warc": evil,
                           "/abs/archive/y.warc": evil}))
    before = sorted(p.name for p in tmp_path.iterdir())
    result = read(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing extracted
    assert {pt.thread.site for pt in result.threads} == {"gardenbeat.net", address_of(PAGES / "isso.html")[0]
                                                         .split("/")[2].removeprefix("www.")}


def test_a_wacz_member_claiming_a_zip_bomb_ratio_is_not_read(tmp_path):
    bomb = zlib.compress(b"\0" * (80 << 20), 9)
    assert len(bomb) * 200 < 80 << 20
    path = tmp_path / "bomb.wacz"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("archive/bomb.warc", b"\0" * (80 << 20))
        package.writestr("archive/data.warc.gz", _two_pages()[0])
    path.write_bytes(out.getvalue())
    got = run("parse", str(path))
    assert got.exit_code == 1 and "archive/bomb.warc: declares 80 MiB from" in got.stderr
    assert got.stdout.count('"record": "thread"') == 2


def test_a_zip_without_archive_warcs_and_a_web_archive_without_pages_are_one_error(tmp_path):
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(archive([], others=True))
    other = tmp_path / "other.wacz"
    other.write_bytes(wacz({"data/x.txt": b"hi"}))
    got = run("parse", str(empty), str(other), str(PAGES / "disqus.html"))
    assert got.exit_code == 1 and "Traceback" not in got.stderr
    assert f"error: {empty}: web archive without an HTML page or JSON answer: 1 DNS answer" in got.stderr
    assert f"error: {other}: a ZIP archive without archive/*.warc or archive/*.warc.gz: not a WACZ" in got.stderr
    assert got.stdout.count('"record": "thread"') == 1


def test_a_whole_gzipped_warc_given_in_memory(tmp_path):
    """Standard input (or one gzip stream over all records, as some tools write): read whole."""
    from comments.io.sources import MemoryInput

    data, captures = _two_pages()
    path = tmp_path / "c.warc.gz"
    path.write_bytes(data)
    result = read_inputs([MemoryInput("crawl", io.BytesIO(gzip.compress(archive(captures, gz=False,
                                                                                 others=False))))])
    assert not result.errors and len(result.threads) == 2
    assert records(result) == records(read(path))


def test_a_warc_gzipped_whole_or_renamed_is_read_with_a_note(tmp_path):
    """`gzip crawl.warc` (one stream over all records: warcio refuses it) is read through one
    stream, noted; a record-by-record WARC.gz named `.gz` is known by its first member."""
    data, captures = _two_pages()
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(archive(captures, gz=False, others=False)))
    renamed = tmp_path / "crawl-00001.gz"
    renamed.write_bytes(data)
    got = run("parse", str(whole), str(renamed))
    assert got.exit_code == 0, got.stderr
    assert (f"note: {whole}: web archive: the archive compressed as one gzip stream, not one gzip member per record "
            "as WARC files are: read whole; offsets named are of the decompressed data") in got.stderr
    assert f"note: {renamed}: web archive: read 2 pages" in got.stderr
    assert records(read(whole)) == records(read(renamed))


def test_a_damaged_record_in_a_renamed_warc_gz_costs_only_that_record(tmp_path):
    data, _ = _two_pages()
    members = _members(data)
    path = tmp_path / "crawl.gz"
    path.write_bytes(b"".join(members[:2]) + members[2][: len(members[2]) // 2] + b"".join(members[3:]))
    result = read_inputs([str(path)])
    assert len(result.errors) == 1 and "1 damaged web archive record left out" in result.errors[0]
    assert len(result.threads) == 1


def test_reports_stream_a_web_archive_as_the_pipeline_reads_it(tmp_path):
    """The report's thread-at-a-time reader asked a WARC.gz (kept compressed) for its text."""
    from comments.io.streaming import StreamResult, stream_inputs
    from comments.model.records import ParsedThread

    data, _ = _two_pages()
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data)
    result = StreamResult()
    threads = [t for t in stream_inputs([str(path)], result) if isinstance(t, ParsedThread)]
    assert not result.errors
    assert sorted(c.id for pt in threads for c in pt.comments) == sorted(c["id"] for c in records(read(path))[1])


def test_a_damaged_wacz_member_costs_only_itself(tmp_path):
    data, _ = _two_pages()
    members = _members(data)
    cut = b"".join(members[:2]) + members[2][: len(members[2]) // 2]  # ends inside a record
    path = tmp_path / "crawl.wacz"
    path.write_bytes(wacz({"archive/a.warc.gz": cut, "archive/b.warc.gz": data}))
    result = read_inputs([str(path)])
    assert len(result.errors) == 1 and "archive/a.warc.gz offset " in result.errors[0]
    assert len(result.threads) == 2


def test_what_the_page_reader_says_stays_a_note_or_a_problem_with_the_page_named(tmp_path):
    """A page's problem (here: a captured JSON answer with a broken line) is a problem of the
    archive naming the page (exit 1), its notes grouped by note with the pages they are of."""
    good = (FIXTURES / "reddit_thread.json").read_bytes()
    lines = b'{"id": "a1", "parent_id": null, "thread_id": "t", "text": "first"}\n{"id": "a2", "text": \n'
    captures = [("https://api.example/comments.jsonl", lines, http(lines, "application/x-ndjson+json")),
                ("https://www.reddit.com/r/x/comments/abc/t/.json", good, http(good, "application/json"))]
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(archive(captures, others=False))
    result = read_inputs([str(path)])
    assert [e.split(": ", 1)[1][:60] for e in result.errors] == [
        "https://api.example/comments.jsonl: 1 unreadable line was le"]
    assert result.lost_lines == 1
    assert len(result.threads) == 2
