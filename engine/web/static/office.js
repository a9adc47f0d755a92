// office.js - the page "Văn phòng", enhanced: the letter's preview follows
// the reason as it is typed; shortcuts for the tabs. Without it the page
// works the same (the preview button redraws the letter).
(function () {
  "use strict";
  var reason = document.getElementById("ly_do");
  var shown = document.getElementById("ly-do-xem");
  if (reason && shown) {
    var follow = function () {
      var v = reason.value.trim();
      shown.textContent = v ? v : "[nêu lý do]";
    };
    reason.addEventListener("input", follow);
  }
  var m = window.motcua;
  if (m && m.register) {
    var go = function (muc) {
      return function () { window.location.href = "/van-phong?muc=" + muc; };
    };
    m.register("c", "Văn phòng: Cảnh báo", go("canh-bao"));
    m.register("x", "Văn phòng: Xin lỗi", go("xin-loi"));
    m.register("b", "Văn phòng: Báo cáo", go("bao-cao"));
  }
})();
