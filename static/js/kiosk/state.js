/* The kiosk's timings and what it knows now. */
import { pageConfig } from "../lib/dom.js";

const config = pageConfig("kiosk-config");      // from the hall file's [kiosk] table
export const RESULT_SECONDS = config.result_seconds;
export const RESULT_SECONDS_PRINTER_DOWN = config.result_seconds_printer_down;  // time to note the number
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
