// Progressive enhancement for the COWS/OOWS form: the running total and its band as items are
// chosen. The server scores the saved answers itself; this is only what the paper form's
// "total" box gives at a glance. Without JavaScript the form works the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-total]");
  if (!form) { return; }
  var output = form.querySelector("[data-total-output]");
  var max = form.getAttribute("data-max");
  var bands = (form.getAttribute("data-bands") || "").split("|").filter(Boolean).map(function (text) {
    var parts = text.split(":");
    return { min: Number(parts[0]), max: Number(parts[1]), label: parts.slice(2).join(":") };
  });
  function measured(input) {
    var value = Number(input.value);
    if (input.value === "" || !Number.isInteger(value)) { return null; }
    var steps = input.getAttribute("data-score-bands").split("|");
    for (var i = 0; i < steps.length; i += 1) {
      var step = steps[i].split(":");
      if (step[0] === "" || value <= Number(step[0])) { return Number(step[1]); }
    }
    return null;
  }
  function update() {
    var total = 0;
    var missing = 0;
    var names = {};
    form.querySelectorAll("input[type=radio]").forEach(function (radio) { names[radio.name] = true; });
    Object.keys(names).forEach(function (name) {
      var chosen = form.querySelector("input[type=radio][name='" + name + "']:checked");
      if (chosen) { total += Number(chosen.value); } else { missing += 1; }
    });
    form.querySelectorAll("input[data-score-bands]").forEach(function (input) {
      var score = measured(input);
      if (score === null) { missing += 1; } else { total += score; }
    });
    var band = bands.filter(function (b) { return total >= b.min && total <= b.max; })[0];
    output.textContent = "Total so far: " + total + " of " + max +
      (band ? " — " + band.label : "") +
      (missing ? " (" + missing + " item" + (missing === 1 ? "" : "s") + " still to score)" : "");
  }
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
}());
