/* The model maker in the browser: a drawing pad (finger, mouse or keyboard) that hands the server a
   16 × 16 grid of ink, and the model card's print button. Everything else is plain forms. */
(function () {
  "use strict";
  var CELLS = 16;

  function pad(box) {
    var canvas = box.querySelector("canvas"), field = box.querySelector('input[name="pixels"]');
    var ctx = canvas.getContext("2d"), size = canvas.width, drawing = false, last = null;
    var pen = { x: size / 2, y: size / 2, down: false };
    canvas.tabIndex = 0;
    function reset() {
      ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, size, size);
      ctx.strokeStyle = "#17302d"; ctx.lineWidth = size / 14; ctx.lineCap = "round"; ctx.lineJoin = "round";
    }
    function point(e) {
      var r = canvas.getBoundingClientRect();
      return { x: (e.clientX - r.left) * size / r.width, y: (e.clientY - r.top) * size / r.height };
    }
    function line(a, b) {
      ctx.beginPath(); ctx.moveTo(a.x, a.y); ctx.lineTo(b.x + 0.01, b.y); ctx.stroke();
    }
    function grid() {
      // The share of ink in each of the 16 × 16 cells, as a whole number from 0 to 16.
      var data = ctx.getImageData(0, 0, size, size).data, step = size / CELLS, out = [];
      for (var row = 0; row < CELLS; row++) {
        for (var col = 0; col < CELLS; col++) {
          var ink = 0;
          for (var y = row * step; y < (row + 1) * step; y++) {
            for (var x = col * step; x < (col + 1) * step; x++) { ink += 255 - data[(y * size + x) * 4]; }
          }
          out.push(Math.min(16, Math.round(16 * ink / (255 * step * step) * 2)));
        }
      }
      return out;
    }
    canvas.addEventListener("pointerdown", function (e) {
      drawing = true; last = point(e); line(last, last); canvas.setPointerCapture(e.pointerId); e.preventDefault();
    });
    canvas.addEventListener("pointermove", function (e) {
      if (!drawing) return;
      var p = point(e); line(last, p); last = p;
    });
    ["pointerup", "pointercancel"].forEach(function (name) {
      canvas.addEventListener(name, function () { drawing = false; });
    });
    // The grid is read when the form is sent, whatever drew on the pad.
    box.closest("form").addEventListener("submit", function () { field.value = grid().join(","); });
    // Without a pointer: arrow keys move the pen, Space lifts or puts it down.
    canvas.addEventListener("keydown", function (e) {
      var moves = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
      if (e.key === " ") { pen.down = !pen.down; if (pen.down) line(pen, pen); }
      else if (moves[e.key]) {
        var next = { x: Math.max(8, Math.min(size - 8, pen.x + moves[e.key][0] * size / CELLS)),
                     y: Math.max(8, Math.min(size - 8, pen.y + moves[e.key][1] * size / CELLS)) };
        if (pen.down) line(pen, next);
        pen.x = next.x; pen.y = next.y;
      } else { return; }
      e.preventDefault();
    });
    box.querySelector("[data-clear]").addEventListener("click", reset);
    reset();
  }

  document.querySelectorAll("[data-draw]").forEach(pad);
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
