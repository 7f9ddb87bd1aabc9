/* Screens (loading | enrol | home | priority | result | message) and what may be tapped.
 * A screen ignores taps for ENTER_GUARD_MS after it appears, so the second tap of a double
 * tap cannot land on the next screen's button. */
import { byId } from "../lib/dom.js";
import { ENTER_GUARD_MS, findArea, state } from "./state.js";
import { t } from "./text.js";

export function show(name) {
  state.screen = name;
  document.body.dataset.screen = name;
  state.guardUntil = Date.now() + ENTER_GUARD_MS;
  document.body.classList.add("entering");
  syncButtons();
  setTimeout(() => {
    if (Date.now() < state.guardUntil) return;
    document.body.classList.remove("entering");
    syncButtons();
  }, ENTER_GUARD_MS + 10);
  const screen = document.querySelector(`.screen[data-name="${name}"]`);
  if (screen) screen.scrollTop = 0;
}

export const guarded = () => Date.now() < state.guardUntil;
export const blocked = () => state.inFlight || state.liveDown || state.fetchDown;

/** Enable what may be tapped now: open areas, and nothing while a ticket is being issued. */
export function syncButtons() {
  const guard = guarded();
  const busy = state.inFlight;
  for (const button of document.querySelectorAll(".area")) {
    const area = findArea(button.dataset.area);
    button.disabled = !area || !area.open || guard || busy;
  }
  for (const button of document.querySelectorAll("#screen-priority button")) button.disabled = guard || busy;
  for (const button of document.querySelectorAll("#btn-done, #btn-message-ok")) button.disabled = guard;
  document.body.classList.toggle("busy", busy);
}

// ------------------------------------------------------------------ countdown
const countdown = { end: 0, total: 0, label: null, timer: null, onEnd: null };

/** Count down on a screen's button, then call onEnd. */
export function startCountdown(seconds, label, onEnd) {
  stopCountdown();
  Object.assign(countdown, { total: seconds * 1000, end: Date.now() + seconds * 1000, label, onEnd });
  tickCountdown();
  countdown.timer = setInterval(tickCountdown, 200);
}

function tickCountdown() {
  const left = Math.max(0, countdown.end - Date.now());
  countdown.label.textContent = t("countdown")(Math.ceil(left / 1000));
  byId("countdown-bar").style.transform = `scaleX(${(left / countdown.total).toFixed(3)})`;
  if (left <= 0) countdown.onEnd();
}

export function stopCountdown() {
  clearInterval(countdown.timer);
  countdown.timer = null;
}

