// ThINKA Netzwerk: small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Move focus to the error summary so screen readers announce what went wrong.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
