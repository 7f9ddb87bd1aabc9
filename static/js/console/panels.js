/* The side panels: the counter's queues, the no-shows that can be called back, my day. */
import { byId, clone, fill } from "../lib/dom.js";
import { get } from "../lib/http.js";
import { lang, t } from "../lib/i18n.js";
import { clock, hhmm, now, waitText } from "../lib/time.js";
import { AREA_NAMES, BASE, MINE, allowed, config, state } from "./state.js";

// ------------------------------------------------------------------ queues
/** Take the areas' waiting counts (snapshot or /api/v1/areas) and redraw the queues. */
export function setAreas(areas) {
  for (const a of areas) {
    if (MINE.has(a.id) || AREA_NAMES[a.id]) {
      state.areas[a.id] = { waiting: a.waiting, oldest_waiting_at: a.oldest_waiting_at };
    }
  }
  renderQueues();
}

export function renderQueues() {
  const items = config.counter_areas.map((id) => {
    const area = state.areas[id] || { waiting: null, oldest_waiting_at: null };
    const item = fill(clone("queue-template"), {
      ".queue-name": AREA_NAMES[id] || id,
      ".queue-count": area.waiting === null ? "—" : String(area.waiting),
    });
    item.classList.toggle("is-empty", !area.waiting);
    item.dataset.area = id;
    item.querySelector(".queue-oldest").dataset.since = area.waiting ? (area.oldest_waiting_at || "") : "";
    return item;
  });
  byId("queues").replaceChildren(...items);
  tickPanels();
}

export async function refreshAreas() {
  try { setAreas(await get("/api/v1/areas")); } catch { /* the next event retries */ }
}

// ------------------------------------------------------------------ no-shows
export async function refreshMissed() {
  let missed;
  try { missed = await get(`${BASE}/no-shows`); } catch { return; }
  state.missed = missed.slice().sort((a, b) => Date.parse(b.finished_at) - Date.parse(a.finished_at));
  renderMissed();
}

/** Whether a ticket is one of the no-shows listed now. */
export function isMissed(ticket) {
  return state.missed.some((t) => t.id === ticket.id);
}

function windowLeft(ticket) {
  const window = config.no_show_minutes * 60000;
  return Math.min(window - 1000, Date.parse(ticket.finished_at) + window - now());
}

export function renderMissed() {
  state.missed = state.missed.filter((t) => windowLeft(t) > 0);
  const items = state.missed.map((ticket) => {
    const item = fill(clone("missed-template"), {
      ".missed-number": ticket.number, ".missed-meta": ticket.area_name,
    });
    item.dataset.ticket = ticket.number;
    const left = item.querySelector(".missed-left");
    left.dataset.since = hhmm(ticket.finished_at);
    left.dataset.ticketId = ticket.id;
    const call = item.querySelector(".missed-call");
    call.dataset.ticketId = ticket.id;
    call.disabled = !allowed("call");
    return item;
  });
  byId("missed").replaceChildren(...items);
  byId("missed-empty").hidden = state.missed.length > 0;
  tickMissed();
}

function tickMissed() {
  let expired = false;
  for (const ticket of state.missed) {
    const left = windowLeft(ticket);
    if (left <= 0) expired = true;
    const node = document.querySelector(`.missed-left[data-ticket-id="${ticket.id}"]`);
    if (node) {
      node.textContent = t(`vắng lúc ${node.dataset.since} · còn ${waitText(left)}`,
                           `missed at ${node.dataset.since} · ${waitText(left, "en")} left`);
    }
  }
  if (expired) renderMissed();
}

// ------------------------------------------------------------------ my day
export async function refreshToday() {
  let day;
  try { day = await get("/api/v1/me/today"); } catch { return; }
  byId("today-served").textContent = String(day.served);
  byId("today-missed").textContent = String(day.no_show);
  byId("today-avg").textContent = day.avg_service_seconds === null ? "—"
    : clock(day.avg_service_seconds * 1000);
}

/** Once a second: the oldest waits and the call-back windows. */
export function tickPanels() {
  for (const node of document.querySelectorAll(".queue-oldest")) {
    const waited = node.dataset.since && waitText(now() - Date.parse(node.dataset.since), lang());
    node.textContent = waited ? t(`chờ lâu nhất ${waited}`, `longest wait ${waited}`)
      : t("không ai chờ", "no one waiting");
  }
  tickMissed();
}
