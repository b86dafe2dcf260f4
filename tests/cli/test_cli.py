"""Every README command run as a user would (Typer's CliRunner), and bad input:
one clear line naming the file, the right exit code, no traceback."""

from __future__ import annotations

import gzip
import json

import pytest

from comments import __version__
from conftest import FIXTURES, RAW, SEED, broken_jsonl, jsonl_records, run


def test_version_and_help():
    assert run("--version").stdout.strip() == f"comments {__version__}"
    result = run("--help")
    assert result.exit_code == 0 and "parse" in result.stdout and "tree" in result.stdout


def test_parse_data_raw_reports_25_comments():
    result = run("parse", str(RAW))
    assert result.exit_code == 0
    records = jsonl_records(result.stdout)
    threads = [r for r in records if r["record"] == "thread"]
    comments = [r for r in records if r["record"] == "comment"]
    assert len(threads) == 5 and len(comments) == 25
    assert sorted(t["comment_count"] for t in threads) == [0, 0, 0, 0, 25]
    assert "5 threads; 25 comments" in result.stderr
    # each thread record comes first, followed by its comments
    assert records[[r.get("site") for r in records].index("stadt-bremerhaven.de")]["record"] == "thread"


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_parse_writes_files(tmp_path, suffix):
    out = tmp_path / f"seed{suffix}"
    result = run("parse", str(SEED), "-o", str(out))
    assert result.exit_code == 0 and out.exists()
    if suffix != ".jsonl":
        assert (tmp_path / f"seed.threads{suffix}").exists()
    back = run("parse", str(out))
    assert len([r for r in jsonl_records(back.stdout) if r["record"] == "comment"]) == 25


def test_parse_stdin_and_compressed_input(tmp_path):
    packed = tmp_path / "reddit.json.gz"
    packed.write_bytes(gzip.compress((FIXTURES / "reddit_thread.json").read_bytes()))
    assert len(jsonl_records(run("parse", str(packed)).stdout)) == 5
    piped = run("parse", "-", input=(FIXTURES / "wp_rest.json").read_text())
    assert piped.exit_code == 0 and len(jsonl_records(piped.stdout)) == 4


def test_tree_prints_and_collapses(tmp_path):
    result = run("tree", str(SEED), "--width", "100")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("stadt-bremerhaven.de · Xiaomi macht")
    assert "Quelle?" in result.stdout
    collapsed = run("tree", str(SEED), "--max-depth", "1", "--max-children", "3")
    assert "(replies deeper than depth 1)" in collapsed.stdout
    top_only = run("tree", str(SEED), "--max-depth", "0", "--max-children", "100")
    assert top_only.exit_code == 0 and "(replies deeper than depth 0)" in top_only.stdout
    assert "… 7 more replies (" in collapsed.stdout


def test_tree_in_a_narrow_terminal_draws_at_the_least_width():
    """`COLUMNS=30 comments tree`: a terminal narrower than the tree's least width (40) draws at 40, no
    ``error: ValueError``; an explicit --width below 40 stays an error (review19)."""
    from typer.testing import CliRunner

    from comments.cli import app

    narrow = CliRunner().invoke(app, ["tree", str(SEED)], env={"COLUMNS": "30"})
    assert narrow.exit_code == 0, narrow.output
    assert "Quelle?" in narrow.stdout and "error" not in narrow.output
    assert max(map(len, narrow.stdout.splitlines())) <= 40
    assert run("tree", str(SEED), "--width", "30").exit_code != 0


def test_tree_of_a_deep_chain_is_linear_in_its_depth(tmp_path):
    """`comments tree --max-depth 100000` on a 3,000-deep chain: the indentation stops at
    MAX_INDENT levels and a "[depth N]" marker says how deep each deeper line is, so no line
    grows with depth (the output grew with the square of the depth) and every comment shows."""
    from comments.reporting.treeview import MAX_INDENT

    deep = 3000
    path = tmp_path / "site.example__chain.csv"
    path.write_text("id,parent_id,author,text\n" + "".join(f"{i},{i - 1 if i else ''},u{i % 7},Antwort {i}\n"
                                                         for i in range(deep)), encoding="utf-8")
    result = run("tree", str(path), "--max-depth", "100000", "--width", "100000")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()[1:]
    assert len(lines) == deep and max(map(len, lines)) < 100  # (was 9,000 columns of indentation at the end)
    for depth, line in enumerate(lines):
        marker = f"[depth {depth:,}] " if depth > MAX_INDENT else ""
        indent = "   " * min(depth, MAX_INDENT)
        assert line == f"{marker}{indent}└─ {depth} u{depth % 7}: Antwort {depth}", line


def test_format_override_and_site_option(tmp_path):
    path = tmp_path / "kommentare.txt"
    path.write_text((FIXTURES / "flat_mentions.txt").read_text())
    records = jsonl_records(run("parse", str(path), "--site", "meinblog.de", "--format", "plaintext").stdout)
    assert {r["site"] for r in records} == {"meinblog.de"}


def test_pseudonymize_authors_mentions_and_emails():
    args = ("parse", str(FIXTURES / "flat_mentions.txt"), "--pseudonymize", "--salt", "s3cret")
    records = jsonl_records(run(*args).stdout)
    comments = [r for r in records if r["record"] == "comment"]
    assert all(r["author"].startswith("user-") for r in comments)
    assert "Erika" not in json.dumps(comments) and "Max Mustermann" not in json.dumps(comments)
    assert comments[1]["text"].startswith("@" + comments[0]["author"])
    again = jsonl_records(run(*args).stdout)
    assert again == records  # stable with the same salt
    unsalted = run("parse", str(FIXTURES / "flat_mentions.txt"), "--pseudonymize")
    assert "random salt" in unsalted.stderr


def _bad(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


BAD = {
    "empty.txt": (b"", "empty file"),
    "garbage.bin": (bytes(range(256)) * 20, "binary data"),
    "other.json": (b'{"weather": "sunny"}', "unknown format"),
    "trunc.json": (b'[{"kind": "Listing", "data": {"children": [', "truncated JSON"),
    "trunc.xml": (b'<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>', "truncated XML"),
    "bomb.xml": (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                 b'<disqus xmlns="http://disqus.com">&b;</disqus>', "entities"),
    "xxe.xml": (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b'<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><wp:comment>'
                b"<wp:comment_content>&x;</wp:comment_content></wp:comment></item></channel></rss>", "entities"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_one_line_exit_1_and_other_inputs_still_processed(tmp_path, name):
    data, message = BAD[name]
    path = _bad(tmp_path, name, data)
    result = run("parse", str(path), str(SEED))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(path) in errors[0] and message in errors[0]
    assert "Traceback" not in result.stderr and "root:" not in result.stdout
    assert len([r for r in jsonl_records(result.stdout) if r["record"] == "comment"]) == 25


def test_missing_file_is_exit_1_not_a_usage_error():
    result = run("parse", "does-not-exist.xml", str(SEED))
    assert result.exit_code == 1
    assert "error: does-not-exist.xml: no such file" in result.stderr
    assert len(jsonl_records(result.stdout)) == 26


def test_usage_errors_exit_2():
    assert run("parse", str(SEED), "--format", "nonsense").exit_code == 2
    assert run("parse", str(SEED), "--no-such-option").exit_code == 2
    assert run("parse", str(SEED), "-o", "out.xlsx").exit_code == 2


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_encodings_crlf_and_tabs(tmp_path, encoding):
    text = "id\tparent_id\ttext\r\n1\t\tGrüße aus Köln\r\n2\t1\tAntwort\twith tab\r\n"
    path = _bad(tmp_path, "tabs.tsv", text.encode(encoding))
    result = run("parse", str(path))
    assert result.exit_code == 0, result.stderr
    comments = [r for r in jsonl_records(result.stdout) if r["record"] == "comment"]
    assert comments[0]["text"] == "Grüße aus Köln" and comments[1]["parent_id"] == "1"


def test_invalid_utf8_falls_back_with_a_note(tmp_path):
    path = _bad(tmp_path, "mixed.csv", b"id,parent_id,text\n1,,caf\xe9 \x81\n")
    result = run("parse", str(path))
    assert result.exit_code == 1 and "invalid UTF-8 at byte" in result.stderr


def test_repairs_are_flagged_and_summarised(tmp_path):
    path = _bad(tmp_path, "t.csv", b"id,parent_id,text\n1,,a\n2,2,self\n1,,dup\n4,9,orphan\n5,6,x\n6,5,y\n")
    result = run("parse", str(path))
    assert result.exit_code == 0
    flags = {r["id"]: r["flags"] for r in jsonl_records(result.stdout) if r["record"] == "comment"}
    assert flags == {"1": [], "2": ["cycle"], "1~2": ["duplicate_id"], "4": ["orphan"], "5": ["cycle"], "6": []}
    assert "repairs: 2 cycle, 1 duplicate_id, 1 orphan" in result.stderr


def test_ten_megabyte_comment(tmp_path):
    body = "Sanktionen " * 1_000_000
    path = _bad(tmp_path, "big.jsonl", json.dumps({"id": "1", "parent_id": None, "text": body}).encode() + b"\n")
    result = run("parse", str(path))
    assert result.exit_code == 0
    (comment,) = [r for r in jsonl_records(result.stdout) if r["record"] == "comment"]
    assert len(comment["text"]) == len(body.strip())


def test_same_comment_in_two_inputs_is_kept_once(tmp_path):
    copy = tmp_path / "copy.jsonl"
    copy.write_text(run("parse", str(FIXTURES / "wp_rest.json")).stdout)
    result = run("parse", str(FIXTURES / "wp_rest.json"), str(copy))
    comments = [r for r in jsonl_records(result.stdout) if r["record"] == "comment"]
    assert len(comments) == 3 and "3 duplicates across inputs kept once" in result.stderr


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_broken_jsonl_lines_are_left_out_with_exit_1_and_the_same_lines_on_every_path(tmp_path, suffix):
    """The fast path (-o FILE) and the general one (stdout) keep the same comments and say
    the same: which lines were lost, how many, in the error line and the summary."""
    path = broken_jsonl(tmp_path / "export.jsonl")
    out = tmp_path / f"out{suffix}"
    fast, general = run("parse", str(path), "-o", str(out)), run("parse", str(path))
    assert fast.exit_code == general.exit_code == 1
    assert fast.stderr == general.stderr
    assert fast.stderr.splitlines() == [
        f"error: {path}: 2 unreadable lines were left out (line 3: invalid JSON (truncated: the line ends inside "
        "a value); line 4: invalid JSON (no digit after sign at character 2))",
        "1 thread; 4 comments; no repairs; 2 unreadable lines left out; 1 input problem"]
    assert [r["id"] for r in jsonl_records(general.stdout) if r["record"] == "comment"] == ["1", "2", "4", "5"]


def test_readme_train_example_prints_what_the_readme_shows(readme_train):
    """The README showed ``hostile 1122 0.556 0.670 0.397`` where the command gives other
    figures: they were true of the code when written (the command is deterministic: seeded
    folds and SVMs, sorted vocabularies; the same bytes whatever PYTHONHASHSEED or BLAS
    threads), so the README is checked against a run (about 25 s of CPU; ``readme_train``
    in conftest.py runs the README's command once for this test and test_learning's)."""
    assert readme_train["exit_code"] == 0, readme_train["stderr"]
    assert readme_train["stdout"].split() == readme_train["shown"].split()


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_out_into_missing_folders_makes_them(tmp_path, suffix):
    """``-o`` into folders that do not exist yet makes them (as ``report --out`` does), on
    the general and the columnar path alike, and the API's write the same."""
    import comments

    for source in (FIXTURES / "email_quotes.txt", FIXTURES / "pushshift.ndjson"):
        out = tmp_path / source.stem / "2021" / f"all{suffix}"
        result = run("parse", str(source), "-o", str(out))
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0 and "error" not in result.stderr
    written = comments.read(str(FIXTURES / "email_quotes.txt")).write(tmp_path / "api" / "x" / f"all{suffix}")
    assert written.stat().st_size > 0


@pytest.mark.parametrize("command", [["parse"], ["classify"], ["taxonomy", "suggest"]])
def test_an_unusable_out_folder_fails_before_any_work(tmp_path, command):
    """A file where ``-o``'s folder should be: one ``error: OUT: …`` line naming that file,
    before anything is read (no notes, no summary line), exit 1, no temporary name."""
    (tmp_path / "results").write_text("Notizen zum Tempolimit\n", encoding="utf-8")
    out = tmp_path / "results" / "2021" / ("all.toml" if command[0] == "taxonomy" else "all.jsonl")
    result = run(*command, str(FIXTURES / "email_quotes.txt"), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"error: {out}: {tmp_path / 'results'} is a file, not a folder"]


def test_a_taxonomy_term_that_can_never_match_is_a_warning(tmp_path):
    """`c++` is read as the word "c" and `=---` as no word: both are named when the
    taxonomy loads; `co2` (read as "co", "2") matches and is not named."""
    path = tmp_path / "code.toml"
    path.write_text('name = "code"\n[topics.code]\nstrong = ["c++", "=---", "rust"]\n'
                    '[topics.climate]\nstrong = ["co2"]\n', encoding="utf-8")
    result = run("classify", str(SEED), "--taxonomy", str(path), "-q")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: {path}: term “c++” of topic code can never match: the tokenizer reads it as c",
                        f"warning: {path}: term “=---” of topic code can never match: the tokenizer reads it as "
                        "no word"]


@pytest.mark.parametrize("command", ["parse", "classify", "report topics"])
def test_column_with_an_unknown_field_is_a_usage_error(tmp_path, command):
    """A misspelt FIELD (``parent=`` for ``parent_id=``) was ignored: the reply column was read as
    meta and every comment became a root, exit 0. Now it is a usage error listing the fields."""
    path = tmp_path / "export.csv"
    path.write_text("Kennung,Bezogen auf,Zuschrift\n1,,Das Sperren ist ein Skandal.\n2,1,Nein, das ist Vertrag.\n",
                    encoding="utf-8")
    extra = ["--out", str(tmp_path / "r")] if command.startswith("report") else []
    result = run(*command.split(), str(path), *extra, "--column", "id=Kennung", "--column", "parent=Bezogen auf",
                 "--column", "text=Zuschrift")
    assert result.exit_code == 2, result.output
    assert "'parent' is not a field" in result.output and "parent_id" in result.output
    assert not (tmp_path / "r").exists()
    fixed = run("parse", str(path), "--column", "id=Kennung", "--column", "parent_id=Bezogen auf",
                "--column", "text=Zuschrift")
    assert fixed.exit_code == 0 and '"parent_id": "1"' in fixed.stdout


def test_column_naming_one_field_twice_is_a_usage_error(tmp_path):
    """``--column id=a --column id=b`` kept the last silently: which column was read as ids was a guess."""
    path = tmp_path / "export.csv"
    path.write_text("a,b,text\n1,x,Erster Kommentar.\n2,y,Zweiter Kommentar.\n", encoding="utf-8")
    result = run("parse", str(path), "--column", "id=a", "--column", "id=b")
    assert result.exit_code == 2 and "'id' is named twice: 'a' and 'b'" in result.output
    assert run("parse", str(path), "--column", "id=a", "--column", "id=a").exit_code == 0


def _nothing_written(tmp_path, command: str, inputs: list[str]):
    """Run ``command`` over ``inputs`` onto a previous output (a file, or a report folder):
    exit 1, the summary ends "nothing written", the previous output byte for byte as it was."""
    is_folder = command.startswith(("report", "compare"))
    out = tmp_path / ("report" if is_folder else "taxonomy.toml" if command.startswith("taxonomy") else "x.jsonl")
    if is_folder:
        out.mkdir()
        (out / "depth.md").write_text("last week's report\n", encoding="utf-8")
    else:
        out.write_text("last week's output\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in [out, *out.glob("*")] if p.is_file()}
    result = run(*command.split(), *inputs, "--out" if is_folder else "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].endswith(f"{len(inputs)} input problems; nothing written")
    assert {p: p.read_bytes() for p in [out, *out.glob("*")] if p.is_file()} == before
    return result


@pytest.mark.parametrize("command", ["parse", "classify", "report depth", "compare", "taxonomy suggest"])
def test_a_mistyped_input_leaves_the_previous_output_untouched(tmp_path, command):
    """``parse nope.csv -o x.jsonl`` replaced last week's x.jsonl with an empty file (and a report
    folder with a report of nothing): when no input exists, nothing is written, exit 1."""
    missing = [str(tmp_path / "nope.csv"), str(tmp_path / "nope2.jsonl")]
    result = _nothing_written(tmp_path, command, missing)
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        f"error: {m}: no such file" for m in missing]
    one_exists = run("parse", missing[0], str(SEED), "-o", str(tmp_path / "y.jsonl"))  # the others still read
    assert one_exists.exit_code == 1 and len(jsonl_records((tmp_path / "y.jsonl").read_text())) == 26


@pytest.mark.parametrize("command", ["parse", "classify", "report depth", "compare", "taxonomy suggest"])
def test_inputs_that_all_fail_to_read_leave_the_previous_output_untouched(tmp_path, command):
    """Inputs that exist but none of which can be read (a truncated export, an XML file of
    another kind) replaced a previous output with an empty one: now nothing is written, as for
    missing inputs; an empty but valid input is read (0 comments), not a failure."""
    broken = tmp_path / "export.json"
    broken.write_text('{"comments": [{"id": 1, "text": "Die Sperre trifft die Kun', encoding="utf-8")
    other = tmp_path / "feed.xml"
    other.write_text('<?xml version="1.0"?>\n<rss><channel><item><title>Nachrichten</title></item></channel></rss>\n',
                     encoding="utf-8")
    result = _nothing_written(tmp_path, command, [str(broken), str(other)])
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert [e.split(": ")[1] for e in errors] == [str(broken), str(other)]


def test_an_empty_valid_input_is_read_and_written_not_a_failure(tmp_path):
    """A CSV holding only its header is a table of no comments: written (exit 0), not "nothing written";
    next to an input that fails, the output is made and the failure is exit 1."""
    empty = tmp_path / "export.csv"
    empty.write_text("id,parent_id,author,text\n", encoding="utf-8")
    out = tmp_path / "x.jsonl"
    result = run("parse", str(empty), "-o", str(out))
    assert result.exit_code == 0 and out.exists() and "nothing written" not in result.stderr
    broken = tmp_path / "broken.json"
    broken.write_text('{"comments": [', encoding="utf-8")
    out.unlink()
    mixed = run("parse", str(broken), str(empty), "-o", str(out))
    assert mixed.exit_code == 1 and out.exists() and "nothing written" not in mixed.stderr


@pytest.mark.parametrize("command", [["parse"], ["classify"]])
@pytest.mark.parametrize("link", ["same", "symlink", "hardlink"])
def test_an_output_that_is_an_input_is_refused_and_the_input_untouched(tmp_path, command, link):
    """``parse X -o X`` (or through a symlink or hard link to X) would replace the source:
    one ``error: OUT: output is also an input`` line, exit 2 (a usage error), nothing written."""
    import os

    source = tmp_path / "dump.jsonl"
    source.write_text('{"id": "1", "parent_id": null, "text": "Das Tempolimit kommt"}\n'
                      '{"id": "2", "parent_id": "1", "text": "Endlich, sagt der ADAC"}\n', encoding="utf-8")
    before = source.read_bytes()
    out = source
    if link == "symlink":
        out = tmp_path / "link.jsonl"
        out.symlink_to(source)
    elif link == "hardlink":
        out = tmp_path / "hard.jsonl"
        os.link(source, out)
    result = run(*command, str(source), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: {out}: output is also an input"]
    assert source.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({source.name, out.name})


def test_a_table_output_whose_threads_sibling_is_an_input_is_refused(tmp_path):
    """``-o out.csv`` also writes ``out.threads.csv``: when that is an input, the same refusal."""
    source = tmp_path / "out.threads.csv"
    source.write_text("id,parent_id,text\n1,,Das Tempolimit kommt\n2,1,Endlich\n", encoding="utf-8")
    result = run("parse", str(source), "-o", str(tmp_path / "out.csv"))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: {source}: output is also an input"]
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("command", [["parse"], ["classify"]])
@pytest.mark.parametrize("output", ["d/x.jsonl", "d/sub/y.csv", "d/sub/y.threads.csv"])
def test_an_output_that_is_a_file_read_from_an_input_folder_is_refused(tmp_path, command, output):
    """A folder given as input stands for the files read from it: ``parse d -o d/x.jsonl`` read
    d/x.jsonl and then replaced it. Exit 2, one line, every file untouched; an output in the
    folder that is no file there yet is written as before."""
    folder = tmp_path / "d"
    (folder / "sub").mkdir(parents=True)
    files = {folder / "x.jsonl": '{"id": "1", "parent_id": null, "text": "Das Tempolimit kommt"}\n',
             folder / "sub" / "y.csv": "id,parent_id,text\n1,,Endlich\n",
             folder / "sub" / "y.threads.csv": "id,parent_id,text\n2,,Noch einer\n"}
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    target = tmp_path / output
    out = target if target.suffix == ".jsonl" or "threads" not in target.name else folder / "sub" / "out.csv"
    if "threads" in target.name:
        target.rename(folder / "sub" / "out.threads.csv")
        files = {(folder / "sub" / "out.threads.csv" if p == target else p): t for p, t in files.items()}
        target = folder / "sub" / "out.threads.csv"
    result = run(*command, str(folder), "-o", str(out))
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [f"error: {target}: output is also an input"]
    assert all(path.read_text(encoding="utf-8") == text for path, text in files.items())
    fresh = run(*command, str(folder), "-o", str(folder / "new.jsonl"))
    assert fresh.exit_code == 0 and (folder / "new.jsonl").exists(), fresh.output


def test_an_engine_error_names_the_option_once(monkeypatch, tmp_path):
    """Without Dask, ``--engine dask`` said "error: --engine dask: --engine dask needs Dask: …" (newcomer21 F5)."""
    import comments.engine.run
    from comments.engine import EngineError

    def missing(*args, **kwargs):
        raise EngineError("--engine dask needs Dask: pip install 'comments[dask]'")

    monkeypatch.setattr(comments.engine.run, "run", missing)
    result = run("parse", str(FIXTURES / "disqus_small.xml"), "-o", str(tmp_path / "x.jsonl"), "--engine", "dask")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: --engine dask: needs Dask: pip install 'comments[dask]'"
