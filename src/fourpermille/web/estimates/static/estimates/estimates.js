/* Ex-ante assessment charts: the SOC trajectories (baseline, +4 per 1000 target, IPCC Tier 1, RothC) and the
   net balance by gas of each scenario, drawn with the vendored ECharts from the figures the page embeds
   (the same stored record as its tables). */
(function () {
  "use strict";
  var node = document.getElementById("exante-data");
  if (!node || !window.echarts) { return; }
  var data = JSON.parse(node.textContent);
  var L = data.labels;
  var script = document.currentScript || document.querySelector("script[data-lang]");
  var lang = (script && script.getAttribute("data-lang")) || document.documentElement.lang || "en";
  var fmt = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  var colours = { soc_co2: "#8c6d31", n2o: "#d62728", ch4: "#9467bd", biomass_co2: "#2ca02c" };
  var charts = [];

  function narrow(el) { return el.clientWidth < 560; }  // the legend wraps to two rows: more room above

  function trajectory(el, site) {
    var series = [
      { name: L.baseline, data: site.baseline, lineStyle: { type: "dashed" } },
      { name: L.target, data: site.target, lineStyle: { type: "dotted" } },
      { name: L.tier1, data: site.tier1 }
    ];
    if (site.rothc) { series.push({ name: L.rothc, data: site.rothc }); }
    series.forEach(function (s) { s.type = "line"; s.showSymbol = false; });
    return {
      tooltip: { trigger: "axis", valueFormatter: function (v) { return fmt.format(v); } },
      legend: { top: 0 },
      grid: { left: 48, right: 12, top: narrow(el) ? 84 : 56, bottom: 28 },
      xAxis: { type: "category", data: site.years },
      yAxis: { type: "value", name: L.stock_axis, scale: true, nameTextStyle: { align: "left" } },
      series: series
    };
  }

  function gases(el, site) {
    var names = site.scenarios.map(function (s) { return s.name; });
    var series = ["soc_co2", "n2o", "ch4", "biomass_co2"].map(function (g) {
      return { name: L[g], type: "bar", stack: "net", itemStyle: { color: colours[g] },
               data: site.scenarios.map(function (s) { return s[g]; }) };
    });
    series.push({ name: L.net_total, type: "scatter", symbolSize: 10, itemStyle: { color: "#000" },
                  data: site.scenarios.map(function (s) { return s.total; }) });
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: function (v) { return fmt.format(v); } },
      legend: { top: 0 },
      grid: { left: 64, right: 12, top: narrow(el) ? 92 : 64, bottom: 64 },
      xAxis: { type: "category", data: names, axisLabel: { interval: 0, rotate: names.length > 2 ? 20 : 0, width: 110, overflow: "truncate" } },
      yAxis: { type: "value", name: L.balance_axis, nameTextStyle: { align: "left" } },
      series: series
    };
  }

  document.querySelectorAll("[data-exante-chart]").forEach(function (el) {
    var site = data.sites[Number(el.getAttribute("data-site"))];
    if (!site) { return; }
    var kind = el.getAttribute("data-exante-chart");
    if (kind === "gases" && !site.scenarios) { return; }
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(kind === "gases" ? gases(el, site) : trajectory(el, site));
    el.setAttribute("data-drawn", "true");
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
}());
