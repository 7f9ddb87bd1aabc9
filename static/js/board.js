/* Virtual counter board (/board/<n>): a small screen above a counter without an LED board.
 * Shows the counter's current ticket huge; blinks on every call and recall; paused and
 * closed are shown as words. State comes only from live.js (snapshot + ordered events).
 */
(function () {
  "use strict";

  var NUMBER = Number(document.body.dataset.counter);
  var ENGLISH = new URLSearchParams(location.search).get("lang") === "en";
  var BLINK_MS = 3000;
  var el = {
    body: document.body, label: byId("label"), number: byId("number"),
    detail: byId("detail"), offline: byId("offline")
  };
  var blinkTimer = null;

  function byId(id) { return document.getElementById(id); }
  function put(node, vi, en) {
    node.textContent = vi;
    if (ENGLISH && en && en !== vi) {
      var span = document.createElement("span");
      span.className = "en";
      span.textContent = en;
      node.appendChild(span);
    }
  }

  /** Paint one counter object (snapshot entry or counter_updated payload). */
  function render(c) {
    el.body.dataset.status = c.status;
    var ticket = c.status === "closed" ? null : c.current;
    if (c.status === "paused") {
      put(el.label, "\u00a0");
      put(el.number, "TẠM DỪNG", "Paused");
      put(el.detail, c.pause_reason || "", "");
    } else if (c.status === "closed") {
      put(el.label, "\u00a0");
      put(el.number, "ĐÓNG", "Closed");
      put(el.detail, "Quầy không làm việc", "Counter closed");
    } else if (ticket) {
      put(el.label, "Mời công dân có số", "Now serving");
      el.number.textContent = ticket.number;
      put(el.detail, ticket.priority ? "Ưu tiên – " + (ticket.priority_label || ticket.priority)
                                     : ticket.area_name,
          ticket.priority ? "Priority – " + (ticket.priority_label_en || ticket.priority)
                          : ticket.area_name_en);
    } else {
      put(el.label, "Sẵn sàng phục vụ", "Available");
      el.number.textContent = "—";
      put(el.detail, "\u00a0");
    }
    el.body.classList.toggle("is-text", c.status === "paused" || c.status === "closed");
    el.body.classList.toggle("is-priority", !!(ticket && ticket.priority));
  }

  function blink() {
    el.body.classList.remove("is-blinking");
    void el.body.offsetWidth;                 // restart the animation on a quick recall
    el.body.classList.add("is-blinking");
    clearTimeout(blinkTimer);
    blinkTimer = setTimeout(function () { el.body.classList.remove("is-blinking"); }, BLINK_MS);
  }

  function onSnapshot(snap) {
    snap.counters.forEach(function (c) { if (c.number === NUMBER) render(c); });
    el.body.classList.remove("is-loading");
  }

  function onEvent(name, payload) {
    if (name === "counter_updated" && payload.counter.number === NUMBER) {
      render(payload.counter);
    } else if (name === "ticket_called" && payload.counter.number === NUMBER) {
      el.number.textContent = payload.ticket.number;
      blink();
    } else if (name === "day_changed") {
      live.resync();
    }
  }

  function onConnection(state) {
    var offline = state === "offline";
    el.body.classList.toggle("is-offline", offline);
    el.offline.hidden = !offline;
  }

  var live = window.LuotLive.connect({
    onSnapshot: onSnapshot, onEvent: onEvent, onConnection: onConnection,
    offlineAfterMs: 3000, healthUrl: "/api/v1/health"
  });
})();
