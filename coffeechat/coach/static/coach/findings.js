// The coach's cards (coach/_findings.html): clicking a place a rule applies, or its card, selects
// those words in the draft being checked (the textarea marked data-coach-text), so the user sees
// where to change it. Without this script the cards still quote every place.
(function () {
  "use strict";

  // The server counts characters in the text it was sent; a textarea's value may differ in line
  // endings, so the words are found again, at the occurrence nearest the server's offset.
  function locate(value, words, start) {
    if (!words) return null;
    var best = -1;
    var from = 0;
    var at;
    while ((at = value.indexOf(words, from)) !== -1) {
      if (best === -1 || Math.abs(at - start) < Math.abs(best - start)) best = at;
      from = at + 1;
    }
    return best === -1 ? null : [best, best + words.length];
  }

  document.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    var target = event.target.closest(".findings .place, .findings .finding[data-spans]");
    var area = document.querySelector("textarea[data-coach-text]");
    if (!target || !area) return;
    var place = target.classList.contains("place") ? target : target.querySelector(".place");
    var mark = place && place.querySelector("mark");
    if (!mark) return;
    var range = locate(area.value, mark.textContent, Number(place.getAttribute("data-start")));
    if (!range) return;
    area.focus();
    area.setSelectionRange(range[0], range[1]);
  });
})();
