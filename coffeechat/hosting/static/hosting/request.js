// The coach on the request form as the visitor types: the form is sent as it is with do=live,
// and the server answers with the notes fragment (hosting/_parts.html). Like coach/live.js,
// but listening to every text field of the form, since a request here has several parts.
(function () {
  "use strict";
  var form = document.querySelector("form[data-request-check]");
  if (!form) return;
  var box = document.getElementById(form.getAttribute("data-request-check"));
  if (!box) return;
  var timer = null;
  var sequence = 0;

  function check() {
    var mine = ++sequence;
    var data = new FormData(form);
    data.set("do", "live");
    window.coffeechat.request(form.getAttribute("action"), { body: data, accept: "html" })
      .then(function (html) { if (mine === sequence) box.innerHTML = html; })
      .catch(function () { /* offline: the notes come back when the form is sent */ });
  }

  form.addEventListener("input", function (event) {
    if (!event.target.matches("textarea, input[type=text]")) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 400);
  });
})();
