// A button that copies the text of a field (the feed's address). The button is shown only
// when this script runs; where the clipboard is not available (an address without HTTPS,
// an older browser), the field's text is selected and the page says how to copy it by hand.
(function () {
  "use strict";

  function say(button, key) {
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (status) {
      status.textContent = button.getAttribute(key) || "";
    }
  }

  function byHand(button, field) {
    field.focus();
    field.select();
    say(button, "data-copy-failed");
  }

  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (!navigator.clipboard || !window.isSecureContext) {
        byHand(button, field);
        return;
      }
      navigator.clipboard.writeText(field.value).then(
        function () {
          say(button, "data-copied");
        },
        function () {
          byHand(button, field);
        }
      );
    });
  });
})();
