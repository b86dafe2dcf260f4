"""Proof that ``comments.text.tokens.stem`` gives NLTK's Snowball stems (the shipped models were
trained with NLTK's pure-Python ``SnowballStemmer``; German is now stemmed by PyStemmer's
compiled Snowball 2.2):

    python benchmarks/stem_check.py [--dump N]

Vocabulary: every word (and hyphen part) of the inputs ``check_classify.py`` classifies (every
file of ../shared/corpora that parses, data/raw/, examples/, the labelled corpus's texts, a
generated dump of N comments, generated hostile texts), of the team-written sources forum8 and
forum13, and every word form and lemma of simplemma's German and English dictionaries (about 1.2
million). Each word is stemmed as German by ``stem`` and by NLTK; the German differences are
printed and make the exit status 1. For English (still NLTK's) it prints how many words
PyStemmer's English would stem otherwise, the reason English stays on NLTK.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def vocabulary(dump: int) -> set[str]:
    """The words described in the module docstring."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from check_classify import gather
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    from comments.text.tokens import words

    found: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        inputs = gather(dump, 20_000, Path(tmp))
    for threads in inputs.values():
        for _, rows in threads:
            for row in rows:
                found.update(words(row[2]))
    for source in ("forum8", "forum13"):
        path = ROOT / "data" / "labelled" / source / "texts.jsonl"
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                found.update(words(json.loads(line)["text"]))
    found |= {part for word in found if "-" in word for part in word.split("-") if part}
    print(f"{len(found):,} words of the corpora", flush=True)
    factory = DefaultDictionaryFactory()
    for language in ("de", "en"):
        for form, lemma in factory.get_dictionary(language).items():
            found.add(form.lower())
            found.add(lemma.lower())
    return found


def main(argv: list[str]) -> int:
    from nltk.stem.snowball import SnowballStemmer

    from comments.text.tokens import stem

    dump = int(argv[argv.index("--dump") + 1]) if "--dump" in argv else 20_000
    vocab = sorted(vocabulary(dump))
    print(f"{len(vocab):,} words with simplemma's dictionaries", flush=True)
    reference = SnowballStemmer("german").stem
    start = time.process_time()
    ours = [stem(w, "de") for w in vocab]
    seconds = time.process_time() - start
    start = time.process_time()
    theirs = [reference(w) for w in vocab]
    nltk_seconds = time.process_time() - start
    different = [(w, a, b) for w, a, b in zip(vocab, theirs, ours) if a != b]
    for word, a, b in different[:50]:
        print(f"  {word!r}: NLTK {a!r}, ours {b!r}")
    print(f"German: {len(different)} of {len(vocab):,} words stemmed otherwise than NLTK "
          f"(ours {seconds:.1f} s, NLTK {nltk_seconds:.1f} s of CPU)")
    try:
        import Stemmer
    except ImportError:
        return 1 if different else 0
    english, compiled = SnowballStemmer("english").stem, Stemmer.Stemmer("english").stemWord
    other = [w for w in vocab if english(w) != compiled(w.translate(_APOSTROPHES) if len(w) > 2 else w)]
    print(f"English (NLTK's kept): PyStemmer would stem {len(other)} words otherwise, e.g. "
          + ", ".join(f"{w} ({english(w)}, {compiled(w)})" for w in other[:6]))
    return 1 if different else 0


#: NLTK's English stemmer reads these as "'" first (compared as it prepares a word)
_APOSTROPHES = str.maketrans("\u2019\u2018\u201b", "'''")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
