// Keyboard-first tagging on the review page. No inline script anywhere: this file is the
// whole of the page's own JavaScript, and the page still works as plain forms without it.
(function () {
  "use strict";

  const body = document.getElementById("article-body");
  if (!body) return;
  const saveState = document.getElementById("save-state");
  const submitForm = document.getElementById("submit-form");
  let current = null;
  let advanceFrom = null;

  function sentences() {
    return Array.from(body.querySelectorAll(".sentence"));
  }

  function focusSentence(el) {
    if (!el) return;
    if (current && current !== el) {
      current.setAttribute("tabindex", "-1");
      current.classList.remove("current");
    }
    current = el;
    el.setAttribute("tabindex", "0");
    el.classList.add("current");
    el.focus({ preventScroll: false });
    el.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    const all = sentences();
    const index = current ? all.findIndex((s) => s.id === current.id) : -1;
    const next = all[Math.min(all.length - 1, Math.max(0, index + step))];
    focusSentence(next);
  }

  function nextUntagged(fromId) {
    const all = sentences();
    const index = all.findIndex((s) => s.id === fromId);
    const after = all.slice(index + 1).concat(all.slice(0, index + 1));
    return after.find((s) => !s.dataset.label) || all[index];
  }

  function press(key) {
    if (!current) return false;
    const button = current.querySelector('button[data-key="' + key + '"]');
    if (!button) return false;
    advanceFrom = key === "Backspace" ? null : current.id;
    button.click();
    return true;
  }

  body.addEventListener("focusin", function (event) {
    const el = event.target.closest(".sentence");
    if (el && el !== current) focusSentence(el);
  });
  body.addEventListener("click", function (event) {
    const el = event.target.closest(".sentence");
    if (el && !event.target.closest("button")) focusSentence(el);
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const tag = event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    let handled = true;
    switch (event.key) {
      case "j":
      case "ArrowDown":
      case "ArrowRight":
        move(1);
        break;
      case "k":
      case "ArrowUp":
      case "ArrowLeft":
        move(-1);
        break;
      case "s":
      case "u":
      case "o":
      case "n":
      case "Backspace":
        handled = press(event.key);
        break;
      case "Enter":
        if (event.shiftKey && submitForm) {
          submitForm.requestSubmit();
        } else {
          handled = false;
        }
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  });

  function setState(text, state) {
    if (!saveState) return;
    saveState.textContent = text;
    saveState.dataset.state = state;
  }

  document.body.addEventListener("htmx:beforeRequest", function () {
    setState("Saving…", "saving");
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) {
      setState("All changes saved", "saved");
    } else {
      setState("Not saved — press the key again to retry", "error");
    }
  });
  document.body.addEventListener("htmx:afterSettle", function (event) {
    const swapped = event.detail.target;
    if (!swapped || !swapped.classList || !swapped.classList.contains("sentence")) return;
    const fresh = document.getElementById(swapped.id);
    if (advanceFrom && advanceFrom === swapped.id) {
      advanceFrom = null;
      focusSentence(nextUntagged(swapped.id));
    } else if (current && current.id === swapped.id) {
      focusSentence(fresh);
    }
  });

  const first = sentences().find((s) => !s.dataset.label) || sentences()[0];
  if (first) focusSentence(first);
})();
