"""Inputs sharing a file name (``2024-01/kk.md`` and ``2024-02/kk.md``, ``post.html`` beside
``post.txt``, ``siteA/comments.csv`` and ``siteB/comments.csv``) named on Dask as the local
engine names them (:mod:`comments.io.namesakes`: by what they hold). Why: on Dask they were
named by their folder path alone, so a page saved twice was two threads, two sites' exports
naming thread 42 one thread of both, and a text copy did not join its page.

A first pass reads each such input on a worker and keeps only what the rule decides on
(:class:`namesakes.Facts`: per thread its id, site, article digest, title words, a sketch of its
article's words and its address, per comment its id, a digest of its words, whether it is deleted
and its day); one task per shared name decides on its
inputs' facts on a worker, and the driver gets back each input's :class:`namesakes.Naming`
(a few names) and the notes, never a comment. The read tasks then apply the namings to the
threads they read (:func:`namesakes.rename`), and the driver places their threads and notes
in the local engine's order: inputs sharing a name are merged, and their notes said, when
the last of them is read (:class:`Plan`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from comments.io.namesakes import Decision, Facts, Naming, decide, facts, namesake_groups
from comments.io.pipeline import Result, read_item


@dataclass
class Plan:
    """How the driver runs the inputs ``items`` (in the order they are read): ``order`` the
    indices of the items in the order the local engine merges them (an input sharing a name
    when the last input of that name is read), ``namings`` each such input's naming,
    ``said`` the notes on the names (after the notes of expanding the inputs), and
    ``steps`` the order of the inputs' notes: ``("read", rank)`` (what reading input
    ``order[rank]`` noted), ``("place", rank)`` (what merging its threads noted), or
    ``("notes", [...])`` (the notes on joined copies and sites of one shared name)."""

    order: list[int]
    namings: dict[str, Naming] = field(default_factory=dict)
    said: list[str] = field(default_factory=list)
    steps: list[tuple[str, Any]] = field(default_factory=list)


def member_facts(item: str, folder: str, stem: str, fmt: str | None, site: Any, columns: dict[str, str],
                 max_input_size: int) -> Facts | None:
    """On a worker: the facts of one input sharing its name, read as the local engine reads
    it (None when it cannot be read: the read task reports why)."""
    got = read_item(item, fmt, site, columns, max_input_size, Result(), stem or None)
    if got is None:
        return None
    source, ctx, reader, threads = got
    return facts(item, folder, stem or source.stem, ctx, threads, reader.name)


def decide_group(stem: str, found: list[Facts | None], names: dict[str, str],
                 cwd: str) -> tuple[list[Naming | None], Decision]:
    """On a worker: :func:`namesakes.decide` on the facts of the inputs that could be read;
    with each input's naming (None: not read), in the order of ``found``."""
    decision = decide(stem, [f for f in found if f is not None], names, cwd)
    namings = iter(decision.namings)
    return [None if f is None else next(namings) for f in found], decision


def plan(client, items: list[str], request, stems: dict[str, str], refused: set[int]) -> Plan:
    """The :class:`Plan` of a run over ``items`` (``stems``: each input's folder path name,
    :func:`comments.io.sources.thread_stems`; ``refused``: inputs the workers cannot read)."""
    groups = namesake_groups(items)
    if not groups:
        return Plan(list(range(len(items))), steps=[(kind, i) for i in range(len(items)) for kind in ("read", "place")])
    members: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        if item in groups:
            members.setdefault(groups[item], []).append(i)
    last = {group: indices[-1] for group, indices in members.items()}
    found = {i: client.submit(member_facts, items[i], os.path.dirname(os.path.abspath(items[i])),
                              stems.get(items[i], ""), request.fmt, request.site, dict(request.columns),
                              request.max_input_size, pure=False)
             for indices in members.values() for i in indices if i not in refused}
    cwd = os.getcwd()
    decided = dict(zip(members, client.gather([
        client.submit(decide_group, group, [found[i] for i in indices if i in found], stems, cwd, pure=False)
        for group, indices in members.items()])))
    out = Plan([])
    for i, item in enumerate(items):
        group = groups.get(item)
        if group is None:
            out.order.append(i)
            continue
        if last[group] != i:
            continue
        namings, decision = decided[group]
        out.order.extend(members[group])
        out.said.extend(decision.said)
        out.namings.update((items[j], naming) for j, naming in zip([j for j in members[group] if j in found], namings)
                           if naming is not None)
    rank = {i: r for r, i in enumerate(out.order)}
    for i, item in enumerate(items):
        out.steps.append(("read", rank[i]))
        group = groups.get(item)
        if group is None:
            out.steps.append(("place", rank[i]))
        elif last[group] == i:
            out.steps.append(("notes", decided[group][1].notes))
            out.steps.extend(("place", rank[j]) for j in members[group])
    return out
