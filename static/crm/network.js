/* The network of the home city's ties, drawn with the vendored Cytoscape from GET /api/graph/.
 * Configuration (URLs, translated labels) comes from the page as JSON in #network-config.
 * Issue 15 item 19: the layout spreads the entities in rings by distance from the home and, within a ring, in
 * sectors by kind (a partner's own partners sit beside it, which keeps edges from crossing); labels wrap whole at a
 * readable size (the first view never zooms out below READABLE_ZOOM); checkboxes filter the ties by kind and status;
 * a click on an entity focuses on its neighbourhood (everything else fades) and offers its record. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("network-config").textContent);
  var container = document.getElementById("network");
  var status = document.getElementById("network-status");
  var info = document.getElementById("network-info");

  // One look per entity kind: a shape and a colour (the legend is built from the same table).
  var NODE_STYLES = {
    city: { shape: "ellipse", color: "#1565c0" },
    county: { shape: "ellipse", color: "#42a5f5" },
    district: { shape: "ellipse", color: "#64b5f6" },
    province: { shape: "round-rectangle", color: "#0d47a1" },
    consulate: { shape: "diamond", color: "#6a1b9a" },
    embassy: { shape: "diamond", color: "#ab47bc" },
    enterprise: { shape: "rectangle", color: "#ef6c00" },
    school: { shape: "triangle", color: "#2e7d32" },
    university: { shape: "triangle", color: "#1b5e20" },
    organisation: { shape: "hexagon", color: "#00838f" },
    person: { shape: "pentagon", color: "#ad1457" }
  };
  var OTHER_NODE = { shape: "ellipse", color: "#9e9e9e" };
  var DOMESTIC_BORDER = "#b71c1c";

  var EDGE_COLORS = {
    sister_city: "#c62828",
    friendly_exchange: "#ef6c00",
    friendly_district: "#f9a825",
    friendly_school: "#2e7d32",
    friendly_enterprise: "#6d4c41",
    friendly_organisation: "#00838f",
    cooperation: "#1565c0",
    membership: "#5e35b1",
    position: "#757575",
    introducer: "#9e9d24"
  };
  // Before the agreement is signed a tie is drawn dashed; a tie that is no longer active is faded.
  var PRE_SIGNING = ["contact", "intent", "loi_signed", "applied", "approved", "returned"];
  var FADED = ["dormant", "ended", "upgraded"];

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function setStatus(text, isError) {
    status.textContent = text;
    status.classList.toggle("form-error", Boolean(isError));
    status.hidden = !text;
  }

  // Shapes drawn in SVG for the legend, matching Cytoscape's node shapes closely enough to read.
  function legendShape(shape, color, border) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("viewBox", "0 0 18 18");
    svg.setAttribute("aria-hidden", "true");
    var item;
    var points = {
      diamond: "9,1 17,9 9,17 1,9",
      triangle: "9,2 17,16 1,16",
      hexagon: "5,2 13,2 17,9 13,16 5,16 1,9",
      pentagon: "9,1 17,7 14,17 4,17 1,7"
    }[shape];
    if (points) {
      item = document.createElementNS(ns, "polygon");
      item.setAttribute("points", points);
    } else if (shape === "rectangle" || shape === "round-rectangle") {
      item = document.createElementNS(ns, "rect");
      item.setAttribute("x", "2"); item.setAttribute("y", "3");
      item.setAttribute("width", "14"); item.setAttribute("height", "12");
      if (shape === "round-rectangle") { item.setAttribute("rx", "3"); }
    } else {
      item = document.createElementNS(ns, "circle");
      item.setAttribute("cx", "9"); item.setAttribute("cy", "9"); item.setAttribute("r", "7");
    }
    item.setAttribute("fill", color);
    item.setAttribute("stroke", border || "#ffffff");
    item.setAttribute("stroke-width", border ? "2.5" : "1");
    svg.appendChild(item);
    return svg;
  }

  function legendLine(color, dashed, faded) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "32");
    svg.setAttribute("height", "10");
    svg.setAttribute("aria-hidden", "true");
    var line = document.createElementNS(ns, "line");
    line.setAttribute("x1", "1"); line.setAttribute("y1", "5"); line.setAttribute("x2", "31"); line.setAttribute("y2", "5");
    line.setAttribute("stroke", color);
    line.setAttribute("stroke-width", "3");
    if (dashed) { line.setAttribute("stroke-dasharray", "5,3"); }
    if (faded) { line.setAttribute("stroke-opacity", "0.3"); }
    svg.appendChild(line);
    return svg;
  }

  function legendItem(symbol, text) {
    var li = el("li");
    li.appendChild(symbol);
    li.appendChild(document.createTextNode(" " + text));
    return li;
  }

  // The legend lists only what the drawing shows, so it stays short on a small network.
  function buildLegend(nodeKinds, edgeKinds, hasDomestic) {
    var legend = document.getElementById("network-legend");
    legend.textContent = "";
    var nodes = el("ul", { "class": "legend-list" });
    nodeKinds.forEach(function (kind) {
      var style = NODE_STYLES[kind] || OTHER_NODE;
      nodes.appendChild(legendItem(legendShape(style.shape, style.color), config.labels.entity_kinds[kind] || kind));
    });
    if (hasDomestic) {
      nodes.appendChild(legendItem(legendShape("ellipse", "#ffffff", DOMESTIC_BORDER), config.labels.domestic));
    }
    var edges = el("ul", { "class": "legend-list" });
    edgeKinds.forEach(function (kind) {
      edges.appendChild(legendItem(legendLine(EDGE_COLORS[kind] || "#999999"), config.labels.relation_kinds[kind] || kind));
    });
    edges.appendChild(legendItem(legendLine("#555555", false, false), config.labels.signed));
    edges.appendChild(legendItem(legendLine("#555555", true, false), config.labels.pre_signing));
    edges.appendChild(legendItem(legendLine("#555555", false, true), config.labels.inactive));
    legend.appendChild(el("h3", {}, config.labels.legend_entities));
    legend.appendChild(nodes);
    legend.appendChild(el("h3", {}, config.labels.legend_ties));
    legend.appendChild(edges);
  }

  // Rings around the centre: distance in ties from the home entity, computed on the client from the edges.
  function depths(graph, centerId) {
    var adjacent = {};
    graph.edges.forEach(function (edge) {
      (adjacent[edge.source] = adjacent[edge.source] || []).push(edge.target);
      (adjacent[edge.target] = adjacent[edge.target] || []).push(edge.source);
    });
    var depth = {};
    depth[centerId] = 0;
    var queue = [centerId];
    while (queue.length) {
      var current = queue.shift();
      (adjacent[current] || []).forEach(function (next) {
        if (depth[next] === undefined) { depth[next] = depth[current] + 1; queue.push(next); }
      });
    }
    return depth;
  }

  function showEdge(data) {
    info.textContent = "";
    var p = el("p");
    p.appendChild(el("strong", {}, data.sourceLabel + " – " + data.targetLabel));
    p.appendChild(el("br"));
    p.appendChild(document.createTextNode(
      (config.labels.relation_kinds[data.kind] || data.kind) + " · " + (config.labels.statuses[data.status] || data.status)));
    if (data.relationId) {
      p.appendChild(el("br"));
      p.appendChild(el("a", { href: config.relation_url.replace("{id}", String(data.relationId)) }, config.labels.open_tie));
    }
    info.appendChild(p);
  }

  var READABLE_ZOOM = 0.7;  // 15 px labels stay at least ~10.5 px on screen in the first view
  var NODE_ARC = 125;  // model px of ring per entity: room for a wrapped label
  var RING_STEP = 170;  // model px between rings

  // Rings by distance; in ring 1 sectors by kind (then country, then name); in outer rings each entity sits at the
  // mean angle of its neighbours one ring in, ties broken by kind, then the ring is spaced evenly in that order.
  function ringLayout(nodes, adjacency) {
    var rings = {};
    nodes.forEach(function (node) { (rings[node.data.depth] = rings[node.data.depth] || []).push(node.data); });
    var angle = {}, positions = {}, previousRadius = 0;
    Object.keys(rings).map(Number).sort(function (a, b) { return a - b; }).forEach(function (depth) {
      var ring = rings[depth];
      if (depth === 0) {
        ring.forEach(function (data, i) { positions[data.id] = { x: i * 60, y: 0 }; angle[data.id] = 0; });
        return;
      }
      ring.forEach(function (data) {
        var inner = (adjacency[data.id] || []).filter(function (id) { return angle[id] !== undefined && depth > 1; });
        if (inner.length) {
          var sx = 0, sy = 0;
          inner.forEach(function (id) { sx += Math.cos(angle[id]); sy += Math.sin(angle[id]); });
          data.sortKey = [Math.atan2(sy, sx), data.kind, data.label];
        } else {
          data.sortKey = [depth > 1 ? Math.PI : 0, data.kind, (data.country || "") + " " + data.label];
        }
      });
      ring.sort(function (a, b) {
        for (var k = 0; k < 3; k++) {
          if (a.sortKey[k] < b.sortKey[k]) { return -1; }
          if (a.sortKey[k] > b.sortKey[k]) { return 1; }
        }
        return 0;
      });
      var radius = Math.max(previousRadius + RING_STEP, ring.length * NODE_ARC / (2 * Math.PI));
      previousRadius = radius;
      var start = depth > 1 ? ring[0].sortKey[0] : -Math.PI / 2;
      ring.forEach(function (data, i) {
        var a = start + (2 * Math.PI * i) / ring.length;
        angle[data.id] = a;
        positions[data.id] = { x: radius * Math.cos(a), y: radius * Math.sin(a) };
      });
    });
    return positions;
  }

  function checkboxGroup(title, values, labelOf, name) {
    var fieldset = el("fieldset", { "class": "network-filter", "id": "network-filter-" + name });
    fieldset.appendChild(el("legend", {}, title));
    values.forEach(function (value) {
      var label = el("label");
      var box = el("input", { type: "checkbox", name: name, value: value });
      box.checked = true;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + labelOf(value)));
      fieldset.appendChild(label);
    });
    return fieldset;
  }

  function draw(graph) {
    if (!graph.nodes.length) {
      setStatus(config.labels.empty, false);
      return;
    }
    var centerId = String(config.center);
    var depth = depths({ edges: graph.edges.map(function (e) { return { source: String(e.source), target: String(e.target) }; }) },
      centerId);
    var maxDepth = 0;
    Object.keys(depth).forEach(function (key) { maxDepth = Math.max(maxDepth, depth[key]); });
    var adjacency = {};
    graph.edges.forEach(function (e) {
      var s = String(e.source), t = String(e.target);
      (adjacency[s] = adjacency[s] || []).push(t);
      (adjacency[t] = adjacency[t] || []).push(s);
    });
    var labels = {};
    var nodeKinds = [];
    var hasDomestic = false;
    var elements = graph.nodes.map(function (node) {
      var style = NODE_STYLES[node.kind] || OTHER_NODE;
      var id = String(node.id);
      labels[id] = node.label;
      if (nodeKinds.indexOf(node.kind) < 0) { nodeKinds.push(node.kind); }
      hasDomestic = hasDomestic || Boolean(node.domestic);
      return {
        group: "nodes",
        data: {
          id: id, label: node.label, kind: node.kind, country: node.country || "",
          url: node.url || config.entity_url.replace("{id}", id), shape: style.shape, color: style.color,
          depth: depth[id] === undefined ? maxDepth + 1 : depth[id]
        },
        classes: [node.domestic ? "domestic" : "foreign", id === centerId ? "center" : ""].join(" ").trim()
      };
    });
    var edgeKinds = [];
    graph.edges.forEach(function (edge) {
      if (edgeKinds.indexOf(edge.kind) < 0) { edgeKinds.push(edge.kind); }
      var source = String(edge.source), target = String(edge.target);
      var classes = [];
      if (PRE_SIGNING.indexOf(edge.status) >= 0) { classes.push("pre-signing"); }
      if (FADED.indexOf(edge.status) >= 0) { classes.push("inactive"); }
      elements.push({
        group: "edges",
        data: {
          id: "e" + (edge.id !== undefined ? edge.id : source + "-" + target + "-" + edge.kind),
          relationId: edge.id, source: source, target: target, kind: edge.kind, status: edge.status,
          color: EDGE_COLORS[edge.kind] || "#999999", sourceLabel: labels[source] || "", targetLabel: labels[target] || ""
        },
        classes: classes.join(" ")
      });
    });
    nodeKinds.sort();
    edgeKinds.sort();
    buildLegend(nodeKinds, edgeKinds, hasDomestic);

    var cy = window.cytoscape({
      container: container,
      elements: elements,
      minZoom: 0.2,
      maxZoom: 3,
      style: [
        { selector: "node", style: {
          "shape": "data(shape)", "background-color": "data(color)", "label": "data(label)",
          "font-size": 15, "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "wrap",
          "text-max-width": 115, "width": 24, "height": 24, "border-width": 1, "border-color": "#ffffff",
          "color": "#263238", "text-background-color": "#ffffff", "text-background-opacity": 0.7,
          "text-background-padding": 1 } },
        { selector: "node.domestic", style: { "border-width": 4, "border-color": DOMESTIC_BORDER } },
        { selector: "node.center", style: { "width": 40, "height": 40, "font-size": 17, "font-weight": "bold" } },
        { selector: ".filtered", style: { "display": "none" } },
        { selector: ".faded", style: { "opacity": 0.12 } },
        { selector: "node.focused", style: { "border-width": 4, "border-color": "#263238", "z-index": 10 } },
        { selector: "node:selected", style: { "overlay-opacity": 0.15, "overlay-color": "#000000" } },
        { selector: "edge", style: {
          "line-color": "data(color)", "width": 2.5, "curve-style": "bezier", "opacity": 0.9 } },
        { selector: "edge.pre-signing", style: { "line-style": "dashed", "line-dash-pattern": [6, 4] } },
        { selector: "edge.inactive", style: { "opacity": 0.25 } },
        { selector: "edge:selected", style: { "width": 5 } }
      ],
      layout: {
        name: "preset", fit: false, animate: false,
        positions: ringLayout(elements.filter(function (e) { return e.group === "nodes"; }), adjacency)
      }
    });

    function readableView(eles) {
      cy.fit(eles, 30);
      if (cy.zoom() < READABLE_ZOOM) {
        cy.zoom(READABLE_ZOOM);
        cy.center(eles.length === 1 ? eles : cy.$id(centerId));
      }
    }

    function showNode(node) {
      info.textContent = "";
      var p = el("p");
      p.appendChild(el("strong", {}, node.data("label")));
      p.appendChild(el("br"));
      p.appendChild(document.createTextNode(config.labels.entity_kinds[node.data("kind")] || node.data("kind")));
      p.appendChild(el("br"));
      p.appendChild(el("a", { href: node.data("url"), id: "network-open-entity" }, config.labels.open_entity));
      info.appendChild(p);
      var all = el("button", { type: "button", "class": "outline secondary small-button", id: "network-show-all" },
        config.labels.show_all);
      all.addEventListener("click", function () { clearFocus(); readableView(cy.elements(":visible")); });
      info.appendChild(all);
    }

    function focusOn(node) {
      var near = node.closedNeighborhood().filter(function (e) { return !e.hasClass("filtered"); });
      cy.elements().removeClass("focused").addClass("faded");
      near.removeClass("faded");
      node.addClass("focused");
      container.setAttribute("data-focus", node.id());
      container.setAttribute("data-focus-nodes", String(near.nodes().length));
      showNode(node);
      readableView(near);
    }

    function clearFocus() {
      cy.elements().removeClass("faded focused");
      container.removeAttribute("data-focus");
      container.removeAttribute("data-focus-nodes");
      info.textContent = "";
    }

    var filters = document.getElementById("network-filters");

    function checked(name) {
      return Array.prototype.map.call(filters.querySelectorAll("input[name=" + name + "]:checked"),
        function (box) { return box.value; });
    }

    // Filters: a tie shows when its kind and its status are both ticked; an entity shows while shown ties still
    // link it to the home (the home always shows).
    function applyFilters() {
      var kinds = checked("kind"), statuses = checked("status");
      cy.batch(function () {
        cy.edges().forEach(function (edge) {
          var shown = kinds.indexOf(edge.data("kind")) >= 0 && statuses.indexOf(edge.data("status")) >= 0;
          edge.toggleClass("filtered", !shown);
        });
        var reach = {};
        reach[centerId] = true;
        var queue = [centerId];
        while (queue.length) {
          var id = queue.shift();
          cy.$id(id).connectedEdges().not(".filtered").connectedNodes().forEach(function (n) {
            if (!reach[n.id()]) { reach[n.id()] = true; queue.push(n.id()); }
          });
        }
        cy.nodes().forEach(function (node) { node.toggleClass("filtered", !reach[node.id()]); });
        cy.edges().forEach(function (edge) {  // a tie whose end is hidden is hidden too
          if (edge.source().hasClass("filtered") || edge.target().hasClass("filtered")) { edge.addClass("filtered"); }
        });
      });
      clearFocus();
      container.setAttribute("data-visible-nodes", String(cy.nodes().not(".filtered").length));
      container.setAttribute("data-visible-edges", String(cy.edges().not(".filtered").length));
    }

    var statusesShown = [];
    graph.edges.forEach(function (edge) {
      if (statusesShown.indexOf(edge.status) < 0) { statusesShown.push(edge.status); }
    });
    statusesShown.sort();
    filters.textContent = "";
    filters.appendChild(checkboxGroup(config.labels.filter_kinds, edgeKinds,
      function (k) { return config.labels.relation_kinds[k] || k; }, "kind"));
    filters.appendChild(checkboxGroup(config.labels.filter_statuses, statusesShown,
      function (s) { return config.labels.statuses[s] || s; }, "status"));
    filters.addEventListener("change", applyFilters);

    cy.on("tap", "node", function (event) { focusOn(event.target); });
    cy.on("tap", "edge", function (event) { showEdge(event.target.data()); });
    cy.on("tap", function (event) { if (event.target === cy) { clearFocus(); } });
    applyFilters();
    readableView(cy.elements());
    container.setAttribute("data-nodes", String(cy.nodes().length));
    container.setAttribute("data-ready", "true");
    window.expansionNetwork = cy;
    setStatus(graph.truncated ? config.labels.truncated : "", false);
  }

  var depthSelect = document.getElementById("depth-select");
  if (depthSelect) {
    depthSelect.addEventListener("change", function () { depthSelect.form.submit(); });
  }

  setStatus(config.labels.loading, false);
  fetch(config.graph_url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    })
    .then(draw)
    .catch(function () { setStatus(config.labels.failed, true); });
}());
