// Progressive enhancement for the certificate upload: drop a file on the form to choose it.
// Without JavaScript the file input works as usual.
(function () {
  "use strict";
  var form = document.querySelector("[data-drop-zone]");
  if (!form) { return; }
  var input = form.querySelector("input[type=file]");
  var hint = form.querySelector("[data-drop-hint]");
  function show(name) { if (hint) { hint.textContent = name ? "Chosen: " + name : "Choose a file, or drag it here."; } }
  ["dragenter", "dragover"].forEach(function (type) {
    form.addEventListener(type, function (event) { event.preventDefault(); form.classList.add("dragging"); });
  });
  ["dragleave", "drop"].forEach(function (type) {
    form.addEventListener(type, function () { form.classList.remove("dragging"); });
  });
  form.addEventListener("drop", function (event) {
    event.preventDefault();
    var files = event.dataTransfer && event.dataTransfer.files;
    if (!files || !files.length) { return; }
    input.files = files;
    show(files[0].name);
  });
  input.addEventListener("change", function () { show(input.files.length ? input.files[0].name : ""); });
}());
