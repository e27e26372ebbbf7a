// The search box (partials/search.html), fetched the first time the reader goes to the
// box. Pagefind's index is fetched when the reader starts to type; Pagefind picks the
// index of the page's <html lang>. If Pagefind cannot load (a page opened from disk), the
// form does what it does without JavaScript: it opens the catalog of the page's language.
(function () {
  var form = document.querySelector("form.caucus-search");
  if (!form) return;
  var input = form.querySelector("input"), out = form.querySelector(".caucus-search__results");
  var engine = null, asked = 0;

  function load() {
    if (!engine) {
      var url = new URL(form.dataset.pagefind, location.href);
      engine = import(url.href).then(function (pagefind) {
        // Result addresses start at the site's root, wherever the site is published; the
        // search runs in the page (no second script to fetch for a Web Worker).
        return pagefind.options({ baseUrl: new URL("../", url).pathname, noWorker: true }).then(function () { return pagefind; });
      });
      engine.catch(function () { engine = null; form.dataset.failed = ""; });
    }
    return engine;
  }

  // Pagefind's excerpts are escaped text with <mark> around the words found: copy only
  // text and marks (a result never brings markup of its own into the page).
  function excerpt(html, into) {
    var body = new DOMParser().parseFromString(html, "text/html").body;
    body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") { var m = document.createElement("mark"); m.textContent = node.textContent; into.appendChild(m); }
      else into.appendChild(document.createTextNode(node.textContent));
    });
  }

  function show(query) {
    var mine = ++asked;
    if (!query.trim()) { out.hidden = true; out.textContent = ""; return; }
    load().then(function (pagefind) { return pagefind.debouncedSearch(query, {}, 200); }).then(function (search) {
      if (!search || mine !== asked) return null;  // a later keystroke took over
      return Promise.all(search.results.slice(0, 8).map(function (r) { return r.data(); })).then(function (pages) {
        if (mine !== asked) return;
        var n = search.results.length;
        out.textContent = "";
        var count = document.createElement("p");
        count.textContent = n === 0 ? form.dataset.none : n === 1 ? form.dataset.one : form.dataset.other.replace("#", n);
        out.appendChild(count);
        var list = document.createElement("ol");
        pages.forEach(function (page) {
          var item = document.createElement("li"), link = document.createElement("a"), text = document.createElement("p");
          link.href = page.url;
          link.textContent = (page.meta && page.meta.title) || page.url;
          excerpt(page.excerpt || "", text);
          item.appendChild(link);
          item.appendChild(text);
          list.appendChild(item);
        });
        out.appendChild(list);
        out.hidden = false;
      });
    }).catch(function () { /* Pagefind could not load: sending the form opens the catalog */ });
  }

  input.addEventListener("input", function () { show(input.value); });
  input.addEventListener("focus", function () { load(); if (out.firstChild && input.value.trim()) out.hidden = false; });
  // A click elsewhere on the page closes the results (Escape empties the box).
  document.addEventListener("click", function (event) { if (!form.contains(event.target)) out.hidden = true; });
  form.addEventListener("submit", function (event) {
    if (form.dataset.failed === undefined) { event.preventDefault(); show(input.value); }
  });
  // This script is fetched when the reader first comes to the box (partials/search.html):
  // catch up with what they typed while it arrived.
  if (document.activeElement === input) { load(); if (input.value.trim()) show(input.value); }
})();
