// Drag and drop for the question plan; the Up/Down buttons do the same job without this file.
(function () {
  "use strict";
  var list = document.getElementById("plan-questions");
  if (!list) return;
  var url = list.getAttribute("data-reorder-url");
  var dragged = null;
  document.body.classList.add("js-drag");

  function items() {
    return Array.prototype.slice.call(list.querySelectorAll(":scope > li.plan-item"));
  }
  function clearMarks() {
    items().forEach(function (li) { li.classList.remove("drop-before"); });
  }
  function save() {
    var body = new FormData();
    body.append("order", items().map(function (li) { return li.getAttribute("data-id"); }).join(","));
    window.coffeechat.request(url, { body: body }).then(function () {
      list.setAttribute("data-saved", "yes");
    }).catch(function () {
      // Reload so the page shows the order the server actually holds.
      window.location.reload();
    });
  }

  items().forEach(function (li) { li.setAttribute("draggable", "true"); });
  list.addEventListener("dragstart", function (event) {
    dragged = event.target.closest("li.plan-item");
    if (!dragged) return;
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.getAttribute("data-id"));
  });
  list.addEventListener("dragover", function (event) {
    if (!dragged) return;
    event.preventDefault();
    var over = event.target.closest("li.plan-item");
    clearMarks();
    if (over && over !== dragged) over.classList.add("drop-before");
  });
  list.addEventListener("drop", function (event) {
    if (!dragged) return;
    event.preventDefault();
    var over = event.target.closest("li.plan-item");
    if (over && over !== dragged) {
      var rect = over.getBoundingClientRect();
      var after = event.clientY > rect.top + rect.height / 2;
      list.insertBefore(dragged, after ? over.nextSibling : over);
      list.removeAttribute("data-saved");
      save();
    }
  });
  list.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    clearMarks();
  });
})();
