// Adjudication by keyboard: s / u / o / n choose the gold label (and move to the next
// disagreement), x clears it, j skips to the next one, k goes back to the previous one, z
// undoes the decision just made. Only
// these letter keys decide: nothing that stores has focus when the page opens, so Enter (or a
// held Enter from the page before) stores nothing. The buttons and the link work the same with
// a mouse or without JavaScript.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (event.key.length !== 1) return; // letters only: never Enter, Space or Backspace
    var key = event.key.toLowerCase();
    if (key === "j" || key === "k") {
      var link = document.getElementById(key === "j" ? "skip" : "previous");
      if (link) { event.preventDefault(); link.click(); }
      return;
    }
    var button = document.querySelector(
      '#gold-form button[data-key="' + key + '"], #undo-form button[data-key="' + key + '"]'
    );
    if (!button) return;
    event.preventDefault();
    var form = button.form;
    if (form.dataset.sending) return; // one decision per press, even if the key repeats
    form.dataset.sending = "1";
    form.requestSubmit(button);
  });
})();
