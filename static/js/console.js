/* The clerk's console (/counter/<n>): take the counter, call citizens, one press per action.
 *
 * Every action is an HTTP POST to /api/v1/counters/<n>/<action> with the page's CSRF token.
 * The answer (the counter's new state) is drawn at once; live.js keeps the rest current
 * (counter_updated for this counter, queue lengths, no-shows, the clerk's day). While a
 * request is in flight every action is disabled, and a second press of the same action within
 * DOUBLE_PRESS_MS (or the second click of a double-click) is ignored, so nothing acts twice.
 * After an error the counter is fetched again, so what is shown is what the server holds.
 *
 * Shortcuts (never while typing in a field, never with Ctrl/Alt/Meta, never on key repeat):
 *   N next · R recall · X done · V no-show · C transfer · G call a number · P pause/resume
 *   H focus the dossier-code field · 1–9 pick in the transfer / pause lists · Esc cancel.
 */
(function () {
  "use strict";

  var CONFIG = JSON.parse(document.getElementById("console-config").textContent);
  var N = CONFIG.counter;
  var BASE = "/api/v1/counters/" + N;
  var CSRF = document.querySelector('meta[name="csrf-token"]').content;
  var DOUBLE_PRESS_MS = 600;
  var REFRESH_DELAY_MS = 250;
  var MINE = {};
  CONFIG.counter_areas.forEach(function (id) { MINE[id] = true; });
  var AREA_NAMES = {};
  CONFIG.areas.forEach(function (a) { AREA_NAMES[a.id] = a.name; });
  var KEYS = { KeyN: "next", KeyR: "recall", KeyX: "done", KeyV: "no-show", KeyC: "transfer",
               KeyG: "call", KeyP: "pause", KeyH: "dossier" };
  var STATE_LABEL = {
    serving: ["Đang phục vụ", "Now serving"],
    idle: ["Sẵn sàng", "Ready"],
    closed: ["Quầy đang đóng", "Closed"],
    paused: ["Quầy tạm dừng", "Paused"]
  };

  var state = {
    seated: false,        // this page holds the counter
    busy: false,          // a request is in flight
    staleAfterBusy: false, // counter news arrived while busy (re-read afterwards)
    sent: 0,              // actions sent so far (orders re-reads against actions)
    counter: null,        // the counter as the server last said
    areas: {},            // area id -> {waiting, oldest_waiting_at}
    missed: [],           // no-shows within the call-back window
    firstCalled: {},      // ticket id -> first call time seen (recalls move called_at)
    offset: 0,            // server clock - local clock, ms
    lastPress: { key: null, at: 0 }
  };
  var timers = {};

  // ------------------------------------------------------------------ helpers
  function byId(id) { return document.getElementById(id); }
  function h(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function now() { return Date.now() + state.offset; }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  /** 3:05 or 1:02:03 (a running clock). */
  function clock(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    var hours = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    return (hours ? hours + ":" + pad(m) : m) + ":" + pad(s % 60);
  }
  /** "45 giây", "12 phút", "1 giờ 05 phút" (a wait). */
  function minutes(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) return s + " giây";
    var m = Math.floor(s / 60);
    return m < 60 ? m + " phút" : Math.floor(m / 60) + " giờ " + pad(m % 60) + " phút";
  }
  function hhmm(iso) {
    var d = new Date(Date.parse(iso) + 7 * 3600 * 1000);      // Asia/Ho_Chi_Minh, no DST
    return pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
  }
  /** Server messages are "Vietnamese (English)": split them for the two lines. */
  function splitMessage(text) {
    var m = /^([\s\S]*?)\s*\(([^()]*)\)\s*$/.exec(text || "");
    return m && m[1] ? [m[1], m[2]] : [text || "", ""];
  }
  function later(name, fn, delay) {
    clearTimeout(timers[name]);
    timers[name] = setTimeout(fn, delay === undefined ? REFRESH_DELAY_MS : delay);
  }

  /** One JSON request with the session's CSRF token; never throws. */
  function api(method, path, body) {
    var init = { method: method, credentials: "same-origin", cache: "no-store",
                 headers: { "X-CSRFToken": CSRF, "Accept": "application/json" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    }, function () {
      return { ok: false, status: 0, data: { error: { code: "network",
        message: "Không kết nối được máy chủ — thử lại (cannot reach the server)" } } };
    });
  }
  function errorText(result) {
    var error = result.data && result.data.error;
    if (error && error.message) return error.message;
    return "Máy chủ báo lỗi " + result.status + " (server error)";
  }

  // ------------------------------------------------------------------ messages
  function showMessage(text, kind) {
    var parts = splitMessage(text);
    byId("message-time").textContent = hhmm(new Date(now()).toISOString());
    byId("message-text").textContent = parts[0];
    byId("message-en").textContent = parts[1];
    var box = byId("message");
    box.className = "message is-" + (kind || "error");
    box.hidden = false;
    clearTimeout(timers.message);
  }
  function clearMessage() { byId("message").hidden = true; }

  // ------------------------------------------------------------------ seat
  function signIn() {
    return api("POST", BASE + "/sign-in").then(function (result) {
      if (!result.ok) { refuse(errorText(result), false); return; }
      state.seated = true;
      byId("refused").hidden = true;
      byId("desk").hidden = false;
      document.body.classList.remove("is-starting", "is-refused");
      renderCounter(result.data);
      showMessage("Đã nhận " + result.data.name + " (signed in at this counter)", "done");
      refreshMissed(); refreshToday(); refreshAreas();
      startLive();
    });
  }

  /** No seat: say why plainly, offer the way back; no action is reachable. */
  function refuse(message, canRetake) {
    state.seated = false;
    closeDialogs();
    var parts = splitMessage(message);
    byId("refused-text").textContent = parts[0];
    byId("refused-en").textContent = parts[1];
    byId("retake").hidden = !canRetake;
    byId("desk").hidden = true;
    byId("refused").hidden = false;
    document.body.classList.remove("is-starting");
    document.body.classList.add("is-refused");
  }

  /** The counter changed hands under us (a manager released it, or we sat elsewhere). */
  function lost(counter) {
    if (counter.clerk) {
      refuse(counter.name + " đang do " + counter.clerk + " sử dụng (held by " + counter.clerk + ")",
             false);
    } else {
      refuse("Bạn không còn giữ " + counter.name + " (you no longer hold this counter)", true);
    }
  }

  // ------------------------------------------------------------------ counter
  function renderCounter(counter) {
    if (!counter || counter.number !== N) return;
    if (state.seated && counter.clerk_id !== CONFIG.me.id) { state.counter = counter; lost(counter); return; }
    state.counter = counter;
    var ticket = counter.current;
    if (ticket && !state.firstCalled[ticket.id]) state.firstCalled[ticket.id] = ticket.called_at;
    byId("ticket").className = "ticket is-" + counter.status;
    document.body.dataset.status = counter.status;
    var label = STATE_LABEL[counter.status] || [counter.status, ""];
    var stateNode = byId("ticket-state");
    stateNode.textContent = label[0];
    stateNode.appendChild(h("span", "en", label[1]));
    byId("pause-reason").textContent = counter.status === "paused" ? (counter.pause_reason || "") : "";
    byId("ticket-number").textContent = ticket ? ticket.number : "—";
    byId("ticket-area").textContent = ticket ? ticket.area_name : "";
    renderTags(ticket);
    renderDossier(ticket);
    var paused = counter.status === "paused";
    byId("pause-vi").textContent = paused ? "Tiếp tục" : "Tạm dừng";
    byId("pause-en").textContent = paused ? "Resume" : "Pause";
    tick();
    renderButtons();
    renderMissed();
  }

  function renderTags(ticket) {
    var tags = byId("ticket-tags");
    tags.textContent = "";
    if (!ticket) return;
    if (ticket.priority) tags.appendChild(h("span", "tag tag-priority", "Ưu tiên · " + (ticket.priority_label || ticket.priority)));
    if (ticket.origin) tags.appendChild(h("span", "tag", "Được chuyển đến"));
    if (ticket.call_count > 1) tags.appendChild(h("span", "tag", "Đã gọi " + ticket.call_count + " lần"));
  }

  function renderDossier(ticket) {
    var input = byId("dossier-code");
    var saved = byId("dossier-saved");
    saved.textContent = ticket && ticket.dossier_code ? "Đã gắn: " + ticket.dossier_code : "";
    if (document.activeElement !== input) input.value = "";
    input.disabled = !ticket;
  }

  /** What may be pressed now (the server still decides; this spares pointless refusals). */
  function allowed(action) {
    var c = state.counter;
    if (!state.seated || state.busy || !c) return false;
    var serving = !!c.current;
    if (c.status === "paused") return action === "pause";
    if (action === "pause") return !serving && c.status === "idle";
    if (action === "next" || action === "call" || action === "call-back") return true;
    return serving;     // recall, done, no-show, transfer, dossier
  }

  function renderButtons() {
    document.querySelectorAll(".act").forEach(function (button) {
      button.disabled = !allowed(button.dataset.action);
    });
    byId("dossier-save").disabled = !allowed("dossier");
    var pause = document.querySelector('.act[data-action="pause"]');
    pause.title = state.counter && state.counter.current
      ? "Bấm Xong trước khi tạm dừng (finish the current citizen first)" : "";
    byId("dossier-code").disabled = !(state.counter && state.counter.current) || !state.seated;
    document.querySelectorAll(".missed-call").forEach(function (button) {
      button.disabled = !allowed("call-back");
    });
    document.body.classList.toggle("is-busy", state.busy);
  }

  // ------------------------------------------------------------------ actions
  /** Press an action: open its chooser, or send it. */
  function press(action) {
    if (action === "dossier") {           // only moves the focus: fine while a request is in flight
      if (state.seated && state.counter && state.counter.current) byId("dossier-code").focus();
      return;
    }
    if (!allowed(action)) return;
    if (action === "transfer") return openTransfer();
    if (action === "call") return openDialog("call-dialog", byId("call-number"));
    if (action === "pause" && state.counter.status !== "paused") return openPause();
    send(action === "pause" ? "resume" : action);
  }

  /** POST one action; the answer (or, after an error, a fresh read) redraws the counter. */
  function send(action, body) {
    var t = Date.now();
    var key = action + " " + JSON.stringify(body || {});
    if (state.busy || !state.seated) return Promise.resolve(false);
    if (state.lastPress.key === key && t - state.lastPress.at < DOUBLE_PRESS_MS) {
      return Promise.resolve(false);                 // the same press again: a double press
    }
    state.lastPress = { key: key, at: t };
    var before = state.counter && state.counter.current;
    state.busy = true;
    state.sent += 1;
    renderButtons();
    return api("POST", BASE + "/" + action, body).then(function (result) {
      state.busy = false;
      var stale = state.staleAfterBusy;
      state.staleAfterBusy = false;
      if (result.ok) {
        renderCounter(result.data);
        afterAction(action, before, result.data, body || {});
        if (stale) refreshCounter();     // news arrived meanwhile: it may be newer than our answer
      } else {
        showMessage(errorText(result), "error");
        refreshCounter();
      }
      renderButtons();
      return result.ok;
    });
  }

  function afterAction(action, before, counter, body) {
    var said = describe(action, before && before.number, counter.current, body);
    showMessage(said[0], said[1] || "done");
    if (action === "dossier") byId("dossier-code").value = "";
    if (action === "no-show" || action === "call") refreshMissed();
    if (action !== "pause" && action !== "resume" && action !== "recall") later("today", refreshToday);
  }

  /** The activity line after a successful action: [text "vi (en)", kind]. */
  function describe(action, was, current, body) {
    var number = current && current.number;
    switch (action) {
      case "next":
        if (!number) return ["Không còn ai chờ ở các lĩnh vực của quầy (no one is waiting)", "info"];
        return ["Đã gọi số " + number + (was ? " · số " + was + " đã xong" : "") + " (called " + number + ")"];
      case "call": return ["Đã gọi số " + number + " (called " + number + ")"];
      case "recall": return ["Đã gọi lại số " + number + " (recalled " + number + ")"];
      case "done": return ["Số " + was + " đã phục vụ xong (" + was + " served)"];
      case "no-show": return ["Số " + was + " vắng mặt — gọi lại được trong " + CONFIG.no_show_minutes +
                              " phút (" + was + " marked no-show)"];
      case "transfer": return ["Đã chuyển số " + was + " sang " + (AREA_NAMES[body.area] || body.area) +
                               " (" + was + " transferred)"];
      case "pause": return ["Quầy tạm dừng: " + body.reason + " (counter paused)"];
      case "resume": return ["Quầy làm việc trở lại (counter resumed)"];
      case "dossier": return ["Đã gắn mã hồ sơ " + body.code + " cho số " + number + " (dossier code attached)"];
    }
    return [action];
  }

  /** Re-read the counter; an answer overtaken by a later action (or one in flight) is dropped. */
  function refreshCounter() {
    var sent = state.sent;
    return api("GET", BASE).then(function (result) {
      if (!result.ok) return;
      if (state.busy) { state.staleAfterBusy = true; return; }
      if (state.sent !== sent) return;
      renderCounter(result.data);
    });
  }

  // ------------------------------------------------------------------ dialogs
  function openDialog(id, focus) {
    var dialog = byId(id);
    if (dialog.open) return;
    dialog.showModal();
    if (focus) { focus.value = ""; focus.focus(); }
  }
  function closeDialogs() {
    document.querySelectorAll("dialog[open]").forEach(function (d) { d.close(); });
  }
  function openDialogElement() { return document.querySelector("dialog[open]"); }

  /** A numbered list of one-press choices (digits 1–9 pick). */
  function fillChoices(list, items, onPick) {
    list.textContent = "";
    items.forEach(function (item, i) {
      var button = h("button", "choice-btn");
      button.type = "button";
      button.appendChild(h("kbd", null, String(i + 1)));
      button.appendChild(h("span", "choice-vi", item.label));
      if (item.hint) button.appendChild(h("span", "en", item.hint));
      button.dataset.value = item.value;
      button.addEventListener("click", function (e) { if (e.detail <= 1) onPick(item.value); });
      list.appendChild(h("li")).appendChild(button);
    });
  }

  function openTransfer() {
    var current = state.counter.current;
    var items = CONFIG.areas.filter(function (a) { return a.id !== current.area; }).map(function (a) {
      var area = state.areas[a.id];
      return { value: a.id, label: a.name,
               hint: area ? area.waiting + " người đang chờ" : "" };
    });
    fillChoices(byId("transfer-choices"), items, function (area) {
      byId("transfer-dialog").close();
      send("transfer", { area: area });
    });
    openDialog("transfer-dialog");
  }

  function openPause() {
    var items = CONFIG.pause_reasons.map(function (r) { return { value: r, label: r }; });
    fillChoices(byId("pause-choices"), items, pauseWith);
    openDialog("pause-dialog", byId("pause-other"));
    byId("pause-other").blur();
  }
  function pauseWith(reason) {
    reason = (reason || "").trim();
    if (!reason) { byId("pause-other").focus(); return; }
    byId("pause-dialog").close();
    send("pause", { reason: reason });
  }

  function wireDialogs() {
    document.querySelectorAll("dialog [data-close]").forEach(function (button) {
      button.addEventListener("click", function () { button.closest("dialog").close(); });
    });
    document.querySelectorAll("dialog").forEach(function (dialog) {
      dialog.addEventListener("close", function () {
        if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
      });
    });
    byId("pause-form").addEventListener("submit", function (e) {
      e.preventDefault();
      pauseWith(byId("pause-other").value);
    });
    byId("call-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var ref = byId("call-number").value.trim();
      if (!ref) return;
      byId("call-dialog").close();
      send("call", { ticket: ref });
    });
    byId("dossier-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var code = byId("dossier-code").value.trim();
      if (code) send("dossier", { code: code });
    });
  }

  // ------------------------------------------------------------------ keyboard
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function onKey(e) {
    if (e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
    var dialog = openDialogElement();
    if (dialog) {
      if (typing(e.target)) return;
      var digit = /^Digit([1-9])$|^Numpad([1-9])$/.exec(e.code);
      if (!digit) return;
      var pick = dialog.querySelectorAll(".choice-btn")[Number(digit[1] || digit[2]) - 1];
      if (pick) { e.preventDefault(); pick.click(); }
      return;
    }
    if (typing(e.target)) {
      if (e.key === "Escape") e.target.blur();
      return;
    }
    var action = KEYS[e.code];
    if (!action) return;
    e.preventDefault();
    press(action);
  }

  function wireButtons() {
    byId("actions").addEventListener("click", function (e) {
      var button = e.target.closest(".act");
      if (!button || e.detail > 1) return;       // the second click of a double-click
      button.blur();                              // Enter/Space must not press it again
      press(button.dataset.action);
    });
    byId("message-close").addEventListener("click", clearMessage);
    byId("retake").addEventListener("click", function () { signIn(); });
    document.addEventListener("keydown", onKey);
  }

  // ------------------------------------------------------------------ side panels
  function renderQueues() {
    var list = byId("queues");
    list.textContent = "";
    CONFIG.counter_areas.forEach(function (id) {
      var area = state.areas[id] || { waiting: null, oldest_waiting_at: null };
      var item = h("li", "queue" + (area.waiting ? "" : " is-empty"));
      item.dataset.area = id;
      item.appendChild(h("span", "queue-name", AREA_NAMES[id] || id));
      item.appendChild(h("span", "queue-count num", area.waiting === null ? "—" : String(area.waiting)));
      var oldest = h("span", "queue-oldest");
      oldest.dataset.since = area.waiting ? (area.oldest_waiting_at || "") : "";
      item.appendChild(oldest);
      list.appendChild(item);
    });
    tick();
  }

  function setAreas(areas) {
    areas.forEach(function (a) {
      if (MINE[a.id] || AREA_NAMES[a.id]) {
        state.areas[a.id] = { waiting: a.waiting, oldest_waiting_at: a.oldest_waiting_at };
      }
    });
    renderQueues();
  }

  function refreshAreas() {
    return api("GET", "/api/v1/areas").then(function (result) { if (result.ok) setAreas(result.data); });
  }

  function refreshMissed() {
    return api("GET", BASE + "/no-shows").then(function (result) {
      if (!result.ok) return;
      state.missed = result.data.slice().sort(function (a, b) {
        return Date.parse(b.finished_at) - Date.parse(a.finished_at);
      });
      renderMissed();
    });
  }

  function windowLeft(ticket) {
    var window_ = CONFIG.no_show_minutes * 60000;
    return Math.min(window_ - 1000, Date.parse(ticket.finished_at) + window_ - now());
  }

  function renderMissed() {
    var list = byId("missed");
    list.textContent = "";
    state.missed = state.missed.filter(function (t) { return windowLeft(t) > 0; });
    state.missed.forEach(function (ticket) {
      var item = h("li", "missed-item");
      item.dataset.ticket = ticket.number;
      var text = h("div", "missed-text");
      text.appendChild(h("span", "missed-number num", ticket.number));
      text.appendChild(h("span", "missed-meta", ticket.area_name));
      var left = h("span", "missed-left");
      left.dataset.since = hhmm(ticket.finished_at);
      left.dataset.ticketId = ticket.id;
      text.appendChild(left);
      item.appendChild(text);
      var button = h("button", "btn btn-plain missed-call");
      button.type = "button";
      button.appendChild(document.createTextNode("Gọi lại"));
      button.appendChild(h("span", "en", "Call back"));
      button.addEventListener("click", function (e) {
        if (e.detail > 1) return;
        button.blur();
        if (allowed("call-back")) send("call", { ticket: ticket.id });
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    byId("missed-empty").hidden = state.missed.length > 0;
    renderButtons();
    tickMissed();
  }

  function refreshToday() {
    return api("GET", "/api/v1/me/today").then(function (result) {
      if (!result.ok) return;
      var day = result.data;
      byId("today-served").textContent = String(day.served);
      byId("today-missed").textContent = String(day.no_show);
      byId("today-avg").textContent = day.avg_service_seconds === null ? "—"
        : clock(day.avg_service_seconds * 1000);
    });
  }

  // ------------------------------------------------------------------ clock
  function tick() {
    var c = state.counter;
    var ticket = c && c.current;
    var first = ticket && (state.firstCalled[ticket.id] || ticket.called_at);
    byId("ticket-waited").textContent = ticket && first
      ? minutes(Date.parse(first) - Date.parse(ticket.issued_at)) : "—";
    byId("ticket-served").textContent = ticket && first ? clock(now() - Date.parse(first)) : "—";
    document.querySelectorAll(".queue-oldest").forEach(function (node) {
      node.textContent = node.dataset.since
        ? "chờ lâu nhất " + minutes(now() - Date.parse(node.dataset.since)) : "không ai chờ";
    });
    tickMissed();
  }

  function tickMissed() {
    var expired = false;
    state.missed.forEach(function (ticket) {
      var left = windowLeft(ticket);
      if (left <= 0) expired = true;
      var node = document.querySelector('.missed-left[data-ticket-id="' + ticket.id + '"]');
      if (node) node.textContent = "vắng lúc " + node.dataset.since + " · còn " + minutes(left);
    });
    if (expired) renderMissed();
  }

  // ------------------------------------------------------------------ live
  function setLink(online) {
    var node = byId("link-state");
    node.className = "link-state " + (online ? "is-online" : "is-offline");
    byId("link-text").textContent = online ? "Trực tuyến" : "Mất kết nối — đang thử lại";
  }

  function onSnapshot(snapshot) {
    state.offset = Date.parse(snapshot.now) - Date.now();
    setAreas(snapshot.areas);
    snapshot.counters.forEach(function (c) { if (c.number === N) counterNews(c); });
    later("missed", refreshMissed);
    later("today", refreshToday);
  }

  /** Live news of this counter: drawn at once, or re-read after the request in flight. */
  function counterNews(counter) {
    if (state.busy) state.staleAfterBusy = true;
    else renderCounter(counter);
  }

  function onEvent(name, payload) {
    if (name === "counter_updated") {
      if (payload.counter.number === N) counterNews(payload.counter);
    } else if (name === "queue_updated") {
      var area = payload.area;
      if (state.areas[area.id]) state.areas[area.id].waiting = area.waiting;
      if (MINE[area.id]) { renderQueues(); later("areas", refreshAreas); }
    } else if (name === "ticket_updated" || name === "ticket_called") {
      var ticket = payload.ticket;
      if (MINE[ticket.area] && (ticket.status === "no_show" || isMissed(ticket))) later("missed", refreshMissed);
      if (ticket.counter === N && name === "ticket_updated") later("today", refreshToday);
    } else if (name === "day_changed") {
      refreshAreas(); refreshMissed(); refreshToday(); refreshCounter();
    }
  }
  function isMissed(ticket) {
    return state.missed.some(function (t) { return t.id === ticket.id; });
  }

  function startLive() {
    if (state.live) return;
    state.live = window.LuotLive.connect({
      onSnapshot: onSnapshot, onEvent: onEvent,
      onConnection: function (s) { setLink(s === "online"); },
      healthUrl: "/api/v1/health"
    });
  }

  // ------------------------------------------------------------------ start
  wireDialogs();
  wireButtons();
  setInterval(tick, 1000);
  signIn();

  /** For tests and the curious: the page's own API helper and state. */
  window.LuotConsole = { api: api, state: state, counter: N, doublePressMs: DOUBLE_PRESS_MS };
})();
