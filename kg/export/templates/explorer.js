/* The explorer's data, filters and graphs (kg/export/viz.py builds the data).
   Event fields: k kind (e event, r relation), t type (PLOVER category or relation name),
   s source actor, o target actor (-1: none, then the event is no edge), q quad class (0: none),
   m modality, d date (YYYY, YYYY-MM or YYYY-MM-DD), p place (-1: none), g Goldstein, n number
   of source documents, c CAMEO code, l language, doc, quote, url; relations: role, vf, vt. */
var geokg = window.geokg = { ready: false, view: "actors" };
(function () {
  "use strict";
  var G = geokg;
  var ENTITY_COLORS = {{ entity_colors | tojson }}, QUAD_COLORS = {{ quad_colors | tojson }};
  var RELATION_COLOR = {{ relation_color | tojson }}, DIM = "#e4e4e4";

  G.el = function (tag, text, parent) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (parent) parent.appendChild(node);
    return node;
  };

  function utc(y, m, d) { return Math.round(Date.UTC(y, m, d) / 864e5); }
  G.iso = function (day) { return new Date(day * 864e5).toISOString().slice(0, 10); };

  // The first and last day a date stands for: "2025-06" is the whole of June.
  function period(date) {
    var m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(date || "");
    if (!m) return null;
    var y = +m[1];
    if (!m[2]) return [utc(y, 0, 1), utc(y + 1, 0, 1) - 1];
    if (!m[3]) return [utc(y, m[2] - 1, 1), utc(y, +m[2], 1) - 1];
    var day = utc(y, m[2] - 1, +m[3]);
    return [day, day];
  }

  // --- filters ----------------------------------------------------------------------------

  var F = G.filters = { cats: new Set(), quads: new Set([0, 1, 2, 3, 4]),
    mods: new Set(["asserted"]), rels: new Set(), types: new Set(Object.keys(ENTITY_COLORS)),
    langs: new Set(), country: "", minSources: 1, from: null, to: null };

  // Does fact e pass the filters (the time brush too, unless ignoreTime)?
  G.passes = function (e, ignoreTime) {
    var A = G.data.actors, src = A[e.s], dst = e.o >= 0 ? A[e.o] : null;
    if (e.k === "r") {
      if (!F.rels.has(e.t)) return false;
    } else {
      if (!F.cats.has(e.t) || !F.quads.has(e.q)) return false;
      if (!ignoreTime && F.from !== null && !(e.span && e.span[0] >= F.from && e.span[1] <= F.to)) return false;
    }
    if (!F.mods.has(e.m) || e.n < F.minSources || !F.langs.has(e.l)) return false;
    if (!F.types.has(src.type) || (dst && !F.types.has(dst.type))) return false;
    return !F.country || src.country === F.country || (dst !== null && dst.country === F.country);
  };

  function checkbox(parent, label, checked, onchange, color) {
    var row = G.el("label", null, parent), box = G.el("input", null, row);
    box.type = "checkbox"; box.checked = checked;
    box.addEventListener("change", function () { onchange(box.checked); G.apply(); });
    if (color) { var sw = G.el("span", null, row); sw.className = "swatch"; sw.style.background = color; }
    row.appendChild(document.createTextNode(label));
    return box;
  }

  function toggle(set, key) { return function (on) { if (on) set.add(key); else set.delete(key); }; }

  function distinct(values) { return Array.from(new Set(values)).sort(); }

  function buildFilters() {
    var D = G.data, events = D.events.filter(function (e) { return e.k === "e"; });
    var order = D.categories.concat(distinct(events.map(function (e) { return e.t; })));
    var quads = document.getElementById("f-quads"), usual = {}, tally = {};
    events.forEach(function (e) {  // each category listed under its most frequent quad class
      var n = tally[e.t + "|" + e.q] = (tally[e.t + "|" + e.q] || 0) + 1;
      if (!(e.t in usual) || n > tally[e.t + "|" + usual[e.t]]) usual[e.t] = e.q;
    });
    [1, 2, 3, 4, 0].forEach(function (q) {
      var cats = new Set(Object.keys(usual).filter(function (t) { return usual[t] === q; }));
      if (!events.some(function (e) { return e.q === q; })) return;
      var head = checkbox(quads, q ? D.quads[q] : "no quad class", true, toggle(F.quads, q), QUAD_COLORS[q]);
      head.dataset.quad = q; head.parentNode.className = "quad";
      order.forEach(function (cat) {
        if (!cats.has(cat) || F.cats.has(cat)) return;
        F.cats.add(cat);
        checkbox(quads, cat, true, toggle(F.cats, cat)).dataset.category = cat;
      });
    });
    ["asserted", "reported", "planned", "negated"].forEach(function (m) {
      checkbox(document.getElementById("f-modality"), m, F.mods.has(m), toggle(F.mods, m)).dataset.modality = m;
    });
    distinct(D.events.filter(function (e) { return e.k === "r"; }).map(function (e) { return e.t; })).forEach(function (r) {
      F.rels.add(r);
      checkbox(document.getElementById("f-relations"), r.replace(/_/g, " "), true, toggle(F.rels, r)).dataset.relation = r;
    });
    Object.keys(ENTITY_COLORS).forEach(function (t) {
      checkbox(document.getElementById("f-types"), t, true, toggle(F.types, t), ENTITY_COLORS[t]).dataset.type = t;
    });
    distinct(D.events.map(function (e) { return e.l; })).forEach(function (l) {
      F.langs.add(l);
      checkbox(document.getElementById("f-langs"), l, true, toggle(F.langs, l)).dataset.lang = l;
    });
    var select = document.getElementById("f-country");
    Object.keys(D.countries).sort(function (a, b) { return D.countries[a].name.localeCompare(D.countries[b].name); })
      .forEach(function (code) { var o = G.el("option", D.countries[code].name, select); o.value = code; });
    select.addEventListener("change", function () { F.country = select.value; G.apply(); });
    var sources = document.getElementById("f-sources");
    sources.addEventListener("input", function () { F.minSources = Math.max(1, +sources.value || 1); G.apply(); });
  }

  // --- the actor graph --------------------------------------------------------------------

  function edgeColor(e) { return e.k === "r" ? RELATION_COLOR : QUAD_COLORS[e.q] || QUAD_COLORS[0]; }

  // Past a few thousand facts, cheaper shapes: a software renderer (no GPU) fills thick
  // edges' pixels too slowly for a filter change to feel immediate, and draws nodes as round
  // point sprites in half the time it takes for the default circles (three vertices each).
  function large() { return G.data.events.length > 5000; }

  function actorGraph() {
    var D = G.data, g = new graphology.MultiDirectedGraph();
    var edgeType = large() ? "thin" : "line";
    D.actors.forEach(function (a, i) {
      g.addNode(String(i), { x: a.x, y: -a.y, label: a.name, color: ENTITY_COLORS[a.type] || "#999",
        size: 4 + 1.6 * Math.sqrt(Math.min(a.deg, 400)) });
    });
    D.events.forEach(function (e, i) {
      if (e.o < 0 || e.o === e.s) return;  // no target: listed in the actor's panel instead
      g.addEdgeWithKey(String(i), String(e.s), String(e.o), { color: edgeColor(e), size: 0.6 + 0.4 * Math.min(e.n, 6), type: edgeType });
    });
    return g;
  }

  function nodeReducer(key, attrs) {
    var i = +key;
    if (G.view === "countries") return attrs;
    if (!G.nodeOn[i]) return Object.assign({}, attrs, { hidden: true });
    if (G.focus && !G.focus.has(i)) return Object.assign({}, attrs, { color: DIM, label: "", zIndex: 0 });
    if (G.focus) return Object.assign({}, attrs, { zIndex: 1, highlighted: i === G.selected, forceLabel: i === G.selected });
    return attrs;
  }

  function edgeReducer(key, attrs) {
    if (G.view === "countries") return attrs;
    var i = +key, e = G.data.events[i];
    if (!G.visible[i]) return Object.assign({}, attrs, { hidden: true });
    if (G.focus && !(G.focus.has(e.s) && G.focus.has(e.o))) return Object.assign({}, attrs, { color: "#f0f0f0", zIndex: 0 });
    return attrs;
  }

  // --- the country view: one edge per dyad ------------------------------------------------

  G.countryGraph = function () {
    var D = G.data, A = D.actors, g = new graphology.UndirectedGraph(), dyads = {};
    D.events.forEach(function (e, i) {
      if (!G.visible[i] || e.k !== "e" || e.o < 0) return;
      var a = A[e.s].country, b = A[e.o].country;
      if (!a || !b || a === b) return;
      var key = a < b ? a + "|" + b : b + "|" + a;
      var d = dyads[key] || (dyads[key] = { a: a < b ? a : b, b: a < b ? b : a, n: 0, g: 0 });
      d.n += 1; d.g += e.g || 0;
    });
    Object.keys(dyads).forEach(function (key) {
      var d = dyads[key];
      [d.a, d.b].forEach(function (c) {
        if (g.hasNode(c)) { g.updateNodeAttribute(c, "n", function (n) { return n + d.n; }); return; }
        var at = G.countryPosition(c);
        g.addNode(c, { x: at[0], y: at[1], label: (D.countries[c] || { name: c }).name, n: d.n, color: ENTITY_COLORS.Country });
      });
      g.addEdgeWithKey(key, d.a, d.b, { n: d.n, goldstein: Math.round(d.g * 10) / 10,
        size: 1 + 2.5 * Math.log2(1 + d.n), label: d.n + (d.n === 1 ? " event" : " events") + ", Goldstein " + (Math.round(d.g * 10) / 10),
        color: d.g > 0 ? QUAD_COLORS[2] : d.g < 0 ? QUAD_COLORS[4] : RELATION_COLOR });
    });
    g.forEachNode(function (c, attrs) { g.setNodeAttribute(c, "size", 4 + 3 * Math.sqrt(attrs.n)); });
    return g;
  };

  // --- applying the filters ---------------------------------------------------------------

  // Which facts and actors pass the filters; the counts in the header.
  function compute() {
    var D = G.data, n = D.events.length, shown = 0;
    G.visible = new Uint8Array(n);
    G.nodeOn = new Uint8Array(D.actors.length);
    for (var i = 0; i < n; i++) {
      var e = D.events[i];
      if (!G.passes(e, false)) continue;
      G.visible[i] = 1;
      G.nodeOn[e.s] = 1;
      if (e.o >= 0) G.nodeOn[e.o] = 1;
      if (e.k === "e") shown += 1;
    }
    G.shownEvents = shown;
    document.getElementById("visible-events").textContent = shown;
    document.getElementById("visible-actors").textContent = G.nodeOn.reduce(function (a, b) { return a + b; }, 0);
  }

  G.apply = function () {
    compute();
    G.render();
    G.timeline.draw();
    if (G.selected !== null) G.showActor(G.selected);
  };

  G.render = function () {
    if (G.view === "sparql") return;
    if (G.view === "map") { G.drawMap(); return; }
    if (G.view === "countries") {
      G.countries = G.countryGraph();
      G.renderer.setGraph(G.countries);
      G.renderer.setSetting("renderEdgeLabels", G.countries.size <= 40);  // more would overprint
    } else if (G.renderer.getGraph() !== G.actors) {
      G.renderer.setGraph(G.actors);
      G.renderer.setSetting("renderEdgeLabels", false);
    }
    G.renderer.refresh();
  };

  G.setView = function (view) {
    G.view = view;
    document.querySelectorAll("#views button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.view === view));
    });
    document.getElementById("graph").hidden = view === "map" || view === "sparql";
    document.getElementById("map").hidden = view !== "map";
    var sparql = document.getElementById("sparql");
    if (sparql) sparql.hidden = view !== "sparql";
    document.getElementById("note").textContent = view === "countries"
      ? "One edge per pair of countries (events between their actors); domestic events and actors without a country are left out." : "";
    G.renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
    G.render();
  };

  function start(data) {
    G.data = data;
    data.events.forEach(function (e) { e.span = e.k === "e" ? period(e.d) : null; });
    G.selected = null; G.focus = null;
    buildFilters();
    G.actors = actorGraph();
    compute();
    G.renderer = new Sigma(G.actors, document.getElementById("graph"), {
      nodeReducer: nodeReducer, edgeReducer: edgeReducer,
      edgeProgramClasses: { thin: Sigma.rendering.EdgeLineProgram },
      nodeProgramClasses: large() ? { circle: Sigma.rendering.NodePointProgram } : {},
      labelDensity: 1, labelGridCellSize: 80, labelRenderedSizeThreshold: 5,
      hideEdgesOnMove: G.actors.size > 20000, minCameraRatio: 0.02, maxCameraRatio: 4 });
    G.renderer.on("clickNode", function (ev) {
      if (G.view === "actors") G.select(+ev.node);
      else G.filterCountry(ev.node);
    });
    G.renderer.on("clickStage", function () { G.select(null); });
    G.setupViews();
    document.querySelectorAll("#views button").forEach(function (b) {
      b.addEventListener("click", function () { G.setView(b.dataset.view); });
    });
    G.timeline.draw();  // the graph was drawn by the renderer's constructor: not twice at boot
    requestAnimationFrame(function () { G.ready = true; G.readyAt = performance.now(); });
  }

  G.filterCountry = function (code) {
    var select = document.getElementById("f-country");
    select.value = code; F.country = code; G.apply();
  };

  function load() {
    var island = document.getElementById("graph-data");
    if (island) { start(JSON.parse(island.textContent)); return; }
    fetch("api/data").then(function (r) { return r.json(); }).then(start);
  }
  G.load = load;
})();
