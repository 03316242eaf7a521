"""graph.html: built offline from the graph, checked as text and in headless Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from browser import browser, canvas_stats, node_point, open_page  # noqa: F401 - fixture
from conftest import HOSTILE, make_small_graph

from kg.errors import UsageError
from kg.export.html import (
    focus_subgraph,
    json_for_html,
    resolve_entity,
    screenshot,
    to_html,
    to_page_data,
    write_focus_html,
    write_html,
)
from kg.graph import DocumentInfo, KnowledgeGraph
from kg.model import Certainty, Entity, Evidence, NodeType, Predicate, Statement
from kg.synthetic import synthetic_graph

# Payloads that set window.__pwned (or open a dialog) if any of them ever runs.
PAYLOADS = (
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload="window.__pwned=2">',
    "</script><script>window.__pwned=3</script>",
    "<!--<script>window.__pwned=4</script>",
    "\u2028\u2029</SCRIPT >\\u003c/script\\u003e",
    "<iframe srcdoc=\"<script>parent.__pwned=5</script>\"></iframe>",
    "javascript:alert(6)",
    "&lt;b&gt;entity&amp;",
)


def hostile_payload_graph() -> KnowledgeGraph:
    """A graph whose every text field carries a payload; one entity has a non-http prefix."""
    g = KnowledgeGraph()
    bad = " ".join(PAYLOADS)
    g.add_document(DocumentInfo("doc-x", title="Title " + bad, kind="forum"))
    g.add_entity(Entity("drugbank:DB00073", "Rituximab " + PAYLOADS[0], NodeType.DRUG,
                        (PAYLOADS[1], PAYLOADS[2]), ("javascript:alert(7)",)))
    g.add_entity(Entity("CL:0000236", "B cell " + PAYLOADS[3], NodeType.CELL_TYPE, (PAYLOADS[5],)))
    g.add_entity(Entity("javascript:alert(8)", "odd id", NodeType.ANTIGEN))
    text = "Rituximab might deplete B cells. " + bad
    g.add_statement(Statement("drugbank:DB00073", Predicate.DEPLETES, "CL:0000236",
                              certainty=Certainty.HYPOTHESISED,
                              evidence=(Evidence("doc-x", text, 0, len(text), "rules.v1", "forum",
                                                 ("might", "<script>")),)))
    g.add_statement(Statement("CL:0000236", Predicate.EXPRESSES, "javascript:alert(8)",
                              evidence=(Evidence("doc-x", PAYLOADS[4], 5, 9, "rules.v1", "forum"),)))
    return g


# -- the file, as text ----------------------------------------------------------------------


@pytest.mark.parametrize("value", [HOSTILE, *PAYLOADS, "plain", "", "\u2028", "a & b < c > d"])
def test_json_for_html_escapes_and_round_trips(value: str) -> None:
    text = json_for_html({"v": value, "list": [value]})
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"v": value, "list": [value]}


def _script_bodies(page: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>(.*?)</script>", page, flags=re.DOTALL | re.IGNORECASE)


@pytest.mark.parametrize("make", [make_small_graph, lambda: make_small_graph(True), hostile_payload_graph])
def test_page_is_self_contained_and_inert(make: Any) -> None:
    page = to_html(make())
    # exactly our three scripts: data, vis-network, app; nothing closes early
    assert len(re.findall(r"<script\b", page, flags=re.IGNORECASE)) == 4  # + one string inside vis-network
    assert len(re.findall(r"</script", page, flags=re.IGNORECASE)) == 3
    assert len(_script_bodies(page)) == 3
    assert '<script type="application/json" id="graph-data">' in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    # nothing is loaded from anywhere: no external link/src attributes in the markup
    markup = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", page, flags=re.DOTALL | re.IGNORECASE)
    assert not re.search(r"\b(src|href)\s*=", markup, flags=re.IGNORECASE)
    assert "<link" not in markup.lower()
    assert "cdn" not in markup.lower()


def test_page_data_matches_graph(small_graph: KnowledgeGraph) -> None:
    data = to_page_data(small_graph)
    assert [n["id"] for n in data["nodes"]] == [e.id for e in small_graph.entities]
    assert [e["id"] for e in data["edges"]] == [s.id for s in small_graph.statements]
    assert data["layout"] == "physics"
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["CL:0000236"]["iri"] == "http://purl.obolibrary.org/obo/CL_0000236"
    assert by_id["MONDO:0007915"]["xrefs"] == [
        {"curie": "DOID:9074", "iri": "http://purl.obolibrary.org/obo/DOID_9074"}]
    # support of a node: evidence sentences of its statements
    assert by_id["drugbank:DB00073"]["support"] == 3
    contested = [e for e in data["edges"] if e["contested"]]
    assert {(e["subject"], e["object"], e["polarity"]) for e in contested} == {
        ("drugbank:DB00073", "MONDO:0005404", "negated"),
        ("drugbank:DB00073", "MONDO:0005404", "positive"),
    }
    assert set(data["documents"]) == {"doc-a", "doc-b"}


def test_only_http_links_are_emitted() -> None:
    data = to_page_data(hostile_payload_graph())
    iris = [n["iri"] for n in data["nodes"]] + [x["iri"] for n in data["nodes"] for x in n["xrefs"]]
    assert all(i is None or i.startswith(("http://", "https://")) for i in iris)
    assert None in iris  # the javascript: id and xref get no link


def test_large_graph_gets_python_layout() -> None:
    g = synthetic_graph(60, 150)
    data = to_page_data(g, layout_threshold=50)
    assert data["layout"] == "python"
    xs = [(n["x"], n["y"]) for n in data["nodes"]]
    assert len(set(xs)) == len(xs)
    assert max(abs(v) for xy in xs for v in xy) == pytest.approx(500, abs=0.2)
    assert "x" not in to_page_data(g)["nodes"][0]


@pytest.mark.parametrize("graph", [make_small_graph(True), synthetic_graph(350, 900)], ids=["small", "large"])
def test_write_html_is_byte_identical(graph: KnowledgeGraph, tmp_path: Path) -> None:
    write_html(graph, tmp_path / "a.html")
    write_html(graph, tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


# -- focused view ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "hops", "expected"),
    [
        ("HGNC:1667", 0, {"HGNC:1667"}),
        ("CD38", 1, {"HGNC:1667", "drugbank:DB09331"}),
        ("darzalex", 1, {"drugbank:DB09331", "HGNC:1667", "CL:0000974", "MONDO:0007915"}),
        ("HGNC:1667", 2, {"HGNC:1667", "drugbank:DB09331", "CL:0000974", "MONDO:0007915"}),
        ("  Long   lived plasma CELL ", 3,
         {"CL:0000974", "drugbank:DB09331", "HGNC:1667", "MONDO:0007915", "kg:cart-cd19"}),
    ],
)
def test_focus_subgraph(small_graph: KnowledgeGraph, query: str, hops: int, expected: set[str]) -> None:
    sub = focus_subgraph(small_graph, query, hops)
    assert {e.id for e in sub.entities} == expected
    assert all(s.subject in expected and s.object in expected for s in sub.statements)
    want = [s for s in small_graph.statements if s.subject in expected and s.object in expected]
    assert sub.statements == want
    cited = {ev.document for s in want for ev in s.evidence}
    assert {d.id for d in sub.documents} == cited


@pytest.mark.parametrize(("query", "message"), [("nothing here", "no entity"), ("", "no entity")])
def test_focus_unknown_entity(small_graph: KnowledgeGraph, query: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        resolve_entity(small_graph, query)


def test_focus_ambiguous_and_negative_hops(small_graph: KnowledgeGraph) -> None:
    small_graph.add_entity(Entity("CL:0000000", "other", NodeType.CELL_TYPE, ("LLPC",)))
    with pytest.raises(UsageError, match="ambiguous"):
        resolve_entity(small_graph, "llpc")
    with pytest.raises(UsageError, match="--hops"):
        focus_subgraph(small_graph, "CD38", -1)


# -- in the browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:  # noqa: F811
    path = tmp_path_factory.mktemp("html") / "graph.html"
    write_html(make_small_graph(), path)
    page, watch = open_page(browser, path)
    yield page, watch
    page.context.close()


def test_browser_draws_graph_offline(small_page: Any, small_graph: KnowledgeGraph) -> None:
    page, watch = small_page
    counts = page.evaluate("window.cartograph.counts()")
    assert counts == {"nodes": 9, "edges": 10, "totalNodes": 9, "totalEdges": 10}
    assert page.evaluate("window.cartograph.data.nodes.length") == len(small_graph.entities)
    assert page.evaluate("window.cartograph.network.body.data.nodes.length") == len(small_graph.entities)
    stats = canvas_stats(page)
    assert stats["colours"] > 20 and stats["variance"] > 10, stats
    # physics is off once stabilised, so the layout no longer moves
    before = page.evaluate("JSON.stringify(window.cartograph.network.getPositions())")
    page.wait_for_timeout(300)
    assert page.evaluate("JSON.stringify(window.cartograph.network.getPositions())") == before
    assert page.evaluate("window.cartograph.network.physics.physicsEnabled") is False
    watch.assert_clean()


def test_browser_legend_lists_every_type_and_predicate(small_page: Any) -> None:
    page, _ = small_page
    legend = page.inner_text("#legend")
    for word in ("drug", "antigen", "cell type", "disease", "targets", "depletes", "treats",
                 "expresses", "causes", "asserted", "investigational", "hypothesised", "negated",
                 "contested"):
        assert word in legend


@pytest.mark.parametrize(
    ("query", "node"),
    [("lupus", "MONDO:0007915"), ("Darzalex", "drugbank:DB09331"), ("b cell", "CL:0000236"),
     ("CD19 CAR", "kg:cart-cd19")],
)
def test_browser_search_focuses_and_selects(small_page: Any, query: str, node: str) -> None:
    page, watch = small_page
    page.fill("#search", query)
    page.click("#search-form button[type=submit]")
    assert page.evaluate("window.cartograph.network.getSelectedNodes()") == [node]
    assert page.is_visible("#panel")
    label = page.evaluate("(id) => window.cartograph.data.nodes.find(n => n.id === id).label", node)
    assert page.inner_text("#panel h2") == label
    # focused: the node is at the middle of the view
    x, y = node_point(page, node)
    box = page.locator("#graph").bounding_box()
    assert abs(x - (box["x"] + box["width"] / 2)) < 5 and abs(y - (box["y"] + box["height"] / 2)) < 5
    watch.assert_clean()


@pytest.mark.parametrize(
    ("group", "value", "nodes", "edges"),
    [
        ("predicate", "treats", 9, 6),
        ("polarity", "negated", 9, 8),
        ("certainty", "hypothesised", 9, 8),
        ("type", "drug", 6, 1),
        ("type", "antigen", 7, 7),
    ],
)
def test_browser_filter_changes_visible(small_page: Any, group: str, value: str, nodes: int, edges: int) -> None:
    page, watch = small_page
    box = page.locator(f'#filters input[name="{group}"][value="{value}"]')
    before = page.evaluate("window.cartograph.network.getPositions()")
    box.uncheck()
    try:
        assert page.evaluate("window.cartograph.counts()")["edges"] == edges
        assert page.evaluate("window.cartograph.nodesView.length") == nodes
        drawn_edges = page.evaluate("window.cartograph.network.body.edgeIndices.length")
        assert drawn_edges == edges
        assert f"{nodes} of 9 nodes, {edges} of 10 statements" in page.inner_text("#counts")
    finally:
        box.check()
    assert page.evaluate("window.cartograph.counts()")["edges"] == 10
    # nodes that come back are drawn where they were
    assert page.evaluate("window.cartograph.network.getPositions()") == before
    watch.assert_clean()


def test_browser_click_node_opens_panel_with_evidence(small_page: Any) -> None:
    page, watch = small_page
    page.evaluate("window.cartograph.network.fit({animation: false})")
    x, y = node_point(page, "drugbank:DB09331")
    page.mouse.click(x, y)
    assert page.get_attribute("#panel", "data-kind") == "node"
    panel = page.inner_text("#panel")
    assert "Daratumumab" in panel and "Darzalex" in panel
    assert "Daratumumab targets CD38." in panel
    assert "Phase II trials of daratumumab in lupus are under way." in panel
    marks = page.eval_on_selector_all("#panel mark", "els => els.map(e => e.textContent)")
    assert marks.count("Phase II trials") == 1 and "under way" in marks and "might" in marks
    link = page.locator("#panel dd a").first
    assert link.get_attribute("href") == "https://go.drugbank.com/drugs/DB09331"
    assert link.get_attribute("rel") == "noopener noreferrer"
    watch.assert_clean()


def test_browser_click_edge_opens_statement(small_page: Any) -> None:
    page, watch = small_page
    page.evaluate("window.cartograph.network.fit({animation: false})")
    hit = page.evaluate(
        """() => {
            const net = window.cartograph.network;
            const r = document.querySelector('#graph canvas').getBoundingClientRect();
            for (const e of window.cartograph.data.edges) {
                const p = net.getPositions([e.subject, e.object]);
                for (const t of [0.5, 0.4, 0.6, 0.3, 0.7]) {
                    const c = {x: p[e.subject].x * (1 - t) + p[e.object].x * t,
                               y: p[e.subject].y * (1 - t) + p[e.object].y * t};
                    const d = net.canvasToDOM(c);
                    if (net.getNodeAt(d) === undefined && net.getEdgeAt(d) === e.id)
                        return {id: e.id, x: r.left + d.x, y: r.top + d.y};
                }
            }
            return null;
        }"""
    )
    assert hit is not None, "no edge could be hit at a clear point"
    page.mouse.click(hit["x"], hit["y"])
    assert page.get_attribute("#panel", "data-kind") == "edge"
    assert page.get_attribute("#panel section.statement", "data-statement") == hit["id"]
    edge = page.evaluate("(id) => window.cartograph.data.edges.find(e => e.id === id)", hit["id"])
    assert edge["evidence"][0]["text"] in page.inner_text("#panel")
    watch.assert_clean()


@pytest.mark.parametrize("make", [lambda: make_small_graph(True), hostile_payload_graph],
                         ids=["conftest-hostile", "payloads"])
def test_browser_hostile_text_is_inert_and_literal(browser: Any, tmp_path: Path, make: Any) -> None:  # noqa: F811
    graph = make()
    path = tmp_path / "graph.html"
    write_html(graph, path)
    page, watch = open_page(browser, path)
    try:
        drug = "drugbank:DB00073"
        assert page.evaluate("window.cartograph.data.nodes.length") == len(graph.entities)
        page.evaluate("(id) => window.cartograph.showNode(id)", drug)
        panel = page.locator("#panel")
        text = panel.inner_text()
        ent = graph.entity(drug)
        assert page.inner_text("#panel h2") == ent.label
        assert page.inner_text("#panel dd.synonyms") == "; ".join(ent.synonyms)
        for st in graph.iter_statements(subject=drug):
            for ev in st.evidence:
                got = page.eval_on_selector_all(
                    "#panel blockquote", "els => els.map(e => e.textContent)")
                assert ev.text in got
        assert '<script>alert("x")</script>' in text or "</script><script>window.__pwned=3</script>" in text
        # the only elements inside the panel are the ones the app made
        tags = set(page.eval_on_selector_all("#panel *", "els => els.map(e => e.tagName.toLowerCase())"))
        assert tags <= {"button", "div", "h2", "h3", "h4", "dl", "dt", "dd", "a", "span", "section",
                        "ul", "li", "blockquote", "mark", "p"}
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)
        # the hover tooltip is plain text too
        x, y = node_point(page, drug)
        page.mouse.move(x, y)
        page.wait_for_selector("div.vis-tooltip", state="visible")
        tip = page.locator("div.vis-tooltip")
        # vis-network sets string titles with innerText: newlines become <br>, nothing else
        kids = tip.evaluate("e => [...e.querySelectorAll('*')].map(c => c.tagName.toLowerCase())")
        assert set(kids) <= {"br"}
        squash = "".join
        assert squash(ent.label.split()) in squash(tip.evaluate("e => e.textContent").split())
        # search by a hostile synonym works and still executes nothing
        page.evaluate("(q) => window.cartograph.search(q)", ent.synonyms[-1])
        assert page.evaluate("window.cartograph.network.getSelectedNodes()") == [drug]
        assert page.evaluate("window.__pwned") is None
        assert page.evaluate("document.querySelectorAll('img, svg, iframe').length") == 0
        watch.assert_clean()
    finally:
        page.context.close()


def test_browser_large_graph_uses_fixed_positions(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    graph = synthetic_graph(400, 1200)
    path = tmp_path / "graph.html"
    write_html(graph, path)
    page, watch = open_page(browser, path)
    try:
        assert page.evaluate("window.cartograph.data.layout") == "python"
        assert page.evaluate("window.cartograph.network.physics.physicsEnabled") is False
        assert page.evaluate("window.cartograph.counts()")["nodes"] == 400
        data_xy = page.evaluate("(() => { const n = window.cartograph.data.nodes[7]; return [n.x, n.y]; })()")
        node_id = page.evaluate("window.cartograph.data.nodes[7].id")
        pos = page.evaluate("(id) => window.cartograph.network.getPositions([id])[id]", node_id)
        assert [pos["x"], pos["y"]] == pytest.approx(data_xy, abs=1)  # vis rounds positions
        assert canvas_stats(page)["variance"] > 1
        watch.assert_clean()
    finally:
        page.context.close()


def test_screenshot_writes_png(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    html_path = tmp_path / "graph.html"
    write_html(make_small_graph(), html_path)
    png = tmp_path / "graph.png"
    screenshot(html_path, png, width=800, height=600, browser=browser)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == 800 and int.from_bytes(data[20:24], "big") == 600
    assert len(data) > 10_000  # a blank 800x600 PNG compresses to ~3 kB


def test_focus_page_opens_on_its_entity(browser: Any, tmp_path: Path, small_graph: KnowledgeGraph) -> None:  # noqa: F811
    path = write_focus_html(small_graph, "CD38", 1, tmp_path / "graph-focus.html")
    page, watch = open_page(browser, path)
    try:
        assert page.evaluate("window.cartograph.counts()")["totalNodes"] == 2
        assert page.evaluate("window.cartograph.network.getSelectedNodes()") == ["HGNC:1667"]
        assert page.inner_text("#panel h2") == "CD38"
        assert "Daratumumab targets CD38." in page.inner_text("#panel")
        assert page.title() == "cartograph: CD38 and its 1-hop neighbourhood"
        watch.assert_clean()
    finally:
        page.context.close()


def test_cli_build_focus(tmp_path: Path) -> None:
    """``kg build --focus`` writes graph-focus.html inside the atomic export; unknown entity:
    exit 2 and nothing written (regression: the focus page used to be written after the swap)."""
    from click.testing import CliRunner

    import kg.cli
    from kg.api import build_graph

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    out = tmp_path / "out"
    result = CliRunner().invoke(kg.cli.main, ["-q", "build", str(seeds), "-o", str(out),
                                              "--no-cache", "-j", "1", "--focus", "Rituxan", "--hops", "2"])
    assert result.exit_code == 0, result.output
    focus = (out / "graph-focus.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', focus, flags=re.DOTALL).group(1))
    assert data["focus"] == "drugbank:DB00073"
    expected = {e.id for e in focus_subgraph(build_graph([seeds]), "Rituxan", 2).entities}
    assert {n["id"] for n in data["nodes"]} == expected
    other = tmp_path / "other"
    result = CliRunner().invoke(kg.cli.main, ["build", str(seeds), "-o", str(other), "--no-cache",
                                              "--focus", "no such thing"])
    assert result.exit_code == 2
    assert "no entity has that id, label or synonym" in result.output
    assert not other.exists()
