/* Lượt tracking page (/t/<id>): a citizen follows one ticket on a phone.
 *
 * The page starts from the ticket embedded by the server, then follows live events:
 * ticket_* for this ticket update it at once, queue_updated for its area (and every new
 * snapshot) re-fetch it for a fresh "people ahead". A call vibrates and beeps; a
 * transferred ticket follows `transferred_to`.
 */
import { byId, el, pageConfig, url } from "./lib/dom.js";
import { get } from "./lib/http.js";
import { connect } from "./lib/live.js";
import { ratingNews, showRating } from "./track-rating.js";

const REFETCH_DELAY_MS = 250;
const VIBRATION = [300, 150, 300, 150, 600];
const STATUS = {
  waiting: ["Đang chờ đến lượt", "Waiting for your turn"],
  next: ["Sắp đến lượt bạn", "You are next"],
  served: ["Đã phục vụ xong — cảm ơn bạn!", "Served — thank you!"],
  no_show: ["Bạn đã được gọi nhưng chưa có mặt", "You were called but were not there"],
  transferred: ["Phiếu đang được chuyển…", "Your ticket is being transferred…"],
  expired: ["Phiếu đã hết hiệu lực", "This ticket has expired"],
};

const data = pageConfig("ticket-data");
let ticket = data.ticket;
const counters = data.counters || {};        // number -> name ("Quầy 2")
const firstArea = ticket.area;
const seenCalls = new Set();
let refetchTimer = null;
let audio = null;

function counterName(number, counter) {
  if (counter && counter.name) return counter.name;
  return counters[String(number)] || `Quầy ${number}`;
}

// ------------------------------------------------------------------ rendering
function render(counter) {
  const status = ticket.status;
  document.body.dataset.status = status;
  byId("number").textContent = ticket.number;
  byId("area").textContent = ticket.area_name;
  byId("priority").hidden = !ticket.priority;
  byId("priority").textContent = ticket.priority ? `Ưu tiên – ${ticket.priority_label}` : "";
  renderStatus(status, counter);
  byId("facts").hidden = status !== "waiting";
  byId("ahead").textContent = ticket.ahead > 0 ? `${ticket.ahead} người` : "Bạn là người tiếp theo";
  const minutes = ticket.estimated_wait_min;
  byId("wait").textContent = minutes == null ? "Chưa đủ dữ liệu để ước tính"
    : minutes < 1 ? "Gần như không phải chờ" : `Khoảng ${minutes} phút`;
  byId("wait").classList.toggle("is-text", minutes == null || minutes < 1);
  const moved = ticket.area !== firstArea;
  byId("moved").hidden = !moved;
  byId("moved").textContent = moved ? `Phiếu của bạn đã được chuyển sang lĩnh vực ${ticket.area_name}.` : "";
  showRating(ticket);
}

function renderStatus(status, counter) {
  const title = byId("status-title");
  const en = byId("status-en");
  if (status === "called") {
    const name = counterName(ticket.counter, counter);
    title.replaceChildren(el("span", "status-lead", "Mời bạn đến"), " ", el("span", "status-counter", name));
    en.textContent = `Please go to counter ${ticket.counter}`;
    document.title = `Đến lượt bạn — ${name}`;
    return;
  }
  const key = status === "waiting" && ticket.ahead === 0 ? "next" : status;
  const [vi, english] = STATUS[key] || [status, status];
  title.textContent = vi;
  en.textContent = english;
  document.title = `Số ${ticket.number} — ${vi}`;
}

// ------------------------------------------------------------------ data
function refetchSoon() {
  clearTimeout(refetchTimer);
  refetchTimer = setTimeout(refetch, REFETCH_DELAY_MS);
}

/** The ticket as its holder sees it (by its secret id); a transferred one is followed. */
async function refetch() {
  try {
    const fresh = await get(`/api/v1/tickets/${encodeURIComponent(ticket.id)}`);
    if (fresh.status === "transferred" && fresh.transferred_to) { follow(fresh.transferred_to); return; }
    ticket = fresh;
    render();
  } catch {
    /* the live state shows the connection; the next event retries */
  }
}

/** News of this ticket from a public event (it names tickets by `public_id` only). */
function accept(news, counter) {
  ticket = { ...ticket, ...news, id: ticket.id, transferred_to: ticket.transferred_to };
  render(counter);
}

function follow(newId) {
  ticket = { ...ticket, id: newId };
  history.replaceState(null, "", url(`/t/${encodeURIComponent(newId)}`));
  refetch();
}

// ------------------------------------------------------------------ alerts
function unlockAudio() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return null;
  if (!audio) { try { audio = new Context(); } catch { return null; } }
  if (audio.state === "suspended" && audio.resume) audio.resume().catch(() => {});
  return audio;
}

function beep() {
  const ctx = unlockAudio();
  if (!ctx) return;
  for (const [frequency, delay] of [[880, 0], [660, 0.28]]) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    const at = ctx.currentTime + delay;
    osc.type = "sine";
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.24);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + 0.26);
  }
}

function alertCall(callId) {
  if (callId && seenCalls.has(callId)) return;
  if (callId) seenCalls.add(callId);
  if (navigator.vibrate) { try { navigator.vibrate(VIBRATION); } catch { /* not allowed */ } }
  try { beep(); } catch { /* audio not allowed on this phone */ }
  window.LuotTrack.calls += 1;
}

function onSoundButton() {
  const ctx = unlockAudio();
  const button = byId("sound");
  button.classList.add("is-on");
  button.querySelector("span").textContent = ctx ? "Âm báo đã bật" : "Điện thoại không hỗ trợ âm báo";
}

// ------------------------------------------------------------------ live
function onEvent(name, payload) {
  ratingNews(name, payload, ticket);
  const mine = payload.ticket && payload.ticket.public_id === ticket.public_id;
  if (name === "ticket_called" && mine) {
    accept({ ...payload.ticket, ahead: 0 }, payload.counter);
    alertCall(payload.call_id);
  } else if ((name === "ticket_updated" || name === "ticket_issued") && mine) {
    if (payload.ticket.status === "transferred") { refetch(); return; }
    accept(payload.ticket);
    if (payload.ticket.status === "waiting") refetchSoon();
  } else if (name === "queue_updated" && payload.area && payload.area.id === ticket.area) {
    if (ticket.status === "waiting") refetchSoon();
  } else if (name === "counter_updated" && payload.counter) {
    counters[String(payload.counter.number)] = payload.counter.name;
  }
}

function onSnapshot(snapshot) {
  for (const c of snapshot.counters || []) counters[String(c.number)] = c.name;
  refetchSoon();
}

function onConnection(state) {
  byId("live-state").dataset.state = state;
  byId("live-text").textContent = state === "online" ? "Đang cập nhật trực tiếp" : "Mất kết nối — đang thử lại…";
}

window.LuotTrack = { calls: 0, ticket: () => ticket };
document.addEventListener("pointerdown", unlockAudio, { once: true });
byId("sound").addEventListener("click", onSoundButton);
render();
if (ticket.status === "transferred" && ticket.transferred_to) follow(ticket.transferred_to);
connect({ onSnapshot, onEvent, onConnection });
