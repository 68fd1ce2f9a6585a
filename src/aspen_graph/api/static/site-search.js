// The static site's search (aspen site): search-index.js (window.ASPEN_SEARCH) searched with
// MiniSearch in the browser, no server. The words are folded as the server's index folds them
// (aspen_graph/analysis/search.py: NFD, marks dropped, đ → d, lower case), so "o nhiem" finds
// "ô nhiễm"; a query whose code key equals a resource's code ("14.1", "GBF 7") comes first.
(function () {
  "use strict";
  var box = document.getElementById("static-search");
  var data = window.ASPEN_SEARCH;
  if (!box || !data || !window.MiniSearch) { return; }
  var lang = box.getAttribute("data-lang") || "en";
  var suffix = lang === "en" ? ".html" : "." + lang + ".html";
  var NOISE = { target: true, goal: true, indicator: true };
  var WORD = /[\p{L}\p{N}_]+/gu;

  function fold(text) {
    return String(text).replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/\p{M}/gu, "").normalize("NFC").toLowerCase();
  }

  function codeKey(text) {
    return (fold(text).match(WORD) || []).filter(function (w) { return !NOISE[w]; })
      .map(function (w) { return /^[0-9]+$/.test(w) ? (w.replace(/^0+/, "") || "0") : w; })
      .join(" ");
  }

  var byId = {};
  var byKey = {};
  data.docs.forEach(function (doc) {
    byId[doc.id] = doc;
    doc.keys.forEach(function (key) { (byKey[key] = byKey[key] || []).push(doc); });
  });
  var index = new window.MiniSearch({
    fields: ["text"],
    storeFields: [],
    tokenize: function (text) { return fold(text).match(WORD) || []; },
    processTerm: function (term) { return fold(term); }
  });
  index.addAll(data.docs.map(function (doc) { return { id: doc.id, text: doc.text }; }));

  function label(labels) {
    if (labels[lang]) { return { value: labels[lang], lang: lang }; }
    if (labels.en) { return { value: labels.en, lang: "en" }; }
    var codes = Object.keys(labels).sort();
    return codes.length ? { value: labels[codes[0]], lang: codes[0] } : null;
  }

  function search(q) {
    var seen = {};
    var found = [];
    (byKey[codeKey(q)] || []).forEach(function (doc) {
      if (!seen[doc.id]) { seen[doc.id] = true; found.push(doc); }
    });
    var hits = index.search(q, { prefix: function (term, i, terms) { return i === terms.length - 1; }, combineWith: "AND" });
    if (!hits.length) { hits = index.search(q, { combineWith: "OR" }); }
    hits.forEach(function (hit) {
      if (!seen[hit.id]) { seen[hit.id] = true; found.push(byId[hit.id]); }
    });
    return found.slice(0, 100);
  }

  function element(tag, text, attributes) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    return node;
  }

  function show(q) {
    while (box.firstChild) { box.removeChild(box.firstChild); }
    if (!q) { return; }
    var found = search(q);
    var heading = (box.getAttribute("data-results") || "%(count)s results for “%(q)s”")
      .replace("%(count)s", String(found.length)).replace("%(q)s", q);
    box.appendChild(element("h2", heading, { id: "results" }));
    if (!found.length) {
      box.appendChild(element("p", box.getAttribute("data-none") || ""));
      return;
    }
    var groups = {};
    var order = [];
    found.forEach(function (doc) {
      if (!groups[doc.kind]) { groups[doc.kind] = []; order.push(doc.kind); }
      groups[doc.kind].push(doc);
    });
    order.forEach(function (kind) {
      var section = element("section", "", { "class": "search-group" });
      var names = data.kinds[kind] || {};
      section.appendChild(element("h3", names[lang] || names.en || kind));
      var list = element("ul", "", { "class": "search-results" });
      groups[kind].forEach(function (doc) {
        var item = element("li");
        var link = element("a", "", { href: encodeURI(doc.stem + suffix), title: doc.curie });
        if (doc.code) { link.appendChild(element("span", doc.code, { "class": "code" })); link.appendChild(document.createTextNode(" ")); }
        var text = label(doc.labels);
        link.appendChild(element("span", text ? text.value : doc.curie, text ? { lang: text.lang } : {}));
        item.appendChild(link);
        var plan = label(doc.plan || {});
        if (plan) { item.appendChild(document.createTextNode(" ")); item.appendChild(element("span", "(" + plan.value + ")", { "class": "plan" })); }
        list.appendChild(item);
      });
      section.appendChild(list);
      box.appendChild(section);
    });
  }

  var q = (new URLSearchParams(window.location.search).get("q") || "").trim().slice(0, 200);
  var input = document.getElementById("search-q");
  if (input && q) { input.value = q; }
  show(q);
}());
