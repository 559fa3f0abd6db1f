// Draws the dashboard charts from the JSON the page carries (no inline script).
(function () {
  "use strict";
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
    new Chart(document.getElementById("chart-cumulative"), {
      type: "line",
      data: { labels: days, datasets: datasets },
      options: { responsive: true, interaction: { mode: "index", intersect: false }, scales: { y: { beginAtZero: true, ticks: ticks } },
        plugins: { tooltip: { callbacks: { label: function (c) { return c.parsed.y === null ? null : c.dataset.label + ": " + number.format(c.parsed.y); } } } } }
    });
    new Chart(document.getElementById("chart-daily"), {
      type: "bar",
      data: { labels: days, datasets: [{ label: labels.daily, data: data.daily, backgroundColor: "#ffb400" }] },
      options: { responsive: true, scales: { y: { beginAtZero: true, ticks: ticks } }, plugins: { legend: { display: false } } }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
