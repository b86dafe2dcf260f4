"""Every number in every Markdown summary is re-derived here from the CSV tables it
summarises: for the seed, and for a multi-site real corpus from ../shared/corpora.

Names (sites, thread ids, titles, labels, terms) and quoted comment openings are taken
out of the text first; every number left must be one the tables give, and every number
the tables give for a sentence must be there (as multisets)."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from comments.analyses.sentences import MIN_CLAIM, w_text
from comments.analyses.topic_stats import DELETED, MIN_MARKER_COMMENTS, SET_APART, UNREAD
from comments.classification.suggest import MIN_COMMENTS
from comments.analyses.drift import SLOPE_MIN_POINTS
from comments.analyses.stats import MIN_CLUSTERS, MIN_ITEMS
from conftest import CORPORA, FIXTURES, RAW, run

NUMBER = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?(?:e[-+]?\d+)?")
BOILERPLATE = ("Similarity is the cosine", "Nesting level = depth + 1", "Tables: ", "Polarity runs from")


def _multi_site_args() -> list[str]:
    c = CORPORA
    need = [c / "html_wordpress", c / "reddit", c / "staticman", c / "plaintext_de"]
    if not all(p.exists() for p in need):
        pytest.skip(f"shared corpora not available: {c}")
    return [*map(str, need), "--site", f"lemire.me={need[0]}", "--site", f"made-mistakes.com={need[2]}",
            "--site", f"konstantinklein.com={need[3]}"]


@pytest.fixture(scope="module", params=["seed", "seed and slopes", "multi-site", "multi-site by thread"])
def report(request, tmp_path_factory) -> Path:
    if request.param == "seed":  # `report all data/raw`, made once for the whole run
        return request.getfixturevalue("raw_report")
    out = tmp_path_factory.mktemp(request.param.replace(" ", "_"))
    if request.param == "seed and slopes":
        return request.getfixturevalue("slopes_report")
    args = _multi_site_args()
    if request.param.endswith("by thread"):
        result = run("compare", *args, "--by", "thread", "--out", str(out), "-q")
    else:
        result = run("report", "all", *args, "--out", str(out), "-q")
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def slopes_report(tmp_path_factory) -> Path:
    """The seed and three threads whose slopes are not tested: two replies (no slope),
    three replies (a slope, too few for a p-value), four equal replies (an exact fit)."""
    out = tmp_path_factory.mktemp("slopes")
    result = run("report", "all", str(RAW), str(FIXTURES / "drift_slopes.jsonl"), "--out", str(out), "-q")
    assert result.exit_code == 0, result.stderr
    return out


def test_slopes_without_a_p_are_fitted_and_said_apart(slopes_report):
    """drift.md counted only threads with a p as "fitted": a three-reply slope and an exact
    fit vanished from the summary. Now each is counted, and only tested slopes are judged."""
    by_thread = {r["thread_id"]: r for r in rows(slopes_report, "drift_by_thread")}
    assert [(by_thread[t]["slope"] != "", by_thread[t]["slope_p"] != "", by_thread[t]["slope_points"])
            for t in ("wetter", "radweg", "abschied")] == [(False, False, "2"), (True, False, "3"), (True, False, "4")]
    text = (slopes_report / "drift.md").read_text(encoding="utf-8")
    assert ("1 thread with replies has no slope (fewer than three replies with a similarity, or all at one depth); "
            "of the 3 threads with a fitted slope, 1 rests on too few replies for a p-value (fewer than 4) and 1 is "
            "an exact fit") in text
    assert "In the one thread with a tested slope, the replies' similarity to the article does not change" in text


def rows(folder: Path, name: str) -> list[dict]:
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def f(x: str) -> float | None:
    return None if x in ("", None) else float(x)


def dec(x: float, digits: int = 2, scale: int = 1) -> str:
    """``x`` as its CSV cell holds it, rounded half-up (0.575 → 0.58, as a reader rounds)."""
    from decimal import ROUND_HALF_UP, Decimal

    value = (Decimal(repr(x)) * scale).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{abs(value) if value == 0 else value:f}"


def pct(x: float) -> str:
    """A percentage's number; a share between 0 and 1 never shows 0 or 100 ("< 1 %", "> 99 %")."""
    shown = dec(x, 0, 100)
    return "1" if shown == "0" and x > 0 else "99" if shown == "100" and x < 1 else shown


def n(x) -> str:
    return f"{int(float(x)):,}"


def numbers_in(folder: Path, name: str) -> Counter:
    """Numbers of a summary, names and quotations taken out."""
    text = (folder / f"{name}.md").read_text(encoding="utf-8")
    text = re.sub(r"\\(.)", r"\1", text)  # Markdown escapes
    kept = []
    for para in text.split("\n\n"):
        if para.startswith(BOILERPLATE):
            continue
        for line in para.splitlines():
            chain = re.match(r"- .* \(drift (\d\.\d\d)\): “", line)
            kept.append(f"drift {chain.group(1)}" if chain else line)
    text = "\n".join(kept)
    text = text.replace("drift = 1 − similarity", "drift = one minus similarity")
    text = text.replace("95 % CI", "CI").replace("95 % intervals", "intervals")
    for name_ in sorted(_names(folder), key=len, reverse=True):
        text = text.replace(name_, " NAME ")
    return Counter(m.group(0) for m in NUMBER.finditer(text))


def _names(folder: Path) -> set[str]:
    """Every name with a digit that a summary may quote."""
    out = set()
    for path in folder.glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for key in ("site", "thread_id", "title", "group", "term", "label", "topic", "period"):
                    value = row.get(key) or ""
                    if any(ch.isdigit() for ch in value) and not NUMBER.fullmatch(value):
                        out.add(value)
                        out.update(value.split("/", 1)[1:])
    return out


def misfit(folder: Path, group: str | None = None) -> list[str]:
    """The numbers of the taxonomy-misfit sentence: of the corpus, or of one compared
    ``group`` (a site, or site/thread)."""
    cov = [r for r in rows(folder, "topic_coverage")
           if group is None or group in (r["site"], f"{r['site']}/{r['thread_id']}")]
    total = sum(int(r["substantive"]) for r in cov)
    without = sum(int(r["without_topic"]) for r in cov)
    if not (total and without / total > 0.6):
        return []
    small = group is None and total < MIN_COMMENTS  # too few for `taxonomy suggest`: told how many it needs
    return [pct(without / total), n(total)] + ([str(MIN_COMMENTS)] if small else [])


def expected_topics(d: Path) -> Counter:
    sites = rows(d, "topic_shares_by_site")
    threads = {r["group"] for r in rows(d, "topic_shares_by_thread")}
    of = {r["group"]: int(r["of"]) for r in sites}
    total = sum(of.values())
    out = [n(total), n(len(threads)), n(len(of)), *misfit(d), *held_sites(d)]
    if total:
        count = Counter()
        for r in sites:
            count[r["label"]] += int(r["comments"])
        ranked = sorted((t for t in count if t not in ("none", DELETED) and count[t]), key=lambda t: (-count[t], t))
        if count[DELETED]:  # "Of these 12 comments, 5 (42 %) were deleted or removed …"
            out += [n(total), n(count[DELETED]), pct(count[DELETED] / total)]
        if ranked and not misfit(d) and count[ranked[0]] < MIN_CLAIM:  # "at most 3 comments each, fewer than 5"
            out += [n(count[ranked[0]]), str(MIN_CLAIM)]
        elif ranked and not misfit(d):
            tied = [t for t in ranked if count[t] == count[ranked[0]]]  # a tie is said once: "tie at 2 … each"
            named = [ranked[0], *ranked[len(tied):len(tied) + 2]]
            out += [n(count[t]) for t in named] + [pct(count[t] / total) for t in named]
        out += no_topic(d, count["none"], total, count[DELETED])
        out += tone_overall(d)
        co = [int(r["comments"]) for r in rows(d, "topic_cooccurrence") if r["topic_a"] < r["topic_b"]]
        if any(co) and not misfit(d):  # a taxonomy that does not fit names no pair
            out += [n(max(co))] + ([str(MIN_CLAIM)] if max(co) < MIN_CLAIM else [])
        if not misfit(d):
            out += topic_tones(d, ranked[:5], count, total)
            marked = {r["topic"] for r in rows(d, "topic_terms")}
            if marked and any(t not in marked for t in ranked[:5]):  # one "found in 3 or more of them" for all
                out.append(n(MIN_MARKER_COMMENTS))
            if ranked and len(ranked) > 5:  # "2 more topics are in topic_tone.csv …"
                out.append(n(len(ranked) - 5))
        out += _gaps(sorted({r["period"] for r in rows(d, "topics_over_time")}))
    return Counter(out)


def held_sites(d: Path) -> list[str]:
    """"…, all from 2 sites of them (a, b); 4 of the 5 threads have no comments in the input
    (3 of them state no comment count …)": from depth_by_thread or topic_shares_by_thread."""
    threads = _thread_counts(d)
    sites = {r["group"] for r in rows(d, "topic_shares_by_site")}
    with_comments = {site for site, _, k, _ in threads if k}
    out = []
    if 1 < len(with_comments) < len(sites):
        out.append(n(len(with_comments)))
        if len(with_comments) > 5:
            out.append(n(len(with_comments) - 5))
    return out + empty_threads(threads)


def _thread_counts(d: Path) -> list[tuple[str, str, int, str]]:
    """(site, thread_id, comments, stated_count cell) per thread."""
    if (d / "depth_by_thread.csv").exists():
        return [(r["site"], r["thread_id"], int(r["comments"]), r["stated_count"]) for r in rows(d, "depth_by_thread")]
    return [(r["site"], r["thread_id"], int(r["comments"]), r["stated_count"]) for r in rows(d, "compare_threads")]


def empty_threads(threads) -> list[str]:
    empty = [t for t in threads if not t[2]]
    if not empty:
        return []
    unstated = sum(t[3] == "" for t in empty)
    return [n(len(empty)), n(len(threads))] + ([n(unstated)] if 0 < unstated < len(empty) else [])


def not_loaded(d: Path, table: str) -> list[str]:
    """The sentence on comments the source states but the input does not hold."""
    short = sorted(((r["site"], r["thread_id"], int(r["comments"]), r["stated_count"], int(r["not_loaded"]))
                    for r in rows(d, table) if int(r["not_loaded"] or 0)), key=lambda t: (-t[4], t[0], t[1]))
    if not short:
        return []

    def of(k, stated, missing):  # Reddit's stubs can list more than stated: "492 of the 4,241 … , more than the 3,982"
        if stated and k + missing != int(stated):
            return [n(k), n(k + missing), n(missing), n(stated)]
        return [n(k), n(stated) if stated else n(k + missing), n(missing)]

    if len(short) == 1:
        return of(*short[0][2:]) + [n(short[0][2])]
    return ([n(len(short)), n(sum(t[4] for t in short))] + ([n(len(short) - 5)] if len(short) > 5 else [])
            + [x for t in short[:5] for x in of(*t[2:])])


def no_topic(d: Path, none: int, total: int, deleted: int = 0) -> list[str]:
    """"138 of the 146 comments (95 %) carry no topic: 118 of the 126 substantive ones … and
    20 of the 20 that are not substantive"."""
    cov = rows(d, "topic_coverage")
    sub = sum(int(r["substantive"]) for r in cov)
    sub_none = sum(int(r["without_topic"]) for r in cov)
    out = [n(none), n(total), pct(none / total)] if total > 1 else []  # "The only comment carries no topic"
    total -= deleted  # (the deleted comments: "the 5 deleted comments are not read for topics")
    if not cov or not (0 <= none - sub_none <= total - sub):
        return out
    out += [n(deleted)] if deleted > 1 else []
    def of(k: int, m: int) -> list[str]:  # "none of the 24", "all 20", "the one", "118 of the 126", "both"
        return [] if k == m == 2 else ([n(k)] if 0 < k < m else []) + ([n(m)] if m > 1 else [])

    return out + (of(sub_none, sub) if sub else []) + (of(none - sub_none, total - sub) if total - sub else [])


def _tone_counts(d: Path) -> tuple[Counter, int]:
    counts, of = Counter(), {}
    for r in rows(d, "tone_shares_by_site"):
        counts[r["label"]] += int(r["comments"])
        of[r["group"]] = int(r["of"])
    return counts, sum(of.values())


def tone_overall(d: Path) -> list[str]:
    """"The most frequent tone is critical: 24 of the 25 comments (96 %) carry it, followed
    by informative (19, 76 %)"."""
    counts, total = _tone_counts(d)
    counts = Counter({k: v for k, v in counts.items() if k not in ("none", UNREAD, DELETED) and v})
    if not total:
        return []
    if not counts:
        return [n(total)]
    order = sorted(counts, key=lambda k: (-counts[k], k))
    top = [k for k in order if counts[k] == counts[order[0]]]
    k = counts[top[0]]
    if k < MIN_CLAIM:  # "Too few … (at most 2 comments each of the 3 comments, fewer than 5"
        return [n(k), n(total), str(MIN_CLAIM)]
    out = [n(total)] if k == total and total > 1 else [n(k), n(total), pct(k / total)]
    rest = [t for t in order if t not in top]
    return out + ([n(counts[rest[0]]), pct(counts[rest[0]] / total)] if rest else [])


def topic_tones(d: Path, shown: list[str], count: Counter, total: int) -> list[str]:
    """A topic's leading tone only where Fisher's exact test (BH across the tests) finds its
    share differs from the other comments': both shares and the adjusted p."""
    from scipy.stats import false_discovery_control, fisher_exact

    overall, n_all = _tone_counts(d)
    n_all -= overall[DELETED]  # (the comments read for tone)
    tone = rows(d, "topic_tone")
    tests, few = [], False
    for t in shown:
        values = {r["tone"]: int(r["comments"]) for r in tone
                  if r["topic"] == t and r["tone"] not in ("none", UNREAD) and int(r["comments"])}
        if not values:
            continue
        v = max(values.values())
        if v < MIN_CLAIM:
            few = True
            continue
        of = count[t]
        if n_all - of <= 0:
            continue
        for o in sorted(x for x in values if values[x] == v):
            c = overall[o] - v
            tests.append((v, of, c, n_all - of, fisher_exact([[v, of - v], [c, n_all - of - c]])[1]))
    out = []
    q = false_discovery_control([t[-1] for t in tests], method="bh") if tests else []
    for (a, of, c, rest, _), qq in zip(tests, q):
        if qq < 0.05:
            out += ([n(of)] if a == of else [n(a), n(of), pct(a / of)]) + [n(c), n(rest), pct(c / rest), f"{qq:.3g}"]
    if any(qq >= 0.05 for qq in q):
        out.append(n(len(tests)))
    return out + ([str(MIN_CLAIM)] if few else [])


def _gaps(periods: list[str]) -> list[str]:
    """"Dated comments fall in 3 months …; 2 months in between have none": counted here
    from the calendar, not with the code under test."""
    from datetime import date, timedelta

    if not periods:
        return []
    if len(periods[0]) == 10:
        first, last = date.fromisoformat(periods[0]), date.fromisoformat(periods[-1])
        span = [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    else:
        y, m = map(int, periods[0].split("-"))
        span = []
        while not span or span[-1] != periods[-1]:
            span.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    missing = len(set(span) - set(periods))
    return [n(len(periods)), n(missing)] if missing else []


def _h(cell: str) -> str:
    """An h-index exactly as its table has it (3, not 3.0; a site's mean as 4.25, not 4.2)."""
    return cell


def host(r: dict) -> list[str]:
    """The numbers of the sentence on the post's author's comments (by_post_author,
    post_author_replies): "All 11 replies are by the post's author; none of the readers'
    own 13 comments is a reply" / "3 of the 40 replies … (5 comments by the author in all);
    readers' own 30 comments are 12 % replies"."""
    k, mine, replies, comments = (int(r[c]) for c in ("by_post_author", "post_author_replies", "replies", "comments"))
    if not k:
        return []
    out = [n(k)] if not mine else [] if replies == 1 else [n(replies)] if mine == replies else [n(mine), n(replies)]
    if mine and replies > 1 and k > mine:
        out.append(n(k))
    readers = comments - k
    if readers and abs((replies - mine) / readers - replies / comments) >= 0.10 - 1e-9:
        out += [n(readers)] + ([pct((replies - mine) / readers)] if replies > mine else [])
    return out


def expected_depth(d: Path) -> Counter:
    out = misfit(d) + not_loaded(d, "depth_by_thread")
    per_site = sorted((r for r in rows(d, "depth_by_site") if int(r["comments"])),
                      key=lambda r: (-int(r["comments"]), r["site"]))
    for r in per_site[:5]:
        out += [n(r["comments"]), n(r["threads"]), pct(f(r["reply_share"])), r["max_depth"],
                dec(f(r['mean_depth'])), pct(f(r["leaf_share"])), dec(f(r['mean_branching']), 1),
                n(r["largest_subthread"]), _h(r["h_index"]), dec(f(r['structural_virality']))]
        active = [t for t in rows(d, "depth_by_thread") if t["site"] == r["site"] and int(t["comments"])]
        if len(active) > 1:  # "mean per thread over its 4 threads …(its largest thread, ID with 396 comments: …)"
            top = min(active, key=lambda t: (-int(t["comments"]), t["thread_id"]))
            out += [n(len(active)), n(top["comments"]), _h(top["h_index"]), dec(f(top["structural_virality"]))]
        if int(r["orphans"]):  # replies whose parent is not in the input, said with their count
            out.append(n(r["orphans"]))
        if int(r["replies"]):
            out += host(r)
    threads = rows(d, "depth_by_thread")
    if per_site:
        deepest = max(threads, key=lambda r: (int(r["max_depth"]), int(r["comments"])))
        tied = sum(r["max_depth"] == deepest["max_depth"] for r in threads if int(r["comments"]))
        out += [deepest["max_depth"], n(deepest["comments"])] + ([n(tied)] if tied > 1 else [])
        if len(per_site) > 5:
            out.append(n(len(per_site) - 5))
        out += empty_threads(_thread_counts(d))
    return Counter(out)


def expected_drift(d: Path) -> Counter:
    out = misfit(d)
    edges = rows(d, "drift_edges")
    if not edges:
        return Counter(out)
    judged = [e for e in edges if e["kept_topic"]]
    kept = sum(e["kept_topic"] == "True" for e in judged)
    threads = rows(d, "drift_by_thread")
    # the replies whose parent has a topic, and those of them not judged by reason ("Of the 15 replies whose parent
    # has a topic, 14 are judged (1 is a bare reaction …)"): named where there are any
    topical = [e for e in edges if e["parent_topics"]]
    left = [n(k) for k in Counter(e["not_compared"] for e in topical if not e["kept_topic"]).values()]
    base = [n(len(topical))] + left if left else []
    if judged and misfit(d) and len(judged) < MIN_CLAIM:  # "Only 2 replies answer … (fewer than 5"
        out += [n(len(edges)), n(len(judged)), str(MIN_CLAIM)] + base
    elif judged and misfit(d):  # "98 replies answer a comment with a topic, but the taxonomy does not fit": no stickiness
        out += [n(len(edges)), n(len(judged))] + base
    elif judged:
        out += [n(len(edges)), n(len(topical)), n(kept), pct(kept / len(judged))] + ([n(len(judged))] + left if left
                                                                                       else [])
        out += baseline(threads, len(judged), kept)
    elif left:  # "Of the 2 replies whose parent has a topic, none is judged (2 are bare reactions …)"
        out += [n(len(edges))] + base
    else:
        out += [n(len(edges)), n(len(judged)), n(kept)]
    if len(judged) >= MIN_CLAIM and not misfit(d):
        out += drift_by_depth(edges)
    both = [e for e in edges if e["changed_subject"]]
    changed = sum(e["changed_subject"] == "True" for e in both)
    if misfit(d):  # no word on replies keeping or changing the subject where the taxonomy does not fit
        pass
    elif changed:
        top = rows(d, "drift_changes")[0]
        # "(1 reply)"; too few: "(at most 1 reply each, fewer than 5"
        out += [n(changed), n(len(both)), n(top["replies"])] + ([str(MIN_CLAIM)] if int(top["replies"]) < MIN_CLAIM
                                                                else [])
    elif both:
        out.append(n(len(both)))
    uncompared = [sum(int(r[k]) for r in threads) for k in ("not_compared_placeholder", "not_compared_unpublished", "not_compared_quote_only",
                                                             "not_compared_no_words", "not_compared_reaction",
                                                             "not_compared_other_language")]
    out += [n(sum(uncompared))] + [n(k) for k in uncompared if k] if sum(uncompared) else []  # "12 replies are not …"
    fitted = [r for r in threads if r["slope"]]  # a slope; tested: with a p as well
    none = [r for r in threads if int(r["replies"]) and not r["slope"]]
    few = [r for r in fitted if not r["slope_p"] and int(r["slope_points"]) < SLOPE_MIN_POINTS]
    exact = [r for r in fitted if not r["slope_p"] and int(r["slope_points"]) >= SLOPE_MIN_POINTS]
    out += [n(len(none))] if none else []  # "1 thread with replies has no slope"
    if few or exact:  # "of the 3 threads with a fitted slope, 1 rests on too few replies (fewer than 4) and 1 is…"
        out += [n(len(fitted))] + ([n(len(few)), str(SLOPE_MIN_POINTS)] if few else []) + ([n(len(exact))] * bool(exact))
    tested = [r for r in fitted if r["slope_p"]]
    found = sorted((r for r in tested if f(r["slope_p_adjusted"]) < 0.05),
                   key=lambda r: (f(r["slope_p_adjusted"]), r["site"], r["thread_id"]))
    if found:  # "In 2 of the 5 threads", "In all 5 threads", "In the one thread"
        out += [n(len(found)), n(len(tested))] if len(found) < len(tested) else [n(len(tested))] * (len(tested) > 1)
        for r in found[:5]:
            out += [dec(abs(f(r['slope'])), 3), dec(f(r['slope_low']), 3), dec(f(r['slope_high']), 3),
                    f"{f(r['slope_p_adjusted']):.3g}"]
        if len(found) > 5:
            out.append(n(len(found) - 5))
    elif len(tested) > 1:  # "In none of the 4 threads"; one: "In the one thread"
        out.append(n(len(tested)))
    chains = sorted(rows(d, "drift_chains"), key=lambda r: (-min(len(r["ids"].split(" → ")), 3), -f(r["drift"]),
                                                           r["site"], r["thread_id"], r["ids"]))  # 3+ comments first
    out += [dec(f(r['drift'])) for r in chains[:5] if len(r["ids"].split(" → ")) >= 3]  # pairs are no chains
    sims = [f(e["sim_parent"]) for e in edges if e["sim_parent"]]
    if chains and sims:  # "a reply's mean similarity to its parent is 0.11 … sits 0.89 from"
        mean = sum(sims) / len(sims)
        out += [f"{mean:.2f}", f"{1 - mean:.2f}"]
    return Counter(out)


def baseline(threads: list[dict], judged: int, kept: int) -> list[str]:
    """"By chance … 83 % would keep one …: … (p = 0.392, exact Poisson-binomial test)": p
    re-derived from keep_chances, one Bernoulli trial per judged reply, by the plain recursion
    over the replies (the counts no likelier than the observed one)."""
    import json

    expected = sum(f(r["expected_kept"]) for r in threads)
    variance = sum(f(r["expected_kept_var"]) for r in threads)
    out = [pct(expected / judged)]
    if judged < 5:  # "2 replies are too few to test against it (fewer than 5)"
        return out + [n(judged), "5"]
    if variance > 0:
        pmf = [1.0]
        for r in threads:
            for chance, times in json.loads(r["keep_chances"] or "{}").items():
                for _ in range(times):
                    p = float(chance)
                    pmf = [a * (1 - p) + b * p for a, b in zip(pmf + [0.0], [0.0] + pmf)]
        out.append(f"{sum(x for x in pmf if x <= pmf[kept] * (1 + 1e-7)):.3g}")
    return out


def drift_by_depth(edges: list[dict]) -> list[str]:
    """"1 reply whose parent has a topic keeps none …, by depth: depth 1: 0 of 9, depth 2: 1
    of 6; 1 of them has no topic itself"."""
    judged, off = Counter(), Counter()
    for e in edges:
        if e["kept_topic"]:
            judged[int(e["depth"])] += 1
            off[int(e["depth"])] += e["kept_topic"] == "False"
    total = sum(off.values())
    if not total:
        return []
    bare = sum(e["kept_topic"] == "False" and not e["topics"] for e in edges)
    return ([n(total)] + [x for depth in sorted(judged)[:5] for x in (str(depth), n(off[depth]), n(judged[depth]))]
            + ([n(bare)] if bare else []))


def expected_compare(d: Path) -> Counter:
    sites, threads = rows(d, "compare_sites"), rows(d, "compare_threads")
    by = rows(d, "compare_tests")[0]["by"]
    out = [n(len(sites)), n(len(threads)), n(sum(int(r["comments"]) for r in sites))]
    out += not_loaded(d, "compare_threads")
    total = sum(int(r["comments"]) for r in sites)

    def gone(r: dict) -> int:  # a row's deleted comments, from its topic_deleted share
        return round((f(r.get(f"topic_{DELETED}") or "") or 0.0) * int(r["comments"]))

    def readers(r: dict) -> int:  # the tests' base: no pingbacks, no deleted comments
        return int(r["comments"]) - int(r["pingbacks"]) - gone(r)

    deleted = sum(gone(r) for r in sites)
    out += [n(total), n(deleted), pct(deleted / total)] if deleted else []  # "Of these …, 10 (1 %) were deleted …"
    # the groups the tests compared (enough comments, and by site enough threads): each
    # difference named gives the highest and lowest of their shares
    compared = [r for r in (sites if by == "site" else threads)
                if readers(r) >= MIN_ITEMS and (by != "site" or int(r["threads"]) >= MIN_CLUSTERS)]

    def way(field: str, label: str) -> list[str]:
        shares = [(f(r[f"{'topic' if field == 'topics' else 'tone'}_{label}"]) or 0.0) * int(r["comments"]) / readers(r)
                  for r in compared]  # (of the readers' comments, as the tests count)
        return [pct(max(shares)), pct(min(shares))]

    for field in ("topics", "tone"):
        tests = [t for t in rows(d, "compare_tests") if t["field"] == field]
        done = [t for t in tests if t["p_value"]]
        rare = [t for t in tests if not t["p_value"] and f"fewer than {MIN_CLAIM} comments" in t["note"]]
        out += [str(MIN_CLAIM)] if rare else []  # "Not tested: a and b, each share resting on fewer than 5 comments"
        if not done:
            out += NUMBER.findall(next((t["note"] for t in tests if t["note"] and t not in rare), ""))
            continue
        found = sorted((t for t in done if f(t["p_adjusted"]) < 0.05),
                       key=lambda t: (-f(t["cohens_w"]), f(t["p_adjusted"]), t["label"]))  # largest effect first
        out.append(done[0]["groups"])
        out += NUMBER.findall(done[0]["note"])  # the groups left out, and the rule
        unlabelled = [t for t in found if t["label"] == "none"]  # no label at all: said apart, not counted
        found = [t for t in found if t["label"] != "none"]
        slight = [t for t in found if f(t["cohens_w"]) < 0.1]  # significant, negligible effect: said apart
        found = [t for t in found if f(t["cohens_w"]) >= 0.1]
        if found:
            out.append(n(len(found)))
            out += [x for t in found[:5] for x in (f"{f(t['p_adjusted']):.3g}", w_text(f(t['cohens_w'])),
                                                    *way(field, t["label"]))]
            if len(found) > 5:
                out.append(str(len(found) - 5))
        out += [x for t in slight[:5] for x in (f"{f(t['p_adjusted']):.3g}", w_text(f(t['cohens_w'])),
                                                 *way(field, t["label"]))]
        out += ["0.1"] if slight else []  # "(Cohen's w below 0.1)"
        if len(slight) > 5:
            out.append(str(len(slight) - 5))
        out += [x for t in unlabelled for x in (f"{f(t['p_adjusted']):.3g}", w_text(f(t['cohens_w'])),
                                                 *way(field, "none"))]
        out.append(n(len(done)))
    out += misfit(d)
    groups = sites if by == "site" else threads
    active = sorted((r for r in groups if int(r["comments"])),
                    key=lambda r: (-int(r["comments"]), r["site"] if by == "site" else f"{r['site']}/{r['thread_id']}"))
    topics = [k[len("topic_"):] for k in groups[0] if k.startswith("topic_") and k != "topic_none"] if groups else []
    for r in active[:5]:
        if by == "site":
            out.append(n(r["threads"]))
        out.append(n(r["comments"]))
        group = r["site"] if by == "site" else f"{r['site']}/{r['thread_id']}"
        cov = [c for c in rows(d, "topic_coverage") if group in (c["site"], f"{c['site']}/{c['thread_id']}")]
        sub = sum(int(c["substantive"]) for c in cov)
        if misfit(d) and sub:  # "82 % of its 11 substantive comments have no topic"
            out += [pct(sum(int(c["without_topic"]) for c in cov) / sub), n(sub)]
        elif misfit(d):
            pass
        elif misfit(d, group):  # "the taxonomy does not fit it (100 % of its 8 substantive comments …)"
            out += misfit(d, group)
        else:
            top = max(topics, key=lambda t: (f(r[f"topic_{t}"]) or 0, t))
            if f(r[f"topic_{top}"]):
                out.append(pct(f(r[f"topic_{top}"])))
        out.append(dec(f(r['mean_depth'])))
        if r["mean_depth_ci_low"]:
            out += [dec(f(r['mean_depth_ci_low'])), dec(f(r['mean_depth_ci_high']))]
        else:  # the depth's own reason ("mean depth: …" where polarity's differs)
            out += NUMBER.findall(r["interval_note"].removeprefix("mean depth: ").split("; mean polarity: ")[0])
        if int(r["orphans"]):
            out.append(n(r["orphans"]))
        if r["mean_polarity"]:
            out.append(dec(f(r['mean_polarity'])))
            if r.get("mean_polarity_ci_low"):
                out += [dec(f(r['mean_polarity_ci_low'])), dec(f(r['mean_polarity_ci_high']))]
            elif "mean polarity: " in r["interval_note"]:  # "(no interval: too few comments with a polarity …)"
                out += NUMBER.findall(r["interval_note"].split("mean polarity: ")[-1])
        out += host(r)
        if len(active) > 1 and r.get("words_testable") == "False":  # "Too few comments … (10 comments vs 1,138"
            def apart(x: dict) -> list[int]:  # a row's comments counted apart (pingbacks, deleted, spam …), by label
                return [k for k in (round((f(x.get(f"topic_{label}") or "") or 0.0) * int(x["comments"]))
                                    for label in SET_APART) if k]

            mine = int(r["comments"]) - sum(apart(r))
            others = sum(int(x["comments"]) - sum(apart(x)) for x in active) - mine
            if not mine:  # "none of its 10 comments has a reader's words (10 spam or pending: …"
                out += [n(r["comments"])] + [n(k) for k in apart(r)]
            elif others:  # (none when no other group has a reader's words: nothing to count)
                out += [n(mine), n(others)]
        apart = sum(w["group"] == group for w in rows(d, "compare_words"))
        if apart > 8:  # "…; N more in compare_words.csv"
            out.append(n(apart - 8))
    if len(active) > 5:
        out.append(n(len(active) - 5))
    named = [r for r in active[:5] if any(w["group"] == (r["site"] if by == "site" else f"{r['site']}/{r['thread_id']}")
                                         for w in rows(d, "compare_words"))]
    few = [r for r in named if by == "site" and int(r["threads"]) < MIN_CLUSTERS]
    if few:  # "these sites have fewer than 5 threads (a: 1 and b: 1)"
        out += [str(MIN_CLUSTERS)] + [n(r["threads"]) for r in few]
    return Counter(x for x in out if x != "–")


def test_every_number_comes_from_the_tables(report):
    """Each summary the report wrote (``compare --by thread`` writes only compare.md)."""
    written = [name for name in ("topics", "depth", "drift", "compare") if (report / f"{name}.md").exists()]
    assert written
    for name in written:
        assert numbers_in(report, name) == globals()[f"expected_{name}"](report), name


def test_at_most_five_findings_per_section(report):
    for path in report.glob("*.md"):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            assert block.count("\n- ") + block.startswith("- ") <= 5, path.name
        assert path.read_text(encoding="utf-8").count("On **") <= 5, path.name
    topics = (report / "topics.md").read_text(encoding="utf-8") if (report / "topics.md").exists() else ""
    assert topics.count("Comments about ") <= 5 and topics.count("Words that mark ") <= 5
    assert topics.count("No word marks") <= 1  # the topics without marker words, folded into one sentence


def test_mix_findings_are_ranked_by_effect_size_and_w_agrees_with_its_size_word():
    """The summary named five findings alphabetically (ties of permutation p) and printed
    "w = 0.50, medium" next to "w = 0.50, large"."""
    from comments.analyses.sentences import mix_sentence, w_text
    from comments.analyses.stats import LabelTest

    tests = [LabelTest(label, 3, 9.0, 0.001, w, 0.003) for label, w in
             (("agreeing", 0.12), ("critical", 0.4996), ("humorous", 0.31), ("questioning", 0.505),
              ("sarcastic", 0.2), ("supportive", 0.02), ("informative", 0.7))]
    sentence = mix_sentence("tone", tests)
    named = [label for label in ("informative", "questioning", "critical", "humorous", "sarcastic", "agreeing")
             if label in sentence]
    assert sorted(named, key=sentence.index) == ["informative", "questioning", "critical", "humorous", "sarcastic"]
    assert "1 more in compare_tests.csv" in sentence  # agreeing; supportive (w 0.02, negligible) is said apart
    assert sentence.endswith("supportive (p = 0.003, w 0.02) differs significantly too, but the effect is negligible "
                             "(Cohen's w below 0.1).")
    assert "critical (p = 0.003, Cohen's w = 0.4996, medium)" in sentence
    assert "questioning (p = 0.003, Cohen's w = 0.51, large)" in sentence
    assert [w_text(w) for w in (0.3, 0.29999, 0.0999, 0.25)] == ["0.30", "0.29999", "0.0999", "0.25"]
    # within 1e-6 below a band edge the shown value must not round up into the next band (review)
    assert [w_text(w) for w in (0.4999999, 0.29999999)] == ["0.499999", "0.299999"]
