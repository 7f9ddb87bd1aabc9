/* The console's activity line: what just happened, or what went wrong. */
import { byId } from "../lib/dom.js";
import { pair } from "../lib/i18n.js";
import { halves } from "../lib/messages.js";
import { hhmm, now } from "../lib/time.js";

/** Show a server-style "Vietnamese (English)" text; kind: done | info | error. */
export function showMessage(text, kind = "error") {
  const { vi, en } = halves(text);
  byId("message-time").textContent = hhmm(now());
  pair(byId("message-text"), vi, en);
  byId("message").className = `message is-${kind}`;
  byId("message").hidden = false;
}

export function clearMessage() {
  byId("message").hidden = true;
}
