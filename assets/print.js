/* Printing the dashboard (browser print, Ctrl+P).
 *
 * Plotly draws each chart at its box's size in pixels when it is drawn, so a chart drawn
 * on a wide (or a phone's narrow) window spills over, or wastes, the printed page. Just
 * before printing, the `printing` class gives each chart's box the size it has on A4
 * paper (dashboard.css) and each chart is redrawn to fill its box; after printing, the
 * box and the chart get their screen size back. The figures carry no size of their own
 * (the box sets it), so a later redraw by Dash keeps the printed size.
 * The meeting-pack PDF does not need this: its charts are static images.
 */
(function () {
  "use strict";

  // Plotly.relayout draws synchronously (Plots.resize waits 100 ms: too late for a print
  // that starts as soon as this handler returns); autosize reads the box's size.
  function fitAll() {
    if (!window.Plotly) { return; }
    var graphs = document.querySelectorAll(".js-plotly-plot");
    Array.prototype.forEach.call(graphs, function (gd) {
      if (!gd.layout) { return; }
      try {
        window.Plotly.relayout(gd, { autosize: true });
      } catch (err) {
        // a chart that cannot be redrawn prints as it is (dashboard.css clips it)
      }
    });
  }

  window.addEventListener("beforeprint", function () {
    document.documentElement.classList.add("printing");
    fitAll();
  });
  window.addEventListener("afterprint", function () {
    document.documentElement.classList.remove("printing");
    fitAll();
  });
}());
