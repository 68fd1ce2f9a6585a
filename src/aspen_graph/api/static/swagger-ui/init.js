// Starts Swagger UI on /docs (a file, not an inline script: the page's policy allows scripts
// from this server only). validatorUrl null: no badge fetched from the validator's host.
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-openapi"),
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: false, // true puts a link inside each operation's button (nested controls, axe)
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
});
