"""Linear time on pathological comment text: every stage (parse of JSONL and plain
text, --pseudonymize, classify, tree, report all) timed on each of the ~40 crafted texts
of ``pathological`` (one at a time, as one comment of a small thread) at size n and 4n;
the ratio must stay at most 6 (quadratic work gives ~16). A ratio above 6
is timed again from 4n to 16n before it counts: on a shared machine a stage of a few
hundredths of a second can take several times longer once by chance; quadratic work
gives ~16 again.

Usage: python benchmarks/bench_linear.py [N] [--only NAME] [--report]   (default N = 100000;
--report adds `report all`, whose charts take seconds per run whatever the text)
Exit status 1 when a ratio exceeds the limit.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

LIMIT = 6.0
#: Below this many seconds at 4n a ratio is noise, not quadratic work.
FLOOR = 0.1


def pathological(n: int) -> dict[str, str]:
    """Comment texts of about ``n`` characters that have made regexes or loops quadratic."""
    half = n // 2
    return {
        "letters": "a" * n,
        "low_quote": "‚" * n,
        "quote_marks": '„"‚‘' * (n // 4),
        "apostrophes": "'" * n,
        "spaces": " " * n,
        "newlines": "\n" * n,
        "tabs_and_spaces": " \t" * half,
        "deep_quoting": "> " * half + "x",
        "quote_lines": "> x\n" * (n // 4),
        "stars": "*" * n,
        "word_stars": "a*" * half,
        "ats": "@" * n,
        "at_letters": "a@" * half,
        "email_like": "a." * half + "@",
        "dots": "." * n,
        "ellipsis": "…" * n,
        "word_dots": "ab..." * (n // 5),
        "bangs": "!?" * half,
        "digits": "1" * n,
        "decimal_runs": "1." * half,
        "hyphens": "a-" * half,
        "url": "http://" + "a" * n,
        "caps": "A" * n,
        "caps_words": "ABCD " * (n // 5),
        "winks": ";)" * half,
        "emoji": "😉" * n,
        "huge_word_de": "Donaudampfschiff" * (n // 16),
        "words": "das ist " * (n // 8),
        "html_lt": "<" * n,
        "ampersands": "&amp" * (n // 4),
        "closing_tags": "</" * half,
        "open_p": "<p " * (n // 3),
        "slashes": "/s" * half,
        "umlaut_runs": "äöü" * (n // 3),
        "spaces_then_word": " " * n + "x",
        "word_spaces_word": "x" + " " * n + "x",
        "words_and_spaces": "a " * half,
        "numbered_line": "1." + " " * n + "x",
        "name_says": "Anna" + " " * n + "schrieb",
        "mentions": "@Anna " * (n // 6),
        "links": '<a href="/s">L</a> ' * (n // 20),
        "links_distinct": "".join(f'<a href="/s{i}">L</a> ' for i in range(n // 24)),
    }


def _dump(path: Path, text: str) -> None:
    rows = [
        {"id": "1", "parent_id": None, "thread_id": "t", "author": "Anna", "text": "Guter Artikel über Xiaomi."},
        {"id": "2", "parent_id": "1", "thread_id": "t", "author": "Bernd", "text": text},
        {"id": "3", "parent_id": "2", "thread_id": "t", "author": "Anna", "text": "Bernd hat recht, anna@x.de"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _plain(path: Path, text: str) -> None:
    path.write_text("Artikel\n\nEin Text.\n\n3 Kommentare\n\nAnna\n16. September 2021 um 10:12\n"
                    "Erster Kommentar.\n\nBernd\n16. September 2021 um 10:15\n" + text + "\n", encoding="utf-8")


def stages(text: str, folder: Path, report: bool = False) -> dict[str, float]:
    """Seconds per stage for one pathological comment."""
    from comments.reporting import report as reporting
    from comments.classification.classify import classify
    from comments.io.pipeline import read_inputs
    from comments.io.pseudonymize import pseudonymize
    from comments.classification.taxonomy import load
    from comments.reporting.treeview import render

    out: dict[str, float] = {}
    dump, plain = folder / "dump.jsonl", folder / "plain.txt"
    _dump(dump, text)
    _plain(plain, text)
    t = time.perf_counter()
    read_inputs([str(plain)])
    out["parse plain text"] = time.perf_counter() - t
    t = time.perf_counter()
    result = read_inputs([str(dump)])
    out["parse jsonl"] = time.perf_counter() - t
    t = time.perf_counter()
    pseudonymize(result.threads, "salt")
    out["pseudonymize"] = time.perf_counter() - t
    t = time.perf_counter()
    classify(result.threads, load(None), jobs=1)
    out["classify"] = time.perf_counter() - t
    t = time.perf_counter()
    for pt in result.threads:
        render(pt, max_depth=12, max_children=20, width=100)
    out["tree"] = time.perf_counter() - t
    if report:  # charts cost seconds whatever the text: only on request
        t = time.perf_counter()
        reporting.run(result.threads, load(None), folder / "report", "all", 20)
        out["report all"] = time.perf_counter() - t
    return out


def _best(text: str, folder: Path, report: bool, repeat: int = 3) -> dict[str, float]:
    """Per stage, the fastest of ``repeat`` runs (timings of a shared machine are noisy)."""
    runs = [stages(text, folder, report) for _ in range(repeat)]
    return {stage: min(run[stage] for run in runs) for stage in runs[0]}


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv and argv[0].isdigit() else 100000
    only = argv[argv.index("--only") + 1] if "--only" in argv else None
    report = "--report" in argv
    worst = 0.0
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        stages("warm up the imports and caches", folder)
        small, large, huge = pathological(n), pathological(4 * n), pathological(16 * n)
        for name in small:
            if only and name != only:
                continue
            a, b = _best(small[name], folder, report), _best(large[name], folder, report)
            c: dict[str, float] | None = None
            for stage in a:
                ratio = b[stage] / max(a[stage], 1e-4)
                line = f"{name:16} {stage:18} n: {a[stage]:8.3f}s  4n: {b[stage]:8.3f}s  ratio {ratio:5.1f}"
                if ratio > LIMIT and b[stage] > FLOOR:
                    # a shared machine's noise, or quadratic work? 4n → 16n tells: quadratic gives ~16 again
                    c = c or _best(huge[name], folder, report)
                    ratio = c[stage] / max(b[stage], 1e-4)
                    line += f"; 4n → 16n: {c[stage]:8.3f}s  ratio {ratio:5.1f}"
                    if ratio > LIMIT:
                        line += "  <-- NOT LINEAR"
                        failures.append(f"{name}/{stage}")
                if b[stage] > FLOOR:
                    worst = max(worst, ratio)
                print(line, flush=True)
    print(f"worst ratio (4n above {FLOOR}s): {worst:.1f}; limit {LIMIT}")
    if failures:
        print("not linear: " + ", ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
