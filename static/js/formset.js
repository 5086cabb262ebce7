// Rows of a repeating worksheet item (sub-goals, audiences, channels …). Without JavaScript
// each save offers one empty row; with it, "Add a row" adds as many as wanted at once.
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
})();
