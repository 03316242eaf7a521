"""Checks of an export folder: every file parses, graph.ttl meets the SHACL shapes,
graph.owl declares what it uses and does not contradict itself.

:func:`validate_export` returns :class:`Problem` records in plain words
("statement stmt:1a2b has 2 polarity values: must have exactly one polarity ...");
the CLI (``kg validate DIR``) prints them and exits with
:data:`kg.errors.EXIT_VALIDATION` when there is any.
"""

from __future__ import annotations

import csv
import importlib.resources
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import InputError

__all__ = ["Problem", "ValidationSummary", "validate_export"]

_OWL = "http://www.w3.org/2002/07/owl#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an export: the file (relative to the folder) and what."""

    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


@dataclass(frozen=True, slots=True)
class ValidationSummary:
    """What was checked, for the OK line: files checked and triples in graph.ttl."""

    files: tuple[str, ...]
    triples: int
    problems: tuple[Problem, ...]


def validate_export(folder: Path) -> list[Problem]:
    """Check the export folder; return the problems found (empty when all is well)."""
    return list(check_export(folder).problems)


def check_export(folder: Path) -> ValidationSummary:
    """Like :func:`validate_export`, with a summary of what was checked."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("not a folder", path=str(folder))
    problems: list[Problem] = []
    checked: list[str] = []
    triples = 0
    ttl = folder / "graph.ttl"
    if ttl.is_file():
        checked.append("graph.ttl")
        n, found = _check_turtle(ttl)
        triples = n
        problems.extend(found)
    else:
        problems.append(Problem("graph.ttl", "is missing"))
    owl = folder / "graph.owl"
    if owl.is_file():
        checked.append("graph.owl")
        problems.extend(_check_owl(owl))
    for rel, check in _OTHER_CHECKS:
        path = folder / rel
        if path.exists():
            checked.append(rel)
            problems.extend(Problem(rel, m) for m in check(path))
    return ValidationSummary(tuple(checked), triples, tuple(problems))


# -- graph.ttl --------------------------------------------------------------------------


def _node_name(iri: str) -> str:
    from kg.export.rdf import DOCUMENT_NS, EVIDENCE_NS, STATEMENT_NS
    from kg.identifiers import iri_to_curie

    for ns, word, prefix in (
        (STATEMENT_NS, "statement", "stmt:"),
        (EVIDENCE_NS, "evidence", "ev:"),
        (DOCUMENT_NS, "document", "doc:"),
    ):
        if iri.startswith(ns):
            return f"{word} {prefix}{iri[len(ns):]}"
    curie = iri_to_curie(iri)
    return f"entity {curie}" if curie else f"<{iri}>"


def _check_turtle(path: Path) -> tuple[int, list[Problem]]:
    import pyoxigraph as ox
    import rdflib

    try:
        with path.open("rb") as fh:
            n = sum(1 for _ in ox.parse(fh, format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        return 0, [Problem(path.name, f"does not parse as Turtle: {exc}")]
    data = rdflib.Graph()
    try:
        data.parse(path, format="turtle")
    except Exception as exc:  # noqa: BLE001 - rdflib raises many types for bad input
        return n, [Problem(path.name, f"rdflib cannot parse it: {exc}")]
    return n, [Problem(path.name, m) for m in _shacl_messages(data)]


def _shacl_messages(data: Any) -> list[str]:
    import pyshacl
    import rdflib

    shapes = rdflib.Graph()
    shapes.parse(data=(importlib.resources.files("kg.data") / "shapes.ttl").read_text("utf-8"), format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=False, allow_warnings=True)
    sh = rdflib.Namespace(_SH)
    out = []
    for res in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = report.value(res, sh.focusNode)
        path = report.value(res, sh.resultPath)
        component = report.value(res, sh.sourceConstraintComponent)
        message = _IRI_IN_TEXT.sub(_short_iri, str(report.value(res, sh.resultMessage) or "violates a shape"))
        shape = report.value(res, sh.sourceShape)
        value = report.value(res, sh.value)
        who = _node_name(str(focus))
        if component in (sh.MinCountConstraintComponent, sh.MaxCountConstraintComponent) and path is not None:
            name = str(shapes.value(shape, sh.name) or path)
            count = len(set(data.objects(focus, path)))
            out.append(f"{who} has {count} {name} value{'s' if count != 1 else ''}: {message}")
        elif value is not None and value != focus and component != sh.SPARQLConstraintComponent:
            out.append(f"{who} has {_show(value)}: {message}")
        else:
            out.append(f"{who} {message}")
    return sorted(set(out))


_IRI_IN_TEXT = re.compile(r"https?://[^\s,;]+")


def _short_iri(match: re.Match[str]) -> str:
    from kg.export.rdf import CG

    iri = match.group(0)
    if iri.startswith(CG):
        return "cg:" + iri[len(CG):]
    return _node_name(iri).split(" ", 1)[-1]


def _show(term: Any) -> str:
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return _node_name(str(term))
    return json.dumps(str(term), ensure_ascii=False)


# -- graph.owl --------------------------------------------------------------------------


def _check_owl(path: Path) -> list[Problem]:
    """Parse as RDF/XML; every property used is declared; no fact is also denied."""
    import pyoxigraph as ox

    not_xml = list(_check_xml(path))  # pyoxigraph streams and misses a truncated file
    if not_xml:
        return [Problem(path.name, f"does not parse as RDF/XML: {not_xml[0]}")]
    try:
        with path.open("rb") as fh:
            triples = list(ox.parse(fh, format=ox.RdfFormat.RDF_XML))
    except SyntaxError as exc:
        return [Problem(path.name, f"does not parse as RDF/XML: {exc}")]
    declared: set[str] = set()
    kinds = {_OWL + k for k in ("AnnotationProperty", "ObjectProperty", "DatatypeProperty")}
    npa: dict[str, dict[str, str]] = {}
    facts: set[tuple[str, str, str]] = set()
    used: set[str] = set()
    for t in triples:
        p, o = t.predicate.value, t.object
        if p == _RDF + "type" and isinstance(o, ox.NamedNode) and o.value in kinds:
            declared.add(t.subject.value)
        if p in (_OWL + "sourceIndividual", _OWL + "assertionProperty", _OWL + "targetIndividual"):
            npa.setdefault(str(t.subject), {})[p] = o.value
        used.add(p)
        if isinstance(o, ox.NamedNode) and isinstance(t.subject, ox.NamedNode):
            facts.add((t.subject.value, p, o.value))
    builtin = (_RDF, "http://www.w3.org/2000/01/rdf-schema#", _OWL)
    out = [
        Problem(path.name, f"property <{p}> is used but not declared (not OWL 2 DL)")
        for p in sorted(used - declared)
        if not p.startswith(builtin)
    ]
    for parts in npa.values():
        triple = (
            parts.get(_OWL + "sourceIndividual", ""),
            parts.get(_OWL + "assertionProperty", ""),
            parts.get(_OWL + "targetIndividual", ""),
        )
        if triple in facts:
            s, p, o = (_node_name(x) if i != 1 else x for i, x in enumerate(triple))
            out.append(Problem(path.name, f"{s} {p} {o} is both asserted and denied (inconsistent)"))
    return out


# -- other exports (written by other exporters; checked only when present) --------------


def _check_jsonl(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            if line.strip():
                try:
                    json.loads(line)
                except json.JSONDecodeError as exc:
                    yield f"line {i} is not JSON: {exc.msg}"
                    return


def _check_xml(path: Path) -> Iterator[str]:
    try:
        ET.parse(path)
    except ET.ParseError as exc:
        yield f"does not parse as XML: {exc}"


def _check_csv_folder(path: Path) -> Iterator[str]:
    for f in sorted(path.glob("*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            rows = csv.reader(fh)
            header = next(rows, None)
            if header is None:
                continue
            for i, row in enumerate(rows, 2):
                if len(row) != len(header):
                    yield f"{f.name} row {i} has {len(row)} fields, header has {len(header)}"
                    break


def _check_nonempty(path: Path) -> Iterator[str]:
    if path.stat().st_size == 0:
        yield "is empty"


_OTHER_CHECKS = (
    ("kgx/nodes.jsonl", _check_jsonl),
    ("kgx/edges.jsonl", _check_jsonl),
    ("graph.graphml", _check_xml),
    ("neo4j", _check_csv_folder),
    ("graph.html", _check_nonempty),
    ("report.md", _check_nonempty),
)
