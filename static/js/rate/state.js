/* The rating screen's page config (counter/rating_web.py), timings and what it knows now. */
import { pageConfig } from "../lib/dom.js";

export const config = pageConfig("rate-config");
export const N = config.counter;
export const SCALE = config.scale;            // RatingScale.public(): levels, reasons, …

export const THANKS_SECONDS = 5;               // the thank-you, then back to idle
export const MESSAGE_SECONDS = 6;              // a refusal or a failure, then back to idle
export const ENTER_GUARD_MS = 500;             // taps ignored just after a screen appears
export const REQUEST_TIMEOUT_MS = 8000;

export const state = {
  token: null,        // the rating token (localStorage)
  screen: "loading",
  counter: null,      // the counter as the live state last told (public view)
  invited: null,      // {public_id, number, deadline}: the citizen invited to rate now
  level: null,        // the level tapped (the reasons step keeps it)
  sending: false,
  guardUntil: 0,
  live: null,
};
