// Autocomplete for the site header's search box: the first few results of /search/suggest as
// links under the box. The form works without it (a GET to /search).
(function () {
  "use strict";
  var input = document.getElementById("site-search-q");
  if (!input || !window.fetch) { return; }
  var form = input.form;
  var list = document.createElement("ul");
  list.id = "site-search-suggestions";
  list.className = "search-suggestions";
  list.setAttribute("aria-live", "polite");
  list.hidden = true;
  form.appendChild(list);
  input.setAttribute("aria-controls", list.id);
  var timer = null;
  var asked = "";

  function clear() {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    list.hidden = true;
  }

  function show(items, lang) {
    clear();
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      var href = item.href;
      if (lang) { href += (href.indexOf("?") < 0 ? "?" : "&") + "lang=" + encodeURIComponent(lang); }
      a.href = href;
      a.textContent = item.label;
      a.title = item.curie;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = " · " + item.kind;
      li.appendChild(a);
      li.appendChild(kind);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
  }

  function ask() {
    var q = input.value.trim();
    if (q === asked) { return; }
    asked = q;
    if (!q) { clear(); return; }
    var langField = form.querySelector("input[name=lang]");
    var lang = langField ? langField.value : "";
    var url = input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q) +
      (lang ? "&lang=" + encodeURIComponent(lang) : "");
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (items) { if (input.value.trim() === q) { show(items, lang); } })
      .catch(clear);
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { clear(); }
    if (event.key === "ArrowDown" && !list.hidden) {
      event.preventDefault();
      list.querySelector("a").focus();
    }
  });
})();
