/* fourpermille dashboards: draws every chart and map from the table the server embedded (or the API
   returns), keeps the accessible table view and the CSV link in step, refetches on filter change and,
   on the SOC monitoring page, every few seconds. Everything it loads is served by this site. */
(function () {
  "use strict";

  var page = document.querySelector(".dash-page");
  if (!page || !window.echarts) { return; }
  var lang = page.getAttribute("data-lang") || "en";
  var locale = lang === "fr" ? "FR" : "EN";
  var numberFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 3 });
  var compactFormat = new Intl.NumberFormat(lang, { notation: "compact", maximumFractionDigits: 1 });
  var PALETTE = ["#2f6b2f", "#b07a3b", "#4f8fba", "#d9a400", "#7b5ea7", "#a12b2b", "#3a9a8f", "#8a8a80"];
  var charts = {};
  var WORLD_CENTRE = [12, 18];  // [lon, lat]: an explicit centre (ECharts 6 fails to resize a map without one)
  var tables = {};
  var T = {
    en: { measured: "Measured", interval: "95 % interval", trend: "Fitted trend", target: "4 per 1000 target",
          noData: "No data for this selection.", updated: "Updated", sites: "sites", loading: "Loading…",
          failed: "Could not load the data", project: "Project", changeLow: "loss", changeHigh: "gain",
          stockLow: "low", stockHigh: "high" },
    fr: { measured: "Mesuré", interval: "Intervalle à 95 %", trend: "Tendance ajustée", target: "Cible 4 pour 1000",
          noData: "Aucune donnée pour cette sélection.", updated: "Mis à jour", sites: "sites", loading: "Chargement…",
          failed: "Impossible de charger les données", project: "Projet", changeLow: "perte", changeHigh: "gain",
          stockLow: "faible", stockHigh: "élevé" }
  };
  var t = T[lang] || T.en;

  function fmt(v) { return v === null || v === undefined || v === "" ? "—" : (typeof v === "number" ? numberFormat.format(v) : String(v)); }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function init(node) {
    var existing = echarts.getInstanceByDom(node);
    if (existing) { return existing; }
    var chart = echarts.init(node, null, { renderer: "svg", locale: locale });
    window.addEventListener("resize", function () { retrying(function () { chart.resize(); }); });
    return chart;
  }
  /* ECharts 6.1 can throw while laying out a geo view in the middle of a resize (its raw view transform
     is not ready yet); the same call a frame later succeeds. Retry once, then report to the console. */
  function retrying(action) {
    try { action(); } catch (first) {
      window.requestAnimationFrame(function () {
        try { action(); } catch (second) { console.warn("fourpermille dashboard: chart update failed", second); }
      });
    }
  }
  function toolbox() {
    return { right: 8, feature: { dataZoom: { yAxisIndex: "none" }, restore: {}, saveAsImage: { name: "fourpermille" } } };
  }

  /* ---- table view ---- */
  function renderTable(card, table) {
    var wrap = card.querySelector(".dash-table-wrap");
    if (!wrap) { return; }
    var tbl = el("table", { "class": "dash-data" });
    tbl.appendChild(el("caption", {}, table.title));
    var head = el("tr");
    table.columns.forEach(function (c) { head.appendChild(el("th", { scope: "col" }, c.label)); });
    tbl.appendChild(el("thead")).appendChild(head);
    var body = tbl.appendChild(el("tbody"));
    if (!table.rows.length) {
      var td = el("td", { colspan: String(Math.max(1, table.columns.length)) }, t.noData);
      body.appendChild(el("tr")).appendChild(td);
    }
    table.rows.forEach(function (row) {
      var tr = body.appendChild(el("tr"));
      row.forEach(function (v) { tr.appendChild(el("td", typeof v === "number" ? { "class": "num" } : {}, fmt(v))); });
    });
    wrap.replaceChildren(tbl);
  }

  /* ---- charts ---- */
  function empty(chart) {
    chart.clear();
    chart.setOption({ title: { text: t.noData, left: "center", top: "middle", textStyle: { color: "#888", fontSize: 14, fontWeight: "normal" } } });
  }

  function barChart(chart, table) {
    var meta = table.meta;
    if (!table.rows.length) { return empty(chart); }
    var labels = meta.label_columns || [0];
    var categories = table.rows.map(function (r) { return labels.map(function (i) { return r[i]; }).join(" · "); });
    var indices = meta.series || table.columns.map(function (_c, i) { return i; }).filter(function (i) { return labels.indexOf(i) < 0; });
    var secondary = meta.secondary || [];
    var horizontal = !!meta.horizontal;
    var series = indices.concat(secondary).map(function (i, n) {
      var second = secondary.indexOf(i) >= 0;
      return {
        name: table.columns[i].label, type: second ? "line" : "bar", stack: meta.stack ? "total" : undefined,
        yAxisIndex: second && !horizontal ? 1 : 0, symbolSize: 9, lineStyle: second ? { width: 0 } : undefined,
        itemStyle: { color: PALETTE[n % PALETTE.length] }, emphasis: { focus: "series" },
        data: table.rows.map(function (r) { return r[i]; })
      };
    });
    /* Labels sized to the chart's width: multi-line category labels get a line height (without one the
       lines of a label were drawn over each other), categories too narrow for their words are turned and
       cut with an ellipsis instead of broken mid-word, and value labels that would collide are thinned
       and, on a narrow chart, written compactly (10K). tests/browser/test_responsive.py checks them. */
    var width = chart.getWidth();
    var narrow = width < 480;
    var labelSide = horizontal ? Math.min(200, Math.round(width * 0.38)) : 0;
    var slot = Math.max(40, (width - 100) / Math.max(1, categories.length) - 8);
    var turned = !horizontal && slot < 72;
    var catLabel = horizontal
      ? { interval: 0, width: labelSide - 12, overflow: "truncate", lineHeight: 14 }
      : turned
        ? { interval: 0, rotate: 35, width: 96, overflow: "truncate" }
        : { interval: 0, width: slot, overflow: "break", lineHeight: 14 };
    var cat = { type: "category", data: categories, axisLabel: catLabel };
    var counts = indices.every(function (i) { return table.rows.every(function (r) { return r[i] === null || Number.isInteger(r[i]); }); });
    var valueFormat = narrow ? compactFormat : numberFormat;
    var val = { type: "value", minInterval: counts ? 1 : 0, axisLabel: { hideOverlap: true, formatter: function (v) { return valueFormat.format(v); } } };
    var yAxes = horizontal ? [Object.assign({}, cat, { inverse: true })] : [val];
    if (secondary.length && !horizontal) { yAxes.push({ type: "value", position: "right", splitLine: { show: false }, axisLabel: { hideOverlap: true } }); }
    chart.setOption({
      color: PALETTE,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: fmt },
      legend: { top: 0, left: 0, right: 8, type: "scroll" },
      grid: { left: horizontal ? labelSide : 60, right: horizontal && narrow ? 24 : 44, top: 64, bottom: horizontal ? 30 : (turned ? 96 : 70) },
      xAxis: horizontal ? val : cat,
      yAxis: yAxes,
      toolbox: Object.assign(toolbox(), { top: 26 }),
      dataZoom: [{ type: "inside", orient: horizontal ? "vertical" : "horizontal" }],
      series: series
    }, true);
  }

  /* A ring that crosses the 180th meridian (Russia, Fiji) would be drawn as a band across the whole map:
     move its western-hemisphere points east of 180 so it stays in one piece. */
  function unwrapRing(ring) {
    var lons = ring.map(function (p) { return p[0]; });
    if (Math.max.apply(null, lons) - Math.min.apply(null, lons) <= 180) { return; }
    ring.forEach(function (p) { if (p[0] < 0) { p[0] += 360; } });
  }
  function unwrapAntimeridian(feature) {
    var g = feature.geometry;
    if (!g) { return; }
    var polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    polygons.forEach(function (polygon) { polygon.forEach(unwrapRing); });
  }

  var worldReady = null;
  function world() {
    if (!worldReady) {
      worldReady = fetch(page.getAttribute("data-world")).then(function (r) { return r.json(); }).then(function (topo) {
        var geo = topojson.feature(topo, topo.objects.countries);
        geo.features = geo.features.filter(function (f) { return f.properties.name !== "Antarctica"; });
        geo.features.forEach(unwrapAntimeridian);
        echarts.registerMap("world", geo);
      });
    }
    return worldReady;
  }

  function choropleth(chart, table) {
    var meta = table.meta;
    var max = Math.max.apply(null, [1].concat(table.rows.map(function (r) { return r[meta.value_column]; })));
    retrying(function () { chart.setOption({
      tooltip: {
        trigger: "item", formatter: function (p) {
          var row = p.data && p.data.row;
          if (!row) { return p.name; }
          return "<b>" + row[0] + "</b><br>" + table.columns.slice(2).map(function (c, i) { return c.label + ": " + fmt(row[i + 2]); }).join("<br>");
        }
      },
      visualMap: { min: 0, max: max, left: 10, bottom: 20, calculable: true, precision: 0, inRange: { color: ["#e3f0dc", "#2f6b2f"] } },
      toolbox: { right: 8, feature: { restore: {}, saveAsImage: { name: "fourpermille-map" } } },
      series: [{
        type: "map", map: "world", roam: true, scaleLimit: { min: 1, max: 20 }, zoom: 1.15, center: WORLD_CENTRE,
        itemStyle: { areaColor: "#f3f3f0", borderColor: "#c9c9bf" },
        emphasis: { label: { show: false }, itemStyle: { areaColor: "#d9a400" } },
        data: table.rows.map(function (r) { return { name: r[meta.name_column], value: r[meta.value_column], row: r }; })
      }]
    }, true); });
  }

  function seriesChart(chart, table) {
    if (!table.rows.length) { return empty(chart); }
    var rows = table.rows;
    var byDate = {};
    rows.forEach(function (r) { byDate[r[0]] = r; });
    var pick = function (i) { return rows.filter(function (r) { return r[i] !== null; }).map(function (r) { return [r[0], r[i]]; }); };
    var band = rows.filter(function (r) { return r[2] !== null && r[3] !== null; });
    chart.setOption({
      color: ["#6b4a2f", "#2f6b2f", "#4f8fba"],
      tooltip: {
        trigger: "axis", formatter: function (ps) {
          var first = ps.filter(function (p) { return p.data; })[0];
          var r = first && byDate[first.data[0]];
          if (!r) { return ""; }
          return "<b>" + r[0] + "</b><br>" + t.measured + ": " + fmt(r[1]) + (r[2] !== null ? " (" + fmt(r[2]) + " – " + fmt(r[3]) + ")" : "") +
            "<br>" + t.trend + ": " + fmt(r[5]) + "<br>" + t.target + ": " + fmt(r[6]) + " t C/ha";
        }
      },
      legend: { top: 0, left: 0, right: 8, type: "scroll", data: [t.measured, t.interval, t.trend, t.target] },
      grid: { left: 60, right: 30, top: 64, bottom: 70 },
      xAxis: { type: "time" },
      yAxis: { type: "value", name: "t C/ha", scale: true },
      toolbox: Object.assign(toolbox(), { top: 26 }),
      dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 10 }],
      series: [
        { name: "low", type: "line", stack: "ci", symbol: "none", lineStyle: { opacity: 0 }, tooltip: { show: false }, silent: true,
          data: band.map(function (r) { return [r[0], r[2]]; }) },
        { name: t.interval, type: "line", stack: "ci", symbol: "none", lineStyle: { opacity: 0 }, silent: true,
          areaStyle: { color: "rgba(107,74,47,0.18)" }, itemStyle: { color: "rgba(107,74,47,0.35)" },
          data: band.map(function (r) { return [r[0], r[3] - r[2]]; }) },
        { name: t.measured, type: "line", symbolSize: 9, lineStyle: { width: 2 }, itemStyle: { color: "#6b4a2f" }, data: pick(1) },
        { name: t.trend, type: "line", symbol: "none", lineStyle: { type: "dashed", color: "#4f8fba" }, itemStyle: { color: "#4f8fba" }, data: pick(5) },
        { name: t.target, type: "line", symbol: "none", lineStyle: { type: "dotted", width: 2, color: "#2f6b2f" }, itemStyle: { color: "#2f6b2f" }, data: pick(6) }
      ]
    }, true);
  }

  function sparkline(node) {
    var text = node.getAttribute("data-series");
    if (!text) {
      var previous = echarts.getInstanceByDom(node);
      if (previous) { previous.clear(); }
      return;
    }
    var points = text.split(";").map(function (p) { var kv = p.split(":"); return [Number(kv[0]), Number(kv[1])]; });
    var target = node.getAttribute("data-target");
    var chart = init(node);
    var data = points.slice();
    chart.setOption({
      grid: { left: 2, right: 2, top: 4, bottom: 4 },
      xAxis: { type: "value", show: false, min: 2020, max: 2030 },
      yAxis: { type: "value", show: false, scale: true },
      tooltip: { trigger: "axis", formatter: function (ps) { return ps.filter(function (p) { return p.data; }).map(function (p) { return p.seriesName + " " + p.data[0] + ": " + fmt(p.data[1]); }).join("<br>"); } },
      series: [
        { name: "KPI", type: "line", data: data, symbolSize: 4, lineStyle: { color: "#2f6b2f" }, itemStyle: { color: "#2f6b2f" }, areaStyle: { color: "rgba(47,107,47,0.12)" } }
      ].concat(target ? [{ name: "2030", type: "line", data: [[2030, Number(target)]], symbol: "diamond", symbolSize: 8, itemStyle: { color: "#d9a400" } }] : [])
    }, true);
  }

  function summaryTiles(section, table) {
    table.rows.forEach(function (r) {
      var tile = section.querySelector('.dash-tile[data-key="' + r[0] + '"] strong');
      if (tile) { tile.textContent = fmt(r[2]); }
    });
  }

  function roadmap(section, table) {
    table.rows.forEach(function (r) {
      var node = section.querySelector('[data-objective="' + r[0] + '"]');
      if (!node) { return; }
      // columns: 10 value, 11 kind, 13 records, 16 demo, 17 progress, 18 series (progress.roadmap)
      var value = node.querySelector(".kpi-value");
      if (value && r[10] !== null) { value.textContent = fmt(r[10]); }
      var records = node.querySelector(".kpi-records");
      if (records && r[13] !== null) { records.textContent = fmt(r[13]); }
      var badge = node.querySelector(".kpi-figure .badge.demo");
      if (badge) { badge.hidden = !r[16]; }
      var bar = node.querySelector(".dash-progress");
      if (bar && r[17] !== null) {
        bar.setAttribute("aria-valuenow", r[17]);
        bar.querySelector("div").style.width = r[17] + "%";
        bar.querySelector("span").textContent = fmt(r[17]) + " %";
      }
      var spark = node.querySelector(".dash-spark");
      if (spark) { spark.setAttribute("data-series", r[18]); sparkline(spark); }
    });
    renderTable(section, table);
  }

  /* ---- cards ---- */
  function draw(card, table) {
    var key = card.getAttribute("data-key");
    tables[key] = table;
    if (key === "summary") { return summaryTiles(card, table); }
    if (key === "roadmap") { return roadmap(card, table); }
    renderTable(card, table);
    var note = card.querySelector(".dash-note");
    if (note && table.note) { note.textContent = table.note; }
    var node = card.querySelector(".dash-chart");
    if (!node) { return; }
    var kind = table.meta && table.meta.chart;
    if (kind === "sitemap") {
      /* sites on a Leaflet map (projects/static/maps/maps.js): outlines where sites have them, dense
         points clustered, a region selector that zooms */
      if (window.FourPermilleMap) {
        window.FourPermilleMap.socMap(node, table, { onPick: key === "site-map" ? pickSite : null, region: filterRegion });
      }
      fillSitePicker(table);
      return;
    }
    var chart = charts[key] = init(node);
    if (kind === "bar") { barChart(chart, table); }
    else if (kind === "series") { seriesChart(chart, table); }
    else if (kind === "choropleth") { world().then(function () { choropleth(chart, table); }); }
  }

  function filterRegion() {
    var select = page.querySelector("form[data-filters] select[name=region]");
    return select ? select.value : "";
  }

  function cards() { return Array.prototype.slice.call(page.querySelectorAll("[data-key][data-script]")); }

  function filterQuery() {
    var form = page.querySelector("form[data-filters]");
    if (!form) { return ""; }
    var params = new URLSearchParams();
    new FormData(form).forEach(function (v, k) { if (v !== "") { params.append(k, v); } });
    return params.toString();
  }

  function setCsv(card, url, query) {
    var link = card.querySelector(".dash-csv");
    if (link && url) { link.setAttribute("href", url + "?" + (query ? query + "&" : "") + "format=csv"); link.hidden = false; }
  }

  var status = page.querySelector(".dash-status");
  function refresh() {
    var query = filterQuery();
    if (status) { status.textContent = t.loading; }
    var jobs = cards().map(function (card) {
      var url = card.getAttribute("data-api");
      if (!url) { return Promise.resolve(); }
      var filtered = card.getAttribute("data-key") !== "site-series";
      var q = filtered ? query : "";
      return fetch(url + "?" + (q ? q + "&" : "") + "lang=" + lang, { headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (table) { draw(card, table); setCsv(card, url, q); });
    });
    return Promise.all(jobs).then(function () {
      if (status) { status.textContent = ""; }
      var stamp = page.querySelector(".dash-updated");
      if (stamp) { stamp.textContent = t.updated + " " + new Date().toLocaleTimeString(lang); }
      page.setAttribute("data-refreshed", String(Date.now()));
    }).catch(function (e) { if (status) { status.textContent = t.failed + " (" + e.message + ")"; } });
  }

  /* ---- SOC monitoring: the site picker and the site series ---- */
  function siteCard() { return page.querySelector("#card-site-series"); }
  function pickSite(siteId) {
    var card = siteCard();
    var template = page.getAttribute("data-site-series");
    if (!card || !template) { return; }
    var url = template.replace(/\/0\/series\/$/, "/" + siteId + "/series/");
    card.setAttribute("data-api", url);
    var select = card.querySelector("[data-site-select]");
    if (select) { select.value = String(siteId); }
    fetch(url + "?lang=" + lang).then(function (r) { return r.json(); }).then(function (table) {
      draw(card, table);
      setCsv(card, url, "");
      var title = card.querySelector("[data-series-title]");
      if (title) { title.textContent = table.title; }
    });
  }
  function fillSitePicker(table) {
    var card = siteCard();
    if (!card || table.key !== "site-map") { return; }
    var select = card.querySelector("[data-site-select]");
    var label = card.querySelector(".dash-site-pick");
    if (table.meta.mode !== "sites") { label.hidden = true; return; }
    label.hidden = false;
    var current = select.value;
    select.replaceChildren.apply(select, table.rows.map(function (r) { return el("option", { value: String(r[0]) }, r[1] + " — " + r[2]); }));
    var api = card.getAttribute("data-api") || "";
    var match = api.match(/\/(\d+)\/series\/$/);
    select.value = current || (match ? match[1] : "");
    if (!select.onchange) { select.onchange = function () { pickSite(select.value); }; }
  }

  /* ---- start ---- */
  cards().forEach(function (card) {
    var script = document.getElementById(card.getAttribute("data-script"));
    if (script) { draw(card, JSON.parse(script.textContent)); }
  });
  Array.prototype.forEach.call(page.querySelectorAll(".dash-objective .dash-spark"), sparkline);
  var form = page.querySelector("form[data-filters]");
  if (form) {
    form.addEventListener("change", function () {
      var query = filterQuery();
      history.replaceState(null, "", "?" + query);
      refresh();
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); refresh(); });
  }
  Array.prototype.forEach.call(page.querySelectorAll("select[data-series-select]"), function (select) {
    select.addEventListener("change", function () {
      var card = select.closest("[data-key]");
      var url = select.value;
      card.setAttribute("data-api", url);
      fetch(url + "?lang=" + lang).then(function (r) { return r.json(); }).then(function (table) {
        draw(card, table);
        setCsv(card, url, "");
      });
    });
  });
  var every = Number(page.getAttribute("data-refresh") || 0);
  if (every > 0) { setInterval(refresh, every * 1000); }
  page.setAttribute("data-ready", "true");
})();
