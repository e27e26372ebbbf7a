// Fetch the search index only when the reader starts to search. Material's search asks
// for it as soon as a page loads, and it is the heaviest file a page would fetch (several
// hundred KB), while most readers on a phone never search. This script runs before
// Material's and holds that one request back until the search box is used.
(function () {
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var wanted = false;

  function release() {
    if (wanted) return;
    wanted = true;
    held.forEach(function (go) { go(); });
    held = [];
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.caucusSearchIndex = /\/search\/search_index\.json$/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!request.caucusSearchIndex || wanted) return send.apply(request, args);
    held.push(function () { send.apply(request, args); });
  };

  function inSearch(target) {
    return target && target.closest && target.closest("form[name=search], label[for=__search]");
  }
  document.addEventListener("focusin", function (event) { if (inSearch(event.target)) release(); });
  document.addEventListener("pointerdown", function (event) { if (inSearch(event.target)) release(); });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) release();
  });
})();
