/* cartograph graph explorer. Reads the JSON in #graph-data and draws it with vis-network.
 * Every piece of text from the graph is put into the page with textContent or
 * createTextNode, never as markup; links are only the http(s) IRIs the exporter wrote. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("graph-data").textContent);
  var STYLE = DATA.style;
  var LARGE = DATA.layout === "python";
  var UNKNOWN_TYPE = { color: "#bab0ac", shape: "ellipse", label: "other" };
  var app = { data: DATA, ready: false, firstDrawMs: null, stabilizedMs: null };
  window.cartograph = app;

  // -- small DOM helpers ------------------------------------------------------------------
  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (k) {
        if (k === "text") node.textContent = props[k];
        else if (k === "className") node.className = props[k];
        else node.setAttribute(k, props[k]);
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function link(text, iri) {
    if (typeof iri === "string" && /^https?:\/\//.test(iri)) {
      return el("a", { href: iri, target: "_blank", rel: "noopener noreferrer", text: text });
    }
    return el("span", { text: text });
  }
  function typeStyle(t) { return STYLE.types[t] || UNKNOWN_TYPE; }

  // -- indexes ----------------------------------------------------------------------------
  var nodeById = {};
  DATA.nodes.forEach(function (n) { nodeById[n.id] = n; });
  var edgeById = {};
  var edgesOf = {};
  DATA.edges.forEach(function (e) {
    edgeById[e.id] = e;
    (edgesOf[e.subject] = edgesOf[e.subject] || []).push(e);
    if (e.object !== e.subject) (edgesOf[e.object] = edgesOf[e.object] || []).push(e);
  });
  function labelOf(id) { return nodeById[id] ? nodeById[id].label : id; }

  // -- filters ----------------------------------------------------------------------------
  var types = Object.keys(STYLE.types);
  if (DATA.nodes.some(function (n) { return !STYLE.types[n.type]; })) types.push("unknown");
  var filterGroups = [
    { key: "type", title: "Node type", values: types, label: function (v) { return typeStyle(v).label; } },
    { key: "predicate", title: "Predicate", values: Object.keys(STYLE.predicates) },
    { key: "polarity", title: "Polarity", values: Object.keys(STYLE.polarity) },
    { key: "certainty", title: "Certainty", values: Object.keys(STYLE.certainty) }
  ];
  var state = {};
  filterGroups.forEach(function (g) {
    state[g.key] = {};
    g.values.forEach(function (v) { state[g.key][v] = true; });
  });
  function nodeVisible(n) { return state.type[n.type] !== false; }
  function edgeVisible(e) {
    var s = nodeById[e.subject], o = nodeById[e.object];
    return state.predicate[e.predicate] !== false && state.polarity[e.polarity] !== false &&
      state.certainty[e.certainty] !== false && (!s || nodeVisible(s)) && (!o || nodeVisible(o));
  }

  // -- vis data ---------------------------------------------------------------------------
  var pairCount = {};
  function edgeSmooth(e) {
    if (LARGE) return false;
    var key = e.subject < e.object ? e.subject + "\u0000" + e.object : e.object + "\u0000" + e.subject;
    var i = pairCount[key] = (pairCount[key] === undefined ? 0 : pairCount[key] + 1);
    if (i === 0) return { enabled: true, type: "continuous", roundness: 0.2 };
    return { enabled: true, type: i % 2 ? "curvedCW" : "curvedCCW", roundness: 0.15 * Math.ceil(i / 2) + 0.1 };
  }
  function edgeTitle(e) {
    return labelOf(e.subject) + " \u2014" + e.predicate + "\u2192 " + labelOf(e.object) + "\n" +
      e.polarity + ", " + e.certainty + (e.contested ? ", contested" : "") + "\n" +
      "support " + e.support + ", belief " + e.belief;
  }
  var visNodes = new vis.DataSet(DATA.nodes.map(function (n) {
    var st = typeStyle(n.type);
    var item = {
      id: n.id, label: n.label, shape: st.shape, value: 1 + n.support,
      title: n.label + "\n" + n.id + " (" + st.label + ")",
      color: { background: st.color, border: st.color, highlight: { background: st.color, border: "#222" } }
    };
    if (LARGE) { item.x = n.x; item.y = n.y; }
    return item;
  }));
  var visEdges = new vis.DataSet(DATA.edges.map(function (e) {
    var color = e.polarity === "negated" ? STYLE.polarity.negated.color : STYLE.predicates[e.predicate].color;
    var item = {
      id: e.id, from: e.subject, to: e.object, arrows: "to", title: edgeTitle(e),
      color: { color: color, highlight: color, hover: color, inherit: false },
      dashes: STYLE.certainty[e.certainty].dashes,
      width: 1 + Math.min(4, Math.log2(1 + e.support)) + (e.contested ? 2 : 0),
      smooth: edgeSmooth(e)
    };
    if (e.contested) item.shadow = { enabled: true, color: STYLE.contested.color, size: 8, x: 0, y: 0 };
    return item;
  }));
  var nodesView = new vis.DataView(visNodes, { filter: function (item) { return nodeVisible(nodeById[item.id]); } });
  var edgesView = new vis.DataView(visEdges, { filter: function (item) { return edgeVisible(edgeById[item.id]); } });

  var options = {
    autoResize: true,
    layout: { randomSeed: 7, improvedLayout: !LARGE },
    nodes: {
      font: { size: LARGE ? 14 : 16, face: "system-ui, sans-serif" },
      scaling: { min: 8, max: 36, label: { enabled: LARGE, min: 12, max: 24, drawThreshold: LARGE ? 9 : 5, maxVisible: 30 } }
    },
    edges: { selectionWidth: 2, hoverWidth: 0.5 },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: LARGE, hideEdgesOnZoom: LARGE, multiselect: false },
    physics: LARGE ? false : {
      enabled: true, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -4000, springLength: 140, avoidOverlap: 0.2 },
      stabilization: { enabled: true, iterations: 400, updateInterval: 50, fit: true }
    }
  };

  // -- side controls ----------------------------------------------------------------------
  document.getElementById("page-title").textContent = DATA.title;
  var filters = document.getElementById("filters");
  filterGroups.forEach(function (g) {
    var fs = el("fieldset", { "data-filter": g.key }, [el("legend", { text: g.title })]);
    g.values.forEach(function (v) {
      var box = el("input", { type: "checkbox", name: g.key, value: v });
      box.checked = true;
      box.addEventListener("change", function () {
        state[g.key][v] = box.checked;
        nodesView.refresh();
        edgesView.refresh();
        updateCounts();
      });
      fs.appendChild(el("label", null, [box, " " + (g.label ? g.label(v) : v)]));
    });
    filters.appendChild(fs);
  });

  var GLYPH = { diamond: "\u25c6", triangle: "\u25b2", dot: "\u25cf", square: "\u25a0", ellipse: "\u2b2c" };
  var legend = document.getElementById("legend");
  legend.appendChild(el("h4", { text: "Legend" }));
  types.forEach(function (t) {
    var st = typeStyle(t);
    var g = el("span", { className: "glyph", text: GLYPH[st.shape] || "\u25cf" });
    g.style.color = st.color;
    legend.appendChild(el("div", { className: "legend-row" }, [g, st.label]));
  });
  function lineRow(color, css, text) {
    var line = el("span", { className: "line" });
    line.style.borderTopColor = color;
    line.style.borderTopStyle = css;
    return el("div", { className: "legend-row" }, [line, text]);
  }
  Object.keys(STYLE.predicates).forEach(function (p) { legend.appendChild(lineRow(STYLE.predicates[p].color, "solid", p)); });
  Object.keys(STYLE.certainty).forEach(function (c) { legend.appendChild(lineRow("#555", STYLE.certainty[c].css, c)); });
  legend.appendChild(lineRow(STYLE.polarity.negated.color, "solid", "negated (red)"));
  var contestedRow = lineRow("#555", "solid", "contested (glow, thick)");
  contestedRow.firstChild.style.boxShadow = "0 0 4px 2px " + STYLE.contested.color;
  legend.appendChild(contestedRow);
  legend.appendChild(el("div", { className: "hint", text: "Node size: number of evidence sentences." }));

  function counts() {
    return { nodes: nodesView.length, edges: DATA.edges.filter(edgeVisible).length,
             totalNodes: DATA.nodes.length, totalEdges: DATA.edges.length };
  }
  function updateCounts() {
    var c = counts();
    document.getElementById("counts").textContent =
      c.nodes + " of " + c.totalNodes + " nodes, " + c.edges + " of " + c.totalEdges + " statements shown";
  }
  app.counts = counts;
  updateCounts();

  // -- drawing ----------------------------------------------------------------------------
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, options);
  app.network = network;
  app.nodesView = nodesView;
  app.edgesView = edgesView;
  function markReady() {
    if (DATA.focus && nodeById[DATA.focus]) {
      network.selectNodes([DATA.focus]);
      showNode(DATA.focus);
    }
    app.ready = true;
  }
  network.once("afterDrawing", function () {
    app.firstDrawMs = performance.now();
    if (LARGE) markReady();
  });
  // nodes hidden by a filter come back where they were: keep positions in the data set
  function savePositions(ids) {
    var pos = network.getPositions(ids);
    visNodes.update(Object.keys(pos).map(function (id) { return { id: id, x: pos[id].x, y: pos[id].y }; }));
  }
  network.on("dragEnd", function (params) { if (params.nodes.length) savePositions(params.nodes); });
  if (!LARGE) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });
      savePositions();
      network.fit();
      app.stabilizedMs = performance.now();
      markReady();
    });
  }

  // -- side panel -------------------------------------------------------------------------
  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");
  document.getElementById("panel-close").addEventListener("click", function () { panel.hidden = true; });

  function highlight(text, cues) {
    var spans = [];
    var lower = text.toLowerCase();
    (cues || []).forEach(function (cue) {
      var c = String(cue).toLowerCase();
      if (!c) return;
      for (var at = lower.indexOf(c); at !== -1; at = lower.indexOf(c, at + c.length)) spans.push([at, at + c.length]);
    });
    spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var frag = el("blockquote");
    var pos = 0;
    spans.forEach(function (s) {
      if (s[0] < pos) return;
      if (s[0] > pos) frag.appendChild(document.createTextNode(text.slice(pos, s[0])));
      frag.appendChild(el("mark", { text: text.slice(s[0], s[1]) }));
      pos = s[1];
    });
    if (pos < text.length) frag.appendChild(document.createTextNode(text.slice(pos)));
    return frag;
  }

  function renderStatement(e) {
    var badges = [el("span", { className: "badge " + e.polarity, text: e.polarity }),
                  el("span", { className: "badge " + e.certainty, text: e.certainty })];
    if (e.contested) badges.push(el("span", { className: "badge contested", text: "contested" }));
    var evidence = el("ul", { className: "evidence" });
    e.evidence.forEach(function (ev) {
      var doc = DATA.documents[ev.document];
      var src = (doc && doc.title ? doc.title + " \u2014 " : "") + ev.document + " (" + ((doc && doc.kind) || ev.kind) + ")";
      evidence.appendChild(el("li", null, [highlight(ev.text, ev.cues), el("div", { className: "source", text: src })]));
    });
    return el("section", { className: "statement", "data-statement": e.id }, [
      el("h3", { text: labelOf(e.subject) + " \u2014" + e.predicate + "\u2192 " + labelOf(e.object) }),
      el("div", null, badges.concat([" support " + e.support + " \u00b7 belief " + e.belief])),
      evidence
    ]);
  }

  function showNode(id) {
    var n = nodeById[id];
    if (!n) return;
    panelBody.replaceChildren();
    panelBody.appendChild(el("h2", { text: n.label }));
    var dl = el("dl");
    dl.appendChild(el("dt", { text: "ID" }));
    dl.appendChild(el("dd", null, [link(n.id, n.iri)]));
    dl.appendChild(el("dt", { text: "Type" }));
    dl.appendChild(el("dd", { text: typeStyle(n.type).label }));
    if (n.synonyms.length) {
      dl.appendChild(el("dt", { text: "Synonyms" }));
      dl.appendChild(el("dd", { className: "synonyms", text: n.synonyms.join("; ") }));
    }
    if (n.xrefs.length) {
      var dd = el("dd");
      n.xrefs.forEach(function (x, i) { if (i) dd.appendChild(document.createTextNode(", ")); dd.appendChild(link(x.curie, x.iri)); });
      dl.appendChild(el("dt", { text: "Xrefs" }));
      dl.appendChild(dd);
    }
    panelBody.appendChild(dl);
    var sts = edgesOf[id] || [];
    panelBody.appendChild(el("h4", { text: "Statements (" + sts.length + ")" }));
    sts.slice(0, 200).forEach(function (e) { panelBody.appendChild(renderStatement(e)); });
    if (sts.length > 200) panelBody.appendChild(el("p", { className: "hint", text: (sts.length - 200) + " more not shown" }));
    panel.hidden = false;
    panel.setAttribute("data-kind", "node");
  }

  function showEdge(id) {
    var e = edgeById[id];
    if (!e) return;
    panelBody.replaceChildren();
    panelBody.appendChild(el("h2", { text: "Statement" }));
    panelBody.appendChild(renderStatement(e));
    panel.hidden = false;
    panel.setAttribute("data-kind", "edge");
  }
  app.showNode = showNode;
  app.showEdge = showEdge;

  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // -- search -----------------------------------------------------------------------------
  var names = document.getElementById("search-names");
  var seen = {};
  DATA.nodes.forEach(function (n) {
    [n.label].concat(n.synonyms).forEach(function (s) {
      if (seen[s]) return;
      seen[s] = true;
      names.appendChild(el("option", { value: s }));
    });
  });
  function norm(s) { return String(s).toLowerCase().replace(/\s+/g, " ").trim(); }
  function search(query) {
    var q = norm(query);
    if (!q) return null;
    var best = null, bestRank = 9;
    DATA.nodes.forEach(function (n) {
      [n.label].concat(n.synonyms, [n.id]).forEach(function (s, i) {
        var t = norm(s);
        var rank = t === q ? (i === 0 ? 0 : 1) : t.indexOf(q) === 0 ? 2 : t.indexOf(q) !== -1 ? 3 : 9;
        if (rank < bestRank) { bestRank = rank; best = n; }
      });
    });
    var status = document.getElementById("search-status");
    if (!best) { status.textContent = "no match"; return null; }
    if (state.type[best.type] === false) {
      state.type[best.type] = true;
      var box = document.querySelector('#filters input[name="type"][value="' + CSS.escape(best.type) + '"]');
      if (box) box.checked = true;
      nodesView.refresh();
      edgesView.refresh();
      updateCounts();
    }
    status.textContent = best.label;
    network.selectNodes([best.id]);
    network.focus(best.id, { scale: LARGE ? 1.5 : 1.2, animation: false });
    showNode(best.id);
    return best.id;
  }
  app.search = search;
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(document.getElementById("search").value);
  });
})();
