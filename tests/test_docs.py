"""The documentation is true of the repository: the SPEC copy is the project's, every link
in the README and docs/ resolves, and every ``comments`` command the README shows either
runs here as written (printing what the README shows) or names the test that runs it."""

from __future__ import annotations

import csv
import re
import shlex
from pathlib import Path

import pytest

from conftest import CORPORA, ROOT, broken_jsonl, csv_rows, run

#: The pages whose links must resolve (README.md, docs/ and the READMEs of data/ and LICENSES/).
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
         ROOT / "data" / "labelled" / "README.md", ROOT / "LICENSES" / "README.md"]

#: README commands that need what the repository does not hold (a Dask cluster, Reddit dumps,
#: GermEval 2021), each with the test that runs it in another form.
COVERED_ELSEWHERE = {
    "comments parse RS_2021-0*.zst RC_2021-0*.zst -o reddit.parquet --engine dask -j 2":
        "tests/engine/test_reddit_dumps.py::test_the_dask_engine_joins_them_the_same",
    "comments classify reddit.parquet -o classified.parquet --engine dask --scheduler tcp://HOST:8786":
        "tests/engine/test_dask_engine.py::test_parquet_dataset_folders_hold_the_same_rows",
    "comments report all classified.parquet --out report/ --engine dask --scheduler tcp://HOST:8786":
        "tests/engine/test_dask_engine.py::test_reports_are_the_same_as_the_local_engines",
    "comments parse /shared/reddit/RC_2023-*.zst -o /shared/out/reddit.parquet --engine dask --scheduler tcp://HOST:8786":
        "tests/engine/test_columnar.py::test_reddit_comment_dumps_give_the_local_engines_rows",
    "comments report all /shared/out/reddit.parquet --out /shared/out/report --engine dask --scheduler tcp://HOST:8786":
        "tests/engine/test_dask_engine.py::test_reports_are_the_same_as_the_local_engines",
    "comments train --data GermEval21_TrainData.csv --kind tone --text-column comment_text --label Sub1_Toxic=hostile "
    "--out models/toxic": "tests/cli/test_cli.py::test_readme_train_example_prints_what_the_readme_shows",
}


def test_spec_copy_is_identical_to_the_authority():
    authority = CORPORA.parent / "SPEC.md"
    if not authority.exists():
        pytest.skip(f"the authoritative SPEC is not available: {authority}")
    assert (ROOT / "docs" / "SPEC.md").read_bytes() == authority.read_bytes()


def test_readme_links_only_files_in_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](../" not in readme  # a user cloning the repository has no ../shared/
    assert "docs/SPEC.md" in readme


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    seen: dict[str, int] = {}
    anchors = set()
    for heading in re.findall(r"^#+ (.*)$", _prose(page.read_text(encoding="utf-8")), re.M):
        slug = _slug(heading)
        anchors.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
        seen[slug] = seen.get(slug, 0) + 1
    return anchors


def _prose(text: str) -> str:
    """The page without fenced code blocks (a ``# comment`` there is no heading, a link no link)."""
    return re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)


def _links(page: Path) -> list[str]:
    text = re.sub(r"`[^`\n]*`(?!\])", "", _prose(page.read_text(encoding="utf-8")))  # code spans, not link labels
    return re.findall(r"\]\(([^)\s]+)\)", text)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_anchor_resolves(page):
    broken = []
    for target in _links(page):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.is_relative_to(ROOT.resolve()):
            broken.append(f"{target}: outside the repository")
        elif not file.exists():
            broken.append(f"{target}: no such file")
        elif anchor and file.suffix == ".md" and anchor not in _anchors(file):
            broken.append(f"{target}: no heading with this anchor")
    assert not broken, broken


def test_every_docs_page_is_linked_from_the_readme():
    linked = {target.partition("#")[0] for target in _links(ROOT / "README.md")}
    assert {f"docs/{page.name}" for page in (ROOT / "docs").glob("*.md")} <= linked


def test_the_anchor_rule_matches_githubs():
    assert _slug("On a Dask cluster: `--engine dask`") == "on-a-dask-cluster---engine-dask"
    assert _slug("`comments tree INPUT...`") == "comments-tree-input"


def _commands(text: str) -> list[list[tuple[str, list[str]]]]:
    """Each ``console`` block of the README as its ``$`` commands, each with the lines shown after it."""
    blocks = []
    for block in re.findall(r"^```console\n(.*?)^```", text, re.M | re.S):
        commands: list[tuple[str, list[str]]] = []
        for line in block.replace("\\\n", " ").splitlines():
            if line.startswith("$ "):
                commands.append((" ".join(line[2:].split()), []))
            elif commands:
                commands[-1][1].append(line)
        blocks.append([c for c in commands if c[0].startswith("comments ")])
    return [b for b in blocks if b]


def _readme_blocks() -> list[list[tuple[str, list[str]]]]:
    return _commands((ROOT / "README.md").read_text(encoding="utf-8"))


def _runnable(command: str) -> bool:
    return command not in COVERED_ELSEWHERE


def test_every_readme_command_runs_here_or_names_its_test():
    for block in _readme_blocks():
        for command, _ in block:
            if command in COVERED_ELSEWHERE:
                file, _, name = COVERED_ELSEWHERE[command].partition("::")
                assert f"def {name}(" in (ROOT / file).read_text(encoding="utf-8"), COVERED_ELSEWHERE[command]
    shown = {command for block in _readme_blocks() for command, _ in block}
    assert not set(COVERED_ELSEWHERE) - shown, "a command no longer in the README"


def _inputs(folder: Path, command: str) -> None:
    """Make the files a README example names but the repository does not hold."""
    if "export.csv" in command:
        with (folder / "export.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Kennung", "Bezogen auf", "Zuschrift"])
            writer.writerows([["1", "", "Der Artikel ist gut."], ["2", "1", "Sehe ich auch so."]])
    if "export.jsonl" in command:
        broken_jsonl(folder / "export.jsonl")


def _output(command: str, folder: Path) -> tuple[int, str]:
    """Run one README command as a shell would (its pipe to ``head -c``/``grep`` included)."""
    command, _, pipe = command.partition(" | ")
    args = shlex.split(command)[1:]
    if any("../shared/corpora/" in a for a in args):
        if not CORPORA.is_dir():
            pytest.skip(f"the shared corpora are not available: {CORPORA}")
        args = [a.replace("../shared/corpora", str(CORPORA)) for a in args]
    result = run(*args)
    out = result.stdout + result.stderr
    if pipe.startswith("head -c "):
        out = result.stdout[:int(pipe.split()[-1])]
    elif pipe.startswith("grep "):
        pattern = shlex.split(pipe)[1]
        out = "".join(line + "\n" for line in result.stdout.splitlines() if pattern in line)
    return result.exit_code, out


@pytest.mark.parametrize("block", [b for b in _readme_blocks() if all(_runnable(c) for c, _ in b)],
                         ids=lambda b: b[0][0][:60])
def test_readme_command_prints_what_the_readme_shows(block, tmp_path, monkeypatch):
    """Run from a scratch folder that sees data/ and tests/fixtures/; every piece of a shown
    line (the README cuts long lines with ``…``) is in what the command printed, and the
    exit code is 1 where an ``error:`` line is shown, else 0."""
    (tmp_path / "data").symlink_to(ROOT / "data")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "fixtures").symlink_to(ROOT / "tests" / "fixtures")
    monkeypatch.chdir(tmp_path)
    for command, shown in block:
        _inputs(tmp_path, command)
        code, out = _output(command, tmp_path)
        flat = " ".join(out.split())
        assert code == (1 if any(line.startswith("error:") for line in shown) else 0), (command, out)
        for line in shown:
            for piece in line.split("…"):
                piece = " ".join(piece.split()).strip(" ,")
                assert piece in flat, (command, piece, out)


def test_the_api_reference_names_every_parameter():
    """docs/api.md's signature of each public function lists the parameters it has (a
    trailing ``...`` stands for the ones described elsewhere on the page)."""
    import inspect

    import comments

    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    functions = page[page.index("## Functions"):page.index("## Python API on Dask")]
    checked = 0
    for name, params in re.findall(r"^- `(\w+)\((.*?)\)`", functions, re.M | re.S):
        if not hasattr(comments, name):
            continue
        shown = [p.split("=")[0].strip().lstrip("*") for p in " ".join(params.split()).split(", ")]
        actual = [p.name for p in inspect.signature(getattr(comments, name)).parameters.values()]
        if shown[-1] == "...":
            shown.pop()
            actual = actual[:len(shown)]
        assert shown == actual, name
        checked += 1
    assert checked == 10


def test_the_moderation_recipe_lists_hostile_comments_with_their_article(tmp_path, monkeypatch):
    """README's "Moderation: listing hostile comments": its command runs as written, and the
    filter and join it describes work on what it writes: rows whose tone contains
    ``hostile`` (with other labels too), sortable by the hostile score, each joined on
    (site, thread_id) to a thread row with the article's title and url; the F1 figures it
    quotes are the README table's ``hostile`` row."""
    import json

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Moderation: listing hostile comments"):]
    section = section[:section.index("\n### ")]
    (block,) = _commands(section)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "fixtures").symlink_to(ROOT / "tests" / "fixtures")
    monkeypatch.chdir(tmp_path)
    for command, _ in block:
        assert _output(command, tmp_path)[0] == 0, command
    comments = csv_rows(tmp_path / "moderation.csv")
    threads = {(t["site"], t["thread_id"]): t for t in csv_rows(tmp_path / "moderation.threads.csv")}
    hostile = [c for c in comments if "hostile" in c["tone"].split(";")]
    assert hostile and any(c["tone"] != "hostile" for c in hostile)  # "contains", not "equals"
    ranked = sorted(hostile, key=lambda c: -json.loads(c["tone_scores"])["hostile"])
    assert "Vollidiot" in ranked[0]["text"] or "dumm" in ranked[0]["text"] or "Idiot" in ranked[0]["text"]
    for c in hostile:
        article = threads[(c["site"], c["thread_id"])]
        assert article["title"] and article["url"].startswith("https://www." + c["site"] + "/")
    by_site = {site: sum(c["site"] == site for c in hostile) for site in ("kuestenbote.de", "wattenblatt.de")}
    assert by_site["kuestenbote.de"] > 2 * by_site["wattenblatt.de"]  # the site full of insults
    # the held-out table's columns: tenth, ninth (Der Standard), eighth (GermEval 2021), seventh (Der Standard)
    row = re.search(r"^\| hostile \|" + r" ([\d.]+) \(\d+\) \|" * 4 + "$", readme, re.M)
    quoted = re.search(r"`hostile` F1 is ([\d.]+)–([\d.]+)\s+on Der Standard comments and ([\d.]+) on German "
                       r"Facebook comments", section)
    assert row and quoted
    standard = [float(row.group(i)) for i in (1, 2, 4)]
    assert (float(quoted.group(1)), float(quoted.group(2)), quoted.group(3)) == (min(standard), max(standard), row.group(3))


def test_the_readme_quotes_each_missing_column_error_for_the_case_it_names(tmp_path):
    """README's two quoted errors for a German CSV without known columns are what a user sees: read as it is
    (no --column: the id and the text named) and with ``--column id=Kennung`` (only the text) — newcomer21 F4:
    the README quoted the second as if it were the first."""
    import re

    from comments.io.pipeline import read_inputs

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    path = tmp_path / "export.csv"
    path.write_text("Kennung;Antwort auf;Zuschrift\n1;;Die Sperre trifft die Kunden.\n2;1;Sehe ich auch so.\n",
                    encoding="utf-8")
    quotes = re.findall(r"`(error: export\.csv: [^`]+)`", readme)
    assert len(quotes) == 2, quotes
    for quote, options in zip(quotes, ({}, {"columns": {"id": "Kennung"}})):
        [error] = read_inputs([str(path)], **options).errors
        actual = "error: " + error.replace(str(path), "export.csv")
        head, _, tail = quote.partition(" …")
        assert actual.startswith(head) and actual.endswith(tail), (quote, actual)
    assert "with `--column id=Kennung` alone `error: export.csv: header:" in readme
