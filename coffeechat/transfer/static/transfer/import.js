// Import pages: the preview's "Import" button says it is working, and the progress page
// polls the batch's state. Both pages work without this script (the progress page refreshes
// itself through a <noscript> meta refresh).
(function () {
  "use strict";

  var form = document.getElementById("commit-form");
  if (form) {
    form.addEventListener("submit", function () {
      form.querySelector("button").disabled = true;
      document.getElementById("import-progress").hidden = false;
    });
  }

  var box = document.getElementById("import-state");
  if (!box || box.dataset.status !== "running") return;
  var bar = document.getElementById("import-bar");
  var phase = document.getElementById("import-phase");
  var count = document.getElementById("import-count");
  var interval = Number(box.dataset.interval) || 500;

  function show(state) {
    if (state.status !== "running") {
      // Finished or stopped: the server renders the outcome, so load it once.
      window.location.reload();
      return;
    }
    // Labels come from the page (data-phase-queued, data-phase-reading, …).
    var key = "phase" + state.phase.charAt(0).toUpperCase() + state.phase.slice(1);
    phase.textContent = box.dataset[key] || box.dataset.phaseReading;
    if (state.percent !== null) {
      bar.value = state.percent;
      bar.textContent = state.percent + "%";
      count.textContent = state.percent + "% written.";
    } else {
      bar.removeAttribute("value");
      count.textContent = "";
    }
    window.setTimeout(poll, interval);
  }

  function poll() {
    window.coffeechat.request(box.dataset.url, {method: "GET"})
      .then(show)
      .catch(function () { window.setTimeout(poll, interval * 4); });
  }

  window.setTimeout(poll, interval);
})();
