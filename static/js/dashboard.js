// Draws the dashboard charts from the JSON the page carries (no inline script).
// Chart.js (210 KB) is not in the page's critical path: it is loaded, from this site (the
// policy's script-src 'self'), only once a chart comes near the viewport and the main thread
// is idle. Until then the charts' boxes keep their size (no layout shift) and the figures
// read from the cards and progress bars above them.
(function () {
  "use strict";
  var IDLE_TIMEOUT_MS = 2000;

  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || typeof Chart === "undefined") { return; }
    if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) { Chart.defaults.animation = false; }
    var data = JSON.parse(source.textContent);
    var labels = document.getElementById("chart-labels").dataset;
    var lang = document.documentElement.lang === "en" ? "en-GB" : "vi-VN";
    var number = new Intl.NumberFormat(lang);
    var days = data.labels.map(function (iso) {
      var parts = iso.split("-");
      return parts[2] + "/" + parts[1] + "/" + parts[0];
    });
    var ticks = { callback: function (value) { return number.format(value); } };
    var datasets = [{ label: labels.cumulative, data: data.cumulative, borderColor: "#0b3d91", backgroundColor: "rgba(11,61,145,.12)", fill: true, pointRadius: 0, tension: 0.15 }];
    // One line per target: the overall one over every day, each phase's over its own days
    // (null elsewhere, so the line stops where the phase does).
    var colours = { overall: "#c8102e" };
    var phaseColours = ["#6f42c1", "#0f7b3f", "#b35900", "#00758f"];
    (data.targets || []).forEach(function (target, index) {
      var colour = colours[target.phase] || phaseColours[index % phaseColours.length];
      datasets.push({ label: target.label, data: target.data, borderColor: colour, backgroundColor: colour,
        borderDash: target.phase === "overall" ? [6, 4] : [2, 3], borderWidth: 2, pointRadius: 0, fill: false, spanGaps: false });
    });
    // The boxes around the canvases (portal.css, .chart-box) hold the height: the charts fill them.
    new Chart(document.getElementById("chart-cumulative"), {
      type: "line",
      data: { labels: days, datasets: datasets },
      options: { responsive: true, maintainAspectRatio: false, interaction: { mode: "index", intersect: false }, scales: { y: { beginAtZero: true, ticks: ticks } },
        plugins: { tooltip: { callbacks: { label: function (c) { return c.parsed.y === null ? null : c.dataset.label + ": " + number.format(c.parsed.y); } } } } }
    });
    new Chart(document.getElementById("chart-daily"), {
      type: "bar",
      data: { labels: days, datasets: [{ label: labels.daily, data: data.daily, backgroundColor: "#ffb400" }] },
      options: { responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: ticks } }, plugins: { legend: { display: false } } }
    });
  }

  var requested = false;
  function load(url) {
    if (requested) { return; }
    requested = true;
    if (typeof Chart !== "undefined") { draw(); return; }
    var script = document.createElement("script");
    script.src = url;
    script.async = true;
    script.addEventListener("load", draw);
    document.head.appendChild(script);
  }

  function whenIdle(callback) {
    if ("requestIdleCallback" in window) {
      window.requestIdleCallback(callback, { timeout: IDLE_TIMEOUT_MS });
    } else {
      window.setTimeout(callback, 200);
    }
  }

  function start() {
    var charts = document.getElementById("charts");
    if (!charts || !document.getElementById("chart-data")) { return; }
    var url = charts.dataset.library;
    var go = function () { whenIdle(function () { load(url); }); };
    if (!("IntersectionObserver" in window)) { go(); return; }
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        observer.disconnect();
        go();
      }
    }, { rootMargin: "200px 0px" });
    observer.observe(charts);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
