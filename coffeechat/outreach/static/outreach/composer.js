// The request composer: live checker findings, LinkedIn note counter, copy button.
// Everything here is an enhancement; without it the form saves and the page shows findings.
(function () {
  "use strict";
  var form = document.getElementById("draft-form");
  if (!form) return;
  var body = document.getElementById("id_body");
  var channel = document.getElementById("id_channel");
  var subjectRow = document.getElementById("subject-row");
  var counter = document.getElementById("char-count");
  var findings = document.getElementById("findings");
  var limit = parseInt(form.getAttribute("data-note-limit"), 10) || 300;
  var checkUrl = form.getAttribute("data-check-url");
  var timer = null;
  var sequence = 0;

  function isNote() { return channel.value === "linkedin-note"; }

  function updateCounter() {
    var length = body.value.length;
    if (isNote()) {
      var left = limit - length;
      counter.textContent = length + " of " + limit + " characters" +
        (left < 0 ? " — " + (-left) + " over the limit" : " — " + left + " left");
      counter.classList.toggle("error", left < 0);
      body.setAttribute("aria-invalid", left < 0 ? "true" : "false");
    } else {
      counter.textContent = length + " characters";
      counter.classList.remove("error");
      body.removeAttribute("aria-invalid");
    }
    if (subjectRow) subjectRow.hidden = channel.value !== "email";
  }

  function runCheck() {
    var mine = ++sequence;
    var data = new FormData();
    data.append("body", body.value);
    data.append("channel", channel.value);
    // The server renders the findings with the partial the page itself includes.
    window.coffeechat.request(checkUrl, { body: data, accept: "html" }).then(function (html) {
      // Only the latest answer counts; an older, slower one must not overwrite it.
      if (mine === sequence) findings.innerHTML = html;
    }).catch(function () { /* offline or refused: findings update on save */ });
  }

  function schedule() {
    updateCounter();
    window.clearTimeout(timer);
    timer = window.setTimeout(runCheck, 400);
  }

  body.addEventListener("input", schedule);
  channel.addEventListener("change", schedule);
  updateCounter();

  var copy = document.getElementById("copy-button");
  var status = document.getElementById("copy-status");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var subject = document.getElementById("id_subject");
      var text = (channel.value === "email" && subject && subject.value ? subject.value + "\n\n" : "") + body.value;
      navigator.clipboard.writeText(text).then(function () {
        status.textContent = "Copied to the clipboard.";
      }, function () {
        status.textContent = "Could not copy; select the text and copy it by hand.";
      });
    });
  }
})();
