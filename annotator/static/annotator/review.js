// Keyboard-first tagging on the review page. No inline script anywhere: this file is the
// whole of the page's own JavaScript, and the page still works as plain forms without it.
(function () {
  "use strict";

  const body = document.getElementById("article-body");
  if (!body || !window.htmx) return;
  const saveState = document.getElementById("save-state");
  const submitForm = document.getElementById("submit-form");
  // One promise chain per sentence, so two quick changes to one sentence reach the server in
  // the order they were made, while changes to different sentences go out at once.
  const chains = new Map();
  let inFlight = 0;
  let current = null;

  function sentences() {
    return Array.from(body.querySelectorAll(".sentence"));
  }

  function live(el) {
    return el && !el.isConnected ? document.getElementById(el.id) : el;
  }

  function focusSentence(el) {
    el = live(el);
    if (!el) return;
    if (current && current !== el) {
      current.setAttribute("tabindex", "-1");
      current.classList.remove("current");
    }
    current = el;
    el.setAttribute("tabindex", "0");
    el.classList.add("current");
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    const all = sentences();
    current = live(current);
    const index = current ? all.indexOf(current) : -1;
    focusSentence(all[Math.min(all.length - 1, Math.max(0, index + step))]);
  }

  function nextUntagged(from) {
    const all = sentences();
    const index = all.findIndex((s) => s.id === from.id);
    const after = all.slice(index + 1).concat(all.slice(0, index + 1));
    return after.find((s) => !s.dataset.label && !s.classList.contains("pending")) || live(from);
  }

  function setState(text, state) {
    if (!saveState) return;
    saveState.textContent = text;
    saveState.dataset.state = state;
  }

  function send(sentence, button) {
    const id = sentence.id;
    const run = function () {
      inFlight += 1;
      setState("Saving…", "saving");
      return htmx
        .ajax("POST", button.getAttribute("formaction"), {
          source: "#" + id,
          target: "#" + id,
          swap: "outerHTML",
          values: { value: button.value },
        })
        .finally(function () {
          inFlight -= 1;
        });
    };
    const chain = (chains.get(id) || Promise.resolve()).then(run, run);
    chains.set(id, chain);
  }

  function tag(button) {
    const sentence = button.closest(".sentence");
    send(sentence, button);
    // Move on at once: the reviewer never waits for the network between keystrokes.
    if (button.value) {
      sentence.classList.add("pending");
      focusSentence(nextUntagged(sentence));
    } else {
      focusSentence(sentence);
    }
  }

  function press(key) {
    current = live(current);
    const button = current && current.querySelector('button[data-key="' + key + '"]');
    if (!button) return false;
    tag(button);
    return true;
  }

  body.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-key]");
    if (button) {
      event.preventDefault();
      tag(button);
      return;
    }
    const sentence = event.target.closest(".sentence");
    if (sentence) focusSentence(sentence);
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const tagName = event.target.tagName;
    if (tagName === "INPUT" || tagName === "TEXTAREA" || tagName === "SELECT") return;
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

  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (!event.detail.successful) {
      setState("Not saved — press the key again to retry", "error");
    } else if (inFlight <= 1) {
      setState("All changes saved", "saved");
    }
  });
  document.body.addEventListener("htmx:afterSettle", function () {
    // An outerHTML swap replaces the element that had focus: give focus to its replacement.
    if (current && !current.isConnected) focusSentence(current);
  });

  const all = sentences();
  const first = all.find((s) => !s.dataset.label) || all[0];
  if (first) focusSentence(first);
})();
