/* A job's progress: poll its state each second and move the bar; once it has ended, load the page
   again, which then says how it ended. A poll lost to the Wi-Fi is simply tried again. */
(function () {
  "use strict";
  var box = document.querySelector("[data-job]");
  if (!box) return;
  var bar = box.querySelector("progress"), text = box.querySelector("[role=status]");
  function poll() {
    fetch(box.dataset.job, {credentials: "same-origin", cache: "no-store"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (job && job.state !== "running") { location.reload(); return; }
        if (job) {
          if (job.percent === null) bar.removeAttribute("value"); else bar.value = job.percent;
          text.textContent = job.text;
        }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 500);
})();
