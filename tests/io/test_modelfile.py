"""io/modelfile.py: a model folder is checked before anything in it is trusted.

The shipped models pass and round-trip byte for byte; a truncated, tampered (CRC,
shape, dtype), wrong-version or pickle-bearing weights file is refused with one
ModelFileError/ValueError naming the file, never a traceback of another kind and
never arrays that differ from what was saved.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments.classification.learn import HAND_FEATURES, TextModel, expected_arrays, write_npz
from comments.classification.topic_model import TopicModel
from comments.io.modelfile import ModelFileError, check_finite, check_meta, check_npz

SHIPPED = Path(__file__).resolve().parents[2] / "src" / "comments" / "data" / "models"
LOADERS = {"tone": TextModel, "topics": TopicModel}


def _copy(kind: str, tmp_path: Path) -> Path:
    folder = tmp_path / kind
    shutil.copytree(SHIPPED / kind, folder)
    return folder


def _expected(folder: Path) -> dict[str, tuple[int, ...]]:
    """The array shapes the folder's model.json implies (as the loaders compute them)."""
    meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    if meta["format"] == "comments-text-model":
        return expected_arrays(folder / "model.json", meta)
    n, f = len(meta["labels"]), len(meta["features"])
    return {"coef": (n, f), "intercept": (n,), "platt": (n, 2), "thresholds": (n,),
            "word_coef": (n, len(meta["vocab"]))}


def _arrays(path: Path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as npz:
        return {name: npz[name] for name in npz.files}


@pytest.mark.parametrize("kind", sorted(LOADERS))
def test_shipped_models_pass_the_checks_and_save_back_byte_identical(kind, tmp_path):
    weights = SHIPPED / kind / "weights.npz"
    expected = _expected(SHIPPED / kind)
    check_npz(weights, expected)
    arrays = _arrays(weights)
    assert {name: a.shape for name, a in arrays.items()} == expected
    check_finite(weights, arrays)
    model = LOADERS[kind].load(SHIPPED / kind)
    model.save(tmp_path / kind)
    for name in ("model.json", "weights.npz"):
        assert (tmp_path / kind / name).read_bytes() == (SHIPPED / kind / name).read_bytes(), name
    again = _arrays(tmp_path / kind / "weights.npz")
    assert all(np.array_equal(again[name], arrays[name]) for name in arrays)


def _tone_meta() -> dict:
    return json.loads((SHIPPED / "tone" / "model.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("change, message", [
    (lambda m: [m], "not a JSON object"),
    (lambda m: {**m, "labels": []}, "`labels` must be a non-empty list of strings"),
    (lambda m: {**m, "labels": ["a", 2]}, "`labels` must be a non-empty list of strings"),
    (lambda m: {**m, "labels": ["a;b"]}, "`labels`: a label must not contain ';' (our CSV output joins labels "
                                         "with it): 'a;b'"),
    (lambda m: {**m, "word_vocab": {"a": True, "b": 1}}, "`word_vocab` must map terms to column numbers"),
    (lambda m: {**m, "char_vocab": ["ab"]}, "`char_vocab` must map terms to column numbers"),
    (lambda m: {**m, "word_vocab": {"a": 0, "b": 0}}, "`word_vocab` column numbers must be 0 … 1, each once"),
    (lambda m: {**m, "kind": "sentiment"}, "`kind` must be topics or tone"),
    (lambda m: {**m, "language": "fr"}, "`language` must be de, en or auto"),
])
def test_check_meta_names_the_file_and_the_field(change, message, tmp_path):
    path = tmp_path / "model.json"
    with pytest.raises(ModelFileError) as caught:
        check_meta(path, change(_tone_meta()), len(HAND_FEATURES))
    assert str(caught.value) == f"{path}: {message}"


def test_check_meta_gives_the_shapes_of_the_shipped_tone_model():
    meta = _tone_meta()
    shapes = check_meta(SHIPPED / "tone" / "model.json", meta, len(HAND_FEATURES))
    n_labels, n_features = len(meta["labels"]), len(meta["word_vocab"]) + len(meta["char_vocab"]) + len(HAND_FEATURES)
    assert shapes["coef"] == (n_labels, n_features) and shapes["platt"] == (n_labels, 2)
    assert shapes["word_idf"] == (len(meta["word_vocab"]),) and shapes["hand_scale"] == (len(HAND_FEATURES),)


def _load_checked(kind: str, folder: Path) -> dict[str, np.ndarray]:
    """What both loaders do with weights.npz: check, then read without pickle, then check values."""
    weights = folder / "weights.npz"
    expected = _expected(SHIPPED / kind)
    check_npz(weights, expected)
    with np.load(weights, allow_pickle=False) as npz:
        arrays = {name: npz[name] for name in expected}
    check_finite(weights, arrays)
    return arrays


@pytest.mark.parametrize("kind", sorted(LOADERS))
@pytest.mark.parametrize("keep", [0, 10, 0.25, 0.5, 0.99])
def test_a_truncated_weights_file_is_refused(kind, keep, tmp_path):
    folder = _copy(kind, tmp_path)
    data = (folder / "weights.npz").read_bytes()
    (folder / "weights.npz").write_bytes(data[:keep if isinstance(keep, int) else int(len(data) * keep)])
    with pytest.raises(ModelFileError, match="not a model weights file"):
        check_npz(folder / "weights.npz", _expected(folder))
    with pytest.raises(ValueError) as caught:
        LOADERS[kind].load(folder)
    assert str(folder / "weights.npz") in str(caught.value)


def _member_data_offset(path: Path, name: str) -> tuple[int, int]:
    """(offset, length) of a member's compressed bytes inside the zip."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    raw = path.read_bytes()
    name_len, extra_len = int.from_bytes(raw[info.header_offset + 26:info.header_offset + 28], "little"), \
        int.from_bytes(raw[info.header_offset + 28:info.header_offset + 30], "little")
    return info.header_offset + 30 + name_len + extra_len, info.compress_size


@pytest.mark.parametrize("kind", sorted(LOADERS))
def test_a_damaged_byte_deep_inside_the_largest_array_fails_the_crc_with_one_clear_error(kind, tmp_path):
    """A big member is only partly decompressed when its header is read: the CRC must
    still be checked before numpy reads it (a BadZipFile traceback otherwise)."""
    folder = _copy(kind, tmp_path)
    weights = folder / "weights.npz"
    biggest = max(zipfile.ZipFile(weights).infolist(), key=lambda i: i.compress_size).filename
    offset, length = _member_data_offset(weights, biggest)
    data = bytearray(weights.read_bytes())
    data[offset + length - 8] ^= 0x55  # the end of the deflate stream: far past the .npy header
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelFileError) as caught:
        check_npz(weights, _expected(folder))
    assert str(caught.value).startswith(f"{weights}: not a model weights file (")
    with pytest.raises(ValueError, match="not a model weights file"):
        LOADERS[kind].load(folder)


@pytest.mark.parametrize("kind", sorted(LOADERS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.floats(0, 1, exclude_max=True), flip=st.integers(1, 255))
def test_any_damaged_byte_is_refused_or_changes_nothing(kind, position, flip, tmp_path_factory):
    """Flipping any byte of a real weights file gives either one ModelFileError or exactly
    the saved arrays (a byte the zip does not use, such as a date): never other arrays,
    never another exception."""
    folder = _copy(kind, tmp_path_factory.mktemp("flip"))
    weights = folder / "weights.npz"
    original = _arrays(weights)
    data = bytearray(weights.read_bytes())
    data[int(position * len(data))] ^= flip
    weights.write_bytes(bytes(data))
    try:
        arrays = _load_checked(kind, folder)
    except ModelFileError as exc:
        assert str(exc).startswith(f"{weights}: ")
        return
    assert arrays.keys() == original.keys()
    assert all(np.array_equal(arrays[name], original[name]) for name in original)


def _npz(arrays: dict[str, np.ndarray], **changes) -> bytes:
    out = io.BytesIO()
    np.savez(out, **{**arrays, **changes})
    return out.getvalue()


def test_a_wrong_shape_or_dtype_is_refused_before_reading_the_array(tmp_path):
    folder = _copy("topics", tmp_path)
    arrays = _arrays(folder / "weights.npz")
    n, f = arrays["coef"].shape
    cases = {
        "shape": (dict(coef=np.zeros((n, f + 1))),
                  f"coef is float64 ({n}, {f + 1}), the model needs float64 ({n}, {f})"),
        "dtype": (dict(intercept=np.zeros(n, dtype=np.float32)), "intercept is float32"),
        "extra": (dict(backdoor=np.zeros(1)), "unexpected ['backdoor.npy']"),
    }
    for what, (changes, message) in cases.items():
        (folder / "weights.npz").write_bytes(_npz(arrays, **changes))
        with pytest.raises(ModelFileError) as caught:
            check_npz(folder / "weights.npz", _expected(folder))
        assert message in str(caught.value), what


def test_a_missing_array_is_named(tmp_path):
    folder = _copy("topics", tmp_path)
    arrays = _arrays(folder / "weights.npz")
    del arrays["platt"]
    (folder / "weights.npz").write_bytes(_npz(arrays))
    with pytest.raises(ModelFileError, match=r"missing \['platt.npy'\]"):
        check_npz(folder / "weights.npz", _expected(folder))


class _Payload:
    """An object whose unpickling would leave a mark on disk."""

    def __init__(self, mark: str) -> None:
        self.mark = mark

    def __reduce__(self):
        return (Path(self.mark).write_text, ("pwned",))


@pytest.mark.parametrize("kind", sorted(LOADERS))
def test_a_pickle_bearing_weights_file_is_refused_without_running_it(kind, tmp_path):
    folder = _copy(kind, tmp_path)
    arrays = _arrays(folder / "weights.npz")
    mark = tmp_path / "pwned"
    evil = np.empty(arrays["intercept"].shape, dtype=object)
    evil[...] = _Payload(str(mark))
    (folder / "weights.npz").write_bytes(_npz(arrays, intercept=evil))
    with pytest.raises(ModelFileError, match="intercept is object"):
        check_npz(folder / "weights.npz", _expected(folder))
    with pytest.raises(ValueError, match="intercept is object"):
        LOADERS[kind].load(folder)
    assert not mark.exists()


def test_an_npy_format_version_numpy_may_invent_later_is_refused(tmp_path):
    folder = _copy("topics", tmp_path)
    arrays = _arrays(folder / "weights.npz")
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, arrays["coef"], version=(3, 0))
    raw = buffer.getvalue()
    raw = raw[:6] + bytes([9]) + raw[7:]  # the major version byte of the magic string
    with zipfile.ZipFile(folder / "weights.npz", "w") as archive:
        for name, array in arrays.items():
            out = io.BytesIO()
            np.save(out, array)
            archive.writestr(f"{name}.npy", raw if name == "coef" else out.getvalue())
    with pytest.raises(ModelFileError, match="coef uses .npy format version 9"):
        check_npz(folder / "weights.npz", _expected(folder))


@pytest.mark.parametrize("kind", sorted(LOADERS))
@pytest.mark.parametrize("field, value", [("version", 99), ("version", "1"), ("format", "pickle")])
def test_a_model_json_of_another_version_or_format_is_refused(kind, field, value, tmp_path):
    folder = _copy(kind, tmp_path)
    meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    meta[field] = value
    (folder / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        LOADERS[kind].load(folder)
    assert str(caught.value).startswith(f"{folder / 'model.json'}: ")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_check_finite_names_the_array(bad, tmp_path):
    arrays = {"coef": np.zeros((2, 3)), "thresholds": np.array([0.5, bad])}
    with pytest.raises(ModelFileError) as caught:
        check_finite(tmp_path / "weights.npz", arrays)
    assert str(caught.value) == f"{tmp_path / 'weights.npz'}: thresholds holds NaN or infinite values"
    check_finite(tmp_path / "weights.npz", {"coef": np.zeros((2, 3))})


def test_write_npz_output_passes_check_npz(tmp_path):
    arrays = {"coef": np.arange(6.0).reshape(2, 3), "intercept": np.array([-1.0, 1.0])}
    path = tmp_path / "weights.npz"
    with path.open("wb") as handle:
        write_npz(handle, arrays)
    check_npz(path, {"coef": (2, 3), "intercept": (2,)})
    assert all(np.array_equal(_arrays(path)[k], v) for k, v in arrays.items())


def test_a_damaged_model_is_one_error_line_on_the_command_line(tmp_path):
    from conftest import SEED, run

    folder = _copy("tone", tmp_path)
    weights = folder / "weights.npz"
    offset, length = _member_data_offset(weights, "word_idf.npy")
    data = bytearray(weights.read_bytes())
    data[offset + length // 2] ^= 0x01
    weights.write_bytes(bytes(data))
    result = run("classify", str(SEED), "--model", str(folder), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: --model: {weights}: not a model weights file")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "out.jsonl").exists()
