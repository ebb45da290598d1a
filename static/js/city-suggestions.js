/* Suggestions for a city typed in a text box (the exchange list's city filter).
 *
 * An input with `data-city-suggestions` (the city list API, searched with `?q=`) gets
 * a <datalist> of the matching cities as one types: each option's value is the city's
 * slug, which the filter accepts, and its label the city and country. Without
 * JavaScript the box takes a name or a slug as typed. */
(function () {
  "use strict";

  var DELAY = 250;
  var SHOWN = 8;

  function attach(input) {
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.after(list);
    input.setAttribute("list", list.id);
    var timer = null;
    var asked = "";

    function fill(cities) {
      list.replaceChildren.apply(
        list,
        cities.map(function (city) {
          var option = document.createElement("option");
          option.value = city.slug;
          option.label = city.country ? city.name + ", " + city.country.name : city.name;
          return option;
        })
      );
    }

    function ask() {
      var q = input.value.trim();
      if (q.length < 2 || q === asked) {
        return;
      }
      asked = q;
      var url = new URL(input.dataset.citySuggestions, window.location.href);
      url.searchParams.set("q", q);
      url.searchParams.set("page_size", String(SHOWN));
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : Promise.reject(response.status);
        })
        .then(function (body) {
          if (q === asked) {
            fill(body.results || []);
          }
        })
        .catch(function () {
          /* The box still takes a name as typed. */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY);
    });
  }

  function init() {
    if (typeof fetch === "undefined") {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("input[data-city-suggestions]"), attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
