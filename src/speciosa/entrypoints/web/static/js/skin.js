// Skin photo form: preview the chosen photo and let the person tap (a box around the tapped
// point) or drag a box over the affected site and over the reference site (touch or mouse).
// Nothing is placed in advance: a box only exists where the person put it on this photo. The boxes fill the numeric X/Y/W/H fields,
// which are what the server reads — without JavaScript those fields are typed in directly.
// Box coordinates are in pixels of the photo as displayed upright (EXIF orientation applied,
// as browsers do for <img>), which is how the server measures it.
(function () {
  "use strict";
  var form = document.querySelector("[data-skin-form]");
  if (!form) { return; }
  var input = form.querySelector("#photo");
  var marker = form.querySelector("[data-skin-marker]");
  var canvas = form.querySelector("[data-skin-canvas]");
  var ctx = canvas.getContext("2d");
  var image = new Image();
  var scale = 1;
  var drag = null;
  var COLOURS = { roi: "#c0392b", ref: "#1f6fb2" };
  var TAP_SHARE = 0.12; // a tap makes a square box this share of the photo's shorter side
  var status = form.querySelector("[data-marker-status]");

  function say(text) { if (status) { status.textContent = text; } }

  function tapBox(at) {
    var side = Math.max(8, Math.round(Math.min(image.naturalWidth, image.naturalHeight) * TAP_SHARE));
    var x = Math.round(Math.min(Math.max(0, at.x - side / 2), image.naturalWidth - side));
    var y = Math.round(Math.min(Math.max(0, at.y - side / 2), image.naturalHeight - side));
    return { x: x, y: y, w: side, h: side };
  }

  function field(prefix, key) { return form.querySelector("#" + prefix + "_" + key); }

  function readBox(prefix) {
    var values = ["x", "y", "w", "h"].map(function (k) { return parseInt(field(prefix, k).value, 10); });
    if (values.some(function (v) { return isNaN(v); })) { return null; }
    return { x: values[0], y: values[1], w: values[2], h: values[3] };
  }

  function writeBox(prefix, box) {
    field(prefix, "x").value = box.x;
    field(prefix, "y").value = box.y;
    field(prefix, "w").value = box.w;
    field(prefix, "h").value = box.h;
  }

  function mode() {
    var checked = form.querySelector("input[name=marking]:checked");
    return checked ? checked.value : "roi";
  }

  function draw() {
    if (!image.naturalWidth) { return; }
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    ["roi", "ref"].forEach(function (prefix) {
      var box = readBox(prefix);
      if (!box) { return; }
      ctx.lineWidth = 3;
      ctx.strokeStyle = COLOURS[prefix];
      ctx.strokeRect(box.x * scale, box.y * scale, box.w * scale, box.h * scale);
    });
  }

  function layout() {
    var width = Math.min(marker.clientWidth || 360, 900);
    scale = width / image.naturalWidth;
    canvas.width = Math.round(image.naturalWidth * scale);
    canvas.height = Math.round(image.naturalHeight * scale);
    draw();
  }

  function point(event) {
    var rect = canvas.getBoundingClientRect();
    var x = (event.clientX - rect.left) * (canvas.width / rect.width) / scale;
    var y = (event.clientY - rect.top) * (canvas.height / rect.height) / scale;
    return {
      x: Math.max(0, Math.min(image.naturalWidth, x)),
      y: Math.max(0, Math.min(image.naturalHeight, y))
    };
  }

  function boxFrom(start, end) {
    var x = Math.round(Math.min(start.x, end.x));
    var y = Math.round(Math.min(start.y, end.y));
    var w = Math.round(Math.abs(end.x - start.x));
    var h = Math.round(Math.abs(end.y - start.y));
    w = Math.min(w, image.naturalWidth - x);
    h = Math.min(h, image.naturalHeight - y);
    return { x: x, y: y, w: w, h: h };
  }

  canvas.addEventListener("pointerdown", function (event) {
    if (!image.naturalWidth) { return; }
    canvas.setPointerCapture(event.pointerId);
    drag = { prefix: mode(), start: point(event) };
    event.preventDefault();
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var box = boxFrom(drag.start, point(event));
    if (box.w > 0 && box.h > 0) { writeBox(drag.prefix, box); draw(); }
  });
  function finish(event) {
    if (!drag) { return; }
    var end = point(event);
    var box = boxFrom(drag.start, end);
    if (box.w < 8 || box.h < 8) { box = tapBox(end); } // a tap, not a drag
    writeBox(drag.prefix, box);
    if (drag.prefix === "roi") {
      form.querySelector("#mark-ref").checked = true;
      say("Affected site marked (red). Now tap or drag over the reference site.");
    } else {
      say("Reference site marked (blue). Tap or drag again to move either box, then Measure.");
    }
    drag = null;
    draw();
  }
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", function () { drag = null; draw(); });

  form.querySelectorAll(".box-fields input").forEach(function (el) {
    el.addEventListener("input", draw);
  });
  window.addEventListener("resize", function () { if (image.naturalWidth) { layout(); } });

  image.addEventListener("load", function () {
    marker.hidden = false;
    ["roi", "ref"].forEach(function (prefix) { ["x", "y", "w", "h"].forEach(function (k) { field(prefix, k).value = ""; }); });
    form.querySelector("#mark-roi").checked = true;
    say("Tap or drag over the affected site.");
    layout();
  });
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (!file) { marker.hidden = true; return; }
    if (image.src) { URL.revokeObjectURL(image.src); }
    image.src = URL.createObjectURL(file);
  });
}());
