// Draws each <canvas data-chart="ID"> from the JSON embedded under the same ID (www/charts.py), with the national
// colours, numbers in the page's language and the page's direction, without animation. The table beside each chart holds the figures.
(function () {
  "use strict";
  if (!window.Chart) return; // the tables alone still say everything
  const colours = ["#006233", "#c1272d", "#1f6fb2", "#b8860b"];
  const root = document.documentElement;
  const rtl = root.dir === "rtl";
  const wrap = (label, width = 28) => {
    const lines = [];
    for (const word of String(label).split(" ")) {
      const last = lines.length - 1;
      if (last >= 0 && (lines[last] + " " + word).length <= width) lines[last] += " " + word;
      else lines.push(word);
    }
    return lines.length > 1 ? lines : label;
  };
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
      // Right to left: the x axis runs from the right and the y axis stands on the right, beside where reading
      // starts; room on the left keeps the last label whole (Chart.js leaves room for it on the right only).
      layout: { padding: { left: rtl ? 40 : 8, right: 8 } },
      scales: {
        [valueAxis]: { beginAtZero: true, ticks: { precision: 0 }, reverse: rtl && valueAxis === "x", position: rtl && valueAxis === "y" ? "right" : undefined },
        [labelAxis]: {
          reverse: rtl && labelAxis === "x", position: rtl && labelAxis === "y" ? "right" : undefined,
          // a long label beside a horizontal bar goes on two or three lines rather than past the canvas's edge
          ticks: labelAxis === "y" ? { callback(value) { return wrap(this.getLabelForValue(value)); } } : {},
        },
      },
      plugins: { legend: { rtl, position: "bottom" }, tooltip: { rtl } },
    };
    new window.Chart(canvas, config);
  });
})();
