/* The console's page config (from counter/web.py) and what it knows of the counter now. */
import { pageConfig } from "../lib/dom.js";
import { now } from "../lib/time.js";

export const config = pageConfig("console-config");
export const N = config.counter;
export const BASE = `/api/v1/counters/${N}`;
export const COMMANDS = Object.fromEntries(config.commands.map((c) => [c.name, c]));
export const AREA_NAMES = Object.fromEntries(config.areas.map((a) => [a.id, a.name]));
export const MINE = new Set(config.counter_areas);

export const state = {
  seated: false,         // this page holds the counter
  busy: false,           // a request is in flight
  staleAfterBusy: false, // counter news arrived while busy (re-read afterwards)
  sent: 0,               // actions sent so far (orders re-reads against actions)
  counter: null,         // the counter as the server last said (with its `actions`)
  areas: {},             // area id -> {waiting, oldest_waiting_at}
  missed: [],            // no-shows within the call-back window
  firstCalled: {},       // ticket id -> first call time seen (recalls move called_at)
  lastPress: { key: null, at: 0 },
  live: null,
};

/** Whether the counter can run this command now: the server's `actions`, and nothing in flight
 * (an undo also only until the server's `undo_until`). */
export function allowed(name) {
  const counter = state.counter;
  if (name === "undo" && undoLeftMs() <= 0) return false;
  return state.seated && !state.busy && !!counter && counter.actions.includes(name);
}

/** How long the last done, no-show or transfer can still be undone (server clock), in ms. */
export function undoLeftMs() {
  const until = state.counter && state.counter.actions.includes("undo") && state.counter.undo_until;
  return until ? Date.parse(until) - now() : 0;
}

const timers = {};
/** Run fn once after a short delay, however often it is asked for meanwhile. */
export function later(name, fn, delay = 250) {
  clearTimeout(timers[name]);
  timers[name] = setTimeout(fn, delay);
}
