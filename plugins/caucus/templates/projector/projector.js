/* The projector view (core/projector.py, projector/page.html.j2): one part of the session
   at a time, a countdown for each part, keyboard, swipe and buttons, and the remaining
   agenda recomputed from the time the session really started. It asks for nothing over
   the network and stores nothing: everything lives in this page until it is closed.
   Without it the page is a plain list of every part, in order. */
(() => {
  "use strict";
  const root = document.documentElement;
  const deck = document.querySelector("[data-projector]");
  const slides = deck ? [...deck.querySelectorAll("[data-slide]")] : [];
  if (!slides.length) return;
  const one = (selector) => deck.querySelector(selector);
  const button = (action) => one(`[data-action="${action}"]`);
  root.classList.add("js");
  for (const element of deck.querySelectorAll("[data-js]")) element.hidden = false;

  const rtl = getComputedStyle(root).direction === "rtl";
  const stage = one("[data-stage]");
  const time = one("[data-time]");
  const state = one("[data-timer-state]");
  const toggle = one("[data-toggle-label]");
  const count = one("[data-count]");
  const agenda = one("[data-late]");
  const heading = agenda.querySelector("h2");
  const planned = one("[data-planned]");
  const real = one("[data-real]");
  const summary = one("[data-summary]");
  const entries = [...agenda.querySelectorAll("li[data-start]")];
  const agendaEnd = entries.reduce((end, li) => Math.max(end, +li.dataset.start + +li.dataset.minutes), 0);
  heading.textContent = agenda.dataset.title;
  agenda.hidden = true;

  // Each part's countdown: its length, the time it ran before its last pause, and since
  // when it runs (null: paused). Date.now() rather than counting ticks, so that a tab
  // the browser slowed down still shows the right time.
  const timers = slides.map((slide) => ({ total: (parseInt(slide.dataset.minutes, 10) || 0) * 60000, used: 0, since: null }));
  let current = 0;
  let ticking = null;
  let startedAt = null; // minutes after midnight when the session seems to have started

  const left = (timer) => timer.total - timer.used - (timer.since === null ? 0 : Date.now() - timer.since);
  const two = (n) => String(n).padStart(2, "0");
  const countdown = (ms) => {
    const seconds = ms > 0 ? Math.ceil(ms / 1000) : Math.floor(-ms / 1000);
    const text = `${Math.floor(seconds / 60)}:${two(seconds % 60)}`;
    return ms < 0 && seconds > 0 ? `+${text}` : text;
  };
  const ofDay = (minutes) => ((Math.round(minutes) % 1440) + 1440) % 1440;
  const clock = (minutes) => `${two(Math.floor(ofDay(minutes) / 60))}:${two(ofDay(minutes) % 60)}`;
  const minutesNow = () => {
    const now = new Date(Date.now());
    return now.getHours() * 60 + now.getMinutes();
  };
  const read = (input) => {
    const match = /^(\d{1,2}):(\d{2})/.exec(input.value);
    return match ? +match[1] * 60 + +match[2] : null;
  };
  const startOf = (slide) => (slide.dataset.start === "" ? null : +slide.dataset.start);

  function render() {
    const timer = timers[current];
    const ms = left(timer);
    const over = timer.total > 0 && ms <= 0;
    time.textContent = countdown(ms);
    deck.toggleAttribute("data-over", over);
    deck.toggleAttribute("data-running", timer.since !== null);
    state.textContent = over ? state.dataset.over : "";
    toggle.textContent = timer.since === null ? toggle.dataset.start : toggle.dataset.pause;
  }

  function keepTicking() {
    const running = timers.some((timer) => timer.since !== null);
    if (running && ticking === null) ticking = setInterval(render, 250);
    if (!running && ticking !== null) {
      clearInterval(ticking);
      ticking = null;
    }
  }

  function startOrPause() {
    const timer = timers[current];
    if (timer.since === null) {
      timer.since = Date.now();
      if (startedAt === null) startedAt = minutesNow() - (startOf(slides[current]) || 0);
    } else {
      timer.used += Date.now() - timer.since;
      timer.since = null;
    }
    keepTicking();
    render();
  }

  function reset() {
    timers[current].used = 0;
    timers[current].since = null;
    keepTicking();
    render();
  }

  // The part's text as large as the screen allows: shrink it until it fits, down to 40 %.
  function fit(slide) {
    slide.style.setProperty("--fit", "1");
    const fits = () => slide.scrollHeight <= slide.clientHeight + 1;
    if (fits()) return;
    let low = 0.4;
    let high = 1;
    for (let step = 0; step < 7; step++) {
      const middle = (low + high) / 2;
      slide.style.setProperty("--fit", String(middle));
      if (fits()) low = middle;
      else high = middle;
    }
    slide.style.setProperty("--fit", String(low));
  }

  function show(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach((slide, n) => {
      slide.hidden = n !== current;
    });
    count.textContent = count.dataset.text.replace("{number}", current + 1).replace("{count}", slides.length);
    button("previous").disabled = current === 0;
    button("next").disabled = current === slides.length - 1;
    try {
      history.replaceState(null, "", `#${slides[current].id}`);
    } catch (error) {
      // a page opened from a folder may refuse it; the part shown is all that matters
    }
    fit(slides[current]);
    render();
    if (!agenda.hidden) recompute();
  }

  // The agenda from the current part on, at the clock times the real start gives.
  function recompute() {
    const from = startOf(slides[current]) || 0;
    const start = read(real);
    for (const entry of entries) {
      const offset = +entry.dataset.start;
      entry.hidden = offset + +entry.dataset.minutes <= from;
      entry.querySelector("[data-clock]").textContent = start === null ? clock(offset).replace(/^0/, "") : clock(start + offset);
    }
    if (start === null) {
      summary.textContent = "";
      return;
    }
    let text = summary.dataset.ends.replace("{end}", clock(start + agendaEnd));
    const plan = read(planned);
    const late = plan === null ? 0 : ofDay(start - plan);
    if (late > 0 && late < 720) {
      text += ` ${summary.dataset.later.replace("{minutes}", late).replace("{planned}", clock(plan + agendaEnd))}`;
    }
    summary.textContent = text;
  }

  function openAgenda() {
    if (!real.value) real.value = clock(startedAt === null ? minutesNow() : startedAt);
    agenda.hidden = false;
    button("late").setAttribute("aria-expanded", "true");
    recompute();
    real.focus();
  }

  function closeAgenda() {
    if (agenda.hidden) return;
    agenda.hidden = true;
    button("late").setAttribute("aria-expanded", "false");
    button("late").focus();
  }

  const actions = {
    toggle: startOrPause,
    reset,
    previous: () => show(current - 1),
    next: () => show(current + 1),
    late: () => (agenda.hidden ? openAgenda() : closeAgenda()),
    close: closeAgenda,
    fullscreen: () => (document.fullscreenElement ? document.exitFullscreen() : root.requestFullscreen()),
  };
  deck.addEventListener("click", (event) => {
    const target = event.target.closest("[data-action]");
    if (!target || !actions[target.dataset.action]) return;
    actions[target.dataset.action]();
    // A tap or a click leaves no focus on the button, so that Space then starts or
    // pauses the timer rather than pressing that button again.
    if (event.detail > 0 && document.activeElement === target) target.blur();
  });
  if (!root.requestFullscreen) button("fullscreen").hidden = true;
  for (const input of [planned, real]) input.addEventListener("input", recompute);

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const tag = event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") {
      if (event.key === "Escape") closeAgenda();
      return;
    }
    const forward = rtl ? "ArrowLeft" : "ArrowRight";
    const back = rtl ? "ArrowRight" : "ArrowLeft";
    if (event.key === forward || event.key === "ArrowDown" || event.key === "PageDown") show(current + 1);
    else if (event.key === back || event.key === "ArrowUp" || event.key === "PageUp") show(current - 1);
    else if (event.key === "Home") show(0);
    else if (event.key === "End") show(slides.length - 1);
    else if (event.key === " " && tag !== "BUTTON" && tag !== "A") startOrPause();
    else if (event.key === "Escape") closeAgenda();
    else if (event.code === "KeyR") reset();
    else return;
    event.preventDefault();
  });

  // A swipe across the part: towards the start of the line goes on (leftwards in a
  // left-to-right language, rightwards in Arabic), the other way goes back.
  let down = null;
  stage.addEventListener("pointerdown", (event) => {
    if (event.isPrimary) down = { x: event.clientX, y: event.clientY };
  });
  stage.addEventListener("pointercancel", () => {
    down = null;
  });
  stage.addEventListener("pointerup", (event) => {
    if (down === null) return;
    const dx = event.clientX - down.x;
    const dy = event.clientY - down.y;
    down = null;
    if (Math.abs(dx) > 50 && Math.abs(dx) > 1.5 * Math.abs(dy)) show(current + ((dx < 0) !== rtl ? 1 : -1));
  });
  addEventListener("resize", () => fit(slides[current]));

  const wanted = slides.findIndex((slide) => `#${slide.id}` === location.hash);
  show(wanted < 0 ? 0 : wanted);
})();
