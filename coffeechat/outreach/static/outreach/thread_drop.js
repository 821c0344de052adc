// "Paste the e-mail thread": a .eml file dropped on the form goes into its file field, and a
// message file dropped as text (some mail programs drag the message's source) into the box.
// The form works without this: the file field takes a chosen or dropped file by itself.
(function () {
  "use strict";
  const form = document.querySelector("[data-thread-drop]");
  if (!form) return;
  const box = form.querySelector("textarea");
  const field = form.querySelector("input[type=file]");
  const hasFiles = (event) => Array.from(event.dataTransfer.types || []).includes("Files");
  form.addEventListener("dragover", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    form.classList.add("dragging");
  });
  form.addEventListener("dragleave", () => form.classList.remove("dragging"));
  form.addEventListener("drop", (event) => {
    form.classList.remove("dragging");
    if (!hasFiles(event) || !event.dataTransfer.files.length) return;
    event.preventDefault();
    field.files = event.dataTransfer.files;
    if (box) box.value = "";
    form.requestSubmit();
  });
})();
