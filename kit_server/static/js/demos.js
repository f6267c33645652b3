/* Live demos: controls drawn from each demo's parameter schema (bounds come from the server),
   a run within half a second of a change, the figure as SVG, and the numbers in words around it. */
(function () {
  "use strict";
  var DELAY = 250;

  function resolve(schema, prop) {
    if (prop.$ref) return schema.$defs[prop.$ref.split("/").pop()];
    if (prop.anyOf) return prop.anyOf.filter(function (p) { return p.type !== "null"; }).map(function (p) { return resolve(schema, p); })[0];
    return prop;
  }

  function field(labelText, input) {
    var wrap = document.createElement("div");
    wrap.className = "field demo-field";
    var label = document.createElement("label");
    label.textContent = labelText;
    label.htmlFor = input.id;
    wrap.appendChild(label);
    wrap.appendChild(input);
    return wrap;
  }

  function Demo(el, labels, csrf, record) {
    this.el = el; this.labels = labels; this.csrf = csrf; this.record = record;
    this.params = JSON.parse(el.dataset.params || "{}");
    this.timer = null; this.plot = null;
    var self = this;
    fetch(el.dataset.url + "/schema", { credentials: "same-origin" }).then(function (r) { return r.json(); })
      .then(function (schema) { self.build(schema); self.run(); })
      .catch(function () { self.status(el.querySelector(".demo-status").dataset.offline); });
  }

  Demo.prototype.status = function (text) { this.el.querySelector(".demo-status").textContent = text || ""; };

  Demo.prototype.build = function (schema) {
    var form = this.el.querySelector(".demo-controls"), self = this;
    Object.keys(schema.properties).forEach(function (name) {
      var prop = resolve(schema, schema.properties[name]);
      var input = self.control(name, prop, schema.properties[name]);
      if (!input) return;
      input.id = "demo-" + self.el.dataset.step + "-" + name;
      input.name = name;
      input.addEventListener("input", function () { self.changed(name, input, prop); });
      input.addEventListener("change", function () { self.changed(name, input, prop); });
      var label = self.labels.params[self.el.dataset.demo + "." + name] || self.labels.params[name];
      if (label) form.appendChild(field(label, input));
    });
    if (schema.properties.pixels) form.appendChild(this.canvas());
    // Clicking the chart places a point: the query point (neighbours) or an outlier (regression).
    var self2 = this;
    this.pointParam = ["query", "outlier"].filter(function (name) {
      var prop = schema.properties[name] && resolve(schema, schema.properties[name]);
      return prop && prop.type === "object" && prop.properties && prop.properties.x;
    })[0] || null;
    var lang = document.documentElement.lang;
    var language = schema.properties.language && resolve(schema, schema.properties.language);
    if (language && language.enum && language.enum.indexOf(lang) >= 0 && !("language" in self2.params)) {
      this.params.language = lang; // the example text in the page's language
      var select = form.querySelector('[name="language"]');
      if (select) select.value = lang;
    }
    var figure = this.el.querySelector(".demo-figure");
    figure.addEventListener("click", function (e) { if (!self.dragged) self.place(e); self.dragged = false; });
    figure.addEventListener("pointerdown", function (e) { self.grab(e); });
    figure.addEventListener("pointerup", function (e) { self.drop(e); });
  };

  Demo.prototype.control = function (name, prop, raw) {
    var value = name in this.params ? this.params[name] : raw["default"];
    var input;
    if (prop.enum) {
      input = document.createElement("select");
      var self = this;
      prop.enum.forEach(function (v) {
        var o = document.createElement("option");
        o.value = v; o.textContent = self.labels.choices[v] || v; o.selected = v === value;
        input.appendChild(o);
      });
    } else if (prop.type === "integer" || prop.type === "number") {
      if (name === "seed" || prop.maximum === undefined) return null;
      input = document.createElement("input");
      input.type = "range"; input.min = prop.minimum; input.max = prop.maximum;
      input.step = prop.type === "integer" ? 1 : (prop.maximum - prop.minimum) / 100;
      input.value = value === undefined || value === null ? prop.minimum : value;
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
    return input || null;
  };

  Demo.prototype.changed = function (name, input, prop) {
    var v = input.type === "checkbox" ? input.checked : input.value;
    if (input.tagName === "TEXTAREA" && !v.trim()) { delete this.params[name]; v = undefined; }
    if (prop.type === "integer") v = parseInt(v, 10);
    else if (prop.type === "number") v = parseFloat(v);
    if (v !== undefined) this.params[name] = v;
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.run(); }, DELAY);
  };

  Demo.prototype.canvas = function () {
    // An 8×8 grid of big cells: tap (or Enter) to paint; works by touch, mouse and keyboard.
    var grid = document.createElement("div"), self = this;
    grid.className = "pixel-grid";
    // Until something is drawn the demo shows one of its own test digits.
    var drawing = this.params.pixels || new Array(64).fill(0);
    for (var i = 0; i < 64; i++) {
      var cell = document.createElement("button");
      cell.type = "button"; cell.dataset.index = i;
      cell.setAttribute("aria-pressed", drawing[i] > 0 ? "true" : "false");
      cell.setAttribute("aria-label", String(Math.floor(i / 8) + 1) + "," + String(i % 8 + 1));
      grid.appendChild(cell);
    }
    grid.addEventListener("click", function (e) {
      var cell = e.target.closest("button");
      if (!cell) return;
      var i = parseInt(cell.dataset.index, 10);
      drawing[i] = drawing[i] > 0 ? 0 : 16;
      cell.setAttribute("aria-pressed", drawing[i] > 0 ? "true" : "false");
      if (drawing.some(function (v) { return v > 0; })) self.params.pixels = drawing.slice();
      else delete self.params.pixels;
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.run(); }, DELAY);
    });
    return grid;
  };

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
    this.params.points = this.points.map(function (pt, i) {
      return i === index ? { x: at.x, y: at.y } : { x: pt[0], y: pt[1] };
    });
    this.run();
  };

  Demo.prototype.place = function (event) {
    // Click on the chart to place a point (demos that report where their plot area is).
    var svg = this.el.querySelector(".demo-figure svg");
    if (!svg || !this.plot || !this.pointParam) return;
    var box = svg.getBoundingClientRect(), p = this.plot;
    var fx = (event.clientX - box.left) / box.width, fy = (event.clientY - box.top) / box.height;
    if (fx < p.left || fx > p.right || fy < p.top || fy > p.bottom) return;
    this.params[this.pointParam] = {
      x: p.xlim[0] + (fx - p.left) / (p.right - p.left) * (p.xlim[1] - p.xlim[0]),
      y: p.ylim[1] - (fy - p.top) / (p.bottom - p.top) * (p.ylim[1] - p.ylim[0])
    };
    this.run();
  };

  Demo.prototype.run = function (attempt) {
    var self = this;
    attempt = attempt || 0;
    this.el.classList.add("busy");
    fetch(this.el.dataset.url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": this.csrf },
      body: JSON.stringify({ params: this.params })
    }).then(function (r) { return r.json().then(function (body) { return { ok: r.ok, status: r.status, body: body }; }); })
      .then(function (answer) {
        if (answer.status === 503 && attempt < 4) {
          // The kit is still waking the demos up (the first run of the day loads the models): retry.
          self.status(answer.body.error);
          setTimeout(function () { self.run(attempt + 1); }, 1500 * (attempt + 1));
          return;
        }
        self.el.classList.remove("busy");
        if (!answer.ok) {
          self.status((answer.body.errors || []).map(function (e) { return e.message; }).join(" ") || answer.body.error);
          return;
        }
        self.status("");
        self.plot = answer.body.result.plot || null;
        self.points = answer.body.result.points || null;
        self.show(answer.body);
        self.record("demo_run", self.el.dataset.step, { params: answer.body.params });
      })
      .catch(function () {
        self.el.classList.remove("busy");
        self.status(self.el.querySelector(".demo-status").dataset.offline);
      });
  };

  Demo.prototype.show = function (body) {
    var figure = this.el.querySelector(".demo-figure"), labels = this.labels;
    figure.innerHTML = body.svg; // made by the kit's own matplotlib code, never by a user
    // Where points can be dragged, a finger on the chart moves a point instead of the page.
    figure.style.touchAction = body.result.points ? "none" : "";
    var list = document.createElement("dl");
    list.className = "demo-metrics";
    Object.keys(labels.metrics).forEach(function (key) {
      var v = body.result[key];
      if (v === undefined || v === null || typeof v === "object") return;
      var dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = labels.metrics[key];
      dd.textContent = labels.shares.indexOf(key) >= 0 ? Math.round(v * 100) + "%" :
        (typeof v === "number" ? String(Math.round(v * 100) / 100) : String(v));
      dd.dir = "auto";
      list.appendChild(dt); list.appendChild(dd);
    });
    if (Array.isArray(body.result.generated)) {
      var p = document.createElement("p");
      p.className = "generated"; p.dir = "auto"; p.textContent = body.result.generated.join(" ");
      figure.appendChild(p);
    }
    figure.appendChild(list);
  };

  window.KitDemos = {
    init: function (data, csrf, record) {
      if (!data.demo_labels) return;
      document.querySelectorAll(".demo").forEach(function (el) { new Demo(el, data.demo_labels, csrf, record); });
    }
  };
})();
