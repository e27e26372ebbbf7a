// The lesson catalog's quick filter: narrow "All lessons" by words, kind of
// organization and topic as you type or choose. Without JavaScript the filter is not
// shown and the pages per organization and per topic do the same job.
(function () {
  var form = document.querySelector("[data-caucus-filter]");
  if (!form) return;
  var words = form.elements.words;
  var choices = [form.elements.settings, form.elements.topics];
  var count = form.querySelector("[data-caucus-count]");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".caucus-card"));
  var headings = Array.prototype.slice.call(document.querySelectorAll(".caucus-cards-heading"));
  var texts = cards.map(function (card) { return card.textContent.toLocaleLowerCase(); });

  function matches(card, i, wanted) {
    for (var w = 0; w < wanted.length; w++) if (texts[i].indexOf(wanted[w]) < 0) return false;
    for (var c = 0; c < choices.length; c++) {
      var value = choices[c].value;
      if (value && (" " + card.getAttribute("data-" + choices[c].name) + " ").indexOf(" " + value + " ") < 0) return false;
    }
    return true;
  }

  function apply() {
    var wanted = words.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    cards.forEach(function (card, i) {
      card.hidden = !matches(card, i, wanted);
      if (!card.hidden) shown++;
    });
    count.textContent = count.getAttribute("data-template").replace("%(count)s", shown);
    // The heading over the lessons not translated yet goes when none of them is shown.
    headings.forEach(function (heading) {
      var any = false;
      for (var el = heading.nextElementSibling; el && !/^H[1-6]$/.test(el.tagName); el = el.nextElementSibling) {
        if (el.classList.contains("caucus-card") && !el.hidden) any = true;
      }
      heading.hidden = !any;
    });
  }

  // The header's search box leads here when Pagefind cannot load (?q=...); the filter
  // itself sends ?words=... if the reader pressed Enter before this script arrived.
  var query = new URLSearchParams(location.search), asked = query.get("q") || query.get("words");
  if (asked && !words.value) words.value = asked;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  apply();  // what the reader typed or chose before this script arrived, too
})();
