// okrsite search: objectives, key results, KPIs, teams and people found as you type, from the index
// the build writes in search/ (docs/search.md). Each file of the index is a script that calls
// okrsiteSearch(kind, number, data), so it loads from a server under any path and from disk alike.
// Without this script the search form opens search/index.html, which lists everything.
(function () {
  "use strict";

  // The words shown, in English until search/meta.js brings the site's own (its "i18n": the site's
  // language and terms, okrsite/site/search.py SCRIPT_MESSAGES); %(name)s is filled in by msg().
  var WORDS = {
    "group.o": "Objectives", "group.r": "Key results", "group.k": "KPIs", "group.t": "Teams", "group.p": "People",
    "one.o": "objective", "one.r": "key result", "one.k": "KPI", "one.t": "team", "one.p": "person",
    "many.o": "objectives", "many.r": "key results", "many.k": "KPIs", "many.t": "teams", "many.p": "people",
    result: "result",
    results: "results",
    noResults: "No results for %(query)s.",
    tooShort: "Type a word of two letters or more.",
    tooShortEmpty: "Type a word of two letters or more to search.",
    allResults: "All %(results)s on the search page",
    openPage: "Open on the search page",
    panelStatus: "%(results)s; the arrow keys move through them.",
    listLabel: "Search results",
    boxError: "Search could not load its index. Press Enter for the list of everything.",
    pageError: "Search could not load its index here. Everything on the site is listed below.",
    more: "Show more results",
    someOf: "(%(shown)s of %(all)s)",
    resultsFor: "Results for %(query)s",
    pageStatus: "%(results)s: %(kinds)s.",
    quoted: "\u201c%(query)s\u201d",
  };
  var LANG = document.documentElement.lang || "en";
  // Folding and words exactly as okrsite/site/search.py makes the index's terms.
  var SPELL = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th" };
  var WORD = /[\p{L}\p{N}]{2,}/gu;
  var SHOWN_WORD = /[\p{L}\p{N}\p{M}]+/gu;
  var MAX_TERM = 48;
  var PREFIX_MIN = 3; // the last word is a prefix from three letters on: its terms share one shard
  var PANEL_HITS = 8;
  var PAGE_HITS = 50;
  var DELAY_MS = 80;

  var base = null; // the URL of the folder search/
  var loads = {};

  // --- words ---------------------------------------------------------------------------------------

  function fold(text) {
    text = text.toLowerCase();
    if (/^[\x00-\x7f]*$/.test(text)) return text;
    return text.replace(/[ßæœøđðłþ]/g, function (c) { return SPELL[c]; })
      .normalize("NFKD").replace(/\p{M}/gu, "");
  }

  function letters(term) { return Array.from(term).length; }

  // The query's words, [{term, prefix}]: the last one is a prefix while it is being typed.
  function parse(query) {
    var words = [];
    var seen = new Set();
    (fold(query).match(WORD) || []).forEach(function (term) {
      if (letters(term) <= MAX_TERM && !seen.has(term)) {
        seen.add(term);
        words.push({ term: term, prefix: false });
      }
    });
    var last = words[words.length - 1];
    if (last && /[\p{L}\p{N}\p{M}]$/u.test(query) && letters(last.term) >= PREFIX_MIN) last.prefix = true;
    return words;
  }

  function shardOf(term, shards) {
    var h = 0x811c9dc5;
    Array.from(term).slice(0, 3).forEach(function (c) {
      h = Math.imul(h ^ c.codePointAt(0), 0x01000193) >>> 0;
    });
    return h % shards;
  }

  // --- the index -----------------------------------------------------------------------------------

  function msg(key, values) {
    return WORDS[key].replace(/%\((\w+)\)s/g, function (all, name) {
      return values && name in values ? String(values[name]) : all;
    }).replace(/%%/g, "%");
  }

  function learn(meta) {
    if (meta && meta.i18n) Object.keys(meta.i18n).forEach(function (key) { WORDS[key] = meta.i18n[key]; });
    return meta;
  }

  window.okrsiteSearch = function (kind, number, data) {
    var entry = loads[kind + number];
    if (entry) entry.resolve(data);
  };

  // One file of the index (kind "m", "t" or "d"), loaded once.
  function load(kind, number) {
    var key = kind + number;
    if (!loads[key]) {
      var entry = {};
      entry.promise = new Promise(function (resolve, reject) { entry.resolve = resolve; entry.reject = reject; });
      loads[key] = entry;
      var script = document.createElement("script");
      script.src = new URL(kind === "m" ? "meta.js" : kind + "/" + number + ".js", base).href;
      // The file resolved the promise as it ran; rejecting after that does nothing.
      script.onload = function () { script.remove(); entry.reject(new Error(script.src + " held no index")); };
      script.onerror = function () {
        script.remove();
        delete loads[key];
        entry.reject(new Error("could not load " + script.src));
      };
      document.head.appendChild(script);
    }
    return loads[key].promise;
  }

  function kindOf(meta, id) {
    for (var i = 0; i < meta.kinds.length; i++) {
      if (id < meta.kinds[i][2]) return meta.kinds[i][0];
    }
    return "o";
  }

  // The documents with one word: Map(id -> 2 when it is in the title, else 1).
  function matches(meta, word) {
    return load("t", shardOf(word.term, meta.shards)).then(function (shard) {
      var found = new Map();
      var add = function (term) {
        var id = 0;
        shard[term][1].forEach(function (d) { id += d; if (!found.has(id)) found.set(id, 1); });
        id = 0;
        shard[term][0].forEach(function (d) { id += d; found.set(id, 2); });
      };
      if (word.prefix) {
        Object.keys(shard).forEach(function (term) { if (term.startsWith(word.term)) add(term); });
      } else if (Object.prototype.hasOwnProperty.call(shard, word.term)) {
        add(word.term);
      }
      return found;
    });
  }

  // {words, hits, meta}: the ids of the documents with every word, best first (more of the words
  // in the title first, then the index's order: current periods first).
  function search(query) {
    var words = parse(query);
    return load("m", 0).then(learn).then(function (meta) {
      if (!words.length) return { words: words, hits: [], meta: meta };
      return Promise.all(words.map(function (w) { return matches(meta, w); })).then(function (sets) {
        sets.sort(function (a, b) { return a.size - b.size; });
        var scores = new Map(sets[0]);
        sets.slice(1).forEach(function (set) {
          scores.forEach(function (score, id) {
            if (set.has(id)) scores.set(id, score + set.get(id)); else scores.delete(id);
          });
        });
        var hits = Array.from(scores.keys());
        hits.sort(function (a, b) { return scores.get(b) - scores.get(a) || a - b; });
        return { words: words, hits: hits, meta: meta };
      });
    });
  }

  // The documents with these ids, [{id, kind, title, url, context, excerpt}], from their chunks.
  function documents(meta, ids) {
    var chunks = Array.from(new Set(ids.map(function (id) { return Math.floor(id / meta.chunk); })));
    return Promise.all(chunks.map(function (c) { return load("d", c); })).then(function (loaded) {
      var byChunk = new Map(chunks.map(function (c, i) { return [c, loaded[i]]; }));
      return ids.map(function (id) {
        var row = byChunk.get(Math.floor(id / meta.chunk))[id % meta.chunk];
        return {
          id: id, kind: kindOf(meta, id), title: row[0], url: siteUrl(row[1]),
          context: row[2] || "", excerpt: row[3] || "",
        };
      });
    });
  }

  function siteUrl(path) {
    var url = new URL(path, new URL("../", base));
    // Opened from disk, a folder shows its listing: link the page in it.
    if (url.protocol === "file:" && url.pathname.endsWith("/")) url.pathname += "index.html";
    return url.href;
  }

  // --- showing results -----------------------------------------------------------------------------

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  // An element holding the text, with the words of the query in <mark>.
  function marked(tag, className, text, words) {
    var out = el(tag, className);
    var at = 0;
    text.replace(SHOWN_WORD, function (word, offset) {
      var f = fold(word);
      if (words.some(function (w) { return w.prefix ? f.startsWith(w.term) : f === w.term; })) {
        out.append(text.slice(at, offset), el("mark", "", word));
        at = offset + word.length;
      }
      return word;
    });
    out.append(text.slice(at));
    return out;
  }

  // Documents by kind, the kinds in the order of their best hit.
  function grouped(docs) {
    var groups = new Map();
    docs.forEach(function (d) {
      if (!groups.has(d.kind)) groups.set(d.kind, []);
      groups.get(d.kind).push(d);
    });
    return groups;
  }

  function counted(n, one, many) { return n.toLocaleString(LANG) + " " + (n === 1 ? one : many); }

  function results(n) { return counted(n, msg("result"), msg("results")); }

  function quoted(query) { return msg("quoted", { query: query.trim() }); }

  function tooShort(query) { return msg(query.trim() ? "tooShort" : "tooShortEmpty"); }

  // --- the box in the header: a combobox over a listbox of results ---------------------------------

  function box(form) {
    var input = form.querySelector("input[name=q]");
    var panel = el("div", "site-search-panel");
    var list = el("div", "site-search-list");
    var message = el("p", "site-search-message");
    var status = el("p", "visually-hidden");
    var options = [];
    var active = -1;
    var seq = 0;
    var timer = 0;
    panel.hidden = true;
    list.id = "site-search-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", msg("listLabel"));
    status.setAttribute("role", "status");
    panel.append(message, list);
    form.append(panel, status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    function open(show) {
      panel.hidden = !show;
      input.setAttribute("aria-expanded", show ? "true" : "false");
      if (!show) select(-1);
    }

    function select(i) {
      if (options[active]) options[active].setAttribute("aria-selected", "false");
      active = i;
      if (options[i]) {
        options[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function option(href, key) {
      var a = el("a", "site-search-option");
      a.href = href;
      a.id = "site-search-option-" + key;
      a.tabIndex = -1;
      a.setAttribute("role", "option");
      a.setAttribute("aria-selected", "false");
      options.push(a);
      return a;
    }

    function say(text) {
      list.replaceChildren();
      options = [];
      active = -1;
      message.textContent = text;
      message.hidden = false;
      status.textContent = text;
      open(true);
    }

    function show(query, result, docs) {
      var total = result.hits.length;
      if (!total) { say(msg("noResults", { query: quoted(query) })); return; }
      list.replaceChildren();
      options = [];
      active = -1;
      message.hidden = true;
      grouped(docs).forEach(function (items, kind) {
        var group = el("div", "site-search-group");
        var label = el("div", "site-search-kind", msg("group." + kind));
        label.id = "site-search-kind-" + kind;
        group.setAttribute("role", "group");
        group.setAttribute("aria-labelledby", label.id);
        group.append(label);
        items.forEach(function (d) {
          var a = option(d.url, d.id);
          a.append(marked("span", "search-hit-title", d.title, result.words));
          if (d.context) a.append(marked("span", "search-hit-context", d.context, result.words));
          group.append(a);
        });
        list.append(group);
      });
      var all = option(form.action + "?q=" + encodeURIComponent(query), "all");
      all.classList.add("site-search-all");
      all.textContent = total > docs.length ? msg("allResults", { results: results(total) }) : msg("openPage");
      list.append(all);
      status.textContent = msg("panelStatus", { results: results(total) });
      open(true);
    }

    function run() {
      var query = input.value;
      var mine = ++seq;
      if (!query.trim()) { open(false); status.textContent = ""; return; }
      search(query).then(function (result) {
        if (mine !== seq) return null;
        if (!result.words.length) { say(tooShort(query)); return null; }
        return documents(result.meta, result.hits.slice(0, PANEL_HITS)).then(function (docs) {
          if (mine === seq) show(query, result, docs);
        });
      }).catch(function () {
        if (mine === seq) say(form.getAttribute("data-error") || msg("boxError"));
      });
    }

    function move(step) {
      var n = options.length;
      if (panel.hidden) { open(true); return; }
      if (step > 0) select(active + 1 < n ? active + 1 : -1);
      else select(active < 0 ? n - 1 : active - 1);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, DELAY_MS);
    });
    input.addEventListener("focus", function () { if (options.length && input.value.trim()) open(true); });
    input.addEventListener("keydown", function (e) {
      if ((e.key === "ArrowDown" || e.key === "ArrowUp") && options.length) {
        e.preventDefault();
        move(e.key === "ArrowDown" ? 1 : -1);
      } else if (e.key === "Enter" && !panel.hidden && options[active]) {
        e.preventDefault();
        window.location.href = options[active].href;
      } else if (e.key === "Escape" && !panel.hidden) {
        e.preventDefault();
        open(false);
      }
    });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) open(false); });
    form.addEventListener("focusout", function (e) { if (!form.contains(e.relatedTarget)) open(false); });
  }

  // --- the search page: results in the page, from ?q= and as you type ------------------------------

  function page(form) {
    var input = form.querySelector("input[name=q]");
    var section = document.getElementById("search-results");
    var heading = document.getElementById("search-results-h");
    var list = document.getElementById("search-results-list");
    var status = document.getElementById("search-status");
    var more = el("button", "search-more", msg("more"));
    var seq = 0;
    var timer = 0;
    var result = null;
    var query = "";
    more.type = "button";
    more.hidden = true;
    section.append(more);

    function totals() {
      var byKind = new Map();
      result.hits.forEach(function (id) {
        var kind = kindOf(result.meta, id);
        byKind.set(kind, (byKind.get(kind) || 0) + 1);
      });
      return byKind;
    }

    function hit(d) {
      var li = el("li", "search-hit");
      var a = el("a");
      a.href = d.url;
      a.append(marked("span", "", d.title, result.words));
      li.append(a, el("span", "visually-hidden", " (" + msg("one." + d.kind) + ")"));
      if (d.context) li.append(marked("p", "search-hit-context", d.context, result.words));
      if (d.excerpt) li.append(marked("p", "search-hit-excerpt", d.excerpt, result.words));
      return li;
    }

    function render(docs) {
      var total = result.hits.length;
      var byKind = totals();
      list.replaceChildren();
      grouped(docs).forEach(function (items, kind) {
        var part = el("section", "search-group");
        var h = el("h3", "", msg("group." + kind) + " ");
        var all = byKind.get(kind);
        h.id = "search-group-" + kind;
        h.append(el("span", "muted", all > items.length ? msg("someOf", { shown: items.length, all: all.toLocaleString(LANG) }) : "(" + all + ")"));
        part.setAttribute("aria-labelledby", h.id);
        var ol = el("ol", "search-hits");
        items.forEach(function (d) { ol.append(hit(d)); });
        part.append(h, ol);
        list.append(part);
      });
      var kinds = Array.from(byKind, function (entry) {
        return counted(entry[1], msg("one." + entry[0]), msg("many." + entry[0]));
      });
      heading.textContent = msg("resultsFor", { query: quoted(query) });
      status.textContent = total
        ? msg("pageStatus", { results: results(total), kinds: kinds.join(", ") })
        : msg("noResults", { query: quoted(query) });
      more.textContent = msg("more");
      more.hidden = docs.length >= total;
      section.hidden = total === 0;
    }

    function show(count, mine) {
      return documents(result.meta, result.hits.slice(0, count)).then(function (docs) {
        if (mine === seq) render(docs);
      });
    }

    function run() {
      var mine = ++seq;
      var url = new URL(window.location.href);
      query = input.value;
      if (query.trim()) url.searchParams.set("q", query); else url.searchParams.delete("q");
      window.history.replaceState(null, "", url.href);
      if (!query.trim()) { section.hidden = true; status.textContent = ""; return; }
      search(query).then(function (r) {
        if (mine !== seq) return null;
        result = r;
        if (!r.words.length) { section.hidden = true; status.textContent = tooShort(query); return null; }
        return show(PAGE_HITS, mine);
      }).catch(function () {
        if (mine !== seq) return;
        section.hidden = true;
        status.textContent = status.getAttribute("data-error") || msg("pageError");
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, DELAY_MS);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      run();
    });
    more.addEventListener("click", function () {
      var shown = list.querySelectorAll(".search-hit").length;
      show(shown + PAGE_HITS, seq);
    });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) {
      input.value = q;
      run();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.site-search");
    if (!form) return;
    base = new URL("./", form.action);
    if (document.getElementById("search-results")) page(form); else box(form);
  });
})();
