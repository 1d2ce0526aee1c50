/* What the edition page's search (edition.js) and the collection page's (collection-search.js)
   share: how a query is read, how words are folded and stemmed as search.py indexed them, which
   documents a search finds, and keywords in context. Every page inlines it at the start of the
   script that holds edition.js, after lunr.js where the page has search (without, nothing calls
   it). */
window.trtSearchCore = (function () {
  "use strict";

  var lunr = window.lunr;
  var doc = document;

  /* As search.py's fold(): no diacritics, no apostrophes, no punctuation, lower case. lunr's
     own trimmer is not used: it would strip every letter outside ASCII. */
  function clean(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").replace(/['’ʼ]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}_\s]+/gu, " ");
  }

  /* Keywords in context stem every word shown, over and over: each word is stemmed once. */
  var stemCache = Object.create(null);
  function stem(word) {
    if (!(word in stemCache)) {
      var cleaned = clean(word).trim().split(/\s+/)[0];
      stemCache[word] = cleaned ? lunr.stemmer(new lunr.Token(cleaned)).toString() : "";
    }
    return stemCache[word];
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

  /* The positions in ``docs`` (and in ``index``, whose refs they are) of the documents the query
     finds, limited to speaker ``who`` and to name ``name``, in the order of the transcript;
     ``readings(d)`` gives a document's two readings folded, for its phrases. */
  function find(index, docs, query, who, name, readings) {
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
    return hits.filter(function (i) {
      var d = docs[i];
      if (who && d.w !== who) { return false; }
      if (name && d.n.indexOf(name) < 0) { return false; }
      if (query.phrases.length) {
        var texts = readings(d);
        return query.phrases.every(function (p) { return texts.some(function (t) { return t.indexOf(" " + p + " ") >= 0; }); });
      }
      return true;
    }).sort(function (a, b) { return a - b; });
  }

  /* The stems the results mark: the query's terms as lunr stems them. */
  function stems(query) {
    return query.terms.map(function (t) { return lunr.stemmer(new lunr.Token(t)).toString(); });
  }

  function firstMatch(words, found) {
    for (var i = 0; i < words.length; i += 1) {
      if (found.indexOf(stem(words[i])) >= 0) { return i; }
    }
    return -1;
  }

  function mark(text) {
    var node = doc.createElement("mark");
    node.textContent = text;
    return node;
  }

  /* Keywords in context, from ``text`` (the reading shown), or from ``other`` when only it has
     the words (a search for the printed form of a corrected name). */
  function context(text, other, found) {
    var words = text.split(" ");
    var first = firstMatch(words, found);
    if (first < 0) {
      var others = other.split(" ");
      if (firstMatch(others, found) >= 0) { words = others; first = firstMatch(others, found); }
    }
    var from = Math.max(0, first - 8);
    var to = Math.min(words.length, (first < 0 ? 0 : first) + 12);
    var box = doc.createElement("bdi");
    box.setAttribute("class", "kwic");
    if (from > 0) { box.appendChild(doc.createTextNode("… ")); }
    for (var j = from; j < to; j += 1) {
      if (j > from) { box.appendChild(doc.createTextNode(" ")); }
      if (found.indexOf(stem(words[j])) >= 0) { box.appendChild(mark(words[j])); }
      else { box.appendChild(doc.createTextNode(words[j])); }
    }
    if (to < words.length) { box.appendChild(doc.createTextNode(" …")); }
    return box;
  }

  return { clean: clean, stem: stem, parse: parse, find: find, stems: stems, context: context };
})();
