/* Hall TV (/display): every counter, the call being announced, recent calls, queues.
 *
 * Query parameters:
 *   areas=dat-dai,tu-phap   only these areas (their counters, queues and calls)
 *   counters=1,2            only these counters
 *   lang=en                 English labels as a smaller second line
 *   hold=5                  seconds each call stays in the "now calling" banner (2–15)
 *   audio=1                 THIS display plays the announcements, once enrolled with a
 *                           display token (see announcer.js)
 *
 * State comes only from the live socket (snapshot + seq-ordered events); every snapshot
 * redraws everything, so nothing stale survives a reconnect.
 *
 *   page.js  parameters, filters, language   hall.js       counter cards, queue chips
 *   calls.js banner and recent calls         announcer.js  the one display that speaks
 */
import { byId, el } from "../lib/dom.js";
import { connect } from "../lib/live.js";
import { hhmm, longDate, now, sync, WEEKDAYS, hallParts } from "../lib/time.js";
import { announce, audioPlayer, claim, displayToken, wireAnnouncer } from "./announcer.js";
import {
  addCall, clearQueue, counterChanged, pending, seenCall, setCounters, setRecent, shownLog, ticketChanged,
} from "./calls.js";
import { buildCounters, buildQueues, learnAreas, updateArea, updateCounter } from "./hall.js";
import { bilingual, callShown, ENGLISH } from "./page.js";

const CATCH_UP_MS = 120000;      // calls missed while away this recent are replayed
let hadSnapshot = false;

function onSnapshot(snap) {
  sync(snap.now);
  const name = byId("hall-name");
  name.textContent = snap.hall.name;
  if (ENGLISH && snap.hall.name_en && snap.hall.name_en !== snap.hall.name) name.append(el("span", "en", snap.hall.name_en));
  setNotice(snap.hall.notice);
  learnAreas(snap.areas);
  buildQueues(snap.areas);
  snap.areas.forEach(updateArea);
  buildCounters(snap.counters);
  snap.counters.forEach(updateCounter);
  setCounters(snap.counters);

  const visible = snap.recent_calls.filter(callShown);
  const at = Date.parse(snap.now);
  const replay = hadSnapshot
    ? visible.filter((c) => !seenCall(c) && at - Date.parse(c.at) < CATCH_UP_MS).reverse() : [];
  setRecent(visible, replay);
  hadSnapshot = true;
  document.body.classList.remove("is-loading");
  tickClock();
}

function onEvent(name, payload) {
  if (name === "ticket_called") { if (!seenCall(payload) && callShown(payload)) addCall(payload); }
  else if (name === "counter_updated") { updateCounter(payload.counter); counterChanged(payload.counter); }
  else if (name === "ticket_updated") ticketChanged(payload.ticket);
  else if (name === "queue_updated") updateArea(payload.area);
  else if (name === "day_changed") { clearQueue(); live.resync(); }
  else if (name === "announcement") announce(payload);
}

function onConnection(state) {
  const offline = state === "offline";
  document.body.classList.toggle("is-offline", offline);
  byId("offline").hidden = !offline;
}

// ------------------------------------------------------------------ clock and notice
let lastClock = "";
function tickClock() {
  const t = now();
  const time = hhmm(t);
  const date = longDate(t);
  if (time + date === lastClock) return;
  lastClock = time + date;
  byId("clock-time").textContent = time;
  bilingual(byId("clock-date"), date, WEEKDAYS.en[hallParts(t).weekday]);
  byId("clock-date").setAttribute("aria-label", `${date} · ${time}`);
}

/** The notice line: still when it fits, otherwise scrolling at ~9 characters a second. */
function setNotice(text) {
  text = text || "";
  const ticker = byId("ticker"), notice = byId("notice");
  ticker.hidden = !text;
  notice.textContent = text;
  notice.style.setProperty("--ticker-seconds", `${Math.max(12, text.length / 9)}s`);
  ticker.classList.add("is-static");
  ticker.classList.toggle("is-static", notice.scrollWidth <= ticker.clientWidth - notice.offsetLeft);
}

// ------------------------------------------------------------------ start
const live = connect({ onSnapshot, onEvent, onConnection, offlineAfterMs: 3000, healthUrl: "/api/v1/health",
                      token: displayToken() });
wireAnnouncer(live.socket);
live.socket.on("connect", () => claim(live.socket));
live.socket.on("audio_released", () => claim(live.socket));
if (live.socket.connected) claim(live.socket);
window.luotDisplay = { live, shown: shownLog, pending, audioPlayer };
setInterval(tickClock, 1000);
let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => live.resync(), 300);     // regrid from a fresh snapshot
});
