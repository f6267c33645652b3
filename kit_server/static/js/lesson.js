/* The lesson page: steps move without a page load (so a dropped Wi-Fi does not stop a student),
   quizzes give instant feedback, and every action goes to the outbox. Without JavaScript the
   same page still reads: each Next/Back is a real link. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("lesson-data").textContent);
  var steps = Array.prototype.slice.call(document.querySelectorAll(".step"));
  var lessonEl = document.getElementById("lesson");
  var current = parseInt(lessonEl.dataset.current, 10);
  var statusEl = document.getElementById("save-status");
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var outbox = data.student === null ? null : new window.KitOutbox({
    student: data.student, url: data.events_url, csrf: csrf, onStatus: showStatus
  });

  document.querySelectorAll("[data-needs-js]").forEach(function (el) { el.hidden = false; });

  function showStatus(state, pending) {
    statusEl.hidden = false;
    statusEl.dataset.state = state;
    if (typeof pending === "number") statusEl.dataset.pending = String(pending);
    statusEl.textContent = (statusEl.dataset[state] || "") + (pending ? " (" + pending + ")" : "");
  }

  function record(kind, stepId, extra) {
    if (!outbox) return Promise.resolve();
    return outbox.add({ kind: kind, lesson: data.lesson, version: data.version, step: stepId, data: extra || {} });
  }

  // ---- steps ----
  function show(index, push) {
    if (index < 0 || index >= steps.length) return;
    steps[current].hidden = true;
    current = index;
    steps[current].hidden = false;
    document.getElementById("step-progress").value = current + 1;
    var count = document.getElementById("step-count");
    count.textContent = count.dataset.template.replace("NUM", String(current + 1));
    var id = steps[current].dataset.step;
    if (push) history.pushState({ step: current }, "", data.step_url.replace("STEP", encodeURIComponent(id)));
    var heading = steps[current].querySelector("h2");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
    record("step_viewed", id);
  }

  document.addEventListener("click", function (event) {
    var go = event.target.closest("[data-go]");
    if (go) { event.preventDefault(); show(parseInt(go.dataset.go, 10), true); return; }
    var finish = event.target.closest("[data-finish]");
    if (finish) { event.preventDefault(); finishLesson(finish.href); return; }
    if (event.target.closest("[data-print]")) { window.print(); }
  });
  window.addEventListener("popstate", function (event) {
    if (event.state && typeof event.state.step === "number") show(event.state.step, false);
  });
  history.replaceState({ step: current }, "", location.href);

  function finishLesson(href) {
    record("lesson_completed", null).then(function () {
      if (navigator.onLine) { location.href = href; } else { showStatus("waiting"); }
    });
  }

  // ---- quizzes: graded here for instant feedback, graded again by the kit ----
  var DIGITS = "٠١٢٣٤٥٦٧٨٩";
  function toNumber(text) {
    var western = text.replace(/[٠-٩]/g, function (d) { return String(DIGITS.indexOf(d)); })
      .replace(/٫/g, ".").replace(",", ".").trim();
    return western === "" ? NaN : Number(western);
  }

  function answerOf(form, type) {
    if (type === "single") { var c = form.querySelector("input:checked"); return c ? c.value : null; }
    if (type === "multiple") return Array.prototype.map.call(form.querySelectorAll("input:checked"), function (i) { return i.value; });
    if (type === "numeric") { var n = toNumber(form.querySelector("input").value); return isNaN(n) ? null : n; }
    return Array.prototype.map.call(form.querySelectorAll("li[data-option]"), function (li) { return li.dataset.option; });
  }

  function grade(key, answer) {
    if (key.type === "single") return answer === key.answer;
    if (key.type === "multiple") return answer.slice().sort().join("|") === key.answer.slice().sort().join("|");
    if (key.type === "numeric") return Math.abs(answer - key.answer) <= key.tolerance + 1e-9;
    return answer.join("|") === key.answer.join("|");
  }

  function feedbackHtml(key, answer, right) {
    var parts = [];
    if (!right) {
      if (key.type === "single" && key.feedback[answer]) parts.push(key.feedback[answer]);
      else if (key.type === "multiple") {
        Object.keys(key.feedback).forEach(function (id) {
          var chosen = answer.indexOf(id) >= 0, needed = key.answer.indexOf(id) >= 0;
          if (chosen !== needed && key.feedback[id]) parts.push(key.feedback[id]);
        });
      } else if (key.wrong) parts.push(key.wrong);
    } else if (key.explanation) parts.push(key.explanation);
    return parts.join("");
  }

  document.querySelectorAll(".quiz-item").forEach(function (form) {
    var key = data.quiz[form.dataset.key];
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var answer = answerOf(form, key.type);
      if (answer === null || (Array.isArray(answer) && key.type === "multiple" && !answer.length)) return;
      var right = grade(key, answer);
      var box = form.querySelector(".feedback");
      box.hidden = false;
      box.className = "feedback " + (right ? "right" : "wrong");
      box.querySelector(".verdict").textContent = right ? lessonEl.dataset.right : lessonEl.dataset.wrong;
      box.querySelector(".feedback-text").innerHTML = feedbackHtml(key, answer, right);
      var item = form.dataset.key.split("/")[1];
      record("answer", form.dataset.key.split("/")[0], { item: item, answer: answer });
    });
    form.addEventListener("click", function (event) {
      var move = event.target.closest("[data-move]");
      if (!move) return;
      var li = move.closest("li"), list = li.parentNode;
      if (move.dataset.move === "-1" && li.previousElementSibling) list.insertBefore(li, li.previousElementSibling);
      if (move.dataset.move === "1" && li.nextElementSibling) list.insertBefore(li.nextElementSibling, li);
      move.focus();
    });
  });

  // ---- reflections ----
  document.querySelectorAll("form.reflection").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = form.querySelector("textarea").value.trim();
      if (!text) return;
      record("reflection", form.dataset.step, { text: text }).then(function () {
        form.querySelector(".reflection-saved").hidden = false;
      });
    });
  });

  // ---- live sessions: in "follow me" the teacher's step is everyone's step ----
  var banner = document.getElementById("live-banner");
  function applyLive(state) {
    var here = state.live && state.lesson === data.lesson;
    lessonEl.classList.toggle("following", !!(here && state.mode === "follow"));
    if (banner) {
      banner.hidden = !state.live;
      var link = banner.querySelector("a");
      if (link) link.hidden = here;
      if (state.url && link) link.href = state.url;
    }
    if (!here) return;
    var index = data.steps.indexOf(state.step);
    if (state.mode === "follow" && index >= 0 && index !== current) show(index, true);
    steps[current].classList.toggle("revealed", !!state.revealed);
    if (state.revealed) revealAnswers(steps[current]);
  }
  function revealAnswers(step) {
    step.querySelectorAll(".quiz-item").forEach(function (form) {
      var key = data.quiz[form.dataset.key];
      var box = form.querySelector(".feedback");
      if (!box.hidden) return;
      box.hidden = false;
      box.className = "feedback right";
      box.querySelector(".verdict").textContent = lessonEl.dataset.revealed;
      box.querySelector(".feedback-text").innerHTML = key.explanation;
    });
  }
  function pollLive() {
    fetch(data.live_url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) { if (state) applyLive(state); })
      .catch(function () {})
      .then(function () { setTimeout(pollLive, 2000); });
  }
  if (data.live_url) pollLive();

  if (window.KitDemos) window.KitDemos.init(data, csrf, record);
  record("step_viewed", steps[current].dataset.step);
})();
