// Phonehome console: the little the pages do in the browser. Loaded from this origin only (the
// Content-Security-Policy allows no inline script). Everything here is an improvement; every page
// works with plain forms without it.
(function () {
  "use strict";
  // htmx requests carry the session's CSRF token, as forms carry it in a hidden field.
  document.addEventListener("htmx:configRequest", function (e) {
    var token = document.body.getAttribute("data-csrf");
    if (token) { e.detail.headers["X-CSRF-Token"] = token; }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var all = document.getElementById("select-all");
    if (all) {
      all.addEventListener("change", function () {
        document.querySelectorAll("#fleet tbody input[type=checkbox][name=mac]").forEach(function (b) { b.checked = all.checked; });
      });
    }
    // a CSV file picked on the import page is read into the text box (nothing is uploaded until Check)
    var file = document.getElementById("csv-file");
    if (file) {
      file.addEventListener("change", function () {
        if (!file.files.length) { return; }
        var reader = new FileReader();
        reader.onload = function () { document.getElementById("csv").value = reader.result; };
        reader.readAsText(file.files[0]);
      });
    }
    var reboot = document.getElementById("bulk-reboot");
    if (reboot) {
      reboot.addEventListener("click", function (e) {
        var n = document.querySelectorAll("#fleet tbody input[name=mac]:checked").length;
        if (n > 1 && !window.confirm(reboot.textContent + ": " + n)) { e.preventDefault(); }
      });
    }
  });
})();
