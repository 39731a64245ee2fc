// Small comforts on top of a form that works without scripts: more rows on demand, and the
// municipality and support-level suggestions of the policy chosen.
(function () {
  "use strict";
  var form = document.getElementById("quote-form");
  if (!form) { return; }

  function renumber(row, index) {
    row.querySelectorAll("[id]").forEach(function (field) {
      field.id = field.id.replace(/-\d+$/, "-" + index);
      field.value = "";
      field.removeAttribute("aria-invalid");
      field.removeAttribute("aria-describedby");
    });
    row.querySelectorAll("label").forEach(function (label) {
      label.htmlFor = label.htmlFor.replace(/-\d+$/, "-" + index);
      label.textContent = label.textContent.replace(/\d+(\D*)$/, (index + 1) + "$1");
    });
    row.querySelectorAll(".problem").forEach(function (problem) { problem.remove(); });
  }

  form.querySelectorAll("button[data-add]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var rows = form.querySelectorAll(".row." + button.dataset.add);
      var row = rows[rows.length - 1].cloneNode(true);
      renumber(row, rows.length);
      button.before(row);
      row.querySelector("input, select").focus();
    });
  });

  var policy = document.getElementById("policy");
  var zones = JSON.parse(document.getElementById("timezones").textContent);
  policy.addEventListener("change", function () {
    document.getElementById("municipality").setAttribute("list", "places-" + policy.value);
    document.getElementById("support-level").setAttribute("list", "levels-" + policy.value);
    document.getElementById("timezone").textContent = zones[policy.value] || "";
  });
})();
