/* Remembers the reading (normalised or diplomatic) the reader chose. The switch itself is
   two radio buttons and CSS and works without JavaScript; this only restores the choice on
   the next visit. Storage can be unavailable (private windows, some file: pages): then the
   default reading stays. */
(function () {
  "use strict";
  var KEY = "tei-roundtable.reading";
  var radios = document.querySelectorAll('input[name="reading"]');
  var saved = null;
  try { saved = window.localStorage.getItem(KEY); } catch (e) { saved = null; }
  Array.prototype.forEach.call(radios, function (radio) {
    if (saved !== null && radio.value === saved) { radio.checked = true; }
    radio.addEventListener("change", function () {
      if (!radio.checked) { return; }
      try { window.localStorage.setItem(KEY, radio.value); } catch (e) { /* not remembered */ }
    });
  });
})();
