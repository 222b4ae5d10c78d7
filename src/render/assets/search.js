// Search over organization names and ids, in the reader's browser, from the index in
// search-index.js. Works offline and from file://. No dependencies.
(function () {
  "use strict";
  var index = window.OKO_SEARCH || [];
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!form || !input || !list) return;
  var root = form.getAttribute("data-root") || "";
  // The page's words in its language (data-found with %n for the count, data-first, data-none).
  var said = function (name) { return form.getAttribute("data-" + name) || ""; };
  // Lower case, and yo (U+0451) read as ye (U+0435), as Russian readers type it.
  function norm(text) { return text.toLowerCase().replace(/\u0451/g, "\u0435"); }
  var prepared = index.map(function (e) { return { e: e, text: norm(e.n + " " + e.a) }; });
  function run() {
    var words = norm(input.value).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { status.textContent = ""; return; }
    var found = prepared.filter(function (p) {
      return words.every(function (w) { return p.text.indexOf(w) >= 0; });
    });
    found.slice(0, 100).forEach(function (p) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + p.e.u;
      a.textContent = p.e.n;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" — " + p.e.k));
      list.appendChild(li);
    });
    status.textContent = found.length
      ? said("found").replace("%n", found.length) + (found.length > 100 ? said("first") : "")
      : said("none");
  }
  input.addEventListener("input", run);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { input.value = q; }
  run();
})();
