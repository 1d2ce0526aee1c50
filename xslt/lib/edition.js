/* The edition page's behaviour. Everything here is an addition: without JavaScript the reading
   switch still works (radio buttons and CSS), note markers and names are links to the notes and
   the index, and the search panel says where the index is. Nothing is fetched: the search index
   is in the page (script#search-data, built by search.py with lunr), and so is lunr.js. */
(function () {
  "use strict";

  var doc = document;

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  function el(tag, attrs, text) {
    var node = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function byId(id) { return doc.getElementById(id); }

  /* ---- the reading the reader chose, remembered across visits ----
     Storage can be unavailable (private windows, some file: pages): then the default stays. */
  var KEY = "tei-roundtable.reading";
  var saved = null;
  try { saved = window.localStorage.getItem(KEY); } catch (e) { saved = null; }
  each(doc.querySelectorAll('input[name="reading"]'), function (radio) {
    if (saved !== null && radio.value === saved) { radio.checked = true; }
    radio.addEventListener("change", function () {
      if (!radio.checked) { return; }
      try { window.localStorage.setItem(KEY, radio.value); } catch (e) { /* not remembered */ }
    });
  });

  function diplomatic() {
    var radio = byId("reading-diplomatic");
    return Boolean(radio && radio.checked);
  }

  /* The text of an element as the reader sees it: the chosen reading, without the reference
     link, note markers and controls the page adds. */
  function visibleText(node, asPrinted) {
    var copy = node.cloneNode(true);
    var hidden = (asPrinted === undefined ? diplomatic() : asPrinted) ? ".norm" : ".dipl";
    each(copy.querySelectorAll(".ref, .noteref, .inplace, .copy-cite, .vh, " + hidden), function (n) { n.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  /* ---- live announcements for screen readers ---- */
  var live = el("p", { "class": "vh", role: "status", "aria-live": "polite" });
  doc.body.appendChild(live);
  function announce(text) { live.textContent = ""; window.setTimeout(function () { live.textContent = text; }, 50); }

  /* ---- notes and names in place ----
     A note marker or a name opens a panel under its passage (a copy of the note, or a card from
     the index entry); Esc or the close button shuts it and gives the focus back. The link's own
     target stays the fallback (middle click, no JavaScript). */
  var open = null;

  function closePanel(returnFocus) {
    if (!open) { return; }
    open.panel.remove();
    open.trigger.setAttribute("aria-expanded", "false");
    if (returnFocus) { open.trigger.focus(); }
    open = null;
  }

  function block(node) {
    return node.closest(".para, .speaker, .front-p, .front-head, li, p") || node.parentNode;
  }

  function showPanel(trigger, kind, label, content) {
    var same = open && open.trigger === trigger;
    closePanel(false);
    if (same) { return; }
    var id = "inplace-" + kind;
    var panel = el("div", { "class": "inplace " + kind, id: id, role: "region", "aria-label": label, tabindex: "-1" });
    var close = el("button", { type: "button", "class": "inplace-close", "aria-label": "Close " + label }, "×");
    close.addEventListener("click", function () { closePanel(true); });
    panel.appendChild(close);
    panel.appendChild(content);
    var at = block(trigger);
    at.parentNode.insertBefore(panel, at.nextSibling);
    trigger.setAttribute("aria-expanded", "true");
    trigger.setAttribute("aria-controls", id);
    open = { panel: panel, trigger: trigger };
    panel.focus({ preventScroll: true });
    if (panel.scrollIntoView) { panel.scrollIntoView({ block: "nearest" }); }
  }

  /* A copy without ids, so that no anchor of the page is duplicated. */
  function copyWithoutIds(node) {
    var copy = node.cloneNode(true);
    copy.removeAttribute("id");
    each(copy.querySelectorAll("[id]"), function (n) { n.removeAttribute("id"); });
    each(copy.querySelectorAll(".copy-cite"), function (n) { n.remove(); });
    return copy;
  }

  function noteContent(note) {
    var box = el("div", { "class": "inplace-body" });
    each(note.children, function (child) { box.appendChild(copyWithoutIds(child)); });
    var more = el("p", { "class": "inplace-more" });
    var link = el("a", { href: "#" + note.id }, "This note in the list of notes");
    more.appendChild(link);
    box.appendChild(more);
    return box;
  }

  function cardContent(entry) {
    var box = el("div", { "class": "inplace-body" });
    var head = entry.querySelector(".entry-head");
    if (head) {
      var card = copyWithoutIds(head);
      each(card.querySelectorAll(".affiliation:not(.at-event)"), function (n) { n.remove(); });
      box.appendChild(card);
    }
    each(entry.querySelectorAll(".entry-note"), function (n) { box.appendChild(copyWithoutIds(n)); });
    var more = el("p", { "class": "inplace-more" });
    more.appendChild(el("a", { href: "#" + entry.id }, "All turns and mentions in the index"));
    box.appendChild(more);
    return box;
  }

  doc.addEventListener("click", function (event) {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (!link || link.closest(".inplace, #notes, #index, .toolbar, #search")) { return; }
    var target = byId(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!target) { return; }
    if (link.closest(".noteref") && target.classList.contains("note")) {
      event.preventDefault();
      showPanel(link, "note", link.getAttribute("aria-label") || "Note", noteContent(target));
    } else if (link.classList.contains("name") && target.classList.contains("entry")) {
      event.preventDefault();
      var name = target.querySelector(".entry-name");
      showPanel(link, "card", (name ? name.textContent : "Name") + ": index card", cardContent(target));
    }
  });

  doc.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) { event.preventDefault(); closePanel(true); }
  });

  /* ---- copy citation: a control on each paragraph and note ---- */
  var main = byId("main");
  var template = main ? main.getAttribute("data-cite") : null;

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = el("textarea", { "class": "vh", "aria-hidden": "true" });
      area.value = text;
      doc.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = doc.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  if (template) {
    each(doc.querySelectorAll(".para[id], .note[id]"), function (unit) {
      var button = el("button", { type: "button", "class": "copy-cite", "data-ref": unit.id,
        "aria-label": "Copy the citation of " + unit.id }, "Copy citation");
      button.addEventListener("click", function () {
        var citation = template.split("{ref}").join(unit.id);
        copyText(citation).then(function () {
          button.textContent = "Copied";
          announce("Citation of " + unit.id + " copied: " + citation);
        }, function () {
          button.textContent = "Select and copy";
          announce("The browser did not allow copying. The citation is: " + citation);
          window.prompt("Citation of " + unit.id, citation);
        });
        window.setTimeout(function () { button.textContent = "Copy citation"; }, 2500);
      });
      var head = unit.querySelector(".note-head");
      (head || unit).appendChild(button);
    });
  }

  /* ---- a reference this version does not have ----
     A citation of a note or passage that a later version removed still lands: the Changes list
     keeps an anchor for every removed note; for anything else, the page says so here. */
  function checkFragment() {
    var old = byId("missing-reference");
    if (old) { old.remove(); }
    var ref = decodeURIComponent(window.location.hash.slice(1));
    if (!ref || byId(ref)) { return; }
    var box = el("div", { id: "missing-reference", "class": "missing", role: "alert" });
    box.appendChild(el("p", {}, "This version of the edition has no passage or note “" + ref + "”. "));
    var p = box.firstChild;
    var changes = byId("changes");
    if (changes) {
      p.appendChild(doc.createTextNode("See "));
      p.appendChild(el("a", { href: "#changes" }, "Changes in this version"));
      p.appendChild(doc.createTextNode(" for what was added, changed and removed."));
    }
    if (main) { main.insertBefore(box, main.firstChild); }
  }
  window.addEventListener("hashchange", checkFragment);
  checkFragment();

  /* ---- search ---- */
  var data = byId("search-data");
  var form = doc.querySelector(".search-form");
  if (!data || !form || typeof window.lunr === "undefined") { return; }
  var lunr = window.lunr;
  var parsed = JSON.parse(data.textContent);
  var index = lunr.Index.load(parsed.index);
  var docs = parsed.docs;
  var input = byId("search-q");
  var speaker = byId("search-speaker");
  var named = byId("search-name");
  var status = byId("search-status");
  var results = byId("search-results");
  var speakerNames = {};
  each(speaker.options, function (o) { if (o.value) { speakerNames[o.value] = o.textContent; } });
  form.hidden = false;

  /* As search.py's fold(): no diacritics, no apostrophes, no punctuation, lower case. lunr's
     own trimmer is not used: it would strip every letter outside ASCII. */
  function clean(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").replace(/['’ʼ]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}_\s]+/gu, " ");
  }

  function stem(word) {
    var cleaned = clean(word).trim().split(/\s+/)[0];
    return cleaned ? lunr.stemmer(new lunr.Token(cleaned)).toString() : "";
  }

  /* Words and "quoted phrases" of the query. */
  function parse(query) {
    var words = [];
    var phrases = [];
    query.replace(/"([^"]*)"|“([^”]*)”|(\S+)/g, function (m, a, b, word) {
      var phrase = a !== undefined ? a : b;
      if (phrase !== undefined) {
        if (phrase.trim()) { phrases.push(clean(phrase).replace(/\s+/g, " ").trim()); }
        words = words.concat(phrase.split(/\s+/));
      } else {
        words.push(word);
      }
      return m;
    });
    var terms = [];
    words.forEach(function (word) {
      lunr.tokenizer(clean(word)).forEach(function (token) {
        var kept = lunr.stopWordFilter(token);
        if (kept && kept.toString()) { terms.push(kept.toString()); }
      });
    });
    return { terms: terms, phrases: phrases };
  }

  /* The element a search document stands for: a paragraph, or a turn's speaker label. */
  function passage(ref) {
    var node = byId(ref);
    return node && node.classList.contains("sp") ? node.querySelector(".speaker") : node;
  }

  /* Both readings of a passage, folded with single spaces, for phrase matching. */
  function readings(node) {
    var out = [];
    [".dipl", ".norm"].forEach(function (hidden) {
      var copy = node.cloneNode(true);
      each(copy.querySelectorAll(".ref, .noteref, .inplace, .copy-cite, .vh, " + hidden), function (n) { n.remove(); });
      out.push(" " + clean(copy.textContent).replace(/\s+/g, " ") + " ");
    });
    return out;
  }

  function firstMatch(words, stems) {
    for (var i = 0; i < words.length; i += 1) {
      if (stems.indexOf(stem(words[i])) >= 0) { return i; }
    }
    return -1;
  }

  /* Keywords in context, from the reading the reader chose, or from the other one when only
     it has the words (a search for the printed form of a corrected name). */
  function context(node, stems) {
    var words = visibleText(node).split(" ");
    var first = firstMatch(words, stems);
    if (first < 0) {
      var other = visibleText(node, !diplomatic()).split(" ");
      if (firstMatch(other, stems) >= 0) { words = other; first = firstMatch(other, stems); }
    }
    var from = Math.max(0, first - 8);
    var to = Math.min(words.length, (first < 0 ? 0 : first) + 12);
    var box = el("bdi", { "class": "kwic" });
    if (from > 0) { box.appendChild(doc.createTextNode("… ")); }
    for (var j = from; j < to; j += 1) {
      if (j > from) { box.appendChild(doc.createTextNode(" ")); }
      if (stems.indexOf(stem(words[j])) >= 0) { box.appendChild(el("mark", {}, words[j])); }
      else { box.appendChild(doc.createTextNode(words[j])); }
    }
    if (to < words.length) { box.appendChild(doc.createTextNode(" …")); }
    return box;
  }

  var lastStems = [];

  function run() {
    var query = parse(input.value);
    var who = speaker.value;
    var name = named.value;
    var hits;
    if (query.terms.length) {
      hits = index.query(function (q) {
        query.terms.forEach(function (term) { q.term(term, { presence: lunr.Query.presence.REQUIRED }); });
      }).map(function (hit) { return Number(hit.ref); });
    } else if (who || name || query.phrases.length) {
      hits = docs.map(function (d, i) { return i; });
    } else {
      hits = [];
    }
    hits = hits.filter(function (i) {
      var d = docs[i];
      if (who && d.w !== who) { return false; }
      if (name && d.n.indexOf(name) < 0) { return false; }
      if (query.phrases.length) {
        var node = passage(d.r);
        if (!node) { return false; }
        var texts = readings(node);
        return query.phrases.every(function (p) { return texts.some(function (t) { return t.indexOf(" " + p + " ") >= 0; }); });
      }
      return true;
    }).sort(function (a, b) { return a - b; });
    lastStems = query.terms.map(function (t) { return lunr.stemmer(new lunr.Token(t)).toString(); });
    show(hits, input.value.trim() || who || name);
  }

  function show(hits, asked) {
    results.textContent = "";
    if (!asked) { status.textContent = ""; return; }
    status.textContent = hits.length === 0 ? "No passage found."
      : hits.length === 1 ? "1 passage found, in the order of the transcript."
      : hits.length + " passages found, in the order of the transcript.";
    hits.forEach(function (i) {
      var d = docs[i];
      var node = passage(d.r);
      var item = el("li", { "class": "search-hit" });
      var link = el("a", { href: "#" + d.r, "class": "hit-ref" }, d.r);
      item.appendChild(link);
      if (d.w) { item.appendChild(el("span", { "class": "hit-who" }, speakerNames[d.w] || d.w)); }
      if (node) { item.appendChild(context(node, lastStems)); }
      results.appendChild(item);
    });
  }

  /* On arrival at a result the words found are marked in the passage. */
  function unmark() {
    each(doc.querySelectorAll("mark.found"), function (mark) {
      mark.replaceWith(doc.createTextNode(mark.textContent));
    });
    each(doc.querySelectorAll(".arrived"), function (n) { n.classList.remove("arrived"); });
  }

  function markIn(node, stems) {
    var walker = doc.createTreeWalker(node, NodeFilter.SHOW_TEXT, {
      acceptNode: function (text) {
        return text.parentNode.closest(".ref, .noteref, .copy-cite, mark") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var texts = [];
    while (walker.nextNode()) { texts.push(walker.currentNode); }
    texts.forEach(function (text) {
      var parts = text.textContent.split(/(\s+)/);
      if (!parts.some(function (w) { return w.trim() && stems.indexOf(stem(w)) >= 0; })) { return; }
      var frag = doc.createDocumentFragment();
      parts.forEach(function (w) {
        if (w.trim() && stems.indexOf(stem(w)) >= 0) { frag.appendChild(el("mark", { "class": "found" }, w)); }
        else { frag.appendChild(doc.createTextNode(w)); }
      });
      text.replaceWith(frag);
    });
  }

  results.addEventListener("click", function (event) {
    var link = event.target.closest("a.hit-ref");
    if (!link) { return; }
    var node = passage(link.getAttribute("href").slice(1));
    unmark();
    if (node) {
      node.classList.add("arrived");
      markIn(node, lastStems);
      node.setAttribute("tabindex", "-1");
      window.setTimeout(function () { node.focus({ preventScroll: true }); }, 0);
    }
  });

  var timer = null;
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 200);
  });
  speaker.addEventListener("change", run);
  named.addEventListener("change", run);
})();
