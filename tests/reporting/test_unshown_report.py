"""Reports on exports holding comments readers never saw (Disqus ``isSpam`` → status ``spam``, WordPress
``comment_approved`` 0 → ``pending``): classify still labels them (a moderator's queue wants their tone), but every
share table counts them apart (label ``unpublished``), as deleted comments and editorial notes are, drift and
the compare tests leave them out, the summaries say how many and index.html's tree marks them (newcomer21 F1)."""

from __future__ import annotations

import csv

from comments.classification.classify import classify
from comments.classification.taxonomy import load
from comments.reporting import report as reporting
from conftest import FIXTURES, corpus, read


def _rows(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _report(tmp_path, *paths):
    threads = read(*paths).threads
    classify(threads)
    comments = [c for pt in threads for c in pt.comments]
    reporting.run(threads, load(), tmp_path, "all")
    return comments


def _tone(tmp_path) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in _rows(tmp_path / "tone_shares_by_site.csv"):
        out[r["label"]] = out.get(r["label"], 0) + int(r["comments"])
    return out


def test_spam_and_pending_comments_are_counted_apart_and_marked(tmp_path):
    comments = _report(tmp_path, FIXTURES / "disqus_small.xml", FIXTURES / "wxr_small.xml")
    unseen = [c for c in comments if c.status in ("spam", "pending")]
    assert {c.status for c in unseen} == {"spam", "pending"}
    assert any(c.tone or c.topics for c in unseen)  # classify read them: the labels are in the output
    tone = _tone(tmp_path)
    assert tone["unpublished"] == len(unseen)
    for label in ("critical", "informative", "questioning", "supportive", "hostile", "sarcastic"):
        assert tone.get(label, 0) == sum(label in (c.tone or ()) for c in comments if c not in unseen), label
    topics = {}
    for r in _rows(tmp_path / "topic_shares_by_site.csv"):
        topics[r["label"]] = topics.get(r["label"], 0) + int(r["comments"])
    assert topics["unpublished"] == len(unseen)
    topics_md = (tmp_path / "topics.md").read_text(encoding="utf-8")
    said = f"{len(unseen)} ({round(100 * len(unseen) / len(comments))} %) were never shown to readers (status spam or pending"
    assert said in topics_md and said in (tmp_path / "compare.md").read_text(encoding="utf-8")
    assert f"the {len(unseen)} comments no reader saw (spam or pending) are counted apart" in topics_md
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    spam = sum(c.status == "spam" for c in comments)
    assert page.count('<span class="badge status">spam: not shown to readers</span>') == spam >= 1
    assert '<span class="badge status">pending: awaiting moderation, not shown to readers</span>' in page
    for row in _rows(tmp_path / "drift_edges.csv"):  # no reply–parent pair with such a comment is compared, said why
        ids = {row.get("id"), row.get("parent_id")}
        if ids & {c.id for c in unseen}:
            assert row["not_compared"] == "unpublished", row


def test_remark42_spam_post_is_not_one_of_the_critical_comments(tmp_path):
    """remark42's Disqus export: post 299986073 ("some ugly spam", isSpam) was one of the 4 "critical" of 6."""
    _report(tmp_path, corpus("disqus/remark42__disqus.xml"))
    tone = _tone(tmp_path)
    assert (tone["critical"], tone["unpublished"]) == (3, 1)


def test_a_site_whose_only_hostile_comment_is_spam_has_no_hostile_share_and_drift_says_deleted(tmp_path):
    """A Disqus export whose one hostile post is spam Disqus never showed (newcomer21 F1: the site's whole hostile
    share was that post), and a reply chain through a deleted post, which drift.md printed as an empty quote “”."""
    comments = _report(tmp_path, FIXTURES / "disqus_spam_deleted.xml")
    [spam] = [c for c in comments if c.status == "spam"]
    assert "hostile" in spam.tone  # classify read it
    tone = _tone(tmp_path)
    assert (tone["hostile"], tone["unpublished"], tone["deleted"]) == (0, 1, 1)
    drift = (tmp_path / "drift.md").read_text(encoding="utf-8")
    assert " → (deleted) → " in drift and "“”" not in drift
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<span class="badge status">deleted</span> <strong>Anon</strong>' in page


def _tree_texts(folder) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("tree_*.svg")))


def test_trees_draw_spam_as_unpublished_and_name_it_only_where_there_is_some(tmp_path):
    """review21b #8: every tree chart's legend listed `unpublished` (and pingback, deleted, editorial_note), also
    on the seeds, which hold none, while a spam comment was drawn in its classify topic's colour: a tree box now
    carries the comment's label in the topic tables, and the legend names a label counted apart only where a box
    has it."""
    comments = _report(tmp_path / "spam", FIXTURES / "disqus_spam_deleted.xml")
    assert {"spam", "deleted"} <= {c.status for c in comments}
    drawn = _tree_texts(tmp_path / "spam")
    assert ">unpublished</text>" in drawn and ">deleted</text>" in drawn and ">pingback</text>" not in drawn
    _report(tmp_path / "plain", FIXTURES / "reddit_thread.json")
    drawn = _tree_texts(tmp_path / "plain")
    assert drawn and ">none</text>" in drawn
    assert all(f">{label}</text>" not in drawn for label in ("unpublished", "pingback", "editorial_note"))


def _thread(site: str, rows):
    from comments.model.records import Comment, ParsedThread, Thread
    from comments.model.tree import rebuild

    comments = [Comment(id=i, parent_id=p, text=t, status=status, author=f"{site}-{i}", topics=topics,
                        tone=["informative"], polarity=0.0, language="de") for i, p, t, status, topics in rows]
    return ParsedThread(Thread(thread_id="t1", site=site, title=f"{site} t1"), rebuild(comments))


GEO = ["geopolitics"]
NEWS = [("1", None, "Die Sanktionen gegen Russland wirken langfristig, die Wirtschaft schrumpft deutlich.", "visible", GEO),
        ("2", "1", "Die russische Wirtschaft wächst trotz der Sanktionen, das zeigen die Zahlen.", "visible", GEO),
        ("3", "1", "Der Export nach China gleicht die Sanktionen gegen Russland weitgehend aus.", "visible", GEO),
        ("4", "1", "Günstige Kredite ohne Schufa, jetzt hier klicken und sofort Geld erhalten!", "spam", GEO),
        ("5", None, "Die NATO-Osterweiterung war ein Fehler, das sagen selbst amerikanische Diplomaten.", "pending",
         GEO),
        ("6", "5", "Die osteuropäischen Staaten wollten selbst in die NATO, das war ihre Entscheidung.", "visible", GEO),
        ("7", None, "Ohne Gas aus Russland bekommt die Industrie im Winter ernsthafte Probleme.", "pending", GEO),
        ("8", "7", "Die Gasspeicher sind voll, die Industrie nutzt längst Flüssiggas aus Katar.", "visible", GEO),
        ("9", None, "Der Iran nutzt die Lage im Nahen Osten aus, um seinen Einfluss auszubauen.", "visible", GEO),
        ("10", "9", "Saudi-Arabien und der Iran verhandeln inzwischen direkt miteinander.", "visible", GEO)]
SPAM = [("s1", None, "Verdienen Sie 5000 Euro im Monat von zu Hause aus, einfach klicken.", "spam", []),
        ("s2", "s1", "Beste Casino Boni des Jahres, Freispiele für alle neuen Spieler heute.", "spam", []),
        ("s3", None, "Abnehmen ohne Diät: diese Tabletten helfen garantiert in zwei Wochen.", "spam", [])]


def test_drift_and_compare_name_spam_and_pending_as_such_and_their_counts_add_up(tmp_path):
    """review21b #5: drift called a pending parent "a deleted or removed comment or a pingback", a reply to a
    pending comment counted as one "whose parent has a topic" (classify's topic of a comment no reader saw), and
    compare.md said a site whose comments are all spam had "too few comments to tell words apart". Now: reason
    ``unpublished``, such a comment carries no topic in drift (as the topic tables count it apart), and the spam
    site's words are said to be counted apart."""
    from comments.reporting.report import run

    run([_thread("news.example", NEWS), _thread("spammy.example", SPAM)], load(), tmp_path, "all")
    edges = _rows(tmp_path / "drift_edges.csv")
    unseen = {i for i, *_, status, _ in NEWS + SPAM if status != "visible"}
    touched = [r for r in edges if {r["id"], r["parent_id"]} & unseen]
    assert len(touched) == 4 and all(r["not_compared"] == "unpublished" and r["kept_topic"] == "" for r in touched)
    drift = (tmp_path / "drift.md").read_text(encoding="utf-8")
    # replies 2, 3, 4 (spam) and 10 answer a visible comment with a topic; 6 and 8 answer a pending one: no topic
    assert ("7 replies. Of the 4 replies whose parent has a topic, 3 are judged (1 is spam or pending (no reader "
            "saw it): not judged, kept_topic empty)") in drift
    assert "4 have a comment no reader saw (spam or pending) on one side" in drift
    assert "placeholder" not in drift and "deleted" not in drift
    [row] = [r for r in _rows(tmp_path / "drift_by_thread.csv") if r["site"] == "news.example"]
    assert (row["not_compared_unpublished"], row["not_compared_placeholder"]) == ("3", "0")
    compare = (tmp_path / "compare.md").read_text(encoding="utf-8")
    assert ("No word of spammy.example is compared: none of its 3 comments has a reader's words (3 spam or "
            "pending: counted apart") in compare
    assert "Too few comments to tell words apart for spammy.example" not in compare
    assert "No word of news.example is set apart: no other site has a comment with a reader's words" in compare
    assert "compare_words.csv is empty: only one site has comments with a reader's words" in compare


def test_no_site_with_a_reader_s_words_is_not_called_one(tmp_path):
    """review23b #3: two sites whose comments are all spam — compare.md said "only one site has comments with a
    reader's words" (``sum(worded) < 2`` took 0 for 1)."""
    from comments.reporting.report import run

    other = [(f"t{i}", None, text, "spam", []) for i, (_, _, text, _, _) in enumerate(SPAM)]
    run([_thread("spammy.example", SPAM), _thread("spammier.example", other)], load(), tmp_path, "all")
    compare = (tmp_path / "compare.md").read_text(encoding="utf-8")
    assert "compare_words.csv is empty: no site has comments with a reader's words" in compare
    assert "only one site" not in compare
