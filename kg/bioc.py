"""BioC XML reader (part of :mod:`kg.corpus`): expat callbacks assemble documents from
``<collection><document><passage>`` elements, placing passages at their offsets and
checking annotation offsets. DTD entity declarations and external entities are refused,
so an entity-expansion bomb is an error, never expanded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from kg.corpus import _CHUNK, _Context, _record, _TotalLimitError
from kg.errors import InputError, KGError
from kg.model import Document

__all__ = ["read_bioc"]



@dataclass(slots=True)
class _BioCDoc:
    line: int
    start_byte: int
    id: str | None = None
    title: str | None = None
    pieces: list[tuple[int, str, int]] = field(default_factory=list)  # offset, text, line
    annotations: list[tuple[int, list[tuple[int, int]], str | None]] = field(default_factory=list)
    error: InputError | None = None


@dataclass(slots=True)
class _BioCFrame:
    """An open passage, sentence or annotation element."""

    tag: str
    line: int
    offset: int | None = None
    text: str | None = None
    type: str | None = None
    locations: list[tuple[int, int]] = field(default_factory=list)


class _BioCHandler:
    """expat callbacks that assemble BioC documents; finished ones wait in ``ready``."""

    _CAPTURE = frozenset({"id", "offset", "text", "infon"})

    def __init__(self, parser: Any, ctx: _Context, path: str) -> None:
        self.parser = parser
        self.ctx = ctx
        self.path = path
        self.stack: list[str] = []
        self.frames: list[_BioCFrame] = []
        self.doc: _BioCDoc | None = None
        self.buf: list[str] | None = None
        self.infon_key: str | None = None
        self.ready: list[_BioCDoc] = []
        self.documents = 0

    def fail(self, problem: str) -> InputError:
        return InputError(problem, path=self.path, line=self.parser.CurrentLineNumber)

    def refuse_entity(self, name: str, *args: Any) -> None:
        raise self.fail(f"XML entity declaration {name!r} refused (entity expansion is not allowed)")

    def refuse_external(self, *args: Any) -> int:
        raise self.fail("external XML entity refused")

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if not self.stack and tag != "collection":
            raise self.fail(f"not BioC XML: root element is <{tag}>, expected <collection>")
        parent = self.stack[-1] if self.stack else ""
        self.stack.append(tag)
        line = self.parser.CurrentLineNumber
        if tag == "document" and parent == "collection":
            self.doc = _BioCDoc(line=line, start_byte=self.parser.CurrentByteIndex)
            self.documents += 1
        elif self.doc is None:
            return
        elif tag in ("passage", "sentence", "annotation"):
            self.frames.append(_BioCFrame(tag, line))
        elif tag == "location" and self.frames and self.frames[-1].tag == "annotation":
            try:
                off, length = int(attrs["offset"]), int(attrs["length"])
            except (KeyError, ValueError):
                self._doc_error(self.fail("<location> needs integer 'offset' and 'length'"))
                return
            self.frames[-1].locations.append((off, length))
        if tag in self._CAPTURE:
            self.buf = []
            self.infon_key = attrs.get("key") if tag == "infon" else None

    def chars(self, data: str) -> None:
        if self.buf is not None and self.doc is not None and self.doc.error is None:
            if self.parser.CurrentByteIndex - self.doc.start_byte > self.ctx.max_document_bytes:
                self._doc_error(self.ctx.too_big(self.path, self.doc.line))
                self.buf = None
                return
            self.buf.append(data)

    def _doc_error(self, exc: InputError) -> None:
        if self.doc is not None and self.doc.error is None:
            self.doc.error = exc

    def end(self, tag: str) -> None:
        self.stack.pop()
        parent = self.stack[-1] if self.stack else ""
        doc = self.doc
        if doc is None:
            return
        value = "".join(self.buf) if self.buf is not None else None
        if tag in self._CAPTURE:
            self.buf = None
        frame = self.frames[-1] if self.frames else None
        if tag == "id" and parent == "document":
            doc.id = (value or "").strip()
        elif tag == "offset" and frame is not None and parent == frame.tag:
            try:
                frame.offset = int((value or "").strip())
            except ValueError:
                self._doc_error(self.fail(f"<offset> is not an integer: {(value or '')[:20]!r}"))
        elif tag == "text" and frame is not None and parent == frame.tag:
            frame.text = value or ""
        elif tag == "infon" and frame is not None and parent == frame.tag and self.infon_key == "type":
            frame.type = (value or "").strip()
        elif tag in ("passage", "sentence", "annotation") and frame is not None:
            self.frames.pop()
            self._close(doc, frame)
        elif tag == "document":
            if doc.id is None or not doc.id:
                doc.error = doc.error or InputError("BioC <document> has no <id>", path=self.path, line=doc.line)
            self.ready.append(doc)
            self.doc = None

    def _close(self, doc: _BioCDoc, frame: _BioCFrame) -> None:
        if frame.tag == "annotation":
            doc.annotations.append((frame.line, frame.locations, frame.text))
            return
        if frame.text is None:
            return
        if frame.offset is None:
            self._doc_error(InputError(f"BioC <{frame.tag}> has <text> but no <offset>",
                                       path=self.path, line=frame.line))
            return
        doc.pieces.append((frame.offset, frame.text, frame.line))
        if frame.tag == "passage" and frame.type == "title" and doc.title is None:
            doc.title = frame.text


def _bioc_document(d: _BioCDoc, ctx: _Context, path: str) -> Document | None:
    if d.error is not None:
        raise d.error
    parts: list[str] = []
    size = 0
    for offset, text, line in d.pieces:
        if offset < size:
            raise InputError(
                f"passage offset {offset} overlaps the text before it (which ends at {size})",
                path=path,
                line=line,
            )
        parts.append(" " * (offset - size))
        parts.append(text)
        size = offset + len(text)
    text = "".join(parts)
    if not text.strip():
        raise InputError(f"BioC document {d.id!r} has no text", path=path, line=d.line)
    for line, locations, mention in d.annotations:
        for off, length in locations:
            if off < 0 or length <= 0 or off + length > len(text):
                raise InputError(
                    f"annotation offsets {off}+{length} are outside the text (length {len(text)})",
                    path=path,
                    line=line,
                )
        if len(locations) == 1 and mention is not None:
            off, length = locations[0]
            if text[off : off + length] != mention:
                raise InputError(
                    f"annotation text {mention[:40]!r} does not match the text at "
                    f"{off}-{off + length} ({text[off:off + length][:40]!r})",
                    path=path,
                    line=line,
                )
    assert d.id is not None
    doc = Document(id=d.id, text=text, title=d.title or "", kind="abstract", path=path)
    return doc if ctx.claim(doc, path, d.line) else None


def read_bioc(stream: IO[bytes], ctx: _Context, path: str, encoding: str | None, keep_going: bool,
               errors: list[KGError] | None) -> Iterator[Document]:
    from xml.parsers import expat

    # transcoded input is UTF-8 whatever its XML declaration says
    parser = expat.ParserCreate("UTF-8" if encoding else None)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    handler = _BioCHandler(parser, ctx, path)
    parser.EntityDeclHandler = handler.refuse_entity
    parser.UnparsedEntityDeclHandler = handler.refuse_entity
    parser.ExternalEntityRefHandler = handler.refuse_external
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.chars
    parser.buffer_text = True
    line = 1
    failed = False
    while True:
        chunk = stream.read(_CHUNK)
        ctx.consume(len(chunk), path, line)
        try:
            parser.Parse(chunk, not chunk)
        except expat.ExpatError as exc:
            fatal = InputError(
                f"malformed XML: {expat.ErrorString(exc.code)} (column {exc.offset + 1})",
                path=path,
                line=exc.lineno,
            )
            if not keep_going:
                raise fatal from None
            _record(errors, fatal)
            chunk, failed = b"", True
        line = parser.CurrentLineNumber
        for d in handler.ready:
            try:
                doc = _bioc_document(d, ctx, path)
                if doc is not None:
                    yield doc
            except InputError as exc:
                if not keep_going or isinstance(exc, _TotalLimitError):
                    raise
                _record(errors, exc)
        handler.ready.clear()
        if not chunk:
            break
    if handler.documents == 0 and not failed:
        raise InputError("BioC collection has no <document>", path=path)
