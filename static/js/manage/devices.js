/* The devices panel of the overview: printer, announcer, boards, keypads, scanners. */
import { byId, clone, el, fill, say } from "../lib/dom.js";
import { get } from "../lib/http.js";
import { hhmm, minutesSince, minutesText } from "../lib/time.js";
import { renderSummary } from "./overview.js";
import { state } from "./state.js";
import { badge, failed } from "./ui.js";

const KINDS = {      // id prefix -> [vi, en, rank in the list]
  printer: ["Máy in phiếu", "Ticket printer", 0], announcer: ["Loa thông báo", "Announcer", 1],
  board: ["Bảng LED quầy", "Counter board", 2], keypad: ["Bàn phím quầy", "Keypad", 3],
  barcode: ["Máy quét mã quầy", "Scanner", 4], province: ["Kết nối lên tỉnh", "Link to the province", 5],
};
const STATUS = {
  ok: ["Hoạt động", "OK"], offline: ["Mất kết nối", "Offline"], no_paper: ["Hết giấy", "No paper"],
  error: ["Lỗi", "Error"], unknown: ["Chưa rõ", "Unknown"],
};

/** "board-2" -> {vi: "Bảng LED quầy 2", en: "Counter board 2", rank, n}. */
function deviceKind(id) {
  const [, prefix, n] = /^([a-z]+)(?:-(\d+))?$/.exec(id) || [id, id, null];
  const kind = KINDS[prefix];
  if (!kind) return { vi: id, en: "", rank: 9, n: 0 };
  const suffix = n ? ` ${n}` : "";
  return { vi: kind[0] + suffix, en: kind[1] + suffix, rank: kind[2], n: Number(n || 0) };
}

function deviceItem(device) {
  const kind = deviceKind(device.id);
  const since = minutesSince(device.since);
  const item = fill(clone("device-template"), {
    ".device-name": kind.vi,
    ".device-detail": `${device.detail ? `${device.detail} · ` : ""}từ ${hhmm(device.since)}` +
      (since ? ` (${minutesText(since)})` : ""),
  });
  item.dataset.device = device.id;
  item.classList.toggle("is-fault", device.status !== "ok");
  item.querySelector(".device-name").title = kind.en;
  item.querySelector(".device-detail").title = device.detail || "";
  const [vi, en] = STATUS[device.status] || [device.status, ""];
  item.querySelector(".device-status").append(badge(device.status, vi, en));
  return item;
}

export function renderDevices() {
  const ids = Object.keys(state.devices).sort((a, b) => {
    const x = deviceKind(a), y = deviceKind(b);
    return x.rank - y.rank || x.n - y.n || (a < b ? -1 : 1);
  });
  const items = ids.map((id) => deviceItem(state.devices[id]));
  if (!items.length) items.push(say(el("li", "empty"), "Chưa có thiết bị nào báo trạng thái", "No device has reported yet"));
  byId("devices").replaceChildren(...items);
  const faults = ids.filter((id) => state.devices[id].status !== "ok").length;
  byId("devices-note").textContent = !ids.length ? ""
    : faults ? `${faults} / ${ids.length} cần kiểm tra` : "Tất cả hoạt động tốt";
  renderSummary();
}

/** A device reported (live `device_status`). */
export function updateDevice(device) {
  state.devices[device.id] = device;
  renderDevices();
}

export async function loadDevices() {
  try {
    state.devices = Object.fromEntries((await get("/api/v1/devices")).map((d) => [d.id, d]));
    renderDevices();
  } catch (error) {
    failed(error);
  }
}
