// The offline check-in page of a stop (pretix-style): the list is downloaded and kept in localStorage, each scan
// is decided on the device and queued with a UUID made here, and the queue is sent to the server's batch sync
// whenever the network is there; the server merges it idempotently and reports what it could not accept.
(function () {
  "use strict";
  const root = document.getElementById("checkin");
  if (!root) return;
  const msg = (name) => root.dataset["msg" + name.charAt(0).toUpperCase() + name.slice(1)] || name;
  const KEY = "mk-checkin-" + root.dataset.stop;
  const lang = document.documentElement.lang;
  const blank = { list: [], checked: {}, queue: [], walkIns: [], synced: 0, reported: [] };
  let state;
  try { state = Object.assign({}, blank, JSON.parse(localStorage.getItem(KEY) || "{}")); } catch (e) { state = Object.assign({}, blank); }
  const save = () => localStorage.setItem(KEY, JSON.stringify(state));
  const $ = (id) => document.getElementById(id);
  const testid = (name) => root.querySelector('[data-testid="' + name + '"]');

  function deviceName() {
    let name = localStorage.getItem("mk-device");
    // A code, not a word: the name is shown inside the reasons of pages in either language.
    if (!name) { name = "mk-" + uuid().slice(0, 8); localStorage.setItem("mk-device", name); }
    return name;
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function normalise(raw) {
    let text = String(raw || "").trim().toUpperCase();
    if (text.startsWith("MKC:")) text = text.split(":").pop();
    return text.replace(/[\s-]/g, "");
  }
  function render() {
    const online = navigator.onLine;
    const badge = testid("network");
    badge.textContent = online ? msg("online") : msg("offline");
    badge.className = "badge " + (online ? "text-bg-success" : "text-bg-warning");
    testid("list-count").textContent = state.list.length + " " + msg("list");
    testid("pending").textContent = (state.queue.length + state.walkIns.length) + " " + msg("pending");
    testid("synced").textContent = state.synced + " " + msg("synced");
    const reported = $("reported");
    reported.replaceChildren(...state.reported.map((r) => {
      const li = document.createElement("li");
      // The server's reason in the page's language; one kept from a page in the other language shows its
      // outcome only (translated here), never text in the other language.
      const reason = r.lang === lang ? r.reason : msg("outcome" + (r.outcome || "").charAt(0).toUpperCase() + (r.outcome || "").slice(1));
      li.textContent = (r.code || r.name || "") + " : " + reason;
      return li;
    }));
  }
  function say(text, good) {
    const last = $("last");
    last.textContent = text;
    last.className = "fs-5 " + (good ? "text-success" : "text-danger");
  }
  function checkIn(raw) {
    const code = normalise(raw);
    if (!code) return;
    const entry = state.list.find((r) => r.code === code);
    if (state.checked[code]) { say(msg("duplicate") + " — " + (entry ? entry.name : code), false); return; }
    state.checked[code] = new Date().toISOString();
    state.queue.push({ uuid: uuid(), code: code, scanned_at: state.checked[code] });
    save();
    if (!entry) say(msg("unknown") + " (" + code + ")", false);
    else if (entry.state === "waiting") say(msg("waiting") + " — " + entry.name, false);
    else say(msg("accepted") + " — " + entry.name, true);
    render();
    sync();
  }
  let syncing = false;
  const RETRY_MS = 3000;
  let retry = null;
  async function sync() {
    if (syncing || !navigator.onLine || (!state.queue.length && !state.walkIns.length)) { render(); return; }
    syncing = true;
    let sent = false, refused = false;
    const scans = state.queue.slice(), walkIns = state.walkIns.slice();
    try {
      const response = await fetch(root.dataset.syncUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
        body: JSON.stringify({ device: deviceName(), scans: scans, walk_ins: walkIns }),
      });
      if (!response.ok) {
        // Refused as a whole (a cancelled stop, a session ended): the scans stay queued on the device.
        refused = response.status >= 400 && response.status < 500;
        if (refused) say(msg("syncRefused"), false);
        throw new Error(String(response.status));
      }
      const data = await response.json();
      const done = new Set(data.results.map((r) => r.uuid));
      state.queue = state.queue.filter((s) => !done.has(s.uuid));
      state.walkIns = state.walkIns.filter((w) => !done.has(w.uuid));
      data.results.forEach((r) => {
        if (!r.replayed && r.outcome === "accepted") state.synced += 1;
        if (r.outcome !== "accepted") {
          state.reported.push({ code: r.code, name: r.name, outcome: r.outcome, reason: r.reason_text, lang: lang });
        }
      });
      save();
      sent = true;
    } catch (e) {
      // Kept in the queue: sent again with the same identifiers, so a half-received batch is not counted twice.
    } finally {
      syncing = false;
      render();
    }
    // Scans made while this batch was on its way are sent at once, not left for the next scan or the button; a
    // batch lost on the way (the network came back a moment too late, a server error) is tried again shortly.
    if (sent && (state.queue.length || state.walkIns.length)) sync();
    else if (!sent && !refused && !retry) retry = setTimeout(() => { retry = null; sync(); }, RETRY_MS);
  }
  async function download() {
    if (!navigator.onLine) return;
    try {
      const response = await fetch(root.dataset.listUrl, { credentials: "same-origin" });
      if (!response.ok) return;
      const data = await response.json();
      state.list = data.registrations;
      state.list.forEach((r) => { if (r.state === "present" && !state.checked[r.code]) state.checked[r.code] = "serveur"; });
      save();
    } catch (e) { /* offline: the copy kept on the device is used */ }
    render();
  }
  function search(text) {
    const matches = $("matches");
    const q = text.trim().toLowerCase();
    const found = q.length < 2 ? [] : state.list.filter((r) => (r.name + " " + r.enterprise).toLowerCase().includes(q)).slice(0, 10);
    matches.replaceChildren(...found.map((r) => {
      const li = document.createElement("li");
      li.className = "d-flex gap-2 align-items-center mb-1";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-success";
      button.textContent = msg("check") + " " + r.name;
      button.disabled = Boolean(state.checked[r.code]);
      button.addEventListener("click", () => { checkIn(r.code); search($("name-search").value); });
      const label = document.createElement("span");
      label.textContent = r.enterprise;
      li.append(button, label);
      return li;
    }));
  }
  // The camera scan is a toggle: a click starts the stream, the next one stops its tracks (the camera's light goes
  // off); a click while the permission prompt is open does nothing, so that one stream only is ever opened.
  let cameraStream = null;
  let cameraStarting = false;
  let cameraRun = 0;
  function cameraButton(on) {
    const button = $("camera-button");
    button.textContent = msg(on ? "cameraStop" : "cameraStart");
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }
  function stopCamera() {
    cameraRun += 1;
    if (cameraStream) cameraStream.getTracks().forEach((track) => track.stop());
    cameraStream = null;
    const video = $("camera");
    video.pause();
    video.srcObject = null;
    video.classList.add("d-none");
    cameraButton(false);
  }
  async function camera() {
    if (cameraStarting) return;
    if (cameraStream) { stopCamera(); return; }
    const video = $("camera");
    cameraStarting = true;
    let stream;
    try { stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }); }
    catch (e) { say(msg("nocamera"), false); return; }
    finally { cameraStarting = false; }
    cameraStream = stream;
    const run = ++cameraRun;
    video.srcObject = stream;
    video.classList.remove("d-none");
    cameraButton(true);
    await video.play().catch(() => {});
    const detector = "BarcodeDetector" in window ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    let last = "";
    const tick = async () => {
      if (run !== cameraRun || !video.srcObject) return;  // stopped (or restarted: the new run has its own loop)
      let text = "";
      if (detector) {
        const codes = await detector.detect(video).catch(() => []);
        if (codes.length) text = codes[0].rawValue;
      } else if (window.jsQR && video.videoWidth) {
        canvas.width = video.videoWidth; canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0);
        const found = window.jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height);
        if (found) text = found.data;
      }
      if (text && text !== last) { last = text; checkIn(text); }
      requestAnimationFrame(tick);
    };
    tick();
  }

  $("code-form").addEventListener("submit", (event) => {
    event.preventDefault();
    checkIn($("code-input").value);
    $("code-input").value = "";
    $("code-input").focus();
  });
  $("walk-in-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    state.walkIns.push({
      uuid: uuid(), name: $("walk-name").value, gender: $("walk-gender").value, phone: $("walk-phone").value,
      enterprise_name: $("walk-enterprise").value, scanned_at: new Date().toISOString(),
    });
    save();
    say(msg("accepted") + " — " + $("walk-name").value, true);
    form.reset();
    render();
    sync();
  });
  $("sync-button").addEventListener("click", () => { sync().then(download); });
  $("camera-button").addEventListener("click", camera);
  window.addEventListener("pagehide", () => { if (cameraStream) stopCamera(); });
  $("name-search").addEventListener("input", (event) => search(event.target.value));
  window.addEventListener("online", () => { sync().then(download); });
  window.addEventListener("offline", render);
  // The service worker answers from its cache when the network is cut; the page puts itself and what it loads in
  // that cache at once, so that the very first visit already works offline.
  if ("serviceWorker" in navigator && window.caches) {
    navigator.serviceWorker.register(root.dataset.workerUrl, { scope: "/caravanes/" })
      .then(() => caches.open("moukawil-pointage-v1"))
      .then((cache) => {
        const urls = [location.pathname];
        document.querySelectorAll("script[src], link[rel=stylesheet]").forEach((el) => urls.push(el.src || el.href));
        return cache.addAll(urls);
      })
      .then(() => { root.dataset.offlineReady = "true"; })
      .catch(() => {});
  }
  render();
  download().then(sync);
})();
