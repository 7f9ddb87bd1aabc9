/* The manager's dashboard (/manage): live counters, queue and devices; reprints,
 * announcements, the day report, device tokens and the audit log.
 *
 * Reads come from /api/v1 and the live socket (static/js/live.js); writes use the login
 * session and send the page's CSRF token in X-CSRFToken. Each view loads its data when shown.
 */
(function () {
  "use strict";

  var CSRF = document.querySelector('meta[name="csrf-token"]').content;
  var MANAGE_API = "/manage/api";
  var VIEWS = ["overview", "reprint", "announcements", "report", "tokens", "audit"];
  var LONG_WAIT_MIN = 30;
  var AUDIT_PAGE = 200;

  var state = {
    counters: {}, areas: {}, areaOrder: [], counterOrder: [], devices: {},
    skewMs: 0, seq: 0, view: null, live: null, ready: false,
    audit: { newest: 0, oldest: null, rows: [], counters: {} },
  };

  // ------------------------------------------------------------------ helpers
  function $(id) { return document.getElementById(id); }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /** A Vietnamese label with its English subtitle. */
  function bilingual(tag, cls, vi, en) {
    var node = el(tag, cls, vi);
    if (en) node.appendChild(el("span", "en", en));
    return node;
  }

  function now() { return new Date(Date.now() + state.skewMs); }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /** "08:15" in the hall's time (UTC+7) from an ISO time. */
  function hhmm(iso) {
    if (!iso) return "—";
    var d = new Date(new Date(iso).getTime() + 7 * 3600 * 1000);
    return pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
  }

  function hhmmss(iso) {
    if (!iso) return "—";
    var d = new Date(new Date(iso).getTime() + 7 * 3600 * 1000);
    return hhmm(iso) + ":" + pad(d.getUTCSeconds());
  }

  function minutesSince(iso) {
    if (!iso) return null;
    return Math.max(0, Math.floor((now().getTime() - new Date(iso).getTime()) / 60000));
  }

  function duration(minutes) {
    if (minutes === null || minutes === undefined) return "—";
    if (minutes < 60) return minutes + " phút";
    return Math.floor(minutes / 60) + " giờ " + pad(minutes % 60) + " phút";
  }

  /** "Vietnamese (English)" -> [vi, en]. */
  function splitMessage(message) {
    var m = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(message || "");
    return m ? [m[1], m[2]] : [message || "", ""];
  }

  function request(method, path, body) {
    var init = { method: method, headers: { "Accept": "application/json" }, credentials: "same-origin" };
    if (method !== "GET") init.headers["X-CSRFToken"] = CSRF;
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        if (!response.ok) {
          var message = data && data.error ? data.error.message
            : "Lỗi " + response.status + " (request failed)";
          var error = new Error(message);
          error.status = response.status;
          throw error;
        }
        return data;
      });
    }, function () {
      throw new Error("Không kết nối được máy chủ (server unreachable)");
    });
  }

  var toastTimer = null;
  function toast(message, isError) {
    var parts = splitMessage(message);
    $("toast-text").textContent = parts[0];
    $("toast-en").textContent = parts[1];
    $("toast").classList.toggle("is-error", !!isError);
    $("toast").hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { $("toast").hidden = true; }, isError ? 7000 : 3500);
  }

  function failed(error) { toast(error.message, true); }

  function emptyRow(tbody, columns, vi, en) {
    var tr = el("tr");
    var td = bilingual("td", "empty", vi, en);
    td.colSpan = columns;
    tr.appendChild(td);
    tbody.appendChild(tr);
  }

  function button(vi, en, cls, onClick) {
    var b = bilingual("button", "btn btn-small " + cls, vi, en);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function statusBadge(kind, vi, en) {
    var badge = el("span", "status status-" + kind, vi);
    if (en) badge.title = en;
    return badge;
  }

  // ------------------------------------------------------------------ dialogs
  function askConfirm(title, text, okLabel) {
    var dialog = $("confirm-dialog");
    $("confirm-title").textContent = title;
    $("confirm-text").textContent = text;
    $("confirm-ok").textContent = okLabel;
    return new Promise(function (resolve) {
      dialog.onclose = function () { resolve(dialog.returnValue === "ok"); };
      dialog.returnValue = "";
      dialog.showModal();
    });
  }

  function askPauseReason(counterName) {
    var dialog = $("pause-dialog");
    $("pause-counter").textContent = counterName;
    $("pause-reason").value = "";
    return new Promise(function (resolve) {
      dialog.onclose = function () {
        var reason = $("pause-reason").value.trim();
        resolve(dialog.returnValue === "ok" && reason ? reason : null);
      };
      dialog.returnValue = "";
      dialog.showModal();
      $("pause-reason").focus();
    });
  }

  function wireDialogs() {
    document.querySelectorAll("[data-close]").forEach(function (b) {
      b.addEventListener("click", function () { b.closest("dialog").close("cancel"); });
    });
    $("pause-reasons").addEventListener("click", function (e) {
      if (e.target.classList.contains("chip")) {
        $("pause-reason").value = e.target.textContent;
        $("pause-reason").focus();
      }
    });
  }

  // ------------------------------------------------------------------ summary and clock
  function renderSummary() {
    var waiting = 0, serving = 0, open = 0, faults = 0;
    state.areaOrder.forEach(function (id) { waiting += state.areas[id].waiting || 0; });
    state.counterOrder.forEach(function (n) {
      var c = state.counters[n];
      if (c.status === "serving") serving += 1;
      if (c.status !== "closed") open += 1;
    });
    Object.keys(state.devices).forEach(function (id) {
      if (state.devices[id].status !== "ok") faults += 1;
    });
    $("sum-waiting").textContent = waiting;
    $("sum-serving").textContent = serving + "/" + state.counterOrder.length;
    $("sum-devices").textContent = faults;
    $("sum-devices-item").classList.toggle("is-alert", faults > 0);
    $("sum-devices-item").classList.toggle("is-clear", faults === 0);
    var badge = $("nav-overview-badge");
    badge.hidden = faults === 0;
    badge.textContent = faults;
    badge.title = faults + " thiết bị cần kiểm tra";
  }

  function tick() {
    var t = now();
    var local = new Date(t.getTime() + 7 * 3600 * 1000);
    $("clock").textContent = pad(local.getUTCHours()) + ":" + pad(local.getUTCMinutes());
    renderAreas();
  }

  // ------------------------------------------------------------------ queue (areas)
  function areaCard(area) {
    var li = el("li", "area");
    var oldest = minutesSince(area.oldest_waiting_at);
    li.classList.toggle("is-closed", !area.open);
    li.classList.toggle("is-long", area.waiting > 0 && oldest !== null && oldest >= LONG_WAIT_MIN);
    li.dataset.area = area.id;
    li.appendChild(el("p", "area-name", area.name)).title = area.name;
    var count = el("p", "area-waiting num", String(area.waiting));
    count.appendChild(el("small", null, "đang chờ"));
    li.appendChild(count);
    var facts = el("p", "area-facts");
    var longest = el("span", "oldest");
    longest.append("Chờ lâu nhất: ");
    longest.appendChild(el("strong", "num", area.waiting ? duration(oldest) : "—"));
    facts.appendChild(longest);
    facts.appendChild(el("br"));
    facts.append("Ước tính: ");
    facts.appendChild(el("strong", "num", area.estimated_wait_min === null ? "chưa đủ dữ liệu"
      : "~" + duration(area.estimated_wait_min)));
    facts.appendChild(el("br"));
    facts.append("Đã cấp: ");
    facts.appendChild(el("strong", "num", area.issued + (area.daily_cap ? " / " + area.daily_cap : "")));
    li.appendChild(facts);
    var st = el("p", "area-state");
    if (area.open) st.appendChild(statusBadge("open", "Đang nhận số", "Taking tickets"));
    else {
      st.appendChild(statusBadge(area.closed_reason === "full" ? "full" : "closed",
        area.closed_reason_vi || "Đóng", area.closed_reason_en));
      if (area.next_open) st.append(" · mở lại " + hhmm(area.next_open));
    }
    li.appendChild(st);
    return li;
  }

  function renderAreas() {
    var list = $("areas");
    list.textContent = "";
    state.areaOrder.forEach(function (id) { list.appendChild(areaCard(state.areas[id])); });
    if (!state.areaOrder.length) list.appendChild(el("li", "empty", "Chưa có lĩnh vực"));
  }

  // ------------------------------------------------------------------ counters
  var COUNTER_STATUS = {
    idle: ["Sẵn sàng", "Ready"], serving: ["Đang phục vụ", "Serving"],
    paused: ["Tạm dừng", "Paused"], closed: ["Đóng", "Closed"],
  };

  function counterAction(counter, action, body) {
    return request("POST", "/api/v1/counters/" + counter.number + "/" + action, body)
      .then(function (updated) { updateCounter(updated); return updated; });
  }

  function pauseCounter(counter) {
    askPauseReason(counter.name).then(function (reason) {
      if (!reason) return;
      counterAction(counter, "pause", { reason: reason }).then(function () {
        toast(counter.name + " đã tạm dừng (paused)");
      }, failed);
    });
  }

  function releaseCounter(counter) {
    askConfirm("Giải phóng " + counter.name + "?",
      counter.clerk + " sẽ rời quầy; cán bộ khác có thể nhận quầy này. " +
      "(The clerk is signed out of this counter.)", "Giải phóng quầy")
      .then(function (ok) {
        if (!ok) return;
        counterAction(counter, "sign-out").then(function () {
          toast("Đã giải phóng " + counter.name + " (counter released)");
        }, failed);
      });
  }

  function simple(counter, action, done) {
    return function () {
      counterAction(counter, action).then(function () { toast(counter.name + ": " + done); }, failed);
    };
  }

  function rowButton(vi, en, cls, onClick) {
    var b = button(vi, null, cls, onClick);
    b.title = en;
    return b;
  }

  function counterButtons(counter) {
    var cell = el("span", "actions");
    cell.setAttribute("role", "cell");
    var s = counter.status;
    if (s === "closed") cell.appendChild(rowButton("Mở quầy", "Open", "btn-primary", simple(counter, "open", "đã mở (opened)")));
    if (s === "paused") cell.appendChild(rowButton("Tiếp tục", "Resume", "btn-primary", simple(counter, "resume", "làm việc lại (resumed)")));
    if (s === "idle") cell.appendChild(rowButton("Tạm dừng", "Pause", "btn-plain", function () { pauseCounter(counter); }));
    if (s === "serving") cell.appendChild(rowButton("Kết thúc lượt", "Finish the current ticket", "btn-plain", simple(counter, "done", "đã kết thúc lượt (finished)")));
    if (s === "idle" || s === "paused") cell.appendChild(rowButton("Đóng quầy", "Close", "btn-plain", simple(counter, "close", "đã đóng (closed)")));
    return cell;
  }

  function cell(cls) {
    var node = el("span", cls);
    node.setAttribute("role", "cell");
    return node;
  }

  function counterRow(counter) {
    var row = el("div", "counter-row is-" + counter.status);
    row.setAttribute("role", "row");
    row.dataset.counter = counter.number;
    var name = cell("counter-cell-name");
    name.appendChild(el("span", "counter-name", counter.name));
    var areas = counter.areas.map(function (id) { return state.areas[id] ? state.areas[id].name : id; });
    name.appendChild(el("span", "counter-areas", areas.join(" · "))).title = areas.join(" · ");
    row.appendChild(name);
    var st = cell();
    var label = COUNTER_STATUS[counter.status] || [counter.status, ""];
    st.appendChild(statusBadge(counter.status, label[0], label[1]));
    if (counter.status === "paused" && counter.pause_reason) {
      st.appendChild(el("span", "pause-reason", counter.pause_reason)).title = counter.pause_reason;
    }
    row.appendChild(st);
    var cur = cell("current");
    if (counter.current) {
      cur.appendChild(el("span", "current-number num", counter.current.number));
      cur.appendChild(el("span", "sub", counter.current.area_name + " · " + hhmm(counter.current.called_at)));
    } else cur.appendChild(el("span", "nobody", "—"));
    row.appendChild(cur);
    var clerk = cell("clerk");
    if (counter.clerk) {
      clerk.appendChild(el("span", "clerk-name", counter.clerk)).title = counter.clerk;
      clerk.appendChild(rowButton("Giải phóng quầy", "Release the counter: sign the clerk out", "btn-release",
        function () { releaseCounter(counter); }));
    } else clerk.appendChild(el("span", "nobody", "Chưa có cán bộ"));
    row.appendChild(clerk);
    row.appendChild(counterButtons(counter));
    return row;
  }

  function renderCounters() {
    var body = $("counters");
    body.textContent = "";
    state.counterOrder.forEach(function (n) { body.appendChild(counterRow(state.counters[n])); });
  }

  function updateCounter(counter) {
    state.counters[counter.number] = counter;
    var old = document.querySelector('#counters [data-counter="' + counter.number + '"]');
    var row = counterRow(counter);
    if (old) {
      old.replaceWith(row);
      if (state.view === "overview") row.classList.add("is-flash");
      row.addEventListener("animationend", function () { row.classList.remove("is-flash"); });
    }
    else renderCounters();
    renderSummary();
  }

  // ------------------------------------------------------------------ devices
  var DEVICE_KINDS = {
    printer: ["Máy in phiếu", "Ticket printer", 0], announcer: ["Loa thông báo", "Announcer", 1],
    board: ["Bảng LED quầy", "Counter board", 2], keypad: ["Bàn phím quầy", "Keypad", 3],
    barcode: ["Máy quét mã quầy", "Scanner", 4],
  };
  var DEVICE_STATUS = {
    ok: ["Hoạt động", "OK"], offline: ["Mất kết nối", "Offline"], no_paper: ["Hết giấy", "No paper"],
    error: ["Lỗi", "Error"], unknown: ["Chưa rõ", "Unknown"],
  };

  function deviceKind(id) {
    var m = /^([a-z]+)(?:-(\d+))?$/.exec(id) || [id, id, null];
    var kind = DEVICE_KINDS[m[1]];
    if (!kind) return { vi: id, en: "", rank: 9, n: 0 };
    return { vi: kind[0] + (m[2] ? " " + m[2] : ""), en: kind[1] + (m[2] ? " " + m[2] : ""),
             rank: kind[2], n: Number(m[2] || 0) };
  }

  function deviceItem(device) {
    var kind = deviceKind(device.id);
    var fault = device.status !== "ok";
    var li = el("li", "device" + (fault ? " is-fault" : ""));
    li.dataset.device = device.id;
    li.appendChild(el("span", "device-name", kind.vi)).title = kind.en;
    var label = DEVICE_STATUS[device.status] || [device.status, ""];
    var right = el("span");
    right.appendChild(statusBadge(device.status, label[0], label[1]));
    li.appendChild(right);
    var since = minutesSince(device.since);
    var detail = el("span", "device-detail", (device.detail ? device.detail + " · " : "") +
      "từ " + hhmm(device.since) + (since ? " (" + duration(since) + ")" : ""));
    detail.title = device.detail || "";
    li.appendChild(detail);
    return li;
  }

  function renderDevices() {
    var list = $("devices");
    var ids = Object.keys(state.devices).sort(function (a, b) {
      var x = deviceKind(a), y = deviceKind(b);
      return x.rank - y.rank || x.n - y.n || (a < b ? -1 : 1);
    });
    list.textContent = "";
    ids.forEach(function (id) { list.appendChild(deviceItem(state.devices[id])); });
    if (!ids.length) {
      list.appendChild(bilingual("li", "empty", "Chưa có thiết bị nào báo trạng thái",
        "No device has reported yet"));
    }
    var faults = ids.filter(function (id) { return state.devices[id].status !== "ok"; }).length;
    $("devices-note").textContent = ids.length ? (faults ? faults + " / " + ids.length + " cần kiểm tra"
      : "Tất cả hoạt động tốt") : "";
    renderSummary();
  }

  function loadDevices() {
    return request("GET", "/api/v1/devices").then(function (list) {
      state.devices = {};
      list.forEach(function (d) { state.devices[d.id] = d; });
      renderDevices();
    }, failed);
  }

  // ------------------------------------------------------------------ reprint
  var TICKET_STATUS = {
    waiting: ["Đang chờ", "waiting"], called: ["Đang được gọi", "called"],
    served: ["Đã phục vụ", "served"], no_show: ["Vắng mặt", "no-show"],
    transferred: ["Đã chuyển", "transferred"], expired: ["Hết hạn", "expired"],
  };

  function showPreview(ticket) {
    var img = $("preview-image");
    img.src = "/api/v1/tickets/" + encodeURIComponent(ticket.id) + "/ticket.png";
    img.hidden = false;
    $("preview-box").querySelector(".empty").hidden = true;
  }

  function reprint(ticket, btn) {
    btn.disabled = true;
    request("POST", "/api/v1/tickets/" + encodeURIComponent(ticket.id) + "/reprint")
      .then(function () { toast("Đã gửi phiếu " + ticket.number + " tới máy in (sent to the printer)"); }, failed)
      .then(function () { btn.disabled = false; });
  }

  function ticketResult(ticket) {
    var li = el("li", "ticket-result");
    li.appendChild(el("span", "big num", ticket.number));
    var info = el("span");
    info.appendChild(el("strong", null, ticket.area_name));
    var label = TICKET_STATUS[ticket.status] || [ticket.status];
    info.appendChild(el("span", "sub", label[0] + " · cấp lúc " + hhmm(ticket.issued_at) +
      (ticket.counter ? " · quầy " + ticket.counter : "") +
      (ticket.priority_label ? " · ưu tiên: " + ticket.priority_label : "")));
    li.appendChild(info);
    var btn = button("In lại", "Reprint", "btn-primary", function (e) { e.stopPropagation(); reprint(ticket, btn); });
    li.appendChild(btn);
    li.addEventListener("click", function () {
      document.querySelectorAll(".ticket-result").forEach(function (r) { r.classList.remove("is-selected"); });
      li.classList.add("is-selected");
      showPreview(ticket);
    });
    return li;
  }

  function findTicket(e) {
    e.preventDefault();
    var number = $("reprint-number").value.trim();
    var list = $("reprint-results");
    request("GET", MANAGE_API + "/tickets?number=" + encodeURIComponent(number)).then(function (tickets) {
      list.textContent = "";
      if (!tickets.length) {
        list.appendChild(bilingual("li", "empty", "Hôm nay chưa cấp số " + number, "No ticket with this number today"));
        return;
      }
      tickets.forEach(function (t) { list.appendChild(ticketResult(t)); });
      list.firstChild.click();
    }, failed);
  }

  // ------------------------------------------------------------------ announcements
  var ANNOUNCE_STATUS = {
    queued: ["waiting", "Chờ phát"], playing: ["ok", "Đang phát"], played: ["done", "Đã phát"],
    quiet: ["closed", "Không phát tiếng"], failed: ["failed", "Lỗi"], fallback: ["paused", "Phát dự phòng"],
  };

  function play(item, btn) {
    var player = $("player");
    player.src = "/api/v1/announcements/" + encodeURIComponent(item.id) + ".wav";
    player.play().catch(function () { toast("Không phát được âm thanh (cannot play)", true); });
    btn.blur();
  }

  function loadAnnouncements() {
    return request("GET", "/api/v1/announcements").then(function (items) {
      var body = $("announcements");
      body.textContent = "";
      items.forEach(function (item) {
        var tr = el("tr");
        tr.appendChild(el("td", "num", hhmmss(item.at)));
        tr.appendChild(el("td", null, item.text));
        var st = ANNOUNCE_STATUS[item.status] || ["unknown", item.status];
        var td = el("td");
        td.appendChild(statusBadge(st[0], st[1], item.status));
        tr.appendChild(td);
        var cell = el("td");
        var btn = button("▶ Nghe", "Play", "btn-plain", function () { play(item, btn); });
        cell.appendChild(btn);
        tr.appendChild(cell);
        body.appendChild(tr);
      });
      if (!items.length) emptyRow(body, 4, "Chưa có thông báo nào", "No announcement yet");
    }, failed);
  }

  function testAnnouncement(e) {
    e.preventDefault();
    var counter = Number($("test-counter").value);
    request("POST", "/api/v1/announcements/test", { counter: counter }).then(function () {
      toast("Đang phát thử tại quầy " + counter + " (test queued)");
      setTimeout(loadAnnouncements, 800);
    }, failed);
  }

  // ------------------------------------------------------------------ report
  var FIGURES = [["tickets", "Số phiếu", "Tickets"], ["served", "Đã phục vụ", "Served"],
    ["no_show", "Vắng mặt", "No-show"], ["transferred", "Đã chuyển", "Transferred"],
    ["expired", "Hết hạn", "Expired"], ["avg_wait_min", "Chờ TB (phút)", "Avg wait"],
    ["max_wait_min", "Chờ lâu nhất", "Max wait"], ["avg_service_min", "Phục vụ TB (phút)", "Avg service"]];

  function figureTable(table, rows, key, vi, en, nameOf) {
    table.textContent = "";
    var head = el("thead"), tr = el("tr");
    tr.appendChild(bilingual("th", null, vi, en));
    FIGURES.forEach(function (f) { tr.appendChild(bilingual("th", null, f[1], f[2])); });
    head.appendChild(tr);
    table.appendChild(head);
    var body = el("tbody");
    rows.forEach(function (row) {
      var line = el("tr");
      line.appendChild(el("td", null, nameOf(row[key])));
      FIGURES.forEach(function (f) {
        line.appendChild(el("td", "num", row[f[0]] === null ? "—" : String(row[f[0]]).replace(".", ",")));
      });
      body.appendChild(line);
    });
    if (!rows.length) emptyRow(body, FIGURES.length + 1, "Không có số liệu", "No data");
    table.appendChild(body);
  }

  function tile(value, unit, vi, en) {
    var li = el("li", "tile");
    var v = el("p", "tile-value num", value);
    if (unit) v.appendChild(el("small", null, unit));
    li.appendChild(v);
    li.appendChild(bilingual("p", "tile-label", vi, en));
    return li;
  }

  function renderTiles(report) {
    var sum = { tickets: 0, served: 0, no_show: 0 }, waits = [], maxWait = null;
    report.by_area.forEach(function (r) {
      sum.tickets += r.tickets; sum.served += r.served; sum.no_show += r.no_show;
      if (r.avg_wait_min !== null) waits.push([r.avg_wait_min, r.tickets]);
      if (r.max_wait_min !== null) maxWait = Math.max(maxWait || 0, r.max_wait_min);
    });
    var weight = waits.reduce(function (a, w) { return a + w[1]; }, 0);
    var avg = weight ? waits.reduce(function (a, w) { return a + w[0] * w[1]; }, 0) / weight : null;
    var tiles = $("report-tiles");
    tiles.textContent = "";
    tiles.appendChild(tile(String(sum.tickets), "", "Phiếu đã cấp", "Tickets issued"));
    tiles.appendChild(tile(String(sum.served), "", "Đã phục vụ", "Served"));
    tiles.appendChild(tile(String(sum.no_show), "", "Vắng mặt", "No-shows"));
    tiles.appendChild(tile(avg === null ? "—" : avg.toFixed(1).replace(".", ","), avg === null ? "" : "phút",
      "Chờ trung bình", "Average wait"));
    tiles.appendChild(tile(maxWait === null ? "—" : String(maxWait).replace(".", ","), maxWait === null ? "" : "phút",
      "Chờ lâu nhất", "Longest wait"));
  }

  function loadReport(e) {
    if (e) e.preventDefault();
    var day = $("report-date").value || document.body.dataset.today;
    $("report-xlsx").href = "/api/v1/reports/day?date=" + encodeURIComponent(day) + "&format=xlsx";
    return request("GET", "/api/v1/reports/day?date=" + encodeURIComponent(day)).then(function (report) {
      renderTiles(report);
      figureTable($("report-area"), report.by_area, "area", "Lĩnh vực", "Area",
        function (id) { return state.areas[id] ? state.areas[id].name : id; });
      figureTable($("report-counter"), report.by_counter, "counter", "Quầy", "Counter",
        function (n) { return state.counters[n] ? state.counters[n].name : "Quầy " + n; });
      figureTable($("report-clerk"), report.by_clerk, "clerk", "Cán bộ", "Clerk",
        function (name) { return name; });
    }, failed);
  }

  // ------------------------------------------------------------------ tokens
  var ROLE_NAMES = { kiosk: "Ki-ốt cấp số", display: "Màn hình", clerk: "Quầy (cán bộ)",
                     manager: "Quản lý", admin: "Quản trị" };

  function revokeToken(token) {
    askConfirm("Thu hồi mã “" + token.name + "”?",
      "Thiết bị dùng mã này sẽ ngừng hoạt động ngay. (The device stops working at once.)", "Thu hồi")
      .then(function (ok) {
        if (!ok) return;
        request("POST", MANAGE_API + "/tokens/" + token.id + "/revoke").then(function () {
          toast("Đã thu hồi mã “" + token.name + "” (revoked)");
          loadTokens();
        }, failed);
      });
  }

  function tokenRow(token) {
    var tr = el("tr", token.revoked_at ? "is-revoked" : "");
    tr.dataset.token = token.id;
    tr.appendChild(el("td", "token-name", token.name));
    tr.appendChild(el("td", null, (ROLE_NAMES[token.role] || token.role) +
      (token.counters.length ? " " + token.counters.join(", ") : "")));
    tr.appendChild(el("td", "num", token.created_at.slice(0, 10).split("-").reverse().join("/") +
      " " + hhmm(token.created_at)));
    var st = el("td");
    st.appendChild(token.revoked_at ? statusBadge("revoked", "Đã thu hồi " + hhmm(token.revoked_at), "Revoked")
      : statusBadge("active", "Đang dùng", "Active"));
    tr.appendChild(st);
    var actions = el("td", "actions");
    var mine = ["kiosk", "display", "clerk"].indexOf(token.role) >= 0;
    if (!token.revoked_at && mine) {
      actions.appendChild(button("Thu hồi", "Revoke", "btn-plain", function () { revokeToken(token); }));
    }
    tr.appendChild(actions);
    return tr;
  }

  function loadTokens() {
    return request("GET", MANAGE_API + "/tokens").then(function (tokens) {
      var body = $("tokens");
      body.textContent = "";
      tokens.forEach(function (t) { body.appendChild(tokenRow(t)); });
      if (!tokens.length) emptyRow(body, 5, "Chưa có mã nào", "No token yet");
    }, failed);
  }

  function showSecret(answer) {
    $("secret-name").textContent = answer.token.name;
    $("secret-value").value = answer.secret;
    var kiosk = !!answer.enrol_url;
    $("secret-link").value = answer.enrol_url || "";
    $("secret-link").hidden = $("secret-link-label").hidden = !kiosk;
    $("secret-qr").hidden = $("secret-hint").hidden = !kiosk;
    if (kiosk) $("secret-qr").src = answer.qr;
    $("token-secret").hidden = false;
  }

  function hideSecret() {
    $("secret-value").value = "";
    $("secret-link").value = "";
    $("secret-qr").removeAttribute("src");
    $("token-secret").hidden = true;
  }

  function createToken(e) {
    e.preventDefault();
    var form = $("token-form");
    var body = { name: form.elements.name.value.trim(), role: form.elements.role.value };
    request("POST", MANAGE_API + "/tokens", body).then(function (answer) {
      form.reset();
      showSecret(answer);
      loadTokens();
    }, failed);
  }

  function copySecret() {
    var field = $("secret-link").value ? $("secret-link") : $("secret-value");
    field.select();
    var done = function () { toast("Đã sao chép (copied)"); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
    } else { document.execCommand("copy"); done(); }
  }

  // ------------------------------------------------------------------ audit
  var TICKET_OUTCOME = {
    served: "Đã phục vụ xong", no_show: "Vắng mặt", transferred: "Chuyển sang lĩnh vực khác",
    expired: "Hết hạn (qua ngày)",
  };

  function who(actor) {
    if (!actor) return "Hệ thống";
    var parts = actor.split(":");
    var name = parts.slice(2).join(":") || actor;
    return parts[0] === "token" ? name + " (mã thiết bị)" : name;
  }

  var COUNTER_STATE_VI = { idle: "sẵn sàng", serving: "đang phục vụ", paused: "tạm dừng", closed: "đóng" };

  /** What a counter_updated event changed, or null when it only echoes a ticket action. */
  function counterChange(event, known, previous) {
    var c = event.payload.counter, before = known[c.number];
    known[c.number] = c;
    if (previous && previous.name.indexOf("ticket_") === 0 && previous.at === event.at) return null;
    var actorId = (event.actor || "").split(":")[1];
    if (before ? before.clerk_id !== c.clerk_id : (c.clerk && String(c.clerk_id) === actorId)) {
      return c.clerk ? "Cán bộ nhận quầy: " + c.clerk
        : "Giải phóng quầy" + (before && before.clerk ? " (" + before.clerk + " rời quầy)" : "");
    }
    if (c.status === "paused") return "Tạm dừng quầy — " + (c.pause_reason || "");
    if (c.status === "closed") return "Đóng quầy";
    if (before && before.status === "paused") return "Quầy làm việc lại";
    if (before && before.status === "closed") return "Mở quầy";
    return "Quầy " + (COUNTER_STATE_VI[c.status] || c.status) + (c.clerk ? "" : ", không có cán bộ");
  }

  function describe(event, known, previous) {
    var p = event.payload, t = p.ticket;
    if (event.name === "ticket_issued") {
      return "Cấp số — " + t.area_name + (t.priority_label ? " (ưu tiên: " + t.priority_label + ")" : "");
    }
    if (event.name === "ticket_called") return (p.recall ? "Gọi lại" : "Gọi số") + " — " + t.area_name;
    if (event.name === "ticket_updated") {
      if (t.status === "waiting" && t.origin) return "Nhận chuyển sang " + t.area_name;
      if (t.status === "called" && t.dossier_code) return "Gắn mã hồ sơ " + t.dossier_code;
      return TICKET_OUTCOME[t.status] || "Cập nhật phiếu";
    }
    if (event.name === "counter_updated") return counterChange(event, known, previous);
    if (event.name === "day_changed") return "Sang ngày làm việc mới " + p.business_date;
    return null;
  }

  function auditRow(event, text) {
    var tr = el("tr");
    tr.appendChild(el("td", "num", hhmmss(event.at)));
    tr.appendChild(el("td", "event-text", text));
    var t = event.payload.ticket;
    tr.appendChild(el("td", "ticket-no num", t ? t.number : ""));
    var n = event.counter || (event.payload.counter && event.payload.counter.number) || (t && t.counter);
    tr.appendChild(el("td", null, n ? (state.counters[n] ? state.counters[n].name : "Quầy " + n) : ""));
    tr.appendChild(el("td", null, who(event.actor)));
    return tr;
  }

  /** Describe events oldest first (counter changes need the state before them). */
  function auditRows(events) {
    var rows = [], previous = state.audit.last;
    events.forEach(function (event) {
      var text = describe(event, state.audit.counters, previous);
      if (text) rows.push(auditRow(event, text));
      if (event.name !== "queue_updated") previous = event;
    });
    state.audit.last = previous;
    return rows.reverse();
  }

  function loadAudit() {
    var after = Math.max(0, state.seq - AUDIT_PAGE);
    state.audit = { newest: after, oldest: after, counters: {}, last: null };
    return request("GET", "/api/v1/events?after=" + after + "&limit=" + AUDIT_PAGE).then(function (events) {
      var body = $("audit");
      body.textContent = "";
      auditRows(events).forEach(function (row) { body.appendChild(row); });
      if (events.length) state.audit.newest = events[events.length - 1].seq;
      if (!body.children.length) emptyRow(body, 5, "Chưa có hoạt động", "Nothing yet");
      $("audit-more").hidden = after === 0;
    }, failed);
  }

  function loadNewerAudit() {
    return request("GET", "/api/v1/events?after=" + state.audit.newest + "&limit=" + AUDIT_PAGE).then(function (events) {
      var body = $("audit");
      if (!events.length) return;
      var empty = body.querySelector("td.empty");
      if (empty) empty.parentNode.remove();
      state.audit.newest = events[events.length - 1].seq;
      auditRows(events).reverse().forEach(function (row) {
        row.classList.add("is-new");
        body.insertBefore(row, body.firstChild);
      });
    });
  }

  function loadOlderAudit() {
    var before = state.audit.oldest, after = Math.max(0, before - AUDIT_PAGE);
    request("GET", "/api/v1/events?after=" + after + "&limit=" + (before - after)).then(function (events) {
      var known = state.audit.counters, last = state.audit.last;
      state.audit.counters = {};       // older pages are described on their own
      state.audit.last = null;
      var rows = auditRows(events);
      state.audit.counters = known;
      state.audit.last = last;
      rows.forEach(function (row) { $("audit").appendChild(row); });
      state.audit.oldest = after;
      $("audit-more").hidden = after === 0;
    }, failed);
  }

  // ------------------------------------------------------------------ views
  var LOADERS = { announcements: loadAnnouncements, report: loadReport, tokens: loadTokens, audit: loadAudit };

  function showView() {
    var name = (location.hash || "#overview").slice(1);
    if (VIEWS.indexOf(name) < 0) name = "overview";
    state.view = name;
    VIEWS.forEach(function (v) { $("view-" + v).hidden = v !== name; });
    document.querySelectorAll(".side a").forEach(function (a) {
      var current = a.dataset.view === name;
      a.classList.toggle("is-current", current);
      if (current) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
    });
    document.querySelectorAll(".is-flash").forEach(function (row) { row.classList.remove("is-flash"); });
    if (LOADERS[name] && state.ready) LOADERS[name]();
    if (name === "reprint") $("reprint-number").focus();
  }

  // ------------------------------------------------------------------ live
  function onSnapshot(snapshot) {
    state.skewMs = new Date(snapshot.now).getTime() - Date.now();
    state.seq = snapshot.seq;
    state.areas = {}; state.areaOrder = [];
    snapshot.areas.forEach(function (a) { state.areas[a.id] = a; state.areaOrder.push(a.id); });
    state.counters = {}; state.counterOrder = [];
    snapshot.counters.forEach(function (c) { state.counters[c.number] = c; state.counterOrder.push(c.number); });
    $("business-date").textContent = snapshot.business_date.split("-").reverse().join("/");
    fillCounterSelect();
    renderAreas();
    renderCounters();
    renderSummary();
    tick();
    loadDevices();
    var first = !state.ready;
    state.ready = true;
    if (LOADERS[state.view] && (first || state.view === "audit")) LOADERS[state.view]();
  }

  var announceTimer = null;
  function onEvent(name, payload) {
    if (payload && payload.seq) state.seq = payload.seq;
    if (name === "counter_updated") updateCounter(payload.counter);
    else if (name === "queue_updated") {
      if (!state.areas[payload.area.id]) state.areaOrder.push(payload.area.id);
      state.areas[payload.area.id] = payload.area;
      renderAreas(); renderSummary();
    } else if (name === "device_status") {
      state.devices[payload.device.id] = payload.device;
      renderDevices();
    } else if (name === "day_changed") {
      state.live.resync();
    }
    if (state.view === "audit" && payload && payload.seq) loadNewerAudit();
    if (state.view === "announcements" && (name === "ticket_called" || name === "announcement")) {
      clearTimeout(announceTimer);
      announceTimer = setTimeout(loadAnnouncements, 700);
    }
  }

  function onConnection(status) {
    var online = status === "online";
    $("link-state").classList.toggle("is-online", online);
    $("link-state").classList.toggle("is-offline", !online);
    $("link-text").textContent = online ? "Trực tuyến" : "Mất kết nối máy chủ";
  }

  function fillCounterSelect() {
    var select = $("test-counter"), chosen = select.value;
    select.textContent = "";
    state.counterOrder.forEach(function (n) {
      var option = el("option", null, state.counters[n].name);
      option.value = n;
      select.appendChild(option);
    });
    if (chosen) select.value = chosen;
  }

  // ------------------------------------------------------------------ start
  function start() {
    wireDialogs();
    $("reprint-form").addEventListener("submit", findTicket);
    $("test-form").addEventListener("submit", testAnnouncement);
    $("report-form").addEventListener("submit", loadReport);
    $("report-date").addEventListener("change", loadReport);
    $("token-form").addEventListener("submit", createToken);
    $("secret-copy").addEventListener("click", copySecret);
    $("secret-hide").addEventListener("click", hideSecret);
    $("audit-more").addEventListener("click", loadOlderAudit);
    window.addEventListener("hashchange", showView);
    showView();
    state.live = LuotLive.connect({ onSnapshot: onSnapshot, onEvent: onEvent, onConnection: onConnection,
                                    healthUrl: "/api/v1/health" });
    setInterval(tick, 15000);
  }

  start();
})();
