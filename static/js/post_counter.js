// The post form's live counter and preview: the text counted as the chosen channel's network
// counts it (its rules ride on the channel's <option>, from content_calendar/networks.py), and
// the text as the feed shows it before "see more". The server checks the same on saving.
(function () {
  "use strict";

  var URL = /https?:\/\/[^\s<>"']+/gi;
  var LIGHT = [[0, 4351], [8192, 8205], [8208, 8223], [8242, 8247]];

  function weight(point) {
    for (var i = 0; i < LIGHT.length; i++) {
      if (point >= LIGHT[i][0] && point <= LIGHT[i][1]) { return 1; }
    }
    return 2;
  }

  function count(text, rules) {
    text = text.normalize("NFC");
    var length = 0;
    if (rules.linkWeight) {
      var links = text.match(URL) || [];
      length += links.length * rules.linkWeight;
      text = text.replace(URL, "");
    }
    var total = 0;
    for (var char of text) {
      total += rules.weighted ? weight(char.codePointAt(0)) : 1;
    }
    return length + total;
  }

  function rulesOf(select) {
    var option = select.options[select.selectedIndex];
    if (!option || !option.dataset.network) { return null; }
    return {
      network: option.dataset.network,
      max: parseInt(option.dataset.max, 10) || null,
      linkWeight: parseInt(option.dataset.linkWeight, 10) || 0,
      weighted: option.dataset.weighted === "true",
      seeMore: parseInt(option.dataset.seeMore, 10) || null,
    };
  }

  var text = document.querySelector("[data-counted]");
  var select = document.getElementById("id_channel");
  var counter = document.getElementById("text-count");
  var preview = document.querySelector("[data-preview]");
  if (!text || !select || !counter) { return; }

  function update() {
    var rules = rulesOf(select);
    if (!rules) { counter.textContent = ""; return; }
    var length = count(text.value, rules);
    if (rules.max) {
      var over = length - rules.max;
      counter.textContent = length + " / " + rules.max + " (" + rules.network + ")" +
        (over > 0 ? " · " + counter.dataset.over.replace("%s", over) : "");
      counter.classList.toggle("text-danger", over > 0);
      counter.classList.toggle("fw-semibold", over > 0);
    } else {
      counter.textContent = length + " (" + rules.network + ")";
      counter.classList.remove("text-danger", "fw-semibold");
    }
    if (preview) {
      var shown = text.value.trim();
      var cut = rules.seeMore && shown.length > rules.seeMore;
      preview.querySelector("[data-preview-network]").textContent = rules.network;
      preview.querySelector("[data-preview-text]").textContent =
        cut ? shown.slice(0, rules.seeMore).trimEnd() : shown;
      preview.querySelector("[data-preview-more]").hidden = !cut;
    }
  }

  text.addEventListener("input", update);
  select.addEventListener("change", update);
  update();
})();
