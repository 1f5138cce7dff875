/* Draw the ECharts options the server put in <script type="application/json"> elements.
   Only draws: every number and label comes from the server (monitor/selectors.py). */
(function () {
  "use strict";
  var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var charts = [];

  function draw(root) {
    if (!window.echarts) return;
    (root || document).querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.getAttribute("data-drawn")) return;
      var source = document.getElementById(el.getAttribute("data-chart"));
      if (!source) return;
      var option = JSON.parse(source.textContent);
      option.animation = !reduce;
      // The container keeps its own role and label; ECharts' generated description is off.
      option.aria = { enabled: false };
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option);
      el.setAttribute("data-drawn", "1");
      charts.push(chart);
    });
  }

  function resize() {
    charts.forEach(function (chart) { chart.resize(); });
  }

  // Before printing, each chart is also drawn as an image at its current size: the image scales
  // to the printed column without clipping, where a canvas would keep its screen size.
  function printImages() {
    charts.forEach(function (chart) {
      var el = chart.getDom();
      var img = el.nextElementSibling;
      if (!img || !img.classList.contains("chart-print")) {
        img = document.createElement("img");
        img.className = "chart-print";
        img.alt = el.getAttribute("aria-label") || "";
        el.parentNode.insertBefore(img, el.nextSibling);
      }
      img.src = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
      el.classList.add("has-print");
    });
  }

  function afterPrint() {
    charts.forEach(function (chart) { chart.getDom().classList.remove("has-print"); });
    resize();
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
  window.addEventListener("resize", resize);
  window.addEventListener("beforeprint", printImages);
  window.addEventListener("afterprint", afterPrint);
  if (window.matchMedia) {
    var print = window.matchMedia("print");
    var onChange = function (event) { if (event.matches) printImages(); };
    if (print.addEventListener) print.addEventListener("change", onChange);
  }
})();
