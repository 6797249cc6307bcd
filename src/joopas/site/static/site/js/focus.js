/* Moves focus to the element marked with data-focus-on-load (e.g. the impact summary after "Check the impact"),
   so that keyboard and screen-reader users land on what the page asks them to read next. A static file rather
   than inline script, so the Content-Security-Policy can stay `script-src 'self'`. */
(function () {
  "use strict";
  function focusMarked() {
    var el = document.querySelector("[data-focus-on-load]");
    if (el) { el.focus(); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusMarked);
  } else {
    focusMarked();
  }
}());
