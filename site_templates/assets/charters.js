/* Filters on the home page and the comparison of two versions.
   Charter text only ever reaches the page through textContent: never as HTML. */
(function () {
  "use strict";

  function filterCharters(form) {
    var rows = document.querySelectorAll(".charter-index tbody tr");
    form.addEventListener("change", function () {
      var wanted = {};
      form.querySelectorAll("select").forEach(function (select) {
        wanted[select.dataset.filter] = select.value;
      });
      rows.forEach(function (row) {
        row.hidden = !Object.keys(wanted).every(function (key) {
          return !wanted[key] || JSON.parse(row.dataset[key]).indexOf(wanted[key]) >= 0;
        });
      });
    });
  }

  var EFFECTS = { loosened: "▼ loosened", tightened: "▲ tightened", neutral: "neutral" };

  function cell(row, text, className) {
    var element = document.createElement("td");
    element.textContent = text;
    if (className) element.className = className;
    row.appendChild(element);
  }

  function showChanges(result, changes, from, to) {
    result.replaceChildren();
    var heading = document.createElement("p");
    if (from === to) {
      heading.textContent = "Choose two different versions.";
      result.appendChild(heading);
      return;
    }
    heading.textContent = changes.length
      ? "Version " + from + " → version " + to + ": " + changes.length + " change" + (changes.length === 1 ? "" : "s") + "."
      : "Version " + from + " and version " + to + " have the same terms.";
    result.appendChild(heading);
    if (!changes.length) return;
    var table = document.createElement("table");
    var head = table.createTHead().insertRow();
    ["Effect", "Change"].forEach(function (title) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = title;
      head.appendChild(th);
    });
    var body = table.createTBody();
    changes.forEach(function (change) {
      var row = body.insertRow();
      row.className = "charter-change--" + change.effect;
      cell(row, EFFECTS[change.effect] || change.effect, "charter-effect charter-effect--" + change.effect);
      cell(row, change.description);
    });
    result.appendChild(table);
  }

  function compareVersions(container) {
    var from = container.querySelector(".charter-compare__from");
    var to = container.querySelector(".charter-compare__to");
    var result = container.querySelector(".charter-compare__result");
    fetch(container.dataset.source)
      .then(function (response) { return response.json(); })
      .then(function (charter) {
        function update() {
          // Changes are kept from earlier to later versions: compare in that order.
          var earlier = Math.min(from.value, to.value), later = Math.max(from.value, to.value);
          var changes = (charter.comparisons[earlier] || {})[later] || [];
          showChanges(result, changes, String(earlier), String(later));
        }
        from.addEventListener("change", update);
        to.addEventListener("change", update);
        update();
      })
      .catch(function () {
        result.textContent = "The versions could not be loaded.";
      });
  }

  // The theme's search dialog has no accessible name; screen readers would announce an
  // unnamed dialog.
  var search = document.querySelector('.md-search[role="dialog"]');
  if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");

  var form = document.querySelector(".charter-filters");
  if (form) filterCharters(form);
  var compare = document.querySelector(".charter-compare");
  if (compare) compareVersions(compare);
})();
