/* lookup page of the desk (engine/web/page_lookup.c): enhancements only; the page works without it. */
"use strict";
(function () {
  // the four digits: only digits are kept as they are typed or pasted
  const so = document.getElementById("so");
  if (so) {
    so.addEventListener("input", function () {
      const d = so.value.replace(/[^0-9]/g, "").slice(0, 4);
      if (d !== so.value) so.value = d;
    });
  }
  // after a miss, the digits are the field to type again (the code is kept)
  const ma = document.getElementById("ma");
  if (ma && so && document.getElementById("lookup-error")) (ma.value ? so : ma).focus();
  else if (ma && !ma.value) ma.focus();
})();
