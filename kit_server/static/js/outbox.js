/* The outbox: every student action is written here first (IndexedDB, or localStorage where
   IndexedDB is missing), and leaves only when the kit has acknowledged it. A dropped Wi-Fi, a
   closed tab or a flat battery loses nothing; the next page load, the `online` event or the next
   retry (with backoff) sends it. Plain HTTP on a LAN has no crypto.randomUUID, so UUIDs are built
   from crypto.getRandomValues. */
(function () {
  "use strict";
  var DB_NAME = "kit-outbox", STORE = "events", BATCH = 50, MAX_WAIT = 60000;

  function uuid4() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; // version 4
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function nextSeq() {
    // A per-device counter: the server orders a student's events by it, whatever the clock says.
    var n = parseInt(localStorage.getItem("kit-seq") || "0", 10) + 1;
    localStorage.setItem("kit-seq", String(n));
    return n;
  }

  // ---- storage: IndexedDB with a localStorage fallback, same three operations ----
  function idbStore() {
    var opening = new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = function () { req.result.createObjectStore(STORE, { keyPath: "id" }); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
    function run(mode, work) {
      return opening.then(function (db) {
        return new Promise(function (resolve, reject) {
          var tx = db.transaction(STORE, mode), result;
          work(tx.objectStore(STORE), function (r) { result = r; });
          tx.oncomplete = function () { resolve(result); };
          tx.onerror = tx.onabort = function () { reject(tx.error); };
        });
      });
    }
    return {
      put: function (e) { return run("readwrite", function (s) { s.put(e); }); },
      all: function () {
        return run("readonly", function (s, done) { var r = s.getAll(); r.onsuccess = function () { done(r.result); }; });
      },
      remove: function (ids) { return run("readwrite", function (s) { ids.forEach(function (id) { s.delete(id); }); }); }
    };
  }

  function localStore() {
    var KEY = "kit-outbox";
    function read() { try { return JSON.parse(localStorage.getItem(KEY) || "{}"); } catch (e) { return {}; } }
    function write(m) { localStorage.setItem(KEY, JSON.stringify(m)); }
    return {
      put: function (e) { var m = read(); m[e.id] = e; write(m); return Promise.resolve(); },
      all: function () { var m = read(); return Promise.resolve(Object.keys(m).map(function (k) { return m[k]; })); },
      remove: function (ids) { var m = read(); ids.forEach(function (id) { delete m[id]; }); write(m); return Promise.resolve(); }
    };
  }

  function Outbox(options) {
    this.student = options.student;
    this.url = options.url;
    // One store, several channels (lesson events, module tests): each outbox sends only its own.
    this.channel = options.channel || "events";
    this.csrf = options.csrf;
    this.onStatus = options.onStatus || function () {};
    this.store = window.indexedDB ? idbStore() : localStore();
    this.wait = 1000;
    this.timer = null;
    this.sending = null;
    var self = this;
    window.addEventListener("online", function () { self.wait = 1000; self.flush(); });
    this.flush();
  }

  Outbox.prototype.add = function (fields) {
    var event = Object.assign({ id: uuid4(), student: this.student, seq: nextSeq(), time: new Date().toISOString() }, fields);
    if (this.channel !== "events") event.channel = this.channel;
    var self = this;
    // Fall back to localStorage if IndexedDB fails (private windows on some browsers).
    return this.store.put(event).catch(function () { self.store = localStore(); return self.store.put(event); })
      .then(function () { self.flush(); return event; });
  };

  Outbox.prototype.pending = function () {
    var me = this.student, channel = this.channel;
    // Events of another student who used this browser wait for that student to sign in again.
    return this.store.all().then(function (all) {
      return all.filter(function (e) { return e.student === me && (e.channel || "events") === channel; })
        .sort(function (a, b) { return a.seq - b.seq; });
    });
  };

  Outbox.prototype.flush = function () {
    if (this.sending) { this.again = true; return this.sending; }
    var self = this;
    this.sending = this.pending().then(function (events) {
      if (!events.length) { self.onStatus("saved", 0); return; }
      self.onStatus("waiting", events.length);
      return self.send(events.slice(0, BATCH)).then(function () {
        self.wait = 1000;
        self.again = true; // look again: more may be waiting, or the outbox is now empty ("saved")
      });
    }).catch(function (error) {
      self.onStatus(error && error.status === 401 ? "signin" : "waiting");
      self.retryLater();
    }).then(function () {
      self.sending = null;
      if (self.again) { self.again = false; return self.flush(); }
    });
    return this.sending;
  };

  Outbox.prototype.send = function (events) {
    var self = this;
    return fetch(this.url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": this.csrf },
      body: JSON.stringify({ events: events })
    }).then(function (response) {
      if (!response.ok) { var err = new Error("HTTP " + response.status); err.status = response.status; throw err; }
      return response.json();
    }).then(function (answer) {
      // Stored, duplicate and rejected events are all finished with; only a failed send stays.
      var done = answer.stored.concat(answer.duplicates, answer.rejected.map(function (r) { return r.id; }));
      return self.store.remove(done);
    });
  };

  Outbox.prototype.retryLater = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.flush(); }, this.wait);
    this.wait = Math.min(this.wait * 2, MAX_WAIT);
  };

  window.KitOutbox = Outbox;
})();
