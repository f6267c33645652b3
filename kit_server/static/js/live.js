/* The teacher's console and the projector view refresh themselves every 2 s.
   The projector redraws its tallies in place (a reload would leave full screen); it reloads only
   when the teacher moves to another step. */
(function () {
  "use strict";
  var root = document.getElementById("live-console") || document.getElementById("live-screen");
  if (!root) return;
  var step = root.dataset.step || null;

  function text(id, value) {
    var node = document.getElementById(id);
    if (node) node.textContent = value;
  }

  function updateStudents(students) {
    var list = document.getElementById("live-students");
    if (!list) return;
    students.forEach(function (s) {
      var li = list.querySelector('[data-student="' + s.id + '"]');
      if (!li) return;
      li.classList.toggle("connected", s.connected);
      li.classList.toggle("away", !s.connected);
      li.classList.toggle("answered", s.answered);
      li.querySelector(".live-icon").textContent = s.answered ? "\u2713" : "\u2026";
      li.querySelector(".live-word").textContent = (s.answered ? list.dataset.wordAnswered : list.dataset.wordWaiting) +
        (s.connected ? "" : " \u00b7 " + list.dataset.wordAway);
    });
  }

  function el(tag, cls, content) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function row(box, item, r, total) {
    var li = el("li", "tally-row" + (r.right ? " right" : ""));
    li.dataset.row = r.key;
    var labelNode = box.querySelector('[data-option-label="' + r.key + '"]');
    var label = el("span", "tally-label", item.type === "numeric" ? r.label : (labelNode ? labelNode.textContent : r.key));
    label.dir = item.type === "numeric" ? "ltr" : "auto";
    if (r.position) label.prepend(el("span", "tally-position", r.position + ". "));
    li.append(label, el("strong", "tally-count", String(r.count)));
    var track = el("span", "tally-track"), bar = el("span", "tally-bar");
    track.setAttribute("aria-hidden", "true");
    bar.style.setProperty("--share", total ? r.count / total : 0);
    track.append(bar);
    li.append(track);
    if (r.right) li.append(el("span", "tally-mark", root.dataset.rightWord));
    return li;
  }

  function updateTally(box, item) {
    if (!item) return;
    var rows = box.querySelector("[data-rows]");
    rows.replaceChildren.apply(rows, item.rows.map(function (r) { return row(box, item, r, item.total); }));
    rows.classList.toggle("plain", !(item.type === "ordering" && item.rows.length && item.rows[0].position));
    box.querySelector("[data-total]").textContent = item.total;
    var right = box.querySelector("[data-right]");
    right.hidden = item.right_count === undefined;
    box.querySelector("[data-right-count]").textContent = item.right_count || 0;
    if (item.answer !== undefined) {
      box.querySelector("[data-answer]").hidden = false;
      box.querySelector("[data-answer-value]").textContent = item.answer + (item.tolerance !== "0" ? " \u00b1 " + item.tolerance : "");
    }
  }

  function update(view) {
    if (step !== null && view.step !== step) { location.reload(); return; }
    step = view.step;
    text("count-connected", view.connected);
    text("count-answered", view.answered);
    updateStudents(view.students);
    root.querySelectorAll(".tally").forEach(function (box) { updateTally(box, view.items[box.dataset.item]); });
    var reveal = root.querySelector("[data-reveal]");
    if (reveal && view.revealed) reveal.hidden = true;
  }

  function poll() {
    fetch(root.dataset.stateUrl, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (view) { if (view) update(view); })
      .catch(function () {})
      .then(function () { setTimeout(poll, 2000); });
  }

  /* Projector only: one question at a time, full screen, reveal without leaving the page. */
  function show(itemId) {
    root.querySelectorAll(".tally").forEach(function (box) { box.hidden = box.dataset.item !== itemId; });
    var field = root.querySelector('[data-reveal] [name="item"]');
    if (field) field.value = itemId;
    history.replaceState(null, "", "?item=" + encodeURIComponent(itemId));
  }

  if (root.id === "live-screen") {
    root.addEventListener("click", function (event) {
      var link = event.target.closest("[data-goto]");
      if (!link) return;
      event.preventDefault();
      show(link.dataset.goto);
    });
    var full = root.querySelector("[data-fullscreen]");
    if (full && document.documentElement.requestFullscreen) {
      full.hidden = false;
      full.addEventListener("click", function () { document.documentElement.requestFullscreen().catch(function () {}); });
    }
    var reveal = root.querySelector("[data-reveal]");
    if (reveal) {
      reveal.addEventListener("submit", function (event) {
        event.preventDefault();
        fetch(reveal.action, { method: "POST", credentials: "same-origin", body: new FormData(reveal),
                               headers: { "Accept": "application/json" } })
          .then(function () { reveal.hidden = true; });
      });
    }
  }
  poll();
})();
