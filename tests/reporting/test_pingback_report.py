"""Reports on a WordPress thread with pingbacks: a pingback or trackback is another page's link, not a reader's
words, so it gets no topic or tone (classify) and every table with a share counts it apart (label `pingback`), not
among the comments read without a topic or tone; the summaries say so where they state a base. Only when there are
any."""

from __future__ import annotations

import csv

from comments.classification.classify import classify
from comments.classification.taxonomy import load
from comments.model.records import Comment, ParsedThread, Thread
from comments.model.tree import rebuild
from comments.reporting import report as reporting

READERS = [
    "Die Sanktionen gegen Kuba und die Krim treffen wieder die Kunden, nicht die Politik. Xiaomi sperrt einfach ab.",
    "Kann man den Bootloader noch entsperren, wenn das Handy schon gesperrt ist? Mi Unlock sagt bei mir nichts.",
    "Danke für den ausführlichen Artikel, das war sehr hilfreich.",
    "Open Source wäre die Lösung: ein freies Betriebssystem ohne Fernabschaltung durch den Hersteller.",
    "Wer ein Gerät kauft, dem gehört es. Eine Fernsperre ist Enteignung der Kunden, ganz einfach.",
]
PINGBACKS = [
    "Pingback: Wochenrückblick KW 38: Xiaomi, Lieferketten und Klemmbausteine | Techblog Kamenz",
    "Pingback: Lesenswert am Wochenende – Ausgabe 112 | Linkschleuder",
    "Trackback: Warum mein nächstes Telefon kein Xiaomi wird – Notizen eines Bastlers",
]


def _threads(pingbacks: bool = True) -> list[ParsedThread]:
    out = []
    for k, site in enumerate(("stadt-bremerhaven.de", "techblog.example")):
        comments = [Comment(id=str(i), text=t, created_at=f"2021-09-2{i % 3}T1{i}:00:00Z")
                    for i, t in enumerate(READERS)]
        if pingbacks:
            comments += [Comment(id=f"p{i}", kind="trackback" if t.startswith("Trackback") else "pingback", text=t,
                                 created_at=f"2021-09-2{i}T09:00:00Z") for i, t in enumerate(PINGBACKS[k:])]
        out.append(ParsedThread(Thread(thread_id="xiaomi", site=site), rebuild(comments)))
    return out


def _rows(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _report(tmp_path, threads):
    from comments.analyses.analysis import analyse

    classify(threads)
    reporting.run(threads, load(), tmp_path, "all")
    tables = {name: _rows(tmp_path / f"{name}.csv") for name in (
        "tone_shares_by_site", "topic_shares_by_site", "topic_shares_by_thread", "topic_tone", "topics_over_time",
        "compare_sites", "compare_threads")}
    return tables | {"position_deciles": analyse(threads).rows["position_deciles"]}  # (a table without a CSV)


def test_pingbacks_are_counted_apart_in_every_share_and_said(tmp_path):
    tables = _report(tmp_path, _threads())
    for name in ("tone_shares_by_site", "topic_shares_by_site"):
        rows = {(r["group"], r["label"]): r for r in tables[name]}
        assert rows[("stadt-bremerhaven.de", "pingback")]["comments"] == "3", name
        assert rows[("techblog.example", "pingback")]["comments"] == "2", name
        assert rows[("stadt-bremerhaven.de", "pingback")]["of"] == "8"
        for site in ("stadt-bremerhaven.de", "techblog.example"):  # `none`: readers' comments read without a label
            assert int(rows[(site, "none")]["comments"]) <= len(READERS) - sum(
                int(rows[(site, t)]["comments"]) > 0 for t in ("geopolitics",) if (site, t) in rows), name
    none_tone = {r["group"]: int(r["comments"]) for r in tables["tone_shares_by_site"] if r["label"] == "none"}
    assert none_tone == {"stadt-bremerhaven.de": 0, "techblog.example": 0}  # (on main: 3 and 2, the pingbacks)
    assert {r["label"] for r in tables["topic_shares_by_thread"]} >= {"pingback", "none"}
    assert [r for r in tables["topic_tone"] if r["topic"] == "pingback" and r["tone"] == "pingback"][0]["comments"] == "5"
    # topics over time: the share of the readers' comments of each period (pingbacks have no topic to count)
    assert sum(int(r["of"]) for r in tables["topics_over_time"] if r["topic"] == "geopolitics") == 2 * len(READERS)
    for row in tables["compare_sites"]:
        k = 3 if row["site"] == "stadt-bremerhaven.de" else 2
        assert float(row["tone_pingback"]) == float(row["topic_pingback"]) == round(k / (len(READERS) + k), 4) or \
            abs(float(row["tone_pingback"]) - k / (len(READERS) + k)) < 1e-9
        assert float(row["tone_none"]) == 0.0
    assert all("tone_pingback" in row for row in tables["compare_threads"])
    deciles = {}
    for row in tables["position_deciles"]:  # each tenth's shares still add up to 1, pingbacks a label of their own
        deciles.setdefault(row["decile"], []).append(float(row["share"]))
    assert "pingback" in {r["label"] for r in tables["position_deciles"]}
    assert all(abs(sum(v) - 1.0) < 1e-9 for d, v in deciles.items() if any(v))
    topics_md = (tmp_path / "topics.md").read_text(encoding="utf-8")
    assert ("Of these 15 comments, 5 (33 %) are pingbacks or trackbacks (another page linking here: its title and "
            "excerpt, not a reader's words), so no topic or tone is read in them") in topics_md
    assert "most discussed topic is **pingback**" not in topics_md and "most often pingback" not in topics_md
    compare_md = (tmp_path / "compare.md").read_text(encoding="utf-8")
    assert "Of these 15 comments, 5 (33 %) are pingbacks or trackbacks" in compare_md
    assert "(1 thread, 8 comments, 3 of them pingbacks, not read for topic or tone)" in compare_md


def test_a_pingbacks_words_are_in_no_word_count(tmp_path):
    """Characteristic and distinguishing words are the readers' words: "Klemmbausteine" (a pingback title's only)
    is counted nowhere."""
    from comments.analyses import topic_stats as ts
    from comments.text.tokens import Stems

    threads = _threads()
    classify(threads)
    counts = ts.thread_text(threads[0], load().ids, Stems())[1]
    stems = Stems()
    assert not set(stems.of_text("Klemmbausteine Linkschleuder", "de")) & set(counts.words)
    assert set(stems.of_text("Enteignung", "de")) <= set(counts.words)


def test_without_pingbacks_no_table_or_summary_changes(tmp_path):
    tables = _report(tmp_path, _threads(pingbacks=False))
    assert all(r["label"] != "pingback" for name in ("tone_shares_by_site", "topic_shares_by_site",
                                                     "position_deciles") for r in tables[name])
    assert all("tone_pingback" not in row for row in tables["compare_sites"])
    assert "pingback" not in (tmp_path / "topics.md").read_text(encoding="utf-8")
    assert "pingback" not in (tmp_path / "compare.md").read_text(encoding="utf-8")


def test_a_corpus_whose_only_labels_are_pingbacks_says_no_comment_has_a_topic(tmp_path):
    comments = [Comment(id="1", text="Schöner Beitrag."), Comment(id="2", kind="pingback", text=PINGBACKS[0])]
    threads = [ParsedThread(Thread(thread_id="t", site="blog.example"), rebuild(comments))]
    classify(threads)
    reporting.run(threads, load(), tmp_path, "topics")
    assert "topic_terms.csv is empty" in (tmp_path / "topics.md").read_text(encoding="utf-8")
    assert "no comment has a topic" in (tmp_path / "topics.md").read_text(encoding="utf-8")


def test_depth_names_the_pingbacks_its_figures_count(tmp_path):
    """depth.md said "20 comments: 10 % are replies, 90 % get no reply" of a page whose 8 pingbacks are no
    readers' comments (journalist, session 15): the pingbacks are counted in depth_by_site/depth_by_thread and
    the summary names them; without pingbacks nothing is said."""
    _report(tmp_path, _threads())
    sites = {r["site"]: r for r in _rows(tmp_path / "depth_by_site.csv")}
    assert [sites[s]["pingbacks"] for s in ("stadt-bremerhaven.de", "techblog.example")] == ["3", "2"]
    assert {r["pingbacks"] for r in _rows(tmp_path / "depth_by_thread.csv")} == {"3", "2"}
    depth = (tmp_path / "depth.md").read_text(encoding="utf-8")
    assert ("3 of the 8 comments are pingbacks or trackbacks (another page linking here, not a reader), counted in "
            "these figures (pingbacks in depth_by_site.csv).") in depth
    assert "2 of the 7 comments are pingbacks or trackbacks" in depth
    plain = tmp_path / "plain"
    plain.mkdir()
    _report(plain, _threads(pingbacks=False))
    assert "pingback" not in (plain / "depth.md").read_text(encoding="utf-8")
    assert {r["pingbacks"] for r in _rows(plain / "depth_by_site.csv")} == {"0"}
