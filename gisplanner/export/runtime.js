/* gisplanner exported map: draws the compact layers written by gisplanner/export/payload.py.
   Every string in the data was HTML-escaped by the exporter; nothing here fetches anything. */
(function () {
  "use strict";
  var gp = window.gisplanner = {layers: {}, counts: {}, markers: {}, shapes: {}, payloads: [], basemap: null, ready: false};
  var shared = null;

  function decode(flat, g) {
    var out = new Array(flat.length / 2), x = 0, y = 0;
    for (var i = 0, j = 0; i < flat.length; i += 2, j++) {
      x += flat[i]; y += flat[i + 1];
      out[j] = [(g.y + y) / g.k, (g.x + x) / g.k];
    }
    return out;
  }
  function decodeParts(parts, g) { return parts.map(function (p) { return decode(p, g); }); }
  function decodePolygons(polys, g) { return polys.map(function (p) { return decodeParts(p, g); }); }

  function symbolSvg(st) {
    var s = st.size, pad = st.weight + 1, side = s + 2 * pad, c = side / 2;
    var shape = st.outline
      ? '<polygon points="' + st.outline.map(function (p) { return (p[0] + c).toFixed(2) + "," + (p[1] + c).toFixed(2); }).join(" ") + '"'
      : '<circle cx="' + c + '" cy="' + c + '" r="' + s / 2 + '"';
    return {side: side, html: '<svg xmlns="http://www.w3.org/2000/svg" width="' + side + '" height="' + side + '">' + shape +
      ' fill="' + st.fillColor + '" stroke="' + st.color + '" stroke-width="' + st.weight + '"/></svg>'};
  }

  function row(label, value) {
    return value === "" || value == null ? "" : "<tr><th>" + label + "</th><td>" + value + "</td></tr>";
  }

  function popupHtml(layer, f) {
    var lab = shared.labels, st = shared.statuses[f[5]];
    var status = st ? '<span class="gp-swatch" style="background:' + st.color + '"></span>' + st.label : "";
    var h = '<div class="gp-popup"><div class="gp-name">' + f[2] + "</div>";
    if (f[3]) h += '<div class="gp-name-en">' + f[3] + "</div>";
    h += "<table>" + row(lab.kind, layer.kinds[f[4]]) + row(lab.status, status) +
      row(lab.status_date, f[6]) + row(lab.deadline, f[7]) + "</table>";
    if (f[8].length) {
      h += '<div class="gp-clauses-title">' + lab.clauses + " (" + f[8].length + ')</div><ul class="gp-clauses">';
      for (var i = 0; i < f[8].length; i++) h += shared.clauses[f[8][i]];
      h += "</ul>";
    } else {
      h += '<div class="gp-muted">' + lab.no_clauses + "</div>";
    }
    return h + "</div>";
  }

  gp.init = function (map, data) {
    shared = data;
    gp.map = map;
    document.documentElement.lang = data.lang === "en" ? "en" : "zh-CN";
    if (data.background) map.getContainer().style.background = data.background;
    if (data.maxBounds) map.setMaxBounds(data.maxBounds);
    map.setMinZoom(data.minZoom);
    map.setMaxZoom(data.maxZoom);
    L.control.zoom({zoomInTitle: data.words.zoom_in, zoomOutTitle: data.words.zoom_out}).addTo(map);
    L.control.scale({imperial: false}).addTo(map);
    map.fitBounds(data.bounds, {animate: false});
    var pane = map.createPane("gpBasemap");
    pane.style.zIndex = 250;
    pane.style.pointerEvents = "none";
    map.createPane("gpLabels").style.zIndex = 450;
    map.getPane("gpLabels").style.pointerEvents = "none";
    map.createPane("gpFeatureLabels").style.zIndex = 640;  // above markers, below popups
    map.getPane("gpFeatureLabels").style.pointerEvents = "none";
    gp.labelLayer = L.layerGroup().addTo(map);
    gp.leaders = L.layerGroup().addTo(map);
    map.on("zoomend", refreshZoom);
    map.on("moveend overlayadd overlayremove baselayerchange", refreshLabels);
    map.on("overlayadd overlayremove", placePoints);
    [["bottomleft", data.titleHtml, "gp-title"], ["bottomright", data.legendHtml, "gp-legend"]].forEach(function (c) {
      var ctl = L.control({position: c[0]});
      ctl.onAdd = function () {
        var div = L.DomUtil.create("div", "leaflet-control " + c[2]);
        div.innerHTML = c[1];
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
      };
      ctl.addTo(map);
    });
    if (data.bookmarks && data.bookmarks.length) addBookmarks(map, data.bookmarks, data.words.bookmarks);
  };

  // The project's spatial bookmarks: a list that frames each named extent. Names are data,
  // so they go in as text, never as markup.
  function addBookmarks(map, bookmarks, title) {
    var ctl = L.control({position: "topleft"});
    ctl.onAdd = function () {
      var box = L.DomUtil.create("details", "leaflet-control gp-bookmarks");
      box.open = true;
      var summary = L.DomUtil.create("summary", "", box);
      summary.textContent = title;
      var list = L.DomUtil.create("ul", "", box);
      bookmarks.forEach(function (b) {
        var a = L.DomUtil.create("a", "gp-bookmark gp-data", L.DomUtil.create("li", "", list));
        a.href = "#";
        a.textContent = b.name;
        L.DomEvent.on(a, "click", function (e) {
          L.DomEvent.preventDefault(e);
          map.fitBounds(b.bounds, {animate: false});
        });
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    ctl.addTo(map);
  }

  function featureLayer(layer, f) {
    var st = layer.styles[f[1]], g = layer.grid, cls = "gp-f gp-l-" + layer.name;
    var opts = {color: st.color, weight: st.weight, opacity: st.opacity, fill: st.fill, fillColor: st.fillColor,
      fillOpacity: st.fillOpacity, dashArray: st.dashArray, className: cls};
    if (layer.geom === "point") {
      var ll = [(g.y + f[9][1]) / g.k, (g.x + f[9][0]) / g.k];
      var svg = symbolSvg(st);
      return L.marker(ll, {icon: L.divIcon({className: cls + " gp-symbol", html: svg.html,
        iconSize: [svg.side, svg.side]}), riseOnHover: true});
    }
    if (layer.geom === "line") return L.polyline(decodeParts(f[9], g), opts);
    return L.polygon(decodePolygons(f[9], g), opts);
  }

  // Points placed only to town or district precision often share one position, where only the
  // top marker can be clicked: its popup and tooltip then cover every feature standing there.
  function samePlace(layer) {
    var groups = {};
    if (layer.geom !== "point") return groups;
    layer.features.forEach(function (f) {
      var key = f[9][0] + "," + f[9][1];
      (groups[key] = groups[key] || []).push(f);
    });
    return groups;
  }

  // A displaced marker stands on its own and opens its own popup; stacked ones (a group too
  // big for a ring) list every feature at the place.
  function stackPopup(layer, f, stack, lyr) {
    if (stack.length < 2) return popupHtml(layer, f);
    var h = '<div class="gp-stack">' + shared.labels.same_place.split("%d").join(stack.length) + "</div>" + popupHtml(layer, f);
    if (lyr.gpDisplaced) return h;
    stack.forEach(function (g) { if (g !== f) h += '<hr class="gp-sep">' + popupHtml(layer, g); });
    return h;
  }

  function labelName(f) { return shared.lang === "en" ? (f[3] || f[2]) : (f[2] || f[3]); }

  gp.addFeatures = function (group, layer) {
    var map = gp.map, shown = map.hasLayer(group), places = samePlace(layer), all = [];
    if (shown) map.removeLayer(group);  // draw once when re-added, not once per feature
    for (var i = 0; i < layer.features.length; i++) {
      var f = layer.features[i], lyr = featureLayer(layer, f);
      var stack = layer.geom === "point" ? places[f[9][0] + "," + f[9][1]] : [f];
      lyr.gpUid = f[0];
      if (lyr.getLatLng) lyr.gpTrue = lyr.getLatLng();
      lyr.bindTooltip(function (f, n, l) { return n > 1 && !l.gpDisplaced ? f[2] + " (+" + (n - 1) + ")" : f[2]; }
        .bind(null, f, stack.length),
        {sticky: layer.geom !== "point", direction: "top", className: "gp-tooltip"});
      lyr.bindPopup(function (f, stack, l) { return stackPopup(layer, f, stack, l); }.bind(null, f, stack),
        {maxWidth: 380, minWidth: 240, maxHeight: 460, className: "gp-popup-wrap"});
      group.addLayer(lyr);
      all.push(lyr);
    }
    gp.markers[layer.name] = gp.shapes[layer.name] = all;
    gp.payloads.push({layer: layer, group: group, labels: {}});
    gp.layers[layer.name] = group;
    gp.counts[layer.name] = layer.features.length;
    if (shown) map.addLayer(group);
  };

  // Basemap parts each have a zoom range (coarse overview, city detail); a filled part may
  // drop its outline from some zoom on, where finer outlines take over.
  gp.addBasemap = function (group, parts) {
    var shown = gp.map.hasLayer(group);
    if (shown) gp.map.removeLayer(group);
    gp.baseParts = parts.map(function (part) {
      var opts = L.extend({pane: "gpBasemap", interactive: false, className: "gp-base gp-base-" + part.name}, part.style);
      var sub = L.featureGroup();
      part.features.forEach(function (geom) {
        sub.addLayer(part.geom === "line" ? L.polyline(decodeParts(geom, part.grid), opts)
                                          : L.polygon(decodePolygons(geom, part.grid), opts));
      });
      (part.labels || []).forEach(function (lab) {
        sub.addLayer(L.marker([lab[0], lab[1]], {pane: "gpLabels", interactive: false, keyboard: false,
          icon: L.divIcon({className: "gp-place", html: "<span>" + lab[2] + "</span>", iconSize: null})}));
      });
      return {part: part, layer: sub, outline: part.style.weight};
    });
    gp.basemap = group;
    group.getAttribution = function () { return shared.words.basemap_credit; };  // shown while it is the background
    showBaseParts(group, gp.map.getZoom());
    if (shown) gp.map.addLayer(group);
  };

  function showBaseParts(group, z) {
    (gp.baseParts || []).forEach(function (b) {
      var inRange = z >= b.part.minZoom && z <= b.part.maxZoom;
      if (inRange && !group.hasLayer(b.layer)) group.addLayer(b.layer);
      if (!inRange && group.hasLayer(b.layer)) group.removeLayer(b.layer);
      if (inRange && b.part.outlineUntil != null) b.layer.setStyle({weight: z < b.part.outlineUntil ? b.outline : 0});
    });
  }

  // Coincident points: at each zoom the exporter's table says which markers move where on
  // their ring and where the ring's centre is; leaders join the two.
  var displaced = [];
  function moveMarker(m, at) {
    m.setLatLng(at);
    if (m.gpMark) m.gpMark.setLatLng(at);  // its overdue ring goes with it
  }

  function placePoints() {
    var map = gp.map, z = map.getZoom(), d = shared && shared.displacement;
    displaced.forEach(function (m) { moveMarker(m, m.gpTrue); m.gpDisplaced = m.gpLeft = false; });
    displaced = [];
    gp.leaders.clearLayers();
    if (!d || !d.zooms[z]) return;
    var centres = {};
    d.zooms[z].forEach(function (e) {
      var name = d.layers[e[0]], m = (gp.markers[name] || [])[e[1]];
      if (!m) return;
      var p = map.project(m.gpTrue, z), at = map.unproject(p.add([e[2], e[3]]), z);
      moveMarker(m, at);
      m.gpDisplaced = true;
      m.gpLeft = e[2] < -0.5;  // its label goes outward, away from the ring
      displaced.push(m);
      if (!map.hasLayer(gp.layers[name])) return;
      var centre = map.unproject(p.add([e[4], e[5]]), z);
      gp.leaders.addLayer(L.polyline([centre, at], {color: "#555", weight: 1, opacity: 0.8, interactive: false,
        className: "gp-leader"}));
      var key = centre.lat.toFixed(7) + "," + centre.lng.toFixed(7);
      if (!centres[key]) {
        centres[key] = true;
        gp.leaders.addLayer(L.circleMarker(centre, {radius: 2.5, color: "#555", weight: 1, fillColor: "#fff",
          fillOpacity: 1, interactive: false, className: "gp-leader-centre"}));
      }
    });
  }

  // Feature names on the map: each layer from its own zoom, the layers of higher label priority
  // first (as on the desktop map), then areas before lines before points; a label that would
  // overlap one already placed is hidden.
  var MAX_LABELS = 600, RANK = {polygon: 0, line: 1, point: 2};
  function labelAt(p, entry) {
    var layer = p.layer, g = layer.grid, i = entry[0];
    if (layer.geom === "point") return gp.markers[layer.name][i].getLatLng();
    if (entry.length > 1) return L.latLng((g.y + entry[2]) / g.k, (g.x + entry[1]) / g.k);
    var lyr = gp.shapes[layer.name][i];
    return lyr.gpCentre || (lyr.gpCentre = lyr.getBounds().getCenter());
  }

  function labelMarker(p, entry, at) {  // made when first shown: most labels never are
    var layer = p.layer, i = entry[0], m = p.labels[i];
    if (!m) {
      m = p.labels[i] = L.marker(at, {pane: "gpFeatureLabels", interactive: false, keyboard: false,
        icon: L.divIcon({className: "gp-label gp-label-" + layer.geom + " gp-label-" + layer.name,
          html: "<span>" + labelName(layer.features[i]) + "</span>", iconSize: null})});
    }
    m.setLatLng(at);
    m.gpPoint = layer.geom === "point" ? gp.markers[layer.name][i] : null;
    return m;
  }

  function refreshLabels() {
    var map = gp.map;
    if (!gp.labelLayer || !gp.ready) return;
    var z = map.getZoom(), view = map.getBounds().pad(0.05), chosen = [];
    gp.labelLayer.clearLayers();
    gp.payloads.slice().sort(function (a, b) {
      return (b.layer.labelPriority - a.layer.labelPriority) || (RANK[a.layer.geom] - RANK[b.layer.geom]);
    }).forEach(function (p) {
      if (z < p.layer.labelZoom || !map.hasLayer(p.group)) return;
      p.layer.labelAt.forEach(function (entry) {
        if (chosen.length >= MAX_LABELS) return;
        var at = labelAt(p, entry);
        if (view.contains(at)) chosen.push(labelMarker(p, entry, at));
      });
    });
    chosen.forEach(function (m) {
      gp.labelLayer.addLayer(m);
      m.getElement().classList.toggle("gp-label-left", !!(m.gpPoint && m.gpPoint.gpLeft));
    });
    var boxes = chosen.map(function (m) { return m.getElement().firstChild.getBoundingClientRect(); });
    var kept = [];
    boxes.forEach(function (r, i) {
      var clash = kept.some(function (k) { return r.left < k.right && k.left < r.right && r.top < k.bottom && k.top < r.bottom; });
      chosen[i].getElement().classList.toggle("gp-label-hidden", clash);
      if (!clash) kept.push(r);
    });
  }

  function refreshZoom() {
    if (gp.basemap) showBaseParts(gp.basemap, gp.map.getZoom());
    if (gp.leaders) placePoints();
  }

  // The progress panel (markup built and escaped by the exporter) and the overdue marks: a red
  // ring around overdue points, a dashed red outline along overdue lines and areas.
  var MARK = {color: "#d50000", weight: 3, opacity: 1, fill: false, interactive: false, className: "gp-overdue-mark"};

  var byUid = null;  // uid -> {layer, group}, built once: thousands of overdue rows look up here
  function findFeature(uid) {
    if (byUid === null) {
      byUid = Object.create(null);  // no inherited keys: a uid may be any text
      Object.keys(gp.layers).forEach(function (name) {
        gp.layers[name].eachLayer(function (l) { if (!(l.gpUid in byUid)) byUid[l.gpUid] = {layer: l, group: gp.layers[name]}; });
      });
    }
    return byUid[uid] || null;
  }

  function markOverdue(map, uids) {
    var marks = L.layerGroup(), n = 0;
    uids.forEach(function (uid) {
      var hit = findFeature(uid);
      if (!hit) return;
      var l = hit.layer;
      if (l.getLatLng) marks.addLayer(l.gpMark = L.circleMarker(l.getLatLng(), L.extend({radius: 14}, MARK)));
      else marks.addLayer((l instanceof L.Polygon ? L.polygon : L.polyline)(l.getLatLngs(),
        L.extend({dashArray: "8 5", weight: 4}, MARK)));
      n++;
    });
    marks.addTo(map);
    gp.overdueMarks = marks;
    gp.overdueMarked = n;
  }

  function showFeature(map, uid) {
    var hit = findFeature(uid);
    if (!hit) return false;
    if (!map.hasLayer(hit.group)) map.addLayer(hit.group);
    if (hit.layer.getLatLng) map.setView(hit.layer.getLatLng(), Math.max(map.getZoom(), 14), {animate: false});
    else map.fitBounds(hit.layer.getBounds(), {animate: false, maxZoom: 16});
    hit.layer.openPopup();
    return true;
  }

  gp.addProgress = function (map, data) {
    markOverdue(map, data.overdue);
    var ctl = L.control({position: "topleft"});
    ctl.onAdd = function () {
      var box = L.DomUtil.create("details", "leaflet-control gp-progress");
      box.open = true;
      box.innerHTML = data.html;
      box.querySelectorAll(".gp-od-row").forEach(function (tr) {
        L.DomEvent.on(tr, "click", function (e) {
          L.DomEvent.preventDefault(e);
          showFeature(map, data.overdue[Number(tr.getAttribute("data-i"))]);
        });
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    ctl.addTo(map);
    gp.progress = ctl;
  };

  gp.drawnCount = function () { return document.querySelectorAll(".leaflet-map-pane .gp-f").length; };
  gp.finish = function () {  // called with the map as argument
    gp.ready = true;
    refreshZoom();
    refreshLabels();
    gp.readyAt = performance.now();
  };
})();
