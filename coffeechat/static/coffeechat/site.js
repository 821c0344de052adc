// Small progressive enhancements; every page works without this file.
// It loads (deferred) before every page script, which use window.coffeechat below.
(function () {
  "use strict";

  // Confirm before submitting forms marked data-confirm (the server also asks on its own page).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // Buttons marked data-copy="field-id" copy that field's text (thank-you and update notes).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) return;
    field.select();
    if (navigator.clipboard) {
      navigator.clipboard.writeText(field.value);
    } else {
      document.execCommand("copy");
    }
    button.textContent = "Copied";
  });

  // Print buttons (the printable brief).
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("button[data-print]")) window.print();
  });

  // The CSRF token is read from Django's cookie at the time of each request, not from the page:
  // signing in again in another tab rotates it, and meeting mode stays open for an hour.
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // One way for our scripts to talk to the server: POST by default, same-origin cookies, the
  // CSRF token, and the answer parsed. options.body: FormData or URLSearchParams as sent;
  // options.json: an object sent as JSON; options.accept: "json" (default) or "html" for a
  // fragment rendered by the page's own partial; options.keepalive for saves on the way out.
  // Resolves with the parsed answer; rejects when offline or the status is not 2xx (then the
  // error carries the `status` and, when the answer was JSON, its `data`: {"error": ...}).
  function request(url, options) {
    options = options || {};
    var html = options.accept === "html";
    var headers = {
      "Accept": html ? "text/html" : "application/json",
      "X-CSRFToken": csrfToken()
    };
    var body = options.body;
    if (options.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(options.json);
    }
    return fetch(url, {
      method: options.method || "POST",
      credentials: "same-origin",
      keepalive: !!options.keepalive,
      headers: headers,
      body: body
    }).then(function (response) {
      if (!response.ok) {
        var error = new Error("HTTP " + response.status);
        error.status = response.status;
        return response.json().catch(function () { return null; }).then(function (data) {
          error.data = data;
          throw error;
        });
      }
      return html ? response.text() : response.json();
    });
  }

  window.coffeechat = { request: request, csrfToken: csrfToken };
})();
