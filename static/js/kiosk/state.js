/* The kiosk's timings and what it knows now. */

export const RESULT_SECONDS = 10;
export const RESULT_SECONDS_PRINTER_DOWN = 20;   // more time to memorise the number
export const MESSAGE_SECONDS = 8;
export const PRIORITY_IDLE_SECONDS = 45;
export const ENGLISH_IDLE_SECONDS = 60;
export const ENTER_GUARD_MS = 400;
export const REQUEST_TIMEOUT_MS = 10000;
export const HEALTH_POLL_MS = 2000;
export const AREAS_POLL_MS = 30000;

export const state = {
  lang: "vi", token: null, hall: null, areas: [], priorities: [], area: null, ticket: null,
  message: null, screen: "loading", guardUntil: 0, inFlight: false, liveDown: false,
  fetchDown: false, printer: { status: "unknown" }, businessDate: null, lastTouch: Date.now(),
  live: null,
};

export function findArea(id) {
  return state.areas.find((area) => area.id === id) || null;
}
