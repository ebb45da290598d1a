/* The cooperation network, drawn with Cytoscape (installed from npm, see package.json).
 *
 * The element with `data-network` names, in `data-graph`, the element holding the graph
 * as JSON ({nodes: [{id, label, colour, activity, url}], edges: [{id, source, target,
 * kind, colour, weight, directed}], legend: {kinds: [{key, dash, directed}]}}, see
 * portal/network.py). Cities are sized by activity and coloured by region; links are
 * coloured and drawn with their kind's dash pattern (the legend draws the same); an
 * adoption is an arrow towards the city that took the practice up. Selecting a city
 * opens its page.
 *
 * Names keep the same size on screen whatever the zoom, and never overlap: after the
 * layout and after each zoom, the most active cities keep theirs, a name that would cover
 * another tries the other sides of its city, then hides until the city is pointed at or
 * the graph zoomed in (`data-network-hint` says so while any is hidden). The buttons of
 * `data-network-controls` zoom and fit. Once laid out, the element gets
 * `data-graph-ready`. */
(function () {
  "use strict";

  var FONT_SIZE = 12; // on screen, in CSS pixels
  // Beyond this many cities, only the most active are named (placing is quadratic).
  var MAX_NAMED = 300;
  // Where a name may go around its city, in order of preference.
  var PLACES = [
    { valign: "bottom", halign: "center" },
    { valign: "top", halign: "center" },
    { valign: "center", halign: "right" },
    { valign: "center", halign: "left" },
  ];

  function elements(graph) {
    var nodes = graph.nodes.map(function (node) {
      return { group: "nodes", data: node };
    });
    var edges = graph.edges.map(function (edge) {
      return { group: "edges", data: edge };
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

  // One rule per kind of link: its dash pattern (none: a solid line).
  function lineStyles(kinds) {
    return kinds.map(function (kind) {
      var style = kind.dash.length
        ? { "line-style": "dashed", "line-dash-pattern": kind.dash }
        : { "line-style": "solid" };
      return { selector: 'edge[kind = "' + kind.key + '"]', style: style };
    });
  }

  function overlaps(a, b) {
    return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  }

  function labelBox(node) {
    return node.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
  }

  // Place the names, most active cities first, so that none covers another name or a city.
  function placeLabels(cy) {
    var nodes = cy.nodes().sort(function (a, b) {
      return b.data("activity") - a.data("activity");
    });
    var taken = nodes.map(function (node) {
      return node.boundingBox({ includeLabels: false, includeOverlays: false });
    });
    cy.batch(function () {
      nodes.forEach(function (node) {
        node.removeClass("label-hidden");
      });
    });
    nodes.forEach(function (node, index) {
      if (index >= MAX_NAMED) {
        node.addClass("label-hidden");
        return;
      }
      var others = taken.filter(function (_box, i) {
        return i !== index;
      });
      for (var p = 0; p < PLACES.length; p += 1) {
        node.style({ "text-valign": PLACES[p].valign, "text-halign": PLACES[p].halign });
        var box = labelBox(node);
        var free = others.every(function (other) {
          return !overlaps(box, other);
        });
        if (free) {
          taken.push(box);
          return;
        }
      }
      node.addClass("label-hidden");
    });
  }

  function debounce(fn, wait) {
    var timer = null;
    return function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fn, wait);
    };
  }

  function bindControls(cy, container) {
    var controls = container.parentNode.querySelector("[data-network-controls]");
    if (!controls) {
      return;
    }
    controls.hidden = false;
    controls.addEventListener("click", function (event) {
      var button = event.target.closest("[data-zoom]");
      if (!button) {
        return;
      }
      var action = button.dataset.zoom;
      if (action === "fit") {
        cy.fit(undefined, 24);
        return;
      }
      var level = cy.zoom() * (action === "in" ? 1.4 : 1 / 1.4);
      cy.zoom({
        level: Math.max(cy.minZoom(), Math.min(cy.maxZoom(), level)),
        renderedPosition: { x: container.clientWidth / 2, y: container.clientHeight / 2 },
      });
    });
  }

  function draw(container) {
    var source = document.getElementById(container.dataset.graph);
    var graph = source ? JSON.parse(source.textContent) : { nodes: [], edges: [], legend: {} };
    var activity = range(graph.nodes, "activity");
    var weight = range(graph.edges, "weight");
    var reducedMotion =
      window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var cy = cytoscape({
      container: container,
      elements: elements(graph),
      minZoom: 0.2,
      maxZoom: 4,
      style: [
        {
          selector: "node",
          style: {
            "background-color": "data(colour)",
            label: "data(label)",
            "font-size": FONT_SIZE,
            color: "#1b2433",
            "text-valign": "bottom",
            "text-margin-y": 2,
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
            width: "mapData(weight, " + weight[0] + ", " + weight[1] + ", 2, 7)",
            "curve-style": "bezier",
            opacity: 0.85,
          },
        },
      ]
        .concat(lineStyles((graph.legend && graph.legend.kinds) || []))
        .concat([
          {
            selector: "edge[?directed]",
            style: {
              "target-arrow-shape": "triangle",
              "target-arrow-color": "data(colour)",
              "arrow-scale": 1.3,
            },
          },
          { selector: "node.label-hidden", style: { "text-opacity": 0 } },
          {
            selector: "node:selected, node.hover",
            style: {
              "border-width": 3,
              "border-color": "#1b2433",
              "text-opacity": 1,
              "z-index": 10,
            },
          },
        ]),
      layout: { name: "preset" },
    });

    // Names the same size on screen at any zoom; placed again once the zoom settles.
    // The hint about hidden names shows only while some are hidden.
    var hint = container.parentNode.querySelector("[data-network-hint]");
    function label() {
      placeLabels(cy);
      var hidden = cy.nodes(".label-hidden").length;
      container.dataset.hiddenLabels = String(hidden);
      if (hint) {
        hint.hidden = hidden === 0;
      }
    }
    var relabel = debounce(label, 120);
    function scaleLabels() {
      var zoom = cy.zoom();
      cy.style()
        .selector("node")
        .style({
          "font-size": FONT_SIZE / zoom,
          "text-outline-width": 2 / zoom,
          "text-margin-y": 2 / zoom,
        })
        .update();
    }

    var layout = cy.layout({
      name: "cose",
      animate: !reducedMotion && graph.nodes.length < 150,
      randomize: false,
      nodeDimensionsIncludeLabels: true,
      nodeRepulsion: function () {
        return 16000;
      },
      idealEdgeLength: function () {
        return 110;
      },
      componentSpacing: 60,
      padding: 24,
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
      // Fitting changes the zoom, so the names' size, so what fits: settle in two rounds.
      for (var round = 0; round < 2; round += 1) {
        cy.fit(undefined, 24);
        scaleLabels();
      }
      label();
      cy.on("zoom", function () {
        scaleLabels();
        relabel();
      });
      bindControls(cy, container);
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
