/* The world map of the layout: countries shaded by the number of live ties, the plan's tiers outlined,
 * a side panel for the clicked country. Drawn offline in SVG from the vendored Natural Earth shapes
 * (TopoJSON, decoded by the vendored topojson-client) with an Equal Earth projection computed here. The shapes
 * follow China's point of view (scripts/build_map_layers.py): Taiwan is part of China, the South China Sea's
 * dotted line is drawn, and an inset at the lower right shows the South China Sea islands.
 * Configuration (URLs, ISO numeric -> alpha-2, translated labels) comes from the page in #map-config. */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var figure = document.getElementById("layout-map");
  var status = document.getElementById("map-status");
  var panel = document.getElementById("map-panel");
  var labels = config.labels;

  // Shading by the number of live ties: [lowest count of the bin, colour].
  var BINS = [[0, "#f4f3ee"], [1, "#c6dbef"], [2, "#6baed6"], [4, "#2171b5"], [7, "#08306b"]];
  // One outline per tier: colour and dash pattern ("" is a solid line).
  var TIER_STYLES = {
    focus: { color: "#d32f2f", dash: "", width: 2.2 },
    deepen: { color: "#7b1fa2", dash: "", width: 1.6 },
    expand: { color: "#ef6c00", dash: "5 3", width: 1.8 },
    consider: { color: "#2e7d32", dash: "2 2", width: 1.6 },
    avoid: { color: "#424242", dash: "1 3", width: 1.4 }
  };

  // Equal Earth (Šavrič, Patterson & Jenny, 2018): an equal-area projection whose formula is short.
  var A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796, M = Math.sqrt(3) / 2;
  function project(lon, lat) {
    var lambda = lon * Math.PI / 180, phi = lat * Math.PI / 180;
    var theta = Math.asin(M * Math.sin(phi)), t2 = theta * theta, t6 = t2 * t2 * t2;
    return [
      lambda * Math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2))),
      -theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    ];
  }

  // A few shapes cross the antimeridian (Russia's far east, Fiji): make each ring's longitudes continuous,
  // then cut it at ±180 and draw the part that runs past one edge on the other edge, so no line crosses the map.
  function unwrapRing(ring) {
    var out = [], offset = 0, previous = null, sum = 0;
    ring.forEach(function (point) {
      if (previous !== null) {
        var delta = point[0] + offset - previous;
        if (delta > 180) { offset -= 360; } else if (delta < -180) { offset += 360; }
      }
      previous = point[0] + offset;
      sum += previous;
      out.push([previous, point[1]]);
    });
    var mean = out.length ? sum / out.length : 0;
    var shift = mean > 180 ? -360 : (mean < -180 ? 360 : 0);
    return shift ? out.map(function (point) { return [point[0] + shift, point[1]]; }) : out;
  }

  // Sutherland–Hodgman against one meridian: keep the side where `inside(lon)` holds.
  function clipAt(ring, limit, inside) {
    var out = [];
    ring.forEach(function (a, index) {
      var b = ring[(index + 1) % ring.length];
      var aIn = inside(a[0]), bIn = inside(b[0]);
      if (aIn) { out.push(a); }
      if (aIn !== bIn) {
        var t = (limit - a[0]) / (b[0] - a[0]);
        out.push([limit, a[1] + t * (b[1] - a[1])]);
      }
    });
    return out;
  }

  function clipToMap(ring) {
    var east = clipAt(ring, 180, function (lon) { return lon <= 180; });
    return clipAt(east, -180, function (lon) { return lon >= -180; });
  }

  function ringCopies(ring) {
    var base = unwrapRing(ring);
    var lons = base.map(function (point) { return point[0]; });
    var max = Math.max.apply(null, lons), min = Math.min.apply(null, lons);
    var copies = [base];
    if (max > 180) { copies.push(base.map(function (point) { return [point[0] - 360, point[1]]; })); }
    if (min < -180) { copies.push(base.map(function (point) { return [point[0] + 360, point[1]]; })); }
    return copies.map(clipToMap).filter(function (copy) { return copy.length >= 3; });
  }

  function polygons(geometry) {
    if (!geometry) { return []; }
    return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  }

  // `toXY(lon, lat)` gives the point in the frame's pixels: the world's projection, or the inset's.
  function pathData(geometry, toXY) {
    var parts = [];
    polygons(geometry).forEach(function (polygon) {
      polygon.forEach(function (ring) {
        ringCopies(ring).forEach(function (copy) {
          copy.forEach(function (point, index) {
            var xy = toXY(point[0], point[1]);
            parts.push((index ? "L" : "M") + xy[0].toFixed(1) + "," + xy[1].toFixed(1));
          });
          parts.push("Z");
        });
      });
    });
    return parts.join("");
  }

  function linesData(geometry, toXY) {
    if (!geometry) { return ""; }
    var lines = geometry.type === "LineString" ? [geometry.coordinates] : geometry.coordinates;
    return lines.map(function (line) {
      return line.map(function (point, index) {
        var xy = toXY(point[0], point[1]);
        return (index ? "L" : "M") + xy[0].toFixed(1) + "," + xy[1].toFixed(1);
      }).join("");
    }).join("");
  }

  // The inset of the South China Sea islands (南海诸岛), as Chinese maps draw it at the lower right: at world scale
  // the island groups are too small to see. Its own frame, an equirectangular view of 105°–125° E, 2°–26° N.
  var INSET = { west: 105, east: 125, south: 2, north: 26, width: 150, margin: 8 };
  var INSET_KX = Math.cos(14 * Math.PI / 180);
  INSET.height = Math.round(INSET.width * (INSET.north - INSET.south) / ((INSET.east - INSET.west) * INSET_KX));

  function drawInset(svg, width, height, features, dashes, islands) {
    var x0 = width - INSET.width - INSET.margin, y0 = height - INSET.height - INSET.margin;
    var k = INSET.width / ((INSET.east - INSET.west) * INSET_KX);
    function toXY(lon, lat) { return [x0 + (lon - INSET.west) * INSET_KX * k, y0 + (INSET.north - lat) * k]; }
    var zh = config.language.indexOf("zh") === 0;
    var group = svgEl("g", { "class": "inset", id: "map-inset", "pointer-events": "none" });
    var clip = svgEl("clipPath", { id: "map-inset-clip" });
    clip.appendChild(svgEl("rect", { x: String(x0), y: String(y0), width: String(INSET.width), height: String(INSET.height) }));
    group.appendChild(clip);
    group.appendChild(svgEl("rect", { x: String(x0), y: String(y0), width: String(INSET.width), height: String(INSET.height),
      fill: "#d9e8f3", stroke: "none" }));
    var inner = svgEl("g", { "clip-path": "url(#map-inset-clip)" });
    features.forEach(function (feature) {
      var near = polygons(feature.geometry).some(function (polygon) {
        return polygon[0].some(function (p) { return p[0] > 95 && p[0] < 135 && p[1] > -5 && p[1] < 32; });
      });
      if (near) {
        inner.appendChild(svgEl("path", { d: pathData(feature.geometry, toXY), fill: "#f4f3ee", stroke: "#9e9e9e",
          "stroke-width": "0.5", "class": "inset-country" }));
      }
    });
    if (dashes) {
      inner.appendChild(svgEl("path", { d: linesData(dashes.geometry, toXY), fill: "none", stroke: "#5d4037",
        "stroke-width": "1.4", "stroke-linecap": "round", "class": "dashes inset-dashes" }));
    }
    (islands || []).forEach(function (island) {
      var xy = toXY(island.geometry.coordinates[0], island.geometry.coordinates[1]);
      var props = island.properties || {};
      inner.appendChild(svgEl("circle", { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: "1.3", fill: "#5d4037",
        "class": "island" }));
      // Where the label goes from its point (the build script sets it so that the labels do not overlap).
      var side = props.label || "right";
      var dx = side === "left" ? -3 : (side === "above" || side === "below" ? 0 : 3);
      var dy = side === "above" ? -3.5 : (side === "below" ? 8 : 2.5);
      var label = svgEl("text", { x: (xy[0] + dx).toFixed(1), y: (xy[1] + dy).toFixed(1), "font-size": "7",
        fill: "#37474f", "class": "island-label",
        "text-anchor": side === "left" ? "end" : (side === "right" ? "start" : "middle") });
      label.textContent = zh ? (props.name_zh || props.name) : props.name;
      inner.appendChild(label);
    });
    group.appendChild(inner);
    group.appendChild(svgEl("rect", { x: String(x0), y: String(y0), width: String(INSET.width), height: String(INSET.height),
      fill: "none", stroke: "#546e7a", "stroke-width": "1", "class": "inset-frame" }));
    var title = svgEl("text", { x: String(x0 + INSET.width - 4), y: String(y0 + INSET.height - 5), "font-size": "8",
      "text-anchor": "end", fill: "#263238", "class": "inset-title" });
    title.textContent = labels.inset_title;
    group.appendChild(title);
    svg.appendChild(group);
  }

  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    return node;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function setStatus(text, isError) {
    status.textContent = text;
    status.classList.toggle("form-error", Boolean(isError));
    status.hidden = !text;
  }

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(url + ": " + response.status); }
        return response.json();
      });
  }

  function binColor(count) {
    var color = BINS[0][1];
    BINS.forEach(function (bin) { if (count >= bin[0]) { color = bin[1]; } });
    return color;
  }

  function countryCode(feature) {
    var id = feature.id === undefined || feature.id === null ? "" : String(feature.id);
    return config.numeric_to_alpha2[id] || config.name_to_alpha2[(feature.properties || {}).name] || "";
  }

  function countryName(code) {
    return config.country_names[code] || code;
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, key) {
      return values[key] === undefined || values[key] === null ? "" : String(values[key]);
    });
  }

  var layout = { countries: {}, regions: [] };
  var suggestions = [];
  var selected = null;

  function tierLabel(tier) { return labels.tiers[tier] || tier; }

  function tiesCount(count) {
    return format(count === 1 ? labels.ties_count_one : labels.ties_count, { count: count });
  }

  function buildLegend() {
    var legend = document.getElementById("map-legend");
    legend.textContent = "";
    legend.appendChild(el("h3", {}, labels.legend_ties));
    var shades = el("ul", { "class": "legend-list" });
    BINS.forEach(function (bin, index) {
      var next = BINS[index + 1];
      var text = next ? (next[0] - 1 > bin[0] ? bin[0] + "–" + (next[0] - 1) : String(bin[0])) : bin[0] + "+";
      var li = el("li");
      var swatch = svgEl("svg", { width: "18", height: "14", "aria-hidden": "true" });
      swatch.appendChild(svgEl("rect", { x: "1", y: "1", width: "16", height: "12", fill: bin[1], stroke: "#90a4ae" }));
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(" " + text));
      li.setAttribute("data-bin", String(bin[0]));
      shades.appendChild(li);
    });
    legend.appendChild(shades);
    legend.appendChild(el("h3", {}, labels.legend_tiers));
    var tiers = el("ul", { "class": "legend-list" });
    config.tier_order.forEach(function (tier) {
      var style = TIER_STYLES[tier];
      var li = el("li");
      var swatch = svgEl("svg", { width: "22", height: "14", "aria-hidden": "true" });
      swatch.appendChild(svgEl("rect", { x: "2", y: "2", width: "18", height: "10", fill: "none", stroke: style.color,
        "stroke-width": String(style.width), "stroke-dasharray": style.dash || "none" }));
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(" " + tierLabel(tier)));
      tiers.appendChild(li);
    });
    legend.appendChild(tiers);
    if (config.home && config.home.latitude !== null) {
      var home = el("p", { "class": "muted" });
      var dot = svgEl("svg", { width: "14", height: "14", "aria-hidden": "true" });
      dot.appendChild(svgEl("circle", { cx: "7", cy: "7", r: "5", fill: "#c62828", stroke: "#ffffff", "stroke-width": "1.5" }));
      home.appendChild(dot);
      home.appendChild(document.createTextNode(" " + config.home.name));
      legend.appendChild(home);
    }
  }

  function draw(topology) {
    var collection = window.topojson.feature(topology, topology.objects.countries);
    // Antarctica holds no partners and would take a fifth of the height.
    var features = collection.features.filter(function (f) { return String(f.id) !== "010"; });
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    features.forEach(function (feature) {
      polygons(feature.geometry).forEach(function (polygon) {
        polygon[0].forEach(function (point) {
          var xy = project(Math.max(-180, Math.min(180, point[0])), point[1]);
          minX = Math.min(minX, xy[0]); maxX = Math.max(maxX, xy[0]);
          minY = Math.min(minY, xy[1]); maxY = Math.max(maxY, xy[1]);
        });
      });
    });
    var pad = (maxX - minX) * 0.006;
    minX -= pad; maxX += pad; minY -= pad; maxY += pad;
    var width = 1000, scale = width / (maxX - minX), height = Math.ceil((maxY - minY) * scale);
    function toXY(lon, lat) {
      var xy = project(lon, lat);
      return [(xy[0] - minX) * scale, (xy[1] - minY) * scale];
    }
    // The inset of the South China Sea islands takes a strip at the right of the globe, at the bottom.
    var fullWidth = width + INSET.width + 2 * INSET.margin;
    var svg = svgEl("svg", { viewBox: "0 0 " + fullWidth + " " + height, role: "img", "aria-label": labels.map_title,
      "class": "world-map", id: "world-map" });
    // The sea: the outline of the whole projected globe (what falls below the view box is cut off).
    var outline = [];
    for (var lat = 90; lat >= -90; lat -= 2) { outline.push([180, lat]); }
    for (lat = -90; lat <= 90; lat += 2) { outline.push([-180, lat]); }
    var seaPath = outline.map(function (point, index) {
      var xy = project(point[0], point[1]);
      return (index ? "L" : "M") + ((xy[0] - minX) * scale).toFixed(1) + "," + ((xy[1] - minY) * scale).toFixed(1);
    }).join("") + "Z";
    svg.appendChild(svgEl("path", { d: seaPath,
      "class": "sea", fill: "#d9e8f3", stroke: "#a9c1d3", "stroke-width": "0.8" }));
    var countriesLayer = svgEl("g", { "class": "countries" });
    var tiersLayer = svgEl("g", { "class": "tier-outlines", "pointer-events": "none" });
    var shaded = 0;
    features.forEach(function (feature) {
      var code = countryCode(feature);
      var row = layout.countries[code] || null;
      var live = row ? row.live : 0;
      if (live > 0) { shaded += 1; }
      var d = pathData(feature.geometry, toXY);
      var path = svgEl("path", { d: d, fill: binColor(live), "class": "country", "data-country": code,
        "data-ties": String(live), tabindex: "0", role: "button" });
      var title = svgEl("title");
      var text = countryName(code) + " · " + tiesCount(live);
      if (row && row.tier) { text += " · " + tierLabel(row.tier); }
      title.textContent = text;
      path.appendChild(title);
      path.addEventListener("click", function () { select(code, path); });
      path.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); select(code, path); }
      });
      countriesLayer.appendChild(path);
      if (row && row.tier && TIER_STYLES[row.tier]) {
        var style = TIER_STYLES[row.tier];
        tiersLayer.appendChild(svgEl("path", { d: d, fill: "none", stroke: style.color,
          "stroke-width": String(style.width), "stroke-dasharray": style.dash || "none", "stroke-linejoin": "round",
          "class": "tier-outline tier-" + row.tier, "data-country": code, "vector-effect": "non-scaling-stroke" }));
      }
    });
    svg.appendChild(countriesLayer);
    svg.appendChild(tiersLayer);
    // China's maritime boundary line in the South China Sea (the dotted line): drawn on every map the office shows.
    var dashes = topology.objects.dashes ? window.topojson.feature(topology, topology.objects.dashes) : null;
    if (dashes) {
      svg.appendChild(svgEl("path", { d: linesData(dashes.geometry, toXY), fill: "none", stroke: "#5d4037",
        "stroke-width": "1", "stroke-linecap": "round", "class": "dashes", id: "map-dashes", "pointer-events": "none" }));
    }
    var islands = topology.objects.islands ? window.topojson.feature(topology, topology.objects.islands).features : [];
    drawInset(svg, fullWidth, height, features, dashes, islands);
    if (config.home && config.home.latitude !== null && config.home.longitude !== null) {
      var xy = project(config.home.longitude, config.home.latitude);
      var marker = svgEl("circle", { cx: ((xy[0] - minX) * scale).toFixed(1), cy: ((xy[1] - minY) * scale).toFixed(1),
        r: "5", fill: "#c62828", stroke: "#ffffff", "stroke-width": "1.5", "class": "home-marker",
        "pointer-events": "none" });
      svg.appendChild(marker);
    }
    figure.textContent = "";
    figure.removeAttribute("aria-busy");
    figure.appendChild(svg);
    svg.setAttribute("data-shaded", String(shaded));
    svg.setAttribute("data-ready", "true");
    buildLegend();
    window.expansionMap = { countries: features.length, shaded: shaded, toXY: toXY, select: function (code) {
      var path = svg.querySelector('path.country[data-country="' + code + '"]');
      select(code, path);
    } };
  }

  function tieText(tie) {
    var kind = labels.relation_kinds[tie.kind] || tie.kind_display || tie.kind || "";
    var statusText = labels.statuses[tie.status] || tie.status_display || tie.status || "";
    return [kind, statusText].filter(Boolean).join(" · ");
  }

  function entityName(entity) {
    if (!entity) { return ""; }
    if (typeof entity !== "object") { return String(entity); }
    // The API names each entity in the request's language (contacts.naming): no rule of our own here.
    return entity.display_name || entity.label || entity.name || String(entity.id || "");
  }

  function tieItem(tie) {
    var li = el("li");
    var name = entityName(tie.source) + " – " + entityName(tie.target);
    li.appendChild(el("a", { href: config.relation_url.replace("{id}", String(tie.id)) }, name));
    li.appendChild(el("br"));
    li.appendChild(el("small", {}, tieText(tie)));
    return li;
  }

  function endId(end) { return end && typeof end === "object" ? end.id : end; }

  // Our ties (the home's and its units') first; the partners' ties with each other apart, under their own heading.
  function renderTies(list, others, data) {
    var rows = Array.isArray(data) ? data : (data.results || []);
    var ours = {};
    config.our_ids.forEach(function (id) { ours[id] = true; });
    var mine = rows.filter(function (tie) { return ours[endId(tie.source)] || ours[endId(tie.target)]; });
    var theirs = rows.filter(function (tie) { return !(ours[endId(tie.source)] || ours[endId(tie.target)]); });
    list.textContent = "";
    if (!mine.length) { list.appendChild(el("li", { "class": "muted" }, labels.no_ties)); }
    mine.forEach(function (tie) { list.appendChild(tieItem(tie)); });
    if (data.next) { list.appendChild(el("li", {}, "…")); }
    others.textContent = "";
    if (theirs.length) {
      others.appendChild(el("h3", {}, labels.other_ties));
      var ul = el("ul", { "class": "panel-list" });
      theirs.forEach(function (tie) { ul.appendChild(tieItem(tie)); });
      others.appendChild(ul);
    }
  }

  function suggestionCountry(suggestion) {
    var subject = suggestion.subject || {};
    return subject.type === "country" ? subject.code : subject.country;
  }

  // The reason that tells a suggestion apart: the first one not shared by the country's other suggestions.
  function tellingReason(suggestion, all) {
    var reasons = suggestion.reasons || [];
    var shared = {};
    all.forEach(function (other) {
      if (other !== suggestion) { (other.reasons || []).forEach(function (r) { shared[r] = true; }); }
    });
    for (var i = 0; i < reasons.length; i += 1) { if (!shared[reasons[i]]) { return reasons[i]; } }
    return reasons[0] || "";
  }

  function renderSuggestions(list, code) {
    var mine = suggestions.filter(function (s) { return suggestionCountry(s) === code; });
    list.textContent = "";
    if (!mine.length) {
      list.appendChild(el("li", { "class": "muted" }, labels.no_suggestions));
      return;
    }
    mine.forEach(function (suggestion) {
      var subject = suggestion.subject || {};
      var li = el("li", { "data-kind": suggestion.kind });
      var name = subject.display_name || subject.name;
      li.appendChild(el("a", { href: config.expansion_url + "#suggestion-" + String(suggestion.key).replace(/[^A-Za-z0-9_-]/g, "-") },
        name || suggestion.key));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", { "class": "badge kind-" + suggestion.kind }, labels.suggestion_kinds[suggestion.kind]
        || suggestion.kind));
      var reason = tellingReason(suggestion, mine);
      if (reason) {
        li.appendChild(el("br"));
        li.appendChild(el("small", {}, reason));
      }
      list.appendChild(li);
    });
  }

  function select(code, path) {
    if (!code) { return; }
    if (selected) { selected.classList.remove("selected"); }
    selected = path || null;
    if (selected) { selected.classList.add("selected"); }
    var row = layout.countries[code] || null;
    panel.textContent = "";
    panel.setAttribute("data-country", code);
    panel.appendChild(el("h2", {}, countryName(code)));
    var facts = el("p");
    facts.appendChild(document.createTextNode(tiesCount(row ? row.live : 0)));
    if (row && row.tier) {
      facts.appendChild(document.createTextNode(" · "));
      facts.appendChild(el("span", { "class": "badge tier-" + row.tier }, tierLabel(row.tier)));
      if (row.target !== null && row.target !== undefined) {
        facts.appendChild(document.createTextNode(" · " + format(labels.target, { target: row.target })));
      }
      if (row.shortfall) {
        facts.appendChild(document.createTextNode(" · " + format(labels.shortfall, { shortfall: row.shortfall })));
      }
    }
    if (row && row.via) {
      facts.appendChild(el("br"));
      facts.appendChild(el("small", { "class": "muted" }, format(labels.by_region, { region: row.via })));
    }
    panel.appendChild(facts);
    panel.appendChild(el("h3", {}, labels.ties));
    var ties = el("ul", { "class": "panel-list", id: "panel-ties" });
    ties.appendChild(el("li", { "class": "muted" }, labels.loading));
    panel.appendChild(ties);
    var others = el("div", { id: "panel-other-ties" });
    panel.appendChild(others);
    panel.appendChild(el("h3", {}, labels.suggestions));
    var suggested = el("ul", { "class": "panel-list", id: "panel-suggestions" });
    panel.appendChild(suggested);
    renderSuggestions(suggested, code);
    fetchJson(config.relations_url + "?live=true&country=" + encodeURIComponent(code) + "&page_size=100")
      .then(function (data) { renderTies(ties, others, data); })
      .catch(function () {
        ties.textContent = "";
        ties.appendChild(el("li", { "class": "form-error" }, labels.failed));
      });
  }

  // The layout API's rows, reduced to what the map needs: per country its live ties, tier, target, shortfall.
  function readLayout(data) {
    var result = { countries: {}, regions: [] };
    var zh = config.language.indexOf("zh") === 0;
    var regionNames = {};
    (data.regions || []).forEach(function (row) { regionNames[row.code] = (zh && row.name_zh) || row.name || row.code; });
    (data.countries || []).forEach(function (row) {
      result.countries[row.code || row.country] = {
        live: Number(row.live !== undefined ? row.live : (row.ties_live !== undefined ? row.ties_live : 0)) || 0,
        tier: row.tier || "",
        target: row.target,
        shortfall: row.shortfall || 0,
        via: row.via ? (regionNames[row.via] || row.via) : ""
      };
    });
    result.regions = data.regions || [];
    return result;
  }

  setStatus(labels.loading, false);
  Promise.all([
    fetchJson(config.topology_url),
    fetchJson(config.layout_url).then(readLayout),
    fetchJson(config.suggestions_url).catch(function () { return []; })
  ]).then(function (results) {
    layout = results[1];
    suggestions = Array.isArray(results[2]) ? results[2] : (results[2].results || []);
    draw(results[0]);
    setStatus("", false);
  }).catch(function () { setStatus(labels.failed, true); });
}());
