"""Sites are sites: from the source's own metadata, else --site (per input with
NAME=PATH), else the file name."""

from __future__ import annotations

import gzip
import json

import pytest

import comments

from comments.io.readers.base import common_site, reddit_site
from comments.io.sites import SiteError, Sites
from conftest import SEED, corpus, jsonl_records, read, run


def test_site_per_path_deepest_first_and_a_default(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    sites = Sites.parse([f"outer.org={tmp_path / 'a'}", f"inner.org={tmp_path / 'a' / 'b'}", "all.org"])
    assert sites.for_path(tmp_path / "a" / "b" / "x.txt") == "inner.org"
    assert sites.for_path(tmp_path / "a" / "y.txt") == "outer.org"
    assert sites.for_path(tmp_path / "z.txt") == "all.org"
    assert sites.for_path(None, "-") == "all.org"
    assert sites.unused([tmp_path / "a" / "y.txt"]) == [f"inner.org={tmp_path / 'a' / 'b'}"]


@pytest.mark.parametrize("values", [["=x"], ["a=", ], ["a", "b"]])
def test_malformed_site_values_are_refused(values):
    with pytest.raises(SiteError):
        Sites.parse(values)


def test_reddit_sites_are_subreddits_and_forums_are_one_site():
    assert reddit_site("de") == "reddit.com/r/de" and reddit_site("r/funny") == "reddit.com/r/funny"
    assert reddit_site("<TEST_SUBREDDIT>") == "reddit.com" and reddit_site(None) == "reddit.com"
    assert common_site(["http://radio-t.umputun.com/x", "https://radio-t.com/p/1", None]) == "radio-t.com"
    assert common_site(["https://b.org/1", "https://a.b.org/2", "https://a.b.org/3"]) == "a.b.org"


def test_cli_site_name_equals_path_names_each_input(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    for folder in (one, two):
        for name in ("post-a.txt", "post-b.txt"):
            (folder / name).write_text("Artikel\n\nKommentare\n\nAnna\nEin Kommentar.\n", encoding="utf-8")
    result = run("parse", str(one), str(two), "--site", f"eins.de={one}", "--site", f"zwei.de={two}",
                 "--format", "plaintext")
    assert result.exit_code == 0, result.stderr
    threads = [r for r in jsonl_records(result.stdout) if r["record"] == "thread"]
    assert sorted((r["site"], r["source"].rsplit("/", 1)[-1]) for r in threads) == [
        ("eins.de", "post-a.txt"), ("eins.de", "post-b.txt"), ("zwei.de", "post-a.txt"), ("zwei.de", "post-b.txt")]


def test_a_site_path_through_a_symlink_matches_the_input_it_resolves_to(tmp_path):
    """--site lemire.me=/tmp/x/in/html_wordpress (a link to the inputs' folder) said "no
    input lies under this path" and named no input."""
    real = tmp_path / "corpora" / "blog"
    real.mkdir(parents=True)
    (real / "post.txt").write_text("Artikel\n\nKommentare\n\nAnna\nEin Kommentar.\n", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "corpora", target_is_directory=True)
    for given, site_path in ((real, tmp_path / "link" / "blog"), (tmp_path / "link" / "blog", real)):
        result = run("parse", str(given), "--site", f"blog.de={site_path}", "--format", "plaintext")
        assert result.exit_code == 0, result.stderr
        assert "no input lies under" not in result.stderr
        assert [r["site"] for r in jsonl_records(result.stdout) if r["record"] == "thread"] == ["blog.de"]
    sites = Sites.parse([f"blog.de={tmp_path / 'link' / 'blog'}"])
    assert sites.unused([real / "post.txt"]) == [] and sites.unused([tmp_path / "elsewhere.txt"]) != []


def test_cli_refuses_a_malformed_site(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("text", encoding="utf-8")
    result = run("parse", str(path), "--site", "=nothing")
    assert result.exit_code == 2 and "--site" in result.stderr


def test_real_sources_name_their_sites():
    found = read(corpus("reddit"), corpus("disqus/remark42__disqus.xml")).threads
    sites = {pt.thread.thread_id: pt.thread.site for pt in found if pt.comments}
    assert sites["3hahrw"] == "reddit.com/r/funny" and sites["fo7p5b"] == "reddit.com/r/announcements"
    assert sites["6otocc"] == "reddit.com"  # its subreddit is a placeholder, not a name
    radio = {pt.thread.site for pt in found if pt.thread.format == "disqus"}
    assert len(radio) == 1  # one Disqus forum is one site, though its links name two hosts


def test_a_blog_folder_is_one_site_with_site_equals_path():
    folder = corpus("html_wordpress")
    found = read(folder, site=[f"lemire.me={folder}"]).threads
    assert len(found) >= 4 and {pt.thread.site for pt in found} == {"lemire.me"}
    without = read(folder).threads
    assert len({pt.thread.site for pt in without}) == len(without)  # each file its own site: the old behaviour


def test_a_site_the_source_names_overrules_site_with_a_note(tmp_path):
    """``--site NAME`` (API ``site=``) was ignored without a word where the source names its own
    site (SPEC: the source's site wins): a note says so, once per input, on every path."""
    own = tmp_path / "own.jsonl"
    own.write_text("".join(json.dumps({"id": str(i), "parent_id": None, "text": f"Kommentar {i}",
                                       "thread_id": "https://www.heise.de/news/xiaomi.html"}) + "\n" for i in range(3)),
                   encoding="utf-8")
    plain = tmp_path / "plain.csv"
    plain.write_text("id,text\n1,Erster\n2,Zweiter\n", encoding="utf-8")
    corpus = comments.read(own, plain, site="mysite")
    assert {pt.thread.site for pt in corpus.threads} == {"heise.de", "mysite"}
    said = [n for n in corpus.notes if "--site mysite not used" in n]
    assert len(said) == 1 and said[0].startswith(str(own)) and "(heise.de)" in said[0]
    assert not [n for n in comments.read(own, site="heise.de").notes if "not used" in n]  # the same name: nothing to say
    out = tmp_path / "out.parquet"  # the CLI's columnar fast path leaves it to the general path, which says it
    result = run("parse", str(own), "--site", "mysite", "-o", str(out))
    assert result.exit_code == 0 and "--site mysite not used" in result.stderr
    assert set(comments.read(out).comments_df()["site"]) == {"heise.de"}


@pytest.mark.parametrize("name, stem", [
    ("blog.de__artikel-eins", "blog.de__artikel-eins"),
    ("stadt-bremerhaven.de__xiaomi.gz", "stadt-bremerhaven.de__xiaomi"),
    ("stadt-bremerhaven.de__xiaomi.zst", "stadt-bremerhaven.de__xiaomi"),
    ("name.de__x.txt.gz", "name.de__x"),
    ("name.de__x.TXT", "name.de__x"),
    ("wp-theme-test-data__themeunittestdata.wordpress.xml", "wp-theme-test-data__themeunittestdata.wordpress"),
    ("blog.de", "blog.de"),
])
def test_the_stem_strips_only_known_suffixes(name, stem):
    from comments.io.sources import file_stem
    assert file_stem(name) == stem


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_extensionless_and_compressed_inputs_keep_their_dotted_site(tmp_path, engine):
    """SPEC: the site is the file stem up to ``__``; two articles of one dotted site were one
    thread ``blog`` and the second's comments were dropped as duplicates."""
    article = SEED.read_bytes()
    (tmp_path / "blog.de__artikel-eins").write_bytes(article)
    (tmp_path / "blog.de__artikel-zwei").write_bytes(article)
    (tmp_path / "blog.de__artikel-drei.gz").write_bytes(gzip.compress(article))
    (tmp_path / "name.de__x.txt.gz").write_bytes(gzip.compress(article))
    result = run("parse", str(tmp_path), "--engine", engine)
    assert result.exit_code == 0, result.stderr
    assert "duplicates" not in result.stderr
    records = jsonl_records(result.stdout)
    threads = sorted((r["site"], r["thread_id"]) for r in records if r["record"] == "thread")
    assert threads == [("blog.de", "blog.de__artikel-drei"), ("blog.de", "blog.de__artikel-eins"),
                       ("blog.de", "blog.de__artikel-zwei"), ("name.de", "name.de__x")]
    comments_per_thread = sum(1 for r in records if r["record"] == "comment") / 4
    assert comments_per_thread == next(r["comment_count"] for r in records if r["record"] == "thread") > 0
