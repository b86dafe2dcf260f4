"""Reddit dumps as researchers have them (Pushshift 2019 / Arctic Shift 2023 fields, zstd):
titles decoded as bodies are, Markdown indentation kept, a record given twice read once —
the same on the general path and the fast path."""

from __future__ import annotations

import json

import pytest
import zstandard

from conftest import run


def comment_2019(cid: str, parent: str, body: str, **extra) -> dict:
    """A comment row with the fields of a Pushshift RC_2019 dump."""
    row = {"all_awardings": [], "author": "anna", "author_created_utc": 1400000000, "author_flair_css_class": None,
           "author_flair_text": None, "author_fullname": "t2_abc", "body": body, "can_gild": True,
           "collapsed": False, "controversiality": 0, "created_utc": 1546300800 + int(cid, 36) % 1000,
           "distinguished": None, "edited": False, "gilded": 0, "id": cid, "is_submitter": False,
           "link_id": "t3_ab12cd", "parent_id": parent, "permalink": f"/r/de/comments/ab12cd/x/{cid}/",
           "retrieved_on": 1550000000, "score": 3, "stickied": False, "subreddit": "de", "subreddit_id": "t5_22i0"}
    row.update(extra)
    return row


def submission_2023(**extra) -> dict:
    """A submission row with the fields of an Arctic Shift RS_2023 dump."""
    row = {"author": "op", "created_utc": 1699999000, "domain": "self.de", "id": "ab12cd", "is_self": True,
           "link_flair_text": "Frage", "num_comments": 3, "over_18": False,
           "permalink": "/r/de/comments/ab12cd/frage/", "removed_by_category": None, "score": 12,
           "selftext": "Siehe:\n\n    def f(x):\n        return x &amp;&amp; y", "subreddit": "de",
           "subreddit_id": "t5_22i0", "title": "Frage: &lt;Titel&gt; mit &amp; Zeichen und &amp;amp;",
           "url": "https://www.reddit.com/r/de/comments/ab12cd/frage/"}
    row.update(extra)
    return row


def zst(path, rows) -> str:
    lines = (json.dumps(r, ensure_ascii=False) + "\n" if isinstance(r, dict) else r for r in rows)
    path.write_bytes(zstandard.ZstdCompressor(level=3).compress("".join(lines).encode()))
    return str(path)


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def parsed(path: str, tmp_path, fast: bool) -> tuple[list[dict], str]:
    """The records and stderr of ``comments parse`` on the general path (stdout) or the fast path (-o)."""
    if not fast:
        result = run("parse", path)
        assert result.exit_code == 0, result.stderr
        return records(result.stdout), result.stderr
    out = tmp_path / "fast.jsonl"
    result = run("parse", path, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return records(out.read_text(encoding="utf-8")), result.stderr


def test_titles_are_decoded_once_and_selftext_keeps_its_indentation(tmp_path):
    path = zst(tmp_path / "RS_2023-06.zst", [submission_2023()])
    (thread,) = records(run("parse", path).stdout)
    assert thread["title"] == "Frage: <Titel> mit & Zeichen und &amp;"  # a literal "&amp;" stays one
    assert thread["article_text"] == "Siehe:\n\n    def f(x):\n        return x && y"


def test_titles_of_api_thread_json_are_decoded(tmp_path):
    page = [{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {
        "id": "ab12cd", "name": "t3_ab12cd", "subreddit": "de", "title": "API thread &amp; more", "selftext": "",
        "permalink": "/r/de/comments/ab12cd/x/", "created_utc": 1699999000, "num_comments": 0}}]}},
        {"kind": "Listing", "data": {"children": []}}]
    (tmp_path / "thread.json").write_text(json.dumps(page), encoding="utf-8")
    (thread,) = records(run("parse", str(tmp_path / "thread.json")).stdout)
    assert thread["title"] == "API thread & more"


@pytest.mark.parametrize("fast", [False, True])
def test_markdown_code_blocks_keep_their_indentation(tmp_path, fast):
    body = "Mach es so:\n\n    for i in range(3):\n        print(i &lt; 3)  \n\n\n\n* Punkt\n  weiter"
    path = zst(tmp_path / "RC_2019-01.zst", [comment_2019("ec1", "t3_ab12cd", body),
                                             comment_2019("ec2", "t1_ec1", "   four? no, three spaces")])
    got = {r["id"]: r["text"] for r in parsed(path, tmp_path, fast)[0] if r["record"] == "comment"}
    assert got["ec1"] == "Mach es so:\n\n    for i in range(3):\n        print(i < 3)\n\n* Punkt\n  weiter"
    assert got["ec2"] == "four? no, three spaces"  # 1-3 spaces before a first line: Markdown shows none


@pytest.mark.parametrize("fast", [False, True])
def test_a_record_given_twice_in_one_input_is_read_once(tmp_path, fast):
    """A re-crawl's byte-identical line is one comment (noted); the same id with other
    content (a score that changed) is still two comments, the later ``ec2~2``."""
    one, two = comment_2019("ec1", "t3_ab12cd", "Erster"), comment_2019("ec2", "t1_ec1", "Zweiter")
    path = zst(tmp_path / "RC_2019-01.zst", [one, two, one, dict(two, score=9)])
    got, err = parsed(path, tmp_path, fast)
    comments = [r for r in got if r["record"] == "comment"]
    assert [c["id"] for c in comments] == ["ec1", "ec2", "ec2~2"]
    assert comments[2]["flags"] == ["duplicate_id"] and comments[0]["flags"] == []
    assert f"note: {path}: 1 comment repeats an earlier one of the same input (same site, thread, id and content): " \
           "kept the first" in err
    assert "3 comments; repairs: 1 duplicate_id" in err and "across inputs" not in err


def test_a_record_repeated_on_stdin_is_read_once_and_across_files_still_noted(tmp_path):
    one = json.dumps(comment_2019("ec1", "t3_ab12cd", "Erster")) + "\n"
    result = run("parse", "-f", "reddit", "-", input=one + one)
    assert result.exit_code == 0, result.stderr
    assert [r["id"] for r in records(result.stdout) if r["record"] == "comment"] == ["ec1"]
    a, b = zst(tmp_path / "RC_a.zst", [one]), zst(tmp_path / "RC_b.zst", [one, one])
    result = run("parse", a, b)
    assert [r["id"] for r in records(result.stdout) if r["record"] == "comment"] == ["ec1"]
    assert "2 duplicates across inputs kept once" in result.stderr  # both of RC_b's lines repeat RC_a's


def truncated_dump(path, n: int = 3000) -> int:
    """A 2019 comment dump of ``n`` rows in one zstd frame, its compressed bytes cut at 60%
    (as a download that stopped); the number of complete lines zstd itself gives back."""
    rows = [comment_2019(f"e{i:05x}", "t3_ab12cd" if i % 3 == 0 else f"t1_e{i - 1:05x}",
                         f"Kommentar {i}: " + "lorem ipsum dolor " * (i % 40)) for i in range(n)]
    data = "".join(json.dumps(r) + "\n" for r in rows).encode()
    whole = zstandard.ZstdCompressor(level=3).compress(data)
    path.write_bytes(whole[:len(whole) * 6 // 10])
    given = zstandard.ZstdDecompressor().decompressobj().decompress(path.read_bytes())
    return given.count(b"\n")


@pytest.mark.parametrize("fast", [False, True])
def test_a_truncated_zstd_dump_keeps_its_complete_lines(tmp_path, fast):
    """The complete lines before the damage are read and written; one error line names the
    first line not read; exit 1 (the README's rule for broken lines)."""
    path = tmp_path / "RC_2019-01.zst"
    complete = truncated_dump(path)
    assert 500 < complete < 2900
    out = tmp_path / "out.jsonl"
    result = run("parse", str(path), "-o", str(out)) if fast else run("parse", str(path))
    assert result.exit_code == 1
    got = records(out.read_text(encoding="utf-8") if fast else result.stdout)
    comments = [r for r in got if r["record"] == "comment"]
    assert len(comments) == complete and comments[-1]["id"] == f"e{complete - 1:05x}"
    assert f"error: {path}:{complete + 1}: damaged or truncated zstd data (compressed file ended before the end " \
           f"of a zstd frame): the {complete:,} complete lines before this line were read and kept" in result.stderr
    assert f"{complete:,} comments; no repairs; 1 input problem" in result.stderr


def test_a_removed_submission_has_no_article_text(tmp_path):
    """``[removed]`` in place of a submission's text is no article (noted): drift must not
    measure the comments against the placeholder."""
    rs = zst(tmp_path / "RS_2019-01.zst", [submission_2023(selftext="[removed]", removed_by_category="moderator"),
                                           submission_2023(id="ok1", selftext="Text",
                                                           permalink="/r/de/comments/ok1/slug/")])
    rc = zst(tmp_path / "RC_2019-01.zst", [comment_2019("ec1", "t3_ab12cd", "Erster")])
    first = run("parse", rs, rc)
    threads = [r for r in records(first.stdout) if r["record"] == "thread"]
    assert [(t["thread_id"], t["article_text"]) for t in threads] == [("ab12cd", None), ("ok1", "Text")]
    assert f"note: {rs}: 1 submission removed or deleted ([removed]/[deleted] in place of their text: ab12cd): " \
           "read as threads without article text" in first.stderr


def test_threads_past_the_first_three_with_another_count_are_said_as_threads(tmp_path):
    rows = [submission_2023(id=f"s{i}", num_comments=5, permalink=f"/r/de/comments/s{i}/x/") for i in range(5)]
    result = run("parse", zst(tmp_path / "RS_2019-01.zst", rows))
    assert "5 threads with another count than stated (s0: page says 5, found 0, s1: page says 5, found 0, " \
           "s2: page says 5, found 0 and 2 more threads)" in result.stderr
