/* Calls on the hall TV: the "now calling" banner and the recent calls list. Calls go through a
 * queue: each one gets its turn in the banner, none is skipped, recalls included. */
import { byId, clone, el } from "../lib/dom.js";
import { areaName, markCounter, unflashCounters } from "./hall.js";
import { bilingual, HOLD_MS, priorityText } from "./page.js";

const BUSY_HOLD_MS = Math.min(HOLD_MS, 3000);     // when calls pile up, shorter turns
const RECENT_MAX = 8;

const seen = new Set();     // call ids shown (the banner and the list never repeat a call)
let recent = [];            // visible ticket_called payloads, newest first
let queue = [];             // banner turns to come, oldest first
let showing = null;         // the call in the banner now
let holdTimer = null;
export const shownLog = [];  // banner turns, newest last (read by tests and for debugging)

export const pending = () => queue.length;
export const seenCall = (call) => seen.has(call.call_id);

/** A new call: list it and give it a turn in the banner. */
export function addCall(call) {
  seen.add(call.call_id);
  recent.unshift(call);
  recent.length = Math.min(recent.length, RECENT_MAX);
  renderRecent();
  enqueue(call);
}

/** The snapshot's recent calls (newest first); calls missed while away are replayed. */
export function setRecent(calls, replay) {
  calls.forEach((c) => seen.add(c.call_id));
  recent = calls.slice(0, RECENT_MAX);
  renderRecent();
  replay.forEach(enqueue);
  if (!showing) rest();
  else markCounter(showing.counter.number, true);
  if (!showing && recent.length) markCounter(recent[0].counter.number, false);
}

export function clearQueue() {
  queue = [];
}

function renderRecent() {
  byId("recent").replaceChildren(...recent.map((call, i) => {
    const row = clone("recent-template");
    row.classList.toggle("is-latest", i === 0);
    row.classList.toggle("is-recall", !!call.recall);
    row.dataset.call = call.call_id;
    row.querySelector(".recent-number").textContent = call.ticket.number;
    row.querySelector(".recent-counter strong").textContent = String(call.counter.number);
    const tags = row.querySelector(".recent-tags");
    if (!call.recall) tags.querySelector(".tag-recall").remove();
    if (!call.ticket.priority) tags.querySelector(".tag-priority").remove();
    return row;
  }));
}

function enqueue(call) {
  queue.push(call);
  if (!showing) next();
}

function next() {
  clearTimeout(holdTimer);
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
  if (recent.length) { paint(recent[0], false); return; }
  banner.classList.add("is-empty");
  bilingual(byId("now-label"), "Chưa gọi số nào", "No calls yet");
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
