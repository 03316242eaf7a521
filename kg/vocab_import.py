"""Import ontologies (OBO, OWL RDF/XML or Turtle, OBO Graph JSON) into a vocabulary folder.

A vocabulary folder holds one TSV per node type (``cell_types.tsv``, ``antigens.tsv``,
``drugs.tsv``, ``diseases.tsv``) with the columns of the shipped ``ontologies/`` files,
``id label synonyms xrefs``, plus an optional fifth column ``case_sensitive``: the names of
the row (label or synonyms) that must match only in exactly that case (gene symbols, short
abbreviations). Lists inside a cell are ``|``-separated.

Reading is :func:`read_ontology` (-> :class:`OntologyTerm` records), selection is
:func:`select_branch`, conversion is :func:`iter_vocab_rows`, the ambiguity filters are :mod:`kg.vocab_filters`, and output
is :func:`write_vocab_tsv`, which merges with what the folder already holds and writes
atomically.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import UsageError, VocabularyError
from kg.fsio import write_text
from kg.model import NodeType
from kg.vocab_filters import DEFAULT_POLICY, FilterPolicy, apply_filters, iter_context_abbreviations

__all__ = [
    "COLUMNS",
    "OntologyTerm",
    "VocabRow",
    "import_ontology",
    "iter_tsv_lines",
    "iter_vocab_rows",
    "read_ontology",
    "read_vocab_tsv",
    "select_branch",
    "tsv_name",
    "vocab_stats",
    "write_context_rules",
    "write_vocab_tsv",
]

COLUMNS = ("id", "label", "synonyms", "xrefs", "case_sensitive")

#: synonym scopes as written in OBO / oboInOwl / OBO Graph JSON
SCOPES = ("EXACT", "RELATED", "NARROW", "BROAD")

@dataclass(frozen=True, slots=True)
class OntologyTerm:
    """One class as read from an ontology file.

    :param synonyms: ``(text, scope)`` pairs, scope one of :data:`SCOPES`.
    :param parents: CURIEs of the direct ``is_a`` / ``rdfs:subClassOf`` parents.
    """

    id: str
    label: str
    synonyms: tuple[tuple[str, str], ...] = ()
    xrefs: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()
    deprecated: bool = False


@dataclass(frozen=True, slots=True)
class VocabRow:
    """One row of a vocabulary TSV."""

    id: str
    label: str
    synonyms: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()
    case_sensitive: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        """Label first, then synonyms."""
        return (self.label, *self.synonyms)

    def merge(self, other: VocabRow) -> VocabRow:
        """Union of names and xrefs; ``other`` (the newer import) wins the label."""
        label = other.label or self.label
        syn = _unique([*self.names(), *other.names()], drop=label)
        return VocabRow(
            self.id, label, tuple(syn),
            tuple(sorted(set(self.xrefs) | set(other.xrefs))),
            tuple(sorted(set(self.case_sensitive) | set(other.case_sensitive))),
        )


# ----------------------------------------------------------------------------- identifiers

_OBO_PURL = re.compile(r"^https?://purl\.obolibrary\.org/obo/([A-Za-z][A-Za-z0-9.]*)_([A-Za-z0-9_.-]+)$")


def to_curie(ref: str) -> str:
    """A CURIE for an OBO PURL, a known IRI, or an ``oboInOwl``-style ``PFX:local`` string.

    >>> to_curie("http://purl.obolibrary.org/obo/MONDO_0007915")
    'MONDO:0007915'
    >>> to_curie("CL:0000236")
    'CL:0000236'
    """
    ref = ref.strip()
    m = _OBO_PURL.match(ref)
    if m:
        return f"{m.group(1)}:{m.group(2)}"
    if ref.startswith(("http://", "https://")):
        from kg.identifiers import iri_to_curie

        curie = iri_to_curie(ref)
        if curie:
            return curie
        tail = re.split(r"[/#]", ref.rstrip("/#"))[-1]
        if "_" in tail:
            pfx, local = tail.split("_", 1)
            return f"{pfx}:{local}"
        return ref
    return ref


# ----------------------------------------------------------------------------- readers


def read_ontology(path: str | Path) -> list[OntologyTerm]:
    """Read an OBO, OWL (RDF/XML or Turtle) or OBO Graph JSON file into terms.

    The format is chosen by suffix (``.obo``, ``.json``, ``.ttl``, ``.owl``/``.rdf``/``.xml``)
    and, failing that, by sniffing the first bytes.

    :raises VocabularyError: the file is missing or malformed (naming file and line).
    """
    p = Path(path)
    if not p.is_file():
        raise VocabularyError("no such ontology file", path=str(p))
    fmt = _guess_format(p)
    if fmt == "obo":
        return _read_obo(p)
    if fmt == "json":
        return _read_obograph(p)
    return _read_owl(p, fmt)


def _guess_format(p: Path) -> str:
    suffix = p.suffix.lower()
    if suffix == ".obo":
        return "obo"
    if suffix == ".json":
        return "json"
    if suffix in (".ttl", ".turtle"):
        return "turtle"
    if suffix in (".owl", ".rdf", ".xml"):
        head = p.read_bytes()[:512].lstrip()
        return "xml" if head.startswith(b"<") else "turtle"
    head = p.read_bytes()[:512].lstrip()
    if head.startswith(b"<"):
        return "xml"
    if head.startswith(b"{"):
        return "json"
    if head.startswith((b"format-version", b"[Term]")):
        return "obo"
    return "turtle"


def _read_obo(p: Path) -> list[OntologyTerm]:
    import warnings

    import pronto

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            onto = pronto.Ontology(str(p))  # type: ignore[attr-defined]
    except SyntaxError as exc:
        raise VocabularyError(f"not valid OBO: {exc.msg}", path=str(p), line=exc.lineno) from exc
    except Exception as exc:  # pronto/fastobo raise assorted types on malformed input
        raise VocabularyError(f"not valid OBO: {exc}", path=str(p)) from exc
    terms = []
    for t in onto.terms():
        syns = tuple((s.description, s.scope or "RELATED") for s in t.synonyms)
        parents = tuple(sorted(sup.id for sup in t.superclasses(distance=1, with_self=False)))
        terms.append(OntologyTerm(
            id=t.id, label=t.name or "", synonyms=syns,
            xrefs=tuple(sorted(x.id for x in t.xrefs)), parents=parents, deprecated=bool(t.obsolete),
        ))
    return terms


def _read_obograph(p: Path) -> list[OntologyTerm]:
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise VocabularyError(f"not valid JSON: {exc}", path=str(p), line=line) from exc
    if not isinstance(data, dict) or not isinstance(data.get("graphs"), list):
        raise VocabularyError("not an OBO Graph JSON document (no 'graphs' list)", path=str(p))
    scope_of = {"hasExactSynonym": "EXACT", "hasRelatedSynonym": "RELATED",
                "hasNarrowSynonym": "NARROW", "hasBroadSynonym": "BROAD"}
    terms: list[OntologyTerm] = []
    for graph in data["graphs"]:
        parents: dict[str, list[str]] = defaultdict(list)
        for edge in graph.get("edges", []) or []:
            if edge.get("pred") in ("is_a", "http://www.w3.org/2000/01/rdf-schema#subClassOf"):
                parents[to_curie(edge["sub"])].append(to_curie(edge["obj"]))
        for node in graph.get("nodes", []) or []:
            if not isinstance(node, dict) or "id" not in node:
                raise VocabularyError("node without an 'id'", path=str(p))
            if node.get("type", "CLASS") != "CLASS":
                continue
            meta = node.get("meta") or {}
            cid = to_curie(node["id"])
            syns = tuple(
                (s["val"], scope_of.get(s.get("pred", ""), "RELATED"))
                for s in meta.get("synonyms", []) or [] if s.get("val")
            )
            terms.append(OntologyTerm(
                id=cid, label=node.get("lbl") or "", synonyms=syns,
                xrefs=tuple(sorted(x["val"] for x in meta.get("xrefs", []) or [] if x.get("val"))),
                parents=tuple(sorted(set(parents.get(cid, [])))), deprecated=bool(meta.get("deprecated")),
            ))
    return terms


def _read_owl(p: Path, fmt: str) -> list[OntologyTerm]:
    import rdflib
    from rdflib.namespace import OWL, RDF, RDFS

    graph = rdflib.Graph()
    try:
        graph.parse(str(p), format=fmt)
    except Exception as exc:  # rdflib raises parser-specific types (SAXParseException, BadSyntax)
        line = getattr(exc, "lines", None) or getattr(exc, "_linenum", None)
        getline = getattr(exc, "getLineNumber", None)
        if callable(getline):
            line = getline()
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise VocabularyError(f"not valid {'RDF/XML' if fmt == 'xml' else 'Turtle'}: {msg}",
                              path=str(p), line=line if isinstance(line, int) else None) from exc
    oio = rdflib.Namespace("http://www.geneontology.org/formats/oboInOwl#")
    scope_preds = {oio.hasExactSynonym: "EXACT", oio.hasRelatedSynonym: "RELATED",
                   oio.hasNarrowSynonym: "NARROW", oio.hasBroadSynonym: "BROAD"}
    terms = []
    for cls in sorted(set(graph.subjects(RDF.type, OWL.Class)), key=str):
        if not isinstance(cls, rdflib.URIRef):
            continue
        labels = sorted(str(o) for o in graph.objects(cls, RDFS.label))
        syns = tuple(sorted((str(o), scope) for pred, scope in scope_preds.items()
                            for o in graph.objects(cls, pred)))
        xrefs = tuple(sorted(str(o) for o in graph.objects(cls, oio.hasDbXref)))
        parents = tuple(sorted(to_curie(str(o)) for o in graph.objects(cls, RDFS.subClassOf)
                               if isinstance(o, rdflib.URIRef)))
        deprecated = any(str(o).lower() == "true" for o in graph.objects(cls, OWL.deprecated))
        terms.append(OntologyTerm(to_curie(str(cls)), labels[0] if labels else "", syns, xrefs,
                                  parents, deprecated))
    return terms


# ----------------------------------------------------------------------------- selection


def select_branch(terms: Sequence[OntologyTerm], root: str | None) -> list[OntologyTerm]:
    """The root term (an id, IRI or exact label) and all its descendants; all terms if no root.

    :raises UsageError: the root is unknown or its label is ambiguous.
    """
    if not root:
        return list(terms)
    by_id = {t.id: t for t in terms}
    root_id = to_curie(root)
    if root_id not in by_id:
        matches = sorted({t.id for t in terms if t.label.casefold() == root.casefold() and not t.deprecated})
        if not matches:
            raise UsageError(f"root term {root!r} is neither an id nor a label in the ontology")
        if len(matches) > 1:
            raise UsageError(f"root label {root!r} is ambiguous: {', '.join(matches)}")
        root_id = matches[0]
    seen = descendants(root_id, ((t.id, p) for t in terms for p in t.parents))
    return [t for t in terms if t.id in seen]


def descendants(root: str, edges: Iterable[tuple[str, str]]) -> set[str]:
    """``root`` and every term below it, from (child, parent) edges.

    >>> sorted(descendants("a", [("b", "a"), ("c", "b"), ("d", "x")]))
    ['a', 'b', 'c']
    """
    children: dict[str, list[str]] = defaultdict(list)
    for child, parent in edges:
        children[parent].append(child)
    seen = {root}
    stack = [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return seen


# ----------------------------------------------------------------------------- rows + filters


def _unique(names: Iterable[str], drop: str = "") -> list[str]:
    seen = {drop}
    out = []
    for n in names:
        n = " ".join(n.split())
        if n and n not in seen:
            seen.add(n)
            out.append(n)
    return out


def iter_vocab_rows(terms: Iterable[OntologyTerm], synonyms: str = "exact") -> Iterator[VocabRow]:
    """Rows for the non-deprecated, labelled terms; ``synonyms`` is ``exact`` or ``all``."""
    if synonyms not in ("exact", "all"):
        raise UsageError(f"--synonyms must be 'exact' or 'all', not {synonyms!r}")
    for t in terms:
        if t.deprecated or not t.label.strip() or ":" not in t.id:
            continue
        ident = known_curie(t.id)
        if ident is None:
            raise VocabularyError(f"term id {t.id!r} has a prefix cartograph does not know "
                                  f"(known: {', '.join(sorted(_known_prefixes()))})")
        label = " ".join(t.label.split())
        syns = [s for s, scope in t.synonyms if synonyms == "all" or scope == "EXACT"]
        xrefs = {x for x in map(known_curie, t.xrefs) if x}
        yield VocabRow(ident, label, tuple(_unique(syns, drop=label)), tuple(sorted(xrefs)))


def _known_prefixes() -> frozenset[str]:
    from kg.identifiers import KNOWN_PREFIXES

    return KNOWN_PREFIXES


def known_curie(ref: str) -> str | None:
    """``ref`` with its prefix in canonical case if cartograph knows the prefix, else None.

    >>> known_curie("MeSH:D009157"), known_curie("SCTID:1"), known_curie("ORPHA 5")
    ('MESH:D009157', None, None)
    """
    from kg.identifiers import normalize_prefix

    if not re.match(r"^[A-Za-z][A-Za-z0-9.]*:[^\s|:][^\s|]*$", ref):
        return None
    try:
        return normalize_prefix(ref)
    except ValueError:
        return None


# ----------------------------------------------------------------------------- TSV I/O


def tsv_name(node_type: str) -> str:
    """The TSV file of a node type (``disease`` -> ``diseases.tsv``)."""
    try:
        return f"{NodeType(node_type).value}s.tsv"
    except ValueError:
        choices = ", ".join(t.value for t in NodeType)
        raise UsageError(f"unknown node type {node_type!r} (one of {choices})") from None


def _cell(value: str) -> str:
    return " ".join(value.replace("|", "/").split())


def iter_tsv_lines(rows: Iterable[VocabRow]) -> Iterator[str]:
    """Header and one line per row, sorted by id (pure; the TSV text without newlines)."""
    rows = sorted(rows, key=lambda r: r.id)
    with_case = any(r.case_sensitive for r in rows)
    cols = COLUMNS if with_case else COLUMNS[:4]
    yield "\t".join(cols)
    for r in rows:
        cells = [_cell(r.id), _cell(r.label), "|".join(map(_cell, r.synonyms)), "|".join(map(_cell, r.xrefs))]
        if with_case:
            cells.append("|".join(map(_cell, r.case_sensitive)))
        yield "\t".join(cells)


def read_vocab_tsv(path: str | Path) -> list[VocabRow]:
    """Read a vocabulary TSV: ``id label synonyms xrefs`` then optional columns, of which
    ``case_sensitive`` is kept (others, such as the curated files' ``flags``, are ignored).

    :raises VocabularyError: wrong header or a row with a bad column count (file:line).
    """
    p = Path(path)
    rows = []

    def split(cell: str) -> tuple[str, ...]:
        return tuple(x for x in cell.split("|") if x)

    with p.open(encoding="utf-8") as fh:
        header = [h.strip() for h in fh.readline().rstrip("\n").split("\t")]
        if tuple(header[:4]) != COLUMNS[:4]:
            raise VocabularyError(f"expected header {' '.join(COLUMNS[:4])!r}", path=str(p), line=1)
        cs = header.index("case_sensitive") if "case_sensitive" in header else None
        for lineno, line in enumerate(fh, start=2):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) < 2 or len(cells) > len(header):
                raise VocabularyError(f"expected {len(header)} tab-separated columns, got {len(cells)}",
                                      path=str(p), line=lineno)
            cells += [""] * (len(header) - len(cells))
            rows.append(VocabRow(cells[0], cells[1], split(cells[2]), split(cells[3]),
                                 split(cells[cs]) if cs is not None else ()))
    return rows


def write_vocab_tsv(rows: Iterable[VocabRow], out_dir: str | Path, node_type: str,
                    *, merge: bool = True) -> Path:
    """Write (merging with an existing file) ``out_dir/<type>s.tsv`` atomically; return its path."""
    path = Path(out_dir) / tsv_name(node_type)
    by_id: dict[str, VocabRow] = {}
    if merge and path.exists():
        by_id = {r.id: r for r in read_vocab_tsv(path)}
    for r in rows:
        by_id[r.id] = by_id[r.id].merge(r) if r.id in by_id else r
    write_text(path, "".join(line + "\n" for line in iter_tsv_lines(by_id.values())))
    return path


RULES_HEADER = "kind\tterm\tid\tcues"


def write_context_rules(pairs: Iterable[tuple[str, str]], out_dir: str | Path) -> Path | None:
    """Merge ``context`` rules (term, id; no cue: the document must support the term) into
    ``out_dir/entity_rules.tsv`` (the rules file :mod:`kg.vocabulary` reads); atomic."""
    pairs = set(pairs)
    if not pairs:
        return None
    path = Path(out_dir) / "entity_rules.tsv"
    lines = set()
    if path.exists():
        lines = {ln for ln in path.read_text(encoding="utf-8").splitlines()[1:] if ln.strip()}
    lines |= {f"context\t{_cell(term)}\t{ident}\t" for term, ident in pairs}
    write_text(path, "\n".join([RULES_HEADER, *sorted(lines)]) + "\n")
    return path


def import_ontology(path: str | Path, node_type: str, out_dir: str | Path, *, root: str | None = None,
                    synonyms: str = "exact", policy: FilterPolicy | None = DEFAULT_POLICY) -> tuple[Path, int]:
    """``kg vocab import FILE``: read, select the branch, filter, write; return (tsv, rows)."""
    tsv_name(node_type)
    terms = read_ontology(path)
    rows = list(iter_vocab_rows(select_branch(terms, root), synonyms))
    if policy is not None:
        rows = apply_filters(rows, policy, symbols_case_sensitive=node_type == "antigen")
    path = write_vocab_tsv(rows, out_dir, node_type)
    if policy is not None and policy.abbreviations and node_type in ("disease", "drug"):
        write_context_rules(iter_context_abbreviations(rows), out_dir)
    return path, len(rows)


# ----------------------------------------------------------------------------- stats


def vocab_stats(dirs: Sequence[str | Path]) -> dict[str, dict[str, object]]:
    """Per node type: rows, synonyms, case-sensitive names and id prefixes over ``dirs``."""
    stats: dict[str, dict[str, object]] = {}
    for t in NodeType:
        rows: list[VocabRow] = []
        for d in dirs:
            p = Path(d) / tsv_name(t.value)
            if p.exists():
                rows.extend(read_vocab_tsv(p))
        prefixes = Counter(r.id.split(":", 1)[0] for r in rows)
        stats[t.value] = {
            "rows": len(rows),
            "synonyms": sum(len(r.synonyms) for r in rows),
            "case_sensitive": sum(len(r.case_sensitive) for r in rows),
            "prefixes": dict(sorted(prefixes.items())),
        }
    return stats

