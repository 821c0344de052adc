// The coach as you type, for a form marked data-live-check="<id of the findings box>": typing
// in any of its fields marked data-coach-text (a draft has one, a request form several) sends
// the form as it is with do=live, and the server answers with the findings partial the page
// shows. An enhancement only: without it, "Check again" or sending the form does the same.
(function () {
  "use strict";
  document.querySelectorAll("form[data-live-check]").forEach(function (form) {
    var box = document.getElementById(form.getAttribute("data-live-check"));
    if (!box || !form.querySelector("[data-coach-text]")) return;
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

    form.addEventListener("input", function (event) {
      if (!event.target.closest("[data-coach-text]")) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(check, 400);
    });
  });
})();
