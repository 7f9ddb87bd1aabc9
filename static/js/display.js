/* Hall TV (/display): every counter, the call being announced, recent calls, queues.
 *
 * Query parameters:
 *   areas=dat-dai,tu-phap   only these areas (their counters, queues and calls)
 *   counters=1,2            only these counters
 *   lang=en                 English labels as a smaller second line
 *   hold=5                  seconds each call stays in the "now calling" banner (2–15)
 *   audio=1                 THIS display plays the announcements (only one per hall, or calls
 *                           double). Chromium must run with
 *                           --autoplay-policy=no-user-gesture-required, otherwise play() is
 *                           refused without a click; the refusal is shown in a corner.
 *
 * State comes only from live.js (snapshot + seq-ordered events); every snapshot redraws
 * everything, so nothing stale survives a reconnect. Calls go through a client-side queue:
 * each one gets its turn in the banner, none is skipped, recalls included.
 */
(function () {
  "use strict";

  var params = new URLSearchParams(location.search);
  var ENGLISH = params.get("lang") === "en";
  var HOLD_MS = clamp(Number(params.get("hold")) || 5, 2, 15) * 1000;
  var BUSY_HOLD_MS = Math.min(HOLD_MS, 3000);     // when calls pile up, shorter turns
  var RECENT_MAX = 8;
  var CATCH_UP_MS = 120000;                        // calls missed while away this recent are replayed
  var VN_OFFSET_MS = 7 * 3600 * 1000;              // Asia/Ho_Chi_Minh, no DST
  var WEEKDAYS = ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];
  var WEEKDAYS_EN = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var STATUS = {
    serving: ["Đang phục vụ", "Serving"],
    idle: ["Sẵn sàng", "Available"],
    paused: ["Tạm dừng", "Paused"],
    closed: ["Đóng quầy", "Closed"]
  };

  var filter = {
    areas: listParam("areas"),
    counters: listParam("counters")
  };
  var el = {
    body: document.body, counters: byId("counters"), recent: byId("recent"),
    queues: byId("queues"), now: byId("now"), nowLabel: byId("now-label"),
    nowNumber: byId("now-number"), nowCounter: byId("now-counter"),
    nowCounterEn: byId("now-counter-en"), nowTags: byId("now-tags"),
    clockTime: byId("clock-time"), clockDate: byId("clock-date"), hallName: byId("hall-name"),
    ticker: byId("ticker"), notice: byId("notice"), offline: byId("offline")
  };

  var cards = {};            // counter number -> card element
  var chips = {};            // area id -> queue chip element
  var seenCalls = {};        // call_id -> true (banner and recent list never repeat a call)
  var recent = [];           // visible ticket_called payloads, newest first
  var calls = [];            // banner queue, oldest first
  var showing = null;        // the call in the banner now
  var holdTimer = null;
  var clockOffset = 0;       // server time - local time, ms
  var hadSnapshot = false;
  var shownLog = [];         // banner turns, newest last (read by tests and for debugging)

  // ------------------------------------------------------------------ helpers
  function byId(id) { return document.getElementById(id); }
  function clamp(v, lo, hi) { return Math.max(lo, Math.min(hi, v)); }
  function listParam(name) {
    var raw = params.get(name);
    if (!raw) return null;
    var set = {};
    raw.split(",").forEach(function (s) { s = s.trim(); if (s) set[s] = true; });
    return set;
  }
  function h(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  /** A Vietnamese label with, when ?lang=en, its English line (skipped when identical). */
  function bilingual(node, vi, en) {
    node.textContent = vi;
    if (ENGLISH && en && en !== vi) node.appendChild(h("span", "en", en));
    return node;
  }
  function priorityText(ticket) {
    return ticket && ticket.priority ? "Ưu tiên – " + (ticket.priority_label || ticket.priority) : "";
  }
  function priorityTextEn(ticket) {
    return ticket && ticket.priority ? "Priority – " + (ticket.priority_label_en || ticket.priority) : "";
  }

  // ------------------------------------------------------------------ filters
  function counterShown(c) {
    if (filter.counters && !filter.counters[c.number]) return false;
    if (filter.areas && !c.areas.some(function (a) { return filter.areas[a]; })) return false;
    return true;
  }
  function areaShown(area) {
    if (filter.areas) return !!filter.areas[area.id];
    if (filter.counters) return area.counters.some(function (n) { return filter.counters[n]; });
    return true;
  }
  function callShown(call) {
    if (filter.counters && !filter.counters[call.counter.number]) return false;
    if (filter.areas && !filter.areas[call.ticket.area]) return false;
    return true;
  }

  // ------------------------------------------------------------------ counters
  var areaNames = {};        // area id -> [vi, en]

  function buildCounters(counters) {
    el.counters.textContent = "";
    cards = {};
    var shown = counters.filter(counterShown);
    var portrait = window.innerHeight > window.innerWidth;
    var perColumn = portrait ? 6 : 6;
    var cols = portrait ? (shown.length > 6 ? 2 : 1) : Math.max(1, Math.ceil(shown.length / perColumn));
    el.counters.style.setProperty("--cols", cols);
    el.counters.style.setProperty("--rows", Math.max(1, Math.ceil(shown.length / cols)));
    shown.forEach(function (c) {
      var card = h("article", "counter");
      card.dataset.counter = c.number;
      var badge = h("div", "counter-badge");
      badge.appendChild(h("span", "counter-word", "Quầy"));
      badge.appendChild(h("span", "counter-no num", String(c.number)));
      var info = h("div", "counter-info");
      info.appendChild(h("p", "counter-areas"));
      info.appendChild(h("p", "counter-state"));
      var ticket = h("div", "counter-ticket");
      ticket.appendChild(h("span", "counter-number num", "—"));
      ticket.appendChild(h("span", "counter-priority"));
      ticket.appendChild(h("span", "counter-reason"));
      card.appendChild(badge); card.appendChild(info); card.appendChild(ticket);
      el.counters.appendChild(card);
      cards[c.number] = card;
    });
  }

  function updateCounter(c) {
    var card = cards[c.number];
    if (!card) return;
    var names = c.areas.map(function (a) { return (areaNames[a] || [a])[0]; });
    var namesEn = c.areas.map(function (a) { return (areaNames[a] || [a, a])[1] || a; }).join(" · ");
    if (c.name && c.name !== "Quầy " + c.number) names.unshift(c.name);
    var areas = card.querySelector(".counter-areas");
    areas.textContent = "";
    names.forEach(function (name, i) {       // wrap between areas, never inside one
      areas.appendChild(h("span", "area", name + (i < names.length - 1 ? " ·" : "")));
      areas.appendChild(document.createTextNode(" "));
    });
    if (ENGLISH && namesEn !== names.join(" · ")) areas.appendChild(h("span", "en", namesEn));
    var status = STATUS[c.status] || [c.status, c.status];
    var state = card.querySelector(".counter-state");
    var vi = status[0], en = status[1];
    bilingual(state, vi, en);
    card.dataset.status = c.status;
    var current = c.status === "closed" ? null : c.current;
    card.querySelector(".counter-number").textContent = current ? current.number : "—";
    card.querySelector(".counter-priority").textContent = priorityText(current);
    card.querySelector(".counter-reason").textContent =
      c.status === "paused" ? (c.pause_reason || "") : "";
  }

  // ------------------------------------------------------------------ queues
  function buildQueues(areas) {
    el.queues.textContent = "";
    chips = {};
    areas.filter(areaShown).forEach(function (a) {
      var chip = h("div", "queue");
      var name = h("p", "queue-name");
      chip.appendChild(name);
      var count = h("p", "queue-count");
      count.appendChild(h("span", "queue-waiting num", "0"));
      count.appendChild(h("span", "queue-unit"));
      chip.appendChild(count);
      el.queues.appendChild(chip);
      chips[a.id] = chip;
    });
    el.queues.style.setProperty("--areas", Math.max(1, Object.keys(chips).length));
  }

  function updateArea(a) {
    var chip = chips[a.id];
    if (!chip) return;
    areaNames[a.id] = [a.name, a.name_en];
    bilingual(chip.querySelector(".queue-name"), a.name, a.name_en);
    chip.querySelector(".queue-waiting").textContent = String(a.waiting);
    var unit = chip.querySelector(".queue-unit");
    if (a.open === false && a.closed_reason_vi) {
      bilingual(unit, a.closed_reason_vi, a.closed_reason_en);
    } else {
      bilingual(unit, "đang chờ", "waiting");
    }
    chip.classList.toggle("is-closed", a.open === false);
  }

  // ------------------------------------------------------------------ recent calls
  function renderRecent() {
    el.recent.textContent = "";
    recent.slice(0, RECENT_MAX).forEach(function (call, i) {
      var row = h("li", "recent-row" + (i === 0 ? " is-latest" : "") + (call.recall ? " is-recall" : ""));
      row.dataset.call = call.call_id;
      row.appendChild(h("span", "recent-number num", call.ticket.number));
      var where = h("span", "recent-counter");
      where.appendChild(h("span", "recent-arrow", "→"));
      where.appendChild(document.createTextNode("Quầy "));
      where.appendChild(h("strong", "num", String(call.counter.number)));
      var tags = h("span", "recent-tags");
      if (call.recall) tags.appendChild(h("span", "tag tag-recall", "Gọi lại"));
      if (call.ticket.priority) tags.appendChild(h("span", "tag tag-priority", "Ưu tiên"));
      row.appendChild(tags);
      row.appendChild(where);
      el.recent.appendChild(row);
    });
  }

  // ------------------------------------------------------------------ the banner
  function enqueueCall(call) {
    calls.push(call);
    if (!showing) showNext();
  }

  function showNext() {
    clearTimeout(holdTimer);
    showing = calls.shift() || null;
    if (!showing) { restBanner(); return; }
    paintBanner(showing, true);
    highlightCard(showing.counter.number);
    shownLog.push({ call_id: showing.call_id, number: showing.ticket.number,
                    counter: showing.counter.number, at: Date.now() });
    if (shownLog.length > 50) shownLog.shift();
    holdTimer = setTimeout(showNext, calls.length ? BUSY_HOLD_MS : HOLD_MS);
  }

  function restBanner() {
    el.now.classList.remove("is-calling");
    Object.keys(cards).forEach(function (k) { cards[k].classList.remove("is-called"); });
    if (recent.length) { paintBanner(recent[0], false); return; }
    el.now.classList.add("is-empty");
    bilingual(el.nowLabel, "Chưa gọi số nào", "No calls yet");
  }

  function paintBanner(call, active) {
    var n = el.now;
    n.classList.remove("is-empty", "is-calling", "is-recall");
    void n.offsetWidth;                    // restart the entrance animation
    if (active) n.classList.add("is-calling");
    if (call.recall) n.classList.add("is-recall");
    n.dataset.call = call.call_id;
    bilingual(el.nowLabel, active ? "Mời công dân có số" : "Số vừa gọi",
              active ? "Now calling" : "Last called");
    el.nowNumber.textContent = call.ticket.number;
    el.nowCounter.textContent = "Quầy " + call.counter.number;
    if (el.nowCounterEn) el.nowCounterEn.textContent = "to counter " + call.counter.number;
    el.nowTags.textContent = "";
    if (call.recall) el.nowTags.appendChild(bilingual(h("span", "tag tag-recall"), "Gọi lại", "Recall"));
    if (call.ticket.priority) {
      el.nowTags.appendChild(bilingual(h("span", "tag tag-priority"), priorityText(call.ticket),
                                       priorityTextEn(call.ticket)));
    }
    var area = areaNames[call.ticket.area];
    el.nowTags.appendChild(bilingual(h("span", "tag tag-area"), call.ticket.area_name,
                                     area ? area[1] : null));
  }

  function highlightCard(number) {
    Object.keys(cards).forEach(function (k) {
      cards[k].classList.remove("is-called", "is-latest");
    });
    var card = cards[number];
    if (!card) return;
    void card.offsetWidth;
    card.classList.add("is-called", "is-latest");
  }

  // ------------------------------------------------------------------ snapshot & events
  function onSnapshot(snap) {
    clockOffset = Date.parse(snap.now) - Date.now();
    el.hallName.textContent = snap.hall.name;
    if (ENGLISH && snap.hall.name_en && snap.hall.name_en !== snap.hall.name) {
      el.hallName.appendChild(h("span", "en", snap.hall.name_en));
    }
    setNotice(snap.hall.notice);
    snap.areas.forEach(function (a) { areaNames[a.id] = [a.name, a.name_en]; });
    buildQueues(snap.areas);
    snap.areas.forEach(updateArea);
    buildCounters(snap.counters);
    snap.counters.forEach(updateCounter);

    var visible = snap.recent_calls.filter(callShown);
    var missed = visible.filter(function (c) { return !seenCalls[c.call_id]; }).reverse();
    var now = Date.parse(snap.now);
    visible.forEach(function (c) { seenCalls[c.call_id] = true; });
    recent = visible.slice(0, RECENT_MAX);
    renderRecent();
    if (hadSnapshot) {
      missed.filter(function (c) { return now - Date.parse(c.at) < CATCH_UP_MS; })
            .forEach(enqueueCall);
    }
    if (!showing) restBanner();
    else highlightCard(showing.counter.number);
    if (!showing && recent.length) markLatest(recent[0].counter.number);
    hadSnapshot = true;
    el.body.classList.remove("is-loading");
    tickClock();
  }

  function markLatest(number) {
    Object.keys(cards).forEach(function (k) { cards[k].classList.remove("is-latest"); });
    if (cards[number]) cards[number].classList.add("is-latest");
  }

  function onCalled(call) {
    if (seenCalls[call.call_id] || !callShown(call)) return;
    seenCalls[call.call_id] = true;
    recent.unshift(call);
    recent.length = Math.min(recent.length, RECENT_MAX);
    renderRecent();
    enqueueCall(call);
  }

  function onEvent(name, payload) {
    if (name === "ticket_called") onCalled(payload);
    else if (name === "counter_updated") updateCounter(payload.counter);
    else if (name === "queue_updated") updateArea(payload.area);
    else if (name === "day_changed") { calls = []; live.resync(); }
    else if (name === "announcement") announcer.add(payload);
  }

  function onConnection(state) {
    var offline = state === "offline";
    el.body.classList.toggle("is-offline", offline);
    el.offline.hidden = !offline;
  }

  // ------------------------------------------------------------------ clock & notice
  var lastClock = "";
  function tickClock() {
    var t = new Date(Date.now() + clockOffset + VN_OFFSET_MS);   // read with getUTC*
    var time = pad(t.getUTCHours()) + ":" + pad(t.getUTCMinutes());
    var date = WEEKDAYS[t.getUTCDay()] + ", " + pad(t.getUTCDate()) + "/" +
               pad(t.getUTCMonth() + 1) + "/" + t.getUTCFullYear();
    if (time + date === lastClock) return;
    lastClock = time + date;
    el.clockTime.textContent = time;
    bilingual(el.clockDate, date, ENGLISH ? WEEKDAYS_EN[t.getUTCDay()] : null);
    el.clockDate.setAttribute("aria-label", date + " · " + time);
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /** The notice line: still when it fits, otherwise scrolling at ~9 characters a second. */
  function setNotice(text) {
    text = text || "";
    el.ticker.hidden = !text;
    el.notice.textContent = text;
    el.notice.style.setProperty("--ticker-seconds", Math.max(12, text.length / 9) + "s");
    el.ticker.classList.add("is-static");
    var room = el.ticker.clientWidth - el.notice.offsetLeft;
    el.ticker.classList.toggle("is-static", el.notice.scrollWidth <= room);
  }

  // ------------------------------------------------------------------ audio (?audio=1)
  var announcer = (function () {
    var audio = byId("announcer");
    var state = byId("audio-state");
    var queue = [], playing = false, played = {};
    function show(text) { state.hidden = !text; state.textContent = text || ""; }
    function next() {
      var item = queue.shift();
      if (!item) { playing = false; return; }
      playing = true;
      audio.src = item.url;
      var result = audio.play();
      if (result && result.catch) {
        result.catch(function () {
          show("Loa bị chặn: cần chạy Chromium với --autoplay-policy=no-user-gesture-required");
          next();
        });
      }
    }
    audio.addEventListener("ended", next);
    audio.addEventListener("error", next);
    audio.addEventListener("playing", function () { show(""); });
    var wanted = params.get("audio") === "1";
    var isPlayer = false;
    /** Ask the server to be THE display that plays (only one may, or calls double). */
    function claim(socket) {
      if (!wanted) return;
      socket.emit("claim_audio", {}, function (answer) {
        isPlayer = !!(answer && answer.player);
        show(isPlayer ? "" : "Loa đang phát ở màn hình khác · Another display plays the voice");
      });
    }
    return {
      enabled: wanted,
      claim: claim,
      isPlayer: function () { return isPlayer; },
      add: function (a) {
        if (!this.enabled || !isPlayer || !a || !a.url || played[a.id]) return;
        played[a.id] = true;
        queue.push(a);
        if (!playing) next();
      }
    };
  })();

  // ------------------------------------------------------------------ start
  var live = window.LuotLive.connect({
    onSnapshot: onSnapshot, onEvent: onEvent, onConnection: onConnection,
    offlineAfterMs: 3000, healthUrl: "/api/v1/health"
  });
  live.socket.on("connect", function () { announcer.claim(live.socket); });
  live.socket.on("audio_released", function () { announcer.claim(live.socket); });
  if (live.socket.connected) announcer.claim(live.socket);
  window.luotDisplay = { live: live, shown: shownLog, pending: function () { return calls.length; },
                         audioPlayer: announcer.isPlayer };
  setInterval(tickClock, 1000);
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { live.resync(); }, 300);   // regrid from a fresh snapshot
  });
})();
