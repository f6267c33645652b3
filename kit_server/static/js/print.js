// The "Print" button of the login cards page (a file of its own: the pages allow no inline script).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
  });
})();
