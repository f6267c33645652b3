/* A large upload (a content pack from a USB stick) shows how far it has got, then that the kit is
   checking and installing it. Without JavaScript the form posts as usual. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var box = form.querySelector(".upload-progress"), bar = box.querySelector("progress"), text = box.querySelector("span");
      var button = form.querySelector("button[type=submit]");
      box.hidden = false; button.disabled = true;
      text.textContent = form.dataset.sending;
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.upload.onprogress = function (e) {
        if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total);
      };
      request.upload.onload = function () { bar.removeAttribute("value"); text.textContent = form.dataset.installing; };
      request.onload = function () {
        // Show what the kit answered: the packs page after a redirect, or the page with the reason.
        if (request.responseURL && request.responseURL !== form.action) { location.href = request.responseURL; return; }
        document.open(); document.write(request.responseText); document.close();
      };
      request.onerror = function () { button.disabled = false; text.textContent = ""; box.hidden = true; form.submit(); };
      request.send(new FormData(form));
    });
  });
})();
