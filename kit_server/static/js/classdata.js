/* The class collects its own examples: each student draws digits (Eastern Arabic ٠–٩ too),
   adds them, can delete their own, and sees the class model the teacher trained. */
(function () {
  "use strict";
  var panel = document.querySelector(".class-data");
  if (!panel) return;
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var grid = panel.querySelector(".class-grid"), status = panel.querySelector(".class-data-status");
  var pixels = new Array(64).fill(0), label = null, mine = [];

  for (var i = 0; i < 64; i++) {
    var cell = document.createElement("button");
    cell.type = "button"; cell.dataset.index = i;
    cell.setAttribute("aria-pressed", "false");
    cell.setAttribute("aria-label", String(Math.floor(i / 8) + 1) + "," + String(i % 8 + 1));
    grid.appendChild(cell);
  }
  grid.addEventListener("click", function (e) {
    var cell = e.target.closest("button");
    if (!cell) return;
    var n = parseInt(cell.dataset.index, 10);
    pixels[n] = pixels[n] ? 0 : 16;
    cell.setAttribute("aria-pressed", pixels[n] ? "true" : "false");
  });
  panel.querySelectorAll("[data-label]").forEach(function (button) {
    button.addEventListener("click", function () {
      label = parseInt(button.dataset.label, 10);
      panel.querySelectorAll("[data-label]").forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
    });
  });

  function api(method, url, body) {
    return fetch(url, { method: method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); });
  }
  function clear() {
    pixels = new Array(64).fill(0);
    grid.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
  }
  function refresh() {
    api("GET", panel.dataset.samplesUrl).then(function (a) {
      if (!a.ok) return;
      mine = a.body;
      panel.querySelector("[data-my-count]").textContent = mine.length;
    });
    api("GET", panel.dataset.modelUrl).then(function (a) {
      var box = panel.querySelector(".class-model");
      if (!a.ok || !a.body.svg) { box.textContent = box.dataset.none; return; }
      box.innerHTML = a.body.svg; // drawn by the kit's own code
      var metrics = panel.querySelector(".class-model-metrics");
      metrics.hidden = false;
      metrics.querySelector("[data-before]").textContent = Math.round(a.body.result.class_accuracy.before * 100) + "%";
      metrics.querySelector("[data-after]").textContent = Math.round(a.body.result.class_accuracy.after * 100) + "%";
    });
  }
  panel.querySelector("[data-clear]").addEventListener("click", clear);
  panel.querySelector("[data-add-sample]").addEventListener("click", function () {
    api("POST", panel.dataset.samplesUrl, { kind: "digit", label: label, data: { pixels: pixels } }).then(function (a) {
      status.textContent = a.ok ? "✓" : a.body.error;
      if (a.ok) { clear(); refresh(); }
    }).catch(function () { status.textContent = "…"; });
  });
  panel.querySelector("[data-delete-mine]").addEventListener("click", function () {
    Promise.all(mine.map(function (s) { return api("POST", panel.dataset.samplesUrl + "/" + s.id + "/delete"); })).then(refresh);
  });
  refresh();
})();
