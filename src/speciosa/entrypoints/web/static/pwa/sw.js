/* Speciosa's service worker, served from the site root (/sw.js) so that its scope is the whole
   site. It keeps the app's own files, the two forms a person fills in offline (the check-in
   and the dose log) and the urgent-help page, so they open without a network; every page is fetched from the network first
   and the stored copy is used only when the network fails. It never stores a POST: a check-in or
   dose made offline is queued by /static/js/offline_queue.js and sent with its client id. */
"use strict";
const VERSION = "speciosa-v1";
const SHELL = [
  "/static/css/app.css",
  "/static/css/withdrawal.css",
  "/static/css/dosing.css",
  "/static/js/offline_queue.js",
  "/static/js/checkin_validation.js",
  "/static/favicon.svg",
  "/static/icons/icon-192.png",
  "/static/icons/icon-512.png",
  "/manifest.webmanifest",
];
const OFFLINE_PAGES = ["/me/checkin", "/me/doses", "/me/red-flags"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function keepable(url) {
  return url.pathname.startsWith("/static/") || OFFLINE_PAGES.includes(url.pathname)
    || url.pathname === "/manifest.webmanifest";
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || !keepable(url)) {
    return; // everything else goes to the network untouched
  }
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && !response.redirected) {
          const copy = response.clone();
          caches.open(VERSION).then((cache) => cache.put(url.pathname, copy));
        }
        return response;
      })
      .catch(() => caches.match(url.pathname).then((hit) => hit || Response.error())),
  );
});

self.addEventListener("message", (event) => {
  // Sent on sign-out: nothing of this person's pages stays on a shared phone.
  if (event.data === "forget") {
    event.waitUntil(caches.delete(VERSION));
  }
});
