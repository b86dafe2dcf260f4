"""The Dask engine gives bare reactions the tone their words say, as the local engine does (session 19)."""

from __future__ import annotations

import json

from conftest import run

ROWS = [("0", None, "Xiaomi sperrt Handys, die auf der Krim aktiviert wurden. Für Kunden ein Skandal."),
        ("1", "0", "Quelle?"), ("2", "0", "Genau."), ("3", "0", "lol"), ("4", "0", "OK"), ("5", "0", "Ja klar ;-)"),
        ("6", "0", "Danke!")]
WANT = {"Quelle?": ["questioning"], "Genau.": ["supportive"], "lol": [], "OK": [],
        "Ja klar ;-)": ["critical", "sarcastic"], "Danke!": ["supportive"]}


def test_dask_engine_reads_bare_reactions_as_the_local_engine(scheduler, tmp_path):
    inputs = tmp_path / "in.jsonl"
    inputs.write_text("".join(json.dumps({"id": i, "parent_id": p, "thread_id": "artikel-1", "site": "heise.example",
                                          "text": t}, ensure_ascii=False) + "\n" for i, p, t in ROWS), encoding="utf-8")
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    assert run("classify", str(inputs), "-o", str(local), "-j", "1").exit_code == 0
    result = run("classify", str(inputs), "-o", str(dask), "--engine", "dask", "--scheduler", scheduler)
    assert result.exit_code == 0, result.stderr
    assert dask.read_bytes() == local.read_bytes()
    got = {r["text"]: r["tone"] for r in map(json.loads, dask.read_text(encoding="utf-8").splitlines()) if "text" in r}
    assert {t: got[t] for t in WANT} == WANT
