// Rows of a repeating worksheet item (sub-goals, audiences, channels …). Without JavaScript
// each save offers one empty row; with it, "Add a row" adds as many as wanted at once.
// And leaving a step by a link while something typed is not saved asks first.
(function () {
  "use strict";

  function addRow(prefix) {
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(prefix + "-empty");
    var rows = document.getElementById(prefix + "-rows");
    if (!total || !template || !rows) {
      return;
    }
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var wrapper = document.createElement("div");
    wrapper.innerHTML = html;
    var row = wrapper.firstElementChild;
    rows.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) {
      first.focus();
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (button) {
      event.preventDefault();
      addRow(button.getAttribute("data-formset-add"));
    }
  });

  document.querySelectorAll("[data-formset-add]").forEach(function (button) {
    button.hidden = false;
  });

  // Every way out through the form saves the step (the step buttons, save, continue), but a
  // link does not: the navigation bar, the plan's header, the comment form. The browser asks
  // before such a page change while the form holds typing that is not saved: typed since the
  // page loaded, or kept from a save that failed (data-unsaved).
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    var dirty = form.getAttribute("data-unsaved") === "true";
    var submitting = false;

    function changed() {
      dirty = true;
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () {
      submitting = true;
    });
    // Back to this page from the browser's cache after a submit: the form is live again.
    window.addEventListener("pageshow", function () {
      submitting = false;
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  });
})();
