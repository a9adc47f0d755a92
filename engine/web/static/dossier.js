/* The dossier page: a form with data-confirm is confirmed by desk.js
 * before it is sent, so it carries confirm=1 (without this script the
 * server shows its own confirmation view first). "c" opens the list. */
"use strict";
(function () {
  document.querySelectorAll("form.act[data-confirm]").forEach(function (f) {
    var i = document.createElement("input");
    i.type = "hidden";
    i.name = "confirm";
    i.value = "1";
    f.appendChild(i);
  });
  if (window.motcua && window.motcua.register)
    window.motcua.register("l", "Về danh sách hồ sơ", function () { window.location.href = "/ho-so"; });
})();
