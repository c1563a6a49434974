/* Dash 4's dcc.Dropdown names its button by its value alone
 * (aria-labelledby="<id>-value-count <id>-value"), so a screen reader hears "Police,
 * button" and not which filter that is: the field's <label for> is overridden. Put the
 * label first in the name: "Agency Police, button". Dropdowns mount asynchronously (and
 * again when a page is redrawn), hence the observer; React leaves the attribute alone
 * afterwards because its own value for it never changes.
 *
 * The same observer links a filter's note to its control (dcc.Input takes no aria
 * props): <div data-describes="filter-to" id="filter-to-note"> → aria-describedby.
 */
(function () {
  "use strict";

  function nameByLabel() {
    var labels = document.querySelectorAll("label[for][id]");
    Array.prototype.forEach.call(labels, function (label) {
      var control = document.getElementById(label.htmlFor);
      if (!control || control.tagName !== "BUTTON") { return; }
      var by = (control.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
      if (by.indexOf(label.id) === -1) {
        control.setAttribute("aria-labelledby", [label.id].concat(by).join(" "));
      }
    });
  }

  function describeByNote() {
    var notes = document.querySelectorAll("[data-describes][id]");
    Array.prototype.forEach.call(notes, function (note) {
      var control = document.getElementById(note.getAttribute("data-describes"));
      if (control && control.getAttribute("aria-describedby") !== note.id) {
        control.setAttribute("aria-describedby", note.id);
      }
    });
  }

  function link() { nameByLabel(); describeByNote(); }

  new MutationObserver(link).observe(document.documentElement,
                                            { childList: true, subtree: true });
}());
