/* The cooperation network, drawn with Cytoscape (installed from npm, see package.json).
 *
 * The element with `data-network` names, in `data-graph`, the element holding the graph
 * as JSON ({nodes: [{id, label, colour, activity, url}], edges: [{id, source, target,
 * kind, colour, weight, directed}]}, see portal/network.py). Cities are sized by activity
 * and coloured by region; links are coloured and dashed by kind (modality, partnership or
 * adoption); an adoption is an arrow towards the city that took the practice up.
 * Selecting a city opens its page. Once laid out, the element gets `data-graph-ready`. */
(function () {
  "use strict";

  var LINE_STYLES = {
    "south-south": "solid",
    triangular: "dashed",
    "north-south": "dotted",
    "north-north": "dotted",
    partnership: "dashed",
    adoption: "solid",
  };

  function elements(graph) {
    var nodes = graph.nodes.map(function (node) {
      return { group: "nodes", data: node };
    });
    var edges = graph.edges.map(function (edge) {
      var data = Object.assign({}, edge, { lineStyle: LINE_STYLES[edge.kind] || "solid" });
      return { group: "edges", data: data };
    });
    return nodes.concat(edges);
  }

  function range(items, key) {
    var values = items.map(function (item) {
      return item[key];
    });
    if (!values.length) {
      return [0, 1];
    }
    var low = Math.min.apply(null, values);
    var high = Math.max.apply(null, values);
    // With every value alike, all are drawn at the smallest size.
    return [low, high > low ? high : low + 1];
  }

  function draw(container) {
    var source = document.getElementById(container.dataset.graph);
    var graph = source ? JSON.parse(source.textContent) : { nodes: [], edges: [] };
    var activity = range(graph.nodes, "activity");
    var weight = range(graph.edges, "weight");
    var reducedMotion =
      window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var cy = cytoscape({
      container: container,
      elements: elements(graph),
      minZoom: 0.2,
      maxZoom: 3,
      wheelSensitivity: 0.3,
      style: [
        {
          selector: "node",
          style: {
            "background-color": "data(colour)",
            label: "data(label)",
            "font-size": 11,
            color: "#1b2433",
            "text-valign": "bottom",
            "text-margin-y": 3,
            "text-outline-color": "#ffffff",
            "text-outline-width": 2,
            width: "mapData(activity, " + activity[0] + ", " + activity[1] + ", 14, 52)",
            height: "mapData(activity, " + activity[0] + ", " + activity[1] + ", 14, 52)",
            "border-width": 1,
            "border-color": "#ffffff",
          },
        },
        {
          selector: "edge",
          style: {
            "line-color": "data(colour)",
            "line-style": "data(lineStyle)",
            width: "mapData(weight, " + weight[0] + ", " + weight[1] + ", 1.5, 7)",
            "curve-style": "bezier",
            opacity: 0.8,
          },
        },
        {
          selector: "edge[?directed]",
          style: {
            "target-arrow-shape": "triangle",
            "target-arrow-color": "data(colour)",
            "arrow-scale": 1.2,
          },
        },
        {
          selector: "node:selected, node.hover",
          style: { "border-width": 3, "border-color": "#1b2433" },
        },
      ],
      layout: { name: "preset" },
    });
    var layout = cy.layout({
      name: "cose",
      animate: !reducedMotion && graph.nodes.length < 150,
      randomize: false,
      nodeRepulsion: function () {
        return 9000;
      },
      idealEdgeLength: function () {
        return 90;
      },
      padding: 20,
    });
    cy.on("tap", "node", function (event) {
      var url = event.target.data("url");
      if (url) {
        window.location.assign(url);
      }
    });
    cy.on("mouseover", "node", function (event) {
      event.target.addClass("hover");
      container.style.cursor = "pointer";
    });
    cy.on("mouseout", "node", function (event) {
      event.target.removeClass("hover");
      container.style.cursor = "";
    });
    layout.one("layoutstop", function () {
      container.dataset.graphReady = "true";
      container.dataset.nodes = String(cy.nodes().length);
      container.dataset.edges = String(cy.edges().length);
    });
    layout.run();
    container.cy = cy;
  }

  function init() {
    if (typeof cytoscape === "undefined") {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-network]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
