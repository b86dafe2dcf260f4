"""Every help text shows what its source says: rich markup ate ``[dask]`` from
"pip install 'comments[dask]'" (a bracketed word is a style tag to rich), and usage lines
named the arguments by their Python name ("{inputs}...")."""

from __future__ import annotations

import re

import click
import typer

from conftest import run

from comments.cli import app


def _commands(group: click.Command, path: tuple[str, ...] = ()):
    yield path, group
    for name, sub in getattr(group, "commands", {}).items():
        yield from _commands(sub, (*path, name))


def _flat(text: str) -> str:
    """Help output without rich's box characters and line wrapping."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def test_bracketed_words_in_help_survive_rich_markup():
    seen = 0
    for path, command in _commands(typer.main.get_command(app)):
        shown = _flat(run(*path, "--help").stdout)
        texts = [command.help or ""] + [getattr(p, "help", None) or "" for p in command.params]
        for text in texts:
            for bracket in re.findall(r"\S*\\?\[[^\]\s]+\]\S*", text):
                seen += 1
                assert bracket.replace("\\[", "[") in shown, (path, bracket)
    assert seen  # the --engine help names the "comments[dask]" extra


def test_usage_names_the_inputs_argument():
    for path in (("parse",), ("report", "all"), ("evaluate",)):
        usage = run(*path, "--help").stdout
        assert "inputs" not in usage.split("╭")[0] and "INPUT" in usage.split("╭")[0], usage


def test_help_shows_click_metavars_not_python_types():
    """Typer 0.29 showed "Usage: comments parse [OPTIONS] {INPUT}...", "--debug <bool>",
    "--column <list[str]>" and "--kind <str>"; every command's help now names values the
    way Click does (INPUT..., TEXT, INTEGER, [topics|tone]) and flags take none."""
    seen = 0
    for path, _ in _commands(typer.main.get_command(app)):
        shown = _flat(run(*path, "--help").stdout)
        assert "Usage:" in shown, path
        for artefact in ("<bool>", "<str>", "<int", "<list[", "<float>", "{"):
            assert artefact not in shown, (path, artefact, shown)
        assert "--help Show this message" in shown, path
        seen += 1
    assert seen >= 12
    assert "Usage: comments parse [OPTIONS] INPUT..." in _flat(run("parse", "--help").stdout)
    parse_help = _flat(run("parse", "--help").stdout)
    assert "--column TEXT" in parse_help and "--debug Show" in parse_help and "--jobs,--workers -j INTEGER" in parse_help
    train_help = _flat(run("train", "--help").stdout)
    assert "--kind [topics|tone]" in train_help and "--folds INTEGER [2<=x<=20]" in train_help
    assert "--engine [local|dask]" in _flat(run("report", "all", "--help").stdout)
