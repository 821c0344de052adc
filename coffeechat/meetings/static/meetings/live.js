// Meeting mode: a countdown, and autosave that never loses what was typed.
// Every field carries the time it was written; the server and this device's storage are
// merged field by field, the newer write winning.
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
  var fields = {};   // key -> {value, at}: the newest known value of every field
  var pending = {};  // keys written here and not yet confirmed by the server

  function readLocal() {
    try { return JSON.parse(window.localStorage.getItem(storeKey) || "{}"); } catch (e) { return {}; }
  }
  function writeLocal() {
    try {
      window.localStorage.setItem(storeKey, JSON.stringify({ fields: fields, pending: pending }));
    } catch (e) { /* storage full or disabled: the server copy still counts */ }
  }

  // Merge: server fields, then any newer ones kept on this device.
  Object.keys(server).forEach(function (key) { fields[key] = server[key]; });
  var local = readLocal();
  Object.keys(local.fields || {}).forEach(function (key) {
    var mine = local.fields[key];
    if (!fields[key] || mine.at > fields[key].at) {
      fields[key] = mine;
      pending[key] = true;
    }
  });

  function now() { return Date.now(); }

  function setField(key, value) {
    fields[key] = { value: value, at: now() };
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
    Object.keys(pending).forEach(function (key) { if (fields[key]) out[key] = fields[key]; });
    return out;
  }
  function show(text, offline) {
    statusNode.textContent = text;
    statusNode.className = "save-status" + (offline ? " offline" : "");
  }
  var saving = false;
  function save() {
    var payload = pendingPayload();
    if (saving || !Object.keys(payload).length) return;
    saving = true;
    // Until the server answers, an earlier "Saved at" would claim this typing is safe too.
    // (A retry while offline keeps the offline message instead of flickering.)
    if (!statusNode.classList.contains("offline")) show("Saving…");
    var sent = { json: { fields: payload }, keepalive: true };
    window.coffeechat.request(saveUrl, sent).then(function (data) {
      var merged = data.fields || {};
      // Confirmed only if nothing newer was written while the save was on its way.
      Object.keys(payload).forEach(function (key) {
        if (merged[key] && merged[key].at >= fields[key].at) delete pending[key];
      });
      Object.keys(merged).forEach(function (key) {
        if (!fields[key] || merged[key].at > fields[key].at) fields[key] = merged[key];
      });
      writeLocal();
      // Typed while this save was on its way: send it now, and say "saved" only once it is.
      var newer = Object.keys(pending).some(function (key) {
        return !payload[key] || fields[key].at > payload[key].at;
      });
      if (newer) return true;
      var t = new Date(now());
      show("Saved at " + String(t.getHours()).padStart(2, "0") + ":" +
        String(t.getMinutes()).padStart(2, "0") + ":" + String(t.getSeconds()).padStart(2, "0"));
    }).catch(function () {
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
    data.append("payload", JSON.stringify({ fields: payload }));
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
