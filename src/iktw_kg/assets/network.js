// The interactive policy–technology network. Reads the JSON embedded in the page and builds
// every element with createElement/createElementNS, textContent and setAttribute: data
// never passes through innerHTML, so a label containing markup is shown as text.
// Positions and sizes are precomputed in Python (iktw_kg.viz_layout).
(() => {
  "use strict";

  const data = JSON.parse(document.getElementById("network-data").textContent);
  const svg = document.getElementById("network");
  const SVG_NS = svg.namespaceURI; // taken from the parsed <svg>, so the page holds no URL
  const edgeLayer = document.getElementById("edges");
  const nodeLayer = document.getElementById("nodes");
  const details = document.getElementById("details");
  const legend = document.getElementById("legend");
  const status = document.getElementById("status");
  const searchBox = document.getElementById("search");
  const countrySelect = document.getElementById("country-filter");
  const technologySelect = document.getElementById("technology-filter");
  const colourSelect = document.getElementById("colour-by");
  const resetButton = document.getElementById("reset");
  const languageButtons = { ko: document.getElementById("lang-ko"), en: document.getElementById("lang-en") };

  const TEXT = {
    ko: {
      search: "검색: 이름·별칭 (Enter로 선택)",
      allCountries: "모든 국가",
      allTechnologies: "모든 기술",
      colourKind: "색: 노드 종류",
      colourCommunity: "색: 커뮤니티",
      reset: "초기화",
      nodes: "노드",
      edges: "연결",
      matches: "검색 일치",
      legend: "범례",
      size: "원 크기: 연결 중심성(degree)",
      communityNote: "색: greedy modularity 커뮤니티",
      level: (n) => (n === 0 ? "기술: 기사 표기 그대로" : `기술: SKOS 계층 ${n}단계로 묶음`),
      hint: "노드를 클릭하면 이름과 근거(기사·쪽·인용문)가 여기에 표시됩니다. 휠로 확대, 끌어서 이동. 주소 끝에 #policy/eo-14110 처럼 ID를 붙이면 그 노드가 선택된 채로 열립니다.",
      type: "종류",
      id: "ID",
      iri: "IRI",
      aliases: "별칭",
      countries: "국가",
      degree: "연결 중심성",
      betweenness: "매개 중심성",
      community: "커뮤니티",
      facts: "근거가 있는 연결",
      article: (n) => `기사 ${n}`,
      page: (p) => `${p}쪽`,
      statedAs: "기사 표기",
    },
    en: {
      search: "Search names, aliases (Enter selects)",
      allCountries: "All countries",
      allTechnologies: "All technologies",
      colourKind: "Colour: node kind",
      colourCommunity: "Colour: community",
      reset: "Reset",
      nodes: "nodes",
      edges: "edges",
      matches: "matches",
      legend: "Legend",
      size: "Circle size: degree centrality",
      communityNote: "Colour: greedy-modularity community",
      level: (n) => (n === 0 ? "Technologies as stated in the articles" : `Technologies rolled up to SKOS level ${n}`),
      hint:
        "Click a node to see its names and the evidence (article, page, quote) here. Wheel to zoom, drag to pan. " +
        "A link ending in an id (#policy/eo-14110) opens the page with that node selected.",
      type: "Kind",
      id: "ID",
      iri: "IRI",
      aliases: "Aliases",
      countries: "Countries",
      degree: "Degree centrality",
      betweenness: "Betweenness",
      community: "Community",
      facts: "Links with evidence",
      article: (n) => `Article ${n}`,
      page: (p) => `p. ${p}`,
      statedAs: "as stated",
    },
  };

  const state = { lang: data.lang, selected: null, query: "", matchCount: 0, colourBy: "kind", visible: new Set() };
  const nodes = data.nodes;
  const kindStyle = Object.fromEntries(data.style.kinds.map((kind) => [kind.id, kind]));
  const relationStyle = Object.fromEntries(data.style.relations.map((relation) => [relation.id, relation]));
  const nodeById = new Map(nodes.map((node) => [node.id, node]));
  const edgesOf = new Map(nodes.map((node) => [node.id, []]));
  const nodeElements = new Map();
  const edgeElements = [];
  const view = { x: 0, y: 0, width: data.canvas.width, height: data.canvas.height };

  const text = (key, ...args) => {
    const value = TEXT[state.lang][key];
    return typeof value === "function" ? value(...args) : value;
  };
  const label = (id) => {
    const named = nodeById.get(id) || data.technologies[id] || data.countries[id];
    return named ? named[state.lang] : id;
  };
  const element = (tag, className, content) => {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (content !== undefined) made.textContent = content;
    return made;
  };
  const svgElement = (tag, attributes) => {
    const made = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, String(value));
    return made;
  };

  // --- drawing ------------------------------------------------------------------------------

  function draw() {
    for (const edge of data.edges) {
      const source = nodeById.get(edge.source);
      const target = nodeById.get(edge.target);
      const style = relationStyle[edge.relation];
      const line = svgElement("line", {
        class: `edge rel-${edge.relation}`,
        x1: source.x,
        y1: source.y,
        x2: target.x,
        y2: target.y,
        stroke: style.colour,
      });
      if (style.dash) line.setAttribute("stroke-dasharray", style.dash);
      edgeLayer.appendChild(line);
      edgeElements.push({ edge, line });
      edgesOf.get(edge.source).push(edge);
      edgesOf.get(edge.target).push(edge);
    }
    for (const node of nodes) {
      const group = svgElement("g", { class: `node kind-${node.kind}`, tabindex: 0, role: "button" });
      group.dataset.id = node.id;
      if (node.prominent) group.classList.add("prominent");
      const circle = svgElement("circle", { cx: node.x, cy: node.y, r: node.r });
      const caption = svgElement("text", { x: node.x, y: node.y + node.r + 13 });
      const tooltip = svgElement("title", {});
      group.append(tooltip, circle, caption);
      group.addEventListener("click", () => select(node.id));
      group.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          select(node.id);
        }
      });
      nodeLayer.appendChild(group);
      nodeElements.set(node.id, { group, circle, caption, tooltip });
    }
  }

  function paint() {
    for (const node of nodes) {
      const { circle, caption, tooltip } = nodeElements.get(node.id);
      const colour =
        state.colourBy === "community"
          ? data.style.communities[node.community % data.style.communities.length]
          : kindStyle[node.kind].colour;
      circle.setAttribute("fill", colour);
      caption.textContent = node[state.lang];
      tooltip.textContent = `${node[state.lang]} (${kindStyle[node.kind][state.lang]})`;
    }
  }

  // --- filters: the same rule as iktw_kg.network.filter_network --------------------------------

  function applyFilters() {
    const country = countrySelect.value;
    const technology = technologySelect.value;
    const keptPolicies = new Set(
      nodes
        .filter((node) => node.kind === "policy")
        .filter((node) => !country || node.countries.includes(country))
        .filter((node) => !technology || node.scope.includes(technology))
        .map((node) => node.id),
    );
    const visible = new Set(keptPolicies);
    let edgeCount = 0;
    for (const { edge, line } of edgeElements) {
      const shown = keptPolicies.has(edge.source);
      line.classList.toggle("hidden", !shown);
      if (shown) {
        visible.add(edge.target);
        edgeCount += 1;
      }
    }
    for (const [id, { group }] of nodeElements) group.classList.toggle("hidden", !visible.has(id));
    state.visible = visible;
    svg.dataset.visibleNodes = String(visible.size);
    svg.dataset.visibleEdges = String(edgeCount);
    if (state.selected && !visible.has(state.selected)) select(null);
    search(state.query);
    renderStatus();
    renderLegend();
  }

  function search(query) {
    state.query = query.trim().toLocaleLowerCase();
    let count = 0;
    for (const node of nodes) {
      const names = [node.ko, node.en, node.id, node.code, ...node.aliases].filter(Boolean);
      const hit =
        state.query !== "" &&
        state.visible.has(node.id) &&
        names.some((name) => name.toLocaleLowerCase().includes(state.query));
      nodeElements.get(node.id).group.classList.toggle("match", hit);
      if (hit) count += 1;
    }
    svg.classList.toggle("searching", state.query !== "");
    state.matchCount = count;
    renderStatus();
  }

  function bestMatch() {
    return nodes
      .filter((node) => nodeElements.get(node.id).group.classList.contains("match"))
      .sort((a, b) => b.betweenness - a.betweenness || b.degree - a.degree || a.id.localeCompare(b.id))[0];
  }

  // --- selection and the side panel ---------------------------------------------------------

  function select(id) {
    state.selected = id;
    const neighbours = new Set();
    if (id) for (const edge of edgesOf.get(id)) neighbours.add(edge.source === id ? edge.target : edge.source);
    for (const [nodeId, { group }] of nodeElements) {
      group.classList.toggle("selected", nodeId === id);
      group.classList.toggle("neighbour", neighbours.has(nodeId));
    }
    for (const { edge, line } of edgeElements) line.classList.toggle("active", !!id && (edge.source === id || edge.target === id));
    svg.classList.toggle("focused", !!id);
    history.replaceState(null, "", id ? `#${encodeURIComponent(id)}` : location.pathname);
    renderDetails();
  }

  function renderDetails() {
    details.replaceChildren();
    const node = state.selected && nodeById.get(state.selected);
    if (!node) {
      details.appendChild(element("p", "note", text("hint")));
      return;
    }
    const other = state.lang === "ko" ? "en" : "ko";
    details.appendChild(element("h2", "node-label", node[state.lang]));
    details.appendChild(element("p", "other-label", node[other]));
    const facts = document.createElement("dl");
    const row = (term, value) => {
      if (value === "" || value === undefined) return;
      facts.append(element("dt", "", term), element("dd", "", value));
    };
    row(text("type"), `${kindStyle[node.kind][state.lang]} · ${node.type}`);
    row(text("id"), node.id);
    row(text("iri"), node.iri);
    row(text("aliases"), node.aliases.join(", "));
    row(text("countries"), node.countries.map((country) => label(country)).join(", "));
    row(text("degree"), `${node.degree.toFixed(3)} (${node.links})`);
    row(text("betweenness"), node.betweenness.toFixed(3));
    row(text("community"), String(node.community + 1));
    details.appendChild(facts);

    const links = edgesOf.get(node.id).filter((edge) => state.visible.has(edge.source) && state.visible.has(edge.target));
    details.appendChild(element("h2", "", `${text("facts")} (${links.length})`));
    const list = element("ul", "facts");
    const otherEnd = (edge) => (edge.source === node.id ? edge.target : edge.source);
    links.sort((a, b) => a.relation.localeCompare(b.relation) || label(otherEnd(a)).localeCompare(label(otherEnd(b))));
    for (const edge of links) list.appendChild(renderFact(node, edge, otherEnd(edge)));
    details.appendChild(list);
  }

  function renderFact(node, edge, otherId) {
    const item = element("li", "fact");
    const head = element("div", "fact-head");
    const relation = relationStyle[edge.relation];
    const badge = element("span", "relation", `${edge.source === node.id ? "→" : "←"} ${relation[state.lang]}`);
    badge.style.backgroundColor = relation.colour;
    const jump = element("button", "link", label(otherId));
    jump.type = "button";
    jump.addEventListener("click", () => select(otherId));
    head.append(badge, jump);
    item.appendChild(head);
    for (const proof of edge.evidence) {
      const block = element("div", "evidence");
      const article = data.articles[proof.article];
      const source = element("div", "source");
      source.append(
        element("span", "article-ref", article ? `${text("article", article.number)} 「${article[state.lang]}」` : proof.article),
        document.createTextNode(" · "),
        element("span", "page-ref", text("page", proof.page)),
      );
      if (proof.stated !== edge.target && proof.stated !== edge.source) {
        source.append(document.createTextNode(` · ${text("statedAs")}: `), element("span", "stated", label(proof.stated)));
      }
      block.append(source, element("blockquote", "quote", proof.quote));
      item.appendChild(block);
    }
    return item;
  }

  // --- legend, status and controls ------------------------------------------------------------

  function renderStatus() {
    const counts = `${svg.dataset.visibleNodes} ${text("nodes")} · ${svg.dataset.visibleEdges} ${text("edges")}`;
    status.textContent = state.query ? `${counts} · ${state.matchCount} ${text("matches")}` : counts;
  }

  function renderLegend() {
    legend.replaceChildren(element("h2", "", text("legend")));
    const kinds = element("ul");
    for (const style of data.style.kinds) {
      const kind = style.id;
      const shown = nodes.filter((node) => node.kind === kind && state.visible.has(node.id)).length;
      const swatch = element("span", "swatch");
      swatch.style.backgroundColor = style.colour;
      const item = element("li", `legend-kind legend-${kind}`);
      item.append(swatch, element("span", "", `${style[state.lang]} (${shown})`));
      kinds.appendChild(item);
    }
    const relations = element("ul");
    for (const style of data.style.relations) {
      const relation = style.id;
      const sample = svgElement("svg", { class: "legend-line", viewBox: "0 0 28 10" });
      const line = svgElement("line", { x1: 0, y1: 5, x2: 28, y2: 5, stroke: style.colour, "stroke-width": 2 });
      if (style.dash) line.setAttribute("stroke-dasharray", style.dash);
      sample.appendChild(line);
      const item = element("li", `legend-relation legend-${relation}`);
      item.append(sample, element("span", "", style[state.lang]));
      relations.appendChild(item);
    }
    legend.append(kinds, relations, element("p", "note", text("size")), element("p", "note", text("level", data.level)));
    if (state.colourBy === "community") legend.appendChild(element("p", "note", text("communityNote")));
  }

  function option(select, value, caption) {
    const made = element("option", "", caption);
    made.value = value;
    select.appendChild(made);
  }

  function renderControls() {
    const keep = { country: countrySelect.value, technology: technologySelect.value, colour: colourSelect.value };
    countrySelect.replaceChildren();
    option(countrySelect, "", text("allCountries"));
    const countries = Object.entries(data.countries).sort((a, b) => a[1].code.localeCompare(b[1].code));
    for (const [id, country] of countries) option(countrySelect, id, `${country.code} · ${country[state.lang]}`);
    technologySelect.replaceChildren();
    option(technologySelect, "", text("allTechnologies"));
    const technologies = Object.entries(data.technologies).sort((a, b) => a[1][state.lang].localeCompare(b[1][state.lang]));
    for (const [id, technology] of technologies) option(technologySelect, id, technology[state.lang]);
    colourSelect.replaceChildren();
    option(colourSelect, "kind", text("colourKind"));
    option(colourSelect, "community", text("colourCommunity"));
    countrySelect.value = keep.country;
    technologySelect.value = keep.technology;
    colourSelect.value = keep.colour || "kind";
    searchBox.placeholder = text("search");
    searchBox.setAttribute("aria-label", text("search"));
    resetButton.textContent = text("reset");
    document.getElementById("title").textContent = data.style.titles[state.lang];
    document.getElementById("subtitle").textContent = data.subtitle[state.lang];
    document.documentElement.lang = state.lang;
    for (const [lang, button] of Object.entries(languageButtons)) button.setAttribute("aria-pressed", String(lang === state.lang));
  }

  function setLanguage(lang) {
    state.lang = lang;
    renderControls();
    paint();
    renderStatus();
    renderLegend();
    renderDetails();
  }

  // --- pan and zoom: the SVG viewBox ---------------------------------------------------------

  function applyView() {
    svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.width} ${view.height}`);
    svg.classList.toggle("zoomed", view.width < data.canvas.width / 1.8);
  }

  function toCanvas(event) {
    const point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    return point.matrixTransform(svg.getScreenCTM().inverse());
  }

  svg.addEventListener(
    "wheel",
    (event) => {
      event.preventDefault();
      const at = toCanvas(event);
      const factor = Math.exp(event.deltaY * 0.0015);
      const width = Math.min(Math.max(view.width * factor, data.canvas.width / 12), data.canvas.width * 3);
      const scale = width / view.width;
      view.x = at.x - (at.x - view.x) * scale;
      view.y = at.y - (at.y - view.y) * scale;
      view.width = width;
      view.height *= scale;
      applyView();
    },
    { passive: false },
  );

  let drag = null;
  svg.addEventListener("pointerdown", (event) => {
    if (event.target.closest(".node")) return;
    drag = { start: toCanvas(event), moved: false };
    svg.setPointerCapture(event.pointerId);
    svg.classList.add("panning");
  });
  svg.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const at = toCanvas(event);
    view.x -= at.x - drag.start.x;
    view.y -= at.y - drag.start.y;
    drag.moved = true;
    applyView();
  });
  svg.addEventListener("pointerup", (event) => {
    if (drag && !drag.moved && !event.target.closest(".node")) select(null);
    drag = null;
    svg.classList.remove("panning");
  });

  searchBox.addEventListener("input", () => search(searchBox.value));
  searchBox.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const best = bestMatch();
    if (best) select(best.id);
  });
  countrySelect.addEventListener("change", applyFilters);
  technologySelect.addEventListener("change", applyFilters);
  colourSelect.addEventListener("change", () => {
    state.colourBy = colourSelect.value;
    paint();
    renderLegend();
  });
  for (const [lang, button] of Object.entries(languageButtons)) button.addEventListener("click", () => setLanguage(lang));
  resetButton.addEventListener("click", () => {
    searchBox.value = "";
    countrySelect.value = "";
    technologySelect.value = "";
    Object.assign(view, { x: 0, y: 0, width: data.canvas.width, height: data.canvas.height });
    applyView();
    select(null);
    applyFilters();
  });

  draw();
  renderControls();
  paint();
  applyView();
  applyFilters();
  const linked = decodeURIComponent(location.hash.slice(1)); // network.html#policy/eo-14110 opens on that node
  if (nodeById.has(linked)) select(linked);
  else renderDetails();
  svg.dataset.ready = "true";
})();
