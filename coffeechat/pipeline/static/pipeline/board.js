// Drag and drop on the pipeline board. The per-card "Move" form keeps working without it.
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board) return;

  function adjust(badge, delta) {
    if (badge) badge.textContent = String(parseInt(badge.textContent, 10) + delta);
  }

  // A stage's column and the lane that holds it both count their cards.
  function adjustCount(column, delta) {
    adjust(column.querySelector(".count"), delta);
    column.classList.toggle("empty", column.querySelectorAll(".board-card").length === 0);
    var lane = column.closest(".board-lane");
    if (lane) adjust(lane.querySelector(".lane-count"), delta);
  }

  var dragged = null;

  board.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".board-card");
    if (!card) return;
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.id);
  });

  board.addEventListener("dragend", function () {
    dragged = null;
    board.querySelectorAll(".drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
  });

  board.addEventListener("dragover", function (event) {
    var column = event.target.closest && event.target.closest(".board-column");
    if (!column || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    board.querySelectorAll(".drop-target").forEach(function (c) {
      if (c !== column) c.classList.remove("drop-target");
    });
    column.classList.add("drop-target");
  });

  board.addEventListener("drop", function (event) {
    var column = event.target.closest && event.target.closest(".board-column");
    if (!column || !dragged) return;
    event.preventDefault();
    column.classList.remove("drop-target");
    var card = dragged;
    var from = card.closest(".board-column");
    var stage = column.dataset.stage;
    if (from === column) return;
    var body = new URLSearchParams({ stage: stage });
    window.coffeechat.request(card.dataset.url, { body: body }).then(function (answer) {
      // The server's new card: its badges and next step follow the stage it moved to.
      var fresh = card;
      if (answer && answer.card) {
        var holder = document.createElement("template");
        holder.innerHTML = answer.card;
        fresh = holder.content.firstElementChild;
        card.remove();
      }
      column.querySelector(".cards").prepend(fresh);
      fresh.querySelector("select[name=stage]").value = stage;
      adjustCount(from, -1);
      adjustCount(column, 1);
      fresh.setAttribute("data-moved", stage);
    }).catch(function () {
      window.alert("That move did not save. Check your connection and try again.");
    });
  });
})();
