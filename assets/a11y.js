/* Dash 4's dcc.Dropdown names its button by its value alone
 * (aria-labelledby="<id>-value-count <id>-value"), so a screen reader hears "Police,
 * button" and not which filter that is: the field's <label for> is overridden. Put the
 * label first in the name: "Agency Police, button". Dropdowns mount asynchronously (and
 * again when a page is redrawn), hence the observer; React leaves the attribute alone
 * afterwards because its own value for it never changes.
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

  new MutationObserver(nameByLabel).observe(document.documentElement,
                                            { childList: true, subtree: true });
}());
