/* motcua desk, the receipt page: the procedure filtered as one types, the
 * appointment kept live (POST /api/v1/calendar/add at the server's clock),
 * the slip's button focused after a receipt. The page works without it. */
"use strict";
(function () {
  function fold(s) {
    return (s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d");
  }

  var pick = document.getElementById("procedure-pick");
  var q = document.getElementById("q");
  var form = document.getElementById("pick-form");
  if (pick && q && form) {
    Array.prototype.forEach.call(form.querySelectorAll(".no-js"), function (b) { b.hidden = true; });
    var count = document.getElementById("pick-count");
    var filter = function () {
      var want = fold(q.value).trim();
      var shown = 0, first = null;
      Array.prototype.forEach.call(pick.querySelectorAll("optgroup"), function (g) {
        var any = false;
        Array.prototype.forEach.call(g.querySelectorAll("option"), function (o) {
          var ok = !want || fold(o.getAttribute("data-search") + " " + o.textContent).indexOf(want) >= 0;
          o.hidden = !ok;
          o.disabled = !ok;
          if (ok) { any = true; shown++; if (!first) first = o; }
        });
        g.hidden = !any;
      });
      if (count) count.textContent = shown + " thủ tục";
      return first;
    };
    q.addEventListener("input", filter);
    q.addEventListener("keydown", function (e) {
      if (e.key !== "Enter") return;
      e.preventDefault();
      var sel = pick.selectedOptions[0];
      var first = filter();
      var o = sel && !sel.hidden ? sel : first;
      if (o) { pick.value = o.value; form.submit(); }
    });
    q.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); pick.focus(); }
    });
    pick.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); form.submit(); }
    });
    pick.addEventListener("dblclick", function () { if (pick.value) form.submit(); });
    if (q.value) filter();
  }

  /* "2026-05-19T08:30:00+07:00" -> "08 giờ 30 phút, ngày 19/05/2026" */
  function vn(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso || "");
    return m ? m[4] + " giờ " + m[5] + " phút, ngày " + m[3] + "/" + m[2] + "/" + m[1] : null;
  }
  /* the moment `ms` in Vietnam's time, as the API reads it */
  function iso(ms) {
    return new Date(ms + 7 * 3600 * 1000).toISOString().slice(0, 19) + "+07:00";
  }

  var ap = document.getElementById("appointment");
  if (ap && window.fetch) {
    var at = document.getElementById("appointment-at");
    var serverNow = Date.parse(ap.getAttribute("data-now"));
    var t0 = Date.now();
    var refresh = function () {
      var start = iso(serverNow + (Date.now() - t0));
      fetch("/api/v1/calendar/add", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ start: start, duration: ap.getAttribute("data-duration") })
      }).then(function (r) { return r.ok ? r.json() : null; }).then(function (j) {
        var t = j && vn(j.due);
        if (t && at.textContent !== t) at.textContent = t;
        ap.setAttribute("data-live", start);
      }).catch(function () {});
    };
    refresh();
    window.setInterval(refresh, 30000);
  }

  var first = document.querySelector("#receipt [aria-invalid=true]");
  if (first) first.focus();
  else if (document.getElementById("receipt") && !document.getElementById("off-hours-focus")) {
    var name = document.getElementById("f-applicant");
    if (name && !name.value) name.focus();
  }

  var slip = document.getElementById("print-slip");
  if (slip) {
    slip.focus();
    if (window.motcua) {
      window.motcua.register("p", "In phiếu hẹn", function () { slip.click(); });
      var next = document.getElementById("next-receipt");
      if (next) window.motcua.register("n", "Tiếp nhận hồ sơ khác", function () { next.click(); });
    }
  }
})();
