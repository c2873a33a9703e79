"""Files in and out: text inputs decoded with errors that say what is wrong, and writes that never leave a
half-written file behind.

Text inputs (CSV tables, project files) are read as UTF-8, with or without a byte-order mark, or as UTF-16
when a byte-order mark says so (what spreadsheets write for "Unicode text"). Any other encoding (Latin-1,
Windows-1252 ...) is refused, naming the row of the first byte that is not UTF-8: single-byte encodings
cannot be told apart from the bytes alone, and guessing wrong would silently change names such as
profile ids.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from fourpermille.errors import InputError

#: Byte-order marks we decode, longest first (the UTF-32 marks begin with the UTF-16 ones).
_BOMS = (
    (codecs.BOM_UTF32_LE, None),
    (codecs.BOM_UTF32_BE, None),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: How a saved-as-UTF-8 hint reads in messages.
SAVE_AS_UTF8 = "save it as UTF-8 (a spreadsheet's 'CSV UTF-8')"


def check_input_file(path: str | os.PathLike) -> Path:
    """Return ``path`` if it is a readable regular file, else raise :class:`InputError` naming it.

    Missing files, directories, devices and unreadable files each get their own one-line reason.
    """
    name = os.fspath(path)
    target = Path(name)
    try:
        target.stat()
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except NotADirectoryError:
        raise InputError("file not found (a part of the path is a file)", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", file=name) from None
    if target.is_dir():
        raise InputError("is a directory, not a file", file=name)
    if not target.is_file():
        raise InputError("is not a regular file", file=name)
    if not os.access(target, os.R_OK):
        raise InputError("cannot read the file (permission denied)", file=name)
    return target


def read_bytes(path: str | os.PathLike) -> bytes:
    """The bytes of an input file, after :func:`check_input_file`; OS errors become :class:`InputError`."""
    target = check_input_file(path)
    try:
        return target.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", file=os.fspath(path)) from None


def decode_text(data: bytes, name: str, what: str = "text") -> str:
    """Decode the bytes of a text input (UTF-8, UTF-8 with BOM, UTF-16 with BOM); see the module notes.

    Raises
    ------
    InputError
        Naming ``name`` and the row (line) of the first byte that is not valid in the encoding, or saying
        that the file holds NUL bytes (a binary file, or UTF-16 without a byte-order mark).
    """
    has_bom = data.startswith(tuple(bom for bom, _ in _BOMS))
    if not has_bom and _utf16_without_bom(data):
        raise InputError(f"looks like UTF-16 text without a byte-order mark; {SAVE_AS_UTF8}", file=name)
    if not has_bom and _looks_binary(data):
        raise InputError(f"is a binary file, not a {what} file", file=name)
    encoding = "utf-8"
    for bom, codec in _BOMS:
        if data.startswith(bom):
            if codec is None:
                raise InputError(f"is UTF-32 text, not a {what} file in UTF-8; {SAVE_AS_UTF8}", file=name)
            encoding = codec
            break
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex().upper()
        if encoding == "utf-8":
            message = (
                f"byte 0x{byte} is not UTF-8 (a Latin-1 or Windows-1252 file?); {SAVE_AS_UTF8}; "
                "UTF-16 is read when it starts with a byte-order mark"
            )
        else:
            codec = encoding.upper().removesuffix("-SIG")
            message = f"not valid {codec} text at byte 0x{byte}; {SAVE_AS_UTF8}"
        raise InputError(message, file=name, row=row) from None
    if "\x00" in text:
        row = text[: text.index("\x00")].count("\n") + 1
        raise InputError(
            f"holds NUL bytes: a binary file, or UTF-16 without a byte-order mark, not a {what} file; "
            + SAVE_AS_UTF8,
            file=name,
            row=row,
        )
    return text


#: Bytes no text file holds (C0 controls other than tab, newlines, form feed and escape).
_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13, 27}
#: Share of such bytes in the first KiB above which a file is binary, not text (text has none).
BINARY_CONTROL_SHARE = 0.05


def _looks_binary(data: bytes) -> bool:
    head = data[:1024]
    if not head:
        return False
    return sum(b in _CONTROL_BYTES for b in head) / len(head) > BINARY_CONTROL_SHARE


def _utf16_without_bom(data: bytes) -> bool:
    """ASCII-range text in UTF-16 has a NUL in every other byte."""
    head = data[:1024]
    if len(head) < 4 or head.count(0) > 0.6 * len(head):
        return False
    return any(half.count(0) >= 0.9 * len(half) for half in (head[0::2], head[1::2]))


def read_text(path: str | os.PathLike, what: str = "text") -> str:
    """Read a text input file (see the module notes for the encodings); errors name the file and row."""
    return decode_text(read_bytes(path), os.fspath(path), what)


def check_output_file(path: str | os.PathLike) -> Path:
    """Raise :class:`InputError` unless a file can be written at ``path``; create nothing.

    Refused: an existing directory at ``path``; a file where one of its parent directories should be; a
    directory that cannot be written. Lets a command fail before any work, not after it.
    """
    target = Path(path)
    if target.is_dir():
        raise InputError("is a directory; give a file name for the output", file=os.fspath(path))
    _check_can_create(target.parent, os.fspath(path))
    return target


def check_output_directory(path: str | os.PathLike) -> Path:
    """Raise :class:`InputError` unless ``path`` is, or can be made, a writable directory; create nothing."""
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise InputError(
            "exists and is not a directory; give a directory for the output", file=os.fspath(path)
        )
    _check_can_create(target, os.fspath(path))
    return target


def _check_can_create(directory: Path, name: str) -> None:
    existing = directory
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise InputError("cannot write the output here (a part of the path is a file)", file=name)
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError("cannot write the output here (permission denied)", file=name)


def ensure_directory(path: str | os.PathLike) -> Path:
    """Create the output directory ``path`` (and its parents) or raise :class:`InputError` saying why."""
    target = Path(path)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise InputError("exists and is not a directory", file=os.fspath(path)) from None
    except OSError as exc:
        raise InputError(f"cannot create the directory ({_reason(exc)})", file=os.fspath(path)) from None
    if not os.access(target, os.W_OK | os.X_OK):
        raise InputError("cannot write in this directory (permission denied)", file=os.fspath(path))
    return target


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it onto ``path`` only if the block succeeds.

    On any exception the temporary file is removed and ``path`` is left as it was. A place that cannot be
    written (a directory in the way, a missing or read-only parent) is an :class:`InputError` naming
    ``path``.
    """
    target = Path(path)
    name = os.fspath(path)
    if target.is_dir():
        raise InputError("is a directory; give a file name for the output", file=name)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    except OSError as exc:
        raise InputError(f"cannot write the output here ({_reason(exc)})", file=name) from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        if tmp_path.exists():
            # mkstemp creates the file private (0600); give the result the mode any other write gets.
            os.chmod(tmp_path, 0o666 & ~_current_umask())
        try:
            os.replace(tmp_path, target)
        except OSError as exc:
            raise InputError(f"cannot write the output here ({_reason(exc)})", file=name) from None
    finally:
        tmp_path.unlink(missing_ok=True)


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileExistsError) or exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return "a part of the path is a file, not a directory"
    return exc.strerror or str(exc)


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
