/* Lượt tracking page (/t/<id>): a citizen follows one ticket on a phone.
 *
 * The page starts from the ticket embedded by the server, then follows live events:
 * ticket_* for this ticket update it at once, queue_updated for its area (and every new
 * snapshot) re-fetch it for a fresh "people ahead". A call vibrates and beeps; a
 * transferred ticket follows `transferred_to`.
 */
(function () {
  "use strict";

  var REFETCH_DELAY_MS = 250;
  var VIBRATION = [300, 150, 300, 150, 600];
  var STATUS = {
    waiting: ["Đang chờ đến lượt", "Waiting for your turn"],
    next: ["Sắp đến lượt bạn", "You are next"],
    served: ["Đã phục vụ xong — cảm ơn bạn!", "Served — thank you!"],
    no_show: ["Bạn đã được gọi nhưng chưa có mặt", "You were called but were not there"],
    transferred: ["Phiếu đang được chuyển…", "Your ticket is being transferred…"],
    expired: ["Phiếu đã hết hiệu lực", "This ticket has expired"]
  };

  var data = JSON.parse(document.getElementById("ticket-data").textContent);
  var ticket = data.ticket;
  var counters = data.counters || {};        // number -> name ("Quầy 2")
  var firstArea = ticket.area;
  var seenCalls = {};
  var refetchTimer = null;
  var audio = null;

  function $(id) { return document.getElementById(id); }

  function counterName(number, counter) {
    if (counter && counter.name) return counter.name;
    return counters[String(number)] || "Quầy " + number;
  }

  // ------------------------------------------------------------------ rendering
  function render(counter) {
    var status = ticket.status;
    document.body.dataset.status = status;
    $("number").textContent = ticket.number;
    $("area").textContent = ticket.area_name;
    $("priority").hidden = !ticket.priority;
    $("priority").textContent = ticket.priority ? "Ưu tiên – " + ticket.priority_label : "";
    renderStatus(status, counter);
    $("facts").hidden = status !== "waiting";
    $("ahead").textContent = ticket.ahead > 0 ? ticket.ahead + " người" : "Bạn là người tiếp theo";
    var minutes = ticket.estimated_wait_min;
    $("wait").textContent = minutes == null ? "Chưa đủ dữ liệu để ước tính"
      : minutes < 1 ? "Gần như không phải chờ" : "Khoảng " + minutes + " phút";
    $("wait").classList.toggle("is-text", minutes == null || minutes < 1);
    var moved = ticket.area !== firstArea;
    $("moved").hidden = !moved;
    $("moved").textContent = moved ? "Phiếu của bạn đã được chuyển sang lĩnh vực " + ticket.area_name + "." : "";
  }

  function renderStatus(status, counter) {
    var title = $("status-title");
    var en = $("status-en");
    title.textContent = "";
    if (status === "called") {
      var name = counterName(ticket.counter, counter);
      title.appendChild(span("status-lead", "Mời bạn đến"));
      title.appendChild(document.createTextNode(" "));
      title.appendChild(span("status-counter", name));
      en.textContent = "Please go to counter " + ticket.counter;
      document.title = "Đến lượt bạn — " + name;
      return;
    }
    var key = status === "waiting" && ticket.ahead === 0 ? "next" : status;
    var words = STATUS[key] || [status, status];
    title.textContent = words[0];
    en.textContent = words[1];
    document.title = "Số " + ticket.number + " — " + words[0];
  }

  function span(cls, text) {
    var node = document.createElement("span");
    node.className = cls;
    node.textContent = text;
    return node;
  }

  // ------------------------------------------------------------------ data
  function refetchSoon() {
    clearTimeout(refetchTimer);
    refetchTimer = setTimeout(refetch, REFETCH_DELAY_MS);
  }

  function refetch() {
    fetch("/api/v1/tickets/" + encodeURIComponent(ticket.id), { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (fresh) { if (fresh) accept(fresh); })
      .catch(function () { /* live.js shows the connection state; the next event retries */ });
  }

  function accept(fresh, counter) {
    if (fresh.status === "transferred" && fresh.transferred_to) { follow(fresh.transferred_to); return; }
    ticket = fresh;
    render(counter);
  }

  function follow(newId) {
    ticket = Object.assign({}, ticket, { id: newId });
    history.replaceState(null, "", "/t/" + encodeURIComponent(newId));
    refetch();
  }

  // ------------------------------------------------------------------ alerts
  function unlockAudio() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return null;
    if (!audio) { try { audio = new Context(); } catch (e) { return null; } }
    if (audio.state === "suspended" && audio.resume) audio.resume().catch(function () {});
    return audio;
  }

  function beep() {
    var ctx = unlockAudio();
    if (!ctx) return;
    [[880, 0], [660, 0.28]].forEach(function (tone) {
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      var at = ctx.currentTime + tone[1];
      osc.type = "sine";
      osc.frequency.value = tone[0];
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.24);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at);
      osc.stop(at + 0.26);
    });
  }

  function alertCall(callId) {
    if (callId && seenCalls[callId]) return;
    if (callId) seenCalls[callId] = true;
    if (navigator.vibrate) { try { navigator.vibrate(VIBRATION); } catch (e) { /* not allowed */ } }
    try { beep(); } catch (e) { /* audio not allowed on this phone */ }
    window.LuotTrack.calls += 1;
  }

  function onSoundButton() {
    var ctx = unlockAudio();
    var button = $("sound");
    button.classList.add("is-on");
    button.querySelector("span").textContent = ctx ? "Âm báo đã bật" : "Điện thoại không hỗ trợ âm báo";
  }

  // ------------------------------------------------------------------ live
  function onEvent(name, payload) {
    var mine = payload.ticket && payload.ticket.id === ticket.id;
    if (name === "ticket_called" && mine) {
      accept(Object.assign({}, payload.ticket, { ahead: 0 }), payload.counter);
      alertCall(payload.call_id);
    } else if ((name === "ticket_updated" || name === "ticket_issued") && mine) {
      accept(Object.assign({}, ticket, payload.ticket));
      if (payload.ticket.status === "waiting") refetchSoon();
    } else if (name === "queue_updated" && payload.area && payload.area.id === ticket.area) {
      if (ticket.status === "waiting") refetchSoon();
    } else if (name === "counter_updated" && payload.counter) {
      counters[String(payload.counter.number)] = payload.counter.name;
    }
  }

  function onSnapshot(snapshot) {
    (snapshot.counters || []).forEach(function (c) { counters[String(c.number)] = c.name; });
    refetchSoon();
  }

  function onConnection(state) {
    var box = $("live-state");
    box.dataset.state = state;
    $("live-text").textContent = state === "online" ? "Đang cập nhật trực tiếp" : "Mất kết nối — đang thử lại…";
  }

  window.LuotTrack = { calls: 0, ticket: function () { return ticket; } };
  document.addEventListener("pointerdown", unlockAudio, { once: true });
  $("sound").addEventListener("click", onSoundButton);
  render();
  if (ticket.status === "transferred" && ticket.transferred_to) follow(ticket.transferred_to);
  window.LuotLive.connect({ onSnapshot: onSnapshot, onEvent: onEvent, onConnection: onConnection });
})();
