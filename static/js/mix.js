// The content mix's running total under its three fields, updated while typing. The page
// already shows the total as saved (or as typed into a form that came back), so without
// JavaScript the same words are there; this only keeps them current.
(function () {
  "use strict";

  var box = document.querySelector("[data-mix-total]");
  var form = box && box.closest("form");
  if (!form) {
    return;
  }
  var sum = box.querySelector("[data-mix-sum]");
  var advice = box.querySelector("[data-mix-off]");

  function update() {
    var total = 0;
    form.querySelectorAll("[data-mix]").forEach(function (input) {
      var share = parseInt(input.value, 10);
      if (!isNaN(share)) {
        total += share;
      }
    });
    var off = total !== 100;
    sum.textContent = String(total);
    advice.hidden = !off;
    box.classList.toggle("text-warning-emphasis", off);
    box.classList.toggle("text-success", !off);
  }

  form.addEventListener("input", function (event) {
    if (event.target.hasAttribute("data-mix")) {
      update();
    }
  });
  update();
})();
