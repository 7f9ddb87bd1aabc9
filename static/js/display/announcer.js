/* ?audio=1: THIS display plays the announcements (only one per hall, or calls double).
 * Only an enrolled display may: staff type the hall's `display` token once (the form shows
 * with ?audio=1 when the browser has none, or with ?audio=1&enrol=1); the browser keeps it
 * (localStorage) and sends it as the socket's `auth.token`, never in a URL.
 * A display whose token is refused or revoked simply stops playing: the public sees nothing
 * technical (the manager sees the speaker fault in the devices view).
 * Chromium must run with --autoplay-policy=no-user-gesture-required, otherwise play() is
 * refused without a click; the refusal is shown in a corner. */
import { byId } from "../lib/dom.js";
import { post } from "../lib/http.js";
import { AUDIO } from "./page.js";

const TOKEN_KEY = "luot.display.token";
const queue = [];
const played = new Set();
let playing = false;
let isPlayer = false;

function show(text) {
  byId("audio-state").hidden = !text;
  byId("audio-state").textContent = text || "";
}

function next() {
  const item = queue.shift();
  if (!item) { playing = false; return; }
  playing = true;
  const audio = byId("announcer");
  audio.src = item.url;
  audio.play().catch(() => {
    show("Loa bị chặn: cần chạy Chromium với --autoplay-policy=no-user-gesture-required");
    next();
  });
}

/** The display token this browser keeps (only for ?audio=1), or null. */
export function displayToken() {
  if (!AUDIO) return null;
  try { return localStorage.getItem(TOKEN_KEY); } catch { return null; }
}

/** Stop playing at once (refused or revoked): nothing shows on the screen. */
function stop(why) {
  isPlayer = false;
  queue.length = 0;
  playing = false;
  const audio = byId("announcer");
  audio.pause();
  audio.removeAttribute("src");
  show("");
  if (why) console.warn("audio:", why);
}

/** Ask the server to be THE display that plays (the first enrolled one to claim is). */
export function claim(socket) {
  if (!AUDIO || !displayToken()) return;
  socket.emit("claim_audio", {}, (answer) => {
    if (answer && answer.error) { stop(answer.error.message); return; }
    isPlayer = !!(answer && answer.player);
    show(isPlayer ? "" : "Loa đang phát ở màn hình khác · Another display plays the voice");
  });
}

export const audioPlayer = () => isPlayer;

/** An `announcement` event: play it if this display is the player. */
export function announce(item) {
  if (!AUDIO || !isPlayer || !item || !item.url || played.has(item.id)) return;
  played.add(item.id);
  queue.push(item);
  if (!playing) next();
}

function wireEnrolment() {
  const form = byId("audio-enrol");
  const params = new URLSearchParams(location.search);
  if (!AUDIO || (displayToken() && !params.has("enrol"))) return;
  form.hidden = false;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    let token = byId("audio-token").value.trim();
    if (!token) return;
    if (/^\d{4}[\s-]?\d{4}$/.test(token)) {       // a one-time pairing code: the server gives the token
      try {
        token = (await post("/api/v1/pair", { code: token, role: "display" }, { timeoutMs: 8000 })).token;
      } catch (error) {
        byId("audio-token").value = "";
        show(error.message);
        return;
      }
    }
    try { localStorage.setItem(TOKEN_KEY, token); } catch { /* private mode */ }
    params.delete("enrol");
    location.replace(`${location.pathname}?${params.toString()}`);
  });
}

export function wireAnnouncer(socket) {
  const audio = byId("announcer");
  audio.addEventListener("ended", next);
  audio.addEventListener("error", next);
  audio.addEventListener("playing", () => show(""));
  socket.on("audio_refused", (m) => stop(m && m.error && m.error.message));
  socket.on("audio_revoked", () => stop("token revoked"));
  wireEnrolment();
}
