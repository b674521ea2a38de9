// Tell require.js where the book keeps the ipywidgets HTML manager (_static/vendor/html-manager; this file is in _static/wdl),
// so that the icon fonts it loads relative to its own module come from the book, not from a
// folder next to the page. Loaded after require.js and before embed-amd.js (see _config.yml).
(function () {
  var dist = new URL("../vendor/html-manager", document.currentScript.src).href;
  require.config({
    paths: {
      "@jupyter-widgets/html-manager": dist + "/embed-amd", // a module in dist/
      "@jupyter-widgets/html-manager/dist": dist,
    },
  });
})();
