"""The ``kg`` command line: one click group, each command calls one public function.

Only this module prints, and only here does a :class:`kg.errors.KGError` become an
exit code and a one-line message on stderr.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from kg import __version__
from kg.errors import EXIT_INTERNAL, KGError

F = TypeVar("F", bound=Callable[..., Any])


def _handle_errors(func: F) -> F:
    """Turn KGError into a one-line message + exit code; unexpected errors into exit 70."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("kg: interrupted; nothing was written", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - last line of defence: no tracebacks for users
            if _ctx_verbose():
                raise
            click.echo(
                f"kg: internal error: {type(exc).__name__}: {exc} (run with --verbose for a traceback)",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)

    return wrapper  # type: ignore[return-value]


def _report_input(warnings: Sequence[object], skipped: Sequence[KGError], *, quiet: bool = False) -> None:
    """Warnings about decoded input and the documents ``--keep-going`` skipped (stderr)."""
    if not quiet:
        for warning in warnings:
            click.echo(f"kg: warning: {warning}", err=True)
    for exc in skipped:
        click.echo(f"kg: skipped: {exc}", err=True)
    if skipped:
        click.echo(f"kg: skipped {len(skipped)} bad input(s) (--keep-going)", err=True)


def _ctx_verbose() -> bool:
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx is not None else None
    return bool(root is not None and root.obj and root.obj.get("verbose"))


def _full_vocab_dir() -> Path:
    from kg.vocab_sources import full_vocab_dir

    return full_vocab_dir()


def _vocab_dirs(ctx: click.Context, param: click.Parameter, values: tuple[Path, ...]) -> tuple[Path, ...]:
    """``--vocab full`` -> the cached full vocabulary; other values must be existing folders."""
    out = []
    for v in values:
        path = _full_vocab_dir() if str(v) == "full" else v
        if not path.is_dir():
            hint = " (run `kg vocab import --source all` first)" if str(v) == "full" else ""
            raise click.BadParameter(f"folder {str(path)!r} does not exist{hint}.", ctx=ctx, param=param)
        out.append(path)
    return tuple(out)


def _limit_options(func: F) -> F:
    """--max-document-bytes / --max-total-bytes, passed to the readers."""
    from kg.corpus import DEFAULT_MAX_DOCUMENT_BYTES, DEFAULT_MAX_TOTAL_BYTES

    func = click.option("--max-total-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_TOTAL_BYTES,
                        show_default=True, help="Refuse input larger than this in total.")(func)
    func = click.option("--max-document-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_DOCUMENT_BYTES,
                        show_default=True, help="Refuse a document (or JSONL line) larger than this.")(func)
    return func


class _Progress:
    """One self-overwriting status line on stderr, only when stderr is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._last = 0.0
        self._shown = False

    def __call__(self, stage: str, value: int | str) -> None:
        if not self.enabled:
            return
        import time

        now = time.monotonic()
        if stage == "extracted" and now - self._last < 0.1:
            return
        self._last = now
        text = f"extracting: {value:,} documents" if stage == "extracted" else f"writing {value}"
        click.echo(f"\r\x1b[K{text}", err=True, nl=False)
        self._shown = True

    def close(self) -> None:
        if self._shown:
            click.echo("\r\x1b[K", err=True, nl=False)
            self._shown = False


def _terminate_cleanly() -> None:
    """Make SIGTERM unwind like Ctrl-C, so temporary output is removed and exports/ kept."""
    import signal

    def _raise(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _raise)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print more, and tracebacks on internal errors.")
@click.pass_context
def main(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """cartograph: build a biomedical knowledge graph from text.

    \b
    Examples:
      kg build                      # seeds/ -> exports/
      kg extract paper.txt          # entities + statements as JSON Lines
      kg query exports/graph.ttl -f kg/queries/treats_disease.rq
    """
    ctx.obj = {"quiet": quiet, "verbose": verbose}


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", default="exports", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Export folder (replaced atomically).")
@click.option("--vocab", "vocab_dirs", multiple=True, type=click.Path(path_type=Path), callback=_vocab_dirs,
              help="Extra vocabulary folder (TSVs as in ontologies/), or `full` for the imported "
                   "full ontologies (kg vocab import --source all); repeatable.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for extraction [default: all cores].")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run extraction in local processes or as a Dask bag.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Dask scheduler address (tcp://host:8786) for --engine dask.")
@click.option("--cache/--no-cache", "use_cache", default=True, show_default=True,
              help="Reuse per-document extraction results (keyed by content + vocabulary + rules).")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Extraction cache folder [default: $KG_CACHE_DIR or ~/.cache/cartograph].")
@click.option("--keep-going", is_flag=True,
              help="Skip bad documents, report them at the end, and build from the rest.")
@click.option("--focus", metavar="ENTITY", default=None,
              help="Also write graph-focus.html: the neighbourhood of ENTITY (id, label or synonym).")
@click.option("--hops", type=click.IntRange(min=0), default=1, show_default=True,
              help="Radius of the --focus neighbourhood, in statements.")
@_limit_options
@click.pass_context
@_handle_errors
def build(ctx: click.Context, paths: tuple[Path, ...], out_dir: Path, vocab_dirs: tuple[Path, ...],
          jobs: int | None, engine: str, scheduler: str | None, use_cache: bool,
          cache_dir: Path | None, keep_going: bool, focus: str | None = None, hops: int = 1,
          max_document_bytes: int = 0, max_total_bytes: int = 0) -> None:
    """Build the graph from PATHS (default: seeds/) and write every export into --out.

    \b
    Examples:
      kg build
      kg build my_papers/ -o my_exports
    """
    import os

    from kg.engine import default_cache_dir
    from kg.pipeline import build as run_build

    _terminate_cleanly()
    skipped: list[KGError] = []
    warnings: list[object] = []
    progress = _Progress(enabled=not ctx.obj["quiet"])
    try:
        graph, written = run_build(
            list(paths) or [Path("seeds")],
            out_dir,
            vocab_dirs=vocab_dirs,
            jobs=jobs or os.cpu_count() or 1,
            engine=engine,
            scheduler=scheduler,
            cache_dir=(cache_dir or default_cache_dir()) if use_cache else None,
            keep_going=keep_going,
            errors=skipped,
            warnings=warnings,
            focus=focus,
            hops=hops,
            limits={"max_document_bytes": max_document_bytes, "max_total_bytes": max_total_bytes},
            progress=progress,
        )
    except BaseException:
        progress.close()
        _report_input(warnings, skipped, quiet=ctx.obj["quiet"])
        raise
    progress.close()
    if not ctx.obj["quiet"]:
        counts = graph.counts()
        click.echo(f"documents: {graph.document_count()}", err=True)
        click.echo("entities: " + ", ".join(f"{k} {v}" for k, v in counts["entities"].items()), err=True)
        for key in ("predicates", "polarity", "certainty"):
            click.echo(f"statements by {key}: " + ", ".join(f"{k} {v}" for k, v in counts[key].items()), err=True)
        click.echo("wrote: " + ", ".join(str(p) for p in written), err=True)
    _report_input(warnings, skipped, quiet=ctx.obj["quiet"])


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@click.option("--vocab", "vocab_dirs", multiple=True, type=click.Path(path_type=Path), callback=_vocab_dirs,
              help="Extra vocabulary folder, or `full` (the imported full ontologies); repeatable.")
@click.option("--keep-going", is_flag=True, help="Skip bad documents and report them at the end.")
@_limit_options
@_handle_errors
def extract(paths: tuple[Path, ...], fmt: str, vocab_dirs: tuple[Path, ...], keep_going: bool,
            max_document_bytes: int, max_total_bytes: int) -> None:
    """Print entities and statements per document (JSON Lines, the gold-file shape).

    \b
    Examples:
      kg extract seeds/
      echo "Rituximab depletes B cells." | kg extract -
    """
    from kg.corpus import InputWarning, read_documents
    from kg.model import json_line
    from kg.pipeline import extract as run_extract
    from kg.vocabulary import load_vocabulary

    skipped: list[KGError] = []
    warnings: list[InputWarning] = []
    try:
        # read first: bad input must fail before any output is written (or vocabulary loaded)
        docs = list(read_documents([str(p) for p in paths] or ["-"], keep_going=keep_going,
                                   errors=skipped, warnings=warnings,
                                   max_document_bytes=max_document_bytes,
                                   max_total_bytes=max_total_bytes))
    finally:
        _report_input(warnings, skipped)
    if len(vocab_dirs) == 1 and vocab_dirs[0] == _full_vocab_dir():
        from kg.vocab_sources import load_vocabulary_cached  # big: compiled once, then from disk

        vocab = load_vocabulary_cached(vocab_dirs)
    else:
        vocab = load_vocabulary(vocab_dirs)
    results = list(run_extract(docs, vocab))
    for ex in results:
        if fmt == "jsonl":
            click.echo(json_line(ex.to_json()))
        else:
            for st in ex.statements:
                click.echo("\t".join([ex.document.id, st.subject, st.predicate.value, st.object,
                                      st.polarity.value, st.certainty.value]))


@main.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--predictions", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Score this JSONL instead of running extraction.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--corpus", type=click.Choice(["bc5cdr", "biored"]),
              help="GOLD is a public benchmark (PubTator or BioC XML): score mentions, MeSH/Gene "
                   "concepts and relations (CID ~ causes, Negative_Correlation ~ treats).")
@click.option("--vocab", "vocab_dirs", multiple=True, type=click.Path(path_type=Path), callback=_vocab_dirs,
              help="With --corpus: extra vocabulary folder, or `full`; repeatable.")
@_handle_errors
def evaluate(gold: Path, predictions: Path | None, as_json: bool, corpus: str | None,
             vocab_dirs: tuple[Path, ...]) -> None:
    """Score extraction against a gold JSONL file: precision, recall, F1.

    \b
    Examples:
      kg evaluate ../shared/eval/dev.jsonl
      kg evaluate gold.jsonl --predictions pred.jsonl --json
      kg evaluate ../shared/peer-corpora/bc5cdr/CDR_TestSet.PubTator.txt --corpus bc5cdr --vocab full
    """
    if corpus is not None:
        from kg.peer import format_peer_report, score_corpus

        peer = score_corpus(gold, corpus, vocab_dirs=vocab_dirs)
        click.echo(json.dumps(peer.to_json(), indent=2, sort_keys=True) if as_json else format_peer_report(peer))
        return
    from kg.evaluate import evaluate_file, format_report

    report = evaluate_file(gold, predictions)
    click.echo(json.dumps(report, indent=2, sort_keys=True) if as_json else format_report(report))


@main.group()
def vocab() -> None:
    """Extend the vocabulary from ontologies, and count what it holds."""


@vocab.command("import")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--type", "node_type", type=click.Choice(["cell_type", "antigen", "drug", "disease"]),
              help="Node type of the imported terms (required with FILE).")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Vocabulary folder to write/merge <type>s.tsv into "
                   "(default with --source: the cached full vocabulary, see `kg vocab stats full`).")
@click.option("--root", help="Take only this term (id or exact label) and its descendants.")
@click.option("--synonyms", type=click.Choice(["exact", "all"]), default="exact", show_default=True)
@click.option("--no-filters", is_flag=True, help="Keep short, common-word, broad and ambiguous names.")
@click.option("--source", type=click.Choice(["cl", "mondo", "hp", "chebi", "hgnc", "mesh", "drugbank", "all"]),
              help="Import a full ontology from the installed packages (pip install cartograph[ontologies]).")
@click.pass_context
@_handle_errors
def vocab_import(ctx: click.Context, file: Path | None, node_type: str | None, out_dir: Path | None,
                 root: str | None, synonyms: str, no_filters: bool, source: str | None) -> None:
    """Import an OBO, OWL (RDF/XML, Turtle) or OBO Graph JSON FILE, or a packaged --source.

    \b
    Examples:
      kg vocab import mondo.obo --type disease --root "autoimmune disease" -o my_vocab
      kg vocab import cl.owl --type cell_type -o my_vocab
      kg vocab import --source all            # CL, MONDO, HPO, ChEBI, HGNC, MeSH, DrugBank -> cache
      kg build papers/ --vocab my_vocab
    """
    import time

    from kg.errors import UsageError
    from kg.vocab_filters import FilterPolicy
    from kg.vocab_import import import_ontology

    policy = None if no_filters else FilterPolicy()
    started = time.perf_counter()
    if source is not None:
        if file is not None:
            raise UsageError("give either FILE or --source, not both")
        from kg.vocab_sources import full_vocab_dir, import_sources

        written = import_sources(source, out_dir or full_vocab_dir(), policy=policy)
    else:
        if file is None or node_type is None or out_dir is None:
            raise UsageError("FILE, --type and -o are required (or use --source)")
        path, n = import_ontology(file, node_type, out_dir, root=root, synonyms=synonyms, policy=policy)
        written = {path: n}
    if not ctx.find_root().obj["quiet"]:
        for path, n in written.items():
            click.echo(f"{path}: {n} terms imported", err=True)
        click.echo(f"took {time.perf_counter() - started:.1f} s", err=True)


@vocab.command("stats")
@click.argument("dirs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@_handle_errors
def vocab_stats_cmd(dirs: tuple[Path, ...], as_json: bool) -> None:
    """Count terms, synonyms and id prefixes per type: the shipped vocabulary, then DIRS.

    \b
    Examples:
      kg vocab stats
      kg vocab stats my_vocab full     # `full` = the cached full vocabulary
    """
    import importlib.resources

    from kg.vocab_import import vocab_stats
    from kg.vocab_sources import resolve_vocab_dir

    shipped = Path(str(importlib.resources.files("kg.data")))
    report = {"shipped": vocab_stats([shipped])}
    if dirs:
        report["extra"] = vocab_stats([resolve_vocab_dir(d) for d in dirs])
    if as_json:
        click.echo(json.dumps(report, indent=2, sort_keys=True))
        return
    for where, stats in report.items():
        for node_type, s in stats.items():
            prefixes = ", ".join(f"{k} {v}" for k, v in s["prefixes"].items())  # type: ignore[attr-defined]
            click.echo(f"{where}\t{node_type}\t{s['rows']} terms\t{s['synonyms']} synonyms\t"
                       f"{s['case_sensitive']} case-sensitive\t{prefixes}")


@main.command()
@click.argument("graph", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the SPARQL query from FILE.rq.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE (a string; <...> for an IRI); repeatable.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@_handle_errors
def query(graph: Path, query: str | None, query_file: Path | None, params: tuple[str, ...], fmt: str) -> None:
    """Run SPARQL over GRAPH (graph.ttl): inline text, a named query, or -f FILE.rq.

    \b
    Named queries: treats_disease, negated_claims, target_expressed_depleted, contested_claims.
    Examples:
      kg query exports/graph.ttl treats_disease --param disease=lupus
      kg query exports/graph.ttl -f kg/queries/negated_claims.rq --format csv
      kg query exports/graph.ttl 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    from kg.query import format_result, parse_params, resolve_query, run_query

    result = run_query(graph, resolve_query(query, query_file), parse_params(params))
    click.echo(format_result(result, fmt))


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.pass_context
@_handle_errors
def validate(ctx: click.Context, folder: Path) -> None:
    """Check an export FOLDER: parse every file, SHACL shapes on graph.ttl, OWL checks.

    Prints each problem in plain words and exits 4 if there is any.

    \b
    Examples:
      kg validate exports/
    """
    from kg.errors import ValidationError
    from kg.validate import check_export

    summary = check_export(folder)
    for problem in summary.problems:
        click.echo(str(problem))
    if summary.problems:
        raise ValidationError(f"{len(summary.problems)} problem(s) in {folder}")
    if not ctx.find_root().obj["quiet"]:
        click.echo(f"OK: {', '.join(summary.files)} checked; graph.ttl has {summary.triples} triples "
                   "and meets the SHACL shapes")

if __name__ == "__main__":  # pragma: no cover
    main()
