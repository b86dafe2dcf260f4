"""Saved pages: MHTML (Chrome's "Saved by Blink", quoted-printable or base64 parts) is read
as the page it holds, its address from the MIME headers when the page names none; a PDF is
one clear error. The pages are the team-written fixtures/comment_systems (MIT)."""

from __future__ import annotations

import base64
import quopri
import re

import pytest

from conftest import FIXTURES, read, run

PAGES = FIXTURES / "comment_systems"
NAMES = sorted(p.stem for p in PAGES.glob("*.html"))
BOUNDARY = "----MultipartBoundary--uCnA2pEXbvVkS8wCCJeJv1bwkZTrYfsFfmD2Ouj3gV----"


def blink(html: str, url: str, encoding: str = "quoted-printable", frame: bool | str = False) -> str:
    """``html`` saved as Chrome saves a page: headers, the page part, a stylesheet, an image
    (and a second HTML part, a frame, when ``frame``: this HTML if given)."""
    data = html.encode("utf-8")
    body = quopri.encodestring(data).decode("ascii") if encoding == "quoted-printable" else (
        base64.encodebytes(data).decode("ascii"))
    parts = [("text/html", encoding, url, body)]
    if frame:
        framed = frame if isinstance(frame, str) else '<html><body><div id="comment-9">frame</div></body></html>'
        parts.append(("text/html", "quoted-printable", "https://disqus.example/embed/",
                      quopri.encodestring(framed.encode("utf-8")).decode("ascii")))
    parts += [("text/css", "quoted-printable", "cid:css-1@mhtml.blink", "body { margin: 0; }"),
              ("image/png", "base64", url + "avatar.png", "iVBORw0KGgo=")]
    out = ["From: <Saved by Blink>", f"Snapshot-Content-Location: {url}", "Subject: a saved page",
           "Date: Thu, 23 Sep 2021 14:34:56 +0200", "MIME-Version: 1.0",
           "Content-Type: multipart/related;", '\ttype="text/html";', f'\tboundary="{BOUNDARY}"', "", ""]
    for kind, cte, location, payload in parts:
        out += [f"--{BOUNDARY}", f"Content-Type: {kind}", f"Content-Transfer-Encoding: {cte}",
                f"Content-Location: {location}", "", payload]
    out.append(f"--{BOUNDARY}--")
    return "\r\n".join(out) + "\r\n"


def shape(result) -> list[tuple]:
    return [(c.id, c.parent_id, c.author, c.created_at, c.text, c.status) for c in result.comments]


@pytest.mark.parametrize("name", NAMES)
def test_mhtml_page_reads_as_the_page(tmp_path, name):
    page = PAGES / f"{name}.html"
    saved = tmp_path / f"{name}.mhtml"
    saved.write_text(blink(page.read_text(encoding="utf-8"), "https://example.org/post/"), encoding="utf-8")
    original, got = read(page), read(saved)
    assert shape(got) == shape(original) and got.comments
    assert [(t.thread.site, t.thread.url, t.thread.title) for t in got.threads] == [
        (t.thread.site, t.thread.url, t.thread.title) for t in original.threads]
    assert not any("=C2=A0" in c.text or "=3D" in c.text for c in got.comments)


@pytest.mark.parametrize("encoding", ["quoted-printable", "base64"])
def test_mhtml_named_after_its_title_takes_site_and_url_from_the_snapshot_location(tmp_path, encoding):
    """A page without canonical/og:url in a file named after its title (as Chrome names it):
    the MIME header's address is the thread's url and site, not the file name."""
    html = re.sub(r'<link rel="canonical"[^>]*>|<meta property="og:url"[^>]*>', "",
                  (PAGES / "disqus.html").read_text(encoding="utf-8"))
    saved = tmp_path / "How to grow lemons in pots _ Garden Beat.mhtml"
    saved.write_text(blink(html, "https://gardenbeat.net/lemons-in-pots/", encoding, frame=True), encoding="utf-8")
    result = read(saved)
    (thread,) = result.threads
    assert (thread.thread.site, thread.thread.url) == ("gardenbeat.net", "https://gardenbeat.net/lemons-in-pots/")
    assert len(result.comments) == len(read(PAGES / "disqus.html").comments)
    assert any("MHTML archive" in n and "1 other HTML part (frames) not read" in n for n in result.notes)


def test_mhtml_whose_disqus_frame_holds_the_comments_reads_them_as_the_pages(tmp_path):
    """Chrome saves a Disqus iframe as a second HTML part (review18a dq.mhtml: 0 comments and a false
    "comments are in a Disqus iframe that the saved page does not hold"): its comments are the page's
    thread's, as on the page that holds them itself; the note names the part read."""
    html = (PAGES / "disqus.html").read_text(encoding="utf-8")
    start = html.index('<div id="disqus_thread">') + len('<div id="disqus_thread">')
    end = html.index("</div></div></section></div></div>", start) + len("</div></div></section></div></div>")
    page = (html[:start] + '<iframe src="cid:frame-1@mhtml.blink" title="Disqus"></iframe>'
            '<script src="https://gardenbeat.disqus.com/embed.js"></script>' + html[end:])
    saved = tmp_path / "lemons.mhtml"
    saved.write_text(blink(page, "https://gardenbeat.net/lemons-in-pots/", frame=f"<html><body>{html[start:end]}"
                           "</body></html>"), encoding="utf-8")
    result, original = read(saved), read(PAGES / "disqus.html")
    assert shape(result) == shape(original) and len(result.comments) == 12
    assert result.threads[0].thread.url == original.threads[0].thread.url
    assert any("its HTML part 2 (a frame, https://disqus.example/embed/) holds the comments" in n for n in result.notes)
    assert not any("iframe" in n or "not read" in n for n in result.notes)


def test_mhtml_without_html_part_is_an_error(tmp_path):
    saved = tmp_path / "empty.mhtml"
    text = blink("<html></html>", "https://example.org/")
    saved.write_text(text.replace("Content-Type: text/html\r\n", "Content-Type: text/plain\r\n"), encoding="utf-8")
    got = run("parse", str(saved))
    assert got.exit_code == 1 and "MHTML archive without an HTML part" in got.stderr and not got.stdout


@pytest.mark.parametrize("head", [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n"])
def test_pdf_is_one_clear_error_and_other_inputs_still_read(tmp_path, head):
    """Print-to-PDF (binary or all-ASCII) is refused by its ``%PDF-`` magic; the page beside it is read."""
    pdf = tmp_path / "Die Ablehnung der Gendersprache.pdf"
    pdf.write_bytes(head + b"(Anna schrieb am 12. M\xe4rz: gut) Tj\n%%EOF\n")
    got = run("parse", str(pdf), str(PAGES / "disqus.html"))
    assert got.exit_code == 1
    assert f"error: {pdf}: PDF is not a supported input (save the page as HTML)" in got.stderr
    assert '"record": "comment"' in got.stdout and "Traceback" not in got.stderr


def warc(html: str, url: str) -> bytes:
    """A WARC 1.0 file with a warcinfo and one HTML response record (as crawlers write them)."""
    def record(kind: str, block: bytes, extra: str = "") -> bytes:
        head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{kind}>\r\n{extra}"
                f"Content-Length: {len(block)}\r\n\r\n")
        return head.encode() + block + b"\r\n\r\n"
    body = html.encode("utf-8")
    http = (b"HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html; charset=UTF-8\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    return record("warcinfo", b"software: wget/1.21\r\n") + record(
        "response", http, f"WARC-Target-URI: {url}\r\nContent-Type: application/http; msgtype=response\r\n")


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz", "crawl.wacz", "crawl.txt"])
def test_web_archive_is_read_as_its_page_not_as_text(tmp_path, name):
    """A hand-written WARC (also named .txt: found by its first line) is read as the page it
    holds (once refused; read as text, "Server: nginx" was an author). tests/io/readers/test_warc.py
    covers archives in depth."""
    import gzip
    import zipfile

    data = warc((PAGES / "disqus.html").read_text(encoding="utf-8"), "https://gardenbeat.net/lemons-in-pots/")
    path = tmp_path / name
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(data))
    elif name.endswith(".wacz"):
        with zipfile.ZipFile(path, "w") as package:
            package.writestr("archive/data.warc.gz", gzip.compress(data))
            package.writestr("datapackage.json", "{}")
    else:
        path.write_bytes(data)
    got = run("parse", str(path))
    alone = run("parse", str(PAGES / "disqus.html"))
    assert got.exit_code == 0 and "Traceback" not in got.stderr
    assert f"note: {path}: web archive: read 1 page (each with the address it was captured from" in got.stderr
    assert "nginx" not in got.stdout
    assert got.stdout.replace(str(path), "X") == alone.stdout.replace(str(PAGES / "disqus.html"), "X")
