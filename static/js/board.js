// The ideas board: drag a card to another column. The move goes to the same address as the
// card's arrow buttons (which work without this script), then the page reloads to show the
// board as it is now; a refusal (a hashtag nobody checked, an approval missing) is said.
(function () {
  "use strict";
  var board = document.querySelector("[data-board]");
  if (!board) { return; }
  var status = document.querySelector("[data-board-status]");
  var dragged = null;

  board.querySelectorAll(".board-card").forEach(function (card) {
    card.addEventListener("dragstart", function (event) {
      dragged = card;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.dataset.post);
    });
  });
  board.querySelectorAll("[data-board-column]").forEach(function (column) {
    column.addEventListener("dragover", function (event) { event.preventDefault(); });
    column.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!dragged) { return; }
      var body = new FormData();
      body.append("status", column.dataset.boardColumn);
      body.append("revision", dragged.dataset.revision);
      fetch(dragged.dataset.post, {
        method: "POST",
        body: body,
        headers: { "X-CSRFToken": board.dataset.csrfToken, Accept: "application/json" },
        credentials: "same-origin",
      }).then(function (response) {
        return response.json().then(function (data) {
          if (response.ok) { window.location.reload(); return; }
          status.textContent = data.error || status.dataset.failed;
        });
      }).catch(function () { status.textContent = status.dataset.failed; });
      dragged = null;
    });
  });
})();
