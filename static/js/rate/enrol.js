/* Enrolment: staff type the 8-digit pairing code the manager made for this screen (or the
 * screen's `rating` token itself) once; the browser keeps the token (localStorage) and sends it
 * as a bearer header and as the socket's `auth.token`, never in a URL. A token that is unknown,
 * revoked, or made for another counter sends the screen back here. */
import { byId } from "../lib/dom.js";
import { get, post } from "../lib/http.js";
import { split } from "../lib/messages.js";
import { show } from "./screens.js";
import { N, config, state } from "./state.js";

const TOKEN_KEY = "luot.rating.token";

function stored() {
  try { return localStorage.getItem(TOKEN_KEY); } catch { return null; }
}

function keep(token) {
  try { localStorage.setItem(TOKEN_KEY, token); } catch { /* private mode: this session only */ }
}

function enrolScreen(message) {
  const error = byId("enrol-error");
  error.hidden = !message;
  error.textContent = message ? split(message).vi : "";
  show("enrol");
  byId("enrol-token").focus();
}

/** Whether the token belongs to this counter's rating screen: "" if so, else why not.
 * A server that cannot be reached says nothing against it (the screen waits online). */
async function refusal(token) {
  let me;
  try {
    me = await get("/api/v1/whoami", { token, timeoutMs: 8000 });
  } catch (error) {
    return error.status === 0 ? "" : error.message;
  }
  if (me.role !== "rating" || !me.counters.includes(N)) {
    return `Mã này không dành cho màn hình đánh giá ${config.counter_name} (not this screen's token)`;
  }
  return "";
}

/** On load: start with the kept token, or ask for one. */
export async function checkToken(start) {
  const token = stored();
  if (!token) { enrolScreen(""); return; }
  const why = await refusal(token);
  if (why) { forgetToken(why); return; }
  start(token);
}

/** The token no longer works: forget it and ask staff for a new one. */
export function forgetToken(why = "Mã thiết bị không còn hiệu lực — nhập mã mới (token revoked)") {
  try { localStorage.removeItem(TOKEN_KEY); } catch { /* ignore */ }
  state.token = null;
  if (state.live) { state.live.socket.disconnect(); state.live = null; }
  enrolScreen(why);
}

export function wireEnrolment(start) {
  byId("enrol-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const input = byId("enrol-token");
    let token = input.value.trim();
    if (/^\d{4}[\s-]?\d{4}$/.test(token)) {            // a pairing code: the server gives the token
      try {
        token = (await post("/api/v1/pair", { code: token, role: "rating", counter: N },
                            { timeoutMs: 8000 })).token;
      } catch (error) {
        input.value = "";
        enrolScreen(error.message);
        return;
      }
    }
    const why = await refusal(token);
    if (why) { enrolScreen(why); return; }
    input.value = "";
    keep(token);
    start(token);
  });
}
