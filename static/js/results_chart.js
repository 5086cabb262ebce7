// The sub-goal page's chart: the path from baseline to target and the check-ins, drawn from
// the data the page passes in a json_script tag (no inline script: the CSP forbids it).
(function () {
  "use strict";
  function draw() {
    var canvas = document.getElementById("results-chart");
    var source = document.getElementById("results-chart-data");
    if (!canvas || !source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    // The page's language and the workspace's date order (3 Dec 2026 or Dec 3, 2026).
    var language = canvas.dataset.locale || document.documentElement.lang || undefined;
    var toTime = function (points) {
      return points.map(function (p) {
        return { x: new Date(p.x + "T00:00:00").getTime(), y: p.y };
      });
    };
    var dayLabel = function (value) {
      return new Date(value).toLocaleDateString(language, {
        day: "numeric",
        month: "short",
        year: "numeric",
      });
    };
    new window.Chart(canvas, {
      type: "line",
      data: {
        datasets: [
          {
            label: canvas.dataset.pathLabel,
            data: toTime(data.path),
            borderDash: [6, 4],
            borderColor: "#6c757d",
            pointRadius: 0,
          },
          {
            label: canvas.dataset.checkInsLabel,
            data: toTime(data.check_ins),
            borderColor: "#0d6efd",
            backgroundColor: "#0d6efd",
          },
        ],
      },
      options: {
        // The figure's CSS gives the height; the chart follows its width (phone or desk).
        maintainAspectRatio: false,
        parsing: false,
        animation: false,
        scales: {
          x: { type: "linear", ticks: { callback: dayLabel, maxTicksLimit: 6 } },
          y: {
            title: { display: !!canvas.dataset.unit, text: canvas.dataset.unit },
            ticks: {
              callback: function (value) {
                return Number(value).toLocaleString(language);
              },
            },
          },
        },
        plugins: {
          tooltip: {
            callbacks: {
              title: function (items) {
                return items.length ? dayLabel(items[0].parsed.x) : "";
              },
              label: function (item) {
                return item.dataset.label + ": " + item.parsed.y.toLocaleString(language);
              },
            },
          },
        },
      },
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
