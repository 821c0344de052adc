// Capture: the due date shows for promises and the name for a person only, and a selection
// within a line marks just those words. The page works as a plain form without this file.
(function () {
  "use strict";
  var form = document.getElementById("capture");
  if (!form) return;
  var each = function (nodes, fn) { Array.prototype.forEach.call(nodes, fn); };

  each(form.querySelectorAll(".js-only"), function (node) { node.hidden = false; });

  function markOf(row) {
    var select = row.querySelector("select[name$='-mark']");
    return select ? select.value : "";
  }

  // A field for another kind of mark hides, unless it already holds something.
  function showFields(row) {
    var mark = markOf(row);
    each(row.querySelectorAll("[data-for]"), function (box) {
      var input = box.querySelector("input");
      var wanted = box.getAttribute("data-for").split(" ").indexOf(mark) !== -1;
      box.hidden = !wanted && !(input && input.value);
    });
  }

  function showPart(row) {
    var input = row.querySelector("input[name$='-part']");
    var shown = row.querySelector("[data-line-part]");
    if (!input || !shown) return;
    shown.querySelector("span").textContent = input.value;
    shown.hidden = !input.value;
  }

  each(form.querySelectorAll("[data-line]"), function (row) {
    showFields(row);
    showPart(row);
  });

  form.addEventListener("change", function (event) {
    var row = event.target.closest("[data-line]");
    if (row && event.target.matches("select[name$='-mark']")) showFields(row);
  });

  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-line-clear]");
    if (!button) return;
    var row = button.closest("[data-line]");
    row.querySelector("input[name$='-part']").value = "";
    showPart(row);
  });

  // Words selected inside one line's text become that line's part.
  function takeSelection() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return;
    var node = selection.getRangeAt(0).commonAncestorContainer;
    var element = node.nodeType === 1 ? node : node.parentNode;
    var text = element && element.closest("[data-line-text]");
    if (!text) return;
    var row = text.closest("[data-line]");
    var words = selection.toString().replace(/\s+/g, " ").trim();
    var whole = text.textContent.replace(/\s+/g, " ").trim();
    row.querySelector("input[name$='-part']").value = words === whole ? "" : words;
    showPart(row);
  }
  form.addEventListener("mouseup", takeSelection);
  form.addEventListener("keyup", takeSelection);
  form.addEventListener("touchend", takeSelection);
})();
