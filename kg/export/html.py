"""The interactive HTML explorer: one self-contained, offline ``graph.html``.

The page is vis-network 9.1.2 (the copy pyvis ships inside its wheel, inlined) plus
our own template, script and stylesheet (``html_template.html``, ``html_app.js``,
``html_app.css`` beside this module). pyvis's own page template is not used: it pulls
Bootstrap from a CDN and switches popups to ``innerHTML`` when a title contains
``href``.

Safety: the graph travels as JSON inside ``<script type="application/json">`` with
``<``, ``>``, ``&``, U+2028 and U+2029 escaped, so no document text can close the
script element; the page script builds every piece of text with ``textContent``; a
Content-Security-Policy forbids every fetch. Links are only ever ``http(s)`` IRIs
computed here from CURIEs.

Scale: graphs above :data:`LAYOUT_THRESHOLD` nodes are laid out in Python
(:func:`kg.layout.spring_positions`) and drawn with physics off, labels drawn only
when zoomed in. Smaller graphs use vis-network physics with a fixed seed, switched off
once stabilised.
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
from collections import deque
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from kg.errors import KGError, UsageError
from kg.export._common import write_parts
from kg.fsio import write_text
from kg.graph import DocumentInfo, KnowledgeGraph
from kg.identifiers import curie_to_iri
from kg.model import Certainty, Entity, NodeType, Polarity, Predicate, Statement

__all__ = [
    "LAYOUT_THRESHOLD",
    "STYLE",
    "focus_subgraph",
    "iter_html",
    "json_for_html",
    "resolve_entity",
    "screenshot",
    "to_html",
    "to_page_data",
    "write_focus_html",
    "write_html",
]

#: Graphs with more nodes than this get positions computed in Python, physics off.
LAYOUT_THRESHOLD = 300

#: The visual encoding, shipped in the page data (the legend is drawn from it).
STYLE: dict[str, Any] = {
    "types": {
        NodeType.DRUG.value: {"color": "#4e79a7", "shape": "diamond", "label": "drug"},
        NodeType.ANTIGEN.value: {"color": "#f28e2b", "shape": "triangle", "label": "antigen"},
        NodeType.CELL_TYPE.value: {"color": "#59a14f", "shape": "dot", "label": "cell type"},
        NodeType.DISEASE.value: {"color": "#b07aa1", "shape": "square", "label": "disease"},
    },
    "predicates": {
        Predicate.TARGETS.value: {"color": "#f28e2b"},
        Predicate.DEPLETES.value: {"color": "#59a14f"},
        Predicate.TREATS.value: {"color": "#4e79a7"},
        Predicate.EXPRESSES.value: {"color": "#9c755f"},
        Predicate.CAUSES.value: {"color": "#b07aa1"},
    },
    "certainty": {
        Certainty.ASSERTED.value: {"dashes": False, "css": "solid"},
        Certainty.INVESTIGATIONAL.value: {"dashes": [10, 6], "css": "dashed"},
        Certainty.HYPOTHESISED.value: {"dashes": [2, 5], "css": "dotted"},
    },
    "polarity": {
        Polarity.POSITIVE.value: {"color": None},
        Polarity.NEGATED.value: {"color": "#e15759"},
    },
    "contested": {"color": "#ffd400"},
}

_ASSETS = ("html_template.html", "html_app.js", "html_app.css")
_PLACEHOLDER = re.compile(r"\{\{(TITLE|VIS_CSS|APP_CSS|DATA|VIS_JS|APP_JS)\}\}")
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


# -- assets -------------------------------------------------------------------------------


@cache
def _asset(name: str) -> str:
    return resources.files("kg.export").joinpath(name).read_text(encoding="utf-8")


@cache
def _vis_asset(name: str) -> str:
    """vis-network 9.1.2 as shipped inside the pyvis wheel."""
    try:
        # found, not imported: importing pyvis would load ~30 MB of modules we do not use
        spec = importlib.util.find_spec("pyvis")
        if spec is None or not spec.submodule_search_locations:
            raise ModuleNotFoundError("No module named 'pyvis'", name="pyvis")
        root = Path(spec.submodule_search_locations[0], "templates", "lib", "vis-9.1.2")
        return root.joinpath(name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:  # pragma: no cover - install problem
        raise KGError(f"cannot read vis-network asset {name} from pyvis: {exc}") from exc


def _check_inline(text: str, closing: str, name: str) -> str:
    if closing in text.lower() or "<!--" in text:
        raise KGError(f"asset {name} cannot be inlined: it contains {closing!r} or '<!--'")
    return text


# -- page data ----------------------------------------------------------------------------


def json_for_html(obj: object) -> str:
    """Deterministic JSON safe to place inside a ``<script>`` element.

    >>> json_for_html({"t": "</script><b>&\\u2028"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026\\\\u2028"}'
    """
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def _http_iri(curie: str) -> str | None:
    try:
        iri = curie_to_iri(curie)
    except ValueError:
        return None
    return iri if iri.startswith(("https://", "http://")) else None


class _Summary(NamedTuple):
    """What the page needs besides one edge at a time (small: per statement and entity)."""

    statements: list[Statement]
    ids: list[str]
    supports: list[int]
    contested: set[tuple[str, str, str]]
    referenced: set[str]
    nodes: list[dict[str, Any]]
    large: bool


def _summary(graph: KnowledgeGraph, layout_threshold: int) -> _Summary:
    entities = graph.entities
    statements = graph.statements
    contested = {t for t, _, _ in graph.contested()}
    node_support: dict[str, int] = {e.id: 0 for e in entities}
    referenced: set[str] = set()
    ids: list[str] = []
    supports: list[int] = []
    for st in statements:
        support = graph.support(st)
        for end in (st.subject, st.object):
            if end in node_support:
                node_support[end] += support
        referenced.update(ev.document for ev in st.evidence)
        ids.append(st.id)
        supports.append(support)
    # statements may name entities the graph does not describe; draw them as bare ids
    known = {e.id for e in entities}
    extra = sorted({end for st in statements for end in (st.subject, st.object)} - known)
    nodes: list[dict[str, Any]] = []
    for ent in entities:
        nodes.append(_node(ent.id, ent.label, ent.type.value, ent.synonyms, ent.xrefs,
                           node_support[ent.id]))
    for eid in extra:
        nodes.append(_node(eid, eid, "unknown", (), (), 0))
    nodes.sort(key=lambda n: n["id"])
    large = len(nodes) > layout_threshold
    if large:
        from kg.layout import spring_positions

        index = {n["id"]: i for i, n in enumerate(nodes)}
        pairs = sorted({(index[st.subject], index[st.object]) for st in statements})
        # ~40 px per node on a side: at the zoom that fits everything labels are hidden
        scale = max(1000.0, 40.0 * len(nodes) ** 0.5)
        positions = spring_positions(len(nodes), pairs, seed=7, scale=scale)
        for node, (x, y) in zip(nodes, positions, strict=True):
            node["x"], node["y"] = x, y
    return _Summary(statements, ids, supports, contested, referenced, nodes, large)


def _edge(graph: KnowledgeGraph, st: Statement, st_id: str, support: int,
          contested: set[tuple[str, str, str]]) -> dict[str, Any]:
    evidence = [
        {
            "cues": list(ev.cues),
            "document": ev.document,
            "end": ev.end,
            "extractor": ev.extractor,
            "kind": ev.document_kind,
            "start": ev.start,
            "text": ev.text,
        }
        for ev in st.evidence
    ]
    return {
        "belief": graph.belief(st),
        "certainty": st.certainty.value,
        "contested": st.triple in contested,
        "evidence": evidence,
        "id": st_id,
        "object": st.object,
        "polarity": st.polarity.value,
        "predicate": st.predicate.value,
        "subject": st.subject,
        "support": support,
    }


def _document(d: DocumentInfo) -> dict[str, str]:
    return {"kind": d.kind, "source": d.source, "title": d.title, "date": d.date}


def _edges(graph: KnowledgeGraph, summary: _Summary) -> Iterator[dict[str, Any]]:
    for st, st_id, support in zip(summary.statements, summary.ids, summary.supports, strict=True):
        yield _edge(graph, st, st_id, support, summary.contested)


def _documents(graph: KnowledgeGraph, summary: _Summary) -> Iterator[DocumentInfo]:
    return (d for d in graph.iter_documents() if d.id in summary.referenced)


def to_page_data(
    graph: KnowledgeGraph,
    *,
    title: str = "cartograph",
    layout_threshold: int = LAYOUT_THRESHOLD,
    focus: str | None = None,
) -> dict[str, Any]:
    """The JSON the page reads: nodes, edges (statements with evidence), documents, style.

    Pure and deterministic (everything sorted, floats rounded).
    """
    summary = _summary(graph, layout_threshold)
    return {
        "documents": {d.id: _document(d) for d in _documents(graph, summary)},
        "edges": list(_edges(graph, summary)),
        "focus": focus,
        "layout": "python" if summary.large else "physics",
        "nodes": summary.nodes,
        "style": STYLE,
        "title": title,
    }


def _iter_page_json(graph: KnowledgeGraph, summary: _Summary, *, title: str,
                    focus: str | None) -> Iterator[str]:
    """``json_for_html(to_page_data(...))`` in pieces: one document or edge at a time
    (JSON without indentation is compositional, and the escaping is per character)."""

    def dump(obj: object) -> str:
        return json_for_html(obj)

    yield '{"documents":{'
    sep = ""
    for d in _documents(graph, summary):
        yield sep + dump(d.id) + ":" + dump(_document(d))
        sep = ","
    yield '},"edges":['
    sep = ""
    for edge in _edges(graph, summary):
        yield sep + dump(edge)
        sep = ","
    layout = "python" if summary.large else "physics"
    yield (
        f'],"focus":{dump(focus)},"layout":{dump(layout)},"nodes":{dump(summary.nodes)},'
        f'"style":{dump(STYLE)},"title":{dump(title)}}}'
    )


def _node(eid: str, label: str, node_type: str, synonyms: tuple[str, ...],
          xrefs: tuple[str, ...], support: int) -> dict[str, Any]:
    return {
        "id": eid,
        "iri": _http_iri(eid),
        "label": label or eid,
        "support": support,
        "synonyms": list(synonyms),
        "type": node_type,
        "xrefs": [{"curie": x, "iri": _http_iri(x)} for x in xrefs],
    }


# -- page ---------------------------------------------------------------------------------


def iter_html(graph: KnowledgeGraph, *, title: str = "cartograph knowledge graph",
              layout_threshold: int = LAYOUT_THRESHOLD, focus: str | None = None) -> Iterator[str]:
    """The page in pieces (:func:`to_html` joined); the graph data one edge at a time."""
    summary = _summary(graph, layout_threshold)
    parts = {
        "TITLE": html.escape(title, quote=True),
        "VIS_CSS": _check_inline(_vis_asset("vis-network.css"), "</style", "vis-network.css"),
        "APP_CSS": _check_inline(_asset("html_app.css"), "</style", "html_app.css"),
        "VIS_JS": _check_inline(_vis_asset("vis-network.min.js"), "</script", "vis-network.min.js"),
        "APP_JS": _check_inline(_asset("html_app.js"), "</script", "html_app.js"),
    }
    # the template split at its placeholders: text, name, text, name, ..., text
    pieces = _PLACEHOLDER.split(_asset("html_template.html"))
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            yield piece
        elif piece == "DATA":
            yield from _iter_page_json(graph, summary, title=title, focus=focus)
        else:
            yield parts[piece]


def to_html(graph: KnowledgeGraph, *, title: str = "cartograph knowledge graph",
            layout_threshold: int = LAYOUT_THRESHOLD, focus: str | None = None) -> str:
    """The whole page as one string: template + inline vis-network + app + data.

    ``focus`` is an entity id the page selects and opens once drawn.
    """
    return "".join(iter_html(graph, title=title, layout_threshold=layout_threshold, focus=focus))


def _write_page(path: Path, graph: KnowledgeGraph, **options: Any) -> None:
    try:
        write_parts(path, iter_html(graph, **options))
    except UnicodeEncodeError:
        # text UTF-8 cannot carry (a lone surrogate): fail exactly as writing it whole does
        write_text(path, to_html(graph, **options))
        raise


def write_html(graph: KnowledgeGraph, path: Path) -> None:
    """Write ``graph.html`` atomically (byte-identical for the same graph; streamed)."""
    _write_page(path, graph)


# -- focused view -------------------------------------------------------------------------


def resolve_entity(graph: KnowledgeGraph, query: str) -> Entity:
    """Find an entity by id, or by label / synonym (case-insensitive, must be unambiguous)."""
    ent = graph.get_entity(query)
    if ent is not None:
        return ent
    wanted = " ".join(query.split()).casefold()
    for field in ("label", "synonym"):
        hits = [
            e
            for e in graph.entities
            if (e.label.casefold() == wanted if field == "label"
                else any(s.casefold() == wanted for s in e.synonyms))
        ]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            ids = ", ".join(e.id for e in hits)
            raise UsageError(f"--focus {query!r} is ambiguous: it is the {field} of {ids}")
    raise UsageError(f"--focus {query!r}: no entity has that id, label or synonym")


def focus_subgraph(graph: KnowledgeGraph, entity: str, hops: int) -> KnowledgeGraph:
    """The ``hops``-neighbourhood of ``entity`` (id, label or synonym), edges in any direction.

    Keeps every statement between kept entities, and the documents their evidence cites.
    """
    if hops < 0:
        raise UsageError(f"--hops must be 0 or more, got {hops}")
    start = resolve_entity(graph, entity).id
    adjacent: dict[str, set[str]] = {}
    for st in graph.statements:
        adjacent.setdefault(st.subject, set()).add(st.object)
        adjacent.setdefault(st.object, set()).add(st.subject)
    depth = {start: 0}
    queue = deque([start])
    while queue:
        cur = queue.popleft()
        if depth[cur] == hops:
            continue
        for nxt in sorted(adjacent.get(cur, ())):
            if nxt not in depth:
                depth[nxt] = depth[cur] + 1
                queue.append(nxt)
    out = KnowledgeGraph()
    for eid in sorted(depth):
        ent = graph.get_entity(eid)
        if ent is not None:
            out.add_entity(ent)
    cited: set[str] = set()
    for st in graph.statements:
        if st.subject in depth and st.object in depth:
            out.add_statement(st)
            cited.update(ev.document for ev in st.evidence)
    for doc in graph.iter_documents():
        if doc.id in cited:
            out.add_document(doc)
    return out


def write_focus_html(graph: KnowledgeGraph, entity: str, hops: int, path: Path) -> Path:
    """Write the ``hops``-neighbourhood of ``entity`` as its own page (``graph-focus.html``)."""
    centre = resolve_entity(graph, entity)
    sub = focus_subgraph(graph, centre.id, hops)
    title = f"cartograph: {centre.label} and its {hops}-hop neighbourhood"
    _write_page(path, sub, title=title, focus=centre.id)
    return path


# -- screenshot ---------------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def screenshot(html_path: Path, png_path: Path, *, width: int = 1280, height: int = 800,
               timeout_ms: int = 120_000, browser: Any = None) -> None:
    """Render ``html_path`` in headless Chromium (network blocked) and save a PNG.

    Uses Debian's ``chromium`` through Playwright; waits until the layout has settled.
    """
    import shutil

    if browser is None:
        from playwright.sync_api import sync_playwright

        exe = shutil.which("chromium")
        if exe is None:
            raise KGError("screenshot needs the 'chromium' browser on PATH")
        with sync_playwright() as pw:
            own = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
            try:
                screenshot(html_path, png_path, width=width, height=height,
                           timeout_ms=timeout_ms, browser=own)
            finally:
                own.close()
        return
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.route("**/*", lambda route: route.continue_()
                   if route.request.url.startswith(("file:", "data:")) else route.abort())
        page.goto(Path(html_path).absolute().as_uri())
        page.wait_for_function("() => window.cartograph && window.cartograph.ready === true",
                               timeout=timeout_ms)
        png = page.screenshot(full_page=False)
    finally:
        page.close()
    from kg.fsio import write_bytes

    write_bytes(png_path, png)
