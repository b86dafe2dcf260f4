"""index.html in headless Chromium: it loads without console errors, and markup
injected through comment text never runs (skipped when Chromium is absent)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from comments.reporting import report as reporting
from comments.classification.classify import classify
from comments.classification.taxonomy import load
from conftest import SEED, read

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0", "--dump-dom"]
INJECTED = ("<script>document.title='pwned-script'</script>"
            "<img src=x onerror=\"document.title='pwned-img'\"><svg onload=\"document.title='pwned-svg'\">")


def load_page(path, tmp_path) -> tuple[str, list[str]]:
    """The DOM after load, and the console messages Chromium logged."""
    done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", path.as_uri()],
                          capture_output=True, text=True, timeout=120)
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return done.stdout, console


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian package `chromium`)")
def test_console_detection_works(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text("<html><body><script>undefinedFunction()</script>" + INJECTED + "</body></html>")
    dom, console = load_page(page, tmp_path)
    assert console and "pwned" in dom  # the probe sees errors and executed markup


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian package `chromium`)")
def test_report_page_loads_cleanly_and_injected_markup_stays_text(tmp_path):
    result = read(SEED)
    result.threads[0].comments[2].text = "Quelle? " + INJECTED
    classify(result.threads, jobs=1)
    out = tmp_path / "report"
    reporting.run(result.threads, load(), out, "all")
    dom, console = load_page(out / "index.html", tmp_path)
    assert console == []
    assert re.search(r"<title>(.*?)</title>", dom).group(1) == "Comment discourse report"  # no handler ran
    assert "<script" not in dom  # no script element, only escaped text
    assert not re.search(r"<[a-z][^>]*\s(onerror|onload)=", dom)  # no element with an event handler
    assert "&lt;script&gt;document.title='pwned-script'&lt;/script&gt;" in dom
    assert dom.count("<details") >= 25  # every comment of the seed thread is in the tree
