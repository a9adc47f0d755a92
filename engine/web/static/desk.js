/* motcua desk: enhancements only. Every page works without this script.
 * Each feature is set up from data-* attributes of the page; no inline
 * script exists (the Content-Security-Policy forbids it). */
"use strict";
(function () {
  var shortcuts = [];   /* [key, description, action] registered by the features */

  function register(key, text, fn) { shortcuts.push([key, text, fn]); }

  /* "?" lists the keyboard shortcuts */
  function helpDialog() {
    var d = document.getElementById("shortcut-help");
    if (!d) {
      d = document.createElement("dialog");
      d.id = "shortcut-help";
      d.setAttribute("aria-labelledby", "shortcut-title");
      var h = document.createElement("h2");
      h.id = "shortcut-title";
      h.textContent = "Phím tắt";
      d.appendChild(h);
      var dl = document.createElement("dl");
      var all = [["?", "Hiện danh sách phím tắt"]].concat(shortcuts);
      all.forEach(function (s) {
        var dt = document.createElement("dt");
        var k = document.createElement("kbd");
        k.textContent = s[0];
        dt.appendChild(k);
        var dd = document.createElement("dd");
        dd.textContent = s[1];
        dl.appendChild(dt);
        dl.appendChild(dd);
      });
      d.appendChild(dl);
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Đóng";
      close.addEventListener("click", function () { d.close(); });
      d.appendChild(close);
      document.body.appendChild(d);
    }
    if (typeof d.showModal === "function") d.showModal();
  }

  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" ||
              t.isContentEditable)) return;
    if (e.key === "?") { e.preventDefault(); helpDialog(); return; }
    for (var i = 0; i < shortcuts.length; i++)
      if (shortcuts[i][0] === e.key) { e.preventDefault(); shortcuts[i][2](); return; }
  });

  /* a form with data-confirm asks before it is sent */
  document.addEventListener("submit", function (e) {
    var f = e.target;
    var q = f.getAttribute("data-confirm");
    if (q && !window.confirm(q)) { e.preventDefault(); return; }
    /* a form sent once is not sent twice by a double click */
    if (f.getAttribute("data-once") !== null) {
      if (f.dataset.sent === "1") { e.preventDefault(); return; }
      f.dataset.sent = "1";
    }
  });

  /* the pages' own features hook in here: window.motcua.register(...) */
  window.motcua = { register: register };
})();
