"""Model folders and taxonomies from elsewhere: one clear error, no traceback; an npz zip
bomb is refused before anything is allocated; taxonomy weights finite and positive."""

from __future__ import annotations

import io
import json
import time
import tracemalloc
import zipfile

import numpy as np
import pytest

from comments.classification.learn import HAND_FEATURES, TextModel
from comments.classification.topic_model import TopicModel
from comments.io.modelfile import ModelFileError
from comments.classification.taxonomy import TaxonomyError, load
from conftest import SEED, run


def tiny_model() -> TextModel:
    """A small but complete model (two labels, three words, two character n-grams)."""
    n = 3 + 2 + len(HAND_FEATURES)
    return TextModel("tone", ["critical", "hostile"], {"a": 0, "b": 1, "c": 2}, np.ones(3), {"ab": 0, "bc": 1},
                     np.ones(2), np.ones(len(HAND_FEATURES)), np.zeros((2, n)), np.zeros(2), np.full(2, 0.5),
                     np.tile([1.0, 0.0], (2, 1)))


def _npy_header(shape: tuple[int, ...], dtype: str = "<f8") -> bytes:
    out = io.BytesIO()
    np.lib.format.write_array_header_1_0(out, {"descr": dtype, "fortran_order": False, "shape": shape})
    return out.getvalue()


def _bad_folders(tmp_path):
    good = tmp_path / "good"
    tiny_model().save(good)
    arrays = dict(np.load(good / "weights.npz"))
    meta = json.loads((good / "model.json").read_text(encoding="utf-8"))

    def folder(name: str, meta_text: str | None = None, npz: bytes | None = None):
        path = tmp_path / name
        path.mkdir()
        (path / "model.json").write_text(meta_text if meta_text is not None else json.dumps(meta), encoding="utf-8")
        (path / "weights.npz").write_bytes(npz if npz is not None else (good / "weights.npz").read_bytes())
        return path

    def npz(**changes) -> bytes:
        out = io.BytesIO()
        np.savez(out, **{**arrays, **changes})
        return out.getvalue()

    yield "missing folder", tmp_path / "nowhere", "not a `comments train` model"
    yield "garbage json", folder("garbage", "{not json"), "not a `comments train` model"
    yield "json list", folder("jsonlist", "[1, 2]"), "unsupported model format"
    yield "labels not strings", folder("labels", json.dumps({**meta, "labels": [1, 2]})), "labels"
    yield "vocab gaps", folder("vocab", json.dumps({**meta, "word_vocab": {"a": 0, "b": 7, "c": 2}})), "word_vocab"
    yield "npz not a zip", folder("notzip", npz=b"PK\x03\x04 garbage"), "not a model weights file"
    yield "wrong shape", folder("shape", npz=npz(coef=np.zeros((2, 3)))), "coef is float64 (2, 3)"
    yield "wrong dtype", folder("dtype", npz=npz(intercept=np.zeros(2, dtype=np.int64))), "intercept is int64"
    yield "missing array", folder("missing", npz=npz(extra=np.zeros(1))), "unexpected ['extra.npy']"
    yield "infinite weights", folder("inf", npz=npz(coef=np.full_like(arrays["coef"], np.inf))), "coef holds NaN"


def test_bad_model_folders_give_one_error_line(tmp_path):
    for what, path, message in _bad_folders(tmp_path):
        with pytest.raises(ModelFileError) as caught:  # one loader, one error type for both kinds of model
            TextModel.load(path)
        with pytest.raises(ModelFileError):
            TopicModel.load(path)
        assert message in str(caught.value) and str(path) in str(caught.value), (what, caught.value)
        result = run("classify", str(SEED), "--model", str(path))
        code, shown = (1, "cannot read") if what == "missing folder" else (2, message)  # missing: as an input
        assert result.exit_code == code and result.stderr.count("\n") == 1, (what, result.stderr)
        assert result.stderr.startswith(f"error: --model: {path}") and shown in result.stderr, (what, result.stderr)


def _bomb(path, declared: tuple[int, ...], real_bytes: int) -> None:
    """weights.npz whose word_idf member declares ``declared`` and expands to
    ``real_bytes`` of zeros (a few KiB compressed)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word_idf.npy", "w", force_zip64=True) as member:
            member.write(_npy_header(declared))
            chunk = bytes(1 << 20)
            for _ in range(real_bytes >> 20):
                member.write(chunk)
        model = tiny_model()
        for name in ("char_idf", "hand_scale", "coef", "intercept", "thresholds", "platt"):
            out = io.BytesIO()
            np.save(out, getattr(model, name))
            archive.writestr(f"{name}.npy", out.getvalue())


@pytest.mark.parametrize("declared, real", [((4_000_000_000,), 64 << 20), ((3,), 256 << 20)])
def test_npz_zip_bomb_is_refused_before_allocation(tmp_path, declared, real):
    folder = tmp_path / "bomb"
    tiny_model().save(folder)
    _bomb(folder / "weights.npz", declared, real)
    assert (folder / "weights.npz").stat().st_size < 2 << 20  # small on disk, huge when expanded
    tracemalloc.start()
    started = time.process_time()  # CPU, not wall: other programs on the machine must not fail it
    try:
        with pytest.raises(ValueError, match="word_idf"):
            TextModel.load(folder)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20 and time.process_time() - started < 10


@pytest.mark.parametrize("weight", ["nan", "inf", "-inf", "0", "-1.5", "true", '"heavy"'])
def test_taxonomy_weights_must_be_finite_and_positive(tmp_path, weight):
    path = tmp_path / "tax.toml"
    path.write_text(f'name = "t"\n[topics.ok]\nterms = ["a"]\n[topics.bad]\nterms = ["b"]\nweight = {weight}\n',
                    encoding="utf-8")
    with pytest.raises(TaxonomyError) as caught:
        load(path)
    assert str(path) in str(caught.value) and "topics.bad" in str(caught.value)
    result = run("classify", str(SEED), "--taxonomy", str(path))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: --taxonomy: {path}: line 6: topics.bad: weight must be a finite number "
                                    "above 0")


def test_finite_positive_taxonomy_weights_are_accepted(tmp_path):
    path = tmp_path / "tax.toml"
    path.write_text('[topics.a]\nterms = ["x"]\nweight = 0.25\n[topics.b]\nterms = ["y"]\nweight = 3\n',
                    encoding="utf-8")
    assert load(path).ids == ["a", "b"]
