/* Offline check-ins and doses. A form marked `data-offline="<what>"` that is submitted without a
   network is kept on this phone (localStorage) with a fresh client id, listed at the top of every
   page, and sent when the network is back. The server stores a client id once, so sending the
   same item again after a lost answer never makes a second record. With a network the form is
   submitted as usual; without JavaScript it is an ordinary form. */
(function () {
  "use strict";
  const KEY = "speciosa.offline-queue.v1";
  const user = document.body.dataset.user || "";
  const panel = document.getElementById("offline-queue");
  let sending = false;
  let lastSent = [];

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function store(items) { localStorage.setItem(KEY, JSON.stringify(items)); }
  function mine(items) { return items.filter(function (i) { return i.user === user; }); }
  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, function (x) { return x.toString(16).padStart(2, "0"); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function clock(iso) {
    return new Date(iso).toLocaleString([], { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  }

  function show() {
    if (!panel) { return; }
    const waiting = mine(load());
    panel.textContent = "";
    if (!waiting.length && !lastSent.length) { panel.hidden = true; return; }
    panel.hidden = false;
    if (waiting.length) {
      const p = document.createElement("p");
      p.className = "queued-title";
      p.textContent = waiting.length === 1
        ? "1 item is saved on this phone and not sent yet:"
        : waiting.length + " items are saved on this phone and not sent yet:";
      panel.appendChild(p);
      const ul = document.createElement("ul");
      ul.className = "queued";
      waiting.forEach(function (item) {
        const li = document.createElement("li");
        li.textContent = item.what + " from " + clock(item.queued_at)
          + (item.problem ? " — not accepted: " + item.problem : " — waiting for a connection");
        ul.appendChild(li);
      });
      panel.appendChild(ul);
      const flagged = waiting.some(function (item) {
        return item.fields.some(function (f) { return f[0] === "red_flags"; });
      });
      if (flagged) {
        // A ticked warning sign must not wait for the network: say what to do now.
        const urgent = document.createElement("p");
        urgent.className = "urgent";
        urgent.setAttribute("role", "alert");
        urgent.textContent = "You ticked a warning sign. Do not wait for the connection: if you "
          + "feel very unwell, call your local emergency number now.";
        panel.appendChild(urgent);
        const link = document.createElement("a");
        link.href = "/me/red-flags";
        link.textContent = "What to do now (Urgent help)";
        panel.appendChild(link);
      }
      const note = document.createElement("p");
      note.className = "muted";
      note.textContent = navigator.onLine
        ? "Sending now…"
        : "No connection. They are sent by themselves when you are back online; keep this app open or open it again then.";
      panel.appendChild(note);
    }
    if (lastSent.length) {
      const done = document.createElement("p");
      done.className = "queued-sent";
      done.textContent = "Sent and stored: " + lastSent.join(", ") + ".";
      panel.appendChild(done);
    }
  }

  function enqueue(form) {
    const fields = [];
    new FormData(form).forEach(function (value, key) {
      if (typeof value === "string") { fields.push([key, key === "id" ? "" : value]); }
    });
    const id = newId();
    const now = new Date();
    const local = new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
    fields.forEach(function (f) {
      if (f[0] === "id") { f[1] = id; }
      // The record keeps the moment save was pressed, not the moment it reaches the server.
      if (f[0] === "taken_at" && !f[1]) { f[1] = local; }
    });
    if (!fields.some(function (f) { return f[0] === "id"; })) { fields.push(["id", id]); }
    const items = load();
    items.push({
      id: id, user: user, what: form.dataset.offline, action: form.getAttribute("action") || location.pathname,
      fields: fields, queued_at: new Date().toISOString(),
    });
    store(items);
    form.reset();
  }

  async function sendOne(item) {
    const body = new URLSearchParams();
    item.fields.forEach(function (f) { body.append(f[0], f[1]); });
    const response = await fetch(item.action, {
      method: "POST", body: body, credentials: "same-origin", redirect: "follow",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    if (response.ok) { return ""; }
    if (response.status >= 400 && response.status < 500) {
      const text = await response.text();
      const found = /<p class="error"[^>]*>([\s\S]*?)<\/p>/.exec(text);
      const words = found ? found[1].replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim() : "";
      return words || ("the server answered " + response.status);
    }
    throw new Error("server error " + response.status);
  }

  async function flush() {
    if (sending || !navigator.onLine) { show(); return; }
    sending = true;
    try {
      for (const item of mine(load())) {
        if (item.problem) { continue; }
        let problem;
        try { problem = await sendOne(item); } catch (e) { break; } // still offline: try later
        const rest = load().filter(function (i) { return i.id !== item.id; });
        if (problem) {
          item.problem = problem;
          rest.push(item);
        } else {
          lastSent.push(item.what + " from " + clock(item.queued_at));
        }
        store(rest);
      }
    } finally {
      sending = false;
      show();
    }
  }

  document.querySelectorAll("form[data-offline]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) { return; }
      event.preventDefault();
      enqueue(form);
      show();
      if (panel) { panel.scrollIntoView({ block: "start" }); panel.focus && panel.focus(); }
    });
  });
  document.querySelectorAll("form.sign-out").forEach(function (form) {
    form.addEventListener("submit", function () {
      if (navigator.serviceWorker && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage("forget");
      }
    });
  });
  window.addEventListener("online", flush);
  window.addEventListener("offline", show);
  flush();
})();
