/* Lượt kiosk: choose an area, a priority (or none), take a number, see where to go.
 *
 * Screens: loading | enrol | home | priority | result | message (+ the offline overlay).
 * Rules: one ticket request in flight at most; every tap answers at once (pressed + busy
 * state set synchronously); a screen ignores taps for ENTER_GUARD_MS after it appears, so
 * the second tap of a double tap cannot land on the next screen's button.
 */
(function () {
  "use strict";

  var TOKEN_KEY = "luot.kiosk.token";
  var RESULT_SECONDS = 10;
  var RESULT_SECONDS_PRINTER_DOWN = 20;   // more time to memorise the number
  var MESSAGE_SECONDS = 8;
  var PRIORITY_IDLE_SECONDS = 45;
  var ENGLISH_IDLE_SECONDS = 60;
  var ENTER_GUARD_MS = 400;
  var REQUEST_TIMEOUT_MS = 10000;
  var HEALTH_POLL_MS = 2000;
  var AREAS_POLL_MS = 30000;
  var HALL_UTC_OFFSET_MIN = 7 * 60;       // Asia/Ho_Chi_Minh, no daylight saving
  var ICONS = { elderly: "elderly", accessible: "accessible", disabled: "accessible",
                wheelchair: "accessible", pregnant: "pregnant", child: "child",
                children: "child", merit: "merit" };
  var WEEKDAYS = { vi: ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"],
                   en: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] };

  var T = {
    vi: {
      langSwitch: "English", langFlag: "EN",
      homeTitle: "Chạm vào lĩnh vực bạn cần giải quyết",
      chosenArea: "Lĩnh vực", priorityTitle: "Bạn có thuộc diện ưu tiên không?",
      normal: "Không — lấy số thường", normalSub: "Phần lớn công dân chọn nút này",
      priorityHead: "Có, tôi thuộc diện ưu tiên:",
      priorityNote: "Cán bộ có thể đề nghị xuất trình giấy tờ khi gọi số.",
      back: "Quay lại", busy: "Đang lấy số…", yourNumber: "Số thứ tự của bạn",
      counters: "Quầy phục vụ", ahead: "Số người chờ trước bạn", wait: "Thời gian chờ ước tính",
      qrTitle: "Theo dõi lượt trên điện thoại",
      qrText: "Quét mã QR bằng camera điện thoại. Trang sẽ báo khi đến lượt bạn.",
      done: "Xong", understood: "Đã hiểu", loading: "Đang tải…",
      waiting: function (n) { return n + " người đang chờ"; }, noEstimate: "Chưa đủ dữ liệu để ước tính",
      estimate: function (n) { return n < 1 ? "Gần như không phải chờ" : "Chờ khoảng " + n + " phút"; },
      minutes: function (n) { return n < 1 ? "Gần như không phải chờ" : n + " phút"; },
      closed: "Tạm ngừng nhận số",
      reopen: function (time, date) { return "Mở lại lúc " + time + (date ? " ngày " + date : ""); },
      countdown: function (s) { return "Tự trở về sau " + s + " giây"; },
      counterList: function (nums) { return "Quầy " + nums.join(", "); },
      aheadNone: "Bạn là người tiếp theo",
      aheadN: function (n) { return n + " người"; },
      priorityBadge: function (label) { return "Ưu tiên – " + label; },
      sorry: "Xin lỗi, chưa lấy được số",
      printer_no_paper: "Máy in hết giấy — vui lòng ghi nhớ số của bạn",
      printer_error: "Máy in đang gặp sự cố — vui lòng ghi nhớ số của bạn"
    },
    en: {
      langSwitch: "Tiếng Việt", langFlag: "VI",
      homeTitle: "Touch the service you need",
      chosenArea: "Service", priorityTitle: "Do you have priority?",
      normal: "No — regular number", normalSub: "Most visitors choose this button",
      priorityHead: "Yes, I am:",
      priorityNote: "Staff may ask for a document when your number is called.",
      back: "Back", busy: "Getting your number…", yourNumber: "Your number",
      counters: "Served at", ahead: "People ahead of you", wait: "Estimated wait",
      qrTitle: "Follow the queue on your phone",
      qrText: "Scan this QR code with your phone camera. The page tells you when it is your turn.",
      done: "Done", understood: "OK", loading: "Loading…",
      waiting: function (n) { return n + " waiting"; }, noEstimate: "Not enough data to estimate yet",
      estimate: function (n) { return n < 1 ? "Almost no wait" : "About " + n + " min wait"; },
      minutes: function (n) { return n < 1 ? "Almost no wait" : n + " min"; },
      closed: "Not taking numbers",
      reopen: function (time, date) { return "Opens again at " + time + (date ? " on " + date : ""); },
      countdown: function (s) { return "Returning in " + s + " s"; },
      counterList: function (nums) { return (nums.length > 1 ? "Counters " : "Counter ") + nums.join(", "); },
      aheadNone: "You are next",
      aheadN: function (n) { return n + (n === 1 ? " person" : " people"); },
      priorityBadge: function (label) { return "Priority – " + label; },
      sorry: "Sorry, we could not give you a number",
      printer_no_paper: "The printer is out of paper — please remember your number",
      printer_error: "The printer has a problem — please remember your number"
    }
  };

  var state = {
    lang: "vi", token: null, hall: null, areas: [], priorities: [], area: null, ticket: null,
    screen: "loading", guardUntil: 0, inFlight: false, liveDown: false, fetchDown: false,
    printer: { status: "unknown" }, businessDate: null, clockSkewMs: 0, lastTouch: Date.now(),
    countdownEnd: 0, countdownTotal: 0, live: null
  };

  function $(id) { return document.getElementById(id); }
  function t(key) { return T[state.lang][key]; }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }
  function pick(obj, vi, en) {   // the field in the current language, falling back to Vietnamese
    return state.lang === "en" && obj[en] ? obj[en] : obj[vi];
  }
  function other(obj, vi, en) {  // in English mode, the Vietnamese name as a subtitle
    return state.lang === "en" && obj[en] && obj[en] !== obj[vi] ? obj[vi] : "";
  }

  // ------------------------------------------------------------------ screens
  function show(name) {
    state.screen = name;
    document.body.dataset.screen = name;
    state.guardUntil = Date.now() + ENTER_GUARD_MS;
    document.body.classList.add("entering");
    syncButtons();
    setTimeout(function () {
      if (Date.now() >= state.guardUntil) {
        document.body.classList.remove("entering");
        syncButtons();
      }
    }, ENTER_GUARD_MS + 10);
    var screen = document.querySelector('.screen[data-name="' + name + '"]');
    if (screen) screen.scrollTop = 0;
  }

  function guarded() { return Date.now() < state.guardUntil; }
  function blocked() { return state.inFlight || state.liveDown || state.fetchDown; }

  function syncButtons() {
    var guard = guarded();
    var busy = state.inFlight;
    document.querySelectorAll(".area").forEach(function (btn) {
      var area = findArea(btn.dataset.area);
      btn.disabled = !area || !area.open || guard || busy;
    });
    document.querySelectorAll("#screen-priority button").forEach(function (btn) {
      btn.disabled = guard || busy;
    });
    document.querySelectorAll("#btn-done, #btn-message-ok").forEach(function (btn) {
      btn.disabled = guard;
    });
    document.body.classList.toggle("busy", busy);
  }

  function goHome(newCitizen) {
    stopCountdown();
    state.area = null;
    state.ticket = null;
    if (newCitizen && state.lang !== "vi") setLang("vi");
    show(state.token ? "home" : "enrol");
  }

  // ------------------------------------------------------------------ language
  function setLang(lang) {
    state.lang = lang;
    document.documentElement.lang = lang;
    document.body.dataset.lang = lang;
    document.querySelectorAll("[data-t]").forEach(function (node) {
      var value = T[lang][node.dataset.t];
      if (typeof value === "string") node.textContent = value;
    });
    document.querySelector(".lang-flag").textContent = t("langFlag");
    $("lang-toggle").lang = lang === "vi" ? "en" : "vi";
    renderAreas();
    renderPriorities();
    if (state.area) $("priority-area").textContent = pick(state.area, "name", "name_en");
    if (state.ticket) renderResult();
    if (state.screen === "message" && state.message) renderMessage();
    renderClock();
    renderHall();
  }

  function renderHall() {
    if (!state.hall) return;
    $("hall-name").textContent = pick(state.hall, "name", "name_en");
    $("hall-notice").textContent = state.hall.notice || "";
  }

  // ------------------------------------------------------------------ areas
  function findArea(id) {
    for (var i = 0; i < state.areas.length; i++) if (state.areas[i].id === id) return state.areas[i];
    return null;
  }

  function reopenText(nextOpen) {
    if (!nextOpen) return "";
    var time = nextOpen.slice(11, 16);          // ISO in hall time: "2026-11-28T13:30:00+07:00"
    var day = nextOpen.slice(0, 10);
    var date = day !== state.businessDate ? day.slice(8, 10) + "/" + day.slice(5, 7) : "";
    return t("reopen")(time, date);
  }

  var CHEVRON = '<svg viewBox="0 0 48 48" aria-hidden="true"><path d="M18 8l16 16-16 16" fill="none" ' +
    'stroke="currentColor" stroke-width="6" stroke-linecap="round" stroke-linejoin="round"/></svg>';
  var PEOPLE = '<svg viewBox="0 0 48 48" aria-hidden="true"><circle cx="17" cy="14" r="7" fill="currentColor"/>' +
    '<circle cx="34" cy="17" r="5.5" fill="currentColor"/><path d="M3 42c0-9 6-15 14-15s14 6 14 15zM29 42' +
    'c0-5-1-9-4-12 2-1 5-2 9-2 7 0 11 5 11 14z" fill="currentColor"/></svg>';
  var CLOCK = '<svg viewBox="0 0 48 48" aria-hidden="true"><circle cx="24" cy="24" r="18" fill="none" ' +
    'stroke="currentColor" stroke-width="5"/><path d="M24 13v12l8 5" fill="none" stroke="currentColor" ' +
    'stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/></svg>';

  function areaButton(area) {
    var btn = el("button", "area");
    btn.type = "button";
    btn.dataset.area = area.id;
    btn.dataset.action = "area";
    btn.setAttribute("role", "listitem");
    btn.innerHTML = '<span class="area-title"><span class="area-name"></span><span class="area-alt"></span></span>' +
      '<span class="area-go">' + CHEVRON + '</span>' +
      '<span class="area-stats"><span class="area-count">' + PEOPLE + '<span class="area-count-text"></span></span>' +
      '<span class="area-info">' + CLOCK + '<span class="area-info-text"></span></span></span>';
    return btn;
  }

  function fillAreaButton(btn, area) {
    btn.classList.toggle("is-closed", !area.open);
    btn.querySelector(".area-name").textContent = pick(area, "name", "name_en");
    btn.querySelector(".area-alt").textContent = other(area, "name", "name_en");
    btn.querySelector(".area-count-text").textContent = t("waiting")(area.waiting);
    var info;
    if (area.open) {
      info = area.estimated_wait_min == null ? t("noEstimate") : t("estimate")(area.estimated_wait_min);
    } else {
      var reason = pick(area, "closed_reason_vi", "closed_reason_en") || t("closed");
      var reopen = reopenText(area.next_open);
      info = reopen ? reason + " · " + reopen : reason;
    }
    btn.querySelector(".area-info-text").textContent = info;
  }

  function renderAreas() {
    var box = $("areas");
    box.dataset.count = String(state.areas.length);
    var existing = {};
    box.querySelectorAll(".area").forEach(function (btn) { existing[btn.dataset.area] = btn; });
    state.areas.forEach(function (area, i) {
      var btn = existing[area.id] || areaButton(area);
      delete existing[area.id];
      fillAreaButton(btn, area);
      if (box.children[i] !== btn) box.insertBefore(btn, box.children[i] || null);
    });
    Object.keys(existing).forEach(function (id) { existing[id].remove(); });
    syncButtons();
  }

  function updateArea(view) {
    for (var i = 0; i < state.areas.length; i++) {
      if (state.areas[i].id === view.id) {
        state.areas[i] = Object.assign({}, state.areas[i], view);
        if (state.area && state.area.id === view.id) state.area = state.areas[i];
      }
    }
    renderAreas();
  }

  // ------------------------------------------------------------------ priorities
  function iconUrl(category) {
    var name = ICONS[category.icon] || ICONS[category.id] || "generic";
    return "/static/img/priority-" + name + ".svg";
  }

  function renderPriorities() {
    var box = $("priorities");
    box.textContent = "";
    box.dataset.count = String(state.priorities.length);
    state.priorities.forEach(function (category) {
      var btn = el("button", "prio");
      btn.type = "button";
      btn.dataset.action = "issue";
      btn.dataset.priority = category.id;
      var icon = el("span", "prio-icon");
      icon.style.setProperty("--icon", 'url("' + iconUrl(category) + '")');
      icon.setAttribute("aria-hidden", "true");
      var text = el("span", "prio-text");
      text.appendChild(el("span", "prio-label", pick(category, "label", "label_en")));
      var alt = other(category, "label", "label_en");
      if (alt) text.appendChild(el("span", "prio-alt", alt));
      btn.appendChild(icon);
      btn.appendChild(text);
      btn.appendChild(el("span", "busy-label", t("busy")));
      box.appendChild(btn);
    });
    syncButtons();
  }

  function chooseArea(id) {
    var area = findArea(id);
    if (!area || !area.open) return;
    state.area = area;
    if (!state.priorities.length) { issue(null, document.querySelector('[data-area="' + id + '"]')); return; }
    $("priority-area").textContent = pick(area, "name", "name_en");
    show("priority");
  }

  // ------------------------------------------------------------------ issuing
  function issue(priority, button) {
    if (blocked() || !state.area) return;
    state.inFlight = true;                       // synchronously: a second tap is a no-op
    if (button) button.classList.add("is-busy");
    syncButtons();
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS);
    fetch("/api/v1/tickets", {
      method: "POST", signal: controller.signal, cache: "no-store",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + state.token },
      body: JSON.stringify({ area: state.area.id, priority: priority })
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        return { status: response.status, body: body };
      });
    }).then(function (answer) {
      finishIssue(button, timer);
      onIssueAnswer(answer.status, answer.body);
    }, function () {
      finishIssue(button, timer);
      serverDown();
    });
  }

  function finishIssue(button, timer) {
    clearTimeout(timer);
    state.inFlight = false;
    if (button) button.classList.remove("is-busy");
  }

  function onIssueAnswer(status, body) {
    if (status === 201 && body) { showResult(body); return; }
    if (status === 401 || status === 403) { forgetToken(); return; }
    if (status >= 500) { serverDown(); return; }
    var error = (body && body.error) || {};
    showMessage(error.message || "", error.details || {});
  }

  // ------------------------------------------------------------------ result
  function showResult(ticket) {
    state.ticket = ticket;
    renderResult();
    $("result-qr").src = "/t/" + encodeURIComponent(ticket.id) + "/qr.svg";
    show("result");
    startCountdown(printerProblem() ? RESULT_SECONDS_PRINTER_DOWN : RESULT_SECONDS, $("countdown"));
  }

  function renderResult() {
    var ticket = state.ticket;
    var area = findArea(ticket.area) || {};
    $("result-number").textContent = ticket.number;
    $("result-area").textContent = state.lang === "en" && ticket.area_name_en ? ticket.area_name_en : ticket.area_name;
    var badge = $("result-priority");
    var label = state.lang === "en" && ticket.priority_label_en ? ticket.priority_label_en : ticket.priority_label;
    badge.hidden = !ticket.priority;
    badge.textContent = ticket.priority ? t("priorityBadge")(label) : "";
    $("result-counters").textContent = area.counters && area.counters.length ? t("counterList")(area.counters) : "—";
    $("result-ahead").textContent = t("aheadN")(ticket.ahead || 0);
    $("result-ahead-note").textContent = ticket.ahead > 0 ? "" : t("aheadNone");
    var wait = $("result-wait");
    wait.textContent = ticket.estimated_wait_min == null ? t("noEstimate") : t("minutes")(ticket.estimated_wait_min);
    wait.classList.toggle("is-text", ticket.estimated_wait_min == null || ticket.estimated_wait_min < 1);
    renderPrinter();
  }

  function printerProblem() {
    var status = state.printer && state.printer.status;
    return status && status !== "ok" && status !== "unknown" ? status : null;
  }

  function renderPrinter() {
    var problem = printerProblem();
    $("result-printer").hidden = !problem;
    $("result-printer-text").textContent = problem === "no_paper" ? t("printer_no_paper")
      : problem ? t("printer_error") : "";
  }

  // ------------------------------------------------------------------ messages
  function splitMessage(message) {   // "Vietnamese (English)" -> [vi, en]
    var match = /^(.*\S)\s*\(([^()]*)\)\s*$/.exec(message || "");
    return match ? [match[1], match[2]] : [message || "", message || ""];
  }

  function showMessage(message, details) {
    state.message = { text: message, details: details || {} };
    renderMessage();
    show("message");
    startCountdown(MESSAGE_SECONDS, $("message-countdown"));
  }

  function renderMessage() {
    var parts = splitMessage(state.message.text);
    var text = state.lang === "en" ? parts[1] : parts[0];
    var reopen = reopenText(state.message.details.next_open);
    $("message-title").textContent = t("sorry");
    $("message-text").textContent = reopen ? text + ". " + reopen + "." : text;
  }

  // ------------------------------------------------------------------ countdown
  function startCountdown(seconds, label) {
    stopCountdown();
    state.countdownTotal = seconds * 1000;
    state.countdownEnd = Date.now() + state.countdownTotal;
    state.countdownLabel = label;
    tickCountdown();
    state.countdownTimer = setInterval(tickCountdown, 200);
  }

  function tickCountdown() {
    var left = Math.max(0, state.countdownEnd - Date.now());
    state.countdownLabel.textContent = t("countdown")(Math.ceil(left / 1000));
    $("countdown-bar").style.transform = "scaleX(" + (left / state.countdownTotal).toFixed(3) + ")";
    if (left <= 0) goHome(true);
  }

  function stopCountdown() {
    clearInterval(state.countdownTimer);
    state.countdownTimer = null;
  }

  // ------------------------------------------------------------------ health
  function serverDown() {
    state.fetchDown = true;
    renderOffline();
    if (state.healthTimer) return;
    state.healthTimer = setInterval(function () {
      fetch("/api/v1/health", { cache: "no-store" }).then(function (response) {
        if (response.ok) serverBack();
      }).catch(function () {});
    }, HEALTH_POLL_MS);
  }

  function serverBack() {
    clearInterval(state.healthTimer);
    state.healthTimer = null;
    state.fetchDown = false;
    renderOffline();
  }

  function renderOffline() {
    var down = state.liveDown || state.fetchDown;
    $("offline").hidden = !down;
    document.body.classList.toggle("is-offline", down);
    if (down && (state.screen === "priority" || state.screen === "message")) goHome(false);
  }

  function refreshAreas() {
    if (!state.token || state.liveDown) return;
    fetch("/api/v1/areas", { cache: "no-store" }).then(function (response) {
      return response.json();
    }).then(function (areas) {
      if (Array.isArray(areas)) areas.forEach(updateArea);
    }).catch(serverDown);
  }

  function loadPrinterStatus() {
    fetch("/kiosk/printer-status", { cache: "no-store" }).then(function (response) {
      return response.json();
    }).then(function (entry) {
      state.printer = entry;
      renderPrinter();
    }).catch(function () {});
  }

  function loadPriorities() {
    fetch("/api/v1/priorities", { cache: "no-store" }).then(function (response) {
      if (!response.ok) throw new Error("priorities " + response.status);
      return response.json();
    }).then(function (list) {
      state.priorities = list;
      state.prioritiesLoaded = true;
      renderPriorities();
    }).catch(function () { setTimeout(loadPriorities, 3000); });
  }

  // ------------------------------------------------------------------ live
  function onSnapshot(snapshot) {
    state.businessDate = snapshot.business_date;
    state.clockSkewMs = Date.parse(snapshot.now) - Date.now();
    state.areas = snapshot.areas.slice();
    if (snapshot.hall) state.hall = snapshot.hall;
    renderHall();
    renderAreas();
    loadPrinterStatus();
    if (state.fetchDown) serverBack();
    if (state.screen === "loading") show("home");
  }

  function onEvent(name, payload) {
    if (name === "queue_updated" && payload.area) updateArea(payload.area);
    else if (name === "device_status" && payload.device && isPrinter(payload.device)) {
      state.printer = payload.device;
      renderPrinter();
    } else if (name === "day_changed" && state.live) state.live.resync();
  }

  function isPrinter(device) { return device.id === "printer" || device.kind === "printer"; }

  function onConnection(connection) {
    state.liveDown = connection !== "online";
    renderOffline();
  }

  // ------------------------------------------------------------------ clock
  function renderClock() {
    var now = new Date(Date.now() + state.clockSkewMs + HALL_UTC_OFFSET_MIN * 60000);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    $("clock-time").textContent = pad(now.getUTCHours()) + ":" + pad(now.getUTCMinutes());
    $("clock-date").textContent = WEEKDAYS[state.lang][now.getUTCDay()] + ", " +
      pad(now.getUTCDate()) + "/" + pad(now.getUTCMonth() + 1) + "/" + now.getUTCFullYear();
  }

  function onIdleTick() {
    renderClock();
    var idle = (Date.now() - state.lastTouch) / 1000;
    if (state.screen === "priority" && idle > PRIORITY_IDLE_SECONDS) goHome(true);
    else if (state.screen === "home" && state.lang !== "vi" && idle > ENGLISH_IDLE_SECONDS) setLang("vi");
  }

  // ------------------------------------------------------------------ taps
  function onClick(event) {
    var target = event.target.closest("button, #screen-result");
    if (!target) return;
    if (target.id === "lang-toggle") { setLang(state.lang === "vi" ? "en" : "vi"); return; }
    if (guarded() || target.disabled) return;
    var action = target.dataset.action || (target.id === "screen-result" ? "home" : "");
    if (action === "area") { if (!blocked()) chooseArea(target.dataset.area); }
    else if (action === "issue") issue(target.dataset.priority || null, target);
    else if (action === "home") goHome(state.screen !== "priority");
  }

  function onPointerDown(event) {
    state.lastTouch = Date.now();
    var button = event.target.closest("button");
    if (button && !button.disabled) button.classList.add("pressed");
  }

  function onPointerUp() {
    document.querySelectorAll(".pressed").forEach(function (node) { node.classList.remove("pressed"); });
  }

  function lockDown() {
    document.addEventListener("contextmenu", function (event) { event.preventDefault(); });
    document.addEventListener("selectstart", function (event) { event.preventDefault(); });
    document.addEventListener("dragstart", function (event) { event.preventDefault(); });
    document.addEventListener("gesturestart", function (event) { event.preventDefault(); });
    document.addEventListener("wheel", function (event) {
      if (event.ctrlKey) event.preventDefault();
    }, { passive: false });
    document.addEventListener("touchmove", function (event) {
      if (event.touches && event.touches.length > 1) event.preventDefault();
    }, { passive: false });
  }

  // ------------------------------------------------------------------ enrolment
  function readToken() {
    var params = new URLSearchParams(location.search);
    var enrol = params.get("enrol");
    if (enrol) {
      try { localStorage.setItem(TOKEN_KEY, enrol.trim()); } catch (e) { /* private mode */ }
      params.delete("enrol");
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
    try { return localStorage.getItem(TOKEN_KEY); } catch (e) { return enrol; }
  }

  function forgetToken() {
    try { localStorage.removeItem(TOKEN_KEY); } catch (e) { /* ignore */ }
    state.token = null;
    goHome(true);
  }

  function start() {
    lockDown();
    document.addEventListener("click", onClick);
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("pointerup", onPointerUp);
    document.addEventListener("pointercancel", onPointerUp);
    setLang("vi");
    renderClock();
    setInterval(onIdleTick, 1000);
    state.token = readToken();
    if (!state.token) { show("enrol"); return; }
    loadPriorities();
    state.live = window.LuotLive.connect({ onSnapshot: onSnapshot, onEvent: onEvent,
                                           onConnection: onConnection });
    setInterval(refreshAreas, AREAS_POLL_MS);
  }

  window.LuotKiosk = { state: state };
  start();
})();
