"""Every data file of ../shared/corpora: counts, depths and parent links, each
computed here independently of our readers (skipped when the corpora are absent)."""

from __future__ import annotations

import csv
import io
import json
import lzma
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from comments.io.pipeline import read_inputs
from conftest import CORPORA, assert_tree, corpus, read


WP = "{%s://wordpress.org/export/%s/}"


@pytest.mark.parametrize("name,version,count", [
    ("wp-theme-test-data__themeunittestdata.wordpress.xml", ("https", "1.2"), 33),
    ("isso__wordpress.xml", ("http", "1.0"), 8)])
def test_wordpress_wxr(name, version, count):
    path = corpus(f"wordpress/{name}")
    ns = WP % version
    result = read(path)
    ours = {pt.thread.title: pt for pt in result.threads}
    total = 0
    for item in ET.parse(path).getroot().iter("item"):
        parents = {}
        for el in item.iter(ns + "comment"):
            parent = (el.findtext(ns + "comment_parent") or "0").strip()
            parents[el.findtext(ns + "comment_id").strip()] = None if parent == "0" else parent
        if parents:
            assert_tree(ours[item.findtext("title")], parents)
            total += len(parents)
    assert total == len(result.comments) == count
    if count == 33:
        assert max(c.depth for c in result.comments) == 9  # the 10-deep chain
        kinds = sorted(c.kind for c in result.comments)
        assert kinds.count("pingback") == 2 and kinds.count("trackback") == 2


def test_disqus_isso_orphan_post_and_empty_thread_id():
    path = corpus("disqus/isso__disqus.xml")
    text = path.read_text()
    posts = re.findall(r'<post dsq:id="(\d+)">(.*?)</post>', text, re.S)
    parents = {pid: (re.search(r'<parent dsq:id="(\d+)"', body).group(1) if "<parent" in body else None)
               for pid, body in posts}
    result = read(path)
    assert_tree(result, parents)
    thread_of = {c.id: c.thread_id for c in result.comments}
    assert thread_of["6"] == "1337"  # its thread is not in the export: kept, in a thread of its own


def test_disqus_remark42_ill_formed_is_repaired_and_flagged():
    path = corpus("disqus/remark42__disqus.xml")
    posts = re.findall(r"<post[\s>]", path.read_text())
    result = read_inputs([str(path)])
    assert len(result.comments) == len(posts)
    assert any("repaired" in n for n in result.notes)
    bad = [c for c in result.comments if c.text == "some bad comment"][0]
    assert "invalid_date" in bad.flags and bad.created_at is None
    assert any(c.text == "This comment had no ID" and c.id == "12345678890" for c in result.comments)


def _reddit_things(doc):
    stack, out = [doc], []
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if node.get("kind") in ("t1", "t3", "more"):
                out.append(node)
                replies = node["data"].get("replies")
                if isinstance(replies, dict):
                    stack.append(replies)
            elif "children" in node.get("data", {}) if isinstance(node.get("data"), dict) else False:
                stack.append(node["data"]["children"])
            elif "json" in node:
                stack.append(node["json"]["data"]["things"])
    return out


@pytest.mark.parametrize("name,count,max_depth", [
    ("reddit_fo7p5b_announcements_polls.json", 492, 9),
    ("reddit_6otocc_comment_chain_depth10.json", 10, 9),
    ("reddit_3hahrw_api_morechildren_flat.json", 11, None),
])
def test_reddit(name, count, max_depth):
    path = corpus(f"reddit/{name}")
    things = _reddit_things(json.loads(path.read_text()))
    comments = [t["data"] for t in things if t["kind"] == "t1"]
    # each stub its count (at least its children; a "continue this thread" stub, id "_", at least 1);
    # with stubs, a stated num_comments raises the figure to what the page leaves out
    stubs = [t["data"] for t in things if t["kind"] == "more"]
    unloaded = sum(max(s["count"], len(s["children"])) or int(s["id"] == "_") for s in stubs)
    stated = [t["data"]["num_comments"] for t in things if t["kind"] == "t3"]
    if stubs and stated:
        unloaded = max(unloaded, stated[0] - count)
    parents = {c["id"]: (None if c["parent_id"].startswith("t3_") else c["parent_id"][3:]) for c in comments}
    assert len(parents) == count
    result = read(path)
    assert_tree(result, parents)
    assert sum(pt.thread.unloaded_count for pt in result.threads) == unloaded
    if max_depth is not None:
        assert max(c["depth"] for c in comments) == max_depth
        assert max(c.depth for c in result.comments) == max_depth


def test_hackernews_algolia():
    path = corpus("hackernews/algolia_item_17.json")
    doc = json.loads(path.read_text())
    parents, stack = {}, [doc]
    while stack:
        node = stack.pop()
        parents[str(node["id"])] = str(node["parent_id"])
        stack.extend(node["children"])
    result = read(path)
    assert_tree(result, parents)  # item 17's parent 15 is not in the file: an orphan


@pytest.mark.parametrize("name", sorted(p.name for p in (CORPORA / "html_wordpress").glob("*.md"))
                         or ["(absent)"])
def test_wordpress_html(name):
    path = corpus(f"html_wordpress/{name}")
    parents, last = {}, {}
    for cid, depth in re.findall(r'<li id="comment-(\d+)" class="[^"]*\bdepth-(\d+)', path.read_text()):
        d = int(depth) - 1
        parents[cid] = last[d - 1] if d else None
        last[d] = cid
    result = read(path)
    assert_tree(result, parents)


def _html_sequence(html_path: Path) -> list[tuple[int, str]]:
    text = html_path.read_text()
    seq = []
    for m in re.finditer(r'<li id="comment-\d+" class="[^"]*\bdepth-(\d+).*?class="fn">(.*?)</b>', text, re.S):
        author = re.sub(r"<[^>]+>", "", m.group(2))
        seq.append((int(m.group(1)) - 1, author))
    return seq


@pytest.mark.parametrize("name", sorted(p.name for p in (CORPORA / "plaintext_en").glob("*.txt")) or ["(absent)"])
def test_text_browser_copies_give_the_html_tree(name):
    path = corpus(f"plaintext_en/{name}")
    html_path = CORPORA / "html_wordpress" / (name.rsplit(".", 2)[0] + ".md")
    expected = _html_sequence(html_path)
    result = read(path)
    got = [(c.depth, c.author) for c in result.comments]
    assert [d for d, _ in got] == [d for d, _ in expected]
    import html as htmlmod

    for (_, ours), (_, theirs) in zip(got, expected):
        theirs = htmlmod.unescape(theirs)
        assert ours == theirs or "protected" in ours or "@" in theirs, (ours, theirs)
    assert all(c.created_at for c in result.comments)
    # parents follow the depths
    last = {}
    for c in result.comments:
        assert c.parent_id == (last[c.depth - 1] if c.depth else None)
        last[c.depth] = c.id


def test_staticman_folder():
    folder = corpus("staticman/pencil-53-review")
    files = sorted(folder.glob("*.yml"))

    def when(value) -> str:
        return value.isoformat().replace("+00:00", "Z") if hasattr(value, "isoformat") else str(value)

    docs = sorted(((when(d["date"]), f.name, d) for f in files for d in [yaml.safe_load(f.read_text())]))
    top = [(d["name"], t) for t, _, d in docs if not d.get("replying_to")]
    expected = {(d["name"], t): (top[int(d["replying_to"]) - 1] if d.get("replying_to") else None)
                for t, _, d in docs}
    result = read(folder)
    assert len(result.comments) == len(files) == 78
    by_id = {c.id: c for c in result.comments}
    for c in result.comments:
        parent = by_id[c.parent_id] if c.parent_id else None
        assert ((parent.author, parent.created_at) if parent else None) == expected[(c.author, c.created_at)]
        assert c.depth == (1 if parent else 0)


def test_plaintext_de_email_comments():
    path = corpus("plaintext_de/konstantinklein_kein-kommentar.md")
    quoted_runs = re.findall(r"\n\n(?=>)", path.read_text())
    result = read(path)
    # five readers wrote in (read off the page): Peter, an unnamed reader, a second Peter, Ralf G., Peter F.
    assert [c.author for c in result.comments] == ["Peter", None, None, "Ralf G. aus K.", "Peter F."]
    assert all(c.depth == 0 for c in result.comments) and len(quoted_runs) > 5
    assert all(">" not in c.text.split("\n")[0] for c in result.comments)


def test_germeval2021_flat_comments():
    path = corpus("labeled_de/germeval2021/GermEval21_TrainData.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    result = read(path)
    assert len(result.comments) == len(rows) == 3244
    assert all(c.depth == 0 for c in result.comments)
    assert result.comments[0].text == rows[0]["comment_text"].strip()


def test_one_million_posts_one_row_per_label_is_one_comment():
    path = corpus("labeled_de/one_million_posts/posts_labeled_dev.csv.xz")
    rows = list(csv.DictReader(io.StringIO(lzma.decompress(path.read_bytes()).decode("utf-8"), newline="")))
    parents, article = {}, {}
    for r in rows:
        parents[r["ID_Post"]] = r["ID_Parent_Post"] or None
        article[r["ID_Post"]] = r["ID_Article"]
    result = read(path)
    assert len(result.comments) == len(parents)
    ours = {c.id: c for c in result.comments}
    linked = 0
    for pid, parent in parents.items():
        # the file writes parent ids as decimals ("190.0", pandas' way with empty cells)
        whole = parent[:-2] if parent is not None and parent.endswith(".0") else parent
        if whole in parents and article[whole] == article[pid]:
            assert ours[pid].parent_id == whole
            assert ("decimal_parent_id" in ours[pid].flags) == (whole != parent)
            linked += 1
        else:
            assert ours[pid].parent_id is None
            assert ("orphan" in ours[pid].flags) == (parent is not None)
    assert linked == 4371  # of 5,417 replies; the others' parents are not in this sample


def test_germeval2018_headerless_tsv_is_a_clear_error():
    path = corpus("labeled_de/germeval2018/germeval2018.training.txt")
    result = read_inputs([str(path)])
    assert len(result.errors) == 1 and "unknown format" in result.errors[0] and str(path) in result.errors[0]
    assert "without a header line" in result.errors[0]  # not "name them with --column": it has no names


def test_a_headerless_tsv_is_told_it_lacks_a_header_not_to_name_columns(tmp_path):
    """Tweets with labels, tab-separated, no header line: "name them with --column FIELD=NAME" was
    advice that cannot be followed (nothing names a column); the error says what is missing."""
    path = tmp_path / "train.txt"
    path.write_text("@anna Das ist eine Frechheit, wie die Bahn mit ihren Kunden umgeht.\tOFFENSE\tINSULT\n"
                    "@bernd Danke für den Hinweis, wir schauen uns das gleich an.\tOTHER\tOTHER\n"
                    "Heute wieder Stau auf der A8, nichts geht mehr voran.\tOTHER\tOTHER\n", encoding="utf-8")
    result = read_inputs([str(path)])
    (error,) = result.errors
    assert "without a header line" in error and "--column text=NAME" in error
