/* fourpermille maps (Leaflet): the project and site pages' site maps, the site form's drawing map, and the
   SOC monitoring maps. The base layer is Natural Earth's country boundaries shipped with the platform
   (no tile server unless the installation sets one); every figure shown (area, stocks) comes from the
   server. Texts come from the page (#fourpermille-map-config), in the page's language. */
(function () {
  "use strict";

  var configNode = document.getElementById("fourpermille-map-config");
  if (!window.L || !configNode) { return; }
  var config = JSON.parse(configNode.textContent);
  var T = config.texts;
  var numberFormat = new Intl.NumberFormat(config.lang, { maximumFractionDigits: 2 });
  var SITE_STYLE = { color: "#2f6b2f", weight: 2, fillColor: "#2f6b2f", fillOpacity: 0.3 };
  var OTHER_STYLE = { color: "#6b6b60", weight: 1.5, fillColor: "#8a8a80", fillOpacity: 0.15, dashArray: "4 3" };
  var STOCK_COLOURS = ["#f6ecd2", "#d7b377", "#a8743f", "#6b4a2f", "#3b2615"];
  var CHANGE_COLOURS = ["#a12b2b", "#e8a09a", "#f3f3f0", "#9fd09f", "#2f6b2f"];
  var STOCK_SCALE_MAX = 100;  // [t C/ha] top of the stock colour scale unless a site holds more
  var SITE_ZOOM = 13;  // a single point site is shown at about field scale
  var MAX_FIT_ZOOM = 16;

  function fmt(v) { return v === null || v === undefined || v === "" ? "—" : (typeof v === "number" ? numberFormat.format(v) : String(v)); }
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }

  /* ---- base map: Natural Earth boundaries (or the installation's tiles) ---- */
  var worldReady = null;
  function unwrapRing(ring) {
    var lons = ring.map(function (p) { return p[0]; });
    if (Math.max.apply(null, lons) - Math.min.apply(null, lons) <= 180) { return; }
    ring.forEach(function (p) { if (p[0] < 0) { p[0] += 360; } });
  }
  function world() {
    if (!worldReady) {
      worldReady = fetch(config.world).then(function (r) { return r.json(); }).then(function (topo) {
        var geo = topojson.feature(topo, topo.objects.countries);
        geo.features = geo.features.filter(function (f) { return f.properties.name !== "Antarctica"; });
        geo.features.forEach(function (f) {
          var g = f.geometry;
          if (!g) { return; }
          var polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
          polygons.forEach(function (polygon) { polygon.forEach(unwrapRing); });
        });
        return geo;
      });
    }
    return worldReady;
  }

  var WORLD_BOUNDS = [[-50, -165], [75, 175]];  // [lat, lon]: the inhabited world, Antarctica left out
  function showWorld(map) { map.fitBounds(WORLD_BOUNDS); }

  function baseMap(node) {
    var map = L.map(node, { minZoom: 0, maxZoom: 18, worldCopyJump: false, zoomSnap: 0.25, zoomControl: false });
    L.control.zoom({ zoomInTitle: T.zoomIn, zoomOutTitle: T.zoomOut }).addTo(map);
    map.attributionControl.setPrefix(false);
    if (config.tiles) {
      L.tileLayer(config.tiles, { attribution: config.tileAttribution || "", maxZoom: 18 }).addTo(map);
    }
    L.control.scale({ imperial: false }).addTo(map);
    showWorld(map);
    map.whenBoundariesDrawn = world().then(function (geo) {
      L.geoJSON(geo, {
        interactive: false,
        style: { color: "#9a9a8e", weight: 0.8, fillColor: "#eef1ea", fillOpacity: config.tiles ? 0 : 1 }
      }).addTo(map).bringToBack();
      map.attributionControl.addAttribution(T.boundaries);
      node.setAttribute("data-boundaries", "drawn");
      return map;
    });
    node.fourpermilleMap = map;
    return map;
  }

  function fit(map, layer) {
    var bounds = layer.getBounds ? layer.getBounds() : null;
    if (!bounds || !bounds.isValid()) { return false; }
    if (bounds.getNorthEast().equals(bounds.getSouthWest())) { map.setView(bounds.getCenter(), SITE_ZOOM); }
    else { map.fitBounds(bounds.pad(0.25), { maxZoom: MAX_FIT_ZOOM }); }
    return true;
  }

  function sitePopup(props) {
    var html = "<b>" + (props.url ? '<a href="' + escapeHtml(props.url) + '">' + escapeHtml(props.name) + "</a>" : escapeHtml(props.name)) + "</b>";
    if (props.project) { html += "<br>" + escapeHtml(T.project) + ": " + escapeHtml(props.project); }
    if (props.area_ha !== null && props.area_ha !== undefined) { html += "<br>" + escapeHtml(T.area) + ": " + fmt(props.area_ha) + " ha"; }
    return html;
  }

  function siteLayer(collection, style) {
    return L.geoJSON(collection, {
      style: function () { return style; },
      pointToLayer: function (_feature, latlng) {
        return L.circleMarker(latlng, { radius: 7, color: style.color, weight: 2, fillColor: style.fillColor, fillOpacity: 0.8 });
      },
      onEachFeature: function (feature, layer) { if (feature.properties) { layer.bindPopup(sitePopup(feature.properties)); } }
    });
  }

  /* A field of a few hectares is a speck at regional scale: while an outline is smaller than this on screen,
     a marker at its centre shows where it is. */
  var MIN_OUTLINE_PX = 10;
  function markSmallOutlines(map, layer, style) {
    var markers = [];
    layer.eachLayer(function (shape) {
      if (!shape.getBounds) { return; }
      var marker = L.circleMarker(shape.getBounds().getCenter(), { radius: 6, color: style.color, weight: 2, fillColor: style.fillColor, fillOpacity: 0.8 });
      if (shape.getPopup()) { marker.bindPopup(shape.getPopup().getContent()); }
      markers.push([shape, marker]);
    });
    function update() {
      markers.forEach(function (pair) {
        var b = pair[0].getBounds();
        var a = map.latLngToLayerPoint(b.getSouthWest()), c = map.latLngToLayerPoint(b.getNorthEast());
        var small = Math.max(Math.abs(c.x - a.x), Math.abs(c.y - a.y)) < MIN_OUTLINE_PX;
        if (small && !map.hasLayer(pair[1])) { pair[1].addTo(map); }
        if (!small && map.hasLayer(pair[1])) { map.removeLayer(pair[1]); }
      });
    }
    map.on("zoomend", update);
    update();
  }

  /* ---- project and site pages: the sites drawn ---- */
  function siteMap(node) {
    var collection = JSON.parse(document.getElementById(node.getAttribute("data-sites")).textContent);
    var map = baseMap(node);
    var layer = siteLayer(collection, SITE_STYLE).addTo(map);
    fit(map, layer);
    markSmallOutlines(map, layer, SITE_STYLE);
    map.whenBoundariesDrawn.then(function () { node.setAttribute("data-ready", String(collection.features.length)); });
  }

  /* ---- the site form: draw, edit or upload the site; the server checks it and gives its area ---- */
  function siteEditor(node) {
    var form = node.closest("form");
    var input = form.querySelector("[data-geometry-input]");
    var fileInput = form.querySelector("input[type=file][name$=geometry_file]");
    var status = node.parentNode.querySelector("[data-geometry-status]");
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    var map = baseMap(node);
    var othersNode = document.getElementById(node.getAttribute("data-other-sites"));
    if (othersNode) {
      var others = siteLayer(JSON.parse(othersNode.textContent), OTHER_STYLE).addTo(map);
      fit(map, others);
      markSmallOutlines(map, others, OTHER_STYLE);
    }
    var edited = L.featureGroup().addTo(map);
    if (map.pm) {
      if (config.lang !== "en") { map.pm.setLang(config.lang); }
      map.pm.setGlobalOptions({
        allowSelfIntersection: false, snappable: true, layerGroup: edited,
        pathOptions: SITE_STYLE, templineStyle: { color: SITE_STYLE.color }, hintlineStyle: { color: SITE_STYLE.color, dashArray: "5 5" }
      });
      map.pm.addControls({
        position: "topleft", drawMarker: true, drawPolygon: true, drawRectangle: true, drawPolyline: false,
        drawCircle: false, drawCircleMarker: false, drawText: false, cutPolygon: false, rotateMode: false,
        editMode: true, dragMode: true, removalMode: true
      });
    }

    function setStatus(text, isError) {
      status.textContent = text;
      status.classList.toggle("error", !!isError);
      node.setAttribute("data-geometry-state", isError ? "error" : "ok");
    }
    function currentGeometry() {
      var layers = edited.getLayers().filter(function (layer) { return map.hasLayer(layer); });
      return layers.length ? layers[layers.length - 1].toGeoJSON().geometry : null;
    }
    function check(body) {
      node.setAttribute("data-geometry-state", "checking");
      status.textContent = T.checking;
      return fetch(config.checkUrl, { method: "POST", body: body, headers: { "X-CSRFToken": csrf }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (answer) {
          if (!answer.ok) { setStatus(answer.message, true); return null; }
          var text = answer.geometry_type === "Point"
            ? T.point + " (" + fmt(answer.longitude) + ", " + fmt(answer.latitude) + ")"
            : T.areaOf.replace("%(area)s", fmt(answer.area_ha));
          setStatus(text, false);
          return answer;
        })
        .catch(function () { setStatus(T.failed, true); return null; });
    }
    function show(geometry, refit) {
      edited.clearLayers();
      if (!geometry) { return; }
      L.geoJSON(geometry, {
        style: function () { return SITE_STYLE; },
        pointToLayer: function (_f, latlng) { return L.marker(latlng); }
      }).eachLayer(function (layer) { edited.addLayer(layer); });
      if (refit) { fit(map, edited); }
    }
    function changed() {
      var geometry = currentGeometry();
      input.value = geometry ? JSON.stringify(geometry) : "";
      if (fileInput) { fileInput.value = ""; }  // what is drawn now is the site, not the file
      if (!geometry) { setStatus(T.none, false); return; }
      var body = new FormData();
      body.append("geometry", input.value);
      check(body);
    }
    function watch(layer) {
      layer.on("pm:edit pm:dragend", changed);
    }

    map.on("pm:create", function (e) {
      // one site, one geometry: what was drawn before is replaced
      edited.getLayers().forEach(function (layer) { if (layer !== e.layer) { edited.removeLayer(layer); } });
      if (!edited.hasLayer(e.layer)) { edited.addLayer(e.layer); }
      watch(e.layer);
      changed();
    });
    map.on("pm:remove", function (e) { edited.removeLayer(e.layer); changed(); });
    input.addEventListener("change", function () {
      var geometry = null;
      try { geometry = JSON.parse(input.value); } catch (err) { geometry = null; }
      if (!input.value.trim()) { show(null); setStatus(T.none, false); return; }
      var body = new FormData();
      body.append("geometry", input.value);
      check(body).then(function (answer) {
        if (answer) { show(JSON.parse(answer.geometry), true); edited.eachLayer(watch); }
        else if (geometry && geometry.type) { try { show(geometry, true); } catch (err) { /* not drawable */ } }
      });
    });
    if (fileInput) {
      fileInput.addEventListener("change", function () {
        if (!fileInput.files.length) { return; }
        var body = new FormData();
        body.append("file", fileInput.files[0]);
        check(body).then(function (answer) {
          if (!answer) { return; }
          input.value = answer.geometry;
          show(JSON.parse(answer.geometry), true);
          edited.eachLayer(watch);
        });
      });
    }
    var initial = null;
    try { initial = input.value.trim() ? JSON.parse(input.value) : null; } catch (err) { initial = null; }
    if (initial && initial.type) {
      try { show(initial, true); edited.eachLayer(watch); } catch (err) { initial = null; }
      var body = new FormData();
      body.append("geometry", input.value);
      check(body);
    } else {
      setStatus(T.none, false);
    }
    map.whenBoundariesDrawn.then(function () { node.setAttribute("data-ready", "true"); });
  }

  /* ---- SOC monitoring maps: sites coloured by their stock or change, dense points clustered, outlines
     drawn where sites have them, a region selector that zooms ---- */
  function ramp(colours, t) {
    t = Math.max(0, Math.min(1, t));
    var x = t * (colours.length - 1), i = Math.min(Math.floor(x), colours.length - 2), f = x - i;
    var a = colours[i], b = colours[i + 1];
    function ch(c, k) { return parseInt(c.slice(1 + 2 * k, 3 + 2 * k), 16); }
    var rgb = [0, 1, 2].map(function (k) { return Math.round(ch(a, k) + f * (ch(b, k) - ch(a, k))); });
    return "rgb(" + rgb.join(",") + ")";
  }

  var outlinesReady = null;
  function outlines() {
    if (!outlinesReady) {
      outlinesReady = config.outlinesUrl
        ? fetch(config.outlinesUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); }).catch(function () { return { features: [] }; })
        : Promise.resolve({ features: [] });
    }
    return outlinesReady;
  }

  function regionControl(map, node) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      var box = L.DomUtil.create("label", "fpm-region");
      box.appendChild(document.createTextNode(T.zoomTo + " "));
      var select = L.DomUtil.create("select", "", box);
      select.setAttribute("data-map-region", "");
      [["", T.world]].concat(config.regions.map(function (r) { return [r.value, r.label]; })).forEach(function (r) {
        var option = document.createElement("option");
        option.value = r[0]; option.textContent = r[1];
        select.appendChild(option);
      });
      select.addEventListener("change", function () { zoomToRegion(map, select.value); });
      L.DomEvent.disableClickPropagation(box);
      node.regionSelect = select;
      return box;
    };
    control.addTo(map);
  }
  function zoomToRegion(map, value) {
    var region = config.regions.filter(function (r) { return r.value === value; })[0];
    if (region) { map.fitBounds([[region.bounds[0], region.bounds[1]], [region.bounds[2], region.bounds[3]]]); }
    else { showWorld(map); }
  }

  function legendControl(map) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () { return L.DomUtil.create("div", "fpm-legend"); };
    control.addTo(map);
    return control;
  }

  function socMap(node, table, options) {
    options = options || {};
    var meta = table.meta;
    var state = node.fourpermilleSoc;
    node.classList.add("fpm-soc");
    if (!state) {
      var map = baseMap(node);
      state = node.fourpermilleSoc = { map: map, layers: L.layerGroup().addTo(map), legend: legendControl(map), signature: null };
      if (options.regions !== false) { regionControl(map, node); }
    }
    var map = state.map;
    var change = meta.metric === "change";
    var values = table.rows.map(function (r) { return r[meta.value]; }).filter(function (v) { return v !== null && v !== undefined; });
    var lo = values.length ? Math.min.apply(null, values) : 0;
    var hi = values.length ? Math.max.apply(null, values) : 1;
    if (change) { var m = Math.max(Math.abs(lo), Math.abs(hi), 0.01); lo = -m; hi = m; }
    else { lo = 0; hi = Math.max(STOCK_SCALE_MAX, hi); }  // one scale on every page, so colours compare
    var colours = change ? CHANGE_COLOURS : STOCK_COLOURS;
    function colour(v) { return v === null || v === undefined ? "#bdbdb5" : ramp(colours, (v - lo) / (hi - lo)); }
    function rowPopup(row) {
      return table.columns.map(function (c, i) { return escapeHtml(c.label) + ": " + escapeHtml(fmt(row[i])); }).join("<br>");
    }
    state.layers.clearLayers();
    var cells = meta.mode === "cells";
    var points;
    if (cells) {
      var maxN = Math.max.apply(null, [1].concat(table.rows.map(function (r) { return r[5]; })));
      points = L.featureGroup();
      table.rows.forEach(function (row) {
        L.circleMarker([row[meta.lat], row[meta.lon]], {
          radius: 5 + 12 * Math.sqrt(row[5] / maxN), color: "#333", weight: 0.6, fillColor: colour(row[meta.value]), fillOpacity: 0.9
        }).bindPopup(rowPopup(row)).addTo(points);
      });
    } else {
      points = L.markerClusterGroup ? L.markerClusterGroup({
        maxClusterRadius: 45, showCoverageOnHover: false, spiderfyOnMaxZoom: true,
        iconCreateFunction: function (cluster) {
          var children = cluster.getAllChildMarkers();
          var known = children.map(function (c) { return c.options.value; }).filter(function (v) { return v !== null && v !== undefined; });
          var mean = known.length ? known.reduce(function (a, b) { return a + b; }, 0) / known.length : null;
          var size = 26 + Math.min(24, 4 * Math.log(children.length));
          return L.divIcon({
            html: '<span style="background:' + colour(mean) + '">' + children.length + "</span>",
            className: "fpm-cluster", iconSize: [size, size]
          });
        }
      }) : L.featureGroup();
      table.rows.forEach(function (row) {
        var marker = L.circleMarker([row[meta.lat], row[meta.lon]], {
          radius: 6, color: "#333", weight: 0.8, fillColor: colour(row[meta.value]), fillOpacity: 0.95, value: row[meta.value]
        }).bindPopup(rowPopup(row));
        if (options.onPick) { marker.on("click", function () { options.onPick(row[0]); }); }
        points.addLayer(marker);
      });
    }
    state.layers.addLayer(points);
    var ids = table.rows.map(function (r) { return r[0]; });
    var byId = {};
    table.rows.forEach(function (r) { byId[r[0]] = r; });
    var signature = (cells ? "cells:" : "sites:") + ids.join(",");
    var refit = signature !== state.signature;
    state.signature = signature;
    var legend = state.legend.getContainer();
    legend.innerHTML = "";
    if (values.length) {
      var title = L.DomUtil.create("div", "fpm-legend-title", legend);
      title.textContent = (table.columns[meta.value] || {}).label || "";
      var bar = L.DomUtil.create("div", "fpm-legend-bar", legend);
      bar.style.background = "linear-gradient(to right," + colours.join(",") + ")";
      var ends = L.DomUtil.create("div", "fpm-legend-ends", legend);
      ends.innerHTML = "<span>" + fmt(lo) + "</span><span>" + fmt(hi) + "</span>";
    }
    var done = cells ? Promise.resolve(0) : outlines().then(function (collection) {
      var mine = { type: "FeatureCollection", features: (collection.features || []).filter(function (f) { return byId[f.id]; }) };
      var shapes = L.geoJSON(mine, {
        style: function (f) { return { color: "#333", weight: 1, fillColor: colour(byId[f.id][meta.value]), fillOpacity: 0.7 }; },
        onEachFeature: function (f, layer) {
          layer.bindPopup(rowPopup(byId[f.id]));
          if (options.onPick) { layer.on("click", function () { options.onPick(f.id); }); }
        }
      });
      state.layers.addLayer(shapes);
      return mine.features.length;
    });
    return Promise.all([done, map.whenBoundariesDrawn]).then(function (results) {
      if (refit) {
        // a region chosen in the filters frames that region; otherwise the map fits the sites
        var region = options.region ? options.region() : "";
        if (region) { zoomToRegion(map, region); }
        else if (!table.rows.length || !fit(map, points)) { zoomToRegion(map, ""); }
        if (node.regionSelect) { node.regionSelect.value = region; }
      }
      node.setAttribute("data-points", String(table.rows.length));
      node.setAttribute("data-outlines", String(results[0]));
      node.setAttribute("data-ready", "true");
      return map;
    });
  }

  window.FourPermilleMap = { baseMap: baseMap, socMap: socMap, siteMap: siteMap, siteEditor: siteEditor };
  Array.prototype.forEach.call(document.querySelectorAll("[data-site-map]"), siteMap);
  Array.prototype.forEach.call(document.querySelectorAll("[data-site-editor]"), siteEditor);
})();
