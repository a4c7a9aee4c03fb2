/* The explorer's timeline with its brush, map, actor panel and search (see explorer.js). */
(function () {
  "use strict";
  var G = window.geokg, el = G.el;

  function utcDay(y, m, d) { return Math.round(Date.UTC(y, m, d) / 864e5); }

  function sizeCanvas(canvas) {
    var ratio = window.devicePixelRatio || 1, w = canvas.clientWidth, h = canvas.clientHeight;
    canvas.width = Math.round(w * ratio); canvas.height = Math.round(h * ratio);
    var ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    return { ctx: ctx, w: w, h: h };
  }

  // --- timeline: event counts by day, month or year, and a brush --------------------------

  G.timeline = (function () {
    var canvas, gran, y0, m0, first, n = 0, brush = null, drag = null;

    function binOf(day) {
      if (gran === "day") return day - first;
      var d = new Date(day * 864e5);
      return gran === "month" ? (d.getUTCFullYear() - y0) * 12 + d.getUTCMonth() - m0 : d.getUTCFullYear() - y0;
    }
    function binStart(b) {
      if (gran === "day") return first + b;
      return gran === "month" ? utcDay(y0, m0 + b, 1) : utcDay(y0 + b, 0, 1);
    }
    function label(b) { return G.iso(binStart(b)).slice(0, gran === "day" ? 10 : gran === "month" ? 7 : 4); }

    function setup() {
      canvas = document.getElementById("timeline-canvas");
      var lo = Infinity, hi = -Infinity;
      G.data.events.forEach(function (e) { if (e.span) { lo = Math.min(lo, e.span[0]); hi = Math.max(hi, e.span[0]); } });
      if (lo === Infinity) return;
      var d = new Date(lo * 864e5);
      y0 = d.getUTCFullYear(); m0 = d.getUTCMonth(); first = lo;
      gran = hi - lo <= 120 ? "day" : hi - lo <= 4 * 366 ? "month" : "year";
      n = binOf(hi) + 1;
      G.data.events.forEach(function (e) { if (e.span) e.bin = binOf(e.span[0]); });
      canvas.addEventListener("mousedown", function (ev) { drag = at(ev); brush = [drag, drag]; draw(); });
      window.addEventListener("mousemove", function (ev) {
        if (drag === null) return;
        var b = at(ev); brush = [Math.min(drag, b), Math.max(drag, b)]; draw();
      });
      window.addEventListener("mouseup", function () { if (drag !== null) { drag = null; set(brush); } });
      canvas.addEventListener("dblclick", function () { set(null); });
    }

    function at(ev) {
      var r = canvas.getBoundingClientRect();
      return Math.max(0, Math.min(n - 1, Math.floor((ev.clientX - r.left) / r.width * n)));
    }

    function set(range) {
      brush = range;
      G.filters.from = range ? binStart(range[0]) : null;
      G.filters.to = range ? binStart(range[1] + 1) - 1 : null;
      document.getElementById("brush-range").textContent = range
        ? G.iso(G.filters.from) + " \u2013 " + G.iso(G.filters.to) : "all dates";
      G.apply();
    }

    function draw() {
      if (!canvas) return;
      var c = sizeCanvas(canvas), ctx = c.ctx, counts = new Array(n).fill(0), undated = 0, max = 1;
      G.data.events.forEach(function (e) {
        if (e.k !== "e" || !G.passes(e, true)) return;
        if (e.span) counts[e.bin] += 1; else undated += 1;
      });
      counts.forEach(function (v) { max = Math.max(max, v); });
      document.getElementById("undated").textContent = undated ? undated + " undated event(s) are not on the timeline" : "";
      var bw = c.w / Math.max(n, 1), base = c.h - 14;
      ctx.clearRect(0, 0, c.w, c.h);
      for (var b = 0; b < n; b++) {
        var inside = !brush || (b >= brush[0] && b <= brush[1]), h = counts[b] / max * (base - 4);
        ctx.fillStyle = inside ? "#4e79a7" : "#c9d3de";
        ctx.fillRect(b * bw + 0.5, base - h, Math.max(bw - 1, 1), h);
      }
      if (brush) {
        ctx.fillStyle = "rgba(78,121,167,0.12)";
        ctx.fillRect(brush[0] * bw, 0, (brush[1] - brush[0] + 1) * bw, base);
      }
      ctx.fillStyle = "#555"; ctx.font = "11px system-ui, sans-serif";
      var step = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(c.w / 80))));
      for (b = 0; b < n; b += step) ctx.fillText(label(b), b * bw + 2, c.h - 2);
      G.timelineCounts = counts;
    }

    return { setup: setup, draw: draw, set: set, binStart: binStart };
  })();

  // --- map: event places over Natural Earth country outlines ------------------------------

  var world = null;
  function outlines() {
    if (!world) {
      var topo = JSON.parse(document.getElementById("world-data").textContent);
      world = topojson.feature(topo, topo.objects.countries).features;
    }
    return world;
  }

  function biggestRing(geometry) {
    var rings = geometry.type === "Polygon" ? [geometry.coordinates[0]]
      : geometry.coordinates.map(function (p) { return p[0]; });
    return rings.reduce(function (a, b) { return b.length > a.length ? b : a; });
  }

  // A country's place in the countries view: the middle of its largest outline, by lon/lat.
  G.countryPosition = function (code) {
    var info = G.data.countries[code], num = info && info.num;
    var f = num && outlines().find(function (x) { return x.id === num; });
    if (!f || !f.geometry) return [0, -100];
    var ring = biggestRing(f.geometry), x = 0, y = 0;
    ring.forEach(function (p) { x += p[0]; y += p[1]; });
    return [x / ring.length, y / ring.length];
  };

  function placeCounts() {
    var counts = {};
    G.data.events.forEach(function (e, i) { if (G.visible[i] && e.p >= 0) counts[e.p] = (counts[e.p] || 0) + 1; });
    var all = Object.keys(counts).map(function (p) {
      var place = G.data.places[p];
      return { name: place.name, lat: place.lat, lon: place.lon, n: counts[p] };
    });
    var placed = all.filter(function (p) { return typeof p.lat === "number" && typeof p.lon === "number"; });
    document.getElementById("note").textContent = placed.length < all.length
      ? (all.length - placed.length) + " place(s) without coordinates are not on the map" : "";
    return placed;
  }

  G.drawMap = function () {
    var canvas = document.getElementById("map"), c = sizeCanvas(canvas), ctx = c.ctx;
    var places = placeCounts(), lon = [-170, 180], lat = [-58, 80];
    if (places.length) {  // frame the places, with some land around them
      lon = [Math.min.apply(null, places.map(function (p) { return p.lon; })) - 25, Math.max.apply(null, places.map(function (p) { return p.lon; })) + 25];
      lat = [Math.min.apply(null, places.map(function (p) { return p.lat; })) - 15, Math.max.apply(null, places.map(function (p) { return p.lat; })) + 15];
    }
    var kx = Math.cos((lat[0] + lat[1]) / 2 * Math.PI / 180);
    var scale = Math.min(c.w / ((lon[1] - lon[0]) * kx), c.h / (lat[1] - lat[0]));
    var ox = c.w / 2 - (lon[0] + lon[1]) / 2 * kx * scale, oy = c.h / 2 + (lat[0] + lat[1]) / 2 * scale;
    function px(p) { return [ox + p[0] * kx * scale, oy - p[1] * scale]; }
    ctx.fillStyle = "#eef3f7"; ctx.fillRect(0, 0, c.w, c.h);
    ctx.fillStyle = "#fff"; ctx.strokeStyle = "#b9c2cc"; ctx.lineWidth = 0.7;
    outlines().forEach(function (f) {
      if (!f.geometry) return;
      var polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
      ctx.beginPath();
      polys.forEach(function (poly) {
        poly.forEach(function (ring) {
          ring.forEach(function (p, k) {  // no line across the map where a ring crosses 180°
            var q = px(p);
            if (k && Math.abs(p[0] - ring[k - 1][0]) < 180) ctx.lineTo(q[0], q[1]); else ctx.moveTo(q[0], q[1]);
          });
          ctx.closePath();
        });
      });
      ctx.fill(); ctx.stroke();
    });
    places.sort(function (a, b) { return b.n - a.n; });
    var taken = [];
    ctx.font = "12px system-ui, sans-serif";
    places.forEach(function (p) {
      var q = px([p.lon, p.lat]); p.x = q[0]; p.y = q[1]; p.r = 3 + 2 * Math.sqrt(p.n);
      ctx.beginPath(); ctx.arc(q[0], q[1], p.r, 0, 2 * Math.PI);
      ctx.fillStyle = "rgba(203,24,29,0.55)"; ctx.fill();
      ctx.strokeStyle = "#7f0000"; ctx.stroke();
    });
    places.forEach(function (p) {  // a label only where it overprints no other label
      var text = p.name + " (" + p.n + ")", w = ctx.measureText(text).width;
      var box = [p.x + p.r + 2, p.y - 8, w, 14];
      if (taken.some(function (t) { return box[0] < t[0] + t[2] && t[0] < box[0] + box[2] && box[1] < t[1] + t[3] && t[1] < box[1] + box[3]; })) return;
      taken.push(box);
      ctx.fillStyle = "#222"; ctx.fillText(text, box[0], p.y + 4);
    });
    G.mapPlaces = places;
  };

  function mapHover(ev) {
    var r = ev.target.getBoundingClientRect(), x = ev.clientX - r.left, y = ev.clientY - r.top;
    var hit = (G.mapPlaces || []).find(function (p) { return Math.hypot(p.x - x, p.y - y) <= p.r + 2; });
    ev.target.title = hit ? hit.name + ": " + hit.n + " event(s)" : "";
  }

  // --- actor panel ------------------------------------------------------------------------

  function neighbours(i) {
    var near = new Map();
    G.data.events.forEach(function (e, k) {
      if (!G.visible[k] || e.o < 0 || (e.s !== i && e.o !== i) || e.s === e.o) return;
      var j = e.s === i ? e.o : e.s;
      near.set(j, (near.get(j) || 0) + 1);
    });
    return near;
  }

  G.select = function (i) {
    G.selected = i;
    var panel = document.getElementById("panel");
    if (i === null) { G.focus = null; panel.hidden = true; G.renderer.setSetting("zIndex", false); return; }
    G.focus = new Set([i].concat(Array.from(neighbours(i).keys())));
    G.showActor(i);
    G.renderer.setSetting("zIndex", true);  // the neighbourhood drawn over the dimmed rest; refreshes
    if (G.view !== "actors") return;
    var R = G.renderer, camera = R.getCamera();  // the camera works in normalized coordinates
    var at = R.viewportToFramedGraph(R.graphToViewport(G.actors.getNodeAttributes(String(i))));
    camera.animate({ x: at.x, y: at.y, ratio: Math.min(camera.ratio, 0.6) }, { duration: 300 });
  };

  G.expand = function (j) {
    neighbours(j).forEach(function (count, k) { G.focus.add(k); });
    G.focus.add(j);
    G.renderer.refresh();
  };

  function actorButton(j, parent) {
    var b = el("button", G.data.actors[j].name, parent);
    b.className = "link";
    b.addEventListener("click", function () { G.select(j); });
    return b;
  }

  function sourceLink(e, parent) {
    if (e.url && /^https?:\/\//i.test(e.url)) {
      var a = el("a", e.url.replace(/^https?:\/\//i, "").slice(0, 60), parent);
      a.href = e.url; a.target = "_blank"; a.rel = "noopener noreferrer";
    } else if (e.doc) {
      el("span", "document " + e.doc, parent).className = "meta";
    }
  }

  function eventItem(e, i, list) {
    var li = el("li", null, list), head = el("div", null, li);
    el("b", e.d || "undated", head);
    head.appendChild(document.createTextNode(" \u00b7 " + e.t + (e.c ? " (CAMEO " + e.c + ")" : "") +
      (e.m !== "asserted" ? " [" + e.m + "]" : "")));
    var who = el("div", null, li);
    if (e.o < 0) who.appendChild(document.createTextNode("no target"));
    else { who.appendChild(document.createTextNode(e.s === i ? "\u2192 " : "\u2190 ")); actorButton(e.s === i ? e.o : e.s, who); }
    if (e.p >= 0) who.appendChild(document.createTextNode(" in " + G.data.places[e.p].name));
    if (e.quote) el("blockquote", e.quote, li);
    sourceLink(e, el("div", null, li));
  }

  function roles(i, panel) {
    var A = G.data.actors, rows = G.data.events.filter(function (e) {
      return e.k === "r" && e.t === "holds_role" && (e.s === i || e.o === i);
    }).sort(function (a, b) { return (a.vf || "").localeCompare(b.vf || ""); });
    if (!rows.length) return;
    el("h3", "Roles over time", panel);
    var list = el("ul", null, panel);
    rows.forEach(function (e) {
      var who = e.s === i ? A[e.o] : A[e.s];
      el("li", (e.role || "role").replace(/_/g, " ") + (e.s === i ? " of " : " held by ") + who.name + ": " +
        (e.vf || "?") + " \u2013 " + (e.vt || "now"), list);
    });
  }

  G.showActor = function (i) {
    var A = G.data.actors, a = A[i], panel = document.getElementById("panel");
    panel.textContent = ""; panel.hidden = false;
    var close = el("button", "\u00d7", panel); close.className = "close"; close.title = "close (Esc)";
    close.addEventListener("click", function () { G.select(null); });
    el("h2", a.name, panel);
    var country = a.country && G.data.countries[a.country];
    el("div", [a.type, country ? country.name : null, a.wikidata].filter(Boolean).join(" \u00b7 "), panel).className = "meta";
    roles(i, panel);
    var events = [];
    G.data.events.forEach(function (e, k) { if (G.visible[k] && e.k === "e" && (e.s === i || e.o === i)) events.push(e); });
    var byCat = {};
    events.forEach(function (e) { byCat[e.t] = (byCat[e.t] || 0) + 1; });
    el("h3", "Events by category", panel);
    var table = el("table", null, panel);
    Object.keys(byCat).sort(function (x, y) { return byCat[y] - byCat[x]; }).forEach(function (cat) {
      var row = table.insertRow(); row.insertCell().textContent = cat; row.insertCell().textContent = byCat[cat];
    });
    events.sort(function (x, y) { return (y.span ? y.span[0] : -1e9) - (x.span ? x.span[0] : -1e9); });
    el("h3", events.length + " event(s), newest first", panel);
    var list = el("ol", null, panel); list.id = "actor-events";
    events.slice(0, 500).forEach(function (e) { eventItem(e, i, list); });
    var near = neighbours(i);
    el("h3", "Neighbours", panel);
    var ul = el("ul", null, panel); ul.id = "neighbours";
    Array.from(near.entries()).sort(function (x, y) { return y[1] - x[1]; }).slice(0, 100).forEach(function (pair) {
      var li = el("li", null, ul);
      actorButton(pair[0], li);
      li.appendChild(document.createTextNode(" (" + pair[1] + ") "));
      var more = el("button", "expand", li); more.className = "link expand";
      more.addEventListener("click", function () { G.expand(pair[0]); });
    });
  };

  // --- search with suggestions ------------------------------------------------------------

  function find(text) {
    var q = text.trim().toLowerCase(), A = G.data.actors, hit = -1;
    if (!q) return -1;
    for (var i = 0; i < A.length; i++) if (A[i].name.toLowerCase() === q) return i;
    for (i = 0; i < A.length && hit < 0; i++) if (A[i].name.toLowerCase().indexOf(q) >= 0) hit = i;
    return hit;
  }

  function setupSearch() {
    var input = document.getElementById("search"), list = document.getElementById("actor-names");
    Array.from(new Set(G.data.actors.map(function (a) { return a.name; }))).sort().forEach(function (name) {
      el("option", null, list).value = name;
    });
    function go() {
      var i = find(input.value);
      document.getElementById("search-result").textContent = i < 0 && input.value ? "no actor matches" : "";
      if (i >= 0) G.select(i);
    }
    input.addEventListener("change", go);
    input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") go(); });
    document.addEventListener("keydown", function (ev) {
      var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
      if (ev.key === "/" && !typing) { ev.preventDefault(); input.focus(); }
      if (ev.key === "Escape") G.select(null);
    });
  }

  // --- SPARQL (served pages only: the offline file has no endpoint to ask) ----------------

  function showAnswer(box, answer, type) {
    if (type.indexOf("json") < 0) { el("pre", answer, box); return; }
    var json = JSON.parse(answer);
    if (json.boolean !== undefined) { el("b", String(json.boolean), box); return; }
    var table = el("table", null, box), head = table.createTHead().insertRow();
    json.head.vars.forEach(function (v) { el("th", v, head); });
    json.results.bindings.forEach(function (b) {
      var row = table.insertRow();
      json.head.vars.forEach(function (v) { row.insertCell().textContent = b[v] ? b[v].value : ""; });
    });
    el("div", json.results.bindings.length + " row(s)", box).className = "meta";
  }

  function setupSparql() {
    var run = document.getElementById("sparql-run");
    if (!run) return;
    var text = document.getElementById("sparql-query"), box = document.getElementById("sparql-result");
    function ask() {
      box.textContent = "running…";
      fetch("sparql", { method: "POST", body: text.value, headers: {
        "Content-Type": "application/sparql-query",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9" } })
        .then(function (r) {
          return r.text().then(function (answer) {
            box.textContent = "";
            if (!r.ok) { el("pre", answer, box).className = "error"; return; }
            showAnswer(box, answer, r.headers.get("content-type") || "");
          });
        });
    }
    run.addEventListener("click", ask);
    text.addEventListener("keydown", function (ev) { if (ev.key === "Enter" && ev.ctrlKey) ask(); });
  }

  G.setupViews = function () {
    setupSparql();
    G.timeline.setup();
    setupSearch();
    document.getElementById("map").addEventListener("mousemove", mapHover);
    // The stage changes size with the window and when the actor panel opens or closes.
    new ResizeObserver(function () {
      G.renderer.resize();
      G.renderer.refresh();
      G.timeline.draw();
      if (G.view === "map") G.drawMap();
    }).observe(document.getElementById("stage"));
  };

  G.load();
})();
