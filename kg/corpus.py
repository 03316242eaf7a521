"""Readers: files, folders and stdin in, :class:`~kg.model.Document` records out (streamed).

Formats, chosen by extension and confirmed by sniffing the first bytes:

- ``.txt`` / ``.md``: one document; an optional front matter block (``---`` lines around
  ``key: value`` lines; keys ``title``, ``kind``, ``source``, ``date``) is metadata and the
  text after it is the document (offsets index that body).
- JSON Lines (``.jsonl``): one object per line with ``id`` and ``text`` (optional
  ``title``, ``source``, ``date``, ``kind``).
- PubTator (``.pubtator``, or a ``.txt`` that looks like one): ``PMID|t|``, ``PMID|a|`` and
  tab-separated mention lines; text is title + " " + abstract; mention offsets are checked.
- BioC XML (``.xml``): ``<collection><document><id>`` with passages placed at their offsets;
  DTD entity declarations and external entities are refused (no entity-expansion bombs).
- folders (recursive, sorted, hidden files and unknown extensions skipped) and ``-`` (stdin).

Bad input raises :class:`~kg.errors.InputError` (or :class:`~kg.errors.LimitError`) whose
message is one line naming file, line and problem. Bytes are read in bounded pieces, so a
huge file is refused after reading at most the document limit, never read whole.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from kg.errors import InputError, KGError, LimitError
from kg.model import DOCUMENT_KINDS, Document

__all__ = [
    "DEFAULT_MAX_DOCUMENT_BYTES",
    "DEFAULT_MAX_TOTAL_BYTES",
    "FORMATS",
    "InputWarning",
    "read_documents",
    "read_text",
]

DEFAULT_MAX_DOCUMENT_BYTES = 10 * 2**20
DEFAULT_MAX_TOTAL_BYTES = 4 * 2**30

#: Extension (lower case) -> format name, for files found in folders.
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".pubtator": "pubtator",
    ".xml": "bioc",
    ".bioc": "bioc",
}

_STDIN = "<stdin>"
_CHUNK = 1 << 16
_PUBTATOR_HEAD = re.compile(rb"^[^\s|]+\|[ta]\|")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)\r?$", re.M)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class InputWarning:
    """Something readable but not clean (e.g. not UTF-8); the CLI prints these."""

    message: str
    path: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        return str(KGError(self.message, path=self.path, line=self.line))


class _TotalLimitError(LimitError):
    """The whole input is over ``max_total_bytes``: reading stops, even with keep_going."""


@dataclass(slots=True)
class _Context:
    """Limits, counters and sinks shared by one :func:`read_documents` call."""

    max_document_bytes: int
    max_total_bytes: int
    warnings: list[InputWarning] | None
    used: int = 0
    seen: dict[str, tuple[str, int | None, bytes]] = field(default_factory=dict)

    def consume(self, n: int, path: str, line: int | None = None) -> None:
        self.used += n
        if self.used > self.max_total_bytes:
            raise _TotalLimitError(
                f"total input exceeds the limit of {self.max_total_bytes} bytes "
                "(max_total_bytes)",
                path=path,
                line=line,
            )

    def too_big(self, path: str, line: int | None = None) -> LimitError:
        return LimitError(
            f"document exceeds the limit of {self.max_document_bytes} bytes (max_document_bytes)",
            path=path,
            line=line,
        )

    def warn(self, message: str, path: str, line: int | None = None) -> None:
        if self.warnings is not None:
            self.warnings.append(InputWarning(message, path, line))

    def claim(self, doc: Document, path: str, line: int | None) -> bool:
        """Register ``doc.id``; False for a repeat of the same text from another file.

        :raises InputError: the id was seen before in the same file, or with other text.
        """
        # one entry per document of the run (a million for a 1 GB build): the shared path
        # string, the line and 16 bytes of the text's SHA-256; "file:line" only when needed
        digest = hashlib.sha256(doc.text.encode("utf-8", "surrogatepass")).digest()[:16]
        first = self.seen.setdefault(doc.id, (path, line, digest))
        if first[0] == path and first[1] == line:
            return True
        where = str(KGError("", path=first[0], line=first[1])).rstrip(": ")
        if first[0] != path and first[2] == digest:
            self.warn(f"document {doc.id!r} repeats {where} with the same text; skipped", path, line)
            return False
        raise InputError(f"duplicate document id {doc.id!r} (first at {where})", path=path, line=line)


# ---------------------------------------------------------------------------------------
# bytes -> text


def _line_at(data: bytes, index: int) -> int:
    return data.count(b"\n", 0, index) + 1


def _decode(data: bytes, ctx: _Context, path: str, first_line: int = 1) -> str:
    """UTF-8 text of ``data``; Windows-1252 (with a warning) when it is not UTF-8."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError("binary file (NUL byte), not text", path=path, line=first_line - 1 + _line_at(data, nul))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = first_line - 1 + _line_at(data, exc.start)
        ctrl = _CONTROL.search(data)
        if ctrl is not None:
            raise InputError(
                f"binary file (byte 0x{data[ctrl.start()]:02x} is not text)",
                path=path,
                line=first_line - 1 + _line_at(data, ctrl.start()),
            ) from None
        try:
            text, enc = data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            text, enc = data.decode("latin-1"), "Latin-1"
        ctx.warn(f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); decoded as {enc}", path, line)
        return text


class _IterRaw(io.RawIOBase):
    """A readable raw stream over an iterator of byte chunks."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._buf = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._buf:
            nxt = next(self._chunks, None)
            if nxt is None:
                return 0
            self._buf = nxt
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


def _open_stream(raw: IO[bytes], ctx: _Context, path: str) -> tuple[IO[bytes], bytes, str | None]:
    """A UTF-8 byte stream over ``raw``, its first bytes, and the encoding transcoded from."""
    head = raw.read(_CHUNK)
    encoding = None
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        encoding = "utf-32"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    elif len(head) >= 4 and b"\x00" in head[:512]:
        sample = head[: min(len(head), 512) // 2 * 2]
        odd, even = sample[1::2], sample[0::2]
        if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            encoding = "utf-16-le"
        elif even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            encoding = "utf-16-be"
        if encoding:
            ctx.warn(f"no byte-order mark; decoded as {encoding.upper()}", path, 1)
    source: Iterable[bytes]

    def rest() -> Iterator[bytes]:
        yield head
        while chunk := raw.read(_CHUNK):
            yield chunk

    if encoding is None:
        source = rest()
    else:
        text = io.TextIOWrapper(io.BufferedReader(_IterRaw(rest())), encoding=encoding, newline="")

        def transcode() -> Iterator[bytes]:
            line = 1
            try:
                while chunk := text.read(_CHUNK):
                    yield chunk.encode("utf-8", "surrogatepass")
                    line += chunk.count("\n")
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {encoding.upper()} text ({exc.reason})", path=path, line=line) from None

        source = transcode()
    stream = io.BufferedReader(_IterRaw(source), buffer_size=_CHUNK)
    return stream, stream.peek(_CHUNK)[:_CHUNK], encoding


def _sniff(head: bytes, fmt: str | None) -> str:
    """The format of a stream, given its first bytes and the format its name suggests."""
    start = head.lstrip()
    if fmt in (None, "text") and _PUBTATOR_HEAD.match(start):
        return "pubtator"
    if fmt is not None:
        return fmt
    if start.startswith(b"<"):
        return "bioc"
    if start.startswith(b"{"):
        return "jsonl"
    return "text"


# ---------------------------------------------------------------------------------------
# text files with front matter


def _unquote(value: str, path: str, line: int) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            out = json.loads(value)
        except json.JSONDecodeError as exc:
            raise InputError(f"front matter: bad double-quoted value ({exc.msg})", path=path, line=line) from None
        return str(out)
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def read_text(text: str, doc_id: str, *, path: str = "") -> Document:
    """A document from the text of a ``.txt``/``.md`` file, front matter applied.

    >>> read_text('---\\ntitle: "A"\\nkind: news\\n---\\nBody.', "x").text
    'Body.'
    """
    meta: dict[str, str] = {}
    body = text
    first = text.split("\n", 1)[0]
    if first.rstrip("\r") == "---":
        pos = len(first) + 1
        if _FRONT_MATTER_END.search(text, pos) is None:
            raise InputError("front matter opened on line 1 is not closed (no '---' line)", path=path, line=1)
        number = 1
        while True:
            number += 1
            end = text.find("\n", pos)
            raw = text[pos:] if end < 0 else text[pos:end]
            line = raw.rstrip("\r")
            pos = len(text) + 1 if end < 0 else end + 1
            if line in ("---", "..."):
                body = text[pos:] if pos <= len(text) else ""
                break
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            key, sep, value = line.partition(":")
            key = key.strip()
            if not sep or not key or not re.fullmatch(r"[A-Za-z_][\w-]*", key):
                raise InputError(f"front matter: expected 'key: value', got {line[:60]!r}", path=path, line=number)
            value = _unquote(value.strip(), path, number)
            if key == "kind" and value not in DOCUMENT_KINDS:
                raise InputError(
                    f"front matter: kind {value!r} is not one of {', '.join(DOCUMENT_KINDS)}",
                    path=path,
                    line=number,
                )
            meta[key] = value
    if not body.strip():
        raise InputError("empty document (no text" + (" after the front matter)" if meta else ")"), path=path)
    return Document(
        id=doc_id,
        text=body,
        title=meta.get("title", ""),
        kind=meta.get("kind", "unknown"),
        source=meta.get("source", ""),
        date=meta.get("date", ""),
        path=path,
    )


def _read_text_file(stream: IO[bytes], ctx: _Context, path: str, doc_id: str | None) -> Iterator[Document]:
    data = stream.read(ctx.max_document_bytes + 1)
    if len(data) > ctx.max_document_bytes:
        raise ctx.too_big(path)
    ctx.consume(len(data), path)
    if not data.strip():
        raise InputError("empty file", path=path)
    text = _decode(data, ctx, path)
    if doc_id is None:
        doc_id = "stdin-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    doc = read_text(text, doc_id, path=path)
    if ctx.claim(doc, path, None):
        yield doc


# ---------------------------------------------------------------------------------------
# line-based formats


def _iter_lines(stream: IO[bytes], ctx: _Context, path: str) -> Iterator[tuple[int, bytes | LimitError]]:
    """(line number, bytes) of each line; a line over the document limit is skipped and
    given as its :class:`LimitError` instead (the caller decides whether to go on)."""
    number = 0
    limit = ctx.max_document_bytes
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        ctx.consume(len(line), path, number)
        if len(line) > limit and not line.endswith(b"\n"):
            while (more := stream.readline(_CHUNK)) and not more.endswith(b"\n"):
                ctx.consume(len(more), path, number)
            yield number, ctx.too_big(path, number)
            continue
        yield number, line


def _jsonl_document(obj: Any, ctx: _Context, path: str, number: int) -> Document:
    def fail(problem: str) -> InputError:
        return InputError(problem, path=path, line=number)

    if not isinstance(obj, dict):
        raise fail(f"expected a JSON object, got {type(obj).__name__}")
    doc_id = obj.get("id")
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise fail("missing 'id'" if doc_id is None else "'id' must be a non-empty string")
    if "text" not in obj:
        raise fail("missing 'text'")
    text = obj["text"]
    if not isinstance(text, str):
        raise fail(f"'text' must be a string, got {_json_type(text)}")
    meta: dict[str, str] = {}
    for key in ("title", "source", "date", "kind"):
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise fail(f"{key!r} must be a string, got {_json_type(value)}")
        meta[key] = value
    kind = meta.get("kind", "unknown")
    if kind not in DOCUMENT_KINDS:
        raise fail(f"kind {kind!r} is not one of {', '.join(DOCUMENT_KINDS)}")
    return Document(id=doc_id, text=text, kind=kind, path=path, title=meta.get("title", ""),
                    source=meta.get("source", ""), date=meta.get("date", ""))


def _json_type(value: Any) -> str:
    names = {bool: "boolean", int: "number", float: "number", str: "string", list: "array",
             dict: "object", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _read_jsonl(stream: IO[bytes], ctx: _Context, path: str, keep_going: bool,
                errors: list[KGError] | None) -> Iterator[Document]:
    empty = True
    for number, raw in _iter_lines(stream, ctx, path):
        if isinstance(raw, LimitError):
            if not keep_going:
                raise raw
            _record(errors, raw)
            empty = False
            continue
        if not raw.strip():
            continue
        empty = False
        try:
            line = _decode(raw, ctx, path, number).rstrip("\r\n")
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                at = " " if exc.msg.endswith(" at") else " at "
                raise InputError(f"invalid JSON: {exc.msg}{at}column {exc.colno}", path=path, line=number) from None
            except RecursionError:
                raise InputError("invalid JSON: nested too deeply", path=path, line=number) from None
            doc = _jsonl_document(obj, ctx, path, number)
            if not ctx.claim(doc, path, number):
                continue
        except InputError as exc:
            if not keep_going:
                raise
            _record(errors, exc)
            continue
        yield doc
    if empty:
        raise InputError("empty file", path=path)


@dataclass(slots=True)
class _PubTatorDoc:
    pmid: str
    line: int
    title: str | None = None
    abstract: str | None = None
    mentions: list[tuple[int, int, int, str]] = field(default_factory=list)  # line, start, end, text
    size: int = 0
    error: InputError | None = None


def _pubtator_document(d: _PubTatorDoc, ctx: _Context, path: str) -> Document | None:
    if d.error is not None:
        raise d.error
    if d.title is None and d.abstract is None:
        raise InputError(f"PMID {d.pmid}: mentions without a title or abstract line", path=path, line=d.line)
    title = d.title or ""
    text = title if d.abstract is None else title + " " + d.abstract
    for number, start, end, mention in d.mentions:
        if not 0 <= start < end <= len(text):
            raise InputError(
                f"mention offsets {start}-{end} are outside the text (length {len(text)})",
                path=path,
                line=number,
            )
        if text[start:end] != mention:
            raise InputError(
                f"mention text {mention[:40]!r} does not match the text at {start}-{end} "
                f"({text[start:end][:40]!r})",
                path=path,
                line=number,
            )
    doc = Document(id=d.pmid, text=text, title=title, kind="abstract", path=path)
    return doc if ctx.claim(doc, path, d.line) else None


def _read_pubtator(stream: IO[bytes], ctx: _Context, path: str, keep_going: bool,
                   errors: list[KGError] | None) -> Iterator[Document]:
    current: _PubTatorDoc | None = None
    any_line = False

    def finish(d: _PubTatorDoc) -> Iterator[Document]:
        try:
            doc = _pubtator_document(d, ctx, path)
            if doc is not None:
                yield doc
        except InputError as exc:
            if not keep_going or isinstance(exc, _TotalLimitError):
                raise
            _record(errors, exc)

    for number, raw in _iter_lines(stream, ctx, path):
        if isinstance(raw, LimitError):
            any_line = True
            if current is None:
                current = _PubTatorDoc(pmid="", line=number)
            current.error = current.error or raw
            continue
        line = _decode(raw, ctx, path, number).rstrip("\r\n")
        if not line.strip():
            if current is not None:
                yield from finish(current)
                current = None
            continue
        any_line = True
        head, bar, rest = line.partition("|")
        if bar and rest[:2] in ("t|", "a|") and "\t" not in head:
            pmid, field_, body, cols = head, rest[0], rest[2:], []
        else:
            cols = line.split("\t")
            pmid, field_, body = cols[0], "", ""
        if current is not None and pmid != current.pmid:
            yield from finish(current)
            current = None
        if current is None:
            current = _PubTatorDoc(pmid=pmid, line=number)
        current.size += len(raw)
        if current.size > ctx.max_document_bytes:
            exc = ctx.too_big(path, number)
            current.error = current.error or exc
        if current.error is not None:
            continue
        try:
            if field_ == "t":
                current.title = body
            elif field_ == "a":
                current.abstract = body
            elif len(cols) >= 4 and re.fullmatch(r"-?\d+", cols[1].strip()):
                if len(cols) < 5 or not re.fullmatch(r"-?\d+", cols[2].strip()):
                    raise InputError(f"bad mention offsets {cols[1]!r}, {cols[2]!r}", path=path, line=number)
                current.mentions.append((number, int(cols[1]), int(cols[2]), cols[3]))
            elif len(cols) in (4, 5) and re.fullmatch(r"[A-Za-z][\w-]*", cols[1]):
                pass  # a relation line: PMID, type, id1, id2 [, novelty]
            elif len(cols) >= 3:
                raise InputError(f"bad mention offsets {cols[1]!r}, {cols[2]!r}", path=path, line=number)
            else:
                raise InputError(
                    f"not a PubTator line (expected PMID|t|, PMID|a| or a tab-separated mention): "
                    f"{line[:40]!r}",
                    path=path,
                    line=number,
                )
        except InputError as exc:
            current.error = exc
    if current is not None:
        yield from finish(current)
    if not any_line:
        raise InputError("empty file", path=path)


def _record(errors: list[KGError] | None, exc: KGError) -> None:
    if errors is not None:
        errors.append(exc)


# ---------------------------------------------------------------------------------------
# dispatch


def _read_stream(raw: IO[bytes], ctx: _Context, path: str, fmt: str | None, doc_id: str | None,
                 keep_going: bool, errors: list[KGError] | None) -> Iterator[Document]:
    stream, head, encoding = _open_stream(raw, ctx, path)
    if not head:
        raise InputError("empty input" if path == _STDIN else "empty file", path=path)
    kind = _sniff(head, fmt)
    if kind == "text":
        yield from _read_text_file(stream, ctx, path, doc_id)
    elif kind == "jsonl":
        yield from _read_jsonl(stream, ctx, path, keep_going, errors)
    elif kind == "pubtator":
        yield from _read_pubtator(stream, ctx, path, keep_going, errors)
    else:
        from kg.bioc import read_bioc

        yield from read_bioc(stream, ctx, path, encoding, keep_going, errors)


def _read_file(file: Path, label: str, ctx: _Context, doc_id: str, keep_going: bool,
               errors: list[KGError] | None) -> Iterator[Document]:
    fmt = FORMATS.get(file.suffix.lower())
    try:
        raw = open(file, "rb")  # noqa: SIM115 - closed in finally, generator-safe
    except FileNotFoundError:
        raise InputError("no such file or directory", path=label) from None
    except IsADirectoryError:
        raise InputError("is a directory", path=label) from None
    except OSError as exc:
        raise InputError(f"cannot open ({exc.strerror})", path=label) from None
    with raw:
        yield from _read_stream(raw, ctx, label, fmt, doc_id, keep_going, errors)


def _iter_folder(folder: Path) -> Iterator[Path]:
    """Readable files under ``folder``: recursive, sorted, hidden names skipped, no symlink loops."""
    found: list[tuple[str, Path]] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            p = Path(root, name)
            if not name.startswith(".") and p.suffix.lower() in FORMATS:
                found.append((p.relative_to(folder).as_posix(), p))
    for _, p in sorted(found):
        yield p


def _guarded(docs: Iterator[Document], keep_going: bool, errors: list[KGError] | None) -> Iterator[Document]:
    """Under ``keep_going``, a failing file is recorded and skipped (limits of the total still stop)."""
    try:
        yield from docs
    except InputError as exc:
        if not keep_going or isinstance(exc, _TotalLimitError):
            raise
        _record(errors, exc)


def read_documents(
    paths: Sequence[str | Path],
    *,
    keep_going: bool = False,
    errors: list[KGError] | None = None,
    warnings: list[InputWarning] | None = None,
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES,
    stdin: IO[bytes] | None = None,
) -> Iterator[Document]:
    """Documents of ``paths`` (files, folders, ``"-"`` for stdin), streamed in a stable order.

    :param keep_going: skip a bad document (or an unreadable file), append its
        :class:`~kg.errors.InputError` to ``errors``, and go on.
    :param warnings: receives :class:`InputWarning` for input decoded with a fallback.
    :param max_document_bytes: refuse a document (or JSONL line) larger than this.
    :param max_total_bytes: stop when more than this was read in total.
    :param stdin: the byte stream ``"-"`` reads (default ``sys.stdin.buffer``).
    :raises InputError: on bad input (the first one, unless ``keep_going``), and when no
        document at all could be read.
    """
    ctx = _Context(max_document_bytes, max_total_bytes, warnings)
    count = 0
    skipped: list[KGError] = errors if errors is not None else []
    for given in paths:
        label = str(given)
        if label == "-":
            source = stdin if stdin is not None else sys.stdin.buffer
            docs = _read_stream(source, ctx, _STDIN, None, None, keep_going, skipped)
            for doc in _guarded(docs, keep_going, skipped):
                count += 1
                yield doc
            continue
        p = Path(given)
        if p.is_dir():
            before = count
            for file in _iter_folder(p):
                rel = file.relative_to(p).with_suffix("").as_posix()
                docs = _read_file(file, str(file), ctx, rel, keep_going, skipped)
                for doc in _guarded(docs, keep_going, skipped):
                    count += 1
                    yield doc
            if count == before:
                exc = InputError(
                    "no readable documents in this folder (looked for "
                    + ", ".join(sorted(FORMATS))
                    + " files)",
                    path=label,
                )
                if not keep_going:
                    raise exc
                _record(skipped, exc)
            continue
        for doc in _guarded(_read_file(p, label, ctx, p.stem, keep_going, skipped), keep_going, skipped):
            count += 1
            yield doc
    if count == 0 and skipped:
        raise InputError(f"no readable documents ({len(skipped)} skipped; first: {skipped[0]})")


def iter_input_files(paths: Sequence[str | Path]) -> Iterator[tuple[Path, str]]:
    """(file, document id) pairs ``read_documents`` would read for ``paths``, in its order.

    The id is the one a text file would get (path inside the given folder, without its
    extension); multi-document formats (JSONL, PubTator, BioC) take their ids from inside.
    Used to hand whole files to cluster workers. ``"-"`` (stdin) cannot be split this way.
    """
    for given in paths:
        if str(given) == "-":
            raise InputError("stdin cannot be read by cluster workers; give files or folders")
        p = Path(given)
        if p.is_dir():
            for file in _iter_folder(p):
                yield file, file.relative_to(p).with_suffix("").as_posix()
        else:
            yield p, p.stem


def read_input_files(
    items: Sequence[tuple[str | Path, str]],
    *,
    keep_going: bool = False,
    errors: list[KGError] | None = None,
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES,
) -> Iterator[Document]:
    """Documents of (file, document id) pairs from :func:`iter_input_files` (same ids and
    checks as :func:`read_documents`)."""
    ctx = _Context(max_document_bytes, max_total_bytes, None)
    skipped: list[KGError] = errors if errors is not None else []
    for file, doc_id in items:
        path = Path(file)
        yield from _guarded(_read_file(path, str(path), ctx, doc_id, keep_going, skipped), keep_going, skipped)

