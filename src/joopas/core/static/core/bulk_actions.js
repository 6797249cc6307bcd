/* Bulk actions (docs/development.md "Page patterns: Bulk actions"): progressive enhancement only.
   Without this script the "select all on this page" box still works (the server reads it); with it, ticking it
   ticks every row, the box shows "some" (indeterminate) when only some rows are ticked, and the action bar says
   how many rows are chosen. Self-hosted: the Content-Security-Policy allows scripts from our own origin only. */
(function () {
  "use strict";
  function setUp(form) {
    var all = form.querySelector("[data-bulk-all]");
    var rows = Array.prototype.slice.call(form.querySelectorAll("[data-bulk-row]"));
    var status = form.querySelector("[data-bulk-count]");
    if (!rows.length) { return; }
    function refresh() {
      var n = rows.filter(function (r) { return r.checked; }).length;
      if (all) {
        all.checked = n === rows.length;
        all.indeterminate = n > 0 && n < rows.length;
      }
      if (status) {
        var template = n === 1 ? status.getAttribute("data-one") : status.getAttribute("data-many");
        status.textContent = (template || "").replace("{n}", String(n));
      }
    }
    if (all) {
      all.addEventListener("change", function () {
        rows.forEach(function (r) { r.checked = all.checked; });
        refresh();
      });
    }
    rows.forEach(function (r) {
      r.addEventListener("change", function () {
        if (all && !r.checked) { all.checked = false; }
        refresh();
      });
    });
    refresh();
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-bulk]"), setUp);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
