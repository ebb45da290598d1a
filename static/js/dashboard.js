/* The dashboard's charts, drawn with Chart.js (installed from npm, see package.json)
 * from the figures of `data-url` (/dashboard/data.json, see portal/dashboard.py).
 *
 * Each element with `data-chart` names the figure it draws. The tables beside the
 * charts stay in the page for screen readers and as the fallback without JavaScript;
 * once a chart is drawn its table folds away (a click unfolds it). A drawn chart's
 * element gets `data-chart-ready`. */
(function () {
  "use strict";

  var reducedMotion =
    window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function base(extra) {
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: reducedMotion ? false : { duration: 400 },
      plugins: { legend: { position: "bottom" } },
    };
    Object.keys(extra || {}).forEach(function (key) {
      options[key] = extra[key];
    });
    return options;
  }

  function pluck(items, key) {
    return items.map(function (item) {
      return item[key];
    });
  }

  var charts = {
    exchanges_by_year: function (data) {
      var figure = data.exchanges_by_year;
      return {
        type: "bar",
        data: {
          labels: figure.years,
          datasets: figure.series.map(function (series) {
            return { label: series.label, data: series.counts, backgroundColor: series.colour };
          }),
        },
        options: base({
          scales: {
            x: { stacked: true },
            y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          },
        }),
      };
    },
    practices_by_pillar: function (data) {
      var pillars = data.practices_by_pillar;
      return {
        type: "bar",
        data: {
          labels: pluck(pillars, "label"),
          datasets: [
            {
              label: data.labels.practices,
              data: pluck(pillars, "count"),
              backgroundColor: pluck(pillars, "colour"),
            },
          ],
        },
        options: base({
          indexAxis: "y",
          plugins: { legend: { display: false } },
          scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
        }),
      };
    },
    regions: function (data) {
      var regions = data.regions;
      var colours = ["#0b4f8a", "#d9822b", "#1b7f3b"];
      return {
        type: "bar",
        data: {
          labels: pluck(regions, "label"),
          datasets: [
            { label: data.labels.cities, data: pluck(regions, "cities") },
            { label: data.labels.exchanges, data: pluck(regions, "events") },
            { label: data.labels.practices, data: pluck(regions, "practices") },
          ].map(function (dataset, index) {
            dataset.backgroundColor = colours[index];
            return dataset;
          }),
        },
        options: base({ scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }),
      };
    },
    sdg_pillar_matrix: function (data) {
      var rows = data.sdg_pillar_matrix;
      return {
        type: "bar",
        data: {
          labels: rows.map(function (row) {
            return row.tag;
          }),
          datasets: data.practices_by_pillar.map(function (pillar, index) {
            return {
              label: pillar.label,
              backgroundColor: pillar.colour,
              data: rows.map(function (row) {
                return row.cells[index].count;
              }),
            };
          }),
        },
        options: base({
          scales: {
            x: { stacked: true },
            y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          },
          plugins: {
            legend: { position: "bottom" },
            tooltip: {
              callbacks: {
                title: function (items) {
                  var row = rows[items[0].dataIndex];
                  return row.tag + ": " + row.label;
                },
              },
            },
          },
        }),
      };
    },
    practices_taken_up: function (data) {
      var figure = data.practices_taken_up;
      return {
        type: "bar",
        data: {
          labels: pluck(figure.rows, "label"),
          datasets: figure.stages.map(function (stage, index) {
            return {
              label: stage.label,
              backgroundColor: stage.colour,
              maxBarThickness: 36,
              data: figure.rows.map(function (row) {
                return row.counts[index];
              }),
            };
          }),
        },
        options: base({
          indexAxis: "y",
          scales: {
            x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
            y: { stacked: true },
          },
        }),
      };
    },
    roadmaps: function (data) {
      var roadmaps = data.roadmaps;
      return {
        type: "bar",
        data: {
          labels: pluck(roadmaps, "label"),
          datasets: [
            {
              label: data.labels.progress,
              data: roadmaps.map(function (roadmap) {
                return roadmap.progress === null ? 0 : roadmap.progress;
              }),
              backgroundColor: "#1b7f3b",
              maxBarThickness: 36,
            },
          ],
        },
        options: base({
          indexAxis: "y",
          plugins: { legend: { display: false } },
          scales: { x: { min: 0, max: 100 } },
        }),
      };
    },
  };

  function draw(element, data) {
    var make = charts[element.dataset.chart];
    if (!make) {
      return;
    }
    var canvas = document.createElement("canvas");
    // The table beside the chart says the same to screen readers.
    canvas.setAttribute("aria-hidden", "true");
    element.appendChild(canvas);
    new Chart(canvas, make(data));
    element.dataset.chartReady = "true";
    var panel = element.closest(".chart-panel");
    var table = panel && panel.querySelector("details.chart-data");
    if (table) {
      table.open = false;
    }
  }

  function init() {
    var dashboard = document.querySelector("[data-dashboard]");
    if (!dashboard || typeof Chart === "undefined" || typeof fetch === "undefined") {
      return;
    }
    fetch(dashboard.dataset.url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : Promise.reject(response.status);
      })
      .then(function (data) {
        Array.prototype.forEach.call(dashboard.querySelectorAll("[data-chart]"), function (el) {
          draw(el, data);
        });
        dashboard.dataset.chartsReady = "true";
      })
      .catch(function () {
        /* The tables stay open: they hold every figure. */
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
