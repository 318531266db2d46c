// okrsite wall screen: one slide at a time, moving on by itself. Without this script the page
// lists every slide one under another.
//
// Query string: ?interval=N seconds per slide (default 15, 1 to 3600); ?team=ID[,ID] only that
// team's slides; ?reload=M minutes between reloads (default 10, 0 never), done only at the end of a
// cycle and only after a HEAD request for this page answers, so that a screen never ends on an
// error page while the network is down; ?theme=light|dark (default dark).
// Keys: space, arrow right or page down: next; arrow left or page up: previous; p: pause.
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.add("wall-live"); // before the first paint: no flash of the list

  // The page's words in its language: <html data-i18n="{...}">, made by the build (okrsite/site/wall.py).
  var WORDS = {
    noTeam: "No slide for team %(list)s: showing every slide.",
    slide: "Slide %(n)s of %(total)s: %(title)s",
    play: "Play",
    pause: "Pause",
    playing: "Playing",
    paused: "Paused",
  };
  try {
    var given = JSON.parse(root.getAttribute("data-i18n") || "{}");
    Object.keys(given).forEach(function (key) { WORDS[key] = given[key]; });
  } catch (e) { /* keep the English words */ }

  // A message with its %(name)s placeholders filled in.
  function msg(key, values) {
    return WORDS[key].replace(/%\((\w+)\)s/g, function (all, name) {
      return values && name in values ? String(values[name]) : all;
    }).replace(/%%/g, "%");
  }

  function param(name) {
    return new URLSearchParams(window.location.search).get(name);
  }

  function number(name, fallback, low, high) {
    var raw = param(name);
    var value = raw === null || raw.trim() === "" ? NaN : Number(raw);
    if (!isFinite(value)) return fallback;
    return Math.min(high, Math.max(low, value));
  }

  var settings = {
    interval: number("interval", 15, 1, 3600),
    reload: number("reload", 10, 0, 1440),
    teams: (param("team") || "").split(",").map(function (t) { return t.trim(); }).filter(Boolean),
  };
  if (param("theme") === "light") root.classList.add("wall-light");

  var loadedAt = Date.now();
  var slides = [];
  var current = 0;
  var paused = false;
  var timer = null;
  var checking = false;

  function byId(id) { return document.getElementById(id); }

  function chooseSlides(all) {
    if (!settings.teams.length) return all;
    var chosen = all.filter(function (s) {
      var teams = (s.getAttribute("data-team") || "").split(" ");
      return settings.teams.some(function (t) { return teams.indexOf(t) >= 0; });
    });
    if (chosen.length) return chosen;
    var note = byId("wall-note");
    note.textContent = msg("noTeam", { list: settings.teams.join(", ") });
    note.hidden = false;
    return all;
  }

  function show(index, announce) {
    current = (index + slides.length) % slides.length;
    var all = document.querySelectorAll(".slide");
    for (var i = 0; i < all.length; i++) all[i].hidden = all[i] !== slides[current];
    document.querySelectorAll(".wall-nav a").forEach(function (a) {
      var on = a.getAttribute("href") === "#" + slides[current].id;
      if (on) a.setAttribute("aria-current", "step");
      else a.removeAttribute("aria-current");
      a.parentNode.hidden = slides.indexOf(byId(a.getAttribute("href").slice(1))) < 0;
    });
    document.querySelector(".wall-count").textContent = current + 1 + " / " + slides.length;
    if (announce) say(msg("slide", { n: current + 1, total: slides.length, title: title(slides[current]) }));
    restartTimer();
  }

  function title(slide) {
    return slide.querySelector(".slide-title").textContent.replace(/\s+/g, " ").trim();
  }

  // The live region speaks only when a person acts (a key, a button), never on each automatic
  // move: a screen reader would otherwise interrupt every few seconds.
  function say(text) {
    byId("wall-status").textContent = text;
  }

  function restartTimer() {
    window.clearTimeout(timer);
    var bar = document.querySelector(".wall-timer-bar");
    bar.classList.remove("run");
    if (paused || slides.length < 2 && settings.reload === 0) return;
    void bar.offsetWidth; // restart the CSS animation
    bar.style.animationDuration = settings.interval + "s";
    bar.classList.add("run");
    timer = window.setTimeout(advance, settings.interval * 1000);
  }

  function advance() {
    var wraps = current === slides.length - 1;
    if (wraps) maybeReload();
    show(current + 1, false);
  }

  function maybeReload() {
    if (!settings.reload || checking || Date.now() - loadedAt < settings.reload * 60000) return;
    if (!window.fetch) return;
    checking = true;
    window.fetch(window.location.href, { method: "HEAD", cache: "no-store" })
      .then(function (response) {
        if (response.ok) window.location.reload();
      })
      .catch(function () { /* offline: keep showing what we have and try after the next cycle */ })
      .then(function () { checking = false; });
  }

  function setPaused(on) {
    paused = on;
    root.classList.toggle("wall-paused", on);
    var button = document.querySelector('[data-wall="pause"]');
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = msg(on ? "play" : "pause");
    say(msg(on ? "paused" : "playing"));
    restartTimer();
  }

  function onKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var onControl = e.target.closest && e.target.closest("button, a, summary");
    if (e.key === " " && onControl) return; // the control's own click
    if (e.key === " " || e.key === "ArrowRight" || e.key === "PageDown") show(current + 1, true);
    else if (e.key === "ArrowLeft" || e.key === "PageUp") show(current - 1, true);
    else if (e.key === "p" || e.key === "P") setPaused(!paused);
    else return;
    e.preventDefault();
  }

  function start() {
    slides = chooseSlides(Array.prototype.slice.call(document.querySelectorAll(".slide")));
    if (!slides.length) return;
    document.querySelector(".wall-controls").hidden = false;
    document.querySelector('[data-wall="prev"]').addEventListener("click", function () { show(current - 1, true); });
    document.querySelector('[data-wall="next"]').addEventListener("click", function () { show(current + 1, true); });
    document.querySelector('[data-wall="pause"]').addEventListener("click", function () { setPaused(!paused); });
    document.querySelectorAll(".wall-nav a").forEach(function (a) {
      a.addEventListener("click", function (e) {
        var target = slides.indexOf(byId(a.getAttribute("href").slice(1)));
        if (target < 0) return;
        e.preventDefault();
        show(target, true);
      });
    });
    document.addEventListener("keydown", onKey);
    var fromHash = slides.indexOf(byId(window.location.hash.slice(1)));
    show(fromHash < 0 ? 0 : fromHash, false);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
