/* The check-in's unanswered questions, listed all at once before the form is sent (the server
   lists them the same way when this script does not run). Registered on the document in the
   capture phase, so it runs before the offline queue and a form with gaps is never queued. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("form[data-required-questions]")) { return; }
    const missing = [];
    form.querySelectorAll("fieldset.item").forEach(function (fieldset) {
      const radios = fieldset.querySelectorAll("input[type=radio]");
      const answered = Array.prototype.some.call(radios, function (r) { return r.checked; });
      fieldset.classList.toggle("invalid", !answered);
      if (!answered && radios.length) {
        missing.push({ fieldset: fieldset, text: fieldset.querySelector("legend").textContent.trim() });
      }
    });
    let box = document.getElementById("form-error");
    if (!missing.length) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!box) {
      box = document.createElement("div");
      box.id = "form-error";
      box.className = "error";
      box.setAttribute("role", "alert");
      box.tabIndex = -1;
      form.parentNode.insertBefore(box, form);
    }
    box.textContent = "";
    const p = document.createElement("p");
    p.textContent = missing.length === 1
      ? "Please answer this question before saving:"
      : "Please answer these " + missing.length + " questions before saving:";
    box.appendChild(p);
    const ul = document.createElement("ul");
    ul.className = "missing";
    missing.forEach(function (m) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = "#" + m.fieldset.id;
      a.textContent = m.text;
      li.appendChild(a);
      ul.appendChild(li);
    });
    box.appendChild(ul);
    box.focus();
  }, true);
})();
