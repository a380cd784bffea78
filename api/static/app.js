// Progressive enhancement only: the page works without this file.
(function () {
  "use strict";
  var form = document.getElementById("search");
  if (form) {
    // Keep shared URLs short: empty fields do not travel in the query string.
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && !el.value) { el.disabled = true; }
      });
    });
    // Back/forward cache can restore disabled fields; enable them again.
    window.addEventListener("pageshow", function () {
      Array.prototype.forEach.call(form.elements, function (el) { el.disabled = false; });
    });
  }
  // "/" jumps to the search box, as on many sites; not while typing somewhere.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      var box = document.getElementById("q");
      if (box) { event.preventDefault(); box.focus(); box.select(); }
    }
  });
})();
