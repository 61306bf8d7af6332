// ThINKA Netzwerk: small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Move focus to the error summary so screen readers announce what went wrong.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }

  // Filters stand open beside the list on wide screens; on a phone they fold away.
  var panel = document.querySelector("details.filter-panel");
  if (panel && window.matchMedia("(min-width: 992px)").matches) {
    panel.open = true;
  }
})();
