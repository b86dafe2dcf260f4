"""Write ``src/comments/data/other_words.txt``: the most frequent words of the languages
most often met beside German and English that are no frequent German or English words,
from wordfreq's lists (a project dependency). ``text/language.py`` asks the language
identifier about a comment with weak German/English function-word evidence only when it
holds one of these words: the identifier costs about half a second of CPU to load, and
most comments that are short on function words are German or English fragments (tweets,
lists, links). Not run at classify time: the file is shipped.

    python benchmarks/other_words.py    # rewrite the file (the same wordfreq gives the same bytes)
"""

from __future__ import annotations

import logging
from pathlib import Path

from wordfreq import top_n_list

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "comments" / "data" / "other_words.txt"
#: Latin-script languages wordfreq covers (others are told by their script alone)
LANGUAGES = ("es", "fr", "it", "pt", "nl", "ca", "ro", "tr", "pl", "cs", "sk", "hu", "fi", "sv", "da", "nb", "id",
             "ms", "tl", "lv", "lt", "hr", "sl", "sh")
TOP = 100  # each language's most frequent words kept
GERMAN_ENGLISH = 3000  # left out: any of German's or English's this many most frequent words


def main() -> None:
    from comments.text.language import _DE, _EN

    logging.disable(logging.WARNING)  # (wordfreq logs the nearest list it uses for tl and hr)
    shared = _DE | _EN | set(top_n_list("de", GERMAN_ENGLISH)) | set(top_n_list("en", GERMAN_ENGLISH))
    kept = sorted({w for lang in LANGUAGES for w in top_n_list(lang, TOP) if len(w) > 1 and w.isalpha()} - shared)
    header = ("# The most frequent words of other Latin-script languages that are no frequent German or English\n"
              "# words (written by benchmarks/other_words.py from wordfreq's lists; see there).\n")
    OUT.write_text(header + "\n".join(kept) + "\n", encoding="utf-8")
    print(f"{len(kept)} words -> {OUT}")


if __name__ == "__main__":
    main()
