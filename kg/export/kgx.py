"""KGX export: ``kgx/nodes.jsonl`` and ``kgx/edges.jsonl`` (Biolink Model records, one per line).

Follows the KGX format specification (biolink/kgx ``kgx_format.md``): every node has
``id`` and ``category``; every edge has ``id``, ``subject``, ``predicate``, ``object`` and
the provenance slots ``knowledge_level``, ``agent_type`` and ``primary_knowledge_source``.
Every key is a Biolink slot, except the few ``cartograph_*`` properties listed in
:data:`EXTENSION_PROPERTIES` that carry what Biolink has no slot for (certainty, the
cartograph predicate, source document ids).

Mapping (checked against the Biolink Model with ``bmt`` in the tests):

===================  ==================================================================
cartograph            Biolink
===================  ==================================================================
drug                  ``biolink:Drug``
antigen               ``biolink:Gene`` (HGNC/NCBIGene/ENSEMBL ids), else ``biolink:Protein``
cell_type             ``biolink:Cell``
disease               ``biolink:Disease``
targets               ``biolink:directly_physically_interacts_with``
depletes              ``biolink:affects`` + ``object_direction_qualifier: decreased``,
                      ``object_aspect_qualifier: abundance``
treats                ``biolink:treats`` (asserted), ``biolink:in_clinical_trials_for``
                      (investigational), ``biolink:treats_or_applied_or_studied_to_treat``
                      (hypothesised)
expresses             ``biolink:expresses``
causes                ``biolink:has_adverse_event``
negated               ``negated: true`` (same predicate)
hypothesised          ``knowledge_level: prediction`` (else ``knowledge_assertion``)
support, belief       ``evidence_count``, ``has_confidence_score``
evidence sentences    ``supporting_text``
===================  ==================================================================

Output is deterministic: keys sorted, ASCII-only JSON (so U+2028 and friends never
look like line ends), lines sorted by id.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.export._common import export_entities, write_parts
from kg.fsio import atomic_directory
from kg.graph import KnowledgeGraph
from kg.identifiers import curie_to_iri
from kg.model import Certainty, Entity, NodeType, Polarity, Predicate, Statement

__all__ = [
    "AGENT_TYPE",
    "CATEGORIES",
    "EXTENSION_PROPERTIES",
    "KNOWLEDGE_SOURCE",
    "PREFIX_MAP",
    "biolink_predicate",
    "edge_record",
    "iter_edge_lines",
    "iter_node_lines",
    "node_category",
    "node_record",
    "to_biolink_curie",
    "write_kgx",
]

KNOWLEDGE_SOURCE = "infores:cartograph"
AGENT_TYPE = "text_mining_agent"
CATEGORIES: dict[NodeType, str] = {
    NodeType.DRUG: "biolink:Drug",
    NodeType.ANTIGEN: "biolink:Protein",
    NodeType.CELL_TYPE: "biolink:Cell",
    NodeType.DISEASE: "biolink:Disease",
}
GENE_PREFIXES = frozenset({"HGNC", "NCBIGene", "ENSEMBL"})
EXTENSION_PROPERTIES = frozenset(
    {"cartograph_certainty", "cartograph_contested", "cartograph_documents", "cartograph_predicate"}
)
# our prefix spelling -> the Biolink Model's (its id_prefixes / prefix map)
PREFIX_MAP: dict[str, str] = {
    "drugbank": "DRUGBANK",
    "chembl.compound": "CHEMBL.COMPOUND",
    "PUBCHEM": "PUBCHEM.COMPOUND",
}
_PUBLICATION = re.compile(r"^(PMID|PMCID|PMC|doi|DOI):\S+$")

_PREDICATES: dict[Predicate, str] = {
    Predicate.TARGETS: "biolink:directly_physically_interacts_with",
    Predicate.DEPLETES: "biolink:affects",
    Predicate.TREATS: "biolink:treats",
    Predicate.EXPRESSES: "biolink:expresses",
    Predicate.CAUSES: "biolink:has_adverse_event",
}
_TREATS_BY_CERTAINTY: dict[Certainty, str] = {
    Certainty.ASSERTED: "biolink:treats",
    Certainty.INVESTIGATIONAL: "biolink:in_clinical_trials_for",
    Certainty.HYPOTHESISED: "biolink:treats_or_applied_or_studied_to_treat",
}


def to_biolink_curie(curie: str) -> str:
    """Respell a CURIE's prefix the way the Biolink Model does.

    >>> to_biolink_curie("drugbank:DB00073")
    'DRUGBANK:DB00073'
    >>> to_biolink_curie("MONDO:0007915")
    'MONDO:0007915'
    """
    prefix, sep, local = curie.partition(":")
    return PREFIX_MAP.get(prefix, prefix) + sep + local


def node_category(entity: Entity) -> str:
    """The Biolink category of an entity (antigens with gene ids are ``biolink:Gene``)."""
    if entity.type is NodeType.ANTIGEN and entity.prefix in GENE_PREFIXES:
        return "biolink:Gene"
    return CATEGORIES[entity.type]


def biolink_predicate(st: Statement) -> str:
    """The Biolink predicate of a statement (``treats`` depends on its certainty)."""
    if st.predicate is Predicate.TREATS:
        return _TREATS_BY_CERTAINTY[st.certainty]
    return _PREDICATES[st.predicate]


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v is not None and v != []}


def node_record(entity: Entity) -> dict[str, Any]:
    """The KGX node record of an entity."""
    try:
        iri: str | None = curie_to_iri(entity.id)
    except ValueError:
        iri = None
    return _clean(
        {
            "id": to_biolink_curie(entity.id),
            "category": [node_category(entity)],
            "name": entity.label or entity.id,
            "synonym": sorted(entity.synonyms),
            "xref": sorted(to_biolink_curie(x) for x in entity.xrefs),
            "iri": iri,
            "provided_by": [KNOWLEDGE_SOURCE],
        }
    )


def edge_record(graph: KnowledgeGraph, st: Statement) -> dict[str, Any]:
    """The KGX edge record of a statement (one edge per statement)."""
    documents = sorted({ev.document for ev in st.evidence})
    record: dict[str, Any] = {
        "id": f"kg:statement-{st.id}",
        "subject": to_biolink_curie(st.subject),
        "predicate": biolink_predicate(st),
        "object": to_biolink_curie(st.object),
        "negated": st.polarity is Polarity.NEGATED,
        "knowledge_level": "prediction" if st.certainty is Certainty.HYPOTHESISED else "knowledge_assertion",
        "agent_type": AGENT_TYPE,
        "primary_knowledge_source": KNOWLEDGE_SOURCE,
        "evidence_count": graph.support(st),
        "has_confidence_score": graph.belief(st),
        "supporting_text": [ev.text for ev in st.evidence],
        "publications": [d for d in documents if _PUBLICATION.match(d)],
        "cartograph_predicate": st.predicate.value,
        "cartograph_certainty": st.certainty.value,
        "cartograph_contested": graph.is_contested(st),
        "cartograph_documents": documents,
    }
    if st.predicate is Predicate.DEPLETES:
        record["object_direction_qualifier"] = "decreased"
        record["object_aspect_qualifier"] = "abundance"
    return _clean(record)


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=True, separators=(",", ":")) + "\n"


def iter_node_lines(graph: KnowledgeGraph) -> Iterator[str]:
    """``nodes.jsonl`` lines, sorted."""
    yield from sorted(_line(node_record(e)) for e in export_entities(graph))


def iter_edge_lines(graph: KnowledgeGraph) -> Iterator[str]:
    """``edges.jsonl`` lines, sorted."""
    yield from sorted(_line(edge_record(graph, st)) for st in graph.statements)


def write_kgx(graph: KnowledgeGraph, path: Path) -> None:
    """Write the ``kgx/`` folder (``nodes.jsonl``, ``edges.jsonl``) atomically."""
    with atomic_directory(path) as tmp:
        write_parts(tmp / "nodes.jsonl", iter_node_lines(graph))
        write_parts(tmp / "edges.jsonl", iter_edge_lines(graph))
