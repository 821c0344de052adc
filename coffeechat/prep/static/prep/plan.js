// The question plan changes in place. Every button that changes the plan (Add from the bank,
// Up, Down, priority, Remove) and the "Write a question" form still work as plain forms; this
// file sends the same form through the one fetch helper (window.coffeechat.request, in
// site.js), asking for JSON, and the server answers with the parts of the page that changed
// (views._changed): {regions: {element id: HTML}, announce: text, focus: selector}. It also
// adds drag and drop, which the Up/Down buttons do without it.
(function () {
  "use strict";
  var status = document.getElementById("plan-status");  // the page's aria-live region
  if (!status || !window.coffeechat) return;

  function announce(text) {
    // Emptied first, so the same words said twice (two removals in a row) are read again.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function focusOn(selector) {
    var target = selector && document.querySelector(selector);
    if (target && target.disabled) {
      // Moved to the top or the bottom: the other direction's button is the one left to press.
      var controls = target.closest(".plan-controls");
      target = controls && controls.querySelector("button:not([disabled])");
    }
    if (target) target.focus();
  }

  function apply(data) {
    var regions = data.regions || {};
    Object.keys(regions).forEach(function (id) {
      var old = document.getElementById(id);
      if (!old) return;
      var holder = document.createElement("template");
      holder.innerHTML = regions[id].trim();
      var fresh = holder.content.firstElementChild;
      if (!fresh) return;
      if (old.tagName === "DETAILS") fresh.open = old.open;
      old.replaceWith(fresh);
    });
    setUpDrag();
    focusOn(data.focus);
    if (data.announce) announce(data.announce);
  }

  function failed(error) {
    var said = (error && error.data && error.data.error) ||
      (error && error.status === 404 ? "That question is no longer in this plan. Reload the page to see it as it is now."
        : "The change could not be saved. Check your connection and try again.");
    announce(said);
    return said;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter || null;
    var ours = (button && button.hasAttribute("data-plan-action")) || form.hasAttribute("data-plan-form");
    if (!ours || event.defaultPrevented) return;
    event.preventDefault();
    var body = new FormData(form);
    if (button && button.name) body.append(button.name, button.value);
    var url = (button && button.getAttribute("formaction")) || form.getAttribute("action");
    var error = form.querySelector("[data-plan-error]");
    if (button) button.disabled = true;  // no second Add while the first is on its way
    window.coffeechat.request(url, { body: body }).then(function (data) {
      if (form.hasAttribute("data-plan-form")) {
        form.reset();
        if (error) error.hidden = true;
        var findings = document.getElementById(form.getAttribute("data-live-check") || "");
        if (findings) findings.innerHTML = "";
      }
      if (button) button.disabled = false;
      apply(data);
    }).catch(function (problem) {
      if (button) button.disabled = false;
      var said = failed(problem);
      if (error) {
        error.textContent = said;
        error.hidden = false;
      }
    });
  });

  // Drag and drop: the new order is sent at once, and the answer redraws the list (its Up and
  // Down buttons change at the ends).
  var dragged = null;
  function items(list) {
    return Array.prototype.slice.call(list.querySelectorAll(":scope > li.plan-item"));
  }
  function setUpDrag() {
    var list = document.getElementById("plan-questions");
    if (!list || list.hasAttribute("data-drag")) return;
    list.setAttribute("data-drag", "");
    document.body.classList.add("js-drag");
    items(list).forEach(function (li) { li.setAttribute("draggable", "true"); });
    function clearMarks() {
      items(list).forEach(function (li) { li.classList.remove("drop-before"); });
    }
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
      if (!over || over === dragged) return;
      var rect = over.getBoundingClientRect();
      var after = event.clientY > rect.top + rect.height / 2;
      list.insertBefore(dragged, after ? over.nextSibling : over);
      var body = new FormData();
      body.append("order", items(list).map(function (li) { return li.getAttribute("data-id"); }).join(","));
      window.coffeechat.request(list.getAttribute("data-reorder-url"), { body: body })
        .then(apply)
        .catch(function (problem) {
          failed(problem);
          window.location.reload();  // show the order the server actually holds
        });
    });
    list.addEventListener("dragend", function () {
      if (dragged) dragged.classList.remove("dragging");
      dragged = null;
      clearMarks();
    });
  }
  setUpDrag();
})();
