// Draws each <canvas data-chart="ID"> from the JSON embedded under the same ID (www/charts.py), with the national
// colours, numbers in the page's language and the page's direction, without animation. The table beside each chart holds the figures.
(function () {
  "use strict";
  if (!window.Chart) return; // the tables alone still say everything
  const colours = ["#006233", "#c1272d", "#1f6fb2", "#b8860b"];
  const root = document.documentElement;
  const rtl = root.dir === "rtl";
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const config = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
    config.data.datasets.forEach((dataset, index) => {
      dataset.backgroundColor = colours[index % colours.length];
      dataset.borderColor = colours[index % colours.length];
    });
    const valueAxis = config.options.indexAxis === "y" ? "x" : "y";
    const labelAxis = valueAxis === "x" ? "y" : "x";
    config.options = {
      ...config.options,
      locale: root.lang,
      responsive: true,
      maintainAspectRatio: false,
      animation: false, // figures to read, not to watch (and nothing moves for who asked for less motion)
      scales: { [valueAxis]: { beginAtZero: true, ticks: { precision: 0 }, reverse: rtl && valueAxis === "x" }, [labelAxis]: { reverse: rtl && labelAxis === "x" } },
      plugins: { legend: { rtl, position: "bottom" }, tooltip: { rtl } },
    };
    new window.Chart(canvas, config);
  });
})();
