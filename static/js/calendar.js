// Drag a post to another day of the calendar grid. Without JavaScript, a post's date is
// changed in its form; with it, the move is saved in the background and the grid updates.
(function () {
  "use strict";

  // The CSRF cookie is HttpOnly; the page hands the token over in a data attribute.
  var grid = document.querySelector("[data-csrf-token]");
  var csrf = grid ? grid.getAttribute("data-csrf-token") : "";
  var dragged = null;

  document.querySelectorAll("[data-post-move]").forEach(function (chip) {
    if (chip.getAttribute("draggable") !== "true") {
      return;
    }
    chip.addEventListener("dragstart", function (event) {
      dragged = chip;
      event.dataTransfer.effectAllowed = "move";
    });
  });

  document.querySelectorAll("td[data-day]").forEach(function (cell) {
    cell.addEventListener("dragover", function (event) {
      if (dragged) {
        event.preventDefault();
        cell.classList.add("drop-target");
      }
    });
    cell.addEventListener("dragleave", function () {
      cell.classList.remove("drop-target");
    });
    cell.addEventListener("drop", function (event) {
      event.preventDefault();
      cell.classList.remove("drop-target");
      if (!dragged) {
        return;
      }
      var chip = dragged;
      dragged = null;
      var body = new FormData();
      body.append("day", cell.getAttribute("data-day"));
      fetch(chip.getAttribute("data-post-move"), {
        method: "POST",
        body: body,
        headers: { "X-CSRFToken": csrf || "", Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (result) {
          if (result.ok) {
            // The balance panel counts per week: reload it with the page's numbers.
            window.location.reload();
          } else {
            window.alert(result.data.error);
          }
        });
    });
  });
})();
