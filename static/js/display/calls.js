/* Calls on the hall TV: the "now calling" banner and the recent calls list.
 *
 * The banner never lies: a call shows only while it is current, by the server's rule
 * (hall/calls.py, docs/events.md): its counter's latest state (snapshot, `counter_updated`,
 * and the call itself) still has that ticket, called the same number of times. A queued
 * turn that stops being current is dropped, one on screen gives way at once, and a counter's
 * newer call replaces its older one in the queue, so the banner shows each counter's newest
 * call. The list shows each ticket once: a recall marks the ticket's row ("Gọi lại"); a
 * ticket called anew (e.g. called back elsewhere) moves its row to the top. */
import { byId, clone, el } from "../lib/dom.js";
import { areaName, markCounter, unflashCounters } from "./hall.js";
import { bilingual, HOLD_MS, priorityText } from "./page.js";

const BUSY_HOLD_MS = Math.min(HOLD_MS, 3000);     // when calls pile up, shorter turns
const RECENT_MAX = 8;

const seen = new Set();     // call ids received (a call is never shown twice)
const counters = new Map(); // counter number -> its latest state (the server's)
let recent = [];            // one ticket_called payload per ticket, newest first
let queue = [];             // banner turns to come, oldest first
let showing = null;         // the call in the banner now
let holdTimer = null;
export const shownLog = [];  // banner turns, newest last (read by tests and for debugging)

export const pending = () => queue.length;
export const seenCall = (call) => seen.has(call.call_id);

const ticketKey = (ticket) => (ticket ? ticket.id || ticket.public_id : null);

/** Whether a call is still current, by the counter's latest state (hall/calls.py). */
export function isCurrent(call) {
  const counter = counters.get(call.counter.number);
  if (!counter) return true;
  const current = counter.current;
  if (counter.status === "closed" || !current) return false;
  return ticketKey(current) === ticketKey(call.ticket)
    && current.call_count === call.ticket.call_count
    && (current.status || "called") === "called";
}

/** The server's state of every counter (from the snapshot). */
export function setCounters(list) {
  counters.clear();
  list.forEach((c) => counters.set(c.number, c));
}

/** A counter changed (`counter_updated`): calls it ended leave the banner and the queue. */
export function counterChanged(counter) {
  counters.set(counter.number, counter);
  recheck();
}

/** A ticket changed (`ticket_updated`): finished, missed, transferred… */
export function ticketChanged(ticket) {
  for (const [number, counter] of counters) {
    if (counter.current && ticketKey(counter.current) === ticketKey(ticket)) {
      counters.set(number, { ...counter, current: ticket });
    }
  }
  recheck();
}

/** A new call: list it and give it a turn in the banner. */
export function addCall(call) {
  seen.add(call.call_id);
  const counter = counters.get(call.counter.number) || { number: call.counter.number };
  counters.set(call.counter.number, { ...counter, current: call.ticket, status: "serving" });
  remember(call);
  renderRecent();
  enqueue(call);
  recheck();
}

/** The snapshot's recent calls (newest first); calls missed while away are replayed. */
export function setRecent(calls, replay) {
  calls.forEach((c) => seen.add(c.call_id));
  recent = [];
  calls.slice().reverse().forEach(remember);
  renderRecent();
  replay.forEach(enqueue);
  recheck();
  if (!showing) rest();
  else markCounter(showing.counter.number, true);
  if (!showing && recent.length) markCounter(recent[0].counter.number, false);
}

export function clearQueue() {
  queue = [];
}

/** Keep one row per ticket: a recall marks the row, a new call moves it to the top. */
function remember(call) {
  const key = ticketKey(call.ticket);
  const at = recent.findIndex((c) => ticketKey(c.ticket) === key);
  if (at >= 0 && call.recall && recent[at].counter.number === call.counter.number) {
    recent[at] = call;
    return;
  }
  if (at >= 0) recent.splice(at, 1);
  recent.unshift(call);
  recent.length = Math.min(recent.length, RECENT_MAX);
}

function renderRecent() {
  byId("recent").replaceChildren(...recent.map((call, i) => {
    const row = clone("recent-template");
    row.classList.toggle("is-latest", i === 0);
    row.classList.toggle("is-recall", !!call.recall);
    row.dataset.call = call.call_id;
    row.dataset.ticket = ticketKey(call.ticket);
    row.querySelector(".recent-number").textContent = call.ticket.number;
    row.querySelector(".recent-counter strong").textContent = String(call.counter.number);
    const tags = row.querySelector(".recent-tags");
    if (!call.recall) tags.querySelector(".tag-recall").remove();
    if (!call.ticket.priority) tags.querySelector(".tag-priority").remove();
    return row;
  }));
}

function enqueue(call) {
  // The counter's newest call replaces its older turn (and the ticket's) in the queue.
  queue = queue.filter((q) => q.counter.number !== call.counter.number
                              && ticketKey(q.ticket) !== ticketKey(call.ticket));
  queue.push(call);
  if (!showing) next();
}

/** Drop queued turns that are no longer current; cut the one on screen if it is not. */
function recheck() {
  queue = queue.filter(isCurrent);
  if (showing && !isCurrent(showing)) next();
}

function next() {
  clearTimeout(holdTimer);
  queue = queue.filter(isCurrent);
  showing = queue.shift() || null;
  if (!showing) { rest(); return; }
  paint(showing, true);
  markCounter(showing.counter.number, true);
  shownLog.push({ call_id: showing.call_id, number: showing.ticket.number,
                  counter: showing.counter.number, at: Date.now() });
  if (shownLog.length > 50) shownLog.shift();
  holdTimer = setTimeout(next, queue.length ? BUSY_HOLD_MS : HOLD_MS);
}

function rest() {
  const banner = byId("now");
  banner.classList.remove("is-calling");
  unflashCounters();
  const last = recent.find(isCurrent) || recent[0];   // else the last call, as history
  if (last) { paint(last, false); return; }
  banner.classList.add("is-empty");
  delete banner.dataset.call;
  bilingual(byId("now-label"), "Chưa gọi số nào", "No calls yet");
  byId("now-number").textContent = "—";
  byId("now-counter").textContent = "—";
  if (byId("now-counter-en")) byId("now-counter-en").textContent = "";
  byId("now-tags").replaceChildren();
}

function paint(call, active) {
  const banner = byId("now");
  banner.classList.remove("is-empty", "is-calling", "is-recall");
  void banner.offsetWidth;                    // restart the entrance animation
  if (active) banner.classList.add("is-calling");
  if (call.recall) banner.classList.add("is-recall");
  banner.dataset.call = call.call_id;
  bilingual(byId("now-label"), active ? "Mời công dân có số" : "Số vừa gọi",
            active ? "Now calling" : "Last called");
  byId("now-number").textContent = call.ticket.number;
  byId("now-counter").textContent = `Quầy ${call.counter.number}`;
  if (byId("now-counter-en")) byId("now-counter-en").textContent = `to counter ${call.counter.number}`;
  const tags = [];
  if (call.recall) tags.push(bilingual(el("span", "tag tag-recall"), "Gọi lại", "Recall"));
  if (call.ticket.priority) tags.push(bilingual(el("span", "tag tag-priority"), ...priorityText(call.ticket)));
  tags.push(bilingual(el("span", "tag tag-area"), call.ticket.area_name, areaName(call.ticket.area)[1]));
  byId("now-tags").replaceChildren(...tags);
}
