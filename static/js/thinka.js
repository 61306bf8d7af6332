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

// Print buttons (no inline handlers: the content security policy forbids them).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});

// Ordered inline lists: add a row, move rows up and down; positions follow the order.
document.querySelectorAll("fieldset.formset").forEach(function (set) {
  var prefix = set.dataset.prefix;
  var rows = set.querySelector(".formset-rows");
  var total = set.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
  var template = set.querySelector("template.formset-empty");
  var addButton = set.querySelector(".formset-add");
  var labels = { up: set.dataset.up || "nach oben", down: set.dataset.down || "nach unten" };
  var noJsHint = set.querySelector(".formset-nojs");
  if (noJsHint) { noJsHint.hidden = true; }

  var renumber = function () {
    var position = 0;
    rows.querySelectorAll(".formset-row").forEach(function (row, index) {
      var order = row.querySelector("input[name$='-ORDER']");
      var title = row.querySelector(".formset-row-title");
      if (title) { title.textContent = title.dataset.label + " " + (index + 1); }
      var filled = Array.prototype.some.call(
        row.querySelectorAll("input[type=text], textarea, select"),
        function (field) { return field.value && !field.name.endsWith("-ORDER"); }
      );
      if (order) { order.value = filled ? String(++position) : ""; }
    });
  };

  var addTools = function (row) {
    var title = row.querySelector(".formset-row-title");
    if (title && !title.dataset.label) {
      title.dataset.label = title.textContent.replace(/\s*\d+$/, "");
    }
    var order = row.querySelector("input[name$='-ORDER']");
    if (order) { order.closest(".mb-3").hidden = true; }
    var tools = document.createElement("div");
    tools.className = "formset-tools d-flex flex-wrap align-items-center gap-2";
    var remove = row.querySelector("input[name$='-DELETE']");
    if (remove) { tools.appendChild(remove.closest(".mb-3") || remove.parentNode); }
    [["up", "↑"], ["down", "↓"]].forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-secondary";
      button.textContent = pair[1] + " " + labels[pair[0]];
      button.addEventListener("click", function () {
        var sibling = pair[0] === "up" ? row.previousElementSibling : row.nextElementSibling;
        if (!sibling) { return; }
        if (pair[0] === "up") { rows.insertBefore(row, sibling); } else { rows.insertBefore(sibling, row); }
        renumber();
        button.focus();
      });
      tools.appendChild(button);
    });
    row.querySelector("fieldset").appendChild(tools);
  };

  rows.querySelectorAll(".formset-row").forEach(addTools);
  set.addEventListener("change", renumber);
  if (set.form || set.closest("form")) { (set.form || set.closest("form")).addEventListener("submit", renumber); }
  if (template && total && addButton) {
    addButton.hidden = false;
    addButton.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var row = rows.lastElementChild;
      addTools(row);
      renumber();
      var first = row.querySelector("input[type=text], textarea, select");
      if (first) { first.focus(); }
    });
  }
});
