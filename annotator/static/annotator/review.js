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

  function focusSentence(el) {
    el = live(el);
    if (!el) return;
    if (current && current !== el && current.isConnected) {
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
    if (key === "Backspace") {
      change(sentence, { value: "", accept: "" });
      return;
    }
    change(sentence, { value: LABELS[key], accept: "" });
    // Move on at once: the reviewer never waits for the network between keystrokes.
    focusSentence(nextUntagged(sentence));
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
    focusSentence(nextUntagged(sentence));
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
            focusSentence(swapSentences(text));
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

  function submitArticle() {
    if (!submitForm) return;
    flushed().then(function () {
      const untagged = sentences().filter((s) => !s.dataset.label).length;
      const question = untagged
        ? untagged + " sentence" + (untagged === 1 ? " is" : "s are") +
          " untagged and will count as no claim. Submit this article?"
        : "Submit this article?";
      if (window.confirm(question)) submitForm.submit();
    });
  }

  function toggleHelp() {
    if (!help) return;
    if (help.open) help.close();
    else help.showModal();
  }

  // ---- events ----------------------------------------------------------------------------------

  body.addEventListener("click", function (event) {
    const sentence = event.target.closest(".sentence");
    if (!sentence) return;
    event.preventDefault(); // with JavaScript, a click selects; the link is the no-JS path
    focusSentence(sentence);
  });

  if (toolbar) {
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      const button = event.target.closest("button[data-key]");
      if (button) act(button.dataset.key);
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
      default: return false;
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if ((editor && editor.open) || event.target.closest("input, textarea, select, dialog")) return;
    let handled = true;
    switch (event.key) {
      case "j": case "ArrowDown": case "ArrowRight": move(1); break;
      case "k": case "ArrowUp": case "ArrowLeft": move(-1); break;
      case "Enter":
        if (event.shiftKey) submitArticle();
        else handled = false;
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
  const first = (location.hash && byId(location.hash.slice(1))) || all.find((s) => !s.dataset.label) || all[0];
  if (first) focusSentence(first);
})();
