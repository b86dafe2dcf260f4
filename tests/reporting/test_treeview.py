"""The terminal tree: collapsed depth and hidden replies are counted, never dropped silently."""

from __future__ import annotations

from comments.model.records import Comment, ParsedThread, Thread
from comments.model.tree import rebuild
from comments.reporting.treeview import render


def test_hidden_replies_and_deep_comments_are_counted():
    # c0 has 4 replies (one with a reply of its own); c5 is a chain 3 deep
    parents = {"0": None, "1": "0", "2": "0", "3": "0", "4": "0", "4a": "4", "5": None, "6": "5", "7": "6"}
    comments = [Comment(id=k, parent_id=v, text=f"text {k}") for k, v in parents.items()]
    pt = ParsedThread(Thread(thread_id="t", site="s", title="T"), rebuild(comments))
    lines = render(pt, max_depth=1, max_children=2)
    assert lines[0] == "s · T — 9 comments"
    assert lines[1].startswith("├─ 0 anonymous: text 0")
    assert lines[2].startswith("│  ├─ 1 ") and lines[3].startswith("│  ├─ 2 ")
    assert lines[4] == "│  └─ … 2 more replies (3 comments)"
    assert lines[5].startswith("└─ 5 ") and lines[6].startswith("   └─ 6 ")
    assert lines[7] == "      └─ … 1 deeper comment (replies deeper than depth 1)"  # 7 is at depth 2
    assert len(lines) == 8


def test_max_depth_uses_the_records_depth():
    """``--max-depth N`` collapsed depth N itself (off by one): now it shows depth ≤ N, as
    the README says, on the Reddit fixture (depths 0, 1, 2); 0 shows top-level comments only."""
    from conftest import FIXTURES, read

    pt = read(FIXTURES / "reddit_thread.json").threads[0]
    deepest = max(c.depth for c in pt.comments)
    assert render(pt, max_depth=deepest) == render(pt, max_depth=99)  # nothing deeper: nothing collapsed
    for limit in range(deepest):
        lines = render(pt, max_depth=limit)
        shown = sum(1 for line in lines[1:] if "… " not in line)
        assert shown == sum(c.depth <= limit for c in pt.comments), limit
        assert f"(replies deeper than depth {limit})" in "\n".join(lines)


def test_counts_of_one_are_singular():
    """"— 1 comments" and "1 more replies (1 comments)": the email digest fixture has one
    top-level comment per reader; shown one at a time, the rest is one reply of one comment."""
    from conftest import FIXTURES, read

    pt = read(FIXTURES / "email_quotes.txt").threads[0]
    assert len(pt.comments) == 2 and all(c.parent_id is None for c in pt.comments)
    lines = render(pt, max_children=1)
    assert lines[0].endswith("— 2 comments")
    assert lines[-1] == "└─ … 1 more reply (1 comment)"
    one = ParsedThread(pt.thread, pt.comments[:1])
    assert render(one)[0].endswith("— 1 comment")


def _columns(line: str) -> int:
    """Terminal columns, counted independently of the code under test: East Asian wide
    and full-width characters take two, combining marks none."""
    import unicodedata

    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in line)


def test_tree_width_holds_for_every_line_header_included(tmp_path):
    """`comments tree --width 40`: a long title, a long site, wide characters (CJK, emoji)
    in title, author and text, a deep chain: no printed line is wider than 40 columns,
    the counts stay in view, and a cut is shown by …."""
    import json

    from conftest import run

    title = "小米远程锁定受制裁地区的手机 — Xiaomi sperrt Telefone in sanktionierten Regionen aus der Ferne 👍"
    rows = [{"id": "a1", "parent_id": None, "thread_id": "xiaomi-sperre", "title": title, "site": "www.stadt-bremerhaven.de",
             "author": "Ein sehr langer Nutzername mit 漢字 darin",
             "text": "Die Sperre trifft die Kunden, nicht die Regierungen. 这是一个很长的评论，用来测试宽度。 🙂🙂🙂"}]
    for i in range(2, 14):  # a chain 12 deep: the prefix alone nears the width
        rows.append({"id": f"a{i}", "parent_id": f"a{i - 1}", "thread_id": "xiaomi-sperre", "title": title,
                     "site": "www.stadt-bremerhaven.de", "author": "Bernd",
                     "text": f"Antwort Nummer {i}: Sehe ich anders, das ist geltendes Recht. 日本語のテキスト"})
    path = tmp_path / "chain.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    result = run("tree", "--width", "40", str(path))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(_columns(line) <= 40 for line in lines), [line for line in lines if _columns(line) > 40]
    assert lines[0].startswith("www.stadt-bremerhaven.de · 小米") and lines[0].endswith("…")
    assert lines[1] == "13 comments"
    assert any("Ein sehr langer" in line and line.endswith("…") for line in lines)
    wide = run("tree", "--width", "400", str(path)).stdout.splitlines()
    assert wide[0] == f"www.stadt-bremerhaven.de · {title} — 13 comments"  # room: one line, nothing cut


def test_counts_over_999_are_grouped():
    """A megathread: one top-level comment with 1,203 replies, the page stating 2,500
    comments of which 1,296 were not loaded. Header and "… more" lines printed 1204, 2500,
    1201 without separators."""
    replies = [Comment(id=f"r{i}", parent_id="0", author=f"reader{i % 300}",
                       text=f"Antwort {i}: Der Fahrplanwechsel trifft vor allem Pendler aus dem Umland.")
               for i in range(1203)]
    thread = Thread(thread_id="fahrplan", site="hna.de", title="Fahrplanwechsel", declared_count=2500,
                    unloaded_count=1296)
    pt = ParsedThread(thread, rebuild([Comment(id="0", text="Ab Dezember fällt der Halbstundentakt weg."),
                                       *replies]))
    lines = render(pt, max_children=2)
    assert lines[0] == "hna.de · Fahrplanwechsel — 1,204 comments, page says 2,500, 1,296 not loaded"
    assert lines[-1] == "   └─ … 1,201 more replies (1,201 comments)"
    assert render(pt, max_depth=0)[-1] == "   └─ … 1,203 deeper comments (replies deeper than depth 0)"


def test_stub_counts_that_exceed_the_stated_count_are_said():
    """The Reddit announcements thread: 492 comments read, the page says 3,982 and the "more"
    stubs list 3,749: "3,749 not loaded" alone reads as 3,490 missing."""
    from conftest import corpus, read

    pt = read(corpus("reddit/reddit_fo7p5b_announcements_polls.json")).threads[0]
    assert (len(pt.comments), pt.thread.declared_count, pt.thread.unloaded_count) == (492, 3982, 3749)
    assert render(pt, max_depth=0, width=400)[0].endswith(
        "492 comments, page says 3,982, 3,749 not loaded (4,241 listed, more than the page says)")
