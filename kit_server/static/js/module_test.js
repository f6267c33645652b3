/* A module test hands in through the outbox (channel "tests"): graded by the kit, never here.
   Offline, the answers wait on this device and are sent when the connection is back; the page
   then shows the feedback. Without JavaScript the form posts as usual. */
(function () {
  "use strict";
  var dataEl = document.getElementById("test-data");
  if (!dataEl || !window.KitOutbox) return;
  var data = JSON.parse(dataEl.textContent);
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var form = document.getElementById("module-test");
  var statusEl = document.getElementById("test-status");
  var queued = false; // true once this page's hand-in is safely in the outbox
  var outbox = new window.KitOutbox({
    student: data.student, url: data.url, csrf: csrf, channel: "tests",
    onStatus: function (state) {
      // "saved" means the outbox is empty: the kit has acknowledged the hand-in; show the feedback.
      if (queued && state === "saved") location.href = data.done;
      else if (queued && statusEl) { statusEl.hidden = false; statusEl.textContent = statusEl.dataset.waiting; }
    }
  });
  if (!form) return;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token" && name !== "started") fields.push([name, String(value)]);
    });
    if (queued) return;
    form.querySelector("button[type=submit]").disabled = true;
    outbox.add({ kind: "module_test", module: data.module, phase: data.phase,
                 started: form.elements.started.value, form: fields })
      .then(function () { queued = true; outbox.flush(); });
  });
})();
