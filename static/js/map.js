/* Maps of the network's cities, drawn with Leaflet (installed from npm, see package.json).
 *
 * Each element with `data-map` names, in `data-points`, the element holding its cities as
 * JSON ([{name, country, lat, lng, url}]), or in `data-points-url` where to load them
 * from (cities.views.city_map_points); `data-tile-url` is the tile server (an XYZ
 * template). The markers never depend on the tiles: with no tile server reachable they
 * still show, over the land and borders of `data-basemap` (world-atlas, drawn beneath
 * the tiles, so tiles cover it whenever they load). The controls speak the page's language:
 * `data-zoom-in`, `data-zoom-out`, `data-close` (a popup's close button) and
 * `data-library-title` (the attribution's link to Leaflet). */
(function () {
  "use strict";

  function popupContent(point) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.name;
    box.appendChild(link);
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(point.country));
    return box;
  }

  // Rings that cross the antimeridian (Russia, Fiji) would be drawn flat across the whole
  // map: carry their western longitudes past 180 degrees so they continue eastwards.
  function unwrapRing(ring) {
    var lngs = ring.map(function (point) {
      return point[0];
    });
    if (Math.max.apply(null, lngs) - Math.min.apply(null, lngs) <= 180) {
      return ring;
    }
    return ring.map(function (point) {
      return point[0] < 0 ? [point[0] + 360, point[1]] : point;
    });
  }

  function unwrap(feature) {
    var geometry = feature.geometry;
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    polygons = polygons.map(function (polygon) {
      return polygon.map(unwrapRing);
    });
    geometry.coordinates = geometry.type === "Polygon" ? polygons[0] : polygons;
    return feature;
  }

  function drawBasemap(map, url) {
    if (!url || typeof topojson === "undefined" || typeof fetch === "undefined") {
      return;
    }
    map.createPane("basemap");
    map.getPane("basemap").style.zIndex = 150; // beneath the tiles (200)
    fetch(url)
      .then(function (response) {
        return response.ok ? response.json() : Promise.reject(response.status);
      })
      .then(function (world) {
        var countries = topojson.feature(world, world.objects.countries);
        countries.features = countries.features
          .filter(function (feature) {
            return feature.id !== "010"; // Antarctica: no city there
          })
          .map(unwrap);
        L.geoJSON(countries, {
          pane: "basemap",
          interactive: false,
          style: { color: "#b9c2cc", weight: 0.8, fillColor: "#f6f4ef", fillOpacity: 1 },
        }).addTo(map);
      })
      .catch(function () {
        /* The plain background will do. */
      });
  }

  function addMarkers(map, element, points) {
    var markers = points.map(function (point) {
      return L.marker([point.lat, point.lng], {
        title: point.name,
        alt: point.name + ", " + point.country,
        keyboard: true,
      })
        .bindPopup(popupContent(point))
        .addTo(map);
    });
    var zoom = parseInt(element.dataset.zoom || "5", 10);
    if (markers.length === 1) {
      map.setView(markers[0].getLatLng(), zoom);
    } else if (markers.length > 1) {
      map.fitBounds(L.featureGroup(markers).getBounds(), { padding: [30, 30], maxZoom: zoom });
    }
    element.classList.add("map-ready");
  }

  // The points: inline (`data-points`, the id of a JSON script) or, for maps of many
  // cities, loaded from `data-points-url` once the page is shown.
  function loadPoints(element) {
    if (element.dataset.pointsUrl && typeof fetch !== "undefined") {
      return fetch(element.dataset.pointsUrl, { headers: { Accept: "application/json" } }).then(
        function (response) {
          return response.ok ? response.json() : Promise.reject(response.status);
        }
      );
    }
    var source = document.getElementById(element.dataset.points);
    return Promise.resolve(source ? JSON.parse(source.textContent) : []);
  }

  // Leaflet's own link, its title in the page's language (Leaflet writes it in English).
  function libraryLink(title) {
    var link = document.createElement("a");
    link.href = "https://leafletjs.com";
    link.textContent = "Leaflet";
    if (title) {
      link.title = title;
    }
    return link.outerHTML;
  }

  // Leaflet labels a popup's close button "Close popup" in English: relabel it.
  function translatePopups(map, label) {
    if (!label) {
      return;
    }
    map.on("popupopen", function (event) {
      var button = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (button) {
        button.setAttribute("aria-label", label);
        button.title = label;
      }
    });
  }

  function draw(element) {
    if (element.dataset.iconPath) {
      L.Icon.Default.imagePath = element.dataset.iconPath;
    }
    var map = L.map(element, {
      scrollWheelZoom: false,
      worldCopyJump: true,
      minZoom: 1,
      zoomControl: false,
      attributionControl: false,
    });
    L.control
      .zoom({
        zoomInTitle: element.dataset.zoomIn || "Zoom in",
        zoomOutTitle: element.dataset.zoomOut || "Zoom out",
      })
      .addTo(map);
    L.control.attribution({ prefix: libraryLink(element.dataset.libraryTitle) }).addTo(map);
    translatePopups(map, element.dataset.close);
    map.setView([15, 10], 2);
    drawBasemap(map, element.dataset.basemap);
    if (element.dataset.tileUrl) {
      L.tileLayer(element.dataset.tileUrl, {
        attribution: element.dataset.attribution || "",
        maxZoom: 18,
      }).addTo(map);
    }
    loadPoints(element)
      .then(function (points) {
        addMarkers(map, element, points);
      })
      .catch(function () {
        element.classList.add("map-ready"); // the world, without markers
      });
  }

  function init() {
    if (typeof L === "undefined") {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
