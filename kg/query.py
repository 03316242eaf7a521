"""SPARQL over an exported ``graph.ttl`` with pyoxigraph (loads ~1 M triples in seconds,
see benchmarks/sparql.py), plus the named queries shipped in :mod:`kg.queries`.

Parameters (``--param disease=lupus``) are bound with an inline ``VALUES`` block placed
at the start of the query's WHERE pattern; the value is written as an escaped SPARQL
literal (or an IRI when given as ``<...>``), so no text of the user's reaches the query
unquoted.
"""

from __future__ import annotations

import csv
import functools
import importlib.resources
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import InputError, UsageError

__all__ = [
    "FORMATS",
    "QueryResult",
    "bind_parameters",
    "format_result",
    "get_named_query",
    "load_store",
    "named_queries",
    "parse_params",
    "resolve_query",
    "run_query",
]

FORMATS = ("table", "csv", "json")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclass(frozen=True, slots=True)
class QueryResult:
    """A SELECT result (variables + rows of strings or ``None`` for unbound), an ASK
    answer (``boolean``), or CONSTRUCT/DESCRIBE triples as rows (s, p, o)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]
    boolean: bool | None = None


@functools.cache
def named_queries() -> dict[str, str]:
    """Named queries shipped in ``kg/queries/*.rq``: name -> SPARQL text."""
    out = {}
    for entry in importlib.resources.files("kg.queries").iterdir():
        if entry.name.endswith(".rq"):
            out[entry.name[: -len(".rq")]] = entry.read_text("utf-8")
    return dict(sorted(out.items()))


def get_named_query(name: str) -> str:
    """The text of a named query, or a :class:`UsageError` listing the names."""
    try:
        return named_queries()[name]
    except KeyError:
        raise UsageError(f"no named query {name!r}; known: {', '.join(named_queries())}") from None


def resolve_query(query: str | None, file: Path | None = None) -> str:
    """The SPARQL text for the CLI: inline text, a named query's name, or ``-f FILE``."""
    if (query is None) == (file is None):
        raise UsageError("give either a QUERY (SPARQL text or a named query) or -f FILE")
    if file is not None:
        try:
            return Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the query: {exc}", path=str(file)) from None
    assert query is not None
    if _NAME.match(query.strip()):
        return get_named_query(query.strip())
    return query


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """``["disease=lupus"]`` -> ``{"disease": "lupus"}``."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not _NAME.match(name):
            raise UsageError(f"bad --param {pair!r}; use NAME=VALUE")
        out[name] = value
    return out


STORE_CACHE_MIN_BYTES = 8_000_000


def load_store(path: Path, *, cache_dir: Path | None = None) -> Any:
    """A pyoxigraph store holding the Turtle file at ``path``.

    Files over :data:`STORE_CACHE_MIN_BYTES` are loaded once into an on-disk store under
    ``cache_dir`` (default: the extraction cache folder, see :func:`kg.engine.default_cache_dir`),
    keyed by the file's content hash, and reopened read-only afterwards: a second
    ``kg query`` on a 1 M-triple export starts in well under a second instead of loading
    for seconds. Smaller files load into memory.
    """
    import pyoxigraph as ox

    path = Path(path)
    if not path.is_file():
        raise InputError("no such graph file", path=str(path))
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
    if path.stat().st_size < STORE_CACHE_MIN_BYTES:
        store = ox.Store()
        _bulk_load(store, path, fmt)
        return store
    folder = _store_folder(path, cache_dir)
    if (folder / "COMPLETE").is_file():
        return ox.Store.read_only(str(folder / "db"))
    import shutil
    import tempfile

    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".store-", dir=folder.parent))
    try:
        store = ox.Store(str(tmp / "db"))
        _bulk_load(store, path, fmt)
        store.flush()
        del store
        (tmp / "COMPLETE").write_text(str(path) + "\n", encoding="utf-8")
        try:
            tmp.rename(folder)
        except OSError:  # another process won the race: use theirs
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return ox.Store.read_only(str(folder / "db"))


def _bulk_load(store: Any, path: Path, fmt: Any) -> None:
    try:
        store.bulk_load(path=str(path), format=fmt)
    except SyntaxError as exc:
        raise InputError(f"cannot parse the graph: {exc}", path=str(path)) from None


def _store_folder(path: Path, cache_dir: Path | None) -> Path:
    import hashlib

    from kg.engine import default_cache_dir

    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    base = cache_dir if cache_dir is not None else default_cache_dir()
    return base / "stores" / h.hexdigest()[:32]


def _literal(value: str) -> str:
    from kg.export.rdf import escape_string

    # <...> holding a well-formed IRI is an IRI; anything else is a string literal
    if value.startswith("<") and value.endswith(">") and not re.search(r'[<>"{}|^`\\\s]', value[1:-1]):
        return value
    return f'"{escape_string(value)}"'


def _where_brace(query: str) -> int:
    """Index just after the first ``{`` outside comments, IRIs and strings."""
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":
            j = query.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c == "<":
            j = query.find(">", i)
            if j > 0 and not re.search(r"\s", query[i:j]):
                i = j + 1
                continue
        if c in "\"'":
            quote = query[i : i + 3] if query[i : i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not query.startswith(quote, j):
                j += 2 if query[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "{":
            return i + 1
        i += 1
    raise UsageError("the query has no WHERE pattern to bind parameters in")


def bind_parameters(query: str, params: Mapping[str, str]) -> str:
    """Bind ``?name`` to each value with a ``VALUES`` block at the start of WHERE.

    >>> bind_parameters('SELECT * WHERE { ?s ?p ?disease }', {"disease": 'lu"pus'})
    'SELECT * WHERE { VALUES ?disease { "lu\\\\"pus" } ?s ?p ?disease }'
    """
    if not params:
        return query
    blocks = []
    for name, value in sorted(params.items()):
        if not _NAME.match(name):
            raise UsageError(f"bad parameter name {name!r} (letters, digits, _)")
        blocks.append(f" VALUES ?{name} {{ {_literal(value)} }}")
    at = _where_brace(query)
    return query[:at] + "".join(blocks) + query[at:]


def _term_text(term: Any) -> str | None:
    if term is None:
        return None
    return str(term.value) if hasattr(term, "value") else str(term)


def run_query(graph: Path | Any, query: str, params: Mapping[str, str] | None = None) -> QueryResult:
    """Run SPARQL ``query`` over a graph file (or an already loaded store)."""
    import pyoxigraph as ox

    store = load_store(Path(graph)) if isinstance(graph, (str, Path)) else graph
    text = bind_parameters(query, params or {})
    try:
        result = store.query(text)
    except SyntaxError as exc:
        raise UsageError(f"bad SPARQL: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return QueryResult((), (), bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        rows = tuple(tuple(_term_text(sol[v]) for v in variables) for sol in result)
        return QueryResult(variables, rows)
    rows = tuple((_term_text(t.subject), _term_text(t.predicate), _term_text(t.object)) for t in result)
    return QueryResult(("subject", "predicate", "object"), rows)


# terminal control and bidi-override characters from document text must not reach a tty
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _cell(value: str | None, width: int = 0) -> str:
    text = "" if value is None else _UNPRINTABLE.sub("\ufffd", " ".join(value.split()))
    if width and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def format_result(result: QueryResult, fmt: str = "table", *, max_width: int = 60) -> str:
    """Render a result as an aligned text table, CSV or JSON (SPARQL-results-like)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if result.boolean is not None:
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean})
        return "true" if result.boolean else "false"
    if fmt == "json":
        rows = [{v: x for v, x in zip(result.variables, row, strict=True) if x is not None} for row in result.rows]
        return json.dumps({"head": {"vars": list(result.variables)}, "results": rows}, ensure_ascii=False, indent=1)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows([["" if x is None else x for x in row] for row in result.rows])
        return buf.getvalue().rstrip("\n")
    cells = [[_cell(x, max_width) for x in row] for row in result.rows]
    widths = [max([len(v), *(len(r[i]) for r in cells)]) for i, v in enumerate(result.variables)]
    lines = [_join(result.variables, widths), _join(["-" * w for w in widths], widths)]
    lines += [_join(r, widths) for r in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


def _join(values: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()
