// The reviewer's workspace: keyboard-first tagging that never loses a change.
//
// No inline script anywhere: this file is the page's only JavaScript, and the page still
// works without it (each sentence links to a plain form). Every change is one POST that the
// server applies idempotently; changes wait in localStorage until the server has them, so a
// dropped connection, a server restart or a reload loses nothing: they are sent again.
(function () {
  "use strict";

  document.documentElement.classList.add("js");
  const body = document.getElementById("article-body");
  if (!body || !window.htmx) return;

  const editable = body.dataset.editable === "true";
  const saveState = document.getElementById("save-state");
  const submitForm = document.getElementById("submit-form");
  const toolbar = document.getElementById("toolbar");
  const editor = document.getElementById("editor");
  const help = document.getElementById("help");
  const submitDialog = document.getElementById("submit-dialog");
  const allTagged = document.getElementById("all-tagged");
  const statusLine = document.querySelector(".status-line");
  const bar = document.getElementById("workspace-bar");
  const moreToggle = document.getElementById("toolbar-more-toggle");
  const csrfToken = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
  const storeKey = "claim-annotator:pending:" + body.dataset.review;
  // The label vocabulary comes from the page (the server's one list), never restated here:
  // key -> value, and value -> {name, css class}.
  const LABELS = {};
  const SPECS = {};
  document.querySelectorAll("#toolbar button[data-value]").forEach(function (button) {
    LABELS[button.dataset.key] = button.dataset.value;
    SPECS[button.dataset.value] = { name: button.dataset.name, css: button.className };
  });

  let current = null;
  // Whether the reviewer moved to the selected sentence themselves (j, k, the arrows, a click
  // or tap, an undo) since their last label. A label key changes an already labelled sentence
  // only then: once every sentence is tagged, the selection rests on the last one tagged, and
  // a stray key must not overwrite a label nobody chose to change.
  let chosen = false;
  // sentence id -> {url, fields, seq}: the latest unsaved change of each sentence.
  const pending = loadPending();
  const inFlight = new Set();
  let retryDelay = 0;
  let retryTimer = null;
  let lastError = "";

  // ---- sentences and focus -------------------------------------------------------------

  function sentences() {
    return Array.from(body.querySelectorAll(".sentence"));
  }

  function byId(id) {
    return document.getElementById(id);
  }

  function live(el) {
    return el && !el.isConnected ? byId(el.id) : el;
  }

  // ``how``: "moved" when the reviewer chose this sentence, "auto" when the page did (the
  // next untagged one after a label, the first at opening); left out, ``chosen`` stays.
  function focusSentence(el, how) {
    el = live(el);
    if (!el) return;
    if (current && current !== el && current.isConnected) {
      current.setAttribute("tabindex", "-1");
      current.classList.remove("current");
    }
    current = el;
    if (how) chosen = how === "moved";
    if (how === "moved" && allTagged) allTagged.classList.remove("nudge");
    el.setAttribute("tabindex", "0");
    el.classList.add("current");
    el.focus({ preventScroll: true });
    reveal(el);
  }

  // What covers the top and the bottom of the window: the status line while it sticks, and
  // the sticky bar of the toolbar and the all-tagged notice (its height changes with the
  // window's width and with the notice).
  function uncovered() {
    let top = 0;
    let bottom = window.innerHeight;
    if (statusLine) top = Math.max(0, statusLine.getBoundingClientRect().bottom);
    if (bar && toolbar && !toolbar.hidden) bottom = Math.min(bottom, bar.getBoundingClientRect().top);
    return { top: top, bottom: bottom };
  }

  // Scroll the least that shows the whole sentence between the status line and the toolbar,
  // with a little room; a sentence taller than that space shows from its start.
  function reveal(el) {
    if (!el || !el.isConnected) return;
    const room = 8;
    const space = uncovered();
    const box = el.getBoundingClientRect();
    let delta = 0;
    if (box.bottom > space.bottom - room) delta = box.bottom - (space.bottom - room);
    if (box.top - delta < space.top + room) delta = box.top - (space.top + room);
    if (delta) window.scrollBy({ top: delta, left: 0, behavior: "instant" });
  }

  function move(step) {
    const all = sentences();
    current = live(current);
    const index = current ? all.indexOf(current) : -1;
    focusSentence(all[Math.min(all.length - 1, Math.max(0, index + step))], "moved");
  }

  function nextUntagged(from) {
    const all = sentences();
    const index = all.findIndex((s) => s.id === from.id);
    const after = all.slice(index + 1).concat(all.slice(0, index + 1));
    return after.find((s) => !s.dataset.label) || live(from);
  }

  // ---- saving ------------------------------------------------------------------------------

  function loadPending() {
    try {
      return new Map(Object.entries(JSON.parse(localStorage.getItem(storeKey) || "{}")));
    } catch (error) {
      return new Map();
    }
  }

  // Another tab on the same article shares the stored map: merge into it rather than
  // overwrite it, and remove only the entries this tab has seen saved (``done``: id -> seq).
  function persist(done) {
    try {
      const stored = JSON.parse(localStorage.getItem(storeKey) || "{}");
      if (done) {
        Object.entries(done).forEach(function ([id, seq]) {
          if (stored[id] && stored[id].seq === seq) delete stored[id];
        });
      }
      pending.forEach(function (change, id) {
        stored[id] = change;
      });
      if (Object.keys(stored).length) {
        localStorage.setItem(storeKey, JSON.stringify(stored));
      } else {
        localStorage.removeItem(storeKey);
      }
    } catch (error) {
      // Storage full or blocked: changes still live in memory and are retried from there.
    }
  }

  function showProgress() {
    const progress = document.getElementById("progress");
    if (!progress) return;
    const all = sentences();
    const tagged = all.filter((s) => s.dataset.label).length;
    progress.innerHTML = "";
    const count = document.createElement("strong");
    count.textContent = String(tagged);
    progress.append(count, " of " + all.length + " tagged");
    if (allTagged) {
      const done = all.length > 0 && tagged === all.length;
      if (allTagged.hidden === done) {
        allTagged.hidden = !done;
        if (!done) allTagged.classList.remove("nudge");
        reveal(live(current)); // the bar changed height
      }
    }
  }

  function showState() {
    showProgress();
    if (!saveState || !editable) return;
    let text = "All changes saved";
    let state = "saved";
    if (lastError) {
      text = lastError;
      state = "error";
    } else if (retryTimer) {
      text = "Not saved — retrying in " + Math.round(retryDelay / 1000) + " s (" + pending.size + " waiting)";
      state = "error";
    } else if (pending.size || inFlight.size) {
      text = "Saving…";
      state = "saving";
    }
    saveState.textContent = text;
    saveState.dataset.state = state;
  }

  function labelUrl(sentence) {
    return sentence.getAttribute("href") + "label";
  }

  function post(url, fields) {
    const data = new URLSearchParams(fields);
    return fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "HX-Request": "true", "X-CSRFToken": csrfToken },
    });
  }

  // Several sentences from one answer (an undo of an accept-all, the accept-all itself), each
  // put in place of the sentence with its id. Returns the first one swapped.
  function swapSentences(html) {
    const holder = document.createElement("template");
    holder.innerHTML = html;
    let first = null;
    Array.from(holder.content.querySelectorAll(".sentence")).forEach(function (fresh) {
      const old = byId(fresh.id);
      if (!old) return;
      old.replaceWith(fresh);
      if (pending.has(fresh.id)) showPendingLabel(fresh, pending.get(fresh.id).fields.value);
      first = first || fresh;
    });
    if (current && !current.isConnected) focusSentence(current);
    showProgress();
    return first;
  }

  function swapFrom(response, html) {
    const target = response.headers.get("HX-Retarget");
    if (target && document.querySelector(target)) {
      htmx.swap(target, html, { swapStyle: "outerHTML", swapDelay: 0, settleDelay: 0 });
      const id = target.slice(1);
      if (pending.has(id)) showPendingLabel(byId(id), pending.get(id).fields.value);
      if (current && !current.isConnected) focusSentence(current);
    }
  }

  function scheduleRetry() {
    if (retryTimer) return;
    retryDelay = Math.min(retryDelay ? retryDelay * 2 : 1000, 15000);
    retryTimer = setTimeout(function () {
      retryTimer = null;
      pending.forEach((_change, id) => pump(id));
      showState();
    }, retryDelay);
    showState();
  }

  function pump(id) {
    if (inFlight.has(id) || !pending.has(id)) return;
    const change = pending.get(id);
    inFlight.add(id);
    showState();
    post(change.url, change.fields)
      .then(function (response) {
        return response.text().then(function (text) {
          if (response.ok) {
            if (pending.get(id) && pending.get(id).seq === change.seq) pending.delete(id);
            persist({ [id]: change.seq });
            retryDelay = 0;
            lastError = "";
            swapFrom(response, text);
          } else if (response.status >= 500 || response.status === 429) {
            throw new Error("server " + response.status);
          } else {
            // The server refused the change (closed campaign, submitted article, no access):
            // sending it again cannot help, so say why and drop it.
            pending.delete(id);
            persist({ [id]: change.seq });
            lastError = "Not saved: " + (text || "the server refused the change (" + response.status + ")");
          }
        });
      })
      .catch(function () {
        scheduleRetry();
      })
      .finally(function () {
        inFlight.delete(id);
        if (pending.has(id) && !retryTimer && pending.get(id).seq !== change.seq) pump(id);
        showState();
        if (!pending.size && !inFlight.size) settled();
      });
  }

  let settleWaiters = [];
  function settled() {
    const waiters = settleWaiters;
    settleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }

  function flushed() {
    if (!pending.size && !inFlight.size) return Promise.resolve();
    pending.forEach((_change, id) => pump(id));
    return new Promise((resolve) => settleWaiters.push(resolve));
  }

  function change(sentence, fields) {
    const previous = pending.get(sentence.id);
    pending.set(sentence.id, {
      url: labelUrl(sentence),
      fields: Object.assign({}, previous ? previous.fields : {}, fields),
      seq: (previous ? previous.seq : 0) + 1 + Math.random(),
    });
    persist();
    lastError = "";
    showPendingLabel(sentence, fields.value);
    pump(sentence.id);
  }

  function showPendingLabel(sentence, value) {
    if (value === undefined) return;
    sentence.dataset.label = value;
    sentence.classList.add("pending");
    if (value && sentence.dataset.suggested) {
      // A suggestion is shown before labelling only: once labelled, it goes.
      delete sentence.dataset.suggested;
      const suggestion = sentence.querySelector(".suggestion");
      if (suggestion) suggestion.remove();
    }
    Object.values(SPECS).forEach((spec) => sentence.classList.remove(spec.css));
    let badge = sentence.querySelector(".badge");
    if (value) {
      sentence.classList.add(SPECS[value].css);
      if (!badge) {
        badge = document.createElement("span");
        badge.className = "badge";
        sentence.append(" ", badge);
      }
      badge.textContent = SPECS[value].name;
    } else if (badge) {
      badge.remove();
    }
  }

  // ---- actions -------------------------------------------------------------------------------

  function tag(key) {
    current = live(current);
    if (!current || !editable) return;
    const sentence = current;
    if (sentence.dataset.label && !chosen) {
      refuseUnchosen();
      return;
    }
    if (key === "Backspace") {
      change(sentence, { value: "", accept: "" });
      return;
    }
    change(sentence, { value: LABELS[key], accept: "" });
    // Move on at once: the reviewer never waits for the network between keystrokes.
    focusSentence(nextUntagged(sentence), "auto");
  }

  // A label key on a labelled sentence the reviewer did not move to changes nothing; say why.
  function refuseUnchosen() {
    if (allTagged && !allTagged.hidden) {
      allTagged.classList.remove("nudge");
      void allTagged.offsetWidth; // restart the highlight
      allTagged.classList.add("nudge");
      return;
    }
    if (saveState) saveState.textContent = "Move to a sentence (j, k or a click) to change its label.";
  }

  // The accept keys work only where the campaign shows suggestions before labelling (the page
  // then gives the accept URL); elsewhere they do nothing.
  function acceptOne() {
    current = live(current);
    if (!current || !editable || !body.dataset.acceptUrl) return;
    const sentence = current;
    const value = sentence.dataset.suggested;
    if (!value || sentence.dataset.label) return;
    change(sentence, { value: value, accept: "1" });
    focusSentence(nextUntagged(sentence), "auto");
  }

  function acceptAll() {
    if (!editable || !body.dataset.acceptUrl) return;
    flushed().then(function () {
      const shown = sentences()
        .filter((s) => s.dataset.suggested && !s.dataset.label)
        .map((s) => ["accept", s.id.slice(2) + ":" + s.dataset.suggested]);
      if (!shown.length) {
        saveState.textContent = "No suggestion to accept.";
        return;
      }
      return post(body.dataset.acceptUrl, shown).then(function (response) {
        return response.text().then(function (text) {
          if (!response.ok) {
            lastError = "Not saved: " + text;
          } else if (response.headers.get("HX-Retarget")) {
            const count = new DOMParser().parseFromString(text, "text/html").querySelectorAll(".sentence").length;
            swapSentences(text);
            lastError = "";
            showState();
            saveState.textContent = "Accepted " + count + " suggestion" + (count === 1 ? "" : "s") + ". Undo with z.";
            return;
          } else {
            lastError = "";
            saveState.textContent = text;
            return;
          }
          showState();
        });
      });
    }).catch(function () {
      lastError = "Could not accept: the server cannot be reached. Try again in a moment.";
      showState();
    });
  }

  function undo() {
    if (!editable) return;
    flushed().then(function () {
      return post(body.dataset.undoUrl, {}).then(function (response) {
        return response.text().then(function (text) {
          if (!response.ok) {
            lastError = "Could not undo: " + text;
          } else if (response.headers.get("HX-Retarget")) {
            focusSentence(swapSentences(text), "moved"); // undo takes the reviewer back there
            lastError = "";
          } else {
            lastError = "";
            saveState.textContent = text;
            return;
          }
          showState();
        });
      });
    }).catch(function () {
      lastError = "Could not undo: the server cannot be reached. Try again in a moment.";
      showState();
    });
  }

  function openEditor(focus) {
    current = live(current);
    if (!current || !editor || !editable) return;
    const sentence = current;
    flushed().then(function () {
      return fetch(sentence.getAttribute("href") + "?focus=" + focus, {
        headers: { "HX-Request": "true" },
        credentials: "same-origin",
      });
    }).then(function (response) {
      if (!response.ok) throw new Error("status " + response.status);
      return response.text();
    }).then(function (html) {
      editor.innerHTML = html;
      editor.showModal();
      const field = editor.querySelector(focus === "note" ? "textarea" : "input[name=source]");
      if (field) field.focus();
    }).catch(function () {
      lastError = "Could not open the editor: the server cannot be reached.";
      showState();
    });
  }

  if (editor) {
    editor.addEventListener("submit", function (event) {
      const form = event.target.closest("form.editor-form");
      if (!form) return;
      event.preventDefault();
      const sentence = byId(form.dataset.sentence);
      const data = new FormData(form);
      change(sentence, {
        value: data.get("value") || "",
        source: data.get("source") || "",
        note: data.get("note") || "",
        accept: "",
      });
      editor.close();
    });
    editor.addEventListener("click", function (event) {
      if (event.target.closest("a.cancel")) {
        event.preventDefault();
        editor.close();
      }
    });
    editor.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        editor.querySelector("form").requestSubmit();
      } else if (event.target.tagName === "INPUT") {
        // Enter alone never stores: the dialog opens with focus in the source field, and a
        // form would otherwise submit on Enter there. Ctrl+Enter (or the Save button) saves.
        event.preventDefault();
      }
    });
    editor.addEventListener("close", function () {
      editor.innerHTML = "";
      focusSentence(current);
    });
  }

  // ---- submitting ------------------------------------------------------------------------------
  // Submit asks first, in the page: the counts per label and the untagged sentences that will
  // count as no claim. The dialog opens with "Keep tagging" focused, so Enter or Space there,
  // or Escape, stores nothing; "Yes, submit" (or Shift+Enter again) sends the article once
  // every change is saved.

  const submitConfirm = document.getElementById("submit-confirm");
  const submitCancel = document.getElementById("submit-cancel");
  const submitSaving = document.getElementById("submit-saving");
  let submitAttempt = 0;
  let submitting = false;
  let refusalShown = false;

  function openSubmit() {
    if (!submitForm || !submitDialog || submitDialog.open) return;
    closeMenu();
    if (help && help.open) help.close();
    const counts = {};
    sentences().forEach(function (s) {
      const value = s.dataset.label || "";
      counts[value] = (counts[value] || 0) + 1;
    });
    submitDialog.querySelectorAll("[data-count]").forEach(function (cell) {
      cell.textContent = String(counts[cell.dataset.count] || 0);
    });
    submitting = false;
    refusalShown = false;
    submitConfirm.disabled = false;
    submitSaving.hidden = true;
    submitDialog.showModal();
    submitCancel.focus();
  }

  function confirmSubmit() {
    if (!submitDialog.open || submitting) return;
    submitting = true;
    submitConfirm.disabled = true; // a double click sends one submit
    const attempt = ++submitAttempt;
    if (pending.size || inFlight.size) {
      submitSaving.hidden = false;
      submitSaving.textContent = "Saving your last changes first…";
    }
    flushed().then(function () {
      if (attempt !== submitAttempt || !submitting || !submitDialog.open) return;
      if (lastError && !refusalShown) {
        // The server refused a change: say so before submitting without it.
        refusalShown = true;
        submitting = false;
        submitConfirm.disabled = false;
        submitSaving.hidden = false;
        submitSaving.textContent = lastError + " Submit anyway?";
        return;
      }
      submitSaving.hidden = false;
      submitSaving.textContent = "Submitting…";
      submitForm.submit();
    });
  }

  if (submitDialog) {
    submitConfirm.addEventListener("click", confirmSubmit);
    submitCancel.addEventListener("click", function () {
      submitDialog.close();
    });
    submitDialog.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || !event.shiftKey) return;
      // Not the focused button's own Enter: Shift+Enter submits wherever focus is, once per
      // press (a held key's repeats do nothing).
      event.preventDefault();
      if (!event.repeat) confirmSubmit();
    });
    submitDialog.addEventListener("close", function () {
      submitting = false;
      submitAttempt++;
      submitConfirm.disabled = false;
      submitSaving.hidden = true;
      focusSentence(current);
    });
  }
  if (submitForm) {
    submitForm.addEventListener("submit", function (event) {
      if (!submitDialog) return;
      event.preventDefault(); // the button asks first; the dialog submits the form itself
      openSubmit();
    });
  }
  if (allTagged) {
    allTagged.addEventListener("click", function (event) {
      if (!event.target.closest(".all-tagged-submit")) return;
      event.preventDefault();
      openSubmit();
    });
  }

  function toggleHelp() {
    if (!help) return;
    closeMenu();
    if (help.open) help.close();
    else help.showModal();
  }

  if (help) {
    help.addEventListener("close", function () {
      focusSentence(current);
    });
  }

  // ---- the toolbar's menu (narrow screens: the labels in one row, the rest under More) -------

  function menuOpen() {
    return Boolean(toolbar && toolbar.classList.contains("menu-open"));
  }

  function closeMenu() {
    if (!toolbar || !moreToggle) return;
    toolbar.classList.remove("menu-open");
    moreToggle.setAttribute("aria-expanded", "false");
  }

  if (moreToggle) {
    moreToggle.addEventListener("click", function () {
      const open = !menuOpen();
      toolbar.classList.toggle("menu-open", open);
      moreToggle.setAttribute("aria-expanded", String(open));
    });
    document.addEventListener("click", function (event) {
      if (menuOpen() && !event.target.closest("#toolbar")) closeMenu();
    });
  }

  // ---- events ----------------------------------------------------------------------------------

  body.addEventListener("click", function (event) {
    const sentence = event.target.closest(".sentence");
    if (!sentence) return;
    event.preventDefault(); // with JavaScript, a click selects; the link is the no-JS path
    focusSentence(sentence, "moved");
  });

  if (toolbar) {
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      const button = event.target.closest("button[data-key]");
      if (!button) return;
      closeMenu();
      act(button.dataset.key);
    });
  }

  function act(key) {
    switch (key) {
      case "s": case "u": case "o": case "n": case "Backspace": tag(key); return true;
      case "e": openEditor("source"); return true;
      case "c": openEditor("note"); return true;
      case "z": undo(); return true;
      case "a": acceptOne(); return true;
      case "A": acceptAll(); return true;
      case "?": toggleHelp(); return true;
      case "submit": openSubmit(); return true;
      default: return false;
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "?" && help && help.open) {
      help.close(); // ? shows the help and hides it again
      event.preventDefault();
      return;
    }
    if (event.key === "Escape" && menuOpen()) {
      closeMenu();
      event.preventDefault();
      return;
    }
    if ((editor && editor.open) || event.target.closest("input, textarea, select, dialog")) return;
    let handled = true;
    switch (event.key) {
      case "j": case "ArrowDown": case "ArrowRight": move(1); break;
      case "k": case "ArrowUp": case "ArrowLeft": move(-1); break;
      case "Enter":
        if (event.shiftKey && !event.repeat) openSubmit();
        else handled = event.shiftKey;
        break;
      case "A":
        // Shift+A only: Caps Lock's "A" must not accept a whole article at once.
        if (event.shiftKey) acceptAll();
        else handled = false;
        break;
      default:
        handled = act(event.key);
    }
    if (handled) event.preventDefault();
  });

  window.addEventListener("beforeunload", function (event) {
    if (pending.size) event.preventDefault();
  });
  window.addEventListener("resize", function () {
    reveal(live(current)); // a phone turned, a window resized: the toolbar's height changes
  });
  window.addEventListener("online", function () {
    pending.forEach((_change, id) => pump(id));
  });

  // Changes left from an earlier visit (a reload while offline, a crash) go out now.
  pending.forEach(function (saved, id) {
    const sentence = byId(id);
    if (!sentence) {
      pending.delete(id);
      return;
    }
    showPendingLabel(sentence, saved.fields.value);
    pump(id);
  });
  persist();
  showState();

  const all = sentences();
  // A sentence named in the address (the sentence page's way back) is one the reviewer chose.
  const hashed = location.hash && byId(location.hash.slice(1));
  const named = hashed && hashed.classList.contains("sentence") ? hashed : null;
  const first = named || all.find((s) => !s.dataset.label) || all[0];
  if (first) focusSentence(first, named ? "moved" : "auto");
})();
