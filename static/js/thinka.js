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

  // While typing an organisation name: similar entries from the register, to pick one.
  var form = document.querySelector("form[data-suggest-url]");
  var box = document.getElementById("live-suggestions");
  var nameInput = form && form.querySelector("input[name=name]");
  if (form && box && nameInput && window.fetch) {
    var timer = null;
    nameInput.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var name = nameInput.value.trim();
        box.replaceChildren();
        if (name.length < 3) { return; }
        var url = form.dataset.suggestUrl + "?name=" + encodeURIComponent(name);
        fetch(url, { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { showSuggestions(data.results || []); })
          .catch(function () {});
      }, 250);
    });
    var showSuggestions = function (results) {
      box.replaceChildren();
      if (!results.length) { return; }
      var heading = document.createElement("p");
      heading.className = "fw-semibold mb-1";
      heading.textContent = box.dataset.heading;
      var list = document.createElement("ul");
      list.className = "list-group";
      var project = form.querySelector("[name=project]");
      results.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "list-group-item";
        var link = document.createElement("a");
        link.href = form.dataset.createUrl + "?project=" + encodeURIComponent(project ? project.value : "") +
          "&organisation=" + encodeURIComponent(item.id);
        link.textContent = item.name + " (" + [item.type, item.city].filter(Boolean).join(", ") + ", " +
          item.similarity + " %) – " + box.dataset.choose;
        li.appendChild(link);
        list.appendChild(li);
      });
      box.appendChild(heading);
      box.appendChild(list);
    };
  }
})();
