"""Build the sample of real comments for our own labelled corpus (issue 11).

The sample is drawn once, with fixed seeds, from the third-party files in
``../shared/corpora/``; the repository keeps only keys, splits and labels
(``data/labelled/``), never the texts of sources whose licence forbids it. This script
re-creates the texts from ``../shared/`` whenever they are needed:

    python benchmarks/labelled_corpus.py sample OUT_DIR      # sample.csv (keys, split) + texts.jsonl
    python benchmarks/labelled_corpus.py texts OUT.jsonl     # texts of data/labelled/sample.csv
    python benchmarks/labelled_corpus.py agreement [FOLDER]  # per-label agreement of the two passes
    python benchmarks/labelled_corpus.py holdout2 OUT_DIR    # the second held-out set (see below)
    python benchmarks/labelled_corpus.py texts OUT.jsonl data/labelled/holdout2/sample.csv

Split (fixed before any rule, cue list or taxonomy changed, grouped by thread):
``test`` = every comment of ``html_comments/`` (rendered pages, development use only),
a sample of One Million Posts articles (CC BY-NC-SA: never trained on) and one of the four
lemire.me threads; ``train`` = the other lemire.me threads (MIT), the Reddit threads (BSD-2),
the Staticman thread (MIT), the Hacker News item, the CC0 German blog and a sample of
GermEval 2018 tweets (CC BY 4.0). The seed thread is not part of it (it stays a check).

Wave 1 (1,175 comments) capped the Minecraft thread at 120 comments and the Reddit polls
thread at 200; wave 2 added their other comments and 600 more tweets to the training
split (the test split did not change); wave 3 labelled the ``html_comments/`` pages already
in the test split; wave 4 added 1,200 more tweets to the training split; wave 5 the other
2,889 tweets of the GermEval 2018 training file.

    python benchmarks/labelled_corpus.py holdout3 OUT_DIR    # the third held-out set
    python benchmarks/labelled_corpus.py texts OUT.jsonl data/labelled/holdout3/sample.csv
    python benchmarks/labelled_corpus.py holdout4 OUT_DIR    # the fourth held-out set
    python benchmarks/labelled_corpus.py texts OUT.jsonl data/labelled/holdout4/sample.csv
    python benchmarks/labelled_corpus.py holdout5 OUT_DIR    # the fifth held-out set
    python benchmarks/labelled_corpus.py texts OUT.jsonl data/labelled/holdout5/sample.csv
    python benchmarks/labelled_corpus.py holdout6 OUT_DIR    # the sixth held-out set
    python benchmarks/labelled_corpus.py texts OUT.jsonl data/labelled/holdout6/sample.csv
    python benchmarks/labelled_corpus.py holdout7 OUT_DIR    # the seventh held-out set
    python benchmarks/labelled_corpus.py holdout8 OUT_DIR    # the eighth (GermEval 2021 comments)
    python benchmarks/labelled_corpus.py texts OUT.jsonl data/labelled/holdout7/sample.csv
    python benchmarks/labelled_corpus.py holdout9 OUT_DIR    # the ninth (One Million Posts, with parents)
    python benchmarks/labelled_corpus.py texts OUT.jsonl data/labelled/holdout9/sample.csv
    python benchmarks/labelled_corpus.py holdout10 OUT_DIR   # the tenth (One Million Posts, with parents)
    python benchmarks/labelled_corpus.py holdout11 OUT_DIR   # the eleventh (GermEval 2021, none of the eighth's)
    python benchmarks/labelled_corpus.py texts OUT.jsonl data/labelled/holdout10/sample.csv
    python benchmarks/labelled_corpus.py agreement data/labelled/forum8   # a team-written source (also forum13)

Session 8 added ``forum8`` (``data/labelled/forum8/``): reader comments in reply threads under
invented news articles, **written by AI sessions of the team** (not collected from any site),
labelled by two blind passes and adjudicated like the rest. Its texts are our own and live in the
repository (``texts.jsonl``); it is training data only (see ``team_rows``), never a quality figure.
Session 13 adds ``forum13`` (``data/labelled/forum13/``, same format): everyday comment sections
(recipes, hobbies, how-tos, travel, product help), English and German, training data only too.
"""

from __future__ import annotations

import csv
import functools
import json
import lzma
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
SAMPLE = ROOT / "data" / "labelled" / "sample.csv"
FORUM8 = ROOT / "data" / "labelled" / "forum8"
#: the team-written sources (training data only, never a quality figure), in the order their rows follow the
#: real comments: ``forum8`` (news forums, session 8) and ``forum13`` (everyday comment sections: recipes,
#: hobbies, how-tos, travel, product help; session 13). A folder without ``gold.csv`` adds no row.
TEAM_SOURCES = {"forum8": FORUM8, "forum13": ROOT / "data" / "labelled" / "forum13"}
SEED = 20261122

#: (source name, path under corpora, split, how many comments at most per thread)
PARSED = [
    ("lemire", "html_wordpress/01-01-comment-peer-reviewed-papers-are-getting-increasingly-boring.md", "train", None),
    ("lemire", "html_wordpress/01-16-comment-best-programming-language-for-high-performance-january-2017.md",
     "test", None),
    ("lemire", "html_wordpress/03-28-comment-java-is-not-a-safe-language.md", "train", None),
    ("lemire", "html_wordpress/04-02-comment-setting-up-a-robust-minecraft-server-on-a-raspberry-pi.md", "train", None),
    ("reddit", "reddit/reddit_fo7p5b_announcements_polls.json", "train", None),
    ("reddit", "reddit/reddit_6otocc_comment_chain_depth10.json", "train", None),
    ("reddit", "reddit/reddit_3hahrw_api_morechildren_flat.json", "train", None),
    ("staticman", "staticman/pencil-53-review", "train", None),
    ("hackernews", "hackernews/algolia_item_17.json", "train", None),
    ("blog_de", "plaintext_de/konstantinklein_kein-kommentar.md", "train", None),
    ("html_comments", "html_comments", "test", None),
]
OMP = "labeled_de/one_million_posts/posts_labeled_dev.csv.xz"
GERMEVAL18 = "labeled_de/germeval2018/germeval2018.training.txt"
OMP_TARGET = 270
#: GermEval 2018 tweets: a first sample of 320, then 600 more from the rest (wave 2), then
#: 1,200 more (wave 4: more German training comments on politics between states), then
#: all the rest (wave 5, ``None``: the only licence-ok German source with more to give)
GERMEVAL18_WAVES = (320, 600, 1200, None)

FIELDS = ["key", "source", "path", "thread_id", "id", "parent_id", "split"]


def _parsed(source: str, rel: str, split: str, cap: int | None) -> list[dict]:
    from comments.io.pipeline import read_inputs

    result = read_inputs([str(CORPORA / rel)])
    rows = []
    for pt in result.threads:
        by_id = {c.id: c for c in pt.comments}
        comments = [c for c in pt.comments if c.text.strip() and c.text.strip() not in ("[deleted]", "[removed]")]
        if cap is not None and len(comments) > cap:
            rng = random.Random(f"{SEED}:{rel}:{pt.thread.thread_id}")
            keep = set(id(c) for c in rng.sample(comments, cap))
            comments = [c for c in comments if id(c) in keep]
        for c in comments:
            parent = by_id.get(c.parent_id) if c.parent_id else None
            path = pt.thread.source or rel
            # one thread per page: keyed by the file, whatever thread id the page yields (since session 14
            # a lemire.me page's thread id is its permalink; the keys were made from the file names)
            thread_key = Path(path).stem if source in ("html_comments", "lemire") else pt.thread.thread_id
            rows.append({
                "key": f"{source}:{thread_key}:{c.id}",
                "source": source, "path": str(Path(path).relative_to(CORPORA)) if Path(path).is_absolute() else path,
                "thread_id": pt.thread.thread_id, "id": c.id, "parent_id": c.parent_id or "", "split": split,
                "title": pt.thread.title or "", "text": c.text, "parent_text": parent.text if parent else "",
                "author": c.author or "",
            })
    return rows


@functools.lru_cache(maxsize=1)
def _omp_posts() -> dict[str, dict]:
    """The One Million Posts dev file, one row per post (its first category row), read once
    per process (every held-out set re-draws the earlier ones). Not to be changed by callers."""
    with lzma.open(CORPORA / OMP, "rt", encoding="utf-8", newline="") as fh:
        posts: dict[str, dict] = {}
        for row in csv.DictReader(fh):
            posts.setdefault(row["ID_Post"], row)
    return posts


def _omp(skip: int = 0, target: int = OMP_TARGET, split: str = "test", sizes: tuple[int, int | None] = (2, 60),
         per_article: int | None = None) -> list[dict]:
    """One Million Posts articles of ``sizes`` posts in a fixed shuffled order: the first
    ``target`` posts' worth after skipping the articles of the first ``skip`` posts' worth;
    whole articles, or a seeded sample of ``per_article`` posts of each."""
    posts = _omp_posts()
    by_article: dict[str, list[dict]] = defaultdict(list)
    for post in posts.values():
        by_article[post["ID_Article"]].append(post)
    low, high = sizes
    articles = sorted(a for a, p in by_article.items() if low <= len(p) and (high is None or len(p) <= high))
    random.Random(SEED).shuffle(articles)
    rows: list[dict] = []
    skipped = 0
    for article in articles:
        if skipped < skip:
            skipped += len(by_article[article])
            continue
        if len(rows) >= target:
            break
        chosen = by_article[article]
        if per_article is not None and len(chosen) > per_article:
            chosen = random.Random(f"{SEED}:{article}").sample(sorted(chosen, key=lambda p: int(p["ID_Post"])),
                                                                per_article)
        for post in sorted(chosen, key=lambda p: (p["CreatedAt"], int(p["ID_Post"]))):
            parent = posts.get(post["ID_Parent_Post"] or "")
            rows.append({
                "key": f"omp:{article}:{post['ID_Post']}", "source": "omp", "path": OMP, "thread_id": article,
                "id": post["ID_Post"], "parent_id": post["ID_Parent_Post"] or "", "split": split, "title": "",
                "text": _omp_text(post), "parent_text": _omp_text(parent) if parent else "", "author": "",
            })
    return rows


#: The second held-out set, drawn after the test split had been scored once (so that
#: the models tuned since are measured on comments nobody has seen): whole One Million
#: Posts articles following the test split's in the same shuffled order. German only —
#: every English source in ../shared/corpora is already in the corpus.
HOLDOUT2_TARGET = 450


def holdout2_rows() -> list[dict]:
    """The second held-out set's comments, with their texts (none in the first sample)."""
    first = _omp()
    rows = _omp(skip=len(first), target=HOLDOUT2_TARGET, split="holdout2")
    assert not {r["key"] for r in rows} & {r["key"] for r in first}
    return rows


#: The third held-out set, drawn when the second had been scored once: the One Million
#: Posts articles following the second set's, in the same shuffled order.
HOLDOUT3_TARGET = 450


def holdout3_rows() -> list[dict]:
    """The third held-out set's comments, with their texts (in neither earlier set)."""
    before = _omp() + holdout2_rows()
    rows = _omp(skip=len(before), target=HOLDOUT3_TARGET, split="holdout3")
    assert not {r["key"] for r in rows} & {r["key"] for r in before}
    return rows


#: The fourth held-out set, drawn when the third had been scored once. The articles with
#: 2-60 posts were nearly used up, so it takes the rest of them and then the large articles
#: (more than 60 posts) in the same seeded order, up to ``HOLDOUT4_PER_ARTICLE`` posts of
#: each (a seeded sample, kept in time order). Twice as large as the earlier sets, because
#: they held only 20-30 topic positives each: a micro-F1 on so few positives moves by 0.1
#: with a handful of comments.
HOLDOUT4_TARGET = 900
HOLDOUT4_PER_ARTICLE = 40


def holdout4_rows() -> list[dict]:
    """The fourth held-out set's comments, with their texts (in no earlier set)."""
    before = _omp() + holdout2_rows() + holdout3_rows()
    rows = _omp(skip=len(before), target=HOLDOUT4_TARGET, split="holdout4")
    rows += _omp(target=HOLDOUT4_TARGET - len(rows), split="holdout4", sizes=(61, None),
                 per_article=HOLDOUT4_PER_ARTICLE)
    assert not {r["key"] for r in rows} & {r["key"] for r in before}
    return rows


#: The fifth held-out set, drawn when the fourth had been scored once. Every article of
#: 2-60 posts is used up, so it takes (a) a seeded sample of the articles with a single
#: labelled post — each its own article, so topic positives are not bunched in a few threads
#: as in the earlier sets — and (b) ``HOLDOUT5_PER_ARTICLE`` more posts of each large article,
#: none of them in the fourth set.
HOLDOUT5_SINGLES = 600
HOLDOUT5_PER_ARTICLE = 20


def holdout5_rows() -> list[dict]:
    """The fifth held-out set's comments, with their texts (in no earlier set)."""
    before = _omp() + holdout2_rows() + holdout3_rows() + holdout4_rows()
    used = {r["key"] for r in before}
    singles = _omp(target=10**9, split="holdout5", sizes=(1, 1))
    singles = sorted(random.Random(f"{SEED}:holdout5").sample(singles, HOLDOUT5_SINGLES), key=lambda r: r["key"])
    large = [r for r in _omp(target=10**9, split="holdout5", sizes=(61, None)) if r["key"] not in used]
    by_article: dict[str, list[dict]] = defaultdict(list)
    for row in large:
        by_article[row["thread_id"]].append(row)
    rows = singles
    for article in sorted(by_article):
        chosen = random.Random(f"{SEED}:holdout5:{article}").sample(by_article[article], HOLDOUT5_PER_ARTICLE)
        rows += [r for r in by_article[article] if r in chosen]
    assert not {r["key"] for r in rows} & used
    return rows


def _more_of_large_articles(split: str, used: set[str], per_article: int) -> list[dict]:
    """Up to ``per_article`` posts of each large article (more than 60 posts) not in ``used``
    (all that are left where fewer remain): a sample seeded by split and article, kept in
    time order."""
    by_article: dict[str, list[dict]] = defaultdict(list)
    for row in _omp(target=10**9, split=split, sizes=(61, None)):
        if row["key"] not in used:
            by_article[row["thread_id"]].append(row)
    rows = []
    for article in sorted(by_article):
        posts = by_article[article]
        chosen = random.Random(f"{SEED}:{split}:{article}").sample(posts, min(per_article, len(posts)))
        rows += [r for r in posts if r in chosen]
    return rows


#: The sixth held-out set, drawn when the fifth had been scored once: every other article
#: with a single labelled post (905; each its own article) and ``HOLDOUT6_PER_ARTICLE`` more
#: posts of each large article (all that are left where fewer remain), none in an earlier set.
HOLDOUT6_PER_ARTICLE = 20


def holdout6_rows() -> list[dict]:
    """The sixth held-out set's comments, with their texts (in no earlier set)."""
    before = _omp() + holdout2_rows() + holdout3_rows() + holdout4_rows() + holdout5_rows()
    used = {r["key"] for r in before}
    rows = [r for r in _omp(target=10**9, split="holdout6", sizes=(1, 1)) if r["key"] not in used]
    rows += _more_of_large_articles("holdout6", used, HOLDOUT6_PER_ARTICLE)
    assert not {r["key"] for r in rows} & used
    return rows


#: The seventh held-out set, drawn when the sixth had been scored once. Only the large
#: articles (more than 60 posts) have posts left: ``HOLDOUT7_PER_ARTICLE`` more of each
#: (all that are left where fewer remain), a seeded sample kept in time order.
HOLDOUT7_PER_ARTICLE = 70


def holdout7_rows() -> list[dict]:
    """The seventh held-out set's comments, with their texts (in no earlier set)."""
    before = _omp() + holdout2_rows() + holdout3_rows() + holdout4_rows() + holdout5_rows() + holdout6_rows()
    used = {r["key"] for r in before}
    rows = _more_of_large_articles("holdout7", used, HOLDOUT7_PER_ARTICLE)
    assert not {r["key"] for r in rows} & used
    return rows


GERMEVAL21 = "labeled_de/germeval2021/GermEval21_TrainData.csv"
#: The eighth held-out set, drawn when the seventh had been scored once and One Million
#: Posts had no articles left: a seeded sample of ``HOLDOUT8_SIZE`` GermEval 2021 comments
#: (German Facebook comments under a political talk show's posts; another site and platform).
#: No licence: ids and labels only, texts read from ../shared/ — a test set, never training.
#: Each comment is its own thread (the file keeps no thread).
HOLDOUT8_SIZE = 1200


def holdout8_rows() -> list[dict]:
    """The eighth held-out set's comments, with their texts (GermEval 2021, never in training)."""
    with open(CORPORA / GERMEVAL21, encoding="utf-8", newline="") as fh:
        comments = [(r["comment_id"], r["comment_text"]) for r in csv.DictReader(fh) if r["comment_text"].strip()]
    picked = sorted(random.Random(f"{SEED}:holdout8").sample(comments, HOLDOUT8_SIZE), key=lambda c: int(c[0]))
    return [{
        "key": f"germeval21:{n}", "source": "germeval21", "path": GERMEVAL21, "thread_id": f"comment{n}", "id": n,
        "parent_id": "", "split": "holdout8", "title": "", "text": text, "parent_text": "", "author": "",
    } for n, text in picked]


#: The eleventh held-out set, drawn in session 20 before any model of that session was trained or
#: scored: a seeded sample of ``HOLDOUT11_SIZE`` of the GermEval 2021 comments the eighth set did
#: not take — the same site and platform as the eighth, which sessions 13-19 scored at their ends,
#: so a fresh set of the kind measures what those sessions' choices carry over to unseen comments.
HOLDOUT11_SIZE = 1000


def holdout11_rows() -> list[dict]:
    """The eleventh held-out set's comments (GermEval 2021, none in the eighth; never in training)."""
    taken = {r["key"] for r in holdout8_rows()}
    with open(CORPORA / GERMEVAL21, encoding="utf-8", newline="") as fh:
        comments = [(r["comment_id"], r["comment_text"]) for r in csv.DictReader(fh)
                    if r["comment_text"].strip() and f"germeval21:{r['comment_id']}" not in taken]
    picked = sorted(random.Random(f"{SEED}:holdout11").sample(comments, HOLDOUT11_SIZE), key=lambda c: int(c[0]))
    rows = [{
        "key": f"germeval21:{n}", "source": "germeval21", "path": GERMEVAL21, "thread_id": f"comment{n}", "id": n,
        "parent_id": "", "split": "holdout11", "title": "", "text": text, "parent_text": "", "author": "",
    } for n, text in picked]
    assert not {r["key"] for r in rows} & taken
    return rows


#: The ninth held-out set, drawn when the eighth had been labelled: the One Million Posts
#: posts in no earlier set (3,958, all in 15 large articles), up to ``HOLDOUT9_PER_ARTICLE`` of
#: each article (all that are left where fewer remain), a seeded sample kept in time order —
#: another site than the eighth's, and replies with their parents. Its rows give the parent
#: post's id as in ``ID_Post`` and its text: the dev file writes ``ID_Parent_Post`` as a float
#: ("896039.0"), which ``_omp`` does not match, so the earlier sets' rows keep that form and no
#: parent text (left so: their stored keys and scores stay as they were).
HOLDOUT9_PER_ARTICLE = 85
#: The tenth held-out set, drawn the same way when the ninth had been labelled: of the 2,786 posts
#: left (12 of the ninth set's 15 articles), up to ``HOLDOUT10_PER_ARTICLE`` of each article — the
#: largest cap that keeps the set at no more than 1,000 posts (993), so the articles stay spread.
HOLDOUT10_PER_ARTICLE = 108


def _omp_id(value: str) -> str:
    """A One Million Posts id as ``ID_Post`` writes it ("896039.0" → "896039")."""
    return value[:-2] if value.endswith(".0") else value


def _omp_with_parents(split: str, per_article: int) -> list[dict]:
    """A held-out set of One Million Posts posts in no earlier set (the corpus's splits as stored in
    ``sample.csv`` and every held-out set registered before ``split`` in ``HOLDOUTS``): up to
    ``per_article`` of each large article, seeded by ``split``, in time order, each reply with its
    parent's id as ``ID_Post`` writes it and the parent's text. Asserts the set is disjoint from them."""
    earlier = list(HOLDOUTS)[:list(HOLDOUTS).index(split)]
    used = {r["key"] for r in _omp()} | {r["key"] for name in earlier for r in HOLDOUTS[name]()}
    with open(SAMPLE, encoding="utf-8", newline="") as fh:
        used |= {r["key"] for r in csv.DictReader(fh)}  # the training and test splits as stored
    rows = _more_of_large_articles(split, used, per_article)
    posts = _omp_posts()
    for row in rows:
        parent = _omp_id(row["parent_id"])
        row.update(parent_id=parent, parent_text=_omp_text(posts[parent]) if parent in posts else "", lang="de")
    assert not {r["key"] for r in rows} & used
    return rows


def holdout9_rows() -> list[dict]:
    """The ninth held-out set's comments, with their texts and their parents' (in no earlier set)."""
    return _omp_with_parents("holdout9", HOLDOUT9_PER_ARTICLE)


def holdout10_rows() -> list[dict]:
    """The tenth held-out set's comments, with their texts and their parents' (in no earlier set,
    the ninth included)."""
    return _omp_with_parents("holdout10", HOLDOUT10_PER_ARTICLE)


HOLDOUTS = {"holdout2": holdout2_rows, "holdout3": holdout3_rows, "holdout4": holdout4_rows,
            "holdout5": holdout5_rows, "holdout6": holdout6_rows, "holdout7": holdout7_rows,
            "holdout8": holdout8_rows, "holdout9": holdout9_rows, "holdout10": holdout10_rows,
            "holdout11": holdout11_rows}


def _omp_text(post: dict) -> str:
    """A Der Standard post as its reader saw it: headline, then body."""
    head, body = (post["Headline"] or "").strip(), (post["Body"] or "").strip()
    return f"{head}\n\n{body}" if head and body else head or body


def _germeval18() -> list[dict]:
    lines = (CORPORA / GERMEVAL18).read_text(encoding="utf-8").split("\n")
    numbered = [(i + 1, line.split("\t")[0]) for i, line in enumerate(lines) if line.strip()]
    picked: list[tuple[int, str]] = []
    for wave, size in enumerate(GERMEVAL18_WAVES):
        rest = [x for x in numbered if x not in set(picked)]
        picked += random.Random(SEED + wave).sample(rest, len(rest) if size is None else size)
    picked.sort()
    return [{
        "key": f"germeval18:{n}", "source": "germeval18", "path": GERMEVAL18, "thread_id": f"line{n}", "id": str(n),
        "parent_id": "", "split": "train", "title": "", "text": text.replace("|LBR|", "\n"), "parent_text": "",
        "author": "",
    } for n, text in picked]


def build() -> list[dict]:
    """Every sampled comment with its text, in a fixed order."""
    rows: list[dict] = []
    for source, rel, split, cap in PARSED:
        rows.extend(_parsed(source, rel, split, cap))
    rows.extend(_omp())
    rows.extend(_germeval18())
    return rows


#: the fields every line of a team-written source's ``texts.jsonl`` has (all strings)
TEAM_FIELDS = ("key", "source", "thread_id", "id", "parent_id", "title", "lang", "text", "parent_text")


def team_rows(folder: Path = FORUM8) -> list[dict]:
    """A team-written source (``folder/texts.jsonl``; ``forum8``, ``forum13``): one row per comment in
    the corpus's row shape (``split`` "train": never held out, never a quality figure), file order.
    A line that is not such a comment (bad JSON, a missing or non-string field, a source other than the
    folder's name, a key that is not ``SOURCE:THREAD:ID`` (``forum8:A01:c02``) or repeats, a parent outside
    its thread, a language other than de/en) raises ValueError naming the file and line: the file is ours,
    so it is fixed, not skipped."""
    path = folder / "texts.jsonl"
    shown = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
    rows: list[dict] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"{path}:{n}: not JSON ({exc})") from None
        if not isinstance(r, dict) or not all(isinstance(r.get(f), str) for f in TEAM_FIELDS):
            raise ValueError(f"{path}:{n}: needs the string fields {', '.join(TEAM_FIELDS)}")
        if r["source"] != folder.name:  # a row's source decides its weight and folds: it must be its folder's
            raise ValueError(f"{path}:{n}: source {r['source']!r} is not the folder's name {folder.name!r}")
        if r["key"] != f"{r['source']}:{r['thread_id']}:{r['id']}" or r["key"] in seen or not r["text"].strip():
            raise ValueError(f"{path}:{n}: key {r['key']!r} is not SOURCE:THREAD:ID, repeats, or has no text")
        if r["lang"] not in ("de", "en"):
            raise ValueError(f"{path}:{n}: lang {r['lang']!r} is neither de nor en")
        seen.add(r["key"])
        rows.append({"key": r["key"], "source": r["source"], "path": shown, "thread_id": r["thread_id"],
                     "id": r["id"], "parent_id": r["parent_id"], "split": "train", "title": r["title"],
                     "text": r["text"], "parent_text": r["parent_text"], "author": "", "lang": r["lang"]})
    ids = {(r["thread_id"], r["id"]) for r in rows}
    for r in rows:
        if r["parent_id"] and (r["thread_id"], r["parent_id"]) not in ids:
            raise ValueError(f"{path}: {r['key']}: parent {r['parent_id']!r} is not in its thread")
    return rows


TOPICS = ["geopolitics", "bootloader_unlocking", "open_source", "consumer_rights"]
TONES = ["informative", "questioning", "critical", "sarcastic", "hostile", "supportive"]


def read_labels(path: Path) -> dict[str, tuple[set[str], set[str]]]:
    """key → (topics, tones) of a label file."""
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["key"]: (set(filter(None, r["topics"].split(";"))), set(filter(None, r["tone"].split(";"))))
                for r in csv.DictReader(fh)}


def agreement(folder: Path = SAMPLE.parent) -> list[dict]:
    """Per label: positives in each pass and the gold labels, observed agreement,
    Cohen's kappa and F1 of one pass against the other."""
    from sklearn.metrics import cohen_kappa_score, f1_score

    one, two, gold = (read_labels(folder / f) for f in ("labels_pass1.csv", "labels_pass2.csv", "gold.csv"))
    keys = sorted(one)
    rows = []
    for kind, labels in ((0, TOPICS), (1, TONES)):
        for label in labels:
            a = [label in one[k][kind] for k in keys]
            b = [label in two[k][kind] for k in keys]
            both = any(a) or any(b)
            rows.append({
                "label": label, "pass1": sum(a), "pass2": sum(b), "gold": sum(label in gold[k][kind] for k in keys),
                "agreement": sum(x == y for x, y in zip(a, b)) / len(keys),
                "kappa": cohen_kappa_score(a, b) if both and len(set(a + b)) > 1 else None,
                "f1": f1_score(a, b, zero_division=0) if both else None,
            })
    return rows


def main(argv: list[str]) -> int:
    if argv[:1] == ["agreement"] and len(argv) <= 2:
        print(f"{'label':<22}{'pass 1':>7}{'pass 2':>7}{'gold':>6}{'agreement':>11}{'kappa':>8}{'F1':>7}")
        for r in agreement(*(Path(a) for a in argv[1:])):
            kappa = "–" if r["kappa"] is None else f"{r['kappa']:.2f}"
            f1 = "–" if r["f1"] is None else f"{r['f1']:.2f}"
            print(f"{r['label']:<22}{r['pass1']:>7}{r['pass2']:>7}{r['gold']:>6}{r['agreement']:>11.3f}{kappa:>8}{f1:>7}")
        return 0
    if len(argv) not in (2, 3) or argv[0] not in ("sample", "texts", *HOLDOUTS):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] in HOLDOUTS:
        rows = HOLDOUTS[argv[0]]()
    elif len(argv) == 3:
        rows = [row for make in HOLDOUTS.values() for row in make()]
    else:
        rows = build()
    if argv[0] in ("sample", *HOLDOUTS):
        out = Path(argv[1])
        out.mkdir(parents=True, exist_ok=True)
        with open(out / "sample.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, FIELDS, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        target = out / "texts.jsonl"
    else:
        sample = Path(argv[2]) if len(argv) == 3 else SAMPLE
        wanted = {r["key"]: r for r in csv.DictReader(open(sample, encoding="utf-8"))}
        # the thread as the sample fixed it (its CV groups), whatever thread id a later reader gives the page
        rows = [dict(r, thread_id=wanted[r["key"]]["thread_id"]) for r in rows if r["key"] in wanted]
        missing = set(wanted) - {r["key"] for r in rows}
        if missing:
            print(f"error: {len(missing)} sampled comments not found, e.g. {sorted(missing)[:3]}", file=sys.stderr)
            return 1
        target = Path(argv[1])
    with open(target, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    splits = defaultdict(int)
    for row in rows:
        splits[(row["source"], row["split"])] += 1
    for (source, split), n in sorted(splits.items()):
        print(f"{source:14} {split:5} {n:5}", file=sys.stderr)
    print(f"{len(rows)} comments", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
