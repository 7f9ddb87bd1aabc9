/* A counter's rating screen (/rate/<n>): a tablet facing the citizen.
 *
 * Idle it shows the counter and the clerk serving there. When the clerk finishes a ticket
 * (a public `ticket_updated`, served, at this counter) it invites that citizen to rate until
 * `invite_seconds` after the finish; the lowest level asks for reasons; then thanks, then
 * idle. A ticket finished during an invitation replaces it. The rating names the ticket by
 * its public id; the server checks it is still the one this counter finished last.
 *
 *   state.js    config, timings, state     screens.js  screens, tap guard, countdown
 *   enrol.js    the rating token (typed once by staff, kept in localStorage)
 */
import { byId } from "../lib/dom.js";
import { post } from "../lib/http.js";
import { connect } from "../lib/live.js";
import { split } from "../lib/messages.js";
import { asksReasons, chosenReasons, drawLevels, drawReasons } from "../lib/rating.js";
import { face } from "../lib/faces.js";
import { now, sync } from "../lib/time.js";
import { checkToken, forgetToken, wireEnrolment } from "./enrol.js";
import { after, countdown, guarded, show, stopCountdown, stopTimers } from "./screens.js";
import { MESSAGE_SECONDS, N, REQUEST_TIMEOUT_MS, SCALE, THANKS_SECONDS, state } from "./state.js";

// ------------------------------------------------------------------ idle
function idle() {
  stopTimers();
  state.invited = null;
  state.level = null;
  show("idle");
  renderIdle();
}

function renderIdle() {
  const counter = state.counter;
  const clerk = counter && counter.shown_as !== "closed" ? counter.clerk : null;
  byId("clerk-name").textContent = clerk || "Quầy chưa có cán bộ";
  byId("clerk-name").classList.toggle("is-empty", !clerk);
  const current = counter && counter.status === "serving" ? counter.current : null;
  byId("clerk-serving").hidden = !current;
  byId("clerk-serving").textContent = current ? `Đang phục vụ số ${current.number}` : "";
}

// ------------------------------------------------------------------ invitation
/** The clerk finished this ticket: invite its rating (replacing any invitation shown). */
function invite(ticket) {
  const total = SCALE.invite_seconds * 1000;
  const deadline = Date.parse(ticket.finished_at) + total;
  if (!(deadline > now())) return;
  stopTimers();
  state.invited = { public_id: ticket.public_id, number: ticket.number, deadline };
  state.level = null;
  byId("invite-number").textContent = ticket.number;
  drawReasons(byId("reasons"), "reason-template", SCALE);
  show("invite");
  countdown(deadline, total, timeUp);
}

/** The invitation ran out: a citizen choosing reasons has chosen a level, which is sent. */
function timeUp() {
  if (state.screen === "reasons" && state.level) send(chosenReasons(byId("reasons")));
  else if (!state.sending) idle();
}

function pick(level) {
  if (state.screen !== "invite" || guarded() || state.sending) return;
  state.level = level;
  if (asksReasons(SCALE, level)) show("reasons");
  else send([]);
}

async function send(reasons) {
  const invited = state.invited;
  const level = state.level;
  if (!invited || !level || state.sending) return;
  state.sending = true;
  stopCountdown();
  document.body.classList.add("is-sending");
  let failure = null;
  try {
    await post("/api/v1/ratings", { counter: N, public_id: invited.public_id, level: level.value, reasons },
               { token: state.token, timeoutMs: REQUEST_TIMEOUT_MS });
  } catch (error) {
    failure = error;
  }
  state.sending = false;
  document.body.classList.remove("is-sending");
  if (state.invited !== invited) return;            // a newer invitation is on screen
  if (!failure) thank(level, false);
  else if (failure.code === "already_rated") thank(null, true);
  else if (failure.status === 401) forgetToken();
  else tell(failure.message);
}

// ------------------------------------------------------------------ thanks, messages
function thank(level, already) {
  stopTimers();
  const holder = byId("thanks-face");
  holder.replaceChildren();
  if (level) holder.append(face(level.face, level.colour));
  byId("thanks-title").textContent = already ? "Lượt này đã được đánh giá. Xin cảm ơn Ông/Bà!"
    : "Cảm ơn Ông/Bà đã đánh giá!";
  byId("thanks-en").textContent = already ? "This visit has been rated already. Thank you!"
    : "Thank you for your feedback!";
  byId("thanks-level").hidden = !level;
  byId("thanks-level").textContent = level ? `Mức đánh giá: ${level.label}` : "";
  show("thanks");
  after(THANKS_SECONDS * 1000, idle);
}

function tell(message) {
  stopTimers();
  const { vi, en } = split(message);
  byId("message-title").textContent = vi;
  byId("message-en").textContent = en;
  show("message");
  after(MESSAGE_SECONDS * 1000, idle);
}

// ------------------------------------------------------------------ live
function setCounter(counter) {
  state.counter = counter;
  if (state.screen === "idle") renderIdle();
}

function onSnapshot(snapshot) {
  sync(snapshot.now);
  const counter = snapshot.counters.find((c) => c.number === N);
  if (counter) setCounter(counter);
  if (state.screen === "loading") idle();
}

function onEvent(name, payload) {
  if (name === "counter_updated" && payload.counter.number === N) setCounter(payload.counter);
  else if (name === "ticket_updated" && payload.ticket.counter === N) ticketNews(payload.ticket);
  else if (name === "ticket_rated" && payload.rating.counter === N) ratedElsewhere(payload.rating);
  else if (name === "day_changed") state.live.resync();
}

function ticketNews(ticket) {
  if (state.screen === "enrol") return;
  const invited = state.invited && ticket.public_id === state.invited.public_id;
  if (ticket.status === "served" && !invited) invite(ticket);
  else if (ticket.status !== "served" && invited && !state.sending) idle();   // the finish was undone
}

/** The invited citizen rated another way (keypad, phone): nothing left to ask. */
function ratedElsewhere(rating) {
  const asking = state.screen === "invite" || state.screen === "reasons";
  if (asking && !state.sending && state.invited && rating.number === state.invited.number) thank(null, true);
}

function onConnection(link) {
  byId("link").dataset.state = link;
  byId("link-text").textContent = link === "online" ? "Trực tuyến" : "Mất kết nối — đang thử lại…";
}

// ------------------------------------------------------------------ start
async function start(token) {
  state.token = token;
  show("loading");
  state.live = connect({ onSnapshot, onEvent, onConnection, token, healthUrl: "/api/v1/health" });
}

drawLevels(byId("levels"), "level-template", SCALE, pick);
byId("reasons-send").addEventListener("click", () => { if (!guarded()) send(chosenReasons(byId("reasons"))); });
byId("reasons-back").addEventListener("click", () => { if (!guarded() && !state.sending) show("invite"); });
wireEnrolment(start);
checkToken(start);

/** For tests and the curious. */
window.LuotRate = { state };
