"""Helpers shared by the property-graph exporters (Neo4j, KGX, GraphML).

A :class:`~kg.graph.KnowledgeGraph` may hold a statement whose subject or object is
not one of its entities (the graph only enforces domain and range when both ends are
known). Property-graph formats need every endpoint as a node, so those endpoints are
exported as stub entities: the id as label, the type the predicate's domain/range asks for.
"""

from __future__ import annotations

from kg.graph import KnowledgeGraph
from kg.model import DOMAIN_RANGE, Entity

__all__ = ["export_entities"]


def export_entities(graph: KnowledgeGraph) -> list[Entity]:
    """The graph's entities plus stubs for dangling statement endpoints, sorted by id."""
    out = {e.id: e for e in graph.entities}
    for st in graph.statements:
        domain, range_ = DOMAIN_RANGE[st.predicate]
        for end, node_type in ((st.subject, domain), (st.object, range_)):
            if end not in out:
                out[end] = Entity(end, end, node_type)
    return [out[k] for k in sorted(out)]
