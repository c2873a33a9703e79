/* Online toolbox charts: a calculator's result or the usage counts, drawn with the vendored ECharts from
   the figures the page embeds (json_script), the same numbers as its table. */
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var lang = document.documentElement.lang || "en";
  var fmt = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  var charts = [];
  document.querySelectorAll("[data-toolbox-chart]").forEach(function (el) {
    var node = document.getElementById("toolbox-chart-" + el.getAttribute("data-toolbox-chart"));
    if (!node) { return; }
    var c = JSON.parse(node.textContent);
    var narrow = el.clientWidth < 560;
    var category = { type: "category", data: c.x, name: c.horizontal ? "" : c.x_name, nameLocation: "middle", nameGap: 28 };
    var value = { type: c.log ? "log" : "value", name: c.y_name, scale: !c.horizontal && c.kind === "line" && !c.log,
                  nameTextStyle: { align: "left" } };
    var series = c.series.map(function (s) {
      return { name: s.name, type: c.kind, data: s.data, showSymbol: c.x.length < 40, stack: c.stack ? "all" : undefined,
               lineStyle: s.dashed ? { type: "dashed" } : undefined };
    });
    var option = {
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "-" : fmt.format(v); } },
      legend: { top: 0, type: "scroll" },
      grid: { left: c.horizontal ? 8 : 56, right: 16, top: narrow ? 72 : 48, bottom: 40, containLabel: !!c.horizontal },
      xAxis: c.horizontal ? value : category,
      yAxis: c.horizontal ? Object.assign(category, { inverse: true }) : value,
      series: series
    };
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    el.setAttribute("data-drawn", "true");
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
}());
