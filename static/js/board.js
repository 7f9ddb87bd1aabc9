/* Virtual counter board (/board/<n>): a small screen above a counter without an LED board.
 * Shows the counter's current ticket huge; blinks on every call and recall; paused and
 * closed are shown as words. State comes only from the live socket (snapshot + ordered events).
 */
import { byId, say } from "./lib/dom.js";
import { connect } from "./lib/live.js";

const NUMBER = Number(document.body.dataset.counter);
const ENGLISH = new URLSearchParams(location.search).get("lang") === "en";
const BLINK_MS = 3000;
const body = document.body;
let blinkTimer = null;

/** A Vietnamese text with, when ?lang=en, its English line. */
const put = (id, vi, en) => say(byId(id), vi, ENGLISH ? en : null);

/** Paint one counter object (snapshot entry or counter_updated payload). */
function render(c) {
  body.dataset.status = c.status;
  const ticket = c.status === "closed" ? null : c.current;
  if (c.status === "paused") {
    put("label", "\u00a0");
    put("number", "TẠM DỪNG", "Paused");
    put("detail", c.pause_reason || "");
  } else if (c.status === "closed") {
    put("label", "\u00a0");
    put("number", "ĐÓNG", "Closed");
    put("detail", "Quầy không làm việc", "Counter closed");
  } else if (ticket) {
    put("label", "Mời công dân có số", "Now serving");
    byId("number").textContent = ticket.number;
    if (ticket.priority) {
      put("detail", `Ưu tiên – ${ticket.priority_label || ticket.priority}`,
          `Priority – ${ticket.priority_label_en || ticket.priority}`);
    } else {
      put("detail", ticket.area_name, ticket.area_name_en);
    }
  } else {
    put("label", "Sẵn sàng phục vụ", "Available");
    byId("number").textContent = "—";
    put("detail", "\u00a0");
  }
  body.classList.toggle("is-text", c.status === "paused" || c.status === "closed");
  body.classList.toggle("is-priority", !!(ticket && ticket.priority));
}

function blink() {
  body.classList.remove("is-blinking");
  void body.offsetWidth;                 // restart the animation on a quick recall
  body.classList.add("is-blinking");
  clearTimeout(blinkTimer);
  blinkTimer = setTimeout(() => body.classList.remove("is-blinking"), BLINK_MS);
}

function onSnapshot(snap) {
  for (const c of snap.counters) if (c.number === NUMBER) render(c);
  body.classList.remove("is-loading");
}

function onEvent(name, payload) {
  if (name === "counter_updated" && payload.counter.number === NUMBER) {
    render(payload.counter);
  } else if (name === "ticket_called" && payload.counter.number === NUMBER) {
    byId("number").textContent = payload.ticket.number;
    blink();
  } else if (name === "day_changed") {
    live.resync();
  }
}

function onConnection(state) {
  const offline = state === "offline";
  body.classList.toggle("is-offline", offline);
  byId("offline").hidden = !offline;
}

const live = connect({ onSnapshot, onEvent, onConnection, offlineAfterMs: 3000, healthUrl: "/api/v1/health" });
