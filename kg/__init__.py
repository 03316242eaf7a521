"""cartograph: a biomedical knowledge-graph builder (package ``kg``).

Text in, grounded and evidence-carrying statements out, exported to RDF/Turtle, OWL,
Neo4j, KGX, GraphML and an interactive HTML view.
"""

from __future__ import annotations

__version__ = "0.1.0"

from kg.api import build_graph, extract_text, graph_from_texts
from kg.errors import InputError, KGError, UsageError, ValidationError
from kg.graph import KnowledgeGraph
from kg.model import (
    Certainty,
    Document,
    DocumentExtraction,
    Entity,
    Evidence,
    Mention,
    NodeType,
    Polarity,
    Predicate,
    Statement,
)

# Exporters and readers load lazily (rdflib, pyvis... stay unimported until used).
_LAZY = {
    "read_documents": "kg.corpus",
    "extract": "kg.pipeline",
    "extract_document": "kg.pipeline",
    "build": "kg.pipeline",
    "load_vocabulary": "kg.vocabulary",
    "write_all": "kg.export",
    "to_turtle": "kg.export.rdf",
    "write_turtle": "kg.export.rdf",
    "write_owl": "kg.export.owl",
    "to_html": "kg.export.html",
    "write_html": "kg.export.html",
    "write_neo4j": "kg.export.neo4j",
    "write_kgx": "kg.export.kgx",
    "write_graphml": "kg.export.graphml",
    "write_report": "kg.export.report",
    "run_query": "kg.query",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = [
    "Certainty",
    "Document",
    "DocumentExtraction",
    "Entity",
    "Evidence",
    "InputError",
    "KGError",
    "KnowledgeGraph",
    "Mention",
    "NodeType",
    "Polarity",
    "Predicate",
    "Statement",
    "UsageError",
    "ValidationError",
    "__version__",
    "build",
    "build_graph",
    "extract",
    "extract_document",
    "extract_text",
    "graph_from_texts",
    "load_vocabulary",
    "read_documents",
    "run_query",
    "to_html",
    "to_turtle",
    "write_all",
    "write_graphml",
    "write_html",
    "write_kgx",
    "write_neo4j",
    "write_owl",
    "write_report",
    "write_turtle",
]
