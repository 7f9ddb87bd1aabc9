/* One screen at a time (loading | enrol | idle | invite | reasons | thanks | message), a
 * guard against taps meant for the previous screen, and the invitation's countdown bar. */
import { byId } from "../lib/dom.js";
import { now } from "../lib/time.js";
import { ENTER_GUARD_MS, state } from "./state.js";

export function show(name) {
  state.screen = name;
  state.guardUntil = Date.now() + ENTER_GUARD_MS;
  document.body.dataset.screen = name;
  for (const screen of document.querySelectorAll(".screen")) screen.hidden = screen.dataset.screen !== name;
}

/** Whether a tap now would be one meant for the previous screen. */
export const guarded = () => Date.now() < state.guardUntil;

// ------------------------------------------------------------------ timers
let timer = null;         // the one pending "what next" of the screen shown
let ticker = null;

/** After `ms`, run `then` (replaces any pending one). */
export function after(ms, then) {
  clearTimeout(timer);
  timer = setTimeout(then, ms);
}

/** Show the bar shrinking until `deadline` (server clock, ms), then run `then`. */
export function countdown(deadline, total, then) {
  stopCountdown();
  const bar = byId("countdown-bar");
  const tick = () => {
    const left = Math.max(0, deadline - now());
    bar.style.transform = `scaleX(${(left / total).toFixed(3)})`;
    if (left <= 0) { stopCountdown(); then(); }
  };
  byId("countdown").hidden = false;
  tick();
  ticker = setInterval(tick, 250);
}

export function stopCountdown() {
  clearInterval(ticker);
  ticker = null;
  byId("countdown").hidden = true;
}

/** Cancel every pending timer (a new invitation, going idle). */
export function stopTimers() {
  clearTimeout(timer);
  timer = null;
  stopCountdown();
}
