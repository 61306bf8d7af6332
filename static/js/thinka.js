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

// A link to a folded section (list → "Kontakt eintragen"): open it and focus its first field.
(function () {
  var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
  if (target && target.tagName === "DETAILS") {
    target.open = true;
    var field = target.querySelector("input:not([type=hidden]), select, textarea");
    if (field) { field.focus(); }
  }
})();

// One-page recording: the organisation's name as a combobox over the register (ARIA 1.2
// combobox with a listbox). Picking an entry uses it; typing on creates a new one. Without
// JavaScript the server shows the similar entries after sending.
(function () {
  var form = document.querySelector("form.record-form");
  if (!form || !window.fetch) { return; }
  var input = form.querySelector("input[name='org-name']");
  var list = document.getElementById("org-suggestions");
  var status = document.getElementById("org-suggestions-status");
  var hidden = form.querySelector("input[name=organisation]");
  var checked = form.querySelector("input[name=register_checked]");
  var picked = document.getElementById("picked-organisation");
  if (!input || !list || !hidden || !picked) { return; }
  var newParts = form.querySelectorAll("[data-new-organisation]");
  var timer = null;
  var active = -1;
  var results = [];
  var asked = "";

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("autocomplete", "off");

  var close = function () {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  var highlight = function (index) {
    var options = list.querySelectorAll("[role=option]");
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
      option.classList.toggle("active", i === index);
    });
    active = index;
    if (index >= 0 && options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };
  var setNewPartsHidden = function (isHidden) {
    newParts.forEach(function (part) { part.hidden = isHidden; });
  };
  var pick = function (item) {
    hidden.value = item.id;
    picked.querySelector("[data-picked-name]").textContent = item.name;
    picked.querySelector("[data-picked-details]").textContent =
      [item.type, item.city].filter(Boolean).join(", ");
    var partner = picked.querySelector("[data-picked-partner]");
    if (partner) {
      partner.hidden = !item.partner;
      partner.querySelector("a").href = item.contact_url || "#";
    }
    picked.hidden = false;
    setNewPartsHidden(true);
    close();
    var unpick = picked.querySelector("[data-unpick]");
    if (unpick) { unpick.focus(); }
  };
  var show = function (items) {
    results = items;
    list.replaceChildren();
    items.forEach(function (item, index) {
      var option = document.createElement("li");
      option.id = "org-option-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.className = "list-group-item list-group-item-action";
      option.textContent = item.name + " – " + [item.type, item.city].filter(Boolean).join(", ") +
        " (" + item.similarity + " %)" +
        (item.partner ? " – " + (form.dataset.partnerLabel || "") : "");
      option.addEventListener("mousedown", function (event) { event.preventDefault(); });
      option.addEventListener("click", function () { pick(item); });
      list.appendChild(option);
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
    if (status) {
      status.textContent = items.length
        ? status.dataset.found.replace("{n}", items.length)
        : status.dataset.none;
    }
    active = -1;
  };
  var ask = function () {
    var name = input.value.trim();
    if (name.length < 3) { show([]); return; }
    var project = form.querySelector("[name=project]");
    var url = form.dataset.suggestUrl + "?name=" + encodeURIComponent(name) +
      (project && project.value ? "&project=" + encodeURIComponent(project.value) : "");
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || input.value.trim() !== name) { return; }
        asked = name;
        // The register was shown for exactly this name: a new entry is meant if sent so.
        if (checked) { checked.value = "True"; }
        show(data.results || []);
      })
      .catch(function () {});
  };
  input.addEventListener("input", function () {
    if (checked && input.value.trim() !== asked) { checked.value = ""; }
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 150);
  });
  input.addEventListener("keydown", function (event) {
    var count = results.length;
    if (event.key === "ArrowDown" && count) {
      event.preventDefault();
      if (list.hidden) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
      highlight((active + 1) % count);
    } else if (event.key === "ArrowUp" && count) {
      event.preventDefault();
      highlight(active <= 0 ? count - 1 : active - 1);
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault();
      pick(results[active]);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  var unpick = picked.querySelector("[data-unpick]");
  if (unpick) {
    unpick.addEventListener("click", function (event) {
      event.preventDefault();
      hidden.value = "";
      picked.hidden = true;
      setNewPartsHidden(false);
      input.focus();
    });
  }
})();
