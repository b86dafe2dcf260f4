"""Checks of a model folder before anything in it is trusted or allocated.

``weights.npz`` is a zip of ``.npy`` arrays. Each member's header (dtype, shape) is read
on its own — a few hundred bytes — and compared with the shapes ``model.json`` implies,
and each member's declared uncompressed size with what that shape needs, before
``numpy`` reads any array; so a zip bomb or an array of a billion entries is refused
without allocating it. Arrays must hold finite numbers (no NaN/Inf thresholds).
"""

from __future__ import annotations

import json
import zipfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from comments.model.records import LABEL_FIELDS, label_problem

#: Upper bound on the .npy header itself (numpy writes 64..~200 bytes).
_MAX_HEADER = 1 << 16


class ModelFileError(ValueError):
    """A model folder that cannot be used; the message names the file and the reason."""


def read_meta(folder: Path, fmt: str, version: int, what: str) -> tuple[Path, dict[str, Any]]:
    """``folder``'s model.json (its path and content), checked to be ``fmt`` version
    ``version``: the one way every model is opened, ModelFileError naming the file otherwise
    (``what`` names the kind of model the folder should hold)."""
    meta_path = folder / "model.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"{meta_path}: not a {what} ({getattr(exc, 'strerror', None) or exc})") from None
    if not isinstance(meta, dict) or meta.get("format") != fmt or meta.get("version") != version:
        found, got = (meta.get("format"), meta.get("version")) if isinstance(meta, dict) else (None, None)
        raise ModelFileError(f"{meta_path}: unsupported model format {found!r} v{got}: not a {fmt} v{version} file")
    return meta_path, meta


def read_weights(path: Path, expected: dict[str, tuple[int, ...]]) -> dict[str, np.ndarray]:
    """The ``expected`` arrays of a weights.npz, checked (:func:`check_npz`) before they are
    read and finite after (:func:`check_finite`); ModelFileError naming ``path`` otherwise."""
    check_npz(path, expected)
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in expected}
    except (OSError, ValueError, EOFError) as exc:
        raise ModelFileError(f"{path}: unreadable ({exc})") from None
    check_finite(path, arrays)
    return arrays


def check_meta(path: Path, meta: Any, n_hand: int) -> dict[str, tuple[int, ...]]:
    """The expected array shapes, after checking model.json's own fields."""
    if not isinstance(meta, dict):
        raise ModelFileError(f"{path}: not a JSON object")
    labels = meta.get("labels")
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
        raise ModelFileError(f"{path}: `labels` must be a non-empty list of strings")
    if problem := next(filter(None, map(label_problem, labels)), None):
        raise ModelFileError(f"{path}: `labels`: {problem}")
    for key in ("word_vocab", "char_vocab"):
        vocab = meta.get(key)
        if not isinstance(vocab, dict) or not all(isinstance(v, int) and not isinstance(v, bool)
                                                  for v in vocab.values()):
            raise ModelFileError(f"{path}: `{key}` must map terms to column numbers")
        if sorted(vocab.values()) != list(range(len(vocab))):
            raise ModelFileError(f"{path}: `{key}` column numbers must be 0 … {len(vocab) - 1}, each once")
    if meta.get("kind") not in LABEL_FIELDS:
        raise ModelFileError(f"{path}: `kind` must be topics or tone")
    if meta.get("language", "de") not in ("de", "en", "auto"):
        raise ModelFileError(f"{path}: `language` must be de, en or auto")
    n_labels = len(labels)
    n_features = len(meta["word_vocab"]) + len(meta["char_vocab"]) + n_hand
    return {"word_idf": (len(meta["word_vocab"]),), "char_idf": (len(meta["char_vocab"]),),
            "hand_scale": (n_hand,), "coef": (n_labels, n_features), "intercept": (n_labels,),
            "thresholds": (n_labels,), "platt": (n_labels, 2)}


def check_npz(path: Path, expected: dict[str, tuple[int, ...]]) -> None:
    """Refuse ``path`` unless it holds exactly the ``expected`` float64 arrays."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = {info.filename: info for info in archive.infolist()}
            wanted = {f"{name}.npy" for name in expected}
            if set(members) != wanted:
                extra = sorted(set(members) - wanted)[:3]
                missing = sorted(wanted - set(members))[:3]
                raise ModelFileError(f"{path}: arrays do not match the model (missing {missing}, unexpected {extra})")
            for name, shape in expected.items():
                info = members[f"{name}.npy"]
                with archive.open(info) as handle:
                    major, _ = np.lib.format.read_magic(handle)
                    if major not in (1, 2):
                        raise ModelFileError(f"{path}: {name} uses .npy format version {major}")
                    read = np.lib.format.read_array_header_1_0 if major == 1 else np.lib.format.read_array_header_2_0
                    found, fortran, dtype = read(handle, max_header_size=_MAX_HEADER)
                    header = handle.tell() if handle.seekable() else None
                if np.dtype(dtype) != np.float64 or tuple(found) != shape:
                    raise ModelFileError(f"{path}: {name} is {np.dtype(dtype)} {tuple(found)}, the model needs "
                                         f"float64 {shape}")
                need = int(np.prod(shape, dtype=np.int64)) * 8
                if info.file_size > need + _MAX_HEADER or (header is not None and info.file_size < need + header):
                    raise ModelFileError(f"{path}: {name} declares {info.file_size} bytes, its shape {shape} "
                                         f"needs {need}")
                _check_crc(archive, info)
    except ModelFileError:
        raise
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error, KeyError, TypeError,
            NotImplementedError, RuntimeError) as exc:  # RuntimeError: zipfile on an "encrypted" member
        raise ModelFileError(f"{path}: not a model weights file ({exc})") from None


def _check_crc(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Read a member to its end (its size already checked) so that a damaged byte fails the
    zip's CRC here, as one clear error, not later inside ``numpy.load``."""
    with archive.open(info) as handle:
        read = 0
        while chunk := handle.read(1 << 20):
            read += len(chunk)
            if read > info.file_size:
                raise ModelFileError(f"{archive.filename}: {info.filename} expands beyond its declared size")


def check_finite(path: Path, arrays: dict[str, np.ndarray]) -> None:
    for name, array in arrays.items():
        if not np.all(np.isfinite(array)):
            raise ModelFileError(f"{path}: {name} holds NaN or infinite values")
