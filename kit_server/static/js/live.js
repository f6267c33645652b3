/* The teacher's console and the projector view refresh themselves every 2 s. */
(function () {
  "use strict";
  var root = document.getElementById("live-console") || document.getElementById("live-screen");
  if (!root) return;
  var step = null;

  function update(view) {
    if (step !== null && view.step !== step) { location.reload(); return; }
    step = view.step;
    document.getElementById("count-connected").textContent = view.connected;
    document.getElementById("count-answered").textContent = view.answered;
    view.students.forEach(function (s) {
      var li = root.querySelector('[data-student="' + s.id + '"]');
      if (!li) return;
      li.classList.toggle("connected", s.connected);
      li.classList.toggle("away", !s.connected);
      li.classList.toggle("answered", s.answered);
    });
    root.querySelectorAll(".tally").forEach(function (box) {
      var counts = view.tally[box.dataset.item] || {};
      box.querySelectorAll("[data-option]").forEach(function (cell) {
        var n = counts[cell.dataset.option] || 0;
        cell.textContent = n;
        cell.previousElementSibling.style.setProperty("--n", n);
      });
    });
  }

  function poll() {
    fetch(root.dataset.stateUrl, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (view) { if (view) update(view); })
      .catch(function () {})
      .then(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
