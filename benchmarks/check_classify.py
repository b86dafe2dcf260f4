"""Proof that two checkouts classify alike: the same comments go through another
checkout's ``classify`` (e.g. main's ``src``) and this one's, and every field classify
sets (language, topics, topic_scores, tone, tone_scores, polarity) is compared.

    python benchmarks/check_classify.py BASELINE_SRC [--dump N] [--fuzz N]
    python benchmarks/bench_classify.py --check BASELINE_SRC      # the same

Inputs: every file of ../shared/corpora that parses, data/raw/, examples/ (its
taxonomies as well), the labelled corpus's texts (benchmarks/labelled_corpus.py), a
generated dump (benchmarks/make_dump.py) and generated hostile texts (gender stars,
masked words, hyphen chains, quotes, emoji, URLs, digits, rare Unicode case
mappings). They are read once here (this checkout's readers) and handed to both sides
as the same id/parent/text records, each side classifying them in a subprocess with
the default taxonomy and with every taxonomy under examples/. Prints the number of
comments compared and every difference (at most 20); exits 1 when there is one.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
FIELDS = ("language", "topics", "topic_scores", "tone", "tone_scores", "polarity")
SKIP_SUFFIXES = {".md", ".toml", ".png", ".svg", ".sh", ".py"}

#: fragments the hostile texts are made of: what the term matcher, the tokenizer and the
#: surface cues treat specially
FRAGMENTS = ("Staatsanwält*innen", "Richter*innen", "Kolleg*in", "jede*r", "d*ck", "gef****t", "Sch**ße", "f***",
             "*ggg*", "*lol*", "*hust*", ";-)", ";)", "/s", "😉", "🙄", "💩", "🤬", "US-Sanktionen", "EU-Kommission",
             "--no-preserve-root", "Anti-Root", "Root-Rechte", "iPhone-Kriege", "Kriege", "kriegen", "Krieg",
             "custom rom", "Custom-ROMs", "mi unlock", "Let us know.", "use", "used", "users", "=us", "audit",
             "„Zitat“", "\"quoted words here\"", "‚so‘", "'x'", "http://example.org/a?b=1", "www.test.de",
             "3,5", "1.000", "42", "²", "½", "٣", "İstanbul", "ǅ", "ß", "ẞ", "Ⅻ", "ﬁ", "STOP", "NEIN!!!", "??!",
             "...", "…", "Jaaaa", "sooo", "Quelle?", "Warum?", "Why?", "not", "nicht gut", "sehr schlecht",
             "geht gar nicht", "don't", "it's", "n't", "@troll_putin", "@user", "#tag", "_under_", "a-b-c",
             "-", "'", "’", "\t", "\n", "  ", "Sanktionspolitik", "Wirtschaftssanktion", "Kuba", "kubanisch",
             "bootloader", "ADB", "adb-Befehl", "agb", "Bootloader-Entsperrung", "open source", "Open-Source",
             "Quatsch", "Idiot", "Idioten", "super", "toll", "dumm", "dummer", "great", "stupid", "love")


def hostile_texts(n: int, seed: int = 7) -> list[str]:
    """``n`` deterministic texts mixing :data:`FRAGMENTS` with words, spaces and punctuation."""
    rng = random.Random(seed)
    glue = (" ", " ", " ", "", "-", ", ", ". ", "! ", "? ", "\n", "*", "'")
    out = []
    for _ in range(n):
        parts = [rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 14))]
        out.append("".join(p + rng.choice(glue) for p in parts).strip(" ") if rng.random() < 0.97 else "")
    return out


def _records(threads) -> list:
    return [[str(pt.thread.thread_id), [[c.id, c.parent_id, c.text] for c in pt.comments]] for pt in threads]


def gather(dump: int, fuzz: int, tmp: Path) -> dict[str, list]:
    """name → threads as [thread id, [[id, parent id, text], ...]] records."""
    from comments.io.pipeline import read_inputs

    files = [p for base in (CORPORA, ROOT / "data" / "raw", ROOT / "examples") if base.is_dir()
             for p in sorted(base.rglob("*")) if p.is_file() and p.suffix not in SKIP_SUFFIXES]
    dump_path = tmp / "dump.jsonl"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_dump.py"), str(dump), str(dump_path)], check=True)
    inputs: dict[str, list] = {}
    for path in files + [dump_path]:
        result = read_inputs([str(path)], progress=False)
        if result.threads and not result.errors:
            inputs[str(path.relative_to(ROOT.parent) if path.is_relative_to(ROOT.parent) else path.name)] = \
                _records(result.threads)
    corpus = tmp / "corpus.jsonl"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "labelled_corpus.py"), "texts", str(corpus)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    real = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    for name, texts in (("labelled corpus", real), ("hostile texts", hostile_texts(fuzz))):
        inputs[name] = [[f"t{i}", [[str(j), str(j - 1) if j % 3 else None, t] for j, t in enumerate(texts[i:i + 40])]]
                        for i in range(0, len(texts), 40)]
    return inputs


def classify_file(inputs: str, taxonomy: str, out: str) -> None:
    """Classify ``inputs`` (see :func:`gather`) with whichever ``comments`` is importable and
    write one JSON line per comment (its input, thread and every field classify sets)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_classify import _classify_api

    classify, Comment, ParsedThread, Thread = _classify_api()
    try:
        from comments.classification.taxonomy import load
    except ImportError:
        from comments.taxonomy import load  # type: ignore[no-redef]
    tax = load(taxonomy) if taxonomy else None
    data = json.loads(Path(inputs).read_text(encoding="utf-8"))
    with open(out, "w", encoding="utf-8") as handle:
        for name, threads in data.items():
            parsed = [ParsedThread(Thread(thread_id=key), [Comment(id=i, parent_id=p, text=t) for i, p, t in rows])
                      for key, rows in threads]
            classify(parsed, tax)
            for pt in parsed:
                for c in pt.comments:
                    values = [getattr(c, f) for f in FIELDS]
                    handle.write(json.dumps([name, pt.thread.thread_id, c.id] + values, ensure_ascii=False) + "\n")


def _run(src: str | None, inputs: Path, taxonomy: str, out: Path) -> None:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = str(Path(src).resolve())
    subprocess.run([sys.executable, __file__, "--classify", str(inputs), taxonomy, str(out)], env=env, check=True)


def check(baseline: str, dump: int = 20_000, fuzz: int = 20_000) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        inputs = gather(dump, fuzz, tmp)
        path = tmp / "inputs.json"
        path.write_text(json.dumps(inputs, ensure_ascii=False), encoding="utf-8")
        count = sum(len(rows) for threads in inputs.values() for _, rows in threads)
        print(f"{len(inputs)} inputs, {count} comments")
        taxonomies = [""] + [str(p) for p in sorted((ROOT / "examples").rglob("*.toml"))]
        differences = 0
        for taxonomy in taxonomies:
            ours, theirs = tmp / "ours.jsonl", tmp / "theirs.jsonl"
            _run(baseline, path, taxonomy, theirs)
            _run(None, path, taxonomy, ours)
            a = theirs.read_text(encoding="utf-8").splitlines()
            b = ours.read_text(encoding="utf-8").splitlines()
            different = [(x, y) for x, y in zip(a, b) if x != y]
            if len(a) != len(b):
                different.append((f"{len(a)} comments", f"{len(b)} comments"))
            for x, y in different[:20]:
                print(f"  baseline: {x}\n  this:     {y}")
            print(f"taxonomy {taxonomy or 'default'}: {len(a)} comments compared, {len(different)} differ")
            differences += len(different)
    return 1 if differences else 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--classify"]:
        classify_file(*argv[1:4])
        return 0
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    options = {"--dump": 20_000, "--fuzz": 20_000}
    for flag in options:
        if flag in argv:
            i = argv.index(flag)
            options[flag] = int(argv[i + 1])
            del argv[i:i + 2]
    return check(argv[0], options["--dump"], options["--fuzz"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
