/* Announcements: what the hall heard (listen again), and a test call at a counter (marked
 * "Thử loa" so nobody takes it for a real call). */
import { byId, clone, el, fill, url } from "../lib/dom.js";
import { get, post } from "../lib/http.js";
import { hhmmss } from "../lib/time.js";
import { state } from "./state.js";
import { badge, emptyRow, failed, toast } from "./ui.js";

const STATUS = {      // status -> [badge colour, Vietnamese]
  queued: ["waiting", "Chờ phát"], playing: ["ok", "Đang phát"], played: ["done", "Đã phát"],
  quiet: ["closed", "Không phát tiếng"], failed: ["failed", "Lỗi"], fallback: ["paused", "Phát dự phòng"],
  dropped: ["closed", "Bỏ qua — lượt gọi đã qua"],
};
const STATUS_EN = { dropped: "skipped — call no longer current" };

function play(item, button) {
  const player = byId("player");
  player.src = url(`/api/v1/announcements/${encodeURIComponent(item.id)}.wav`);
  player.play().catch(() => toast("Không phát được âm thanh (cannot play)", true));
  button.blur();
}

function announcementRow(item) {
  const row = fill(clone("announcement-template"), { ".at": hhmmss(item.at), ".text": item.text });
  const [kind, vi] = STATUS[item.status] || ["unknown", item.status];
  row.querySelector(".status-cell").append(badge(kind, vi, STATUS_EN[item.status] || item.status));
  if (item.test) {
    row.classList.add("is-test");
    row.querySelector(".text").prepend(badge("paused", "Thử loa", "Speaker test"), " ");
  }
  const button = row.querySelector("button");
  button.addEventListener("click", () => play(item, button));
  return row;
}

export async function loadAnnouncements() {
  let items;
  try { items = await get("/api/v1/announcements"); } catch (error) { failed(error); return; }
  const body = byId("announcements");
  body.replaceChildren(...items.map(announcementRow));
  if (!items.length) emptyRow(body, 4, "Chưa có thông báo nào", "No announcement yet");
}

let reloadTimer = null;
/** A call or an announcement happened: reload the list shortly after. */
export function announcementsChanged() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(loadAnnouncements, 700);
}

async function testAnnouncement(e) {
  e.preventDefault();
  const counter = Number(byId("test-counter").value);
  try {
    await post("/api/v1/announcements/test", { counter });
    toast(`Đang phát thử tại quầy ${counter} (test queued)`);
    setTimeout(loadAnnouncements, 800);
  } catch (error) {
    failed(error);
  }
}

/** The test form's list of counters, from the live state. */
export function fillCounterSelect() {
  const select = byId("test-counter");
  const chosen = select.value;
  select.replaceChildren(...state.counterOrder.map((n) => {
    const option = el("option", null, state.counters[n].name);
    option.value = n;
    return option;
  }));
  if (chosen) select.value = chosen;
}

export function wireAnnouncements() {
  byId("test-form").addEventListener("submit", testAnnouncement);
}
