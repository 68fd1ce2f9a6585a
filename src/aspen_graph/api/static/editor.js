// The editor page (/editor): YASGUI over this server's /sparql, the catalogue as examples.
// A file, not inline: the pages' Content-Security-Policy allows scripts from this server only.
(function () {
  "use strict";
  var root = document.getElementById("yasgui");
  if (typeof window.Yasgui !== "function" || !root) {
    return; // no editor: the plain form stays
  }
  var config = JSON.parse(document.getElementById("editor-config").textContent);
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var Yasqe = window.Yasgui.Yasqe;

  // Nothing is fetched from outside this server. Property and class completion ask Linked
  // Open Vocabularies on the web: removed. Prefixes complete from the list bundled in
  // YASGUI (prefixCcApi stays null: no prefix.cc). No CORS proxy, so no endpoint probing.
  delete Yasqe.Autocompleters.property;
  delete Yasqe.Autocompleters["class"];
  Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasqe.defaults.prefixCcApi = null;

  var yasgui = new window.Yasgui(root, {
    persistenceId: "aspen-editor", // open tabs are kept in this browser's localStorage only
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: endpoint }]; }
    },
    corsProxy: undefined,
    autofocus: false,
    yasqe: { value: config.starter },
    yasr: { prefixes: config.prefixes }
  });
  window.aspenEditor = yasgui;
  if (config.open) { // ?query= (a question page's link): a tab of its own, over kept tabs
    yasgui.addTab(true, { name: "query", yasqe: { value: config.starter }, requestConfig: { endpoint: endpoint } });
  }

  function tabs() {
    return yasgui.persistentConfig.getTabs().map(function (id) { return yasgui.getTab(id); })
      .filter(function (tab) { return Boolean(tab); });
  }
  // Tabs kept from an earlier visit query this server, wherever it now runs.
  tabs().forEach(function (tab) {
    if (tab.getEndpoint() !== endpoint) { tab.setEndpoint(endpoint); }
  });

  function openExample(name, run) {
    var source = document.querySelector('[data-example-text="' + CSS.escape(name) + '"]');
    if (!source) { return; }
    var text = source.textContent;
    var tab = tabs().filter(function (t) { return t.name() === name; })[0];
    if (tab) {
      yasgui.selectTabId(tab.getId());
      tab.setQuery(text);
    } else {
      tab = yasgui.addTab(true, {
        name: name,
        yasqe: { value: text },
        yasr: { settings: { selectedPlugin: "table", pluginsConfig: { table: { compact: true } } } },
        requestConfig: { endpoint: endpoint }
      });
    }
    root.scrollIntoView({ block: "start" });
    if (run) {
      tab.query().catch(function () { /* the result pane shows the error */ });
    }
  }

  document.querySelectorAll(".example .actions").forEach(function (actions) {
    actions.hidden = false;
  });
  document.querySelector(".example-list").addEventListener("click", function (event) {
    var button = event.target.closest("button[data-example]");
    if (button) {
      openExample(button.getAttribute("data-example"), button.hasAttribute("data-run"));
    }
  });
  document.getElementById("plain-form").hidden = true;
  document.body.classList.add("has-editor");
})();
