// Times in the visitor's own zone: on a first visit (no ?tz= yet) ask again with the browser's
// zone. Without JavaScript the "Show times in" form does the same by hand.
(function () {
  "use strict";
  var form = document.querySelector("form[data-zone-form]");
  if (!form || new URLSearchParams(window.location.search).has("tz")) return;
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
  var select = form.querySelector("select[name=tz]");
  if (!zone || !select || select.value === zone) return;
  if (!Array.prototype.some.call(select.options, function (o) { return o.value === zone; })) return;
  select.value = zone;
  form.submit();
})();
