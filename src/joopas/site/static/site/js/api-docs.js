/* The API docs page: Swagger UI renders its title as <h1>, the operation groups as <h3> and "Schemas" as <h4>; mark
   them as level-2 headings so that screen readers (and axe's heading-order rule) see no skipped level. A static file, so
   the page works under `script-src 'self'`. */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || !window.MutationObserver) { return; }
  function fix() {
    root.querySelectorAll("h3.opblock-tag:not([aria-level]), section.models > h4:not([aria-level])").forEach(function (h) {
      h.setAttribute("aria-level", "2");
    });
  }
  new MutationObserver(fix).observe(root, {childList: true, subtree: true});
  fix();
}());
