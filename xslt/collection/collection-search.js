/* The collection page's search. The index is in shards, one per edition (search/<edition-id>.js,
   made by _collection_pages.py: the edition's lunr index and its passages' texts), listed in
   script#search-shards; they are loaded when a search is first asked for, each by a <script src>
   (which works from file:, where fetch() of a local file does not) that calls
   trtCollectionSearch.push(id, data). Results are in the collection's order (edition by edition,
   each in the order of its transcript), not ranked, so the shards find what one index would.
   Query parsing, folding, finding and keywords in context are the edition page's
   (lib/search-core.js), for the same index format; a result opens the edition's page
   (lib/edition.js), which marks the words found. */
(function () {
  "use strict";

  var doc = document;
  function byId(id) { return doc.getElementById(id); }
  function el(tag, attrs, text) {
    var node = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var list = byId("search-shards");
  var form = doc.querySelector(".search-form");
  if (!list || !form || typeof window.lunr === "undefined" || !window.trtSearchCore) { return; }
  var core = window.trtSearchCore;
  var lunr = window.lunr;
  var order = JSON.parse(list.textContent);
  var input = byId("search-q");
  var speaker = byId("search-speaker");
  var named = byId("search-name");
  var status = byId("search-status");
  var results = byId("search-results");
  var speakerNames = {};
  Array.prototype.forEach.call(speaker.options, function (o) { if (o.value) { speakerNames[o.value] = o.textContent; } });
  var editionTitles = {};
  Array.prototype.forEach.call(doc.querySelectorAll(".edition[id] > h3"), function (h) {
    editionTitles[h.parentNode.id] = h.textContent.trim();
  });
  form.hidden = false;

  /* ---- the shards ---- */
  var arrived = Object.create(null);
  var shards = null; /* [{index, docs}] in the collection's order, once every script has answered */
  var waiting = [];
  var failed = [];
  window.trtCollectionSearch = {
    push: function (id, data) { arrived[id] = data; }
  };

  function load(then) {
    if (shards) { then(); return; }
    waiting.push(then);
    if (waiting.length > 1) { return; }
    var left = order.length;
    status.textContent = "Loading the search index of " + order.length + (order.length === 1 ? " edition…" : " editions…");
    function answered(id, ok) {
      if (!ok || !(id in arrived)) { failed.push(id); }
      left -= 1;
      if (left > 0) { return; }
      shards = order.filter(function (id) { return id in arrived; }).map(function (id) {
        return { index: lunr.Index.load(arrived[id].index), docs: arrived[id].docs };
      });
      arrived = null;
      waiting.splice(0).forEach(function (fn) { fn(); });
    }
    order.forEach(function (id) {
      var script = el("script", { src: "search/" + encodeURIComponent(id) + ".js" });
      script.addEventListener("load", function () { answered(id, true); });
      script.addEventListener("error", function () { answered(id, false); });
      doc.body.appendChild(script);
    });
  }

  /* A document's two readings from the index: shown, and folded for phrase matching. */
  function docText(d) { return (d.t || "").replace(/\s+/g, " ").trim(); }
  function printedText(d) { return (d.d || d.t || "").replace(/\s+/g, " ").trim(); }
  function docReadings(d) {
    return [d.t || "", d.d || d.t || ""].map(function (t) { return " " + core.clean(t).replace(/\s+/g, " ") + " "; });
  }

  /* ---- searching ---- */
  var lastStems = [];
  var shown = null; /* the search the results are of: the same one again leaves them (and the focus) be */

  function run() {
    var query = core.parse(input.value);
    var who = speaker.value;
    var name = named.value;
    var asked = input.value.trim() || who || name;
    var key = JSON.stringify([input.value.trim(), who, name]);
    if (!asked) { results.textContent = ""; status.textContent = ""; shown = null; return; }
    if (key === shown) { return; }
    shown = key;
    load(function () { if (key === shown) { search(query, who, name, asked); } });
  }

  function search(query, who, name, asked) {
    var hits = [];
    shards.forEach(function (shard) {
      core.find(shard.index, shard.docs, query, who, name, docReadings).forEach(function (i) { hits.push(shard.docs[i]); });
    });
    lastStems = core.stems(query);
    show(hits, asked);
  }

  function show(hits, asked) {
    results.textContent = "";
    if (!asked) { status.textContent = ""; return; }
    var found = hits.length === 1 ? "1 passage found" : hits.length + " passages found";
    if (hits.length) {
      var editions = {};
      hits.forEach(function (d) { editions[d.e] = true; });
      var count = Object.keys(editions).length;
      found += count === 1 ? " in 1 edition" : " in " + count + " editions";
    }
    var missing = failed.length ? " The index of " + failed.length + (failed.length === 1 ? " edition" : " editions")
      + " could not be loaded (" + failed.join(", ") + ")." : "";
    status.textContent = (hits.length === 0 ? "No passage found."
      : found + ", in the order of the editions and of each transcript.") + missing;
    hits.forEach(function (d) {
      var item = el("li", { "class": "search-hit" });
      var link = el("a", { href: d.e + "/html/index.html#" + d.r, "class": "hit-ref" }, (editionTitles[d.e] || d.e) + ", " + d.r);
      item.appendChild(link);
      if (d.w) { item.appendChild(el("span", { "class": "hit-who" }, speakerNames[d.w] || d.w)); }
      item.appendChild(core.context(docText(d), printedText(d), lastStems));
      results.appendChild(item);
    });
  }

  /* The words found go with the link in the tab's session storage; the edition's page
     (lib/edition.js) marks them on arrival. */
  var FOUND = "tei-roundtable.found";
  results.addEventListener("click", function (event) {
    var link = event.target.closest("a.hit-ref");
    if (!link) { return; }
    try { window.sessionStorage.setItem(FOUND, JSON.stringify({ url: link.href, stems: lastStems })); } catch (e) { /* unmarked */ }
  });

  var timer = null;
  form.addEventListener("submit", function (event) { event.preventDefault(); window.clearTimeout(timer); run(); });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 200);
  });
  speaker.addEventListener("change", run);
  named.addEventListener("change", run);
})();
