/* ?audio=1: THIS display plays the announcements (only one per hall, or calls double).
 * Chromium must run with --autoplay-policy=no-user-gesture-required, otherwise play() is
 * refused without a click; the refusal is shown in a corner. */
import { byId } from "../lib/dom.js";
import { AUDIO } from "./page.js";

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

/** Ask the server to be THE display that plays (the first to claim is). */
export function claim(socket) {
  if (!AUDIO) return;
  socket.emit("claim_audio", {}, (answer) => {
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

export function wireAnnouncer() {
  const audio = byId("announcer");
  audio.addEventListener("ended", next);
  audio.addEventListener("error", next);
  audio.addEventListener("playing", () => show(""));
}
