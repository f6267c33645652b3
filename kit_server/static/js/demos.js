/* Live demos: controls drawn from each demo's parameter schema (bounds come from the server),
   a run shortly after a change, the figure as SVG drawn for the width the page has, and the
   numbers in words around it. A demo starts only when its step is opened: hidden steps neither
   run nor record anything. Every pointer gesture (placing a point, dragging one) also has sliders,
   so a keyboard, a switch or a screen reader can do it. */
(function () {
  "use strict";
  var DELAY = 250, WIDTH_STEP = 40;

  function resolve(schema, prop) {
    if (prop.$ref) return schema.$defs[prop.$ref.split("/").pop()];
    if (prop.anyOf) return prop.anyOf.filter(function (p) { return p.type !== "null"; }).map(function (p) { return resolve(schema, p); })[0];
    return prop;
  }

  // A slider step of 1, 2 or 5 × 10^n, about a hundredth of the range: "1.05", never "1.008".
  function niceStep(min, max) {
    var raw = (max - min) / 100, p = Math.pow(10, Math.floor(Math.log10(raw))), r = raw / p;
    return p * (r < 2 ? 1 : r < 5 ? 2 : 5);
  }
  function decimals(step) { return Math.max(0, -Math.floor(Math.log10(step) + 1e-9)); }

  function field(labelText, input, output) {
    var wrap = document.createElement("div");
    wrap.className = "field demo-field";
    var label = document.createElement("label");
    label.textContent = labelText;
    label.htmlFor = input.id;
    wrap.appendChild(label);
    if (output) {
      var row = document.createElement("div");
      row.className = "demo-slider";
      row.appendChild(input); row.appendChild(output);
      wrap.appendChild(row);
    } else {
      wrap.appendChild(input);
    }
    return wrap;
  }

  function Demo(el, labels, csrf, record) {
    this.el = el; this.labels = labels; this.csrf = csrf; this.record = record;
    this.params = JSON.parse(el.dataset.params || "{}");
    this.timer = null; this.plot = null; this.touched = false; this.attempt = 0; this.ready = false;
    this.statusEl = el.querySelector(".demo-status");
    var self = this;
    fetch(el.dataset.url + "/schema", { credentials: "same-origin" }).then(function (r) { return r.json(); })
      .then(function (schema) { self.build(schema); self.ready = true; self.run(); })
      .catch(function () { self.status(self.statusEl.dataset.offline); });
  }

  Demo.prototype.status = function (text) { this.statusEl.textContent = text || ""; };

  Demo.prototype.build = function (schema) {
    var form = this.el.querySelector(".demo-controls"), self = this;
    this.schema = schema;
    Object.keys(schema.properties).forEach(function (name) {
      var prop = resolve(schema, schema.properties[name]);
      var built = self.control(name, prop, schema.properties[name]);
      if (!built) return;
      var input = built.input;
      input.id = "demo-" + self.el.dataset.step + "-" + name;
      input.name = name;
      input.addEventListener("input", function () { self.changed(name, input, prop, built.output); });
      input.addEventListener("change", function () { self.changed(name, input, prop, built.output); });
      var label = self.labels.params[self.el.dataset.demo + "." + name] || self.labels.params[name];
      if (label) form.appendChild(field(label, input, built.output));
    });
    if (schema.properties.pixels) form.appendChild(this.canvas());
    // Clicking the chart places a point: the query point (neighbours) or an outlier (regression).
    this.pointParam = ["query", "outlier"].filter(function (name) {
      var prop = schema.properties[name] && resolve(schema, schema.properties[name]);
      return prop && prop.type === "object" && prop.properties && prop.properties.x;
    })[0] || null;
    var lang = document.documentElement.lang;
    var language = schema.properties.language && resolve(schema, schema.properties.language);
    if (language && language.enum && language.enum.indexOf(lang) >= 0 && !("language" in this.params)) {
      this.params.language = lang; // the example text in the page's language
      var select = form.querySelector('[name="language"]');
      if (select) select.value = lang;
    }
    var figure = this.el.querySelector(".demo-figure");
    figure.addEventListener("click", function (e) { if (!self.dragged) self.place(e); self.dragged = false; });
    figure.addEventListener("pointerdown", function (e) { self.grab(e); });
    figure.addEventListener("pointerup", function (e) { self.drop(e); });
    this.width = this.pageWidth();
    window.addEventListener("resize", function () {
      if (self.pageWidth() !== self.width) { self.width = self.pageWidth(); self.later(); }
    });
  };

  // The width the figure has on this screen, snapped down like the server does (so a phone
  // and a PC each get a picture drawn for them, and a class of phones shares cached pictures).
  Demo.prototype.pageWidth = function () {
    var w = this.el.querySelector(".demo-figure").clientWidth || this.el.clientWidth || 640;
    return Math.max(240, Math.min(720, Math.floor(w / WIDTH_STEP) * WIDTH_STEP));
  };

  Demo.prototype.format = function (name, value, step) {
    var unit = this.labels.units[this.el.dataset.demo + "." + name] || this.labels.units[name];
    if (this.labels.percent.indexOf(name) >= 0) return Math.round(value * 100) + "%";
    var text = step >= 1 ? String(Math.round(value)) : Number(value).toFixed(decimals(step));
    return unit ? text + " " + unit : text;
  };

  Demo.prototype.control = function (name, prop, raw) {
    var value = name in this.params ? this.params[name] : raw["default"];
    var input, output = null, self = this;
    if (prop.enum) {
      input = document.createElement("select");
      prop.enum.forEach(function (v) {
        var o = document.createElement("option");
        o.value = v; o.textContent = self.labels.choices[v] || v; o.selected = v === value;
        input.appendChild(o);
      });
    } else if (prop.type === "integer" || prop.type === "number") {
      if (name === "seed" || prop.maximum === undefined) return null;
      input = this.slider(prop.minimum, prop.maximum, prop.type === "integer" ? 1 : niceStep(prop.minimum, prop.maximum),
                          value === undefined || value === null ? prop.minimum : value);
      output = document.createElement("output");
      output.htmlFor = name; output.dir = "auto";
      this.showValue(name, input, output);
    } else if (prop.type === "boolean") {
      input = document.createElement("input");
      input.type = "checkbox"; input.checked = !!value;
    } else if (prop.type === "string" && (name === "query" || name === "prompt")) {
      input = document.createElement("input");
      input.type = "text"; input.value = value || ""; input.dir = "auto"; input.maxLength = prop.maxLength || 200;
    } else if (prop.type === "string" && name === "text") {
      input = document.createElement("textarea"); // the class's own text, pasted or typed
      input.rows = 3; input.value = value || ""; input.dir = "auto"; input.maxLength = prop.maxLength || 5000;
    }
    return input ? { input: input, output: output } : null;
  };

  // Sliders run left to right in every language, like the chart's axes they move along.
  Demo.prototype.slider = function (min, max, step, value) {
    var input = document.createElement("input");
    input.type = "range"; input.dir = "ltr";
    input.min = min; input.max = max; input.step = step; input.value = value;
    return input;
  };

  Demo.prototype.showValue = function (name, input, output) {
    var text = this.format(name, parseFloat(input.value), parseFloat(input.step));
    output.textContent = text;
    input.setAttribute("aria-valuetext", text);
  };

  Demo.prototype.changed = function (name, input, prop, output) {
    var v = input.type === "checkbox" ? input.checked : input.value;
    if (input.tagName === "TEXTAREA" && !v.trim()) { delete this.params[name]; v = undefined; }
    if (prop.type === "integer") v = parseInt(v, 10);
    else if (prop.type === "number") v = parseFloat(v);
    if (v !== undefined) this.params[name] = v;
    if (output) this.showValue(name, input, output);
    this.touched = true;
    this.later();
  };

  Demo.prototype.later = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.attempt = 0; self.run(); }, DELAY);
  };

  Demo.prototype.canvas = function () {
    // An 8×8 grid of big cells: tap (or Enter) to paint; arrow keys move between cells, so the
    // grid is one Tab stop, not 64.
    var grid = document.createElement("div"), self = this;
    grid.className = "pixel-grid";
    grid.setAttribute("role", "group");
    grid.setAttribute("aria-label", this.labels.grid);
    // Until something is drawn the demo shows one of its own test digits.
    var drawing = this.params.pixels || new Array(64).fill(0);
    for (var i = 0; i < 64; i++) {
      var cell = document.createElement("button");
      cell.type = "button"; cell.dataset.index = i; cell.tabIndex = i === 0 ? 0 : -1;
      cell.setAttribute("aria-pressed", drawing[i] > 0 ? "true" : "false");
      cell.setAttribute("aria-label", this.labels.cell.replace("ROW", String(Math.floor(i / 8) + 1)).replace("COL", String(i % 8 + 1)));
      grid.appendChild(cell);
    }
    grid.addEventListener("keydown", function (e) {
      var cell = e.target.closest("button"), moves = { ArrowUp: -8, ArrowDown: 8, ArrowLeft: -1, ArrowRight: 1 };
      if (!cell || !(e.key in moves)) return;
      var rtl = getComputedStyle(grid).direction === "rtl";
      var step = (rtl && (e.key === "ArrowLeft" || e.key === "ArrowRight")) ? -moves[e.key] : moves[e.key];
      var next = grid.children[parseInt(cell.dataset.index, 10) + step];
      if (!next) return;
      e.preventDefault();
      cell.tabIndex = -1; next.tabIndex = 0; next.focus();
    });
    grid.addEventListener("click", function (e) {
      var cell = e.target.closest("button");
      if (!cell) return;
      var i = parseInt(cell.dataset.index, 10);
      drawing[i] = drawing[i] > 0 ? 0 : 16;
      cell.setAttribute("aria-pressed", drawing[i] > 0 ? "true" : "false");
      if (drawing.some(function (v) { return v > 0; })) self.params.pixels = drawing.slice();
      else delete self.params.pixels;
      self.touched = true;
      self.later();
    });
    return grid;
  };

  // ---- pointer gestures, each with a keyboard twin (the "move a point" sliders) ----
  Demo.prototype.toData = function (event) {
    var svg = this.el.querySelector(".demo-figure svg"), p = this.plot;
    if (!svg || !p) return null;
    var box = svg.getBoundingClientRect();
    var fx = (event.clientX - box.left) / box.width, fy = (event.clientY - box.top) / box.height;
    if (fx < p.left || fx > p.right || fy < p.top || fy > p.bottom) return null;
    return { fx: fx, fy: fy,
      x: p.xlim[0] + (fx - p.left) / (p.right - p.left) * (p.xlim[1] - p.xlim[0]),
      y: p.ylim[1] - (fy - p.top) / (p.bottom - p.top) * (p.ylim[1] - p.ylim[0]) };
  };

  Demo.prototype.grab = function (event) {
    // Drag a point of the table (regression): pick the point nearest the finger, if close enough.
    var at = this.toData(event), points = this.points, p = this.plot;
    this.held = null;
    if (!at || !points) return;
    var best = null, bestDistance = 0.04;
    points.forEach(function (pt, i) {
      var fx = p.left + (pt[0] - p.xlim[0]) / (p.xlim[1] - p.xlim[0]) * (p.right - p.left);
      var fy = p.top + (p.ylim[1] - pt[1]) / (p.ylim[1] - p.ylim[0]) * (p.bottom - p.top);
      var d = Math.hypot(fx - at.fx, fy - at.fy);
      if (d < bestDistance) { best = i; bestDistance = d; }
    });
    this.held = best;
  };

  Demo.prototype.drop = function (event) {
    if (this.held === null || this.held === undefined) return;
    var at = this.toData(event), index = this.held;
    this.held = null;
    if (!at) return;
    this.dragged = true;
    this.movePoint(String(index), at.x, at.y);
  };

  Demo.prototype.place = function (event) {
    // Click on the chart to place a point (demos that report where their plot area is).
    var at = this.toData(event);
    if (!at || !this.pointParam) return;
    this.movePoint("new", at.x, at.y);
  };

  // which: "new" (the placed point) or the index of a table point.
  Demo.prototype.movePoint = function (which, x, y) {
    var lim = this.plot;
    x = Math.min(Math.max(x, lim.xlim[0]), lim.xlim[1]);
    y = Math.min(Math.max(y, lim.ylim[0]), lim.ylim[1]);
    if (which === "new") {
      this.params[this.pointParam] = { x: x, y: y };
    } else {
      var index = parseInt(which, 10);
      this.params.points = this.points.map(function (pt, i) {
        return i === index ? { x: x, y: y } : { x: pt[0], y: pt[1] };
      });
    }
    this.touched = true;
    if (this.mover) this.mover.show(which, x, y);
    clearTimeout(this.timer);
    this.attempt = 0;
    this.run();
  };

  // Keyboard twin of clicking and dragging: choose which point, then move it with two sliders.
  Demo.prototype.buildMover = function () {
    if (this.mover || !this.plot || (!this.pointParam && !this.points)) return;
    var self = this, L = this.labels, id = "demo-" + this.el.dataset.step + "-move";
    var box = document.createElement("fieldset");
    box.className = "demo-mover";
    var legend = document.createElement("legend");
    legend.textContent = L.mover.legend;
    box.appendChild(legend);
    var which = document.createElement("select");
    which.id = id + "-which";
    if (this.pointParam) which.appendChild(new Option(L.mover["new"], "new"));
    (this.points || []).forEach(function (pt, i) { which.appendChild(new Option(L.mover.point.replace("NUM", String(i + 1)), String(i))); });
    if (which.options.length > 1) box.appendChild(field(L.mover.which, which));
    var axes = ["x", "y"].map(function (axis) {
      var lim = self.plot[axis + "lim"], input = self.slider(lim[0], lim[1], niceStep(lim[0], lim[1]), (lim[0] + lim[1]) / 2);
      input.id = id + "-" + axis;
      var output = document.createElement("output");
      output.dir = "auto";
      box.appendChild(field(L.mover[axis], input, output));
      // Each arrow key is an "input" (and a "change"): move once the keys stop, like a drop.
      input.addEventListener("input", function () {
        self.showValue("point_" + axis, input, output);
        clearTimeout(self.timer);
        self.timer = setTimeout(function () { self.moveFromSliders(); }, DELAY);
      });
      return { input: input, output: output, axis: axis };
    });
    this.mover = {
      which: which, axes: axes,
      show: function (w, x, y) {
        which.value = w;
        axes[0].input.value = x; axes[1].input.value = y;
        axes.forEach(function (a) { self.showValue("point_" + a.axis, a.input, a.output); });
      }
    };
    which.addEventListener("change", function () {
      var w = which.value, pt = w === "new" ? self.params[self.pointParam] : self.points[parseInt(w, 10)];
      if (pt) self.mover.show(w, pt.x !== undefined ? pt.x : pt[0], pt.y !== undefined ? pt.y : pt[1]);
    });
    var start = which.value === "new" ? this.params[this.pointParam] : null;
    if (start) this.mover.show("new", start.x, start.y);
    else if (which.value !== "new") which.dispatchEvent(new Event("change"));
    else axes.forEach(function (a) { self.showValue("point_" + a.axis, a.input, a.output); });
    this.el.querySelector(".demo-controls").appendChild(box);
  };

  Demo.prototype.moveFromSliders = function () {
    var a = this.mover.axes;
    this.movePoint(this.mover.which.value, parseFloat(a[0].input.value), parseFloat(a[1].input.value));
  };

  // ---- running ----
  Demo.prototype.run = function () {
    var self = this;
    if (!this.ready) return;
    this.el.classList.add("busy");
    this.el.setAttribute("aria-busy", "true");
    fetch(this.el.dataset.url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": this.csrf },
      body: JSON.stringify({ params: this.params, width: this.width })
    }).then(function (r) { return r.json().then(function (body) { return { ok: r.ok, status: r.status, body: body }; }); })
      .then(function (answer) { self.answered(answer); })
      .catch(function () {
        // The network dropped (or the kit restarted): say so and try again a little later.
        self.status(self.statusEl.dataset.offline);
        self.again(3000);
      });
  };

  Demo.prototype.again = function (ms) {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.run(); }, ms);
  };

  Demo.prototype.answered = function (answer) {
    var state = answer.body && answer.body.state;
    if (answer.status === 503 && state === "starting") {
      // The kit is still waking the demos up: keep waiting, whatever the child did.
      this.status(answer.body.error);
      this.again(1000);
      return;
    }
    if (answer.status === 503 && state === "too_slow" && !this.touched) {
      // Busy with others, with the step's own settings: never ask the child to change them.
      this.status(this.statusEl.dataset.busy);
      this.again(Math.min(8000, 1500 * ++this.attempt));
      return;
    }
    this.el.classList.remove("busy");
    this.el.removeAttribute("aria-busy");
    if (!answer.ok) {
      this.status((answer.body.errors || []).map(function (e) { return e.message; }).join(" ") || answer.body.error);
      if (state === "unavailable") this.el.classList.add("unavailable");
      return;
    }
    this.attempt = 0;
    this.status("");
    this.plot = answer.body.result.plot || null;
    this.points = answer.body.result.points || null;
    this.show(answer.body);
    this.buildMover();
    this.record("demo_run", this.el.dataset.step, { params: answer.body.params });
  };

  // ---- the result: a picture with a name, and the same facts in words for everyone ----
  Demo.prototype.facts = function (result) {
    var labels = this.labels, facts = [];
    Object.keys(labels.metrics).forEach(function (key) {
      var v = result[key];
      if (v === undefined || v === null || typeof v === "object") return;
      facts.push({ label: labels.metrics[key], value: labels.shares.indexOf(key) >= 0 ? Math.round(v * 100) + "%" :
        (typeof v === "number" ? String(Math.round(v * 100) / 100) : String(v)) });
    });
    var q = result.query;
    if (q && typeof q === "object" && q.prediction !== undefined) {
      facts.push({ label: labels.summary.new_point, value: labels.summary.group.replace("NUM", String(q.prediction + 1)) });
    }
    if (Array.isArray(result.top3) && result.top3.length) {
      facts.push({ label: labels.summary.top_guess, value: result.top3[0].digit + " (" + Math.round(result.top3[0].probability * 100) + "%)" });
    }
    if (Array.isArray(result.next_words) && result.next_words.length) {
      facts.push({ label: labels.summary.next_word, value: result.next_words[0].word });
    }
    if (Array.isArray(result.accuracy) && Array.isArray(result.groups)) {
      result.accuracy.forEach(function (a, i) {
        facts.push({ label: labels.summary.group_accuracy.replace("NAME", result.groups[i]), value: Math.round(a * 100) + "%" });
      });
    }
    if (result.class_accuracy && typeof result.class_accuracy.after === "number") {
      facts.push({ label: labels.summary.class_before, value: Math.round(result.class_accuracy.before * 100) + "%" });
      facts.push({ label: labels.summary.class_after, value: Math.round(result.class_accuracy.after * 100) + "%" });
    }
    ["rule", "tree"].forEach(function (who) {
      if (result[who] && typeof result[who].accuracy === "number") {
        facts.push({ label: labels.summary[who], value: Math.round(result[who].accuracy * 100) + "%" });
      }
    });
    return facts;
  };

  Demo.prototype.show = function (body) {
    var figure = this.el.querySelector(".demo-figure");
    figure.innerHTML = body.svg; // made by the kit's own matplotlib code, never by a user
    var facts = this.facts(body.result);
    var comma = document.documentElement.lang === "ar" ? "، " : ", ";
    var sentence = facts.map(function (f) { return f.label + ": " + f.value; }).join(comma);
    var svg = figure.querySelector("svg");
    if (svg) {
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", (this.labels.summary.figure + " " + sentence).trim());
      svg.removeAttribute("width"); svg.removeAttribute("height"); // the CSS gives it the page's width
    }
    // Where points can be dragged, a finger on the chart moves a point instead of the page.
    figure.style.touchAction = body.result.points ? "none" : "";
    this.el.querySelector(".demo-summary").textContent = sentence;
    var results = this.el.querySelector(".demo-results");
    results.textContent = "";
    var list = document.createElement("dl");
    list.className = "demo-metrics";
    facts.forEach(function (f) {
      var dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = f.label; dd.textContent = f.value; dd.dir = "auto";
      list.appendChild(dt); list.appendChild(dd);
    });
    if (Array.isArray(body.result.generated)) {
      var p = document.createElement("p");
      p.className = "generated"; p.dir = "auto"; p.textContent = body.result.generated.join(" ");
      results.appendChild(p);
    }
    results.appendChild(list);
  };

  // ---- questions: a guess first, then what happened (answers go to the outbox) ----
  function questions(box, record) {
    box.querySelectorAll('form.demo-question[data-phase="prediction"]').forEach(function (form) { form.hidden = false; });
    box.querySelectorAll("form.demo-question").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var phase = form.dataset.phase, text = form.querySelector("textarea").value.trim();
        if (!text) { form.querySelector("textarea").focus(); return; }
        record("answer", box.dataset.step, { item: form.dataset.question, phase: phase, answer: text }).then(function () {
          var saved = form.querySelector(".demo-question-saved");
          saved.hidden = false;
          var next = phase === "prediction" && form.parentNode.querySelector('form[data-phase="result"]');
          if (next && next.hidden) { next.hidden = false; next.querySelector("textarea").focus(); }
        });
      });
    });
  }

  // Start a demo when its step is shown, not before (hidden steps neither run nor record).
  function whenShown(el, start) {
    var step = el.closest(".step") || el.parentNode;
    if (!step.hidden) { start(); return; }
    var watch = new MutationObserver(function () {
      if (!step.hidden) { watch.disconnect(); start(); }
    });
    watch.observe(step, { attributes: true, attributeFilter: ["hidden"] });
  }

  window.KitDemos = {
    init: function (data, csrf, record) {
      if (!data.demo_labels) return;
      document.querySelectorAll(".demo").forEach(function (el) {
        whenShown(el, function () { new Demo(el, data.demo_labels, csrf, record); });
      });
      document.querySelectorAll(".demo-questions[data-step]").forEach(function (box) { questions(box, record); });
    }
  };
})();
