/* The clerk's console (/counter/<n>): take the counter, call citizens, one press per action.
 *
 * The page takes the counter on load (sign-in); the answer of every action (the counter's new
 * state, with the commands it can run now in `actions`) is drawn at once, and the live socket
 * keeps the rest current: counter_updated for this counter, queue lengths, no-shows, my day.
 *
 *   state.js    page config and what the page knows now
 *   counter.js  the counter, the current citizen, which buttons work
 *   actions.js  buttons, shortcuts, dialogs, sending
 *   panels.js   queues, no-shows, my day
 *   ratings.js  my ratings today
 */
import { byId } from "../lib/dom.js";
import { get, post } from "../lib/http.js";
import { onLangChange, wireLangSwitch } from "../lib/i18n.js";
import { connect } from "../lib/live.js";
import { showLink } from "../lib/staff.js";
import { now, sync } from "../lib/time.js";
import { DOUBLE_PRESS_MS, send, wireActions } from "./actions.js";
import { refreshCounter, refuse, renderButtons, renderCounter, renderUndo, tickCounter } from "./counter.js";
import { clearMessage, showMessage } from "./messages.js";
import {
  isMissed, refreshAreas, refreshMissed, refreshToday, renderQueues, setAreas, tickPanels,
} from "./panels.js";
import { refreshRatings } from "./ratings.js";
import { BASE, MINE, N, config, later, state } from "./state.js";


async function signIn() {
  let counter;
  try {
    counter = await post(`${BASE}/sign-in`);
  } catch (error) {
    refuse(error.message, false);
    return;
  }
  state.seated = true;
  byId("refused").hidden = true;
  byId("desk").hidden = false;
  document.body.classList.remove("is-starting", "is-refused");
  renderCounter(counter);
  showMessage(`Đã nhận ${counter.name} (signed in at this counter)`, "done");
  refreshMissed(); refreshToday(); refreshAreas(); refreshRatings();
  startLive();
}

// ------------------------------------------------------------------ live
function onSnapshot(snapshot) {
  sync(snapshot.now);
  setAreas(snapshot.areas);
  for (const counter of snapshot.counters) if (counter.number === N) counterNews(counter);
  later("missed", refreshMissed);
  later("today", refreshToday);
  later("ratings", refreshRatings);
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
    const area = payload.area;
    if (state.areas[area.id]) state.areas[area.id].waiting = area.waiting;
    if (MINE.has(area.id)) { renderQueues(); later("areas", refreshAreas); }
  } else if (name === "ticket_updated" || name === "ticket_called") {
    const ticket = payload.ticket;
    if (MINE.has(ticket.area) && (ticket.status === "no_show" || isMissed(ticket))) later("missed", refreshMissed);
    if (ticket.counter === N && name === "ticket_updated") later("today", refreshToday);
  } else if (name === "ticket_rated") {
    if (payload.rating.counter === N) later("ratings", refreshRatings);
  } else if (name === "day_changed") {
    refreshAreas(); refreshMissed(); refreshToday(); refreshCounter(); refreshRatings();
  }
}

function startLive() {
  if (state.live) return;
  state.live = connect({ onSnapshot, onEvent, onConnection: showLink, healthUrl: "/api/v1/health" });
  state.live.socket.on("connect", sayPresent);
  setInterval(sayPresent, config.presence_seconds * 1000);    // from the server (counter/web.py)
}

/** While this page is open its clerk is at the counter: say so (the server marks a counter
 * whose console and keypad stay quiet as away, "Tạm vắng"). */
function sayPresent() {
  const socket = state.live && state.live.socket;
  if (!state.seated || !socket || !socket.connected) return;
  socket.emit("counter_presence", { counter: N }, (answer) => {
    if (answer && answer.ok && answer.seated === false) {
      refuse("Bạn không còn giữ quầy này — nhận lại nếu cần (you no longer hold this counter)", true);
    }
  });
}

// ------------------------------------------------------------------ start
wireLangSwitch();
onLangChange(() => { renderButtons(); renderUndo(); tickCounter(); tickPanels(); });
wireActions();
byId("message-close").addEventListener("click", clearMessage);
byId("retake").addEventListener("click", signIn);
setInterval(() => { tickCounter(); tickPanels(); }, 1000);
signIn();

/** For tests and the curious: the page's state and its way of sending requests. */
window.LuotConsole = { state, counter: N, doublePressMs: DOUBLE_PRESS_MS, get, post, send, now };
