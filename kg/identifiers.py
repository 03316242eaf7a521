"""CURIE prefixes and their IRIs: the one place that knows how an ID becomes a URL.

>>> curie_to_iri("CL:0000236")
'http://purl.obolibrary.org/obo/CL_0000236'
>>> curie_to_iri("HGNC:1633")
'https://identifiers.org/hgnc:1633'
>>> curie_to_iri("drugbank:DB00073")
'https://go.drugbank.com/drugs/DB00073'
>>> curie_to_iri("kg:cart-cd19")
'https://w3id.org/cartograph/entity/cart-cd19'
>>> iri_to_curie("http://purl.obolibrary.org/obo/MONDO_0007915")
'MONDO:0007915'
"""

from __future__ import annotations

import re

__all__ = [
    "ENTITY_NS",
    "KNOWN_PREFIXES",
    "PREFIX_IRIS",
    "VOCAB_NS",
    "curie_to_iri",
    "iri_to_curie",
    "mint_id",
    "normalize_prefix",
]

VOCAB_NS = "https://w3id.org/cartograph/vocab#"
ENTITY_NS = "https://w3id.org/cartograph/entity/"

_OBO = "http://purl.obolibrary.org/obo/"

# prefix -> IRI stem; OBO-style prefixes are written PREFIX_LOCAL.
PREFIX_IRIS: dict[str, str] = {
    "CL": _OBO + "CL_",
    "MONDO": _OBO + "MONDO_",
    "CHEBI": _OBO + "CHEBI_",
    "DOID": _OBO + "DOID_",
    "NCIT": _OBO + "NCIT_",
    "PR": _OBO + "PR_",
    "UBERON": _OBO + "UBERON_",
    "HP": _OBO + "HP_",
    "EFO": "http://www.ebi.ac.uk/efo/EFO_",
    "HGNC": "https://identifiers.org/hgnc:",
    "drugbank": "https://go.drugbank.com/drugs/",
    "MESH": "http://id.nlm.nih.gov/mesh/",
    "FPLX": "https://identifiers.org/fplx:",
    "UniProtKB": "http://purl.uniprot.org/uniprot/",
    "NCBIGene": "https://identifiers.org/ncbigene:",
    "ENSEMBL": "https://identifiers.org/ensembl:",
    "UMLS": "https://identifiers.org/umls:",
    "OMIM": "https://omim.org/entry/",
    "Orphanet": "http://www.orpha.net/ORDO/Orphanet_",
    "ICD10CM": "https://identifiers.org/icd10cm:",
    "ICD10WHO": "https://identifiers.org/icd:",
    "chembl.compound": "https://identifiers.org/chembl.compound:",
    "PUBCHEM": "https://identifiers.org/pubchem.compound:",
    "kg": ENTITY_NS,
}

KNOWN_PREFIXES = frozenset(PREFIX_IRIS)
_CANONICAL = {p.lower(): p for p in PREFIX_IRIS}


def normalize_prefix(curie: str) -> str:
    """Return the CURIE with its prefix spelled canonically (prefixes compare case-insensitively).

    >>> normalize_prefix("DrugBank:DB00073")
    'drugbank:DB00073'
    """
    prefix, sep, local = curie.partition(":")
    if not sep:
        raise ValueError(f"{curie!r} is not a CURIE (no ':')")
    canonical = _CANONICAL.get(prefix.lower())
    if canonical is None:
        raise ValueError(f"unknown prefix {prefix!r} in {curie!r}")
    return f"{canonical}:{local}"


def curie_to_iri(curie: str) -> str:
    """Expand a CURIE with a known prefix to its canonical IRI."""
    prefix, _, local = normalize_prefix(curie).partition(":")
    return PREFIX_IRIS[prefix] + local


def iri_to_curie(iri: str) -> str | None:
    """Compress an IRI back to a CURIE, or ``None`` when no prefix matches."""
    best: tuple[int, str] | None = None
    for prefix, stem in PREFIX_IRIS.items():
        if iri.startswith(stem) and (best is None or len(stem) > best[0]):
            best = (len(stem), prefix)
    if best is None:
        return None
    return f"{best[1]}:{iri[best[0]:]}"


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def mint_id(name: str) -> str:
    """Mint a ``kg:`` id from a name: lower case, non-alphanumerics as ``-``.

    >>> mint_id("CARv3-TEAM-E")
    'kg:carv3-team-e'
    >>> mint_id("Descartes-08")
    'kg:descartes-08'
    """
    slug = _NON_ALNUM.sub("-", name.lower()).strip("-")
    if not slug:
        raise ValueError(f"cannot mint an id from {name!r}")
    return "kg:" + slug
