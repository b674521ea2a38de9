// Load the ipywidgets manager (require.js, its paths, embed-amd.js: about 900 kB compressed) when a
// widget comes near the screen, not with the page: bookext/page_assets.py adds this script only to
// pages that show a widget. The manager, once loaded, renders every widget view of the page from
// its saved state. Where IntersectionObserver is missing, it loads at once.
(function () {
  var base = document.currentScript.src;
  var scripts = ["../vendor/requirejs/require.js", "require-paths.js", "../vendor/html-manager/embed-amd.js"];
  var started = false;

  function load(i) {
    if (i >= scripts.length) return;
    var s = document.createElement("script");
    s.src = new URL(scripts[i], base).href;
    s.onload = function () { load(i + 1); };
    document.head.appendChild(s);
  }

  function start() {
    if (started) return;
    started = true;
    load(0);
  }

  function watch() {
    var views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
    if (!views.length) return;
    if (!("IntersectionObserver" in window)) return start();
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        observer.disconnect();
        start();
      }
    }, { rootMargin: "600px 0px" });
    views.forEach(function (v) { observer.observe(v.parentElement); });
    window.addEventListener("beforeprint", start);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
