"""SPARQL engine benchmark: pyoxigraph vs rdflib on a synthetic graph.ttl.

Writes graph.ttl for ``kg.synthetic.synthetic_graph`` (default ~1 M triples), then for
each engine measures load time and the time of the shipped named queries. rdflib runs
in a child process with a time limit per step, because some plans never finish.

    python benchmarks/sparql.py                     # ~1 M triples
    python benchmarks/sparql.py --statements 5000   # quick look
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path

# The yardstick: a typed 2-hop query with a filter and GROUP BY (antigen <- drug -> disease).
TWO_HOP = """
PREFIX cg: <https://w3id.org/cartograph/vocab#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?antigen (COUNT(DISTINCT ?disease) AS ?diseases) (COUNT(DISTINCT ?drug) AS ?drugs)
WHERE {
  ?drug a cg:Drug ; cg:targets ?antigen ; cg:treats ?disease .
  ?antigen a cg:Antigen ; rdfs:label ?label .
  ?disease a cg:Disease .
  FILTER(!CONTAINS(LCASE(?label), "9"))
}
GROUP BY ?antigen
ORDER BY DESC(?diseases) ?antigen
LIMIT 25
"""
QUERIES = ("typed_two_hop_group_by", "treats_disease", "negated_claims", "target_expressed_depleted", "contested_claims")


def _query_text(name: str) -> str:
    from kg.query import get_named_query

    return TWO_HOP if name == "typed_two_hop_group_by" else get_named_query(name)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _oxigraph(path: Path, out: mp.Queue) -> None:
    from kg.query import load_store, run_query

    t = time.perf_counter()
    store = load_store(path)
    out.put(("load", time.perf_counter() - t, len(store)))
    for name in QUERIES:
        t = time.perf_counter()
        rows = len(run_query(store, _query_text(name)).rows)
        out.put((name, time.perf_counter() - t, rows))
    out.put(("peak RSS MB", _rss_mb(), 0))


def _rdflib(path: Path, out: mp.Queue) -> None:
    import rdflib

    g = rdflib.Graph()
    t = time.perf_counter()
    g.parse(path, format="turtle")
    out.put(("load", time.perf_counter() - t, len(g)))
    for name in QUERIES:
        t = time.perf_counter()
        rows = len(list(g.query(_query_text(name))))
        out.put((name, time.perf_counter() - t, rows))
    out.put(("peak RSS MB", _rss_mb(), 0))


def _run(engine: str, target, path: Path, limit: float) -> None:
    q: mp.Queue = mp.Queue()
    proc = mp.Process(target=target, args=(path, q))
    proc.start()
    started = time.perf_counter()
    done = 0
    while done < len(QUERIES) + 2:
        remaining = limit - (time.perf_counter() - started)
        try:
            step, secs, n = q.get(timeout=max(remaining, 0.1))
        except Exception:  # noqa: BLE001 - queue.Empty: the step did not finish in time
            print(f"{engine:10s} {'(next step)':28s} unfinished after {limit:.0f} s total", flush=True)
            proc.terminate()
            break
        done += 1
        unit = "MB" if step.startswith("peak") else "s"
        extra = "" if step.startswith("peak") else f"  ({n} {'triples' if step == 'load' else 'rows'})"
        print(f"{engine:10s} {step:28s} {secs:8.2f} {unit}{extra}", flush=True)
    proc.join()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--statements", type=int, default=48000, help="~21 triples each (default ~1 M triples)")
    ap.add_argument("--rdflib-limit", type=float, default=600, help="seconds before rdflib is stopped")
    ap.add_argument("--skip-rdflib", action="store_true")
    args = ap.parse_args(argv)

    from kg.export.rdf import write_turtle
    from kg.synthetic import synthetic_graph

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.ttl"
        t = time.perf_counter()
        graph = synthetic_graph(args.nodes, args.statements, seed=1)
        print(f"{'build':10s} {'synthetic graph':28s} {time.perf_counter() - t:8.2f} s  ({len(graph)} statements)")
        t = time.perf_counter()
        write_turtle(graph, path)
        size = path.stat().st_size / 1e6
        print(f"{'write':10s} {'graph.ttl':28s} {time.perf_counter() - t:8.2f} s  ({size:.0f} MB)", flush=True)
        _run("pyoxigraph", _oxigraph, path, 600)
        if not args.skip_rdflib:
            _run("rdflib", _rdflib, path, args.rdflib_limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
