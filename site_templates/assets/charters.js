/* Filters on the home page and the comparison of two versions side by side.
   Charter text only ever reaches the page through textContent: never as HTML.
   Every text of ours goes through t(): the page carries its translations (in the site's
   language, from the tool's catalogs) as JSON in #charter-texts, keyed by the English. */
(function () {
  "use strict";

  var TEXTS = (function () {
    var holder = document.getElementById("charter-texts");
    try { return holder ? JSON.parse(holder.textContent) : {}; } catch (error) { return {}; }
  }());

  function t(text, values) {
    var said = Object.prototype.hasOwnProperty.call(TEXTS, text) ? TEXTS[text] : text;
    return said.replace(/%\((\w+)\)s/g, function (whole, name) { return String(values[name]); });
  }

  // A date of the page's data (ISO 8601) as the page's language writes it.
  function day(iso) {
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "medium", timeZone: "UTC" })
        .format(new Date(iso + "T00:00:00Z"));
    } catch (error) {
      return iso;
    }
  }

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

  /* Comparing two versions side by side: the two versions' terms (api/charters/<id>/v<N>.json),
     matched by id, changed words marked, and the effect of each change from the charter's
     comparisons (api/charters/<id>.json). */

  var EFFECTS = { loosened: t("▼ loosened"), tightened: t("▲ tightened"), neutral: t("neutral") };
  var BADGED = ["loosened", "tightened"]; // the effects an item's heading and a field's name show

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Words, numbers (0.05, 1,000), runs of white space, and any other character on its own.
  var TOKEN = /\s+|\p{N}+(?:[.,:]\p{N}+)*|[\p{L}\p{M}\p{N}_]+|[^]/gu;
  var LONGEST = 1000000; // cells of the table below; beyond it the middle counts as changed whole

  // The operations that turn text `before` into `after`, token by token: [0, same],
  // [-1, removed] or [1, added], by the longest common subsequence of their tokens.
  function wordDiff(before, after) {
    var a = before.match(TOKEN) || [], b = after.match(TOKEN) || [];
    var start = 0, endA = a.length, endB = b.length, ops = [], i, j;
    while (start < endA && start < endB && a[start] === b[start]) ops.push([0, a[start++]]);
    while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
    var n = endA - start, m = endB - start, width = m + 1;
    // common[i * width + j]: how many tokens a[start + i ..] and b[start + j ..] have in common.
    var common = n * m <= LONGEST ? new Uint16Array((n + 1) * width) : null;
    for (i = n - 1; common && i >= 0; i--) {
      for (j = m - 1; j >= 0; j--) {
        common[i * width + j] = a[start + i] === b[start + j]
          ? common[(i + 1) * width + j + 1] + 1
          : Math.max(common[(i + 1) * width + j], common[i * width + j + 1]);
      }
    }
    for (i = 0, j = 0; i < n || j < m;) {
      if (common && i < n && j < m && a[start + i] === b[start + j]) { ops.push([0, a[start + i]]); i++; j++; }
      else if (i < n && (j === m || !common || common[(i + 1) * width + j] >= common[i * width + j + 1])) ops.push([-1, a[start + i++]]);
      else ops.push([1, b[start + j++]]);
    }
    return ops.concat(a.slice(endA).map(function (token) { return [0, token]; }));
  }

  // One side's text as runs of [text, changed]. White space counts as changed only between
  // two changes: "48 hours" → "two working days" is one change, and the space before an
  // added word is not part of it.
  function side(ops, kind) {
    var runs = ops.filter(function (op) { return op[0] === 0 || op[0] === kind; }).map(function (op) {
      return [op[1], op[0] !== 0];
    });
    runs.forEach(function (run, k) {
      // A neighbour of white space is never white space: tokens keep their text's order.
      if (/^\s+$/.test(run[0])) run[1] = k > 0 && k < runs.length - 1 && runs[k - 1][1] && runs[k + 1][1];
    });
    return runs.reduce(function (merged, run) {
      var last = merged[merged.length - 1];
      if (last && last[1] === run[1]) last[0] += run[0];
      else merged.push(run);
      return merged;
    }, []);
  }

  function text(value) {
    return value === undefined || value === null || value === "" ? null : String(value);
  }

  function partyNames(terms) {
    var names = {};
    terms.parties.forEach(function (party) { names[party.id] = party.name; });
    return names;
  }

  function nameOf(names, id) {
    return names[id] || id;
  }

  // What each section shows of one version's terms: its items, each with an id (what
  // matches it across versions, as the change records do), a title and its fields as text.
  // A section of one item at most (`single`) has its title for the item's.
  var SECTIONS = [
    {
      title: t("The charter"), section: "charter", single: true,
      fields: [["title", t("Title")], ["effective", t("Effective date")], ["ends", t("Planned end")], ["purpose", t("Purpose")]],
      items: function (terms) {
        return [{ id: "charter", values: terms }];
      }
    },
    {
      title: t("Parties"), section: "party",
      fields: [["name", t("Name")], ["kind", t("Kind")], ["country", t("Country")], ["representatives", t("Representatives")]],
      items: function (terms) {
        return terms.parties.map(function (party) {
          var people = party.representatives.map(function (person) {
            return person.name + (person.role ? ", " + person.role : "") + " <" + person.email + ">";
          });
          return { id: party.id, title: party.name, values: { name: party.name, kind: party.kind, country: party.country, representatives: people.join("\n") } };
        });
      }
    },
    {
      title: t("Benchmarks"), section: "benchmark",
      fields: [
        ["title", t("Title")], ["principle", t("Principle")], ["behavior", t("Behaviour")], ["indicator", t("Indicator")],
        ["target", t("Target")], ["threshold", t("Threshold")], ["cadence", t("Checked")], ["applies_to", t("Binds")],
        ["rationale", t("Why not every party")], ["owners", t("Owners")]
      ],
      items: function (terms) {
        var names = partyNames(terms);
        return terms.benchmarks.map(function (benchmark) {
          var threshold = benchmark.threshold, owners = benchmark.owners || {};
          var values = Object.assign({}, benchmark, {
            threshold: threshold && (threshold.direction === "max" ? t("at most %(value)s %(unit)s", threshold) : t("at least %(value)s %(unit)s", threshold)),
            applies_to: (benchmark.applies_to || Object.keys(names)).map(function (id) { return nameOf(names, id); }).join(", "),
            owners: Object.keys(owners).map(function (id) { return nameOf(names, id) + ": " + owners[id]; }).join("; ")
          });
          return { id: benchmark.id, title: benchmark.title, values: values };
        });
      }
    },
    {
      title: t("Commitments"), section: "commitment",
      fields: [["party", t("Party")], ["text", t("Commitment")], ["due", t("Due")], ["benchmarks", t("Serves")]],
      items: function (terms) {
        var names = partyNames(terms);
        return terms.commitments.map(function (commitment) {
          var values = Object.assign({}, commitment, {
            party: nameOf(names, commitment.party), benchmarks: (commitment.benchmarks || []).join(", ")
          });
          return { id: commitment.id, title: commitment.id, values: values };
        });
      }
    },
    {
      title: t("Escalation path"), section: "escalation",
      fields: [["who", t("Who")], ["within_days", t("Days allowed")]],
      items: function (terms) {
        return terms.escalation.map(function (level) {
          return { id: String(level.level), title: t("Level %(level)s", level), values: { who: level.who, within_days: String(level.within_days) } };
        });
      }
    },
    {
      title: t("Response ladder"), section: "response",
      fields: [["trigger", t("When")], ["response", t("Response")]],
      items: function (terms) {
        return terms.responses.map(function (step) {
          return { id: String(step.step), title: t("Step %(step)s", step), values: step };
        });
      }
    },
    {
      title: t("Voice channel"), section: "voice", single: true,
      fields: [["channel", t("Channel")], ["anonymous", t("Anonymous")], ["steward", t("Looked after by")]],
      items: function (terms) {
        var voice = terms.voice;
        return voice ? [{ id: "channel", values: {
          channel: voice.channel, steward: voice.steward,
          anonymous: voice.anonymous ? t("anonymous concerns welcome") : t("concerns are not anonymous")
        } }] : [];
      }
    }
  ];

  // The ids of both versions' items: the later version's order, with each item only the
  // earlier one has after the item it followed there.
  function matchedIds(before, after) {
    var ids = after.map(function (item) { return item.id; });
    before.forEach(function (item, k) {
      if (ids.indexOf(item.id) < 0) ids.splice(k ? ids.indexOf(before[k - 1].id) + 1 : 0, 0, item.id);
    });
    return ids;
  }

  // The change records about one item, keyed as the items are: a representative's belong to
  // their party, the charter's own fields to the charter.
  function changesByItem(changes) {
    var byItem = {};
    changes.forEach(function (change) {
      var key = change.section === "charter" ? "charter charter"
        : change.section === "representative" ? "party " + change.party
        : change.section + " " + change.item;
      (byItem[key] = byItem[key] || []).push(change);
    });
    return byItem;
  }

  function badge(className, label) {
    return element("span", "charter-badge " + className, label);
  }


  // One version's value of a field: its text, with the words the other version lacks
  // marked (runs from side()), or "none".
  function value(label, runs, kind, same) {
    var cell = element("dd", "charter-fields__value");
    cell.appendChild(element("span", "charter-fields__version", label));
    if (same) cell.appendChild(element("span", "charter-fields__both", t("Both versions")));
    if (!runs) {
      cell.appendChild(element("em", "charter-fields__none", t("none")));
      return cell;
    }
    runs.forEach(function (run) {
      var mark = run[0];
      if (run[1]) {
        mark = element(kind < 0 ? "del" : "ins");
        mark.append(element("span", "charter-sr", kind < 0 ? t("removed: ") : t("added: ")), run[0]);
      }
      cell.append(mark);
    });
    return cell;
  }

  function fieldRow(field, before, after, labels, changes) {
    var row = element("div", "charter-fields__row");
    var term = element("dt", null, field[1]);
    changes.forEach(function (change) {
      if (change.field === field[0] && BADGED.indexOf(change.effect) >= 0) {
        term.append(" ", element("span", "charter-effect charter-effect--" + change.effect, EFFECTS[change.effect]));
      }
    });
    row.appendChild(term);
    if (before === after) {
      row.classList.add("charter-fields__row--same");
      var same = [[before, false]];
      row.append(value(labels[0], same, -1, true), value(labels[1], same, 1));
    } else {
      var ops = before !== null && after !== null ? wordDiff(before, after) : null;
      row.append(
        value(labels[0], before === null ? null : ops ? side(ops, -1) : [[before, true]], -1),
        value(labels[1], after === null ? null : ops ? side(ops, 1) : [[after, true]], 1)
      );
    }
    return row;
  }

  // An item only one version has: its fields, and where the other version's would be, a note.
  function loneRows(fields, item, labels, kind) {
    return fields.filter(function (field) { return text(item.values[field[0]]) !== null; }).map(function (field, k) {
      var row = element("div", "charter-fields__row charter-fields__row--lone");
      var here = value(labels[kind < 0 ? 0 : 1], [[text(item.values[field[0]]), false]], kind);
      var there = element("dd", "charter-fields__value charter-fields__value--absent", k ? "" : t("Not in %(version)s", { version: labels[kind < 0 ? 1 : 0] }));
      row.append(element("dt", null, field[1]), kind < 0 ? here : there, kind < 0 ? there : here);
      return row;
    });
  }

  function itemBlock(section, id, before, after, labels, changes) {
    var block = element("section", "charter-side");
    block.id = "compare-" + section.section + "-" + id;
    block.dataset.id = id;
    var heading = element(section.single ? "h2" : "h3", "charter-side__title", section.single ? section.title : (after || before).title);
    var effects = BADGED.filter(function (effect) {
      return changes.some(function (change) { return change.effect === effect; });
    });
    if (!before) heading.append(" ", badge("charter-badge--added", t("added")));
    if (!after) heading.append(" ", badge("charter-badge--removed", t("removed")));
    effects.forEach(function (effect) { heading.append(" ", badge("charter-effect--" + effect, EFFECTS[effect])); });
    if (before && after && changes.length && !effects.length) heading.append(" ", badge("charter-badge--changed", t("changed")));
    if (changes.length || !before || !after) block.classList.add("charter-side--changed");
    var fields = element("dl", "charter-fields");
    if (before && after) {
      section.fields.forEach(function (field) {
        var old = text(before.values[field[0]]), now = text(after.values[field[0]]);
        if (old !== null || now !== null) fields.appendChild(fieldRow(field, old, now, labels, changes));
      });
    } else {
      loneRows(section.fields, before || after, labels, before ? -1 : 1).forEach(function (row) { fields.appendChild(row); });
    }
    block.append(heading, fields);
    return block;
  }

  function showSides(container, earlier, later, changes) {
    var labels = [t("Version %(version)s", earlier), t("Version %(version)s", later)];
    var byItem = changesByItem(changes);
    var head = element("div", "charter-sides__head");
    head.setAttribute("aria-hidden", "true");
    head.append(element("span"), element("span", null, labels[0]), element("span", null, labels[1]));
    container.replaceChildren(head);
    SECTIONS.forEach(function (section) {
      var before = section.items(earlier.terms), after = section.items(later.terms);
      var ids = matchedIds(before, after);
      if (!ids.length) return;
      var part = element("section", "charter-sides__section");
      if (!section.single) part.appendChild(element("h2", null, section.title));
      ids.forEach(function (id) {
        function find(item) { return item.id === id; }
        part.appendChild(itemBlock(section, id, before.filter(find)[0], after.filter(find)[0], labels, byItem[section.section + " " + id] || []));
      });
      container.appendChild(part);
    });
  }

  function showChanges(result, status, changes, from, to) {
    var list = element("ul", "charter-compare__changes");
    status.textContent = changes.length
      ? t("Changes from version %(from)s to version %(to)s: %(count)s.", { from: from, to: to, count: changes.length })
      : t("Version %(from)s and version %(to)s have the same terms.", { from: from, to: to });
    changes.forEach(function (change) {
      var item = element("li", "charter-change--" + change.effect);
      item.append(element("span", "charter-effect charter-effect--" + change.effect, EFFECTS[change.effect] || change.effect), " ", change.description);
      list.appendChild(item);
    });
    if (changes.length) result.appendChild(list);
  }

  function load(address) {
    return fetch(address).then(function (response) {
      if (!response.ok) throw new Error(address + ": " + response.status);
      return response.json();
    });
  }

  function compareVersions(container) {
    var from = container.querySelector(".charter-compare__from");
    var to = container.querySelector(".charter-compare__to");
    var result = container.querySelector(".charter-compare__result");
    var status = container.querySelector(".charter-compare__status");
    var charter = null, versions = {}, shown = 0;

    // A shared address names its pair: ?from=1&to=3. Anything else keeps the defaults.
    var wanted = new URLSearchParams(location.search);
    [[from, wanted.get("from")], [to, wanted.get("to")]].forEach(function (pair) {
      if ([].some.call(pair[0].options, function (option) { return option.value === pair[1]; })) pair[0].value = pair[1];
    });

    function version(number) {
      versions[number] = versions[number] || load(container.dataset.versions + "v" + number + ".json");
      versions[number].catch(function () { delete versions[number]; }); // to be asked again
      return versions[number];
    }

    function update() {
      if (!charter) return; // shown once the charter's data is in
      // Changes are kept from earlier to later versions: compare in that order.
      var earlier = Math.min(from.value, to.value), later = Math.max(from.value, to.value);
      var changes = (charter.comparisons[earlier] || {})[later] || [];
      var sides = element("div", "charter-sides");
      var current = ++shown;
      result.replaceChildren(status);
      if (earlier === later) {
        status.textContent = t("Choose two different versions.");
        return;
      }
      showChanges(result, status, changes, earlier, later);
      sides.appendChild(element("p", null, t("Loading version %(earlier)s and version %(later)s…", { earlier: earlier, later: later })));
      result.appendChild(sides);
      Promise.all([version(earlier), version(later)]).then(function (pair) {
        if (current === shown) showSides(sides, pair[0], pair[1], changes);
      }, function () {
        if (current === shown) sides.replaceChildren(element("p", null, t("The two versions could not be loaded.")));
      });
    }

    function changed() {
      history.replaceState(history.state, "", "?" + new URLSearchParams({ from: from.value, to: to.value }) + location.hash);
      update();
    }
    from.addEventListener("change", changed);
    to.addEventListener("change", changed);
    load(container.dataset.source).then(function (data) {
      charter = data;
      update();
    }, function () {
      status.textContent = t("The versions could not be loaded.");
    });
  }

  // "What was in force on …": the periods are in the page itself, so no server is asked.
  function inForceOn(form) {
    var input = form.querySelector(".charter-at__date");
    var answer = form.querySelector(".charter-at__answer");
    var periods = document.querySelectorAll(".charter-periods li[data-from]");
    function update() {
      var chosen = input.value;
      var found = null;
      // ISO dates order as text; a period ends the day its successor starts.
      periods.forEach(function (item) {
        var until = item.getAttribute("data-until");
        if (item.getAttribute("data-from") <= chosen && (!until || chosen < until)) found = item;
      });
      answer.textContent = "";
      if (!chosen) return;
      if (!found) {
        answer.textContent = t("No version was in force on %(day)s.", { day: day(chosen) });
        return;
      }
      var link = found.querySelector("a").cloneNode(true);
      var parts = t("On %(day)s: %(version)s was in force.", { day: day(chosen), version: "\u0000" }).split("\u0000");
      answer.append(parts[0], link, parts[1] || "");
    }
    input.addEventListener("input", update);
    form.hidden = false;
    update();
  }

  // The theme's search dialog has no accessible name; screen readers would announce an
  // unnamed dialog.
  var search = document.querySelector('.md-search[role="dialog"]');
  if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", t("Search"));

  var form = document.querySelector(".charter-filters");
  if (form) filterCharters(form);
  var compare = document.querySelector(".charter-compare");
  if (compare) compareVersions(compare);
  var at = document.querySelector(".charter-at");
  if (at) inForceOn(at);
})();
