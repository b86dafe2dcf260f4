"""Web archives: reading captured pages from a WARC.gz against reading the same pages saved as
HTML files (the peer, measured in the same run), and linear time on hostile archives.

1. Throughput: the team-written comment-system pages (tests/fixtures/comment_systems) and, when
   ../shared is present, the html_comments pages, each captured N times under its own address
   (a request, the response, an image per page, as crawlers write them) into one WARC.gz, and
   the same pages written as N × pages HTML files into a folder. Both are read by
   ``read_inputs``; the best of REPEAT runs each; the ratio WARC / files is the figure.
2. Linear time: plain WARCs of n and 4n records where every record's Content-Length runs past
   the end of the file (also inside a WACZ), and where every record is followed by a garbage
   line (a wrong length; also in a WARC gzipped whole, `gzip crawl.warc`, and deflated in a
   WACZ, where seeking back would decompress again from the start):
   the ratio t(4n) / t(n) must stay at most 6 (quadratic work gives ~16); every page is read.

Usage: nice python benchmarks/bench_warc.py [N] [--repeat R]   (default N = 20, R = 3)
Exit status 1 when a linear-time ratio exceeds the limit.
"""

from __future__ import annotations

import argparse
import gzip
import io
import re
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from comments.io.pipeline import read_inputs

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "fixtures" / "comment_systems"
SHARED = ROOT.parent / "shared" / "corpora" / "html_comments"
LIMIT = 6.0


def pages() -> list[tuple[str, bytes]]:
    found = sorted(PAGES.glob("*.html")) + (sorted(SHARED.glob("*.html")) if SHARED.is_dir() else [])
    return [(p.stem, p.read_bytes()) for p in found]


def capture(out, items: list[tuple[str, bytes]], gz: bool = True) -> None:
    writer = WARCWriter(out, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("bench.warc", {"software": "bench_warc"}))
    for url, body in items:
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "bench.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=request))
        head = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=UTF-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=head))
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url + "logo.png", "response", payload=io.BytesIO(b"\x89PNG" * 256),
                                                      http_headers=image))


def best(paths: list[str], repeat: int) -> tuple[float, int]:
    times, comments = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = read_inputs(paths)
        times.append(time.perf_counter() - start)
        comments = sum(len(pt.comments) for pt in result.threads)
    return min(times), comments


def throughput(n: int, repeat: int, folder: Path) -> None:
    items = []
    html = folder / "pages"
    html.mkdir()
    for i in range(n):
        for stem, body in pages():
            url = f"https://bench.example/{i}/{stem}/"
            # each copy its own page: its canonical address (where it names one) made unique too
            items.append((url, re.sub(rb'(<link[^>]+rel=["\']canonical["\'][^>]+href=["\'])([^"\']+)',
                                      lambda m: m.group(1) + url.encode(), body)))
            (html / f"{i:04d}-{stem}.html").write_bytes(items[-1][1])
    warc = folder / "pages.warc.gz"
    with warc.open("wb") as out:
        capture(out, items)
    t_warc, c_warc = best([str(warc)], repeat)
    t_html, c_html = best([str(html)], repeat)
    print(f"throughput: {len(items):,} pages ({warc.stat().st_size / 1e6:.1f} MB WARC.gz)")
    print(f"  WARC.gz      {t_warc:7.2f} s  {c_warc:,} comments  {len(items) / t_warc:,.0f} pages/s")
    print(f"  HTML files   {t_html:7.2f} s  {c_html:,} comments  {len(items) / t_html:,.0f} pages/s")
    print(f"  ratio WARC / files: {t_warc / t_html:.2f}")


def hostile(n: int, kind: str, folder: Path, wacz: str = "") -> Path:
    out = io.BytesIO()
    capture(out, [(f"https://bench.example/{i}/", b"<html><body><p>x</p></body></html>") for i in range(n)],
            gz=False)
    data = out.getvalue()
    if kind == "past_end":
        data = re.sub(rb"Content-Length: \d+", b"Content-Length: 999999999999", data)
    else:  # a garbage line after every record
        data = data.replace(b"\r\n\r\nWARC/1.", b"\r\n\r\ngarbage line\r\nWARC/1.")
    path = folder / f"{kind}-{n}.warc"
    path.write_bytes(data)
    if wacz == "gzip":  # the whole WARC gzipped as one stream
        path = path.with_suffix(".warc.gz")
        path.write_bytes(gzip.compress(data, 1))
    elif wacz:  # the same WARC in a WACZ (stored: read through a window on the ZIP; deflated: decompressed once)
        path = path.with_suffix(f".{wacz}.wacz")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED if wacz == "stored" else zipfile.ZIP_DEFLATED) as package:
            package.writestr("archive/data.warc", data)
    return path


def linear(n: int, folder: Path) -> bool:
    ok = True
    for kind, wacz in (("past_end", ""), ("garbage_lines", ""), ("past_end", "stored"), ("garbage_lines", "gzip"),
                       ("garbage_lines", "deflated")):
        small, large = hostile(n, kind, folder, wacz), hostile(4 * n, kind, folder, wacz)
        kind += {"": "", "stored": " (WACZ)", "gzip": " (one gzip)", "deflated": " (deflated WACZ)"}[wacz]
        t1, p1 = min(_timed(small) for _ in range(2))
        t4, p4 = min(_timed(large) for _ in range(2))
        ratio = t4 / max(t1, 1e-9)
        ok &= ratio <= LIMIT or t4 < 0.1
        pages = "" if kind.startswith("past_end") else f"; pages read {p1:,}/{n:,}, {p4:,}/{4 * n:,}"
        ok &= kind.startswith("past_end") or (p1, p4) == (n, 4 * n)
        print(f"linear {kind:30} n={n:,}: {t1:.2f} s, 4n: {t4:.2f} s, ratio {ratio:.1f} (limit {LIMIT}){pages}")
    return ok


def _timed(path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    result = read_inputs([str(path)])
    return time.perf_counter() - start, len(result.threads)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        throughput(args.n, args.repeat, Path(tmp))
        ok = linear(250 * args.n, Path(tmp))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
