/* Printing the dashboard (browser print, Ctrl+P).
 *
 * Plotly draws each chart at its on-screen width in pixels, so a chart drawn on a wide
 * (or a phone's narrow) window spills over, or wastes, the printed page. Before printing,
 * each chart is redrawn at the width the print stylesheet gives it (A4 portrait with
 * 12 mm margins: about 700 CSS px of text width); after printing it gets its screen size
 * back. The meeting-pack PDF does not need this: its charts are static images.
 */
(function () {
  "use strict";

  var CHART = { width: 660, height: 240 };   // indicator card: full text width
  var SPARKLINE = { width: 180 };            // headline tile: a third of the width

  function graphs() {
    return Array.prototype.slice.call(document.querySelectorAll(".js-plotly-plot"));
  }

  function beforePrint() {
    if (!window.Plotly) { return; }
    graphs().forEach(function (gd) {
      if (!gd.layout) { return; }
      var sparkline = !!gd.closest(".kpi-sparkline");
      gd.__screenSize = { width: gd.layout.width, height: gd.layout.height };
      window.Plotly.relayout(gd, sparkline ? SPARKLINE : CHART);
    });
  }

  function afterPrint() {
    if (!window.Plotly) { return; }
    graphs().forEach(function (gd) {
      var size = gd.__screenSize;
      if (!size) { return; }
      delete gd.__screenSize;
      window.Plotly.relayout(gd, {
        width: size.width === undefined ? null : size.width,
        height: size.height === undefined ? null : size.height,
        autosize: true
      });
    });
  }

  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
}());
