// Drag a post to another day of the calendar grid. Without JavaScript, a post's date is
// changed in its form; with it, the move is saved in the background, the post's chip moves
// to its new day and only the balance panel is fetched again: the page is not reloaded.
(function () {
  "use strict";

  // The CSRF cookie is HttpOnly; the page hands the token over in a data attribute.
  var grid = document.querySelector("[data-csrf-token]");
  if (!grid) {
    return;
  }
  var csrf = grid.getAttribute("data-csrf-token") || "";
  // The balance panel, with the address of its fragment for the period shown.
  var panel = document.querySelector("[data-balance-panel]");
  // Where the outcome of a move is said (a live region, so screen readers hear it too).
  var status = document.querySelector("[data-move-status]");
  var dragged = null;

  function say(text, isError) {
    if (!status) {
      if (isError) {
        window.alert(text);
      }
      return;
    }
    status.className = "small alert py-1 px-2 mb-2 " + (isError ? "alert-danger" : "alert-success");
    status.textContent = text;
  }

  function failed() {
    say(status ? status.getAttribute("data-move-failed") : "", true);
  }

  function chipTime(chip) {
    var time = chip.querySelector("[data-post-time]");
    return time ? time.textContent.trim() : "";
  }

  // Put the chip in the cell among the day's posts in time order, before the "more" link.
  function place(chip, cell) {
    var time = chipTime(chip);
    var before = cell.querySelector("[data-more]");
    var chips = cell.querySelectorAll(".post-chip");
    for (var i = 0; i < chips.length; i++) {
      if (chips[i] !== chip && chipTime(chips[i]) > time) {
        before = chips[i];
        break;
      }
    }
    cell.insertBefore(chip, before);
  }

  // The balance counts whole weeks: fetch the panel of the period shown and swap it in.
  function refreshBalance() {
    if (!panel) {
      return;
    }
    fetch(panel.getAttribute("data-balance-panel"), {
      headers: { Accept: "text/html" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("balance " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        panel.innerHTML = html;
      })
      .catch(function () {
        // Stale numbers would mislead: fall back to reloading the page.
        window.location.reload();
      });
  }

  function move(chip, cell) {
    var body = new FormData();
    body.append("day", cell.getAttribute("data-day"));
    body.append("revision", chip.getAttribute("data-revision") || "");
    chip.setAttribute("aria-busy", "true");
    fetch(chip.getAttribute("data-post-move"), {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": csrf, Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (result) {
        chip.removeAttribute("aria-busy");
        if (!result.ok) {
          say(result.data.error, true);
          return;
        }
        var target = grid.querySelector('td[data-day="' + result.data.day + '"]') || cell;
        chip.setAttribute("data-revision", result.data.revision);
        var time = chip.querySelector("[data-post-time]");
        if (time && result.data.time) {
          time.textContent = result.data.time;
        }
        place(chip, target);
        say(result.data.message, false);
        refreshBalance();
      })
      .catch(function () {
        chip.removeAttribute("aria-busy");
        failed();
      });
  }

  grid.querySelectorAll("[data-post-move]").forEach(function (chip) {
    if (chip.getAttribute("draggable") !== "true") {
      return;
    }
    chip.addEventListener("dragstart", function (event) {
      if (chip.getAttribute("aria-busy") === "true") {
        event.preventDefault();
        return;
      }
      dragged = chip;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", chip.getAttribute("data-post-move"));
    });
    chip.addEventListener("dragend", function () {
      dragged = null;
    });
  });

  grid.querySelectorAll("td[data-day]").forEach(function (cell) {
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
      var chip = dragged;
      dragged = null;
      if (!chip || chip.closest("td[data-day]") === cell) {
        return;
      }
      move(chip, cell);
    });
  });
})();
