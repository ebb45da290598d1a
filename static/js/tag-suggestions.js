/* Tag suggestions while a practice is written: the pillars and SDGs its text is about,
 * each with the words that suggest it (see practices/tagging.py).
 *
 * An element with `data-tag-suggestions` names in `data-fields` the ids of the fields
 * to read (title, summary, description) and in `data-url` the endpoint
 * (POST /api/v1/practices/suggest-tags/); its texts come translated in `data-title`,
 * `data-because` and `data-none`. The suggestions refresh as the text changes. */
(function () {
  "use strict";

  var DELAY = 600;

  function csrfToken(element) {
    var form = element.closest("form");
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) {
      return input.value;
    }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function render(element, suggestions) {
    var list = document.createElement("ul");
    list.className = "tag-suggestion-list";
    suggestions.forEach(function (suggestion) {
      var item = document.createElement("li");
      item.dataset.kind = suggestion.kind;
      item.dataset.key = String(suggestion.key);
      var label = document.createElement("strong");
      label.textContent =
        suggestion.kind === "sdg" ? "SDG " + suggestion.key + ": " + suggestion.label : suggestion.label;
      item.appendChild(label);
      item.appendChild(
        document.createTextNode(
          " (" + (element.dataset.because || "because of") + " " + suggestion.triggers.join(", ") + ")"
        )
      );
      list.appendChild(item);
    });
    var heading = document.createElement("p");
    heading.className = "tag-suggestions-title";
    heading.textContent = element.dataset.title || "";
    element.replaceChildren(heading);
    if (suggestions.length) {
      element.appendChild(list);
    } else {
      var none = document.createElement("p");
      none.textContent = element.dataset.none || "";
      element.appendChild(none);
    }
    element.dataset.suggestionsReady = String(suggestions.length);
    markChoices(element, suggestions);
  }

  /* In a form whose pillar and SDG checkboxes carry slugs and numbers (the practice
   * form), mark the choices suggested, so the writer sees them where they tick. */
  function markChoices(element, suggestions) {
    var form = element.closest("form");
    if (!form) {
      return;
    }
    Array.prototype.forEach.call(form.querySelectorAll("label[data-suggested]"), function (label) {
      delete label.dataset.suggested;
    });
    suggestions.forEach(function (suggestion) {
      var name = suggestion.kind === "sdg" ? "sdgs" : "pillars";
      var input = form.querySelector(
        "input[name=" + name + '][value="' + String(suggestion.key).replace(/"/g, "") + '"]'
      );
      var label = input && input.closest("label");
      if (label) {
        label.dataset.suggested = "";
      }
    });
  }

  function attach(element) {
    var fields = (element.dataset.fields || "")
      .split(/\s+/)
      .map(function (id) {
        return document.getElementById(id);
      })
      .filter(Boolean);
    if (!fields.length || typeof fetch === "undefined") {
      return;
    }
    var timer = null;
    var last = null;

    function refresh() {
      var text = fields
        .map(function (field) {
          return field.value;
        })
        .join("\n\n");
      if (text === last) {
        return;
      }
      last = text;
      fetch(element.dataset.url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": csrfToken(element),
        },
        body: JSON.stringify({ text: text }),
      })
        .then(function (response) {
          return response.ok ? response.json() : Promise.reject(response.status);
        })
        .then(function (data) {
          render(element, data.suggestions);
        })
        .catch(function () {
          /* No suggestion this time: the form works without them. */
        });
    }

    fields.forEach(function (field) {
      field.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(refresh, DELAY);
      });
    });
    refresh();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-tag-suggestions]"), attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
