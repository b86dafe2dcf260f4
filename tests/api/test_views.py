"""``comments.tree`` and ``comments.suggest_taxonomy``: what ``comments tree`` and
``comments taxonomy suggest`` print and write, from Python."""

from __future__ import annotations

import pytest

import comments
from conftest import RAW, run


def test_tree_is_what_the_command_prints():
    corpus = comments.read(RAW)
    result = run("tree", str(RAW), "--width", "70", "--max-depth", "1", "-q")
    assert result.exit_code == 0, result.stderr
    drawn = comments.tree(corpus, max_depth=1, width=70)
    assert drawn + "\n" == result.stdout
    assert "Erster" not in drawn and "├─" in drawn and drawn.count("\n\n") == len(corpus) - 1


def test_suggest_taxonomy_writes_the_commands_draft(tmp_path):
    corpus = comments.read(RAW)
    out = tmp_path / "api.toml"
    draft = comments.suggest_taxonomy(corpus, out, topics=3)
    assert out.read_text(encoding="utf-8") == draft.text and len(draft.topics) == 3
    result = run("taxonomy", "suggest", str(RAW), "--topics", "3", "-o", str(tmp_path / "cli.toml"), "-q")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "cli.toml").read_text(encoding="utf-8") == draft.text.replace('name = "api"', 'name = "cli"')
    assert comments.suggest_taxonomy(corpus, topics=3, name="api").text == draft.text  # nothing written without out
    loaded = comments.classify(corpus, taxonomy=str(out))  # the draft is a taxonomy classify reads
    assert any(c.topics for c in loaded.comments)


def test_suggest_taxonomy_refuses_a_topic_count_it_cannot_draft():
    with pytest.raises(ValueError, match="2 to 50"):
        comments.suggest_taxonomy(comments.read(RAW), topics=51)


@pytest.mark.parametrize("option, value", [("width", 0), ("width", 39), ("max_children", 0), ("max_depth", -1),
                                           ("width", "80")])
def test_tree_refuses_what_the_cli_refuses(option, value):
    """``tree(c, width=0)`` returned only newlines; the CLI refuses such values as usage errors."""
    with pytest.raises(ValueError, match=f"{option} must be a whole number"):
        comments.tree(comments.read(RAW), **{option: value})
    assert comments.tree(comments.read(RAW), width=40).count("\n") > 10
