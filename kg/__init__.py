"""cartograph: a biomedical knowledge-graph builder (package ``kg``).

Text in, grounded and evidence-carrying statements out, exported to RDF/Turtle, OWL,
Neo4j, KGX, GraphML and an interactive HTML view.
"""

from __future__ import annotations

__version__ = "0.1.0"

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

__all__ = sorted(
    [
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
    ]
)
