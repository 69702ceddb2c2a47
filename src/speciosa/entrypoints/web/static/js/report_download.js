// Progressive enhancement for the PDF download: say at once that the report is being prepared
// (the browser shows nothing until the first byte arrives). Without JavaScript the link works.
(function () {
  "use strict";
  var status = document.querySelector("[data-download-status]");
  if (!status) { return; }
  document.querySelectorAll("a[data-report-pdf]").forEach(function (link) {
    link.addEventListener("click", function () {
      status.textContent = "Preparing the PDF report… it downloads in a moment.";
      link.setAttribute("aria-busy", "true");
      window.setTimeout(function () {
        status.textContent = "";
        link.removeAttribute("aria-busy");
      }, 4000);
    });
  });
}());
