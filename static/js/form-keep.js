// Keeps what is typed in the initiative form in this browser (localStorage) until the
// portal has saved it: a long form typed on a weak connection, a tab closed by mistake or a
// submission that never reached the server is not lost. Nothing is sent anywhere; without
// JavaScript (or storage) the form works as before. The entry is dropped once a page the
// portal shows only after a successful save ([data-keep-saved]) loads after a submission.
(() => {
  "use strict";
  const PREFIX = "portal-keep:";
  const PENDING = "portal-keep-pending";
  const MAX_AGE_MS = 30 * 24 * 3600 * 1000;
  let storage;
  try {
    storage = window.localStorage;
    storage.setItem(PREFIX + "probe", "1");
    storage.removeItem(PREFIX + "probe");
  } catch (error) {
    return; // private mode or storage refused: the form simply works without it
  }

  const pad = (n) => String(n).padStart(2, "0");
  const stamp = (ms) => {
    const d = new Date(ms);
    return `${pad(d.getHours())}:${pad(d.getMinutes())} ${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
  };

  // A save the server confirmed: forget what was kept for the form that was sent.
  const pending = window.sessionStorage.getItem(PENDING);
  if (pending && document.querySelector("[data-keep-saved]")) {
    storage.removeItem(pending);
    window.sessionStorage.removeItem(PENDING);
  }
  // Entries older than a month are dropped, whatever form they were for.
  for (let i = storage.length - 1; i >= 0; i -= 1) {
    const name = storage.key(i);
    if (name && name.startsWith(PREFIX)) {
      try {
        if (Date.now() - JSON.parse(storage.getItem(name)).savedAt > MAX_AGE_MS) storage.removeItem(name);
      } catch (error) {
        storage.removeItem(name);
      }
    }
  }

  const form = document.querySelector("form[data-keep-key]");
  if (!form) return;
  const key = PREFIX + form.dataset.keepKey;
  const kept = (el) =>
    el.name && !el.disabled && !["file", "hidden", "submit", "button", "password"].includes(el.type) &&
    el.name !== "csrfmiddlewaretoken";
  const fields = () => Array.from(form.elements).filter(kept);
  const read = () => {
    const values = {};
    for (const el of fields()) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) (values[el.name] = values[el.name] || []).push(el.value);
      } else {
        values[el.name] = el.value;
      }
    }
    return values;
  };
  const write = (values) => {
    for (const el of fields()) {
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = (values[el.name] || []).includes(el.value);
      } else if (el.name in values) {
        el.value = values[el.name];
      }
    }
  };
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  const shown = read();
  let stored = null;
  try {
    stored = JSON.parse(storage.getItem(key));
  } catch (error) {
    stored = null;
  }
  const banner = document.getElementById("form-keep-restore");
  // While the earlier text is on offer, it is not overwritten by what is typed now.
  let offered = false;
  if (stored && stored.values && !same(stored.values, shown) && banner) {
    banner.querySelector("[data-keep-time]").textContent = stamp(stored.savedAt);
    banner.hidden = false;
    offered = true;
    banner.querySelector("[data-keep-restore]").addEventListener("click", () => {
      write(stored.values);
      banner.hidden = true;
      offered = false;
      form.querySelector("input:not([type=hidden]), textarea, select").focus();
    });
    banner.querySelector("[data-keep-discard]").addEventListener("click", () => {
      storage.removeItem(key);
      banner.hidden = true;
      offered = false;
    });
  }

  const status = form.querySelector("[data-keep-status]");
  let timer = null;
  const keep = () => {
    timer = null;
    if (offered) return;
    const values = read();
    if (same(values, shown) && !storage.getItem(key)) return; // nothing typed yet
    try {
      storage.setItem(key, JSON.stringify({ savedAt: Date.now(), values }));
      if (status) status.hidden = false;
    } catch (error) {
      // storage full: the form still works, only this safety net is missing
    }
  };
  form.addEventListener("input", () => {
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(keep, 800);
  });
  form.addEventListener("change", keep);
  form.addEventListener("submit", () => {
    keep();
    window.sessionStorage.setItem(PENDING, key);
  });
})();
