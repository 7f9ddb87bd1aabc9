/* The console's activity line: what just happened, or what went wrong. */
import { byId } from "../lib/dom.js";
import { split } from "../lib/messages.js";
import { hhmm, now } from "../lib/time.js";

/** Show a server-style "Vietnamese (English)" text; kind: done | info | error. */
export function showMessage(text, kind = "error") {
  const { vi, en } = split(text);
  byId("message-time").textContent = hhmm(now());
  byId("message-text").textContent = vi;
  byId("message-en").textContent = en;
  byId("message").className = `message is-${kind}`;
  byId("message").hidden = false;
}

export function clearMessage() {
  byId("message").hidden = true;
}
