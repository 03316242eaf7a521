"""Neo4j export: ``neo4j-admin database import`` CSV files, ``import.sh`` and ``import.cypher``.

The folder ``neo4j/`` holds

- ``nodes_<Label>.csv``: one file per node label (``Drug``, ``Antigen``, ``CellType``,
  ``Disease``), header ``id:ID,:LABEL,name,type,iri,synonyms:string[],xrefs:string[]``;
  every node also gets the label ``Entity`` (``--nodes=Entity=...``), on which ids are unique;
- ``rels_<TYPE>.csv``: one file per relationship type (``TARGETS``, ``DEPLETES``,
  ``TREATS``, ``EXPRESSES``, ``CAUSES``), one relationship per statement, so a negated or
  hypothesised claim is its own relationship with ``polarity``/``certainty`` properties;
- ``import.sh``: ``neo4j-admin database import full`` with the matching options;
- ``import.cypher``: constraints plus idempotent ``UNWIND``/``MERGE`` batches with every
  string written as an escaped Cypher literal, for ``cypher-shell -f`` on a running server.

CSV dialect (what ``neo4j-admin`` reads with ``--quote='"'`` and ``--multiline-fields=true``):
``,`` between fields, every string field in double quotes with ``"`` doubled, newlines
kept inside quotes, backslashes literal, empty unquoted field = no property. Array
elements are joined with U+001F (``--array-delimiter=U+001F``), a control character
that real text does not contain; should one appear inside an array element it is
replaced by U+FFFD (in both the CSV and the Cypher output, so the two loaders agree).
"""

from __future__ import annotations

import itertools
import os
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.export._common import export_entities, write_lines, write_parts
from kg.fsio import atomic_directory, write_text
from kg.graph import KnowledgeGraph
from kg.identifiers import curie_to_iri
from kg.model import Entity, NodeType, Polarity, Predicate, Statement

__all__ = [
    "ARRAY_DELIMITER",
    "ENTITY_LABEL",
    "LABELS",
    "NODE_PROPERTIES",
    "REL_PROPERTIES",
    "REL_TYPES",
    "Property",
    "cypher_literal",
    "iter_cypher_lines",
    "iter_node_rows",
    "iter_relationship_rows",
    "node_properties",
    "relationship_properties",
    "to_csv_files",
    "to_import_sh",
    "write_neo4j",
]

ARRAY_DELIMITER = "\x1f"
ENTITY_LABEL = "Entity"
BATCH_SIZE = 500

LABELS: dict[NodeType, str] = {
    NodeType.ANTIGEN: "Antigen",
    NodeType.CELL_TYPE: "CellType",
    NodeType.DISEASE: "Disease",
    NodeType.DRUG: "Drug",
}
REL_TYPES: dict[Predicate, str] = {p: p.value.upper() for p in Predicate}
_LABEL_ORDER: tuple[NodeType, ...] = tuple(sorted(LABELS, key=lambda t: LABELS[t]))
_REL_ORDER: tuple[Predicate, ...] = tuple(sorted(REL_TYPES, key=lambda p: REL_TYPES[p]))


@dataclass(frozen=True, slots=True)
class Property:
    """A typed property column: ``name`` and its neo4j-admin type (``string``, ``int[]``...)."""

    name: str
    type: str = "string"

    @property
    def header(self) -> str:
        return self.name if self.type == "string" else f"{self.name}:{self.type}"


NODE_PROPERTIES: tuple[Property, ...] = (
    Property("name"),
    Property("type"),
    Property("iri"),
    Property("synonyms", "string[]"),
    Property("xrefs", "string[]"),
)
REL_PROPERTIES: tuple[Property, ...] = (
    Property("statement_id"),
    Property("predicate"),
    Property("polarity"),
    Property("certainty"),
    Property("negated", "boolean"),
    Property("fact", "boolean"),
    Property("support", "int"),
    Property("belief", "double"),
    Property("contested", "boolean"),
    Property("documents", "string[]"),
    Property("evidence_id", "string[]"),
    Property("evidence_text", "string[]"),
    Property("evidence_document", "string[]"),
    Property("evidence_document_kind", "string[]"),
    Property("evidence_start", "int[]"),
    Property("evidence_end", "int[]"),
    Property("evidence_extractor", "string[]"),
)

Value = str | int | float | bool | list[str] | list[int]


def _element(text: str) -> str:
    return text.replace(ARRAY_DELIMITER, "\ufffd")


def _iri(curie: str) -> str | None:
    try:
        return curie_to_iri(curie)
    except ValueError:
        return None


# -- pure builders: property maps ------------------------------------------------------------


def node_properties(entity: Entity) -> dict[str, Value]:
    """The properties of an entity's node (absent values left out), without ``id``."""
    props: dict[str, Value | None] = {
        "name": entity.label or entity.id,
        "type": entity.type.value,
        "iri": _iri(entity.id),
        "synonyms": [_element(s) for s in entity.synonyms],
        "xrefs": [_element(x) for x in entity.xrefs],
    }
    return {k: v for k, v in props.items() if v is not None and v != []}


def relationship_properties(graph: KnowledgeGraph, st: Statement) -> dict[str, Value]:
    """The properties of a statement's relationship (absent values left out)."""
    ev = st.evidence
    props: dict[str, Value | None] = {
        "statement_id": st.id,
        "predicate": st.predicate.value,
        "polarity": st.polarity.value,
        "certainty": st.certainty.value,
        "negated": st.polarity is Polarity.NEGATED,
        "fact": st.is_fact,
        "support": graph.support(st),
        "belief": graph.belief(st),
        "contested": graph.is_contested(st),
        "documents": sorted({_element(e.document) for e in ev}),
        "evidence_id": [e.id for e in ev],
        "evidence_text": [_element(e.text) for e in ev],
        "evidence_document": [_element(e.document) for e in ev],
        "evidence_document_kind": [_element(e.document_kind) for e in ev],
        "evidence_start": [e.start for e in ev],
        "evidence_end": [e.end for e in ev],
        "evidence_extractor": [_element(e.extractor) for e in ev],
    }
    return {k: v for k, v in props.items() if v is not None and v != []}


# -- CSV ---------------------------------------------------------------------------------------


def _csv_scalar(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        if value and isinstance(value[0], str):
            return _csv_scalar(ARRAY_DELIMITER.join(value))
        return ARRAY_DELIMITER.join(repr(v) for v in value)
    return '"' + value.replace('"', '""') + '"'


def _csv_line(fields: Sequence[Value | None]) -> str:
    return ",".join("" if f is None else _csv_scalar(f) for f in fields) + "\n"


def iter_node_rows(graph: KnowledgeGraph, node_type: NodeType) -> Iterator[str]:
    """CSV lines (header first) of the nodes of one type, sorted by id."""
    yield ",".join(["id:ID", ":LABEL", *(p.header for p in NODE_PROPERTIES)]) + "\n"
    for ent in export_entities(graph):
        if ent.type is not node_type:
            continue
        props = node_properties(ent)
        yield _csv_line([ent.id, LABELS[node_type], *(props.get(p.name) for p in NODE_PROPERTIES)])


def iter_relationship_rows(graph: KnowledgeGraph, predicate: Predicate) -> Iterator[str]:
    """CSV lines (header first) of the relationships of one predicate, sorted by statement key."""
    yield ",".join([":START_ID", ":END_ID", ":TYPE", *(p.header for p in REL_PROPERTIES)]) + "\n"
    for st in graph.statements:
        if st.predicate is not predicate:
            continue
        props = relationship_properties(graph, st)
        yield _csv_line(
            [st.subject, st.object, REL_TYPES[predicate], *(props.get(p.name) for p in REL_PROPERTIES)]
        )


def _node_file(node_type: NodeType) -> str:
    return f"nodes_{LABELS[node_type]}.csv"


def _rel_file(predicate: Predicate) -> str:
    return f"rels_{REL_TYPES[predicate]}.csv"


def to_csv_files(graph: KnowledgeGraph) -> dict[str, str]:
    """File name -> CSV text, one file per label and per relationship type (always all of them)."""
    files = {_node_file(t): "".join(iter_node_rows(graph, t)) for t in _LABEL_ORDER}
    files.update({_rel_file(p): "".join(iter_relationship_rows(graph, p)) for p in _REL_ORDER})
    return files


def to_import_sh() -> str:
    """The ``neo4j-admin database import full`` script for this folder."""
    lines = [
        "#!/bin/sh",
        "# Load this folder into Neo4j 5 with neo4j-admin (the database must be stopped).",
        "# Usage: ./import.sh [extra neo4j-admin options, e.g. --overwrite-destination=true]",
        "# NEO4J_ADMIN overrides the neo4j-admin command; NEO4J_DATABASE the database (neo4j).",
        "# Afterwards create the id constraint (first statement of import.cypher).",
        "set -eu",
        'HERE=$(cd "$(dirname "$0")" && pwd)',
        'exec "${NEO4J_ADMIN:-neo4j-admin}" database import full \\',
    ]
    for t in _LABEL_ORDER:
        lines.append(f'  --nodes={ENTITY_LABEL}="$HERE/{_node_file(t)}" \\')
    for p in _REL_ORDER:
        lines.append(f'  --relationships={REL_TYPES[p]}="$HERE/{_rel_file(p)}" \\')
    lines += [
        "  --delimiter=, --array-delimiter=U+001F --quote='\"' \\",
        "  --multiline-fields=true --legacy-style-quoting=false --trim-strings=false \\",
        '  "$@" "${NEO4J_DATABASE:-neo4j}"',
        "",
    ]
    return "\n".join(lines)


# -- Cypher ------------------------------------------------------------------------------------

_SIMPLE_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def cypher_literal(value: Value | dict[str, Value]) -> str:
    r"""A Cypher literal for a property value; strings escaped for single-quoted literals.

    Control, format and separator characters become ``\uXXXX`` escapes, so every
    statement stays on its own lines and text round-trips exactly.

    >>> cypher_literal("it's a \\ \n")
    "'it\\'s a \\\\ \\n'"
    >>> cypher_literal(["a", "b\u2028"])
    "['a', 'b\\u2028']"
    >>> cypher_literal({"n": 2, "ok": True, "x": 0.5})
    '{n: 2, ok: true, x: 0.5}'
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    out = ["'"]
    for ch in value:
        if ch in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[ch])
        elif unicodedata.category(ch) in _ESCAPED_CATEGORIES:
            code = ord(ch)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    out.append("'")
    return "".join(out)


def _unwind(rows: Iterable[str], body: Sequence[str]) -> Iterator[str]:
    # batches of BATCH_SIZE rows, a comma after every row of a batch but its last;
    # one row at a time (a row is one statement with all its evidence)
    it = iter(rows)
    while (prev := next(it, None)) is not None:
        yield "UNWIND ["
        for row in itertools.islice(it, BATCH_SIZE - 1):
            yield "  " + prev + ","
            prev = row
        yield "  " + prev
        yield "] AS row"
        yield from body[:-1]
        yield body[-1] + ";"


def iter_cypher_lines(graph: KnowledgeGraph) -> Iterator[str]:
    """Lines of ``import.cypher``: constraints, then node and relationship MERGE batches.

    Every statement ends with ``;`` at the end of a line and no string literal contains
    a raw newline, so splitting on lines ending in ``;`` yields the statements.
    Running the script twice leaves the same graph (MERGE on ``Entity.id`` and on
    ``statement_id`` per relationship type).
    """
    yield "// cartograph graph for Neo4j 5: cypher-shell -f import.cypher (idempotent: safe to run twice)"
    yield (
        f"CREATE CONSTRAINT cartograph_entity_id IF NOT EXISTS "
        f"FOR (n:{ENTITY_LABEL}) REQUIRE n.id IS UNIQUE;"
    )
    entities = export_entities(graph)
    for node_type in _LABEL_ORDER:
        label = LABELS[node_type]
        rows = (
            cypher_literal({"id": e.id, "props": node_properties(e)})  # type: ignore[dict-item]
            for e in entities
            if e.type is node_type
        )
        yield from _unwind(
            rows,
            [f"MERGE (n:{ENTITY_LABEL} {{id: row.id}})", f"SET n:{label}", "SET n += row.props"],
        )
    statements = graph.statements
    for predicate in _REL_ORDER:
        rel_type = REL_TYPES[predicate]
        rows = (
            cypher_literal(
                {"start": st.subject, "end": st.object, "props": relationship_properties(graph, st)}  # type: ignore[dict-item]
            )
            for st in statements
            if st.predicate is predicate
        )
        yield from _unwind(
            rows,
            [
                f"MATCH (s:{ENTITY_LABEL} {{id: row.start}})",
                f"MATCH (o:{ENTITY_LABEL} {{id: row.end}})",
                f"MERGE (s)-[r:{rel_type} {{statement_id: row.props.statement_id}}]->(o)",
                "SET r += row.props",
            ],
        )


def write_neo4j(graph: KnowledgeGraph, path: Path) -> None:
    """Write the ``neo4j/`` folder (CSV files, ``import.sh``, ``import.cypher``) atomically."""
    with atomic_directory(path) as tmp:
        try:
            # the files of to_csv_files, written as they are generated
            for t in _LABEL_ORDER:
                write_parts(tmp / _node_file(t), iter_node_rows(graph, t))
            for p in _REL_ORDER:
                write_parts(tmp / _rel_file(p), iter_relationship_rows(graph, p))
        except UnicodeEncodeError:
            # text UTF-8 cannot carry (a lone surrogate): fail exactly as writing whole files does
            for name, text in to_csv_files(graph).items():
                write_text(tmp / name, text)
            raise
        write_text(tmp / "import.sh", to_import_sh())
        os.chmod(tmp / "import.sh", 0o755)
        write_lines(tmp / "import.cypher", iter_cypher_lines(graph))
