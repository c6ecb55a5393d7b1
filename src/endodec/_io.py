"""Atomic file output (temporary file in the same directory, then ``os.replace``).

Every file endodec writes goes through here (or through the report's temporary-directory swap),
so an interrupted run never leaves a half-written file in place. Output modes follow the umask
(:func:`file_mode`, :func:`dir_mode`): the temporary file ``mkstemp`` creates (0600) is chmod-ed
to what a plain ``open(path, "w")`` would give before it is renamed into place.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

__all__ = ["atomic_write_bytes", "atomic_write_text", "check_file_target", "exchange_paths",
           "pid_alive", "png_is_own", "figure_is_own", "csv_header_is", "FIGURE_METADATA", "file_mode", "dir_mode",
           "load_yaml"]

_UMASK_LOCK = threading.Lock()


def _umask() -> int:
    """The process umask, read without changing it where possible.

    From ``/proc/self/status`` (``Umask:``, Linux >= 4.7); else by setting and restoring it with
    ``os.umask`` under a lock (the only portable way to read it).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode a plain ``open(path, "w")`` gives a new file: ``0o666 & ~umask``."""
    return 0o666 & ~_umask()


def dir_mode() -> int:
    """The mode a plain ``os.mkdir(path)`` gives a new directory: ``0o777 & ~umask``."""
    return 0o777 & ~_umask()


def atomic_write_bytes(path: str | os.PathLike, data: bytes, *, fsync: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; create parent directories; return the path.

    Parameters
    ----------
    path : path-like
        Destination. A temporary ``.<name>.*.part`` file is created beside it and renamed.
    data : bytes
        Content.
    fsync : bool
        Flush to disk before the rename (for caches that must survive a crash).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            # mkstemp makes 0600; give the mode a plain open() would (0o666 & ~umask)
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), file_mode())
            else:  # pragma: no cover (Windows before 3.13)
                os.chmod(tmp, file_mode())
            fh.write(data)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def atomic_write_text(path: str | os.PathLike, text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_write_bytes`)."""
    return atomic_write_bytes(path, text.encode(encoding))


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists (conservatively True when it cannot be told)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def exchange_paths(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Atomically swap two existing paths (Linux ``renameat2(RENAME_EXCHANGE)``).

    Hand-written because neither the standard library nor a maintained package exposes the
    system call; it is what makes a directory swap crash-safe: at every instant each name holds
    either the old or the new tree. Returns False (and changes nothing) where the kernel, the
    C library or the file system does not support it, so callers fall back to two renames.
    """
    import ctypes
    import errno
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(err, os.strerror(err), os.fspath(a), None, os.fspath(b))


def check_file_target(path: str | os.PathLike, *, option: str = "--out", overwrite: bool = False,
                      is_own=None) -> Path:
    """Validate a single-file output path before anything is computed; return it.

    A missing file is fine (its directory must exist or be creatable). An existing file is
    replaced only if ``overwrite`` is True (the user's explicit ``--overwrite``) or if
    ``is_own(path)`` recognises it as an earlier output of endodec (a marker in its metadata).
    A directory is always refused.

    Raises
    ------
    OutputError
        Naming the option, the path and what to do.
    """
    from endodec.errors import OutputError

    p = Path(path).expanduser()
    if p.is_dir():
        raise OutputError(p, f"{option} is a directory; give a file name")
    if p.exists() or p.is_symlink():
        own = False
        if is_own is not None:
            try:
                own = bool(is_own(p))
            except Exception:  # unreadable or foreign format: not ours
                own = False
        if not (own or overwrite):
            raise OutputError(p, f"{option}: the file exists and was not written by endodec; "
                                 "choose another name, or pass --overwrite to replace it")
    parent = p.parent if str(p.parent) else Path(".")
    if parent.exists() and not parent.is_dir():
        raise OutputError(p, f"{option}: {parent} is not a directory")
    if parent.exists() and not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(p, f"{option}: the directory {parent} is not writable")
    return p


#: Marker written into endodec's PNG/SVG/PDF metadata and Parquet schema metadata.
MARKER_KEY = "endodec"


#: Figure metadata that marks a file as written by endodec (see :func:`figure_is_own`).
FIGURE_METADATA = {"png": {"Software": "endodec"}, "svg": {"Creator": "endodec", "Date": None},
                   "pdf": {"Creator": "endodec", "CreationDate": None}}


def png_is_own(path: str | os.PathLike) -> bool:
    """True if a PNG file carries endodec's ``Software`` text chunk."""
    data = Path(path).read_bytes()[:65536]
    return data.startswith(b"\x89PNG") and b"Software\x00endodec" in data


def figure_is_own(path: str | os.PathLike) -> bool:
    """True if a PNG, SVG or PDF figure carries the metadata of :data:`FIGURE_METADATA`."""
    head = Path(path).read_bytes()[:65536]
    if head.startswith(b"\x89PNG"):
        return b"Software\x00endodec" in head
    if head.lstrip().startswith((b"<?xml", b"<svg")):
        return b"<dc:title>" in head and b"endodec" in head.split(b"</metadata>")[0]
    if head.startswith(b"%PDF"):
        return b"/Creator (endodec)" in Path(path).read_bytes()
    return False


def csv_header_is(path: str | os.PathLike, columns) -> bool:
    """True if the CSV file's first line is exactly ``columns`` (an earlier output of the same
    table: replacing it loses nothing the user wrote)."""
    with open(path, "rb") as fh:
        first = fh.readline(1 << 16).decode("utf-8", "replace").rstrip("\r\n")
    return first == ",".join(str(c) for c in columns)


def load_yaml(source):
    """Parse YAML safely (no arbitrary objects) with libyaml's C parser when PyYAML has it.

    ``yaml.safe_load`` always uses the pure-Python parser, which is about ten times slower: a
    paper run reads the packaged sidecars several times (catalogue, descriptions, the
    replication README). ``CSafeLoader`` builds the same objects with the same safe
    constructor; ``tests/data/test_datasets_packaged.py`` checks every YAML file of the package
    parses identically both ways.

    Parameters
    ----------
    source : str or text stream
        The YAML text, or an open file.

    Raises
    ------
    yaml.YAMLError
        Malformed YAML (as ``yaml.safe_load``).
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(source, Loader=loader)  # noqa: S506 - a safe loader
