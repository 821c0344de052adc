// The coach as you type, for a form marked data-live-check="<id of the findings box>": the
// form is sent as it is with do=live, and the server answers with the same findings partial
// the page shows. An enhancement only: without it, "Check again" does the same on a click.
(function () {
  "use strict";
  document.querySelectorAll("form[data-live-check]").forEach(function (form) {
    var box = document.getElementById(form.getAttribute("data-live-check"));
    var text = form.querySelector("[data-coach-text]");
    if (!box || !text) return;
    var timer = null;
    var sequence = 0;

    function check() {
      var mine = ++sequence;
      var data = new FormData(form);
      data.set("do", "live");
      var url = form.getAttribute("action") || window.location.href;
      window.coffeechat.request(url, { body: data, accept: "html" }).then(function (html) {
        if (mine === sequence) box.innerHTML = html;  // a slower, older answer must not win
      }).catch(function () { /* offline: the findings update on "Check again" */ });
    }

    text.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, 400);
    });
  });
})();
