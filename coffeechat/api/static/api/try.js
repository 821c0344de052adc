// "Try it" on the API reference: sends an operation as the signed-in user (session and CSRF
// token, through the one fetch helper) and shows the answer. The forms stay hidden without
// JavaScript, since a plain form cannot send PUT, PATCH or DELETE or a JSON body.
(function () {
  "use strict";
  var SAME_SITE_PATH = /^\/[^\/]/;

  function show(form, text) {
    form.querySelector(".api-answer").textContent = text;
  }

  function send(event) {
    var form = event.target.closest("form[data-api-try]");
    if (!form) return;
    event.preventDefault();
    var path = form.elements.path.value.trim();
    if (!SAME_SITE_PATH.test(path)) {
      show(form, "The address must start with / (a path on this site).");
      return;
    }
    var options = { method: form.dataset.method };
    if (form.elements.body) {
      try {
        options.json = JSON.parse(form.elements.body.value || "{}");
      } catch (error) {
        show(form, "The body is not valid JSON: " + error.message);
        return;
      }
    }
    show(form, "Sending…");
    window.coffeechat.request(path, options).then(function (data) {
      show(form, "OK\n" + JSON.stringify(data, null, 2));
    }, function (error) {
      if (error instanceof SyntaxError) {  // a 2xx answer with no JSON body (a deletion)
        show(form, "OK (no content)");
        return;
      }
      var detail = error.data ? JSON.stringify(error.data, null, 2) : "";
      show(form, (error.status ? "HTTP " + error.status : "Could not reach the server") +
        (detail ? "\n" + detail : ""));
    });
  }

  document.querySelectorAll("form[data-api-try]").forEach(function (form) {
    form.hidden = false;
  });
  document.addEventListener("submit", send);
})();
