"""Outputs that are whole or untouched.

Every file is written to a hidden temporary file in its own folder and renamed into
place (``os.replace``) only when it is complete, so an interrupted or failed run leaves
the previous output as it was, and a symlink at the target is replaced, never written
through. Folders (reports, ConvoKit corpora, models) are written into a hidden
temporary sibling folder and moved in file by file when all are complete;
the files we own there are listed in ``.comments-manifest.json``, so a re-run replaces
our own files, removes those of ours it no longer writes (a smaller corpus's report
leaves no stale tree pictures) and never touches a file someone else put there.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MANIFEST = ".comments-manifest.json"
_TMP_TAG = ".comments-tmp"


class Ledger:
    """The outputs this process set out to write (and whether each existed before) and
    those it finished, so that an interrupted command can say what it kept as it was."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget every output: a new command begins (CliRunner runs many in one process)."""
        self.begun: dict[Path, bool] = {}
        self.done: list[Path] = []
        self.stdout = False  # the command writes its output to stdout (never whole or untouched)

    def begin(self, path: Path | str) -> None:
        path = Path(path)
        self.begun.setdefault(path, path.exists() or path.is_symlink())

    def finish(self, path: Path | str) -> None:
        self.done.append(Path(path))

    def kept(self) -> list[Path]:
        """Previous outputs an unfinished write left as they were."""
        return [p for p, existed in self.begun.items() if existed and p not in self.done]


#: This process's outputs (one command per process; the CLI resets it per command).
LEDGER = Ledger()


class OutputError(Exception):
    """An output that could not be written; ``str`` is ``PATH: reason``."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def check_parent(path: Path | str) -> None:
    """Fail before any work when ``path``'s folder can be neither found nor made: its
    nearest existing folder above must be a folder we may write in (missing folders
    below it are made when writing, as ``report --out`` makes its folder)."""
    path = Path(path)
    above = path.parent
    while not above.exists() and not above.is_symlink() and above != above.parent:
        above = above.parent
    if not above.is_dir():
        raise OutputError(path, f"{above} is a file, not a folder")
    if not os.access(above, os.W_OK | os.X_OK):
        raise OutputError(path, f"cannot write in {above} (permission denied)")


def make_parent(path: Path | str) -> list[Path]:
    """Make the missing folders above ``path`` (:class:`OutputError` naming it when that
    fails); the folders made, outermost first."""
    check_parent(path)
    missing = []
    above = Path(path).parent
    while not above.exists() and not above.is_symlink() and above != above.parent:
        missing.append(above)
        above = above.parent
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(path, _reason(exc)) from None
    return missing[::-1]


@contextmanager
def parents(path: Path | str | None) -> Iterator[None]:
    """The missing folders above the output ``path`` made for the block (None: stdout,
    nothing to make), and removed again when the block ends without the output (nothing
    read, failed, interrupted), as far as they are still empty: a run that writes
    nothing leaves nothing behind."""
    made = make_parent(path) if path not in (None, "-") else []
    try:
        yield
    finally:
        if made and not (Path(path).exists() or Path(path).is_symlink()):
            for folder in reversed(made):
                try:
                    folder.rmdir()
                except OSError:
                    break


def _named_reason(exc: BaseException, temps: list[Path], finals: list[Path]) -> str:
    """The reason an output failed, naming outputs by their final names, never the
    temporary ones (a library's message may quote the file it opened, as Arrow's
    "Failed to open local file '….comments-tmp'. Detail: [errno 2] …" does)."""
    reason = _reason(exc)
    if any(str(tmp) in reason or tmp.name in reason for tmp in temps):
        errno = re.search(r"\[errno (\d+)\]", reason)
        reason = os.strerror(int(errno.group(1))) if errno else reason
        for tmp, final in zip(temps, finals):
            reason = reason.replace(str(tmp), str(final)).replace(tmp.name, final.name)
    return reason


#: The signals that end a run (Ctrl-C, and SIGTERM, which the CLI unwinds like it).
_ENDING = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def moving() -> Iterator[None]:
    """The step that moves finished outputs into place (a few renames): a Ctrl-C or
    SIGTERM that comes meanwhile waits until the step is over, so that an output is
    either in place or not and the interrupt message says which (it said "kept" for an
    output already replaced, and a report folder could be left half moved in). When the
    step itself fails (a disk error), that error ends the command and the held interrupt
    is dropped: it said "interrupted" where the user needs ``error: FILE: …``. Only the
    main thread can hold signals back; elsewhere the step runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous = {}
    for number in _ENDING:
        previous[number] = signal.signal(number, lambda got, frame: held.append(got))
    failed = False
    try:
        yield
    except BaseException:
        failed = True
        raise
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(held) if not failed else ():
            signal.raise_signal(number)  # now, to the handler it was meant for


def temp_name(path: Path) -> Path:
    """A fresh hidden name beside ``path`` that says which process made it."""
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}{_TMP_TAG}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def clean_stale(path: Path) -> None:
    """Remove temporaries for ``path`` left by killed runs (their process is gone)."""
    prefix = f".{path.name}."
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(_TMP_TAG)):
            continue
        pid = name[len(prefix):-len(_TMP_TAG)].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            _remove(entry)


def _clean_stale_all(finals: list[Path]) -> None:
    """After a successful write of ``finals``: the temporaries killed runs left for them
    (:func:`clean_stale`), file and dataset-folder outputs alike."""
    for final in finals:
        clean_stale(final)


def _remove(entry: Path) -> None:
    """Remove a file or folder. A folder is first renamed to a fresh temporary name, so
    that a process still writing into it by its old name (a Dask worker of an interrupted
    run) can add no file while it is being removed: its open fails instead."""
    try:
        if entry.is_dir() and not entry.is_symlink():
            gone = temp_name(entry)
            try:
                os.rename(entry, gone)
            except OSError:
                gone = entry
            shutil.rmtree(gone)
        else:
            entry.unlink()
    except OSError:
        pass


def discard(folder: Path | str) -> None:
    """Remove a temporary folder of ours (see :func:`_remove`), whatever is in it."""
    _remove(Path(folder))


@contextmanager
def replacing(*paths: Path) -> Iterator[list[Path]]:
    """Temporary paths for ``paths``; all are renamed into place together when the block
    succeeds, and removed when it fails. OSErrors become :class:`OutputError` naming
    the output."""
    finals = [Path(p) for p in paths]
    temps = [temp_name(p) for p in finals]
    current = finals[0]
    for final in finals:
        LEDGER.begin(final)
    try:
        for final in finals:
            current = final
            if final.is_dir() and not final.is_symlink():
                raise OutputError(final, "is a folder")
            make_parent(final)
        current = finals[0]
        yield temps
        with moving():
            for tmp, final in zip(temps, finals):
                current = final
                os.replace(tmp, final)
                LEDGER.finish(final)
    except BaseException as exc:
        for tmp in temps:
            if tmp.exists() or tmp.is_symlink():
                _remove(tmp)
        reason = _named_reason(exc, temps, finals)
        if isinstance(exc, OSError) or (isinstance(exc, Exception) and reason != _reason(exc)):
            raise OutputError(current, reason) from None
        raise
    _clean_stale_all(finals)


def create(path: Path, mode: str = "w"):
    """Open a new temporary file exclusively (never through an existing symlink)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    if "b" in mode:
        return os.fdopen(fd, mode)
    return os.fdopen(fd, mode, encoding="utf-8", newline="")


def read_manifest(folder: Path) -> set[str]:
    """The names of the files we wrote into ``folder`` last time."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    files = data.get("files") if isinstance(data, dict) else None
    return {f for f in files if isinstance(f, str) and "/" not in f and f not in ("", ".", "..")} if isinstance(
        files, list) else set()


def _write_manifest(folder: Path, names: set[str]) -> None:
    path = folder / MANIFEST
    try:
        with replacing(path) as (tmp,):
            with create(tmp) as handle:
                json.dump({"written_by": "comments", "files": sorted(names)}, handle, indent=1)
                handle.write("\n")
    finally:  # part of the folder's output, not one of its own
        LEDGER.begun.pop(path, None)
        LEDGER.done = [p for p in LEDGER.done if p != path]


_NUMBERED = re.compile(r"_\d+(?=\.[^.]+$)")


def _kind(name: str) -> str:
    """A numbered file's series (``tree_07.png`` → ``tree.png``), else the name itself."""
    return _NUMBERED.sub("", name, count=1)


class OutputFolder:
    """A folder output: files go to ``folder.path(name)`` (a hidden temporary folder)
    and are moved into the target by :meth:`commit`, or dropped by :meth:`abort`."""

    def __init__(self, target: Path) -> None:
        self.target = Path(target)
        self.written: list[str] = []  # the files moved in by commit()
        self.removed: list[str] = []  # stale files of a numbered series this run writes (see commit)
        if self.target.exists() and not self.target.is_dir():  # mkdir's bare "File exists" named no cause
            raise OutputError(self.target, "exists and is a file, not a folder")
        LEDGER.begin(self.target)
        self._made = not self.target.exists()  # removed again (if still empty) when nothing is committed
        self._committed = False
        try:
            self.target.mkdir(parents=True, exist_ok=True)
            real = self.target.resolve()
            clean_stale(real)
            self.tmp = temp_name(real)  # a sibling on the same file system: renames stay atomic
            self.tmp.mkdir()
        except OSError as exc:
            raise OutputError(self.target, _reason(exc)) from None

    def path(self, name: str) -> Path:
        return self.tmp / name

    def commit(self) -> None:
        """Move every finished file in (replacing only files the manifest says are ours;
        a symlink is replaced, never written through), then remove the files of a numbered
        series this run writes that the previous manifest listed and this run did not
        write (a report of fewer threads leaves no stale ``tree_07.png``). Other files of
        ours stay (several reports may share a folder); a file not in the manifest is never
        touched."""
        try:
            with moving():
                self._move_in()
                LEDGER.finish(self.target)
                self._committed = True
        finally:
            self.abort()

    def _move_in(self) -> None:
        """:meth:`commit`'s moves and removals, the manifest before and after them."""
        current = self.target
        try:
            names = {p.name for p in self.tmp.iterdir()}
            ours = read_manifest(self.target)
            for name in sorted(names - ours):
                current = self.target / name
                if current.exists() or current.is_symlink():
                    raise OutputError(current, f"exists and was not written by comments (not in {MANIFEST}); "
                                               "move it away or choose another folder")
            _write_manifest(self.target, ours | names)  # written first: a crash while moving still knows them
            for name in sorted(names):
                current = self.target / name
                os.replace(self.tmp / name, current)
            self.written = sorted(names)
            kinds = {_kind(name) for name in names}
            stale = {name for name in ours - names if _kind(name) in kinds}
            for name in sorted(stale):  # after the new files are in place
                current = self.target / name
                if current.is_symlink() or current.is_file():
                    current.unlink()
                    self.removed.append(name)
            _write_manifest(self.target, (ours - stale) | names)
        except OSError as exc:
            raise OutputError(current, _reason(exc)) from None

    def abort(self) -> None:
        """Drop the temporary folder (and the target folder this run made, if nothing came of it)."""
        shutil.rmtree(self.tmp, ignore_errors=True)
        if self._made and not self._committed:
            try:
                self.target.rmdir()  # only when empty
            except OSError:
                pass

    def __enter__(self) -> OutputFolder:
        return self

    def __exit__(self, kind, exc, tb) -> bool:
        if exc is None:
            self.commit()
            return False
        self.abort()
        if isinstance(exc, OSError):
            raise OutputError(self._named(exc), _reason(exc)) from None
        return False

    def _named(self, exc: OSError) -> Path:
        """The output file an error is about (its final name, not the temporary one)."""
        name = Path(str(exc.filename)) if exc.filename else None
        if name is not None and name.parent == self.tmp:
            return self.target / name.name
        return self.target


#: Marks a dataset folder (a Parquet folder of the Dask engine) as written by us.
DATASET_MARK = ".comments-dataset"


def _drop_previous(old: list[tuple[Path, Path]], notes: list[str] | None) -> None:
    """Delete the previous outputs that stepped aside (``(aside, final)``), once the new ones
    are in place and interrupts are no longer held: removing a large dataset folder can take
    seconds. One that cannot be removed is a note naming where it is left, not an error (the
    new output is whole)."""
    for aside, final in old:
        try:
            if aside.is_dir() and not aside.is_symlink():
                shutil.rmtree(aside)
            else:
                aside.unlink()
        except OSError as exc:
            if notes is not None:
                notes.append(f"{final}: the previous output could not be removed ({_reason(exc)}); "
                             f"it is left as {aside}")


@contextmanager
def replacing_folders(*paths: Path, notes: list[str] | None = None) -> Iterator[list[Path]]:
    """Temporary folders for the dataset folders ``paths``; when the block succeeds each
    replaces its target (a previous folder only if we wrote it, a previous file output
    of ours), all or none; on failure they are removed and the targets stay as they were.
    A previous folder steps aside by a rename and is deleted after the interrupts held
    during the moves are let go (:func:`_drop_previous`; ``notes`` gets a failure to)."""
    finals = [Path(p) for p in paths]
    temps = [temp_name(p) for p in finals]
    old: list[tuple[Path, Path]] = []
    moved: list[Path] = []
    current = finals[0]
    for final in finals:
        LEDGER.begin(final)
    try:
        for final, tmp in zip(finals, temps):
            current = final
            if final.is_dir() and not final.is_symlink() and not (final / DATASET_MARK).exists():
                raise OutputError(final, f"is a folder not written by comments (no {DATASET_MARK}); "
                                         "move it away or choose another name")
            make_parent(final)
            tmp.mkdir()
            (tmp / DATASET_MARK).write_text("written by comments\n", encoding="utf-8")
        yield temps
        previous: list[tuple[Path, Path]] = []
        try:
            with moving():
                for final in finals:  # the previous outputs step aside first: a folder cannot be renamed over
                    current = final
                    if final.exists() or final.is_symlink():
                        aside = temp_name(final)
                        os.replace(final, aside)
                        old.append((aside, final))
                for tmp, final in zip(temps, finals):
                    current = final
                    os.replace(tmp, final)
                    moved.append(final)
                for final in finals:
                    LEDGER.finish(final)
                previous, moved, old = old, [], []  # all in place: an interrupt let go now undoes nothing
        finally:
            _drop_previous(previous, notes)
    except BaseException as exc:
        for tmp in temps:
            if tmp.exists():
                _remove(tmp)
        for final in moved:  # all or none: a new folder that already moved in goes again
            _remove(final)
        for aside, final in old:  # put back what stepped aside
            if not final.exists():
                os.replace(aside, final)
        if isinstance(exc, OSError):
            raise OutputError(current, _named_reason(exc, temps, finals)) from None
        raise
    _clean_stale_all(finals)
