// citegraph view: every text from the corpus is put in the page with textContent, never as HTML.
(function () {
  "use strict";
  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const DATA = read("citegraph-data");
  const META = DATA.meta;
  const PAPER = "Paper";
  const MENTIONS = "MENTIONS";
  const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
                   "#ff9da7", "#9c755f", "#8cd17d", "#86bcb6", "#d37295", "#a0cbe8", "#ffbe7d"];
  const $ = (id) => document.getElementById(id);
  const fmt = (n) => Number(n).toLocaleString("en");

  const nodes = new vis.DataSet(read("citegraph-nodes"));
  const edges = new vis.DataSet(read("citegraph-edges"));
  nodes.forEach((n) => nodes.update({id: n.id, labelColour: n.color}));
  const state = {labels: new Set(Object.keys(META.labels)), minWeight: META.minWeight,
                 papers: false, colourBy: "label"};
  const nodeView = new vis.DataView(nodes, {
    filter: (n) => (n.kind === PAPER ? state.papers : state.labels.has(n.kind)),
  });
  const edgeView = new vis.DataView(edges, {
    filter: (e) => (e.kind === MENTIONS ? state.papers : e.weight >= state.minWeight),
  });
  const network = new vis.Network($("graph"), {nodes: nodeView, edges: edgeView},
                                  read("citegraph-options"));
  const api = {network, nodes, edges, nodeView, edgeView, stabilizedAt: null, loadedAt: null};
  window.citegraph = api;

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  // Header: what the view leaves out.
  const ranked = META.rankedBy === "pagerank" ? "by PageRank" : "by papers";
  let counts = `showing ${fmt(META.shownEntities)} of ${fmt(META.totalEntities)} entities`;
  if (META.ego) {
    const centre = nodes.get(META.ego);
    counts += ` around “${centre ? centre.label : META.ego}” (depth ${META.depth}, ` +
      `${fmt(META.candidateEntities)} within reach)`;
  } else {
    counts += ` (top ${ranked})`;
  }
  counts += `, ${fmt(META.shownLinks)} of ${fmt(META.candidateLinks)} links among them` +
    ` (≥ ${META.minWeight} papers in common, heaviest first)`;
  $("counts").textContent = counts;

  function updateVisible() {
    const shownNodes = nodeView.getIds().length;
    const shownEdges = edgeView.getIds().filter((id) => {
      const e = edges.get(id);
      return nodeView.get(e.from) && nodeView.get(e.to);
    }).length;
    $("visible").textContent = `visible now: ${fmt(shownNodes)} nodes, ${fmt(shownEdges)} links`;
  }

  // Stabilise once, then stop physics so the picture holds still.
  network.once("stabilizationIterationsDone", () => {
    network.setOptions({physics: false});
    api.stabilizedAt = performance.now();
    $("layout-status").textContent =
      `Layout done in ${((api.stabilizedAt - api.loadedAt) / 1000).toFixed(1)} s.`;
  });
  network.on("stabilizationProgress", (p) => {
    $("layout-status").textContent = `Laying out… ${Math.round((100 * p.iterations) / p.total)}%`;
  });
  api.loadedAt = performance.now();
  // In a focused view, mark the entity the view is centred on.
  if (META.ego && nodes.get(META.ego)) network.selectNodes([META.ego]);

  // Colour: by label (legend of labels) or by community.
  const communityColour = {};
  nodes.forEach((n) => {
    if (n.community !== undefined && !(n.community in communityColour)) {
      communityColour[n.community] = PALETTE[Object.keys(communityColour).length % PALETTE.length];
    }
  });
  if (!META.hasCommunity) $("community-toggle").hidden = true;

  function renderLegend() {
    const legend = $("legend");
    legend.replaceChildren();
    let entries;
    if (state.colourBy === "label") {
      entries = Object.entries(META.labels);
    } else {
      const sizes = {};
      nodes.forEach((n) => { if (n.community !== undefined) sizes[n.community] = (sizes[n.community] || 0) + 1; });
      entries = Object.keys(communityColour).sort((a, b) => sizes[b] - sizes[a]).slice(0, 12)
        .map((c) => [`community ${c} (${sizes[c]})`, communityColour[c]]);
    }
    for (const [name, colour] of entries) {
      const row = el("div");
      const sw = el("span", null, "swatch");
      sw.style.background = colour;
      row.append(sw, document.createTextNode(name));
      legend.append(row);
    }
  }
  function recolour() {
    const updates = [];
    nodes.forEach((n) => {
      if (n.kind === PAPER) return;
      const colour = state.colourBy === "community" && n.community !== undefined
        ? communityColour[n.community] : n.labelColour;
      updates.push({id: n.id, color: colour});
    });
    nodes.update(updates);
    renderLegend();
  }
  document.querySelectorAll("input[name=colour]").forEach((radio) => {
    radio.addEventListener("change", () => { state.colourBy = radio.value; recolour(); });
  });
  renderLegend();

  // Filters: labels, minimum edge weight, papers on/off.
  for (const [label, colour] of Object.entries(META.labels)) {
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.label = label;
    box.addEventListener("change", () => {
      if (box.checked) state.labels.add(label); else state.labels.delete(label);
      nodeView.refresh();
      updateVisible();
    });
    const row = el("label");
    const sw = el("span", null, "swatch");
    sw.style.background = colour;
    const n = nodes.get({filter: (x) => x.kind === label}).length;
    row.append(box, document.createTextNode(" "), sw, document.createTextNode(`${label} (${fmt(n)})`));
    $("label-filters").append(row);
  }
  const weights = edges.get({filter: (e) => e.kind !== MENTIONS}).map((e) => e.weight);
  const slider = $("min-weight");
  slider.min = META.minWeight;
  slider.max = Math.max(META.minWeight, ...weights);
  slider.value = META.minWeight;
  $("min-weight-value").textContent = slider.value;
  slider.addEventListener("input", () => {
    state.minWeight = Number(slider.value);
    $("min-weight-value").textContent = slider.value;
    edgeView.refresh();
    updateVisible();
  });

  function placePapers() {
    // Physics is off by now: put each paper at the centre of what it mentions.
    const pos = network.getPositions();
    const sums = {};
    edges.forEach((e) => {
      if (e.kind !== MENTIONS || !pos[e.to]) return;
      const s = sums[e.from] || (sums[e.from] = {x: 0, y: 0, n: 0});
      s.x += pos[e.to].x; s.y += pos[e.to].y; s.n += 1;
    });
    const updates = [];
    let i = 0;
    for (const [id, s] of Object.entries(sums)) {
      const angle = (i++ * 2.4) % (2 * Math.PI);
      updates.push({id, x: s.x / s.n + 25 * Math.cos(angle), y: s.y / s.n + 25 * Math.sin(angle)});
    }
    nodes.update(updates);
  }
  $("show-papers").addEventListener("change", (ev) => {
    state.papers = ev.target.checked;
    if (state.papers) placePapers();
    nodeView.refresh();
    edgeView.refresh();
    updateVisible();
  });
  updateVisible();

  // Search: exact name or alias first, then prefix, then substring; biggest first.
  const index = [];
  const names = $("entity-names");
  nodes.forEach((n) => {
    if (n.kind === PAPER) return;
    const info = DATA.entities[n.id] || {aliases: []};
    const forms = [n.label, ...info.aliases].map((s) => String(s).toLowerCase());
    index.push({id: n.id, forms, value: n.value || 0});
    names.append(el("option", n.label));
  });
  function findEntity(query) {
    const q = String(query).trim().toLowerCase();
    if (!q) return null;
    const tiers = [(f) => f === q, (f) => f.startsWith(q), (f) => f.includes(q)];
    for (const test of tiers) {
      const hits = index.filter((x) => x.forms.some(test));
      if (hits.length) return hits.sort((a, b) => b.value - a.value)[0].id;
    }
    return null;
  }
  function search(query) {
    const id = findEntity(query);
    if (id === null) {
      $("search-status").textContent = `No shown entity matches “${String(query).trim()}”.`;
      return null;
    }
    const node = nodes.get(id);
    if (!state.labels.has(node.kind)) {
      state.labels.add(node.kind);
      document.querySelector(`input[data-label="${node.kind}"]`).checked = true;
      nodeView.refresh();
      updateVisible();
    }
    showEntity(id);
    network.selectNodes([id]);
    network.focus(id, {scale: 1.4, animation: {duration: 400, easingFunction: "easeInOutQuad"}});
    $("search-status").textContent = `Found “${node.label}”.`;
    return id;
  }
  $("search-form").addEventListener("submit", (ev) => { ev.preventDefault(); search($("search").value); });

  // Details panel.
  const body = $("details-body");
  function openDetails(...children) {
    body.replaceChildren(...children);
    if (!document.body.classList.contains("details-open")) {
      // vis scales the picture down with a narrower canvas; keep the zoom the reader chose.
      const scale = network.getScale();
      $("details").hidden = false;
      document.body.classList.add("details-open");
      network.setSize("100%", "100%");
      network.moveTo({scale});
    }
  }
  $("close-details").addEventListener("click", () => {
    $("details").hidden = true;
    document.body.classList.remove("details-open");
  });

  function paperLine(pid) {
    const p = DATA.papers[pid] || {title: pid, date: ""};
    const li = el("li");
    li.append(el("span", p.title, "paper-title"));
    li.append(el("span", p.date ? `(${p.date})` : "(undated)", "date"));
    return li;
  }
  function showEntity(id) {
    const node = nodes.get(id);
    const info = DATA.entities[id];
    if (!node || !info) return;
    const aliases = el("p", null, "aliases");
    info.aliases.forEach((a) => aliases.append(el("span", a)));
    const list = el("ul");
    info.papers.forEach((pid) => list.append(paperLine(pid)));
    const parts = [el("h2", node.label), el("p", `${node.kind} · ${fmt(info.paperCount)} papers`, "meta"),
                   el("h3", "Aliases"), aliases, el("h3", "Papers"), list];
    if (info.paperCount > info.papers.length) {
      parts.push(el("p", `… and ${fmt(info.paperCount - info.papers.length)} more`, "meta"));
    }
    openDetails(...parts);
  }
  function showPaper(id) {
    const p = DATA.papers[id];
    const mentioned = edges.get({filter: (e) => e.kind === MENTIONS && e.from === id})
      .map((e) => nodes.get(e.to)).filter(Boolean);
    const list = el("ul");
    mentioned.forEach((n) => list.append(el("li", `${n.label} (${n.kind})`)));
    openDetails(el("h2", p ? p.title : id), el("p", p && p.date ? p.date : "undated", "meta"),
                el("h3", "Mentions (shown entities)"), list);
  }
  function highlighted(text, spans) {
    // Spans are [start, end, end-of-edge] offsets computed in Python; text stays text.
    const q = el("blockquote");
    let at = 0;
    for (const [start, end, which] of spans) {
      if (start > at) q.append(document.createTextNode(text.slice(at, start)));
      q.append(el("mark", text.slice(start, end), which === 0 ? "end-a" : "end-b"));
      at = end;
    }
    if (at < text.length) q.append(document.createTextNode(text.slice(at)));
    return q;
  }
  function showEdge(id) {
    const edge = edges.get(id);
    if (!edge || edge.kind === MENTIONS) return false;
    const info = DATA.edges[Number(String(id).slice(1))];
    const a = nodes.get(edge.from), b = nodes.get(edge.to);
    const head = el("h2");
    head.append(el("mark", a.label, "end-a"), document.createTextNode(" — "), el("mark", b.label, "end-b"));
    const parts = [head, el("p", `${fmt(info.paperCount)} papers mention both`, "meta")];
    for (const [pid, sentences] of info.papers) {
      const p = DATA.papers[pid];
      const h = el("h3");
      h.append(el("span", p.title), el("span", p.date ? `(${p.date})` : "(undated)", "date"));
      parts.push(h);
      if (!sentences.length) parts.push(el("p", "(no sentence names them by these aliases)", "meta"));
      for (const [idx, spans] of sentences) parts.push(highlighted(p.sentences[idx], spans));
    }
    if (info.paperCount > info.papers.length) {
      parts.push(el("p", `… and ${fmt(info.paperCount - info.papers.length)} more papers`, "meta"));
    }
    openDetails(...parts);
    return true;
  }
  network.on("click", (params) => {
    if (params.nodes.length) {
      const n = nodes.get(params.nodes[0]);
      if (n.kind === PAPER) showPaper(n.id); else showEntity(n.id);
    } else if (params.edges.length) {
      showEdge(params.edges[0]);
    }
  });

  Object.assign(api, {search, findEntity, showEntity, showEdge, showPaper,
                      counts: () => ({nodes: nodes.length, edges: edges.length})});
})();
