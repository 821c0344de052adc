// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Confirm before submitting forms marked data-confirm (the server also asks on its own page).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
})();
