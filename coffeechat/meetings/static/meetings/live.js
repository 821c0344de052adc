// Meeting mode: a countdown, and autosave that never loses what was typed.
// Each save names the server revision this page last saw. A field another device changed
// since comes back as a conflict (409): the page keeps both versions of a text and says so.
(function () {
  "use strict";
  var form = document.getElementById("live");
  var stateNode = document.getElementById("live-state");
  if (!form || !stateNode) return;

  var SAVE_EVERY = 3000;
  var WARN_MS = 5 * 60 * 1000;
  var minutes = parseInt(form.getAttribute("data-minutes"), 10) || 20;
  var lengthMs = minutes * 60 * 1000;
  var saveUrl = form.getAttribute("data-save-url");
  var storeKey = "coffeechat-live-" + form.getAttribute("data-meeting");
  var statusNode = document.getElementById("save-status");
  var list = document.getElementById("questions");
  var notes = document.getElementById("notes");
  var closing = document.getElementById("closing");

  var server = JSON.parse(stateNode.textContent) || {};
  var fields = {};   // key -> {value}: the newest known value of every field
  var pending = {};  // keys written here and not yet confirmed by the server
  var revision = server.revision || 0;  // the server's revision these pending edits start from

  function readLocal() {
    try { return JSON.parse(window.localStorage.getItem(storeKey) || "{}"); } catch (e) { return {}; }
  }
  function writeLocal() {
    try {
      window.localStorage.setItem(storeKey, JSON.stringify(
        { fields: fields, pending: pending, revision: revision }));
    } catch (e) { /* storage full or disabled: the server copy still counts */ }
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  // The server's fields, then edits kept on this device that never reached it; those are sent
  // from the revision they started from, so the server can tell what changed meanwhile.
  Object.keys(server.fields || {}).forEach(function (key) { fields[key] = server.fields[key]; });
  var local = readLocal();
  Object.keys(local.pending || {}).forEach(function (key) {
    var mine = (local.fields || {})[key];
    if (mine && (!fields[key] || !same(mine.value, fields[key].value))) {
      fields[key] = mine;
      pending[key] = true;
    }
  });
  if (Object.keys(pending).length && typeof local.revision === "number") {
    revision = Math.min(revision, local.revision);
  }

  function now() { return Date.now(); }

  function setField(key, value) {
    fields[key] = { value: value };
    pending[key] = true;
    writeLocal();
  }

  // --- Applying fields to the page -----------------------------------------------------------
  function questionItems() {
    return list ? Array.prototype.slice.call(list.querySelectorAll("li[data-id]")) : [];
  }
  function applyAll() {
    if (fields.notes && notes.value !== fields.notes.value) notes.value = fields.notes.value;
    questionItems().forEach(function (li) {
      var id = li.getAttribute("data-id");
      var status = fields["q:" + id + ":status"];
      var note = fields["q:" + id + ":note"];
      if (status) {
        var radio = li.querySelector("input[type=radio][value='" + status.value + "']");
        if (radio) radio.checked = true;
        li.className = "q status-" + status.value;
      }
      var input = li.querySelector(".q-note");
      if (note && input && input.value !== note.value) input.value = note.value;
    });
    if (list && fields.order && Array.isArray(fields.order.value)) {
      fields.order.value.forEach(function (id) {
        var li = list.querySelector("li[data-id='" + id + "']");
        if (li) list.appendChild(li);
      });
    }
  }

  // --- Saving ----------------------------------------------------------------------------------
  function pendingPayload() {
    var out = {};
    Object.keys(pending).forEach(function (key) {
      if (fields[key]) out[key] = { value: fields[key].value };
    });
    return out;
  }
  // The server's answer: its revision and fields. A key sent and not changed here since is
  // confirmed; other keys not waiting here take the server's value.
  function adopt(data, payload, conflicts) {
    revision = data.revision;
    Object.keys(payload).forEach(function (key) {
      if (conflicts.indexOf(key) < 0 && same(fields[key].value, payload[key].value)) {
        delete pending[key];
      }
    });
    Object.keys(data.fields || {}).forEach(function (key) {
      if (!pending[key]) fields[key] = data.fields[key];
    });
  }
  var TEXTS = /^(notes|q:\d+:note)$/;
  // Another device changed these fields since this page's revision. A text keeps both
  // versions (theirs, then this page's); a status, the order or the clock takes theirs.
  function merge(data) {
    var kept = [];
    (data.conflicts || []).forEach(function (key) {
      var theirs = (data.fields || {})[key];
      var mine = fields[key] && fields[key].value;
      if (!theirs) return;
      if (TEXTS.test(key) && mine && theirs.value.indexOf(mine) < 0) {
        var both = mine.indexOf(theirs.value) === 0 ? mine : theirs.value + "\n" + mine;
        fields[key] = { value: both };
        pending[key] = true;
        kept.push(key === "notes" ? "the notes" : "a question's note");
      } else {
        fields[key] = theirs;
        delete pending[key];
      }
    });
    applyAll();
    return kept;
  }
  function show(text, offline) {
    statusNode.textContent = text;
    statusNode.className = "save-status" + (offline ? " offline" : "");
  }
  var saving = false;
  var notice = "";  // what a conflict did, said until the merged text is saved
  function save() {
    var payload = pendingPayload();
    if (saving || !Object.keys(payload).length) return;
    saving = true;
    // Until the server answers, an earlier "Saved at" would claim this typing is safe too.
    // (A retry while offline keeps the offline message instead of flickering.)
    if (!statusNode.classList.contains("offline") && !notice) show("Saving…");
    var sent = { json: { revision: revision, fields: payload }, keepalive: true };
    window.coffeechat.request(saveUrl, sent).then(function (data) {
      adopt(data, payload, []);
      writeLocal();
      // Typed while this save was on its way: send it now, and say "saved" only once it is.
      if (Object.keys(pending).length) return true;
      var t = new Date(now());
      show("Saved at " + String(t.getHours()).padStart(2, "0") + ":" +
        String(t.getMinutes()).padStart(2, "0") + ":" + String(t.getSeconds()).padStart(2, "0") +
        (notice ? ". " + notice : ""));
      notice = "";
    }).catch(function (error) {
      if (error.status === 409 && error.data) {
        adopt(error.data, payload, error.data.conflicts || []);
        var kept = merge(error.data);
        writeLocal();
        notice = kept.length
          ? "Also changed on another device: both versions of " + kept.join(" and ") +
            " are kept."
          : "Changed on another device meanwhile: its version is shown.";
        show(notice);
        return Object.keys(pending).length > 0;
      }
      if (error.status === 400 && error.data && error.data.error) {
        show("Not saved: " + error.data.error + " Your notes are kept on this device.", true);
        return;
      }
      show("Can't reach the server: your notes are kept on this device and will be saved when it's back.", true);
    }).then(function (again) {
      saving = false;
      if (again) save();
    });
  }
  function saveOnLeave() {
    var payload = pendingPayload();
    if (!Object.keys(payload).length) return;
    writeLocal();
    var data = new FormData();
    // A beacon cannot send headers, so the token goes with the form data.
    data.append("csrfmiddlewaretoken", window.coffeechat.csrfToken());
    data.append("payload", JSON.stringify({ revision: revision, fields: payload }));
    if (navigator.sendBeacon) navigator.sendBeacon(saveUrl, data);
  }
  setInterval(save, SAVE_EVERY);
  window.addEventListener("online", save);
  window.addEventListener("pagehide", saveOnLeave);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") saveOnLeave();
  });

  // --- Listening to the page -------------------------------------------------------------------
  notes.addEventListener("input", function () { setField("notes", notes.value); });
  if (list) {
    list.addEventListener("change", function (event) {
      var li = event.target.closest("li[data-id]");
      if (!li || event.target.type !== "radio") return;
      setField("q:" + li.getAttribute("data-id") + ":status", event.target.value);
      li.className = "q status-" + event.target.value;
    });
    list.addEventListener("input", function (event) {
      var li = event.target.closest("li[data-id]");
      if (!li || !event.target.classList.contains("q-note")) return;
      setField("q:" + li.getAttribute("data-id") + ":note", event.target.value);
    });
    list.addEventListener("click", function (event) {
      var button = event.target.closest("button[name=move]");
      if (!button) return;
      event.preventDefault();
      var li = button.closest("li[data-id]");
      if (button.value.indexOf("up:") === 0 && li.previousElementSibling) {
        list.insertBefore(li, li.previousElementSibling);
      } else if (button.value.indexOf("down:") === 0 && li.nextElementSibling) {
        list.insertBefore(li.nextElementSibling, li);
      }
      setField("order", questionItems().map(function (item) {
        return parseInt(item.getAttribute("data-id"), 10);
      }));
      button.focus();
    });
  }
  // Ending or saving by form: the newest text goes with the form; this device forgets it.
  form.addEventListener("submit", function () {
    if (!navigator.onLine) return;
    pending = {};
    try { window.localStorage.removeItem(storeKey); } catch (e) { /* ignore */ }
  });

  // --- The clock -------------------------------------------------------------------------------
  var clock = document.getElementById("clock");
  var clockLabel = document.getElementById("clock-label");
  var startButton = document.getElementById("start");
  var signal = document.getElementById("signal");
  var signalled = "";
  var hasQuestions = questionItems().length > 0;

  function two(n) { return String(n).padStart(2, "0"); }
  function format(ms) {
    // Time left rounds up (a countdown shows 20:00 at the start); overrun rounds down.
    var s = ms > 0 ? Math.ceil(ms / 1000) : Math.floor(-ms / 1000);
    return Math.floor(s / 60) + ":" + two(s % 60);
  }
  function buzz() { if (navigator.vibrate) navigator.vibrate([200, 100, 200]); }
  function tick() {
    var started = fields.started && fields.started.value;
    if (!started) {
      clock.textContent = format(lengthMs);
      clockLabel.textContent = minutes + " minutes agreed";
      startButton.hidden = false;
      return;
    }
    startButton.hidden = true;
    var left = lengthMs - (now() - started);
    form.classList.toggle("warn", left > 0 && left <= WARN_MS);
    form.classList.toggle("over", left <= 0);
    if (left > 0) {
      clock.textContent = format(left);
      clockLabel.textContent = "left of " + minutes + " minutes";
    } else {
      clock.textContent = "+" + format(left);
      clockLabel.textContent = "over the agreed " + minutes + " minutes";
    }
    var phase = left <= 0 ? "over" : left <= WARN_MS ? "warn" : "";
    if (phase !== signalled) {
      signalled = phase;
      signal.hidden = !phase;
      if (phase === "warn") {
        signal.textContent = "5 minutes left: time for the closing questions.";
        closing.open = true;
        buzz();
      } else if (phase === "over") {
        signal.textContent = "Time's up. Thank them and offer to stop here.";
        closing.open = true;
        buzz();
      }
    }
  }
  startButton.addEventListener("click", function () {
    setField("started", now());
    tick();
    save();
  });
  if (hasQuestions) closing.open = false;
  applyAll();
  tick();
  setInterval(tick, 1000);
  if (Object.keys(pending).length) save();
})();
