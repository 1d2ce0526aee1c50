/* The edition page's behaviour, and its search. Everything here is an
   addition: without JavaScript the reading switch still works (radio buttons and CSS), note
   markers and names are links to the notes and the index, and the search panel says where the
   index is. Nothing is fetched: the search index is in the page (script#search-data, built by
   search.py with lunr), and so is lunr.js, with what both pages' searches share
   (search-core.js). The collection page's search is collection-search.js. */
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
  if (template) {  // an edition page (the collection page has no passages to miss)
    window.addEventListener("hashchange", checkFragment);
    checkFragment();
  }

  /* ---- search ---- */
  var data = byId("search-data");
  var form = doc.querySelector(".search-form");
  if (!data || !form || typeof window.lunr === "undefined" || !window.trtSearchCore) { return; }
  var core = window.trtSearchCore;
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

  /* The element a search document stands for: a paragraph, or a turn's speaker label. */
  function passage(ref) {
    var node = byId(ref);
    return node && node.classList.contains("sp") ? node.querySelector(".speaker") : node;
  }

  /* A search document's text in one reading, from the page. */
  function docText(d, asPrinted) {
    var node = passage(d.r);
    return node ? visibleText(node, asPrinted) : "";
  }

  /* Both readings of a passage, folded with single spaces, for phrase matching. */
  function readings(node) {
    var out = [];
    [".dipl", ".norm"].forEach(function (hidden) {
      var copy = node.cloneNode(true);
      each(copy.querySelectorAll(".ref, .noteref, .inplace, .copy-cite, .vh, " + hidden), function (n) { n.remove(); });
      out.push(" " + core.clean(copy.textContent).replace(/\s+/g, " ") + " ");
    });
    return out;
  }

  function docReadings(d) {
    var node = passage(d.r);
    return node ? readings(node) : [];
  }

  /* Keywords in context, from the reading the reader chose (or the other: search-core.js). */
  function context(d, stems) {
    var asPrinted = diplomatic();
    return core.context(docText(d, asPrinted), docText(d, !asPrinted), stems);
  }

  var lastStems = [];

  function run() {
    var query = core.parse(input.value);
    var who = speaker.value;
    var name = named.value;
    var hits = core.find(index, docs, query, who, name, docReadings);
    lastStems = core.stems(query);
    show(hits, input.value.trim() || who || name);
  }

  function show(hits, asked) {
    results.textContent = "";
    if (!asked) { status.textContent = ""; return; }
    var found = hits.length === 1 ? "1 passage found" : hits.length + " passages found";
    status.textContent = hits.length === 0 ? "No passage found." : found + ", in the order of the transcript.";
    hits.forEach(function (i) {
      var d = docs[i];
      var item = el("li", { "class": "search-hit" });
      var link = el("a", { href: "#" + d.r, "class": "hit-ref" }, d.r);
      item.appendChild(link);
      if (d.w) { item.appendChild(el("span", { "class": "hit-who" }, speakerNames[d.w] || d.w)); }
      if (passage(d.r)) { item.appendChild(context(d, lastStems)); }
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
      if (!parts.some(function (w) { return w.trim() && stems.indexOf(core.stem(w)) >= 0; })) { return; }
      var frag = doc.createDocumentFragment();
      parts.forEach(function (w) {
        if (w.trim() && stems.indexOf(core.stem(w)) >= 0) { frag.appendChild(el("mark", { "class": "found" }, w)); }
        else { frag.appendChild(doc.createTextNode(w)); }
      });
      text.replaceWith(frag);
    });
  }

  function arrive(node, stems) {
    unmark();
    if (!node) { return; }
    node.classList.add("arrived");
    markIn(node, stems);
    node.setAttribute("tabindex", "-1");
    window.setTimeout(function () { node.focus({ preventScroll: true }); }, 0);
  }

  results.addEventListener("click", function (event) {
    var link = event.target.closest("a.hit-ref");
    if (!link) { return; }
    arrive(passage(link.getAttribute("href").slice(1)), lastStems);
  });

  /* A collection's result opens this page; the words found come with it in the tab's session
     storage (collection-search.js; the link stays the plain reference), and are marked here on
     arrival. Without storage (some file: settings) the passage is reached unmarked. */
  var FOUND = "tei-roundtable.found";
  var found = null;
  try {
    found = JSON.parse(window.sessionStorage.getItem(FOUND) || "null");
    window.sessionStorage.removeItem(FOUND);
  } catch (e) { found = null; }
  if (found && found.url === window.location.href && Array.isArray(found.stems)) {
    arrive(passage(decodeURIComponent(window.location.hash.slice(1))),
      found.stems.filter(function (t) { return typeof t === "string"; }));
  }

  var timer = null;
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 200);
  });
  speaker.addEventListener("change", run);
  named.addEventListener("change", run);
})();
