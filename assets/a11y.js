/* Dash 4's dcc.Dropdown names its button by its value alone
 * (aria-labelledby="<id>-value-count <id>-value"), so a screen reader hears "Police,
 * button" and not which filter that is: the field's <label for> is overridden. Put the
 * label first in the name: "Agency Police, button". Dropdowns mount asynchronously (and
 * again when a page is redrawn), hence the observer; React leaves the attribute alone
 * afterwards because its own value for it never changes.
 *
 * The same observer links a filter's note to its control (dcc.Input takes no aria
 * props): <div data-describes="filter-to" id="filter-to-note"> → aria-describedby.
 *
 * dcc.Upload (the Data returns page) takes no aria props either: its file input is
 * named from the wrapper's data-upload-label (a keyboard reaches it with Tab; the drop
 * zone shows its focus, dashboard.css).
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

  function labelUploads() {
    var wrappers = document.querySelectorAll("[data-upload-label]");
    Array.prototype.forEach.call(wrappers, function (wrapper) {
      var label = wrapper.getAttribute("data-upload-label");
      var input = wrapper.querySelector("input[type=file]");
      if (!input || input.getAttribute("aria-label") === label) { return; }
      input.setAttribute("aria-label", label);
    });
  }

  function link() { nameByLabel(); describeByNote(); labelUploads(); }

  new MutationObserver(link).observe(document.documentElement,
                                            { childList: true, subtree: true });
}());
